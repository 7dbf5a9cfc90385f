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
pub mod decode;
pub mod document;
#[cfg(feature = "docx")]
pub mod docx;
pub mod export;
#[cfg(feature = "arrow")]
pub mod frame;
pub mod indicators;
pub mod model;
pub mod text;

pub use analysis::{Filter, Rows};
#[cfg(feature = "arrow")]
pub use frame::Frame;

pub use model::{BuilderKind, Comparator, Indicator, IndicatorKind, Plan, PlanError, Project, Task, Warning};

/// Reads a plan from the bytes of a text export (UTF-8, UTF-16 with BOM, GB18030/GBK)
/// or, with the `docx` feature, of a Word .docx.
pub fn read_plan(bytes: &[u8]) -> Result<Plan, PlanError> {
    read_plan_and_text(bytes).map(|(plan, _)| plan)
}

/// Like [`read_plan`], also returning the decoded text (for showing the source
/// lines that records point at).
pub fn read_plan_and_text(bytes: &[u8]) -> Result<(Plan, String), PlanError> {
    read_plan_and_text_with(bytes, &decode::gb18030)
}

/// Like [`read_plan_and_text`], with the decoder for text that is not UTF-8
/// (the page passes the browser's GB18030 decoder).
pub fn read_plan_and_text_with(bytes: &[u8], legacy: decode::LegacyDecoder) -> Result<(Plan, String), PlanError> {
    #[cfg(feature = "docx")]
    let text = if docx::is_zip(bytes) { docx::to_text(bytes)? } else { decode::decode_with(bytes, legacy)? };
    #[cfg(not(feature = "docx"))]
    let text = decode::decode_with(bytes, legacy)?;
    let doc = document::Document::parse(&text);
    let mut plan = annex::read_annexes(&doc)?;
    plan.indicators = indicators::extract(&doc);
    plan.title = doc.title();
    plan.window = doc.plan_window();
    Ok((plan, text))
}
