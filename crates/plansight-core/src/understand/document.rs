//! Text → document. Splits a text export of a word-processor file into
//! headings, paragraphs and tables, and strips export debris ([bookmark: …],
//! page numbers). Knows nothing of projects or targets.
//!
//! Table layout in such exports: each cell is a line starting with a tab, a line
//! without a tab continues the cell above (long names wrap), an empty cell is a
//! line holding only a tab, and rows are separated by an empty line.

use crate::read::text::{fold_width, is_chinese_numeral, years_in};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// 一、 (level 1), （一） (level 2), a short "1." title or a 专栏 box title (level 3), 附件N (level 1).
    Heading {
        level: u8,
        title: String,
        line: u32,
    },
    Paragraph {
        text: String,
        line: u32,
    },
    Table(Table),
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

/// Classifies a prose line as a heading, returning (level, title).
pub(crate) fn heading(line: &str) -> Option<(u8, String)> {
    let t = fold_width(line.trim());
    let short = t.chars().count() <= 40 && !t.contains('。');
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
            if !head.is_empty() && head.chars().all(is_chinese_numeral) && !title.trim().is_empty() {
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
                match heading(trimmed) {
                    Some((level, title)) => doc.blocks.push(Block::Heading { level, title, line: no }),
                    None => doc.blocks.push(Block::Paragraph { text: trimmed.to_string(), line: no }),
                }
                last_text = Some(trimmed.to_string());
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
            self.blocks.push(Block::Heading { level: 3, title: first_text.trim().to_string(), line: first.line });
            for row in &rows[1..] {
                for cell in &row.cells {
                    for (k, l) in cell.lines.iter().enumerate() {
                        if !l.trim().is_empty() {
                            let line = cell.line + k as u32;
                            self.blocks.push(Block::Paragraph { text: l.trim().to_string(), line });
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

    /// The plan's title: a short line naming a 计划/方案/规划 (or ending in a policy
    /// document's genre: …的意见, …的通知, …纲要), or failing that the
    /// plan named in an annex table's title ("…行动计划（2023-2025）重点项目建设表").
    pub fn title(&self) -> Option<String> {
        let is_plan_name = |t: &str| ["计划", "方案", "规划"].iter().any(|w| t.contains(w));
        // A policy document's own title names its genre at the end: …的意见 / …的通知 / …纲要.
        let is_document_title =
            |t: &str| ["意见", "通知", "纲要", "办法", "规划", "方案", "计划"].iter().any(|w| t.ends_with(w));
        for b in &self.blocks {
            if let Block::Paragraph { text, .. } | Block::Heading { title: text, .. } = b {
                let named = is_plan_name(text) || is_document_title(text);
                if text.chars().count() <= 60 && named && !text.ends_with('表') && !text.contains('。') {
                    return Some(text.clone());
                }
            }
        }
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

    /// The plan window (first and last year) as the title states it.
    pub fn plan_window(&self) -> Option<(i32, i32)> {
        let years = years_in(&fold_width(&self.title()?));
        match years.as_slice() {
            [a, b, ..] if a <= b => Some((*a, *b)),
            _ => None,
        }
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
        let title = |text: &str| Document::parse(text).title();
        assert_eq!(title("关于深化产教融合的若干意见\n一、总体目标\n").as_deref(), Some("关于深化产教融合的若干意见"));
        assert_eq!(
            title("各省人民政府：\n国务院关于推广改革举措的通知\n").as_deref(),
            Some("国务院关于推广改革举措的通知")
        );
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
