//! Projects and stated totals in prose: the sentences that name a project
//! with its money, and the sentences that state a total for a set of
//! projects (全市共安排重点项目142个，总投资1454.9亿元).
//!
//! How a sentence (split on 。；) is read, clause by clause (split on ，、):
//! - a clause that counts projects (项目142个, 56个项目) opens a **stated
//!   total**; the next amount (总投资…) closes it. A total is the document's
//!   own figure, never a project;
//! - an amount after a total-investment word (总投资, 计划总投资, 概算总投资,
//!   投资概算, 估算总投资, 计划投资) belongs to the **project** named just
//!   before it: in the same clause ("X工程总投资18.5亿元") or the clause before
//!   ("加快建设X，总投资近180亿元"), without the leading verb; a bare 投资 counts
//!   only for a name that reads as a project (…工程, …项目, …园 …), and
//!   "投资50亿元的X项目" names it after (up to its verb: …的X工程是…); a
//!   lead-in ("交通项目中", "在…方面") names no project, and a name may stand
//!   before its scale ("X高速公路全长46.2公里"); 这批/上述项目 refer, never name;
//! - a sentence that goes on about the project just named ("工程将…，计划2027年
//!   完工") gives its period, and its figures are the project's scale, no targets;
//! - 年度计划投资 / 今年计划投资 / 2023年计划投资 are the project's annual
//!   amount; "其中…2亿元" after a project is a named share of its total;
//!   "2023年开工", "2025年建成", "建设期2023—2026年" its period; 一期/二期
//!   in its name its phase; 约/近/左右 make the amount approximate;
//! - money that no project name owns (专项资金, 基金规模, 完成投资 …) is left alone.

use super::document::{marker, Block, Document};
use crate::model::money::MoneyUnit;
use crate::model::{Money, Project, ReadFrom, Share, StatedTotal};
use crate::read::text::{fold_width, split_outside};

/// What a name of a project ends with.
const PROJECT_ENDS: [&str; 52] = [
    "工程",
    "项目",
    "段",
    "线",
    "路",
    "桥",
    "隧道",
    "站",
    "枢纽",
    "港",
    "港区",
    "码头",
    "机场",
    "园",
    "基地",
    "中心",
    "馆",
    "院",
    "学校",
    "中学",
    "小学",
    "幼儿园",
    "公园",
    "小镇",
    "综合体",
    "厂",
    "水库",
    "管网",
    "管廊",
    "片区",
    "新城",
    "街区",
    "楼",
    "设施",
    "平台",
    "城",
    "带",
    "廊道",
    "绿道",
    "大道",
    "高速",
    "高铁",
    "铁路",
    "公路",
    "国道",
    "省道",
    "航道",
    "电站",
    "场",
    "仓",
    "库",
    "作业区",
];

/// Verbs and context words before a project's name.
const LEADING: [&str; 29] = [
    "确保",
    "加快推进",
    "积极推进",
    "全力推进",
    "重点推进",
    "加快建设",
    "开工建设",
    "重点实施",
    "加快实施",
    "启动建设",
    "续建",
    "新建",
    "推进",
    "实施",
    "建设",
    "启动",
    "开展",
    "谋划",
    "包括",
    "打造",
    "完成",
    "加快",
    "重点",
    "其中",
    "以及",
    "及",
    "和",
    "有",
    "是",
];

/// Words that make an amount no project's own: progress, other people's money.
const NOT_OWN: [&str; 10] =
    ["已完成投资", "累计完成", "社会投资", "撬动", "固定资产投资", "到位资金", "引进", "招引", "拉动", "带动"];

/// Words of a set of projects, not one: a name holding them states a total.
const COLLECTIVE: [&str; 10] = ["全市", "全县", "全区", "全镇", "全省", "本次", "合计", "总计", "共计", "各类"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// 总投资 and the like: the project's total.
    Total,
    /// A bare 投资: a total only for a name that reads as a project's.
    Bare,
    /// 年度计划投资, 今年计划投资, 2023年计划投资.
    Annual,
}

/// An amount found in a clause: where its word starts, the money, approximate or not.
#[derive(Debug, Clone, Copy)]
struct Amount {
    kind: Kind,
    /// Byte offset of its word in the clause.
    at: usize,
    money: Money,
    approx: bool,
}

/// The amount in a clause after a money word ("总投资约8亿元", "投资概算4.35亿元").
fn amount_in(clause: &str) -> Option<Amount> {
    const WORDS: [(&str, Kind); 19] = [
        ("协议投资总额", Kind::Total),
        ("协议总投资", Kind::Total),
        ("协议投资", Kind::Total),
        ("本年度计划投资", Kind::Annual),
        ("年度计划投资", Kind::Annual),
        ("今年计划完成投资", Kind::Annual),
        ("今年计划投资", Kind::Annual),
        ("年内计划投资", Kind::Annual),
        ("年度投资", Kind::Annual),
        ("计划总投资", Kind::Total),
        ("概算总投资", Kind::Total),
        ("估算总投资", Kind::Total),
        ("总投资额", Kind::Total),
        ("总投资", Kind::Total),
        ("投资概算", Kind::Total),
        ("投资估算", Kind::Total),
        ("计划完成投资", Kind::Annual),
        ("计划投资", Kind::Total),
        ("投资", Kind::Bare),
    ];
    // The first place in the clause where a money word is followed by money;
    // at one place the longest word wins (they are listed longest first).
    for (at, _) in clause.char_indices() {
        let here = &clause[at..];
        for (word, kind) in WORDS {
            let Some(after) = here.strip_prefix(word) else { continue };
            let Some((money, approx)) = money_after(after) else { continue };
            let before = &clause[..at];
            // "2023年计划投资", "今年计划完成投资", "年度计划投资": that year's amount.
            let kind = if word.starts_with("计划") && (before.ends_with('年') || before.ends_with("年度")) {
                Kind::Annual
            } else {
                kind
            };
            return Some(Amount { kind, at, money, approx });
        }
    }
    None
}

/// "约8亿元", "近180亿元", "为9876.5万元左右": the money right after a money word.
fn money_after(text: &str) -> Option<(Money, bool)> {
    let mut rest = text;
    let mut approx = false;
    loop {
        let trimmed = rest.trim_start_matches([':', '：', ' ']);
        if let Some(r) = trimmed.strip_prefix('约').or_else(|| trimmed.strip_prefix('近')) {
            approx = true;
            rest = r;
        } else if let Some(r) = trimmed.strip_prefix('为').or_else(|| trimmed.strip_prefix("达")) {
            rest = r;
        } else {
            rest = trimmed;
            break;
        }
    }
    let folded = fold_width(rest);
    let digits: String = folded.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = &folded[digits.len()..];
    let (unit, tail) = if let Some(t) = after.strip_prefix("万亿元").or_else(|| after.strip_prefix("万亿")) {
        (MoneyUnit::WanYi, t)
    } else if let Some(t) = after.strip_prefix("亿元").or_else(|| after.strip_prefix('亿')) {
        (MoneyUnit::Yi, t)
    } else if let Some(t) = after.strip_prefix("万元").or_else(|| after.strip_prefix('万')) {
        (MoneyUnit::Wan, t)
    } else if let Some(t) = after.strip_prefix('元') {
        (MoneyUnit::Yuan, t)
    } else {
        return None;
    };
    if tail.starts_with("左右") {
        approx = true;
    }
    let money = Money::parse(&digits.replace(',', ""), unit)?;
    Some((money, approx))
}

/// A count of projects in a clause: "项目142个", "56个项目", "项目共56个".
fn project_count(clause: &str) -> Option<(u32, usize)> {
    let t = fold_width(clause);
    let number_at = |s: &str| -> Option<u32> {
        let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        d.parse().ok()
    };
    for (at, _) in t.match_indices("项目") {
        // "…项目142个" / "…项目共56个".
        let after = t[at + "项目".len()..].trim_start_matches(['共', '数']);
        if let Some(n) = number_at(after) {
            let rest = &after[n.to_string().len()..];
            if rest.starts_with('个') || rest.starts_with('项') {
                return Some((n, at));
            }
        }
        // "56个项目", "12个重点项目".
        let before = &t[..at];
        if let Some(ge) = before.rfind('个') {
            let head: String = before[..ge].chars().rev().take_while(|c| c.is_ascii_digit()).collect();
            let between = before[ge..].chars().count();
            if let (Ok(n), true) = (head.chars().rev().collect::<String>().parse(), between <= 8) {
                return Some((n, at));
            }
        }
    }
    None
}

/// True for a sentence that only names a project ("华钧新能源动力电池模组项目").
pub fn is_project_name(sentence: &str) -> bool {
    project_name(sentence, false).is_some_and(|n| {
        n.chars().count() + 2 >= sentence.trim().chars().count().min(60) || sentence.chars().count() <= 40
    })
}

/// The name of a project in text before its money word, if it reads as one.
fn project_name(text: &str, strong: bool) -> Option<String> {
    let mut t = text.trim().trim_matches(['，', ',', '、', '：', ':', ' ']).trim();
    if let Some(m) = marker(t) {
        t = t[m.len..].trim();
    }
    // "在主会场开工的X项目": the name follows the last 的.
    if let Some((_, after)) = t.rsplit_once('的') {
        if after.chars().count() >= 4 {
            t = after;
        }
    }
    loop {
        let before = t;
        for w in LEADING {
            if let Some(rest) = t.strip_prefix(w) {
                if rest.chars().count() >= 3 {
                    t = rest;
                }
            }
        }
        if t == before {
            break;
        }
    }
    let t = t.trim_matches(|c: char| c == '“' || c == '”' || c.is_whitespace());
    // "X项目建设", "X工程年内开工": the name ends where the project's word does.
    // "X工程（二期）全长38公里": the phase in brackets is the name's, the scale not.
    let t = ["项目", "工程"]
        .iter()
        .filter_map(|w| t.rfind(w).map(|at| at + w.len()))
        .max()
        .map(|end| match t[end..].split_once(['）', ')']) {
            Some((inner, _)) if inner.starts_with(['（', '(']) && inner.contains('期') => {
                end + inner.len() + t[end + inner.len()..].chars().next().map_or(0, char::len_utf8)
            }
            _ => end,
        })
        .filter(|&end| end < t.len() && t[end..].chars().count() <= 8)
        .map_or(t, |end| &t[..end]);
    let n = t.chars().count();
    // A phase in brackets ("X工程（二期）") ends the name, not its kind.
    let kind = t.strip_suffix(['）', ')']).and_then(|x| x.rsplit_once(['（', '(']).map(|(k, _)| k)).unwrap_or(t);
    let reads_as_project = PROJECT_ENDS.iter().any(|e| kind.ends_with(e));
    // A name that does not end like a project's must at least not count or describe.
    let plain = !t.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && !["涉及", "覆盖", "惠及", "预计", "计划", "其中", "新增", "累计", "占"].iter().any(|w| t.starts_with(w));
    let ok = (3..=40).contains(&n)
        && (reads_as_project || (strong && plain))
        && !t.contains(['。', '；', '，'])
        && !COLLECTIVE.iter().any(|w| t.contains(w))
        && !["该项目", "本项目", "此项目", "项目", "工程", "该工程"].contains(&t)
        // "该工程", "这批项目", "上述项目": a reference, no name.
        && !["该", "这", "此", "上述", "以上", "本批"].iter().any(|w| t.starts_with(w))
        // "由X公司投资建设" says who builds; "目标为签约项目" is a goal.
        && !t.starts_with('由')
        && !["投资建设", "目标", "签约项目"].iter().any(|w| t.contains(w))
        && !NOT_OWN.iter().any(|w| t.contains(w));
    ok.then(|| t.to_string())
}

/// Years of a period said in a clause: "2023年开工" → start, "2025年建成" → end,
/// "建设期2023—2026年" → both.
fn period_in(clause: &str, present: Option<i32>, start: &mut Option<i32>, end: &mut Option<i32>) {
    // "今年开工", "年内建成": the document's own year.
    let t = match present {
        Some(y) => fold_width(clause).replace("今年", &format!("{y}年")).replace("年内", &format!("{y}年")),
        None => fold_width(clause),
    };
    const ENDS: [&str; 15] = [
        "建成",
        "完工",
        "竣工",
        "投用",
        "投入使用",
        "投产",
        "交付",
        "通车",
        "完成建设",
        "全部建成",
        "基本建成",
        "下闸蓄水",
        "并网",
        "开园",
        "完成建设",
    ];
    let years: Vec<(usize, i32)> = t
        .match_indices('年')
        .filter_map(|(at, _)| {
            let y = t.get(at.checked_sub(4)?..at)?;
            if !y.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            Some((at, y.parse().ok()?))
        })
        .collect();
    if let Some(at) = t.find("建设期").or_else(|| t.find("建设周期")) {
        let within: Vec<i32> = years.iter().filter(|(p, _)| *p > at).map(|(_, y)| *y).collect();
        let range: Vec<i32> = crate::read::text::years_in(&t[at..]);
        let (a, b) = match (range.as_slice(), within.as_slice()) {
            ([a, b, ..], _) => (*a, *b),
            (_, [a, b, ..]) => (*a, *b),
            _ => return,
        };
        if a <= b {
            *start = Some(a);
            *end = Some(b);
        }
        return;
    }
    for &(at, y) in &years {
        // What follows the year: a month, 底/前/全部, then the verb.
        let rest = t[at + '年'.len_utf8()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '月');
        // "2024年下半年开工", "2025年三季度建成": a part of the year, then the verb.
        const PARTS: [&str; 8] = ["上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "季度", "年中"];
        let rest = PARTS.iter().find_map(|p| rest.strip_prefix(p)).unwrap_or(rest);
        let rest = rest.trim_start_matches(['一', '二', '三', '四']).trim_start_matches("季度");
        let rest: String =
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || "月底末前全部内已将于正式".contains(c)).to_string();
        if rest.starts_with("开工") || rest.starts_with("启动") || rest.starts_with("动工") {
            start.get_or_insert(y);
        } else if ENDS.iter().any(|e| rest.starts_with(e)) {
            *end = Some(y);
        }
    }
}

fn phase_of(name: &str) -> Option<String> {
    ["一期", "二期", "三期", "四期", "五期", "首期"].iter().find(|p| name.contains(**p)).map(|p| p.to_string())
}

/// Clauses split on ，,、 outside brackets.
fn clauses(sentence: &str) -> Vec<&str> {
    split_outside(sentence, &['，', ',', '、'], false)
}

/// Sentences split on 。；; (and ！？), outside brackets.
fn sentences(text: &str) -> Vec<&str> {
    split_outside(text, &['。', '；', ';', '！', '？'], true).into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// "X项目（总投资约18亿元，年度计划投资2.5亿元）" → "X项目，总投资约18亿元，年度计划投资2.5亿元，":
/// money told in a parenthesis after a name is read as clauses of the sentence.
fn open_money_parentheses(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut rest = sentence;
    while let Some(open) = rest.find(['（', '(']) {
        let open_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let inner_start = open + open_len;
        let Some(close) = rest[inner_start..].find(['）', ')']) else { break };
        let inner = &rest[inner_start..inner_start + close];
        out.push_str(&rest[..open]);
        if amount_in(inner).is_some_and(|a| a.at == 0 || inner[..a.at].trim().is_empty()) {
            out.push('，');
            out.push_str(inner);
            out.push('，');
        } else {
            out.push_str(&rest[open..inner_start + close]);
            out.push_str(
                &rest[inner_start + close
                    ..inner_start + close + rest[inner_start + close..].chars().next().map_or(0, char::len_utf8)],
            );
        }
        rest = &rest[inner_start + close + rest[inner_start + close..].chars().next().map_or(0, char::len_utf8)..];
    }
    out.push_str(rest);
    out
}

/// What one paragraph names: projects and stated totals, in order.
#[derive(Debug, Default)]
pub struct Found {
    pub projects: Vec<Project>,
    pub totals: Vec<StatedTotal>,
}

/// Every project and stated total of the prose. Projects a table of the
/// document already lists (by name) are not added twice, nor projects told
/// as past achievements (under 行动基础, 现状 …); stated totals are kept
/// wherever they stand. Prose projects are numbered after the table's.
pub fn read(doc: &Document, table: &[Project], present: Option<i32>) -> Found {
    let mut found = Found::default();
    let mut sections: [String; 2] = Default::default();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, title, .. } if *level <= 2 => {
                if *level == 1 {
                    sections[1].clear();
                }
                sections[*level as usize - 1] = title.clone();
            }
            Block::Paragraph { text, line, .. } => {
                let before = found.projects.len();
                read_paragraph(text, *line, present, &mut found);
                if sections.iter().any(|s| super::document::tells_the_past(s)) {
                    found.projects.truncate(before);
                }
            }
            _ => {}
        }
    }
    let listed = |p: &Project| {
        let name = squeeze(&p.name);
        table.iter().any(|t| {
            let t = squeeze(&t.name);
            t == name
                || (name.chars().count() >= 4 && t.contains(&name))
                || (t.chars().count() >= 4 && name.contains(&t))
        })
    };
    found.projects.retain(|p| !listed(p));
    let first = table.iter().map(|p| p.no).max().unwrap_or(0);
    for (i, p) in found.projects.iter_mut().enumerate() {
        p.no = first + i as u32 + 1;
    }
    found
}

fn squeeze(s: &str) -> String {
    fold_width(s).chars().filter(|c| !c.is_whitespace() && !"“”\"《》".contains(*c)).collect()
}

/// Reads one paragraph (its line for every record).
pub fn read_paragraph(text: &str, line: u32, present: Option<i32>, found: &mut Found) {
    // "1.X项目。计划总投资…": the name stands alone in the sentence before its money.
    let mut named_before: Option<String> = None;
    // The project the last sentence named: "工程将…，计划2027年完工" goes on with it.
    let mut last_named: Option<usize> = None;
    for sentence in sentences(text) {
        let bare = sentence.trim().trim_end_matches(['。', '；', ';']);
        if refers_to_project(bare) && amount_in(bare).is_none() {
            if let Some(p) = last_named.and_then(|i| found.projects.get_mut(i)) {
                for clause in clauses(bare) {
                    period_in(clause, present, &mut p.start_year, &mut p.end_year);
                }
                continue;
            }
        }
        let known = found.projects.len();
        let alone = project_name(bare, false).filter(|_| amount_in(bare).is_none());
        // "A项目、B项目分别投资186万元、224.9万元": one project each, the whole sentence.
        if respective(sentence, line, present, found).is_some() {
            named_before = None;
            continue;
        }
        let opened = open_money_parentheses(sentence);
        let parts = clauses(&opened);
        // The stated total a count opened, waiting for its amount.
        let mut pending: Option<(String, u32)> = None;
        // The project this sentence is about, once named.
        let mut current: Option<usize> = None;
        // True once the sentence's last record was a total (a "其中" after it is its part, not a share).
        let mut last_total = false;
        for (k, clause) in parts.iter().enumerate() {
            let folded_clause = fold_width(clause);
            // "目标为签约项目100个以上": a goal the figures reader takes, no total.
            let goal = ["目标", "力争", "确保", "以上"].iter().any(|w| sentence.contains(w))
                && ["以上", "左右"].iter().any(|w| folded_clause.contains(&format!("个{w}")));
            if let (Some((count, _)), false) = (project_count(clause), goal) {
                let label = label_before_count(clause);
                match amount_in(clause) {
                    Some(a) => {
                        push_total(found, label, Some(count), a, sentence, line);
                        pending = None;
                    }
                    _ => pending = Some((label, count)),
                }
                current = None;
                last_total = true;
                continue;
            }
            // "其中…2亿元": a share of the project's total (after a total, its part: no project).
            if let Some((label, money)) = share_in(clause) {
                if let (Some(p), false) = (current.and_then(|i| found.projects.get_mut(i)), last_total) {
                    if label.contains("年度") || label.contains("今年") {
                        p.annual = Some(money);
                    } else {
                        p.share = Some(Share { label, amount: money });
                    }
                }
                continue;
            }
            let Some(a) = amount_in(clause) else {
                if let Some(p) = current.and_then(|i| found.projects.get_mut(i)) {
                    period_in(clause, present, &mut p.start_year, &mut p.end_year);
                }
                continue;
            };
            // A total's amount: its total investment, or this year's ("年度计划投资1100亿元").
            if let Some((label, count)) = pending.take() {
                push_total(found, label, Some(count), a, sentence, line);
                continue;
            }
            let head = without_year(&clause[..a.at]);
            if a.kind == Kind::Annual {
                if let Some(p) = current.and_then(|i| found.projects.get_mut(i)) {
                    p.annual = Some(a.money);
                    period_in(&clause[a.at..], present, &mut p.start_year, &mut p.end_year);
                    continue;
                }
            }
            if NOT_OWN.iter().any(|w| folded_clause.contains(w)) {
                continue;
            }
            // The name: in this clause before the word, else the clause before.
            let strong = a.kind != Kind::Bare;
            // With nothing before the word, the name is in an earlier clause of
            // the sentence: "X项目，涉及学校5所，总投资9400万元".
            // A clause that reads as a project's name wins over a nearer one that
            // only does not count ("X工程全长2.4公里，同步敷设综合管廊，总投资…").
            let earlier = || {
                let before = || parts[..k].iter().rev().take_while(|c| amount_in(c).is_none());
                let says_project = |n: &String| n.contains("项目") || n.contains("工程");
                before()
                    .find_map(|c| leading_name(c, false).filter(says_project))
                    .or_else(|| before().find_map(|c| leading_name(c, false)))
                    .or_else(|| before().find_map(|c| leading_name(c, strong)))
            };
            // "该工程总投资…", "项目总投资…": the project named before.
            let refers_back = ["", "项目", "该项目", "该工程", "工程", "本项目"].contains(&head.trim());
            let name = project_name(head, strong)
                .or_else(|| if refers_back { earlier() } else { None })
                .or_else(|| name_after(&clause[a.at..]))
                .or_else(|| if refers_back && k == 0 && current.is_none() { named_before.take() } else { None });
            let Some(name) = name else {
                // "全市重点项目总投资…" with no count: a stated total.
                if COLLECTIVE.iter().any(|w| head.contains(w)) && head.contains("项目") && a.kind == Kind::Total {
                    push_total(found, head.trim().to_string(), None, a, sentence, line);
                    last_total = true;
                }
                continue;
            };
            let mut p =
                Project { no: 0, phase: phase_of(&name), name, line, read_from: ReadFrom::Prose, ..Project::default() };
            match a.kind {
                Kind::Annual => p.annual = Some(a.money),
                _ => {
                    p.investment = Some(a.money);
                    p.approx = a.approx;
                }
            }
            period_in(&clause[a.at..], present, &mut p.start_year, &mut p.end_year);
            found.projects.push(p);
            current = Some(found.projects.len() - 1);
            last_total = false;
        }
        named_before = alone;
        last_named = (found.projects.len() > known).then(|| found.projects.len() - 1);
    }
}

/// A sentence about the project just named: "工程将在…", "该项目计划…".
pub fn refers_to_project(sentence: &str) -> bool {
    let t = sentence.trim();
    ["该工程", "该项目", "本工程", "本项目", "工程", "项目"].iter().any(|w| {
        t.strip_prefix(w).is_some_and(|rest| {
            ["将", "计划", "预计", "于", "建成", "拟", "总", "建设", "位于"].iter().any(|v| rest.starts_with(v))
        })
    })
}

/// "A项目、B项目分别投资186万元、224.9万元": as many projects as names and
/// amounts, in order; None unless both lists are there and as long.
fn respective(sentence: &str, line: u32, present: Option<i32>, found: &mut Found) -> Option<usize> {
    let clause = sentence;
    let (names, rest) = clause.split_once("分别")?;
    // The names are the last clause's before 分别.
    let names = names.rsplit(['，', ',']).next().unwrap_or(names);
    let names: Vec<String> = names.split(['、', '和']).map(|n| project_name(n, false)).collect::<Option<_>>()?;
    // The amounts are those of the clause after 分别; the years, of the sentence's rest.
    let whole = rest;
    let rest = rest.split(['，', ',']).next().unwrap_or(rest);
    let amounts: Vec<(Money, bool)> = rest
        .split(['、', '和'])
        .filter_map(|piece| {
            let at = piece.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))?;
            money_after(&piece[at..])
        })
        .collect();
    if names.len() < 2 || names.len() != amounts.len() {
        return None;
    }
    for (name, (money, approx)) in names.into_iter().zip(amounts) {
        let mut p =
            Project { no: 0, phase: phase_of(&name), name, line, read_from: ReadFrom::Prose, ..Project::default() };
        p.investment = Some(money);
        p.approx = approx;
        period_in(whole, present, &mut p.start_year, &mut p.end_year);
        found.projects.push(p);
    }
    Some(found.projects.len())
}

/// A clause's head without a closing year ("2023年", "今年", "年度"): "2023年计划投资"
/// names that year's amount, not a project called 2023年.
fn without_year(head: &str) -> &str {
    let t = head.trim_end();
    for w in ["本年度", "今年", "年度", "当年", "全年"] {
        if let Some(rest) = t.strip_suffix(w) {
            return rest;
        }
    }
    let folded = fold_width(t);
    if let Some(rest) = folded.strip_suffix('年') {
        let digits = rest.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 {
            // Full-width digits fold to one byte each: cut by characters.
            let keep = t.chars().count() - 5;
            let end = t.char_indices().nth(keep).map_or(t.len(), |(i, _)| i);
            return &t[..end];
        }
    }
    t
}

/// "其中市级财政资金2亿元", "其中一期投资45亿元": what the share is, and its money.
fn share_in(clause: &str) -> Option<(String, Money)> {
    let rest = clause.trim().strip_prefix("其中")?.trim_start_matches(['，', ',', ' ']);
    let at = rest.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))?;
    let (money, _) = money_after(&rest[at..])?;
    let label = rest[..at].trim_end_matches(['约', '近', '为', '达', '：', ':']);
    let label = label.trim_start_matches("使用").trim();
    // "一期投资" is the 一期; "政府投资" says whose money.
    let label = match label.strip_suffix("投资") {
        Some(phase) if phase_of(phase).as_deref() == Some(phase) => phase,
        _ => label,
    };
    (!label.is_empty() && !label.contains("项目")).then(|| (label.to_string(), money))
}

/// The name a clause opens with: the whole clause, or its start up to 项目/工程
/// ("农村学校校舍改造项目涉及学校12所" → "农村学校校舍改造项目").
fn leading_name(clause: &str, strong: bool) -> Option<String> {
    // "交通项目中", "在城乡供水方面": a lead-in naming a kind, no project.
    let c = clause.trim();
    if ["中", "方面", "当中", "领域"].iter().any(|w| c.ends_with(w)) {
        return None;
    }
    project_name(clause, strong)
        .or_else(|| {
            let end = ["项目", "工程"].iter().filter_map(|w| clause.find(w).map(|at| at + w.len())).min()?;
            project_name(&clause[..end], strong)
        })
        .or_else(|| {
            // "X高速公路全长46.2公里": the name before its scale.
            let at = SCALE.iter().filter_map(|w| clause.find(w)).filter(|&at| at > 0).min()?;
            project_name(&clause[..at], false)
        })
}

/// Words that open a project's scale after its name.
const SCALE: [&str; 7] = ["全长", "总长", "长约", "占地", "建筑面积", "总建筑面积", "里程"];

/// "投资50亿元的X项目": the name after the money.
fn name_after(from_word: &str) -> Option<String> {
    let (_, after) = from_word.split_once('的')?;
    let name: String = after.chars().take_while(|c| !"，。；、,;".contains(*c)).collect();
    // "…的X工程是其中最大的水源项目": the name ends at its verb.
    let name =
        ["是", "将", "已", "位于"].iter().filter_map(|w| name.find(w)).min().map_or(name.as_str(), |at| &name[..at]);
    let name = name.trim_end_matches("等");
    project_name(name, false)
}

/// What a stated total counts, as written before its count.
fn label_before_count(clause: &str) -> String {
    let t = clause.trim();
    let t = t.strip_prefix("其中").unwrap_or(t).trim_start_matches(['，', ',']);
    let cut = t.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)).unwrap_or(t.len());
    t[..cut].trim_end_matches(['共', '有', '计']).trim().to_string()
}

fn push_total(found: &mut Found, label: String, count: Option<u32>, a: Amount, sentence: &str, line: u32) {
    found.totals.push(StatedTotal {
        label,
        count,
        amount: Some(a.money),
        approx: a.approx,
        sentence: sentence.trim().to_string(),
        line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Found {
        let mut found = Found::default();
        read_paragraph(text, 1, None, &mut found);
        found
    }

    #[test]
    fn names_after_money_behind_lead_ins_and_in_the_next_sentence() {
        let f =
            read("总投资约24.6亿元的云溪水库扩容工程是其中体量最大的水源项目。工程将加高大坝12米，计划2027年完工。");
        assert_eq!(f.projects.len(), 1, "{:?}", f.projects);
        assert_eq!((f.projects[0].name.as_str(), f.projects[0].end_year), ("云溪水库扩容工程", Some(2027)));
        let f = read("交通项目中，云溪至江口高速公路全长46.2公里，按双向四车道标准建设，概算总投资58.4亿元。");
        assert_eq!(f.projects[0].name, "云溪至江口高速公路");
        assert!(read("按照计划，这批项目年内将完成投资31.5亿元。").projects.is_empty());
    }

    #[test]
    fn projects_and_totals() {
        let f = read("全市共安排市级重点建设项目142个，总投资1454.9亿元。其中，续建项目78个，总投资986.3亿元；新开工项目64个，总投资468.6亿元。");
        assert_eq!(f.projects.len(), 0);
        assert_eq!(f.totals.len(), 3);
        assert_eq!((f.totals[0].count, f.totals[0].amount.map(Money::yi_text)), (Some(142), Some("1454.9".into())));
        let f = read("3.市第一人民医院新院区项目，总投资约8亿元，其中市级财政资金2亿元。");
        let p = &f.projects[0];
        assert_eq!((p.name.as_str(), p.approx), ("市第一人民医院新院区项目", true));
        assert_eq!(
            p.share.as_ref().map(|s| (s.label.as_str(), s.amount.yi_text())),
            Some(("市级财政资金", "2".into()))
        );
        let f = read("1.杭绍城际铁路云溪段工程，总投资52亿元，2023年开工，2025年建成。");
        assert_eq!((f.projects[0].start_year, f.projects[0].end_year), (Some(2023), Some(2025)));
        let f = read("加快建设沪云高铁云溪段，总投资近180亿元，力争2026年建成通车。");
        assert_eq!((f.projects[0].name.as_str(), f.projects[0].end_year), ("沪云高铁云溪段", Some(2026)));
        let f = read("县农产品冷链物流中心项目投资概算8600万元，计划2024年建成。");
        assert_eq!(f.projects[0].investment.map(Money::yi_text).as_deref(), Some("0.86"));
        // Money that is no project's.
        assert!(read("全县今年安排乡村振兴衔接资金5600万元，用于支持特色产业发展。").projects.is_empty());
        assert!(read("该项目已累计完成投资12.6亿元。").projects.is_empty());
    }
}
