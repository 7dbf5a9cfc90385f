//! How much a file may hold, checked against what it states before anything
//! is allocated (every reader's limits in one place).

/// Files over this size are refused before any reading (a plan is a few MB at most).
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// An Arrow or Parquet table may be bigger: its columns are read as they are,
/// with no text form (a project database of a million rows is ~100 MB).
pub const MAX_TABLE_BYTES: usize = 1 << 30;
/// Most bytes a table's compressed buffers or pages may unpack to, all told.
pub const MAX_UNPACKED_BYTES: usize = MAX_TABLE_BYTES;
/// A PDF may carry photographs and scans beside its text.
pub const MAX_PDF_BYTES: usize = 256 << 20;
