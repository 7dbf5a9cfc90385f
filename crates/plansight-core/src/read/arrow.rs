//! Arrow IPC files and streams: the record batches they hold, and the plan's
//! tables read back from them by column **name** with loose types (Utf8 or
//! LargeUtf8; any integer or float), so a table with these column names from
//! another engine (DuckDB, DataFusion, polars) reads the same. A projects table
//! goes straight into projects (or flat buffers, the page's path for big
//! tables); another table is written in the text form. The writer of these
//! tables is `write::arrow`.

use super::limits::{MAX_FILE_BYTES, MAX_UNPACKED_BYTES};
use crate::model::buffers::{BufferRow, ProjectBuffers};
use crate::model::money::MoneyUnit;
use crate::model::Money;
use crate::model::{
    BuilderKind, Comparator, Form, Indicator, IndicatorKind, PlanError, Project, ReadFrom, TableName, Task,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float32Array, Float64Array, Int32Array, Int64Array, LargeStringArray, RecordBatch,
    StringArray, UInt32Array, UInt64Array,
};
use arrow_schema::{ArrowError, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::Arc;

/// The schema metadata key that names a Plansight table (`projects`, `tasks` …).
pub const TABLE_KEY: &str = "plansight:table";

/// Project rows read from a `projects` table.
pub fn projects(b: &RecordBatch) -> Result<Vec<Project>, ArrowError> {
    let mut projects = Vec::with_capacity(b.num_rows());
    project_rows(b, |row| {
        projects.push(Project {
            no: row.no,
            kind: row.kind.to_string(),
            name: row.name.to_string(),
            investment: row.investment,
            start_year: row.start_year,
            end_year: row.end_year,
            builder_kind: row.builder_kind,
            builder: row.builder.to_string(),
            line: row.line,
            read_from: row.read_from,
            plan: row.plan.map(str::to_string),
            ..Project::default()
        })
    })?;
    Ok(projects)
}

/// A `projects` table's rows appended to flat buffers, each cell read where
/// the batch holds it (no project, no string of its own per row: the page's
/// path for a table of a million rows).
pub fn project_buffers(b: &RecordBatch, buffers: &mut ProjectBuffers) -> Result<(), ArrowError> {
    buffers.reserve(b.num_rows(), Texts::of(b, "name").map_or(0, |t| t.bytes()));
    project_rows(b, |row| {
        buffers.push(BufferRow {
            no: row.no,
            kind: row.kind,
            name: row.name,
            builder: row.builder,
            investment: row.investment,
            start_year: row.start_year,
            end_year: row.end_year,
            builder_kind: row.builder_kind,
            line: row.line,
            plan: row.plan,
        })
    })
}

/// One row of a `projects` table, borrowed from its batch.
struct ProjectRow<'a> {
    no: u32,
    kind: &'a str,
    name: &'a str,
    investment: Option<Money>,
    start_year: Option<i32>,
    end_year: Option<i32>,
    builder: &'a str,
    builder_kind: BuilderKind,
    line: u32,
    read_from: ReadFrom,
    plan: Option<&'a str>,
}

/// Each row of a `projects` table, by column name with loose types.
fn project_rows<'a>(b: &'a RecordBatch, mut row: impl FnMut(ProjectRow<'a>)) -> Result<(), ArrowError> {
    let (no, kind, name) = (Nums::of(b, "no")?, Texts::of(b, "type")?, Texts::of(b, "name")?);
    let (inv, start, end) = (Amounts::of(b, "investment")?, Nums::of(b, "start_year")?, Nums::of(b, "end_year")?);
    let builder = Texts::of(b, "builder")?;
    let builder_kind = Texts::of(b, "builder_kind").unwrap_or(Texts::Missing);
    let line = Nums::of(b, "line").unwrap_or(Nums::Missing);
    let read = Texts::of(b, "read_from").unwrap_or(Texts::Missing);
    let source = Texts::of(b, "source").unwrap_or(Texts::Missing);
    // Builders repeat (one company builds many projects): each classified once per batch.
    let mut kinds: HashMap<&str, BuilderKind> = HashMap::new();
    let mut classify = |b: &'a str| *kinds.entry(b).or_insert_with(|| BuilderKind::classify(b));
    for i in 0..b.num_rows() {
        let built_by = builder.get(i);
        row(ProjectRow {
            no: no.get(i).unwrap_or(0.0) as u32,
            kind: kind.get(i).unwrap_or_default(),
            name: name.get(i).unwrap_or_default(),
            investment: inv.get(i),
            start_year: start.get(i).map(|v| v as i32),
            end_year: end.get(i).map(|v| v as i32),
            builder_kind: builder_kind.get(i).map_or_else(|| classify(built_by.unwrap_or("")), BuilderKind::from_id),
            builder: built_by.unwrap_or_default(),
            line: line.get(i).unwrap_or(0.0) as u32,
            read_from: read_from(read.get(i)),
            plan: source.get(i).filter(|s| !s.is_empty()),
        });
    }
    Ok(())
}

/// A text column read in place (Utf8 or LargeUtf8), or one that is absent.
enum Texts<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    Missing,
}

impl<'a> Texts<'a> {
    fn of(batch: &'a RecordBatch, name: &str) -> Result<Texts<'a>, ArrowError> {
        let col = column(batch, name)?;
        let any = col.as_any();
        if let Some(a) = any.downcast_ref::<StringArray>() {
            Ok(Texts::Utf8(a))
        } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
            Ok(Texts::Large(a))
        } else {
            Err(ArrowError::SchemaError(format!("column {name:?} is {}, expected text", col.data_type())))
        }
    }

    /// The bytes of all its texts.
    fn bytes(&self) -> usize {
        match self {
            Texts::Utf8(a) => span(a.value_offsets().first(), a.value_offsets().last()),
            Texts::Large(a) => span(a.value_offsets().first(), a.value_offsets().last()),
            Texts::Missing => 0,
        }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Texts::Utf8(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Texts::Large(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Texts::Missing => None,
        }
    }
}

/// How far apart two offsets are (0 when there are none).
fn span<O: Copy + Into<i64>>(first: Option<&O>, last: Option<&O>) -> usize {
    match (first, last) {
        (Some(&a), Some(&b)) => usize::try_from(b.into().saturating_sub(a.into())).unwrap_or(0),
        _ => 0,
    }
}

/// A numeric column read in place as f64 (any common integer or float type,
/// or numbers written as text: a Parquet table's cells arrive as text).
enum Nums<'a> {
    F64(&'a Float64Array),
    F32(&'a Float32Array),
    I32(&'a Int32Array),
    I64(&'a Int64Array),
    U32(&'a UInt32Array),
    U64(&'a UInt64Array),
    Text(Texts<'a>),
    Missing,
}

impl<'a> Nums<'a> {
    fn of(batch: &'a RecordBatch, name: &str) -> Result<Nums<'a>, ArrowError> {
        let col = column(batch, name)?;
        let any = col.as_any();
        macro_rules! try_as {
            ($($variant:ident: $t:ty),*) => {$(
                if let Some(a) = any.downcast_ref::<$t>() {
                    return Ok(Nums::$variant(a));
                }
            )*};
        }
        try_as!(F64: Float64Array, F32: Float32Array, I32: Int32Array, I64: Int64Array, U32: UInt32Array, U64: UInt64Array);
        match Texts::of(batch, name) {
            Ok(texts) => Ok(Nums::Text(texts)),
            Err(_) => {
                Err(ArrowError::SchemaError(format!("column {name:?} is {}, expected a number", col.data_type())))
            }
        }
    }

    fn get(&self, i: usize) -> Option<f64> {
        macro_rules! at {
            ($a:expr) => {
                (i < $a.len() && $a.is_valid(i)).then(|| $a.value(i) as f64)
            };
        }
        match self {
            Nums::F64(a) => at!(a),
            Nums::F32(a) => at!(a),
            Nums::I32(a) => at!(a),
            Nums::I64(a) => at!(a),
            Nums::U32(a) => at!(a),
            Nums::U64(a) => at!(a),
            Nums::Text(t) => t.get(i).and_then(|t| t.trim().parse().ok()),
            Nums::Missing => None,
        }
    }
}

/// A money column in 亿元: from its text exactly, or from a float to the 分.
enum Amounts<'a> {
    Text(Texts<'a>),
    Number(Nums<'a>),
}

impl<'a> Amounts<'a> {
    fn of(batch: &'a RecordBatch, name: &str) -> Result<Amounts<'a>, ArrowError> {
        match Texts::of(batch, name) {
            Ok(texts) => Ok(Amounts::Text(texts)),
            Err(_) => Ok(Amounts::Number(Nums::of(batch, name)?)),
        }
    }

    fn get(&self, i: usize) -> Option<Money> {
        match self {
            Amounts::Text(t) => t.get(i).and_then(|t| Money::parse(t, MoneyUnit::Yi)),
            Amounts::Number(n) => n.get(i).and_then(Money::from_yi),
        }
    }
}

/// Task rows with their units: joined from a `task_units` table in position
/// order when there is one, else from the tasks' own `units` column.
pub fn tasks(b: &RecordBatch, task_units: Option<&RecordBatch>) -> Result<Vec<Task>, ArrowError> {
    let (no, area, work) = (nums(b, "no")?, texts(b, "area")?, texts(b, "work")?);
    let line = optional(nums(b, "line"), b.num_rows());
    let (deadline, read) =
        (optional(texts(b, "deadline"), b.num_rows()), optional(texts(b, "read_from"), b.num_rows()));
    let (joined, leads) = (optional(texts(b, "units"), b.num_rows()), optional(nums(b, "leads"), b.num_rows()));
    let from_issuer = optional(flags(b, "from_issuer"), b.num_rows());
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
                from_issuer: from_issuer[i].unwrap_or(false),
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

/// A yes/no column: Arrow booleans, or "true"/"false" as text (a Parquet table's cells).
fn flags(batch: &RecordBatch, name: &str) -> Result<Vec<Option<bool>>, ArrowError> {
    let col = column(batch, name)?;
    if let Some(a) = col.as_any().downcast_ref::<BooleanArray>() {
        return Ok(a.iter().collect());
    }
    Ok(texts(batch, name)?.iter().map(|t| t.as_deref().map(|t| t.trim().eq_ignore_ascii_case("true"))).collect())
}

/// A numeric column as f64 (any common integer or float type, or numbers
/// written as text: a Parquet table's cells arrive as text).
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
    if let Ok(texts) = texts(batch, name) {
        return Ok(texts.iter().map(|t| t.as_deref().and_then(|t| t.trim().parse().ok())).collect());
    }
    Err(ArrowError::SchemaError(format!("column {name:?} is {}, expected a number", col.data_type())))
}

/// An optional column: all nulls when it is absent or of another type.
fn optional<T: Clone>(col: Result<Vec<Option<T>>, ArrowError>, rows: usize) -> Vec<Option<T>> {
    col.unwrap_or_else(|_| vec![None; rows])
}

/// Reads an Arrow IPC file or stream: its record batches (other engines write
/// a table in chunks), with the table's name when the file says it (Plansight
/// files carry it in the schema metadata).
///
/// The messages are walked here and each is decoded by arrow-ipc's
/// `FileDecoder`, rather than through its `FileReader`/`StreamReader`, so that
/// every offset, length and codec is checked against the bytes first (a
/// damaged one would panic inside arrow-ipc: in the page, a trap).
/// Dictionaries (pandas `category`, polars `Categorical`) are read before the
/// batches that use them; buffers compressed with LZ4 (Feather's default) or
/// ZSTD are unpacked first ([`Plain`]), in the page as in the CLI.
pub fn read_ipc(bytes: &[u8]) -> Result<(Option<TableName>, Vec<RecordBatch>), ArrowError> {
    let (schema, batches) = decode_ipc(bytes)?;
    if batches.is_empty() {
        return Err(ArrowError::IpcError("the Arrow file holds no record batch".into()));
    }
    Ok((schema.metadata().get(TABLE_KEY).and_then(|t| TableName::from_id(t)), batches))
}

/// An IPC file's or stream's schema and its batches (none, for a table of no rows).
fn decode_ipc(bytes: &[u8]) -> Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
    decode_ipc_in(arrow_buffer::Buffer::from(bytes.to_vec()))
}

/// [`decode_ipc`] of bytes already held in a buffer: the batches are views of
/// it (a table of 100 MB is not copied to be read).
fn decode_ipc_in(buffer: arrow_buffer::Buffer) -> Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
    let bytes = buffer.as_slice();
    let (schema, version, messages) =
        if bytes.starts_with(b"ARROW1") { file_messages(bytes)? } else { stream_messages(bytes)? };
    let schema = Arc::new(schema);
    let mut dictionaries: HashMap<i64, ArrayRef> = HashMap::new();
    let mut batches = Vec::new();
    let mut unpacked = 0usize;
    for (kind, block) in &messages {
        let (start, length, prefix) = check_message(bytes, block, &mut unpacked)?;
        let meta_len = block.metaDataLength() as usize;
        let message = arrow_ipc::root_as_message(&bytes[start + prefix..start + meta_len])
            .map_err(|e| ArrowError::IpcError(format!("an Arrow message is damaged: {e}")))?;
        let body = buffer.slice_with_length(start + meta_len, length - meta_len);
        match kind {
            Message::Dictionary => {
                let dictionary = message.header_as_dictionary_batch().ok_or_else(|| damaged("no dictionary"))?;
                let data = dictionary.data().ok_or_else(|| damaged("a dictionary without values"))?;
                let plain = Plain::of(data, body)?;
                let values = dictionary_values(&plain, dictionary, data, &schema, &dictionaries, &version)?;
                dictionaries.insert(dictionary.id(), values);
            }
            Message::Batch => {
                let batch = message.header_as_record_batch().ok_or_else(|| damaged("no record batch"))?;
                let plain = Plain::of(batch, body)?;
                let batch = plain.batch(batch)?;
                check_views(batch, schema.fields(), plain.body.as_slice(), version)?;
                let read = arrow_ipc::reader::read_record_batch(
                    &plain.body,
                    batch,
                    schema.clone(),
                    &dictionaries,
                    None,
                    &version,
                )?;
                batches.push(read);
            }
        }
    }
    Ok((schema, batches))
}

/// Every buffer of fixed-width values, offsets or views held to a whole
/// number of its values before arrow-ipc decodes the batch: arrow-data takes
/// a buffer of another length for a panic as it validates it (a string column
/// whose offsets are 4n + 2 bytes long, views not a multiple of 16), and
/// arrow-ipc slices a union's type ids and offsets to its length unchecked.
/// The buffers and nodes are found by walking the fields as IPC lays them
/// out, in the batch as [`Plain`] unpacked it.
fn check_views(
    batch: arrow_ipc::RecordBatch,
    fields: &arrow_schema::Fields,
    body: &[u8],
    version: arrow_ipc::MetadataVersion,
) -> Result<(), ArrowError> {
    let buffers: Vec<u64> = batch
        .buffers()
        .into_iter()
        .flatten()
        .map(|b| {
            let (offset, length) = (usize::try_from(b.offset()).unwrap_or(0), usize::try_from(b.length()).unwrap_or(0));
            body.get(offset..offset.saturating_add(length)).map_or(0, |data| data.len() as u64)
        })
        .collect();
    let nodes: Vec<u64> =
        batch.nodes().into_iter().flatten().map(|n| u64::try_from(n.length()).unwrap_or(u64::MAX)).collect();
    let mut layout = Layout {
        buffers,
        nodes,
        variadic: batch.variadicBufferCounts().into_iter().flatten().collect(),
        at: 0,
        node: 0,
        view: 0,
        v4: version < arrow_ipc::MetadataVersion::V5,
    };
    for field in fields {
        layout.walk(field.data_type(), 0)?;
    }
    Ok(())
}

/// A record batch's body with its buffers unpacked, and its message built
/// again without a codec, for arrow-ipc to decode as an uncompressed batch:
/// every build unpacks LZ4 and ZSTD with [`codec`](super::codec) (pure Rust,
/// the page too), each buffer to exactly the length it states (held to the
/// limit by [`check_body`] first), so arrow-ipc never unpacks or allocates
/// by a statement itself.
struct Plain {
    /// The rebuilt `RecordBatch` table, when the batch was compressed.
    message: Option<Vec<u8>>,
    body: arrow_buffer::Buffer,
}

impl Plain {
    fn of(batch: arrow_ipc::RecordBatch, body: arrow_buffer::Buffer) -> Result<Plain, ArrowError> {
        let Some(compression) = batch.compression() else { return Ok(Plain { message: None, body }) };
        let codec = match compression.codec() {
            arrow_ipc::CompressionType::LZ4_FRAME => super::codec::Codec::Lz4Frame,
            arrow_ipc::CompressionType::ZSTD => super::codec::Codec::Zstd,
            _ => return Err(ArrowError::NotYetImplemented(format!("{CODEC_MARK}an unknown codec"))),
        };
        // The body reserved once: each buffer as it states, held to what its codec can make of its bytes.
        let reserve: usize = batch
            .buffers()
            .into_iter()
            .flatten()
            .map(|b| {
                let data = body.as_slice().get(b.offset() as usize..).unwrap_or_default();
                let stated = data.get(..8).map_or(0, |l| i64::from_le_bytes(l.try_into().unwrap_or_default()));
                let most = super::codec::most(codec, (b.length() as usize).saturating_sub(8)).unwrap_or(0);
                (usize::try_from(stated).unwrap_or(b.length() as usize)).min(most).saturating_add(8)
            })
            .fold(0, usize::saturating_add);
        let mut out = Vec::with_capacity(reserve.min(MAX_UNPACKED_BYTES));
        let mut buffers = Vec::new();
        for b in batch.buffers().into_iter().flatten() {
            // Held to the body by `check_body`.
            let (offset, length) = (b.offset() as usize, b.length() as usize);
            let data = body
                .as_slice()
                .get(offset..offset + length)
                .ok_or_else(|| damaged("a buffer lies outside its body"))?;
            let start = out.len();
            // Each buffer starts with the length it unpacks to (-1: stored as is; 0 or nothing: empty).
            match data.get(..8).map(|l| i64::from_le_bytes(l.try_into().unwrap_or_default())) {
                None if data.is_empty() => {}
                None => return Err(damaged("a compressed buffer is shorter than its length")),
                Some(0) => {}
                Some(-1) => out.extend_from_slice(&data[8..]),
                Some(stated) => {
                    let stated = usize::try_from(stated).map_err(|_| damaged("a negative unpacked length"))?;
                    let values = super::codec::unpack(codec, &data[8..], stated).map_err(|e| match e {
                        super::codec::Unpack::Implausible => damaged("a buffer states more than its bytes unpack to"),
                        super::codec::Unpack::Damaged => damaged("a compressed buffer is damaged"),
                    })?;
                    out.extend_from_slice(&values);
                }
            }
            buffers.push(arrow_ipc::Buffer::new(start as i64, (out.len() - start) as i64));
            // Buffers start at multiples of 8, as IPC lays them out.
            out.resize(out.len().next_multiple_of(8), 0);
        }
        let mut fbb = flatbuffers::FlatBufferBuilder::new();
        let nodes: Vec<arrow_ipc::FieldNode> = batch.nodes().into_iter().flatten().copied().collect();
        let nodes = fbb.create_vector(&nodes);
        let buffers = fbb.create_vector(&buffers);
        let variadic = batch.variadicBufferCounts().map(|v| fbb.create_vector(&v.iter().collect::<Vec<i64>>()));
        let mut builder = arrow_ipc::RecordBatchBuilder::new(&mut fbb);
        builder.add_length(batch.length());
        builder.add_nodes(nodes);
        builder.add_buffers(buffers);
        if let Some(variadic) = variadic {
            builder.add_variadicBufferCounts(variadic);
        }
        let root = builder.finish();
        fbb.finish_minimal(root);
        Ok(Plain { message: Some(fbb.finished_data().to_vec()), body: arrow_buffer::Buffer::from(out) })
    }

    /// The batch to decode: the rebuilt one, or `original` when it was not compressed.
    fn batch<'a>(&'a self, original: arrow_ipc::RecordBatch<'a>) -> Result<arrow_ipc::RecordBatch<'a>, ArrowError> {
        match &self.message {
            None => Ok(original),
            Some(message) => flatbuffers::root::<arrow_ipc::RecordBatch>(message)
                .map_err(|_| damaged("its buffers could not be laid out again")),
        }
    }
}

/// A record batch's buffers (their lengths), nodes (their value counts) and
/// variadic view-buffer counts, taken in the order IPC lays fields out.
struct Layout {
    buffers: Vec<u64>,
    nodes: Vec<u64>,
    variadic: Vec<i64>,
    at: usize,
    node: usize,
    view: usize,
    /// Format V4: a union still has a validity buffer.
    v4: bool,
}

impl Layout {
    /// The next buffer, which holds values `width` bytes wide (0: any length); its length.
    fn take(&mut self, width: usize) -> Result<u64, ArrowError> {
        let len = *self.buffers.get(self.at).ok_or_else(|| damaged("a buffer is missing"))?;
        self.at += 1;
        if width == 0 || len % width as u64 == 0 {
            Ok(len)
        } else {
            Err(damaged("a buffer holds no whole number of values"))
        }
    }

    /// One field's node and buffers (then its children's).
    fn walk(&mut self, data_type: &arrow_schema::DataType, depth: usize) -> Result<(), ArrowError> {
        use arrow_schema::DataType::*;
        if depth > 32 {
            return Err(damaged("its columns nest too deep"));
        }
        let length = *self.nodes.get(self.node).ok_or_else(|| damaged("a column's node is missing"))?;
        self.node += 1;
        // The buffers a field lays out before its children, by the width of their values.
        let widths: &[usize] = match data_type {
            Null | RunEndEncoded(..) | Union(..) => &[],
            Boolean => &[0, 0],
            Utf8 | Binary => &[0, 4, 0],
            LargeUtf8 | LargeBinary => &[0, 8, 0],
            Utf8View | BinaryView => &[0, 16],
            List(_) | Map(..) => &[0, 4],
            LargeList(_) => &[0, 8],
            ListView(_) => &[0, 4, 4],
            LargeListView(_) => &[0, 8, 8],
            FixedSizeList(..) | Struct(_) => &[0],
            _ => &[0, 0],
        };
        let value_width = match data_type {
            FixedSizeBinary(n) => usize::try_from(*n).unwrap_or(0),
            Dictionary(key, _) => key.primitive_width().unwrap_or(0),
            t => t.primitive_width().unwrap_or(0),
        };
        for (k, &w) in widths.iter().enumerate() {
            // The second buffer of a flat column holds its values.
            let fixed = k == 1 && widths == [0, 0];
            self.take(if fixed { value_width } else { w })?;
        }
        match data_type {
            Utf8View | BinaryView => {
                let extra =
                    *self.variadic.get(self.view).ok_or_else(|| damaged("a views column names no data buffers"))?;
                self.view += 1;
                for _ in 0..usize::try_from(extra).map_err(|_| damaged("a negative count of data buffers"))? {
                    self.take(0)?;
                }
            }
            List(f) | Map(f, _) | LargeList(f) | ListView(f) | LargeListView(f) | FixedSizeList(f, _) => {
                self.walk(f.data_type(), depth + 1)?
            }
            Struct(fields) => {
                for f in fields {
                    self.walk(f.data_type(), depth + 1)?;
                }
            }
            Union(fields, mode) => {
                // arrow-ipc slices a type id per value, and an offset per value when dense.
                if self.v4 {
                    self.take(0)?;
                }
                if self.take(1)? < length {
                    return Err(damaged("a union holds fewer type ids than values"));
                }
                if *mode == arrow_schema::UnionMode::Dense && self.take(4)? < length.saturating_mul(4) {
                    return Err(damaged("a union holds fewer offsets than values"));
                }
                for (_, f) in fields.iter() {
                    self.walk(f.data_type(), depth + 1)?;
                }
            }
            RunEndEncoded(ends, values) => {
                self.walk(ends.data_type(), depth + 1)?;
                self.walk(values.data_type(), depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }
}

fn damaged(why: &str) -> ArrowError {
    ArrowError::IpcError(format!("a record batch is damaged: {why}"))
}

/// A dictionary's values (the strings of a pandas `category`), decoded as a
/// one-column batch of the value type its columns declare. A delta (values to
/// append to an earlier dictionary) is refused: merging them would link
/// arrow-select's concat kernels into the page (~85 KiB gzip) for a layout
/// pandas, polars and DuckDB do not write.
fn dictionary_values(
    plain: &Plain,
    dictionary: arrow_ipc::DictionaryBatch,
    data: arrow_ipc::RecordBatch,
    schema: &Schema,
    dictionaries: &HashMap<i64, ArrayRef>,
    version: &arrow_ipc::MetadataVersion,
) -> Result<ArrayRef, ArrowError> {
    if dictionary.isDelta() {
        return Err(ArrowError::IpcError(
            "a dictionary is written as deltas, which is not read: write the table without dictionary deltas".into(),
        ));
    }
    #[allow(deprecated)] // the IPC schema still names dictionaries by id
    let fields = schema.fields_with_dict_id(dictionary.id());
    let Some(arrow_schema::DataType::Dictionary(_, value_type)) = fields.first().map(|f| f.data_type()) else {
        return Err(damaged("a dictionary no column uses"));
    };
    let values = Arc::new(Schema::new(vec![arrow_schema::Field::new("", value_type.as_ref().clone(), true)]));
    let data = plain.batch(data)?;
    check_views(data, values.fields(), plain.body.as_slice(), *version)?;
    let batch = arrow_ipc::reader::read_record_batch(&plain.body, data, values, dictionaries, None, version)?;
    Ok(batch.column(0).clone())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Message {
    Dictionary,
    Batch,
}

/// A message's place in the file checked against the bytes there are, then its
/// contents (see [`check_body`]); its start and length.
/// The prefix before the message (a continuation marker and its length, or the length alone) is its third value.
fn check_message(
    bytes: &[u8],
    block: &arrow_ipc::Block,
    unpacked: &mut usize,
) -> Result<(usize, usize, usize), ArrowError> {
    let outside = || ArrowError::IpcError("a record batch lies outside the file".into());
    // Sizes and offsets as the file states them, held to the file (negative or huge ones too).
    let (meta, body, start) =
        (usize::try_from(block.metaDataLength()), usize::try_from(block.bodyLength()), usize::try_from(block.offset()));
    let (Ok(meta), Ok(body), Ok(start)) = (meta, body, start) else { return Err(outside()) };
    let length = meta.checked_add(body).ok_or_else(outside)?;
    if meta < 8 || start.checked_add(length).is_none_or(|end| end > bytes.len()) {
        return Err(outside());
    }
    let prefix = check_body(&bytes[start..start + length], meta, unpacked)?;
    Ok((start, length, prefix))
}

/// A record batch's or dictionary's message checked against its own bytes
/// before arrow-ipc decodes it: arrow-ipc slices each buffer where the message
/// says, and allocates what a compressed buffer says it unpacks to.
fn check_body(block_bytes: &[u8], meta_len: usize, unpacked: &mut usize) -> Result<usize, ArrowError> {
    let meta = block_bytes.get(..meta_len).ok_or_else(|| damaged("its message is cut short"))?;
    // The message follows a continuation marker and its length (older files: the length alone).
    let prefix = if meta.starts_with(&[0xFF; 4]) { 8 } else { 4 };
    let message = arrow_ipc::root_as_message(meta.get(prefix..).ok_or_else(|| damaged("no message"))?)
        .map_err(|e| damaged(&e.to_string()))?;
    let batch = match message.header_type() {
        arrow_ipc::MessageHeader::DictionaryBatch => message.header_as_dictionary_batch().and_then(|d| d.data()),
        _ => message.header_as_record_batch(),
    };
    let batch = batch.ok_or_else(|| damaged("its message is no record batch"))?;
    let body_bytes = &block_bytes[meta_len..];
    let body = body_bytes.len() as u64;
    let codec = batch.compression().map(|c| c.codec());
    if codec.is_some_and(|c| ![arrow_ipc::CompressionType::LZ4_FRAME, arrow_ipc::CompressionType::ZSTD].contains(&c)) {
        return Err(ArrowError::NotYetImplemented(format!("{CODEC_MARK}an unknown codec")));
    }
    for b in batch.buffers().into_iter().flatten() {
        let (offset, length) = (u64::try_from(b.offset()), u64::try_from(b.length()));
        let (Ok(offset), Ok(length)) = (offset, length) else { return Err(damaged("a negative buffer offset")) };
        if offset.checked_add(length).is_none_or(|end| end > body) {
            return Err(damaged("a buffer lies outside its body"));
        }
        // A compressed buffer starts with the length it unpacks to (-1: stored as is).
        if codec.is_some() && length >= 8 {
            let at = offset as usize;
            let stated = i64::from_le_bytes(body_bytes[at..at + 8].try_into().unwrap_or_default());
            if stated < -1 {
                return Err(damaged("a negative unpacked length"));
            }
            *unpacked = unpacked.saturating_add(stated.max(0) as usize);
            if *unpacked > MAX_UNPACKED_BYTES {
                return Err(ArrowError::IpcError(format!(
                    "its compressed buffers unpack to more than {} MiB",
                    MAX_UNPACKED_BYTES >> 20
                )));
            }
        }
    }
    if batch.length() < 0 || batch.nodes().into_iter().flatten().any(|n| n.length() < 0 || n.null_count() < 0) {
        return Err(damaged("a negative length"));
    }
    Ok(prefix)
}

/// How a codec this build lacks is told apart from damage in an `ArrowError`.
const CODEC_MARK: &str = "plansight:codec:";

type Messages = (Schema, arrow_ipc::MetadataVersion, Vec<(Message, arrow_ipc::Block)>);

/// The IPC file format: dictionaries and record batches listed in the footer.
fn file_messages(bytes: &[u8]) -> Result<Messages, ArrowError> {
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
    let schema = arrow_ipc::convert::try_fb_to_schema(schema)?;
    let mut messages: Vec<_> = footer.dictionaries().into_iter().flatten().map(|b| (Message::Dictionary, *b)).collect();
    messages.extend(footer.recordBatches().into_iter().flatten().map(|b| (Message::Batch, *b)));
    Ok((schema, footer.version(), messages))
}

/// The IPC stream format: a schema message, then dictionaries and record
/// batches in the order they apply, each `[0xFFFFFFFF] length message body`,
/// until an end marker or the bytes end.
fn stream_messages(bytes: &[u8]) -> Result<Messages, ArrowError> {
    let damaged = || ArrowError::IpcError("the Arrow stream is cut short".into());
    let word = |at: usize| bytes.get(at..at + 4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    let (mut at, mut schema, mut version, mut messages) = (0usize, None, arrow_ipc::MetadataVersion::V5, Vec::new());
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
        let block = || arrow_ipc::Block::new(at as i64, (prefix + meta_len) as i32, body_len as i64);
        match message.header_type() {
            arrow_ipc::MessageHeader::Schema => {
                let fb = message.header_as_schema().ok_or_else(damaged)?;
                schema = Some(arrow_ipc::convert::try_fb_to_schema(fb)?);
                version = message.version();
            }
            arrow_ipc::MessageHeader::RecordBatch => messages.push((Message::Batch, block())),
            arrow_ipc::MessageHeader::DictionaryBatch => messages.push((Message::Dictionary, block())),
            _ => {}
        }
        at = end;
    }
    let schema = schema.ok_or_else(|| ArrowError::IpcError("the Arrow stream has no schema".into()))?;
    Ok((schema, version, messages))
}

fn arrow_error(e: ArrowError) -> PlanError {
    match e {
        ArrowError::NotYetImplemented(m) if m.starts_with(CODEC_MARK) => {
            PlanError::Codec { form: Form::Arrow, codec: m[CODEC_MARK.len()..].to_string() }
        }
        e => PlanError::Damaged { kind: "Arrow", why: e.to_string() },
    }
}

/// An engine's table: its schema, the rows it says it holds (for progress
/// only), and its record batches, decoded one at a time (a Parquet table of a
/// million rows is never whole in memory as Arrow).
pub struct Table {
    pub schema: SchemaRef,
    pub rows: usize,
    pub batches: Box<dyn Iterator<Item = Result<RecordBatch, PlanError>>>,
}

impl Table {
    /// The table's column names.
    pub fn columns(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    /// Which of Plansight's own tables this is, when Plansight wrote it (its
    /// schema metadata says so), or when it has the exact shape of one of
    /// Plansight's tables (an export passed through another engine: a projects
    /// table keeps its `line` column then). Other tables, those with some of
    /// Plansight's column names among them, are read by their columns' meaning.
    pub fn own(&self) -> Option<TableName> {
        if let Some(name) = self.schema.metadata().get(TABLE_KEY).and_then(|t| TableName::from_id(t)) {
            return Some(name);
        }
        let has = |columns: &[&str]| columns.iter().all(|c| self.schema.column_with_name(c).is_some());
        if has(&["no", "type", "name", "investment", "start_year", "end_year", "builder", "line"]) {
            Some(TableName::Projects)
        } else if has(&["kind", "metric", "value", "unit"]) {
            Some(TableName::Indicators)
        } else if has(&["no", "area", "work"]) {
            Some(TableName::Tasks)
        } else {
            None
        }
    }
}

/// An Arrow IPC file or stream as a table (its batches are decoded up front:
/// they are views of the file's bytes, or the file is small enough).
pub fn ipc_table(bytes: &[u8]) -> Result<Table, PlanError> {
    // A table of no rows is still a table: its columns say what it would hold.
    let (schema, batches) = decode_ipc(bytes).map_err(arrow_error)?;
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    Ok(Table { schema, rows, batches: Box::new(batches.into_iter().map(Ok)) })
}

/// [`ipc_table`] of bytes already held in a buffer (shared, not copied).
pub fn ipc_table_in(bytes: arrow_buffer::Buffer) -> Result<Table, PlanError> {
    let (schema, batches) = decode_ipc_in(bytes).map_err(arrow_error)?;
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    Ok(Table { schema, rows, batches: Box::new(batches.into_iter().map(Ok)) })
}

/// Plansight's own projects table, read by its column names, batch by batch.
pub fn own_projects(batch: &RecordBatch) -> Result<Vec<Project>, PlanError> {
    projects(batch).map_err(arrow_error)
}

/// Plansight's own projects table, batch by batch, into flat buffers.
pub fn own_project_buffers(batch: &RecordBatch, buffers: &mut ProjectBuffers) -> Result<(), PlanError> {
    project_buffers(batch, buffers).map_err(arrow_error)
}

/// A table as the text form. Plansight's own tasks and indicators tables are
/// written as the document they came from (tasks as a table the annex stage
/// recognises, indicators as their sentences under their sections, so reading
/// it gives back the same records); any other table is written as it is, its
/// column names as the header row and each cell as its text ([`cells`]), for
/// the column roles to read like a document's table or a CSV.
///
/// [`cells`]: super::cells
pub fn to_text(table: Table) -> Result<String, PlanError> {
    match table.own() {
        Some(TableName::TaskUnits) => {
            Err(arrow_error(ArrowError::SchemaError("task_units alone is no plan: open the tasks table".into())))
        }
        Some(name @ (TableName::Tasks | TableName::Indicators)) => own_text(name, table),
        _ => plain_text(table),
    }
}

/// Any table, written as it is (see [`to_text`]); over [`MAX_FILE_BYTES`]
/// of text it is refused (a table that big is read as projects, by its columns).
fn plain_text(table: Table) -> Result<String, PlanError> {
    let mut rows = vec![table.columns()];
    let mut size = 0usize;
    for batch in table.batches {
        let batch = batch?;
        let columns: Vec<Vec<Option<String>>> = batch
            .columns()
            .iter()
            .map(|c| super::cells::texts(c.as_ref()).unwrap_or_else(|_| vec![None; c.len()]))
            .collect();
        for row in 0..batch.num_rows() {
            let cells: Vec<String> = columns.iter().map(|c| c[row].clone().unwrap_or_default()).collect();
            // What the rows take in memory, not only their text: an empty cell is
            // still a String, a row a Vec (a tiny file of millions of nulls is no
            // text form to build).
            size += cells.iter().map(|c| c.len() + 2 + std::mem::size_of::<String>()).sum::<usize>() + 24;
            if size > MAX_FILE_BYTES {
                return Err(PlanError::TooLarge { bytes: size, limit: MAX_FILE_BYTES });
            }
            rows.push(cells);
        }
    }
    let mut out = super::textform::TextForm::default();
    out.table(&rows);
    Ok(out.finish())
}

fn own_text(name: TableName, table: Table) -> Result<String, PlanError> {
    let (mut tasks, mut indicators) = (Vec::new(), Vec::new());
    for batch in table.batches {
        let batch = batch?;
        match name {
            TableName::Tasks => tasks.extend(self::tasks(&batch, None).map_err(arrow_error)?),
            _ => indicators.extend(self::indicators(&batch).map_err(arrow_error)?),
        }
    }
    let mut out = super::textform::TextForm::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every cell of a table, column by column, as text.
    fn cells(bytes: &[u8]) -> Result<Vec<Vec<Option<String>>>, PlanError> {
        let table = ipc_table(bytes)?;
        let mut columns = vec![Vec::new(); table.schema.fields().len()];
        for batch in table.batches {
            for (column, array) in columns.iter_mut().zip(batch?.columns()) {
                column.extend(super::super::cells::texts(array.as_ref()).unwrap());
            }
        }
        Ok(columns)
    }

    #[test]
    fn zstd_and_lz4_buffers_read_the_cells_uncompressed_ones_hold() {
        let plain = cells(&fixture("engines/pyarrow_file.arrow")).unwrap();
        assert_eq!(plain[0].len(), 40);
        assert_eq!(cells(&fixture("engines/feather_lz4.feather")).unwrap(), plain);
        assert_eq!(cells(&fixture("engines/feather_zstd.feather")).unwrap(), plain);
        // polars: string views and categoricals (dictionaries, compressed too).
        // polars' compressed IPC (one table, dates for years): string views and categoricals.
        let polars = cells(&fixture("engines/polars_lz4.arrow")).unwrap();
        assert_eq!(polars[0], plain[0]);
        assert_eq!(cells(&fixture("engines/polars_zstd.arrow")).unwrap(), polars);
    }

    #[test]
    fn a_compressed_buffer_that_is_not_what_it_states_is_damage() {
        let error = cells(&fixture("hostile/arrow-compressed-buffer-shorter-than-stated.arrow")).unwrap_err();
        assert!(
            matches!(&error, PlanError::Damaged { kind: "Arrow", why } if why.contains("compressed buffer is damaged"))
        );
        // Each ZSTD buffer of a Feather file with its stated length doubled: damage, never a panic or its allocation.
        let bytes = fixture("engines/feather_zstd.feather");
        let magic = [0x28, 0xB5, 0x2F, 0xFD];
        let mut changed = 0;
        for at in (8..bytes.len() - 4).filter(|&at| bytes[at..at + 4] == magic) {
            let mut bad = bytes.clone();
            let stated = i64::from_le_bytes(bad[at - 8..at].try_into().unwrap());
            for wrong in [stated * 2, stated - 1, i64::from(i32::MAX) * 4, -2] {
                bad[at - 8..at].copy_from_slice(&wrong.to_le_bytes());
                assert!(ipc_table(&bad).is_err(), "buffer at {at} stating {wrong}");
            }
            changed += 1;
        }
        assert!(changed > 5, "{changed} buffers");
    }
}
