//! `read_many`: files (folders walked) read on Rust threads into one table
//! with a `source` column, the table `plansight batch` writes
//! (crates/plansight-cli/src/batch.rs): the same walk, the same `source`
//! (the path as given, joined with the names found under it), one record batch
//! per plan in the files' order. Unlike the CLI, files are read in this
//! process (a reader's panic is caught and reported as that file's failure);
//! the core bounds every reader's memory and time (read/limits.rs).

use crate::{guarded, read_plan, tables, Failure};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use plansight_core::model::TableName;
use plansight_core::Mapping;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Every file under the given paths, sorted, hidden names skipped (as `batch::files`).
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (std::io::Error, PathBuf)> {
    let mut out = Vec::new();
    for path in paths {
        collect(path, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), (std::io::Error, PathBuf)> {
    let fail = |e| (e, path.to_path_buf());
    if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect(&entry.path(), out)?;
            }
        }
    } else if path.exists() {
        out.push(path.to_path_buf());
    } else {
        return Err(fail(std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    Ok(())
}

pub struct Read {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub failed: Vec<(PathBuf, Failure)>,
}

/// The table's schema with `source` last (the schema of a read with no plan, too).
fn schema(table: TableName) -> SchemaRef {
    let empty = tables::Tables::of(&plansight_core::Plan::default());
    with_source(empty.get(table), "").schema()
}

/// One plan's table with its `source` column appended (as `batch::with_source`).
fn with_source(batch: &RecordBatch, source: &str) -> RecordBatch {
    let mut fields: Vec<Field> = batch.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("source", DataType::Utf8, false));
    let schema = Arc::new(Schema::new_with_metadata(fields, batch.schema().metadata().clone()));
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    columns.push(Arc::new(StringArray::from(vec![source; batch.num_rows()])));
    RecordBatch::try_new(schema, columns).expect("a column of the batch's length")
}

/// Reads `files` on `jobs` threads. With `stop_on_failure`, no file is begun
/// after one has failed (those already begun are finished).
pub fn read(files: &[PathBuf], table: TableName, mapping: &Mapping, jobs: usize, stop_on_failure: bool) -> Read {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, Result<RecordBatch, Failure>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, files.len().max(1)) {
            scope.spawn(|| loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let result = match std::fs::read(path) {
                    Err(e) => Err(Failure::Io(e.to_string())),
                    Ok(bytes) => read_plan(&bytes, mapping).and_then(|plan| {
                        guarded(|| Ok(with_source(tables::Tables::of(&plan).get(table), &crate::shown(path))))
                    }),
                };
                if result.is_err() && stop_on_failure {
                    stop.store(true, Ordering::Relaxed);
                }
                results.lock().unwrap_or_else(|e| e.into_inner()).push((i, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let mut read = Read { schema: schema(table), batches: Vec::new(), failed: Vec::new() };
    for (i, result) in results {
        match result {
            Ok(batch) => read.batches.push(batch),
            Err(e) => read.failed.push((files[i].clone(), e)),
        }
    }
    read
}
