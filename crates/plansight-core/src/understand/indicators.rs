//! Prose → indicators. Finds every quantified target and baseline figure in
//! the plan's paragraphs and pairs a baseline with the target that names the
//! same metric.
//!
//! How a paragraph is read:
//! - sentences split on 。！？, parts on ；, clauses on ，：. A **horizon**
//!   (到2025年, 2025年底前, 力争5年内, "十四五"期末, 今年) applies to the figures
//!   after it in the paragraph, or, when none comes before, to those before it
//!   in the same sentence ("治理河长120公里以上，2025年底前完成"); a line that
//!   ends with "：" hands its horizon to the list below it;
//! - a figure is a number (Arabic; a Chinese numeral only right after a
//!   comparing verb such as 突破) with a unit (%, 个, 万人次, 亿元, 个百分点,
//!   微克/立方米, 吨/日 …), a range (5—10家), 翻一番 (2 倍), 一半 (50 %) or
//!   三成 (30 %). Codes (G60, 5G, PM2.5, 4A级), ordinals (第3条), years, ages
//!   and money of projects (总投资…) are not figures, nor a figure that only
//!   describes the next noun ("产值超10亿元的企业", "50平方公里以上河流");
//! - its metric is the phrase before the number ("人才贡献率达到40%"), or,
//!   when only a verb stands there, the noun after it ("建设50所高水平学校");
//!   "A、B分别达到420吨、36吨" pairs each metric with its figure;
//! - how it compares: 达到 (=), 以上/超过/突破/不少于/不低于/多 (≥), 以内/以下/
//!   不超过/控制在/降至 (≤), 约/近/左右 (≈);
//! - a figure is a **baseline** under 基础/现状/成效/基本情况, or in a sentence
//!   that reports the past (截至2022年底, 现有, 已建成, a year before the plan's
//!   own, 同比增长); otherwise a **target** when a horizon covers it, or, in a
//!   section of goals or actions (目标, 指标, 任务, 行动, 措施 …), when a
//!   comparing word says so (达到, 以上 …);
//! - an indicator table gives the values of the columns that say what they
//!   are (2024年目标值 → targets for 2024, 2023年基期值 → baselines) and the
//!   value to reach its 指标说明 states; never scoring rules or bare year columns;
//! - a target with no horizon of its own takes the plan's: the window's last
//!   year, else the one year its goals state ([`inherit_horizon`]).

use super::document::{tells_the_past, Block, Document};
use crate::model::{Comparator, Indicator, IndicatorKind};
use crate::read::text::{
    fold_width, is_chinese_numeral, parse_arabic, parse_chinese_numeral, split_outside, years_within,
};

/// Measure words a figure may carry, longest first.
const MEASURES: [&str; 83] = [
    "个百分点",
    "百分点",
    "个工作日",
    "工作日",
    "核",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "吨标准煤",
    "吨标煤",
    "千瓦时",
    "人次",
    "人年",
    "标箱",
    "千瓦",
    "兆瓦",
    "美元",
    "场次",
    "公里",
    "千米",
    "公顷",
    "分钟",
    "小时",
    "元",
    "米",
    "吨",
    "亩",
    "个",
    "家",
    "名",
    "所",
    "条",
    "场",
    "项",
    "台",
    "套",
    "处",
    "座",
    "人",
    "次",
    "倍",
    "天",
    "辆",
    "件",
    "批",
    "支",
    "户",
    "张",
    "床",
    "间",
    "栋",
    "期",
    "届",
    "部",
    "篇",
    "门",
    "类",
    "头",
    "只",
    "株",
    "棵",
    "片",
    "种",
    "份",
    "册",
    "本",
    "例",
    "位",
    "艘",
    "架",
    "列",
    "趟",
    "班",
    "眼",
    "对",
    "宗",
    "笔",
    "款",
    "起",
    "所",
    "年次",
    "吨次",
];

/// Per-units after a slash: "吨/日", "微克/立方米".
const PER: [&str; 12] = ["立方米", "平方米", "千人", "万人", "百户", "小时", "公里", "日", "天", "年", "人", "户"];

/// Words before a number that say how the figure compares, longest first.
const BEFORE: [(&str, Comparator); 43] = [
    ("压缩至", Comparator::AtMost),
    ("压缩到", Comparator::AtMost),
    ("缩短至", Comparator::AtMost),
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("提高到", Comparator::Eq),
    ("提高至", Comparator::Eq),
    ("提升到", Comparator::Eq),
    ("提升至", Comparator::Eq),
    ("增加到", Comparator::Eq),
    ("增长到", Comparator::Eq),
    ("扩大到", Comparator::Eq),
    ("下降到", Comparator::AtMost),
    ("下降至", Comparator::AtMost),
    ("减少到", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("保持在", Comparator::Eq),
    ("稳定在", Comparator::Eq),
    ("维持在", Comparator::Eq),
    ("达到", Comparator::Eq),
    ("超过", Comparator::AtLeast),
    ("突破", Comparator::AtLeast),
    ("高于", Comparator::AtLeast),
    ("大于", Comparator::AtLeast),
    ("多于", Comparator::AtLeast),
    ("降至", Comparator::AtMost),
    ("低于", Comparator::AtMost),
    ("小于", Comparator::AtMost),
    ("增至", Comparator::Eq),
    ("升至", Comparator::Eq),
    ("保持", Comparator::Eq),
    ("实现", Comparator::Eq),
    ("约为", Comparator::About),
    ("达", Comparator::Eq),
    ("超", Comparator::AtLeast),
    ("为", Comparator::Eq),
    ("约", Comparator::About),
    ("近", Comparator::About),
    ("逾", Comparator::AtLeast),
];

/// Words after a unit that say how the figure compares.
const AFTER: [(&str, Comparator); 8] = [
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("以内", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("左右", Comparator::About),
    ("上下", Comparator::About),
    ("开外", Comparator::AtLeast),
    ("内", Comparator::AtMost),
];

/// Verbs that stand before a number whose noun follows it ("建设50所学校").
const COUNTING_VERBS: [&str; 36] = [
    "累计建成",
    "累计建设",
    "累计培育",
    "累计引进",
    "建设改造",
    "建设",
    "建成",
    "培育",
    "打造",
    "创建",
    "认定",
    "遴选",
    "引进",
    "新建",
    "新增",
    "实施",
    "开展",
    "举办",
    "帮助",
    "促进",
    "培训",
    "培养",
    "建立",
    "形成",
    "设立",
    "组建",
    "招引",
    "推动",
    "支持",
    "改造",
    "提供",
    "开发",
    "储备",
    "完成",
    "落地",
    "争创",
];

/// Words at a metric's start that carry no meaning for it.
const FILLER: [&str; 9] = ["力争", "确保", "争取", "到", "至", "全面", "基本", "使", "其中"];

/// Money of projects and their totals: the investments reader's, not targets.
const PROJECT_MONEY: [&str; 7] = ["总投资", "投资概算", "计划投资", "概算总投资", "估算总投资", "年度投资", "完成投资"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Baseline,
    Target,
    /// Only figures under a horizon count.
    HorizonOnly,
}

fn mode_of(level1: &str, level2: &str) -> Mode {
    let past = if level2.is_empty() { level1 } else { level2 };
    if tells_the_past(past) && !past.contains("背景") && !past.contains("形势") {
        return Mode::Baseline;
    }
    let in_background = level1.contains("背景") || level1.contains("形势");
    let target_words = ["目标", "指标", "任务", "行动", "举措", "措施", "重点", "工程", "路径"];
    if !in_background && target_words.iter().any(|w| level2.contains(w) || level1.contains(w)) {
        return Mode::Target;
    }
    Mode::HorizonOnly
}

/// The document's own time: what "今年" is, and which years are past.
#[derive(Debug, Clone, Copy, Default)]
pub struct Time {
    /// The year the plan starts, or the document's year.
    pub present: Option<i32>,
}

/// Extracts indicators from all paragraphs of a document, in document order, paired.
pub fn extract(doc: &Document, time: Time) -> Vec<Indicator> {
    let (mut level1, mut level2) = (String::new(), String::new());
    let mut out = Vec::new();
    // The document states its present ("2024年是…的关键一年") when no date says it.
    let mut time = time;
    // A horizon a list's opening line hands to the lines below it.
    let mut carried: Option<i32> = None;
    let mut first_after_list = false;
    // "2024年是实施…的关键一年": the year a text without a date calls its own.
    if time.present.is_none() {
        time.present = doc.blocks.iter().find_map(|b| match b {
            Block::Paragraph { text, .. } => stated_present(&fold_width(text)),
            _ => None,
        });
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { level: 1, title, .. } => {
                level1 = title.clone();
                level2.clear();
                carried = None;
            }
            Block::Heading { level: 2, title, .. } => {
                level2 = title.clone();
                carried = None;
            }
            Block::Paragraph { text, line, marker } => {
                let section = if level2.is_empty() { level1.clone() } else { level2.clone() };
                let text = fold_width(&text[marker.map_or(0, |m| m.len)..]);
                let from_list = if marker.is_some() || first_after_list { carried } else { None };
                let mut mode = mode_of(&level1, &level2);
                // A numbered measure of a plan says what to reach: its compared figures are targets.
                if mode == Mode::HorizonOnly && marker.is_some() && !level1.contains("背景") {
                    mode = Mode::Target;
                }
                let last = read_paragraph(&text, *line, mode, &section, from_list, time, &mut out);
                first_after_list = false;
                let opens_list = text.trim_end().ends_with(':') || text.trim_end().ends_with('：');
                if opens_list {
                    carried = last.or(carried);
                    first_after_list = true;
                } else if marker.is_none() && !text.contains("——") {
                    carried = None;
                }
            }
            Block::Table(table) => out.extend(table_figures(table)),
            _ => {}
        }
    }
    pair(&mut out);
    out
}

/// What an indicator table's column holds.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Name,
    Unit,
    /// Values of one kind for a year: 2024年目标值, 2023年基期值.
    Values(IndicatorKind, Option<i32>),
    /// Words that state the value to reach: 指标说明 (年度目标为增长6.5%左右).
    Note,
    Other,
}

fn column_of(header: &str) -> Column {
    let h = fold_width(header).replace(char::is_whitespace, "");
    let year = crate::read::text::years_in(&h).first().copied();
    if ["基期值", "基准值", "现状值", "基年值", "基期"].iter().any(|w| h.contains(w)) {
        return Column::Values(IndicatorKind::Baseline, year);
    }
    if ["目标值", "预期值", "规划值", "目标"].iter().any(|w| h.contains(w)) && !h.contains("指标") {
        return Column::Values(IndicatorKind::Target, year);
    }
    if h == "单位" || h == "计量单位" || h == "指标单位" {
        return Column::Unit;
    }
    if h.contains("指标") && (h.contains("说明") || h.contains("内容") || h.contains("解释")) {
        return Column::Note;
    }
    let describes = ["性质", "属性", "类型", "类别", "说明", "分值", "权重", "序号", "来源", "单位"];
    if h.contains("指标") && !describes.iter().any(|w| h.contains(w)) {
        return Column::Name;
    }
    Column::Other
}

/// "≥90", "约65", "10以上", "8.6": a value cell and how it compares.
fn table_value(cell: &str) -> Option<(f64, Comparator)> {
    let t = fold_width(cell).replace(char::is_whitespace, "");
    let t = t.trim_end_matches('%');
    let (t, before) = [("≥", Comparator::AtLeast), (">", Comparator::AtLeast), ("≤", Comparator::AtMost)]
        .iter()
        .chain([("<", Comparator::AtMost), ("约", Comparator::About)].iter())
        .find_map(|(w, c)| t.strip_prefix(w).map(|r| (r, Some(*c))))
        .unwrap_or((t, None));
    let (t, after) = AFTER.iter().find_map(|(w, c)| t.strip_suffix(w).map(|r| (r, Some(*c)))).unwrap_or((t, None));
    let t = t.trim_end_matches('%');
    Some((parse_arabic(t)?, before.or(after).unwrap_or(Comparator::Eq)))
}

/// An indicator table's figures: the value of each row in a column that says
/// what it is (2024年目标值, 2023年基期值), or the value to reach its note states
/// (指标说明: 年度目标为增长6.5%左右). A bare year column (2020年 | 2025年) says
/// neither, and scoring rules (第1名得满分, 扣1分) are no figures to reach.
fn table_figures(table: &super::document::Table) -> Vec<Indicator> {
    let mut out = Vec::new();
    let Some(h) = table.rows.iter().take(3).position(|r| r.cells.iter().any(|c| column_of(&c.text()) == Column::Name))
    else {
        return out;
    };
    let columns: Vec<Column> = table.rows[h].cells.iter().map(|c| column_of(&c.text())).collect();
    let readable = columns.iter().any(|c| matches!(c, Column::Values(..) | Column::Note));
    // The last name column: 二级指标 under 一级指标.
    let Some(name) = columns.iter().rposition(|c| *c == Column::Name).filter(|_| readable) else { return out };
    let unit_col = columns.iter().position(|c| *c == Column::Unit);
    // The table's caption names its section; a sentence above it does not.
    let section = table.title.clone().filter(|t| t.chars().count() <= 30 && !t.contains('。')).unwrap_or_default();
    for row in &table.rows[h + 1..] {
        let cell = |i: usize| row.cells.get(i).map(|c| c.text()).unwrap_or_default();
        let metric = clean_metric(&cell(name));
        if metric.is_empty() || metric.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let unit = unit_col.map(&cell).unwrap_or_default();
        for (i, column) in columns.iter().enumerate() {
            let text = cell(i);
            let figure = match *column {
                Column::Values(kind, year) => table_value(&text).map(|(value, comparator)| {
                    let unit = if unit.is_empty() && text.contains('%') { "%".to_string() } else { unit.clone() };
                    (kind, year, value, None, unit, comparator)
                }),
                Column::Note => {
                    let scoring = ["满分", "得分", "扣", "计分", "加分", "不得分"].iter().any(|w| text.contains(w));
                    let folded = fold_width(&text);
                    let first = folded.split(['，', ',', '；', ';', '。']).find_map(|c| figures(c).into_iter().next());
                    first
                        .filter(|_| !scoring)
                        .map(|f| (IndicatorKind::Target, None, f.value, f.value_max, f.unit, f.comparator))
                }
                _ => None,
            };
            let Some((kind, year, value, value_max, unit, comparator)) = figure else { continue };
            out.push(Indicator {
                kind,
                metric: metric.clone(),
                value,
                value_max,
                unit,
                comparator,
                year,
                section: section.clone(),
                sentence: format!("{metric}：{text}"),
                line: row.cells.get(i).map_or(row.line, |c| c.line),
                pair: None,
            });
        }
    }
    out
}

/// Targets that state no horizon, nor their paragraph or list, are for the
/// plan's: the last year of its window, else the one goal year the document
/// states (到2025年 framing its goals). With neither, or with several goal
/// years and no window, they keep none. Baselines keep what they state.
pub fn inherit_horizon(doc: &Document, indicators: &mut [Indicator], window: Option<(i32, i32)>) {
    // The goals' years (a goals section, or the unnumbered lines that frame the
    // measures) when there are any: a measure's own 2024年12月底前 is its own.
    let numbered: std::collections::HashSet<u32> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { line, marker: Some(_), .. } => Some(*line),
            _ => None,
        })
        .collect();
    let dated = |i: &&Indicator| i.kind == IndicatorKind::Target && i.year.is_some();
    let in_goals =
        |i: &&Indicator| i.section.contains("目标") || i.section.contains("指标") || !numbered.contains(&i.line);
    let goals = indicators.iter().filter(dated).any(|i| in_goals(&i));
    let mut goal_years = indicators.iter().filter(dated).filter(|i| !goals || in_goals(i)).filter_map(|i| i.year);
    let single = goal_years.next().filter(|first| goal_years.all(|y| y == *first));
    let Some(horizon) = window.map(|(_, last)| last).or(single) else { return };
    for i in indicators.iter_mut().filter(|i| i.kind == IndicatorKind::Target && i.year.is_none()) {
        i.year = Some(horizon);
    }
}

/// "2024年是实施…的关键一年": the year a text without a date calls its own.
fn stated_present(text: &str) -> Option<i32> {
    let years = crate::read::text::years_in(text);
    let y = *years.first()?;
    // "2024年是…的关键一年", "2024年经济社会发展的主要预期目标是：".
    let sentence = text.split('。').find(|s| s.contains(&format!("{y}年")))?;
    let opens = sentence.trim_start().starts_with(&format!("{y}年"));
    (text.contains(&format!("{y}年是")) || (opens && sentence.contains("目标"))).then_some(y)
}

/// One figure found in a clause.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    metric: String,
    value: f64,
    value_max: Option<f64>,
    unit: String,
    comparator: Comparator,
    /// A comparing word was written (达到, 以上 …), not assumed.
    explicit: bool,
}

/// What a clause says of time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Said {
    /// A horizon: the figures are for this year.
    Horizon(i32),
    /// The past: the figures were reached (in this year, when said); `true`
    /// when the year holds for the whole sentence (截至2022年底).
    Past(Option<i32>, bool),
    /// Things to come with no year said: 力争, 计划, 将 …
    Future,
}

fn said_of_time(clause: &str, time: Time) -> Option<Said> {
    let t = clause.trim();
    let years = crate::read::text::years_in(t);
    for y in &years {
        let s = y.to_string();
        let marked = ["到", "至", "力争", "争取", "确保", "预计到"].iter().any(|p| t.contains(&format!("{p}{s}年")))
            || ["年前", "年底", "年末", "年年底", "年以前"].iter().any(|p| t.contains(&format!("{s}{p}")));
        if marked && !t.contains(&format!("截至{s}")) && !t.contains(&format!("截止{s}")) {
            return Some(Said::Horizon(*y));
        }
    }
    if t.contains("截至") || t.contains("截止") {
        return Some(Said::Past(years.first().copied(), true));
    }
    // "2022—2024年，…": the plan's period, its last year the horizon.
    if let [a, b, ..] = years.as_slice() {
        if a < b && (t.starts_with(&format!("{a}—{b}年")) || t.starts_with(&format!("{a}-{b}年"))) {
            return Some(Said::Horizon(*b));
        }
    }
    for (w, (_, end)) in [("十三五", (2016, 2020)), ("十四五", (2021, 2025)), ("十五五", (2026, 2030))] {
        if t.contains(w) && (t.contains("期末") || t.contains("末") || t.contains("期间") || t.contains("时期"))
        {
            return Some(Said::Horizon(end));
        }
    }
    if let Some(n) = years_within(t) {
        if let Some(p) = time.present {
            return Some(Said::Horizon(p + n));
        }
    }
    if t.contains("今年") || t.contains("本年度") {
        if let Some(p) = time.present {
            return Some(Said::Horizon(p));
        }
    }
    // "2023年，…" opening a clause: the past before the plan's own year, else its horizon.
    if let Some(&y) = years.first() {
        let s = format!("{y}年");
        let opens = t.starts_with(&s) || t.starts_with(&format!("据了解{s}")) || t.starts_with(&format!("{y}年度"));
        if opens {
            return match time.present {
                Some(p) if y < p => Some(Said::Past(Some(y), false)),
                Some(_) => Some(Said::Horizon(y)),
                None => None,
            };
        }
    }
    // The growth of the year just named keeps that year; a stock (现有, 已建成) has none of its own.
    if ["同比增长", "同比下降", "增长", "下降"].iter().any(|w| t.starts_with(w)) {
        return None;
    }
    if ["去年", "过去一年", "目前", "现有", "已建成", "已累计", "已有", "同比增长"].iter().any(|w| t.contains(w))
    {
        return Some(Said::Past(None, false));
    }
    if ["力争", "确保", "争取", "计划", "预计", "将"].iter().any(|w| t.contains(w)) {
        return Some(Said::Future);
    }
    None
}

/// Reads one paragraph; returns the last horizon it stated (for a list below it).
fn read_paragraph(
    text: &str,
    line: u32,
    mode: Mode,
    section: &str,
    carried: Option<i32>,
    time: Time,
    out: &mut Vec<Indicator>,
) -> Option<i32> {
    // A horizon opening a sentence frames the rest of the paragraph; one said
    // inside a sentence ("2023年实现…") is that sentence's only.
    let mut framing = carried;
    let mut last_stated = None;
    for sentence in split_outside(text, &['。', '!', '！', '?', '？'], true) {
        let sentence_trim = sentence.trim();
        let mentions_money = PROJECT_MONEY.iter().any(|w| sentence.contains(w));
        // Each clause with what time it is in, and its figures.
        let mut clauses: Vec<(Option<Said>, Vec<Figure>)> = Vec::new();
        let mut names: Vec<Option<String>> = Vec::new();
        for part in split_outside(sentence, &['；', ';'], true) {
            for clause in split_outside(part, &['，', ',', '：', ':'], true) {
                let said = said_of_time(clause, time);
                let skip = PROJECT_MONEY.iter().any(|w| clause.contains(w))
                    || (mentions_money && (counts_projects(clause) || clause.trim_start().starts_with("其中")));
                let figures = if skip { Vec::new() } else { figures(clause) };
                let c = clause.trim();
                let is_name = (c.ends_with('：') || c.ends_with(':'))
                    && figures.is_empty()
                    && said.is_none()
                    && c.chars().count() <= 24
                    && !c.contains("目标")
                    && !c.contains("如下");
                names.push(is_name.then(|| clean_metric(c)));
                clauses.push((said, figures));
            }
        }
        let mut horizon = framing;
        let mut past: Option<Option<i32>> = None;
        let mut sticky = false;
        let mut future = false;
        let first_horizon_after = |k: usize| {
            clauses[k..].iter().find_map(|(s, _)| match s {
                Some(Said::Horizon(y)) => Some(*y),
                _ => None,
            })
        };
        let mut previous_metric = String::new();
        // "县城30分钟上高速比例：“十四五”末达到95%": a metric named before a colon.
        let mut named: Option<String> = None;
        for k in 0..clauses.len() {
            match clauses[k].0 {
                Some(Said::Horizon(y)) => {
                    horizon = Some(y);
                    last_stated = Some(y);
                    if k == 0 {
                        framing = Some(y);
                    }
                    past = None;
                }
                Some(Said::Past(y, holds)) => {
                    if !sticky {
                        past = Some(y);
                    }
                    sticky |= holds;
                }
                Some(Said::Future) => future = true,
                None => {}
            }
            if let Some(name) = &names[k] {
                named = Some(name.clone());
            }
            for fig in &clauses[k].1 {
                let mut fig = fig.clone();
                // "指标名：基期值（2023年）58%，目标值90%以上": the figure's role, not its metric.
                let role = list_role(&fig.metric);
                if let (Some(role), Some(name)) = (role, named.clone()) {
                    fig.metric = name;
                    match role {
                        ListRole::Base(year) => past = Some(year),
                        ListRole::Goal => past = None,
                    }
                }
                if fig.metric.is_empty() {
                    fig.metric = named.clone().unwrap_or_else(|| previous_metric.clone());
                } else if CHANGES.contains(&fig.metric.as_str()) {
                    // "比2020年增长32%": the change of the metric just named.
                    let base = named.clone().unwrap_or_else(|| previous_metric.clone());
                    fig.metric = format!("{base}{}", fig.metric);
                }
                if fig.metric.is_empty() {
                    continue;
                }
                previous_metric = fig.metric.clone();
                let (kind, year) = match (past, mode) {
                    (Some(y), _) => (IndicatorKind::Baseline, y),
                    (None, Mode::Baseline) if horizon.is_none() => (IndicatorKind::Baseline, None),
                    _ => {
                        let year = horizon.or_else(|| first_horizon_after(k));
                        if year.is_some() || ((future || mode == Mode::Target) && fig.explicit) {
                            (IndicatorKind::Target, year)
                        } else {
                            continue;
                        }
                    }
                };
                out.push(Indicator {
                    kind,
                    metric: fig.metric,
                    value: fig.value,
                    value_max: fig.value_max,
                    unit: fig.unit,
                    comparator: fig.comparator,
                    year,
                    section: section.to_string(),
                    sentence: sentence_trim.to_string(),
                    line,
                    pair: None,
                });
            }
        }
    }
    last_stated
}

/// "全县将新增学位" → "新增学位": who acts and when, before what is done.
fn without_subject(head: &str) -> &str {
    let mut t = head;
    for w in ["全市", "全县", "全区", "全省", "全镇", "全国", "每年", "将", "要", "计划", "力争"] {
        t = t.strip_prefix(w).unwrap_or(t);
    }
    t
}

/// What an indicator list says a figure is.
enum ListRole {
    /// 基期值（2023年）: the baseline, of that year when said.
    Base(Option<i32>),
    /// 目标值: the target.
    Goal,
}

fn list_role(head: &str) -> Option<ListRole> {
    let t = head.trim();
    if ["基期值", "基准值", "现状值", "基年值", "基期"].iter().any(|w| t.starts_with(w)) {
        return Some(ListRole::Base(crate::read::text::years_in(t).first().copied()));
    }
    ["目标值", "预期值", "规划值", "预期目标"].iter().any(|w| t.starts_with(w)).then_some(ListRole::Goal)
}

/// Words of change that name no metric of their own.
const CHANGES: [&str; 9] = ["增长", "下降", "提高", "增加", "减少", "提升", "降低", "同比增长", "同比下降"];

/// "项目142个，总投资…", "56个项目": a count of projects (a stated total's).
fn counts_projects(clause: &str) -> bool {
    clause.match_indices("项目").any(|(at, _)| {
        let after = clause[at + "项目".len()..].trim_start_matches(['共', '数']);
        let before = &clause[..at];
        after.starts_with(|c: char| c.is_ascii_digit())
            || before.rfind('个').is_some_and(|g| {
                before[..g].ends_with(|c: char| c.is_ascii_digit()) && before[g..].chars().count() <= 6
            })
    })
}

/// The unit at `j`: a magnitude (万/亿/千) and a measure word, %, or a per-unit.
fn unit_at(chars: &[char], j: usize) -> Option<(String, usize)> {
    let rest: String = chars[j..chars.len().min(j + 12)].iter().collect();
    if let Some(sign) = rest.chars().next().filter(|c| *c == '%' || *c == '‰') {
        return Some((sign.to_string(), 1));
    }
    // Units written in Latin letters: "30GWh", "500MW" (not "5G", a code).
    for u in ["GWh", "MWh", "kWh", "GW", "MW", "kW", "TEU", "Gbps", "Mbps", "PB", "TB"] {
        if rest.starts_with(u) && !rest[u.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Some((u.to_string(), u.len()));
        }
    }
    for m in ["万亿", "百万", "千万", "亿", "万", "千", ""] {
        let Some(after) = rest.strip_prefix(m) else { continue };
        // 千 before 瓦/米 is part of the measure (千瓦, 千米), not a magnitude.
        let measure = MEASURES.iter().find(|w| after.starts_with(**w));
        let Some(measure) = measure else { continue };
        if m == "千" && (measure.starts_with('瓦') || measure.starts_with('米')) {
            continue;
        }
        let mut unit = format!("{m}{measure}");
        let mut len = unit.chars().count();
        let tail = &after[measure.len()..];
        if let Some(per) = tail.strip_prefix('/') {
            if let Some(p) = PER.iter().find(|p| per.starts_with(**p)) {
                unit.push('/');
                unit.push_str(p);
                len += 1 + p.chars().count();
            }
        }
        return Some((unit, len));
    }
    // "微克/立方米": a measure of its own before the slash.
    for (m, len) in [("微克/立方米", 6), ("毫克/升", 4)] {
        if rest.starts_with(m) {
            return Some((m.to_string(), len));
        }
    }
    None
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

/// 翻一番 (2 倍), 翻两番 (4 倍), 一半 (50 %), 三成 (30 %) at `i`: value, unit, length.
fn word_figure(chars: &[char], i: usize) -> Option<(f64, &'static str, usize)> {
    let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
    if rest.starts_with("翻一番") || rest.starts_with("翻番") {
        return Some((2.0, "倍", if rest.starts_with("翻番") { 2 } else { 3 }));
    }
    if rest.starts_with("翻两番") {
        return Some((4.0, "倍", 3));
    }
    let before_ok =
        i == 0 || ["的", "达", "到", "占", "近", "约", "过", "至"].iter().any(|w| chars[i - 1].to_string() == *w);
    if rest.starts_with("一半") && before_ok {
        return Some((50.0, "%", 2));
    }
    let tenths = "一二三四五六七八九".find(chars[i]).map(|b| b / 3 + 1);
    if let (Some(n), true) = (tenths, chars.get(i + 1) == Some(&'成') && before_ok) {
        let next: String = chars[i + 2..chars.len().min(i + 4)].iter().collect();
        if next.is_empty()
            || AFTER.iter().any(|(w, _)| next.starts_with(w))
            || next.starts_with(['，', ',', '。', '；'])
        {
            return Some((n as f64 * 10.0, "%", 2));
        }
    }
    None
}

/// All figures in a clause.
fn figures(clause: &str) -> Vec<Figure> {
    let chars: Vec<char> = clause.chars().collect();
    let text: String = chars.iter().collect();
    if let Some(split) = respectively(&text) {
        return split;
    }
    let mut out = Vec::new();
    let mut metric_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (value, mut j, mut unit, word) = if let Some((v, u, len)) = word_figure(&chars, i) {
            (v, i + len, Some((u.to_string(), 0)), true)
        } else if let Some((v, end)) = number_at(&chars, i) {
            (v, end, None, false)
        } else {
            i += 1;
            continue;
        };
        let before: String = chars[metric_start..i].iter().collect();
        let chinese = !word && is_chinese_numeral(chars[i]);
        // Codes (G60, PM2.5, 4A级, 5G), ordinals (第3条), phone numbers.
        let code = i > 0 && (chars[i - 1].is_ascii_alphabetic() || chars[i - 1] == '第' || chars[i - 1] == '每');
        let mut value_max = None;
        let mut more = false;
        if !word {
            // A range: "5—10家", "3-5个", "10至15家".
            if let Some(&dash) = chars.get(j) {
                if "—–-~～至到".contains(dash) {
                    let k = j + if dash == '—' && chars.get(j + 1) == Some(&'—') { 2 } else { 1 };
                    if let Some((v2, end2)) =
                        chars.get(k).filter(|c| c.is_ascii_digit()).and_then(|_| number_at(&chars, k))
                    {
                        if v2 > value {
                            value_max = Some(v2);
                            j = end2;
                        }
                    }
                }
            }
            if chars.get(j) == Some(&'多') {
                more = true;
                j += 1;
            }
            unit = unit_at(&chars, j);
        }
        let before_word = BEFORE.iter().find(|(w, _)| before.ends_with(w));
        let Some((unit, unit_len)) = unit.or_else(|| coefficient(&before, before_word.is_some())) else {
            i = j.max(i + 1);
            continue;
        };
        let unit_end = j + unit_len;
        let tail: String = chars[unit_end..].iter().collect();
        let after_word = AFTER.iter().find(|(w, _)| tail.starts_with(w));
        let after_end = unit_end + after_word.map_or(0, |(w, _)| w.chars().count());
        let year = !word && unit_len == 0 && value.fract() == 0.0 && (1900.0..2100.0).contains(&value);
        // "消除56人以上大班额": a threshold that names which things, no figure to reach.
        let threshold = ["消除", "取消", "清零", "杜绝", "禁止"].iter().any(|v| before.trim_end().ends_with(v))
            // A time ("15分钟生活圈", "30分钟上高速") is a figure only when compared (缩短至45分钟以内).
            || (["分钟", "小时"].contains(&unit.as_str()) && before_word.is_none() && after_word.is_none());
        let usable = !code
            && !threshold
            && !year
            && (!chinese || before_word.is_some_and(|(_, c)| *c != Comparator::About))
            && chars.get(after_end) != Some(&'的');
        if !usable {
            i = after_end.max(i + 1);
            continue;
        }
        let comparator =
            if more { Comparator::AtLeast } else { after_word.or(before_word).map_or(Comparator::Eq, |(_, c)| *c) };
        let head_text = before_word.map_or(before.as_str(), |(w, _)| &before[..before.len() - w.len()]);
        let head = clean_metric(head_text);
        let rest: String = chars[after_end..].iter().collect();
        let noun_after = noun_phrase(&rest);
        let head_core = strip_verbs(&head);
        // "建设50所高水平学校", "规划4条精品游线", "杭州东站等3条客运线路": the noun follows.
        let ends_with_verb =
            COUNTING_VERBS.iter().chain(["组织", "制定", "修订", "新增", "招引"].iter()).any(|v| head.ends_with(v));
        // "每年为200家以上企业提供…": only who and when before it; the noun follows.
        let only_subject = without_subject(&head_core).is_empty() && !noun_after.is_empty();
        let noun_first = head_core.is_empty()
            || only_subject
            || (ends_with_verb && !noun_after.is_empty())
            || (!noun_after.is_empty() && before_word.is_none() && !tail_is_verb(&rest) && !measures_something(&head));
        let metric = if noun_first {
            noun_after.clone()
        } else {
            // "对流域面积50平方公里以上河流…": a figure that says which things, no target.
            if !noun_after.is_empty() && before_word.is_none() && !tail_is_verb(&rest) {
                i = after_end.max(i + 1);
                continue;
            }
            head.clone()
        };
        // "A覆盖率和B覆盖率均达到90%以上": the figure for each.
        if let Some(both) = metric.strip_suffix('均') {
            let parts: Vec<&str> = both.split(['和', '、']).filter(|p| !p.trim().is_empty()).collect();
            for p in &parts {
                out.push(Figure {
                    metric: clean_metric(p),
                    value,
                    value_max,
                    unit: unit.clone(),
                    comparator,
                    explicit: true,
                });
            }
            i = after_end.max(i + 1);
            metric_start = i;
            continue;
        }
        // Money set aside (安排资金, 经费, 奖补) is a budget, not a target, unless compared.
        let allocation = unit.ends_with('元')
            && before_word.is_none()
            && after_word.is_none()
            && (["安排", "资金", "经费", "补助", "奖励", "奖补", "下达", "拨付", "给予", "最高"]
                .iter()
                .any(|w| head.contains(w))
                || ["补助", "奖励", "补贴", "奖补", "标准", "资助", "贴息"].iter().any(|w| rest.contains(w)));
        if allocation {
            i = after_end.max(i + 1);
            continue;
        }
        // "建设A中心8个、B站60个": a list after 、 shares its first figure's verb.
        let listed = before.trim_start().starts_with('、') && out.last().is_some_and(|f: &Figure| f.explicit);
        // "每年新认定…", "新培育…": 新 before the counting verb.
        let acts = |h: &str| {
            let h = without_subject(h);
            let renewed = h.strip_prefix('新').unwrap_or(h);
            COUNTING_VERBS.iter().any(|v| h.starts_with(v) || renewed.starts_with(v))
        };
        out.push(Figure {
            metric,
            value,
            value_max,
            unit,
            comparator,
            explicit: before_word.is_some()
                || after_word.is_some()
                || listed
                || acts(&head)
                // "其中幼儿园学位540个": a part of a figure just stated.
                || head_text.trim_start().starts_with("其中")
                || CHANGES.iter().any(|c| head.ends_with(c))
                || more
                || word
                || value_max.is_some()
                || tail_is_verb(&rest),
        });
        // A noun read after the figure is its metric's: the next figure starts after it.
        i = after_end + if noun_first { noun_after.chars().count() } else { 0 };
        metric_start = i;
    }
    out
}

/// "农田灌溉水有效利用系数达到0.62": a number without a unit, for a metric that has none.
fn coefficient(before: &str, compared: bool) -> Option<(String, usize)> {
    let b = before.trim_end_matches(|c: char| !c.is_alphanumeric() && c as u32 > 0x4e00);
    (compared && ["系数", "指数", "比值"].iter().any(|w| b.contains(w))).then(|| (String::new(), 0))
}

/// "化学需氧量、氨氮重点工程减排量分别达到420吨、36吨": each metric with its figure.
fn respectively(clause: &str) -> Option<Vec<Figure>> {
    let (metrics, values) = clause.split_once("分别")?;
    let metrics: Vec<&str> = metrics.split('、').collect();
    let values: Vec<Figure> =
        values.split('、').filter_map(|v| figures(&format!("为{}", v.trim())).into_iter().next()).collect();
    // "城乡居民人均可支配收入分别达到48600元、26300元": one metric, several figures.
    let metrics = if metrics.len() == 1 && values.len() > 1 { vec![metrics[0]; values.len()] } else { metrics };
    if values.len() < 2 || metrics.len() != values.len() {
        return None;
    }
    Some(
        metrics
            .iter()
            .zip(values)
            .map(|(m, mut f)| {
                f.metric = clean_metric(m);
                f.explicit = true;
                f
            })
            .collect(),
    )
}

/// The noun phrase a text opens with: up to a conjunction, a comma or the next number.
fn noun_phrase(rest: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let rest = rest.trim_start_matches('的');
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '（' | '“' => depth += 1,
            ')' | '）' | '”' => depth -= 1,
            _ => {}
        }
        let next_is_number = rest[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
        if depth <= 0
            && (matches!(c, '，' | ',' | '；' | ';' | '。' | '、') || ((c == '和' || c == '及') && next_is_number))
        {
            break;
        }
        if c.is_ascii_digit() && depth <= 0 {
            break;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// A head that names a quantity ("流域面积", "年产值"): a number after it measures it.
fn measures_something(head: &str) -> bool {
    const QUANTITIES: [&str; 18] = [
        "面积",
        "长度",
        "里程",
        "规模",
        "容量",
        "产值",
        "收入",
        "人口",
        "能力",
        "功率",
        "总额",
        "金额",
        "投资额",
        "产能",
        "体量",
        "高度",
        "距离",
        "营收",
    ];
    QUANTITIES.iter().any(|q| head.ends_with(q))
}

/// Text after a figure that goes on with a verb (a clause of its own), not a noun.
fn tail_is_verb(rest: &str) -> bool {
    ["实现", "建成", "完成", "达到", "提高", "增长", "同比", "比上年", "办结", "办理", "覆盖", "到位", "通车", "投用"]
        .iter()
        .any(|w| rest.starts_with(w))
}

fn strip_verbs(head: &str) -> String {
    let mut m = head.trim().trim_start_matches(['、', '和', '及', '与']).to_string();
    loop {
        let before = m.clone();
        for v in COUNTING_VERBS.iter().chain(FILLER.iter()) {
            if let Some(rest) = m.strip_prefix(v) {
                m = rest.to_string();
            }
        }
        if m == before {
            break;
        }
    }
    m.trim().to_string()
}

fn clean_metric(s: &str) -> String {
    let mut m = s
        .trim()
        .trim_start_matches(['、', '和', '及', '与', '(', '（'])
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '(' && c != ')' || "，。；：、".contains(c))
        .to_string();
    // Drop a leading year marker and filler words ("力争到2025年，"), and "比2023年" before 翻一番.
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
                let rest = &m[pos + '年'.len_utf8()..];
                // "2025年6月前", "2024年底前": the limit, not the metric.
                let month: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '月').collect();
                let rest = if month.ends_with('月') { &rest[month.len()..] } else { rest };
                m = rest.trim_start_matches(['底', '末', '前']).to_string();
            }
        }
        if m == before {
            break;
        }
    }
    // "“十四五”末", "十四五期末": a horizon, not a metric.
    for w in ["“十四五”期末", "“十四五”末", "“十四五”期间", "十四五期末", "十四五末", "“十三五”期末", "“十五五”期末"]
    {
        if let Some(rest) = m.strip_prefix(w) {
            m = rest.to_string();
        }
    }
    // "比2020年", "比上年" before a change: the base, not the metric.
    if let Some(at) = m.rfind('比') {
        let tail = &m[at + '比'.len_utf8()..];
        let base_len = if tail.starts_with("上年") || tail.starts_with("去年") {
            "上年".len()
        } else if tail.get(..4).is_some_and(|y| y.chars().all(|c| c.is_ascii_digit()))
            && tail.get(4..).is_some_and(|r| r.starts_with('年'))
        {
            7
        } else {
            0
        };
        if base_len > 0 {
            m = format!("{}{}", &m[..at], &tail[base_len..]);
        }
    }
    m.trim().trim_end_matches('的').trim().to_string()
}

/// The part of a metric that names the thing counted: quotes, "X等" lists and
/// leading verbs removed ("建成“诸暨岛”等离岛式平台" → "离岛式平台").
fn metric_core(metric: &str) -> String {
    // "“诸暨岛”等离岛式平台" → "离岛式平台"; not the 等 of 中等, 高等.
    let m = metric.rsplit_once("”等").or_else(|| metric.rsplit_once("）等")).map_or(metric, |(_, rest)| rest);
    let m: String = m.chars().filter(|c| !"“”\"'《》".contains(*c)).collect();
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

/// "高水平中等职业学校" is a part of "中等职业学校": a count of the one is no
/// progress on the other (the longer name adds a qualifier).
fn narrower(a: &str, b: &str) -> bool {
    const QUALIFIERS: [&str; 12] =
        ["高水平", "国家级", "省级", "市级", "县级", "示范", "重点", "优质", "骨干", "一流", "高端", "标杆"];
    // What each says before the name they share.
    let shared = common_suffix_chars(a, b);
    let head = |s: &str| s.chars().take(s.chars().count() - shared).collect::<String>();
    let (ha, hb) = (head(a), head(b));
    QUALIFIERS.iter().any(|q| ha.contains(q) != hb.contains(q))
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

/// Pairs each baseline with the first later target of the same unit whose metric
/// names the same thing (a shared ending of three or more characters, no
/// qualifier on one side only). Baselines are looked up by unit and the last
/// three characters of their name, so a document of many figures pairs in
/// linear time, not one comparison per pair.
fn pair(indicators: &mut [Indicator]) {
    let ending = |core: &str| -> String { core.chars().rev().take(3).collect() };
    let mut baselines: std::collections::HashMap<(String, String), Vec<(usize, String)>> = Default::default();
    for (b, base) in indicators.iter().enumerate() {
        if base.kind == IndicatorKind::Baseline {
            let core = metric_core(&base.metric);
            if core.chars().count() >= 3 {
                baselines.entry((base.unit.clone(), ending(&core))).or_default().push((b, core));
            }
        }
    }
    for t in 0..indicators.len() {
        if indicators[t].kind != IndicatorKind::Target || is_flow(&indicators[t].metric) {
            continue;
        }
        let target_core = metric_core(&indicators[t].metric);
        let key = (indicators[t].unit.clone(), ending(&target_core));
        let found = baselines.get(&key).and_then(|candidates| {
            candidates
                .iter()
                .find(|(b, core)| indicators[*b].pair.is_none() && !narrower(core, &target_core))
                .map(|(b, _)| *b)
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
        let f = one("累计建成5G基站1.2万个");
        assert_eq!((f.value, f.unit.as_str()), (1.2, "万个"));
    }

    #[test]
    fn number_first_ranges_and_words() {
        let f = figures("建设8所高水平中等职业学校和40个骨干专业(群)");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].metric.as_str(), f[0].value, f[0].unit.as_str()), ("高水平中等职业学校", 8.0, "所"));
        assert_eq!((f[1].metric.as_str(), f[1].value), ("骨干专业(群)", 40.0));
        let f = one("培育年进出口额超亿元企业5—10家");
        assert_eq!((f.value, f.value_max), (5.0, Some(10.0)));
        let f = one("全区进出口总额比2023年翻一番");
        assert_eq!((f.metric.as_str(), f.value, f.unit.as_str()), ("全区进出口总额", 2.0, "倍"));
        let f = one("服务贸易占对外贸易比重达到三成左右");
        assert_eq!((f.value, f.unit.as_str(), f.comparator), (30.0, "%", Comparator::About));
        let f = figures("化学需氧量、氨氮重点工程减排量分别达到420吨、36吨");
        assert_eq!(f.len(), 2);
        assert_eq!((f[1].metric.as_str(), f[1].value), ("氨氮重点工程减排量", 36.0));
        assert_eq!(one("生活垃圾焚烧处理能力达到约1200吨/日").unit, "吨/日");
        // A list after 、 shares its first figure's verb; 新 before a counting verb.
        let f = figures("全县建设综合养老服务中心8个、社区养老服务站60个");
        assert!(f.len() == 2 && f.iter().all(|f| f.explicit), "{f:?}");
        assert!(one("每年新认定市级数字化车间50个").explicit);
        let f = one("每年为200家以上规模以上工业企业提供免费诊断服务");
        assert_eq!((f.metric.as_str(), f.comparator), ("规模以上工业企业提供免费诊断服务", Comparator::AtLeast));
    }

    #[test]
    fn skips_codes_idioms_and_years() {
        assert!(figures("高标准建设诸暨G60创新港").is_empty());
        assert!(figures("依托诸暨智能视觉“万亩千亿”新产业平台建设").is_empty());
        assert!(figures("以“5G+智慧医疗”为抓手").is_empty());
        assert!(figures("2023年实现全覆盖").is_empty());
        assert!(figures("全面对接杭州五大产业生态圈").is_empty());
        assert!(figures("对全市流域面积50平方公里以上河流开展排查").is_empty());
        assert!(figures("严格落实第21条规定").is_empty());
        assert_eq!(figures("培育产值超10亿元的零部件企业10家以上").len(), 1);
    }

    #[test]
    fn indicator_tables_by_what_their_columns_say() {
        let doc = Document::parse(
            "主要指标\n\t指标名称\n\t单位\n\t2023年基期值\n\t2026年目标值\n\n\t上云企业\n\t家\n\t1200\n\t≥3000\n\n",
        );
        let ind = extract(&doc, Time::default());
        assert_eq!(ind.len(), 2, "{ind:?}");
        assert_eq!((ind[0].kind, ind[0].year, ind[0].value), (IndicatorKind::Baseline, Some(2023), 1200.0));
        assert_eq!((ind[1].year, ind[1].comparator, ind[1].unit.as_str()), (Some(2026), Comparator::AtLeast, "家"));
        // A note that states the value to reach is read; a scoring rule is not.
        let doc = Document::parse("\t一级指标\n\t二级指标\n\t指标说明\n\n\t经济\n\t工业增加值增长\n\t年度目标为增长8%以上\n\n\t经济\n\t投资增长\n\t第1名得满分，每后退一位扣0.5分\n\n");
        let ind = extract(&doc, Time::default());
        assert_eq!(ind.len(), 1, "{ind:?}");
        assert_eq!((ind[0].metric.as_str(), ind[0].value), ("工业增加值增长", 8.0));
        // Bare year columns say neither baseline nor target.
        let doc = Document::parse("\t指标名称\n\t单位\n\t2020年\n\t2025年\n\n\t5G基站数\n\t个\n\t2000\n\t8000\n\n");
        assert!(extract(&doc, Time::default()).is_empty());
    }

    #[test]
    fn pairs_baseline_with_target() {
        let doc = Document::parse("一、行动背景\n（一）行动基础\n建成“诸暨岛”等离岛式平台5个，引进名医工作室93家。\n三、重点任务\n（二）实施产业行动\n力争到2025年，建成离岛式平台8个，新引进名医工作室20个。");
        let ind = extract(&doc, Time::default());
        assert_eq!(ind.len(), 4, "{ind:?}");
        assert_eq!(ind[0].kind, IndicatorKind::Baseline);
        assert_eq!(ind[0].pair, Some(2));
        assert_eq!(ind[2].pair, Some(0));
        assert_eq!(ind[2].year, Some(2025));
        assert_eq!(ind[2].section, "实施产业行动");
        assert_eq!(ind[3].pair, None, "新引进 is a flow, not a level");
        // A count of the high-level schools is no progress on all schools.
        let doc = Document::parse(
            "一、现状基础\n全市现有中等职业学校21所。\n二、行动目标\n到2025年，建设8所高水平中等职业学校。",
        );
        let ind = extract(&doc, Time::default());
        assert_eq!(ind.len(), 2, "{ind:?}");
        assert_eq!((ind[0].pair, ind[1].pair), (None, None));
    }
}
