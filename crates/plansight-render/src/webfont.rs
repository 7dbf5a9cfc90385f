//! The web SVG: labels stay `<text>` (selectable, styleable, small), drawn in
//! a subset of the bundled font embedded as a WOFF2 `@font-face`, so a browser
//! without a CJK font still shows them.
//!
//! The subset is cut by `subsetter` (typst's; its output is meant for PDF and
//! so lacks the `cmap` and `OS/2` tables a browser needs): this module adds a
//! `cmap` for the characters used, copies `OS/2` from the source font, and
//! wraps the tables as WOFF2 (brotli, no table transforms: CFF fonts have none).

use crate::outline::label_texts;
use ttf_parser::Face;

/// The family name the embedded subset is declared under.
pub const WEB_FAMILY: &str = "Plansight Noto Sans SC";

/// The chart SVG with its labels' characters embedded as a WOFF2 subset of
/// `font` and every label asking for it first.
pub fn web_svg(svg: &str, font: &[u8]) -> Result<String, String> {
    let woff2 = subset_woff2(font, &label_texts(svg)?.concat())?;
    let face = format!(
        "<defs><style>@font-face{{font-family:\"{WEB_FAMILY}\";src:url(data:font/woff2;base64,{})format(\"woff2\")}}</style></defs>",
        base64(&woff2)
    );
    // Every label names the subset first, then the fonts it named before.
    let out = svg.replace("font-family=\"", &format!("font-family=\"{WEB_FAMILY}, "));
    let at = out.find("<svg").and_then(|s| out[s..].find('>').map(|e| s + e + 1)).ok_or("no <svg> element")?;
    let at = out[at..].find("</desc>").map_or(at, |e| at + e + "</desc>".len());
    Ok(format!("{}{face}{}", &out[..at], &out[at..]))
}

/// A WOFF2 font holding the glyphs of `text`'s characters (and .notdef).
pub fn subset_woff2(font: &[u8], text: &str) -> Result<Vec<u8>, String> {
    let face = Face::parse(font, 0).map_err(|e| format!("the font cannot be read: {e}"))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut chars: Vec<(char, u16)> = Vec::new();
    let mut seen: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    seen.sort_unstable();
    seen.dedup();
    for c in seen {
        if let Some(g) = face.glyph_index(c) {
            chars.push((c, remapper.remap(g.0)));
        }
    }
    let subset = subsetter::subset(font, 0, &remapper).map_err(|e| format!("cannot subset the font: {e:?}"))?;
    let mut tables = read_tables(&subset)?;
    tables.push((*b"cmap", cmap(&chars)));
    let os2 = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")).ok_or("the font has no OS/2 table")?;
    tables.push((*b"OS/2", os2.to_vec()));
    tables.sort_by_key(|(tag, _)| *tag);
    Ok(woff2(&tables, &sfnt(&tables)))
}

/// A font table: its tag and its bytes.
type Table = ([u8; 4], Vec<u8>);

fn u16be(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

fn u32be(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// The tables of an sfnt (OpenType) font.
fn read_tables(font: &[u8]) -> Result<Vec<Table>, String> {
    let bad = || "the subset font is damaged".to_string();
    let count = u16be(font, 4).ok_or_else(bad)? as usize;
    (0..count)
        .map(|i| {
            let at = 12 + 16 * i;
            let tag: [u8; 4] = font.get(at..at + 4).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
            let (offset, length) =
                (u32be(font, at + 8).ok_or_else(bad)? as usize, u32be(font, at + 12).ok_or_else(bad)?);
            let data = font.get(offset..offset + length as usize).ok_or_else(bad)?;
            Ok((tag, data.to_vec()))
        })
        .collect()
}

/// A cmap with one format 4 subtable (Windows, Unicode BMP): one segment per
/// character, which for the few hundred characters of a chart is small.
fn cmap(chars: &[(char, u16)]) -> Vec<u8> {
    let bmp: Vec<(u16, u16)> =
        chars.iter().filter_map(|&(c, g)| u16::try_from(c as u32).ok().map(|c| (c, g))).collect();
    let segments = bmp.len() + 1; // and the closing 0xFFFF segment
    let search = 2 * (1u16 << (segments as f64).log2().floor() as u32);
    let mut sub = Vec::new();
    let len = 16 + 8 * segments;
    for v in [4u16, len as u16, 0, 2 * segments as u16, search] {
        sub.extend(v.to_be_bytes());
    }
    let selector = (search / 2).trailing_zeros() as u16;
    sub.extend(selector.to_be_bytes());
    sub.extend((2 * segments as u16 - search).to_be_bytes());
    let ends: Vec<u16> = bmp.iter().map(|&(c, _)| c).chain([0xFFFF]).collect();
    ends.iter().for_each(|e| sub.extend(e.to_be_bytes()));
    sub.extend(0u16.to_be_bytes()); // reservedPad
    ends.iter().for_each(|s| sub.extend(s.to_be_bytes())); // starts: one character per segment
    for (c, g) in bmp.iter().copied().chain([(0xFFFF, 0)]) {
        let delta = if c == 0xFFFF { 1 } else { g.wrapping_sub(c) };
        sub.extend(delta.to_be_bytes());
    }
    (0..segments).for_each(|_| sub.extend(0u16.to_be_bytes())); // idRangeOffsets
    let mut table = Vec::new();
    for v in [0u16, 1, 3, 1] {
        table.extend(v.to_be_bytes());
    }
    table.extend(12u32.to_be_bytes());
    table.extend(sub);
    table
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The tables as one OpenType (CFF) font, as a WOFF2 decoder rebuilds it (its
/// size goes into the WOFF2 header; browsers do not check head's whole-font checksum).
fn sfnt(tables: &[Table]) -> Vec<u8> {
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::new();
    out.extend(b"OTTO");
    for v in [n, power * 16, power.trailing_zeros() as u16, n * 16 - power * 16] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend(body);
    out
}

/// Table tags WOFF2 encodes as one byte (its "known table" list, in order).
const KNOWN: [&[u8; 4]; 14] = [
    b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"OS/2", b"post", b"cvt ", b"fpgm", b"glyf", b"loca",
    b"prep", b"CFF ",
];

fn base128(mut v: u32, out: &mut Vec<u8>) {
    let mut bytes = vec![(v & 0x7F) as u8];
    v >>= 7;
    while v > 0 {
        bytes.push((v & 0x7F) as u8 | 0x80);
        v >>= 7;
    }
    out.extend(bytes.iter().rev());
}

fn woff2(tables: &[Table], sfnt: &[u8]) -> Vec<u8> {
    let mut directory = Vec::new();
    let mut stream = Vec::new();
    for (tag, data) in tables {
        match KNOWN.iter().position(|k| *k == tag) {
            Some(i) => directory.push(i as u8), // transform version 0: the table as is
            None => {
                directory.push(63);
                directory.extend(tag);
            }
        }
        base128(data.len() as u32, &mut directory);
        stream.extend(data);
    }
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &stream[..], &mut compressed, &params);
    let mut out = Vec::new();
    out.extend(b"wOF2");
    out.extend(b"OTTO");
    let length = 48 + directory.len() + compressed.len();
    let padded = length.div_ceil(4) * 4;
    out.extend((padded as u32).to_be_bytes());
    out.extend((tables.len() as u16).to_be_bytes());
    out.extend(0u16.to_be_bytes());
    out.extend((sfnt.len() as u32).to_be_bytes());
    out.extend((compressed.len() as u32).to_be_bytes());
    out.extend(1u16.to_be_bytes()); // font version 1.0
    out.extend(0u16.to_be_bytes());
    out.extend([0u8; 20]); // no metadata, no private data
    out.extend(directory);
    out.extend(compressed);
    out.resize(padded, 0);
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from_be_bytes([0, b[0], b[1], b[2]]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(all(test, feature = "bundled-font"))]
mod tests {
    use super::*;

    /// Reads a WOFF2 written here back into its tables (the reverse steps).
    fn unwrap_woff2(woff: &[u8]) -> Vec<Table> {
        assert_eq!(&woff[..4], b"wOF2");
        assert_eq!(u32be(woff, 8).unwrap() as usize, woff.len());
        let count = u16be(woff, 12).unwrap() as usize;
        let compressed = u32be(woff, 20).unwrap() as usize;
        let mut at = 48;
        let mut dir = Vec::new();
        for _ in 0..count {
            let flag = woff[at];
            at += 1;
            let tag = if flag & 63 == 63 {
                at += 4;
                woff[at - 4..at].try_into().unwrap()
            } else {
                *KNOWN[(flag & 63) as usize]
            };
            let mut len = 0u32;
            loop {
                let b = woff[at];
                at += 1;
                len = (len << 7) | (b & 0x7F) as u32;
                if b & 0x80 == 0 {
                    break;
                }
            }
            dir.push((tag, len as usize));
        }
        let mut stream = Vec::new();
        brotli::BrotliDecompress(&mut &woff[at..at + compressed], &mut stream).unwrap();
        let mut offset = 0;
        dir.into_iter()
            .map(|(tag, len)| {
                offset += len;
                (tag, stream[offset - len..offset].to_vec())
            })
            .collect()
    }

    #[test]
    fn the_subset_maps_its_characters_and_nothing_else() {
        let text = "诸暨 740.55 亿元（交通）";
        let woff = subset_woff2(crate::FONT, text).unwrap();
        assert!(woff.len() < 20_000, "{} bytes for a handful of glyphs", woff.len());
        let font = sfnt(&unwrap_woff2(&woff));
        let face = Face::parse(&font, 0).unwrap();
        let source = Face::parse(crate::FONT, 0).unwrap();
        for c in text.chars() {
            let g = face.glyph_index(c).unwrap_or_else(|| panic!("{c} is mapped"));
            // Same advance as the source font: the same glyph.
            let original = source.glyph_index(c).unwrap();
            assert_eq!(face.glyph_hor_advance(g), source.glyph_hor_advance(original), "{c}");
        }
        assert!(face.glyph_index('规').is_none());
        assert!(face.tables().os2.is_some() && face.tables().cmap.is_some());
    }

    #[test]
    fn labels_ask_for_the_embedded_font() {
        let svg = r#"<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg"><title>t</title><desc>d</desc><text x="1" y="2" font-family="sans-serif">诸暨</text></svg>"#;
        let web = web_svg(svg, crate::FONT).unwrap();
        assert!(web.contains("<desc>d</desc><defs><style>@font-face{font-family:\"Plansight Noto Sans SC\";src:url(data:font/woff2;base64,d09GMk9UVE8"));
        assert!(web.contains(r#"font-family="Plansight Noto Sans SC, sans-serif">诸暨</text>"#));
    }
}
