//! Arrow IPC files and streams: the record batches they hold, and the plan's
//! tables read back from them by column **name** with loose types (Utf8 or
//! LargeUtf8; any integer or float), so a table with these column names from
//! another engine (DuckDB, DataFusion, polars) reads the same. A projects table
//! goes straight into projects (or flat buffers, the page's path for big
//! tables); another table is written in the text form. The writer of these
//! tables is `write::arrow`.

use crate::model::buffers::{self, ProjectBuffers};
use crate::model::Money;
use crate::model::{
    BuilderKind, Comparator, Indicator, IndicatorKind, Plan, PlanError, Project, ReadFrom, TableName, Task,
};
use arrow_array::{
    Array, Float32Array, Float64Array, Int32Array, Int64Array, LargeStringArray, RecordBatch, StringArray, UInt32Array,
    UInt64Array,
};
use arrow_schema::{ArrowError, Schema};
use std::collections::HashMap;
use std::sync::Arc;

/// The schema metadata key that names a Plansight table (`projects`, `tasks` …).
pub const TABLE_KEY: &str = "plansight:table";

/// Project rows read from a `projects` table.
pub fn projects(b: &RecordBatch) -> Result<Vec<Project>, ArrowError> {
    let (no, kind, name) = (nums(b, "no")?, texts(b, "type")?, texts(b, "name")?);
    let (inv, start, end) = (nums(b, "investment")?, nums(b, "start_year")?, nums(b, "end_year")?);
    let builder = texts(b, "builder")?;
    let builder_kind = optional(texts(b, "builder_kind"), b.num_rows());
    let line = optional(nums(b, "line"), b.num_rows());
    let read = optional(texts(b, "read_from"), b.num_rows());
    Ok((0..b.num_rows())
        .map(|i| Project {
            no: no[i].unwrap_or(0.0) as u32,
            kind: kind[i].clone().unwrap_or_default(),
            name: name[i].clone().unwrap_or_default(),
            investment: inv[i].and_then(Money::from_yi),
            start_year: start[i].map(|v| v as i32),
            end_year: end[i].map(|v| v as i32),
            builder_kind: builder_kind[i]
                .as_deref()
                .map_or_else(|| BuilderKind::classify(builder[i].as_deref().unwrap_or("")), BuilderKind::from_id),
            builder: builder[i].clone().unwrap_or_default(),
            line: line[i].unwrap_or(0.0) as u32,
            read_from: read_from(read[i].as_deref()),
            ..Project::default()
        })
        .collect())
}

/// Task rows with their units: joined from a `task_units` table in position
/// order when there is one, else from the tasks' own `units` column.
pub fn tasks(b: &RecordBatch, task_units: Option<&RecordBatch>) -> Result<Vec<Task>, ArrowError> {
    let (no, area, work) = (nums(b, "no")?, texts(b, "area")?, texts(b, "work")?);
    let line = optional(nums(b, "line"), b.num_rows());
    let (deadline, read) =
        (optional(texts(b, "deadline"), b.num_rows()), optional(texts(b, "read_from"), b.num_rows()));
    let (joined, leads) = (optional(texts(b, "units"), b.num_rows()), optional(nums(b, "leads"), b.num_rows()));
    let mut units: HashMap<u32, Vec<(u32, String)>> = HashMap::new();
    if let Some(u) = task_units {
        let (task_no, unit) = (nums(u, "task_no")?, texts(u, "unit")?);
        let position = optional(nums(u, "position"), u.num_rows());
        for i in 0..u.num_rows() {
            if let (Some(t), Some(name)) = (task_no[i], &unit[i]) {
                units.entry(t as u32).or_default().push((position[i].unwrap_or(i as f64) as u32, name.clone()));
            }
        }
    }
    Ok((0..b.num_rows())
        .map(|i| {
            let no = no[i].unwrap_or(0.0) as u32;
            let mut list = units.get(&no).cloned().unwrap_or_default();
            list.sort_by_key(|(p, _)| *p);
            let mut names: Vec<String> = list.into_iter().map(|(_, u)| u).collect();
            if names.is_empty() {
                names = super::text::split_units(joined[i].as_deref().unwrap_or(""));
            }
            Task {
                no,
                area: area[i].clone().unwrap_or_default(),
                work: work[i].clone().unwrap_or_default(),
                // Without a leads column, the first named leads (the plans' convention).
                leads: leads[i].map_or(names.len().min(1), |l| l as usize),
                units: names,
                line: line[i].unwrap_or(0.0) as u32,
                deadline: deadline[i].clone(),
                read_from: read_from(read[i].as_deref()),
            }
        })
        .collect())
}

/// Indicator rows read from an `indicators` table.
pub fn indicators(b: &RecordBatch) -> Result<Vec<Indicator>, ArrowError> {
    let (kind, metric, value, unit) = (texts(b, "kind")?, texts(b, "metric")?, nums(b, "value")?, texts(b, "unit")?);
    let n = b.num_rows();
    let comparator = optional(texts(b, "comparator"), n);
    let (year, section, sentence) =
        (optional(nums(b, "year"), n), optional(texts(b, "section"), n), optional(texts(b, "sentence"), n));
    let (line, pair) = (optional(nums(b, "line"), n), optional(nums(b, "pair"), n));
    let value_max = optional(nums(b, "value_max"), n);
    Ok((0..n)
        .map(|i| Indicator {
            kind: if kind[i].as_deref() == Some("baseline") { IndicatorKind::Baseline } else { IndicatorKind::Target },
            metric: metric[i].clone().unwrap_or_default(),
            value: value[i].unwrap_or(f64::NAN),
            value_max: value_max[i],
            unit: unit[i].clone().unwrap_or_default(),
            comparator: Comparator::from_symbol(comparator[i].as_deref().unwrap_or("=")),
            year: year[i].map(|y| y as i32),
            section: section[i].clone().unwrap_or_default(),
            sentence: sentence[i].clone().unwrap_or_default(),
            line: line[i].unwrap_or(0.0) as u32,
            pair: pair[i].map(|p| p as usize).filter(|&p| p < n),
        })
        .collect())
}

/// A `source` cell: "prose" for a record read from sentences, else a table row.
fn read_from(cell: Option<&str>) -> ReadFrom {
    if cell == Some("prose") {
        ReadFrom::Prose
    } else {
        ReadFrom::Table
    }
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a dyn Array, ArrowError> {
    batch
        .column_by_name(name)
        .map(|c| c.as_ref())
        .ok_or_else(|| ArrowError::SchemaError(format!("the table has no column {name:?}")))
}

/// A text column as owned strings (Utf8 or LargeUtf8).
fn texts(batch: &RecordBatch, name: &str) -> Result<Vec<Option<String>>, ArrowError> {
    let col = column(batch, name)?;
    let any = col.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        Ok(a.iter().map(|v| v.map(str::to_string)).collect())
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        Ok(a.iter().map(|v| v.map(str::to_string)).collect())
    } else {
        Err(ArrowError::SchemaError(format!("column {name:?} is {}, expected text", col.data_type())))
    }
}

/// A numeric column as f64 (any common integer or float type).
fn nums(batch: &RecordBatch, name: &str) -> Result<Vec<Option<f64>>, ArrowError> {
    let col = column(batch, name)?;
    let any = col.as_any();
    macro_rules! try_as {
        ($($t:ty),*) => {$(
            if let Some(a) = any.downcast_ref::<$t>() {
                return Ok(a.iter().map(|v| v.map(|v| v as f64)).collect());
            }
        )*};
    }
    try_as!(Float64Array, Float32Array, Int32Array, Int64Array, UInt32Array, UInt64Array);
    Err(ArrowError::SchemaError(format!("column {name:?} is {}, expected a number", col.data_type())))
}

/// An optional column: all nulls when it is absent or of another type.
fn optional<T: Clone>(col: Result<Vec<Option<T>>, ArrowError>, rows: usize) -> Vec<Option<T>> {
    col.unwrap_or_else(|_| vec![None; rows])
}

/// Reads an Arrow IPC file or stream: its record batches (other engines write
/// a table in chunks), with the table's name when the file says it (Plansight
/// files carry it in the schema metadata). Rows are read batch by batch.
///
/// The messages are walked here and each batch is decoded by arrow-ipc's
/// `FileDecoder`, rather than through its `FileReader`/`StreamReader`: those
/// also merge delta dictionaries, which links arrow-select's concat and
/// interleave kernels (~200 KB of wasm in the page's reader module).
/// Dictionary-encoded columns are therefore refused with a message.
pub fn read_ipc(bytes: &[u8]) -> Result<(Option<TableName>, Vec<RecordBatch>), ArrowError> {
    let ipc = |why: &str| ArrowError::IpcError(why.to_string());
    let buffer = arrow_buffer::Buffer::from(bytes.to_vec());
    let (schema, version, blocks) =
        if bytes.starts_with(b"ARROW1") { file_blocks(bytes)? } else { stream_blocks(bytes)? };
    let name = schema.metadata().get(TABLE_KEY).and_then(|t| TableName::from_id(t));
    let decoder = arrow_ipc::reader::FileDecoder::new(Arc::new(schema), version);
    let mut batches = Vec::with_capacity(blocks.len());
    for block in &blocks {
        // Sizes and offsets as the file states them, held to the file (negative or huge ones too).
        let (meta, body, start) = (
            usize::try_from(block.metaDataLength()),
            usize::try_from(block.bodyLength()),
            usize::try_from(block.offset()),
        );
        let (Ok(meta), Ok(body), Ok(start)) = (meta, body, start) else {
            return Err(ipc("a record batch lies outside the file"));
        };
        let length = meta.checked_add(body).ok_or_else(|| ipc("a record batch lies outside the file"))?;
        if meta < 8 || start.checked_add(length).is_none_or(|end| end > bytes.len()) {
            return Err(ipc("a record batch lies outside the file"));
        }
        check_batch(&bytes[start..start + length], block)?;
        if let Some(batch) = decoder.read_record_batch(block, &buffer.slice_with_length(start, length))? {
            batches.push(batch);
        }
    }
    if batches.is_empty() {
        return Err(ipc("the Arrow file holds no record batch"));
    }
    Ok((name, batches))
}

/// A record batch's message checked against its own bytes before arrow-ipc
/// decodes it: arrow-ipc slices each buffer where the message says, and a
/// damaged offset or length would panic there (in the page, a trap).
fn check_batch(block_bytes: &[u8], block: &arrow_ipc::Block) -> Result<(), ArrowError> {
    let damaged = |why: &str| ArrowError::IpcError(format!("a record batch is damaged: {why}"));
    let meta_len = block.metaDataLength() as usize;
    let meta = block_bytes.get(..meta_len).ok_or_else(|| damaged("its message is cut short"))?;
    // The message follows a continuation marker and its length (older files: the length alone).
    let prefix = if meta.starts_with(&[0xFF; 4]) { 8 } else { 4 };
    let message = arrow_ipc::root_as_message(meta.get(prefix..).ok_or_else(|| damaged("no message"))?)
        .map_err(|e| damaged(&e.to_string()))?;
    let batch = message.header_as_record_batch().ok_or_else(|| damaged("its message is no record batch"))?;
    let body = u64::try_from(block.bodyLength()).map_err(|_| damaged("a negative body length"))?;
    for b in batch.buffers().into_iter().flatten() {
        let (offset, length) = (u64::try_from(b.offset()), u64::try_from(b.length()));
        let inside = matches!((offset, length), (Ok(o), Ok(l)) if o.checked_add(l).is_some_and(|end| end <= body));
        if !inside {
            return Err(damaged("a buffer lies outside its body"));
        }
    }
    if batch.length() < 0 || batch.nodes().into_iter().flatten().any(|n| n.length() < 0 || n.null_count() < 0) {
        return Err(damaged("a negative length"));
    }
    Ok(())
}

type Blocks = (Schema, arrow_ipc::MetadataVersion, Vec<arrow_ipc::Block>);

fn no_dictionaries(schema: Schema) -> Result<Schema, ArrowError> {
    match schema.fields().iter().find(|f| matches!(f.data_type(), arrow_schema::DataType::Dictionary(..))) {
        Some(f) => Err(ArrowError::IpcError(format!(
            "column “{}” is dictionary-encoded, which is not read: export it as plain strings",
            f.name()
        ))),
        None => Ok(schema),
    }
}

/// The IPC file format: blocks listed in the footer.
fn file_blocks(bytes: &[u8]) -> Result<Blocks, ArrowError> {
    let tail: [u8; 10] = bytes
        .len()
        .checked_sub(10)
        .and_then(|at| bytes[at..].try_into().ok())
        .ok_or_else(|| ArrowError::IpcError("the Arrow file is cut short".into()))?;
    let footer_len = arrow_ipc::reader::read_footer_length(tail)?;
    let footer_start = (bytes.len() - 10)
        .checked_sub(footer_len)
        .ok_or_else(|| ArrowError::IpcError("the Arrow file's footer is longer than the file".into()))?;
    let footer = arrow_ipc::root_as_footer(&bytes[footer_start..bytes.len() - 10])
        .map_err(|e| ArrowError::IpcError(format!("the Arrow file's footer is damaged: {e}")))?;
    let schema = footer.schema().ok_or_else(|| ArrowError::IpcError("the Arrow file has no schema".into()))?;
    let schema = no_dictionaries(arrow_ipc::convert::try_fb_to_schema(schema)?)?;
    let blocks = footer.recordBatches().map(|b| b.iter().copied().collect()).unwrap_or_default();
    Ok((schema, footer.version(), blocks))
}

/// The IPC stream format: a schema message, then record batches, each
/// `[0xFFFFFFFF] length message body`, until an end marker or the bytes end.
fn stream_blocks(bytes: &[u8]) -> Result<Blocks, ArrowError> {
    let damaged = || ArrowError::IpcError("the Arrow stream is cut short".into());
    let word = |at: usize| bytes.get(at..at + 4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    let (mut at, mut schema, mut version, mut blocks) = (0usize, None, arrow_ipc::MetadataVersion::V5, Vec::new());
    while at < bytes.len() {
        // Older streams have no continuation marker before the length.
        let prefix = if word(at) == Some(u32::MAX) { 8 } else { 4 };
        let meta_len = word(at + prefix - 4).ok_or_else(damaged)? as usize;
        if meta_len == 0 {
            break;
        }
        let meta_start = at + prefix;
        let meta = bytes.get(meta_start..meta_start.checked_add(meta_len).ok_or_else(damaged)?).ok_or_else(damaged)?;
        let message = arrow_ipc::root_as_message(meta)
            .map_err(|e| ArrowError::IpcError(format!("an Arrow message is damaged: {e}")))?;
        let body_len = usize::try_from(message.bodyLength()).map_err(|_| damaged())?;
        let end =
            (meta_start + meta_len).checked_add(body_len).filter(|&end| end <= bytes.len()).ok_or_else(damaged)?;
        match message.header_type() {
            arrow_ipc::MessageHeader::Schema => {
                let fb = message.header_as_schema().ok_or_else(damaged)?;
                schema = Some(no_dictionaries(arrow_ipc::convert::try_fb_to_schema(fb)?)?);
                version = message.version();
            }
            arrow_ipc::MessageHeader::RecordBatch => {
                let block = arrow_ipc::Block::new(at as i64, (prefix + meta_len) as i32, body_len as i64);
                blocks.push(block);
            }
            arrow_ipc::MessageHeader::DictionaryBatch => {
                return Err(ArrowError::IpcError("dictionary-encoded columns are not read".into()))
            }
            _ => {}
        }
        at = end;
    }
    let schema = schema.ok_or_else(|| ArrowError::IpcError("the Arrow stream has no schema".into()))?;
    Ok((schema, version, blocks))
}

fn arrow_error(e: ArrowError) -> PlanError {
    PlanError::Damaged { kind: "Arrow", why: e.to_string() }
}

/// An Arrow file's batches and which table they are: as its metadata says,
/// else by its columns.
fn read_table(bytes: &[u8]) -> Result<(TableName, Vec<RecordBatch>), PlanError> {
    let (name, batches) = read_ipc(bytes).map_err(arrow_error)?;
    let has = |col: &str| batches[0].schema().column_with_name(col).is_some();
    let name = name.unwrap_or(if has("metric") {
        TableName::Indicators
    } else if has("work") {
        TableName::Tasks
    } else {
        TableName::Projects
    });
    if name == TableName::TaskUnits {
        return Err(arrow_error(ArrowError::SchemaError("task_units alone is no plan: open the tasks table".into())));
    }
    Ok((name, batches))
}

/// An Arrow file's batches when it holds a projects table; `None` for another table.
fn project_batches(bytes: &[u8]) -> Result<Option<Vec<RecordBatch>>, PlanError> {
    let (name, batches) = read_table(bytes)?;
    Ok((name == TableName::Projects).then_some(batches))
}

/// The projects of one batch (columns by name, as [`projects`]).
fn batch_projects(batch: RecordBatch) -> Result<Vec<Project>, PlanError> {
    projects(&batch).map_err(arrow_error)
}

/// An Arrow projects table straight into buffers (the page's path for big
/// tables: no text form), with `progress(rows read, rows in all)` after each
/// batch; `None` when the file holds another table (read it as text).
pub fn ipc_to_project_buffers(
    bytes: &[u8],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<ProjectBuffers>, PlanError> {
    let Some(batches) = project_batches(bytes)? else { return Ok(None) };
    let total = batches.iter().map(RecordBatch::num_rows).sum();
    let mut buffers = ProjectBuffers::default();
    buffers.columns = column_names(&batches[0]);
    for batch in batches {
        buffers.extend(&batch_projects(batch)?);
        progress(buffers.len(), total);
    }
    Ok(Some(buffers))
}

/// An Arrow projects table as a plan, read as the page reads it: no text
/// form (a million rows in seconds), each project keeping the line its `line`
/// column names, and one table report naming the columns read (a column of
/// another name, such as `batch`'s `source`, is reported as not read).
/// `None` when the file holds another table.
pub fn ipc_to_projects_plan(bytes: &[u8]) -> Result<Option<Plan>, PlanError> {
    let Some(batches) = project_batches(bytes)? else { return Ok(None) };
    let columns = column_names(&batches[0]);
    let mut projects = Vec::new();
    for batch in batches {
        projects.extend(batch_projects(batch)?);
    }
    let report = buffers::table_report(&columns, &projects);
    Ok(Some(Plan { projects, tables: vec![report], ..Plan::default() }))
}

fn column_names(batch: &RecordBatch) -> Vec<String> {
    batch.schema().fields().iter().map(|f| f.name().clone()).collect()
}

/// An Arrow IPC file (one of the page's or the CLI's tables, or any table with
/// those column names) as the text form: projects and tasks as tables the annex
/// stage recognises, indicators as their sentences under their sections, so
/// reading it gives back the same records.
pub fn ipc_to_text(bytes: &[u8]) -> Result<String, PlanError> {
    let (name, batches) = read_table(bytes)?;
    let (mut projects, mut tasks, mut indicators) = (Vec::new(), Vec::new(), Vec::new());
    for batch in &batches {
        match name {
            TableName::Projects => projects.extend(self::projects(batch).map_err(arrow_error)?),
            TableName::Tasks => tasks.extend(self::tasks(batch, None).map_err(arrow_error)?),
            _ => indicators.extend(self::indicators(batch).map_err(arrow_error)?),
        }
    }
    let mut out = super::textform::TextForm::default();
    if !projects.is_empty() {
        let mut rows = vec![["序号", "项目类型", "项目名称", "计划总投资（亿元）", "建设期限", "建设单位"]
            .map(String::from)
            .to_vec()];
        rows.extend(projects.iter().map(|p| {
            vec![
                p.no.to_string(),
                p.kind.clone(),
                p.name.clone(),
                p.investment.map(Money::yi_text).unwrap_or_default(),
                p.period_text(),
                p.builder.clone(),
            ]
        }));
        out.table(&rows);
    }
    if !tasks.is_empty() {
        let mut rows = vec![["序号", "行动领域", "重点工作", "牵头单位", "配合单位"].map(String::from).to_vec()];
        rows.extend(tasks.iter().map(|t| {
            let (lead, co) = t.units.split_at(t.leads.min(t.units.len()));
            vec![t.no.to_string(), t.area.clone(), t.work.clone(), lead.join("、"), co.join("、")]
        }));
        out.table(&rows);
    }
    // One sentence can hold several figures: it is written once, under its section.
    let (mut section, mut sentence) = (None, None);
    for i in indicators {
        if section.as_ref() != Some(&i.section) {
            out.paragraph(&format!("（一）{}", i.section));
            section = Some(i.section.clone());
        }
        if sentence.as_ref() != Some(&i.sentence) {
            out.paragraph(&i.sentence);
            sentence = Some(i.sentence.clone());
        }
    }
    Ok(out.finish())
}
