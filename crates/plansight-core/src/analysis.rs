//! Stage 6: rows → breakdowns. Each analysis reads the rows (from the Arrow
//! frame, or straight from a plan), keeps
//! those the [`Filter`] lets through and returns plain data that charts and
//! tables draw as they are. Category lists (types, areas) always come from the
//! whole plan in document order, so a colour or a row position never moves when
//! a filter changes.

use crate::columnar::{ProjectColumns, Selection};
use crate::model::{BuilderKind, Finding, Indicator, IndicatorKind, Plan, Project, Record, Task, Warning};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, OnceLock};

/// What the reader has narrowed the view to. An empty field lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Actions, by project type (交通互通共网 …); matches task areas and indicator
    /// sections of the same action (交通互通共网提速行动).
    pub types: Vec<String>,
    /// Responsible units: keeps tasks that name one of them.
    pub units: Vec<String>,
    pub builder_kinds: Vec<BuilderKind>,
    /// Keeps projects whose construction period overlaps these years (inclusive),
    /// and annualized investment inside them.
    pub years: Option<(i32, i32)>,
    /// Case-insensitive text that a row must contain somewhere.
    pub search: String,
}

/// True when a project type and an area or section name the same action:
/// "交通互通共网" ~ "交通互通共网提速行动" ~ "实施交通互通共网提速行动".
pub fn same_action(kind: &str, other: &str) -> bool {
    !kind.is_empty() && !other.is_empty() && (other.contains(kind) || kind.contains(other))
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
            && self.units.is_empty()
            && self.builder_kinds.is_empty()
            && self.years.is_none()
            && self.search.trim().is_empty()
    }

    /// The same filter without its action selection: a chart that offers the
    /// actions to click shows all of them, with the selected ones highlighted.
    pub fn without_types(&self) -> Filter {
        Filter { types: Vec::new(), ..self.clone() }
    }

    /// What decides which projects are kept (units select tasks only).
    pub fn project_part(&self) -> Filter {
        Filter { units: Vec::new(), ..self.clone() }
    }

    pub fn without_units(&self) -> Filter {
        Filter { units: Vec::new(), ..self.clone() }
    }

    pub fn without_builder_kinds(&self) -> Filter {
        Filter { builder_kinds: Vec::new(), ..self.clone() }
    }

    /// True when `name` (a type, area or section) is among the selected actions.
    pub fn selects_action(&self, name: &str) -> bool {
        self.types.iter().any(|t| same_action(t, name))
    }

    fn matches_text(&self, fields: &[&str]) -> bool {
        let needle = self.search.trim();
        // Checked first: lowercasing allocates, and most views have no search.
        if needle.is_empty() {
            return true;
        }
        let needle = needle.to_lowercase();
        fields.iter().any(|f| f.to_lowercase().contains(&needle))
    }

    fn matches_action(&self, text: &str) -> bool {
        self.types.is_empty() || self.types.iter().any(|t| same_action(t, text))
    }

    pub fn keeps_project(&self, p: &Project) -> bool {
        let in_years = match (self.years, p.start_year) {
            (Some((from, to)), Some(start)) => start <= to && p.end_year.unwrap_or(start) >= from,
            (Some(_), None) => false,
            (None, _) => true,
        };
        self.matches_action(&p.kind)
            && (self.builder_kinds.is_empty() || self.builder_kinds.contains(&p.builder_kind))
            && in_years
            && self.matches_text(&[&p.name, &p.builder, &p.kind])
    }

    pub fn keeps_task(&self, t: &Task) -> bool {
        self.matches_action(&t.area)
            && (self.units.is_empty() || t.units.iter().any(|u| self.units.contains(u)))
            && (self.matches_text(&[&t.work, &t.area]) || t.units.iter().any(|u| self.matches_text(&[u])))
    }

    pub fn keeps_indicator(&self, i: &Indicator) -> bool {
        self.matches_action(&i.section) && self.matches_text(&[&i.metric, &i.sentence, &i.section])
    }
}

/// The rows of a frame, read once and shared by all analyses of one view.
/// The projects are also held as columns (built on first use), which the
/// analyses read; change `projects` only through a new `Rows`.
#[derive(Debug)]
pub struct Rows {
    pub projects: Vec<Project>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    columns: OnceLock<ProjectColumns>,
    /// The projects' searchable text, built on the first search.
    search_text: OnceLock<Vec<String>>,
    /// The last filter's selection: the analyses of one view share it, so a
    /// million rows are filtered once per view, not once per chart.
    last_selection: PerFilter<Arc<Selection>>,
    /// The last filter's largest projects (row numbers, largest first) and how
    /// many were asked: the Gantt's and the Pareto's rows, drawn and tabled.
    last_largest: PerFilter<(usize, Arc<Vec<usize>>)>,
}

/// An answer kept with the (project part of the) filter it answers.
type PerFilter<T> = Mutex<Option<(Filter, T)>>;

impl Clone for Rows {
    fn clone(&self) -> Rows {
        Rows::new(self.projects.clone(), self.tasks.clone(), self.indicators.clone())
    }
}

impl Rows {
    pub fn new(projects: Vec<Project>, tasks: Vec<Task>, indicators: Vec<Indicator>) -> Rows {
        Rows {
            projects,
            tasks,
            indicators,
            columns: Default::default(),
            search_text: Default::default(),
            last_selection: Default::default(),
            last_largest: Default::default(),
        }
    }

    /// The `n` kept projects with the largest investment, largest first, ties
    /// in table order (row numbers; see `ProjectColumns::largest`). Kept for
    /// the view: a smaller `n` under the same filter is a prefix.
    pub fn largest(&self, f: &Filter, n: usize) -> Vec<usize> {
        let key = f.project_part();
        let mut last = self.last_largest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((filter, (asked, rows))) = &*last {
            if *filter == key && *asked >= n {
                return rows[..n.min(rows.len())].to_vec();
            }
        }
        let rows = Arc::new(self.columns().largest(&self.selection(f), n));
        *last = Some((key, (n, rows.clone())));
        rows.to_vec()
    }

    /// The projects `f` keeps, as row numbers (the same rows as
    /// `Filter::keeps_project`; computed once per filter).
    pub fn selection(&self, f: &Filter) -> Arc<Selection> {
        let key = f.project_part();
        let mut last = self.last_selection.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((filter, selection)) = &*last {
            if *filter == key {
                return selection.clone();
            }
        }
        let text: &[String] = if f.search.trim().is_empty() {
            &[]
        } else {
            self.search_text.get_or_init(|| crate::columnar::search_text(&self.projects))
        };
        let selection = Arc::new(self.columns().select(f, text));
        *last = Some((key, selection.clone()));
        selection
    }

    /// The projects as columns (see [`crate::columnar`]).
    pub fn columns(&self) -> &ProjectColumns {
        self.columns.get_or_init(|| ProjectColumns::from_projects(&self.projects))
    }

    /// Rows whose projects are given as columns only (the benchmark's typed
    /// arrays): the money analyses read them; `projects` stays empty.
    pub fn from_columns(columns: ProjectColumns) -> Rows {
        let rows = Rows::new(Vec::new(), Vec::new(), Vec::new());
        let _ = rows.columns.set(columns);
        rows
    }

    /// Rows read from an Arrow frame (a plan's, or tables with the same column names from another engine).
    #[cfg(feature = "arrow")]
    pub fn read(frame: &crate::frame::Frame) -> Result<Rows, arrow_schema::ArrowError> {
        Ok(Rows::new(frame.project_rows()?, frame.task_rows()?, frame.indicator_rows()?))
    }

    /// Rows straight from a parsed plan (the page, which leaves Arrow out of its start-up code).
    pub fn from_plan(plan: &Plan) -> Rows {
        Rows::new(plan.projects.clone(), plan.tasks.clone(), plan.indicators.clone())
    }

    /// Rows moved out of a plan (its lists are left empty): a plan of a
    /// million projects is not held twice.
    pub fn take_from(plan: &mut Plan) -> Rows {
        use std::mem::take;
        Rows::new(take(&mut plan.projects), take(&mut plan.tasks), take(&mut plan.indicators))
    }

    /// Project types in document order.
    pub fn types(&self) -> Vec<String> {
        self.columns().types.clone()
    }

    /// Task areas in document order.
    pub fn areas(&self) -> Vec<String> {
        categories(self.tasks.iter().map(|t| t.area.as_str()))
    }

    /// The rows the filter keeps, with indicator pairs renumbered within them
    /// (a pair whose other half is filtered out is dropped).
    pub fn filtered(&self, f: &Filter) -> Rows {
        let kept: Vec<usize> = (0..self.indicators.len()).filter(|&i| f.keeps_indicator(&self.indicators[i])).collect();
        let indicators = kept
            .iter()
            .map(|&i| {
                let mut ind = self.indicators[i].clone();
                ind.pair = ind.pair.and_then(|p| kept.iter().position(|&k| k == p));
                ind
            })
            .collect();
        Rows::new(self.projects(f).cloned().collect(), self.tasks(f).cloned().collect(), indicators)
    }

    /// The projects `f` keeps, in table order.
    pub fn projects<'a>(&'a self, f: &Filter) -> impl Iterator<Item = &'a Project> + 'a {
        let selection = self.selection(f);
        (0..selection.len()).filter_map(move |j| self.projects.get(selection.row(j)))
    }

    pub fn tasks<'a>(&'a self, f: &Filter) -> impl Iterator<Item = &'a Task> + 'a {
        let f = f.clone();
        self.tasks.iter().filter(move |t| f.keeps_task(t))
    }
}

/// Categories in document order, and "" last when some record has none (a
/// table with no type column: charts call it 未分类, so no amount drops out).
pub(crate) fn categories<'a>(items: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut out = ordered(items.clone());
    if items.into_iter().any(str::is_empty) {
        out.push(String::new());
    }
    out
}

fn ordered<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub projects: usize,
    /// Sum of the known investments, 亿元.
    pub total_investment: f64,
    /// Projects whose investment cell is empty or unreadable.
    pub investment_missing: usize,
    pub tasks: usize,
    pub units: usize,
    pub targets: usize,
    pub baselines: usize,
    pub window: Option<(i32, i32)>,
}

pub fn summary(rows: &Rows, f: &Filter, window: Option<(i32, i32)>) -> Summary {
    let (columns, selection) = (rows.columns(), rows.selection(f));
    let tasks: Vec<&Task> = rows.tasks(f).collect();
    let indicators: Vec<&Indicator> = rows.indicators.iter().filter(|i| f.keeps_indicator(i)).collect();
    Summary {
        projects: selection.len(),
        total_investment: yi(columns.by_type(&selection).total_fen),
        investment_missing: columns.missing_investment(&selection),
        tasks: tasks.len(),
        units: ordered(tasks.iter().flat_map(|t| t.units.iter().map(String::as_str))).len(),
        targets: indicators.iter().filter(|i| i.kind == IndicatorKind::Target).count(),
        baselines: indicators.iter().filter(|i| i.kind == IndicatorKind::Baseline).count(),
        window,
    }
}

/// One bar or slice: a category with its amount, count and share of the whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub label: String,
    /// 亿元
    pub value: f64,
    pub count: usize,
    pub share: f64,
}

/// Investment by project type, in document order (all types, zero when filtered out).
pub fn investment_by_type(rows: &Rows, f: &Filter) -> Vec<Share> {
    // One loop over type codes (see `columnar`). A project without a type counts
    // in the total, so shares match the headline; sums are exact (分).
    let columns = rows.columns();
    let by = columns.by_type(&rows.selection(f));
    let total = by.total_fen as f64;
    columns
        .types
        .iter()
        .zip(by.fen.iter().zip(&by.count))
        .map(|(label, (&fen, &count))| Share {
            share: share(fen as f64, total),
            count,
            value: yi(fen),
            label: label.clone(),
        })
        .collect()
}

/// 分 as 亿元: the float nearest the exact value.
fn yi(fen: i128) -> f64 {
    match i64::try_from(fen) {
        Ok(f) => Money::from_fen(f).yi(),
        Err(_) => fen as f64 / 1e10,
    }
}

/// Investment by builder kind (kinds with no project in the whole plan left out).
pub fn investment_by_builder_kind(rows: &Rows, f: &Filter) -> Vec<Share> {
    let columns = rows.columns();
    let by = columns.by_builder_kind(&rows.selection(f));
    let total = yi(by.total_fen);
    BuilderKind::ALL
        .into_iter()
        .zip(columns.builder_counts())
        .zip(by.fen.iter().zip(&by.count))
        .filter(|((_, &in_plan), _)| in_plan > 0)
        .map(|((k, _), (&fen, &count))| {
            let value = yi(fen);
            Share { label: k.id().to_string(), share: share(value, total), count, value }
        })
        .collect()
}

/// Investment spread evenly over each project's construction years, by type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annual {
    pub years: Vec<i32>,
    pub types: Vec<String>,
    /// values[type][year], 亿元 per year.
    pub values: Vec<Vec<f64>>,
    pub window: Option<(i32, i32)>,
    /// Annualized investment falling inside the plan window, 亿元, and its share of all.
    pub window_total: f64,
    pub window_share: f64,
    /// Projects left out because their investment or period is unknown.
    pub not_spread: Vec<u32>,
}

pub fn annualized(rows: &Rows, f: &Filter, window: Option<(i32, i32)>) -> Annual {
    let columns = rows.columns();
    let spread = columns.spread(&rows.selection(f), f.years, window);
    let years: Vec<i32> = spread.years.map_or(Vec::new(), |(a, b)| (a..=b).collect());
    let not_spread = spread.not_spread.iter().map(|&i| rows.projects.get(i).map_or(i as u32 + 1, |p| p.no)).collect();
    Annual {
        years,
        types: columns.types.clone(),
        values: spread.values,
        window,
        window_total: spread.window_total,
        window_share: share(spread.window_total, spread.all_total),
        not_spread,
    }
}

/// A project ranked by investment with the running share of the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub no: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: f64,
    pub cumulative_share: f64,
    pub line: u32,
}

/// The `n` largest projects (all when n is 0), with the cumulative share of the filtered total.
pub fn top_projects(rows: &Rows, f: &Filter, n: usize) -> Vec<Ranked> {
    let (columns, selection) = (rows.columns(), rows.selection(f));
    let total = yi(columns.by_type(&selection).total_fen);
    let mut running = 0i128;
    rows.largest(f, if n == 0 { usize::MAX } else { n })
        .into_iter()
        .filter_map(|i| rows.projects.get(i))
        .map(|p| {
            let value = p.investment.unwrap_or_default();
            running += value.fen() as i128;
            Ranked {
                no: p.no,
                name: p.name.clone(),
                kind: p.kind.clone(),
                value: value.yi(),
                cumulative_share: share(yi(running), total),
                line: p.line,
            }
        })
        .collect()
}

/// The `n` largest kept projects, in table order (a chart of a few rows for a
/// plan of thousands); when fewer have an amount, the first without one fill up.
pub fn largest_in_table_order<'a>(rows: &'a Rows, f: &Filter, n: usize) -> Vec<&'a Project> {
    let (columns, selection) = (rows.columns(), rows.selection(f));
    let mut largest = rows.largest(f, n);
    let missing = n.saturating_sub(largest.len());
    largest.extend(selection.iter().filter(|&i| !columns.has_investment[i]).take(missing));
    largest.sort_unstable();
    largest.into_iter().filter_map(|i| rows.projects.get(i)).collect()
}

/// Projects as Gantt rows, in table order.
pub fn timeline(rows: &Rows, f: &Filter) -> Vec<Project> {
    rows.projects(f).cloned().collect()
}

/// Tasks per action area (all areas, in document order).
pub fn tasks_per_area(rows: &Rows, f: &Filter) -> Vec<Share> {
    let tasks: Vec<&Task> = rows.tasks(f).collect();
    rows.areas()
        .into_iter()
        .map(|a| {
            let count = tasks.iter().filter(|t| t.area == a).count();
            Share { share: share(count as f64, tasks.len() as f64), value: count as f64, count, label: a }
        })
        .collect()
}

/// How many tasks a unit carries, and how many it leads (named first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workload {
    pub unit: String,
    pub tasks: usize,
    pub lead: usize,
}

/// Units by number of tasks, most first (ties in order of first mention).
pub fn unit_workload(rows: &Rows, f: &Filter) -> Vec<Workload> {
    let tasks: Vec<&Task> = rows.tasks(f).collect();
    let mut out: Vec<Workload> = ordered(tasks.iter().flat_map(|t| t.units.iter().map(String::as_str)))
        .into_iter()
        .map(|unit| Workload {
            tasks: tasks.iter().filter(|t| t.units.contains(&unit)).count(),
            lead: tasks.iter().filter(|t| t.is_lead(&unit)).count(),
            unit,
        })
        .collect();
    out.sort_by(|a, b| b.tasks.cmp(&a.tasks).then(b.lead.cmp(&a.lead)));
    out
}

/// Units × areas: how many tasks of each area a unit shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub units: Vec<String>,
    pub areas: Vec<String>,
    /// counts[unit][area]
    pub counts: Vec<Vec<usize>>,
}

pub fn unit_area_matrix(rows: &Rows, f: &Filter) -> Matrix {
    let areas = rows.areas();
    let units: Vec<String> = unit_workload(rows, f).into_iter().map(|w| w.unit).collect();
    let tasks: Vec<&Task> = rows.tasks(f).collect();
    let counts = units
        .iter()
        .map(|u| areas.iter().map(|a| tasks.iter().filter(|t| &t.area == a && t.units.contains(u)).count()).collect())
        .collect();
    Matrix { units, areas, counts }
}

/// A target (or an unpaired baseline) with its paired baseline, for one action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    /// Index in the plan's indicator list.
    pub id: usize,
    #[serde(flatten)]
    pub indicator: Indicator,
    pub baseline: Option<f64>,
    pub baseline_line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionIndicators {
    pub section: String,
    pub rows: Vec<IndicatorRow>,
}

/// Targets grouped by the section they sit in (document order); baselines appear
/// inside their target's row when paired, and on their own under their section otherwise.
pub fn indicators_by_action(rows: &Rows, f: &Filter) -> Vec<ActionIndicators> {
    let all = &rows.indicators;
    let mut out: Vec<ActionIndicators> = Vec::new();
    for (id, i) in all.iter().enumerate() {
        let paired_baseline = i.kind == IndicatorKind::Baseline && i.pair.is_some();
        if paired_baseline || !f.keeps_indicator(i) {
            continue;
        }
        let base = i.pair.and_then(|p| all.get(p)).filter(|_| i.kind == IndicatorKind::Target);
        let row = IndicatorRow {
            id,
            indicator: i.clone(),
            baseline: base.map(|b| b.value),
            baseline_line: base.map(|b| b.line),
        };
        match out.iter_mut().find(|a| a.section == i.section) {
            Some(group) => group.rows.push(row),
            None => out.push(ActionIndicators { section: i.section.clone(), rows: vec![row] }),
        }
    }
    out
}

/// A data note: a cross-check or a parser warning, with the line it points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub line: u32,
    /// "warning" (the parser could not read something) or "check" (read, but worth a look).
    pub kind: &'static str,
    #[serde(flatten)]
    pub finding: Finding,
}

impl Note {
    /// The note as a sentence in the interface's language.
    pub fn message(&self, lang: crate::message::Lang) -> String {
        crate::message::finding(&self.finding, lang)
    }
}

/// Cross-checks over the whole plan, after the parser's warnings.
pub fn checks(rows: &Rows, warnings: &[Warning], window: Option<(i32, i32)>) -> Vec<Note> {
    checks_given(rows, warnings, window, &repeated_names(&rows.projects))
}

/// Each project whose name an earlier row already has, with that first row
/// (row numbers): rows sorted by name (ties in table order), then each run of
/// one name. A sort, not a map: hashing a million names costs more than
/// ordering them. The page's reader worker finds them for a big table, off
/// the main thread.
pub fn repeated_names(projects: &[Project]) -> Vec<(usize, usize)> {
    let mut by_name: Vec<usize> = (0..projects.len()).filter(|&i| !projects[i].name.is_empty()).collect();
    by_name.sort_unstable_by(|&a, &b| projects[a].name.cmp(&projects[b].name).then(a.cmp(&b)));
    by_name
        .chunk_by(|&a, &b| projects[a].name == projects[b].name)
        .flat_map(|run| run[1..].iter().map(move |&i| (i, run[0])))
        .collect()
}

/// [`checks`], with the repeated names already found (`repeated_names`).
pub fn checks_given(
    rows: &Rows,
    warnings: &[Warning],
    window: Option<(i32, i32)>,
    repeated: &[(usize, usize)],
) -> Vec<Note> {
    let mut notes: Vec<Note> =
        warnings.iter().map(|w| Note { line: w.line, kind: "warning", finding: w.finding.clone() }).collect();
    let total = rows.projects.iter().filter_map(|p| p.investment).sum::<Money>().yi();
    let by_type: f64 = investment_by_type(rows, &Filter::default()).iter().map(|s| s.value).sum();
    let first_line = rows.projects.first().map_or(0, |p| p.line);
    // With no projects there is no sum to check.
    notes.extend(rows.projects.first().map(|_| Note {
        line: first_line,
        kind: "check",
        finding: Finding::InvestmentSum {
            cells: rows.projects.iter().filter(|p| p.investment.is_some()).count(),
            total: crate::money::round_half_up(total, 2),
            by_type: crate::money::round_half_up(by_type, 2),
            equal: (total - by_type).abs() < 1e-6,
        },
    }));
    if let Some((a, b)) = window {
        for p in &rows.projects {
            let (Some(start), end) = (p.start_year, p.end_year) else { continue };
            let end = end.unwrap_or(start);
            if start < a || end > b {
                let (no, name) = (p.no, p.name.clone());
                let finding = Finding::OutsideWindow { no, name, start, end, from: a, to: b };
                notes.push(Note { line: p.line, kind: "check", finding });
            }
        }
    }
    for &(row, first) in repeated {
        if let (Some(p), Some(first)) = (rows.projects.get(row), rows.projects.get(first)) {
            let finding = Finding::RepeatedName { no: p.no, first_line: first.line };
            notes.push(Note { line: p.line, kind: "check", finding });
        }
    }
    for (n, t) in rows.tasks.iter().enumerate() {
        if n > 0 && t.no != rows.tasks[n - 1].no + 1 {
            let finding = Finding::NumberGap { record: Record::Task, from: rows.tasks[n - 1].no, to: t.no };
            notes.push(Note { line: t.line, kind: "check", finding });
        }
    }
    for (n, p) in rows.projects.iter().enumerate() {
        if n > 0 && p.no != rows.projects[n - 1].no + 1 {
            let finding = Finding::NumberGap { record: Record::Project, from: rows.projects[n - 1].no, to: p.no };
            notes.push(Note { line: p.line, kind: "check", finding });
        }
    }
    notes.sort_by_key(|n| n.line);
    notes
}

/// The row-by-row analyses the columnar ones replaced: the reference that
/// property tests hold them equal to (`tests/columnar.rs`).
#[doc(hidden)]
pub mod rowwise {
    use super::*;

    /// The projects `f` keeps, decided row by row (no selection).
    pub fn kept<'a>(rows: &'a Rows, f: &'a Filter) -> impl Iterator<Item = &'a Project> + 'a {
        rows.projects.iter().filter(move |p| f.keeps_project(p))
    }

    pub fn investment_by_builder_kind(rows: &Rows, f: &Filter) -> Vec<Share> {
        let projects: Vec<&Project> = kept(rows, f).collect();
        let total = projects.iter().filter_map(|p| p.investment).sum::<Money>().yi();
        BuilderKind::ALL
            .into_iter()
            .filter(|k| rows.projects.iter().any(|p| p.builder_kind == *k))
            .map(|k| {
                let of_kind: Vec<&&Project> = projects.iter().filter(|p| p.builder_kind == k).collect();
                let value = of_kind.iter().filter_map(|p| p.investment).sum::<Money>().yi();
                Share { label: k.id().to_string(), share: share(value, total), count: of_kind.len(), value }
            })
            .collect()
    }

    pub fn top_projects(rows: &Rows, f: &Filter, n: usize) -> Vec<Ranked> {
        let mut projects: Vec<&Project> = kept(rows, f).filter(|p| p.investment.is_some()).collect();
        let total = projects.iter().filter_map(|p| p.investment).sum::<Money>();
        // Largest first, ties in table order (a stable sort).
        projects.sort_by_key(|p| std::cmp::Reverse(p.investment));
        let mut running = Money::ZERO;
        projects
            .into_iter()
            .take(if n == 0 { usize::MAX } else { n })
            .map(|p| {
                let value = p.investment.unwrap_or_default();
                running = running + value;
                Ranked {
                    no: p.no,
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    value: value.yi(),
                    cumulative_share: share(running.yi(), total.yi()),
                    line: p.line,
                }
            })
            .collect()
    }

    pub fn investment_by_type(rows: &Rows, f: &Filter) -> Vec<Share> {
        let types = categories(rows.projects.iter().map(|p| p.kind.as_str()));
        // One pass over the rows: (sum, count) per type.
        // (A project without a type counts in the total, so shares match the headline.)
        // Sums are exact (Money); shares are ratios of the exact sums.
        let mut sums = vec![(Money::ZERO, 0usize); types.len()];
        let mut total = Money::ZERO;
        for p in kept(rows, f) {
            let amount = p.investment.unwrap_or_default();
            total = total + amount;
            if let Some(t) = types.iter().position(|t| *t == p.kind) {
                sums[t].0 = sums[t].0 + amount;
                sums[t].1 += 1;
            }
        }
        types
            .into_iter()
            .zip(sums)
            .map(|(label, (value, count))| Share {
                share: share(value.yi(), total.yi()),
                count,
                value: value.yi(),
                label,
            })
            .collect()
    }

    pub fn annualized(rows: &Rows, f: &Filter, window: Option<(i32, i32)>) -> Annual {
        let types = categories(rows.projects.iter().map(|p| p.kind.as_str()));
        let projects: Vec<&Project> = kept(rows, f).collect();
        let spread: Vec<(&Project, f64, std::ops::RangeInclusive<i32>)> =
            projects.iter().filter_map(|p| Some((*p, p.investment?.yi(), p.years()?))).collect();
        let not_spread =
            projects.iter().filter(|p| p.investment.is_none() || p.years().is_none()).map(|p| p.no).collect();
        let first = spread.iter().map(|(_, _, y)| *y.start()).min();
        let last = spread.iter().map(|(_, _, y)| *y.end()).max();
        let (mut from, mut to) = (first.unwrap_or(0), last.unwrap_or(-1));
        if let Some((a, b)) = f.years {
            from = from.max(a);
            to = to.min(b);
        }
        let years: Vec<i32> = (from..=to).collect();
        let mut values = vec![vec![0.0; years.len()]; types.len()];
        let mut all = 0.0;
        let mut inside = 0.0;
        for (p, inv, span) in &spread {
            let per_year = inv / (span.end() - span.start() + 1) as f64;
            let t = types.iter().position(|t| *t == p.kind);
            for y in span.clone() {
                all += per_year;
                if window.is_some_and(|(a, b)| (a..=b).contains(&y)) {
                    inside += per_year;
                }
                if let (Some(t), Some(i)) = (t, years.iter().position(|&x| x == y)) {
                    values[t][i] += per_year;
                }
            }
        }
        Annual { years, types, values, window, window_total: inside, window_share: share(inside, all), not_spread }
    }
}
