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
//! | period | `period` | 期限, 年限, 起止, 工期, 周期, 建设时间, 开工, 开竣工 |
//! | builder | `builder` | 建设单位, 业主, 实施主体, 承建, 实施单位, 建设主体, 项目单位 |
//! | lead units | `lead` | 牵头, 主办, 主责, 指导, 负责, 主管 |
//! | responsible units | `responsible` | 责任 (the first named leads, the rest assist) |
//! | co-units | `co` | 配合, 协办, 参与, 协同, 协助 |
//! | task | `task` | 任务, 工作, 举措, 措施, 事项 |
//! | deadline | `deadline` | 时限, 完成时间, 时间节点, 进度 |
//! | remarks | `remarks` | 备注, 说明 |
//! | indicator | `indicator` | 指标 (marks a KPI table: never read as projects or tasks) |
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
    Builder,
    Lead,
    Responsible,
    Co,
    Task,
    Deadline,
    Remarks,
    Indicator,
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
            Role::Builder => "builder".into(),
            Role::Lead => "lead".into(),
            Role::Responsible => "responsible".into(),
            Role::Co => "co".into(),
            Role::Task => "task".into(),
            Role::Deadline => "deadline".into(),
            Role::Remarks => "remarks".into(),
            Role::Indicator => "indicator".into(),
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
    pub const LISTED: [Role; 14] = [
        Role::No,
        Role::Category,
        Role::Name,
        Role::Content,
        Role::Investment,
        Role::Period,
        Role::Builder,
        Role::Task,
        Role::Lead,
        Role::Responsible,
        Role::Co,
        Role::Deadline,
        Role::Remarks,
        Role::Indicator,
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
    // Strip a unit note, (万元) or （亿元）, so it does not decide the role.
    let words = h.split(['(', '（']).next().unwrap_or(&h).to_string();
    let w = words.as_str();
    Some(match () {
        _ if w.is_empty() => return None,
        _ if w.contains("序号") || w == "编号" || w.ends_with("编号") || w == "No." || w == "No" => Role::No,
        _ if any(w, &["备注", "说明"]) => Role::Remarks,
        _ if w.contains("指标") => Role::Indicator,
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
        _ if any(w, &["时限", "完成时间", "时间节点", "进度"]) => Role::Deadline,
        _ if any(w, &["期限", "年限", "起止", "工期", "周期", "建设时间", "开工", "开竣工"]) => {
            Role::Period
        }
        _ if any(w, &["类型", "类别", "分类", "领域", "行动", "板块", "行业", "专项"]) => {
            Role::Category
        }
        _ if any(w, &["内容", "建设规模"]) => Role::Content,
        _ if any(w, &["名称", "项目", "工程"]) && !w.contains("单位") => Role::Name,
        _ if any(w, &["任务", "工作", "举措", "措施", "事项"]) => Role::Task,
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
        self.mapped(header).and_then(|c| c.unit).or_else(|| MoneyUnit::in_text(&header_key(header)))
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
