//! Reader: a Word 97–2003 .doc (and a .wps as WPS writes it, in Word 97's
//! format) → the [text form](super::textform), written as [`super::docx`]
//! writes a .docx, so the understand stage reads a .doc as its .docx:
//! paragraphs as lines, tables row by row (nested tables flattened into their
//! cell), heading numbers written back.
//!
//! The format (MS-DOC), as read here:
//! - the `WordDocument` stream opens with the FIB: its magic (0xA5EC), version,
//!   flags (encrypted; which table stream, `0Table` or `1Table`), the main
//!   text's length (`ccpText`) and where the table stream keeps the piece
//!   table (`fcClx`), the paragraph properties (`fcPlcfBtePapx`) and the
//!   styles (`fcStshf`);
//! - the piece table (`PlcPcd` in the CLX) places the text: each piece of
//!   characters is 8-bit (Windows-1252 as MS-DOC maps it) or UTF-16LE, at a
//!   byte offset of `WordDocument`;
//! - paragraphs end with `\r`, table cells with `\x07`; which marks end a row
//!   (and a cell of a nested table) is said by the paragraph properties:
//!   `PlcBtePapx` → 512-byte PAPX pages → sprms (`sprmPFInTable`, `sprmPFTtp`,
//!   `sprmPItap`, `sprmPFInnerTableCell`, `sprmPFInnerTtp`), never guessed
//!   from the marks;
//! - fields (`\x13` instruction `\x14` result `\x15`) keep their result; other
//!   control characters become what Word shows (a line break a new line in a
//!   cell and a space in prose, as the .docx reader has it; a non-breaking
//!   hyphen a hyphen; a soft hyphen, a picture's anchor nothing).
//!
//! Every offset, count and length read from the file is checked against the
//! stream it points into before it is used: the text is at most `ccpText`
//! characters, and `ccpText` at most the stream's bytes.

use super::compound::Compound;
use super::textform::{Headings, TextForm};
use crate::model::{Fault, Form, PlanError, Unsupported};

fn broken(fault: Fault) -> PlanError {
    PlanError::Broken { form: Some(Form::Doc), fault }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// A slice of `b` at a (file-stated) offset and length, if the bytes hold it.
fn slice(b: &[u8], at: u32, len: u32) -> Option<&[u8]> {
    let at = at as usize;
    b.get(at..at.checked_add(len as usize)?)
}

/// The text of a .doc's main document.
pub fn to_text(bytes: &[u8]) -> Result<String, PlanError> {
    let file = Compound::open(bytes).map_err(|_| PlanError::Broken { form: None, fault: Fault::Container })?;
    let stream = |name: &str| file.stream(name).map_err(|_| broken(Fault::Stream))?.ok_or(broken(Fault::Stream));
    let word = stream("WordDocument")?;
    let fib = Fib::read(&word)?;
    let table = stream(if fib.table_1 { "1Table" } else { "0Table" })?;
    let text = Text::read(&word, &table, &fib)?;
    let mut papx = Papx::read(&word, &table, fib.papx)?;
    // Paragraph properties too large for their page (a table row's definition)
    // live in the Data stream (sprmPHugePapx); a file without one has none.
    papx.data = file.stream("Data").ok().flatten().unwrap_or_default();
    let headings = heading_levels(&table, fib.styles);
    let mut doc = Document { papx, prcs: text.prcs, headings, ..Document::default() };
    doc.read(&text.pieces, &word)?;
    let pictures = doc.pictures;
    let out = doc.finish();
    if out.is_empty() && pictures > 0 {
        return Err(PlanError::OnlyPictures(pictures));
    }
    Ok(out.finish())
}

/// What the FIB says of the document.
struct Fib {
    /// Whether the table stream is `1Table` (else `0Table`).
    table_1: bool,
    /// Characters of the main document.
    ccp_text: u32,
    /// (offset, length) in the table stream of the CLX, the PlcBtePapx, the STSH.
    clx: (u32, u32),
    papx: (u32, u32),
    styles: (u32, u32),
}

impl Fib {
    fn read(w: &[u8]) -> Result<Fib, PlanError> {
        let bad = || broken(Fault::Fib);
        if u16_at(w, 0) != Some(0xA5EC) {
            return Err(bad());
        }
        let n_fib = u16_at(w, 2).ok_or_else(bad)?;
        let flags = u16_at(w, 10).ok_or_else(bad)?;
        // Word 6.0 and 95 (nFib 101–105) lay the FIB out otherwise.
        if n_fib < 0x00C0 {
            return Err(if n_fib >= 0x0065 { PlanError::Unsupported(Unsupported::Word95) } else { bad() });
        }
        if flags & 0x0100 != 0 {
            return Err(PlanError::Unsupported(Unsupported::Encrypted));
        }
        // FibBase (32 bytes), then three arrays, each after its count.
        let csw = u16_at(w, 32).ok_or_else(bad)? as usize;
        let lw = 34 + 2 * csw;
        let cslw = u16_at(w, lw).ok_or_else(bad)? as usize;
        let blob = lw + 2 + 4 * cslw + 2;
        let pairs = u16_at(w, blob - 2).ok_or_else(bad)? as usize;
        // ccpText is the fourth long; fcClx the 34th pair (Word 97's layout, which later versions extend).
        if cslw < 4 || pairs < 34 || w.len() < blob + 8 * pairs {
            return Err(bad());
        }
        let pair = |i: usize| (u32_at(w, blob + 8 * i).unwrap_or(0), u32_at(w, blob + 8 * i + 4).unwrap_or(0));
        Ok(Fib {
            table_1: flags & 0x0200 != 0,
            ccp_text: u32_at(w, lw + 2 + 12).ok_or_else(bad)?,
            clx: pair(33),
            papx: pair(13),
            styles: pair(1),
        })
    }
}

/// A run of the main text: characters `cp..cp + len` stored from byte `fc` of
/// `WordDocument`, one byte each (8-bit) or two (UTF-16LE).
struct Piece {
    len: usize,
    fc: usize,
    compressed: bool,
    /// Property modifier: properties a fast save put on the piece.
    prm: u16,
}

/// The piece table and the CLX's property groups (which a piece's prm may name).
struct Text {
    pieces: Vec<Piece>,
    prcs: Vec<Vec<u8>>,
}

impl Text {
    fn read(word: &[u8], table: &[u8], fib: &Fib) -> Result<Text, PlanError> {
        let bad = || broken(Fault::Text);
        // A character takes a byte at least: more characters than bytes is a lie.
        let ccp = fib.ccp_text as usize;
        if ccp > word.len() {
            return Err(bad());
        }
        let clx = slice(table, fib.clx.0, fib.clx.1).ok_or_else(bad)?;
        // Prc entries (0x01, a length, sprms), then the Pcdt (0x02, a length, the PlcPcd).
        let mut at = 0usize;
        let mut prcs = Vec::new();
        let plc = loop {
            match clx.get(at) {
                Some(1) => {
                    let len = u16_at(clx, at + 1).ok_or_else(bad)? as i16;
                    let len = usize::try_from(len).map_err(|_| bad())?;
                    prcs.push(clx.get(at + 3..at + 3 + len).ok_or_else(bad)?.to_vec());
                    at += 3 + len;
                }
                Some(2) => {
                    let len = u32_at(clx, at + 1).ok_or_else(bad)?;
                    break clx.get(at + 5..).and_then(|rest| rest.get(..len as usize)).ok_or_else(bad)?;
                }
                _ => return Err(bad()),
            }
        };
        // n + 1 character positions, then n 8-byte piece descriptors.
        if plc.len() < 16 || (plc.len() - 4) % 12 != 0 {
            return Err(bad());
        }
        let n = (plc.len() - 4) / 12;
        let cp = |i: usize| u32_at(plc, 4 * i).unwrap_or(0) as usize;
        let mut pieces = Vec::with_capacity(n);
        for i in 0..n {
            let (start, end) = (cp(i), cp(i + 1));
            if end < start {
                return Err(bad());
            }
            // Only the main document is read; the pieces after it hold notes, headers, text boxes.
            let len = end.min(ccp).saturating_sub(start);
            if len == 0 {
                continue;
            }
            let pcd = 4 * (n + 1) + 8 * i;
            let raw = u32_at(plc, pcd + 2).ok_or_else(bad)?;
            let prm = u16_at(plc, pcd + 6).ok_or_else(bad)?;
            // Bit 30: 8-bit characters at half the stated offset (MS-DOC's fCompressed).
            let compressed = raw & 0x4000_0000 != 0;
            let offset = (raw & 0x3FFF_FFFF) as usize;
            let (fc, bytes) = if compressed { (offset / 2, len) } else { (offset, 2 * len) };
            if fc.checked_add(bytes).is_none_or(|end| end > word.len()) {
                return Err(bad());
            }
            pieces.push(Piece { len, fc, compressed, prm });
        }
        Ok(Text { pieces, prcs })
    }
}

/// An 8-bit character as MS-DOC maps it: Windows-1252's letters in 0x80–0x9F,
/// the rest as Latin-1.
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x80, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x8E,
        0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153,
        0x9D, 0x9E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => u16::from(b),
    }
}

/// A paragraph's properties that the text form needs.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Props {
    /// The style (an index into the stylesheet).
    istd: u16,
    in_table: bool,
    /// A table's row-end mark (depth 1).
    ttp: bool,
    /// Table depth (absent in Word 97 files: 1 when in a table).
    itap: u32,
    /// The end of a cell, and of a row, of a nested table (depth 2 and more).
    inner_cell: bool,
    inner_ttp: bool,
    /// Outline level set on the paragraph itself (0–8; 9 is body text).
    outline: Option<u8>,
    /// A row end's cells that go on a vertical merge from the row above
    /// (bit k: cell k), from the row's table definition (sprmTDefTable's
    /// fVertMerge without fVertRestart) or sprmTVertMerge.
    merged_down: u64,
    /// sprmPHugePapx's offset into the Data stream, until it is read.
    huge: Option<u32>,
}

impl Props {
    /// Applies a group of sprms; a sprm cut short by the group's end ends it.
    fn apply(&mut self, grpprl: &[u8]) {
        let mut at = 0;
        while let Some(sprm) = u16_at(grpprl, at) {
            at += 2;
            let Some(len) = operand_len(sprm, grpprl.get(at..).unwrap_or_default()) else { return };
            let Some(op) = grpprl.get(at..at + len) else { return };
            at += len;
            let flag = op.first().is_some_and(|&b| b != 0);
            match sprm {
                0x4600 => self.istd = u16_at(op, 0).unwrap_or(self.istd),
                0x2416 => self.in_table = flag,
                0x2417 => self.ttp = flag,
                0x6649 => self.itap = u32_at(op, 0).unwrap_or(0),
                // sprmPDtap: a change of depth.
                0x664A => {
                    let delta = u32_at(op, 0).unwrap_or(0) as i32;
                    self.itap = self.itap.saturating_add_signed(delta);
                }
                0x244B => self.inner_cell = flag,
                0x244C => self.inner_ttp = flag,
                0x2640 => self.outline = op.first().copied().filter(|&l| l < 9),
                0xD608 => self.merged_down = merged_down(op),
                0x6646 => self.huge = u32_at(op, 0),
                // sprmTVertMerge: a length byte, the cell, its flags (1 goes on a merge, 3 starts one).
                0xD62B => {
                    if let (Some(&itc), Some(&flags)) = (op.get(1), op.get(2)) {
                        if itc < 64 {
                            let bit = 1u64 << itc;
                            self.merged_down =
                                if flags == 1 { self.merged_down | bit } else { self.merged_down & !bit };
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The cells sprmTDefTable's TC80 records mark as going on a vertical merge:
/// its operand is a length (2 bytes), the cell count, the cells' edges
/// (2 bytes each, one more than cells), then 20 bytes a cell whose first two
/// are its flags (fVertMerge 0x20, fVertRestart 0x40). Cells past the bytes
/// (or past 64) are not merged.
fn merged_down(op: &[u8]) -> u64 {
    let Some(&cells) = op.get(2) else { return 0 };
    let tcs = 3 + 2 * (usize::from(cells) + 1);
    (0..usize::from(cells).min(64)).fold(0, |mask, k| match u16_at(op, tcs + 20 * k) {
        Some(flags) if flags & 0x20 != 0 && flags & 0x40 == 0 => mask | 1 << k,
        _ => mask,
    })
}

/// The length of a sprm's operand (`rest`: the bytes after the sprm), from
/// its spra bits; None when the bytes cannot say it.
fn operand_len(sprm: u16, rest: &[u8]) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match sprm {
            // sprmTDefTable: a 2-byte length that counts itself less one byte.
            0xD608 => usize::from(u16_at(rest, 0)?) + 1,
            // sprmPChgTabs: 255 means the length follows from the tab counts inside.
            0xC615 if *rest.first()? == 255 => {
                let deleted = usize::from(*rest.get(1)?);
                let added = usize::from(*rest.get(2 + 4 * deleted)?);
                3 + 4 * deleted + 3 * added
            }
            _ => 1 + usize::from(*rest.first()?),
        },
    })
}

/// A PAPX page's runs: the first byte of text each covers, one past its last, its properties.
type Runs = Vec<(u32, u32, Props)>;

/// The paragraph properties: the PlcBtePapx (which 512-byte page of
/// `WordDocument` covers which bytes of text), each page read once.
#[derive(Default)]
struct Papx {
    /// Byte offsets of text where each page's coverage starts, and one past the last.
    fcs: Vec<u32>,
    pages: Vec<u32>,
    /// The last page read: its number, and its runs.
    cached: Option<(u32, Runs)>,
    /// The Data stream, where sprmPHugePapx finds properties too large for a page.
    data: Vec<u8>,
}

impl Papx {
    fn read(word: &[u8], table: &[u8], (fc, lcb): (u32, u32)) -> Result<Papx, PlanError> {
        if lcb == 0 {
            return Ok(Papx::default());
        }
        let bad = || broken(Fault::Properties);
        let plc = slice(table, fc, lcb).ok_or_else(bad)?;
        if plc.len() < 12 || (plc.len() - 4) % 8 != 0 {
            return Err(bad());
        }
        let n = (plc.len() - 4) / 8;
        let fcs = (0..=n).map(|i| u32_at(plc, 4 * i).unwrap_or(0)).collect();
        let pages: Vec<u32> = (0..n).map(|i| u32_at(plc, 4 * (n + 1) + 4 * i).unwrap_or(0) & 0x3F_FFFF).collect();
        // Every page must lie within the stream.
        if pages.iter().any(|&pn| slice(word, pn.saturating_mul(512), 512).is_none()) {
            return Err(bad());
        }
        Ok(Papx { fcs, pages, cached: None, data: Vec::new() })
    }

    /// The properties of the paragraph whose mark is at byte `fc`: none when no
    /// page covers it (default properties: a paragraph of prose).
    fn at(&mut self, word: &[u8], fc: u32) -> Result<Props, PlanError> {
        let i = self.fcs.partition_point(|&f| f <= fc);
        let Some(&pn) = i.checked_sub(1).and_then(|i| self.pages.get(i)) else { return Ok(Props::default()) };
        if self.cached.as_ref().is_none_or(|(cached, _)| *cached != pn) {
            self.cached = Some((pn, page(word, &self.data, pn)?));
        }
        let runs = self.cached.as_ref().map_or(&[][..], |(_, runs)| runs.as_slice());
        Ok(runs.iter().find(|(from, to, _)| (*from..*to).contains(&fc)).map_or_else(Props::default, |r| r.2))
    }
}

/// One PAPX page: `crun` runs of text (byte ranges), each with its properties.
fn page(word: &[u8], data: &[u8], pn: u32) -> Result<Runs, PlanError> {
    let bad = || broken(Fault::Properties);
    let fkp = slice(word, pn.saturating_mul(512), 512).ok_or_else(bad)?;
    let crun = usize::from(fkp[511]);
    // crun + 1 offsets, then crun 13-byte entries, within the page's 511 bytes.
    if crun == 0 || 4 * (crun + 1) + 13 * crun > 511 {
        return Err(bad());
    }
    let mut runs = Vec::with_capacity(crun);
    for j in 0..crun {
        let (from, to) = (u32_at(fkp, 4 * j).unwrap_or(0), u32_at(fkp, 4 * j + 4).unwrap_or(0));
        let offset = 2 * usize::from(fkp[4 * (crun + 1) + 13 * j]);
        let mut props = Props::default();
        if offset > 0 {
            // The PAPX: a count of words (or zero, then a count in the next byte), the style, the sprms.
            let cb = usize::from(*fkp.get(offset).ok_or_else(bad)?);
            let (start, len) = if cb != 0 {
                (offset + 1, 2 * cb - 1)
            } else {
                (offset + 2, 2 * usize::from(*fkp.get(offset + 1).ok_or_else(bad)?))
            };
            let papx = fkp.get(start..start + len).filter(|_| start + len <= 511).ok_or_else(bad)?;
            props.istd = u16_at(papx, 0).unwrap_or(0);
            props.apply(papx.get(2..).unwrap_or_default());
            // sprmPHugePapx: the rest at this offset of the Data stream, a length first.
            if let Some(at) = props.huge.take() {
                let len = u16_at(data, at as usize).map(usize::from);
                if let Some(grpprl) = len.and_then(|len| data.get(at as usize + 2..at as usize + 2 + len)) {
                    props.apply(grpprl);
                }
            }
        }
        runs.push((from, to, props));
    }
    Ok(runs)
}

/// The outline level of each style that is a built-in heading (its sti 1–9:
/// Heading 1–9, 标题 1–9 in a Chinese Word), by style index. A damaged or
/// missing stylesheet gives none: only the heading numbers depend on it.
fn heading_levels(table: &[u8], (fc, lcb): (u32, u32)) -> Vec<Option<u8>> {
    let Some(stsh) = slice(table, fc, lcb) else { return Vec::new() };
    let Some(header) = u16_at(stsh, 0) else { return Vec::new() };
    let count = u16_at(stsh, 2).unwrap_or(0);
    let mut at = 2 + usize::from(header);
    let mut levels = Vec::new();
    // Each style: a 2-byte length, then its STD (the sti in the low 12 bits of its first word).
    while levels.len() < usize::from(count) {
        let Some(len) = u16_at(stsh, at) else { break };
        let std = stsh.get(at + 2..at + 2 + usize::from(len)).unwrap_or_default();
        let sti = u16_at(std, 0).map(|w| w & 0x0FFF);
        levels.push(sti.filter(|s| (1..=9).contains(s)).map(|s| s as u8 - 1));
        at += 2 + usize::from(len);
    }
    levels
}

/// A table being read: rows of cells of paragraphs, the row and the cell so far.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<Vec<String>>>,
    /// Each row's cells that go on a vertical merge (see `Props::merged_down`).
    merged_down: Vec<u64>,
    row: Vec<Vec<String>>,
    cell: Vec<String>,
}

impl Table {
    /// Every paragraph of the table in order, a row or a cell not ended too.
    fn paragraphs(self) -> impl Iterator<Item = String> {
        self.rows.into_iter().flatten().chain(std::iter::once(self.row).flatten()).flatten().chain(self.cell)
    }
}

/// Tables deeper than this are read as at this depth (Word allows 63).
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Document {
    papx: Papx,
    prcs: Vec<Vec<u8>>,
    headings: Vec<Option<u8>>,
    numbers: Headings,
    out: TextForm,
    /// Open tables, outermost first.
    tables: Vec<Table>,
    /// Pictures and embedded objects met (their anchors).
    pictures: usize,
}

impl Document {
    /// Walks the main text piece by piece: characters into the paragraph,
    /// each paragraph mark ending one with its properties.
    fn read(&mut self, pieces: &[Piece], word: &[u8]) -> Result<(), PlanError> {
        let mut para: Vec<u16> = Vec::new();
        // Fields open, of which this many are still in their instruction.
        let (mut fields, mut hidden) = (Vec::<bool>::new(), 0usize);
        for piece in pieces {
            for k in 0..piece.len {
                let (fc, unit) = if piece.compressed {
                    (piece.fc + k, cp1252(word[piece.fc + k]))
                } else {
                    let at = piece.fc + 2 * k;
                    (at, u16::from_le_bytes([word[at], word[at + 1]]))
                };
                match unit {
                    0x0D | 0x07 => {
                        let mut props = self.papx.at(word, fc as u32)?;
                        // A fast save's properties on the piece (an index into the CLX's groups).
                        if piece.prm & 1 == 1 {
                            if let Some(grpprl) = self.prcs.get(usize::from(piece.prm >> 1)) {
                                props.apply(grpprl);
                            }
                        }
                        self.paragraph(&para, unit == 0x07, props);
                        para.clear();
                    }
                    0x13 => {
                        fields.push(false);
                        hidden += 1;
                    }
                    0x14 => {
                        if let Some(in_result @ false) = fields.last_mut() {
                            *in_result = true;
                            hidden -= 1;
                        }
                    }
                    0x15 => {
                        if fields.pop() == Some(false) {
                            hidden -= 1;
                        }
                    }
                    0x01 | 0x08 => self.pictures += 1,
                    _ if hidden > 0 => {}
                    // A tab would start a cell in the text form; a page or section break ends a line.
                    0x09 => para.push(u16::from(b' ')),
                    0x0C => para.push(u16::from(b'\n')),
                    // A line break: resolved at the paragraph's end (a new line in a cell, a space in prose).
                    0x0B => para.push(0x0B),
                    0x1E => para.push(u16::from(b'-')),
                    0x00..=0x1F => {}
                    _ => para.push(unit),
                }
            }
        }
        if !para.is_empty() {
            self.paragraph(&para, false, Props::default());
        }
        Ok(())
    }

    /// One paragraph, ended by `\r` or (`cell_mark`) `\x07`, into prose or the table it is in.
    fn paragraph(&mut self, units: &[u16], cell_mark: bool, mut props: Props) {
        // A cell mark is in a table whatever its properties say (their page may
        // be damaged): with none, it ends the open table's row.
        if cell_mark && !props.in_table && !self.tables.is_empty() && units.is_empty() {
            props.in_table = true;
            props.itap = self.tables.len() as u32;
            if self.tables.len() == 1 {
                props.ttp = true;
            } else {
                props.inner_ttp = true;
            }
        }
        let depth = if props.in_table { (props.itap.max(1) as usize).min(MAX_DEPTH) } else { 0 };
        let line_break = if depth > 0 { u16::from(b'\n') } else { u16::from(b' ') };
        let units: Vec<u16> = units.iter().map(|&u| if u == 0x0B { line_break } else { u }).collect();
        let outline = self.headings.get(usize::from(props.istd)).copied().flatten().or(props.outline);
        let text = self.numbers.number(&String::from_utf16_lossy(&units), outline.map(usize::from));
        // Tables deeper than this paragraph end here, flattened into the cell that holds them.
        while self.tables.len() > depth {
            self.close_table();
        }
        if depth == 0 {
            self.out.paragraph(&text);
            return;
        }
        while self.tables.len() < depth {
            self.tables.push(Table::default());
        }
        let Some(table) = self.tables.last_mut() else { return };
        let (row_end, cell_end) = if depth == 1 { (props.ttp, cell_mark) } else { (props.inner_ttp, props.inner_cell) };
        if row_end {
            // A row's end mark holds no text; a cell not ended yet ends with the row.
            if !text.is_empty() {
                table.cell.push(text);
            }
            if !table.cell.is_empty() {
                let cell = std::mem::take(&mut table.cell);
                table.row.push(cell);
            }
            let row = std::mem::take(&mut table.row);
            table.rows.push(row);
            table.merged_down.push(props.merged_down);
        } else {
            table.cell.push(text);
            if cell_end {
                let cell = std::mem::take(&mut table.cell);
                table.row.push(cell);
            }
        }
    }

    /// Ends the innermost table: into the cell of the table holding it, or the text form.
    fn close_table(&mut self) {
        let Some(table) = self.tables.pop() else { return };
        match self.tables.last_mut() {
            Some(outer) => outer.cell.extend(table.paragraphs()),
            None => {
                let mut rows = table.rows;
                let mut row = table.row;
                if !table.cell.is_empty() {
                    row.push(table.cell);
                }
                if !row.is_empty() {
                    rows.push(row);
                }
                let mut rows: Vec<Vec<String>> =
                    rows.into_iter().map(|row| row.into_iter().map(|cell| cell.join("\n")).collect()).collect();
                // A cell that goes on a vertical merge holds the merge's text, as
                // the .docx reader fills a merged cell.
                for r in 1..rows.len() {
                    let mask = table.merged_down.get(r).copied().unwrap_or(0);
                    for c in 0..rows[r].len().min(64) {
                        if mask & 1 << c != 0 && rows[r][c].is_empty() {
                            rows[r][c] = rows[r - 1].get(c).cloned().unwrap_or_default();
                        }
                    }
                }
                self.out.table(&rows);
            }
        }
    }

    fn finish(mut self) -> TextForm {
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bit_characters_as_ms_doc_maps_them() {
        assert_eq!(cp1252(b'A'), 0x41);
        assert_eq!(cp1252(0x93), 0x201C);
        assert_eq!(cp1252(0x9F), 0x0178);
        assert_eq!(cp1252(0x81), 0x81);
        assert_eq!(cp1252(0xE9), 0xE9);
    }

    #[test]
    fn operand_lengths() {
        assert_eq!(operand_len(0x2416, &[1]), Some(1));
        assert_eq!(operand_len(0x6649, &[1, 0, 0, 0]), Some(4));
        assert_eq!(operand_len(0xD608, &[5, 0]), Some(6));
        assert_eq!(operand_len(0xC615, &[255, 1, 0, 0, 0, 0, 2]), Some(3 + 4 + 6));
        assert_eq!(operand_len(0xC615, &[3]), Some(4));
        assert_eq!(operand_len(0xC615, &[]), None);
    }

    fn props(sprms: &[u8]) -> Props {
        let mut p = Props::default();
        p.apply(sprms);
        p
    }

    #[test]
    fn sprms_tell_cells_and_rows() {
        assert!(props(&[0x16, 0x24, 1]).in_table);
        let row = props(&[0x16, 0x24, 1, 0x17, 0x24, 1]);
        assert!(row.in_table && row.ttp);
        let inner = props(&[0x16, 0x24, 1, 0x49, 0x66, 2, 0, 0, 0, 0x4B, 0x24, 1]);
        assert_eq!((inner.itap, inner.inner_cell, inner.inner_ttp), (2, true, false));
        // A group cut inside an operand ends there, keeping what came before.
        assert_eq!(props(&[0x16, 0x24, 1, 0x49, 0x66, 2]).itap, 0);
        assert_eq!(props(&[0x40, 0x26, 1]).outline, Some(1));
    }

    /// Paragraphs as the walk hands them over: text, a cell mark or not, properties.
    fn read(paragraphs: &[(&str, bool, Props)]) -> String {
        let mut doc = Document::default();
        for (text, cell, props) in paragraphs {
            let units: Vec<u16> = text.encode_utf16().collect();
            doc.paragraph(&units, *cell, *props);
        }
        doc.finish().finish()
    }

    #[test]
    fn cells_rows_and_nested_tables_by_their_properties() {
        let prose = Props::default();
        let cell = Props { in_table: true, ..Props::default() };
        let row = Props { ttp: true, ..cell };
        let inner = Props { itap: 2, ..cell };
        let inner_cell = Props { inner_cell: true, ..inner };
        let inner_row = Props { inner_ttp: true, ..inner };
        let text = read(&[
            ("标题", false, prose),
            ("序号", true, cell),
            ("名称", true, cell),
            ("", true, row),
            ("1", true, cell),
            ("第一段", false, cell),
            ("第二段\u{b}续", true, cell),
            ("", true, row),
            ("2", true, cell),
            ("甲", false, inner_cell),
            ("乙", false, inner_cell),
            ("", false, inner_row),
            ("", true, cell),
            ("", true, row),
            ("正文\u{b}同段", false, prose),
        ]);
        assert_eq!(
            text, "标题\n\t序号\n\t名称\n\n\t1\n\t第一段\n第二段\n续\n\n\t2\n\t甲\n乙\n\u{c}\n正文 同段",
            "a doubled \\x07 without the row property is two cells, not a row"
        );
    }
}
