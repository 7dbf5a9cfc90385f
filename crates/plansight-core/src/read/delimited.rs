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
/// delimiter and line breaks) have the same number of fields, more than one. A
/// text export's tab-led cells (the text form itself) are not TSV.
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
        if widths.len() < 2 {
            return false;
        }
        let all = widths.len();
        widths.sort_unstable();
        let median = widths[all / 2];
        median >= 2 && widths.iter().filter(|&&w| w == median).count() * 5 >= all * 4
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
