//! An engine's projects table (Arrow, Parquet) read by its columns, with no
//! text form: batch by batch, each column's role from its name through the
//! same dictionary (and the reader's [`Mapping`]) as a document's header row,
//! each row through the same row reader as a document's table row
//! ([`tables::project_row`]), so a table from pandas, polars or DuckDB reads as
//! its CSV would, and a million rows read in seconds. Plansight's own projects
//! table is read by its exact column names (its `line` and `read_from` kept).
//! Any other table is left to its text form (`read::arrow::to_text`).

use super::roles::{Mapping, Role, TableKind};
use super::tables::{self, Cells, Layout};
use crate::model::buffers::{self, ProjectBuffers, ReadNotes};
use crate::model::{Finding, Plan, PlanError, Project, TableName, Warning};
use crate::read::arrow::{own_project_buffers, Table};
use crate::read::cells;

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
/// and row `i` line `i + 2`, as in the table written out as CSV.
fn by_roles(
    table: Table,
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<ProjectTable>, PlanError> {
    let layout = Layout::of_headers(table.columns(), mapping);
    if layout.kind != TableKind::Projects {
        return Ok(None);
    }
    // Only the columns with a role are turned into text; a type none can be is named first.
    let read: Vec<usize> = (0..layout.roles.len()).filter(|&c| layout.roles[c].is_some()).collect();
    for &c in &read {
        let field = table.schema.field(c);
        if !cells::readable(field.data_type()) {
            let role = layout.roles[c].map_or_else(String::new, Role::id);
            let data_type = field.data_type().to_string();
            return Err(PlanError::ColumnType { column: field.name().clone(), data_type, role });
        }
    }
    let mut read_so_far = ProjectTable::default();
    let (mut kind, mut previous, mut line, mut more) = (String::new(), 0u32, 1u32, 0usize);
    let mut notes = Vec::new();
    for batch in table.batches {
        let batch = batch?;
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); layout.roles.len()];
        for &c in &read {
            // Checked above by type; a batch of another type than its schema says is damaged.
            columns[c] = cells::texts(batch.column(c).as_ref())
                .map_err(|t| PlanError::Damaged { kind: "Arrow", why: format!("a batch holds {t}") })?;
        }
        let mut projects: Vec<Project> = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            line = line.saturating_add(1);
            let texts = columns.iter_mut().map(|c| c.get_mut(row).and_then(Option::take).unwrap_or_default());
            let cells = Cells::of_texts(texts, line);
            if let Some(total) = cells.total() {
                notes.push(Warning { line, finding: Finding::TotalRow { text: total } });
            } else if !cells.is_blank() {
                let project = tables::project_row(&layout, &cells, String::new(), &mut kind, previous, &mut notes);
                previous = project.no;
                projects.push(project);
            }
            // Past the first notes, only their count.
            if read_so_far.notes.warnings.len() + notes.len() > MAX_NOTES {
                more += notes.len();
                notes.clear();
            } else {
                read_so_far.notes.warnings.append(&mut notes);
            }
        }
        read_so_far.buffers.extend(&projects);
        progress(read_so_far.buffers.len(), table.rows.max(read_so_far.buffers.len()));
    }
    if more > 0 {
        read_so_far.notes.warnings.push(Warning { line: 0, finding: Finding::MoreNotes { count: more } });
    }
    let mut report = layout.report_at(1, read_so_far.buffers.len());
    // Amounts whose column names no unit are numbers read as 亿元: the report says so.
    for column in &mut report.columns {
        if column.role.as_deref() == Some("investment") {
            column.role = Some("investment:亿元".into());
        }
    }
    read_so_far.notes.table = report;
    Ok(Some(read_so_far))
}
