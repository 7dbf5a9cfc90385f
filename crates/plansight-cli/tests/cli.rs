//! The `plansight` binary on the seed plan: JSON shape, CSV, Arrow, stdin, errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/000_6484c7ca487d3a6f.txt");

fn plansight(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansight"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

#[test]
fn json_has_the_documented_shape() {
    let out = plansight(&["parse", SEED], None);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["projects"].as_array().unwrap().len(), 33);
    assert_eq!(v["tasks"].as_array().unwrap().len(), 34);
    let p = &v["projects"][30];
    assert_eq!(p["no"], 31);
    assert_eq!(p["type"], "民生智慧共享");
    assert_eq!(p["investment"], 2.2);
    assert_eq!((p["start_year"].as_i64(), p["end_year"].as_i64()), (Some(2019), Some(2023)));
    assert_eq!(p["builder_kind"], "public_institution");
    assert!(v["tasks"][0]["units"].is_array());
    let i = v["indicators"].as_array().unwrap().iter().find(|i| i["metric"] == "基金规模").unwrap();
    assert_eq!(
        (i["kind"].as_str(), i["value"].as_f64(), i["unit"].as_str(), i["comparator"].as_str()),
        (Some("target"), Some(500.0), Some("亿元"), Some("≥"))
    );
    assert_eq!(v["warnings"][0]["line"], 290);
    // Warnings are also reported on stderr with file and line.
    assert!(String::from_utf8_lossy(&out.stderr).contains(":290: warning:"));
}

#[test]
fn csv_and_arrow() {
    let out = plansight(&["parse", SEED, "--format", "csv"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 34, "header + 33 projects");
    assert!(text.starts_with("no,type,name,investment"));
    let out = plansight(&["parse", SEED, "--format", "csv", "--table", "tasks"], None);
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 35);
    let out = plansight(&["parse", SEED, "--format", "arrow", "--table", "indicators"], None);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"ARROW1"));
    let (name, batches) = plansight_core::read::arrow::read_ipc(&out.stdout).unwrap();
    assert_eq!(name.map(|n| n.id()), Some("indicators"));
    assert!(batches[0].num_rows() > 20);
}

#[test]
fn stdin_summary_and_errors() {
    let seed = std::fs::read(SEED).unwrap();
    let out = plansight(&["summary", "-"], Some(&seed));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("33 projects, 740.55 亿元"));
    assert!(text.contains("柯诸高速诸暨段"));
    let out = plansight(&["parse", "-"], Some("只有一段文字，没有表格。".as_bytes()));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan found"));
    let out = plansight(&["parse", "/nonexistent/plan.txt"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/plan.txt"));
}
