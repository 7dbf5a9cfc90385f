//! The model: the plan as data, what the readers produce and every later stage
//! reads. It imports nothing else of the crate: every stage may import it.
//!
//! - this file: the plan and its records (projects, tasks, indicators, table reports);
//! - [`money`]: exact amounts (分) and the units they are written in;
//! - [`finding`]: warnings and checks as codes with parameters;
//! - [`error`]: why a file could not be read (with the forms a file can be in);
//! - [`buffers`]: projects as flat typed arrays, how a big table crosses between wasm modules.
//!
//! Money is exact as the document writes it; years are integers; every record
//! keeps the 1-based line of the document it came from.

use serde::{Deserialize, Serialize};

pub mod buffers;
pub mod error;
pub mod finding;
pub mod money;

pub use error::{Fault, Form, PlanError, Unsupported};
pub use finding::{Finding, Record, Warning};
pub use money::Money;

/// One plan, read from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The document's title (first heading-like line naming the plan), if found.
    pub title: Option<String>,
    /// The plan window, e.g. (2023, 2025), read from the title, the text ("三年",
    /// "5年内" from the document's year) or annex titles.
    pub window: Option<(i32, i32)>,
    /// The document's own facts beside its title: 文号, issuer, date.
    #[serde(default)]
    pub facts: Facts,
    pub projects: Vec<Project>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    /// Totals the document states for a set of projects (全市共安排重点项目142个，
    /// 总投资1454.9亿元): its own figures, kept apart from the projects read.
    #[serde(default)]
    pub totals: Vec<StatedTotal>,
    pub warnings: Vec<Warning>,
    /// Every table of the document, with what was recognised in it.
    #[serde(default)]
    pub tables: Vec<TableReport>,
}

/// What a document says of itself besides its title.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The 文号 as printed: "国发〔2019〕4号".
    pub doc_no: Option<String>,
    /// The issuing body: "某市人民政府".
    pub issuer: Option<String>,
    /// The date it was issued, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Where a record was read: a table's row or a sentence of the prose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadFrom {
    #[default]
    Table,
    Prose,
}

impl ReadFrom {
    pub fn id(self) -> &'static str {
        match self {
            ReadFrom::Table => "table",
            ReadFrom::Prose => "prose",
        }
    }

    pub fn is_prose(&self) -> bool {
        *self == ReadFrom::Prose
    }

    pub fn is_table(&self) -> bool {
        *self == ReadFrom::Table
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A part of a project's total that the document names ("其中本市部分2亿元"):
/// kept apart, the total stays the project's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub label: String,
    pub amount: Money,
}

/// A total the document states for a set of projects, not a project itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedTotal {
    /// What it counts, as written before the figures: "全市共安排重点项目", "其中交通类项目".
    pub label: String,
    /// How many projects it says, when it says.
    pub count: Option<u32>,
    pub amount: Option<Money>,
    /// Written with 约/近/左右.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approx: bool,
    pub sentence: String,
    pub line: u32,
}

/// What the reader made of one table: its kind and the role of each column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableReport {
    /// The line of the header row.
    pub line: u32,
    /// "projects", "tasks", "indicators" (a KPI table, never read as either) or "other".
    pub kind: String,
    pub title: Option<String>,
    /// The category its rows took from the heading above it, if any.
    pub category: Option<String>,
    /// Records read from it (projects or tasks); data rows for another table.
    pub rows: usize,
    pub columns: Vec<ColumnReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub header: String,
    /// The role's id (see `roles`), or None when the header was not understood.
    pub role: Option<String>,
}

/// A key project: a row of the project table (重点项目建设表), or a project
/// the prose names with its money.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub no: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// Planned total investment, exact (in JSON: 亿元); None when the cell is empty or unreadable.
    pub investment: Option<Money>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub builder: String,
    pub builder_kind: BuilderKind,
    pub line: u32,
    #[serde(default, skip_serializing_if = "ReadFrom::is_table")]
    pub read_from: ReadFrom,
    /// The amount was written as approximate (约, 近, 左右).
    #[serde(default, skip_serializing_if = "is_false")]
    pub approx: bool,
    /// A named part of the total ("其中…"), kept apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    /// This year's planned investment (年度计划投资), apart from the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual: Option<Money>,
    /// 一期, 二期 … when the document says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The plan the row belongs to, when one table holds several (a `source`
    /// or 所属规划 column, as `plansight batch` writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Project {
    /// The construction period as written for people: "2022–2026", "2023–" when
    /// the end is open, "" when no year was read.
    pub fn period_text(&self) -> String {
        match (self.start_year, self.end_year) {
            (Some(s), Some(e)) => format!("{s}–{e}"),
            (Some(s), None) => format!("{s}–"),
            _ => String::new(),
        }
    }

    /// The years the project's total is spread over, when both ends are known.
    pub fn years(&self) -> Option<std::ops::RangeInclusive<i32>> {
        match (self.start_year, self.end_year) {
            (Some(s), Some(e)) if s <= e => Some(s..=e),
            _ => None,
        }
    }
}

/// Who builds a project, classified from the builder's name (see [`BuilderKind::classify`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuilderKind {
    /// Government-owned investment and construction platforms (城投, 交投, 集团 …).
    StatePlatform,
    /// Companies with no sign of state ownership in their name.
    PrivateEnterprise,
    /// Hospitals, schools, administrative offices (建管办) and other public bodies.
    PublicInstitution,
    /// Provincial special teams (专班) set up for one project.
    ProvincialTeam,
    /// An empty or unreadable builder cell.
    #[default]
    Unknown,
}

impl BuilderKind {
    pub const ALL: [BuilderKind; 5] = [
        BuilderKind::StatePlatform,
        BuilderKind::PrivateEnterprise,
        BuilderKind::PublicInstitution,
        BuilderKind::ProvincialTeam,
        BuilderKind::Unknown,
    ];

    /// Classifies a builder by its name. The document says nothing of ownership,
    /// so this reads the conventions of Chinese organisation names:
    /// - 专班 (a special team) is a provincial task force, not a company;
    /// - names ending in a public body's suffix (医院, 学校, 学院, 建管办, 管委会, 局, 中心 …)
    ///   are public institutions;
    /// - companies whose name carries an investment/construction-platform word
    ///   (集团, 投资, 建设, 交通, 水利, 城投, 交投, 国资, 公路, 高速) are state platforms,
    ///   which is how county and city platforms are named;
    /// - any other company (有限公司, 股份) is a private enterprise.
    pub fn classify(builder: &str) -> BuilderKind {
        const PUBLIC_SUFFIXES: [&str; 12] =
            ["医院", "学校", "学院", "大学", "中学", "小学", "建管办", "管委会", "委员会", "局", "中心", "办"];
        const PLATFORM_WORDS: [&str; 10] =
            ["集团", "投资", "建设", "交通", "水利", "城投", "交投", "国资", "公路", "高速"];
        let b = builder.trim();
        if b.is_empty() {
            BuilderKind::Unknown
        } else if b.contains("专班") {
            BuilderKind::ProvincialTeam
        } else if PUBLIC_SUFFIXES.iter().any(|s| b.ends_with(s)) {
            BuilderKind::PublicInstitution
        } else if PLATFORM_WORDS.iter().any(|w| b.contains(w)) {
            BuilderKind::StatePlatform
        } else {
            BuilderKind::PrivateEnterprise
        }
    }

    /// The stable identifier used in JSON, CSV and Arrow.
    pub fn id(self) -> &'static str {
        match self {
            BuilderKind::StatePlatform => "state_platform",
            BuilderKind::PrivateEnterprise => "private_enterprise",
            BuilderKind::PublicInstitution => "public_institution",
            BuilderKind::ProvincialTeam => "provincial_team",
            BuilderKind::Unknown => "unknown",
        }
    }

    /// The kind with this identifier, if any.
    pub fn parse_id(id: &str) -> Option<BuilderKind> {
        BuilderKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Like [`BuilderKind::parse_id`], reading an unknown identifier as `Unknown`.
    pub fn from_id(id: &str) -> BuilderKind {
        BuilderKind::parse_id(id).unwrap_or(BuilderKind::Unknown)
    }

    /// Chinese label for tables and charts.
    pub fn label_zh(self) -> &'static str {
        match self {
            BuilderKind::StatePlatform => "国有平台公司",
            BuilderKind::PrivateEnterprise => "民营企业",
            BuilderKind::PublicInstitution => "事业单位",
            BuilderKind::ProvincialTeam => "省级专班",
            BuilderKind::Unknown => "未知",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BuilderKind::StatePlatform => "State platform company",
            BuilderKind::PrivateEnterprise => "Private enterprise",
            BuilderKind::PublicInstitution => "Public institution",
            BuilderKind::ProvincialTeam => "Provincial special team",
            BuilderKind::Unknown => "Unknown",
        }
    }
}

/// A key task: a row of the task table (重点任务分解表), or a numbered
/// measure of the prose with the units written with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub no: u32,
    pub area: String,
    pub work: String,
    /// Responsible units in the order written: the first `leads` lead (牵头), the
    /// rest assist (配合). A single 责任单位 column leads with its first unit, as
    /// Chinese plans write it; 牵头单位 and 配合单位 columns say it outright.
    pub units: Vec<String>,
    #[serde(default)]
    pub leads: usize,
    pub line: u32,
    /// When it is to be done, as written: "2023年底前", "长期坚持".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(default, skip_serializing_if = "ReadFrom::is_table")]
    pub read_from: ReadFrom,
    /// The units are the document's issuers, not written with the measure: a
    /// notice or 意见 whose measures name no one (the issuers carry them out).
    #[serde(default, skip_serializing_if = "is_false")]
    pub from_issuer: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A figure the plan promises to reach.
    Target,
    /// A figure the plan reports as already reached (行动基础).
    Baseline,
}

/// How a figure relates to its value: 达到 (=), 以上/超过/突破/不少于 (≥), 以内/不超过 (≤), 约 (≈).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "≥")]
    AtLeast,
    #[serde(rename = "≤")]
    AtMost,
    #[serde(rename = "≈")]
    About,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::AtLeast => "≥",
            Comparator::AtMost => "≤",
            Comparator::About => "≈",
        }
    }

    pub fn from_symbol(s: &str) -> Comparator {
        match s {
            "≥" => Comparator::AtLeast,
            "≤" => Comparator::AtMost,
            "≈" => Comparator::About,
            _ => Comparator::Eq,
        }
    }
}

/// A quantified statement from the prose: a target or a baseline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub kind: IndicatorKind,
    /// The phrase the number measures, e.g. "全社会R&D经费支出占GDP比重".
    pub metric: String,
    pub value: f64,
    /// The upper end of a range ("5—10个": 5 and 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// The unit as written: "%", "个", "亿元", "万人次" …
    pub unit: String,
    pub comparator: Comparator,
    /// The year the figure is for, when the sentence says (到2025年).
    pub year: Option<i32>,
    /// The action or section it sits in, e.g. "实施交通互通共网提速行动" or "行动基础".
    pub section: String,
    pub sentence: String,
    pub line: u32,
    /// Index (in `Plan::indicators`) of the baseline this target continues, or of
    /// the target this baseline leads to.
    pub pair: Option<usize>,
}

/// The plan's tables, by the name used in files, exports and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableName {
    Projects,
    Tasks,
    TaskUnits,
    Indicators,
}

impl TableName {
    pub const ALL: [TableName; 4] =
        [TableName::Projects, TableName::Tasks, TableName::TaskUnits, TableName::Indicators];

    pub fn id(self) -> &'static str {
        match self {
            TableName::Projects => "projects",
            TableName::Tasks => "tasks",
            TableName::TaskUnits => "task_units",
            TableName::Indicators => "indicators",
        }
    }

    pub fn from_id(id: &str) -> Option<TableName> {
        TableName::ALL.into_iter().find(|t| t.id() == id)
    }
}

impl Task {
    /// The units that lead the task.
    pub fn lead_units(&self) -> &[String] {
        &self.units[..self.leads.min(self.units.len())]
    }

    pub fn is_lead(&self, unit: &str) -> bool {
        self.lead_units().iter().any(|u| u == unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_kinds() {
        use BuilderKind::*;
        assert_eq!(BuilderKind::classify("省交投浙中专班"), ProvincialTeam);
        assert_eq!(BuilderKind::classify("诸暨市交通基础设施建设有限公司"), StatePlatform);
        assert_eq!(BuilderKind::classify("诸暨市文化旅游集团有限公司"), StatePlatform);
        assert_eq!(BuilderKind::classify("浙江欧意数字科技有限公司"), PrivateEnterprise);
        assert_eq!(BuilderKind::classify("诸暨市人民医院"), PublicInstitution);
        assert_eq!(BuilderKind::classify("诸暨科技城建管办"), PublicInstitution);
        assert_eq!(BuilderKind::classify("诸暨技师学院"), PublicInstitution);
        assert_eq!(BuilderKind::classify(""), Unknown);
        for k in BuilderKind::ALL {
            assert_eq!(BuilderKind::from_id(k.id()), k);
        }
    }
}
