//! Stage 3: document tables → projects and tasks. Tables are found by their
//! header row, never by position, and columns are matched by header name, so a
//! reordered or split table reads the same. A cell that cannot be read leaves
//! its field empty and adds a [`Warning`] naming the line.

use crate::document::{Document, Row, Table};
use crate::model::{BuilderKind, Plan, PlanError, Project, Task, Warning};
use crate::text::{fold_alnum, fold_width, parse_arabic, parse_chinese_numeral, squeeze, years_in};

/// Columns of the key-project table, matched by words in the header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProjectCol {
    No,
    Type,
    Name,
    Investment,
    Period,
    Builder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskCol {
    No,
    Area,
    Work,
    Units,
}

fn header_key(cell: &str) -> String {
    squeeze(&fold_width(cell))
}

fn project_col(header: &str) -> Option<ProjectCol> {
    let h = header_key(header);
    Some(match () {
        _ if h.contains("序号") || h == "编号" => ProjectCol::No,
        _ if h.contains("类型") || h.contains("类别") => ProjectCol::Type,
        _ if h.contains("名称") => ProjectCol::Name,
        _ if h.contains("投资") => ProjectCol::Investment,
        _ if h.contains("期限") || h.contains("年限") || h.contains("起止") || h.contains("工期") => {
            ProjectCol::Period
        }
        _ if h.contains("单位") || h.contains("业主") => ProjectCol::Builder,
        _ => return None,
    })
}

fn task_col(header: &str) -> Option<TaskCol> {
    let h = header_key(header);
    Some(match () {
        _ if h.contains("序号") || h == "编号" => TaskCol::No,
        _ if h.contains("领域") || h.contains("行动") => TaskCol::Area,
        _ if h.contains("工作") || h.contains("任务") => TaskCol::Work,
        _ if h.contains("责任") || h.contains("牵头") => TaskCol::Units,
        _ => return None,
    })
}

fn header_cells(table: &Table) -> Vec<String> {
    table.rows.first().map(|r| r.cells.iter().map(|c| c.text()).collect()).unwrap_or_default()
}

fn columns<C: Copy + PartialEq>(table: &Table, classify: fn(&str) -> Option<C>) -> Vec<Option<C>> {
    header_cells(table).iter().map(|h| classify(h)).collect()
}

fn is_project_table(table: &Table) -> bool {
    let cols = columns(table, project_col);
    cols.contains(&Some(ProjectCol::Name)) && cols.contains(&Some(ProjectCol::Investment))
}

fn is_task_table(table: &Table) -> bool {
    let cols = columns(table, task_col);
    cols.contains(&Some(TaskCol::Work)) && cols.contains(&Some(TaskCol::Units))
}

/// Reads every project and task table of the document into a plan.
pub fn read_annexes(doc: &Document) -> Result<Plan, PlanError> {
    let mut plan = Plan::default();
    let mut found = false;
    for table in doc.tables() {
        if is_project_table(table) {
            found = true;
            read_projects(table, &mut plan);
        } else if is_task_table(table) {
            found = true;
            read_tasks(table, &mut plan);
        }
    }
    if !found {
        return Err(PlanError::NoPlanTables);
    }
    plan.warnings.sort_by_key(|w| w.line);
    Ok(plan)
}

/// The cells of a data row keyed by column, with a warning when the count is off.
fn row_cells<C: Copy + PartialEq>(
    row: &Row,
    cols: &[Option<C>],
    what: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<(C, String, u32)> {
    if row.cells.len() != cols.len() {
        warnings.push(Warning {
            line: row.line,
            message: format!(
                "{what} row has {} of {} cells; the missing ones are left empty",
                row.cells.len(),
                cols.len()
            ),
        });
    }
    cols.iter()
        .zip(&row.cells)
        .filter_map(|(col, cell)| col.map(|c| (c, fold_alnum(&cell.text()), cell.line)))
        .collect()
}

fn cell<C: PartialEq>(cells: &[(C, String, u32)], col: C, fallback_line: u32) -> (String, u32) {
    cells.iter().find(|(c, _, _)| *c == col).map(|(_, t, l)| (t.clone(), *l)).unwrap_or((String::new(), fallback_line))
}

fn is_blank_row(row: &Row) -> bool {
    row.cells.iter().all(|c| c.text().trim().is_empty())
}

fn is_header_repeat(row: &Row, header: &[String]) -> bool {
    row.cells.len() == header.len() && row.cells.iter().zip(header).all(|(c, h)| c.text() == *h)
}

/// A filled-down column (项目类型, 行动领域): only the first row of a group names
/// it, so an empty cell repeats the value above; with nothing above, a warning.
fn fill_down(
    current: &mut String,
    (text, line): (String, u32),
    missing: impl FnOnce() -> String,
    w: &mut Vec<Warning>,
) {
    if !text.trim().is_empty() {
        *current = text.trim().to_string();
    } else if current.is_empty() {
        w.push(Warning { line, message: missing() });
    }
}

/// A cell that must hold text: a warning when it is empty.
fn require(text: &str, line: u32, missing: impl FnOnce() -> String, w: &mut Vec<Warning>) {
    if text.trim().is_empty() {
        w.push(Warning { line, message: missing() });
    }
}

/// Reads a row number; on failure continues the count from the previous row.
fn read_no(text: &str, previous: u32, line: u32, what: &str, warnings: &mut Vec<Warning>) -> u32 {
    let t = squeeze(&fold_width(text));
    match t.trim_end_matches(['.', '、']).parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            warnings.push(Warning {
                line,
                message: format!("{what} number {t:?} is not a number; numbered {}", previous + 1),
            });
            previous + 1
        }
    }
}

fn read_projects(table: &Table, plan: &mut Plan) {
    let cols = columns(table, project_col);
    let header = header_cells(table);
    // The header may say the money unit: 计划总投资（亿元）or（万元）.
    let header_in_wan = header.iter().any(|h| project_col(h) == Some(ProjectCol::Investment) && h.contains("万元"));
    let mut kind = String::new();
    for row in table.rows.iter().skip(1) {
        if is_blank_row(row) || is_header_repeat(row, &header) {
            continue;
        }
        let w = &mut plan.warnings;
        let cells = row_cells(row, &cols, "project", w);
        let previous = plan.projects.last().map_or(0, |p| p.no);
        let (no_text, no_line) = cell(&cells, ProjectCol::No, row.line);
        let no = read_no(&no_text, previous, no_line, "project", w);

        fill_down(
            &mut kind,
            cell(&cells, ProjectCol::Type, row.line),
            || format!("project {no} has no type and no type above it"),
            w,
        );
        let (name, name_line) = cell(&cells, ProjectCol::Name, row.line);
        require(&name, name_line, || format!("project {no} has no name"), w);

        let (money, money_line) = cell(&cells, ProjectCol::Investment, row.line);
        let investment = match parse_money(&money, header_in_wan) {
            Ok(v) => v,
            Err(why) => {
                w.push(Warning { line: money_line, message: format!("project {no}: {why}") });
                None
            }
        };
        if investment.is_none() && money.trim().is_empty() {
            w.push(Warning { line: money_line, message: format!("project {no} has no planned investment") });
        }

        let (period, period_line) = cell(&cells, ProjectCol::Period, row.line);
        let (start_year, end_year) = parse_period(&period);
        match (start_year, end_year) {
            (None, _) => w.push(Warning {
                line: period_line,
                message: format!("project {no}: construction period {:?} holds no year", period.trim()),
            }),
            (Some(s), Some(e)) if s > e => w.push(Warning {
                line: period_line,
                message: format!("project {no}: construction period ends ({e}) before it starts ({s})"),
            }),
            _ => {}
        }

        let (builder_text, builder_line) = cell(&cells, ProjectCol::Builder, row.line);
        let builder = unfuse_builder(&builder_text, &name).map_or_else(
            || builder_text.trim().to_string(),
            |(head, builder)| {
                w.push(Warning {
                    line: builder_line,
                    message: format!(
                        "project {no}: builder cell {:?} starts with the project's name ({head}为); read the builder as {builder:?}",
                        builder_text.trim()
                    ),
                });
                builder
            },
        );
        plan.projects.push(Project {
            no,
            kind: kind.clone(),
            name: name.trim().to_string(),
            investment,
            start_year,
            end_year,
            builder_kind: BuilderKind::classify(&builder),
            builder,
            line: row.line,
        });
    }
}

fn read_tasks(table: &Table, plan: &mut Plan) {
    let cols = columns(table, task_col);
    let header = header_cells(table);
    let mut area = String::new();
    for row in table.rows.iter().skip(1) {
        if is_blank_row(row) || is_header_repeat(row, &header) {
            continue;
        }
        let w = &mut plan.warnings;
        let cells = row_cells(row, &cols, "task", w);
        let previous = plan.tasks.last().map_or(0, |t| t.no);
        let (no_text, no_line) = cell(&cells, TaskCol::No, row.line);
        let no = read_no(&no_text, previous, no_line, "task", w);
        fill_down(
            &mut area,
            cell(&cells, TaskCol::Area, row.line),
            || format!("task {no} has no action area and none above it"),
            w,
        );
        let (work, work_line) = cell(&cells, TaskCol::Work, row.line);
        require(&work, work_line, || format!("task {no} has no description"), w);
        let (units_text, units_line) = cell(&cells, TaskCol::Units, row.line);
        let units = split_units(&units_text);
        if units.is_empty() {
            w.push(Warning { line: units_line, message: format!("task {no} names no responsible unit") });
        }
        plan.tasks.push(Task { no, area: area.clone(), work: work.trim().to_string(), units, line: row.line });
    }
}

/// Splits "市交通运输局、市发改局" into units (also on ，,；; and spaces).
pub fn split_units(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '/'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads an investment cell in 亿元: "117", "65.8亿元", "１１７", "约20亿", "3000万元".
/// Ok(None) for an empty cell; Err with a reason for an unreadable one.
pub fn parse_money(cell: &str, header_in_wan: bool) -> Result<Option<f64>, String> {
    let t = squeeze(&fold_width(cell));
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.trim_start_matches(['约', '≈']);
    let (number, scale) = if let Some(n) = t.strip_suffix("万元") {
        (n, 1e-4)
    } else if let Some(n) = t.strip_suffix("亿元").or_else(|| t.strip_suffix('亿')) {
        (n, 1.0)
    } else {
        (t, if header_in_wan { 1e-4 } else { 1.0 })
    };
    parse_arabic(number)
        .or_else(|| parse_chinese_numeral(number))
        .map(|v| Some(v * scale))
        .ok_or_else(|| format!("planned investment {cell:?} is not a number", cell = cell.trim()))
}

/// Reads a construction period: "2022-2026", "2022—2026", "2022～2026",
/// "2022年-2026年", "2022.06-2026.12"; a lone year is a one-year period.
pub fn parse_period(cell: &str) -> (Option<i32>, Option<i32>) {
    let years = years_in(&fold_width(cell));
    match years.as_slice() {
        [] => (None, None),
        [y] => {
            // "2023年起" / "2023-" leave the end open; a bare year is that year.
            let open = cell.contains('起') || cell.trim_end().ends_with(['-', '—', '～', '~', '至']);
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
        assert_eq!(parse_money("117", false), Ok(Some(117.0)));
        assert_eq!(parse_money(" 65.8亿元", false), Ok(Some(65.8)));
        assert_eq!(parse_money("１．９５", false), Ok(Some(1.95)));
        assert_eq!(parse_money("3000万元", false), Ok(Some(0.3)));
        assert_eq!(parse_money("3000", true), Ok(Some(0.3)));
        assert_eq!(parse_money("", false), Ok(None));
        assert!(parse_money("待定", false).is_err());
    }

    #[test]
    fn periods() {
        for p in ["2022-2026", "2022—2026", "2022～2026", "2022年-2026年", "２０２２－２０２６", "2022.06-2026.12"]
        {
            assert_eq!(parse_period(p), (Some(2022), Some(2026)), "{p}");
        }
        assert_eq!(parse_period("2023"), (Some(2023), Some(2023)));
        assert_eq!(parse_period("2023年起"), (Some(2023), None));
        assert_eq!(parse_period("待定"), (None, None));
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
        assert_eq!(split_units("市交通运输局、市发改局，市建设集团"), vec!["市交通运输局", "市发改局", "市建设集团"]);
    }
}
