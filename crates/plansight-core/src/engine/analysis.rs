//! Rows → breakdowns. Each analysis reads the rows (from the Arrow
//! frame, or straight from a plan), keeps
//! those the [`Filter`] lets through and returns plain data that charts and
//! tables draw as they are. Category lists (types, areas) always come from the
//! whole plan in document order, so a colour or a row position never moves when
//! a filter changes.

use super::filter::{categories, ordered, Filter};
use super::rows::Rows;
use crate::model::buffers::ProjectBuffers;
use crate::model::Money;
use crate::model::{BuilderKind, Finding, Indicator, IndicatorKind, Plan, Project, Record, StatedTotal, Task, Warning};
use serde::Serialize;
use std::borrow::Cow;

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
    let no = |i: usize| if i < rows.projects.len() { rows.projects.no(i) } else { i as u32 + 1 };
    let not_spread = spread.not_spread.iter().map(|&i| no(i)).collect();
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
    /// Read from a sentence of the prose, not a table's row.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_prose: bool,
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
                from_prose: p.read_from.is_prose(),
            }
        })
        .collect()
}

/// The `n` largest kept projects, in table order (a chart of a few rows for a
/// plan of thousands); when fewer have an amount, the first without one fill up.
pub fn largest_in_table_order<'a>(rows: &'a Rows, f: &Filter, n: usize) -> Vec<Cow<'a, Project>> {
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

/// Cross-checks over the whole plan, after the parser's warnings.
pub fn checks(rows: &Rows, warnings: &[Warning], window: Option<(i32, i32)>) -> Vec<Note> {
    checks_given(rows, warnings, window, &repeated_names(&rows.projects))
}

/// Every data note of a plan whose records are in `rows`: the parser's
/// warnings, the checks of the rows, and the checks of the totals it states.
pub fn plan_checks(rows: &Rows, plan: &Plan) -> Vec<Note> {
    let mut notes = checks(rows, &plan.warnings, plan.window);
    notes.extend(stated_total_checks(&plan.totals, rows));
    notes.sort_by_key(|n| n.line);
    notes
}

/// Cross-checks of the totals a document states: against the projects read
/// when it counts as many as were read, and against its parts (the totals
/// right after it whose counts add up to its count: 续建 78 + 新开工 64 = 142).
/// Only differences are noted.
pub fn stated_total_checks(totals: &[StatedTotal], rows: &Rows) -> Vec<Note> {
    let mut notes = Vec::new();
    let check = |line: u32, finding: Finding| Note { line, kind: "check", finding };
    let read = || rows.projects.total();
    for (i, t) in totals.iter().enumerate() {
        let (Some(count), Some(amount)) = (t.count, t.amount) else { continue };
        if count as usize == rows.projects.len() && count > 0 && amount != read() && !t.approx {
            let (stated, read) = (amount.yi_text(), read().yi_text());
            notes.push(check(t.line, Finding::StatedTotal { label: t.label.clone(), count, stated, read }));
        }
        // Its breakdowns: runs of the totals after it whose counts add up to its count.
        let mut j = i + 1;
        while j < totals.len() && totals[j].line.abs_diff(t.line) <= 3 {
            let (mut counted, mut sum, mut k) = (0u32, Money::ZERO, j);
            while k < totals.len() && counted < count {
                counted += totals[k].count.unwrap_or(u32::MAX / 2);
                sum = sum + totals[k].amount.unwrap_or_default();
                k += 1;
            }
            if counted != count || k == j + 1 {
                break;
            }
            if sum != amount && !totals[j..k].iter().any(|p| p.approx) && !t.approx {
                let finding =
                    Finding::StatedParts { label: t.label.clone(), stated: amount.yi_text(), parts: sum.yi_text() };
                notes.push(check(t.line, finding));
            }
            j = k;
        }
    }
    notes
}

/// Each project whose name an earlier row already has, with that first row
/// (row numbers): rows sorted by name (ties in table order), then each run of
/// one name. A sort, not a map: hashing a million names costs more than
/// ordering them. The page's reader worker finds them for a big table, off
/// the main thread.
pub fn repeated_names(projects: &[Project]) -> Vec<(usize, usize)> {
    repeated_among(projects.len(), |i| &projects[i].name)
}

/// [`repeated_names`] of projects held as flat buffers (the reader worker's
/// big table), read from their text in place.
pub fn repeated_names_in(buffers: &ProjectBuffers) -> Vec<(usize, usize)> {
    repeated_among(buffers.len(), |i| buffers.name(i))
}

/// Rows are put in order by a 64-bit hash of their name (integers, not
/// strings, compared), then only rows of one hash are compared by name: the
/// repeated names found, in name order as a sort of the names gives them.
fn repeated_among<'a>(rows: usize, name: impl Fn(usize) -> &'a str) -> Vec<(usize, usize)> {
    let mut by_hash: Vec<(u64, u32)> =
        (0..rows).filter(|&i| !name(i).is_empty()).map(|i| (name_hash(name(i)), i as u32)).collect();
    by_hash.sort_unstable();
    let mut repeated: Vec<(usize, usize)> = Vec::new();
    for run in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Names of one hash, in table order: each row after the first of its name.
        let mut rows: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
        rows.sort_unstable_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        for same in rows.chunk_by(|&a, &b| name(a) == name(b)) {
            repeated.extend(same[1..].iter().map(|&i| (i, same[0])));
        }
    }
    repeated.sort_unstable_by(|a, b| name(a.1).cmp(name(b.1)).then(a.0.cmp(&b.0)));
    repeated
}

/// FNV-1a over the name's bytes: a fast hash (a collision costs a comparison, never a wrong answer).
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
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
    // The projects' fields are read one by one: a big table's are not built into projects.
    let projects = &rows.projects;
    let total = projects.total().yi();
    let by_type: f64 = investment_by_type(rows, &Filter::default()).iter().map(|s| s.value).sum();
    // With no projects there is no sum to check.
    notes.extend((!projects.is_empty()).then(|| Note {
        line: projects.line(0),
        kind: "check",
        finding: Finding::InvestmentSum {
            cells: projects.with_investment(),
            total: crate::model::money::round_half_up(total, 2),
            by_type: crate::model::money::round_half_up(by_type, 2),
            equal: (total - by_type).abs() < 1e-6,
        },
    }));
    if let Some((a, b)) = window {
        for i in 0..projects.len() {
            let (Some(start), end) = projects.years(i) else { continue };
            let end = end.unwrap_or(start);
            if start < a || end > b {
                let (no, name) = (projects.no(i), projects.name(i).to_string());
                let finding = Finding::OutsideWindow { no, name, start, end, from: a, to: b };
                notes.push(Note { line: projects.line(i), kind: "check", finding });
            }
        }
    }
    for &(row, first) in repeated.iter().filter(|&&(row, first)| row.max(first) < projects.len()) {
        let finding = Finding::RepeatedName { no: projects.no(row), first_line: projects.line(first) };
        notes.push(Note { line: projects.line(row), kind: "check", finding });
    }
    for (n, t) in rows.tasks.iter().enumerate() {
        if n > 0 && t.no != rows.tasks[n - 1].no + 1 {
            let finding = Finding::NumberGap { record: Record::Task, from: rows.tasks[n - 1].no, to: t.no };
            notes.push(Note { line: t.line, kind: "check", finding });
        }
    }
    for n in 1..projects.len() {
        let (from, to) = (projects.no(n - 1), projects.no(n));
        if to != from.wrapping_add(1) {
            let finding = Finding::NumberGap { record: Record::Project, from, to };
            notes.push(Note { line: projects.line(n), kind: "check", finding });
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
                    from_prose: p.read_from.is_prose(),
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
