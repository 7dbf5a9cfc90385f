//! A Word .docx → the same plain text a "save as .txt" export gives,
//! so the rest of the pipeline reads it unchanged: one line per paragraph; a
//! table as rows separated by an empty line, each cell a line starting with a
//! tab (further paragraphs of a cell on lines of their own). Headings that Word
//! numbers automatically (一、, （一）) carry no number in the XML, so
//! paragraphs with a heading style or outline level get that numbering written
//! back in. Uses the `zip` and `quick-xml` crates (feature `docx`).

use super::ooxml::Package;
use super::textform::{Headings, TextForm};
use crate::model::PlanError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The text of a .docx's main document.
pub fn to_text(bytes: &[u8]) -> Result<String, PlanError> {
    let xml = Package::open(bytes, "Word")?.required("word/document.xml")?;
    document_text(&xml).map_err(|why| PlanError::Damaged { kind: "Word", why })
}

/// What a paragraph is, from its properties.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// Outline level from a heading style (Heading 1, 标题 1) or w:outlineLvl: 0 = top.
    outline: Option<usize>,
}

/// "Heading1", "heading 2", "标题 1", "1" → the outline level (0-based).
fn heading_style(style: &str) -> Option<usize> {
    let lower = style.to_lowercase();
    let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
    let named = lower.starts_with("heading") || lower.starts_with("标题") || lower.chars().all(|c| c.is_ascii_digit());
    let level: usize = digits.parse().ok()?;
    (named && (1..=9).contains(&level)).then(|| level - 1)
}

/// Converts word/document.xml to text.
/// Marks a cell that goes on a vertical merge (NUL never occurs in XML text).
const MERGED_DOWN: &str = "\u{0}merged";

fn document_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = TextForm::default();
    let mut para: Option<Paragraph> = None;
    // Open tables: rows of cells of paragraphs (a nested table flattens into its cell).
    let mut tables: Vec<Vec<Vec<Vec<String>>>> = Vec::new();
    let mut in_text = false;
    let mut depth = 0usize;
    let mut headings = Headings::default();
    loop {
        let event = reader.read_event().map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match event {
            // A paragraph inside a paragraph (a text box) adds its text to the outer one.
            Event::Start(e) if e.local_name().as_ref() == b"p" => {
                depth += 1;
                if depth == 1 {
                    para = Some(Paragraph::default());
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"p" && depth == 0 => {
                let cell = tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut());
                // An empty paragraph: a blank line in a cell; nothing in the text form.
                if let Some(cell) = cell {
                    cell.push(String::new());
                }
            }
            // A cell that goes on a vertical merge (w:vMerge without val="restart"):
            // it holds the merge's text, as merged cells are filled everywhere.
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"vMerge" => {
                let restart = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().as_ref() == b"val" && a.value.as_ref() == b"restart");
                if let (false, Some(cell)) =
                    (restart, tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()))
                {
                    cell.insert(0, MERGED_DOWN.to_string());
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tbl" => tables.push(Vec::new()),
                b"tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                b"tc" => {
                    if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                        row.push(Vec::new());
                    }
                }
                _ => style_of(&e, &mut para),
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => push_text(&mut para, " "),
                b"br" | b"cr" => push_text(&mut para, " "),
                _ => style_of(&e, &mut para),
            },
            Event::Text(t) if in_text => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                push_text(&mut para, &text);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    depth = depth.saturating_sub(1);
                    if depth > 0 {
                        continue;
                    }
                    if let Some(p) = para.take() {
                        let text = headings.number(&p.text, p.outline);
                        match tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
                            Some(cell) => cell.push(text),
                            None => out.paragraph(&text),
                        }
                    }
                }
                b"tbl" => {
                    let Some(table) = tables.pop() else { continue };
                    match tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
                        // A table nested in a cell: its paragraphs become lines of that cell.
                        Some(cell) => cell.extend(table.into_iter().flatten().flatten()),
                        None => {
                            let mut rows: Vec<Vec<String>> = Vec::with_capacity(table.len());
                            for row in table {
                                let cells = row
                                    .into_iter()
                                    .enumerate()
                                    .map(|(c, cell)| match cell.first().map(String::as_str) {
                                        Some(MERGED_DOWN) => rows
                                            .last()
                                            .and_then(|r: &Vec<String>| r.get(c))
                                            .cloned()
                                            .unwrap_or_default(),
                                        _ => cell.join("\n"),
                                    })
                                    .collect();
                                rows.push(cells);
                            }
                            out.table(&rows);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.finish())
}

fn push_text(para: &mut Option<Paragraph>, text: &str) {
    if let Some(p) = para {
        // Tabs would start a table cell in the text form.
        p.text.push_str(&text.replace('\t', " "));
    }
}

/// Reads a paragraph's style or outline level.
fn style_of(e: &BytesStart, para: &mut Option<Paragraph>) {
    let Some(p) = para else { return };
    match e.local_name().as_ref() {
        b"pStyle" => p.outline = p.outline.or_else(|| super::ooxml::attr(e, b"val").as_deref().and_then(heading_style)),
        b"outlineLvl" => {
            p.outline = p
                .outline
                .or_else(|| super::ooxml::attr(e, b"val").and_then(|v| v.parse().ok()).filter(|l: &usize| *l < 9))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_styles() {
        assert_eq!(heading_style("Heading2"), Some(1));
        assert_eq!(heading_style("标题 1"), Some(0));
        assert_eq!(heading_style("Normal"), None);
    }

    #[test]
    fn paragraphs_headings_and_tables() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>发展目标</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">到2025年，</w:t></w:r><w:r><w:t>基金规模突破500亿元。</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>名称</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>白门至大路杨</w:t></w:r></w:p><w:p><w:r><w:t>公路</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>a&amp;b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>保障措施</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let text = document_text(xml).unwrap();
        let boxed = r#"<w:body><w:p><w:r><w:t>外</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:r><w:r><w:t>段</w:t></w:r></w:p></w:body>"#;
        assert_eq!(document_text(boxed).unwrap(), "外框段", "a text box's paragraph joins the outer paragraph");
        assert_eq!(
            text,
            "一、总体要求\n（一）发展目标\n到2025年，基金规模突破500亿元。\n\t序号\n\t名称\n\n\t1\n\t白门至大路杨\n公路\n\n\t\n\ta&b\n\u{c}\n二、保障措施"
        );
    }

    #[test]
    fn a_zip_that_is_not_a_docx() {
        assert!(matches!(to_text(b"PK\x03\x04garbage"), Err(PlanError::Damaged { .. })));
    }
}
