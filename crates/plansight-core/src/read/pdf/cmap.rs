//! CMaps (Adobe technical note 5014, ISO 32000-1 §9.7.5, §9.10.3): how a
//! font's string splits into codes (codespace ranges), which CID a code is
//! (cidchar/cidrange, for an embedded encoding), and which text a code is
//! (bfchar/bfrange, a ToUnicode map). Ranges stay ranges: a CMap stating
//! `<0000> <FFFF>` costs one entry, not 65,536.

use super::syntax::{Lexer, Object, Token};
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct CMap {
    /// (low, high) codes of each byte length (1–4 bytes).
    codespaces: Vec<(Vec<u8>, Vec<u8>)>,
    /// bfchar: code → text.
    chars: HashMap<u32, String>,
    /// bfrange: codes low..=high → the text of low, its last unit counted up.
    ranges: Vec<(u32, u32, Vec<u16>)>,
    /// bfrange with an array: codes low.. → one text each.
    range_lists: Vec<(u32, Vec<String>)>,
    /// cidchar and cidrange: codes low..=high → CIDs from `cid`.
    cids: Vec<(u32, u32, u32)>,
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect()
}

fn text_of(units: &[u16]) -> String {
    String::from_utf16_lossy(units)
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut map = CMap::default();
        map.read(data);
        // Looked up by binary search (a CMap may list tens of thousands of ranges).
        map.ranges.sort_by_key(|r| r.0);
        map.cids.sort_by_key(|r| r.0);
        map
    }

    fn read(&mut self, data: &[u8]) {
        let map = self;
        let mut lexer = Lexer::new(data, 0);
        // The operands since the last keyword.
        let mut operands: Vec<Object> = Vec::new();
        let mut section: &[u8] = b"";
        while let Some(token) = lexer.token() {
            match token {
                Token::Keyword(k) => {
                    match k {
                        b"begincodespacerange"
                        | b"beginbfchar"
                        | b"beginbfrange"
                        | b"begincidchar"
                        | b"begincidrange" => section = k,
                        b"endcodespacerange" | b"endbfchar" | b"endbfrange" | b"endcidchar" | b"endcidrange" => {
                            section = b"";
                        }
                        _ => {}
                    }
                    operands.clear();
                }
                Token::ArrayStart => {
                    // The array's items: strings (bfrange's list) or numbers.
                    let mut items = Vec::new();
                    while let Some(t) = lexer.token() {
                        match t {
                            Token::ArrayEnd => break,
                            Token::Object(o) => items.push(o),
                            _ => {}
                        }
                    }
                    operands.push(Object::Array(items));
                    map.entry(section, &mut operands);
                }
                Token::Object(o) => {
                    operands.push(o);
                    map.entry(section, &mut operands);
                }
                _ => operands.clear(),
            }
        }
    }

    /// Takes a whole entry of the current section off `operands` when it is there.
    fn entry(&mut self, section: &[u8], operands: &mut Vec<Object>) {
        let need = match section {
            b"begincodespacerange" | b"beginbfchar" | b"begincidchar" => 2,
            b"beginbfrange" | b"begincidrange" => 3,
            _ => {
                if operands.len() > 8 {
                    operands.clear();
                }
                return;
            }
        };
        if operands.len() < need {
            return;
        }
        let ops: Vec<Object> = std::mem::take(operands);
        let str_of = |o: &Object| match o {
            Object::Str(s) => Some(s.clone()),
            _ => None,
        };
        match (section, ops.as_slice()) {
            (b"begincodespacerange", [Object::Str(lo), Object::Str(hi)]) if lo.len() == hi.len() && !lo.is_empty() => {
                self.codespaces.push((lo[..lo.len().min(4)].to_vec(), hi[..hi.len().min(4)].to_vec()));
            }
            (b"beginbfchar", [Object::Str(src), dst]) => {
                let text = match dst {
                    Object::Str(d) => text_of(&utf16(d)),
                    Object::Name(n) => super::encoding::glyph_name_text(n).unwrap_or_default(),
                    _ => return,
                };
                self.chars.insert(code(src), text);
            }
            (b"beginbfrange", [Object::Str(lo), Object::Str(hi), Object::Str(dst)]) => {
                let (lo, hi) = (code(lo), code(hi));
                if lo <= hi && !dst.is_empty() {
                    self.ranges.push((lo, hi, utf16(dst)));
                }
            }
            (b"beginbfrange", [Object::Str(lo), Object::Str(_), Object::Array(list)]) => {
                let texts = list.iter().filter_map(str_of).map(|d| text_of(&utf16(&d))).collect();
                self.range_lists.push((code(lo), texts));
            }
            (b"begincidchar", [Object::Str(src), Object::Int(cid)]) => {
                if let Ok(cid) = u32::try_from(*cid) {
                    self.cids.push((code(src), code(src), cid));
                }
            }
            (b"begincidrange", [Object::Str(lo), Object::Str(hi), Object::Int(cid)]) => {
                if let Ok(cid) = u32::try_from(*cid) {
                    let (lo, hi) = (code(lo), code(hi));
                    if lo <= hi {
                        self.cids.push((lo, hi, cid));
                    }
                }
            }
            _ => {}
        }
    }

    pub fn has_codespaces(&self) -> bool {
        !self.codespaces.is_empty()
    }

    /// The length of the code at the start of `bytes` by the codespace ranges
    /// (shortest match first, as the note says); 1 when none matches.
    pub fn code_length(&self, bytes: &[u8]) -> usize {
        for n in 1..=4 {
            let Some(head) = bytes.get(..n) else { break };
            let inside = self.codespaces.iter().any(|(lo, hi)| {
                lo.len() == n && head.iter().zip(lo.iter().zip(hi)).all(|(b, (l, h))| (l..=h).contains(&b))
            });
            if inside {
                return n;
            }
        }
        // No range holds it: the shortest codespace's length, as viewers do.
        self.codespaces.iter().map(|(lo, _)| lo.len()).min().unwrap_or(1).min(bytes.len().max(1))
    }

    /// The text a code stands for, when the map says.
    pub fn text(&self, c: u32) -> Option<String> {
        if let Some(t) = self.chars.get(&c) {
            return Some(t.clone());
        }
        let at = self.ranges.partition_point(|r| r.0 <= c);
        if let Some((lo, _, base)) = at.checked_sub(1).map(|k| &self.ranges[k]).filter(|r| c <= r.1) {
            let mut units = base.clone();
            let last = units.last_mut()?;
            *last = last.wrapping_add((c - lo) as u16);
            return Some(text_of(&units));
        }
        self.range_lists.iter().find_map(|(lo, list)| list.get(c.checked_sub(*lo)? as usize).cloned())
    }

    /// The CID an embedded encoding CMap gives a code.
    pub fn cid(&self, c: u32) -> Option<u32> {
        let at = self.cids.partition_point(|r| r.0 <= c);
        let (lo, _, cid) = at.checked_sub(1).map(|k| self.cids[k]).filter(|r| c <= r.1)?;
        cid.checked_add(c - lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_as_writers_write_them() {
        let map = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0010> <8BF8> endbfchar\n\
              2 beginbfrange <0020> <0022> <6C5F> <0030> <0031> [<D840DC00> <0041>] endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        assert_eq!(map.code_length(&[0, 3, 0, 16]), 2);
        assert_eq!(map.text(0x10).as_deref(), Some("诸"));
        assert_eq!(map.text(0x20).as_deref(), Some("江"));
        assert_eq!(map.text(0x22).as_deref(), Some("\u{6C61}"));
        assert_eq!(map.text(0x30).as_deref(), Some("\u{20000}"));
        assert_eq!(map.text(0x31).as_deref(), Some("A"));
        assert_eq!(map.text(0x40), None);
    }
}
