//! Rows as CSV and JSON, the same for the CLI and the page's downloads.

use crate::engine::analysis;
use crate::engine::filter::Filter;
use crate::engine::rows::Rows;
use crate::model::{IndicatorKind, TableName, Warning};
use serde::Serialize;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// One table as CSV with a header row (UTF-8; units joined by 、 in the tasks table).
pub fn csv(rows: &Rows, table: TableName) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut write = || -> Result<(), csv::Error> {
        match table {
            TableName::Projects => {
                w.write_record([
                    "no",
                    "type",
                    "name",
                    "investment",
                    "start_year",
                    "end_year",
                    "builder",
                    "builder_kind",
                    "line",
                    "read_from",
                ])?;
                for p in rows.projects.iter() {
                    w.write_record([
                        p.no.to_string(),
                        p.kind.clone(),
                        p.name.clone(),
                        p.investment.map(crate::model::Money::yi_text).unwrap_or_default(),
                        opt(p.start_year),
                        opt(p.end_year),
                        p.builder.clone(),
                        p.builder_kind.id().to_string(),
                        p.line.to_string(),
                        p.read_from.id().to_string(),
                    ])?;
                }
            }
            TableName::Tasks => {
                w.write_record(["no", "area", "work", "units", "leads", "line", "deadline", "read_from"])?;
                for t in &rows.tasks {
                    w.write_record([
                        t.no.to_string(),
                        t.area.clone(),
                        t.work.clone(),
                        t.units.join("、"),
                        t.leads.to_string(),
                        t.line.to_string(),
                        t.deadline.clone().unwrap_or_default(),
                        t.read_from.id().to_string(),
                    ])?;
                }
            }
            TableName::TaskUnits => {
                w.write_record(["task_no", "position", "unit", "role"])?;
                for t in &rows.tasks {
                    for (i, u) in t.units.iter().enumerate() {
                        let role = if i < t.leads { "lead" } else { "co" };
                        w.write_record([t.no.to_string(), i.to_string(), u.clone(), role.to_string()])?;
                    }
                }
            }
            TableName::Indicators => {
                w.write_record([
                    "kind",
                    "metric",
                    "value",
                    "unit",
                    "comparator",
                    "year",
                    "section",
                    "sentence",
                    "line",
                    "pair",
                    "value_max",
                ])?;
                for i in &rows.indicators {
                    w.write_record([
                        if i.kind == IndicatorKind::Target { "target" } else { "baseline" }.to_string(),
                        i.metric.clone(),
                        i.value.to_string(),
                        i.unit.clone(),
                        i.comparator.symbol().to_string(),
                        opt(i.year),
                        i.section.clone(),
                        i.sentence.clone(),
                        i.line.to_string(),
                        opt(i.pair),
                        opt(i.value_max),
                    ])?;
                }
            }
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot write CSV: {e}"))?;
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

/// The JSON document read back (for the page's Arrow export, which runs in a
/// separate module loaded on demand).
#[derive(serde::Deserialize)]
pub struct JsonTables {
    pub projects: Vec<crate::model::Project>,
    pub tasks: Vec<crate::model::Task>,
    pub indicators: Vec<crate::model::Indicator>,
}

/// A warning as JSON: its line, its code and parameters, and the English sentence.
#[derive(Serialize)]
struct WarningJson<'a> {
    #[serde(flatten)]
    warning: &'a Warning,
    message: String,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    title: Option<&'a str>,
    window: Option<(i32, i32)>,
    /// 文号, issuer, date.
    facts: &'a crate::model::Facts,
    projects: &'a [crate::model::Project],
    tasks: &'a [crate::model::Task],
    indicators: &'a [crate::model::Indicator],
    /// Totals the document states for sets of projects (its own figures).
    totals: &'a [crate::model::StatedTotal],
    /// Headline figures of these rows (the total summed exactly).
    summary: analysis::Summary,
    warnings: Vec<WarningJson<'a>>,
    /// What was recognised in each table of the document.
    tables: &'a [crate::model::TableReport],
}

/// All tables as the JSON documented in the README: the rows, and what the
/// plan says of itself (its lists may have moved into the rows).
pub fn json(rows: &Rows, plan: &crate::model::Plan) -> Result<Vec<u8>, String> {
    let window = plan.window;
    let summary = analysis::summary(rows, &Filter::default(), window);
    let (projects, tasks, indicators) = (&rows.projects[..], &rows.tasks[..], &rows.indicators[..]);
    let warnings = plan.warnings.iter().map(|w| WarningJson { message: w.message(), warning: w }).collect();
    let doc = JsonDoc {
        title: plan.title.as_deref(),
        window,
        facts: &plan.facts,
        projects,
        tasks,
        indicators,
        totals: &plan.totals,
        summary,
        warnings,
        tables: &plan.tables,
    };
    serde_json::to_vec_pretty(&doc).map_err(|e| format!("cannot write JSON: {e}"))
}
