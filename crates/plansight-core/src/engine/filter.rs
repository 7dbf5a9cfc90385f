//! What the reader has narrowed the view to ([`Filter`]), which rows it keeps
//! ([`Selection`]), and the order categories are listed in: below both the
//! columnar engine and the row-by-row analyses, which share them.

use crate::model::{BuilderKind, Indicator, Project, Task};
use serde::{Deserialize, Serialize};

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

/// The rows a filter keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    All(usize),
    Rows(Vec<u32>),
}

impl Selection {
    /// How many rows it keeps.
    pub fn len(&self) -> usize {
        match self {
            Selection::All(n) => *n,
            Selection::Rows(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row number of the `j`-th kept row.
    pub fn row(&self, j: usize) -> usize {
        match self {
            Selection::All(_) => j,
            Selection::Rows(rows) => rows[j] as usize,
        }
    }

    /// The kept row numbers, in table order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).map(|j| self.row(j))
    }
}

/// Categories in document order, and "" last when some record has none (a
/// table with no type column: charts call it 未分类, so no amount drops out).
pub fn categories<'a>(items: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut out = ordered(items.clone());
    if items.into_iter().any(str::is_empty) {
        out.push(String::new());
    }
    out
}

pub fn ordered<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}
