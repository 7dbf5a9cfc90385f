//! The projects of a plan's rows: a list, or (a big table from the page's
//! reader worker) the flat buffers they were read into, from which a project
//! is built only when someone needs it. A million rows then open without a
//! million `Project`s: the view reads the few rows it shows and the fields
//! its checks need straight from the buffers, and the whole list is built
//! only for what needs it all (a sort by name, a comparison of editions).

use crate::model::buffers::{ProjectBuffers, NONE_FEN, NONE_YEAR};
use crate::model::{BuilderKind, Money, Project};
use std::borrow::Cow;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default)]
pub struct Projects {
    /// The rows as read, when they came as buffers (checked on the way in).
    buffers: Option<ProjectBuffers>,
    /// Every project, built from the buffers on first use (set at once for a list).
    list: OnceLock<Vec<Project>>,
}

impl Projects {
    pub fn from_list(projects: Vec<Project>) -> Projects {
        Projects { buffers: None, list: OnceLock::from(projects) }
    }

    /// Projects held as buffers; refused, with what is wrong, when they do
    /// not fit together (see `ProjectBuffers::check`).
    pub fn from_buffers(buffers: ProjectBuffers) -> Result<Projects, String> {
        buffers.check()?;
        Ok(Projects { buffers: Some(buffers), list: OnceLock::new() })
    }

    pub fn len(&self) -> usize {
        self.buffers.as_ref().map_or_else(|| self.list().len(), ProjectBuffers::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every project (built from the buffers on the first call).
    pub fn list(&self) -> &[Project] {
        self.list.get_or_init(|| self.buffers.as_ref().and_then(|b| b.projects(0..b.len()).ok()).unwrap_or_default())
    }

    /// Whether the whole list has been built (a big table's view should not need it).
    pub fn is_listed(&self) -> bool {
        self.list.get().is_some()
    }

    /// The buffers, while the list is not built (then the list is as quick).
    fn buffers(&self) -> Option<&ProjectBuffers> {
        self.buffers.as_ref().filter(|_| !self.is_listed())
    }

    /// Row `i` as a project: borrowed from the list, or built from the buffers.
    pub fn get(&self, i: usize) -> Option<Cow<'_, Project>> {
        match self.buffers() {
            Some(b) => b.projects(i..i + 1).ok()?.pop().map(Cow::Owned),
            None => self.list().get(i).map(Cow::Borrowed),
        }
    }

    pub fn no(&self, i: usize) -> u32 {
        self.buffers().map_or_else(|| self.list()[i].no, |b| b.no[i])
    }

    pub fn line(&self, i: usize) -> u32 {
        self.buffers().map_or_else(|| self.list()[i].line, |b| b.line[i])
    }

    pub fn name(&self, i: usize) -> &str {
        self.buffers().map_or_else(|| self.list()[i].name.as_str(), |b| b.name(i))
    }

    pub fn builder(&self, i: usize) -> &str {
        self.buffers().map_or_else(|| self.list()[i].builder.as_str(), |b| b.builder(i))
    }

    pub fn kind(&self, i: usize) -> &str {
        self.buffers().map_or_else(|| self.list()[i].kind.as_str(), |b| b.kind(i))
    }

    pub fn builder_kind(&self, i: usize) -> BuilderKind {
        match self.buffers() {
            Some(b) => BuilderKind::ALL.get(b.builder_kind[i] as usize).copied().unwrap_or_default(),
            None => self.list()[i].builder_kind,
        }
    }

    pub fn plan(&self, i: usize) -> Option<&str> {
        self.buffers().map_or_else(|| self.list()[i].plan.as_deref(), |b| b.plan(i))
    }

    pub fn investment(&self, i: usize) -> Option<Money> {
        match self.buffers() {
            Some(b) => (b.fen[i] != NONE_FEN).then(|| Money::from_fen(b.fen[i])),
            None => self.list()[i].investment,
        }
    }

    /// Row `i`'s construction period as read (first year, last year).
    pub fn years(&self, i: usize) -> (Option<i32>, Option<i32>) {
        match self.buffers() {
            Some(b) => {
                let year = |y: i32| (y != NONE_YEAR).then_some(y);
                (year(b.start[i]), year(b.end[i]))
            }
            None => (self.list()[i].start_year, self.list()[i].end_year),
        }
    }

    /// The line of the first project read from the prose (a table's buffers hold none).
    pub fn first_from_prose(&self) -> Option<u32> {
        match self.buffers() {
            Some(_) => None,
            None => self.list().iter().find(|p| p.read_from.is_prose()).map(|p| p.line),
        }
    }

    /// The sum of every amount read, exact.
    pub fn total(&self) -> Money {
        match self.buffers() {
            Some(b) => b.fen.iter().filter(|&&f| f != NONE_FEN).map(|&f| Money::from_fen(f)).sum(),
            None => self.list().iter().filter_map(|p| p.investment).sum(),
        }
    }

    /// How many rows have an amount.
    pub fn with_investment(&self) -> usize {
        match self.buffers() {
            Some(b) => b.fen.iter().filter(|&&f| f != NONE_FEN).count(),
            None => self.list().iter().filter(|p| p.investment.is_some()).count(),
        }
    }

    /// The buffers the rows came as, if they did (their columns are built from them).
    pub fn as_buffers(&self) -> Option<&ProjectBuffers> {
        self.buffers.as_ref()
    }
}

impl std::ops::Deref for Projects {
    type Target = [Project];

    /// The whole list, as a slice: built from the buffers the first time, so
    /// a path a big table takes reads the fields above instead.
    fn deref(&self) -> &[Project] {
        self.list()
    }
}

impl From<Vec<Project>> for Projects {
    fn from(projects: Vec<Project>) -> Projects {
        Projects::from_list(projects)
    }
}
