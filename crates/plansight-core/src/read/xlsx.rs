//! Reader: an Excel .xlsx → the [text form](crate::textform), every sheet in
//! workbook order as a paragraph naming the sheet and then its table. Cells read
//! as Excel shows them: shared and inline strings, numbers to Excel's 15
//! significant digits (so 65.799999999999997 is 65.8), merged cells' text in
//! every cell they cover. Title rows above the header stay as rows: the annex
//! stage finds the header by its meaning.

use super::ooxml::{attr, Package};
use super::textform::TextForm;
use crate::model::PlanError;
use quick_xml::events::Event;
use quick_xml::Reader;

fn damaged(why: String) -> PlanError {
    PlanError::Damaged { kind: "Excel", why }
}

/// The workbook as the text form.
pub fn to_text(bytes: &[u8]) -> Result<String, PlanError> {
    let mut package = Package::open(bytes, "Excel")?;
    let workbook = package.required("xl/workbook.xml")?;
    let rels = package.text("xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let strings = match package.text("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let targets = attribute_pairs(&rels, "workbook.xml.rels", b"Relationship", [b"Id", b"Target"])?;
    // Every sheet named, with its part (a hostile workbook names one part 600
    // times: each is counted, so it is refused at once below).
    let mut sheets: Vec<(String, String)> = Vec::new();
    for (name, rel) in attribute_pairs(&workbook, "workbook.xml", b"sheet", [b"name", b"id"])? {
        let Some(target) = targets.iter().find(|(id, _)| *id == rel).map(|(_, t)| t) else { continue };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        sheets.push((name, path));
    }
    // Too much to inflate is said before a sheet is parsed, not after twenty.
    package.check_declared(&sheets.iter().map(|(_, path)| path.clone()).collect::<Vec<_>>())?;
    let mut out = TextForm::default();
    for (name, path) in sheets {
        let Some(xml) = package.text(&path)? else { continue };
        let rows = sheet_rows(&xml, &strings)?;
        if rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            out.sheet(&name, &rows);
        }
    }
    if out.is_empty() {
        return Err(PlanError::Empty);
    }
    Ok(out.finish())
}

/// Two attributes of every `element` in document order, where both are present:
/// (name, r:id) of each <sheet> in workbook.xml, (Id, Target) of each <Relationship>.
fn attribute_pairs(
    xml: &str,
    part: &str,
    element: &[u8],
    keys: [&[u8]; 2],
) -> Result<Vec<(String, String)>, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| damaged(format!("{part}: {e}")))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                if let (Some(a), Some(b)) = (attr(&e, keys[0]), attr(&e, keys[1])) {
                    out.push((a, b));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The shared string table: each <si>'s text runs joined, phonetic guides (<rPh>) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event().map_err(|e| damaged(format!("sharedStrings.xml: {e}")))? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"si" => out.push(String::new()),
                b"t" => in_t = true,
                b"rPh" => in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_t && !in_phonetic => {
                let text = t.unescape().map_err(|e| damaged(e.to_string()))?;
                if let Some(s) = out.last_mut() {
                    s.push_str(&text);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// "B12" → (row 11, column 1), zero-based.
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0usize, |n, b| n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize) - 1;
    let row: usize = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// A number as Excel shows it in a General cell: 15 significant digits, no trailing zeros.
pub fn excel_number(v: &str) -> String {
    let v = v.trim();
    let Ok(x) = v.parse::<f64>() else { return v.to_string() };
    let magnitude = x.abs().log10().floor() as i32;
    // Zero, infinities and very large or small numbers are shown as stored.
    if x == 0.0 || !(-5..15).contains(&magnitude) {
        return if x == 0.0 { "0".into() } else { v.to_string() };
    }
    let decimals = (14 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Sheets this large are not plans (and would not fit the page).
const MAX_CELLS: usize = 2_000_000;

/// A sheet's cells as rows, merged ranges filled.
fn sheet_rows(xml: &str, strings: &[String]) -> Result<Vec<Vec<String>>, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut cells: Vec<(usize, usize, String)> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    // The cell being read: position, type, value.
    let mut current: Option<(usize, usize, String)> = None;
    let mut value = String::new();
    let (mut in_value, mut next_row, mut next_col) = (false, 0usize, 0usize);
    loop {
        match reader.read_event().map_err(|e| damaged(format!("sheet XML: {e}")))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                next_row =
                    attr(&e, b"r").and_then(|r| r.parse::<usize>().ok()).map_or(next_row, |r| r.saturating_sub(1));
                next_col = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let (row, col) = attr(&e, b"r").and_then(|r| cell_ref(&r)).unwrap_or((next_row, next_col));
                current = Some((row, col, attr(&e, b"t").unwrap_or_default()));
                value.clear();
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"v" | b"t" => in_value = false,
                b"c" => {
                    if let Some((row, col, kind)) = current.take() {
                        let text = match kind.as_str() {
                            "s" => value
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| strings.get(i))
                                .cloned()
                                .unwrap_or_default(),
                            "b" => (if value.trim() == "1" { "TRUE" } else { "FALSE" }).to_string(),
                            "str" | "inlineStr" | "e" => value.clone(),
                            _ => excel_number(&value),
                        };
                        if cells.len() >= MAX_CELLS {
                            return Err(PlanError::TooLarge { bytes: xml.len(), limit: MAX_CELLS });
                        }
                        cells.push((row, col, text));
                        next_col = col + 1;
                    }
                }
                b"row" => next_row += 1,
                _ => {}
            },
            Event::Text(t) if in_value && current.is_some() => {
                value.push_str(&t.unescape().map_err(|e| damaged(e.to_string()))?);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"mergeCell" => {
                if let Some((a, b)) =
                    attr(&e, b"ref").and_then(|r| r.split_once(':').map(|(a, b)| (a.to_string(), b.to_string())))
                {
                    if let (Some(a), Some(b)) = (cell_ref(&a), cell_ref(&b)) {
                        merges.push((a, b));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let rows = cells.iter().map(|c| c.0 + 1).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0);
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(PlanError::TooLarge { bytes: rows * cols, limit: MAX_CELLS });
    }
    let mut grid = vec![vec![String::new(); cols]; rows];
    for (r, c, text) in cells {
        grid[r][c] = text;
    }
    Ok(fill_merged(grid, &merges))
}

/// A merged range: (first row, first column), (last row, last column), zero-based.
pub type Merge = ((usize, usize), (usize, usize));

/// A sheet's grid with every merged range ((first row, first column), (last
/// row, last column), zero-based) showing its first cell's text in each cell
/// it covers, as the eye reads it; rows with nothing at all (spacers, which
/// would read as empty records) left out. Shared with the CLI's .xls reader.
/// Overlapping merges over a whole sheet could copy a cell's text billions of
/// times: past this many copies (and bytes) the rest are left as they are.
pub fn fill_merged(mut grid: Vec<Vec<String>>, merges: &[Merge]) -> Vec<Vec<String>> {
    const MAX_COPIES: usize = 10_000_000;
    const MAX_COPIED_BYTES: usize = 64 << 20;
    let (mut copies, mut bytes) = (0usize, 0usize);
    'merges: for &((r0, c0), (r1, c1)) in merges {
        let Some(text) = grid.get(r0).and_then(|row| row.get(c0)).cloned() else { continue };
        for row in grid.iter_mut().take(r1.saturating_add(1)).skip(r0) {
            for cell in row.iter_mut().take(c1.saturating_add(1)).skip(c0) {
                copies += 1;
                bytes += text.len();
                if copies > MAX_COPIES || bytes > MAX_COPIED_BYTES {
                    break 'merges;
                }
                cell.clone_from(&text);
            }
        }
    }
    grid.retain(|row| row.iter().any(|c| !c.trim().is_empty()));
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_shows_them() {
        assert_eq!(excel_number("65.799999999999997"), "65.8");
        assert_eq!(excel_number("740.55000000000007"), "740.55");
        assert_eq!(excel_number("117"), "117");
        assert_eq!(excel_number("2022"), "2022");
        assert_eq!(excel_number("0.1"), "0.1");
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("AA1"), Some((0, 26)));
    }

    #[test]
    fn cells_merges_and_strings() {
        let strings = vec!["序号".to_string(), "类型".to_string(), "交通".to_string()];
        let xml = r#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
            <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="s"><v>2</v></c></row>
            <row r="4"><c r="A4"><v>2</v></c><c r="B4" t="inlineStr"><is><t>x&amp;y</t></is></c></row>
            </sheetData><mergeCells><mergeCell ref="B3:B4"/></mergeCells></worksheet>"#;
        let rows = sheet_rows(xml, &strings).unwrap();
        assert_eq!(rows, vec![vec!["序号", "类型"], vec!["1", "交通"], vec!["2", "交通"]]);
    }
}
