//! Several plans open at once (two editions of a key-project list, the plans
//! of neighbouring places): the set the page holds, the one it shows, and the
//! comparison of two of them, kept until its editions or corrections change
//! (matching two lists of thousands of projects is the costly step).

use crate::state::ViewState;
use crate::Loaded;
use plansight_core::engine::compare::{compare, Comparison, Corrections};
use plansight_core::read::text::years_in;
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// The view's name for every plan at once (`p=*`).
pub const ALL: &str = "*";

/// The open plans: one, as the page starts, or the set the reader opened.
pub struct Plans {
    pub all: Vec<Loaded>,
    /// Every plan at once, each plan as the category (see [`combine`]): with two or more.
    combined: Option<Loaded>,
    /// A set being opened file by file (`App::begin_set` … `finish_set`).
    pub opening: Option<Vec<Loaded>>,
    /// The last comparison, with the editions and corrections it was made for.
    cache: RefCell<Option<(Key, Rc<Comparison>)>>,
}

type Key = (usize, usize, Vec<(usize, usize)>, Vec<(usize, usize)>);

impl Plans {
    pub fn one(plan: Loaded) -> Plans {
        Plans { all: vec![plan], combined: None, opening: None, cache: RefCell::new(None) }
    }

    /// A new set replaces the old; the cached comparison goes with it.
    pub fn replace(&mut self, all: Vec<Loaded>) {
        self.combined = (all.len() > 1).then(|| combine(&all));
        self.all = all;
        self.cache.replace(None);
    }

    /// Whether the view shows every plan at once.
    pub fn is_combined(&self, view: &ViewState) -> bool {
        view.plan.as_deref() == Some(ALL) && self.combined.is_some()
    }

    /// Which plan the view shows: the one it names, else the first.
    pub fn shown_index(&self, view: &ViewState) -> usize {
        view.plan.as_deref().and_then(|name| self.index_of(name)).unwrap_or(0)
    }

    pub fn shown(&self, view: &ViewState) -> &Loaded {
        match &self.combined {
            Some(all) if self.is_combined(view) => all,
            _ => &self.all[self.shown_index(view)],
        }
    }

    /// The plan shown, to read again (the column dialog); every plan at once
    /// is no document to read again, so the first is.
    pub fn shown_mut(&mut self, view: &ViewState) -> &mut Loaded {
        let i = self.shown_index(view);
        self.cache.replace(None);
        &mut self.all[i]
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.all.iter().position(|p| p.name == name)
    }

    /// The two editions the view compares (`cmp=A~B`), when both are open and differ.
    pub fn compared(&self, view: &ViewState) -> Option<(usize, usize)> {
        let (a, b) = view.compare.as_ref()?;
        let (a, b) = (self.index_of(a)?, self.index_of(b)?);
        (a != b).then_some((a, b))
    }

    /// The comparison of two open plans with the view's corrections (rows 1-based there).
    pub fn comparison(&self, (a, b): (usize, usize), view: &ViewState) -> Rc<Comparison> {
        let zero_based = |pairs: &[(usize, usize)]| pairs.iter().map(|&(x, y)| (x - 1, y - 1)).collect::<Vec<_>>();
        let key = (a, b, view.matched.clone(), view.unmatched.clone());
        if let Some((k, c)) = self.cache.borrow().as_ref() {
            if *k == key {
                return c.clone();
            }
        }
        let corrections = Corrections { matched: zero_based(&view.matched), unmatched: zero_based(&view.unmatched) };
        let c = Rc::new(compare((&self.all[a].rows).into(), (&self.all[b].rows).into(), &corrections));
        self.cache.replace(Some((key, c.clone())));
        c
    }

    /// Two plans worth comparing as editions of one list, the earlier first:
    /// their titles are the same once years are set aside (诸暨市2024年重点建设
    /// 项目计划 / …2025年…), or, with two plans open, those two. By the year the
    /// title (or else the file name, or else the window) names.
    pub fn offered(&self) -> Option<(usize, usize)> {
        let label = |l: &Loaded| l.plan.title.clone().unwrap_or_else(|| l.name.clone());
        let without_years = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
        let year = |l: &Loaded| {
            years_in(&label(l))
                .into_iter()
                .max()
                .or_else(|| years_in(&l.name).into_iter().max())
                .or(l.plan.window.map(|w| w.0))
        };
        let ordered = |a: usize, b: usize| if year(&self.all[b]) < year(&self.all[a]) { (b, a) } else { (a, b) };
        if self.all.len() == 2 {
            return Some(ordered(0, 1));
        }
        for a in 0..self.all.len() {
            for b in a + 1..self.all.len() {
                let (x, y) = (label(&self.all[a]), label(&self.all[b]));
                if x != y && without_years(&x) == without_years(&y) {
                    return Some(ordered(a, b));
                }
            }
        }
        None
    }
}

/// Most plans one table is split into (a column of a different value on
/// every row is no plan column).
const MAX_SPLIT: usize = 1000;

/// The plans of one table that holds several (every project names its plan:
/// a `source` column, as `plansight batch` writes), each as a plan of its own
/// in the order they first appear, sharing the text, each with the notes on
/// its rows; any other file as itself. A table that also holds tasks or
/// figures, or rows of no named plan, is kept whole: nothing is dropped.
pub fn split(loaded: Loaded) -> Vec<Loaded> {
    let rows = &loaded.rows;
    let mut groups: Vec<(&str, Vec<plansight_core::Project>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut group_of_line: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let projects = &rows.projects;
    for i in 0..projects.len() {
        let Some(name) = projects.plan(i) else { return vec![loaded] };
        let g = *index.entry(name).or_insert_with(|| {
            groups.push((name, Vec::new()));
            groups.len() - 1
        });
        if groups.len() > MAX_SPLIT {
            return vec![loaded];
        }
        groups[g].1.extend(projects.get(i).map(Cow::into_owned));
        group_of_line.insert(projects.line(i), g);
    }
    if groups.len() < 2 || !rows.tasks.is_empty() || !rows.indicators.is_empty() {
        return vec![loaded];
    }
    let mut warnings: Vec<Vec<plansight_core::Warning>> = vec![Vec::new(); groups.len()];
    for w in &loaded.plan.warnings {
        // A note on a row goes with the row's plan; one on the table with the first.
        warnings[group_of_line.get(&w.line).copied().unwrap_or(0)].push(w.clone());
    }
    groups
        .into_iter()
        .zip(warnings)
        .map(|((name, projects), warnings)| {
            let plan =
                plansight_core::Plan { projects, warnings, tables: loaded.plan.tables.clone(), ..Default::default() };
            Loaded { by_columns: loaded.by_columns, ..Loaded::new(plan, loaded.text.clone(), name) }
        })
        .collect()
}

/// Every plan at once: the records of all, each plan's name as the category
/// of its projects (type), tasks (area) and figures (section), so every chart
/// by type, area or action is by plan, and a click on a plan filters it. The
/// texts follow one another under a line naming each plan, and every line
/// number is moved to its place there.
fn combine(all: &[Loaded]) -> Loaded {
    let labels = plan_labels(all);
    let mut plan = plansight_core::Plan::default();
    let mut text = String::new();
    let mut offset = 0u32;
    // Where each text already written starts (the plans of one table share one).
    let mut written: Vec<(std::rc::Rc<str>, u32)> = Vec::new();
    for (l, label) in all.iter().zip(&labels) {
        let shared = written.iter().find(|(t, _)| std::rc::Rc::ptr_eq(t, &l.text)).map(|(_, at)| *at);
        let start = match shared {
            Some(at) => at,
            None => {
                text.push_str(&format!("【{label}】\n"));
                let at = offset + 1;
                written.push((l.text.clone(), at));
                text.push_str(&l.text);
                if !l.text.ends_with('\n') && !l.text.is_empty() {
                    text.push('\n');
                }
                offset = at + l.text.lines().count() as u32;
                at
            }
        };
        // A table read by its columns has no text: its lines name rows, not lines here.
        let at = |line: u32| if l.text.is_empty() || line == 0 { 0 } else { line.saturating_add(start) };
        let first_indicator = plan.indicators.len();
        plan.projects.extend(l.rows.projects.iter().map(|p| plansight_core::Project {
            kind: label.clone(),
            line: at(p.line),
            ..p.clone()
        }));
        plan.tasks.extend(l.rows.tasks.iter().map(|t| plansight_core::Task {
            area: label.clone(),
            line: at(t.line),
            ..t.clone()
        }));
        plan.indicators.extend(l.rows.indicators.iter().map(|i| plansight_core::Indicator {
            section: label.clone(),
            line: at(i.line),
            pair: i.pair.map(|p| p + first_indicator),
            ..i.clone()
        }));
        plan.warnings.extend(l.plan.warnings.iter().map(|w| plansight_core::Warning { line: at(w.line), ..w.clone() }));
    }
    let windows: Vec<(i32, i32)> = all.iter().filter_map(|l| l.plan.window).collect();
    plan.window = windows.iter().map(|w| w.0).min().zip(windows.iter().map(|w| w.1).max());
    let mut combined = Loaded::new(plan, text, ALL);
    // One project in two editions is no repeated name.
    combined.notes.retain(|n| !matches!(n.finding, plansight_core::model::Finding::RepeatedName { .. }));
    combined
}

/// Each plan's name in charts: its title (or file name), made unique with its file.
pub fn plan_labels(all: &[Loaded]) -> Vec<String> {
    let titles: Vec<String> = all.iter().map(|l| l.plan.title.clone().unwrap_or_else(|| l.name.clone())).collect();
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in &titles {
        *count.entry(t.as_str()).or_default() += 1;
    }
    titles
        .iter()
        .zip(all)
        .map(|(t, l)| if count[t.as_str()] > 1 { format!("{t}（{}）", l.name) } else { t.clone() })
        .collect()
}
