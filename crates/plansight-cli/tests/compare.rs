//! `plansight compare` and `plansight report A B` on editions with known
//! changes (tests/fixtures/editions): the figures the page shows, from the
//! command line, exact; corrections by row; the comparison report's text.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn editions() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/editions")
}

fn plansight(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_plansight")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// 分 as the exact 亿元 text the outputs print.
fn yi(fen: i64) -> String {
    let s = format!("{:011}", fen);
    let (int, frac) = s.split_at(s.len() - 10);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.trim_start_matches('0').to_string()
    } else {
        format!("{}.{frac}", int.trim_start_matches('0'))
    }
}

#[test]
fn compare_prints_what_changed_exactly() {
    let expected: Value = serde_json::from_slice(&std::fs::read(editions().join("expected.json")).unwrap()).unwrap();
    let want = &expected["zhuji"];
    let (a, b) = (editions().join(want["a"].as_str().unwrap()), editions().join(want["b"].as_str().unwrap()));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let json: Value = serde_json::from_slice(&plansight(&["compare", a, b, "--format", "json"]).stdout).unwrap();
    let bridge: Vec<(String, String)> = serde_json::from_value(json["bridge"].clone()).unwrap();
    assert_eq!(bridge[0], ("a_total".into(), yi(want["a_total_fen"].as_i64().unwrap())));
    assert_eq!(bridge[5], ("b_total".into(), yi(want["b_total_fen"].as_i64().unwrap())));
    let rows = json["projects"].as_array().unwrap();
    let count = |change: &str| rows.iter().filter(|r| r["change"] == change).count();
    assert_eq!(count("added"), want["added"].as_array().unwrap().len());
    assert_eq!(count("dropped"), want["dropped"].as_array().unwrap().len());
    assert_eq!(count("kept") + count("changed"), want["matched"].as_array().unwrap().len());

    // The text names each change; CSV has one row per project.
    let text = String::from_utf8(plansight(&["compare", a, b, "--lang", "zh"]).stdout).unwrap();
    assert!(text.contains("新增项目") && text.contains("调整投资") && text.contains("总投资桥"), "{text}");
    let csv = String::from_utf8(plansight(&["compare", a, b, "--format", "csv"]).stdout).unwrap();
    assert_eq!(csv.lines().count(), 1 + rows.len());

    // A correction by row: the first matched pair kept apart becomes one dropped and one added.
    let first = rows.iter().find(|r| r["change"] == "kept").unwrap();
    let pair = format!("{}={}", first["a_row"], first["b_row"]);
    let fixed: Value =
        serde_json::from_slice(&plansight(&["compare", a, b, "--format", "json", "--unmatch", &pair]).stdout).unwrap();
    let fixed_rows = fixed["projects"].as_array().unwrap();
    assert_eq!(fixed_rows.iter().filter(|r| r["change"] == "added").count(), count("added") + 1);
    assert_eq!(fixed["bridge"][5], json["bridge"][5], "B's total is B's total");

    // Both plans side by side.
    let side = String::from_utf8(plansight(&["summary", a, b]).stdout).unwrap();
    assert!(side.starts_with("2 plans"), "{side}");
    assert!(
        side.contains(&yi(want["a_total_fen"].as_i64().unwrap()))
            && side.contains(&yi(want["b_total_fen"].as_i64().unwrap()))
    );

    // The bridge as a chart, and the comparison report.
    let svg = String::from_utf8(plansight(&["compare", a, b, "--format", "svg"]).stdout).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<title>"), "an office SVG");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let pdf = dir.join("changes.pdf");
    plansight(&["report", a, b, "-o", pdf.to_str().unwrap()]);
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for word in ["版本对比", "总投资变化桥", "调整的项目", "新增的项目", "移出的项目", "目标变化"]
    {
        assert!(text.contains(word), "the report has {word}");
    }
    assert!(text.contains(&yi(want["b_total_fen"].as_i64().unwrap())), "B's total in the report");
}
