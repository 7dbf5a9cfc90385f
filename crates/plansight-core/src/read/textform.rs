//! The text form: the one shape every reader writes and [`crate::document`] reads.
//!
//! It is what Word's "save as .txt" gives, so a text export needs no reader:
//! one line per paragraph; a table as rows separated by an empty line, each cell
//! a line starting with a tab (further lines of a cell on lines of their own);
//! a line holding only a form feed ends a table, so two tables in a row stay two.
//! The page's source panel shows this text, so line numbers point at it.

use super::text::is_chinese_numeral;

/// Ends a table region (see [`crate::document`]).
pub const TABLE_END: &str = "\u{c}";

#[derive(Debug, Default)]
pub struct TextForm {
    lines: Vec<String>,
}

/// A cell's or paragraph's text as lines: tabs would start a cell, so they become
/// spaces; blank lines inside a cell would end its row, so they are dropped.
fn clean_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('\n').map(|l| l.replace(['\t', '\r', '\u{c}'], " ").trim().to_string()).filter(|l| !l.is_empty())
}

impl TextForm {
    /// A paragraph (or heading) of prose; a text with line breaks gives several lines.
    pub fn paragraph(&mut self, text: &str) {
        self.lines.extend(clean_lines(text));
    }

    /// A table, row by row. Rows with no text at all are kept (as empty cells) so
    /// that row positions stay as the source has them.
    pub fn table<R: AsRef<[String]>>(&mut self, rows: &[R]) {
        let rows: Vec<&[String]> = rows.iter().map(AsRef::as_ref).filter(|r| !r.is_empty()).collect();
        if rows.is_empty() {
            return;
        }
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.lines.push(String::new());
            }
            for cell in row.iter() {
                let mut lines = clean_lines(cell);
                self.lines.push(format!("\t{}", lines.next().unwrap_or_default()));
                self.lines.extend(lines);
            }
        }
        self.lines.push(TABLE_END.to_string());
    }

    /// A sheet (Excel, WPS): its name, then its grid as a document laid into
    /// cells shows it: a row of one long text (a paragraph a sheet was given,
    /// as a page saved into a workbook has) stands alone as a paragraph; the
    /// rows between such paragraphs are a table; short texts before a table
    /// (a title, 单位：万元) are paragraphs, inside it rows of the table (a
    /// category spanning it).
    pub fn sheet<R: AsRef<[String]>>(&mut self, name: &str, rows: &[R]) {
        /// A text this long in a row of its own is a paragraph, not a cell.
        const PARAGRAPH_CHARS: usize = 30;
        self.paragraph(name);
        let one_text = |row: &[String]| -> Option<String> {
            let mut texts = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
            let first = texts.next()?;
            texts.all(|t| t == first).then(|| first.to_string())
        };
        let mut table: Vec<Vec<String>> = Vec::new();
        let flush = |out: &mut TextForm, table: &mut Vec<Vec<String>>| {
            // Rows with two cells or more make a table; a lone row is text.
            if table.iter().filter(|r| one_text(r).is_none() && r.iter().any(|c| !c.trim().is_empty())).count() >= 2 {
                out.table(table);
            } else {
                for row in table.iter() {
                    let cells: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
                    out.paragraph(&cells.join(" "));
                }
            }
            table.clear();
        };
        for row in rows {
            let row = row.as_ref();
            match one_text(row) {
                Some(text) if text.chars().count() >= PARAGRAPH_CHARS => {
                    flush(self, &mut table);
                    self.paragraph(&text);
                }
                Some(text) if table.is_empty() => self.paragraph(&text),
                _ => table.push(row.to_vec()),
            }
        }
        flush(self, &mut table);
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn finish(self) -> String {
        self.lines.join("\n")
    }
}

const CHINESE_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 12 → 十二, 20 → 二十 (headings rarely pass ninety-nine).
fn chinese(n: usize) -> String {
    match n {
        0..=9 => CHINESE_DIGITS[n].to_string(),
        _ => {
            // 十, 十二, 二十, 二十三: no leading 一 before 十, no trailing 〇.
            let tens = if n / 10 % 10 == 1 { "" } else { CHINESE_DIGITS[n / 10 % 10] };
            let ones = match n % 10 {
                0 => "",
                d => CHINESE_DIGITS[d],
            };
            format!("{tens}十{ones}")
        }
    }
}

/// Headings that Word numbers automatically (一、, （一）) carry no number in
/// their text: a Word reader (.docx, .doc) writes the number Word shows back
/// in, counting headings by outline level.
#[derive(Debug, Default)]
pub struct Headings {
    counters: [usize; 9],
}

impl Headings {
    /// A paragraph's text, with its number when it is a heading (`outline`:
    /// 0 = top) whose text does not start with one already.
    pub fn number(&mut self, text: &str, outline: Option<usize>) -> String {
        let text = text.trim().to_string();
        let Some(level) = outline.filter(|&l| l < 9) else { return text };
        self.counters[level] += 1;
        for c in self.counters.iter_mut().skip(level + 1) {
            *c = 0;
        }
        let written = text.starts_with(['（', '('])
            || text.chars().next().is_some_and(|c| c.is_ascii_digit() || is_chinese_numeral(c));
        let n = self.counters[level];
        match (written, level) {
            (true, _) => text,
            (false, 0) => format!("{}、{text}", chinese(n)),
            (false, 1) => format!("（{}）{text}", chinese(n)),
            (false, _) => format!("{n}.{text}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_numbers() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        let mut h = Headings::default();
        assert_eq!(h.number(" 总体要求 ", Some(0)), "一、总体要求");
        assert_eq!(h.number("目标", Some(1)), "（一）目标");
        assert_eq!(h.number("正文", None), "正文");
        assert_eq!(h.number("二、保障", Some(0)), "二、保障", "a number written stays as written");
        assert_eq!(h.number("措施", Some(1)), "（一）措施", "a new section counts again");
    }
    use crate::understand::document::Document;

    #[test]
    fn two_tables_in_a_row_stay_two() {
        let mut t = TextForm::default();
        t.paragraph("标题\n\n正文");
        let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        t.table(&[s(&["序号", "名称"]), s(&["1", "甲\t乙\n\n丙"])]);
        t.table(&[s(&["序号", "任务"]), s(&["1", ""])]);
        let text = t.finish();
        assert_eq!(text, "标题\n正文\n\t序号\n\t名称\n\n\t1\n\t甲 乙\n丙\n\u{c}\n\t序号\n\t任务\n\n\t1\n\t\n\u{c}");
        let doc = Document::parse(&text);
        let tables: Vec<_> = doc.tables().collect();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows[1].cells[1].text(), "甲 乙丙");
    }
}
