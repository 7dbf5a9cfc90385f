//! Reader: CSV and TSV (as Excel in China saves them: GBK or UTF-8 with BOM,
//! comma, tab or semicolon, CRLF, quoted cells with line breaks) → one table in
//! the [text form](crate::textform). Decoding happened before (stage `decode`).

use crate::textform::TextForm;

const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// The first records of the text (a quoted cell may hold line breaks), and the
/// count of each delimiter outside quotes in each.
fn record_counts(text: &str, max: usize) -> Vec<[usize; 3]> {
    let mut out = Vec::new();
    let (mut quoted, mut counts, mut blank) = (false, [0usize; 3], true);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                if !blank {
                    out.push(counts);
                    if out.len() == max {
                        return out;
                    }
                }
                (counts, blank) = ([0; 3], true);
                continue;
            }
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d as char == c) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
        blank &= c.is_whitespace();
    }
    if !blank {
        out.push(counts);
    }
    out
}

/// The delimiter when the text is a table of delimited records: most of the
/// first records hold the same, non-zero count of it. A text export's tab-led
/// cells (the text form itself) are not TSV.
pub fn sniff_delimiter(text: &str) -> Option<u8> {
    if text.lines().any(|l| l.trim_start_matches(' ').starts_with('\t')) {
        return None;
    }
    let records = record_counts(text, 30);
    if records.len() < 2 {
        return None;
    }
    (0..DELIMITERS.len())
        .find(|&d| {
            let mut counts: Vec<usize> = records.iter().map(|r| r[d]).collect();
            counts.sort_unstable();
            let median = counts[counts.len() / 2];
            let agreeing = counts.iter().filter(|&&c| c == median).count();
            median >= 1 && agreeing * 5 >= records.len() * 4
        })
        .map(|d| DELIMITERS[d])
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
