//! Who is responsible for a measure, and by when, as plans write it in prose:
//!
//! - a parenthesis at the end of the measure: （牵头单位：A；配合单位：B、C；完成时限：
//!   2023年底前）, （责任单位：A、B）, （A牵头，B、C配合）, （A负责）, half-width too;
//! - lines of their own after it: 责任单位：A、B / 牵头单位：A / 配合单位：B / 完成时限：…;
//! - a closing sentence: 由A牵头，B、C配合，2024年6月底前完成 / A负责，长期坚持.
//!
//! A single 责任单位 list leads with its first unit (the convention of Chinese
//! plans). Collective units stay whole: 各区、县（市）人民政府, 各县（市、区）,
//! 市级各有关部门 (lists split on 、，；/ outside parentheses only).

use crate::read::text::{fold_width, split_outside};

/// Units and a deadline read from one measure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responsible {
    pub leads: Vec<String>,
    pub cos: Vec<String>,
    pub deadline: Option<String>,
}

impl Responsible {
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty() && self.cos.is_empty() && self.deadline.is_none()
    }

    pub fn has_units(&self) -> bool {
        !self.leads.is_empty() || !self.cos.is_empty()
    }

    /// Adds what another clause of the same measure says (a 配合单位 line after a 牵头单位 line).
    pub fn merge(&mut self, other: Responsible) {
        self.leads.extend(other.leads);
        self.cos.extend(other.cos);
        self.deadline = self.deadline.take().or(other.deadline);
    }

    /// Units in order, leads first, and how many lead.
    pub fn units(&self) -> (Vec<String>, usize) {
        let mut units = self.leads.clone();
        for u in &self.cos {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
        (units, self.leads.len())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Lead,
    Co,
    /// 责任单位: the first named leads.
    Responsible,
    Deadline,
}

const LABELS: [(&str, Label); 20] = [
    ("牵头单位", Label::Lead),
    ("牵头部门", Label::Lead),
    ("主责单位", Label::Lead),
    ("主办单位", Label::Lead),
    ("配合单位", Label::Co),
    ("配合部门", Label::Co),
    ("协办单位", Label::Co),
    ("参与单位", Label::Co),
    ("协同单位", Label::Co),
    ("责任单位", Label::Responsible),
    ("责任部门", Label::Responsible),
    ("责任主体", Label::Responsible),
    ("实施单位", Label::Responsible),
    ("完成时限", Label::Deadline),
    ("完成时间", Label::Deadline),
    ("时间节点", Label::Deadline),
    ("时间安排", Label::Deadline),
    ("进度安排", Label::Deadline),
    ("办结时限", Label::Deadline),
    ("时限要求", Label::Deadline),
];

/// Splits a list of units on 、，,；;/ outside parentheses, keeping collective
/// names whole ("各区、县（市）人民政府").
pub fn split_list(s: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／') {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    let mut out: Vec<String> = Vec::new();
    for p in
        parts.into_iter().map(|p| p.trim().trim_end_matches(['。', '.']).trim().to_string()).filter(|p| !p.is_empty())
    {
        // 各区、县（市）…: "各区" alone names no body; it joins the next part.
        let joins = out.last().is_some_and(|last: &String| {
            last.starts_with('各')
                && last.chars().count() <= 3
                && p.chars().nth(1).is_some_and(|c| c == '（' || c == '(')
        });
        if joins {
            let last = out.last_mut().expect("checked");
            last.push('、');
            last.push_str(&p);
        } else {
            out.push(p);
        }
    }
    out
}

/// True for a name that reads as a body: ends like one (局, 委, 办, 政府,
/// 公司 …) or is collective (各…, 有关部门).
pub fn is_unit(name: &str) -> bool {
    const ENDS: [&str; 42] = [
        "局",
        "委",
        "办",
        "厅",
        "部",
        "院",
        "会",
        "中心",
        "公司",
        "集团",
        "政府",
        "街道",
        "乡镇",
        "镇",
        "站",
        "所",
        "队",
        "处",
        "室",
        "行",
        "社",
        "馆",
        "园",
        "分局",
        "大队",
        "支行",
        "联",
        "法院",
        "检察院",
        "科",
        "单位",
        "部门",
        "机构",
        "区",
        "县",
        "市",
        "组",
        "班",
        "团",
        "校",
        "台",
        "署",
    ];
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.contains(['，', '。', '：', ':', '；'])
        && (ENDS
            .iter()
            .any(|e| name.ends_with(e) || name.ends_with(&format!("{e}）")) || name.ends_with(&format!("{e})")))
            || name.starts_with('各')
            || name.contains("有关部门"))
}

/// A deadline as written: "2023年底前", "2024年6月底前", "2025年", "长期坚持",
/// "持续推进"; a clause that is only that (an optional 完成/前完成 after it).
pub fn deadline(clause: &str) -> Option<String> {
    let t = clause.trim().trim_end_matches(['。', '.', '）', ')']).trim();
    const STANDING: [&str; 10] = [
        "长期坚持",
        "持续推进",
        "持续开展",
        "持续实施",
        "长期推进",
        "常态化推进",
        "按年度推进",
        "每年",
        "长期",
        "常态化",
    ];
    if let Some(s) = STANDING.iter().find(|s| t == **s) {
        return Some(s.to_string());
    }
    let t = t.strip_suffix("完成").unwrap_or(t).trim_end_matches(['前', '以']);
    let folded = fold_width(t);
    let (year, rest) = folded.split_once('年')?;
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // What may follow the year: a month, a day, 底/末/上半年/下半年, 前.
    let rest_ok = rest.chars().all(|c| c.is_ascii_digit() || "月日底末上下半年季度第一二三四前".contains(c));
    rest_ok.then(|| {
        // As written, with the 前 the clause had and without 完成.
        let kept = clause.trim().trim_end_matches(['。', '.', '）', ')']).trim();
        kept.strip_suffix("完成").unwrap_or(kept).to_string()
    })
}

/// Drops closing parentheses that close nothing ("…各镇（街道））" at the end of
/// a parenthesis of units), keeping those of a collective name.
fn trim_unbalanced(value: &str) -> &str {
    let mut v = value;
    while (v.ends_with('）') || v.ends_with(')')) && v.matches(['）', ')']).count() > v.matches(['（', '(']).count()
    {
        v = v[..v.len() - v.chars().next_back().map_or(0, char::len_utf8)].trim_end();
    }
    v.trim_end_matches(['；', ';', '，', ',', '。']).trim()
}

/// A clause that opens with a time limit: "2024年12月底前出台细则" → "2024年12月底前",
/// "每年年底前组织…" → "每年年底前". The limit ends with 前.
pub fn deadline_prefix(clause: &str) -> Option<String> {
    let t = clause.trim();
    deadline_at_start(t).or_else(|| {
        // "集体经济薄弱村2026年底前全部消除": a limit inside the clause, when it
        // governs the verb after it (not "2000年底前建成的小区", which describes).
        t.char_indices().filter(|&(_, c)| c.is_ascii_digit() || ('０'..='９').contains(&c)).find_map(|(at, _)| {
            let from = &t[at..];
            let d = deadline_at_start(from)?;
            let after = &from[d.len()..];
            let describes = after.chars().take(6).any(|c| c == '的');
            let previous_is_digit = t[..at].chars().next_back().is_some_and(|c| c.is_ascii_digit());
            // "每年12月10日前报送": the limit recurs, as written.
            let d = if t[..at].ends_with("每年") { format!("每年{d}") } else { d };
            (!describes && !previous_is_digit).then_some(d)
        })
    })
}

fn deadline_at_start(t: &str) -> Option<String> {
    month_deadline(t).or_else(|| dated_deadline(t))
}

/// "5月31日前", "6月底前", "9月前": a limit within the plan's own year.
fn month_deadline(t: &str) -> Option<String> {
    let folded = fold_width(t);
    let digits = folded.chars().take_while(|c| c.is_ascii_digit()).count();
    let month: u32 = folded.get(..digits)?.parse().ok()?;
    if !(1..=12).contains(&month) || !folded[digits..].starts_with('月') {
        return None;
    }
    let rest = &folded[digits + '月'.len_utf8()..];
    let day: usize = rest
        .chars()
        .take_while(|c| {
            c.is_ascii_digit()
                || *c == '日'
                || *c == '底'
                || *c == '末'
                || *c == '中'
                || *c == '上'
                || *c == '下'
                || *c == '旬'
        })
        .map(char::len_utf8)
        .sum();
    let after = &rest[day..];
    let after = after.strip_prefix("前").or_else(|| after.strip_prefix("以前"))?;
    let chars = folded[..folded.len() - after.len()].chars().count();
    Some(t.chars().take(chars).collect())
}

fn dated_deadline(t: &str) -> Option<String> {
    let folded = fold_width(t);
    let body = folded.strip_prefix("每年").unwrap_or(&folded);
    let (year, rest) = body.split_once('年')?;
    let yearly = folded.starts_with("每年") && year.is_empty();
    if !yearly && (year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "月底末上下半年季度第一二三四".contains(*c))
        .map(char::len_utf8)
        .sum();
    let after = &rest[len..];
    let before_cut = after.strip_prefix("前").or_else(|| after.strip_prefix("以前"))?;
    let cut = folded.len() - before_cut.len();
    // Back to the text as written (full-width digits fold to one byte each).
    let chars = folded[..cut].chars().count();
    Some(t.chars().take(chars).collect())
}

/// The year and month a deadline names, for telling which of two is later.
pub fn deadline_order(deadline: &str) -> (i32, u32) {
    let folded = fold_width(deadline);
    let year = crate::read::text::years_in(&folded).first().copied().unwrap_or(0);
    let month = folded
        .split_once('年')
        .and_then(|(_, rest)| rest.split_once('月'))
        .and_then(|(m, _)| m.parse().ok())
        .unwrap_or(if folded.contains('底') || folded.contains('末') { 12 } else { 0 });
    (year, month)
}

/// Reads "牵头单位：A；配合单位：B" (or "责任单位：A、B", "完成时限：…"); None
/// when the text opens with no such label.
pub fn labelled(text: &str) -> Option<Responsible> {
    let folded = text.replace(':', "：");
    let mut found: Vec<(usize, usize, Label)> = Vec::new();
    for (word, label) in LABELS {
        let mut from = 0;
        while let Some(at) = folded[from..].find(word) {
            let start = from + at;
            let after = start + word.len();
            if folded[after..].starts_with('：') {
                found.push((start, after + '：'.len_utf8(), label));
            }
            from = after;
        }
    }
    found.sort_by_key(|f| f.0);
    let first = found.first()?;
    // The label must open the text (after spaces or a parenthesis).
    if !folded[..first.0].trim().trim_start_matches(['（', '(']).is_empty() {
        return None;
    }
    let mut r = Responsible::default();
    for (k, &(_, value_start, label)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(folded.len(), |next| next.0);
        let value =
            trim_unbalanced(folded[value_start..end].trim().trim_end_matches(['；', ';', '，', ',', '。']).trim());
        // "责任单位：A、B，2024年9月前": a time limit written after the units.
        let (list, limits): (Vec<String>, Vec<String>) =
            split_list(value).into_iter().partition(|u| deadline(u).is_none());
        if let Some(limit) = limits.into_iter().next() {
            r.deadline = r.deadline.take().or_else(|| deadline(&limit));
        }
        match label {
            Label::Deadline => {
                r.deadline = r.deadline.take().or_else(|| (!value.is_empty()).then(|| value.to_string()))
            }
            Label::Lead => r.leads.extend(list),
            Label::Co => r.cos.extend(list),
            Label::Responsible => {
                let mut list = list.into_iter();
                if r.leads.is_empty() {
                    r.leads.extend(list.next());
                }
                r.cos.extend(list);
            }
        }
    }
    Some(r)
}

/// Reads the clauses that close a sentence when they name who is
/// responsible: "…，由A牵头，B、C配合，2023年底前完成" or "A负责，长期坚持".
/// None unless one of them names a lead.
pub fn sentence(text: &str) -> Option<Responsible> {
    let clauses = split_clauses(text);
    // The closing run of clauses that each name units or a deadline.
    let from = (0..clauses.len()).rev().take_while(|&i| unit_clause(clauses[i]).is_some()).last()?;
    parse_clauses(&clauses[from..])
}

/// "由A牵头，B配合，对…予以保障": units named at a sentence's start, before what is to be done.
pub fn leading_sentence(text: &str) -> Option<Responsible> {
    let clauses = split_clauses(text);
    let n = clauses.iter().take_while(|c| unit_clause(c).is_some()).count();
    (n > 0 && n < clauses.len()).then(|| parse_clauses(&clauses[..n])).flatten()
}

fn parse_clauses(clauses: &[&str]) -> Option<Responsible> {
    let mut r = Responsible::default();
    for clause in clauses {
        match unit_clause(clause)? {
            Clause::Lead(units) => r.leads.extend(units),
            Clause::Co(units) => r.cos.extend(units),
            Clause::Responsible(units) => {
                let mut units = units.into_iter();
                if r.leads.is_empty() {
                    r.leads.extend(units.next());
                }
                r.cos.extend(units);
            }
            Clause::Deadline(d) => r.deadline = Some(d),
        }
    }
    (!r.leads.is_empty()).then_some(r)
}

enum Clause {
    Lead(Vec<String>),
    Co(Vec<String>),
    /// 负责: the first leads, the rest assist.
    Responsible(Vec<String>),
    Deadline(String),
}

fn unit_clause(clause: &str) -> Option<Clause> {
    let c = clause.trim().trim_end_matches(['。', '.']).trim();
    let c = c.strip_prefix('由').unwrap_or(c);
    let units = |list: &str| {
        let units = split_list(list);
        (!units.is_empty() && units.iter().all(|u| is_unit(u))).then_some(units)
    };
    if let Some(d) = deadline(c).or_else(|| deadline_prefix(c)) {
        return Some(Clause::Deadline(d));
    }
    // "A、B按职责分工负责": after a lead, all assist; alone, the first leads.
    if let Some(list) = ["按职责分工负责", "按职责负责", "分工负责"].iter().find_map(|w| c.strip_suffix(w))
    {
        return units(list).map(Clause::Responsible);
    }
    if let Some(co) = ["配合", "参与", "协助", "协同", "共同推进"].iter().find_map(|w| c.strip_suffix(w)) {
        return units(co).map(Clause::Co);
    }
    if let Some(lead) = ["牵头负责", "牵头"].iter().find_map(|w| c.strip_suffix(w)) {
        return units(lead).map(Clause::Lead);
    }
    // "A、B负责": the first named leads, as in a 责任单位 list.
    if let Some(list) = ["负责", "主责"].iter().find_map(|w| c.strip_suffix(w)) {
        return units(list).map(Clause::Responsible);
    }
    None
}

/// Clauses split on ，,；; outside brackets.
fn split_clauses(text: &str) -> Vec<&str> {
    split_outside(text, &['，', ',', '；', ';'], false)
}

/// A measure's text without the units written at its end, and those units.
/// Looks for a closing parenthesis of units, then a closing sentence of units.
pub fn trailing(text: &str) -> (String, Responsible) {
    let t = text.trim_end();
    let body = t.trim_end_matches(['。', '.', ' ']);
    if body.ends_with('）') || body.ends_with(')') {
        if let Some(open) = matching_open(body) {
            let open_len = body[open..].chars().next().map_or(0, char::len_utf8);
            let close_len = body.chars().next_back().map_or(0, char::len_utf8);
            let inner = &body[open + open_len..body.len() - close_len];
            if let Some(r) = labelled(inner).or_else(|| sentence(inner).filter(|_| all_units(inner))) {
                return (body[..open].trim_end().to_string(), r);
            }
        }
    }
    // The last sentence: "由A牵头，B配合，2023年底前完成。", or "责任单位：A、B".
    let start = body.rfind(['。', '；', ';']).map_or(0, |at| at + body[at..].chars().next().map_or(0, char::len_utf8));
    if start > 0 {
        if let Some(r) = labelled(&body[start..]) {
            return (body[..start].to_string(), r);
        }
    }
    if let Some(r) = sentence(&body[start..]).or_else(|| leading_sentence(&body[start..]).filter(|_| start > 0)) {
        return (t.to_string(), r);
    }
    if let Some(r) = split_clauses(&body[start..]).last().and_then(|c| charged(c)) {
        return (t.to_string(), r);
    }
    (t.to_string(), Responsible::default())
}

/// "由县自然资源局负责做好用地备案服务": 由 names who, 负责 what they do.
fn charged(clause: &str) -> Option<Responsible> {
    let (who, what) = clause.trim().strip_prefix('由')?.split_once("负责")?;
    let units = split_list(who);
    // 负责解释 closes a document: no measure's unit.
    let what = what.trim();
    let named = !units.is_empty() && units.iter().all(|u| is_unit(u)) && !what.is_empty() && !what.starts_with("解释");
    let mut units = units.into_iter();
    named.then(|| Responsible { leads: units.next().into_iter().collect(), cos: units.collect(), deadline: None })
}

/// True when every clause names units or a deadline (a parenthesis that is
/// all units, not an aside that ends with one).
fn all_units(text: &str) -> bool {
    split_clauses(text).iter().all(|c| unit_clause(c).is_some())
}

/// Where the parenthesis that closes `s` opens (nested ones allowed).
fn matching_open(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(leads: &[&str], cos: &[&str], deadline: Option<&str>) -> Responsible {
        Responsible {
            leads: leads.iter().map(|s| s.to_string()).collect(),
            cos: cos.iter().map(|s| s.to_string()).collect(),
            deadline: deadline.map(str::to_string),
        }
    }

    #[test]
    fn parentheses() {
        let (text, got) =
            trailing("推进5G网络延伸。（牵头单位：市经信局，配合单位：市通信发展办、各区、县（市）人民政府）");
        assert_eq!(text, "推进5G网络延伸。");
        assert_eq!(got, r(&["市经信局"], &["市通信发展办", "各区、县（市）人民政府"], None));
        let (_, got) = trailing("整合环节。（责任单位：县市场监管局、县税务局；完成时限：2023年6月底前）");
        assert_eq!(got, r(&["县市场监管局"], &["县税务局"], Some("2023年6月底前")));
        let (_, got) = trailing("开展巡查。(A区城管局牵头，B区住建局、各镇(街道)配合)");
        assert_eq!(got, r(&["A区城管局"], &["B区住建局", "各镇(街道)"], None));
        let (_, got) = trailing("完善制度。（市司法局负责）");
        assert_eq!(got, r(&["市司法局"], &[], None));
    }

    #[test]
    fn sentences_and_lines() {
        let (_, got) = trailing("摸清底数。由区住建局牵头，区发改局、各街道配合，2024年6月底前完成。");
        assert_eq!(got, r(&["区住建局"], &["区发改局", "各街道"], Some("2024年6月底前")));
        let (_, got) = trailing("简化流程。区住建局负责，长期坚持。");
        assert_eq!(got, r(&["区住建局"], &[], Some("长期坚持")));
        assert_eq!(labelled("责任单位：县住建局、县自然资源局"), Some(r(&["县住建局"], &["县自然资源局"], None)));
        assert_eq!(labelled("配合单位：市财政局"), Some(r(&[], &["市财政局"], None)));
        let (_, got) = trailing("保障设施用地。由县自然资源局负责做好用地备案服务。");
        assert_eq!(got.leads, ["县自然资源局"]);
        // Not units: a 负责人 says something; 负责解释 is no measure's unit.
        assert_eq!(trailing("县发改局负责人表示，将加快推进。").1, Responsible::default());
        assert_eq!(trailing("本意见由市委人才办负责解释。").1, Responsible::default());
        assert_eq!(trailing("本措施自2023年7月1日起施行，由市委人才办负责解释。").1, Responsible::default());
        assert_eq!(deadline("2000年底前建成的城镇老旧小区"), None);
        assert_eq!(deadline("2025年底前完成").as_deref(), Some("2025年底前"));
    }
}
