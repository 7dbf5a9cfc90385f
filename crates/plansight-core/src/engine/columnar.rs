//! Projects as columns, and the analyses that read them.
//!
//! The row analyses walked `Project` structs and compared type strings per
//! row; here a table is read once into columns (types dictionary-encoded as
//! codes into one list, money as exact 分, years as integers), a filter
//! becomes a selection (the kept row numbers, or all), and a group-by is one
//! loop over codes. Sums stay exact: 分 accumulate in `i64` in chunks short
//! enough never to overflow, then in `i128`.
//!
//! Spreading a project over its years needs no per-row inner loop: rows are
//! summed into buckets by (type, first year, length), and only the buckets
//! (a few hundred) are spread over their years.
//!
//! The row-by-row versions in `analysis::rowwise` remain the reference; property tests
//! hold the two equal (`tests/columnar.rs`).

use super::filter::{categories, Filter, Selection};
use super::projects::Projects;
use crate::model::buffers::{ProjectBuffers, NONE_FEN, NONE_YEAR};
use crate::model::{BuilderKind, Project};
use std::borrow::Cow;

/// A year that is not known.
const NO_YEAR: i32 = i32::MIN;

/// Projects as columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectColumns {
    /// Project types in document order ("" last when some project has none).
    pub types: Vec<String>,
    /// Each project's type, as an index into `types`.
    pub kind: Vec<u32>,
    /// Investment in 分; 0 where unknown (see `has_investment`).
    pub fen: Vec<i64>,
    pub has_investment: Vec<bool>,
    /// Construction period; `NO_YEAR` where unknown.
    pub start: Vec<i32>,
    pub end: Vec<i32>,
    /// Each project's builder kind, as its index in `BuilderKind::ALL`.
    pub builder: Vec<u32>,
    /// The largest |分| of one project: how many rows an `i64` sum may take.
    max_abs_fen: u64,
    /// Projects of each type, and of each builder kind, in the whole table
    /// (counted once, at the load).
    counts: Vec<usize>,
    builder_counts: Vec<usize>,
}

/// Each project's name, builder and type, lowercased once, for the filter's
/// text search (built on the first search, not at the load).
pub fn search_text(projects: &Projects) -> Vec<String> {
    let text = |i| format!("{}\u{1}{}\u{1}{}", projects.name(i), projects.builder(i), projects.kind(i));
    (0..projects.len()).map(|i| text(i).to_lowercase()).collect()
}

/// The columns of the rows a selection keeps, as plain slices (borrowed when
/// it keeps all rows), so the passes over them are simple loops.
struct KeptRows<'a> {
    kind: Cow<'a, [u32]>,
    start: Cow<'a, [i32]>,
    end: Cow<'a, [i32]>,
    fen: Cow<'a, [i64]>,
    has: Cow<'a, [bool]>,
    /// The row numbers, when not all rows.
    rows: Option<&'a [u32]>,
}

/// Exact per-code sums of 分 over a selection (and counts of a partial one:
/// all rows' counts are known from the load); 分 add up in `i64` in chunks
/// short enough never to overflow, then in `i128`.
fn sum_by_code(
    codes: &[u32],
    fen: &[i64],
    buckets: usize,
    max_abs: u64,
    selection: &Selection,
) -> (Vec<i128>, Vec<usize>) {
    let mut total = vec![0i128; buckets];
    let mut partial = vec![0i64; buckets];
    let mut count = vec![0usize; buckets];
    let chunk = chunk_rows(max_abs);
    match selection {
        Selection::All(n) => {
            let n = (*n).min(codes.len()).min(fen.len());
            for start in (0..n).step_by(chunk) {
                let end = (start + chunk).min(n);
                // The hot loop: one load of code and amount, one add.
                for (&c, &f) in codes[start..end].iter().zip(&fen[start..end]) {
                    partial[c as usize] += f;
                }
                flush(&mut total, &mut partial);
            }
        }
        Selection::Rows(rows) => {
            for part in rows.chunks(chunk) {
                for &i in part {
                    let c = codes[i as usize] as usize;
                    partial[c] += fen[i as usize];
                    count[c] += 1;
                }
                flush(&mut total, &mut partial);
            }
        }
    }
    (total, count)
}

/// How many times each code occurs.
fn count_codes(codes: &[u32], buckets: usize) -> Vec<usize> {
    let mut counts = vec![0; buckets];
    for &c in codes {
        counts[c as usize] += 1;
    }
    counts
}

/// Rows of at most `max_abs` 分 each that an `i64` sum takes whatever their signs.
fn chunk_rows(max_abs: u64) -> usize {
    (i64::MAX as u64 / max_abs.max(1)).clamp(1, 1 << 20) as usize
}

/// Moves partial `i64` sums into the `i128` totals.
fn flush(total: &mut [i128], partial: &mut [i64]) {
    for (t, p) in total.iter_mut().zip(partial.iter_mut()) {
        *t += *p as i128;
        *p = 0;
    }
}

/// Per type: exact total (分), count of projects.
#[derive(Debug, Clone, PartialEq)]
pub struct ByType {
    pub fen: Vec<i128>,
    pub count: Vec<usize>,
    /// All kept projects, typed or not.
    pub total_fen: i128,
}

/// Investment spread over years, by type: `values[type][year - years.0]` in 亿元.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    /// First and last year (inclusive); `None` when nothing can be spread.
    pub years: Option<(i32, i32)>,
    pub values: Vec<Vec<f64>>,
    /// 亿元 spread inside the window, and in all.
    pub window_total: f64,
    pub all_total: f64,
    /// Kept projects whose investment or period is unknown.
    pub not_spread: Vec<usize>,
}

impl ProjectColumns {
    /// The model's projects as columns.
    pub fn from_projects(projects: &[Project]) -> ProjectColumns {
        let types = categories(projects.iter().map(|p| p.kind.as_str()));
        let code_of = |k: &str| types.iter().position(|t| t == k).unwrap_or(types.len().saturating_sub(1)) as u32;
        // Types repeat in runs (one table section after another): remember the last one.
        let mut last: Option<(&str, u32)> = None;
        let mut kind = Vec::with_capacity(projects.len());
        for p in projects {
            let code = match last {
                Some((k, c)) if k == p.kind => c,
                _ => code_of(&p.kind),
            };
            last = Some((&p.kind, code));
            kind.push(code);
        }
        let fen: Vec<i64> = projects.iter().map(|p| p.investment.unwrap_or_default().fen()).collect();
        ProjectColumns {
            kind,
            max_abs_fen: fen.iter().map(|f| f.unsigned_abs()).max().unwrap_or(0),
            fen,
            has_investment: projects.iter().map(|p| p.investment.is_some()).collect(),
            start: projects.iter().map(|p| p.start_year.unwrap_or(NO_YEAR)).collect(),
            end: projects.iter().map(|p| p.end_year.unwrap_or(NO_YEAR)).collect(),
            builder: projects.iter().map(|p| p.builder_kind as u32).collect(),
            types,
            counts: Vec::new(),
            builder_counts: Vec::new(),
        }
        .counted()
    }

    /// The columns of projects held as flat buffers (a big table from the
    /// reader worker), the same as `from_projects` of their projects: type
    /// codes renumbered into the table's order, no text looked at.
    pub fn from_buffers(b: &ProjectBuffers) -> ProjectColumns {
        let types = categories(b.types.iter().map(String::as_str));
        let last = types.len().saturating_sub(1) as u32;
        let code: Vec<u32> =
            b.types.iter().map(|t| types.iter().position(|x| x == t).map_or(last, |p| p as u32)).collect();
        let year = |y: &i32| if *y == NONE_YEAR { NO_YEAR } else { *y };
        let fen: Vec<i64> = b.fen.iter().map(|&f| if f == NONE_FEN { 0 } else { f }).collect();
        ProjectColumns {
            kind: b.kind.iter().map(|&k| code.get(k as usize).copied().unwrap_or(last)).collect(),
            max_abs_fen: fen.iter().map(|f| f.unsigned_abs()).max().unwrap_or(0),
            fen,
            has_investment: b.fen.iter().map(|&f| f != NONE_FEN).collect(),
            start: b.start.iter().map(year).collect(),
            end: b.end.iter().map(year).collect(),
            builder: b.builder_kind.iter().map(|&k| k as u32).collect(),
            types,
            counts: Vec::new(),
            builder_counts: Vec::new(),
        }
        .counted()
    }

    /// A table given as arrays (the benchmark's typed arrays, or Arrow columns):
    /// type codes into `types`, years, investment in 亿元. Rows whose amount is
    /// not a finite number have none.
    pub fn from_arrays(types: Vec<String>, kind: &[u8], start: &[i32], end: &[i32], yi: &[f64]) -> ProjectColumns {
        let n = kind.len().min(start.len()).min(end.len()).min(yi.len());
        let last = types.len().saturating_sub(1) as u32;
        // 分, rounded half away from zero as `Money::from_yi` does (trunc is one
        // wasm instruction, round a call); not a finite amount: none.
        let fen: Vec<i64> = yi[..n]
            .iter()
            .map(|&v| {
                let x = v * 1e10;
                let t = x.trunc();
                // x − trunc(x) is exact, so this rounds exactly like `f64::round`.
                let f = if (x - t).abs() >= 0.5 { t + 1f64.copysign(x) } else { t };
                if f.abs() < 9e18 {
                    f as i64
                } else {
                    0
                }
            })
            .collect();
        let has_investment = yi[..n].iter().map(|&v| (v * 1e10).abs() < 9e18).collect();
        ProjectColumns {
            kind: kind[..n].iter().map(|&k| (k as u32).min(last)).collect(),
            max_abs_fen: fen.iter().map(|f| f.unsigned_abs()).max().unwrap_or(0),
            fen,
            has_investment,
            start: start[..n].to_vec(),
            end: end[..n].to_vec(),
            // No builders and no text: every row is of unknown kind and matches no search.
            builder: vec![BuilderKind::Unknown as u32; n],
            types,
            counts: Vec::new(),
            builder_counts: Vec::new(),
        }
        .counted()
    }

    pub fn len(&self) -> usize {
        self.kind.len()
    }

    /// Counts per type and per builder kind, once the columns are filled.
    fn counted(mut self) -> ProjectColumns {
        self.counts = count_codes(&self.kind, self.types.len());
        self.builder_counts = count_codes(&self.builder, BuilderKind::ALL.len());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    /// The rows `f` keeps (as `Filter::keeps_project` decides, row by row).
    /// `search_text` holds each row's searchable text, lowercased (see
    /// [`search_text`]); a table without it matches no search.
    pub fn select(&self, f: &Filter, search_text: &[String]) -> Selection {
        let n = self.len();
        let needle = f.search.trim().to_lowercase();
        if f.types.is_empty() && f.builder_kinds.is_empty() && f.years.is_none() && needle.is_empty() {
            return Selection::All(n);
        }
        // Per type code and per builder kind, decided once.
        let type_kept: Vec<bool> = self.types.iter().map(|t| f.types.is_empty() || f.selects_action(t)).collect();
        let kind_kept: Vec<bool> =
            BuilderKind::ALL.iter().map(|k| f.builder_kinds.is_empty() || f.builder_kinds.contains(k)).collect();
        let kept = (0..n).filter(|&i| {
            let in_years = match f.years {
                None => true,
                Some((from, to)) => {
                    let start = self.start[i];
                    let end = if self.end[i] == NO_YEAR { start } else { self.end[i] };
                    start != NO_YEAR && start <= to && end >= from
                }
            };
            type_kept[self.kind[i] as usize]
                && kind_kept[self.builder[i] as usize]
                && in_years
                && (needle.is_empty()
                    || search_text.get(i).is_some_and(|t| t.split('\u{1}').any(|field| field.contains(&needle))))
        });
        Selection::Rows(kept.map(|i| i as u32).collect())
    }

    /// Q1: investment and count by type over a selection.
    pub fn by_type(&self, selection: &Selection) -> ByType {
        self.by_code(&self.kind, &self.counts, selection)
    }

    /// Investment and count by builder kind (in `BuilderKind::ALL` order).
    pub fn by_builder_kind(&self, selection: &Selection) -> ByType {
        self.by_code(&self.builder, &self.builder_counts, selection)
    }

    /// Projects of each builder kind in the whole table.
    pub fn builder_counts(&self) -> &[usize] {
        &self.builder_counts
    }

    fn by_code(&self, codes: &[u32], all_counts: &[usize], selection: &Selection) -> ByType {
        let (fen, mut count) = sum_by_code(codes, &self.fen, all_counts.len(), self.max_abs_fen, selection);
        if let Selection::All(_) = selection {
            count = all_counts.to_vec();
        }
        ByType { total_fen: fen.iter().sum(), fen, count }
    }

    /// The `n` kept rows with the largest investment (rows without one left
    /// out), largest first, ties in table order. One pass that keeps the `n`
    /// largest seen so far (a min-heap), so the largest of a million rows cost
    /// neither a sort nor a copy of the selection.
    pub fn largest(&self, selection: &Selection, n: usize) -> Vec<usize> {
        use std::cmp::Reverse;
        let order = |&a: &usize, &b: &usize| self.fen[b].cmp(&self.fen[a]).then(a.cmp(&b));
        let with_amount = selection.iter().filter(|&i| self.has_investment[i]);
        if n >= selection.len() {
            let mut rows: Vec<usize> = with_amount.collect();
            rows.sort_unstable_by(order);
            return rows;
        }
        // Greater key = ranks higher: more 分, then the earlier row.
        let mut heap = std::collections::BinaryHeap::with_capacity(n + 1);
        for i in with_amount {
            let key = Reverse((self.fen[i], Reverse(i)));
            if heap.len() < n {
                heap.push(key);
            } else if let Some(mut smallest) = heap.peek_mut() {
                if key < *smallest {
                    *smallest = key;
                }
            }
        }
        let mut rows: Vec<usize> = heap.into_iter().map(|Reverse((_, Reverse(i)))| i).collect();
        rows.sort_unstable_by(order);
        rows
    }

    /// The first start and last end (or start) of any period; `None` without one.
    pub fn year_span(&self) -> Option<(i32, i32)> {
        let first = self.start.iter().filter(|&&y| y != NO_YEAR).min()?;
        let last = self.end.iter().zip(&self.start).map(|(&e, &s)| if e == NO_YEAR { s } else { e }).max()?;
        Some((*first, last.max(*first)))
    }

    /// Kept rows whose investment is unknown.
    pub fn missing_investment(&self, selection: &Selection) -> usize {
        selection.iter().filter(|&i| !self.has_investment[i]).count()
    }

    fn kept<'a>(&'a self, selection: &'a Selection) -> KeptRows<'a> {
        match selection {
            Selection::All(n) => {
                let n = (*n).min(self.len());
                KeptRows {
                    kind: Cow::Borrowed(&self.kind[..n]),
                    start: Cow::Borrowed(&self.start[..n]),
                    end: Cow::Borrowed(&self.end[..n]),
                    fen: Cow::Borrowed(&self.fen[..n]),
                    has: Cow::Borrowed(&self.has_investment[..n]),
                    rows: None,
                }
            }
            Selection::Rows(rows) => {
                fn pick<T: Copy>(column: &[T], rows: &[u32]) -> Cow<'static, [T]> {
                    Cow::Owned(rows.iter().map(|&i| column[i as usize]).collect())
                }
                KeptRows {
                    kind: pick(&self.kind, rows),
                    start: pick(&self.start, rows),
                    end: pick(&self.end, rows),
                    fen: pick(&self.fen, rows),
                    has: pick(&self.has_investment, rows),
                    rows: Some(rows),
                }
            }
        }
    }

    /// Q2: each project's investment spread evenly over its construction years,
    /// by type; years limited to `limit` when given; `window` totals apart.
    pub fn spread(&self, selection: &Selection, limit: Option<(i32, i32)>, window: Option<(i32, i32)>) -> Spread {
        let KeptRows { kind, start, end, fen, has, rows } = self.kept(selection);
        let (kind, start, end, fen, has) = (&kind[..], &start[..], &end[..], &fen[..], &has[..]);
        // Rows that can be spread: amount and a forward period known.
        let spreadable = |s: i32, e: i32, h: bool| h && s != NO_YEAR && e >= s;
        let (mut first, mut last, mut longest) = (i32::MAX, i32::MIN, 0i64);
        let mut not_spread = Vec::new();
        for (j, ((&s, &e), &h)) in start.iter().zip(end).zip(has).enumerate() {
            if spreadable(s, e, h) {
                first = first.min(s);
                last = last.max(e);
                longest = longest.max(e as i64 - s as i64 + 1);
            } else {
                not_spread.push(rows.map_or(j, |r| r[j] as usize));
            }
        }
        let types = self.types.len();
        if first > last {
            return Spread {
                years: None,
                values: vec![Vec::new(); types],
                window_total: 0.0,
                all_total: 0.0,
                not_spread,
            };
        }
        let span = (last as i64 - first as i64 + 1) as usize;
        let longest = longest as usize;
        // Buckets by (type, first year, length): each row's bucket, then exact
        // sums of 分 by bucket with Q1's loop (rows that cannot be spread go to
        // one last bucket that is never read).
        let buckets = types.saturating_mul(span).saturating_mul(longest);
        let sums: Vec<i128> = if buckets < 1 << 22 {
            let codes: Vec<u32> = kind
                .iter()
                .zip(start)
                .zip(end)
                .zip(has)
                .map(|(((&k, &s), &e), &h)| {
                    if spreadable(s, e, h) {
                        ((k as usize * span + (s - first) as usize) * longest + (e - s) as usize) as u32
                    } else {
                        buckets as u32
                    }
                })
                .collect();
            let (mut sums, _) = sum_by_code(&codes, fen, buckets + 1, self.max_abs_fen, &Selection::All(codes.len()));
            sums.truncate(buckets);
            sums
        } else {
            Vec::new()
        };
        let (from, to) = match limit {
            Some((a, b)) => (first.max(a), last.min(b)),
            None => (first, last),
        };
        let width = if to >= from { (to - from + 1) as usize } else { 0 };
        let mut values = vec![vec![0.0; width]; types];
        let (mut inside, mut all) = (0.0, 0.0);
        let mut spread_one = |t: usize, start: i32, len: usize, fen: f64| {
            let per_year = fen / len as f64 / 1e10;
            for y in start..start + len as i32 {
                all += per_year;
                if window.is_some_and(|(a, b)| (a..=b).contains(&y)) {
                    inside += per_year;
                }
                if (from..=to).contains(&y) {
                    values[t][(y - from) as usize] += per_year;
                }
            }
        };
        if sums.is_empty() {
            // Years too many for buckets (a malformed table): row by row.
            for (((&k, &s), &e), (&f, &h)) in kind.iter().zip(start).zip(end).zip(fen.iter().zip(has)) {
                if spreadable(s, e, h) {
                    spread_one(k as usize, s, (e - s + 1) as usize, f as f64);
                }
            }
        } else {
            for (b, &sum) in sums.iter().enumerate().filter(|(_, s)| **s != 0) {
                let (t, rest) = (b / (span * longest), b % (span * longest));
                let (s, l) = (rest / longest, rest % longest);
                spread_one(t, first + s as i32, l + 1, sum as f64);
            }
        }
        Spread { years: (width > 0).then_some((from, to)), values, window_total: inside, all_total: all, not_spread }
    }
}
