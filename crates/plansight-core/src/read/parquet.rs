//! Parquet tables, as pandas, polars, DuckDB and Spark write them: each flat
//! column read with the parquet crate's column readers and turned straight
//! into the texts of its cells (what [`cells`](super::cells) makes of an
//! Arrow column), batch by batch, so a table of a million rows is never whole
//! in memory. The parquet crate's Arrow reader is not used: it and the
//! arrow-select kernels it links are ~1 MB of wasm the page has no room for,
//! and a plan's table needs only its cells' text.
//!
//! - Types: text (UTF8, ENUM, JSON), integers of every width and sign, floats,
//!   decimals of every physical layout (exact), dates, timestamps of every unit
//!   and Spark's INT96 (as their day), booleans. A column of another type
//!   (binary, nested lists, maps, structs) is typed so the reader can name it.
//! - Pages compressed with snappy, gzip and LZ4 (both framings) are read
//!   everywhere; ZSTD and brotli where the build has them (features `zstd`,
//!   `brotli`: the CLI). What the file states (codecs, sizes, row counts) is
//!   checked before anything is unpacked or allocated.

use super::arrow::{Table, TABLE_KEY};
use super::cells;
use super::limits::MAX_UNPACKED_BYTES;
use crate::model::{Form, PlanError};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::basic::{Compression, ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::page::{Page, PageMetadata, PageReader};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{AsBytes, DataType as ParquetType};
use parquet::file::reader::{ChunkReader, FileReader, Length, SerializedFileReader};
use parquet::schema::types::ColumnDescriptor;
use std::collections::HashMap;
use std::sync::Arc;

/// Rows per batch: few enough progress steps, small enough to stay light.
const BATCH_ROWS: usize = 65_536;

fn damaged(e: impl std::fmt::Display) -> PlanError {
    PlanError::Damaged { kind: "Parquet", why: e.to_string() }
}

/// A Parquet file as a table of record batches whose columns are the texts of
/// their cells (Utf8), or typed as what could not be read.
pub fn table(bytes: &[u8]) -> Result<Table, PlanError> {
    let file = SerializedFileReader::new(Strict(bytes::Bytes::from(bytes.to_vec()))).map_err(damaged)?;
    let metadata = file.metadata();
    let mut unpacked: u64 = 0;
    for group in metadata.row_groups() {
        let size = u64::try_from(group.total_byte_size()).map_err(|_| damaged("a negative size"))?;
        unpacked = unpacked.saturating_add(size);
        for column in group.columns() {
            if let Some(codec) = unreadable(column.compression()) {
                return Err(PlanError::Codec { form: Form::Parquet, codec: codec.into() });
            }
            // Where the chunk's pages are, held to the file (the parquet crate
            // asserts what a damaged file breaks).
            let start =
                column.dictionary_page_offset().map_or(column.data_page_offset(), |d| d.min(column.data_page_offset()));
            let inside = match (u64::try_from(start), u64::try_from(column.compressed_size())) {
                (Ok(start), Ok(size)) => start.checked_add(size).is_some_and(|end| end <= bytes.len() as u64),
                _ => false,
            };
            if !inside {
                return Err(damaged("a column's pages lie outside the file"));
            }
        }
    }
    if unpacked > MAX_UNPACKED_BYTES as u64 {
        let bytes = usize::try_from(unpacked).unwrap_or(usize::MAX);
        return Err(PlanError::TooLarge { bytes, limit: MAX_UNPACKED_BYTES });
    }
    let descriptor = metadata.file_metadata().schema_descr_ptr();
    // Each top-level field: its leaf column when it is a flat one this reader renders.
    let mut leaves: HashMap<String, usize> = HashMap::new();
    for (i, column) in descriptor.columns().iter().enumerate() {
        if column.path().parts().len() == 1 && column.max_rep_level() == 0 {
            leaves.insert(column.name().to_string(), i);
        }
    }
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for field in descriptor.root_schema().get_fields() {
        let leaf = leaves.get(field.name()).copied().filter(|_| field.is_primitive());
        let render = leaf.map(|i| Render::of(&descriptor.column(i)));
        let data_type = match (&render, field.is_primitive()) {
            (Some(Render::Unreadable(t)), _) => t.clone(),
            (Some(_), _) => DataType::Utf8,
            (None, _) if matches!(field.get_basic_info().logical_type_ref(), Some(LogicalType::List)) => {
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
            }
            (None, _) => DataType::Struct(Default::default()),
        };
        fields.push(Field::new(field.name(), data_type, true));
        columns.push(leaf.zip(render).filter(|(_, r)| !matches!(r, Render::Unreadable(_))));
    }
    let kv: HashMap<String, String> = metadata
        .file_metadata()
        .key_value_metadata()
        .into_iter()
        .flatten()
        .filter(|kv| kv.key == TABLE_KEY)
        .filter_map(|kv| Some((kv.key.clone(), kv.value.clone()?)))
        .collect();
    let schema: SchemaRef = Arc::new(Schema::new(fields).with_metadata(kv));
    let rows = usize::try_from(metadata.file_metadata().num_rows()).unwrap_or(0);
    let chunks = Chunks { file, columns, schema: schema.clone(), group: 0, readers: Vec::new(), left: 0 };
    Ok(Table { schema, rows, batches: Box::new(chunks) })
}

/// The name of a codec this build cannot unpack.
fn unreadable(codec: Compression) -> Option<&'static str> {
    match codec {
        Compression::UNCOMPRESSED | Compression::SNAPPY | Compression::GZIP(_) => None,
        Compression::LZ4 | Compression::LZ4_RAW => None,
        Compression::ZSTD(_) if cfg!(feature = "zstd") => None,
        Compression::ZSTD(_) => Some("zstd"),
        Compression::BROTLI(_) if cfg!(feature = "brotli") => None,
        Compression::BROTLI(_) => Some("brotli"),
        Compression::LZO => Some("LZO"),
    }
}

/// How a column's values become text, from its physical and logical type.
#[derive(Debug, Clone, PartialEq)]
enum Render {
    Text,
    Bool,
    Signed,
    Unsigned,
    Float,
    /// Unscaled integers (any physical layout) at this scale.
    Decimal(i32),
    /// Days since 1970.
    Date,
    /// Since 1970, in units of this many nanoseconds.
    Timestamp(i64),
    Int96,
    /// A type that holds no cell text, as the Arrow type that names it.
    Unreadable(DataType),
}

impl Render {
    fn of(column: &ColumnDescriptor) -> Render {
        let logical = column.logical_type_ref();
        let converted = column.converted_type();
        let physical = column.physical_type();
        let decimal = matches!(logical, Some(LogicalType::Decimal(_))) || converted == ConvertedType::DECIMAL;
        match physical {
            // A scale no decimal type has (Decimal256 reaches 76) is no amount to trust.
            _ if decimal && (0..=76).contains(&column.type_scale()) => Render::Decimal(column.type_scale()),
            _ if decimal => Render::Unreadable(DataType::Binary),
            Physical::BOOLEAN => Render::Bool,
            Physical::INT32 | Physical::INT64 => match logical {
                Some(LogicalType::Date) => Render::Date,
                Some(LogicalType::Timestamp(t)) => Render::Timestamp(match t.unit {
                    TimeUnit::MILLIS => 1_000_000,
                    TimeUnit::MICROS => 1_000,
                    TimeUnit::NANOS => 1,
                }),
                Some(LogicalType::Integer(i)) if !i.is_signed => Render::Unsigned,
                _ => match converted {
                    ConvertedType::DATE => Render::Date,
                    ConvertedType::TIMESTAMP_MILLIS => Render::Timestamp(1_000_000),
                    ConvertedType::TIMESTAMP_MICROS => Render::Timestamp(1_000),
                    ConvertedType::UINT_8
                    | ConvertedType::UINT_16
                    | ConvertedType::UINT_32
                    | ConvertedType::UINT_64 => Render::Unsigned,
                    _ => Render::Signed,
                },
            },
            Physical::INT96 => Render::Int96,
            Physical::FLOAT | Physical::DOUBLE => Render::Float,
            Physical::BYTE_ARRAY
                if matches!(logical, Some(LogicalType::String | LogicalType::Enum | LogicalType::Json))
                    || matches!(converted, ConvertedType::UTF8 | ConvertedType::ENUM | ConvertedType::JSON) =>
            {
                Render::Text
            }
            // (Typed as Binary, whatever their length: a stated length is not trusted to build arrays.)
            Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY => Render::Unreadable(DataType::Binary),
        }
    }

    fn int(&self, v: i64) -> Option<String> {
        match self {
            Render::Unsigned => Some((v as u64).to_string()),
            Render::Decimal(scale) => Some(cells::decimal_text(&v.to_string(), *scale)),
            Render::Date => cells::day_from_days(i32::try_from(v).ok()?),
            Render::Timestamp(nanos) => cells::day_from_nanos(v.checked_mul(*nanos)?),
            _ => Some(v.to_string()),
        }
    }

    fn bytes(&self, v: &[u8]) -> Option<String> {
        match self {
            Render::Decimal(scale) => Some(cells::decimal_text(&cells::big_endian_integer(v)?, *scale)),
            _ => Some(String::from_utf8_lossy(v).into_owned()),
        }
    }
}

/// The record batches of a Parquet file, read row group by row group, at most
/// [`BATCH_ROWS`] rows at a time.
struct Chunks {
    file: SerializedFileReader<Strict>,
    /// Per field: its leaf column and how to render it, when it is read.
    columns: Vec<Option<(usize, Render)>>,
    schema: SchemaRef,
    /// The next row group to open.
    group: usize,
    /// The open row group's column readers, per field.
    readers: Vec<Option<ColumnReader>>,
    /// Rows the open row group still holds, as its metadata states them.
    left: usize,
}

impl Iterator for Chunks {
    type Item = Result<RecordBatch, PlanError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.left == 0 {
            if self.group >= self.file.num_row_groups() {
                return None;
            }
            if let Err(e) = self.open(self.group) {
                self.group = usize::MAX;
                return Some(Err(e));
            }
            self.group += 1;
        }
        let result = self.batch();
        if result.is_err() {
            (self.group, self.left) = (usize::MAX, 0);
        }
        Some(result)
    }
}

/// The file's bytes for the parquet crate, read to their end and no further:
/// its readers fail at the end of the file where `Bytes`' read nothing. The
/// crate's thrift skips a damaged page header's field by copying the length
/// it states, so a list of two billion such fields at the end of a 3 KB file
/// copied nothing two billion times (20 s and more; found by fuzzing). A
/// good file's pages never reach its end: its footer follows them.
struct Strict(bytes::Bytes);

impl Length for Strict {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
}

impl ChunkReader for Strict {
    type T = StrictRead;

    fn get_read(&self, start: u64) -> parquet::errors::Result<StrictRead> {
        self.0.get_read(start).map(|r| StrictRead(r.into_inner()))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        self.0.get_bytes(start, length)
    }
}

/// A reader of the rest of the file that fails once nothing is left.
struct StrictRead(bytes::Bytes);

impl std::io::Read for StrictRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.0.is_empty() {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0.split_to(n));
        Ok(n)
    }
}

/// A column chunk's pages, each dictionary page held to the values its bytes
/// can hold before the parquet crate sizes the dictionary by the count its
/// header states (a damaged count asked for 16 GB from a 3 KB file).
struct Checked {
    pages: Box<dyn PageReader>,
    descr: Arc<ColumnDescriptor>,
}

impl Checked {
    fn check(&self, page: Page) -> parquet::errors::Result<Page> {
        if let Page::DictionaryPage { buf, num_values, .. } = &page {
            // The fewest bits a plain value takes: a length prefix for byte arrays.
            let bits: u64 = match self.descr.physical_type() {
                Physical::BOOLEAN => 1,
                Physical::INT32 | Physical::FLOAT | Physical::BYTE_ARRAY => 32,
                Physical::INT64 | Physical::DOUBLE => 64,
                Physical::INT96 => 96,
                Physical::FIXED_LEN_BYTE_ARRAY => 8 * u64::try_from(self.descr.type_length()).unwrap_or(0).max(1),
            };
            if u64::from(*num_values) * bits > buf.len() as u64 * 8 {
                return Err(parquet::errors::ParquetError::General(format!(
                    "a dictionary page states {num_values} values in {} bytes",
                    buf.len()
                )));
            }
        }
        Ok(page)
    }
}

impl Iterator for Checked {
    type Item = parquet::errors::Result<Page>;
    fn next(&mut self) -> Option<Self::Item> {
        self.get_next_page().transpose()
    }
}

impl PageReader for Checked {
    fn get_next_page(&mut self) -> parquet::errors::Result<Option<Page>> {
        self.pages.get_next_page()?.map(|p| self.check(p)).transpose()
    }
    fn peek_next_page(&mut self) -> parquet::errors::Result<Option<PageMetadata>> {
        self.pages.peek_next_page()
    }
    fn skip_next_page(&mut self) -> parquet::errors::Result<()> {
        self.pages.skip_next_page()
    }
}

impl Chunks {
    fn open(&mut self, group: usize) -> Result<(), PlanError> {
        let reader = self.file.get_row_group(group).map_err(damaged)?;
        self.left = usize::try_from(reader.metadata().num_rows()).map_err(|_| damaged("a negative row count"))?;
        self.readers = self
            .columns
            .iter()
            .map(|c| {
                c.as_ref()
                    .map(|(leaf, _)| {
                        let descr = reader.metadata().column(*leaf).column_descr_ptr();
                        let pages = Checked { pages: reader.get_column_page_reader(*leaf)?, descr: descr.clone() };
                        Ok::<_, parquet::errors::ParquetError>(parquet::column::reader::get_column_reader(
                            descr,
                            Box::new(pages),
                        ))
                    })
                    .transpose()
            })
            .collect::<Result<_, _>>()
            .map_err(damaged)?;
        Ok(())
    }

    fn batch(&mut self) -> Result<RecordBatch, PlanError> {
        let rows = self.left.min(BATCH_ROWS);
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (i, field) in self.schema.fields().iter().enumerate() {
            let texts = match (self.readers.get_mut(i).and_then(Option::as_mut), &self.columns[i]) {
                (Some(reader), Some((leaf, render))) => {
                    let max_def = self.file.metadata().file_metadata().schema_descr().column(*leaf).max_def_level();
                    read(reader, rows, max_def, render)?
                }
                _ => vec![None; rows],
            };
            if texts.len() != rows {
                return Err(damaged("a column holds fewer rows than its row group states"));
            }
            arrays.push(match field.data_type() {
                DataType::Utf8 => Arc::new(StringArray::from(texts)),
                other => arrow_array::new_null_array(other, rows),
            });
        }
        self.left -= rows;
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options).map_err(damaged)
    }
}

/// The next `rows` cells of a column, as texts.
fn read(
    reader: &mut ColumnReader,
    rows: usize,
    max_def: i16,
    render: &Render,
) -> Result<Vec<Option<String>>, PlanError> {
    match reader {
        ColumnReader::BoolColumnReader(r) => values(r, rows, max_def, |v| Some(v.to_string())),
        // An unsigned INT32 holds 32 bits, not a sign: widened as such.
        ColumnReader::Int32ColumnReader(r) => values(r, rows, max_def, |v| match render {
            Render::Unsigned => render.int(i64::from(*v as u32)),
            _ => render.int(i64::from(*v)),
        }),
        ColumnReader::Int64ColumnReader(r) => values(r, rows, max_def, |v| render.int(*v)),
        ColumnReader::Int96ColumnReader(r) => values(r, rows, max_def, |v| cells::day_from_nanos(v.to_nanos())),
        ColumnReader::FloatColumnReader(r) => values(r, rows, max_def, |v| cells::float_text(*v)),
        ColumnReader::DoubleColumnReader(r) => values(r, rows, max_def, |v| cells::float_text(*v)),
        ColumnReader::ByteArrayColumnReader(r) => values(r, rows, max_def, |v| render.bytes(v.as_bytes())),
        ColumnReader::FixedLenByteArrayColumnReader(r) => values(r, rows, max_def, |v| render.bytes(v.as_bytes())),
    }
}

/// Reads `rows` records of a flat column: its values, placed by the
/// definition levels (a level below `max_def` is a null).
fn values<T: ParquetType>(
    reader: &mut ColumnReaderImpl<T>,
    rows: usize,
    max_def: i16,
    text: impl Fn(&T::T) -> Option<String>,
) -> Result<Vec<Option<String>>, PlanError> {
    let (mut values, mut levels) = (Vec::new(), Vec::new());
    let mut read = 0;
    while read < rows {
        let (records, _, _) = reader
            .read_records(rows - read, (max_def > 0).then_some(&mut levels), None, &mut values)
            .map_err(damaged)?;
        if records == 0 {
            break;
        }
        read += records;
    }
    if max_def == 0 {
        return Ok(values.iter().map(text).collect());
    }
    let mut next = values.iter();
    Ok(levels.iter().map(|&level| if level == max_def { next.next().and_then(&text) } else { None }).collect())
}
