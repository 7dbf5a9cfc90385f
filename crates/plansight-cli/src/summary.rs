//! The breakdowns as plain-text tables, aligned for CJK text (two columns per
//! wide character).

use plansight_charts::i18n::action;
use plansight_charts::{num, pct, Lang};
use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::{BuilderKind, Frame, Plan};
use std::fmt::Write;

/// Display width: East Asian wide characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !matches!(c as u32, 0x2010..=0x2027) { 2 } else { 1 }).sum()
}

fn table(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>) {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - width(c);
            // Text left, numbers right.
            if c.chars().next().is_some_and(|ch| ch.is_ascii_digit() || ch == '-') && i > 0 {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(out, "{}", line(header.to_vec()));
    let _ = writeln!(out, "{}", widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>().join("  "));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r.iter().map(String::as_str).collect()));
    }
}

/// What was read from the prose, and where: the stated totals, the projects
/// and the tasks found in sentences, each with its line.
fn prose(out: &mut String, plan: &Plan, rows: &plansight_core::Rows) {
    let projects: Vec<&plansight_core::Project> = rows.projects.iter().filter(|p| p.read_from.is_prose()).collect();
    let tasks: Vec<&plansight_core::Task> = rows.tasks.iter().filter(|t| t.read_from.is_prose()).collect();
    let _ = writeln!(
        out,
        "Read from the prose: {} tasks, {} projects, {} stated totals, {} targets and baselines (tables: {} tasks, {} projects)",
        tasks.len(),
        projects.len(),
        plan.totals.len(),
        rows.indicators.len(),
        rows.tasks.len() - tasks.len(),
        rows.projects.len() - projects.len(),
    );
    if !plan.totals.is_empty() {
        table(
            out,
            "Stated totals (the document's own figures, not projects)",
            &["line", "what", "projects", "亿元"],
            plan.totals
                .iter()
                .map(|t| {
                    let amount = t.amount.map(|m| format!("{}{}", if t.approx { "≈" } else { "" }, m.yi_text()));
                    vec![
                        t.line.to_string(),
                        t.label.clone(),
                        t.count.map(|c| c.to_string()).unwrap_or_default(),
                        amount.unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }
    if !projects.is_empty() {
        table(
            out,
            "Projects read from the prose",
            &["line", "no", "project", "亿元", "period", "of which", "this year (亿元)"],
            projects
                .iter()
                .map(|p| {
                    let amount = p.investment.map(|m| format!("{}{}", if p.approx { "≈" } else { "" }, m.yi_text()));
                    let share = p.share.as_ref().map(|s| format!("{} {}", s.label, s.amount.yi_text()));
                    vec![
                        p.line.to_string(),
                        p.no.to_string(),
                        p.name.clone(),
                        amount.unwrap_or_default(),
                        p.period_text(),
                        share.unwrap_or_default(),
                        p.annual.map(|m| m.yi_text()).unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }
    if !tasks.is_empty() {
        const SHOWN: usize = 30;
        let title = if tasks.len() > SHOWN {
            format!("Tasks read from the prose (first {SHOWN} of {})", tasks.len())
        } else {
            "Tasks read from the prose".to_string()
        };
        table(
            out,
            &title,
            &["line", "area", "task", "lead", "co", "by"],
            tasks
                .iter()
                .take(SHOWN)
                .map(|t| {
                    let work: String = t.work.chars().take(24).collect();
                    vec![
                        t.line.to_string(),
                        t.area.clone(),
                        work,
                        t.lead_units().join("、"),
                        t.units[t.lead_units().len()..].join("、"),
                        t.deadline.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }
}

pub fn render(plan: &Plan) -> String {
    let frame = Frame::from_plan(plan);
    let rows = match frame.rows() {
        Ok(r) => r,
        Err(e) => return format!("cannot read the frame: {e}\n"),
    };
    let f = Filter::default();
    let s = analysis::summary(&rows, &f, plan.window);
    let mut out = String::new();
    let _ = writeln!(out, "{}", plan.title.as_deref().unwrap_or("(untitled plan)"));
    let window = plan.window.map_or("unknown".to_string(), |(a, b)| format!("{a}–{b}"));
    let _ = writeln!(
        out,
        "{} projects, {} 亿元 planned ({} without an amount); {} tasks, {} units; {} targets, {} baselines; plan window {window}",
        s.projects,
        num(s.total_investment),
        s.investment_missing,
        s.tasks,
        s.units,
        s.targets,
        s.baselines
    );
    let facts: Vec<String> =
        [&plan.facts.doc_no, &plan.facts.issuer, &plan.facts.date].into_iter().flatten().cloned().collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "{}", facts.join(" · "));
    }
    prose(&mut out, plan, &rows);
    table(
        &mut out,
        "Tables read (role of each column; ? = not understood)",
        &["line", "kind", "records", "columns"],
        plan.tables
            .iter()
            .map(|t| {
                let columns = t.columns.iter().map(|c| format!("{}={}", c.header, c.role.as_deref().unwrap_or("?")));
                vec![t.line.to_string(), t.kind.clone(), t.rows.to_string(), columns.collect::<Vec<_>>().join(" | ")]
            })
            .collect(),
    );
    table(
        &mut out,
        "Investment by type (亿元)",
        &["type", "projects", "亿元", "share"],
        analysis::investment_by_type(&rows, &f)
            .iter()
            .map(|x| vec![action(Lang::Zh, &x.label, &rows), x.count.to_string(), num(x.value), pct(x.share)])
            .collect(),
    );
    let annual = analysis::annualized(&rows, &f, plan.window);
    let mut header: Vec<String> = vec!["type".into()];
    header.extend(annual.years.iter().map(|y| y.to_string()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut year_rows: Vec<Vec<String>> = annual
        .types
        .iter()
        .zip(&annual.values)
        .map(|(t, v)| std::iter::once(t.clone()).chain(v.iter().map(|x| num(*x))).collect())
        .collect();
    let totals: Vec<String> = (0..annual.years.len()).map(|i| num(annual.values.iter().map(|v| v[i]).sum())).collect();
    year_rows.push(std::iter::once("all".to_string()).chain(totals).collect());
    table(&mut out, "Investment spread evenly over each construction period (亿元 per year)", &header_refs, year_rows);
    let _ = writeln!(
        out,
        "Inside the plan window {window}: {} 亿元, {} of the spread total",
        num(annual.window_total),
        pct(annual.window_share)
    );
    table(
        &mut out,
        "Top 10 projects (Pareto)",
        &["no", "project", "type", "亿元", "cumulative"],
        analysis::top_projects(&rows, &f, 10)
            .iter()
            .map(|r| vec![r.no.to_string(), r.name.clone(), r.kind.clone(), num(r.value), pct(r.cumulative_share)])
            .collect(),
    );
    table(
        &mut out,
        "Investment by builder kind (classified from the builder's name)",
        &["builder kind", "projects", "亿元", "share"],
        analysis::investment_by_builder_kind(&rows, &f)
            .iter()
            .map(|x| {
                vec![
                    BuilderKind::from_id(&x.label).label_zh().to_string(),
                    x.count.to_string(),
                    num(x.value),
                    pct(x.share),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "Tasks per action area",
        &["area", "tasks"],
        analysis::tasks_per_area(&rows, &f)
            .iter()
            .map(|x| vec![action(Lang::Zh, &x.label, &rows), x.count.to_string()])
            .collect(),
    );
    table(
        &mut out,
        "Responsible units by workload (top 12)",
        &["unit", "tasks", "leads"],
        analysis::unit_workload(&rows, &f)
            .iter()
            .take(12)
            .map(|w| vec![w.unit.clone(), w.tasks.to_string(), w.lead.to_string()])
            .collect(),
    );
    for group in analysis::indicators_by_action(&rows, &f) {
        table(
            &mut out,
            &format!("Indicators: {}", group.section),
            &["kind", "metric", "", "value", "unit", "year", "baseline", "line"],
            group
                .rows
                .iter()
                .map(|r| {
                    let i = &r.indicator;
                    vec![
                        if i.kind == plansight_core::IndicatorKind::Target { "target" } else { "baseline" }.to_string(),
                        i.metric.clone(),
                        i.comparator.symbol().to_string(),
                        num(i.value),
                        i.unit.clone(),
                        i.year.map(|y| y.to_string()).unwrap_or_default(),
                        r.baseline.map(num).unwrap_or_default(),
                        i.line.to_string(),
                    ]
                })
                .collect(),
        );
    }
    table(
        &mut out,
        "Data notes",
        &["line", "kind", "note"],
        analysis::plan_checks(&rows, plan)
            .into_iter()
            .map(|n| vec![n.line.to_string(), n.kind.to_string(), n.message(plansight_core::write::message::Lang::En)])
            .collect(),
    );
    out
}

/// Several plans side by side: one row each (title, file, window, projects,
/// total, tasks, units, targets), as the page's plans table shows them.
pub fn plans(plans: &[(String, Plan)]) -> String {
    let rows = plans
        .iter()
        .map(|(file, plan)| {
            let s = analysis::summary(&plansight_core::Rows::from_plan(plan), &Filter::default(), plan.window);
            let total: plansight_core::Money = plan.projects.iter().filter_map(|p| p.investment).sum();
            vec![
                plan.title.clone().unwrap_or_default(),
                file.clone(),
                plan.window.map(|(a, b)| format!("{a}–{b}")).unwrap_or_default(),
                s.projects.to_string(),
                total.yi_text(),
                s.tasks.to_string(),
                s.units.to_string(),
                s.targets.to_string(),
            ]
        })
        .collect();
    let mut out = format!("{} plans", plans.len());
    let header = ["plan", "file", "window", "projects", "亿元", "tasks", "units", "targets"];
    table(&mut out, "Plans side by side", &header, rows);
    out
}

/// The plans of one table that holds several (every project names its plan),
/// each named by it; `None` for one plan, for a table that also holds tasks
/// or figures, or one with rows of no named plan (nothing is dropped).
pub fn split(plan: &Plan) -> Option<Vec<(String, Plan)>> {
    let mut groups: Vec<(String, Plan)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in &plan.projects {
        let name = p.plan.as_deref()?;
        let g = *index.entry(name).or_insert_with(|| {
            groups.push((name.to_string(), Plan::default()));
            groups.len() - 1
        });
        groups[g].1.projects.push(p.clone());
    }
    (groups.len() > 1 && plan.tasks.is_empty() && plan.indicators.is_empty()).then_some(groups)
}
