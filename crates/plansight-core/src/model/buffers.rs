//! Projects as flat buffers: how a big table crosses from one wasm module to
//! another (the page reads an Arrow file in a worker, then hands the projects
//! to its main module) as a few typed arrays instead of a text form to parse
//! again or a million small objects.
//!
//! Text is one UTF-8 string with each row's name and builder ending at the
//! offsets in `text_ends`; types are codes into one list; a missing amount or
//! year is a sentinel (`NONE_FEN`, `NONE_YEAR`).

use super::{BuilderKind, ColumnReport, Money, Project, TableReport, Warning};
use foldhash::HashMap;

/// An amount that is not known.
pub const NONE_FEN: i64 = i64::MIN;
/// A year that is not known.
pub const NONE_YEAR: i32 = i32::MIN;

/// What the reader of a table read by its columns says besides its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadNotes {
    pub table: TableReport,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectBuffers {
    pub no: Vec<u32>,
    /// Project types, each once, in order of first appearance.
    pub types: Vec<String>,
    /// Each row's type, as an index into `types`.
    pub kind: Vec<u32>,
    /// Names and builders, one after the other.
    pub text: String,
    /// Two per row: where its name ends in `text`, then where its builder ends.
    pub text_ends: Vec<u32>,
    /// Investment in 分, `NONE_FEN` where unknown.
    pub fen: Vec<i64>,
    pub start: Vec<i32>,
    pub end: Vec<i32>,
    /// Each row's builder kind, as its index in `BuilderKind::ALL`.
    pub builder_kind: Vec<u8>,
    pub line: Vec<u32>,
    /// The plans rows belong to (a table of several: `Project::plan`), each
    /// once; `plan` codes into them, `NO_PLAN` for a row of none. Empty when
    /// no row names one.
    pub plans: Vec<String>,
    pub plan: Vec<u32>,
    /// `types` and `plans` as maps while rows are added.
    codes: HashMap<String, u32>,
    plan_codes: HashMap<String, u32>,
}

/// A row that belongs to no named plan.
pub const NO_PLAN: u32 = u32::MAX;

/// One row to append, its texts borrowed (from a project, or from a batch's columns).
#[derive(Debug, Clone, Copy)]
pub struct BufferRow<'a> {
    pub no: u32,
    pub kind: &'a str,
    pub name: &'a str,
    pub builder: &'a str,
    pub investment: Option<Money>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub builder_kind: BuilderKind,
    pub line: u32,
    pub plan: Option<&'a str>,
}

impl ProjectBuffers {
    pub fn from_projects(projects: &[Project]) -> ProjectBuffers {
        let mut buffers = ProjectBuffers::default();
        buffers.extend(projects);
        buffers
    }

    pub fn len(&self) -> usize {
        self.no.len()
    }

    pub fn is_empty(&self) -> bool {
        self.no.is_empty()
    }

    /// Appends rows (a table arrives in batches).
    pub fn extend(&mut self, projects: &[Project]) {
        self.reserve(projects.len(), projects.iter().map(|p| p.name.len() + p.builder.len()).sum());
        for p in projects {
            self.push(BufferRow {
                no: p.no,
                kind: &p.kind,
                name: &p.name,
                builder: &p.builder,
                investment: p.investment,
                start_year: p.start_year,
                end_year: p.end_year,
                builder_kind: p.builder_kind,
                line: p.line,
                plan: p.plan.as_deref(),
            });
        }
    }

    /// Room for `rows` more rows in every column, and `text` more bytes of names and builders.
    pub fn reserve(&mut self, rows: usize, text: usize) {
        self.text.reserve(text);
        for v in [&mut self.no, &mut self.kind, &mut self.line] {
            v.reserve(rows);
        }
        self.text_ends.reserve(2 * rows);
        self.fen.reserve(rows);
        self.start.reserve(rows);
        self.end.reserve(rows);
        self.builder_kind.reserve(rows);
    }

    /// Appends one row, its texts copied into the buffers (a table read by
    /// its columns gives them borrowed from its batch: no string per row).
    pub fn push(&mut self, p: BufferRow<'_>) {
        // A plan has a few types: looked for in their list before the map.
        let few = (self.types.len() <= 16).then(|| self.types.iter().position(|t| t == p.kind)).flatten();
        let code = match few.map(|c| c as u32).or_else(|| self.codes.get(p.kind).copied()) {
            Some(code) => code,
            None => {
                let code = self.types.len() as u32;
                self.types.push(p.kind.to_string());
                self.codes.insert(p.kind.to_string(), code);
                code
            }
        };
        self.no.push(p.no);
        self.kind.push(code);
        self.text.push_str(p.name);
        self.text_ends.push(self.text.len() as u32);
        self.text.push_str(p.builder);
        self.text_ends.push(self.text.len() as u32);
        self.fen.push(p.investment.map_or(NONE_FEN, Money::fen));
        self.start.push(p.start_year.unwrap_or(NONE_YEAR));
        self.end.push(p.end_year.unwrap_or(NONE_YEAR));
        self.builder_kind.push(p.builder_kind as u8);
        self.line.push(p.line);
        if let Some(name) = p.plan {
            // Rows before the first named one belonged to none.
            self.plan.resize(self.no.len() - 1, NO_PLAN);
            let code = match self.plan_codes.get(name) {
                Some(&code) => code,
                None => {
                    self.plans.push(name.to_string());
                    self.plan_codes.insert(name.to_string(), self.plans.len() as u32 - 1);
                    self.plans.len() as u32 - 1
                }
            };
            self.plan.push(code);
        } else if !self.plan.is_empty() {
            self.plan.push(NO_PLAN);
        }
    }

    /// Row `i`'s name, as the buffers hold it ("" when the offsets do not fit).
    pub fn name(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.text_ends.get(2 * i - 1).copied().unwrap_or(0) };
        let to = self.text_ends.get(2 * i).copied().unwrap_or(0);
        self.text.get(from as usize..to as usize).unwrap_or("")
    }

    /// Row `i`'s builder, as the buffers hold it ("" when the offsets do not fit).
    pub fn builder(&self, i: usize) -> &str {
        let from = self.text_ends.get(2 * i).copied().unwrap_or(0);
        let to = self.text_ends.get(2 * i + 1).copied().unwrap_or(0);
        self.text.get(from as usize..to as usize).unwrap_or("")
    }

    /// Row `i`'s type ("" for a code out of range).
    pub fn kind(&self, i: usize) -> &str {
        self.kind.get(i).and_then(|&k| self.types.get(k as usize)).map_or("", String::as_str)
    }

    /// Row `i`'s plan, when the table names one.
    pub fn plan(&self, i: usize) -> Option<&str> {
        self.plan.get(i).and_then(|&c| self.plans.get(c as usize)).map(String::as_str)
    }

    /// Checks every row as `projects` would read it (lengths, offsets in
    /// order, inside the text and on a character's start, codes in range), so
    /// rows read one by one afterwards cannot fail.
    pub fn check(&self) -> Result<(), String> {
        self.check_lengths()?;
        let mut last = 0;
        for &end in &self.text_ends {
            if end < last || !self.text.is_char_boundary(end as usize) {
                return Err("a text offset is out of place".into());
            }
            last = end;
        }
        if self.kind.iter().any(|&k| k as usize >= self.types.len()) {
            return Err("a type code is out of range".into());
        }
        if self.builder_kind.iter().any(|&k| k as usize >= BuilderKind::ALL.len()) {
            return Err("unknown builder kind".into());
        }
        if self.plan.iter().any(|&c| c != NO_PLAN && c as usize >= self.plans.len()) {
            return Err("a plan code is out of range".into());
        }
        Ok(())
    }

    /// The projects again. Buffers that do not fit together (other lengths,
    /// offsets outside the text or inside a character, unknown codes) are
    /// refused with what is wrong, never a panic.
    pub fn into_projects(self) -> Result<Vec<Project>, String> {
        self.projects(0..self.len())
    }

    /// Checks that the columns have one length (`projects` checks each row's
    /// own values as it reads them).
    pub fn check_lengths(&self) -> Result<(), String> {
        let n = self.no.len();
        let lengths = [self.kind.len(), self.fen.len(), self.start.len(), self.end.len(), self.line.len()];
        if lengths.iter().any(|&l| l != n) || self.builder_kind.len() != n || self.text_ends.len() != 2 * n {
            return Err("the columns have different lengths".into());
        }
        if !self.plan.is_empty() && self.plan.len() != n {
            return Err("the plan column has another length".into());
        }
        Ok(())
    }

    /// The projects of some rows (a big table's view builds only the rows it shows).
    pub fn projects(&self, rows: std::ops::Range<usize>) -> Result<Vec<Project>, String> {
        self.check_lengths()?;
        let rows = rows.start.min(self.len())..rows.end.min(self.len());
        let mut projects = Vec::with_capacity(rows.len());
        let text = |from: u32, to: u32| -> Result<String, String> {
            Ok(self.text.get(from as usize..to as usize).ok_or("a text offset is out of place")?.to_string())
        };
        for i in rows {
            let from = if i == 0 { 0 } else { self.text_ends[2 * i - 1] };
            let kind = self.types.get(self.kind[i] as usize).ok_or("a type code is out of range")?;
            let builder_kind = *BuilderKind::ALL.get(self.builder_kind[i] as usize).ok_or("unknown builder kind")?;
            let year = |y: i32| (y != NONE_YEAR).then_some(y);
            projects.push(Project {
                no: self.no[i],
                kind: kind.clone(),
                name: text(from, self.text_ends[2 * i])?,
                builder: text(self.text_ends[2 * i], self.text_ends[2 * i + 1])?,
                investment: (self.fen[i] != NONE_FEN).then(|| Money::from_fen(self.fen[i])),
                start_year: year(self.start[i]),
                end_year: year(self.end[i]),
                builder_kind,
                line: self.line[i],
                plan: match self.plan.get(i) {
                    None | Some(&NO_PLAN) => None,
                    Some(&c) => Some(self.plans.get(c as usize).ok_or("a plan code is out of range")?.clone()),
                },
                ..Project::default()
            });
        }
        Ok(projects)
    }
}

/// What the load reports of Plansight's own projects table (`rows` read, the
/// first from `line`): each column with its role, a column of another name
/// (such as `batch`'s `source`) as not read.
pub fn table_report(columns: &[String], rows: usize, line: u32) -> TableReport {
    fn role(column: &str) -> Option<&str> {
        match column {
            "type" => Some("category"),
            "investment" => Some("investment:亿元"),
            "start_year" | "end_year" => Some("period"),
            "no" | "name" | "builder" | "builder_kind" | "line" => Some(column),
            _ => None,
        }
    }
    TableReport {
        line,
        kind: "projects".into(),
        title: None,
        category: None,
        rows,
        columns: columns.iter().map(|c| ColumnReport { header: c.clone(), role: role(c).map(String::from) }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let plan = crate::read_plan(include_bytes!("../../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let buffers = ProjectBuffers::from_projects(&plan.projects);
        assert_eq!(buffers.len(), 33);
        assert!(buffers.types.len() < 10, "types once each");
        let (head, tail) = (buffers.projects(0..10).unwrap(), buffers.projects(10..99).unwrap());
        assert_eq!([head, tail].concat(), plan.projects, "in slices");
        assert_eq!(buffers.into_projects().unwrap(), plan.projects);
    }

    #[test]
    fn buffers_that_do_not_fit_are_refused() {
        let plan = crate::read_plan(include_bytes!("../../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let good = ProjectBuffers::from_projects(&plan.projects[..3]);
        let mut b = good.clone();
        b.line.pop();
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.text_ends[0] = 1; // inside the first character
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.text_ends[5] = u32::MAX;
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.kind[1] = 99;
        assert!(b.into_projects().is_err());
        let mut b = good;
        b.builder_kind[2] = 9;
        assert!(b.into_projects().is_err());
    }
}
