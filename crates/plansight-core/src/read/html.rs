//! Reader: an HTML page (a plan saved from a government site, or Word's "save as
//! web page") → the [text form](crate::textform). html5gum's tokenizer (WHATWG
//! tokenization; about half of html5ever's size in wasm, measured) does the HTML
//! (entities, comments, scripts, broken markup); this module only keeps the
//! structure a plan needs: block elements become paragraphs, `<table>`s become
//! tables with rowspan/colspan filled into every cell they cover (as the eye
//! reads a merged cell). Cells end where the next cell, row or table starts, so
//! unclosed `<td>`/`<tr>`/`<p>` read as a browser shows them. A table that holds
//! another table is page layout: its text becomes paragraphs, the inner tables tables.

use super::textform::TextForm;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// A cell as written: its text and how far it spans.
#[derive(Debug, Default)]
struct SourceCell {
    text: String,
    rowspan: usize,
    colspan: usize,
}

#[derive(Debug, Default)]
struct OpenTable {
    rows: Vec<Vec<SourceCell>>,
    in_cell: bool,
    /// A table that holds another table lays out the page (older government
    /// sites wrap everything in one): its text reads as paragraphs, and the
    /// tables inside it as tables.
    layout: bool,
}

#[derive(Default)]
struct Reader {
    out: TextForm,
    /// Text of the block being read (outside tables, or inside the current cell).
    text: String,
    tables: Vec<OpenTable>,
    /// Inside <head>, <script>, <style>: text that is not the document's.
    skip: usize,
    title: String,
    in_title: bool,
}

/// Elements that end a line of text.
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dd",
    "dt",
];

impl Reader {
    fn flush_text(&mut self) {
        let text = std::mem::take(&mut self.text);
        let text = collapse(&text);
        if text.is_empty() {
            return;
        }
        match self.tables.last_mut() {
            Some(table) if table.layout => self.out.paragraph(&text),
            Some(table) if table.in_cell => {
                if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                    if !cell.text.is_empty() {
                        cell.text.push('\n');
                    }
                    cell.text.push_str(&text);
                }
            }
            Some(_) => {} // stray text between cells is not shown by browsers either
            None => self.out.paragraph(&text),
        }
    }

    /// A start tag; `attribute` looks one of its attributes up by name.
    fn start(&mut self, name: &str, attribute: impl Fn(&str) -> Option<String>) {
        match name {
            "script" | "style" => self.skip += 1,
            "title" => self.in_title = true,
            "table" => {
                self.flush_text();
                if let Some(outer) = self.tables.last_mut().filter(|t| t.in_cell && !t.layout) {
                    outer.layout = true;
                    // What the layout table held so far is page text, in reading order.
                    for cell in std::mem::take(&mut outer.rows).into_iter().flatten() {
                        self.out.paragraph(&cell.text);
                    }
                }
                self.tables.push(OpenTable::default());
            }
            "tr" => {
                self.flush_text();
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                    t.in_cell = false;
                }
            }
            "td" | "th" => {
                self.flush_text();
                if let Some(t) = self.tables.last_mut() {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    let span =
                        |n: &str| attribute(n).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 1000);
                    let cell = SourceCell { text: String::new(), rowspan: span("rowspan"), colspan: span("colspan") };
                    t.rows.last_mut().expect("a row was pushed").push(cell);
                    t.in_cell = true;
                }
            }
            _ if BLOCKS.contains(&name) => self.flush_text(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "script" | "style" => self.skip = self.skip.saturating_sub(1),
            "title" => self.in_title = false,
            "table" => {
                self.flush_text();
                // A layout table's content is out already; a data table is a table.
                if let Some(table) = self.tables.pop().filter(|t| !t.layout) {
                    self.out.table(&fill_spans(table.rows));
                }
            }
            "td" | "th" | "tr" => {
                self.flush_text();
                if let Some(t) = self.tables.last_mut() {
                    t.in_cell = false;
                }
            }
            _ if BLOCKS.contains(&name) => self.flush_text(),
            _ => {}
        }
    }
}

/// Whitespace as a browser shows it, for reading: runs of spaces and line
/// breaks (HTML source wraps lines anywhere) and no-break spaces become one
/// space between Latin words, and between a Chinese character and a Latin
/// word or number (诸暨\nG60 → 诸暨 G60); none where Chinese needs none
/// (between characters, beside punctuation: Word pads with &nbsp;).
fn collapse(text: &str) -> String {
    let ideograph = |c: char| matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF);
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{a0}').filter(|w| !w.is_empty()) {
        let (Some(a), Some(b)) = (out.chars().last(), word.chars().next()) else {
            out.push_str(word);
            continue;
        };
        let latin = |c: char| c.is_ascii_alphanumeric();
        if (latin(a) && latin(b)) || (ideograph(a) && latin(b)) || (latin(a) && ideograph(b)) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The document's own title in a page's `<title>`: sites add their name and
/// section (关于…的通知_政策文件_某市人民政府门户网站); the part that names a
/// document is kept, and a title that is only a site's name (某市人民政府门户
/// 网站, 首页) gives none, so the body's heading names the plan.
fn document_title(title: &str) -> String {
    const DOCUMENT: [&str; 14] = [
        "关于", "通知", "意见", "方案", "计划", "规划", "办法", "要点", "决定", "公告", "通报", "纲要", "清单", "报告",
    ];
    // Sites join their parts with _ | ｜ 丨 or a spaced dash (never a dash
    // inside a title: 2023—2025年).
    let parts: Vec<&str> =
        title.split(['_', '|', '｜', '丨']).flat_map(|p| p.split(" - ")).flat_map(|p| p.split(" — ")).collect();
    parts
        .into_iter()
        .map(str::trim)
        .filter(|part| DOCUMENT.iter().any(|w| part.contains(w)) && !part.contains("网站") && !part.contains("门户"))
        .max_by_key(|part| part.chars().count())
        .unwrap_or_default()
        .to_string()
}

/// Cells a table may fill and bytes its spans may copy: far past any plan's
/// table, short of what hostile spans (rowspan=500 colspan=1000 on long text)
/// would take. Past them the rest of the table is left empty.
const MAX_GRID_CELLS: usize = 1_000_000;
const MAX_COPIED_BYTES: usize = 16 << 20;

/// Places cells in a grid, copying a spanning cell's text into every position it covers.
fn fill_spans(rows: Vec<Vec<SourceCell>>) -> Vec<Vec<String>> {
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    let (mut cells, mut copied) = (0usize, 0usize);
    'rows: for (r, row) in rows.into_iter().enumerate() {
        if grid.len() <= r {
            grid.resize_with(r + 1, Vec::new);
        }
        let mut c = 0;
        for cell in row {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let text = cell.text.trim().to_string();
            // Spans are clamped above; a table has at most a few hundred rows.
            for dr in 0..cell.rowspan.min(500) {
                let rr = r + dr;
                if grid.len() <= rr {
                    grid.resize_with(rr + 1, Vec::new);
                }
                for dc in 0..cell.colspan {
                    let cc = c + dc;
                    cells += 1;
                    copied += text.len();
                    if cells > MAX_GRID_CELLS || copied > MAX_COPIED_BYTES {
                        break 'rows;
                    }
                    if grid[rr].len() <= cc {
                        grid[rr].resize(cc + 1, None);
                    }
                    grid[rr][cc] = Some(text.clone());
                }
            }
            c += cell.colspan;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    grid.into_iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            let mut row: Vec<String> = row.into_iter().map(Option::unwrap_or_default).collect();
            row.resize(width, String::new());
            row
        })
        .collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The page as the text form: its <title> first, then its body.
pub fn to_text(html: &str) -> String {
    // The tokenizer switches to raw text after <script>, <style>, <title>
    // (as a browser's tree builder would tell it), so their text is not markup.
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut reader = Reader::default();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                if reader.skip == 0 || name == "script" || name == "style" {
                    let attribute = |n: &str| tag.attributes.get(n.as_bytes()).map(|v| lossy(&v.value));
                    reader.start(&name, attribute);
                    if tag.self_closing && name != "br" {
                        reader.end(&name);
                    }
                }
            }
            Token::EndTag(tag) => reader.end(&lossy(&tag.name).to_ascii_lowercase()),
            Token::String(text) if reader.in_title => reader.title.push_str(&lossy(&text.value)),
            Token::String(text) if reader.skip == 0 => reader.text.push_str(&lossy(&text.value)),
            _ => {}
        }
    }
    reader.flush_text();
    while let Some(table) = reader.tables.pop() {
        let grid = fill_spans(table.rows);
        reader.out.table(&grid);
    }
    let mut out = TextForm::default();
    let title = document_title(&collapse(&reader.title));
    let body = reader.out.finish();
    // Most saved pages repeat the title as their first heading.
    if !title.is_empty() && !body.contains(&title) {
        out.paragraph(&title);
    }
    let mut text = out.finish();
    if !text.is_empty() && !body.is_empty() {
        text.push('\n');
    }
    text.push_str(&body);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_tables_are_page_text() {
        let html = "<table><tr><td><p>某市重大项目清单</p>\
            <table><tr><td>序号<td>项目名称<td>总投资（亿元）<tr><td>1<td>环城高速<td>40.5</table>\
            <p>附注：数据截至2023年底。</p></td></tr></table>";
        assert_eq!(
            to_text(html),
            "某市重大项目清单\n\t序号\n\t项目名称\n\t总投资（亿元）\n\n\t1\n\t环城高速\n\t40.5\n\u{c}\n附注：数据截至2023年底。"
        );
    }

    #[test]
    fn word_html_with_spans() {
        let html = r#"<html><head><title>某某方案</title><style>p{}</style></head><body>
            <p class=MsoNormal>一、<span lang=EN>总体</span>要求<o:p></o:p></p>
            <p>到2025年，&nbsp;基金规模突破500亿元。</p>
            <table border=1><tr><th>序号<th>改革举措<th>指导部门
            <tr><td colspan="3">一、知识产权保护方面（共5项）
            <tr><td>1<td>专利快速审查<td rowspan=2>知识产权局
            <tr><td>2<td>商标 &amp; 版权
            </table><p>附件2</p><script>var x = "<p>no</p>";</script></body></html>"#;
        let text = to_text(html);
        assert_eq!(
            text,
            "某某方案\n一、总体要求\n到2025年，基金规模突破500亿元。\n\
             \t序号\n\t改革举措\n\t指导部门\n\n\
             \t一、知识产权保护方面（共5项）\n\t一、知识产权保护方面（共5项）\n\t一、知识产权保护方面（共5项）\n\n\
             \t1\n\t专利快速审查\n\t知识产权局\n\n\t2\n\t商标&版权\n\t知识产权局\n\u{c}\n附件2"
        );
    }

    #[test]
    fn a_site_name_in_the_title_gives_way_to_the_documents_own() {
        assert_eq!(
            document_title("关于印发某市数字经济三年行动计划（2023—2025年）的通知_政策文件_某市人民政府门户网站"),
            "关于印发某市数字经济三年行动计划（2023—2025年）的通知"
        );
        assert_eq!(document_title("某市人民政府门户网站"), "");
        assert_eq!(document_title("首页 - 某市发展和改革委员会"), "");
        let page = "<html><head><title>某市人民政府门户网站</title></head><body><div>首页 &gt; 政策文件</div>\
                    <h1>关于加快建设数字政府的实施意见</h1><p>各区人民政府：</p></body></html>";
        let text = to_text(page);
        assert!(text.starts_with("首页>政策文件\n关于加快建设数字政府的实施意见"), "{text}");
    }
}
