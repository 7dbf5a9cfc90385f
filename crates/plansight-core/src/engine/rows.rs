//! The plan's rows, held once and shared by every analysis of one view: the
//! projects also as columns (built on first use), and the last filter's
//! selection and largest rows, so a million rows are filtered once per view.

use super::columnar::{search_text, ProjectColumns};
use super::filter::{categories, Filter, Selection};
use super::projects::Projects;
use crate::model::buffers::ProjectBuffers;
use crate::model::{Indicator, Plan, Project, Task};
use std::sync::{Arc, Mutex, OnceLock};

/// The rows of a frame, read once and shared by all analyses of one view.
/// The projects are also held as columns (built on first use), which the
/// analyses read; change `projects` only through a new `Rows`.
#[derive(Debug)]
pub struct Rows {
    /// A list, or the buffers of a big table (see [`Projects`]).
    pub projects: Projects,
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
        let rows = Rows::with(self.projects.clone(), self.tasks.clone(), self.indicators.clone());
        if let Some(columns) = self.columns.get() {
            let _ = rows.columns.set(columns.clone());
        }
        rows
    }
}

impl Rows {
    pub fn new(projects: Vec<Project>, tasks: Vec<Task>, indicators: Vec<Indicator>) -> Rows {
        Rows::with(Projects::from_list(projects), tasks, indicators)
    }

    fn with(projects: Projects, tasks: Vec<Task>, indicators: Vec<Indicator>) -> Rows {
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
        let text: &[String] =
            if f.search.trim().is_empty() { &[] } else { self.search_text.get_or_init(|| search_text(&self.projects)) };
        let selection = Arc::new(self.columns().select(f, text));
        *last = Some((key, selection.clone()));
        selection
    }

    /// The projects as columns (see [`super::columnar`]).
    pub fn columns(&self) -> &ProjectColumns {
        self.columns.get_or_init(|| ProjectColumns::from_projects(&self.projects))
    }

    /// Rows of a big table, its projects held as the buffers they were read
    /// into (built one by one when needed) and its columns built from them.
    /// Buffers that do not fit together are refused with what is wrong.
    pub fn from_buffers(buffers: ProjectBuffers) -> Result<Rows, String> {
        let columns = ProjectColumns::from_buffers(&buffers);
        let rows = Rows::with(Projects::from_buffers(buffers)?, Vec::new(), Vec::new());
        let _ = rows.columns.set(columns);
        Ok(rows)
    }

    /// Rows whose projects are given as columns only (the benchmark's typed
    /// arrays): the money analyses read them; `projects` stays empty.
    pub fn from_columns(columns: ProjectColumns) -> Rows {
        let rows = Rows::new(Vec::new(), Vec::new(), Vec::new());
        let _ = rows.columns.set(columns);
        rows
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

    /// The projects `f` keeps, in table order (the whole list is built: see
    /// `selection` for the row numbers alone).
    pub fn projects<'a>(&'a self, f: &Filter) -> impl Iterator<Item = &'a Project> + 'a {
        let (selection, list) = (self.selection(f), self.projects.list());
        (0..selection.len()).filter_map(move |j| list.get(selection.row(j)))
    }

    pub fn tasks<'a>(&'a self, f: &Filter) -> impl Iterator<Item = &'a Task> + 'a {
        let f = f.clone();
        self.tasks.iter().filter(move |t| f.keeps_task(t))
    }
}
