//! What the readers noticed and the checks found, as data: a code with its
//! parameters. `write::message` renders them in 中文 or English.

use serde::{Deserialize, Serialize};

/// Something the parser could not read fully, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: u32,
    #[serde(flatten)]
    pub finding: Finding,
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
/// `write::message`.
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
    /// A note already said in both languages: what crosses from the page's
    /// reader worker, where a table read by its columns was noted, to the page
    /// (whose start-up module has no room for a reader of findings as data).
    Said {
        zh: String,
        en: String,
    },
    /// A big table's notes past the first ones kept: how many more there were.
    MoreNotes {
        count: usize,
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
    /// Cross-check: a total the document states for the projects read (as many
    /// projects as it counts) against their sum.
    StatedTotal {
        label: String,
        count: u32,
        stated: String,
        read: String,
    },
    /// Cross-check: a stated total's parts (the totals after it whose counts add
    /// up to its count) do not add up to its amount.
    StatedParts {
        label: String,
        stated: String,
        parts: String,
    },
    /// Cross-check: numbering that skips or goes back.
    NumberGap {
        record: Record,
        from: u32,
        to: u32,
    },
}
