//! The forms governments publish, as LibreOffice makes them from fixtures
//! (`cargo xtask convert`, which the test command runs first: PDF from Word
//! and from HTML, Word 97 .doc, Excel 97 .xls): each converted file must read
//! to what its original reads to. Documents: every project (name, amount,
//! years, builder, type), every task (its text, units, lead, area) and the
//! targets, the same. The prose passages: precision and recall of their
//! records against the original's, printed, at least 0.97 each.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(path: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
        .args(["parse", "--format", "json"])
        .arg(root().join(path))
        .output()
        .unwrap();
    assert!(out.status.success(), "{path}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A plan's records as comparable lines: projects and tasks in order, indicators as a set.
fn records(plan: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let list = |key: &str| plan[key].as_array().cloned().unwrap_or_default();
    for (i, p) in list("projects").iter().enumerate() {
        let fields = ["name", "investment", "start_year", "end_year", "builder", "type"].map(|f| p[f].to_string());
        out.insert(format!("project {i}: {}", fields.join(" | ")));
    }
    for (i, t) in list("tasks").iter().enumerate() {
        let fields = ["work", "units", "leads", "area"].map(|f| t[f].to_string());
        out.insert(format!("task {i}: {}", fields.join(" | ")));
    }
    for ind in list("indicators") {
        let fields = ["kind", "metric", "value", "unit", "year"].map(|f| ind[f].to_string());
        out.insert(format!("indicator: {}", fields.join(" | ")));
    }
    out
}

#[test]
fn converted_forms_read_as_their_originals() {
    let manifest = root().join("target/converted/pairs.json");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|_| {
        panic!("{} is missing: `cargo xtask convert` makes it (the test command runs it first)", manifest.display())
    });
    let pairs: Vec<Value> = serde_json::from_str(&text).unwrap();
    let (mut prose_read, mut prose_right, mut prose_labelled, mut documents) = (0, 0, 0, 0);
    for pair in &pairs {
        let (original, converted) = (pair["original"].as_str().unwrap(), pair["converted"].as_str().unwrap());
        let (want, got) = (records(&parse(original)), records(&parse(converted)));
        if original.contains("/prose/") {
            prose_read += got.len();
            prose_labelled += want.len();
            prose_right += got.intersection(&want).count();
            for missed in want.difference(&got) {
                eprintln!("{converted}: missed {missed}");
            }
            for wrong in got.difference(&want) {
                eprintln!("{converted}: read {wrong}");
            }
            continue;
        }
        documents += 1;
        let missed: Vec<&String> = want.difference(&got).collect();
        let wrong: Vec<&String> = got.difference(&want).collect();
        assert!(
            missed.is_empty() && wrong.is_empty(),
            "{converted} against {original}: missed {missed:#?}, read {wrong:#?}"
        );
    }
    let precision = prose_right as f64 / prose_read.max(1) as f64;
    let recall = prose_right as f64 / prose_labelled.max(1) as f64;
    eprintln!(
        "converted documents: {documents} read as their originals; prose passages as PDF: {prose_right} of {prose_labelled} \
         records, precision {precision:.3}, recall {recall:.3}"
    );
    assert!(documents >= 9, "only {documents} converted documents");
    assert!(precision >= 0.97 && recall >= 0.97, "prose as PDF: precision {precision:.3}, recall {recall:.3}");
}
