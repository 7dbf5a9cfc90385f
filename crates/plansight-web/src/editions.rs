//! What the page shows of several plans: the plans table (one row per plan,
//! sortable, the one shown marked) and, for two editions, what changed (the
//! core's `engine::compare`, through `write::compare`'s rows): the headline,
//! the bridge chart's input, the projects added, dropped and changed, the
//! matches worth a look with the reader's corrections, targets and promises.

use crate::plans::Plans;
use crate::state::ViewState;
use crate::view::{Choice, Figure};
use crate::Loaded;
use plansight_charts::bridge::BridgeInput;
use plansight_charts::{num, Lang};
use plansight_core::engine::compare::{MatchedBy, TargetChange};
use plansight_core::model::{Comparator, Indicator};
use plansight_core::write::compare::{rows, signed, ChangeRow};
use plansight_core::{IndicatorKind, Money};
use serde::Serialize;

/// One open plan, as the plans table shows it.
#[derive(Serialize)]
pub struct PlanRow {
    /// Its place among the open plans (for `show_plan`, `set_compare`).
    pub index: usize,
    pub name: String,
    pub title: String,
    pub window: String,
    pub projects: usize,
    /// 亿元, exact.
    pub total: String,
    pub tasks: usize,
    pub units: usize,
    pub targets: usize,
    pub shown: bool,
}

/// The plans table's columns: key, 中文, English, numeric.
pub const PLAN_COLUMNS: [(&str, &str, &str, bool); 8] = [
    ("title", "规划", "Plan", false),
    ("name", "文件", "File", false),
    ("window", "规划期", "Window", false),
    ("projects", "项目", "Projects", true),
    ("total", "总投资（亿元）", "Investment (亿元)", true),
    ("tasks", "任务", "Tasks", true),
    ("units", "责任单位", "Units", true),
    ("targets", "目标", "Targets", true),
];

fn plan_row(index: usize, l: &Loaded, shown: bool) -> PlanRow {
    let total: Money = l.rows.projects.iter().filter_map(|p| p.investment).sum();
    let summary = plansight_core::engine::analysis::summary(&l.rows, &Default::default(), l.plan.window);
    PlanRow {
        index,
        name: l.name.clone(),
        title: l.plan.title.clone().unwrap_or_else(|| l.name.clone()),
        window: l.plan.window.map(|(a, b)| format!("{a}–{b}")).unwrap_or_default(),
        projects: l.rows.projects.len(),
        total: total.yi_text(),
        tasks: l.rows.tasks.len(),
        units: summary.units,
        targets: l.rows.indicators.iter().filter(|i| i.kind == IndicatorKind::Target).count(),
        shown,
    }
}

/// The plans table, in the view's order (none with one plan open).
pub fn plans_table(plans: &Plans, view: &ViewState) -> Vec<PlanRow> {
    if plans.all.len() < 2 {
        return Vec::new();
    }
    let shown = plans.shown_index(view);
    let mut out: Vec<PlanRow> = plans.all.iter().enumerate().map(|(i, l)| plan_row(i, l, i == shown)).collect();
    if let Some(sort) = &view.plans_sort {
        let number = |r: &PlanRow| -> f64 {
            match sort.key.as_str() {
                "projects" => r.projects as f64,
                "total" => r.total.parse().unwrap_or(0.0),
                "tasks" => r.tasks as f64,
                "units" => r.units as f64,
                _ => r.targets as f64,
            }
        };
        let text = |r: &PlanRow| match sort.key.as_str() {
            "name" => r.name.clone(),
            "window" => r.window.clone(),
            _ => r.title.clone(),
        };
        let numeric = PLAN_COLUMNS.iter().any(|c| c.0 == sort.key && c.3);
        out.sort_unstable_by(|x, y| {
            let order = if numeric { number(x).total_cmp(&number(y)) } else { text(x).cmp(&text(y)) };
            if sort.desc {
                order.reverse()
            } else {
                order
            }
        });
    }
    out
}

/// Two editions compared, as the page shows them.
#[derive(Serialize)]
pub struct CompareView {
    pub a: usize,
    pub b: usize,
    pub a_name: String,
    pub b_name: String,
    /// The open plans, for the A and B selectors.
    pub choices: Vec<Choice>,
    pub headline: Vec<Figure>,
    /// Projects added, dropped and changed (the kept ones are counted in the headline).
    pub changes: Vec<ChangeView>,
    /// Matched pairs worth a look (rewritten or similar names, or made by hand), for correcting.
    pub matches: Vec<ChangeView>,
    /// Projects of A and of B matched by nothing, to match by hand.
    pub unmatched_a: Vec<Choice>,
    pub unmatched_b: Vec<Choice>,
    pub corrections: usize,
    pub targets: Vec<TargetView>,
    pub promises: Vec<PromiseView>,
    /// Tasks kept, added and dropped, in words.
    pub tasks: String,
    /// The bridge chart as the page's charts are described: its title, its
    /// data in words (ARIA) and its numbers (the fallback under it).
    pub bridge_title: &'static str,
    pub bridge_description: String,
    pub bridge: plansight_charts::ChartTable,
}

/// A project's change as the page shows it: the row (`write::compare`) with
/// the change and how it was matched in the reader's language.
#[derive(Serialize)]
pub struct ChangeView {
    #[serde(flatten)]
    pub row: ChangeRow,
    /// 新增, 移出, 调整投资、调整工期 …
    pub label: String,
    /// How it was matched, in words, with its confidence.
    pub matched: String,
    /// Made by hand (undo offered), or automatic (keep apart offered).
    pub by_hand: bool,
}

#[derive(Serialize)]
pub struct TargetView {
    pub metric: String,
    pub a: String,
    pub b: String,
    pub change: &'static str,
    pub label: &'static str,
}

#[derive(Serialize)]
pub struct PromiseView {
    pub metric: String,
    pub target: String,
    pub baseline: String,
    pub kept: bool,
    pub label: &'static str,
}

fn label(l: &Loaded) -> String {
    l.plan.title.clone().unwrap_or_else(|| l.name.clone())
}

fn change_view(r: &ChangeRow, lang: Lang) -> ChangeView {
    let p = |zh, en| lang.pick(zh, en).to_string();
    let label = match r.change {
        "added" => p("新增", "added"),
        "dropped" => p("移出", "dropped"),
        "kept" => p("未变", "unchanged"),
        _ => r
            .what
            .iter()
            .map(|w| match *w {
                "amount" => p("调整投资", "re-budgeted"),
                "period" => p("调整工期", "re-scheduled"),
                _ => p("调整类型", "re-typed"),
            })
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
    };
    let matched = match (r.matched_by, r.confidence) {
        (Some(MatchedBy::Name), _) => p("同名", "same name"),
        (Some(MatchedBy::Normalised), _) => p("改写名", "rewritten name"),
        (Some(MatchedBy::Similar), Some(c)) => format!("{} {:.0}%", lang.pick("近似名", "similar name"), c * 100.0),
        (Some(MatchedBy::Hand), _) => p("手工匹配", "matched by hand"),
        _ => String::new(),
    };
    ChangeView { label, matched, by_hand: r.matched_by == Some(MatchedBy::Hand), row: r.clone() }
}

/// The bridge chart's input for the editions the view compares.
pub fn bridge_input(plans: &Plans, view: &ViewState) -> Option<BridgeInput> {
    let (a, b) = plans.compared(view)?;
    let c = plans.comparison((a, b), view);
    let (pa, pb) = (&plans.all[a].rows.projects, &plans.all[b].rows.projects);
    Some(BridgeInput {
        bridge: c.bridge,
        a: label(&plans.all[a]),
        b: label(&plans.all[b]),
        counts: c.step_counts(pa, pb),
    })
}

/// A figure as people write it: "≥5000 个", "45 %" (no sign for a plain value).
fn figure(x: &Indicator) -> String {
    let sign = if x.comparator == Comparator::Eq { "" } else { x.comparator.symbol() };
    format!("{sign}{} {}", num(x.value), x.unit)
}

/// The comparison the view asks for (`cmp=`), when both editions are open.
pub fn compare_view(plans: &Plans, view: &ViewState) -> Option<CompareView> {
    let (a, b) = plans.compared(view)?;
    let lang = view.lang;
    let p = |zh, en| lang.pick(zh, en);
    let c = plans.comparison((a, b), view);
    let (la, lb) = (&plans.all[a], &plans.all[b]);
    let all = rows(&c, &la.rows.projects, &lb.rows.projects);
    let br = c.bridge;
    let count = |change: &str| all.iter().filter(|r| r.change == change).count();
    let with = |what: &str| all.iter().filter(|r| r.what.contains(&what)).count();
    let yi = |m: Money| m.yi_text();
    let headline = vec![
        Figure { label: p("A 总投资", "A's total"), value: yi(br.a_total), unit: "亿元", note: label(la) },
        Figure { label: p("B 总投资", "B's total"), value: yi(br.b_total), unit: "亿元", note: label(lb) },
        Figure {
            label: p("变化", "Change"),
            value: signed(br.b_total.minus(br.a_total)),
            unit: "亿元",
            note: format!("{} {}", count("kept") + count("changed"), p("个项目两版都有", "projects in both")),
        },
        Figure {
            label: p("新增项目", "Added"),
            value: count("added").to_string(),
            unit: p("个", ""),
            note: format!("+{} 亿元", yi(br.added)),
        },
        Figure {
            label: p("移出项目", "Dropped"),
            value: count("dropped").to_string(),
            unit: p("个", ""),
            note: format!("-{} 亿元", yi(br.dropped)),
        },
        Figure {
            label: p("调整投资", "Re-budgeted"),
            value: with("amount").to_string(),
            unit: p("个", ""),
            note: format!("+{} / -{} 亿元", yi(br.raised), yi(br.cut)),
        },
        Figure {
            label: p("调整工期", "Re-scheduled"),
            value: with("period").to_string(),
            unit: p("个", ""),
            note: String::new(),
        },
        Figure {
            label: p("调整类型", "Re-typed"),
            value: with("type").to_string(),
            unit: p("个", ""),
            note: String::new(),
        },
    ];
    // Changed first, then added, then dropped.
    let changes: Vec<ChangeView> = ["changed", "added", "dropped"]
        .iter()
        .flat_map(|&kind| all.iter().filter(move |r| r.change == kind))
        .map(|r| change_view(r, lang))
        .collect();
    let matches = all
        .iter()
        .filter(|r| matches!(r.matched_by, Some(MatchedBy::Similar | MatchedBy::Normalised | MatchedBy::Hand)))
        .map(|r| change_view(r, lang))
        .collect();
    let free = |rows: &[usize], projects: &[plansight_core::Project]| {
        rows.iter()
            .map(|&i| Choice {
                value: (i + 1).to_string(),
                label: format!("#{} {}", i + 1, projects[i].name),
                selected: false,
            })
            .collect()
    };
    let change_label = |ch: TargetChange| match ch {
        TargetChange::Raised => ("raised", p("提高", "raised")),
        TargetChange::Lowered => ("lowered", p("降低", "lowered")),
        TargetChange::Same => ("same", p("不变", "unchanged")),
        TargetChange::Restated => ("restated", p("单位改变", "unit changed")),
        TargetChange::Dropped => ("dropped", p("删除", "dropped")),
        TargetChange::New => ("new", p("新增", "new")),
    };
    let side = |i: Option<usize>, l: &Loaded| i.map(|i| figure(&l.rows.indicators[i])).unwrap_or_default();
    let targets = c
        .targets
        .iter()
        .map(|t| {
            let (change, label) = change_label(t.change);
            TargetView { metric: t.metric.clone(), a: side(t.a, la), b: side(t.b, lb), change, label }
        })
        .collect();
    let promises = c
        .promises
        .iter()
        .map(|x| PromiseView {
            metric: x.metric.clone(),
            target: figure(&la.rows.indicators[x.target]),
            baseline: figure(&lb.rows.indicators[x.baseline]),
            kept: x.kept,
            label: if x.kept { p("已达到", "kept") } else { p("未达到", "not reached") },
        })
        .collect();
    let tasks = match lang {
        Lang::Zh => format!(
            "任务：{} 项两版都有，新增 {} 项，移出 {} 项",
            c.tasks_kept,
            c.tasks_added.len(),
            c.tasks_dropped.len()
        ),
        Lang::En => {
            format!("Tasks: {} in both, {} added, {} dropped", c.tasks_kept, c.tasks_added.len(), c.tasks_dropped.len())
        }
    };
    let input = bridge_input(plans, view)?;
    let (bridge_title, bridge) = (plansight_charts::bridge::title(lang), plansight_charts::bridge::table(&input, lang));
    Some(CompareView {
        a,
        b,
        a_name: la.name.clone(),
        b_name: lb.name.clone(),
        choices: plans
            .all
            .iter()
            .enumerate()
            .map(|(i, l)| Choice { value: i.to_string(), label: label(l), selected: false })
            .collect(),
        headline,
        changes,
        matches,
        unmatched_a: free(&c.dropped, &la.rows.projects),
        unmatched_b: free(&c.added, &lb.rows.projects),
        corrections: view.matched.len() + view.unmatched.len(),
        targets,
        promises,
        tasks,
        bridge_description: bridge.describe(bridge_title, lang),
        bridge_title,
        bridge,
    })
}
