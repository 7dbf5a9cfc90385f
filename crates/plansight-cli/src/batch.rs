//! `plansight batch`: many plans (files, or folders walked for files) read in
//! parallel into one table with a `source` column, written as Arrow IPC or
//! Parquet for an engine (DuckDB, DataFusion, Spark) to aggregate. Progress
//! goes to stderr; a file that cannot be read is reported and skipped, and
//! nothing read from the others is lost: each file is read in a child process
//! under limits (`isolate`), so a reader that aborts, loops or asks for all
//! the memory ends only that file's work.

use plansight_core::model::TableName;
use plansight_core::write::arrow::Frame;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};

/// Every file under the given paths, in a stable order.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        collect(path, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // Hidden files and folders (.git, .DS_Store) are no plans.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect(&entry.path(), out)?;
            }
        }
    } else if path.exists() {
        out.push(path.to_path_buf());
    } else {
        return Err(format!("{} does not exist", path.display()));
    }
    Ok(())
}

/// One plan's table with its `source` column appended.
fn with_source(batch: &RecordBatch, source: &str) -> Result<RecordBatch, String> {
    let mut fields: Vec<Field> = batch.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("source", DataType::Utf8, false));
    let schema = Arc::new(Schema::new_with_metadata(fields, batch.schema().metadata().clone()));
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    columns.push(Arc::new(StringArray::from(vec![source; batch.num_rows()])));
    RecordBatch::try_new(schema, columns).map_err(|e| e.to_string())
}

/// What a batch read: one table per plan read, and the files that failed.
pub struct Read {
    pub batches: Vec<RecordBatch>,
    pub failed: Vec<(PathBuf, String)>,
}

/// Reads `files` on `jobs` threads, each in its own child process; reports each
/// on stderr as it finishes. `map` holds the reader's column roles (`--map`).
pub fn read(files: &[PathBuf], table: TableName, map: &[String], jobs: usize) -> Read {
    let limits = crate::isolate::Limits::from_env();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<RecordBatch, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, files.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let name = path.to_string_lossy();
                let result = std::fs::read(path)
                    .map_err(|e| format!("cannot read: {e}"))
                    .and_then(|bytes| crate::isolate::read(&bytes, map, limits))
                    .and_then(|plan| with_source(Frame::from_plan(&plan).table(table), &name));
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                match &result {
                    Ok(b) => eprintln!("[{n}/{}] {}: {} rows", files.len(), path.display(), b.num_rows()),
                    Err(e) => eprintln!("[{n}/{}] {}: FAILED: {e}", files.len(), path.display()),
                }
                results.lock().expect("no thread panics while holding it").push((i, result));
            });
        }
    });
    let mut results = results.into_inner().expect("no thread panicked");
    results.sort_by_key(|(i, _)| *i);
    let mut read = Read { batches: Vec::new(), failed: Vec::new() };
    for (i, result) in results {
        match result {
            Ok(batch) => read.batches.push(batch),
            Err(e) => read.failed.push((files[i].clone(), e)),
        }
    }
    read
}

/// The tables as one Arrow IPC file (one record batch per plan).
pub fn arrow(batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let first = batches.first().ok_or("no plan could be read")?;
    let mut out = Vec::new();
    let mut writer = arrow_ipc::writer::FileWriter::try_new(&mut out, &first.schema())
        .map_err(|e| format!("cannot write Arrow: {e}"))?;
    for b in batches {
        writer.write(b).map_err(|e| format!("cannot write Arrow: {e}"))?;
    }
    writer.finish().map_err(|e| format!("cannot write Arrow: {e}"))?;
    drop(writer);
    Ok(out)
}

/// The tables as one Parquet file (one row group per plan).
pub fn parquet(batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let first = batches.first().ok_or("no plan could be read")?;
    let mut out = Vec::new();
    let mut writer = parquet::arrow::ArrowWriter::try_new(&mut out, first.schema(), None)
        .map_err(|e| format!("cannot write Parquet: {e}"))?;
    for b in batches {
        writer.write(b).map_err(|e| format!("cannot write Parquet: {e}"))?;
    }
    writer.close().map_err(|e| format!("cannot write Parquet: {e}"))?;
    Ok(out)
}
