//! Small text helpers shared by the stages: width folding and numbers written
//! in Arabic or Chinese numerals.

/// Folds full-width ASCII (０-９, Ａ-Ｚ, ．, －, ％ …) and the ideographic space
/// to their ASCII forms, so "２０２２－２０２６" reads like "2022-2026".
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Folds only full-width digits and Latin letters ("G２３５" → "G235"), leaving
/// Chinese punctuation such as （） as written. For names and other text cells.
pub fn fold_alnum(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Removes all white space (documents wrap table cells and headers anywhere).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Value of a single Chinese digit (〇 to 九, with 两 and the financial forms).
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// True for characters that can be part of a Chinese numeral below 万.
pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// Parses a Chinese numeral below 万: "百" = 100, "一百二十" = 120, "十五" = 15,
/// "三" = 3. Returns None for anything else.
pub fn parse_chinese_numeral(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut pending: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            pending = Some(d as u64);
        } else if let Some(u) = chinese_unit(c) {
            total += pending.unwrap_or(1) * u;
            pending = None;
        } else {
            return None;
        }
    }
    Some((total + pending.unwrap_or(0)) as f64)
}

/// Parses an Arabic number with optional thousands separators: "1,234.5".
pub fn parse_arabic(s: &str) -> Option<f64> {
    let cleaned: String = s.chars().filter(|&c| c != ',').collect();
    if cleaned.is_empty() || cleaned.starts_with('.') || cleaned.ends_with('.') {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// All four-digit years (1900–2099) in a string, in order of appearance.
pub fn years_in(s: &str) -> Vec<i32> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: String = chars[start..i].iter().collect();
                if let Ok(y) = y.parse::<i32>() {
                    if (1900..2100).contains(&y) {
                        out.push(y);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Splits "市交通运输局、市发改局" into units (also on ，,；; and spaces).
pub fn split_units(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '/'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits on any of `seps` that stand outside brackets and quotes (（）()“”《》),
/// each piece keeping its separator when `keep` (a sentence its 。).
pub fn split_outside<'a>(text: &'a str, seps: &[char], keep: bool) -> Vec<&'a str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' | '“' | '《' => depth += 1,
            ')' | '）' | '”' | '》' => depth -= 1,
            _ if depth <= 0 && seps.contains(&c) => {
                out.push(&text[start..if keep { i + c.len_utf8() } else { i }]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if start < text.len() || !keep {
        out.push(&text[start..]);
    }
    out
}

/// "5年内", "力争五年内" → 5: a span of years from now, when one is said.
pub fn years_within(text: &str) -> Option<i32> {
    let t = fold_width(text);
    let at = t.find("年内")?;
    let before: String =
        t[..at].chars().rev().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十两".contains(*c)).collect();
    let n: String = before.chars().rev().collect();
    let n = n.parse::<i32>().ok().or_else(|| parse_chinese_numeral(&n).map(|v| v as i32))?;
    (1..=10).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_width("２０２２－２０２６　１１７．５"), "2022-2026 117.5");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_chinese_numeral("百"), Some(100.0));
        assert_eq!(parse_chinese_numeral("一百二十"), Some(120.0));
        assert_eq!(parse_chinese_numeral("十五"), Some(15.0));
        assert_eq!(parse_chinese_numeral("三千"), Some(3000.0));
        assert_eq!(parse_chinese_numeral("两"), Some(2.0));
        assert_eq!(parse_chinese_numeral("万"), None);
    }

    #[test]
    fn years() {
        assert_eq!(years_in("2022年-2026年"), vec![2022, 2026]);
        assert_eq!(years_in("G235国道 12345"), Vec::<i32>::new());
    }
}
