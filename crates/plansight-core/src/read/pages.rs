//! A Parquet column chunk's pages, read here rather than by the parquet
//! crate: its page headers (Thrift's compact protocol) parsed with every
//! length and count held to the bytes there are, each page unpacked by
//! [`codec`](super::codec) with its stated size held to the chunk, the
//! table's limit and what its codec can make of its bytes, and handed to the
//! crate's column readers as uncompressed [`Page`]s. The crate reserved a
//! page's stated size before reading it (2 GiB from a 3 KB file), and needs no
//! codec of its own this way.

use super::codec::{self, Codec, Unpack};
use super::limits::MAX_UNPACKED_BYTES;
use bytes::Bytes;
use parquet::basic::{Compression, Encoding, Type as Physical};
use parquet::column::page::{Page, PageMetadata, PageReader};
use parquet::errors::{ParquetError, Result};
use parquet::schema::types::ColumnDescriptor;
use std::sync::Arc;

/// Why a chunk's pages could not be read, said in this crate's words (the
/// reader's message names them; no decoder's error text reaches a person).
fn damaged(why: &str) -> ParquetError {
    ParquetError::General(format!("{}{why}", PAGE_MARK))
}

/// Marks an error of this module among the parquet crate's.
pub const PAGE_MARK: &str = "plansight:page:";

/// The pages of one column chunk.
pub struct Pages {
    /// The chunk's bytes, from its first page header to its end.
    chunk: Bytes,
    at: usize,
    codec: Option<Codec>,
    descr: Arc<ColumnDescriptor>,
    /// What the table's pages have unpacked to so far, shared by all its chunks.
    unpacked: Arc<std::sync::atomic::AtomicUsize>,
}

/// A codec as [`codec`] names it (`None`: stored as is), or the name of one
/// nobody here can unpack.
pub fn codec_of(compression: Compression) -> std::result::Result<Option<Codec>, &'static str> {
    Ok(Some(match compression {
        Compression::UNCOMPRESSED => return Ok(None),
        Compression::SNAPPY => Codec::Snappy,
        Compression::GZIP(_) => Codec::Gzip,
        Compression::LZ4 => Codec::Lz4,
        Compression::LZ4_RAW => Codec::Lz4Raw,
        Compression::ZSTD(_) => Codec::Zstd,
        Compression::BROTLI(_) => Codec::Brotli,
        Compression::LZO => return Err("LZO"),
    }))
}

impl Pages {
    pub fn new(
        chunk: Bytes,
        codec: Option<Codec>,
        descr: Arc<ColumnDescriptor>,
        unpacked: Arc<std::sync::atomic::AtomicUsize>,
    ) -> Pages {
        Pages { chunk, at: 0, codec, descr, unpacked }
    }

    /// The next page's header and where its bytes are, or `None` at the chunk's end.
    fn header(&self) -> Result<Option<(Header, std::ops::Range<usize>)>> {
        let rest = &self.chunk[self.at..];
        if rest.is_empty() {
            return Ok(None);
        }
        let mut input = Compact { bytes: rest, at: 0 };
        let header = Header::read(&mut input)?;
        let start = self.at + input.at;
        let end = start
            .checked_add(header.compressed)
            .filter(|&end| end <= self.chunk.len())
            .ok_or_else(|| damaged("a page is longer than its column chunk"))?;
        Ok(Some((header, start..end)))
    }

    /// The next page, unpacked; index pages and pages of kinds this reader
    /// does not know are passed over, as the parquet crate does.
    fn next_page(&mut self) -> Result<Option<Page>> {
        loop {
            let Some((header, range)) = self.header()? else { return Ok(None) };
            self.at = range.end;
            let body = self.chunk.slice(range);
            let page = match header.kind {
                Kind::Dictionary { values, encoding, sorted } => {
                    self.hold_dictionary(values, header.uncompressed)?;
                    let buf = self.unpacked(&body, 0, true, header.uncompressed)?;
                    Page::DictionaryPage { buf, num_values: values, encoding, is_sorted: sorted }
                }
                Kind::V1 { values, encoding, def, rep } => Page::DataPage {
                    buf: self.unpacked(&body, 0, true, header.uncompressed)?,
                    num_values: values,
                    encoding,
                    def_level_encoding: def,
                    rep_level_encoding: rep,
                    statistics: None,
                },
                Kind::V2 { values, nulls, rows, encoding, def_len, rep_len, compressed } => {
                    // The levels lead the page, never compressed.
                    let levels = def_len as usize + rep_len as usize;
                    if levels > body.len() || levels > header.uncompressed {
                        return Err(damaged("a page's levels are longer than the page"));
                    }
                    Page::DataPageV2 {
                        buf: self.unpacked(&body, levels, compressed, header.uncompressed)?,
                        num_values: values,
                        encoding,
                        num_nulls: nulls,
                        num_rows: rows,
                        def_levels_byte_len: def_len,
                        rep_levels_byte_len: rep_len,
                        is_compressed: false,
                        statistics: None,
                    }
                }
                Kind::Other => continue,
            };
            return Ok(Some(page));
        }
    }

    /// A dictionary's count of values held to what its stated bytes can
    /// hold (the crate sizes the dictionary by the count: 16 GB from a 3 KB
    /// file), before it is unpacked: the fewest bits a plain value takes, a
    /// length prefix for byte arrays.
    fn hold_dictionary(&self, values: u32, bytes: usize) -> Result<()> {
        let bits: u64 = match self.descr.physical_type() {
            Physical::BOOLEAN => 1,
            Physical::INT32 | Physical::FLOAT | Physical::BYTE_ARRAY => 32,
            Physical::INT64 | Physical::DOUBLE => 64,
            Physical::INT96 => 96,
            Physical::FIXED_LEN_BYTE_ARRAY => 8 * u64::try_from(self.descr.type_length()).unwrap_or(0).max(1),
        };
        if u64::from(values) * bits > bytes as u64 * 8 {
            return Err(damaged("a dictionary page states more values than its bytes hold"));
        }
        Ok(())
    }

    /// A page's bytes as the column reader takes them: the first `kept` as
    /// they are, the rest unpacked when `compressed`, `stated` in all.
    fn unpacked(&self, body: &Bytes, kept: usize, compressed: bool, stated: usize) -> Result<Bytes> {
        use std::sync::atomic::Ordering;
        let add = |total: usize| Some(total.saturating_add(stated));
        let total = self.unpacked.fetch_update(Ordering::Relaxed, Ordering::Relaxed, add).unwrap_or(usize::MAX);
        if total.saturating_add(stated) > MAX_UNPACKED_BYTES {
            return Err(damaged("its pages state more than 1 GiB unpacked"));
        }
        let codec = match self.codec {
            Some(codec) if compressed && stated > kept => codec,
            // No values (a page of nulls): the levels alone, as the parquet crate reads it.
            Some(_) if compressed && stated == kept => return Ok(body.slice(..kept)),
            // Stored as is: what it states is what it holds.
            _ if body.len() == stated => return Ok(body.clone()),
            _ => return Err(damaged("a page holds another length than it states")),
        };
        let values = codec::unpack(codec, &body[kept..], stated - kept).map_err(|e| match e {
            Unpack::Implausible => damaged("a page states more than its bytes can unpack to"),
            Unpack::Damaged => damaged("a compressed page is damaged"),
        })?;
        if kept == 0 {
            return Ok(Bytes::from(values));
        }
        let mut buf = Vec::with_capacity(stated);
        buf.extend_from_slice(&body[..kept]);
        buf.extend_from_slice(&values);
        Ok(Bytes::from(buf))
    }
}

impl Iterator for Pages {
    type Item = Result<Page>;
    fn next(&mut self) -> Option<Self::Item> {
        self.get_next_page().transpose()
    }
}

impl PageReader for Pages {
    fn get_next_page(&mut self) -> Result<Option<Page>> {
        let page = self.next_page();
        if page.is_err() {
            // A damaged chunk ends here: nothing after it is read.
            self.at = self.chunk.len();
        }
        page
    }

    fn peek_next_page(&mut self) -> Result<Option<PageMetadata>> {
        loop {
            let Some((header, range)) = self.header()? else { return Ok(None) };
            return Ok(Some(match header.kind {
                Kind::Dictionary { .. } => PageMetadata { num_rows: None, num_levels: None, is_dict: true },
                Kind::V1 { values, .. } => {
                    PageMetadata { num_rows: None, num_levels: Some(values as usize), is_dict: false }
                }
                Kind::V2 { values, rows, .. } => {
                    PageMetadata { num_rows: Some(rows as usize), num_levels: Some(values as usize), is_dict: false }
                }
                Kind::Other => {
                    self.at = range.end;
                    continue;
                }
            }));
        }
    }

    fn skip_next_page(&mut self) -> Result<()> {
        if let Some((_, range)) = self.header()? {
            self.at = range.end;
        }
        Ok(())
    }
}

/// What a page header says, as far as the column readers need it.
#[derive(Debug, PartialEq)]
struct Header {
    uncompressed: usize,
    compressed: usize,
    kind: Kind,
}

#[derive(Debug, PartialEq)]
enum Kind {
    Dictionary {
        values: u32,
        encoding: Encoding,
        sorted: bool,
    },
    V1 {
        values: u32,
        encoding: Encoding,
        def: Encoding,
        rep: Encoding,
    },
    V2 {
        values: u32,
        nulls: u32,
        rows: u32,
        encoding: Encoding,
        def_len: u32,
        rep_len: u32,
        compressed: bool,
    },
    /// An index page, or a kind this reader does not know: passed over.
    Other,
}

/// Thrift compact protocol field types.
const STOP: u8 = 0;
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const I32: u8 = 5;
const STRUCT: u8 = 12;

/// How deep structs may nest in a header (Parquet's nest two deep; statistics three).
const MAX_DEPTH: usize = 16;

impl Header {
    /// PageHeader: 1 type, 2 uncompressed size, 3 compressed size, 4 crc,
    /// 5 data page header, 6 index page header, 7 dictionary page header,
    /// 8 data page header v2; any other field is skipped.
    fn read(input: &mut Compact) -> Result<Header> {
        let (mut kind, mut uncompressed, mut compressed) = (None, None, None);
        let (mut v1, mut v2, mut dictionary) = (None, None, None);
        let mut last = 0i16;
        while let Some((id, t)) = input.field(&mut last)? {
            match (id, t) {
                (1, I32) => kind = Some(input.i32()?),
                (2, I32) => uncompressed = Some(input.size()?),
                (3, I32) => compressed = Some(input.size()?),
                (5, STRUCT) => v1 = Some(DataV1::read(input)?),
                (7, STRUCT) => dictionary = Some(Dictionary::read(input)?),
                (8, STRUCT) => v2 = Some(DataV2::read(input)?),
                _ => input.skip(t, 0)?,
            }
        }
        let missing = || damaged("a page header lacks a field it needs");
        let (kind, uncompressed, compressed) =
            (kind.ok_or_else(missing)?, uncompressed.ok_or_else(missing)?, compressed.ok_or_else(missing)?);
        let kind = match kind {
            0 => {
                let h = v1.ok_or_else(missing)?;
                Kind::V1 { values: h.values, encoding: h.encoding, def: h.def, rep: h.rep }
            }
            2 => {
                let h = dictionary.ok_or_else(missing)?;
                Kind::Dictionary { values: h.values, encoding: h.encoding, sorted: h.sorted }
            }
            3 => {
                let h = v2.ok_or_else(missing)?;
                Kind::V2 {
                    values: h.values,
                    nulls: h.nulls,
                    rows: h.rows,
                    encoding: h.encoding,
                    def_len: h.def_len,
                    rep_len: h.rep_len,
                    compressed: h.compressed,
                }
            }
            _ => Kind::Other,
        };
        Ok(Header { uncompressed, compressed, kind })
    }
}

struct DataV1 {
    values: u32,
    encoding: Encoding,
    def: Encoding,
    rep: Encoding,
}

impl DataV1 {
    /// 1 num_values, 2 encoding, 3 definition level encoding, 4 repetition level encoding, 5 statistics.
    fn read(input: &mut Compact) -> Result<DataV1> {
        let (mut values, mut encoding, mut def, mut rep) = (None, None, None, None);
        input.fields(|input, id, t| {
            match (id, t) {
                (1, I32) => values = Some(input.count()?),
                (2, I32) => encoding = Some(input.encoding()?),
                (3, I32) => def = Some(input.encoding()?),
                (4, I32) => rep = Some(input.encoding()?),
                _ => input.skip(t, 1)?,
            }
            Ok(())
        })?;
        let missing = || damaged("a data page header lacks a field it needs");
        Ok(DataV1 {
            values: values.ok_or_else(missing)?,
            encoding: encoding.ok_or_else(missing)?,
            def: def.ok_or_else(missing)?,
            rep: rep.ok_or_else(missing)?,
        })
    }
}

struct Dictionary {
    values: u32,
    encoding: Encoding,
    sorted: bool,
}

impl Dictionary {
    /// 1 num_values, 2 encoding, 3 is_sorted.
    fn read(input: &mut Compact) -> Result<Dictionary> {
        let (mut values, mut encoding, mut sorted) = (None, None, false);
        input.fields(|input, id, t| {
            match (id, t) {
                (1, I32) => values = Some(input.count()?),
                (2, I32) => encoding = Some(input.encoding()?),
                (3, TRUE | FALSE) => sorted = t == TRUE,
                _ => input.skip(t, 1)?,
            }
            Ok(())
        })?;
        let missing = || damaged("a dictionary page header lacks a field it needs");
        Ok(Dictionary { values: values.ok_or_else(missing)?, encoding: encoding.ok_or_else(missing)?, sorted })
    }
}

struct DataV2 {
    values: u32,
    nulls: u32,
    rows: u32,
    encoding: Encoding,
    def_len: u32,
    rep_len: u32,
    compressed: bool,
}

impl DataV2 {
    /// 1 num_values, 2 num_nulls, 3 num_rows, 4 encoding, 5 definition levels'
    /// length, 6 repetition levels' length, 7 is_compressed (true when absent), 8 statistics.
    fn read(input: &mut Compact) -> Result<DataV2> {
        let mut f: [Option<u32>; 5] = [None; 5];
        let (mut encoding, mut compressed) = (None, true);
        input.fields(|input, id, t| {
            match (id, t) {
                (1..=3 | 5 | 6, I32) => {
                    f[if id <= 3 { id as usize - 1 } else { id as usize - 2 }] = Some(input.count()?)
                }
                (4, I32) => encoding = Some(input.encoding()?),
                (7, TRUE | FALSE) => compressed = t == TRUE,
                _ => input.skip(t, 1)?,
            }
            Ok(())
        })?;
        let missing = || damaged("a data page header lacks a field it needs");
        let [values, nulls, rows, def_len, rep_len] = f.map(|v| v.ok_or_else(missing));
        Ok(DataV2 {
            values: values?,
            nulls: nulls?,
            rows: rows?,
            encoding: encoding.ok_or_else(missing)?,
            def_len: def_len?,
            rep_len: rep_len?,
            compressed,
        })
    }
}

/// Thrift's compact protocol over bytes that end where the chunk ends: every
/// read fails past them, and every stated count is held to the bytes left
/// (each element takes at least one), so a damaged header fails quickly.
struct Compact<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Compact<'_> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).ok_or_else(|| damaged("a page header is cut short"))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(damaged("a page header holds an overlong number"))
    }

    fn i64(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn i32(&mut self) -> Result<i32> {
        i32::try_from(self.i64()?).map_err(|_| damaged("a page header holds a number past 32 bits"))
    }

    /// A size or count: never negative.
    fn size(&mut self) -> Result<usize> {
        usize::try_from(self.i32()?).map_err(|_| damaged("a page header states a negative size"))
    }

    fn count(&mut self) -> Result<u32> {
        Ok(self.size()? as u32)
    }

    fn encoding(&mut self) -> Result<Encoding> {
        let v = self.i32()?;
        Encoding::VARIANTS
            .iter()
            .copied()
            .find(|e| *e as i32 == v)
            .ok_or_else(|| damaged("a page names an encoding that does not exist"))
    }

    /// The next field's id and type, `None` at the struct's end.
    fn field(&mut self, last: &mut i16) -> Result<Option<(i16, u8)>> {
        let b = self.byte()?;
        let t = b & 0x0F;
        if t == STOP {
            return Ok(None);
        }
        let delta = (b >> 4) as i16;
        *last = if delta == 0 {
            i16::try_from(self.i64()?).map_err(|_| damaged("a page header names a field past 16 bits"))?
        } else {
            last.checked_add(delta).ok_or_else(|| damaged("a page header names a field past 16 bits"))?
        };
        Ok(Some((*last, t)))
    }

    /// A struct's fields, each handed to `each` with its id and type.
    fn fields(&mut self, mut each: impl FnMut(&mut Self, i16, u8) -> Result<()>) -> Result<()> {
        let mut last = 0i16;
        while let Some((id, t)) = self.field(&mut last)? {
            each(self, id, t)?;
        }
        Ok(())
    }

    /// A count of elements, held to the bytes left (each takes at least one).
    fn elements(&mut self, count: u64) -> Result<u64> {
        if count > (self.bytes.len() - self.at) as u64 {
            return Err(damaged("a page header states more elements than it has bytes"));
        }
        Ok(count)
    }

    /// Passes over a value of type `t` (statistics, fields of later format versions).
    fn skip(&mut self, t: u8, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(damaged("a page header nests too deep"));
        }
        match t {
            TRUE | FALSE => {}
            3 => {
                self.byte()?;
            }
            4..=6 => {
                self.varint()?;
            }
            7 => {
                self.take(8)?;
            }
            8 => {
                let len = self.varint()?;
                self.take(len)?;
            }
            9 | 10 => {
                let head = self.byte()?;
                let count = match head >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                let element = head & 0x0F;
                for _ in 0..self.elements(count)? {
                    // A list's booleans are a byte each.
                    if matches!(element, TRUE | FALSE) {
                        self.byte()?;
                    } else {
                        self.skip(element, depth + 1)?;
                    }
                }
            }
            11 => {
                let count = self.varint()?;
                if count > 0 {
                    let types = self.byte()?;
                    for _ in 0..self.elements(count)? {
                        for t in [types >> 4, types & 0x0F] {
                            if matches!(t, TRUE | FALSE) {
                                self.byte()?;
                            } else {
                                self.skip(t, depth + 1)?;
                            }
                        }
                    }
                }
            }
            STRUCT => {
                let mut last = 0i16;
                while let Some((_, t)) = self.field(&mut last)? {
                    self.skip(t, depth + 1)?;
                }
            }
            _ => return Err(damaged("a page header holds a value of no known type")),
        }
        Ok(())
    }

    fn take(&mut self, len: u64) -> Result<()> {
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| damaged("a page header is cut short"))?;
        self.at = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the compact protocol's pieces, for headers made by hand.
    fn zigzag(v: i64) -> Vec<u8> {
        let mut u = ((v << 1) ^ (v >> 63)) as u64;
        let mut out = Vec::new();
        loop {
            let b = (u & 0x7F) as u8;
            u >>= 7;
            if u == 0 {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    fn field(delta: u8, t: u8) -> u8 {
        delta << 4 | t
    }

    /// A dictionary page header and a v1 data page header, as pyarrow writes them.
    fn headers(uncompressed: i64, compressed: i64, values: i64) -> Vec<u8> {
        let mut h = vec![field(1, I32)];
        h.extend(zigzag(0)); // DATA_PAGE
        h.push(field(1, I32));
        h.extend(zigzag(uncompressed));
        h.push(field(1, I32));
        h.extend(zigzag(compressed));
        h.push(field(2, STRUCT)); // field 5
        h.push(field(1, I32));
        h.extend(zigzag(values));
        for encoding in [0, 3, 3] {
            h.push(field(1, I32));
            h.extend(zigzag(encoding));
        }
        // Statistics (field 5): a binary max and a list of two i64s, skipped.
        h.push(field(1, STRUCT));
        h.push(field(1, 8));
        h.extend([3, b'a', b'b', b'c']);
        h.push(field(1, 9));
        h.push(2 << 4 | 6);
        h.extend([2, 4]);
        h.push(STOP);
        h.push(STOP);
        h.push(STOP);
        h
    }

    fn read(bytes: &[u8]) -> Result<Header> {
        Header::read(&mut Compact { bytes, at: 0 })
    }

    #[test]
    fn a_data_page_header_reads_past_its_statistics() {
        let h = read(&headers(100, 40, 25)).unwrap();
        assert_eq!(h.uncompressed, 100);
        assert_eq!(h.compressed, 40);
        assert_eq!(h.kind, Kind::V1 { values: 25, encoding: Encoding::PLAIN, def: Encoding::RLE, rep: Encoding::RLE });
    }

    #[test]
    fn damaged_headers_fail_and_never_panic() {
        let good = headers(100, 40, 25);
        // Every cut is an error.
        for cut in 0..good.len() {
            assert!(read(&good[..cut]).is_err(), "cut at {cut}");
        }
        // Negative sizes and counts are errors.
        assert!(read(&headers(-1, 40, 25)).is_err());
        assert!(read(&headers(100, -40, 25)).is_err());
        assert!(read(&headers(100, 40, -25)).is_err());
        // A list stating two billion elements in a few bytes fails at once.
        let mut list = vec![field(9, 9), 0xF6];
        list.extend([0xFF, 0xFF, 0xFF, 0xFF, 0x07]);
        let started = std::time::Instant::now();
        assert!(read(&list).is_err());
        assert!(started.elapsed().as_millis() < 100);
        // Structs nested past any header's depth.
        let deep = vec![field(9, STRUCT); 10_000];
        assert!(read(&deep).is_err());
        // Every byte flipped: an error or a header, never a panic.
        for i in 0..good.len() {
            for b in [0x00, 0xFF, 0x7F, 0x80, 0x0C, 0x19] {
                let mut bad = good.clone();
                bad[i] = b;
                let _ = read(&bad);
            }
        }
    }
}
