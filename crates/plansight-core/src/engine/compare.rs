//! Two editions of a plan compared (A → B): which project of A is which of B,
//! and what changed between them. Projects added, dropped, re-budgeted,
//! re-scheduled and re-typed, with a bridge from A's total to B's that closes
//! to the 分; tasks added and dropped; targets raised, lowered, dropped and
//! new; and A's promises held against B's baselines.
//!
//! Matching, in rounds, each round only among the rows still free:
//! 1. the same name, as written;
//! 2. the same name once editions' rewriting is undone ([`name_key`]: widths,
//!    spaces, brackets and punctuation, a place prefix such as 诸暨市, a closing
//!    项目/工程, 一期 written as 1期);
//! 3. similar names: the character pairs two keys share (Dice), with the
//!    builder and the type as support, never two names that number different
//!    things (一期 and 二期, 3号线 and 4号线). Candidates come from an index of
//!    the keys' character pairs, so two lists of 10,000 projects match without
//!    comparing all pairs.
//!
//! The reader's corrections come first: pairs matched by hand, pairs never to
//! be matched.

use crate::model::{Comparator, Indicator, IndicatorKind, Money, Project, Task};
use crate::read::text::fold_width;
use serde::Serialize;
use std::collections::HashMap;

/// The reader's corrections, by row (index in each plan's projects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    /// (row of A, row of B) matched by hand.
    pub matched: Vec<(usize, usize)>,
    /// (row of A, row of B) that are not the same project.
    pub unmatched: Vec<(usize, usize)>,
}

/// How a pair was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Name,
    Normalised,
    Similar,
    Hand,
}

/// A project of A that is a project of B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub a: usize,
    pub b: usize,
    /// 1 for the same name or a hand match; below for a rewritten or similar name.
    pub confidence: f64,
    pub by: MatchedBy,
}

/// The bridge from A's total to B's: A − dropped + added + raised − cut = B,
/// exactly (a project with no amount counts as nothing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bridge {
    pub a_total: Money,
    pub dropped: Money,
    pub added: Money,
    /// Matched projects whose amount grew (or was newly stated), summed.
    pub raised: Money,
    /// Matched projects whose amount shrank (or is no longer stated), summed.
    pub cut: Money,
    pub b_total: Money,
}

/// What became of a target of A in B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetChange {
    Raised,
    Lowered,
    Same,
    /// The same metric, now in another unit: not comparable.
    Restated,
    Dropped,
    New,
}

/// A target of A and/or of B for one metric (the latest year each states).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetPair {
    pub metric: String,
    pub a: Option<usize>,
    pub b: Option<usize>,
    pub change: TargetChange,
}

/// A's target for a metric against B's baseline for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Promise {
    pub metric: String,
    /// The target, in A's indicators; the baseline, in B's.
    pub target: usize,
    pub baseline: usize,
    pub kept: bool,
}

/// Everything that changed from A to B.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    pub matches: Vec<Match>,
    /// Rows of B matched by nothing in A.
    pub added: Vec<usize>,
    /// Rows of A matched by nothing in B.
    pub dropped: Vec<usize>,
    /// Indices into `matches` whose amounts (both stated) differ.
    pub rebudgeted: Vec<usize>,
    /// Indices into `matches` whose periods differ.
    pub rescheduled: Vec<usize>,
    /// Indices into `matches` whose types differ.
    pub retyped: Vec<usize>,
    pub bridge: Bridge,
    /// Tasks of B matched by nothing in A, and of A by nothing in B.
    pub tasks_added: Vec<usize>,
    pub tasks_dropped: Vec<usize>,
    pub tasks_kept: usize,
    pub targets: Vec<TargetPair>,
    pub promises: Vec<Promise>,
}

/// One edition's records (a plan's, or the rows a page holds).
#[derive(Debug, Clone, Copy)]
pub struct Edition<'a> {
    pub projects: &'a [Project],
    pub tasks: &'a [Task],
    pub indicators: &'a [Indicator],
}

impl<'a> From<&'a crate::model::Plan> for Edition<'a> {
    fn from(p: &'a crate::model::Plan) -> Edition<'a> {
        Edition { projects: &p.projects, tasks: &p.tasks, indicators: &p.indicators }
    }
}

impl<'a> From<&'a super::rows::Rows> for Edition<'a> {
    fn from(r: &'a super::rows::Rows) -> Edition<'a> {
        Edition { projects: &r.projects, tasks: &r.tasks, indicators: &r.indicators }
    }
}

/// Compares edition A with edition B.
pub fn compare(a: Edition, b: Edition, corrections: &Corrections) -> Comparison {
    let (pa, ta, ia) = (a.projects, a.tasks, a.indicators);
    let (pb, tb, ib) = (b.projects, b.tasks, b.indicators);
    let matches = match_projects(pa, pb, corrections);
    let (dropped, added) = unmatched(pa.len(), pb.len(), matches.iter().map(|m| (m.a, m.b)));
    let which = |differs: &dyn Fn(&Project, &Project) -> bool| -> Vec<usize> {
        matches.iter().enumerate().filter(|(_, m)| differs(&pa[m.a], &pb[m.b])).map(|(i, _)| i).collect()
    };
    let rebudgeted = which(&|x, y| x.investment.is_some() && y.investment.is_some() && x.investment != y.investment);
    let rescheduled = which(&|x, y| {
        (x.start_year, x.end_year) != (y.start_year, y.end_year) && (x.start_year.is_some() || y.start_year.is_some())
    });
    let retyped = which(&|x, y| !x.kind.is_empty() && !y.kind.is_empty() && x.kind != y.kind);
    let bridge = bridge(pa, pb, &matches, &dropped, &added);
    let task_matches = match_items(&task_items(ta), &task_items(tb), &Corrections::default());
    let (tasks_dropped, tasks_added) = unmatched(ta.len(), tb.len(), task_matches.iter().map(|m| (m.a, m.b)));
    Comparison {
        added,
        dropped,
        rebudgeted,
        rescheduled,
        retyped,
        bridge,
        tasks_kept: task_matches.len(),
        tasks_added,
        tasks_dropped,
        targets: targets(ia, ib),
        promises: promises(ia, ib),
        matches,
    }
}

impl Comparison {
    /// How many projects each step of the bridge holds: dropped, added, and
    /// the matched ones whose amount rose or fell.
    pub fn step_counts(&self, a: &[Project], b: &[Project]) -> [usize; 4] {
        let amount = |p: &Project| p.investment.map_or(0, Money::fen);
        let delta = |m: &Match| amount(&b[m.b]).cmp(&amount(&a[m.a])) as i8;
        [
            self.dropped.len(),
            self.added.len(),
            self.matches.iter().filter(|m| delta(m) > 0).count(),
            self.matches.iter().filter(|m| delta(m) < 0).count(),
        ]
    }
}

fn unmatched(a: usize, b: usize, pairs: impl Iterator<Item = (usize, usize)>) -> (Vec<usize>, Vec<usize>) {
    let (mut in_a, mut in_b) = (vec![false; a], vec![false; b]);
    for (x, y) in pairs {
        in_a[x] = true;
        in_b[y] = true;
    }
    let free = |taken: Vec<bool>| taken.iter().enumerate().filter(|(_, t)| !**t).map(|(i, _)| i).collect();
    (free(in_a), free(in_b))
}

fn bridge(pa: &[Project], pb: &[Project], matches: &[Match], dropped: &[usize], added: &[usize]) -> Bridge {
    let amount = |p: &Project| p.investment.unwrap_or(Money::ZERO);
    let total = |ps: &[Project]| ps.iter().map(amount).sum::<Money>();
    let (mut raised, mut cut) = (Money::ZERO, Money::ZERO);
    for m in matches {
        let (x, y) = (amount(&pa[m.a]), amount(&pb[m.b]));
        if y > x {
            raised = raised + y.minus(x);
        } else {
            cut = cut + x.minus(y);
        }
    }
    Bridge {
        a_total: total(pa),
        dropped: dropped.iter().map(|&i| amount(&pa[i])).sum(),
        added: added.iter().map(|&i| amount(&pb[i])).sum(),
        raised,
        cut,
        b_total: total(pb),
    }
}

/// Matches the projects of A with those of B (see the module's rounds).
pub fn match_projects(a: &[Project], b: &[Project], corrections: &Corrections) -> Vec<Match> {
    match_items(&project_items(a), &project_items(b), corrections)
}

fn project_items(projects: &[Project]) -> Vec<Item<'_>> {
    projects.iter().map(|p| Item::new(&p.name, &p.builder, &p.kind, p.investment.map(Money::fen))).collect()
}

/// Tasks are matched by their work's text (their area as the type).
fn task_items(tasks: &[Task]) -> Vec<Item<'_>> {
    tasks.iter().map(|t| Item::new(&t.work, "", &t.area, None)).collect()
}

/// A row as the matcher sees it.
struct Item<'a> {
    raw: String,
    key: String,
    /// The key's character pairs, each once (two chars packed in a u64: one
    /// sort and one index type for all, which keeps the page's wasm small).
    pairs: Vec<u64>,
    /// The numbers the name holds (一期 → 1, 3号线 → 3): names that number different things differ.
    numbers: Vec<String>,
    /// The town or street the name starts with (枫桥镇, 暨阳街道): one town's
    /// sewage works is not another's; and the county or city it names first
    /// (绍兴市上虞区: a key drops it, so it is compared apart).
    locality: Option<String>,
    place: Option<String>,
    builder: &'a str,
    kind: &'a str,
    fen: Option<i64>,
}

impl<'a> Item<'a> {
    /// Whether two names are of one place: the places they start with agree,
    /// or one states none (an edition adds or drops its own place), or one is
    /// the other's start (绍兴市 of 绍兴市柯桥区). 上虞区 and 柯桥区 differ.
    fn same_place(&self, other: &Item) -> bool {
        match (&self.place, &other.place) {
            (Some(x), Some(y)) => {
                let (x, y) = (x.as_str(), y.as_str());
                x.starts_with(y) || y.starts_with(x) || x.ends_with(y) || y.ends_with(x)
            }
            _ => true,
        }
    }

    fn new(name: &str, builder: &'a str, kind: &'a str, fen: Option<i64>) -> Item<'a> {
        let (place, key) = place_and_key(name);
        let chars: Vec<char> = key.chars().collect();
        let mut pairs: Vec<u64> = chars.windows(2).map(|w| (w[0] as u64) << 32 | w[1] as u64).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut numbers = Vec::new();
        let mut run = String::new();
        for c in key.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                run.push(c);
            } else if !run.is_empty() {
                numbers.push(std::mem::take(&mut run));
            }
        }
        let (locality, place) = (locality(&key), Some(place).filter(|p| !p.is_empty()).or_else(|| district(&key)));
        Item {
            raw: squeeze_name(name),
            key,
            pairs,
            numbers,
            locality,
            place,
            builder: builder.trim(),
            kind: kind.trim(),
            fen,
        }
    }

    /// How alike two rows are, 0 to 1: the names' shared character pairs
    /// (Dice), a little more for the same builder or type, a hair for close
    /// amounts (a tie-break); 0 for names numbering different things.
    fn score(&self, other: &Item, shared: usize) -> f64 {
        let differ = |x: &[String], y: &[String]| !x.is_empty() && !y.is_empty() && x != y;
        let places = |x: &Option<String>, y: &Option<String>| x.is_some() && y.is_some() && x != y;
        if differ(&self.numbers, &other.numbers) || places(&self.locality, &other.locality) || !self.same_place(other) {
            return 0.0;
        }
        let total = self.pairs.len() + other.pairs.len();
        let dice = if total == 0 { 0.0 } else { 2.0 * shared as f64 / total as f64 };
        let same = |x: &str, y: &str| !x.is_empty() && x == y;
        let mut score = dice;
        if same(self.builder, other.builder) {
            score += 0.1;
        }
        if same(self.kind, other.kind) {
            score += 0.05;
        }
        if let (Some(x), Some(y)) = (self.fen, other.fen) {
            let (lo, hi) = (x.min(y) as f64, x.max(y) as f64);
            if hi > 0.0 {
                score += 0.01 * (lo / hi);
            }
        }
        score
    }
}

/// The town, township, street or village a key starts with: a few characters
/// and 街道, or else 镇, 乡 or 村 (暨阳街道, 湖镇街道, 枫桥镇), after any
/// district before it (上虞区丰惠镇 → 丰惠镇).
fn locality(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().take(10).collect();
    let street =
        (2..chars.len().saturating_sub(1)).find(|&i| chars[i] == '街' && chars[i + 1] == '道').map(|i| (i, i + 2));
    let town = || (2..chars.len()).find(|&i| matches!(chars[i], '镇' | '乡' | '村')).map(|i| (i, i + 1));
    let (at, end) = street.or_else(town)?;
    // After the last district or county before it, the town keeping two characters (柳市街道).
    let start =
        chars[..at.saturating_sub(1)].iter().rposition(|c| matches!(c, '区' | '县' | '市')).map_or(0, |p| p + 1);
    (end < key.chars().count() && at > start).then(|| chars[start..end].iter().collect())
}

/// A district a key starts with when no city stands before it (上虞区, 柯桥区):
/// two or three characters and 区, not a 小区, 园区, 社区 or 新区.
fn district(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().take(5).collect();
    let at = (2..chars.len().min(4)).find(|&i| chars[i] == '区')?;
    let plain = !matches!(
        chars[at - 1],
        '小' | '社'
            | '园'
            | '景'
            | '校'
            | '城'
            | '片'
            | '厂'
            | '矿'
            | '库'
            | '街'
            | '新'
            | '东'
            | '西'
            | '南'
            | '北'
    );
    (plain && key.chars().count() > at + 3).then(|| chars[..=at].iter().collect())
}

/// A name as written, without spaces (a cell may wrap anywhere).
fn squeeze_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A project's name with what editions rewrite undone: full-width forms,
/// spaces, brackets and punctuation, a leading place (诸暨市, 绍兴市柯桥区), a
/// closing 项目 or 工程, and Chinese numerals before 期/标段/号 as digits.
pub fn name_key(name: &str) -> String {
    place_and_key(name).1
}

/// A name's leading place (诸暨市, 绍兴市柯桥区: what [`name_key`] drops) and its key.
fn place_and_key(name: &str) -> (String, String) {
    let folded: String = fold_width(name).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    let chars: Vec<char> = folded.chars().collect();
    // Chinese numerals that number a phase, a section or a line, as digits.
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let numbers_next = chars.get(i + 1).is_some_and(|n| matches!(n, '期' | '号' | '标' | '批'));
        match crate::read::text::parse_chinese_numeral(&c.to_string()) {
            Some(v) if numbers_next && c != '第' => out.push_str(&(v as i64).to_string()),
            _ => out.push(c),
        }
    }
    let mut key = out.as_str();
    // A place before the name: two or three characters and 省, 市 or 县 (not
    // 市场, 市政), then a district (柯桥区) after a city, while a name remains.
    let mut district = false;
    loop {
        let head: Vec<char> = key.chars().take(5).collect();
        let place = |c: char| matches!(c, '省' | '市' | '县') || (district && c == '区');
        let at = (2..=3)
            .find(|&i| head.get(i).is_some_and(|&c| place(c)) && !matches!(head.get(i + 1), Some('场' | '政' | '道')));
        let Some(at) = at else { break };
        let rest: String = key.chars().skip(at + 1).collect();
        if rest.chars().count() < 4 {
            break;
        }
        key = &key[key.len() - rest.len()..];
        district = true;
    }
    let place = out[..out.len() - key.len()].to_string();
    let key = key.strip_suffix("项目").unwrap_or(key);
    let key = key.strip_suffix("工程").unwrap_or(key);
    (place, key.to_string())
}

fn match_items(a: &[Item], b: &[Item], corrections: &Corrections) -> Vec<Match> {
    let in_range = |&(x, y): &(usize, usize)| x < a.len() && y < b.len();
    // The reader's corrections are few: a list to look through.
    let forbidden: Vec<(usize, usize)> = corrections.unmatched.iter().copied().filter(in_range).collect();
    let allowed = |x: usize, y: usize| !forbidden.contains(&(x, y));
    // Each row of A's match, by row of A (so the matches come out in A's order).
    let mut of_a: Vec<Option<Match>> = vec![None; a.len()];
    let mut free_b = vec![true; b.len()];
    let take = |x: usize, y: usize, confidence: f64, by: MatchedBy, of_a: &mut [Option<Match>], free_b: &mut [bool]| {
        if of_a[x].is_none() && free_b[y] && (by == MatchedBy::Hand || allowed(x, y)) {
            free_b[y] = false;
            of_a[x] = Some(Match { a: x, b: y, confidence, by });
        }
    };
    for &(x, y) in corrections.matched.iter().filter(|p| in_range(p)) {
        take(x, y, 1.0, MatchedBy::Hand, &mut of_a, &mut free_b);
    }
    // Rounds 1 and 2: the same name as written, then the same key; among rows
    // sharing one, the same builder first, then in order (an edition keeps its
    // table's order).
    for (round, confidence, by) in [(0, 1.0, MatchedBy::Name), (1, 0.95, MatchedBy::Normalised)] {
        let text = |item: &Item| if round == 0 { item.raw.clone() } else { item.key.clone() };
        let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
        for (y, item) in b.iter().enumerate().filter(|(y, _)| free_b[*y]) {
            by_text.entry(text(item)).or_default().push(y);
        }
        for (x, item) in a.iter().enumerate() {
            if of_a[x].is_some() || text(item).is_empty() {
                continue;
            }
            let Some(candidates) = by_text.get(&text(item)) else { continue };
            let free = || candidates.iter().copied().filter(|&y| free_b[y] && allowed(x, y) && item.same_place(&b[y]));
            let best = free().find(|&y| b[y].builder == item.builder).or_else(|| free().next());
            if let Some(y) = best {
                take(x, y, confidence, by, &mut of_a, &mut free_b);
            }
        }
    }
    // Round 3: similar names, through an index of the keys' character pairs.
    const COMMON: usize = 400; // a pair in more rows than this says nothing of which
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (y, item) in b.iter().enumerate().filter(|(y, _)| free_b[*y]) {
        for &p in &item.pairs {
            index.entry(p).or_default().push(y as u32);
        }
    }
    let mut shared = vec![0u16; b.len()];
    let mut touched = Vec::new();
    // Candidates packed as one sortable u64: the score (best first), then A's row, then B's.
    let mut candidates: Vec<u64> = Vec::new();
    for (x, item) in a.iter().enumerate().filter(|(x, _)| of_a[*x].is_none()) {
        for p in &item.pairs {
            let Some(rows) = index.get(p).filter(|r| r.len() <= COMMON) else { continue };
            for &y in rows {
                if shared[y as usize] == 0 {
                    touched.push(y as usize);
                }
                shared[y as usize] = shared[y as usize].saturating_add(1);
            }
        }
        for y in touched.drain(..) {
            let score = item.score(&b[y], shared[y] as usize);
            shared[y] = 0;
            if score >= SIMILAR && allowed(x, y) && x < ROWS && y < ROWS {
                let rank = SCORE_STEPS - (score.min(1.5) * 1e6) as u64;
                candidates.push(rank << 42 | (x as u64) << 21 | y as u64);
            }
        }
    }
    candidates.sort_unstable();
    for packed in candidates {
        let (rank, x, y) =
            (packed >> 42, (packed >> 21 & (ROWS as u64 - 1)) as usize, (packed & (ROWS as u64 - 1)) as usize);
        let score = (SCORE_STEPS - rank) as f64 / 1e6;
        take(x, y, score.min(0.9), MatchedBy::Similar, &mut of_a, &mut free_b);
    }
    of_a.into_iter().flatten().collect()
}

/// Rows a side may have for similar names to be matched (21 bits of a packed candidate).
const ROWS: usize = 1 << 21;
/// Scores to a millionth, up to 1.5, subtracted from this so the best sorts first (22 bits).
const SCORE_STEPS: u64 = 1 << 21;

/// The least score that makes two names the same project.
const SIMILAR: f64 = 0.6;

/// A metric as compared: widths folded, spaces and punctuation gone.
fn metric_key(metric: &str) -> String {
    fold_width(metric).chars().filter(|c| c.is_alphanumeric() || *c == '%').collect()
}

/// Each metric's figure of one kind: the latest year's (the horizon), by key.
fn latest(indicators: &[Indicator], kind: IndicatorKind) -> Vec<(String, usize)> {
    let mut best: HashMap<String, usize> = HashMap::new();
    let mut order = Vec::new();
    for (i, x) in indicators.iter().enumerate().filter(|(_, x)| x.kind == kind && x.value.is_finite()) {
        let key = metric_key(&x.metric);
        match best.get(&key) {
            Some(&j) if indicators[j].year >= x.year => {}
            Some(_) => {
                best.insert(key, i);
            }
            None => {
                order.push(key.clone());
                best.insert(key, i);
            }
        }
    }
    order.into_iter().map(|k| (k.clone(), best[&k])).collect()
}

fn targets(a: &[Indicator], b: &[Indicator]) -> Vec<TargetPair> {
    let (ta, tb) = (latest(a, IndicatorKind::Target), latest(b, IndicatorKind::Target));
    let in_b: HashMap<String, usize> = tb.iter().cloned().collect();
    let in_a: HashMap<String, usize> = ta.iter().cloned().collect();
    let mut out: Vec<TargetPair> = ta
        .iter()
        .map(|(key, i)| {
            let x = &a[*i];
            let (b_row, change) = match in_b.get(key) {
                None => (None, TargetChange::Dropped),
                Some(&j) if b[j].unit != x.unit => (Some(j), TargetChange::Restated),
                Some(&j) => (
                    Some(j),
                    match b[j].value.total_cmp(&x.value) {
                        std::cmp::Ordering::Greater => TargetChange::Raised,
                        std::cmp::Ordering::Less => TargetChange::Lowered,
                        std::cmp::Ordering::Equal => TargetChange::Same,
                    },
                ),
            };
            TargetPair { metric: x.metric.clone(), a: Some(*i), b: b_row, change }
        })
        .collect();
    out.extend(tb.iter().filter(|(k, _)| !in_a.contains_key(k)).map(|(_, j)| TargetPair {
        metric: b[*j].metric.clone(),
        a: None,
        b: Some(*j),
        change: TargetChange::New,
    }));
    out
}

/// A's targets against B's baselines for the same metric and unit: kept when
/// the baseline reaches the target (for a ceiling, stays within it).
fn promises(a: &[Indicator], b: &[Indicator]) -> Vec<Promise> {
    let baselines: HashMap<String, usize> = latest(b, IndicatorKind::Baseline).into_iter().collect();
    latest(a, IndicatorKind::Target)
        .into_iter()
        .filter_map(|(key, t)| {
            let base = *baselines.get(&key)?;
            let (target, reached) = (&a[t], &b[base]);
            (target.unit == reached.unit).then(|| Promise {
                metric: target.metric.clone(),
                target: t,
                baseline: base,
                kept: match target.comparator {
                    Comparator::AtMost => reached.value <= target.value,
                    _ => reached.value >= target.value,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(name: &str, kind: &str, yi: &str, years: (i32, i32), builder: &str) -> Project {
        Project {
            name: name.into(),
            kind: kind.into(),
            investment: Money::parse(yi, crate::model::money::MoneyUnit::Yi),
            start_year: Some(years.0),
            end_year: Some(years.1),
            builder: builder.into(),
            ..Project::default()
        }
    }

    #[test]
    fn keys_undo_what_editions_rewrite() {
        assert_eq!(name_key("诸暨市 人民医院（二期）工程"), name_key("人民医院二期"));
        assert_eq!(name_key("ＧＳ２３５国道改建项目"), name_key("gs235国道改建"));
        assert_eq!(name_key("绍兴市柯桥区金柯桥大道"), "金柯桥大道");
        assert_ne!(name_key("人民医院一期"), name_key("人民医院二期"));
        assert_eq!(name_key("市民中心"), "市民中心", "too short to lose a place");
        assert_eq!(name_key("老旧小区改造提升工程"), "老旧小区改造提升", "a 小区 is no place");
        assert_eq!(name_key("农贸市场改造提升"), "农贸市场改造提升");
        // Two districts' hospitals share a key but not a place.
        let a = Item::new("绍兴市上虞区人民医院迁建工程", "", "", None);
        let b = Item::new("绍兴市柯桥区人民医院迁建工程", "", "", None);
        assert_eq!(a.key, b.key);
        assert!(!a.same_place(&b));
        assert!(Item::new("诸暨市人民医院", "", "", None).same_place(&Item::new("人民医院", "", "", None)));
    }

    #[test]
    fn editions_match_and_the_bridge_closes() {
        let a = vec![
            project("诸暨市人民医院（一期）", "民生", "10", (2023, 2025), "市卫健局"),
            project("诸暨市人民医院（二期）", "民生", "8", (2024, 2026), "市卫健局"),
            project("城西污水处理厂提标改造工程", "生态", "3.5", (2023, 2024), "水务集团"),
            project("老旧小区改造", "民生", "2", (2023, 2023), "建设局"),
            project("金柯桥大道快速路", "交通", "40", (2022, 2025), "交投集团"),
        ];
        let b = vec![
            project("人民医院二期", "民生", "9", (2024, 2027), "市卫健局"),
            project("人民医院一期", "民生", "10", (2023, 2025), "市卫健局"),
            project("城西污水处理厂提标改造", "环境", "3.5", (2023, 2024), "水务集团"),
            project("金柯桥大道快速路工程", "交通", "38.25", (2022, 2025), "交投集团"),
            project("智慧停车系统", "交通", "1.2", (2025, 2026), "城投集团"),
        ];
        let edition = |projects| Edition { projects, tasks: &[], indicators: &[] };
        let c = compare(edition(&a), edition(&b), &Corrections::default());
        let pairs: Vec<(usize, usize)> = c.matches.iter().map(|m| (m.a, m.b)).collect();
        assert_eq!(pairs, [(0, 1), (1, 0), (2, 2), (4, 3)], "一期 never matches 二期");
        assert_eq!((c.dropped.as_slice(), c.added.as_slice()), ([3].as_slice(), [4].as_slice()));
        let at = |list: &[usize]| list.iter().map(|&i| (c.matches[i].a, c.matches[i].b)).collect::<Vec<_>>();
        assert_eq!(at(&c.rebudgeted), [(1, 0), (4, 3)]);
        assert_eq!(at(&c.rescheduled), [(1, 0)]);
        assert_eq!(at(&c.retyped), [(2, 2)]);
        let br = c.bridge;
        assert_eq!(br.a_total.yi_text(), "63.5");
        assert_eq!(br.b_total.yi_text(), "61.95");
        assert_eq!((br.dropped.yi_text(), br.added.yi_text()), ("2".into(), "1.2".into()));
        assert_eq!((br.raised.yi_text(), br.cut.yi_text()), ("1".into(), "1.75".into()));
        assert_eq!(
            br.a_total.fen() - br.dropped.fen() + br.added.fen() + br.raised.fen() - br.cut.fen(),
            br.b_total.fen()
        );

        // The reader's corrections: 老旧小区改造 is 智慧停车系统 (say), and the hospital's phases are not the same.
        let fixes = Corrections { matched: vec![(3, 4)], unmatched: vec![(4, 3)] };
        let c = compare(edition(&a), edition(&b), &fixes);
        let pairs: Vec<(usize, usize, MatchedBy)> = c.matches.iter().map(|m| (m.a, m.b, m.by)).collect();
        assert!(pairs.contains(&(3, 4, MatchedBy::Hand)));
        assert!(!pairs.iter().any(|p| (p.0, p.1) == (4, 3)));
        assert_eq!((c.dropped.as_slice(), c.added.as_slice()), ([4].as_slice(), [3].as_slice()));
    }

    #[test]
    fn targets_move_and_promises_are_held_to() {
        let figure = |kind, metric: &str, value: f64, year| Indicator {
            kind,
            metric: metric.into(),
            value,
            value_max: None,
            unit: "个".into(),
            comparator: Comparator::AtLeast,
            year: Some(year),
            section: String::new(),
            sentence: String::new(),
            line: 0,
            pair: None,
        };
        use IndicatorKind::*;
        let a = vec![
            figure(Target, "充电桩", 5000.0, 2025),
            figure(Target, "5G基站", 3000.0, 2025),
            figure(Target, "养老床位", 800.0, 2025),
        ];
        let b = vec![
            figure(Baseline, "充电桩", 5200.0, 2025),
            figure(Baseline, "5G 基站", 2500.0, 2025),
            figure(Target, "充电桩", 8000.0, 2026),
            figure(Target, "5G基站", 2800.0, 2026),
            figure(Target, "托育机构", 40.0, 2026),
        ];
        let edition = |indicators| Edition { projects: &[], tasks: &[], indicators };
        let c = compare(edition(&a), edition(&b), &Corrections::default());
        let changes: Vec<(&str, TargetChange)> = c.targets.iter().map(|t| (t.metric.as_str(), t.change)).collect();
        assert_eq!(
            changes,
            [
                ("充电桩", TargetChange::Raised),
                ("5G基站", TargetChange::Lowered),
                ("养老床位", TargetChange::Dropped),
                ("托育机构", TargetChange::New)
            ]
        );
        let kept: Vec<(&str, bool)> = c.promises.iter().map(|p| (p.metric.as_str(), p.kept)).collect();
        assert_eq!(kept, [("充电桩", true), ("5G基站", false)]);
    }
}
