//! The dictionary of column roles: what a table's header cell means, whatever
//! the plan calls it. One table, documented in the README; a reader can add
//! their own header → role pairs (a [`Mapping`]) when a plan uses other words.
//!
//! | role | id | headers (matched after width folding, spaces removed) |
//! | --- | --- | --- |
//! | number | `no` | 序号, 编号, 项目编号 |
//! | category | `category` | 类型, 类别, 分类, 领域, 行动, 板块, 行业, 专项 |
//! | project name | `name` | 名称, 项目, 工程 (not 指标名称 or 单位名称) |
//! | content | `content` | 内容, 建设规模 (建设内容, 主要内容, 工作内容) |
//! | total investment | `investment` | 投资, 资金, 金额 (总投资, 计划总投资, 估算投资); unit 元/万元/亿元 from the header or the cell |
//! | annual plan | `annual` | a year with 投资/资金 and 计划/安排/年度 (2023年计划投资) |
//! | period | `period` | 期限, 年限, 起止, 工期, 周期, 建设时间, 开竣工 (a start column alone is read as one too) |
//! | start | `start` | 开工, 开始, 起始 (年份, 时间, 日期): a year or a date |
//! | end | `end` | 竣工, 完工, 建成, 结束 (年份, 时间, 日期): a year or a date |
//! | builder | `builder` | 建设单位, 业主, 实施主体, 承建, 实施单位, 建设主体, 项目单位 |
//! | lead units | `lead` | 牵头, 主办, 主责, 指导, 负责, 主管 |
//! | responsible units | `responsible` | 责任 (the first named leads, the rest assist) |
//! | co-units | `co` | 配合, 协办, 参与, 协同, 协助 |
//! | task | `task` | 任务, 工作, 举措, 措施, 事项 |
//! | deadline | `deadline` | 时限, 完成时间, 时间节点, 进度, 截止 |
//! | remarks | `remarks` | 备注, 说明 |
//! | indicator | `indicator` | 指标 (一级指标, 指标性质, 指标说明 …), 分值, 考核标准, 评分标准 (marks a KPI table: never read as projects or tasks, reported as `indicators`) |
//! | plan | `source` | 来源, 所属规划, 规划名称 (the plan a row belongs to) |
//!
//! Engines' tables (Arrow, Parquet, CSV from pandas or SQL) name their columns
//! in English as often: a header without Chinese is read by its words
//! (`total_investment_wan`, `StartYear`, `Builder Name` → words), as listed in
//! [`english_role`]. A unit in a header (万元, `wan`, `10k yuan`, `yi`, `yuan`)
//! is the column's money unit; without one, amounts are in 亿元.
//!
//! A table with a name and an investment column is a project table; one with a
//! task (or content) column and a unit column is a task table; anything else is
//! kept out of the plan and reported as "other".

use crate::model::money::MoneyUnit;
use crate::read::text::{fold_width, squeeze, years_in};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    No,
    Category,
    Name,
    Content,
    Investment,
    AnnualPlan(i32),
    Period,
    Start,
    End,
    Builder,
    Lead,
    Responsible,
    Co,
    Task,
    Deadline,
    Remarks,
    Indicator,
    Source,
}

impl Role {
    pub fn id(self) -> String {
        match self {
            Role::No => "no".into(),
            Role::Category => "category".into(),
            Role::Name => "name".into(),
            Role::Content => "content".into(),
            Role::Investment => "investment".into(),
            Role::AnnualPlan(y) => format!("annual:{y}"),
            Role::Period => "period".into(),
            Role::Start => "start".into(),
            Role::End => "end".into(),
            Role::Builder => "builder".into(),
            Role::Lead => "lead".into(),
            Role::Responsible => "responsible".into(),
            Role::Co => "co".into(),
            Role::Task => "task".into(),
            Role::Deadline => "deadline".into(),
            Role::Remarks => "remarks".into(),
            Role::Indicator => "indicator".into(),
            Role::Source => "source".into(),
        }
    }

    /// The role with this id ("annual:2023" for an annual column; "annual" alone reads the year from the header).
    pub fn parse_id(id: &str) -> Option<Role> {
        let id = id.trim();
        if let Some(year) = id.strip_prefix("annual:") {
            return year.trim().parse().ok().map(Role::AnnualPlan);
        }
        Role::LISTED.into_iter().find(|r| r.id() == id)
    }

    /// Every role with a fixed id, in the order a mapping dialog lists them.
    pub const LISTED: [Role; 17] = [
        Role::No,
        Role::Category,
        Role::Name,
        Role::Content,
        Role::Investment,
        Role::Period,
        Role::Start,
        Role::End,
        Role::Builder,
        Role::Task,
        Role::Lead,
        Role::Responsible,
        Role::Co,
        Role::Deadline,
        Role::Remarks,
        Role::Indicator,
        Role::Source,
    ];
}

/// A header cell as compared: width folded, spaces and line breaks removed.
pub fn header_key(cell: &str) -> String {
    squeeze(&fold_width(cell))
}

fn any(h: &str, words: &[&str]) -> bool {
    words.iter().any(|w| h.contains(w))
}

/// The role of a header cell by the dictionary, or None when it is not understood.
pub fn role_of(header: &str) -> Option<Role> {
    let h = header_key(header);
    if !h.chars().any(is_cjk) {
        return english_role(&words(header));
    }
    // Strip a unit note, (万元) or （亿元）, so it does not decide the role.
    let words = h.split(['(', '（']).next().unwrap_or(&h).to_string();
    let w = words.as_str();
    Some(match () {
        _ if w.is_empty() => return None,
        _ if w.contains("序号") || w == "编号" || w.ends_with("编号") || w == "No." || w == "No" => Role::No,
        // A KPI table's columns (指标说明 is no remark): 指标, 分值, 考核标准.
        _ if any(w, &["指标", "分值", "考核标准", "评分标准", "考核方式", "评价标准"]) => {
            Role::Indicator
        }
        _ if any(w, &["备注", "说明"]) => Role::Remarks,
        _ if any(w, &["配合", "协办", "参与", "协同", "协助"]) => Role::Co,
        _ if any(w, &["牵头", "主办", "主责", "指导", "负责", "主管"]) => Role::Lead,
        _ if w.contains("责任") => Role::Responsible,
        _ if any(w, &["建设单位", "业主", "实施主体", "承建", "实施单位", "建设主体", "项目单位"]) => {
            Role::Builder
        }
        _ if any(w, &["投资", "资金", "金额"]) => {
            let year = years_in(&h).first().copied();
            match year {
                _ if any(w, &["累计", "已完成", "完成"]) => return None,
                Some(y) if any(w, &["计划", "安排", "年度"]) || w.starts_with(&y.to_string()) => {
                    Role::AnnualPlan(y)
                }
                _ => Role::Investment,
            }
        }
        _ if any(w, &["时限", "完成时间", "时间节点", "进度", "截止"]) => Role::Deadline,
        _ if any(w, &["期限", "年限", "起止", "工期", "周期", "建设时间", "开竣工"]) => Role::Period,
        _ if any(w, &["开工", "开始", "起始"]) => Role::Start,
        _ if any(w, &["竣工", "完工", "建成", "结束"]) => Role::End,
        _ if any(w, &["来源", "所属规划", "规划名称"]) => Role::Source,
        _ if any(w, &["类型", "类别", "分类", "领域", "行动", "板块", "行业", "专项"]) => {
            Role::Category
        }
        _ if any(w, &["内容", "建设规模"]) => Role::Content,
        _ if any(w, &["名称", "项目", "工程"]) && !w.contains("单位") => Role::Name,
        _ if any(w, &["任务", "工作", "举措", "措施", "事项"]) => Role::Task,
        _ => return None,
    })
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// An English header as lower-case words: `total_investment_wan`,
/// `TotalInvestment`, `Total Investment (10k yuan)` and `budget2024` all split
/// where a separator, a case change or a letter–digit change falls.
pub fn words(header: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in fold_width(header).chars() {
        let boundary = match previous {
            _ if !c.is_ascii_alphanumeric() => true,
            Some(p) => (p.is_ascii_lowercase() && c.is_ascii_uppercase()) || (p.is_ascii_digit() != c.is_ascii_digit()),
            None => false,
        };
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
        previous = Some(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The role of an English header, by its words (see [`words`]); checked in
/// this order, so `builder_name` is a builder and `completed_investment` is
/// no total:
///
/// | role | words |
/// | --- | --- |
/// | `no` | no, num, number, seq, serial, index, idx (`#` alone) |
/// | `remarks` | remark(s), note(s), comment(s), memo |
/// | `indicator` | indicator(s), metric(s), kpi |
/// | `source` | source, plan (alone or with name/id/file), document, file |
/// | `co` | co, cooperating, supporting, support, partner(s), assisting, collaborating |
/// | `lead` | lead, leading, leader |
/// | `builder` | builder, owner, agency, developer, contractor, implementer, implementing, sponsor, company, entity, organization |
/// | `responsible` | responsible, responsibility, unit(s), department(s), dept |
/// | not read | completed, cumulative, spent, actual, paid, disbursed (money already spent) |
/// | `annual:YEAR` | a money word and a year (`investment_2024`, `plan2024`) |
/// | `investment` | investment, invest, budget, amount, cost, capex, funding, funds, money |
/// | `deadline` | deadline, due |
/// | `start` | start, begin, commence, commencement |
/// | `end` | end, finish, completion, complete, until |
/// | `period` | period, duration, timeline, timeframe, years, schedule, term |
/// | `category` | type, category, sector, domain, field, kind, industry, class, group, theme, area |
/// | `content` | content(s), description, desc, scope, details, scale |
/// | `name` | name, project, title |
/// | `task` | task(s), work, measure(s), action(s), initiative(s), activity |
pub fn english_role(words: &[String]) -> Option<Role> {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let year = words.iter().filter_map(|w| w.parse::<i32>().ok()).find(|y| (1900..2100).contains(y));
    let money =
        has(&["investment", "investments", "invest", "budget", "amount", "cost", "capex", "funding", "funds", "money"]);
    Some(match () {
        _ if words.is_empty() => return None,
        _ if words.len() <= 2 && has(&["no", "num", "number", "seq", "serial", "index", "idx"]) => Role::No,
        _ if has(&["remark", "remarks", "note", "notes", "comment", "comments", "memo"]) => Role::Remarks,
        _ if has(&["indicator", "indicators", "metric", "metrics", "kpi"]) => Role::Indicator,
        _ if has(&["source", "document", "file"])
            || words == ["plan"]
            || (words[0] == "plan" && has(&["name", "id", "title"])) =>
        {
            Role::Source
        }
        _ if has(&[
            "co",
            "cooperating",
            "supporting",
            "support",
            "partner",
            "partners",
            "assisting",
            "collaborating",
        ]) =>
        {
            Role::Co
        }
        _ if has(&["lead", "leading", "leader"]) => Role::Lead,
        // The kind of builder (Plansight's own `builder_kind`) is derived, not read.
        _ if has(&["builder", "owner"]) && has(&["kind", "type", "category", "class"]) => return None,
        _ if has(&[
            "builder",
            "owner",
            "agency",
            "developer",
            "contractor",
            "implementer",
            "implementing",
            "sponsor",
            "company",
            "entity",
            "organization",
            "organisation",
        ]) =>
        {
            Role::Builder
        }
        _ if has(&["responsible", "responsibility", "unit", "units", "department", "departments", "dept"]) => {
            Role::Responsible
        }
        _ if has(&["completed", "cumulative", "spent", "actual", "paid", "disbursed"]) => return None,
        _ if year.is_some() && (money || has(&["plan", "planned", "annual"])) => Role::AnnualPlan(year?),
        _ if money => Role::Investment,
        _ if has(&["deadline", "due"]) => Role::Deadline,
        _ if has(&["start", "begin", "commence", "commencement"]) => Role::Start,
        _ if has(&["end", "finish", "completion", "complete", "until"]) => Role::End,
        _ if has(&["period", "duration", "timeline", "timeframe", "years", "schedule", "term"]) => Role::Period,
        _ if has(&[
            "type", "category", "sector", "domain", "field", "kind", "industry", "class", "group", "theme", "area",
        ]) =>
        {
            Role::Category
        }
        _ if has(&["content", "contents", "description", "desc", "scope", "details", "scale"]) => Role::Content,
        _ if has(&["name", "project", "title"]) => Role::Name,
        _ if has(&[
            "task",
            "tasks",
            "work",
            "measure",
            "measures",
            "action",
            "actions",
            "initiative",
            "initiatives",
            "activity",
        ]) =>
        {
            Role::Task
        }
        _ => return None,
    })
}

/// The money unit an English header names: `wan`, `10k`, `10000` (万元);
/// `yi`, `100m`, `100 million` (亿元); `billion`, `bn` (十亿元); `million`, `mn`
/// (百万元); `thousand`, `k` (千元); `yuan`, `cny`, `rmb` (元).
fn english_unit(words: &[String]) -> Option<MoneyUnit> {
    let joined = words.concat();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    Some(match () {
        _ if joined.contains("10k") || joined.contains("10000") || has(&["wan", "wanyuan", "tenthousand"]) => {
            MoneyUnit::Wan
        }
        _ if joined.contains("100m") || has(&["yi", "yiyuan", "hundredmillion"]) => MoneyUnit::Yi,
        _ if has(&["billion", "billions", "bn"]) => MoneyUnit::Shiyi,
        _ if has(&["million", "millions", "mn", "mln"]) => MoneyUnit::Baiwan,
        _ if has(&["thousand", "thousands", "k"]) => MoneyUnit::Qian,
        _ if has(&["yuan", "cny", "rmb"]) => MoneyUnit::Yuan,
        _ => return None,
    })
}

/// Header → role pairs a reader gives for headers the dictionary does not know
/// (or reads otherwise). An investment column's unit can ride along
/// (`investment:万元`); `annual` takes its year from the header; `ignore` makes a
/// column mean nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    columns: Vec<MappedColumn>,
}

#[derive(Debug, Clone, PartialEq)]
struct MappedColumn {
    header: String,
    role: Option<Role>,
    unit: Option<MoneyUnit>,
}

impl Mapping {
    /// True when the reader assigned no column.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Parses "header=role" pairs, e.g. `工程名称=name`, `资金（万）=investment:万元`.
    pub fn parse(pairs: &[String]) -> Result<Mapping, String> {
        let mut columns = Vec::new();
        for pair in pairs {
            let (header, role) =
                pair.rsplit_once('=').ok_or_else(|| format!("{pair:?}: expected header=role, e.g. 工程名称=name"))?;
            let (role, unit) = match role.trim().split_once(':') {
                Some(("investment", u)) => (
                    Some(Role::Investment),
                    Some(MoneyUnit::parse(u).ok_or_else(|| format!("{u:?}: unit is 元, 万元 or 亿元"))?),
                ),
                _ if role.trim() == "ignore" => (None, None),
                _ if role.trim() == "annual" => {
                    let year = years_in(&fold_width(header)).first().copied();
                    (
                        Some(Role::AnnualPlan(
                            year.ok_or_else(|| format!("{header:?}: annual needs a year, annual:2024"))?,
                        )),
                        None,
                    )
                }
                _ => (Some(Role::parse_id(role).ok_or_else(|| format!("{role:?} is no column role"))?), None),
            };
            columns.push(MappedColumn { header: header_key(header), role, unit });
        }
        Ok(Mapping { columns })
    }

    fn mapped(&self, header: &str) -> Option<&MappedColumn> {
        let key = header_key(header);
        self.columns.iter().find(|c| c.header == key)
    }

    /// The role a header has: the reader's own first, then the dictionary.
    pub fn role(&self, header: &str) -> Option<Role> {
        self.mapped(header).map_or_else(|| role_of(header), |c| c.role)
    }

    /// The money unit of a column: the reader's, else the header's (（万元）), else None.
    pub fn money_unit(&self, header: &str) -> Option<MoneyUnit> {
        self.mapped(header)
            .and_then(|c| c.unit)
            .or_else(|| MoneyUnit::in_text(&header_key(header)))
            .or_else(|| english_unit(&words(header)))
    }
}

/// What kind of table a header row makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Projects,
    Tasks,
    Other,
}

impl TableKind {
    pub fn of(roles: &[Option<Role>]) -> TableKind {
        let has = |r: Role| roles.contains(&Some(r));
        let money = has(Role::Investment) || roles.iter().any(|r| matches!(r, Some(Role::AnnualPlan(_))));
        let units = has(Role::Lead) || has(Role::Responsible) || has(Role::Co);
        if has(Role::Indicator) {
            TableKind::Other
        } else if has(Role::Name) && money {
            TableKind::Projects
        } else if (has(Role::Task) || has(Role::Content)) && units {
            TableKind::Tasks
        } else {
            TableKind::Other
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            TableKind::Projects => "projects",
            TableKind::Tasks => "tasks",
            TableKind::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary() {
        let cases = [
            ("序号", Role::No),
            ("项目类型", Role::Category),
            ("行动领域", Role::Category),
            ("项目名称", Role::Name),
            ("建设内容及规模", Role::Content),
            ("计划总投资（亿元）", Role::Investment),
            ("总投资（万元）", Role::Investment),
            ("2023年计划投资", Role::AnnualPlan(2023)),
            ("建设年限", Role::Period),
            ("建设起止年限", Role::Period),
            ("业主单位", Role::Builder),
            ("实施主体", Role::Builder),
            ("牵头单位", Role::Lead),
            ("指导部门", Role::Lead),
            ("责任单位", Role::Responsible),
            ("配合单位", Role::Co),
            ("重点工作", Role::Task),
            ("改革举措", Role::Task),
            ("主要内容", Role::Content),
            ("完成时限", Role::Deadline),
            ("指标名称", Role::Indicator),
        ];
        for (h, r) in cases {
            assert_eq!(role_of(h), Some(r), "{h}");
        }
        assert_eq!(role_of("推广范围"), None);
        assert_eq!(role_of("截至2022年底累计完成投资"), None);
    }

    #[test]
    fn english_names_as_engines_write_them() {
        let cases = [
            ("no", Role::No),
            ("project_no", Role::No),
            ("name", Role::Name),
            ("project_name", Role::Name),
            ("ProjectName", Role::Name),
            ("type", Role::Category),
            ("project_type", Role::Category),
            ("Sector", Role::Category),
            ("investment", Role::Investment),
            ("total_investment_wan", Role::Investment),
            ("Budget (10k yuan)", Role::Investment),
            ("investment_2024", Role::AnnualPlan(2024)),
            ("plan2025", Role::AnnualPlan(2025)),
            ("start_year", Role::Start),
            ("StartDate", Role::Start),
            ("end_date", Role::End),
            ("completion_year", Role::End),
            ("period", Role::Period),
            ("builder", Role::Builder),
            ("owner", Role::Builder),
            ("ImplementingAgency", Role::Builder),
            ("builder_name", Role::Builder),
            ("lead_unit", Role::Lead),
            ("co_units", Role::Co),
            ("responsible_units", Role::Responsible),
            ("task", Role::Task),
            ("description", Role::Content),
            ("deadline", Role::Deadline),
            ("area", Role::Category),
            ("remarks", Role::Remarks),
            ("kpi", Role::Indicator),
            ("source", Role::Source),
            ("plan", Role::Source),
        ];
        for (h, r) in cases {
            assert_eq!(role_of(h), Some(r), "{h}");
        }
        for h in ["builder_kind", "completed_investment", "line", "read_from", "x", ""] {
            assert_eq!(role_of(h), None, "{h}");
        }
        let m = Mapping::default();
        assert_eq!(m.money_unit("total_investment_wan"), Some(MoneyUnit::Wan));
        assert_eq!(m.money_unit("Budget (10k yuan)"), Some(MoneyUnit::Wan));
        assert_eq!(m.money_unit("investment_yi"), Some(MoneyUnit::Yi));
        assert_eq!(m.money_unit("TotalInvestmentYuan"), Some(MoneyUnit::Yuan));
        assert_eq!(m.money_unit("investment"), None);
        assert_eq!(m.money_unit("investment_10k"), Some(MoneyUnit::Wan));
        assert_eq!(m.money_unit("investment_million_yuan"), Some(MoneyUnit::Baiwan));
        assert_eq!(m.money_unit("Budget (RMB bn)"), Some(MoneyUnit::Shiyi));
        assert_eq!(m.money_unit("investment_k_yuan"), Some(MoneyUnit::Qian));
        assert_eq!(m.money_unit("总投资（千元）"), Some(MoneyUnit::Qian));
        assert_eq!(m.money_unit("总投资（百万元）"), Some(MoneyUnit::Baiwan));
        // Chinese headers for a start and an end.
        assert_eq!((role_of("开工年份"), role_of("竣工日期")), (Some(Role::Start), Some(Role::End)));
        assert_eq!(role_of("开竣工时间"), Some(Role::Period));
    }

    #[test]
    fn table_kinds() {
        let kind = |hs: &[&str]| TableKind::of(&hs.iter().map(|h| role_of(h)).collect::<Vec<_>>());
        assert_eq!(kind(&["序号", "项目名称", "总投资（万元）", "业主单位"]), TableKind::Projects);
        assert_eq!(kind(&["序号", "改革举措", "主要内容", "指导部门", "推广范围"]), TableKind::Tasks);
        assert_eq!(kind(&["序号", "指标名称", "单位", "2022年", "2025年目标值"]), TableKind::Other);
    }

    #[test]
    fn mappings() {
        let m = Mapping::parse(&["工程=name".into(), "资金（万）=investment:万元".into()]).unwrap();
        assert_eq!(m.role("工程"), Some(Role::Name));
        assert_eq!(m.money_unit("资金（万）"), Some(MoneyUnit::Wan));
        assert!(Mapping::parse(&["x=nothing".into()]).is_err());
        let m = Mapping::parse(&["项目名称=ignore".into(), "2024年安排=annual".into()]).unwrap();
        assert_eq!(m.role("项目名称"), None);
        assert_eq!(m.role("2024年安排"), Some(Role::AnnualPlan(2024)));
        assert!(Mapping::parse(&["安排=annual".into()]).is_err());
    }
}
