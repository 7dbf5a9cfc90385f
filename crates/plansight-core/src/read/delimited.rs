//! Reader: CSV and TSV (as Excel in China saves them: GBK or UTF-8 with BOM,
//! comma, tab or semicolon, CRLF, quoted cells with line breaks) → one table in
//! the [text form](crate::textform). Decoding happened before (stage `decode`).

use super::textform::TextForm;

const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes())
}

/// The delimiter when the text is a table of delimited records: most of the
/// first records (read by the csv crate, so quoted cells may hold the
/// delimiter and line breaks) have the same number of fields, more than one,
/// not counting lines of one field before the table and after it (a title, 单位：
/// 万元, 注：…, as spreadsheets export them unpadded). A text export's tab-led
/// cells (the text form itself) are not TSV.
pub fn sniff_delimiter(text: &str) -> Option<u8> {
    if text.lines().any(|l| l.trim_start_matches(' ').starts_with('\t')) {
        return None;
    }
    DELIMITERS.into_iter().find(|&d| {
        let mut widths: Vec<usize> = reader(text, d)
            .records()
            .map_while(Result::ok)
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .take(30)
            .map(|r| r.len())
            .collect();
        let first = widths.iter().position(|&w| w > 1).unwrap_or(widths.len());
        let last = widths.iter().rposition(|&w| w > 1).map_or(first, |i| i + 1);
        let mut widths = widths.drain(first..last.max(first)).collect::<Vec<_>>();
        if widths.len() < 2 {
            return false;
        }
        let all = widths.len();
        widths.sort_unstable();
        let median = widths[all / 2];
        median >= 2 && widths.iter().filter(|&&w| w == median).count() * 5 >= all * 4
    })
}

/// The table as the text form: lines of one field before it and after it (a
/// title, 单位：万元, 注：…) as paragraphs, so they are read as a document's
/// title and notes. Unreadable records (a stray quote) keep what csv read.
pub fn to_text(text: &str, delimiter: u8) -> String {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .collect();
    let lone = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count() <= 1;
    let first = rows.iter().position(|r| !lone(r)).unwrap_or(rows.len());
    let last = rows.iter().rposition(|r| !lone(r)).map_or(first, |i| i + 1);
    let line = |r: &Vec<String>| r.iter().find(|c| !c.is_empty()).cloned();
    let mut out = TextForm::default();
    for p in rows[..first].iter().filter_map(line) {
        out.paragraph(&p);
    }
    out.table(&rows[first..last]);
    for p in rows[last..].iter().filter_map(line) {
        out.paragraph(&p);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), Some(b';'));
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), Some(b'\t'));
        assert_eq!(sniff_delimiter("\"x,y\",b\n1,2\n"), Some(b','));
        assert_eq!(sniff_delimiter("一句话。\n另一句话。\n"), None);
        // A title and a unit line before the table, a note after it, none of them padded.
        let titled = "重点项目表\n单位：万元\n序号,名称,总投资\n1,甲,3\n2,乙,4\n注：数据截至年底\n";
        assert_eq!(sniff_delimiter(titled), Some(b','));
        // Prose with a comma here and there stays prose.
        let prose = "总投资1,454.9亿元。\n另一句话。\n再一句话。\n第三句，含2,000个。\n";
        assert_eq!(sniff_delimiter(prose), None);
    }

    #[test]
    fn quoted_cells_with_breaks() {
        let text = to_text("序号,名称\r\n1,\"甲\n乙\"\r\n", b',');
        assert_eq!(text, "\t序号\n\t名称\n\n\t1\n\t甲\n乙\n\u{c}");
    }

    #[test]
    fn lines_around_the_table_are_paragraphs() {
        let text = to_text("重点项目表,,\n单位：万元\n名称,总投资\n甲,3\n注：截至年底\n", b',');
        assert!(text.starts_with("重点项目表\n单位：万元\n"), "{text:?}");
        assert!(text.trim_end_matches(['\n', '\u{c}']).ends_with("注：截至年底"), "{text:?}");
        assert!(!to_text("名称,总投资\n甲,3\n", b',').contains("甲\n\n甲"));
    }
}
