//! A stream's filters (ISO 32000-1 §7.4): Flate (with PNG and TIFF
//! predictors), LZW, ASCIIHex, ASCII85 and RunLength, each held to a budget
//! of output bytes. Image codecs (DCT, JPX, CCITT, JBIG2) are not decoded:
//! a reader of text needs no pixels.

use super::syntax::{Dict, Object};
use std::io::Read;

/// Why a stream's data could not be had.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterError {
    /// More output than the budget allows (a stream or the whole file).
    TooLarge,
    /// An image codec, or a filter this reader does not know.
    NotDecoded,
}

/// The filters a stream names, with their parameters, in order.
pub fn filters(dict: &Dict) -> Vec<(Vec<u8>, Option<&Dict>)> {
    let params = |i: usize| -> Option<&Dict> {
        match dict.get(b"DecodeParms").or_else(|| dict.get(b"DP"))? {
            Object::Array(a) => a.get(i)?.as_dict(),
            o => o.as_dict().filter(|_| i == 0),
        }
    };
    match dict.get(b"Filter").or_else(|| dict.get(b"F")) {
        Some(Object::Name(n)) => vec![(n.clone(), params(0))],
        Some(Object::Array(a)) => {
            a.iter().enumerate().filter_map(|(i, f)| Some((f.as_name()?.to_vec(), params(i)))).collect()
        }
        _ => Vec::new(),
    }
}

/// Decodes `data` through `filters`, producing at most `budget` bytes.
pub fn decode(mut data: Vec<u8>, filters: &[(Vec<u8>, Option<&Dict>)], budget: usize) -> Result<Vec<u8>, FilterError> {
    for (name, params) in filters {
        data = match name.as_slice() {
            b"FlateDecode" | b"Fl" => predict(inflate(&data, budget)?, *params, budget)?,
            b"LZWDecode" | b"LZW" => predict(lzw(&data, *params, budget)?, *params, budget)?,
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data),
            b"ASCII85Decode" | b"A85" => ascii85(&data),
            b"RunLengthDecode" | b"RL" => run_length(&data, budget)?,
            // Crypt (/Identity) is decryption's business, done before.
            b"Crypt" => data,
            _ => return Err(FilterError::NotDecoded),
        };
        if data.len() > budget {
            return Err(FilterError::TooLarge);
        }
    }
    Ok(data)
}

/// zlib data (or raw deflate, which some writers give); a stream cut short or
/// damaged near its end keeps what inflated before the damage, as viewers do.
fn inflate(data: &[u8], budget: usize) -> Result<Vec<u8>, FilterError> {
    let limit = budget as u64 + 1;
    let mut out = Vec::new();
    let zlib = data.len() >= 2 && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0 && data[0] & 0x0F == 8;
    if zlib {
        let _ = flate2::read::ZlibDecoder::new(data).take(limit).read_to_end(&mut out);
    }
    if out.is_empty() {
        let _ = flate2::read::DeflateDecoder::new(data).take(limit).read_to_end(&mut out);
    }
    if out.len() > budget {
        return Err(FilterError::TooLarge);
    }
    Ok(out)
}

fn lzw(data: &[u8], params: Option<&Dict>, budget: usize) -> Result<Vec<u8>, FilterError> {
    let early = params.and_then(|p| p.get(b"EarlyChange")).and_then(Object::as_int) != Some(0);
    let mut decoder = if early {
        weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
    } else {
        weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let mut input = data;
    loop {
        let result = decoder.decode_bytes(input, &mut buf);
        input = &input[result.consumed_in..];
        out.extend_from_slice(&buf[..result.consumed_out]);
        if out.len() > budget {
            return Err(FilterError::TooLarge);
        }
        match result.status {
            Ok(weezl::LzwStatus::Ok) if result.consumed_in > 0 || result.consumed_out > 0 => continue,
            _ => break,
        }
    }
    Ok(out)
}

/// PNG (10–15) and TIFF (2) predictors, as xref streams and some images use them.
fn predict(data: Vec<u8>, params: Option<&Dict>, budget: usize) -> Result<Vec<u8>, FilterError> {
    let Some(params) = params else { return Ok(data) };
    let get = |k: &[u8], default: i64| params.get(k).and_then(Object::as_int).unwrap_or(default);
    let predictor = get(b"Predictor", 1);
    if predictor < 2 {
        return Ok(data);
    }
    let (colors, bits, columns) = (get(b"Colors", 1), get(b"BitsPerComponent", 8), get(b"Columns", 1));
    if !(1..=32).contains(&colors) || ![1, 2, 4, 8, 16].contains(&bits) || !(1..=1 << 20).contains(&columns) {
        return Ok(data);
    }
    let bpp = ((colors * bits + 7) / 8).max(1) as usize;
    // A row is never longer than the data (a damaged Columns must not size a buffer).
    let row = (((colors * bits * columns + 7) / 8) as usize).min(data.len().max(1));
    if predictor == 2 {
        let mut data = data;
        if bits == 8 {
            for line in data.chunks_mut(row) {
                for i in bpp..line.len() {
                    line[i] = line[i].wrapping_add(line[i - bpp]);
                }
            }
        }
        return Ok(data);
    }
    let mut out = Vec::with_capacity(data.len().min(budget));
    let mut previous = vec![0u8; row];
    for line in data.chunks(row + 1) {
        let (kind, bytes) = (line[0], &line[1..]);
        let mut current = bytes.to_vec();
        current.resize(row, 0);
        for i in 0..row {
            let left = if i >= bpp { current[i - bpp] } else { 0 };
            let up = previous[i];
            let up_left = if i >= bpp { previous[i - bpp] } else { 0 };
            current[i] = current[i].wrapping_add(match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            });
        }
        out.extend_from_slice(&current[..bytes.len().min(row)]);
        previous = current;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high = None;
    for &b in data {
        if b == b'>' {
            break;
        }
        let Some(v) = (b as char).to_digit(16) else { continue };
        match high.take() {
            Some(h) => out.push((h << 4 | v) as u8),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push((h << 4) as u8);
    }
    out
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let (mut group, mut n) = (0u64, 0);
    let data = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(b - b'!');
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&(group as u32).to_be_bytes());
                    (group, n) = (0, 0);
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for _ in n..5 {
            group = group * 85 + 84;
        }
        out.extend_from_slice(&(group as u32).to_be_bytes()[..n - 1]);
    }
    out
}

fn run_length(data: &[u8], budget: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        match len {
            128 => break,
            0..=127 => {
                let run = data.get(i + 1..i + 2 + len as usize).unwrap_or(&data[(i + 1).min(data.len())..]);
                out.extend_from_slice(run);
                i += 2 + len as usize;
            }
            _ => {
                let Some(&b) = data.get(i + 1) else { break };
                out.extend(std::iter::repeat_n(b, 257 - len as usize));
                i += 2;
            }
        }
        if out.len() > budget {
            return Err(FilterError::TooLarge);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn name(n: &str) -> (Vec<u8>, Option<&'static Dict>) {
        (n.as_bytes().to_vec(), None)
    }

    #[test]
    fn filters_decode_and_hold_their_budget() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let text: Vec<u8> = (0..3000).flat_map(|i: u32| (i * 7919 % 10007).to_string().into_bytes()).collect();
        z.write_all(&text).unwrap();
        let packed = z.finish().unwrap();
        let n = text.len();
        assert_eq!(decode(packed.clone(), &[name("FlateDecode")], n).unwrap(), text);
        assert_eq!(decode(packed.clone(), &[name("FlateDecode")], n - 1), Err(FilterError::TooLarge));
        // Cut short: what inflated before the cut.
        assert!(!decode(packed[..packed.len() / 2].to_vec(), &[name("FlateDecode")], n).unwrap().is_empty());
        assert_eq!(decode(b"48 65 6c6C6f>".to_vec(), &[name("ASCIIHexDecode")], 100).unwrap(), b"Hello");
        assert_eq!(decode(b"<~87cURDZ~>".to_vec(), &[name("ASCII85Decode")], 100).unwrap(), b"Hello");
        assert_eq!(
            decode(vec![2, b'a', b'b', b'c', 254, b'x', 128], &[name("RunLengthDecode")], 100).unwrap(),
            b"abcxxx"
        );
        assert_eq!(decode([255, b'x'].repeat(100), &[name("RunLengthDecode")], 100), Err(FilterError::TooLarge));
        assert_eq!(decode(vec![1, 2], &[name("DCTDecode")], 100), Err(FilterError::NotDecoded));
    }

    #[test]
    fn png_up_predictor_as_xref_streams_use_it() {
        let params = Dict(vec![(b"Predictor".to_vec(), Object::Int(12)), (b"Columns".to_vec(), Object::Int(3))]);
        let rows = [2, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(predict(rows.to_vec(), Some(&params), 100).unwrap(), vec![1, 2, 3, 2, 3, 4]);
    }
}
