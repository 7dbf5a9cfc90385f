//! The text form: the one shape every reader writes and [`crate::document`] reads.
//!
//! It is what Word's "save as .txt" gives, so a text export needs no reader:
//! one line per paragraph; a table as rows separated by an empty line, each cell
//! a line starting with a tab (further lines of a cell on lines of their own);
//! a line holding only a form feed ends a table, so two tables in a row stay two.
//! The page's source panel shows this text, so line numbers point at it.

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

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn finish(self) -> String {
        self.lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
