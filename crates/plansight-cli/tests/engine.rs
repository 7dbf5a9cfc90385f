//! The path past one machine, run end to end: many plans → `plansight batch`
//! (parallel, a bad file reported and skipped) → one Parquet dataset → DuckDB
//! (from PyPI, in a venv under target/) aggregates it → the result reads back
//! as a plan whose totals by type are the dataset's, to the 分.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use support::python;

const TYPES: [&str; 4] = ["交通互通共网", "产业互联共链", "民生智慧共享", "生态共管共治"];
#[test]
fn batch_to_parquet_then_duckdb_then_back() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("engine");
    let _ = std::fs::remove_dir_all(&dir);
    let plans = dir.join("plans");
    std::fs::create_dir_all(plans.join("county")).unwrap();
    // 24 generated plans of 500 projects (amounts in 分, so the expected sums are exact).
    let mut expected: BTreeMap<&str, i64> = BTreeMap::new();
    let mut state: u64 = 7;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as i64
    };
    for f in 0..24 {
        let mut csv = String::from("序号,类型,项目名称,总投资（万元）,建设期限,建设单位\n");
        for i in 1..=500 {
            let kind = TYPES[(next() % 4) as usize];
            let wan = 1 + next() % 2_000_000; // 万元 = 1,000,000 分
            let start = 2020 + next() % 6;
            *expected.entry(kind).or_default() += wan;
            csv.push_str(&format!("{i},{kind},项目{f}-{i},{wan},{start}-{},某公司\n", start + next() % 5));
        }
        std::fs::write(plans.join("county").join(format!("plan-{f:02}.csv")), csv).unwrap();
    }
    std::fs::write(plans.join("broken.docx"), b"PK\x03\x04 not a zip").unwrap();

    let dataset = dir.join("projects.parquet");
    let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
        .args(["batch"])
        .arg(&plans)
        .args(["--format", "parquet", "--jobs", "2", "-o"])
        .arg(&dataset)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "one file failed, so the exit status says so");
    assert!(stderr.contains("[25/25]") && stderr.contains("broken.docx: FAILED"), "{stderr}");
    assert!(stderr.contains("24 of 25 files read, 12000 rows written"), "{stderr}");

    // The dataset reads back as the page reads Arrow (no text form): every row,
    // each with the line of its own plan, `source` reported as a column not read.
    let back = Command::new(env!("CARGO_BIN_EXE_plansight")).args(["parse"]).arg(&dataset).output().unwrap();
    assert!(back.status.success(), "{}", String::from_utf8_lossy(&back.stderr));
    let v: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    let projects = v["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 12000);
    let first_plan = Command::new(env!("CARGO_BIN_EXE_plansight"))
        .args(["parse"])
        .arg(plans.join("county/plan-00.csv"))
        .output()
        .unwrap();
    let first_plan: serde_json::Value = serde_json::from_slice(&first_plan.stdout).unwrap();
    let lines = |ps: &[serde_json::Value]| ps.iter().map(|p| (p["no"].clone(), p["line"].clone())).collect::<Vec<_>>();
    assert_eq!(
        lines(&projects[..500]),
        lines(first_plan["projects"].as_array().unwrap()),
        "each row keeps its plan's line"
    );
    let columns = v["tables"][0]["columns"].as_array().unwrap();
    assert!(columns.iter().any(|c| c["header"] == "source" && c["role"].is_null()), "{columns:?}");
    assert!(columns.iter().any(|c| c["header"] == "type" && c["role"] == "category"), "{columns:?}");
    let total_wan: i64 = expected.values().sum();
    let total = v["summary"]["total_investment"].to_string();
    assert_eq!(
        total.trim_end_matches(".0"),
        format!("{}.{:04}", total_wan / 10_000, total_wan % 10_000).trim_end_matches('0').trim_end_matches('.')
    );

    let result = dir.join("by_source.csv");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/engine/aggregate.py");
    let status = Command::new(python()).arg(script).arg(&dataset).arg(&result).status().unwrap();
    assert!(status.success());

    let json = Command::new(env!("CARGO_BIN_EXE_plansight")).args(["parse"]).arg(&result).output().unwrap();
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let projects = v["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 24 * 4, "one row per plan and type");
    let mut got: BTreeMap<String, f64> = BTreeMap::new();
    for p in projects {
        *got.entry(p["type"].as_str().unwrap().to_string()).or_default() += p["investment"].as_f64().unwrap();
    }
    for (kind, wan) in expected {
        // 万元 → 亿元: exact decimals, compared as printed to the 分.
        let want = format!("{:.6}", wan as f64 / 10_000.0);
        assert_eq!(format!("{:.6}", got[kind]), want, "{kind}");
    }
}
