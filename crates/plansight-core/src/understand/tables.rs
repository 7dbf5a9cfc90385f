//! Document tables → projects and tasks. A table is recognised by the
//! meaning of its header row (the [`crate::roles`] dictionary, plus the reader's
//! own [`Mapping`]), never by position or by one layout: the header may sit
//! below title rows, split over two rows, and name its columns in many ways.
//! Categories come from a category column (filled down: only the first row of a
//! group names it), from rows spanning the table (一、知识产权保护方面（共5项）),
//! or from the heading above a table. A cell that cannot be read leaves its
//! field empty and adds a [`Warning`] naming the line.

use super::document::{Block, Document, Row, Table};
use super::roles::{header_key, Mapping, Role, TableKind};
use crate::model::money::MoneyUnit;
use crate::model::Money;
use crate::model::{BuilderKind, ColumnReport, Finding, Plan, Project, Record, TableReport, Task, Warning};
use crate::read::text::{fold_alnum, fold_width, parse_chinese_numeral, squeeze, years_in};
use crate::understand::units::split_list;
use foldhash::HashMap;
use std::borrow::Cow;

/// How many rows above the header a table may carry (titles, notes, units).
const MAX_TITLE_ROWS: usize = 6;

/// A recognised table: where its header is, and each column's role and money unit.
pub(super) struct Layout {
    pub(super) kind: TableKind,
    /// Index of the first data row.
    data_from: usize,
    pub(super) headers: Vec<String>,
    pub(super) roles: Vec<Option<Role>>,
    units: Vec<Option<MoneyUnit>>,
    /// The annual plan columns (2023年计划投资 …), in order.
    annual: Vec<usize>,
    /// The first column of each role but the annual plan's (see [`slot`]): a row asks often.
    first: [Option<usize>; SLOTS],
}

impl Layout {
    /// The layout a row of column names gives (an engine's table: its header
    /// is its schema), whatever kind of table it makes.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn of_headers(headers: Vec<String>, mapping: &Mapping) -> Layout {
        let roles: Vec<Option<Role>> = headers.iter().map(|c| mapping.role(c)).collect();
        Layout {
            kind: TableKind::of(&roles),
            data_from: 0,
            units: headers.iter().map(|c| mapping.money_unit(c)).collect(),
            headers,
            annual: annual_columns(&roles),
            first: first_columns(&roles),
            roles,
        }
    }

    fn find(table: &Table, mapping: &Mapping) -> Option<Layout> {
        (0..table.rows.len().min(MAX_TITLE_ROWS)).find_map(|h| {
            let headers = merged_header(table, h);
            let roles: Vec<Option<Role>> = headers.0.iter().map(|c| mapping.role(c)).collect();
            let kind = TableKind::of(&roles);
            (kind != TableKind::Other).then(|| Layout {
                kind,
                data_from: headers.1,
                units: headers.0.iter().map(|c| mapping.money_unit(c)).collect(),
                headers: headers.0,
                annual: annual_columns(&roles),
                first: first_columns(&roles),
                roles,
            })
        })
    }

    /// Money columns whose header names no unit take the one a note above the
    /// table states (单位：万元, 金额单位：万元, （单位：亿元）): in a title row of
    /// the table or a line just above it. Without it, 1200 万元 read as 1200 亿元.
    fn with_unit_note(mut self, table: &Table, above: &[Block]) -> Layout {
        let title_rows =
            table.rows[..self.data_from.saturating_sub(1)].iter().flat_map(|r| r.cells.iter().map(|c| c.text()));
        let lines = above.iter().rev().take(2).filter_map(|b| match b {
            Block::Paragraph { text, .. } | Block::Heading { title: text, .. } => Some(text.clone()),
            Block::Table(_) => None,
        });
        let note = title_rows.chain(lines).find_map(|t| unit_note(&t));
        if let Some(unit) = note {
            for (role, u) in self.roles.iter().zip(self.units.iter_mut()) {
                if matches!(role, Some(Role::Investment | Role::AnnualPlan(_))) && u.is_none() {
                    *u = Some(unit);
                }
            }
        }
        self
    }

    pub(super) fn col(&self, role: Role) -> Option<usize> {
        match slot(role) {
            Some(slot) => self.first[slot],
            None => self.roles.iter().position(|r| *r == Some(role)),
        }
    }

    /// The column a project's builder is read from: its builder's, else the responsible or lead unit's.
    pub(super) fn builder_col(&self) -> Option<usize> {
        self.col(Role::Builder).or(self.col(Role::Responsible)).or(self.col(Role::Lead))
    }

    /// A row's number; on failure (or with no number column) the count continues from `previous`.
    fn row_no(&self, cells: &Cells, previous: u32, record: Record, w: &mut Vec<Warning>) -> u32 {
        let (text, line) = cells.get(self.col(Role::No));
        let t = squeezed(text);
        match t.trim_end_matches(['.', '、']).parse::<u32>() {
            Ok(n) => n,
            Err(_) if self.col(Role::No).is_none() => previous + 1,
            Err(_) => {
                let text = t.into_owned();
                w.push(Warning { line, finding: Finding::NotANumber { record, text, numbered: previous + 1 } });
                previous + 1
            }
        }
    }

    /// A row's category: a category column is filled down (only the first row of
    /// a group names it; with nothing above, a warning); without one, the row
    /// takes the category a spanning row or heading gave it.
    fn category(&self, cells: &Cells, current: &mut Carried, spanning: String, missing: Finding, w: &mut Vec<Warning>) {
        let Some(col) = self.col(Role::Category) else {
            current.category = spanning;
            return;
        };
        let (text, line) = cells.get(Some(col));
        if !text.trim().is_empty() {
            let category = &mut current.category;
            memo(&mut current.categories, text, category_name, |name| {
                if category != name {
                    category.clone_from(name);
                }
            });
        } else if current.category.is_empty() {
            w.push(Warning { line, finding: missing });
        }
    }

    fn report(&self, table: &Table, category: Option<&str>, rows: usize) -> TableReport {
        let line = table.rows.get(self.data_from.saturating_sub(1)).map_or(0, |r| r.line);
        TableReport { title: table.title.clone(), category: category.map(str::to_string), ..self.report_at(line, rows) }
    }

    /// What was read of the table whose header is at `line`: its kind and each column's role.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn report_at(&self, line: u32, rows: usize) -> TableReport {
        TableReport {
            line,
            kind: self.kind.id().into(),
            title: None,
            category: None,
            rows,
            columns: self
                .headers
                .iter()
                .zip(&self.roles)
                .zip(&self.units)
                .map(|((h, r), u)| ColumnReport { header: h.clone(), role: role_with_unit(*r, *u) })
                .collect(),
        }
    }
}

/// Roles other than the annual plan's, each a slot of [`Layout::first`].
const SLOTS: usize = 17;

fn slot(role: Role) -> Option<usize> {
    Some(match role {
        Role::No => 0,
        Role::Category => 1,
        Role::Name => 2,
        Role::Content => 3,
        Role::Investment => 4,
        Role::AnnualPlan(_) => return None,
        Role::Period => 5,
        Role::Start => 6,
        Role::End => 7,
        Role::Builder => 8,
        Role::Lead => 9,
        Role::Responsible => 10,
        Role::Co => 11,
        Role::Task => 12,
        Role::Deadline => 13,
        Role::Remarks => 14,
        Role::Indicator => 15,
        Role::Source => 16,
    })
}

/// The first column of each role with a slot.
fn first_columns(roles: &[Option<Role>]) -> [Option<usize>; SLOTS] {
    let mut first = [None; SLOTS];
    for (c, slot) in roles.iter().enumerate().filter_map(|(c, r)| Some((c, slot((*r)?)?))).rev() {
        first[slot] = Some(c);
    }
    first
}

/// The annual plan columns of a header's roles.
fn annual_columns(roles: &[Option<Role>]) -> Vec<usize> {
    roles.iter().enumerate().filter(|(_, r)| matches!(r, Some(Role::AnnualPlan(_)))).map(|(i, _)| i).collect()
}

/// What reading a table's rows carries from row to row: the category filled
/// down (or set by a spanning row), and what its cells were read as so far: a
/// category column and a period column repeat a few texts, each read once.
#[derive(Debug, Default)]
pub(super) struct Carried {
    pub(super) category: String,
    /// Category cells → [`category_name`].
    categories: HashMap<String, String>,
    /// Period cells → `years_in` of their folded text.
    years: HashMap<String, Vec<i32>>,
}

/// What a memo of cells keeps before it starts again (a column of distinct
/// dates or names would otherwise keep every one).
const MEMO_CELLS: usize = 4096;

/// `then(read(text))`, `read(text)` taken from `memo` when that text was read before.
fn memo<T, R>(
    memo: &mut HashMap<String, T>,
    text: &str,
    read: impl FnOnce(&str) -> T,
    then: impl FnOnce(&T) -> R,
) -> R {
    if let Some(known) = memo.get(text) {
        return then(known);
    }
    let value = read(text);
    let out = then(&value);
    if memo.len() >= MEMO_CELLS {
        memo.clear();
    }
    memo.insert(text.to_string(), value);
    out
}

impl Carried {
    /// `then` of the years a cell names (`years_in` of its folded text).
    fn years<R>(&mut self, text: &str, then: impl FnOnce(&[i32]) -> R) -> R {
        memo(&mut self.years, text, |t| years_in(&fold_width(t)), |years| then(years))
    }
}

/// A cell's text with white space removed and widths folded, as numbers are
/// read (`squeeze(fold_width(text))`); printable ASCII is already so.
fn squeezed(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(squeeze(&fold_width(text)))
    }
}

/// A cell's text with full-width digits and letters folded (`fold_alnum`):
/// borrowed when it has none (they are U+FF10 … U+FF5A, led by the byte 0xEF).
fn alnum(text: &str) -> Cow<'_, str> {
    if text.as_bytes().contains(&0xEF) {
        Cow::Owned(fold_alnum(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// A column's role as reported: an amount's unit with it when the header (or
/// the reader) names one (`investment:万元`).
fn role_with_unit(role: Option<Role>, unit: Option<MoneyUnit>) -> Option<String> {
    match (role?, unit) {
        (Role::Investment, Some(unit)) => Some(format!("investment:{}", unit.name())),
        (role, _) => Some(role.id()),
    }
}

/// The unit a note states: "单位：万元", "金额单位：亿元", "（单位：元）".
fn unit_note(text: &str) -> Option<MoneyUnit> {
    let t = squeeze(&fold_width(text));
    let at = t.find("单位")?;
    let rest = t[at + "单位".len()..].trim_start_matches([':', '：', '为']);
    let unit: String = rest.chars().take_while(|c| matches!(c, '万' | '亿' | '元')).collect();
    MoneyUnit::parse(&unit)
}

/// The header cells starting at row `h`, and the first data row. A header split
/// over two rows (计划投资 spanning 总投资 | 2023年) is joined column by column when
/// the row below names sub-columns under a repeated (merged) cell.
fn merged_header(table: &Table, h: usize) -> (Vec<String>, usize) {
    let top: Vec<String> = table.rows[h].cells.iter().map(|c| c.text()).collect();
    let Some(below) = table.rows.get(h + 1) else { return (top, h + 1) };
    let below: Vec<String> = below.cells.iter().map(|c| c.text()).collect();
    let merged_above =
        |i: usize| (i > 0 && top.get(i - 1) == top.get(i)) || (i + 1 < top.len() && top.get(i + 1) == top.get(i));
    // A title merged across the whole table repeats one text: it is no header.
    let distinct: std::collections::BTreeSet<&String> = top.iter().filter(|t| !t.is_empty()).collect();
    let is_sub_header = distinct.len() >= 2
        && below.len() == top.len()
        && (0..top.len()).any(|i| merged_above(i) && below[i] != top[i] && !below[i].is_empty())
        && below.iter().all(|c| parse_number(c).is_none());
    if !is_sub_header {
        return (top, h + 1);
    }
    let joined = top
        .iter()
        .zip(&below)
        .enumerate()
        .map(|(i, (t, b))| if merged_above(i) && b != t { format!("{t}{b}") } else { t.clone() })
        .collect();
    (joined, h + 2)
}

fn parse_number(cell: &str) -> Option<f64> {
    crate::read::text::parse_arabic(&squeeze(&fold_width(cell)))
}

/// Reads every project and task table of the document; other tables are reported only.
pub fn read_annexes(doc: &Document, mapping: &Mapping) -> Plan {
    let mut plan = Plan::default();
    let layouts: Vec<(&Table, Option<Layout>, Option<TextAbove>)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Table(t) => {
                let layout = Layout::find(t, mapping).map(|l| l.with_unit_note(t, &doc.blocks[..i]));
                Some((t, layout, text_above(&doc.blocks[..i])))
            }
            _ => None,
        })
        .collect();
    let count = |kind: TableKind| layouts.iter().filter(|(_, l, _)| l.as_ref().is_some_and(|l| l.kind == kind)).count();
    let (project_tables, task_tables) = (count(TableKind::Projects), count(TableKind::Tasks));
    for (table, layout, above) in layouts {
        let Some(layout) = layout else {
            let report = other_table(table, mapping);
            // A table with data that is no KPI table was probably meant to be read: say so.
            let kpi = report.columns.iter().any(|c| c.role.as_deref() == Some("indicator"));
            if !kpi && report.rows > 0 && report.columns.len() >= 2 {
                let headers = report.columns.iter().map(|c| c.header.clone()).collect();
                plan.warnings.push(Warning { line: report.line, finding: Finding::TableNotRead { headers } });
            }
            plan.tables.push(report);
            continue;
        };
        // The text above a table names its category when the table has no category
        // column and that text is a heading, or one of several tables' captions.
        let several = match layout.kind {
            TableKind::Projects => project_tables > 1,
            _ => task_tables > 1,
        };
        let category = layout
            .col(Role::Category)
            .is_none()
            .then(|| above.filter(|a| several || a.is_heading).map(|a| category_name(&a.text)))
            .flatten();
        let before = (plan.projects.len(), plan.tasks.len());
        match layout.kind {
            TableKind::Projects => read_projects(table, &layout, category.as_deref(), &mut plan),
            _ => read_tasks(table, &layout, category.as_deref(), &mut plan),
        }
        let rows = plan.projects.len() - before.0 + plan.tasks.len() - before.1;
        plan.tables.push(layout.report(table, category.as_deref(), rows));
    }
    plan.warnings.sort_by_key(|w| w.line);
    plan
}

/// A table that is neither projects nor tasks, reported with what its header
/// says: an indicator (KPI) table when a column of its first rows is one
/// (指标, 分值, 考核标准), else another table.
fn other_table(table: &Table, mapping: &Mapping) -> TableReport {
    let header: Vec<String> =
        table.rows.first().map(|r| r.cells.iter().map(|c| c.text()).collect()).unwrap_or_default();
    let kpi = table
        .rows
        .iter()
        .take(MAX_TITLE_ROWS)
        .any(|r| r.cells.iter().any(|c| mapping.role(&c.text()) == Some(Role::Indicator)));
    TableReport {
        line: table.rows.first().map_or(0, |r| r.line),
        kind: if kpi { "indicators" } else { TableKind::Other.id() }.into(),
        title: table.title.clone(),
        category: None,
        rows: table.rows.len().saturating_sub(1),
        columns: header
            .iter()
            .map(|h| ColumnReport { header: h.clone(), role: mapping.role(h).map(Role::id) })
            .collect(),
    }
}

/// The text just above a table, when it reads as a section title rather than a
/// table caption (…表) or an annex label (附件2), and whether it is a heading
/// (一、/（一）/1.) rather than a plain line such as a sheet's name.
fn text_above(blocks: &[Block]) -> Option<TextAbove> {
    let (text, is_heading) = match blocks.last()? {
        Block::Heading { title, .. } => (title.trim(), true),
        Block::Paragraph { text, .. } => (text.trim(), false),
        Block::Table(_) => return None,
    };
    let generic = text.is_empty()
        || text.chars().count() > 30
        || text.contains('。')
        || text.ends_with('表')
        || text.starts_with("附件")
        || text.to_ascii_lowercase().starts_with("sheet");
    (!generic).then(|| TextAbove { text: text.to_string(), is_heading })
}

struct TextAbove {
    text: String,
    is_heading: bool,
}

/// A category as charts show it: "一、知识产权保护方面（共5项）" → "知识产权保护方面"
/// (numbering as `document` reads headings, and a trailing count, removed).
pub fn category_name(text: &str) -> String {
    let folded = fold_width(text.trim());
    let title = super::document::heading(&folded).map_or(folded, |(_, title)| fold_width(&title));
    let mut t = title.as_str();
    // A trailing count: (共5项) / (5个) / (10个项目).
    if let Some(open) = t.rfind('(') {
        let inner = &t[open..];
        if inner.ends_with(')') && inner.chars().any(|c| c.is_ascii_digit()) {
            t = &t[..open];
        }
    }
    t.trim().to_string()
}

/// A row whose text spans the table (one cell, or one text repeated by a merge):
/// a category heading for the rows below it.
fn spanning_text(row: &Row, width: usize) -> Option<String> {
    let texts: Vec<String> = row.cells.iter().map(|c| c.text().trim().to_string()).collect();
    let filled: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
    let first = (*filled.first()?).clone();
    let one_text = filled.iter().all(|t| **t == first);
    let spans = (row.cells.len() == 1 && width >= 3)
        || (filled.len() >= 2 && one_text && filled.len() * 2 > width.max(2))
        || (filled.len() == 1 && width >= 3 && texts.iter().position(|t| !t.is_empty()) < Some(2));
    (spans && parse_number(&first).is_none() && !is_total(&first)).then_some(first)
}

/// 合计 / 总计 / 小计 rows state sums, they are not records.
pub(super) fn is_total(text: &str) -> bool {
    // `squeeze(text)` starts with one of them, read without building it.
    ["合计", "总计", "小计", "共计"].iter().any(|w| {
        let mut t = text.chars().filter(|c| !c.is_whitespace());
        w.chars().all(|c| t.next() == Some(c))
    })
}

/// The cells of a data row by column, with their lines; a warning when the count is off.
pub(super) struct Cells<'a> {
    texts: Vec<(Cow<'a, str>, u32)>,
    line: u32,
}

impl<'a> Cells<'a> {
    /// A row given as its cells' texts (an engine's table row: one line),
    /// borrowed where folding leaves them as they are.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn of_texts(texts: impl IntoIterator<Item = &'a str>, line: u32) -> Cells<'a> {
        Cells { texts: texts.into_iter().map(|t| (alnum(t), line)).collect(), line }
    }

    /// [`Cells::of_texts`] in the room of these cells (a table read by its
    /// columns reads a million rows: no allocation per row).
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn refill<'b>(self, texts: impl IntoIterator<Item = &'b str>, line: u32) -> Cells<'b> {
        let mut room: Vec<(Cow<'b, str>, u32)> = empty(self.texts);
        room.extend(texts.into_iter().map(|t| (alnum(t), line)));
        Cells { texts: room, line }
    }

    fn read(row: &Row, width: usize, record: Record, warnings: &mut Vec<Warning>) -> Cells<'static> {
        if row.cells.len() != width {
            let finding = Finding::CellCount { record, cells: row.cells.len(), columns: width };
            warnings.push(Warning { line: row.line, finding });
        }
        Cells { texts: row.cells.iter().map(|c| (Cow::Owned(fold_alnum(&c.text())), c.line)).collect(), line: row.line }
    }

    /// All cells empty: no record.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn is_blank(&self) -> bool {
        self.texts.iter().all(|(t, _)| t.trim().is_empty())
    }

    /// The row's first cells, when one of them marks a total (合计) rather than a record.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
    pub(super) fn total(&self) -> Option<String> {
        let first = || self.texts.iter().take(3).map(|(t, _)| t.as_ref());
        first().any(is_total).then(|| squeeze(&first().collect::<Vec<&str>>().join(" ")))
    }

    /// The text and line of a column's cell; empty (at the row's line) when the column or cell is missing.
    fn get(&self, col: Option<usize>) -> (&str, u32) {
        col.and_then(|c| self.texts.get(c)).map_or(("", self.line), |(t, line)| (t.as_ref(), *line))
    }
}

/// A vector of cells emptied, its room kept for cells borrowed from elsewhere
/// (collected in place: the element types differ only in their lifetime).
#[cfg_attr(not(feature = "arrow"), allow(dead_code))] // read by `columns`
fn empty<'b>(mut cells: Vec<(Cow<'_, str>, u32)>) -> Vec<(Cow<'b, str>, u32)> {
    cells.clear();
    // A `filter_map` to `None` (not `filter`) is what lets the element type change.
    #[allow(clippy::unnecessary_filter_map)]
    let emptied = cells.into_iter().filter_map(|_| None).collect();
    emptied
}

fn is_blank_row(row: &Row) -> bool {
    row.cells.iter().all(|c| c.text().trim().is_empty())
}

fn is_header_repeat(row: &Row, header: &[String]) -> bool {
    row.cells.len() == header.len() && row.cells.iter().zip(header).all(|(c, h)| header_key(&c.text()) == header_key(h))
}

/// The rows of a table worth reading, each with the category a spanning row
/// above it set (or `heading`): not blank, not a repeated header (tables split
/// over pages repeat it), not a total.
fn data_rows<'t>(
    table: &'t Table,
    layout: &Layout,
    heading: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Vec<(&'t Row, String)> {
    let mut category = heading.unwrap_or_default().to_string();
    let width = layout.headers.len();
    let mut rows = Vec::new();
    for row in table.rows.iter().skip(layout.data_from) {
        if is_blank_row(row) || is_header_repeat(row, &layout.headers) {
            continue;
        }
        if let Some(text) = spanning_text(row, width) {
            category = category_name(&text);
            continue;
        }
        let first_texts: Vec<String> = row.cells.iter().take(3).map(|c| c.text()).collect();
        if first_texts.iter().any(|t| is_total(t)) {
            let finding = Finding::TotalRow { text: squeeze(&first_texts.join(" ")) };
            warnings.push(Warning { line: row.line, finding });
            continue;
        }
        rows.push((row, category.clone()));
    }
    rows
}

/// A cell that must hold text: a warning when it is empty.
fn require(text: &str, line: u32, missing: Finding, w: &mut Vec<Warning>) {
    if text.trim().is_empty() {
        w.push(Warning { line, finding: missing });
    }
}

fn read_projects(table: &Table, layout: &Layout, heading: Option<&str>, plan: &mut Plan) {
    let mut kind = Carried::default();
    for (row, spanning) in data_rows(table, layout, heading, &mut plan.warnings) {
        let cells = Cells::read(row, layout.headers.len(), Record::Project, &mut plan.warnings);
        let previous = plan.projects.last().map_or(0, |p| p.no);
        let project = project_row(layout, &cells, spanning, &mut kind, previous, &mut plan.warnings);
        plan.projects.push(project);
    }
}

/// One project from a row's cells. `kind` carries the category filled down from the
/// rows above (a spanning row's, `spanning`, when the table has no category
/// column); `previous` is the number of the row above.
pub(super) fn project_row(
    layout: &Layout,
    cells: &Cells,
    spanning: String,
    kind: &mut Carried,
    previous: u32,
    w: &mut Vec<Warning>,
) -> Project {
    let p = project_cells(layout, cells, spanning, kind, previous, w);
    Project {
        no: p.no,
        kind: kind.category.clone(),
        name: p.name.to_string(),
        investment: p.investment,
        start_year: p.start_year,
        end_year: p.end_year,
        builder_kind: BuilderKind::classify(&p.builder),
        builder: p.builder.into_owned(),
        line: cells.line,
        plan: p.plan.map(str::to_string),
        ..Project::default()
    }
}

/// A project as a row's cells give it (its type is `kind.category`), its texts
/// borrowed from them: [`project_row`]'s reading, which a table read by its
/// columns puts straight into buffers.
pub(super) struct ProjectCells<'c> {
    pub(super) no: u32,
    /// Trimmed.
    pub(super) name: &'c str,
    /// Trimmed, or what follows a fused head (see [`unfuse_builder`]).
    pub(super) builder: Cow<'c, str>,
    pub(super) investment: Option<Money>,
    pub(super) start_year: Option<i32>,
    pub(super) end_year: Option<i32>,
    /// Trimmed, when not empty.
    pub(super) plan: Option<&'c str>,
}

/// Reads one project's cells (see [`project_row`]), with a warning for every cell it cannot read.
pub(super) fn project_cells<'c>(
    layout: &Layout,
    cells: &'c Cells,
    spanning: String,
    kind: &mut Carried,
    previous: u32,
    w: &mut Vec<Warning>,
) -> ProjectCells<'c> {
    let annual_cols = &layout.annual;
    let builder_col = layout.builder_col();
    let no = layout.row_no(cells, previous, Record::Project, w);
    layout.category(cells, kind, spanning, Finding::NoCategory { record: Record::Project, no }, w);
    let (name, name_line) = cells.get(layout.col(Role::Name));
    require(name, name_line, Finding::NoName { no }, w);

    let investment = match layout.col(Role::Investment) {
        Some(col) => read_money(cells, col, layout, no, w),
        None => {
            // The total is the sum of the annual plan columns.
            let parts: Vec<Money> = annual_cols.iter().filter_map(|&c| read_money(cells, c, layout, no, w)).collect();
            (!parts.is_empty()).then(|| parts.iter().sum())
        }
    };

    let (start_year, end_year) = if layout.col(Role::Period).is_none()
        && layout.col(Role::Start).is_none()
        && layout.col(Role::End).is_none()
        && !annual_cols.is_empty()
    {
        // No period column: the years with a planned amount are the period.
        let years: Vec<i32> = annual_cols
            .iter()
            .filter(|&&c| !cells.get(Some(c)).0.trim().is_empty())
            .filter_map(|&c| match layout.roles[c] {
                Some(Role::AnnualPlan(y)) => Some(y),
                _ => None,
            })
            .collect();
        (years.iter().min().copied(), years.iter().max().copied())
    } else {
        let (period, period_line, (start, end)) = period_of(layout, cells, kind);
        match (start, end) {
            (None, _) => w.push(Warning { line: period_line, finding: Finding::NoYear { no, cell: period.text() } }),
            (Some(start), Some(end)) if start > end => {
                w.push(Warning { line: period_line, finding: Finding::PeriodReversed { no, start, end } })
            }
            _ => {}
        }
        (start, end)
    };

    let plan = Some(cells.get(layout.col(Role::Source)).0.trim()).filter(|p| !p.is_empty());
    let (builder_text, builder_line) = cells.get(builder_col);
    let builder = unfuse_builder(builder_text, name).map_or_else(
        || Cow::Borrowed(builder_text.trim()),
        |(head, builder)| {
            let cell = builder_text.trim().to_string();
            let finding = Finding::FusedBuilder { no, cell, head, builder: builder.clone() };
            w.push(Warning { line: builder_line, finding });
            Cow::Owned(builder)
        },
    );
    ProjectCells { no, name: name.trim(), builder, investment, start_year, end_year, plan }
}

/// A row's period cells: a period column's (or a start column's), or a start and an end column's.
enum PeriodCells<'c> {
    One(&'c str),
    StartEnd(&'c str, &'c str),
}

impl PeriodCells<'_> {
    /// The period as a note quotes it.
    fn text(&self) -> String {
        match self {
            PeriodCells::One(period) => period.trim().to_string(),
            PeriodCells::StartEnd(start, end) => format!("{} – {}", start.trim(), end.trim()),
        }
    }
}

/// A row's period, its cells and line: from a period column ("2023-2025"), or
/// from a start and an end column (years or dates: the start's first year, the
/// end's last). A start column alone reads as a period column did.
fn period_of<'c>(
    layout: &Layout,
    cells: &'c Cells,
    carried: &mut Carried,
) -> (PeriodCells<'c>, u32, (Option<i32>, Option<i32>)) {
    let start_col = layout.col(Role::Period).or(layout.col(Role::Start));
    let (start, line) = cells.get(start_col);
    let Some(end_col) = layout.col(Role::End).filter(|_| layout.col(Role::Period).is_none()) else {
        return (PeriodCells::One(start), line, carried.years(start, |years| period_of_years(start, years)));
    };
    let (end, end_line) = cells.get(Some(end_col));
    let first = carried.years(start, |years| years.first().copied());
    let last = carried.years(end, |years| years.last().copied());
    (PeriodCells::StartEnd(start, end), if start_col.is_some() { line } else { end_line }, (first, last))
}

/// A units cell as units: split on spaces and on list marks outside
/// brackets, collective names kept whole (市商务局、各县（市、区）人民政府).
fn cell_units(text: &str) -> Vec<String> {
    text.split([' ', '\u{3000}']).flat_map(split_list).collect()
}

/// A money cell in its column's unit, with a warning when it is empty or unreadable.
fn read_money(cells: &Cells, col: usize, layout: &Layout, no: u32, w: &mut Vec<Warning>) -> Option<Money> {
    let (money, line) = cells.get(Some(col));
    match parse_money(money, layout.units[col]) {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            if layout.roles[col] == Some(Role::Investment) {
                w.push(Warning { line, finding: Finding::NoInvestment { no } });
            }
            None
        }
        Err(NotAnAmount) => {
            w.push(Warning { line, finding: Finding::BadInvestment { no, cell: money.trim().to_string() } });
            None
        }
    }
}

fn read_tasks(table: &Table, layout: &Layout, heading: Option<&str>, plan: &mut Plan) {
    let mut area = Carried::default();
    for (row, spanning) in data_rows(table, layout, heading, &mut plan.warnings) {
        let cells = Cells::read(row, layout.headers.len(), Record::Task, &mut plan.warnings);
        let previous = plan.tasks.last().map_or(0, |t| t.no);
        let task = task_row(layout, &cells, spanning, &mut area, previous, &mut plan.warnings);
        plan.tasks.push(task);
    }
}

/// One task from a row's cells (`area` and `previous` as in [`project_row`]).
pub(super) fn task_row(
    layout: &Layout,
    cells: &Cells,
    spanning: String,
    area: &mut Carried,
    previous: u32,
    w: &mut Vec<Warning>,
) -> Task {
    let work_col = layout.col(Role::Task).or(layout.col(Role::Content));
    let no = layout.row_no(cells, previous, Record::Task, w);
    layout.category(cells, area, spanning, Finding::NoCategory { record: Record::Task, no }, w);
    let (work, work_line) = cells.get(work_col);
    require(work, work_line, Finding::NoDescription { no }, w);
    // Lead units: an explicit lead column, else the first of the responsible units.
    let (lead_text, _) = cells.get(layout.col(Role::Lead));
    let (responsible_text, _) = cells.get(layout.col(Role::Responsible));
    let (co_text, _) = cells.get(layout.col(Role::Co));
    let mut units = cell_units(lead_text);
    let responsible = cell_units(responsible_text);
    let leads = if units.is_empty() { responsible.len().min(1) } else { units.len() };
    for u in responsible.into_iter().chain(cell_units(co_text)) {
        if !units.contains(&u) {
            units.push(u);
        }
    }
    if units.is_empty() {
        let line = cells.get(layout.col(Role::Lead).or(layout.col(Role::Responsible)).or(layout.col(Role::Co))).1;
        w.push(Warning { line, finding: Finding::NoUnits { no } });
    }
    let deadline = cells.get(layout.col(Role::Deadline)).0;
    Task {
        no,
        area: area.category.clone(),
        work: work.trim().to_string(),
        units,
        leads,
        line: cells.line,
        deadline: Some(deadline.trim().to_string()).filter(|d| !d.is_empty()),
        ..Task::default()
    }
}

/// Reads an investment cell: "117", "65.8亿元", "１１７", "约20亿", "3000万元",
/// "1,234.5"; a unit in the cell wins over the column's (which defaults to 亿元).
/// Ok(None) for an empty cell (or "-", "/"); Err for an unreadable one.
pub fn parse_money(cell: &str, column_unit: Option<MoneyUnit>) -> Result<Option<Money>, NotAnAmount> {
    let t = squeezed(cell);
    if t.is_empty() || matches!(t.as_ref(), "-" | "—" | "/" | "无") {
        return Ok(None);
    }
    let t = t.trim_start_matches(['约', '≈']);
    // Every unit ends in a Chinese character: a cell ending in ASCII (a digit) names none.
    let (number, unit) = if t.as_bytes().last().is_some_and(u8::is_ascii) {
        (t, column_unit.unwrap_or(MoneyUnit::Yi))
    } else if let Some(n) = t.strip_suffix("万亿元").or_else(|| t.strip_suffix("万亿")) {
        (n, MoneyUnit::WanYi)
    } else if let Some(n) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        (n, MoneyUnit::Wan)
    } else if let Some(n) = t.strip_suffix("亿元").or_else(|| t.strip_suffix('亿')) {
        (n, MoneyUnit::Yi)
    } else if let Some(n) = t.strip_suffix('元') {
        (n, MoneyUnit::Yuan)
    } else {
        (t, column_unit.unwrap_or(MoneyUnit::Yi))
    };
    Money::parse(number, unit)
        .or_else(|| parse_chinese_numeral(number).and_then(|v| Money::parse(&v.to_string(), unit)))
        .map(Some)
        .ok_or(NotAnAmount)
}

/// A money cell that holds text, not an amount ("待定").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;

/// Reads a construction period: "2022-2026", "2022—2026", "2022～2026",
/// "2022年-2026年", "2022.06-2026.12"; a lone year is a one-year period.
pub fn parse_period(cell: &str) -> (Option<i32>, Option<i32>) {
    period_of_years(cell, &years_in(&fold_width(cell)))
}

/// [`parse_period`] of a cell whose years are read.
fn period_of_years(cell: &str, years: &[i32]) -> (Option<i32>, Option<i32>) {
    match years {
        [] => (None, None),
        [y] => {
            // "2023年起" / "2023-" leave the end open; a bare year is that year.
            let open = cell.contains('起') || cell.trim_end().ends_with(['-', '–', '—', '～', '~', '至']);
            (Some(*y), if open { None } else { Some(*y) })
        }
        [s, e, ..] => (Some(*s), Some(*e)),
    }
}

/// Detects a builder cell that fuses the project's name in front of the builder,
/// as in "柯诸高速为绍兴市柯诸高速公路有限公司" for project "柯诸高速诸暨段".
/// Returns (the fused head, the builder) when the head is part of the project name.
fn unfuse_builder(builder: &str, name: &str) -> Option<(String, String)> {
    let (head, rest) = builder.trim().split_once('为')?;
    let name = name.trim();
    (head.chars().count() >= 2 && !rest.is_empty() && name.contains(head)).then(|| (head.to_string(), rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        let yi = |cell: &str, unit| parse_money(cell, unit).map(|m| m.map(Money::yi_text));
        assert_eq!(yi("117", None), Ok(Some("117".into())));
        assert_eq!(yi(" 65.8亿元", None), Ok(Some("65.8".into())));
        assert_eq!(yi("１．９５", None), Ok(Some("1.95".into())));
        assert_eq!(yi("3000万元", Some(MoneyUnit::Yi)), Ok(Some("0.3".into())));
        assert_eq!(yi("3000", Some(MoneyUnit::Wan)), Ok(Some("0.3".into())));
        assert_eq!(yi("二十", None), Ok(Some("20".into())));
        assert_eq!(yi("", None), Ok(None));
        assert!(yi("待定", None).is_err());
    }

    #[test]
    fn periods() {
        for p in ["2022-2026", "2022—2026", "2022～2026", "2022年-2026年", "２０２２－２０２６", "2022.06-2026.12"]
        {
            assert_eq!(parse_period(p), (Some(2022), Some(2026)), "{p}");
        }
        assert_eq!(parse_period("2023"), (Some(2023), Some(2023)));
        assert_eq!(parse_period("2023年起"), (Some(2023), None));
        assert_eq!(parse_period("2023–"), (Some(2023), None), "as Project::period_text writes an open end");
        assert_eq!(parse_period("待定"), (None, None));
    }

    #[test]
    fn a_unit_note_above_a_table_gives_its_amounts_their_unit() {
        assert_eq!(unit_note("单位：万元"), Some(MoneyUnit::Wan));
        assert_eq!(unit_note("重点项目表（金额单位：亿元）"), Some(MoneyUnit::Yi));
        assert_eq!(unit_note("单位: 元"), Some(MoneyUnit::Yuan));
        assert_eq!(unit_note("单位负责人"), None);
        let mut form = crate::read::textform::TextForm::default();
        form.paragraph("重点项目表");
        form.paragraph("单位：万元");
        let rows = [["序号", "项目名称", "总投资"], ["1", "甲工程", "1200"], ["2", "乙工程", "800.5"]];
        form.table(&rows.map(|r| r.map(String::from).to_vec()));
        let plan = crate::plan_from_text(&form.finish(), &Mapping::default()).unwrap();
        let amounts: Vec<String> = plan.projects.iter().filter_map(|p| p.investment.map(Money::yi_text)).collect();
        assert_eq!(amounts, ["0.12", "0.08005"], "万元, not 亿元");
    }

    #[test]
    fn fused_builder() {
        assert_eq!(
            unfuse_builder("柯诸高速为绍兴市柯诸高速公路有限公司", "柯诸高速诸暨段"),
            Some(("柯诸高速".into(), "绍兴市柯诸高速公路有限公司".into()))
        );
        assert_eq!(unfuse_builder("诸暨市为民服务中心", "人民医院"), None);
    }

    #[test]
    fn units() {
        assert_eq!(cell_units("市交通运输局、市发改局，市建设集团"), vec!["市交通运输局", "市发改局", "市建设集团"]);
    }
}
