//! An Arrow column's cells as the text a person would have typed into a
//! spreadsheet: whatever type the engine chose, a cell becomes the text a
//! document's cell would hold, so one reader (the column roles, the money and
//! period parsers of `understand`) reads both.
//!
//! - Text of every layout: Utf8, LargeUtf8, Utf8View, and dictionary-encoded
//!   text with any index width (pandas `category`, polars `Categorical`).
//! - Integers of every width; floats as the shortest text that reads back as
//!   the same float (so 65.8 stays "65.8"); NaN is a missing value (pandas
//!   writes missing floats so).
//! - Decimal128/256 exactly as stored ("1234.56" for 123456 at scale 2): money
//!   never passes through a float.
//! - Date32, Date64 and timestamps of any unit as `YYYY-MM-DD` (a period is read
//!   from its years; the time of day says nothing about it).
//! - Booleans as `true`/`false`; Null columns as empty cells.
//!
//! Other types (lists, structs, binary, durations …) are refused with their
//! type, so the caller can name the column.

use arrow_array::cast::AsArray;
use arrow_array::temporal_conversions as time;
use arrow_array::types::*;
use arrow_array::Array;
use arrow_schema::{DataType, TimeUnit};

/// A date-time's day as `YYYY-MM-DD` (chrono's date `Display`).
macro_rules! day {
    ($at:expr) => {
        $at.map(|at| at.date().to_string())
    };
}

/// Whether a column of this type holds cells [`texts`] reads (decided from the
/// type alone: no array of a type a file states is built to find out).
pub fn readable(data_type: &DataType) -> bool {
    use DataType::*;
    match data_type {
        Dictionary(_, values) => readable(values),
        Null | Utf8 | LargeUtf8 | Utf8View | Boolean | Decimal128(..) | Decimal256(..) | Date32 | Date64 => true,
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float16 | Float32 | Float64 => true,
        Timestamp(..) => true,
        _ => false,
    }
}

/// The cells of a column, `None` where a cell is null; `Err` with the column's
/// type when it holds no cell text can stand for (see [`readable`]).
pub fn texts(array: &dyn Array) -> Result<Vec<Option<String>>, DataType> {
    let column = Column::of(array)?;
    let mut scratch = String::new();
    Ok((0..array.len()).map(|i| column.cell(i, &mut scratch).map(str::to_string)).collect())
}

/// A column whose cells are read one at a time as their texts ([`texts`]),
/// each borrowed from the array where it holds text, or written into a
/// buffer the caller keeps (a number, a date): no string of its own per cell.
pub struct Column<'a> {
    array: &'a dyn Array,
    read: Read<'a>,
}

enum Read<'a> {
    Null,
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    /// A dictionary's values, read once, and its keys.
    Dictionary {
        values: Vec<Option<String>>,
        keys: Vec<usize>,
    },
    /// Any other type: each cell written as its text.
    Shown,
}

impl<'a> Column<'a> {
    pub fn of(array: &'a dyn Array) -> Result<Column<'a>, DataType> {
        use DataType::*;
        if !readable(array.data_type()) {
            return Err(array.data_type().clone());
        }
        let read = match array.data_type() {
            Null => Read::Null,
            Utf8 => Read::Utf8(array.as_string::<i32>()),
            LargeUtf8 => Read::Large(array.as_string::<i64>()),
            Utf8View => Read::View(array.as_string_view()),
            Dictionary(..) => {
                let dictionary = array.as_any_dictionary();
                let values = texts(dictionary.values().as_ref())?;
                // (arrow-array asserts that a dictionary has values before it normalises keys.)
                let keys = if values.is_empty() { Vec::new() } else { dictionary.normalized_keys() };
                Read::Dictionary { values, keys }
            }
            _ => Read::Shown,
        };
        Ok(Column { array, read })
    }

    /// The bytes of text the array holds (0 for a column of numbers, dates
    /// or a dictionary): what its cells take to copy out.
    pub fn text_bytes(&self) -> usize {
        match &self.read {
            Read::Utf8(a) => a.value_data().len(),
            Read::Large(a) => a.value_data().len(),
            Read::View(a) => (0..a.len()).map(|i| a.views()[i] as u32 as usize).sum(),
            _ => 0,
        }
    }

    /// Cell `i`'s text, `None` where it is null; `scratch` holds it when the
    /// array holds no text (a number, a date).
    pub fn cell<'s>(&'s self, i: usize, scratch: &'s mut String) -> Option<&'s str> {
        use std::fmt::Write;
        use DataType::*;
        let array = self.array;
        if i >= array.len() {
            return None;
        }
        match &self.read {
            Read::Null => return None,
            Read::Utf8(a) => return a.is_valid(i).then(|| a.value(i)),
            Read::Large(a) => return a.is_valid(i).then(|| a.value(i)),
            Read::View(a) => return a.is_valid(i).then(|| a.value(i)),
            Read::Dictionary { values, keys } => {
                return if array.is_valid(i) { keys.get(i).and_then(|&k| values.get(k)?.as_deref()) } else { None }
            }
            Read::Shown => {}
        }
        if !array.is_valid(i) {
            return None;
        }
        scratch.clear();
        macro_rules! number {
            ($t:ty) => {{
                let _ = write!(scratch, "{}", array.as_primitive::<$t>().value(i));
            }};
        }
        macro_rules! float {
            ($v:expr) => {{
                if !write_float($v, scratch) {
                    return None;
                }
            }};
        }
        macro_rules! day {
            ($t:ty, $to:path) => {{
                let at = $to(array.as_primitive::<$t>().value(i))?;
                let _ = write!(scratch, "{}", at.date());
            }};
        }
        match array.data_type() {
            Boolean => {
                let _ = write!(scratch, "{}", array.as_boolean().value(i));
            }
            Int8 => number!(Int8Type),
            Int16 => number!(Int16Type),
            Int32 => number!(Int32Type),
            Int64 => number!(Int64Type),
            UInt8 => number!(UInt8Type),
            UInt16 => number!(UInt16Type),
            UInt32 => number!(UInt32Type),
            UInt64 => number!(UInt64Type),
            Float16 => float!(array.as_primitive::<Float16Type>().value(i).to_f32()),
            Float32 => float!(array.as_primitive::<Float32Type>().value(i)),
            Float64 => float!(array.as_primitive::<Float64Type>().value(i)),
            Decimal128(..) => scratch.push_str(&array.as_primitive::<Decimal128Type>().value_as_string(i)),
            Decimal256(..) => scratch.push_str(&array.as_primitive::<Decimal256Type>().value_as_string(i)),
            Date32 => day!(Date32Type, time::date32_to_datetime),
            Date64 => day!(Date64Type, time::date64_to_datetime),
            Timestamp(TimeUnit::Second, _) => day!(TimestampSecondType, time::timestamp_s_to_datetime),
            Timestamp(TimeUnit::Millisecond, _) => day!(TimestampMillisecondType, time::timestamp_ms_to_datetime),
            Timestamp(TimeUnit::Microsecond, _) => day!(TimestampMicrosecondType, time::timestamp_us_to_datetime),
            Timestamp(TimeUnit::Nanosecond, _) => day!(TimestampNanosecondType, time::timestamp_ns_to_datetime),
            _ => return None,
        }
        Some(scratch.as_str())
    }
}

/// Writes a float as its shortest round-trip text (Rust's `Display`, never
/// an exponent); false, writing nothing, for NaN and infinities: missing values.
pub fn write_float<F: Into<f64> + std::fmt::Display + Copy>(v: F, out: &mut impl std::fmt::Write) -> bool {
    v.into().is_finite() && write!(out, "{v}").is_ok()
}

/// A decimal's text from its unscaled integer's digits and its scale:
/// ("123456", 2) → "1234.56", ("-5", 2) → "-0.05", ("12", -3) → "12000".
pub fn decimal_text(unscaled: &str, scale: i32) -> String {
    let mut text = String::new();
    write_decimal(unscaled, scale, &mut text);
    text
}

/// Writes [`decimal_text`] into `out` (a column's buffer: no string of its own).
pub fn write_decimal(unscaled: &str, scale: i32, out: &mut impl std::fmt::Write) {
    // (A decimal type's scale is at most 76; past that, padding would be no number anyway.)
    let scale = scale.clamp(-76, 76);
    let (sign, digits) = unscaled.strip_prefix('-').map_or(("", unscaled), |d| ("-", d));
    let zeros = |out: &mut dyn std::fmt::Write, n: usize| (0..n).try_for_each(|_| out.write_char('0'));
    let _ = if scale <= 0 {
        let n = if digits == "0" { 0 } else { scale.unsigned_abs() as usize };
        out.write_str(sign).and_then(|_| out.write_str(digits)).and_then(|_| zeros(out, n))
    } else {
        // At least one digit before the point (the digits padded to `scale + 1`).
        let scale = scale as usize;
        let (int, frac) = digits.split_at(digits.len().saturating_sub(scale));
        out.write_str(sign)
            .and_then(|_| out.write_str(if int.is_empty() { "0" } else { int }))
            .and_then(|_| out.write_char('.'))
            .and_then(|_| zeros(out, scale - frac.len()))
            .and_then(|_| out.write_str(frac))
    };
}

/// A big-endian two's-complement integer (a Parquet decimal's bytes) as its
/// digits; `None` past 256 bits.
pub fn big_endian_integer(bytes: &[u8]) -> Option<String> {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let fill = if negative { 0xFF } else { 0 };
    if bytes.len() <= 16 {
        let mut word = [fill; 16];
        word[16 - bytes.len()..].copy_from_slice(bytes);
        return Some(i128::from_be_bytes(word).to_string());
    }
    if bytes.len() <= 32 {
        let mut word = [fill; 32];
        word[32 - bytes.len()..].copy_from_slice(bytes);
        return Some(arrow_buffer::i256::from_be_bytes(word).to_string());
    }
    None
}

/// The day of a count of days since 1970, `YYYY-MM-DD`.
pub fn day_from_days(days: i32) -> Option<String> {
    day!(time::date32_to_datetime(days))
}

/// The day of a count of nanoseconds since 1970, `YYYY-MM-DD`.
pub fn day_from_nanos(nanos: i64) -> Option<String> {
    day!(time::timestamp_ns_to_datetime(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        Date32Array, Decimal128Array, DictionaryArray, Float32Array, Float64Array, Int8Array, StringArray,
        StringViewArray, TimestampMicrosecondArray, UInt16Array,
    };
    use std::sync::Arc;

    fn cells(a: &dyn Array) -> Vec<Option<String>> {
        texts(a).unwrap()
    }

    fn some(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| Some(s.to_string())).collect()
    }

    #[test]
    fn every_common_type_reads_as_its_text() {
        assert_eq!(cells(&StringViewArray::from(vec!["甲", "乙"])), some(&["甲", "乙"]));
        assert_eq!(
            cells(&Float64Array::from(vec![65.8, 117.0, 0.1 + 0.2])),
            some(&["65.8", "117", "0.30000000000000004"])
        );
        assert_eq!(
            cells(&Float32Array::from(vec![65.8f32])),
            some(&["65.8"]),
            "an f32 prints as an f32, not 65.80000305"
        );
        assert_eq!(cells(&Float64Array::from(vec![Some(f64::NAN), None])), vec![None, None]);
        let money = Decimal128Array::from(vec![Some(123456), None, Some(-5)]).with_precision_and_scale(18, 2).unwrap();
        assert_eq!(cells(&money), vec![Some("1234.56".into()), None, Some("-0.05".into())]);
        assert_eq!(cells(&Date32Array::from(vec![19417])), some(&["2023-03-01"]));
        let at = TimestampMicrosecondArray::from(vec![1_677_628_800_000_000]).with_timezone("Asia/Shanghai");
        assert_eq!(cells(&at), some(&["2023-03-01"]));
        let keys = UInt16Array::from(vec![Some(1), None, Some(0)]);
        let dict = DictionaryArray::new(keys, Arc::new(StringArray::from(vec!["交通", "产业"])));
        assert_eq!(cells(&dict), vec![Some("产业".into()), None, Some("交通".into())]);
        let keys = Int8Array::from(vec![0, 0]);
        let dict = DictionaryArray::new(keys, Arc::new(StringViewArray::from(vec!["民生"])));
        assert_eq!(cells(&dict), some(&["民生", "民生"]));
    }

    #[test]
    fn decimals_and_their_bytes() {
        assert_eq!(decimal_text("123456", 2), "1234.56");
        assert_eq!(decimal_text("-5", 2), "-0.05");
        assert_eq!(decimal_text("0", 2), "0.00");
        assert_eq!(decimal_text("12", 2), "0.12");
        assert_eq!(decimal_text("-123", 1), "-12.3");
        assert_eq!(decimal_text("100", 3), "0.100");
        assert_eq!(decimal_text("0", -3), "0");
        assert_eq!(decimal_text("7", 0), "7");
        assert_eq!(decimal_text("12", -3), "12000");
        assert_eq!(big_endian_integer(&[0x01, 0xE2, 0x40]).as_deref(), Some("123456"));
        assert_eq!(big_endian_integer(&[0xFF, 0xFB]).as_deref(), Some("-5"));
        let mut wide = vec![0u8; 20];
        wide[19] = 9;
        assert_eq!(big_endian_integer(&wide).as_deref(), Some("9"));
        assert_eq!(big_endian_integer(&[1; 33]), None);
        assert_eq!(day_from_days(19417).as_deref(), Some("2023-03-01"));
    }

    #[test]
    fn a_list_is_refused_with_its_type() {
        let list = arrow_array::ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)])]);
        assert!(matches!(texts(&list), Err(DataType::List(_))));
    }
}
