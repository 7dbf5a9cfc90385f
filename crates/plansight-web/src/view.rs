//! The view model: everything the page shows outside the canvases, already
//! filtered, sorted, formatted and translated, so the JS only places it.

use crate::state::{Sort, ViewState, TABLES};
use crate::ui;
use plansight_charts::i18n::{self, action};
use plansight_charts::{num, table, title, ChartId, ChartTable, Inputs, Lang};
use plansight_core::analysis::{self, Filter, Rows};
use plansight_core::{BuilderKind, IndicatorKind, Money, Plan};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct ViewModel {
    pub lang: &'static str,
    /// The one chart an embed shows (`#embed=CHART`), if any.
    pub embed: Option<&'static str>,
    /// The document the view names (`#src=URL`), for the page to fetch.
    pub src: Option<String>,
    pub dark: bool,
    pub hash: String,
    pub title: String,
    pub source: String,
    pub headline: Vec<Figure>,
    pub chips: Vec<Chip>,
    pub actions: Vec<Choice>,
    pub builder_kinds: Vec<Choice>,
    pub units: Vec<Choice>,
    pub years: YearRange,
    pub search: String,
    pub charts: Vec<ChartView>,
    pub tables: Vec<TableView>,
    pub notes: Vec<NoteView>,
    /// What each table of the document was read as (the load report).
    pub read: Vec<ReadTable>,
    /// The column roles a reader can assign in the column dialog.
    pub roles: Vec<Choice>,
    pub ui: BTreeMap<&'static str, &'static str>,
}

/// A parser warning or cross-check, in the interface's language.
#[derive(Serialize)]
pub struct NoteView {
    pub line: u32,
    pub kind: &'static str,
    pub message: String,
}

/// One table of the document and the role each of its columns was given.
#[derive(Serialize)]
pub struct ReadTable {
    pub line: u32,
    /// "projects", "tasks" or "other".
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub records: usize,
    pub columns: Vec<ReadColumn>,
}

#[derive(Serialize)]
pub struct ReadColumn {
    pub header: String,
    /// The role's id ("" when the header was not understood).
    pub role: String,
    pub role_label: String,
    /// The column dialog's option for this column (one of `ViewModel::roles`).
    pub choice: &'static str,
}

#[derive(Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
    pub unit: &'static str,
    pub note: String,
}

/// An active filter, shown as a removable chip.
#[derive(Serialize)]
pub struct Chip {
    pub kind: &'static str,
    pub value: String,
    pub label: String,
}

/// A button or option of a filter control.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Serialize)]
pub struct YearRange {
    pub min: i32,
    pub max: i32,
    pub from: i32,
    pub to: i32,
}

#[derive(Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: &'static str,
    pub description: String,
    pub data: ChartTable,
}

#[derive(Serialize)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub numeric: bool,
    /// "asc", "desc" or "" when the table is not sorted by this column.
    pub sorted: &'static str,
}

#[derive(Serialize)]
pub struct RowView {
    pub line: u32,
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct TableView {
    pub id: &'static str,
    pub title: &'static str,
    pub columns: Vec<Column>,
    /// The first rows the filter keeps (as many as the view's limit).
    pub rows: Vec<RowView>,
    /// Rows the filter keeps, to offer the rest.
    pub matched: usize,
    /// Rows in the whole plan, to say "9 of 33".
    pub total: usize,
}

fn of_total(lang: Lang, shown: usize, total: usize) -> String {
    if shown == total {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("共 {total} 个中的 {shown} 个"),
            Lang::En => format!("{shown} of {total}"),
        }
    }
}

pub fn build(plan: &Plan, rows: &Rows, view: &ViewState, source: &str) -> ViewModel {
    let lang = view.lang;
    let f = &view.filter;
    let p = |zh, en| lang.pick(zh, en);
    let s = analysis::summary(rows, f, plan.window);
    let all = analysis::summary(rows, &Filter::default(), plan.window);
    let window = plan.window.map_or("—".to_string(), |(a, b)| format!("{a}–{b}"));
    let headline = vec![
        Figure {
            label: p("重点项目", "Key projects"),
            value: s.projects.to_string(),
            unit: p("个", ""),
            note: of_total(lang, s.projects, all.projects),
        },
        Figure {
            label: p("计划总投资", "Planned investment"),
            value: num(s.total_investment),
            unit: "亿元",
            note: if s.investment_missing > 0 {
                match lang {
                    Lang::Zh => format!("{} 个项目未列投资", s.investment_missing),
                    Lang::En => format!("{} projects without an amount", s.investment_missing),
                }
            } else {
                of_total(lang, s.projects, all.projects)
            },
        },
        Figure {
            label: p("重点任务", "Key tasks"),
            value: s.tasks.to_string(),
            unit: p("项", ""),
            note: of_total(lang, s.tasks, all.tasks),
        },
        Figure {
            label: p("责任单位", "Responsible units"),
            value: s.units.to_string(),
            unit: p("个", ""),
            note: String::new(),
        },
        Figure {
            label: p("量化目标", "Quantified targets"),
            value: s.targets.to_string(),
            unit: p("项", ""),
            note: format!("{} {}", s.baselines, p("项基数", "baselines")),
        },
        Figure { label: p("规划期", "Plan window"), value: window, unit: "", note: String::new() },
    ];
    let input = Inputs { rows, filter: f, window: plan.window, tables: &plan.tables };
    let charts = ChartId::ALL
        .into_iter()
        .map(|c| {
            let data = table(c, &input, lang);
            ChartView { id: c.id(), title: title(c, lang), description: data.describe(title(c, lang), lang), data }
        })
        .collect();
    let (min, max) = year_bounds(rows, plan.window);
    let (from, to) = f.years.unwrap_or((min, max));
    ViewModel {
        lang: lang.id(),
        dark: view.dark,
        hash: view.to_hash(),
        embed: view.embed.map(ChartId::id),
        src: view.src.clone(),
        title: plan.title.clone().unwrap_or_else(|| source.to_string()),
        source: source.to_string(),
        headline,
        chips: chips(view),
        actions: rows
            .types()
            .into_iter()
            .map(|t| Choice { label: action(lang, &t), selected: f.selects_action(&t), value: t })
            .collect(),
        builder_kinds: BuilderKind::ALL
            .into_iter()
            .filter(|k| rows.projects.iter().any(|p| p.builder_kind == *k))
            .map(|k| Choice {
                value: k.id().into(),
                label: i18n::builder_kind(lang, k).into(),
                selected: f.builder_kinds.contains(&k),
            })
            .collect(),
        units: analysis::unit_workload(rows, &Filter::default())
            .into_iter()
            .map(|w| Choice {
                selected: f.units.contains(&w.unit),
                label: format!("{} ({})", w.unit, w.tasks),
                value: w.unit,
            })
            .collect(),
        years: YearRange { min, max, from, to },
        search: f.search.clone(),
        charts,
        tables: tables(rows, view),
        notes: analysis::checks(rows, &plan.warnings, plan.window)
            .into_iter()
            .map(|n| NoteView { line: n.line, kind: n.kind, message: n.message(lang) })
            .collect(),
        read: plan
            .tables
            .iter()
            .map(|t| ReadTable {
                line: t.line,
                kind: t.kind.clone(),
                kind_label: plansight_core::message::table_kind(lang, &t.kind),
                title: t.title.clone().unwrap_or_default(),
                records: t.rows,
                columns: t
                    .columns
                    .iter()
                    .map(|c| {
                        let role = c.role.clone().unwrap_or_default();
                        let choice = ui::role_choice(&role);
                        ReadColumn { header: c.header.clone(), role_label: ui::role_label(lang, &role), role, choice }
                    })
                    .collect(),
            })
            .collect(),
        roles: ui::ROLE_CHOICES
            .iter()
            .map(|id| Choice { value: id.to_string(), label: ui::role_label(lang, id), selected: false })
            .collect(),
        ui: ui::texts(lang),
    }
}

/// First and last year of any project's period; without projects, the plan
/// window, else the years the targets name (a prose-only plan), else none (the
/// year selector is then empty: min > max).
pub fn year_bounds(rows: &Rows, window: Option<(i32, i32)>) -> (i32, i32) {
    let starts = rows.projects.iter().filter_map(|p| p.start_year);
    let ends = rows.projects.iter().filter_map(|p| p.end_year.or(p.start_year));
    let stated = || rows.indicators.iter().filter_map(|i| i.year);
    match (starts.min(), ends.max()) {
        (Some(a), Some(b)) => (a, b.max(a)),
        _ => window.or_else(|| Some((stated().min()?, stated().max()?))).unwrap_or((1, 0)),
    }
}

fn chips(view: &ViewState) -> Vec<Chip> {
    let lang = view.lang;
    let f = &view.filter;
    let mut out: Vec<Chip> =
        f.types.iter().map(|t| Chip { kind: "action", value: t.clone(), label: action(lang, t) }).collect();
    out.extend(f.units.iter().map(|u| Chip { kind: "unit", value: u.clone(), label: u.clone() }));
    out.extend(f.builder_kinds.iter().map(|k| Chip {
        kind: "builder",
        value: k.id().into(),
        label: i18n::builder_kind(lang, *k).into(),
    }));
    if let Some((a, b)) = f.years {
        out.push(Chip { kind: "years", value: String::new(), label: format!("{a}–{b}") });
    }
    if !f.search.trim().is_empty() {
        out.push(Chip { kind: "search", value: String::new(), label: format!("“{}”", f.search.trim()) });
    }
    out
}

/// A cell's sort key: numbers compare as numbers, text as text.
#[derive(PartialEq, PartialOrd)]
enum Key {
    Num(f64),
    Text(String),
}

fn sort_rows(rows: &mut [(Vec<Key>, RowView)], columns: &[Column], sort: &Option<Sort>) {
    let Some(sort) = sort else { return };
    let Some(i) = columns.iter().position(|c| c.key == sort.key) else { return };
    rows.sort_by(|a, b| {
        let o = a.0[i].partial_cmp(&b.0[i]).unwrap_or(std::cmp::Ordering::Equal);
        if sort.desc {
            o.reverse()
        } else {
            o
        }
    });
}

fn columns(specs: &[(&'static str, &'static str, &'static str, bool)], lang: Lang, sort: &Option<Sort>) -> Vec<Column> {
    specs
        .iter()
        .map(|(key, zh, en, numeric)| Column {
            key,
            label: lang.pick(zh, en),
            numeric: *numeric,
            sorted: match sort {
                Some(s) if s.key == *key => {
                    if s.desc {
                        "desc"
                    } else {
                        "asc"
                    }
                }
                _ => "",
            },
        })
        .collect()
}

fn finish(
    id: &'static str,
    view: &ViewState,
    columns: Vec<Column>,
    mut rows: Vec<(Vec<Key>, RowView)>,
    total: usize,
) -> TableView {
    let i = TABLES.iter().position(|t| *t == id).unwrap_or(0);
    sort_rows(&mut rows, &columns, &view.sorts[i]);
    let matched = rows.len();
    let rows = rows.into_iter().take(view.row_limits[i]).map(|(_, r)| r).collect();
    TableView { id, title: ui::text(view.lang, id), columns, rows, matched, total }
}

fn opt_num(v: Option<f64>) -> Key {
    Key::Num(v.unwrap_or(f64::NEG_INFINITY))
}

fn tables(rows: &Rows, view: &ViewState) -> Vec<TableView> {
    vec![project_table(rows, view), task_table(rows, view), indicator_table(rows, view)]
}

fn project_table(rows: &Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let ps = &view.sorts[TABLES.iter().position(|t| *t == "projects").unwrap_or(0)];
    let cols = columns(
        &[
            ("no", "序号", "No.", true),
            ("type", "类型", "Type", false),
            ("name", "项目名称", "Project", false),
            ("investment", "计划总投资（亿元）", "Investment (亿元)", true),
            ("period", "建设期限", "Period", false),
            ("builder", "建设单位", "Builder", false),
            ("builder_kind", "单位类别", "Builder kind", false),
            ("line", "原文行", "Line", true),
        ],
        lang,
        ps,
    );
    let project_rows = rows
        .projects(f)
        .map(|p| {
            let kind = i18n::builder_kind(lang, p.builder_kind).to_string();
            let keys = vec![
                Key::Num(p.no as f64),
                Key::Text(p.kind.clone()),
                Key::Text(p.name.clone()),
                opt_num(p.investment.map(Money::yi)),
                Key::Num(p.start_year.unwrap_or(0) as f64 * 10000.0 + p.end_year.unwrap_or(0) as f64),
                Key::Text(p.builder.clone()),
                Key::Text(kind.clone()),
                Key::Num(p.line as f64),
            ];
            let cells = vec![
                p.no.to_string(),
                action(lang, &p.kind),
                p.name.clone(),
                p.investment.map(Money::yi_text).unwrap_or_default(),
                p.period_text(),
                p.builder.clone(),
                kind,
                p.line.to_string(),
            ];
            (keys, RowView { line: p.line, cells })
        })
        .collect();
    finish("projects", view, cols, project_rows, rows.projects.len())
}

fn task_table(rows: &Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let ts = &view.sorts[TABLES.iter().position(|t| *t == "tasks").unwrap_or(0)];
    let cols = columns(
        &[
            ("no", "序号", "No.", true),
            ("area", "行动领域", "Action area", false),
            ("work", "重点工作", "Work", false),
            ("units", "责任单位", "Responsible units", false),
            ("line", "原文行", "Line", true),
        ],
        lang,
        ts,
    );
    let task_rows = rows
        .tasks(f)
        .map(|t| {
            let units = t.units.join("、");
            let keys = vec![
                Key::Num(t.no as f64),
                Key::Text(t.area.clone()),
                Key::Text(t.work.clone()),
                Key::Text(units.clone()),
                Key::Num(t.line as f64),
            ];
            (
                keys,
                RowView {
                    line: t.line,
                    cells: vec![t.no.to_string(), action(lang, &t.area), t.work.clone(), units, t.line.to_string()],
                },
            )
        })
        .collect();
    finish("tasks", view, cols, task_rows, rows.tasks.len())
}

fn indicator_table(rows: &Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let is = &view.sorts[TABLES.iter().position(|t| *t == "indicators").unwrap_or(0)];
    let cols = columns(
        &[
            ("kind", "类别", "Kind", false),
            ("section", "所在部分", "Section", false),
            ("metric", "指标", "Metric", false),
            ("baseline", "基数", "Baseline", true),
            ("value", "数值", "Value", true),
            ("unit", "单位", "Unit", false),
            ("year", "年份", "Year", true),
            ("line", "原文行", "Line", true),
        ],
        lang,
        is,
    );
    let indicator_rows = rows
        .indicators
        .iter()
        .filter(|i| f.keeps_indicator(i))
        .map(|i| {
            let target = i.kind == IndicatorKind::Target;
            let baseline = i.pair.and_then(|p| rows.indicators.get(p)).filter(|_| target).map(|b| b.value);
            let kind = if target { lang.pick("目标", "target") } else { lang.pick("基数", "baseline") };
            let cmp = if i.comparator.symbol() == "=" { "" } else { i.comparator.symbol() };
            let keys = vec![
                Key::Text(kind.into()),
                Key::Text(i.section.clone()),
                Key::Text(i.metric.clone()),
                opt_num(baseline),
                Key::Num(i.value),
                Key::Text(i.unit.clone()),
                Key::Num(i.year.unwrap_or(0) as f64),
                Key::Num(i.line as f64),
            ];
            let cells = vec![
                kind.into(),
                action(lang, &i.section),
                i.metric.clone(),
                baseline.map(num).unwrap_or_default(),
                format!("{cmp}{}", num(i.value)),
                i.unit.clone(),
                i.year.map(|y| y.to_string()).unwrap_or_default(),
                i.line.to_string(),
            ];
            (keys, RowView { line: i.line, cells })
        })
        .collect();
    finish("indicators", view, cols, indicator_rows, rows.indicators.len())
}
