//! Money, exact: an integer count of 分 (0.01 元), read from the document's
//! decimal digits (never through a float), summed as integers, and turned into
//! 亿元 only to draw or print. 117 + 65.8 + … is 740.55, not 740.5500000000002.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::iter::Sum;
use std::ops::Add;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    fen: i64,
}

const FEN_PER_YI: i64 = 10_000_000_000;

impl Money {
    pub const ZERO: Money = Money { fen: 0 };

    /// A decimal written in a unit: ("65.8", 亿元), ("3000", 万元). None when the
    /// text is not a plain decimal number (commas as thousands separators are allowed).
    pub fn parse(number: &str, unit: MoneyUnit) -> Option<Money> {
        let t = number.trim();
        // Most cells have no thousands separator: read in place, no copy per cell.
        if t.contains(',') {
            Money::parse_digits(&t.replace(',', ""), unit)
        } else {
            Money::parse_digits(t, unit)
        }
    }

    /// [`Money::parse`] of a decimal without separators.
    fn parse_digits(t: &str, unit: MoneyUnit) -> Option<Money> {
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || int.len() > 15
        {
            return None;
        }
        // Digits past the 13th of the fraction are far below a 分 of any unit
        // (a 分 of 万亿元 is the 14th): dropped, so the number stays in an i128.
        let frac = frac.trim_end_matches('0');
        let frac = &frac[..frac.len().min(14)];
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        // value = digits / 10^scale units; fen = value × unit.yuan() × 100, rounded half up.
        // At most 29 digits: they fit an i128.
        let digits = int.bytes().chain(frac.bytes()).fold(0i128, |n, b| n * 10 + (b - b'0') as i128);
        let scale = 10i128.checked_pow(frac.len() as u32)?;
        let numerator = digits.checked_mul(unit.yuan() as i128 * 100)?;
        let fen = numerator.checked_mul(2)?.checked_add(scale)? / (2 * scale);
        let fen = i64::try_from(fen).ok()?;
        Some(Money { fen: if negative { -fen } else { fen } })
    }

    /// From 亿元 as a float (Arrow and JSON from elsewhere), rounded to the 分.
    pub fn from_yi(yi: f64) -> Option<Money> {
        let fen = (yi * FEN_PER_YI as f64).round();
        (fen.is_finite() && fen.abs() < 9e18).then_some(Money { fen: fen as i64 })
    }

    /// The exact amount in 分 (for columns of money).
    pub fn fen(self) -> i64 {
        self.fen
    }

    pub fn from_fen(fen: i64) -> Money {
        Money { fen }
    }

    /// This less `other`, held at the ends of the range as sums are (a hostile
    /// file's amounts must not wrap round).
    pub fn minus(self, other: Money) -> Money {
        Money { fen: self.fen.saturating_sub(other.fen) }
    }

    /// In 亿元: the float nearest the exact value (so it prints as the document wrote it).
    pub fn yi(self) -> f64 {
        self.fen as f64 / FEN_PER_YI as f64
    }

    /// Exact decimal text in 亿元 with no trailing zeros: "740.55", "0.3", "117".
    pub fn yi_text(self) -> String {
        let sign = if self.fen < 0 { "-" } else { "" };
        let fen = self.fen.unsigned_abs();
        let (int, frac) = (fen / FEN_PER_YI as u64, fen % FEN_PER_YI as u64);
        if frac == 0 {
            format!("{sign}{int}")
        } else {
            let frac = format!("{frac:010}");
            format!("{sign}{int}.{}", frac.trim_end_matches('0'))
        }
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money { fen: self.fen.saturating_add(other.fen) }
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

/// JSON carries 亿元 as a number, written from the exact decimal.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.yi())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let yi = f64::deserialize(d)?;
        Money::from_yi(yi).ok_or_else(|| serde::de::Error::custom("investment out of range"))
    }
}

/// Rounds half up (四舍五入, as Chinese statistics print) to `places` decimals and
/// writes the result: 60.525 → "60.53". The float is read as the shortest decimal
/// that stands for it (60.525, not 60.52499…), and that decimal is rounded.
pub fn round_half_up(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let shortest = x.abs().to_string();
    let (int, frac) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let frac = format!("{frac:0<width$}", width = places + 1);
    let mut digits: Vec<u8> = format!("{int}{}", &frac[..places]).into_bytes();
    if frac.as_bytes()[places] >= b'5' {
        // Carry from the last kept digit leftwards: 9.995 → 10.00.
        let mut i = digits.len();
        while i > 0 && digits[i - 1] == b'9' {
            digits[i - 1] = b'0';
            i -= 1;
        }
        if i == 0 {
            digits.insert(0, b'1');
        } else {
            digits[i - 1] += 1;
        }
    }
    let digits = String::from_utf8(digits).unwrap_or_default();
    let (int, frac) = digits.split_at(digits.len() - places);
    let sign = if x < 0.0 && digits.bytes().any(|b| b != b'0') { "-" } else { "" };
    if places == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// The unit a money figure is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    /// 千元 (thousands: finance tables, `k` in English).
    Qian,
    Wan,
    /// 百万元 (millions, in English tables).
    Baiwan,
    Yi,
    /// 十亿元 (billions, in English tables).
    Shiyi,
    /// 万亿元: national plans and provincial totals.
    WanYi,
}

impl MoneyUnit {
    pub fn parse(s: &str) -> Option<MoneyUnit> {
        match s.trim() {
            "元" | "yuan" => Some(MoneyUnit::Yuan),
            "千元" => Some(MoneyUnit::Qian),
            "万元" | "万" | "wan" => Some(MoneyUnit::Wan),
            "百万元" => Some(MoneyUnit::Baiwan),
            "亿元" | "亿" | "yi" => Some(MoneyUnit::Yi),
            "十亿元" => Some(MoneyUnit::Shiyi),
            "万亿元" | "万亿" => Some(MoneyUnit::WanYi),
            _ => None,
        }
    }

    /// The unit's name, as a mapping writes it (`investment:万元`).
    pub fn name(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Qian => "千元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Baiwan => "百万元",
            MoneyUnit::Yi => "亿元",
            MoneyUnit::Shiyi => "十亿元",
            MoneyUnit::WanYi => "万亿元",
        }
    }

    /// The unit a header or cell names: 亿元 / 万元 / 元 (and 千元, 百万元, 十亿元).
    pub fn in_text(t: &str) -> Option<MoneyUnit> {
        if t.contains("万亿") {
            Some(MoneyUnit::WanYi)
        } else if t.contains("十亿") {
            Some(MoneyUnit::Shiyi)
        } else if t.contains('亿') {
            Some(MoneyUnit::Yi)
        } else if t.contains("百万") {
            Some(MoneyUnit::Baiwan)
        } else if t.contains('万') {
            Some(MoneyUnit::Wan)
        } else if t.contains("千元") {
            Some(MoneyUnit::Qian)
        } else if t.contains("(元)") || t.contains("（元）") || t.ends_with('元') {
            Some(MoneyUnit::Yuan)
        } else {
            None
        }
    }

    /// How many 元 one of this unit is.
    pub fn yuan(self) -> i64 {
        match self {
            MoneyUnit::Yuan => 1,
            MoneyUnit::Qian => 1_000,
            MoneyUnit::Wan => 10_000,
            MoneyUnit::Baiwan => 1_000_000,
            MoneyUnit::Yi => 100_000_000,
            MoneyUnit::Shiyi => 1_000_000_000,
            MoneyUnit::WanYi => 1_000_000_000_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_sums() {
        let cells = ["117", "65.8", "1.95", "0.3"];
        let total: Money = cells.iter().map(|c| Money::parse(c, MoneyUnit::Yi).unwrap()).sum();
        assert_eq!(total.yi_text(), "185.05");
        assert_eq!(total.yi().to_string(), "185.05");
        assert_eq!(Money::parse("3000", MoneyUnit::Wan).unwrap().yi_text(), "0.3");
        assert_eq!(Money::parse("1,234.5", MoneyUnit::Wan).unwrap().yi_text(), "0.12345");
        assert_eq!(Money::parse("12345678", MoneyUnit::Yuan).unwrap().yi_text(), "0.12345678");
        assert_eq!(Money::parse("x", MoneyUnit::Yi), None);
        assert_eq!(Money::parse(".", MoneyUnit::Yi), None);
        assert_eq!(Money::from_yi(740.55).unwrap().yi_text(), "740.55");
    }

    #[test]
    fn long_fractions_keep_their_value() {
        // Decimals as engines store them (scale 31, 40): trailing zeros are no digits.
        let fen = |t: &str, u| Money::parse(t, u).map(Money::fen);
        assert_eq!(fen("1.5000000000000000000000000000000", MoneyUnit::Yuan), Some(150));
        assert_eq!(fen(&format!("1.5{}", "0".repeat(38)), MoneyUnit::Wan), Some(1_500_000));
        assert_eq!(fen(&format!("0.{}1", "0".repeat(40)), MoneyUnit::Yi), Some(0));
        assert_eq!(fen("2.005", MoneyUnit::Yuan), Some(201), "half up at the 分");
        assert_eq!(fen("1", MoneyUnit::Baiwan), Some(100_000_000));
        assert_eq!(fen("1", MoneyUnit::Qian), Some(100_000));
        // Twenty-eight digits of 亿元: in an i128 as 分 but not doubled to round (found by fuzzing).
        assert_eq!(fen(&format!("{}.{}", "9".repeat(15), "9".repeat(13)), MoneyUnit::Yi), None);
    }

    /// The reading before it read cells in place: the reference the property holds it to.
    fn parse_by_copies(number: &str, unit: MoneyUnit) -> Option<Money> {
        let t: String = number.trim().chars().filter(|&c| c != ',').collect();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || int.len() > 15
        {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        let frac = &frac[..frac.len().min(14)];
        let digits: i128 = format!("{int}{frac}").parse().ok()?;
        let scale = 10i128.checked_pow(frac.len() as u32)?;
        let numerator = digits.checked_mul(unit.yuan() as i128 * 100)?;
        let fen = numerator.checked_mul(2)?.checked_add(scale)? / (2 * scale);
        let fen = i64::try_from(fen).ok()?;
        Some(Money { fen: if negative { -fen } else { fen } })
    }

    proptest::proptest! {
        #[test]
        fn parse_in_place_reads_as_by_copies(text in "[ ,+-]?[0-9,]{0,18}(\\.[0-9,]{0,20})?[ ]?|-?\\.0*|[0-9.,x-]{0,6}", unit in 0usize..7) {
            let unit = [MoneyUnit::Yuan, MoneyUnit::Qian, MoneyUnit::Wan, MoneyUnit::Baiwan, MoneyUnit::Yi, MoneyUnit::Shiyi, MoneyUnit::WanYi][unit];
            proptest::prop_assert_eq!(Money::parse(&text, unit), parse_by_copies(&text, unit), "{:?}", text);
        }
    }

    #[test]
    fn half_up() {
        assert_eq!(round_half_up(60.525, 2), "60.53");
        assert_eq!(round_half_up(0.125, 2), "0.13");
        assert_eq!(round_half_up(2.5, 0), "3");
        assert_eq!(round_half_up(9.995, 2), "10.00");
        assert_eq!(round_half_up(-1.005, 2), "-1.01");
        assert_eq!(round_half_up(740.55, 1), "740.6");
        assert_eq!(round_half_up(0.0004, 2), "0.00");
    }
}
