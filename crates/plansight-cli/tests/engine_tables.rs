//! Tables as the engines people use write them — pyarrow, pandas, polars and
//! DuckDB; Arrow files and streams, Feather with LZ4 and ZSTD, Parquet with
//! every common codec (ZSTD and brotli by the same pure-Rust decoders as the
//! page) in data pages v1 and v2;
//! dictionary, view, decimal, date and timestamp types; nulls; Chinese and
//! English column names — written by those engines themselves
//! (tests/engine/make_tables.py, in the venv of tests/engine/requirements.txt)
//! and read by the CLI: every table's rows, total (exact to the 分), total by
//! type and years as the script that wrote it knows them. Once from the small
//! tables kept in tests/fixtures/engines (no Python needed), once from tables
//! the pinned engines write now.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use support::{python, root};

fn parse(file: &Path, map: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plansight"));
    cmd.arg("parse").arg(file);
    for pair in map {
        cmd.args(["--map", pair]);
    }
    cmd.output().unwrap()
}

fn json(out: &Output, file: &str) -> Value {
    assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// 分 of an amount in 亿元 as the JSON prints it (its shortest float: exact to the 分).
fn fen(yi: &Value) -> i64 {
    (yi.as_f64().unwrap() * 1e10).round() as i64
}

/// The projects read against what the writer knows of them.
fn check_projects(file: &str, plan: &Value, expected: &Value) {
    let projects = plan["projects"].as_array().unwrap();
    assert_eq!(projects.len() as u64, expected["rows"].as_u64().unwrap(), "{file}: rows");
    let amounts: Vec<&Value> = projects.iter().map(|p| &p["investment"]).filter(|v| !v.is_null()).collect();
    assert_eq!(amounts.iter().map(|v| fen(v)).sum::<i64>(), expected["fen"].as_i64().unwrap(), "{file}: total");
    assert_eq!((projects.len() - amounts.len()) as u64, expected["missing"].as_u64().unwrap(), "{file}: missing");
    let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
    for p in projects.iter().filter(|p| !p["investment"].is_null()) {
        *by_type.entry(p["type"].as_str().unwrap().to_string()).or_default() += fen(&p["investment"]);
    }
    let want: BTreeMap<String, i64> =
        expected["by_type"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_i64().unwrap())).collect();
    assert_eq!(by_type, want, "{file}: by type");
    let years = |key: &str| projects.iter().filter_map(|p| p[key].as_i64()).sum::<i64>();
    assert_eq!(years("start_year"), expected["start_sum"].as_i64().unwrap(), "{file}: start years");
    assert_eq!(years("end_year"), expected["end_sum"].as_i64().unwrap(), "{file}: end years");
}

#[test]
fn kept_engine_tables_read_exactly() {
    check_all(&root().join("tests/fixtures/engines"));
}

#[test]
fn tables_the_engines_write_now_read_exactly() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("engine-tables");
    let _ = std::fs::remove_dir_all(&dir);
    let made =
        Command::new(python()).arg(root().join("tests/engine/make_tables.py")).arg(&dir).arg("2000").status().unwrap();
    assert!(made.success(), "make_tables.py");
    check_all(&dir);
}

/// Every table of a folder of make_tables.py's against its expected.json.
fn check_all(dir: &Path) {
    let expected: Value = serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 30, "{} tables", expected.len());
    for (file, want) in expected {
        let path = dir.join(file);
        let out = parse(&path, &[]);
        match want["kind"].as_str().unwrap() {
            "projects" => check_projects(file, &json(&out, file), want),
            "tasks" => {
                let plan = json(&out, file);
                assert_eq!(plan["tasks"].as_array().unwrap().len() as u64, want["rows"].as_u64().unwrap(), "{file}");
                assert_eq!(plan["summary"]["units"], want["units"], "{file}: units");
            }
            "unread" => {
                // Not read, and the warning names the columns found and how to assign them …
                let plan = json(&out, file);
                assert_eq!(plan["projects"].as_array().unwrap().len(), 0, "{file}");
                let warning = &plan["warnings"][0];
                assert_eq!((warning["code"].as_str(), &warning["headers"]), (Some("table_not_read"), &want["headers"]));
                assert!(String::from_utf8_lossy(&out.stderr).contains("--map"), "{file}: says how to assign");
                // … then read once the reader names them.
                let map: Vec<&str> = want["map"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
                check_projects(file, &json(&parse(&path, &map), file), want);
            }
            "error" => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(!out.status.success(), "{file}: read");
                assert!(stderr.contains(want["error"].as_str().unwrap()), "{file}: {stderr}");
                assert!(!stderr.contains("damaged"), "{file}: a type is no damage: {stderr}");
            }
            kind => panic!("{file}: unknown kind {kind}"),
        }
    }
}

/// A codec nobody here reads (Parquet's LZO, the first column's codec field
/// set to it): one message naming it and what to write instead, no damage.
#[test]
fn a_codec_nobody_reads_is_named() {
    let mut bytes = std::fs::read(root().join("tests/fixtures/engines/parquet_snappy.parquet")).unwrap();
    let mut field = vec!["项目名称".len() as u8];
    field.extend_from_slice("项目名称".as_bytes());
    field.extend([0x15, 0x02]);
    let at = bytes.windows(field.len()).position(|w| w == field).unwrap();
    bytes[at + field.len() - 1] = 0x06;
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lzo.parquet");
    std::fs::write(&path, bytes).unwrap();
    let out = parse(&path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("LZO") && stderr.contains("zstd"), "{stderr}");
    assert!(!stderr.contains("damaged") && !stderr.contains("损坏"), "{stderr}");
}
