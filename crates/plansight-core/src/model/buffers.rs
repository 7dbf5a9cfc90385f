//! Projects as flat buffers: how a big table crosses from one wasm module to
//! another (the page reads an Arrow file in a worker, then hands the projects
//! to its main module) as a few typed arrays instead of a text form to parse
//! again or a million small objects.
//!
//! Names are one UTF-8 string, each row's ending at its offset in
//! `name_ends`; builders repeat (one company builds many projects), so each
//! is held once, the same way, and rows carry codes into them, as they do
//! into the types; a missing amount or year is a sentinel (`NONE_FEN`,
//! `NONE_YEAR`).

use super::{BuilderKind, ColumnReport, Money, Project, TableReport, Warning};
use foldhash::HashMap;
use std::hash::BuildHasher;

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
    /// The rows' names, one after the other.
    pub names: String,
    /// Where each row's name ends in `names`.
    pub name_ends: Vec<u32>,
    /// The builders, each once, one after the other, in order of first appearance.
    pub builders: String,
    /// Where each builder ends in `builders`.
    pub builder_ends: Vec<u32>,
    /// Each row's builder, as an index into `builder_ends`.
    pub builder: Vec<u32>,
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
    codes: Memo<String>,
    plan_codes: Memo<String>,
    /// Builders by their names' hash while rows are added (a million builders
    /// are not held twice as keys): a hash that names another builder adds
    /// this one again, never a wrong one.
    builder_codes: Memo<u64>,
}

/// Codes by key while rows are added: no part of what the buffers hold, so
/// two buffers of the same rows are equal whatever their memos (a hash map's
/// seed differs from one to the next).
#[derive(Debug, Clone, Default)]
struct Memo<K>(HashMap<K, u32>);

impl<K> PartialEq for Memo<K> {
    fn eq(&self, _: &Memo<K>) -> bool {
        true
    }
}

impl<K> std::ops::Deref for Memo<K> {
    type Target = HashMap<K, u32>;
    fn deref(&self) -> &HashMap<K, u32> {
        &self.0
    }
}

impl<K> std::ops::DerefMut for Memo<K> {
    fn deref_mut(&mut self) -> &mut HashMap<K, u32> {
        &mut self.0
    }
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
        self.reserve(projects.len(), projects.iter().map(|p| p.name.len()).sum());
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

    /// Room for `rows` more rows in every column, and `names` more bytes of names.
    pub fn reserve(&mut self, rows: usize, names: usize) {
        self.names.reserve(names);
        for v in [&mut self.no, &mut self.kind, &mut self.line, &mut self.name_ends, &mut self.builder] {
            v.reserve(rows);
        }
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
        let builder = self.builder_code(p.builder);
        self.no.push(p.no);
        self.kind.push(code);
        self.names.push_str(p.name);
        self.name_ends.push(self.names.len() as u32);
        self.builder.push(builder);
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

    /// The code of a builder, added when it is new.
    fn builder_code(&mut self, builder: &str) -> u32 {
        let hash = self.builder_codes.hasher().hash_one(builder);
        match self.builder_codes.get(&hash) {
            Some(&code) if span(&self.builders, &self.builder_ends, code as usize) == Some(builder) => code,
            known => {
                self.builders.push_str(builder);
                self.builder_ends.push(self.builders.len() as u32);
                let code = self.builder_ends.len() as u32 - 1;
                if known.is_none() {
                    self.builder_codes.insert(hash, code);
                }
                code
            }
        }
    }

    /// Row `i`'s name, as the buffers hold it ("" when the offsets do not fit).
    pub fn name(&self, i: usize) -> &str {
        span(&self.names, &self.name_ends, i).unwrap_or("")
    }

    /// Row `i`'s builder, as the buffers hold it ("" when the code or offsets do not fit).
    pub fn builder(&self, i: usize) -> &str {
        let code = self.builder.get(i).map_or(usize::MAX, |&c| c as usize);
        span(&self.builders, &self.builder_ends, code).unwrap_or("")
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
        for (text, ends) in [(&self.names, &self.name_ends), (&self.builders, &self.builder_ends)] {
            let mut last = 0;
            for &end in ends {
                if end < last || !text.is_char_boundary(end as usize) {
                    return Err("a text offset is out of place".into());
                }
                last = end;
            }
        }
        if self.builder.iter().any(|&b| b as usize >= self.builder_ends.len()) {
            return Err("a builder code is out of range".into());
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
        let texts = [self.name_ends.len(), self.builder.len()];
        if lengths.iter().chain(&texts).any(|&l| l != n) || self.builder_kind.len() != n {
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
        let misplaced = || "a text offset is out of place".to_string();
        for i in rows {
            let builder = self.builder[i] as usize;
            let kind = self.types.get(self.kind[i] as usize).ok_or("a type code is out of range")?;
            let builder_kind = *BuilderKind::ALL.get(self.builder_kind[i] as usize).ok_or("unknown builder kind")?;
            let year = |y: i32| (y != NONE_YEAR).then_some(y);
            projects.push(Project {
                no: self.no[i],
                kind: kind.clone(),
                name: span(&self.names, &self.name_ends, i).ok_or_else(misplaced)?.to_string(),
                builder: span(&self.builders, &self.builder_ends, builder).ok_or_else(misplaced)?.to_string(),
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

/// Text `i` of texts held one after the other, each ending at its offset in
/// `ends` (`None` when `i` or the offsets do not fit).
fn span<'a>(text: &'a str, ends: &[u32], i: usize) -> Option<&'a str> {
    let from = if i == 0 { 0 } else { *ends.get(i - 1)? };
    text.get(from as usize..*ends.get(i)? as usize)
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
        let distinct: std::collections::HashSet<&str> = plan.projects.iter().map(|p| p.builder.as_str()).collect();
        assert_eq!(buffers.builder_ends.len(), distinct.len(), "builders once each");
        assert!(distinct.len() < 33);
        let (head, tail) = (buffers.projects(0..10).unwrap(), buffers.projects(10..99).unwrap());
        assert_eq!([head, tail].concat(), plan.projects, "in slices");
        assert_eq!(buffers.into_projects().unwrap(), plan.projects);
    }

    /// A builder whose hash another builder already has (made here: the
    /// hasher is seeded) is held again under a code of its own.
    #[test]
    fn a_builder_of_a_taken_hash_keeps_its_own_name() {
        let row = |builder| BufferRow {
            no: 1,
            kind: "交通",
            name: "项目",
            builder,
            investment: None,
            start_year: None,
            end_year: None,
            builder_kind: BuilderKind::PrivateEnterprise,
            line: 1,
            plan: None,
        };
        let mut b = ProjectBuffers::default();
        b.push(row("甲公司"));
        let taken = b.builder_codes.hasher().hash_one("乙公司");
        b.builder_codes.insert(taken, 0);
        for builder in ["乙公司", "甲公司", "乙公司"] {
            b.push(row(builder));
        }
        assert_eq!((0..4).map(|i| b.builder(i)).collect::<Vec<_>>(), ["甲公司", "乙公司", "甲公司", "乙公司"]);
        assert!(b.check().is_ok());
    }

    #[test]
    fn buffers_that_do_not_fit_are_refused() {
        let plan = crate::read_plan(include_bytes!("../../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let good = ProjectBuffers::from_projects(&plan.projects[..3]);
        let mut b = good.clone();
        b.line.pop();
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.name_ends[0] = 1; // inside the first character
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.builder_ends[0] = u32::MAX;
        assert!(b.into_projects().is_err());
        let mut b = good.clone();
        b.builder[1] = 99;
        assert!(b.check().is_err() && b.into_projects().is_err());
        let mut b = good.clone();
        b.kind[1] = 99;
        assert!(b.into_projects().is_err());
        let mut b = good;
        b.builder_kind[2] = 9;
        assert!(b.into_projects().is_err());
    }
}
