//! Plansight core: reads a government action plan and answers questions about it.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! bytes ─decode→ text ─document→ blocks (headings, paragraphs, tables)
//!       ─annex→ projects + tasks ─indicators→ targets + baselines   (= model::Plan)
//!       ─frame→ Arrow RecordBatches ─analysis→ breakdowns for charts and tables
//! ```
//!
//! Nothing here touches a file system, a network or a browser, so the same code
//! runs in the CLI and in WebAssembly. No input may make it panic: every
//! function that takes document bytes returns a value or a [`PlanError`].

pub mod analysis;
pub mod annex;
pub mod buffers;
pub mod columnar;
pub mod decode;
pub mod delimited;
pub mod document;
#[cfg(feature = "office")]
pub mod docx;
pub mod export;
pub mod form;
#[cfg(feature = "arrow")]
pub mod frame;
#[cfg(feature = "html")]
pub mod html;
pub mod indicators;
pub mod message;
pub mod model;
pub mod money;
#[cfg(feature = "office")]
mod ooxml;
pub mod roles;
pub mod text;
pub mod textform;
#[cfg(feature = "office")]
pub mod xlsx;

pub use analysis::{Filter, Rows};
#[cfg(feature = "arrow")]
pub use frame::Frame;

pub use model::{BuilderKind, Comparator, Indicator, IndicatorKind, Plan, PlanError, Project, Task, Warning};
pub use money::Money;
pub use roles::Mapping;

/// Reads a plan from a file's bytes, in any form this build reads (see [`form`]).
pub fn read_plan(bytes: &[u8]) -> Result<Plan, PlanError> {
    read_plan_and_text(bytes).map(|(plan, _)| plan)
}

/// Like [`read_plan`], also returning the text form (for showing the source
/// lines that records point at).
pub fn read_plan_and_text(bytes: &[u8]) -> Result<(Plan, String), PlanError> {
    read_plan_and_text_with(bytes, &decode::gb18030, &Mapping::default())
}

/// Like [`read_plan_and_text`], with the decoder for text that is not UTF-8 (the
/// page passes the browser's GB18030 decoder) and the reader's column mapping.
pub fn read_plan_and_text_with(
    bytes: &[u8],
    legacy: decode::LegacyDecoder,
    mapping: &Mapping,
) -> Result<(Plan, String), PlanError> {
    let text = form::to_text(bytes, legacy)?;
    let plan = plan_from_text(&text, mapping)?;
    Ok((plan, text))
}

/// The plan in a text form: tables by their meaning, figures from the prose. A
/// plan with only prose (targets, no tables) reads; so does one whose tables
/// were not understood (the reader can then assign the columns' roles, and each
/// such table has a warning); text with no table and no figure is refused.
pub fn plan_from_text(text: &str, mapping: &Mapping) -> Result<Plan, PlanError> {
    let doc = document::Document::parse(text);
    let mut plan = annex::read_annexes(&doc, mapping);
    plan.indicators = indicators::extract(&doc);
    if plan.projects.is_empty() && plan.tasks.is_empty() && plan.indicators.is_empty() && plan.tables.is_empty() {
        return Err(PlanError::NoPlan);
    }
    plan.title = doc.title();
    plan.window = doc.plan_window();
    Ok(plan)
}
