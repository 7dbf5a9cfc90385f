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
//! - Pages are read by [`pages`](super::pages), not the crate: uncompressed,
//!   snappy, gzip, LZ4 (every framing), ZSTD and brotli, the same in the page
//!   and the CLI. What the file states (codecs, sizes, row counts, each page
//!   header) is checked before anything is unpacked or allocated.

use super::arrow::{Table, TABLE_KEY};
use super::cells;
use super::limits::MAX_UNPACKED_BYTES;
use super::pages::{self, Pages, PAGE_MARK};
use crate::model::{Form, PlanError};
use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{AsBytes, DataType as ParquetType};
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};
use parquet::schema::types::ColumnDescriptor;
use std::collections::HashMap;
use std::sync::Arc;

/// Rows per batch: few enough progress steps, small enough to stay light.
const BATCH_ROWS: usize = 65_536;

fn damaged(e: impl std::fmt::Display) -> PlanError {
    let why = e.to_string();
    // The page reader's own words, without the parquet crate's prefix.
    let why = why.find(PAGE_MARK).map_or(why.clone(), |at| why[at + PAGE_MARK.len()..].to_string());
    PlanError::Damaged { kind: "Parquet", why }
}

/// A Parquet file as a table of record batches whose columns are the texts of
/// their cells (Utf8), or typed as what could not be read.
pub fn table(bytes: &[u8]) -> Result<Table, PlanError> {
    table_of(bytes::Bytes::from(bytes.to_vec()))
}

/// [`table`] of bytes already held in a shared buffer (the page's reader
/// worker): its column chunks are read from it, not from a copy.
pub fn table_in(bytes: arrow_buffer::Buffer) -> Result<Table, PlanError> {
    table_of(bytes::Bytes::from_owner(bytes))
}

fn table_of(data: bytes::Bytes) -> Result<Table, PlanError> {
    let bytes = data.as_ref();
    let metadata = Arc::new(ParquetMetaDataReader::new().parse_and_finish(&data).map_err(damaged)?);
    let mut unpacked: u64 = 0;
    for group in metadata.row_groups() {
        let size = u64::try_from(group.total_byte_size()).map_err(|_| damaged("a negative size"))?;
        unpacked = unpacked.saturating_add(size);
        for column in group.columns() {
            if let Err(codec) = pages::codec_of(column.compression()) {
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
    let chunks = Chunks {
        data,
        metadata,
        columns,
        schema: schema.clone(),
        group: 0,
        readers: Vec::new(),
        left: 0,
        unpacked: Default::default(),
    };
    Ok(Table { schema, rows, batches: Box::new(chunks) })
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

    /// Writes an integer's text into `out`; false (nothing written) when it has none.
    fn int(&self, v: i64, out: &mut StringBuilder) -> bool {
        use std::fmt::Write;
        let text = match self {
            Render::Unsigned => return write!(out, "{}", v as u64).is_ok(),
            Render::Decimal(scale) => {
                cells::write_decimal(&v.to_string(), *scale, out);
                return true;
            }
            Render::Date => i32::try_from(v).ok().and_then(cells::day_from_days),
            Render::Timestamp(nanos) => v.checked_mul(*nanos).and_then(cells::day_from_nanos),
            _ => return write!(out, "{v}").is_ok(),
        };
        text.is_some_and(|t| out.write_str(&t).is_ok())
    }

    /// Writes a byte array's text into `out` (see [`Render::int`]).
    fn bytes(&self, v: &[u8], out: &mut StringBuilder) -> bool {
        use std::fmt::Write;
        match self {
            Render::Decimal(scale) => {
                cells::big_endian_integer(v).map(|digits| cells::write_decimal(&digits, *scale, out)).is_some()
            }
            _ => match std::str::from_utf8(v) {
                Ok(text) => out.write_str(text).is_ok(),
                Err(_) => out.write_str(&String::from_utf8_lossy(v)).is_ok(),
            },
        }
    }
}

/// The record batches of a Parquet file, read row group by row group, at most
/// [`BATCH_ROWS`] rows at a time.
struct Chunks {
    /// The file's bytes, which every column chunk is sliced from.
    data: bytes::Bytes,
    metadata: Arc<ParquetMetaData>,
    /// Per field: its leaf column and how to render it, when it is read.
    columns: Vec<Option<(usize, Render)>>,
    schema: SchemaRef,
    /// The next row group to open.
    group: usize,
    /// The open row group's column readers, per field.
    readers: Vec<Option<ColumnReader>>,
    /// Rows the open row group still holds, as its metadata states them.
    left: usize,
    /// What the pages have unpacked to so far, all told (held to the limit).
    unpacked: Arc<std::sync::atomic::AtomicUsize>,
}

impl Iterator for Chunks {
    type Item = Result<RecordBatch, PlanError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.left == 0 {
            if self.group >= self.metadata.num_row_groups() {
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

impl Chunks {
    fn open(&mut self, group: usize) -> Result<(), PlanError> {
        let metadata = self.metadata.row_group(group);
        self.left = usize::try_from(metadata.num_rows()).map_err(|_| damaged("a negative row count"))?;
        self.readers = self
            .columns
            .iter()
            .map(|c| {
                c.as_ref()
                    .map(|(leaf, _)| {
                        let column = metadata.column(*leaf);
                        // Held to the file by `table` before any row group opens.
                        let start = column
                            .dictionary_page_offset()
                            .map_or(column.data_page_offset(), |d| d.min(column.data_page_offset()));
                        let (start, size) = (start as usize, column.compressed_size() as usize);
                        let codec = pages::codec_of(column.compression())
                            .map_err(|codec| PlanError::Codec { form: Form::Parquet, codec: codec.into() })?;
                        let descr = column.column_descr_ptr();
                        let chunk = self.data.slice(start..start + size);
                        let pages = Pages::new(chunk, codec, descr.clone(), self.unpacked.clone());
                        Ok(parquet::column::reader::get_column_reader(descr, Box::new(pages)))
                    })
                    .transpose()
            })
            .collect::<Result<_, PlanError>>()?;
        Ok(())
    }

    fn batch(&mut self) -> Result<RecordBatch, PlanError> {
        let rows = self.left.min(BATCH_ROWS);
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (i, field) in self.schema.fields().iter().enumerate() {
            let texts = match (self.readers.get_mut(i).and_then(Option::as_mut), &self.columns[i]) {
                (Some(reader), Some((leaf, render))) => {
                    let max_def = self.metadata.file_metadata().schema_descr().column(*leaf).max_def_level();
                    Some(read(reader, rows, max_def, render)?)
                }
                _ => None,
            };
            if texts.as_ref().is_some_and(|t| arrow_array::Array::len(t) != rows) {
                return Err(damaged("a column holds fewer rows than its row group states"));
            }
            arrays.push(match (field.data_type(), texts) {
                (DataType::Utf8, Some(texts)) => Arc::new(texts),
                (other, _) => arrow_array::new_null_array(other, rows),
            });
        }
        self.left -= rows;
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options).map_err(damaged)
    }
}

/// The next `rows` cells of a column, as texts.
fn read(reader: &mut ColumnReader, rows: usize, max_def: i16, render: &Render) -> Result<StringArray, PlanError> {
    use std::fmt::Write;
    let mut out = StringBuilder::with_capacity(rows, 0);
    match reader {
        ColumnReader::BoolColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| write!(out, "{v}").is_ok()),
        // An unsigned INT32 holds 32 bits, not a sign: widened as such.
        ColumnReader::Int32ColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| match render {
            Render::Unsigned => render.int(i64::from(*v as u32), out),
            _ => render.int(i64::from(*v), out),
        }),
        ColumnReader::Int64ColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| render.int(*v, out)),
        ColumnReader::Int96ColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| {
            cells::day_from_nanos(v.to_nanos()).is_some_and(|day| out.write_str(&day).is_ok())
        }),
        ColumnReader::FloatColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| cells::write_float(*v, out)),
        ColumnReader::DoubleColumnReader(r) => values(r, rows, max_def, &mut out, |v, out| cells::write_float(*v, out)),
        ColumnReader::ByteArrayColumnReader(r) => {
            values(r, rows, max_def, &mut out, |v, out| render.bytes(v.as_bytes(), out))
        }
        ColumnReader::FixedLenByteArrayColumnReader(r) => {
            values(r, rows, max_def, &mut out, |v, out| render.bytes(v.as_bytes(), out))
        }
    }?;
    Ok(out.finish())
}

/// Reads `rows` records of a flat column into `out`: its values' texts
/// (`text` writes one, or says it has none: a null then), placed by the
/// definition levels (a level below `max_def` is a null).
fn values<T: ParquetType>(
    reader: &mut ColumnReaderImpl<T>,
    rows: usize,
    max_def: i16,
    out: &mut StringBuilder,
    text: impl Fn(&T::T, &mut StringBuilder) -> bool,
) -> Result<(), PlanError> {
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
    let mut cell = |value: Option<&T::T>| match value {
        Some(v) if text(v, out) => out.append_value(""),
        _ => out.append_null(),
    };
    if max_def == 0 {
        values.iter().for_each(|v| cell(Some(v)));
    } else {
        let mut next = values.iter();
        levels.iter().for_each(|&level| cell(if level == max_def { next.next() } else { None }));
    }
    Ok(())
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
        let table = table(bytes)?;
        let mut columns = vec![Vec::new(); table.schema.fields().len()];
        for batch in table.batches {
            for (column, array) in columns.iter_mut().zip(batch?.columns()) {
                column.extend(cells::texts(array.as_ref()).unwrap_or_else(|_| vec![None; array.len()]));
            }
        }
        Ok(columns)
    }

    #[test]
    fn every_codec_reads_the_cells_the_uncompressed_file_holds() {
        let plain = cells(&fixture("engines/parquet_none.parquet")).unwrap();
        assert_eq!(plain[0].len(), 40);
        assert_eq!(plain[2][0].as_deref(), Some("20569.25"), "money, exact");
        for codec in ["snappy", "gzip", "lz4", "zstd", "brotli"] {
            assert_eq!(cells(&fixture(&format!("engines/parquet_{codec}.parquet"))).unwrap(), plain, "{codec}");
        }
        // polars' and DuckDB's ZSTD, and v2 data pages (levels kept apart) with nulls.
        // (DuckDB's holds the years as dates.)
        let duckdb = cells(&fixture("engines/duckdb_zstd.parquet")).unwrap();
        for i in [0, 1, 2, 5] {
            assert_eq!(duckdb[i], plain[i], "duckdb, column {i}");
        }
        assert!(duckdb[3].iter().zip(&plain[3]).all(|(d, y)| d.as_deref().unwrap()[..4] == *y.as_deref().unwrap()));
        let nulls = cells(&fixture("engines/nulls.parquet")).unwrap();
        assert!(nulls[5].iter().any(Option::is_none), "the nulls are there to read");
        for codec in ["zstd", "brotli", "gzip"] {
            assert_eq!(cells(&fixture(&format!("engines/nulls_v2_{codec}.parquet"))).unwrap(), nulls, "{codec}");
        }
        let polars = cells(&fixture("engines/polars.parquet")).unwrap();
        assert_eq!(polars[0], plain[0], "names");
    }

    /// Hadoop-framed LZ4 (the parquet crate's and parquet-mr's `LZ4`), in v1
    /// and v2 pages of a few hundred bytes, with nulls and a dictionary.
    #[test]
    fn hadoop_lz4_pages_read_as_written() {
        use parquet::arrow::ArrowWriter;
        use parquet::basic::Compression;
        use parquet::file::properties::{WriterProperties, WriterVersion};
        let names: Vec<Option<String>> =
            (0..3000).map(|i| (i % 7 != 3).then(|| format!("某某工程项目{:07}", i % 500))).collect();
        let years: Vec<Option<i64>> = (0..3000).map(|i| (i % 5 != 0).then_some(2020 + i % 6)).collect();
        let batch = RecordBatch::try_from_iter([
            ("项目名称", Arc::new(StringArray::from(names.clone())) as ArrayRef),
            ("开工年份", Arc::new(arrow_array::Int64Array::from(years.clone())) as ArrayRef),
        ])
        .unwrap();
        for version in [WriterVersion::PARQUET_1_0, WriterVersion::PARQUET_2_0] {
            let props = WriterProperties::builder()
                .set_writer_version(version)
                .set_compression(Compression::LZ4)
                .set_data_page_size_limit(256)
                .set_write_batch_size(64)
                .build();
            let mut file = Vec::new();
            let mut writer = ArrowWriter::try_new(&mut file, batch.schema(), Some(props)).unwrap();
            writer.write(&batch).unwrap();
            writer.close().unwrap();
            let read = cells(&file).unwrap();
            assert_eq!(read[0], names, "{version:?}");
            assert_eq!(read[1], years.iter().map(|y| y.map(|y| y.to_string())).collect::<Vec<_>>(), "{version:?}");
        }
    }

    /// The open fuzz finding: a page header stating ~2 GiB unpacked from 361
    /// bytes of LZ4 (a size past what an i32 holds, which the crate took
    /// modulo 2^32). Refused by its header, at once.
    #[test]
    fn a_page_stating_two_gib_ends_in_a_message() {
        let started = std::time::Instant::now();
        let error = cells(&fixture("hostile/parquet-page-stating-2-gib.parquet")).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(matches!(&error, PlanError::Damaged { kind: "Parquet", why } if why.starts_with("a page header")));
    }

    /// The first page header of a file with its stated unpacked size set to `size`.
    fn first_page_stating(name: &str, size: i64) -> Vec<u8> {
        let bytes = fixture(name);
        // At byte 4: field 1 (type, i32), then field 2 (the unpacked size, i32 zigzag varint).
        assert_eq!(bytes[4], 0x15);
        let mut at = 6;
        assert_eq!(bytes[at - 1] & 0x80, 0, "a one-byte page type");
        assert_eq!(bytes[at], 0x15);
        let end = at + 1 + bytes[at + 1..].iter().position(|b| b & 0x80 == 0).unwrap() + 1;
        let mut out = bytes[..=at].to_vec();
        let mut zigzag = ((size << 1) ^ (size >> 63)) as u64;
        loop {
            at = (zigzag & 0x7F) as usize;
            zigzag >>= 7;
            out.push(at as u8 | if zigzag > 0 { 0x80 } else { 0 });
            if zigzag == 0 {
                break;
            }
        }
        out.extend_from_slice(&bytes[end..]);
        out
    }

    #[test]
    fn a_page_stating_more_than_its_bytes_unpack_to_is_refused_unread() {
        for name in ["engines/parquet_lz4.parquet", "engines/parquet_snappy.parquet", "engines/parquet_zstd.parquet"] {
            let why = |size| match cells(&first_page_stating(name, size)) {
                Err(PlanError::Damaged { why, .. }) => why,
                other => panic!("{name}: {:?}", other.map(|c| c.len())),
            };
            assert_eq!(why(2_147_483_000), "its pages state more than 1 GiB unpacked", "{name}");
            assert_eq!(why(1_000_000_000), "a page states more than its bytes can unpack to", "{name}");
            // A little more than it holds: unpacked, and found short.
            assert_eq!(why(5_000), "a compressed page is damaged", "{name}");
        }
        // Brotli has no bound from its bytes: it is unpacked, and found short.
        let why = match cells(&first_page_stating("engines/parquet_brotli.parquet", 1_000_000_000)) {
            Err(PlanError::Damaged { why, .. }) => why,
            other => panic!("{:?}", other.map(|c| c.len())),
        };
        assert_eq!(why, "a compressed page is damaged");
    }

    /// LZO is read by nobody: the message names it.
    #[test]
    fn a_codec_nobody_reads_is_named() {
        let mut bytes = fixture("engines/parquet_snappy.parquet");
        let metadata = ParquetMetaDataReader::new().parse_and_finish(&bytes::Bytes::from(bytes.clone())).unwrap();
        assert_eq!(metadata.row_group(0).column(0).compression(), parquet::basic::Compression::SNAPPY);
        // The first column's codec (ColumnMetaData field 4 after its path, the
        // column's name: an i32 header 0x15, SNAPPY zigzag 2) set to LZO (3: zigzag 6).
        let name = "项目名称".as_bytes();
        let mut path = vec![name.len() as u8];
        path.extend_from_slice(name);
        path.extend([0x15, 0x02]);
        let at = bytes.windows(path.len()).position(|w| w == path).unwrap();
        bytes[at + path.len() - 1] = 0x06;
        match table(&bytes) {
            Err(PlanError::Codec { form: Form::Parquet, codec }) => assert_eq!(codec, "LZO"),
            other => panic!("{:?}", other.err()),
        }
    }
}
