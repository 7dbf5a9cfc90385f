//! The view model: everything the page shows outside the canvases, already
//! filtered, sorted, formatted and translated, so the JS only places it.

use crate::editions::{self, CompareView, PlanRow};
use crate::plans::Plans;
use crate::state::{table_index, Embed, Sort, ViewState};
use crate::ui;
use plansight_charts::i18n::{self, action};
use plansight_charts::{chart_title, num, table, title, ChartId, ChartTable, Inputs, Lang};
use plansight_core::engine::analysis::{self, Note};
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::{Indicator, Task};
use plansight_core::{BuilderKind, IndicatorKind, Money};
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct ViewModel {
    pub lang: &'static str,
    /// The one chart an embed shows (`#embed=CHART`), if any.
    pub embed: Option<&'static str>,
    /// The documents the view names (`#src=URL,…`), for the page to fetch.
    pub src: Vec<String>,
    pub dark: bool,
    pub hash: String,
    pub title: String,
    /// What the document says of itself beside its title: 文号 · issuer · date · window.
    pub facts: String,
    pub source: String,
    pub headline: Vec<Figure>,
    /// The totals the document states (its own figures, not projects read).
    pub totals: Vec<TotalView>,
    pub chips: Vec<Chip>,
    pub actions: Vec<Choice>,
    pub builder_kinds: Vec<Choice>,
    pub units: Vec<Choice>,
    pub years: YearRange,
    pub search: String,
    /// The charts with something to draw, in the order the plan calls for (a
    /// plan of tasks and targets leads with them).
    pub charts: Vec<ChartView>,
    /// One line naming the charts and tables this plan has nothing for ("" when none).
    pub nothing_for: String,
    pub tables: Vec<TableView>,
    pub notes: Vec<NoteView>,
    /// What each table of the document was read as (the load report).
    pub read: Vec<ReadTable>,
    /// The column roles a reader can assign in the column dialog.
    pub roles: Vec<Choice>,
    /// With several plans open: one row per plan (none with one), its columns.
    pub plans: Vec<PlanRow>,
    pub plan_columns: Vec<Column>,
    /// Two editions compared (`cmp=`), when both are open.
    pub compare: Option<CompareView>,
    /// Every plan at once is shown (`p=*`): the plans are the charts' category.
    pub all_plans_shown: bool,
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
    /// "projects", "tasks", "indicators" or "other".
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub records: usize,
    pub columns: Vec<ReadColumn>,
    /// Whether the column dialog can re-read it: from the text form kept, or,
    /// for a table read by its columns (`by_columns`), by the reader worker
    /// reading the file again with the roles chosen.
    pub remappable: bool,
    pub by_columns: bool,
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
    /// Read from a sentence of the prose, not a table's row: marked so a reader checks it.
    pub prose: bool,
}

/// A total the document states, with its line.
#[derive(Serialize)]
pub struct TotalView {
    pub line: u32,
    pub text: String,
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

/// Data notes listed at most (a table of a million rows may have as many).
pub const NOTES_SHOWN: usize = 500;

pub fn build(plans: &Plans, view: &ViewState) -> ViewModel {
    let loaded = plans.shown(view);
    let (plan, rows, source) = (&loaded.plan, &loaded.rows, loaded.name.as_str());
    let lang = view.lang;
    let f = &view.filter;
    let p = |zh, en| lang.pick(zh, en);
    let s = analysis::summary(rows, f, plan.window);
    let all = analysis::summary(rows, &Filter::default(), plan.window);
    let window = plan.window.map_or("—".to_string(), |(a, b)| format!("{a}–{b}"));
    let has_projects = all.projects > 0;
    let mut headline = Vec::new();
    let projects = [
        Figure {
            label: p("重点项目", "Key projects"),
            value: plansight_charts::count(s.projects),
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
    ];
    // A plan of tasks and targets leads with them; its projects (none) are not headlined.
    if has_projects {
        headline.extend(projects);
    }
    headline.extend([
        Figure {
            label: p("重点任务", "Key tasks"),
            value: plansight_charts::count(s.tasks),
            unit: p("项", ""),
            note: of_total(lang, s.tasks, all.tasks),
        },
        Figure {
            label: p("责任单位", "Responsible units"),
            value: plansight_charts::count(s.units),
            unit: p("个", ""),
            note: String::new(),
        },
        Figure {
            label: p("量化目标", "Quantified targets"),
            value: plansight_charts::count(s.targets),
            unit: p("项", ""),
            note: format!("{} {}", s.baselines, p("项基数", "baselines")),
        },
    ]);
    // The largest total the document states for its projects, beside what was read.
    if let Some(t) = plan.totals.iter().filter(|t| t.amount.is_some()).max_by_key(|t| t.amount) {
        let count = t.count.map(|c| lang.pick(&format!("，{c} 个项目"), &format!(", {c} projects")).to_string());
        headline.push(Figure {
            label: p("文中所列总投资", "Total the text states"),
            value: format!("{}{}", if t.approx { "≈" } else { "" }, t.amount.map(Money::yi_text).unwrap_or_default()),
            unit: "亿元",
            note: format!("{}{}", t.label, count.unwrap_or_default()),
        });
    }
    headline.push(Figure { label: p("规划期", "Plan window"), value: window, unit: "", note: String::new() });
    let by_plan = plans.is_combined(view);
    let input = Inputs { rows, filter: f, window: plan.window, tables: &plan.tables, by_plan };
    let chart = |c: ChartId| {
        let data = table(c, &input, lang);
        let name = chart_title(c, &input, lang);
        ChartView { id: c.id(), title: name, description: data.describe(name, lang), data }
    };
    // An embed shows the chart it names, whatever it holds.
    let charts: Vec<ChartView> = match view.embed {
        Some(Embed::Chart(c)) => vec![chart(c)],
        // The bridge is the comparison's (`compare`), not one of the plan's charts.
        Some(Embed::Bridge) => Vec::new(),
        None => loaded.charts.iter().map(|&c| chart(c)).collect(),
    };
    let tables = tables(rows, view);
    let mut nothing: Vec<&str> =
        ChartId::ALL.into_iter().filter(|c| !loaded.charts.contains(c)).map(|c| title(c, lang)).collect();
    nothing.extend(tables.iter().filter(|t| t.total == 0).map(|t| t.title));
    let nothing_for = if nothing.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("本计划中没有可以列出的：{}", nothing.join("、")),
            Lang::En => format!("Nothing in this plan for: {}", nothing.join(", ")),
        }
    };
    let mut tables: Vec<TableView> = tables.into_iter().filter(|t| t.total > 0).collect();
    if !has_projects {
        // Tasks and targets first.
        tables.sort_by_key(|t| t.id == "projects");
    }
    let facts: Vec<String> = [&plan.facts.doc_no, &plan.facts.issuer, &plan.facts.date]
        .into_iter()
        .flatten()
        .cloned()
        .chain(plan.window.map(|(a, b)| format!("{}{a}–{b}", p("规划期 ", "plan window "))))
        .collect();
    let (min, max) = year_bounds(rows, plan.window);
    let (from, to) = f.years.unwrap_or((min, max));
    ViewModel {
        lang: lang.id(),
        dark: view.dark,
        hash: view.to_hash(),
        embed: view.embed.map(Embed::id),
        src: view.src.clone(),
        title: match (by_plan, lang) {
            (true, Lang::Zh) => format!("全部 {} 个规划并列", plans.all.len()),
            (true, Lang::En) => format!("All {} plans side by side", plans.all.len()),
            _ => plan.title.clone().unwrap_or_else(|| source.to_string()),
        },
        facts: facts.join(" · "),
        source: source.to_string(),
        headline,
        totals: plan
            .totals
            .iter()
            .map(|t| {
                let amount = t.amount.map(Money::yi_text).unwrap_or_default();
                let approx = if t.approx { "≈" } else { "" };
                let text = match (lang, t.count) {
                    (Lang::Zh, Some(c)) => format!("{}：{c} 个，总投资 {approx}{amount} 亿元", t.label),
                    (Lang::Zh, None) => format!("{}：总投资 {approx}{amount} 亿元", t.label),
                    (Lang::En, Some(c)) => format!("{}: {c} projects, {approx}{amount} 亿元", t.label),
                    (Lang::En, None) => format!("{}: {approx}{amount} 亿元", t.label),
                };
                TotalView { line: t.line, text }
            })
            .collect(),
        chips: chips(view, rows),
        actions: rows
            .types()
            .into_iter()
            .map(|t| Choice { label: action(lang, &t, rows), selected: f.selects_action(&t), value: t })
            .collect(),
        builder_kinds: BuilderKind::ALL
            .into_iter()
            .zip(rows.columns().builder_counts())
            .filter(|(_, &projects)| projects > 0)
            .map(|(k, _)| Choice {
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
        nothing_for,
        tables,
        notes: notes(&loaded.notes, lang),
        read: plan
            .tables
            .iter()
            .map(|t| ReadTable {
                line: t.line,
                kind: t.kind.clone(),
                kind_label: plansight_core::write::message::table_kind(lang, &t.kind),
                title: t.title.clone().unwrap_or_default(),
                records: t.rows,
                // Read again: a document from its text; a table read by its columns
                // in the worker, when it is the one plan open; not one of the plans
                // one table holds (their text is the whole table's).
                remappable: std::rc::Rc::strong_count(&loaded.text) == 1
                    && (!loaded.text.is_empty() || (loaded.by_columns && plans.all.len() == 1)),
                by_columns: loaded.by_columns,
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
        plans: editions::plans_table(plans, view),
        plan_columns: columns(&editions::PLAN_COLUMNS, lang, &view.plans_sort),
        compare: editions::compare_view(plans, view),
        all_plans_shown: by_plan,
        ui: {
            let mut texts = ui::texts(lang);
            // With every plan at once, the plans are the category the filter picks.
            if by_plan {
                texts.insert("actions", lang.pick("规划", "Plans"));
            }
            texts
        },
    }
}

/// First and last year of any project's period; without projects, the plan
/// window, else the years the targets name (a prose-only plan), else none (the
/// year selector is then empty: min > max).
pub fn year_bounds(rows: &Rows, window: Option<(i32, i32)>) -> (i32, i32) {
    let stated = || rows.indicators.iter().filter_map(|i| i.year);
    rows.columns().year_span().or(window).or_else(|| Some((stated().min()?, stated().max()?))).unwrap_or((1, 0))
}

/// The notes in the interface's language, the first `NOTES_SHOWN` of them and
/// a last one that counts the rest.
fn notes(notes: &[Note], lang: Lang) -> Vec<NoteView> {
    let mut out: Vec<NoteView> = notes
        .iter()
        .take(NOTES_SHOWN)
        .map(|n| NoteView { line: n.line, kind: n.kind, message: n.message(lang) })
        .collect();
    if let Some(more) = notes.len().checked_sub(NOTES_SHOWN).filter(|&m| m > 0) {
        let message = match lang {
            Lang::Zh => format!("另有 {more} 条说明未列出（导出 JSON 可见全部数据）"),
            Lang::En => format!("{more} more notes not listed (the JSON export has all the data)"),
        };
        out.push(NoteView { line: 0, kind: "more", message });
    }
    out
}

fn chips(view: &ViewState, rows: &Rows) -> Vec<Chip> {
    let lang = view.lang;
    let f = &view.filter;
    let mut out: Vec<Chip> =
        f.types.iter().map(|t| Chip { kind: "action", value: t.clone(), label: action(lang, t, rows) }).collect();
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

/// A cell's sort key, borrowed from its row: numbers compare as numbers, text as text.
enum Key<'a> {
    Num(f64),
    Text(Cow<'a, str>),
}

fn text(s: &str) -> Key<'_> {
    Key::Text(Cow::Borrowed(s))
}

fn compare(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
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

/// A table's view: the kept rows in the view's order (ties in document
/// order), of which only the rows shown are put in order and formatted, so a
/// table of a million rows costs one partial selection, not a sort and a
/// million rows of text.
fn finish<'a, T>(
    id: &'static str,
    view: &ViewState,
    columns: Vec<Column>,
    kept: Vec<&'a T>,
    key: impl Fn(&'a T, &str) -> Key<'a>,
    cells: impl Fn(&T) -> RowView,
    total: usize,
) -> TableView {
    let key = |j: usize, column: &str| key(kept[j], column);
    let cells = |j: usize| cells(kept[j]);
    shown_rows(id, view, columns, kept.len(), &key, &cells, total)
}

/// `finish` over row numbers: not generic, so its partial sort is compiled
/// once for the three tables (start-up wasm −1.4 KiB gzip).
fn shown_rows<'a>(
    id: &'static str,
    view: &ViewState,
    columns: Vec<Column>,
    matched: usize,
    key: &dyn Fn(usize, &str) -> Key<'a>,
    cells: &dyn Fn(usize) -> RowView,
    total: usize,
) -> TableView {
    let i = table_index(id).unwrap_or(0);
    let limit = view.row_limits[i];
    let sort = view.sorts[i].as_ref().filter(|s| columns.iter().any(|c| c.key == s.key));
    let order: Vec<usize> = match sort {
        None => (0..matched.min(limit)).collect(),
        Some(sort) => {
            let by = |&a: &usize, &b: &usize| {
                let o = compare(&key(a, &sort.key), &key(b, &sort.key));
                if sort.desc { o.reverse() } else { o }.then(a.cmp(&b))
            };
            let mut order: Vec<usize> = (0..matched).collect();
            if limit < matched {
                order.select_nth_unstable_by(limit, by);
                order.truncate(limit);
            }
            order.sort_unstable_by(by);
            order
        }
    };
    let rows = order.into_iter().map(cells).collect();
    TableView { id, title: ui::text(view.lang, id), columns, rows, matched, total }
}

fn opt_num(v: Option<f64>) -> Key<'static> {
    Key::Num(v.unwrap_or(f64::NEG_INFINITY))
}

fn tables(rows: &Rows, view: &ViewState) -> Vec<TableView> {
    vec![project_table(rows, view), task_table(rows, view), indicator_table(rows, view)]
}

fn project_table(rows: &Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let ps = &view.sorts[table_index("projects").unwrap_or(0)];
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
    // Keys and cells are read row by row: a big table's rows stay buffers,
    // a project is built only for a row shown.
    let (projects, kept) = (&rows.projects, rows.selection(f));
    let key = |j: usize, column: &str| {
        let i = kept.row(j);
        match column {
            "no" => Key::Num(projects.no(i) as f64),
            "type" => text(projects.kind(i)),
            "name" => text(projects.name(i)),
            "investment" => opt_num(projects.investment(i).map(Money::yi)),
            "period" => {
                let (start, end) = projects.years(i);
                Key::Num(start.unwrap_or(0) as f64 * 10000.0 + end.unwrap_or(0) as f64)
            }
            "builder" => text(projects.builder(i)),
            "builder_kind" => text(i18n::builder_kind(lang, projects.builder_kind(i))),
            _ => Key::Num(projects.line(i) as f64),
        }
    };
    let cells = |j: usize| {
        let p = projects.get(kept.row(j)).unwrap_or_default();
        RowView {
            line: p.line,
            prose: p.read_from.is_prose(),
            cells: vec![
                p.no.to_string(),
                action(lang, &p.kind, rows),
                p.name.clone(),
                p.investment.map(Money::yi_text).unwrap_or_default(),
                p.period_text(),
                p.builder.clone(),
                i18n::builder_kind(lang, p.builder_kind).to_string(),
                p.line.to_string(),
            ],
        }
    };
    shown_rows("projects", view, cols, kept.len(), &key, &cells, projects.len())
}

fn task_table<'a>(rows: &'a Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let ts = &view.sorts[table_index("tasks").unwrap_or(0)];
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
    let key = |t: &'a Task, column: &str| match column {
        "no" => Key::Num(t.no as f64),
        "area" => text(&t.area),
        "work" => text(&t.work),
        "units" => Key::Text(Cow::Owned(t.units.join("、"))),
        _ => Key::Num(t.line as f64),
    };
    let cells = |t: &Task| RowView {
        line: t.line,
        prose: t.read_from.is_prose(),
        cells: vec![
            t.no.to_string(),
            action(lang, &t.area, rows),
            t.work.clone(),
            t.units.join("、"),
            t.line.to_string(),
        ],
    };
    finish("tasks", view, cols, rows.tasks(f).collect(), key, cells, rows.tasks.len())
}

fn indicator_table<'a>(rows: &'a Rows, view: &ViewState) -> TableView {
    let (f, lang) = (&view.filter, view.lang);
    let is = &view.sorts[table_index("indicators").unwrap_or(0)];
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
    let target = |i: &Indicator| i.kind == IndicatorKind::Target;
    let baseline = |i: &Indicator| i.pair.and_then(|p| rows.indicators.get(p)).filter(|_| target(i)).map(|b| b.value);
    let kind = |i: &Indicator| if target(i) { lang.pick("目标", "target") } else { lang.pick("基数", "baseline") };
    let key = |i: &'a Indicator, column: &str| match column {
        "kind" => text(kind(i)),
        "section" => text(&i.section),
        "metric" => text(&i.metric),
        "baseline" => opt_num(baseline(i)),
        "value" => Key::Num(i.value),
        "unit" => text(&i.unit),
        "year" => Key::Num(i.year.unwrap_or(0) as f64),
        _ => Key::Num(i.line as f64),
    };
    let cells = |i: &Indicator| {
        let cmp = if i.comparator.symbol() == "=" { "" } else { i.comparator.symbol() };
        RowView {
            line: i.line,
            prose: false,
            cells: vec![
                kind(i).into(),
                action(lang, &i.section, rows),
                i.metric.clone(),
                baseline(i).map(num).unwrap_or_default(),
                format!("{cmp}{}", num(i.value)),
                i.unit.clone(),
                i.year.map(|y| y.to_string()).unwrap_or_default(),
                i.line.to_string(),
            ],
        }
    };
    let kept = rows.indicators.iter().filter(|i| f.keeps_indicator(i)).collect();
    finish("indicators", view, cols, kept, key, cells, rows.indicators.len())
}
