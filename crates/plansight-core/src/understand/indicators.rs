//! Prose → indicators. Finds every quantified target and baseline
//! figure in the plan's paragraphs and pairs a baseline with the target that
//! names the same metric.
//!
//! How a paragraph is read:
//! - its section decides what a figure is: under 行动基础/现状/成效 a figure is a
//!   baseline; under 目标 or an action (任务/行动, not 背景) a figure is a target;
//!   elsewhere only figures after an explicit "到2025年" count (as targets);
//! - sentences split on 。；, clauses on ，、; a clause holds a figure when a
//!   number (Arabic, or a Chinese numeral right after a verb such as 突破) is
//!   followed by a unit (%, 个, 亿元, 万人次 …). Codes such as G60 or 5G and years
//!   (2025年) are not figures;
//! - in a target section a figure counts when the sentence has a year marker
//!   (到2025年) before it, or a comparing word (达到, 突破, 以上 …) around it.

use super::document::{Block, Document};
use crate::model::{Comparator, Indicator, IndicatorKind};
use crate::read::text::{fold_width, is_chinese_numeral, parse_arabic, parse_chinese_numeral, years_in};

/// Units a figure may carry, longest first so "万人次" wins over "人次".
const UNITS: [&str; 37] = [
    "个百分点",
    "万平方米",
    "平方公里",
    "万人次",
    "万标箱",
    "人次",
    "亿元",
    "万元",
    "万人",
    "万亩",
    "万吨",
    "公里",
    "千米",
    "平方米",
    "%",
    "个",
    "家",
    "名",
    "所",
    "条",
    "场",
    "项",
    "台",
    "套",
    "吨",
    "处",
    "座",
    "人",
    "次",
    "倍",
    "天",
    "亩",
    "辆",
    "件",
    "批",
    "支",
    "户",
];

/// Words before a number that say how the figure compares.
const BEFORE: [(&str, Comparator); 14] = [
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("超过", Comparator::AtLeast),
    ("突破", Comparator::AtLeast),
    ("高于", Comparator::AtLeast),
    ("大于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("低于", Comparator::AtMost),
    ("达到", Comparator::Eq),
    ("达", Comparator::Eq),
    ("约", Comparator::About),
    ("近", Comparator::About),
];

/// Words after a unit that say how the figure compares.
const AFTER: [(&str, Comparator); 5] = [
    ("以上", Comparator::AtLeast),
    ("以内", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("左右", Comparator::About),
    ("上下", Comparator::About),
];

/// Leading words that carry no meaning for the metric's name.
const FILLER: [&str; 6] = ["力争", "到", "至", "全面", "基本", "实现"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Baseline,
    Target,
    /// Only figures after an explicit year marker count.
    YearOnly,
}

fn mode_of(level1: &str, level2: &str) -> Mode {
    let baseline_words = ["基础", "现状", "成效", "成就", "回顾"];
    if baseline_words.iter().any(|w| level2.contains(w)) {
        return Mode::Baseline;
    }
    let in_background = level1.contains("背景") || level1.contains("形势");
    let target_words = ["目标", "任务", "行动", "举措"];
    if !in_background && target_words.iter().any(|w| level2.contains(w) || level1.contains(w)) {
        return Mode::Target;
    }
    Mode::YearOnly
}

/// Extracts indicators from all paragraphs of a document, in document order, paired.
pub fn extract(doc: &Document) -> Vec<Indicator> {
    let (mut level1, mut level2) = (String::new(), String::new());
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level: 1, title, .. } => {
                level1 = title.clone();
                level2.clear();
            }
            Block::Heading { level: 2, title, .. } => level2 = title.clone(),
            Block::Paragraph { text, line } => {
                let section = if level2.is_empty() { level1.clone() } else { level2.clone() };
                read_paragraph(text, *line, mode_of(&level1, &level2), &section, &mut out);
            }
            _ => {}
        }
    }
    pair(&mut out);
    out
}

/// One figure found in a clause.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    metric: String,
    value: f64,
    unit: String,
    comparator: Comparator,
    /// A comparing word was written (达到, 以上 …), not assumed.
    explicit: bool,
}

fn read_paragraph(text: &str, line: u32, mode: Mode, section: &str, out: &mut Vec<Indicator>) {
    let text = fold_width(text);
    for sentence in text.split_inclusive(['。', '；', '!', '！', '?', '？']) {
        let sentence_trim = sentence.trim();
        let mut year: Option<i32> = None;
        for clause in sentence.split(['，', ',', '、', '：', ':']) {
            if let Some(y) = year_marker(clause) {
                year = Some(y);
            }
            for fig in figures(clause) {
                let kind = match mode {
                    Mode::Baseline => IndicatorKind::Baseline,
                    Mode::Target if year.is_some() || fig.explicit => IndicatorKind::Target,
                    Mode::YearOnly if year.is_some() => IndicatorKind::Target,
                    _ => continue,
                };
                out.push(Indicator {
                    kind,
                    metric: fig.metric,
                    value: fig.value,
                    unit: fig.unit,
                    comparator: fig.comparator,
                    year: if kind == IndicatorKind::Target { year } else { None },
                    section: section.to_string(),
                    sentence: sentence_trim.to_string(),
                    line,
                    pair: None,
                });
            }
        }
    }
}

/// "到2025年", "至2025年", "2025年前", "2025年底" → 2025.
fn year_marker(clause: &str) -> Option<i32> {
    let years = years_in(clause);
    let y = *years.last()?;
    let s = y.to_string();
    let marked = ["到", "至", "力争"].iter().any(|p| clause.contains(&format!("{p}{s}年")))
        || ["年前", "年底", "年末"].iter().any(|p| clause.contains(&format!("{s}{p}")));
    marked.then_some(y)
}

/// All figures in a clause (usually one).
fn figures(clause: &str) -> Vec<Figure> {
    let chars: Vec<char> = clause.chars().collect();
    let mut out = Vec::new();
    let mut metric_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let Some((value, num_end)) = number_at(&chars, i) else {
            i += 1;
            continue;
        };
        let before: String = chars[metric_start..i].iter().collect();
        let chinese = is_chinese_numeral(chars[i]);
        // Codes (G60, S217, 5G) are not quantities.
        let after_letter = i > 0 && chars[i - 1].is_ascii_alphabetic();
        let mut j = num_end;
        let more = chars.get(j) == Some(&'多');
        if more {
            j += 1;
        }
        let rest: String = chars[j..].iter().collect();
        let unit = UNITS.iter().find(|u| rest.starts_with(*u));
        let before_word = BEFORE.iter().find(|(w, _)| before.ends_with(w));
        match unit {
            // A Chinese numeral counts only right after a comparing verb (突破百亿元),
            // so idioms such as 万亩千亿 or 五大产业 are not read as figures.
            Some(unit) if !after_letter && (!chinese || before_word.is_some_and(|(_, c)| *c != Comparator::About)) => {
                let unit_end = j + unit.chars().count();
                let tail: String = chars[unit_end..].iter().collect();
                let after_word = AFTER.iter().find(|(w, _)| tail.starts_with(w));
                let comparator = if more {
                    Comparator::AtLeast
                } else {
                    after_word.or(before_word).map_or(Comparator::Eq, |(_, c)| *c)
                };
                let metric_before = before_word.map_or(before.as_str(), |(w, _)| &before[..before.len() - w.len()]);
                let head = clean_metric(metric_before);
                let tail = clean_metric(tail[after_word.map_or(0, |(w, _)| w.len())..].trim_start_matches('的'));
                // The counted thing follows the number when nothing names it before:
                // "28所学校…", "规划4条精品线路", "杭州东站等3条客运专线", "投资50亿元的…项目".
                let metric =
                    if head.chars().count() <= 2 || head.ends_with('等') || rest_after_unit_is_de(&chars, unit_end) {
                        format!(
                            "{}{}",
                            if head.ends_with('等') || head.chars().count() > 2 { "" } else { head.as_str() },
                            tail
                        )
                    } else {
                        head
                    };
                out.push(Figure {
                    metric,
                    value,
                    unit: unit.to_string(),
                    comparator,
                    explicit: before_word.is_some() || after_word.is_some() || more,
                });
                i = unit_end + after_word.map_or(0, |(w, _)| w.chars().count());
                metric_start = i;
            }
            _ => i = num_end,
        }
    }
    out
}

fn rest_after_unit_is_de(chars: &[char], unit_end: usize) -> bool {
    chars.get(unit_end) == Some(&'的')
}

/// A number starting at `i`: Arabic digits with a decimal point, or a Chinese numeral.
fn number_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let c = chars[i];
    if c.is_ascii_digit() {
        if i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.') {
            return None;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit() || (chars[j] == '.' && chars.get(j + 1).is_some_and(|d| d.is_ascii_digit())))
        {
            j += 1;
        }
        let s: String = chars[i..j].iter().collect();
        return parse_arabic(&s).map(|v| (v, j));
    }
    if is_chinese_numeral(c) && (i == 0 || !is_chinese_numeral(chars[i - 1])) {
        let mut j = i;
        while j < chars.len() && is_chinese_numeral(chars[j]) {
            j += 1;
        }
        let s: String = chars[i..j].iter().collect();
        return parse_chinese_numeral(&s).map(|v| (v, j));
    }
    None
}

fn clean_metric(s: &str) -> String {
    let mut m = s.trim().trim_matches(|c: char| c.is_ascii_punctuation() || "，。；：、（）".contains(c)).to_string();
    // Drop a leading year marker and filler words ("力争到2025年，").
    loop {
        let before = m.clone();
        for f in FILLER {
            if let Some(rest) = m.strip_prefix(f) {
                m = rest.to_string();
            }
        }
        if let Some(pos) = m.find('年') {
            let head = &m[..pos];
            if head.len() == 4 && head.chars().all(|c| c.is_ascii_digit()) {
                m = m[pos + '年'.len_utf8()..].to_string();
            }
        }
        if m == before {
            break;
        }
    }
    m.trim().to_string()
}

/// The part of a metric that names the thing counted: quotes, "X等" lists and
/// leading verbs removed ("建成“诸暨岛”等离岛式平台" → "离岛式平台").
fn metric_core(metric: &str) -> String {
    let m: String = metric.chars().filter(|c| !"“”\"'《》".contains(*c)).collect();
    let m = m.rsplit_once('等').map_or(m.as_str(), |(_, rest)| rest);
    let verbs = ["建成", "建立", "引进", "设立", "打造", "培育", "累计", "共建", "形成"];
    let mut m = m.to_string();
    for v in verbs {
        if let Some(rest) = m.strip_prefix(v) {
            m = rest.to_string();
        }
    }
    m
}

/// A target for an amount added or a rate (新增, 新引进, 每年, 增速) is a flow, not
/// a level: comparing it with a baseline level would mislead, so it is not paired.
fn is_flow(metric: &str) -> bool {
    ["新增", "新引进", "新建", "每年", "年均", "增速", "增长"].iter().any(|w| metric.contains(w))
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

/// Pairs each baseline with the first later target of the same unit whose metric
/// names the same thing (a shared ending of three or more characters).
fn pair(indicators: &mut [Indicator]) {
    for t in 0..indicators.len() {
        if indicators[t].kind != IndicatorKind::Target || is_flow(&indicators[t].metric) {
            continue;
        }
        let target_core = metric_core(&indicators[t].metric);
        let found = (0..indicators.len()).find(|&b| {
            let base = &indicators[b];
            base.kind == IndicatorKind::Baseline
                && base.pair.is_none()
                && base.unit == indicators[t].unit
                && common_suffix_chars(&metric_core(&base.metric), &target_core) >= 3
        });
        if let Some(b) = found {
            indicators[b].pair = Some(t);
            indicators[t].pair = Some(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(clause: &str) -> Figure {
        let f = figures(clause);
        assert_eq!(f.len(), 1, "{clause}: {f:?}");
        f.into_iter().next().unwrap()
    }

    #[test]
    fn reads_figures() {
        let f = one("全社会R&D经费支出占GDP比重达3.3%");
        assert_eq!(
            (f.metric.as_str(), f.value, f.unit.as_str(), f.comparator),
            ("全社会R&D经费支出占GDP比重", 3.3, "%", Comparator::Eq)
        );
        let f = one("基金规模突破500亿元");
        assert_eq!((f.metric.as_str(), f.value, f.comparator), ("基金规模", 500.0, Comparator::AtLeast));
        let f = one("规上数字经济核心产业制造业产值突破百亿元");
        assert_eq!((f.value, f.unit.as_str()), (100.0, "亿元"));
        let f = one("每年投资新兴产业项目50个以上");
        assert_eq!((f.metric.as_str(), f.comparator), ("每年投资新兴产业项目", Comparator::AtLeast));
        let f = one("高水平承办省级以上各类体育赛事活动100多场");
        assert_eq!((f.value, f.unit.as_str(), f.comparator), (100.0, "场", Comparator::AtLeast));
        assert_eq!(one("国内外游客突破540万人次").unit, "万人次");
        assert_eq!(one("28所学校与杭州名校（高校）实现结对共建").metric, "学校与杭州名校（高校）实现结对共建");
    }

    #[test]
    fn skips_codes_idioms_and_years() {
        assert!(figures("高标准建设诸暨G60创新港").is_empty());
        assert!(figures("依托诸暨智能视觉“万亩千亿”新产业平台建设").is_empty());
        assert!(figures("以“5G+智慧医疗”为抓手").is_empty());
        assert!(figures("2023年实现全覆盖").is_empty());
        assert!(figures("全面对接杭州五大产业生态圈").is_empty());
    }

    #[test]
    fn year_markers() {
        assert_eq!(year_marker("力争到2025年"), Some(2025));
        assert_eq!(year_marker("2025年底前完成"), Some(2025));
        assert_eq!(year_marker("《杭州都市圈发展规划（2020-2035年）》"), None);
    }

    #[test]
    fn pairs_baseline_with_target() {
        let doc = Document::parse("一、行动背景\n（一）行动基础\n建成“诸暨岛”等离岛式平台5个，引进名医工作室93家。\n三、重点任务\n（二）实施产业行动\n力争到2025年，建成离岛式平台8个，新引进名医工作室20个。");
        let ind = extract(&doc);
        assert_eq!(ind.len(), 4, "{ind:?}");
        assert_eq!(ind[0].kind, IndicatorKind::Baseline);
        assert_eq!(ind[0].pair, Some(2));
        assert_eq!(ind[2].pair, Some(0));
        assert_eq!(ind[2].year, Some(2025));
        assert_eq!(ind[2].section, "实施产业行动");
        assert_eq!(ind[3].pair, None, "新引进 is a flow, not a level");
    }
}
