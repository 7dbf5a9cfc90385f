//! Fonts as a reader of text needs them (ISO 32000-1 §9.6–9.10): how a
//! string splits into codes, the text each code stands for, and how far it
//! advances. Text comes from the ToUnicode map first; then, for Chinese
//! CID-keyed fonts without one, from the predefined CMap's character set
//! (UniGB-UCS2-H and UniGB-UTF16-H codes are Unicode; GB-EUC-H, GBK-EUC-H and
//! their kin are GBK codes; Identity-H with Adobe-GB1 CIDs goes back to GBK
//! codes through `gb1.rs`), GBK read by the build's legacy decoder; for
//! simple fonts, from their encoding and /Differences glyph names.

use super::cmap::CMap;
use super::encoding::{glyph_name_text, mac_roman, standard, win_ansi};
use super::file::File;
use super::syntax::{Dict, Object};
use crate::read::decode::LegacyDecoder;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

/// GBK's two-byte codes as text, decoded once per document (one call to the
/// decoder: the page's is the browser's TextDecoder).
pub struct Gbk<'a> {
    decoder: LegacyDecoder<'a>,
    table: OnceCell<HashMap<u16, char>>,
}

impl<'a> Gbk<'a> {
    pub fn new(decoder: LegacyDecoder<'a>) -> Self {
        Gbk { decoder, table: OnceCell::new() }
    }

    fn char(&self, code: u32) -> Option<char> {
        if code < 0x80 {
            return char::from_u32(code);
        }
        let table = self.table.get_or_init(|| {
            let codes: Vec<u16> = (0x81..=0xFEu16)
                .flat_map(|lead| (0x40..=0xFEu16).filter(|&t| t != 0x7F).map(move |t| lead << 8 | t))
                .collect();
            let mut bytes = Vec::with_capacity(codes.len() * 3);
            for c in &codes {
                bytes.extend_from_slice(&c.to_be_bytes());
                bytes.push(b'\n');
            }
            let text = (self.decoder)(&bytes).unwrap_or_default();
            codes
                .iter()
                .zip(text.split('\n'))
                .filter_map(|(&c, t)| {
                    let mut chars = t.chars();
                    let ch = chars.next()?;
                    (chars.next().is_none() && ch != '\u{FFFD}').then_some((c, ch))
                })
                .collect()
        });
        u16::try_from(code).ok().and_then(|c| table.get(&c).copied())
    }
}

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    /// Its advance in text space at size 1 (glyph units / 1000).
    pub width: f64,
    /// The single-byte code 32, which word spacing (Tw) applies to.
    pub space: bool,
}

/// How a string's bytes split into codes and become CIDs.
enum Codes {
    /// A simple font: one byte a code.
    Simple,
    /// Identity-H/V: two bytes, the code is the CID.
    Identity,
    /// A predefined Unicode CMap (UniGB-UCS2-H, UniGB-UTF16-H, …): UTF-16 codes.
    Unicode,
    /// A predefined GB CMap (GB-EUC-H, GBK-EUC-H, GBpc-EUC-H, GBK2K-H): GBK codes.
    Gb,
    /// An embedded CMap stream.
    Embedded(CMap),
}

enum Widths {
    Simple {
        first: u32,
        widths: Vec<f64>,
        missing: f64,
    },
    /// /W: CID ranges and their width; /DW.
    Cid {
        ranges: Vec<(u32, u32, f64)>,
        default: f64,
    },
}

pub struct Font {
    codes: Codes,
    to_unicode: Option<CMap>,
    /// A simple font's encoding: code → text (base encoding + /Differences).
    encoding: Vec<Option<String>>,
    /// The CIDs are Adobe-GB1's (their text can be found without a ToUnicode map).
    gb1: bool,
    widths: Widths,
    /// Type 3 fonts' glyph space (FontMatrix) in thousandths.
    scale: f64,
    cache: RefCell<HashMap<u32, String>>,
}

impl Font {
    pub fn load(file: &File, dict: &Dict) -> Font {
        let name = |o: &Object| o.as_name().map(<[u8]>::to_vec);
        let subtype = name(&file.get(dict, b"Subtype")).unwrap_or_default();
        let to_unicode = dict.get(b"ToUnicode").and_then(|t| file.stream_data(t)).map(|(_, data)| CMap::parse(&data));
        if subtype == b"Type0" {
            let descendant = match file.get(dict, b"DescendantFonts").as_ref() {
                Object::Array(a) => a.first().map(|d| file.resolve(d)),
                _ => None,
            };
            let cid_font = descendant.as_ref().and_then(|d| d.as_dict().cloned()).unwrap_or_default();
            let ordering = file.get(&cid_font, b"CIDSystemInfo");
            let ordering = ordering.as_dict().map(|info| file.get(info, b"Ordering"));
            let gb1 = matches!(ordering.as_deref(), Some(Object::Str(s)) if s == b"GB1");
            let encoding = file.get(dict, b"Encoding");
            let codes = match encoding.as_ref() {
                Object::Name(n) if n.starts_with(b"Identity") => Codes::Identity,
                Object::Name(n)
                    if n.starts_with(b"UniGB")
                        || n.starts_with(b"UniCNS")
                        || n.starts_with(b"UniJIS")
                        || n.starts_with(b"UniKS") =>
                {
                    Codes::Unicode
                }
                Object::Name(n) if n.starts_with(b"GB") => Codes::Gb,
                Object::Stream(_) => {
                    let data =
                        dict.get(b"Encoding").and_then(|e| file.stream_data(e)).map(|(_, d)| d).unwrap_or_default();
                    let map = CMap::parse(&data);
                    if map.has_codespaces() {
                        Codes::Embedded(map)
                    } else {
                        Codes::Identity
                    }
                }
                _ => Codes::Identity,
            };
            let default = file.get(&cid_font, b"DW").as_f64().unwrap_or(1000.0);
            let mut ranges = cid_widths(file, &file.get(&cid_font, b"W"));
            ranges.sort_by_key(|r| r.0);
            return Font {
                codes,
                to_unicode,
                encoding: Vec::new(),
                gb1,
                widths: Widths::Cid { ranges, default },
                scale: 1.0,
                cache: RefCell::new(HashMap::new()),
            };
        }
        // A simple font: Type1, TrueType, Type3, MMType1.
        let first = file.get(dict, b"FirstChar").as_int().unwrap_or(0).clamp(0, 255) as u32;
        let widths = match file.get(dict, b"Widths").as_ref() {
            Object::Array(a) => a.iter().take(256).map(|w| file.resolve(w).as_f64().unwrap_or(0.0)).collect(),
            _ => Vec::new(),
        };
        let descriptor = file.get(dict, b"FontDescriptor");
        let missing = descriptor.as_dict().and_then(|d| file.get(d, b"MissingWidth").as_f64()).filter(|&w| w > 0.0);
        let base = name(&file.get(dict, b"BaseFont")).unwrap_or_default();
        let missing = missing.unwrap_or(if base.windows(7).any(|w| w == b"Courier") { 600.0 } else { 500.0 });
        let scale = match file.get(dict, b"FontMatrix").as_ref() {
            Object::Array(m) if subtype == b"Type3" => m.first().and_then(Object::as_f64).map_or(1.0, |a| a * 1000.0),
            _ => 1.0,
        };
        Font {
            codes: Codes::Simple,
            to_unicode,
            encoding: simple_encoding(file, dict),
            gb1: false,
            widths: Widths::Simple { first, widths, missing },
            scale,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The codes of a shown string, each with its text and advance.
    pub fn glyphs(&self, bytes: &[u8], gbk: &Gbk) -> Vec<Glyph> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let n = match &self.codes {
                Codes::Simple => 1,
                Codes::Identity => 2,
                Codes::Unicode => {
                    // A high surrogate starts a four-byte code.
                    if bytes.get(i).is_some_and(|b| (0xD8..0xDC).contains(b)) {
                        4
                    } else {
                        2
                    }
                }
                Codes::Gb => {
                    if bytes[i] >= 0x81 {
                        2
                    } else {
                        1
                    }
                }
                Codes::Embedded(map) => map.code_length(&bytes[i..]),
            };
            let code_bytes = &bytes[i..(i + n).min(bytes.len())];
            i += n;
            let code = code_bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
            let text = self.text(code, code_bytes, gbk);
            let width = self.width(code, &text);
            out.push(Glyph { space: n == 1 && code == 32, text, width });
        }
        out
    }

    fn text(&self, code: u32, code_bytes: &[u8], gbk: &Gbk) -> String {
        if let Some(t) = self.cache.borrow().get(&code) {
            return t.clone();
        }
        let text = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.text(code))
            .or_else(|| match &self.codes {
                Codes::Simple => self.encoding.get(code as usize).cloned().flatten(),
                Codes::Unicode => {
                    let units: Vec<u16> =
                        code_bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
                    Some(String::from_utf16_lossy(&units))
                }
                Codes::Gb => gbk.char(code).map(String::from),
                Codes::Identity if self.gb1 => gb1_char(code, gbk).map(String::from),
                Codes::Embedded(map) if self.gb1 => map.cid(code).and_then(|cid| gb1_char(cid, gbk)).map(String::from),
                _ => None,
            })
            .unwrap_or_else(|| "\u{FFFD}".into());
        self.cache.borrow_mut().insert(code, text.clone());
        text
    }

    fn width(&self, code: u32, text: &str) -> f64 {
        let w = match &self.widths {
            Widths::Simple { first, widths, missing } => {
                code.checked_sub(*first).and_then(|k| widths.get(k as usize)).copied().unwrap_or(*missing)
            }
            Widths::Cid { ranges, default } => {
                let cid = match &self.codes {
                    Codes::Identity => Some(code),
                    Codes::Embedded(map) => map.cid(code),
                    // Predefined CMaps' CIDs are not carried: half width for Latin, else the default.
                    _ => None,
                };
                match cid {
                    Some(cid) => {
                        // Sorted by their first CID (load): the last range starting at or before it.
                        let at = ranges.partition_point(|r| r.0 <= cid);
                        at.checked_sub(1).map(|k| ranges[k]).filter(|r| cid <= r.1).map_or(*default, |r| r.2)
                    }
                    None if text.is_ascii() => 500.0,
                    None => *default,
                }
            }
        };
        w * self.scale / 1000.0
    }
}

/// A CID of Adobe-GB1 as text, through the GBK code that names it.
fn gb1_char(cid: u32, gbk: &Gbk) -> Option<char> {
    let cid = u16::try_from(cid).ok()?;
    let runs = &super::gb1::RUNS;
    let at = runs.partition_point(|&(first, _, _)| first <= cid).checked_sub(1)?;
    let (first, code, count) = runs[at];
    (cid - first < count).then(|| gbk.char(u32::from(code + (cid - first)))).flatten()
}

/// /W: `c [w1 w2 …]` and `c_first c_last w`, as ranges.
fn cid_widths(file: &File, w: &Object) -> Vec<(u32, u32, f64)> {
    let Object::Array(items) = w else { return Vec::new() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = items[i].as_int().and_then(|n| u32::try_from(n).ok()) else {
            i += 1;
            continue;
        };
        match file.resolve(items.get(i + 1).unwrap_or(&Object::Null)).as_ref() {
            Object::Array(list) => {
                for (k, w) in list.iter().enumerate() {
                    let cid = first.saturating_add(k as u32);
                    out.push((cid, cid, w.as_f64().unwrap_or(1000.0)));
                }
                i += 2;
            }
            last => {
                let last = last.as_int().and_then(|n| u32::try_from(n).ok()).unwrap_or(first);
                let width = items.get(i + 2).and_then(Object::as_f64).unwrap_or(1000.0);
                out.push((first, last.max(first), width));
                i += 3;
            }
        }
    }
    out
}

/// A simple font's code → text: its base encoding, then /Differences.
fn simple_encoding(file: &File, dict: &Dict) -> Vec<Option<String>> {
    let encoding = file.get(dict, b"Encoding");
    let base_name = match encoding.as_ref() {
        Object::Name(n) => Some(n.clone()),
        Object::Dict(d) => d.get(b"BaseEncoding").and_then(Object::as_name).map(<[u8]>::to_vec),
        _ => None,
    };
    let mut table: Vec<Option<String>> = (0..256u32)
        .map(|c| {
            match base_name.as_deref() {
                Some(b"MacRomanEncoding") => mac_roman(c as u8),
                Some(b"WinAnsiEncoding") | None => win_ansi(c as u8),
                _ => standard(c as u8),
            }
            .map(String::from)
        })
        .collect();
    if let Some(Object::Array(diffs)) = encoding.as_dict().and_then(|d| d.get(b"Differences")) {
        let mut code = 0usize;
        for item in diffs {
            match item {
                Object::Int(n) => code = (*n).clamp(0, 256) as usize,
                Object::Name(n) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_text(n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adobe_gb1_cids_read_through_gbk() {
        let decoder = |b: &[u8]| crate::read::decode::gb18030(b);
        let gbk = Gbk::new(&decoder);
        if crate::read::decode::gb18030(b"\xd6\xee").is_none() {
            return; // a build without a GBK decoder reads no such font
        }
        // 诸 is GBK D6EE; its Adobe-GB1 CID is 4589 (UniGB-UCS2-H: <8bf8> <8bf8> 4589).
        assert_eq!(gbk.char(0xD6EE), Some('诸'));
        assert_eq!(gb1_char(4589, &gbk), Some('诸'));
        // Half-width Latin (GBpc-EUC-H: <20> <7e> 1).
        assert_eq!(gb1_char(34, &gbk), Some('A'));
    }
}
