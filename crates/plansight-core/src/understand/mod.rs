//! Stage 2, understand: the text form → the plan. Blocks of the document
//! (headings, paragraphs, tables), tables by the meaning of their header row,
//! figures in the prose. May import: the model and `read`.
//!
//! - [`document`]: text → blocks, with export debris stripped;
//! - [`roles`]: the dictionary of column roles and the reader's own mapping;
//! - [`tables`]: tables → projects and tasks, with a report per table;
//! - [`indicators`]: paragraphs → targets and baselines, paired.

pub mod document;
pub mod indicators;
pub mod roles;
pub mod tables;

use crate::model::{Plan, PlanError};
use roles::Mapping;

/// The plan in a text form: tables by their meaning, figures from the prose. A
/// plan with only prose (targets, no tables) reads; so does one whose tables
/// were not understood (the reader can then assign the columns' roles, and each
/// such table has a warning); text with no table and no figure is refused.
pub fn plan_from_text(text: &str, mapping: &Mapping) -> Result<Plan, PlanError> {
    let doc = document::Document::parse(text);
    let mut plan = tables::read_annexes(&doc, mapping);
    plan.indicators = indicators::extract(&doc);
    if plan.projects.is_empty() && plan.tasks.is_empty() && plan.indicators.is_empty() && plan.tables.is_empty() {
        return Err(PlanError::NoPlan);
    }
    plan.title = doc.title();
    plan.window = doc.plan_window();
    Ok(plan)
}
