//! Stage 2, understand: the text form → the plan. Blocks of the document
//! (headings, paragraphs, tables), tables by the meaning of their header row,
//! figures in the prose. May import: the model and `read`.
//!
//! - [`document`]: text → blocks, with export debris stripped;
//! - [`roles`]: the dictionary of column roles and the reader's own mapping;
//! - [`tables`]: tables → projects and tasks, with a report per table;
//! - [`indicators`]: paragraphs and indicator tables → targets and baselines, paired;
//! - [`investments`]: projects and stated totals named in prose with their money;
//! - [`measures`]: numbered measures of the prose → tasks with their units;
//! - [`units`]: who is responsible for a measure and by when, as prose writes it;
//! - [`facts`]: the document itself: title, 文号, issuer, date, plan window;
//! - [`columns`]: an engine's projects table (Arrow, Parquet) by its columns,
//!   no text form: the same roles and row reader as a document's table.

#[cfg(feature = "arrow")]
pub mod columns;
pub mod document;
pub mod facts;
pub mod indicators;
pub mod investments;
pub mod measures;
pub mod roles;
pub mod tables;
pub mod units;

use crate::model::{Indicator, Plan, PlanError, ReadFrom};
use roles::Mapping;

/// The plan in a text form: tables by their meaning, figures from the prose. A
/// plan with only prose (targets, no tables) reads; so does one whose tables
/// were not understood (the reader can then assign the columns' roles, and each
/// such table has a warning); text with no table and no figure is refused.
pub fn plan_from_text(text: &str, mapping: &Mapping) -> Result<Plan, PlanError> {
    let doc = document::Document::parse(text);
    let mut plan = tables::read_annexes(&doc, mapping);
    // A task table is the plan's own list of its measures: the prose that
    // states them again adds nothing twice.
    if plan.tasks.is_empty() {
        plan.tasks = measures::read(&doc);
    }
    let head = facts::read(&doc);
    let present =
        head.window.map(|(from, _)| from).or_else(|| head.facts.date.as_deref().and_then(|d| d[..4].parse().ok()));
    let prose = investments::read(&doc, &plan.projects, present);
    plan.projects.extend(prose.projects);
    plan.totals = prose.totals;
    plan.indicators = indicators::extract(&doc, indicators::Time { present });
    // A project's own scale (新建道路3.2公里，总投资486万元) is no target: the
    // figures of a sentence that names a project read from the prose.
    // So is the scale of a sentence that goes on about it ("工程将加高大坝12米").
    let named = |i: &Indicator| {
        let sentence = crate::read::text::fold_width(&i.sentence);
        let goes_on = investments::refers_to_project(&sentence);
        plan.projects.iter().any(|p| {
            p.read_from == ReadFrom::Prose
                && p.line == i.line
                && (goes_on || sentence.contains(&crate::read::text::fold_width(&p.name)))
        })
    };
    plan.indicators.retain(|i| !named(i));
    indicators::inherit_horizon(&doc, &mut plan.indicators, head.window);
    let nothing = plan.projects.is_empty() && plan.tasks.is_empty() && plan.indicators.is_empty();
    if nothing && plan.tables.is_empty() && plan.totals.is_empty() {
        // What the text holds instead, so the message says what was read.
        let tables = doc.blocks.iter().filter(|b| matches!(b, document::Block::Table(_))).count();
        return Err(PlanError::NoPlan { paragraphs: doc.blocks.len() - tables, tables });
    }
    measures::from_issuers(&mut plan.tasks, head.title.as_deref(), head.facts.issuer.as_deref());
    (plan.title, plan.facts, plan.window) = (head.title, head.facts, head.window);
    Ok(plan)
}
