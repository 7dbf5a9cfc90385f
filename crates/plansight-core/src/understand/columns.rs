//! An engine's projects table (Arrow, Parquet) read by its columns, with no
//! text form: batch by batch, each column's role from its name through the
//! same dictionary (and the reader's [`Mapping`]) as a document's header row,
//! each row through the same row reader as a document's table row
//! ([`tables::project_row`]), so a table from pandas, polars or DuckDB reads as
//! its CSV would, and a million rows read in seconds. Plansight's own projects
//! table is read by its exact column names (its `line` and `read_from` kept).
//! Any other table is left to its text form (`read::arrow::to_text`).

use super::roles::{Mapping, Role, TableKind};
use super::tables::{self, Carried, Cells, Layout};
use crate::model::buffers::{self, BufferRow, ProjectBuffers, ReadNotes};
use crate::model::{BuilderKind, Finding, Plan, PlanError, TableName, Warning};
use crate::read::arrow::{own_project_buffers, Table};
use crate::read::cells;
use foldhash::HashMap;

/// A projects table read by its columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectTable {
    pub buffers: ProjectBuffers,
    /// What each column was read as, and notes on its cells: the first
    /// [`MAX_NOTES`], then how many more.
    pub notes: ReadNotes,
}

/// Notes kept of one table's cells (a million rows with no period would
/// otherwise make a million notes nobody reads).
pub const MAX_NOTES: usize = 1000;

impl ProjectTable {
    pub fn into_plan(self) -> Result<Plan, PlanError> {
        let projects = self.buffers.into_projects().map_err(|why| PlanError::Damaged { kind: "Arrow", why })?;
        Ok(Plan { projects, tables: vec![self.notes.table], warnings: self.notes.warnings, ..Plan::default() })
    }
}

/// The table's projects, with `progress(rows read, rows the file states)`
/// after each batch; `None` when the table holds no projects (its columns name
/// no project and no money): read its text form then.
pub fn projects(
    table: Table,
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<ProjectTable>, PlanError> {
    match table.own() {
        // The reader's own roles, when given, read even Plansight's table anew.
        Some(TableName::Projects) if mapping.is_empty() => own(table, progress).map(Some),
        Some(TableName::Tasks | TableName::TaskUnits | TableName::Indicators) => Ok(None),
        _ => by_roles(table, mapping, progress),
    }
}

/// Plansight's own projects table, by its column names.
fn own(table: Table, progress: &mut dyn FnMut(usize, usize)) -> Result<ProjectTable, PlanError> {
    let columns = table.columns();
    let mut buffers = ProjectBuffers::default();
    // Rows straight from the batch's columns into the buffers: no project per row.
    for batch in table.batches {
        own_project_buffers(&batch?, &mut buffers)?;
        progress(buffers.len(), table.rows.max(buffers.len()));
    }
    let first_line = buffers.line.first().copied();
    let table = buffers::table_report(&columns, buffers.len(), first_line.unwrap_or(0));
    Ok(ProjectTable { buffers, notes: ReadNotes { table, warnings: Vec::new() } })
}

/// Any other table, by the meaning of its column names. The header is line 1
/// and row `i` line `i + 2`, as in the table written out as CSV. Each batch
/// is read column by column: a cell's text borrowed from its array (or written
/// into one buffer per column, a number's), each row read by
/// [`tables::project_cells`] straight into the buffers.
fn by_roles(
    table: Table,
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<ProjectTable>, PlanError> {
    let Some(layout) = projects_layout(&table, mapping)? else { return Ok(None) };
    let (mut reading, mut buffers) = (Reading::default(), ProjectBuffers::default());
    // Builders repeat (one company builds many projects): each classified once per batch.
    let mut kinds: HashMap<String, BuilderKind> = HashMap::default();
    for batch in table.batches {
        let batch = batch?;
        let columns = (0..layout.roles.len())
            .map(|c| layout.roles[c].map(|_| cells::Column::of(batch.column(c).as_ref())).transpose())
            .collect::<Result<Vec<_>, _>>()
            .map_err(batch_type)?;
        let mut scratch = vec![String::new(); columns.len()];
        // Room for the batch's names at once (grown cell by cell, the text would double past them).
        let names = layout.col(Role::Name).and_then(|c| columns[c].as_ref()).map_or(0, cells::Column::text_bytes);
        buffers.reserve(batch.num_rows(), names);
        kinds.clear();
        let mut room = Cells::of_texts([], 0);
        for row in 0..batch.num_rows() {
            let line = reading.next_line();
            let texts = columns.iter().zip(&mut scratch).map(|(c, s)| c.as_ref().and_then(|c| c.cell(row, s)));
            let cells = room.refill(texts.map(Option::unwrap_or_default), line);
            reading.row(&cells, |cells, kind, previous, notes| {
                let p = tables::project_cells(&layout, cells, String::new(), kind, previous, notes);
                let builder_kind = match kinds.get(p.builder.as_ref()) {
                    Some(&k) => k,
                    None => {
                        let k = BuilderKind::classify(&p.builder);
                        kinds.insert(p.builder.to_string(), k);
                        k
                    }
                };
                buffers.push(BufferRow {
                    no: p.no,
                    kind: &kind.category,
                    name: p.name,
                    builder: &p.builder,
                    investment: p.investment,
                    start_year: p.start_year,
                    end_year: p.end_year,
                    builder_kind,
                    line,
                    plan: p.plan,
                });
                p.no
            });
            room = cells.refill([], 0);
        }
        progress(buffers.len(), table.rows.max(buffers.len()));
    }
    Ok(Some(reading.finish(&layout, buffers)))
}

/// [`projects`] of a table that is not Plansight's own as it was read before
/// its batches were read by column: every cell as a `String` ([`cells::texts`]),
/// every row a [`Project`](crate::model::Project) ([`tables::project_row`]). The reference the
/// column reader is held equal to (`tests/tables_by_column.rs`).
#[doc(hidden)]
pub fn projects_row_by_row(table: Table, mapping: &Mapping) -> Result<Option<ProjectTable>, PlanError> {
    let Some(layout) = projects_layout(&table, mapping)? else { return Ok(None) };
    let (mut reading, mut projects) = (Reading::default(), Vec::new());
    for batch in table.batches {
        let batch = batch?;
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); layout.roles.len()];
        for c in (0..layout.roles.len()).filter(|&c| layout.roles[c].is_some()) {
            columns[c] = cells::texts(batch.column(c).as_ref()).map_err(batch_type)?;
        }
        for row in 0..batch.num_rows() {
            let line = reading.next_line();
            let texts = columns.iter().map(|c| c.get(row).and_then(Option::as_deref).unwrap_or_default());
            reading.row(&Cells::of_texts(texts, line), |cells, kind, previous, notes| {
                let project = tables::project_row(&layout, cells, String::new(), kind, previous, notes);
                let no = project.no;
                projects.push(project);
                no
            });
        }
    }
    Ok(Some(reading.finish(&layout, ProjectBuffers::from_projects(&projects))))
}

/// A batch whose column is of another type than its schema says.
fn batch_type(t: arrow_schema::DataType) -> PlanError {
    PlanError::Damaged { kind: "Arrow", why: format!("a batch holds {t}") }
}

/// The layout of a projects table by its column names (`None` for another
/// table); a column with a role whose type holds no cells is named.
fn projects_layout(table: &Table, mapping: &Mapping) -> Result<Option<Layout>, PlanError> {
    let layout = Layout::of_headers(table.columns(), mapping);
    if layout.kind != TableKind::Projects {
        return Ok(None);
    }
    // Only the columns with a role are read; a type none can be is named first.
    for c in (0..layout.roles.len()).filter(|&c| layout.roles[c].is_some()) {
        let field = table.schema.field(c);
        if !cells::readable(field.data_type()) {
            let role = layout.roles[c].map_or_else(String::new, Role::id);
            let data_type = field.data_type().to_string();
            return Err(PlanError::ColumnType { column: field.name().clone(), data_type, role });
        }
    }
    Ok(Some(layout))
}

/// What reading a table's rows carries from row to row: the type filled
/// down, the row above's number, the line, and the notes (the first
/// [`MAX_NOTES`], then only how many more).
#[derive(Default)]
struct Reading {
    kind: Carried,
    previous: u32,
    line: u32,
    notes: Vec<Warning>,
    kept: Vec<Warning>,
    more: usize,
}

impl Reading {
    /// The next row's line (the header is line 1).
    fn next_line(&mut self) -> u32 {
        self.line = self.line.max(1).saturating_add(1);
        self.line
    }

    /// One row: a total is noted, a blank row skipped, any other read by
    /// `project(cells, type, previous number, notes)`, which says its number.
    fn row(&mut self, cells: &Cells, project: impl FnOnce(&Cells, &mut Carried, u32, &mut Vec<Warning>) -> u32) {
        if let Some(total) = cells.total() {
            self.notes.push(Warning { line: self.line, finding: Finding::TotalRow { text: total } });
        } else if !cells.is_blank() {
            self.previous = project(cells, &mut self.kind, self.previous, &mut self.notes);
        }
        // Past the first notes, only their count.
        if self.kept.len() + self.notes.len() > MAX_NOTES {
            self.more += self.notes.len();
            self.notes.clear();
        } else {
            self.kept.append(&mut self.notes);
        }
    }

    fn finish(mut self, layout: &Layout, buffers: ProjectBuffers) -> ProjectTable {
        if self.more > 0 {
            self.kept.push(Warning { line: 0, finding: Finding::MoreNotes { count: self.more } });
        }
        let mut report = layout.report_at(1, buffers.len());
        // Amounts whose column names no unit are numbers read as 亿元: the report says so.
        for column in &mut report.columns {
            if column.role.as_deref() == Some("investment") {
                column.role = Some("investment:亿元".into());
            }
        }
        ProjectTable { buffers, notes: ReadNotes { table: report, warnings: self.kept } }
    }
}
