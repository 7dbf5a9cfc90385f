//! The plan as data: what the parser produces and every later stage reads.
//! Money is in 亿元 as the document writes it; years are integers; every record
//! keeps the 1-based line of the document it came from.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One plan, read from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The document's title (first heading-like line naming the plan), if found.
    pub title: Option<String>,
    /// The plan window, e.g. (2023, 2025), read from the title or annex titles.
    pub window: Option<(i32, i32)>,
    pub projects: Vec<Project>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    pub warnings: Vec<Warning>,
    /// Every table of the document, with what was recognised in it.
    #[serde(default)]
    pub tables: Vec<TableReport>,
}

/// What the reader made of one table: its kind and the role of each column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableReport {
    /// The line of the header row.
    pub line: u32,
    /// "projects", "tasks" or "other".
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

/// A row of the key-project table (重点项目建设表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub no: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// Planned total investment, exact (in JSON: 亿元); None when the cell is empty or unreadable.
    pub investment: Option<crate::money::Money>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub builder: String,
    pub builder_kind: BuilderKind,
    pub line: u32,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

/// A row of the key-task table (重点任务分解表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Something the parser could not read fully, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: u32,
    #[serde(flatten)]
    pub finding: Finding,
}

impl Warning {
    /// The warning in English (the CLI's language; the page renders it in its own).
    pub fn message(&self) -> String {
        crate::message::finding(&self.finding, crate::message::Lang::En)
    }
}

/// Which kind of record a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Project,
    Task,
}

/// What a parser warning or a cross-check says, as data: a code with its
/// parameters (in JSON: `"code": "no_year", …`), rendered in 中文 or English by
/// [`crate::message::finding`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Finding {
    /// A row with fewer or more cells than the header.
    CellCount {
        record: Record,
        cells: usize,
        columns: usize,
    },
    /// A number cell that holds no number; the record was numbered in sequence.
    NotANumber {
        record: Record,
        text: String,
        numbered: u32,
    },
    /// No category in the row and none above it to fill down.
    NoCategory {
        record: Record,
        no: u32,
    },
    NoName {
        no: u32,
    },
    NoDescription {
        no: u32,
    },
    NoUnits {
        no: u32,
    },
    NoInvestment {
        no: u32,
    },
    BadInvestment {
        no: u32,
        cell: String,
    },
    NoYear {
        no: u32,
        cell: String,
    },
    PeriodReversed {
        no: u32,
        start: i32,
        end: i32,
    },
    /// "柯诸高速为绍兴市柯诸高速公路有限公司": the project's name fused before the builder.
    FusedBuilder {
        no: u32,
        cell: String,
        head: String,
        builder: String,
    },
    /// A 合计/小计 row: a stated sum, not a record.
    TotalRow {
        text: String,
    },
    /// A table with data whose header gave no project or task columns.
    TableNotRead {
        headers: Vec<String>,
    },
    /// Cross-check: the investment cells' sum against the sum by type.
    InvestmentSum {
        cells: usize,
        total: String,
        by_type: String,
        equal: bool,
    },
    /// Cross-check: a project's period reaches outside the plan window.
    OutsideWindow {
        no: u32,
        name: String,
        start: i32,
        end: i32,
        from: i32,
        to: i32,
    },
    /// Cross-check: a project with the name of an earlier one.
    RepeatedName {
        no: u32,
        first_line: u32,
    },
    /// Cross-check: numbering that skips or goes back.
    NumberGap {
        record: Record,
        from: u32,
        to: u32,
    },
}

/// Why a document could not be read as a plan at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    /// Bytes that decode to no text (binary data), or text in an encoding this build cannot decode.
    NotText(String),
    /// A form this tool does not read (old binary Office, PDF, …), with advice.
    Unsupported(crate::form::Unsupported),
    /// A form this build has no reader for (the page's start-up module: its second module reads it).
    NeedsReader(crate::form::Form),
    /// A .docx or .xlsx whose zip or XML is broken.
    Damaged {
        kind: &'static str,
        why: String,
    },
    /// Over a size limit (the file, or a part of it once inflated).
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// The text holds no projects, no tasks and no figures.
    NoPlan,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::message::error(self, crate::message::Lang::En))
    }
}

impl std::error::Error for PlanError {}

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
