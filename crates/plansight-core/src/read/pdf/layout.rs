//! Characters placed on pages → the text form, as pdfplumber, camelot and
//! Tabula read tables and text back from positions:
//! - page furniture (running headers and footers, page numbers) dropped;
//! - tables from rulings ("lattice"): the rulings' grid, cells merged where a
//!   border is missing (row and column spans, filled into each position as
//!   the other readers fill merged cells), text placed by its centre;
//! - tables without rulings ("stream"): runs of lines whose pieces stand in
//!   columns of whitespace, a row starting where its first column has text,
//!   a cell's wrapped lines joined;
//! - the rest as paragraphs: lines wrapped at the right margin joined, a new
//!   paragraph at a short line, an indented line, a wider gap, a numbered
//!   measure after a sentence's end;
//! - a table whose columns go on at the top of the next page continued, its
//!   repeated header dropped; a paragraph cut by a page break joined;
//! - a header row left alone at the foot of a page (its table's first row
//!   did not fit under it) joined, as its first row, to the table without
//!   rulings that starts the next page.

use super::content::{Char, Page, Rule};
use crate::read::textform::TextForm;

/// A gap this many ems wide between two pieces of a line is a column's edge.
const COLUMN_GAP_EM: f64 = 1.0;
/// How near (points) two rulings must be to be one.
const SNAP: f64 = 2.5;
/// Rulings a page may have for its tables to be read from them (their
/// pairs are compared), and lines a table without rulings may run to.
const MAX_RULES: usize = 4_000;
const MAX_RUN: usize = 2_000;

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Joins two pieces of text as a reader would: no space between Chinese
/// characters or where a line wraps Chinese, a space between Latin words.
fn join_into(out: &mut String, next: &str) {
    let (Some(a), Some(b)) = (out.chars().last(), next.chars().next()) else {
        out.push_str(next);
        return;
    };
    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
        out.push(' ');
    }
    out.push_str(next);
}

/// Joins the text of `chars` (a line, or a piece of one) to what came
/// before: as [`join_into`], keeping a space drawn at the end of the line
/// before after a Latin word (诸暨 G60 创新港).
fn join_chars(out: &mut String, chars: &[Char]) {
    let spaced = chars.first().is_some_and(|c| c.space_before);
    if spaced && out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) {
        out.push(' ');
    }
    join_into(out, &text_of(chars));
}

/// A line of text: characters sharing a baseline, left to right.
#[derive(Debug, Clone)]
struct Line {
    chars: Vec<Char>,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
}

impl Line {
    fn new(mut chars: Vec<Char>) -> Line {
        chars.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let x0 = chars.iter().map(|c| c.x0).fold(f64::MAX, f64::min);
        let x1 = chars.iter().map(|c| c.x1).fold(f64::MIN, f64::max);
        let y = chars.iter().map(|c| c.y).sum::<f64>() / chars.len().max(1) as f64;
        let mut sizes: Vec<f64> = chars.iter().map(|c| c.size).collect();
        sizes.sort_by(f64::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
        Line { chars, x0, x1, y, size }
    }

    fn top(&self) -> f64 {
        self.y - 0.8 * self.size
    }

    fn text(&self) -> String {
        text_of(&self.chars)
    }

    /// The line's pieces between gaps of at least `COLUMN_GAP_EM`.
    fn segments(&self) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::new();
        for c in &self.chars {
            match out.last_mut() {
                Some(s) if c.x0 - s.x1 < COLUMN_GAP_EM * c.size.max(self.size * 0.8) => {
                    s.x1 = s.x1.max(c.x1);
                    s.chars.push(c.clone());
                }
                _ => out.push(Segment { x0: c.x0, x1: c.x1, chars: vec![c.clone()] }),
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
struct Segment {
    x0: f64,
    x1: f64,
    chars: Vec<Char>,
}

/// Characters in reading order as text: a space where a gap between Latin
/// letters or digits is a word space, or where any gap is a wide one.
fn text_of(chars: &[Char]) -> String {
    let mut out = String::new();
    let mut last: Option<&Char> = None;
    for c in chars {
        if let Some(p) = last {
            let gap = c.x0 - p.x1;
            let em = p.size.max(c.size);
            let latin = |s: &str, first: bool| {
                let ch = if first { s.chars().next() } else { s.chars().last() };
                ch.is_some_and(|ch| !is_cjk(ch))
            };
            let both_latin = latin(&p.text, false) && latin(&c.text, true);
            if (both_latin && gap > 0.2 * em) || gap > 0.9 * em || (c.space_before && gap > 0.1 * em) {
                out.push(' ');
            }
        }
        out.push_str(&c.text);
        last = Some(c);
    }
    out
}

/// One character drawn twice at (nearly) the same place — fake bold, shadows —
/// is one character.
fn dedupe(chars: &mut Vec<Char>) {
    chars.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut kept: Vec<Char> = Vec::with_capacity(chars.len());
    for c in chars.drain(..) {
        let tol = 0.3 * c.size;
        let twin =
            kept.iter().rev().take(8).any(|k| k.text == c.text && (k.x0 - c.x0).abs() < tol && (k.y - c.y).abs() < tol);
        if !twin {
            kept.push(c);
        }
    }
    *chars = kept;
}

/// Characters into lines by baseline (top to bottom).
fn lines_of(chars: &[Char]) -> Vec<Line> {
    let mut sorted: Vec<&Char> = chars.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut groups: Vec<Vec<Char>> = Vec::new();
    let mut baseline = f64::MIN;
    for c in sorted {
        let near = groups.last().is_some_and(|_| (c.y - baseline).abs() <= 0.35 * c.size);
        if near {
            groups.last_mut().expect("a group").push(c.clone());
        } else {
            groups.push(vec![c.clone()]);
            baseline = c.y;
        }
    }
    // Pieces of one baseline far apart stay one line (columns are found later).
    groups.into_iter().map(Line::new).collect()
}

/// A table read from a page: its rows of cell texts and where it stands.
#[derive(Debug, Clone)]
struct Table {
    rows: Vec<Vec<String>>,
    /// Where its columns' text stands, left to right (a ruled table: its
    /// cells' edges), to tell its continuation on the next page.
    columns: Vec<(f64, f64)>,
    top: f64,
    /// Read from lines standing in columns, without rulings.
    stream: bool,
    /// Its header row stood at the foot of the page before: a table of its
    /// own, not the continuation of one read before that row.
    headed_before: bool,
}

#[derive(Debug, Clone)]
enum Block {
    Line(Line),
    Table(Table),
}

impl Block {
    fn top(&self) -> f64 {
        match self {
            Block::Line(l) => l.top(),
            Block::Table(t) => t.top,
        }
    }
}

/// The text form of the pages.
pub fn text_form(pages: &[Page]) -> String {
    let furniture = furniture(pages);
    let mut out = TextForm::default();
    let mut paragraph = Paragraph::default();
    let mut open_table: Option<Table> = None;
    // The columns of tables read so far: a small table may stand in them.
    let mut layouts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut paged: Vec<Vec<Block>> = pages
        .iter()
        .zip(&furniture)
        .map(|(page, skip)| {
            let mut chars = page.chars.clone();
            dedupe(&mut chars);
            chars.retain(|c| !skip.iter().any(|&(y, size)| (c.y - y).abs() <= 0.35 * size));
            let mut blocks = lattice_tables(&page.rules, &mut chars);
            let lines = lines_of(&chars);
            blocks.extend(stream_tables(lines, page.width, &mut layouts));
            blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
            blocks
        })
        .collect();
    for i in 1..paged.len() {
        let (before, after) = paged.split_at_mut(i);
        carry_header(&mut before[i - 1], &mut after[0]);
    }
    for (page, blocks) in pages.iter().zip(paged) {
        let margins = Margins::of(&blocks, page.width);
        let mut blocks = blocks.into_iter().peekable();
        // Lines at the top of the page that stand in the open table's columns
        // go on with it (a row cut by the page break, rows too few to be a table alone).
        if let Some(table) = open_table.as_mut() {
            while let Some(Block::Line(line)) = blocks.peek() {
                if !table.take_line(line) {
                    break;
                }
                blocks.next();
            }
        }
        for (k, block) in blocks.enumerate() {
            match block {
                Block::Table(t) => {
                    paragraph.flush(&mut out);
                    open_table = match open_table.take() {
                        // The first block of a page goes on with the last page's table.
                        Some(mut previous) if k == 0 && !t.headed_before && continuation(&previous, &t).is_some() => {
                            let places = continuation(&previous, &t).expect("checked");
                            previous.extend(t, &places);
                            Some(previous)
                        }
                        Some(previous) => {
                            out.table(&previous.rows);
                            Some(t)
                        }
                        None => Some(t),
                    };
                }
                Block::Line(line) => {
                    if let Some(t) = open_table.take() {
                        out.table(&t.rows);
                    }
                    paragraph.add(line, &margins, &mut out);
                }
            }
        }
        paragraph.page_break();
    }
    paragraph.flush(&mut out);
    if let Some(t) = open_table {
        out.table(&t.rows);
    }
    out.finish()
}

/// Lines at most that a header row left at the foot of a page may take:
/// its main line, and cells of it broken over lines above or below it.
const HEADER_LINES: usize = 4;

/// A header row alone at the foot of a page, its table's rows starting the
/// next page (the first row did not fit under it, and the header is not
/// repeated): the page's last lines, when they stand over the columns of
/// the table without rulings that opens the next page, are taken from the
/// page into that table as its first row, as a header repeated there would be.
fn carry_header(page: &mut Vec<Block>, next: &mut [Block]) {
    let Some(Block::Table(table)) = next.first_mut() else { return };
    if !table.stream {
        return;
    }
    let mut lines: Vec<&Line> = page
        .iter()
        .rev()
        .map_while(|b| if let Block::Line(l) = b { Some(l) } else { None })
        .take(HEADER_LINES)
        .collect();
    lines.reverse();
    let Some(taken) = header_at_foot(&lines, &table.columns) else { return };
    let mut row = vec![String::new(); table.columns.len()];
    for block in page.split_off(page.len() - taken) {
        let Block::Line(line) = block else { continue };
        let places = place_pieces(&table.columns, &line).unwrap_or_default();
        for (segment, col) in line.segments().iter().zip(places) {
            join_chars(&mut row[col], &segment.chars);
        }
    }
    table.rows.insert(0, row);
    table.headed_before = true;
}

/// How many of a page's last lines (given top to bottom) are a header row
/// over `columns`: a main line of pieces over two columns or more; under it,
/// lines over fewer (cells broken over lines); above it, lines only where
/// it has nothing (cells of one line centred in a taller row); each close
/// under the one before, and together over most of the columns. None for a
/// paragraph's lines (one run of text), a title across the columns, or two
/// full rows.
fn header_at_foot(lines: &[&Line], columns: &[(f64, f64)]) -> Option<usize> {
    use std::collections::BTreeSet;
    let cols: Vec<Option<BTreeSet<usize>>> =
        lines.iter().map(|l| place_pieces(columns, l).map(|p| p.into_iter().collect())).collect();
    let close = |a: &Line, b: &Line| {
        let pitch = b.y - a.y;
        pitch > 0.0 && pitch <= 2.0 * a.size.max(b.size)
    };
    // The run of lines over the columns that ends the page.
    let mut from = lines.len();
    while from > 0 && cols[from - 1].is_some() && (from == lines.len() || close(lines[from - 1], lines[from])) {
        from -= 1;
    }
    let count = |k: usize| cols[k].as_ref().map_or(0, BTreeSet::len);
    // The main line: the one over most columns, the upper of two alike.
    let main = (from..lines.len()).rev().max_by_key(|&k| count(k))?;
    if count(main) < 2 || (main + 1..lines.len()).any(|k| count(k) >= count(main)) {
        return None;
    }
    let main_cols = cols[main].as_ref()?;
    let mut start = main;
    while start > from && cols[start - 1].as_ref().is_some_and(|c| c.is_disjoint(main_cols)) {
        start -= 1;
    }
    let covered: BTreeSet<usize> = cols[start..].iter().flatten().flatten().copied().collect();
    (covered.len() * 3 >= columns.len() * 2).then_some(lines.len() - start)
}

/// The column each piece of a line stands over, left to right: the one it
/// overlaps, reaching into no other by more than a quarter em. None when a
/// piece stands over no column or over two (text running across them).
fn place_pieces(columns: &[(f64, f64)], line: &Line) -> Option<Vec<usize>> {
    let mut places: Vec<usize> = Vec::new();
    for s in line.segments() {
        let overlap = |c: &(f64, f64)| c.1.min(s.x1) - c.0.max(s.x0);
        let best = (0..columns.len()).max_by(|&a, &b| overlap(&columns[a]).total_cmp(&overlap(&columns[b])))?;
        let stray = columns.iter().enumerate().any(|(i, c)| i != best && overlap(c) > 0.25 * line.size);
        if overlap(&columns[best]) <= 0.0 || stray || places.last().is_some_and(|&p| p > best) {
            return None;
        }
        places.push(best);
    }
    Some(places)
}

/// A table at the top of a page continues the last one when each of its
/// columns stands over one of that one's, in order (a column empty on this
/// page is missing here): for each of its columns, the column it continues.
fn continuation(previous: &Table, next: &Table) -> Option<Vec<usize>> {
    let overlap = |a: (f64, f64), b: (f64, f64)| a.1.min(b.1) - a.0.max(b.0);
    // The column overlapping most; a column of short pieces (序号) may
    // overlap none but stand nearest.
    let distance = |a: (f64, f64), b: (f64, f64)| if overlap(a, b) > 0.0 { -overlap(a, b) } else { (a.0 - b.0).abs() };
    let places: Vec<usize> = next
        .columns
        .iter()
        .map(|&c| {
            (0..previous.columns.len())
                .min_by(|&i, &j| distance(previous.columns[i], c).total_cmp(&distance(previous.columns[j], c)))
                .filter(|&i| distance(previous.columns[i], c) < 24.0)
        })
        .collect::<Option<_>>()?;
    let in_order = places.windows(2).all(|w| w[0] < w[1]);
    (in_order && !places.is_empty() && places.len() * 2 >= previous.columns.len()).then_some(places)
}

impl Table {
    /// The next page's part of the table: its repeated header dropped, a
    /// first row without its first cell (a row cut by the page break) joined
    /// to the last row.
    fn extend(&mut self, next: Table, places: &[usize]) {
        let width = self.columns.len();
        let mut rows = next
            .rows
            .into_iter()
            .map(|row| {
                let mut laid = vec![String::new(); width];
                for (cell, &at) in row.into_iter().zip(places) {
                    laid[at] = cell;
                }
                laid
            })
            .peekable();
        if rows.peek().is_some_and(|r| *r == self.rows[0]) {
            rows.next();
        }
        let keyed = self.rows.iter().skip(1).all(|r| !r[0].is_empty());
        if keyed && rows.peek().is_some_and(|r| r[0].is_empty()) {
            let cut = rows.next().expect("peeked");
            if let Some(last) = self.rows.last_mut() {
                for (cell, more) in last.iter_mut().zip(cut) {
                    join_into(cell, &more);
                }
            }
        }
        self.rows.extend(rows);
    }

    /// Takes a line at the top of a page into the table when its pieces
    /// stand in the table's columns: a number in the first column starts a
    /// row (a keyed table's next row), anything else ends the last row's cells
    /// (a row cut by the page break). False for a line that is no part of it.
    fn take_line(&mut self, line: &Line) -> bool {
        if crosses_columns(&self.columns, line) {
            return false;
        }
        let pieces = pieces_in(&self.columns, line);
        let keyed =
            self.rows.len() > 1 && self.rows.iter().skip(1).all(|r| r[0].starts_with(|c: char| c.is_ascii_digit()));
        let first = pieces.first().filter(|(c, _)| *c == 0);
        match first {
            Some((_, chars)) if keyed && starts_with_digit(chars) => {
                self.rows.push(vec![String::new(); self.columns.len()])
            }
            Some(_) => return false,
            None => {}
        }
        let Some(last) = self.rows.last_mut() else { return false };
        for (c, chars) in &pieces {
            join_chars(&mut last[*c], chars);
        }
        true
    }
}

/// Where a page's body text starts and ends (the left edge most lines share,
/// the right edge of the longest ones).
struct Margins {
    left: f64,
    right: f64,
}

impl Margins {
    fn of(blocks: &[Block], page_width: f64) -> Margins {
        let lines: Vec<&Line> =
            blocks.iter().filter_map(|b| if let Block::Line(l) = b { Some(l) } else { None }).collect();
        // The value most lines share (to the point), when two or more share one.
        let mode = |values: Vec<f64>| -> Option<f64> {
            let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
            for v in &values {
                *counts.entry(v.round() as i64).or_default() += 1;
            }
            counts.into_iter().filter(|&(_, n)| n >= 2).max_by_key(|&(v, n)| (n, -v)).map(|(v, _)| v as f64)
        };
        let first = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let left = mode(lines.iter().map(|l| l.x0).collect()).unwrap_or(if first < f64::MAX { first } else { 0.0 });
        // The right edge most long lines share: a line may pass it by a
        // hanging punctuation mark or a word that would not break.
        // A line ending in a punctuation mark may hang past the margin: its
        // text reached the margin up to the mark.
        let hangs =
            |l: &Line| l.chars.last().is_some_and(|c| c.text.chars().all(|ch| "，。、；：！？”’）》".contains(ch)));
        let edge = |l: &Line| if hangs(l) && l.chars.len() > 1 { l.chars[l.chars.len() - 2].x1 } else { l.x1 };
        let ragged = lines.iter().map(|l| edge(l)).fold(f64::MIN, f64::max);
        let size = lines.iter().map(|l| l.size).fold(0.0, f64::max);
        // The right edge most long lines share (justified text), unless it
        // stands far inside the text (a page of a few short headings);
        // ragged text shares none: the farthest its lines reach then.
        let long = lines.iter().filter(|l| !hangs(l) && l.x1 - left >= 0.6 * (ragged - left)).map(|l| l.x1).collect();
        let right = mode(long).filter(|&m| m >= ragged - 3.0 * size).unwrap_or(ragged);
        Margins { left, right: if right > left { right } else { page_width } }
    }
}

/// Lines gathered into a paragraph until one ends it.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// The last line, and the room left on its right before the margin.
    last: Option<(Line, f64)>,
    /// The last line was on an earlier page (its pitch says nothing).
    across_page: bool,
}

impl Paragraph {
    fn add(&mut self, line: Line, margins: &Margins, out: &mut TextForm) {
        let text = line.text();
        let indented = line.x0 > margins.left + 1.2 * line.size;
        let starts_new = match &self.last {
            None => true,
            Some((prev, room)) => {
                let pitch = line.y - prev.y;
                // The line before ended early (this line's first word would have
                // fit there), or stood apart from the left margin (centred, or
                // right-aligned as a signature and date are).
                !wrapped(*room, &line)
                    || prev.x0 > margins.left + 2.5 * prev.size
                    || indented
                    || (!self.across_page && (pitch > 2.0 * prev.size.max(line.size) || pitch < 0.0))
                    || (line.size - prev.size).abs() > 0.15 * prev.size
                    || ends_with_units(&self.text)
                    || match numbered(&text) {
                        Some(Numbering::Strong) => true,
                        // After a sentence, or after a measure's closing unit parenthesis.
                        Some(Numbering::Weak) => ends_sentence(&self.text) || self.text.ends_with(['）', ')']),
                        None => false,
                    }
            }
        };
        if starts_new {
            self.flush(out);
        }
        join_chars(&mut self.text, &line.chars);
        let room = margins.right - line.x1;
        self.last = Some((line, room));
        self.across_page = false;
    }

    fn page_break(&mut self) {
        self.across_page = true;
    }

    fn flush(&mut self, out: &mut TextForm) {
        if !self.text.is_empty() {
            out.paragraph(&self.text);
        }
        self.text.clear();
        self.last = None;
        self.across_page = false;
    }
}

/// Whether a line goes on from the line before, which left `room` points on
/// its right: true when the line's first unit (a Chinese character with the
/// punctuation that may not start a line, or a Latin word) would not have fit.
fn wrapped(room: f64, line: &Line) -> bool {
    let mut width = 0.0;
    let mut chars = line.chars.iter().peekable();
    while let Some(c) = chars.next() {
        width = c.x1 - line.x0;
        // A Latin word or a number (2.65, 1,200) goes on until a space or a Chinese character.
        let word = |t: &str| t.chars().all(|ch| ch.is_ascii_alphanumeric() || ".,-/".contains(ch));
        let latin = word(&c.text);
        let next = chars.peek();
        let closing = next.is_some_and(|n| {
            n.text.starts_with(['、', '，', '。', '；', '：', '！', '？', '）', '”', '’', '》', '%', ',', '.'])
        });
        let word_goes_on = latin && next.is_some_and(|n| word(&n.text) && !n.space_before);
        // An opening bracket never ends a line: it goes with what follows.
        let opening = c.text.starts_with(['（', '(', '“', '‘', '《', '【', '[']);
        if !closing && !word_goes_on && !opening {
            break;
        }
    }
    width > room - 0.3 * line.size
}

/// A measure's closing parenthesis of units (（责任单位：…）, （…牵头）): a
/// measure ends there, whatever the next line holds.
fn ends_with_units(text: &str) -> bool {
    let Some(inner) = text.trim_end().strip_suffix(['）', ')']) else { return false };
    let open = inner.rfind(['（', '(']).map_or(inner, |i| &inner[i..]);
    ["单位", "牵头", "负责", "配合"].iter().any(|w| open.contains(w))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '；', '：', '！', '？', ';', ':', '!', '?'])
}

/// How a line opens a numbered measure or heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 一、 （一） ① 第一条 附件: a heading or measure wherever it stands.
    Strong,
    /// An Arabic number (`1.`, `1、`, `（1）`) or a dash (`——`): one after a
    /// sentence has ended, since a wrapped line may start with such a number too.
    Weak,
}

/// How a line opens a numbered measure or heading, if it does.
pub fn numbered(text: &str) -> Option<Numbering> {
    let t = crate::read::text::fold_width(text.trim_start());
    let chars: Vec<char> = t.chars().collect();
    let first = *chars.first()?;
    const NUMERALS: &str = "一二三四五六七八九十";
    let numeral_run = chars.iter().take_while(|c| NUMERALS.contains(**c) || "百零〇".contains(**c)).count();
    if numeral_run > 0 && chars.get(numeral_run).is_some_and(|c| *c == '、') {
        return Some(Numbering::Strong);
    }
    if first == '（' || first == '(' {
        let inner: Vec<char> = chars[1..].iter().take_while(|c| !matches!(c, '）' | ')')).copied().collect();
        let closed = chars.get(inner.len() + 1).is_some_and(|c| matches!(c, '）' | ')'));
        if closed && (1..=3).contains(&inner.len()) {
            if inner.iter().all(|c| NUMERALS.contains(*c)) {
                return Some(Numbering::Strong);
            }
            if inner.iter().all(char::is_ascii_digit) {
                return Some(Numbering::Weak);
            }
        }
        return None;
    }
    if ('①'..='⑳').contains(&first) || t.starts_with("附件") || (first == '第' && t.contains(['条', '章', '节']))
    {
        return Some(Numbering::Strong);
    }
    if t.starts_with("——") {
        return Some(Numbering::Weak);
    }
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mark = chars.get(digits).is_some_and(|c| matches!(c, '、' | '.' | '．'));
    let decimal = chars.get(digits + 1).is_some_and(char::is_ascii_digit);
    (digits > 0 && digits <= 2 && mark && !decimal).then_some(Numbering::Weak)
}

/// Running headers and footers: lines in a page's top or bottom tenth that
/// are page numbers, or whose text (digits aside) stands there on several
/// pages. Per page: the baselines (and sizes) to drop.
fn furniture(pages: &[Page]) -> Vec<Vec<(f64, f64)>> {
    let bands: Vec<Vec<(Line, bool)>> = pages
        .iter()
        .map(|page| {
            let mut chars = page.chars.clone();
            dedupe(&mut chars);
            lines_of(&chars)
                .into_iter()
                .filter_map(|l| {
                    let top = l.y < page.height * 0.12;
                    let bottom = l.y > page.height * 0.85;
                    (top || bottom).then_some((l, top))
                })
                .collect()
        })
        .collect();
    let key = |l: &Line| -> String { l.text().chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect() };
    let mut counts: std::collections::HashMap<(String, bool), usize> = std::collections::HashMap::new();
    for band in &bands {
        let mut seen = std::collections::HashSet::new();
        for (l, top) in band {
            if seen.insert((key(l), *top)) {
                *counts.entry((key(l), *top)).or_default() += 1;
            }
        }
    }
    let repeated = |l: &Line, top: bool| {
        let k = key(l);
        // Words, not a date's or a number's marks ("2024-" heads a cell on many pages).
        pages.len() >= 2
            && k.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && counts.get(&(k, top)).copied().unwrap_or(0) * 5 >= pages.len() * 2
            && counts[&(key(l), top)] >= 2
    };
    // A page number stands apart: the first line of the page or its last.
    bands
        .iter()
        .map(|band| {
            let first = band.iter().filter(|(_, top)| *top).map(|(l, _)| l.y).fold(f64::MAX, f64::min);
            let last = band.iter().filter(|(_, top)| !*top).map(|(l, _)| l.y).fold(f64::MIN, f64::max);
            band.iter()
                .filter(|(l, top)| {
                    let outermost = if *top { l.y <= first } else { l.y >= last };
                    (outermost && page_number(&l.text())) || repeated(l, *top)
                })
                .map(|(l, _)| (l.y, l.size))
                .collect()
        })
        .collect()
}

/// "3", "- 3 -", "— 3 —", "第 3 页", "第3页 共12页", "3 / 12", "Page 3 of 12".
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(['-', '—', '－', '–', '·', '•']);
    // A year (2024, and 2024- cut from a period) is no page number.
    let digits_only = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    if digits_only(t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    let stripped: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    t.chars().any(|c| c.is_ascii_digit())
        && (stripped == "第页"
            || stripped == "第页共页"
            || stripped == "共页第页"
            || stripped.eq_ignore_ascii_case("pageof")
            || stripped.eq_ignore_ascii_case("page"))
}

// ---- Tables from rulings ----------------------------------------------------

/// Rulings that touch are one table's; each table of at least two rows and
/// two columns is read, and its characters taken out of `chars`.
fn lattice_tables(rules: &[Rule], chars: &mut Vec<Char>) -> Vec<Block> {
    let rules = merge_rules(rules);
    // A page of thousands of strokes is a drawing (a map, a chart), not a table.
    if rules.len() < 4 || rules.len() > MAX_RULES {
        return Vec::new();
    }
    // Union-find over rulings that cross or touch.
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touches(&rules[i], &rules[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = std::collections::BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*rule);
    }
    let mut blocks = Vec::new();
    for group in groups.into_values() {
        if let Some(table) = grid_table(&group, chars) {
            blocks.push(Block::Table(table));
        }
    }
    blocks
}

/// Collinear rulings that overlap or nearly meet become one.
fn merge_rules(rules: &[Rule]) -> Vec<Rule> {
    let mut h: Vec<Rule> = rules.iter().filter(|r| r.horizontal()).map(|r| Rule { y1: r.y0, ..*r }).collect();
    let mut v: Vec<Rule> = rules.iter().filter(|r| !r.horizontal()).map(|r| Rule { x1: r.x0, ..*r }).collect();
    let merge = |list: &mut Vec<Rule>, horizontal: bool| -> Vec<Rule> {
        let pos = |r: &Rule| if horizontal { r.y0 } else { r.x0 };
        let start = |r: &Rule| if horizontal { r.x0 } else { r.y0 };
        list.sort_by(|a, b| pos(a).total_cmp(&pos(b)).then(start(a).total_cmp(&start(b))));
        let mut out: Vec<Rule> = Vec::new();
        for r in list.drain(..) {
            let merged = out.iter_mut().rev().take(64).find(|o| {
                (pos(o) - pos(&r)).abs() <= SNAP
                    && if horizontal {
                        r.x0 <= o.x1 + SNAP && r.x1 >= o.x0 - SNAP
                    } else {
                        r.y0 <= o.y1 + SNAP && r.y1 >= o.y0 - SNAP
                    }
            });
            match merged {
                Some(o) if horizontal => {
                    o.x0 = o.x0.min(r.x0);
                    o.x1 = o.x1.max(r.x1);
                }
                Some(o) => {
                    o.y0 = o.y0.min(r.y0);
                    o.y1 = o.y1.max(r.y1);
                }
                None => out.push(r),
            }
        }
        out
    };
    let mut out = merge(&mut h, true);
    out.extend(merge(&mut v, false));
    out
}

fn touches(a: &Rule, b: &Rule) -> bool {
    let t = SNAP;
    a.x0 <= b.x1 + t && b.x0 <= a.x1 + t && a.y0 <= b.y1 + t && b.y0 <= a.y1 + t
}

/// Positions within `SNAP` of each other as one (sorted).
fn cluster(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(&last) if v - last <= SNAP * 1.2 => {}
            _ => out.push(v),
        }
    }
    out
}

/// One connected set of rulings as a grid: the cells between its rulings'
/// positions, merged across every border that is not drawn.
fn grid_table(rules: &[Rule], chars: &mut Vec<Char>) -> Option<Table> {
    let xs = cluster(rules.iter().filter(|r| !r.horizontal()).map(|r| r.x0).collect());
    let ys = cluster(rules.iter().filter(|r| r.horizontal()).map(|r| r.y0).collect());
    if xs.len() < 3 || ys.len() < 3 || xs.len() > 200 || ys.len() > 2000 {
        return None;
    }
    let (cols, rows) = (xs.len() - 1, ys.len() - 1);
    // A border is drawn when a ruling covers most of it.
    let drawn = |horizontal: bool, at: f64, from: f64, to: f64| {
        let need = (to - from) * 0.5;
        rules.iter().any(|r| {
            if horizontal != r.horizontal() {
                return false;
            }
            let (pos, lo, hi) = if horizontal { (r.y0, r.x0, r.x1) } else { (r.x0, r.y0, r.y1) };
            (pos - at).abs() <= SNAP * 1.2 && hi.min(to) - lo.max(from) >= need
        })
    };
    // Union-find over grid positions.
    let mut parent: Vec<usize> = (0..cols * rows).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !drawn(false, xs[c + 1], ys[r], ys[r + 1]) {
                let (a, b) = (root(&mut parent, r * cols + c), root(&mut parent, r * cols + c + 1));
                parent[a] = b;
            }
            if r + 1 < rows && !drawn(true, ys[r + 1], xs[c], xs[c + 1]) {
                let (a, b) = (root(&mut parent, r * cols + c), root(&mut parent, (r + 1) * cols + c));
                parent[a] = b;
            }
        }
    }
    let (left, right, top, bottom) = (xs[0], xs[cols], ys[0], ys[rows]);
    // The characters inside, by their centre, to the cell (merged) they fall in.
    let mut cells: std::collections::HashMap<usize, Vec<Char>> = std::collections::HashMap::new();
    let mut outside = Vec::with_capacity(chars.len());
    for ch in chars.drain(..) {
        let (cx, cy) = ((ch.x0 + ch.x1) / 2.0, ch.y - 0.3 * ch.size);
        if cx < left || cx > right || cy < top || cy > bottom {
            outside.push(ch);
            continue;
        }
        let c = xs.partition_point(|&x| x <= cx).clamp(1, cols) - 1;
        let r = ys.partition_point(|&y| y <= cy).clamp(1, rows) - 1;
        let cell = root(&mut parent, r * cols + c);
        cells.entry(cell).or_default().push(ch);
    }
    *chars = outside;
    // Each merged cell's left and right rulings.
    let mut edges: std::collections::HashMap<usize, (f64, f64)> = std::collections::HashMap::new();
    for r in 0..rows {
        for c in 0..cols {
            let e = edges.entry(root(&mut parent, r * cols + c)).or_insert((xs[c], xs[c + 1]));
            *e = (e.0.min(xs[c]), e.1.max(xs[c + 1]));
        }
    }
    let texts: std::collections::HashMap<usize, String> = cells
        .into_iter()
        .map(|(k, v)| {
            let (left, right) = edges.get(&k).copied().unwrap_or((left, right));
            (k, cell_text(&v, left, right))
        })
        .collect();
    let mut grid: Vec<Vec<String>> = (0..rows)
        .map(|r| (0..cols).map(|c| texts.get(&root(&mut parent, r * cols + c)).cloned().unwrap_or_default()).collect())
        .collect();
    // A column or row that only holds copies of its neighbour's merged cell (a
    // thin sliver between double rulings) goes; so do empty rows.
    grid.retain(|row| row.iter().any(|c| !c.is_empty()));
    let mut keep: Vec<bool> = vec![true; cols];
    for c in 1..cols {
        let same = (0..rows).all(|r| root(&mut parent, r * cols + c) == root(&mut parent, r * cols + c - 1));
        let empty = grid.iter().all(|row| row[c].is_empty());
        if same || empty {
            keep[c] = false;
        }
    }
    if keep.iter().all(|k| !k) || grid.iter().all(|row| row.iter().all(String::is_empty)) {
        return None;
    }
    let grid: Vec<Vec<String>> =
        grid.into_iter().map(|row| row.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c).collect()).collect();
    // Each kept column spans to the next kept column's left edge.
    let lefts: Vec<usize> = (0..cols).filter(|&c| keep[c]).collect();
    let columns: Vec<(f64, f64)> =
        lefts.iter().enumerate().map(|(k, &c)| (xs[c], lefts.get(k + 1).map_or(xs[cols], |&n| xs[n]))).collect();
    // One column or one row is a frame around text, not a table.
    if columns.len() < 2 || grid.len() < 2 {
        // Its characters go back to the page as text.
        return None;
    }
    Some(Table { rows: grid, columns, top, stream: false, headed_before: false })
}

/// A cell's characters as its text: its lines in order, a wrapped line
/// joined to the one before; a line after one that ended early (its first
/// word would have fit there) is a line of its own in the cell, as a
/// paragraph of a Word cell is. `left`, `right`: the cell's rulings (its
/// text may reach the right one less the padding it keeps on the left).
fn cell_text(chars: &[Char], left: f64, right: f64) -> String {
    let lines = lines_of(chars);
    let widest = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let padding = (lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min) - left).max(0.0);
    let right = (right - padding).max(widest);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let open = out.ends_with(['、', '，', ',', '（', '(', '-', '—', '“'])
            || out.matches('（').count() > out.matches('）').count();
        if i > 0 && !open && !wrapped(right - lines[i - 1].x1, line) {
            out.push('\n');
            out.push_str(&line.text());
            continue;
        }
        join_chars(&mut out, &line.chars);
    }
    out
}

// ---- Tables without rulings -------------------------------------------------

/// Lines that stand in columns become tables; the rest stay lines.
fn stream_tables(lines: Vec<Line>, page_width: f64, known: &mut Vec<Vec<(f64, f64)>>) -> Vec<Block> {
    let segments: Vec<Vec<Segment>> = lines.iter().map(Line::segments).collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((end, table)) = stream_table_at(&lines, &segments, i, page_width, known) {
            known.push(table.columns.clone());
            blocks.push(Block::Table(table));
            i = end;
        } else {
            blocks.push(Block::Line(lines[i].clone()));
            i += 1;
        }
    }
    blocks
}

/// A table starting at line `start`: the lines up to the first that breaks
/// its columns. Its columns are its own when at least three lines hold two
/// columns or more; a smaller table (a header and a row under a section
/// heading) may stand in the columns of a table read before.
fn stream_table_at(
    lines: &[Line],
    segments: &[Vec<Segment>],
    start: usize,
    page_width: f64,
    known: &[Vec<(f64, f64)>],
) -> Option<(usize, Table)> {
    if segments[start].len() < 2 {
        return None;
    }
    let size = lines[start].size;
    // A run keyed by a short first column (序号) ends at a line that starts
    // there with no number (附件2, a caption, the next table's title).
    let left = lines[start].x0;
    let key = &segments[start][0];
    let key_text = text_of(&key.chars);
    let keyed = key.x1 - key.x0 <= 4.0 * size
        && (starts_with_digit(&key.chars) || key_text.contains("序") || key_text.contains("编号"));
    let ends_keyed_run = |k: usize| {
        keyed
            && k > start + 1
            && (lines[k].x0 - left).abs() < 0.5 * size
            && !starts_with_digit(&lines[k].chars)
            && (segments[k].len() == 1
                || lines[k].chars.len() > 4 && segments[k][0].x1 - segments[k][0].x0 > 4.0 * size)
    };
    // Grow the run: lines close below, each with several pieces or one narrow piece.
    let mut end = start + 1;
    while end < lines.len().min(start + MAX_RUN) {
        let pitch = lines[end].y - lines[end - 1].y;
        let narrow = segments[end].len() == 1 && (segments[end][0].x1 - segments[end][0].x0) < page_width * 0.45;
        if pitch > 3.0 * size || pitch < 0.0 || (segments[end].len() < 2 && !narrow) || ends_keyed_run(end) {
            break;
        }
        end += 1;
    }
    let own = columns_of(&lines[start..end], &segments[start..end]).filter(|c| c.len() >= 2);
    let layouts = own.iter().map(|c| (c, 3)).chain(known.iter().rev().map(|c| (c, 2)));
    for (columns, need) in layouts {
        // The run ends before a line that crosses a column's edge, or (after
        // the first row) one holding only a first column that is no number (附件2).
        let no_row = |line: &Line| {
            let p = pieces_in(columns, line);
            p.len() == 1 && p[0].0 == 0 && !starts_with_digit(&p[0].1)
        };
        let last = (start..end)
            .find(|&k| {
                (segments[k].len() == 1 && crosses_columns(columns, &lines[k])) || (k > start + 1 && no_row(&lines[k]))
            })
            .unwrap_or(end);
        let fits = segments[start..last]
            .iter()
            .zip(&lines[start..last])
            .filter(|(s, l)| s.len() >= 2 && !crosses_columns(columns, l))
            .count();
        if fits < need || segments[start..last].iter().filter(|s| s.len() >= 2).count() > fits + fits / 4 {
            continue;
        }
        let run_lines = &lines[start..last];
        let top = run_lines.first()?.top();
        let rows = rows_of(columns, run_lines, size);
        return Some((last, Table { rows, columns: columns.clone(), top, stream: true, headed_before: false }));
    }
    None
}

/// A table's rows from its lines. Rows stand apart by a wider gap when a
/// table's cells are centred (Word's habit: a row's first cell, 序号, sits in
/// its middle): each group of lines between such gaps, when every group
/// holds one key, is a row. Else a line with text in the first column starts
/// a row when that column is a key (序号: short pieces, on two lines or
/// more); else a line with most columns filled, or one after a wider gap.
fn rows_of(columns: &[(f64, f64)], run_lines: &[Line], size: f64) -> Vec<Vec<String>> {
    let run: Vec<Vec<(usize, Vec<Char>)>> = run_lines.iter().map(|l| pieces_in(columns, l)).collect();
    let first: Vec<&Vec<Char>> = run.iter().flat_map(|p| p.iter().filter(|(c, _)| *c == 0).map(|(_, ch)| ch)).collect();
    let width = |chars: &[Char]| chars.last().map_or(0.0, |l| l.x1) - chars.first().map_or(0.0, |f| f.x0);
    let keyed = first.len() >= 2 && first.iter().all(|ch| width(ch) <= 4.0 * size);
    let pitches: Vec<f64> = run_lines.windows(2).map(|w| w[1].y - w[0].y).collect();
    let mut sorted = pitches.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(size);
    let has_key = |p: &[(usize, Vec<Char>)]| p.iter().any(|(c, _)| *c == 0);
    // Groups of lines between gaps over 1.6 × the usual pitch.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut from = 0;
    for (k, &p) in pitches.iter().enumerate() {
        if p > 1.6 * median {
            groups.push(from..k + 1);
            from = k + 1;
        }
    }
    groups.push(from..run.len());
    let by_gaps =
        keyed && groups.len() >= 2 && groups.iter().all(|g| run[g.clone()].iter().filter(|p| has_key(p)).count() == 1);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, line_pieces) in run.iter().enumerate() {
        let filled: std::collections::BTreeSet<usize> = line_pieces.iter().map(|(c, _)| *c).collect();
        let gap = if k > 0 { pitches[k - 1] } else { f64::MAX };
        let starts = rows.is_empty()
            || if by_gaps {
                groups.iter().any(|g| g.start == k)
            } else if keyed {
                filled.contains(&0)
            } else {
                filled.len() * 2 > columns.len() || (gap > 1.6 * median && filled.len() * 2 > columns.len())
            };
        if starts {
            rows.push(vec![String::new(); columns.len()]);
        }
        if let Some(row) = rows.last_mut() {
            for (col, chars) in line_pieces {
                join_chars(&mut row[*col], chars);
            }
        }
    }
    rows
}

/// The column (by its left edge) a point stands in.
fn column_at(columns: &[(f64, f64)], x: f64, size: f64) -> usize {
    columns.iter().rposition(|&(c0, _)| x >= c0 - 0.1 * size).unwrap_or(0)
}

/// A line's characters by column: the one their centre falls in.
fn pieces_in(columns: &[(f64, f64)], line: &Line) -> Vec<(usize, Vec<Char>)> {
    let mut out: Vec<(usize, Vec<Char>)> = Vec::new();
    for c in &line.chars {
        let col = column_at(columns, (c.x0 + c.x1) / 2.0, line.size);
        match out.last_mut() {
            Some((k, chars)) if *k == col => chars.push(c.clone()),
            _ => out.push((col, vec![c.clone()])),
        }
    }
    out
}

/// Whether a line's text runs on across a column's edge: no gap there, and
/// not a cell starting right at it. Such a line is prose, not a row.
fn crosses_columns(columns: &[(f64, f64)], line: &Line) -> bool {
    line.chars.windows(2).any(|w| {
        let (a, b) = (&w[0], &w[1]);
        let at = |c: &Char| column_at(columns, (c.x0 + c.x1) / 2.0, line.size);
        let (ca, cb) = (at(a), at(b));
        ca != cb && b.x0 - a.x1 < 0.3 * line.size && (b.x0 - columns[cb].0).abs() > 0.3
    })
}

fn starts_with_digit(chars: &[Char]) -> bool {
    chars.first().is_some_and(|c| c.text.starts_with(|ch: char| ch.is_ascii_digit()))
}

/// The columns a run of lines stands in: the x-ranges the characters of its
/// lines of several pieces cover (a Chinese punctuation mark only by its
/// left half, where its ink is), merged across gaps narrower than half an
/// em; then split again where many lines start a piece at the same place
/// (cells left-aligned in a column, with text in the column before running
/// up to it, as a table without padding has them).
fn columns_of(lines: &[Line], segments: &[Vec<Segment>]) -> Option<Vec<(f64, f64)>> {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    let mut starts: Vec<(f64, bool)> = Vec::new();
    for (line, segs) in lines.iter().zip(segments) {
        // Where pieces start: a line's first character, one after a gap of a
        // quarter em (true), or one where Chinese turns to Latin or digits
        // with no gap (false: a cell of numbers after a name that fills its cell).
        for (i, c) in line.chars.iter().enumerate() {
            let Some(p) = i.checked_sub(1).map(|k| &line.chars[k]) else {
                starts.push((c.x0, true));
                continue;
            };
            let cjk = |c: &Char| c.text.chars().next().is_some_and(is_cjk);
            if c.x0 - p.x1 >= 0.25 * line.size {
                starts.push((c.x0, true));
            } else if cjk(p) != cjk(c) && !c.text.starts_with(|ch: char| ch.is_ascii_punctuation()) {
                starts.push((c.x0, false));
            }
        }
        if segs.len() < 2 {
            continue;
        }
        sizes.push(line.size);
        for (i, c) in line.chars.iter().enumerate() {
            // A Chinese punctuation mark ending a piece covers its left half only, where its ink is.
            let ends_piece = line.chars.get(i + 1).is_none_or(|n| n.x0 - c.x1 >= 0.5 * line.size);
            let punctuation = c.text.chars().all(|ch| "、，。；：！？）》”’".contains(ch));
            let x1 = if punctuation && ends_piece { c.x0 + (c.x1 - c.x0) / 2.0 } else { c.x1 };
            spans.push((c.x0, x1));
        }
    }
    if spans.is_empty() {
        return None;
    }
    sizes.sort_by(f64::total_cmp);
    let em = sizes[sizes.len() / 2];
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a < last.1 + 0.5 * em => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    // Places where pieces of several lines start (within a third of a point):
    // three after a gap, or one after a gap and two more where the script
    // turns; in a small table two after a gap.
    let multi = segments.iter().filter(|s| s.len() >= 2).count();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut strong: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < starts.len() {
        let j = starts[i..].iter().position(|&(x, _)| x > starts[i].0 + 0.3).map_or(starts.len(), |p| i + p);
        let gapped = starts[i..j].iter().filter(|s| s.1).count();
        if gapped >= 3 || (gapped >= 1 && j - i >= 3) || (multi <= 4 && gapped >= 2) {
            strong.push(starts[i].0);
        }
        i = j;
    }
    let mut columns = Vec::new();
    for (a, b) in merged {
        let mut from = a;
        for &s in strong.iter().filter(|&&s| s > a + em && s < b - 0.5 * em) {
            columns.push((from, s));
            from = s;
        }
        columns.push((from, b));
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(text: &str, x: f64, y: f64) -> Char {
        Char { text: text.into(), x0: x, x1: x + 10.0, y, size: 10.0, space_before: false }
    }

    fn line(text: &str, x: f64, y: f64) -> Vec<Char> {
        text.chars().enumerate().map(|(i, c)| ch(&c.to_string(), x + 10.0 * i as f64, y)).collect()
    }

    #[test]
    fn numbering_and_page_numbers() {
        assert_eq!(numbered("一、总体要求"), Some(Numbering::Strong));
        assert_eq!(numbered("（三）加快建设"), Some(Numbering::Strong));
        assert_eq!(numbered("2.推进"), Some(Numbering::Weak));
        assert_eq!(numbered("２．强化执法检查"), Some(Numbering::Weak));
        assert_eq!(numbered("12、推进"), Some(Numbering::Weak));
        assert_eq!(numbered("（1）推进"), Some(Numbering::Weak));
        assert_eq!(numbered("——全程网办率达到85%"), Some(Numbering::Weak));
        assert_eq!(numbered("①建设"), Some(Numbering::Strong));
        assert_eq!(numbered("2.5万人次"), None);
        assert_eq!(numbered("3、"), Some(Numbering::Weak));
        assert_eq!(numbered("到2025年"), None);
        assert_eq!(numbered("（重点）企业"), None);
        assert!(page_number("- 3 -"));
        assert!(page_number("第 3 页 共 12 页"));
        assert!(page_number("3/12"));
        assert!(!page_number("2025年"));
    }

    #[test]
    fn wrapped_lines_join_and_short_lines_end_paragraphs() {
        let mut chars = line("一、总体要求", 100.0, 100.0);
        chars.extend(line("到二〇二五年，全市建成数字政府，", 120.0, 120.0));
        chars.extend(line("各项工作走在前列。", 100.0, 140.0));
        chars.extend(line("二、重点任务", 100.0, 160.0));
        let page = Page { width: 600.0, height: 800.0, chars, ..Page::default() };
        let text = text_form(&[page]);
        assert_eq!(text, "一、总体要求\n到二〇二五年，全市建成数字政府，各项工作走在前列。\n二、重点任务");
    }

    #[test]
    fn a_ruled_grid_with_a_merged_cell_reads_as_rows() {
        // Three columns, three rows; the first column's last two cells merged.
        let mut rules = Vec::new();
        for y in [100.0, 120.0, 140.0, 160.0] {
            let x0 = if y == 140.0 { 150.0 } else { 100.0 };
            rules.push(Rule { x0, y0: y, x1: 400.0, y1: y });
        }
        for x in [100.0, 150.0, 300.0, 400.0] {
            rules.push(Rule { x0: x, y0: 100.0, x1: x, y1: 160.0 });
        }
        let mut chars = line("类别", 105.0, 115.0);
        chars.extend(line("名称", 155.0, 115.0));
        chars.extend(line("投资", 305.0, 115.0));
        chars.extend(line("交通", 105.0, 145.0));
        chars.extend(line("甲路", 155.0, 135.0));
        chars.extend(line("1.5", 305.0, 135.0));
        chars.extend(line("乙路", 155.0, 155.0));
        chars.extend(line("2", 305.0, 155.0));
        let page = Page { width: 600.0, height: 800.0, chars, rules, ..Page::default() };
        let text = text_form(&[page]);
        assert_eq!(text, "\t类别\n\t名称\n\t投资\n\n\t交通\n\t甲路\n\t1.5\n\n\t交通\n\t乙路\n\t2\n\u{c}", "{text}");
    }

    /// A page of rows without rulings: 序号, a name, an amount.
    fn rows_page(first_y: f64) -> Page {
        let mut chars = Vec::new();
        for (k, (a, b, c)) in
            [("1", "甲路改造", "1.5"), ("2", "乙桥新建", "2"), ("3", "丙港", "0.8")].iter().enumerate()
        {
            let y = first_y + 20.0 * k as f64;
            chars.extend(line(a, 100.0, y));
            chars.extend(line(b, 160.0, y));
            chars.extend(line(c, 300.0, y));
        }
        Page { width: 600.0, height: 800.0, chars, ..Page::default() }
    }

    #[test]
    fn a_header_row_alone_at_a_page_foot_heads_the_next_pages_table() {
        // Page 1: a paragraph, a title, and the header row, its last cell
        // broken over two lines; page 2: the rows.
        let mut chars = line("各地要抓好落实。", 100.0, 560.0);
        chars.extend(line("附件1", 100.0, 600.0));
        chars.extend(line("序号", 100.0, 620.0));
        chars.extend(line("项目名称", 160.0, 620.0));
        chars.extend(line("总投资", 300.0, 620.0));
        chars.extend(line("（亿元）", 295.0, 634.0));
        let page = Page { width: 600.0, height: 800.0, chars, ..Page::default() };
        let text = text_form(&[page, rows_page(100.0)]);
        assert!(
            text.starts_with(
                "各地要抓好落实。\n附件1\n\t序号\n\t项目名称\n\t总投资（亿元）\n\n\t1\n\t甲路改造\n\t1.5\n"
            ),
            "{text}"
        );
        assert!(text.contains("\t3\n\t丙港\n\t0.8"), "{text}");
    }

    #[test]
    fn a_paragraph_or_a_signature_ending_a_page_stays_text() {
        // A paragraph's last line over the columns, then a line of two
        // pieces that stand over no column of the next page's table.
        let mut chars = line("各地要结合实际细化落实措施，确保取得实效。", 100.0, 600.0);
        chars.extend(line("某市人民政府", 100.0, 640.0));
        chars.extend(line("2024年3月", 420.0, 640.0));
        let page = Page { width: 600.0, height: 800.0, chars, ..Page::default() };
        let text = text_form(&[page, rows_page(100.0)]);
        assert!(
            text.starts_with("各地要结合实际细化落实措施，确保取得实效。\n某市人民政府 2024年3月\n\t1\n"),
            "{text}"
        );
        // Two pieces over two of three columns, but one runs across a column's edge.
        let mut chars = line("序号", 100.0, 620.0);
        chars.extend(line("项目名称及建设内容和总投资金额", 160.0, 620.0));
        let page = Page { width: 600.0, height: 800.0, chars, ..Page::default() };
        let text = text_form(&[page, rows_page(100.0)]);
        assert!(text.starts_with("序号 项目名称及建设内容和总投资金额\n\t1\n"), "{text}");
    }

    #[test]
    fn columns_of_whitespace_read_as_a_table() {
        let mut chars = Vec::new();
        for (k, (a, b, c)) in
            [("序号", "项目名称", "总投资"), ("1", "甲路改造", "1.5"), ("2", "乙桥新建", "2"), ("3", "丙港", "0.8")]
                .iter()
                .enumerate()
        {
            let y = 100.0 + 20.0 * k as f64;
            chars.extend(line(a, 100.0, y));
            chars.extend(line(b, 160.0, y));
            chars.extend(line(c, 300.0, y));
        }
        // A wrapped name on a line of its own.
        chars.extend(line("工程", 160.0, 172.0));
        let page = Page { width: 600.0, height: 800.0, chars, ..Page::default() };
        let text = text_form(&[page]);
        assert!(text.contains("\t3\n\t丙港工程\n\t0.8"), "{text}");
        assert!(text.starts_with("\t序号\n\t项目名称\n\t总投资\n\n\t1\n"), "{text}");
    }
}
