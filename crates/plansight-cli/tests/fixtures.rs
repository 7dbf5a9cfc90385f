//! Every plan of `tests/fixtures/` through the CLI, checked against the figures
//! in `tests/fixtures/expected.json` (counts, exact totals, categories, units
//! with their roles). The browser tests open the same files in the page.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap_or_default().to_string()).collect()
}

/// The exact decimal of a JSON number as written (serde_json writes the shortest
/// form that reads back, and 30 as 30.0).
fn decimal(v: &Value) -> String {
    let s = v.to_string();
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

#[test]
fn every_fixture_reads_with_its_figures() {
    check_corpus(&fixtures(), 12);
}

/// The PDFs of `tests/fixtures/pdf/` (layouts, fonts, encryption, scans: its README).
#[test]
fn every_pdf_fixture_reads_with_its_figures() {
    check_corpus(&fixtures().join("pdf"), 19);
}

/// Every file `dir/expected.json` names, read with the figures it gives
/// (`error`: a part of the message the file must end in instead).
fn check_corpus(dir: &std::path::Path, at_least: usize) {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    assert!(expected.len() >= at_least);
    for case in &expected {
        let file = case["file"].as_str().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plansight"));
        cmd.args(["parse", "--format", "json"]).arg(dir.join(file));
        for m in case["map"].as_array().into_iter().flatten() {
            cmd.args(["--map", m.as_str().unwrap()]);
        }
        let out = cmd.output().unwrap();
        if let Some(error) = case["error"].as_str() {
            assert!(!out.status.success(), "{file} should not read");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains(error),
                "{file}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            continue;
        }
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let (projects, tasks) = (&json["projects"], &json["tasks"]);
        assert_eq!(projects.as_array().unwrap().len() as u64, case["projects"].as_u64().unwrap(), "{file} projects");
        assert_eq!(tasks.as_array().unwrap().len() as u64, case["tasks"].as_u64().unwrap(), "{file} tasks");
        if let Some(total) = case["total"].as_str() {
            // Summed exactly: the JSON total is the document's decimal, to the last digit.
            assert_eq!(decimal(&json["summary"]["total_investment"]), total, "{file} total");
        }
        if let Some(inv) = case["investments"].as_array() {
            let got: Vec<String> = projects.as_array().unwrap().iter().map(|p| decimal(&p["investment"])).collect();
            let want: Vec<String> = inv.iter().map(|v| v.as_str().unwrap().to_string()).collect();
            assert_eq!(got, want, "{file} investments");
        }
        if let Some(types) = case["types"].as_array() {
            let want: Vec<String> = types.iter().map(|v| v.as_str().unwrap().to_string()).collect();
            assert_eq!(strings(projects, "type"), want, "{file} types");
        }
        if let Some(areas) = case["areas"].as_array() {
            let want: Vec<String> = areas.iter().map(|v| v.as_str().unwrap().to_string()).collect();
            assert_eq!(strings(tasks, "area"), want, "{file} areas");
        }
        if let Some(periods) = case["periods"].as_array() {
            let got: Vec<Value> = projects
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Value::from(vec![p["start_year"].clone(), p["end_year"].clone()]))
                .collect();
            assert_eq!(&got, periods, "{file} periods");
        }
        if let Some(leads) = case["leads"].as_array() {
            let got: Vec<Value> = tasks.as_array().unwrap().iter().map(|t| t["leads"].clone()).collect();
            assert_eq!(&got, leads, "{file} leads");
        }
        if let Some(units) = case["units"].as_array() {
            let got: Vec<Value> = tasks.as_array().unwrap().iter().map(|t| t["units"].clone()).collect();
            assert_eq!(&got, units, "{file} units");
        }
        if let Some(targets) = case["targets"].as_u64() {
            let n = json["indicators"].as_array().unwrap().iter().filter(|i| i["kind"] == "target").count();
            assert_eq!(n as u64, targets, "{file} targets");
        }
        if let Some(kinds) = case["table_kinds"].as_array() {
            let got: Vec<Value> = json["tables"].as_array().unwrap().iter().map(|t| t["kind"].clone()).collect();
            assert_eq!(&got, kinds, "{file} table kinds");
        }
        if let Some(lines) = case["warning_lines"].as_array() {
            let got: Vec<Value> = json["warnings"].as_array().unwrap().iter().map(|w| w["line"].clone()).collect();
            assert_eq!(&got, lines, "{file} warning lines");
        }
    }
}
