//! One table of the plan as CSV or as an Arrow IPC file.

use plansight_core::frame::{write_ipc, TableName};
use plansight_core::{Frame, Plan};

pub fn arrow(plan: &Plan, table: TableName) -> Result<Vec<u8>, String> {
    write_ipc(Frame::from_plan(plan).table(table)).map_err(|e| format!("cannot write Arrow: {e}"))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub fn csv(plan: &Plan, table: TableName) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let result: Result<(), csv::Error> = (|| {
        match table {
            TableName::Projects => {
                w.write_record(["no", "type", "name", "investment", "start_year", "end_year", "builder", "builder_kind", "line"])?;
                for p in &plan.projects {
                    w.write_record([
                        p.no.to_string(),
                        p.kind.clone(),
                        p.name.clone(),
                        opt(p.investment),
                        opt(p.start_year),
                        opt(p.end_year),
                        p.builder.clone(),
                        p.builder_kind.id().to_string(),
                        p.line.to_string(),
                    ])?;
                }
            }
            TableName::Tasks => {
                w.write_record(["no", "area", "work", "units", "line"])?;
                for t in &plan.tasks {
                    w.write_record([t.no.to_string(), t.area.clone(), t.work.clone(), t.units.join("、"), t.line.to_string()])?;
                }
            }
            TableName::TaskUnits => {
                w.write_record(["task_no", "position", "unit"])?;
                for t in &plan.tasks {
                    for (i, u) in t.units.iter().enumerate() {
                        w.write_record([t.no.to_string(), i.to_string(), u.clone()])?;
                    }
                }
            }
            TableName::Indicators => {
                w.write_record(["kind", "metric", "value", "unit", "comparator", "year", "section", "sentence", "line", "pair"])?;
                for i in &plan.indicators {
                    let kind = if i.kind == plansight_core::IndicatorKind::Target { "target" } else { "baseline" };
                    w.write_record([
                        kind.to_string(),
                        i.metric.clone(),
                        i.value.to_string(),
                        i.unit.clone(),
                        i.comparator.symbol().to_string(),
                        opt(i.year),
                        i.section.clone(),
                        i.sentence.clone(),
                        i.line.to_string(),
                        opt(i.pair),
                    ])?;
                }
            }
        }
        Ok(())
    })();
    result.map_err(|e| format!("cannot write CSV: {e}"))?;
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}
