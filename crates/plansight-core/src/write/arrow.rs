//! The plan as Arrow: four RecordBatches (projects, tasks, task–unit pairs,
//! indicators) and an Arrow IPC file for each, the interchange with other
//! engines. Read back by `read::arrow` (by column name).

use crate::engine::rows::Rows;
use crate::model::{Indicator, IndicatorKind, Money, Plan, Project, TableName, Task};
use crate::read::arrow::TABLE_KEY;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{ArrowError, Field, Schema};
use std::collections::HashMap;
use std::sync::Arc;

/// The plan as four tables.
#[derive(Debug, Clone)]
pub struct Frame {
    pub projects: RecordBatch,
    pub tasks: RecordBatch,
    pub task_units: RecordBatch,
    pub indicators: RecordBatch,
}

fn batch(table: TableName, columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = columns.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect();
    let metadata = HashMap::from([(TABLE_KEY.to_string(), table.id().to_string())]);
    let schema = Arc::new(Schema::new_with_metadata(fields, metadata));
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    // Columns are built together from one slice, so lengths and types always agree.
    RecordBatch::try_new(schema, arrays).expect("columns built from one slice have equal lengths")
}

fn strings<'a>(it: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(it))
}

impl Frame {
    pub fn from_plan(plan: &Plan) -> Frame {
        Frame::from_parts(&plan.projects, &plan.tasks, &plan.indicators)
    }

    pub fn from_parts(projects: &[Project], tasks: &[Task], indicators: &[Indicator]) -> Frame {
        let p = projects;
        let projects = batch(
            TableName::Projects,
            vec![
                ("no", Arc::new(UInt32Array::from_iter_values(p.iter().map(|x| x.no))) as ArrayRef),
                ("type", strings(p.iter().map(|x| x.kind.as_str()))),
                ("name", strings(p.iter().map(|x| x.name.as_str()))),
                ("investment", Arc::new(Float64Array::from_iter(p.iter().map(|x| x.investment.map(Money::yi))))),
                ("start_year", Arc::new(Int32Array::from_iter(p.iter().map(|x| x.start_year)))),
                ("end_year", Arc::new(Int32Array::from_iter(p.iter().map(|x| x.end_year)))),
                ("builder", strings(p.iter().map(|x| x.builder.as_str()))),
                ("builder_kind", strings(p.iter().map(|x| x.builder_kind.id()))),
                ("line", Arc::new(UInt32Array::from_iter_values(p.iter().map(|x| x.line)))),
                ("read_from", strings(p.iter().map(|x| x.read_from.id()))),
            ],
        );
        let t = tasks;
        let tasks = batch(
            TableName::Tasks,
            vec![
                ("no", Arc::new(UInt32Array::from_iter_values(t.iter().map(|x| x.no))) as ArrayRef),
                ("area", strings(t.iter().map(|x| x.area.as_str()))),
                ("work", strings(t.iter().map(|x| x.work.as_str()))),
                // The units again, joined, so a tasks file read alone keeps them.
                ("units", strings(t.iter().map(|x| x.units.join("、")).collect::<Vec<_>>().iter().map(String::as_str))),
                ("leads", Arc::new(UInt32Array::from_iter_values(t.iter().map(|x| x.leads as u32)))),
                ("line", Arc::new(UInt32Array::from_iter_values(t.iter().map(|x| x.line)))),
                ("deadline", Arc::new(StringArray::from_iter(t.iter().map(|x| x.deadline.as_deref())))),
                ("read_from", strings(t.iter().map(|x| x.read_from.id()))),
                ("from_issuer", Arc::new(BooleanArray::from_iter(t.iter().map(|x| Some(x.from_issuer))))),
            ],
        );
        let pairs: Vec<(u32, u32, &str, &str)> = t
            .iter()
            .flat_map(|x| {
                x.units
                    .iter()
                    .enumerate()
                    .map(move |(i, u)| (x.no, i as u32, u.as_str(), if i < x.leads { "lead" } else { "co" }))
            })
            .collect();
        let task_units = batch(
            TableName::TaskUnits,
            vec![
                ("task_no", Arc::new(UInt32Array::from_iter_values(pairs.iter().map(|x| x.0))) as ArrayRef),
                ("position", Arc::new(UInt32Array::from_iter_values(pairs.iter().map(|x| x.1)))),
                ("unit", strings(pairs.iter().map(|x| x.2))),
                ("role", strings(pairs.iter().map(|x| x.3))),
            ],
        );
        let ind = indicators;
        let kind = |k: IndicatorKind| if k == IndicatorKind::Target { "target" } else { "baseline" };
        let indicators = batch(
            TableName::Indicators,
            vec![
                ("kind", strings(ind.iter().map(|x| kind(x.kind))) as ArrayRef),
                ("metric", strings(ind.iter().map(|x| x.metric.as_str()))),
                ("value", Arc::new(Float64Array::from_iter_values(ind.iter().map(|x| x.value)))),
                ("unit", strings(ind.iter().map(|x| x.unit.as_str()))),
                ("comparator", strings(ind.iter().map(|x| x.comparator.symbol()))),
                ("year", Arc::new(Int32Array::from_iter(ind.iter().map(|x| x.year)))),
                ("section", strings(ind.iter().map(|x| x.section.as_str()))),
                ("sentence", strings(ind.iter().map(|x| x.sentence.as_str()))),
                ("line", Arc::new(UInt32Array::from_iter_values(ind.iter().map(|x| x.line)))),
                ("pair", Arc::new(UInt32Array::from_iter(ind.iter().map(|x| x.pair.map(|p| p as u32))))),
                ("value_max", Arc::new(Float64Array::from_iter(ind.iter().map(|x| x.value_max)))),
            ],
        );
        Frame { projects, tasks, task_units, indicators }
    }

    pub fn table(&self, name: TableName) -> &RecordBatch {
        match name {
            TableName::Projects => &self.projects,
            TableName::Tasks => &self.tasks,
            TableName::TaskUnits => &self.task_units,
            TableName::Indicators => &self.indicators,
        }
    }

    /// The rows again, read by column name as any engine's tables are (the
    /// round trip the CLI's analyses take).
    pub fn rows(&self) -> Result<Rows, ArrowError> {
        use crate::read::arrow;
        let tasks = arrow::tasks(&self.tasks, Some(&self.task_units))?;
        Ok(Rows::new(arrow::projects(&self.projects)?, tasks, arrow::indicators(&self.indicators)?))
    }
}

/// Writes one table as an Arrow IPC file (the `.arrow` format).
pub fn write_ipc(batch: &RecordBatch) -> Result<Vec<u8>, ArrowError> {
    let mut out = Vec::new();
    {
        let mut writer = arrow_ipc::writer::FileWriter::try_new(&mut out, &batch.schema())?;
        writer.write(batch)?;
        writer.finish()?;
    }
    Ok(out)
}
