//! Reader: CSV and TSV (as Excel in China saves them: GBK or UTF-8 with BOM,
//! comma, tab or semicolon, CRLF, quoted cells with line breaks) → one table in
//! the [text form](crate::textform). Decoding happened before (stage `decode`).

use crate::textform::TextForm;

const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// The separators outside quotes on one line.
fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == delimiter && !quoted
        })
        .count()
}

/// The delimiter when the text is a table of delimited lines: most of the first
/// lines hold the same, non-zero count of it. A text export's tab-led cells (the
/// text form itself) are not TSV.
pub fn sniff_delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    if lines.len() < 2 || lines.iter().any(|l| l.trim_start_matches(' ').starts_with('\t')) {
        return None;
    }
    DELIMITERS.into_iter().find(|&d| {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        let agreeing = counts.iter().filter(|&&c| c == median).count();
        median >= 1 && agreeing * 5 >= lines.len() * 4
    })
}

/// The table as the text form. Unreadable records (a stray quote) keep what csv read.
pub fn to_text(text: &str, delimiter: u8) -> String {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .collect();
    let mut out = TextForm::default();
    out.table(&rows);
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
    }

    #[test]
    fn quoted_cells_with_breaks() {
        let text = to_text("序号,名称\r\n1,\"甲\n乙\"\r\n", b',');
        assert_eq!(text, "\t序号\n\t名称\n\n\t1\n\t甲\n乙\n\u{c}");
    }
}
