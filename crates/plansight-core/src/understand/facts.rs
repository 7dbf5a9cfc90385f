//! The document itself: its title, 文号, issuer, date and plan window.
//!
//! - **Title**: among the lines before the body (no numbering, no full stop),
//!   a line naming the document: "…关于…的通知/意见/方案…" first (a title that
//!   wraps onto a second line is joined), else a plan's name ending in its
//!   genre (…三年行动计划（2023—2025年）, …工作要点, …实施方案); failing both,
//!   a news item's headline (the line above 本报讯/记者…); else the plan an
//!   annex table's title names. A numbered heading is never a title.
//! - **文号**: a line of its own of the form 某政发〔2023〕12号.
//! - **Date**: a line of its own holding only a date (2023年5月12日, 二〇二三年五月十二日).
//! - **Issuer**: the signature line just above that date, else the body named
//!   before 关于 in the title.
//! - **Window**: years in the title ((2023—2025年) → 2023–2025; one year of an
//!   annual plan → that year), else in a plan named in 《》 in the text; "三年
//!   行动" with no years counts from the document's year, "5年内" likewise;
//!   "十四五" → 2021–2025; else a period the body states from the document's
//!   year on (用3年时间（2024—2026年）, 自2024年起…三年行动; never a project's
//!   建设期). A report on a quarter or on how things stand has no window.
//! - A joint document signs with one body per line above the date: all of
//!   them, in order, are the issuer.

use super::document::{Block, Document};
use crate::model::Facts;
use crate::read::text::{fold_width, parse_chinese_numeral, years_in, years_within};

/// Genres a document's title ends with.
const GENRES: [&str; 24] = [
    "通知", "意见", "方案", "计划", "规划", "办法", "决定", "批复", "公示", "公告", "通报", "报告", "要点", "纲要",
    "措施", "细则", "清单", "目标", "函", "条例", "规定", "安排", "体系", "政策",
];

/// How many prose lines at the top of a document may hold its title and 文号.
const HEAD_LINES: usize = 12;

/// What the document says of itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
    pub title: Option<String>,
    pub facts: Facts,
    pub window: Option<(i32, i32)>,
}

/// The prose lines of a document, in order, with whether they carry numbering.
fn lines(doc: &Document) -> Vec<(&str, bool)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            // A bullet (——) opens a report's date line as often as a list item: not numbering here.
            Block::Paragraph { text, marker, .. } => {
                Some((text.as_str(), marker.is_some_and(|m| m.style != super::document::Numbering::Bullet)))
            }
            Block::Heading { title, marker, .. } => {
                Some((title.as_str(), marker.is_some() || matches!(b, Block::Heading { level: 1..=3, .. })))
            }
            Block::Table(_) => None,
        })
        .collect()
}

fn genre_end(t: &str) -> bool {
    let t = strip_period(t);
    GENRES.iter().any(|g| t.ends_with(g))
}

/// "…行动计划（2023—2025年）" → "…行动计划"; "…政府工作报告（摘要）" → "…政府工作报告".
fn strip_period(t: &str) -> &str {
    let t = t.trim();
    const NOTES: [&str; 6] = ["摘要", "试行", "征求意见稿", "送审稿", "修订", "暂行"];
    match t.rfind(['（', '(']) {
        Some(at)
            if (t.ends_with('）') || t.ends_with(')'))
                && (!years_in(&fold_width(&t[at..])).is_empty() || NOTES.iter().any(|n| t[at..].contains(n))) =>
        {
            &t[..at]
        }
        _ => t,
    }
}

fn title_like(t: &str) -> bool {
    let n = t.chars().count();
    (6..=90).contains(&n) && !t.contains('。') && !t.contains('；') && !t.ends_with('：') && !t.ends_with('表')
}

/// The document's title, if a line names it.
fn title(lines: &[(&str, bool)]) -> Option<String> {
    let head = &lines[..lines.len().min(HEAD_LINES)];
    // "…关于…的通知", joined with the next line when it wraps.
    for (i, (t, numbered)) in head.iter().enumerate() {
        if *numbered || !t.contains("关于") || t.contains('。') {
            continue;
        }
        if title_like(t) && genre_end(t) {
            return Some(t.trim().to_string());
        }
        if let Some((next, false)) = head.get(i + 1) {
            let joined = format!("{}{}", t.trim(), next.trim());
            if title_like(&joined) && genre_end(next) && next.chars().count() <= 30 {
                return Some(joined);
            }
        }
    }
    // A plan's name: a line ending in its genre, not a heading or a sentence;
    // its period may stand on the line below: "（2024—2025年）".
    let at = head.iter().position(|(t, numbered)| {
        !numbered && title_like(t) && genre_end(t) && !t.contains('，') && !t.starts_with('《')
    })?;
    let mut name = head[at].0.trim().to_string();
    if let Some((next, _)) = head.get(at + 1) {
        let n = next.trim();
        let period = (n.starts_with('（') || n.starts_with('('))
            && n.chars().count() <= 14
            && years_in(&fold_width(n)).len() >= 2;
        if period {
            name.push_str(n);
        }
    }
    Some(name)
}

/// A news item's headline: its first line, when the next opens the report
/// (本报讯, 记者从…获悉, 新华社 …).
fn headline(lines: &[(&str, bool)]) -> Option<String> {
    let [(first, false), (next, _), ..] = lines else { return None };
    let opens = ["本报讯", "记者", "（记者", "(记者", "新华社", "讯"];
    let next = next.trim();
    let reports =
        opens.iter().any(|w| next.starts_with(w)) || next.chars().take(16).collect::<String>().contains("记者");
    (reports && title_like(first) && !first.contains('，') && first.chars().count() <= 40)
        .then(|| first.trim().to_string())
}

/// 某政发〔2023〕12号 on a line of its own.
fn doc_no(lines: &[(&str, bool)]) -> Option<String> {
    lines[..lines.len().min(HEAD_LINES)].iter().find_map(|(t, _)| {
        let t = t.trim();
        let folded = fold_width(t);
        let open = folded.find(['〔', '[', '【'])?;
        let close = folded.find(['〕', ']', '】'])?;
        let year = folded.get(open + folded[open..].chars().next()?.len_utf8()..close)?;
        let is_no = t.chars().count() <= 30
            && open > 0
            && year.len() == 4
            && year.chars().all(|c| c.is_ascii_digit())
            && folded.ends_with('号')
            && !folded.contains('，');
        is_no.then(|| t.to_string())
    })
}

/// A line that is only a date: "2023年5月12日", "二〇二三年五月十二日" → "2023-05-12".
pub fn date_line(t: &str) -> Option<String> {
    let t = fold_width(t.trim());
    // "（2024年1月18日在…会议上）", "——2024年1月18日在…": a report's date line.
    let t = t.trim_start_matches(['(', '—', '-']).trim_end_matches(')');
    let t = t
        .split_once('日')
        .filter(|(_, rest)| rest.starts_with('在'))
        .map_or(t, |(d, _)| &t[..d.len() + '日'.len_utf8()]);
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let number = |s: &str| -> Option<u32> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            parse_chinese_numeral(s).map(|v| v as u32)
        }
    };
    let year: u32 = if y.chars().all(|c| c.is_ascii_digit()) {
        y.parse().ok()?
    } else {
        // 二〇二三: digit by digit.
        y.chars()
            .map(|c| parse_chinese_numeral(&c.to_string()).map(|v| v as u32))
            .collect::<Option<Vec<_>>>()?
            .iter()
            .fold(0, |a, d| a * 10 + d)
    };
    let (month, day) = (number(m)?, number(d)?);
    ((1900..2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Bodies that sign documents.
fn is_issuer(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    (2..=30).contains(&n)
        && !t.contains(['，', '。', '：', ':'])
        && [
            "人民政府",
            "办公室",
            "委员会",
            "局",
            "厅",
            "委",
            "部",
            "院",
            "政府",
            "办",
            "中心",
            "小组",
            "会",
            "银行",
            "署",
        ]
        .iter()
        .any(|s| t.ends_with(s))
}

/// The date line and the signature above it (the first such pair: a notice
/// that wraps a plan signs before the plan starts).
fn signature(lines: &[(&str, bool)]) -> (Option<String>, Option<String>) {
    for (i, (t, numbered)) in lines.iter().enumerate() {
        if *numbered {
            continue;
        }
        if let Some(date) = date_line(t) {
            // A joint document signs with one body per line, all above the date.
            let mut signers: Vec<&str> = lines[..i]
                .iter()
                .rev()
                .take(6)
                .take_while(|(s, n)| !n && is_issuer(s))
                .map(|(s, _)| s.trim())
                .collect();
            signers.reverse();
            let issuer = (!signers.is_empty()).then(|| signers.join(" "));
            return (issuer, Some(date));
        }
    }
    (None, None)
}

/// The window named in a text: (2023—2025年) → (2023, 2025); one year of an
/// annual plan → (y, y); "三年行动" with no years → None (counted from the date by the caller).
fn window_in(name: &str) -> Option<(i32, i32)> {
    let folded = fold_width(name);
    let years = years_in(&folded);
    match years.as_slice() {
        [a, b, ..] if a <= b && b - a <= 15 => Some((*a, *b)),
        [y] => {
            // "2023年工作要点", "2024年重点建设项目计划": a plan for one year; a
            // report on a quarter or on how things stand plans nothing.
            let report = ["季度", "半年", "情况"].iter().any(|w| folded.contains(w));
            let annual = folded.contains(&format!("{y}年"))
                && !folded.contains(&format!("到{y}"))
                && !folded.contains("三年")
                && !report;
            annual.then_some((*y, *y))
        }
        _ => None,
    }
}

/// The plan's period as the body of a dated document states it: a range that
/// does not start before the document's year ("用3年时间（2024—2026年）",
/// "2024—2027年重点实施…"), or "自2024年起…三年行动". Earlier ranges report the past.
fn body_window(lines: &[(&str, bool)], year: i32) -> Option<(i32, i32)> {
    lines.iter().take(HEAD_LINES * 2).find_map(|(t, _)| {
        let folded = fold_width(t);
        // Clauses, so a project's 建设期2024—2026年 is no plan's period.
        folded.split(['。', '，', '；']).find_map(|sentence| {
            const PROJECT: [&str; 6] = ["建设期", "项目", "开工", "建成", "竣工", "投资"];
            if PROJECT.iter().any(|w| sentence.contains(w)) {
                return None;
            }
            let years = years_in(sentence);
            let range = years.windows(2).find_map(|w| {
                let (a, b) = (w[0], w[1]);
                let written = [format!("{a}—{b}年"), format!("{a}-{b}年"), format!("{a}年—{b}年")];
                (a >= year && a < b && b - a <= 10 && written.iter().any(|r| sentence.contains(r.as_str())))
                    .then_some((a, b))
            });
            range.or_else(|| {
                let from = years
                    .iter()
                    .copied()
                    .find(|y| *y >= year && ["自", "从"].iter().any(|p| sentence.contains(&format!("{p}{y}年起"))))?;
                let n = span_words(sentence)?;
                sentence.contains("行动").then_some((from, from + n - 1))
            })
        })
    })
}

/// How many years "三年行动" or "五年规划" names, when no years are written.
fn span_words(t: &str) -> Option<i32> {
    [("两年", 2), ("二年", 2), ("三年", 3), ("五年", 5)].iter().find(|(w, _)| t.contains(w)).map(|&(_, n)| n)
}

fn five_year_plan(t: &str) -> Option<(i32, i32)> {
    [("十三五", (2016, 2020)), ("十四五", (2021, 2025)), ("十五五", (2026, 2030))]
        .iter()
        .find(|(w, _)| t.contains(w))
        .map(|&(_, w)| w)
}

/// Plans named in 《》 in a sentence that issues them ("印发《…行动方案（2023—2025年）》",
/// "《…计划》日前印发"), not those it only cites.
fn quoted_names(text: &str) -> impl Iterator<Item = &str> {
    const ISSUING: [&str; 6] = ["印发", "出台", "发布", "制定", "编制", "审议通过"];
    text.split(['。', '\n'])
        .filter(|sentence| ISSUING.iter().any(|w| sentence.contains(w)))
        .flat_map(|sentence| sentence.split('《').skip(1).filter_map(|s| s.split_once('》').map(|(name, _)| name)))
}

pub fn read(doc: &Document) -> Head {
    let lines = lines(doc);
    let title = title(&lines).or_else(|| headline(&lines)).or_else(|| doc.table_plan_name());
    let (signer, date) = signature(&lines);
    let issuer = signer.or_else(|| {
        let t = title.as_deref()?;
        let (before, _) = t.split_once("关于")?;
        is_issuer(before).then(|| before.trim().to_string())
    });
    let year: Option<i32> = date.as_deref().and_then(|d| d[..4].parse().ok());
    let text: String = lines.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("\n");
    let named_in_title =
        title.as_deref().unwrap_or("").split('《').skip(1).filter_map(|s| s.split_once('》').map(|(n, _)| n));
    let plan_names: Vec<&str> = named_in_title.chain(quoted_names(&text)).filter(|n| genre_end(n)).collect();
    let window = title
        .as_deref()
        .and_then(window_in)
        .or_else(|| plan_names.iter().find_map(|n| window_in(n)))
        .or_else(|| {
            // "三年行动方案" with no years: from the document's year.
            let named = title.iter().map(String::as_str).chain(plan_names.iter().copied());
            let n = named.filter_map(span_words).next()?;
            year.map(|y| (y, y + n - 1))
        })
        .or_else(|| title.as_deref().and_then(five_year_plan))
        .or_else(|| {
            // A plan period written in the body: "2022—2024年".
            lines.iter().take(HEAD_LINES * 2).find_map(|(t, _)| {
                let folded = fold_width(t);
                let years = years_in(&folded);
                match years.as_slice() {
                    [a, b, ..]
                        if a < b
                            && b - a <= 10
                            && (folded.starts_with(&format!("{a}—{b}年"))
                                || folded.starts_with(&format!("{a}-{b}年"))) =>
                    {
                        Some((*a, *b))
                    }
                    _ => None,
                }
            })
        })
        .or_else(|| year.and_then(|y| body_window(&lines, y)))
        .or_else(|| year.zip(years_within(&text)).map(|(y, n)| (y, y + n)))
        .or_else(|| {
            // A body that opens a line with the plan's five-year period: "“十四五”期间，全市…".
            lines.iter().find_map(|(t, _)| {
                let t = t.trim().trim_start_matches(['“', '"']);
                five_year_plan(t)
                    .filter(|_| t.chars().skip(3).take(3).collect::<String>().contains("期间") || t.contains("五”时期"))
                    .filter(|_| ["十三五", "十四五", "十五五"].iter().any(|w| t.starts_with(w)))
            })
        });
    Head { facts: Facts { doc_no: doc_no(&lines), issuer, date }, title, window }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        read(&Document::parse(text))
    }

    #[test]
    fn a_notice_and_its_facts() {
        let h = head("云溪市人民政府关于加快推进数字经济高质量发展的实施意见\n云政发〔2023〕12号\n各区、县（市）人民政府：\n一、夯实数字基础设施\n（一）加快建设5G基站。推进。\n云溪市人民政府\n2023年5月12日\n");
        assert_eq!(h.title.as_deref(), Some("云溪市人民政府关于加快推进数字经济高质量发展的实施意见"));
        assert_eq!(h.facts.doc_no.as_deref(), Some("云政发〔2023〕12号"));
        assert_eq!(h.facts.issuer.as_deref(), Some("云溪市人民政府"));
        assert_eq!(h.facts.date.as_deref(), Some("2023-05-12"));
        assert_eq!(h.window, None);
    }

    #[test]
    fn a_pages_breadcrumb_is_no_title() {
        let h = head("首页 > 政策文件\n关于加快建设数字政府的实施意见\n各区人民政府：\n一、总体要求\n");
        assert_eq!(h.title.as_deref(), Some("关于加快建设数字政府的实施意见"));
    }

    #[test]
    fn headlines_joint_signers_and_body_windows() {
        let h = head("云溪市集中开工6个重大水利交通项目\n本报讯（记者 林晓）3月18日，开工仪式举行。\n");
        assert_eq!(h.title.as_deref(), Some("云溪市集中开工6个重大水利交通项目"));
        let h = head("甲部 乙局关于开展专项行动的通知\n用3年时间（2024—2026年），遴选园区。\n一、主要任务\n（一）遴选园区。\n甲部\n乙局\n2024年4月22日\n");
        assert_eq!(h.facts.issuer.as_deref(), Some("甲部 乙局"));
        assert_eq!(h.window, Some((2024, 2026)));
        // A project's 建设期 is no plan's period; a quarter's report plans nothing.
        let h = head("关于推进文旅融合的实施意见\n实施古渡街区项目，建设期2024—2026年。\n某市人民政府\n2024年1月5日\n");
        assert_eq!(h.window, None);
        assert_eq!(head("关于2024年第一季度重点项目推进情况的通报\n").window, None);
    }

    #[test]
    fn titles_windows_and_dates() {
        assert_eq!(date_line("二〇二三年三月二十日").as_deref(), Some("2023-03-20"));
        assert_eq!(date_line("2023年底前完成"), None);
        let h = head("某市制造业高质量发展三年行动计划（2023—2025年）\n三、重点任务\n");
        assert_eq!(h.window, Some((2023, 2025)));
        let h = head("江陵区2023年全面推进乡村振兴工作要点\n一、重点任务\n");
        assert_eq!(h.window, Some((2023, 2023)));
        // A wrapped title is joined; a numbered heading is never the title.
        let h = head("某市人民政府办公室关于印发某市人才发展\n实施方案的通知\n（三）实施六大人才行动计划\n");
        assert_eq!(h.title.as_deref(), Some("某市人民政府办公室关于印发某市人才发展实施方案的通知"));
        let h = head(
            "江陵区人民政府办公室关于印发江陵区农村供水保障三年行动方案的通知\n江陵区人民政府办公室\n2023年7月10日\n",
        );
        assert_eq!(h.window, Some((2023, 2025)));
    }
}
