//! Text → document. Splits a text export of a word-processor file into
//! headings, paragraphs and tables, and strips export debris ([bookmark: …],
//! page numbers). Knows nothing of projects or targets.
//!
//! Table layout in such exports: each cell is a line starting with a tab, a line
//! without a tab continues the cell above (long names wrap), an empty cell is a
//! line holding only a tab, and rows are separated by an empty line.

use crate::read::text::{fold_width, is_chinese_numeral, parse_chinese_numeral};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// 一、 (level 1), （一） (level 2), a short "1." title or a 专栏 box title (level 3), 附件N (level 1).
    Heading {
        level: u8,
        title: String,
        line: u32,
        /// The numbering it opens with, if any.
        marker: Option<Marker>,
    },
    /// A line of prose, as written (numbering included: see `marker`).
    Paragraph {
        text: String,
        line: u32,
        marker: Option<Marker>,
    },
    Table(Table),
}

/// The numbering a line opens with: its style, its ordinal, and how many
/// bytes of the line it takes (numbering and the space after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub style: Numbering,
    pub ordinal: u32,
    pub len: usize,
}

/// The ways Chinese documents number their parts. Which style nests in which
/// is the document's choice (the order they first appear in), not fixed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// 第一章, 第一部分, 第一节
    Chapter,
    /// 第一条
    Article,
    /// 一、
    ChineseComma,
    /// （一）
    ChineseParen,
    /// 1. and 1．
    ArabicDot,
    /// 1、
    ArabicComma,
    /// （1） and (1)
    ArabicParen,
    /// 1） and 1)
    ArabicHalfParen,
    /// ① to ⑳
    Circled,
    /// ——, ●, ■, ◆, • (bullets, counted in order)
    Bullet,
}

impl Block {
    /// A prose block's text after its numbering, and its line.
    pub fn prose(&self) -> Option<(&str, u32, Option<Marker>)> {
        match self {
            Block::Paragraph { text, line, marker } => Some((&text[marker.map_or(0, |m| m.len)..], *line, *marker)),
            Block::Heading { title, line, marker, .. } => Some((title, *line, *marker)),
            Block::Table(_) => None,
        }
    }
}

/// A section title that tells the past or the setting, not what to do:
/// 行动基础, 发展现状, 工作成效, 背景 … ("夯实数字基础底座" is a task: the word
/// must open or close the title).
pub fn tells_the_past(title: &str) -> bool {
    const WORDS: [&str; 9] = ["基础", "现状", "成效", "成就", "回顾", "基本情况", "进展情况", "背景", "形势"];
    // "夯实信用信息基础", "巩固脱贫成效": work asked for, not a report on the past.
    const ACTS: [&str; 10] = ["夯实", "筑牢", "打牢", "厚植", "强化", "巩固", "加强", "完善", "提升", "做实"];
    let t = title.trim().trim_end_matches(['。', '：', ':']);
    WORDS.iter().any(|w| t.ends_with(w) || t.starts_with(w)) && !ACTS.iter().any(|a| t.starts_with(a))
}

/// The numbering a line opens with, if any: "（一）", "1.", "①", "第三条" …
pub fn marker(line: &str) -> Option<Marker> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
    let fold = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        '．' => '.',
        _ => c,
    };
    let digits = |from: usize| {
        let mut j = from;
        while at(j).is_some_and(|c| fold(c).is_ascii_digit()) {
            j += 1;
        }
        j
    };
    let numerals = |from: usize| {
        let mut j = from;
        while at(j).is_some_and(is_chinese_numeral) {
            j += 1;
        }
        j
    };
    let text = |from: usize, to: usize| -> String { chars[from..to].iter().map(|&(_, c)| fold(c)).collect() };
    // The numbering ends where the text starts: skip a space after it.
    let done = |style: Numbering, ordinal: u32, end: usize| {
        let mut end = end;
        while at(end).is_some_and(|c| c == ' ' || c == '\u{3000}' || c == '\t') {
            end += 1;
        }
        // A number alone on its line is no numbering.
        (end < chars.len()).then_some(Marker { style, ordinal, len: byte(end) })
    };
    let is_year_at = |i: usize| digits(i) == i + 4 && at(i + 4) == Some('年');
    let first = fold(at(0)?);
    if let Some(n) = ('①'..='⑳').position(|c| c == first) {
        return done(Numbering::Circled, n as u32 + 1, 1);
    }
    if first == '—' && at(1) == Some('—') {
        return done(Numbering::Bullet, 0, 2);
    }
    if matches!(first, '●' | '■' | '◆' | '•' | '▲' | '★') {
        return done(Numbering::Bullet, 0, 1);
    }
    if first == '第' {
        let end = numerals(1).max(digits(1));
        let ordinal = parse_chinese_numeral(&text(1, end)).map(|v| v as u32).or_else(|| text(1, end).parse().ok())?;
        return match at(end)? {
            '章' | '节' => done(Numbering::Chapter, ordinal, end + 1),
            '部' if at(end + 1) == Some('分') => done(Numbering::Chapter, ordinal, end + 2),
            '条' => done(Numbering::Article, ordinal, end + 1),
            _ => None,
        };
    }
    if first == '(' {
        let end = numerals(1);
        if end > 1 && at(end).map(fold) == Some(')') {
            let ordinal = parse_chinese_numeral(&text(1, end))? as u32;
            return done(Numbering::ChineseParen, ordinal, end + 1);
        }
        let end = digits(1);
        if end > 1 && end <= 3 && at(end).map(fold) == Some(')') {
            return done(Numbering::ArabicParen, text(1, end).parse().ok()?, end + 1);
        }
        return None;
    }
    let end = numerals(0);
    if end > 0 && end <= 3 && at(end) == Some('、') {
        return done(Numbering::ChineseComma, parse_chinese_numeral(&text(0, end))? as u32, end + 1);
    }
    let end = digits(0);
    if end > 0 && end <= 2 {
        let ordinal: u32 = text(0, end).parse().ok()?;
        let next = at(end + 1).map(fold);
        return match at(end).map(fold)? {
            '、' => done(Numbering::ArabicComma, ordinal, end + 1),
            // "1.5亿元" is a number, not numbering; "1.2024年…" is numbering.
            '.' if !next.is_some_and(|c| c.is_ascii_digit()) || is_year_at(end + 1) => {
                done(Numbering::ArabicDot, ordinal, end + 1)
            }
            ')' => done(Numbering::ArabicHalfParen, ordinal, end + 1),
            _ => None,
        };
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The nearest line of text above the table, e.g. "…重点项目建设表".
    pub title: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Line of the cell's first text (a continuation line when the tab line is empty).
    pub line: u32,
    /// The cell's lines as written, without the leading tab.
    pub lines: Vec<String>,
}

impl Cell {
    /// The cell's text with wrapped lines joined (wraps fall inside words in Chinese).
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.trim()).collect::<String>()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// Removes "[bookmark: _Toc…]" markers left by the .docx export.
fn strip_bookmarks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("[bookmark:") {
        out.push_str(&rest[..start]);
        match rest[start..].find(']') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A line that starts a table cell: optional spaces, then a tab.
fn cell_text(line: &str) -> Option<&str> {
    line.trim_start_matches(' ').strip_prefix('\t')
}

/// Classifies a prose line as a heading, returning (level, title). A numbered
/// line with a body after its title ("（一）加快建设5G基站。推进…") is a
/// paragraph: a measure, whose text must not be lost.
pub(crate) fn heading(line: &str) -> Option<(u8, String)> {
    let t = fold_width(line.trim());
    let short = t.chars().count() <= 40 && !t.contains('。');
    let body_after_title = t.split_once('。').is_some_and(|(_, rest)| !rest.trim().is_empty());
    // 一、总体要求 (also "1、行动背景", a common slip for 一、, when short)
    if let Some((head, rest)) = t.split_once('、') {
        let numeral = !head.is_empty() && head.chars().all(is_chinese_numeral);
        let digits = !head.is_empty() && head.chars().all(|c| c.is_ascii_digit());
        if (numeral || digits) && short && !rest.trim().is_empty() {
            return Some((1, rest.trim().to_string()));
        }
    }
    // 附件1 / 附件2
    if short && t.starts_with("附件") && t.chars().count() <= 6 {
        return Some((1, t));
    }
    // （一）行动基础
    if let Some(rest) = t.strip_prefix('(') {
        if let Some((head, title)) = rest.split_once(')') {
            let long = title.chars().count() > 40 || title.contains([',', '，']);
            if !head.is_empty()
                && head.chars().all(is_chinese_numeral)
                && !title.trim().is_empty()
                && !body_after_title
                && !long
            {
                let title = title.split('。').next().unwrap_or(title).trim().to_string();
                return Some((2, title));
            }
        }
    }
    // A short "1.标题" line (a numbered title with no body on the same line).
    if short {
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            if let Some(title) = t[digits.len()..].strip_prefix('.') {
                if !title.trim().is_empty() && !title.trim().chars().all(|c| c.is_ascii_digit()) {
                    return Some((3, title.trim().to_string()));
                }
            }
        }
    }
    None
}

/// A line that only states the unit of the table below: "单位：万元",
/// "（金额单位：亿元）".
fn is_unit_line(text: &str) -> bool {
    let t = fold_width(text.trim());
    let t = t.trim_start_matches('(').trim_end_matches(')');
    let t = t.strip_prefix("金额").unwrap_or(t);
    t.starts_with("单位") && t.chars().count() <= 10
}

fn is_box_title(text: &str) -> bool {
    let t = fold_width(text.trim());
    t.starts_with("专栏") && t.chars().nth(2).is_some_and(|c| c.is_ascii_digit())
}

impl Document {
    pub fn parse(text: &str) -> Document {
        let lines: Vec<String> = text.split('\n').map(strip_bookmarks).collect();
        let mut doc = Document::default();
        let mut last_text: Option<String> = None;
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            if cell_text(line).is_some() {
                let (rows, next) = read_table_region(&lines, i);
                i = next;
                doc.push_region(rows, last_text.clone());
                continue;
            }
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let no = (i + 1) as u32;
                let marker = marker(trimmed);
                match heading(trimmed) {
                    Some((level, title)) => doc.blocks.push(Block::Heading { level, title, line: no, marker }),
                    None => doc.blocks.push(Block::Paragraph { text: trimmed.to_string(), line: no, marker }),
                }
                // A unit line (单位：万元) between a caption and its table is no caption.
                if !is_unit_line(trimmed) {
                    last_text = Some(trimmed.to_string());
                }
            }
            i += 1;
        }
        doc
    }

    /// Turns one run of tab-lines into a table, a 专栏 box, or nothing (page numbers).
    fn push_region(&mut self, rows: Vec<Row>, title: Option<String>) {
        let Some(first) = rows.first() else { return };
        let first_text = first.cells.first().map(Cell::text).unwrap_or_default();
        if is_box_title(&first_text) {
            let title = first_text.trim().to_string();
            self.blocks.push(Block::Heading { level: 3, title, line: first.line, marker: None });
            for row in &rows[1..] {
                for cell in &row.cells {
                    for (k, l) in cell.lines.iter().enumerate() {
                        if !l.trim().is_empty() {
                            let line = cell.line + k as u32;
                            let text = l.trim().to_string();
                            self.blocks.push(Block::Paragraph { marker: marker(&text), text, line });
                        }
                    }
                }
            }
            return;
        }
        let lone_number = rows.len() == 1
            && first.cells.len() == 1
            && first_text.chars().all(|c| c.is_ascii_digit() || c.is_whitespace());
        if !lone_number {
            self.blocks.push(Block::Table(Table { title, rows }));
        }
    }

    /// All tables in document order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The plan an annex table's title names ("…行动计划（2023-2025）重点项目建设表"
    /// → "…行动计划（2023-2025）"): the title of a document whose own title line
    /// is missing (a text export that starts with its body).
    pub fn table_plan_name(&self) -> Option<String> {
        let is_plan_name = |t: &str| ["计划", "方案", "规划"].iter().any(|w| t.contains(w));
        self.tables().filter_map(|t| t.title.as_deref()).find(|t| is_plan_name(t)).map(|t| {
            let t = t.split_once('、').filter(|(h, _)| h.starts_with("附件")).map_or(t, |(_, r)| r);
            let end =
                ["计划", "方案", "规划"].iter().filter_map(|w| t.find(w).map(|p| p + w.len())).min().unwrap_or(t.len());
            let mut title = t[..end].to_string();
            // Keep a parenthesised period right after the name: （2023-2025）.
            let rest = &t[end..];
            if rest.starts_with('（') {
                if let Some(close) = rest.find('）') {
                    title.push_str(&rest[..close + '）'.len_utf8()]);
                }
            }
            title
        })
    }
}

/// Reads rows from line `start` until prose resumes; returns the rows and the next line index.
fn read_table_region(lines: &[String], start: usize) -> (Vec<Row>, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut current: Option<Row> = None;
    let mut i = start;
    while i < lines.len() {
        let line = &lines[i];
        let no = (i + 1) as u32;
        if line == crate::read::textform::TABLE_END {
            break; // a reader's explicit end of table: the next table is another
        }
        if let Some(text) = cell_text(line) {
            let row = current.get_or_insert_with(|| Row { line: no, cells: Vec::new() });
            row.cells.push(Cell { line: no, lines: vec![text.to_string()] });
        } else if line.trim().is_empty() {
            rows.extend(current.take());
        } else if let Some(cell) = current.as_mut().and_then(|r| r.cells.last_mut()) {
            // A line without a tab continues the cell above.
            if cell.lines.iter().all(|l| l.trim().is_empty()) {
                cell.line = no;
            }
            cell.lines.push(line.to_string());
        } else {
            break; // prose after an empty line: the table has ended
        }
        i += 1;
    }
    rows.extend(current.take());
    (rows, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading("二、总体要求"), Some((1, "总体要求".into())));
        assert_eq!(heading("1、 行动背景"), Some((1, "行动背景".into())));
        assert_eq!(heading("（一）行动基础"), Some((2, "行动基础".into())));
        assert_eq!(heading("1.同城体制机制实现大接轨。顶层规划设计衔接顺畅"), None);
        assert_eq!(heading("附件2"), Some((1, "附件2".into())));
    }

    #[test]
    fn tables_wrap_and_debris() {
        let text = " \t1\n\n前言。\n[bookmark: _Toc1]附件2\n某某重点项目建设表\n\t序号\n\t名称\n\n\t1\n\t白门至大路杨\n公路\n\n\t2\n\t\n2019-2023\n\n后记。";
        let doc = Document::parse(text);
        let tables: Vec<_> = doc.tables().collect();
        assert_eq!(tables.len(), 1, "the page number is debris");
        let t = tables[0];
        assert_eq!(t.title.as_deref(), Some("某某重点项目建设表"));
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].cells[1].text(), "白门至大路杨公路");
        assert_eq!(t.rows[2].cells[1].text(), "2019-2023");
        assert_eq!(t.rows[2].cells[1].line, 15);
        assert!(matches!(doc.blocks.last(), Some(Block::Paragraph { text, .. }) if text == "后记。"));
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Heading { level: 1, title, .. } if title == "附件2")));
    }
}
