//! Plansight core: reads a government action plan and answers questions about it.
//!
//! Data flows one way, one folder per stage; each stage imports only the model
//! and the stages before it (the test `tests/stages.rs` reads every `crate::`
//! path and holds this, with no circle between files):
//!
//! ```text
//!            model/  the plan as data: records, exact money, findings, errors, flat buffers
//!              ▲ (every stage may import it)
//! bytes ─read/──────▶ text form     form sniffing, decoding, one module per file form (docx, xlsx,
//!                                   html, delimited, arrow, parquet), Chinese text helpers
//!       ─understand/─▶ model::Plan  document blocks, column roles, tables, figures in the prose;
//!                                   an engine's projects table by its columns (no text form)
//!       ─engine/─────▶ breakdowns   filter and selection, columns, rows, analyses and checks
//!       ─write/──────▶ out          messages (zh/en), CSV/JSON, Arrow
//! ```
//!
//! This file joins the first two stages into `read_plan`. Nothing here touches
//! a file system, a network or a browser, so the same code runs in the CLI and
//! in WebAssembly. No input may make it panic: every function that takes
//! document bytes returns a value or a [`PlanError`].

pub mod engine;
pub mod model;
pub mod read;
pub mod understand;
pub mod write;

pub use engine::filter::Filter;
pub use engine::rows::Rows;
pub use model::{BuilderKind, Comparator, Indicator, IndicatorKind, Money, Plan, PlanError, Project, Task, Warning};
pub use understand::plan_from_text;
pub use understand::roles::Mapping;
#[cfg(feature = "arrow")]
pub use write::arrow::Frame;

/// Reads a plan from a file's bytes, in any form this build reads (see [`read`]).
pub fn read_plan(bytes: &[u8]) -> Result<Plan, PlanError> {
    read_plan_and_text(bytes).map(|(plan, _)| plan)
}

/// Like [`read_plan`], also returning the text form (for showing the source
/// lines that records point at).
pub fn read_plan_and_text(bytes: &[u8]) -> Result<(Plan, String), PlanError> {
    read_plan_and_text_with(bytes, &read::decode::gb18030, &Mapping::default())
}

/// Like [`read_plan_and_text`], with the decoder for text that is not UTF-8 (the
/// page passes the browser's GB18030 decoder) and the reader's column mapping.
pub fn read_plan_and_text_with(
    bytes: &[u8],
    legacy: read::decode::LegacyDecoder,
    mapping: &Mapping,
) -> Result<(Plan, String), PlanError> {
    // An engine's projects table is read by its columns, with no text form.
    #[cfg(feature = "arrow")]
    if matches!(read::sniff(bytes), Ok(form @ (model::Form::Arrow | model::Form::Parquet)) if read::readable(form)) {
        if let Some(table) = understand::columns::projects(read::table(bytes)?, mapping, &mut |_, _| {})? {
            return Ok((table.into_plan()?, String::new()));
        }
    }
    let text = read::to_text(bytes, legacy)?;
    let plan = plan_from_text(&text, mapping)?;
    Ok((plan, text))
}
