//! Stage 4, write: what leaves the core. May import every stage before it.
//!
//! - [`message`]: the model's errors and findings as sentences in 中文 or English;
//! - [`export`]: rows → CSV (one table) and JSON (all tables);
//! - [`arrow`]: the plan as Arrow record batches and IPC files (feature `arrow`);
//! - [`compare`]: a comparison of two editions as rows, text, CSV and JSON;
//! - [`bundle`]: a saved page's plans and view, and the seven-bit text it carries them in.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod bundle;
pub mod compare;
pub mod export;
pub mod message;
