//! `cargo xtask fuzz [SECONDS] [TARGET…]`: every cargo-fuzz target of the core
//! (`crates/plansight-core/fuzz`: any bytes through the whole pipeline, and
//! each reader alone), or those named, for SECONDS each (default 60), seeded
//! from the fixtures; prints executions and findings per target and writes
//! them to `target/fuzz-report.md`. Needs the nightly toolchain; installs
//! cargo-fuzz from crates.io when it is missing.
//!
//! Built without a sanitizer (`-s none`): the core is safe Rust, and what is
//! looked for is what a sanitizer adds nothing to — a panic, an abort, memory
//! past 2 GB, an input that takes over 20 s — at five times the speed.
//! Inputs up to 4 KB (16 KB for Arrow, Parquet, .doc and .xls: whole sectors): a plan's page or
//! table, many mutations a second.

use crate::{cargo, root, run};
use std::path::Path;
use std::process::Command;

const TARGETS: [(&str, &[&str]); 11] = [
    ("read_plan", &["*.txt", "*.csv", "*.tsv", "*.html", "*.docx", "*.doc", "*.xlsx", "hostile/*.arrow"]),
    ("docx", &["*.docx"]),
    ("doc", &["*.doc", "hostile/*.doc"]),
    ("xlsx", &["*.xlsx"]),
    ("xls", &["*.xls", "hostile/*.xls"]),
    ("html", &["*.html"]),
    ("csv", &["*.csv", "*.tsv"]),
    ("text", &["*.txt", "prose/*.txt"]),
    ("arrow", &["hostile/*.arrow", "engines/*.arrow", "engines/*.arrows", "engines/*.feather"]),
    ("parquet", &["engines/*.parquet", "hostile/*.parquet"]),
    ("pdf", &["pdf/*.pdf", "hostile/*.pdf"]),
];

/// Inputs up to this long: a page or a table of a plan; an engine's table
/// (its footer at the end) or a .doc or .xls (512-byte sectors) a few kilobytes more.
fn max_len(target: &str) -> usize {
    if ["parquet", "arrow", "xls", "pdf", "doc"].contains(&target) {
        16384
    } else {
        4096
    }
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask fuzz [SECONDS] [TARGET…]";
    let (seconds, only): (u64, &[String]) = match args {
        [] => (60, &[]),
        [s, only @ ..] => (s.parse().map_err(|_| format!("{usage}, not {s:?}"))?, only),
    };
    if let Some(unknown) = only.iter().find(|t| !TARGETS.iter().any(|(name, _)| name == t)) {
        let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
        return Err(format!("no fuzz target {unknown:?}: {}", names.join(", ")));
    }
    let toolchains = Command::new("rustup").args(["toolchain", "list"]).output().map_err(|e| e.to_string())?;
    if !String::from_utf8_lossy(&toolchains.stdout).lines().any(|l| l.starts_with("nightly")) {
        return Err("cargo fuzz needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    let has_fuzz = Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        run(cargo().args(["install", "cargo-fuzz"]))?;
    }
    let dir = root().join("crates/plansight-core/fuzz");
    let mut rows = Vec::new();
    for (target, seeds) in TARGETS.into_iter().filter(|(t, _)| only.is_empty() || only.iter().any(|o| o == t)) {
        let corpus = dir.join("corpus").join(target);
        seed(&corpus, seeds)?;
        eprintln!("xtask: fuzzing {target} for {seconds} s");
        let out = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", "-s", "none", target, &corpus.to_string_lossy(), "--"])
            .arg(format!("-max_total_time={seconds}"))
            .args(["-print_final_stats=1", "-rss_limit_mb=2048", "-timeout=20"])
            .arg(format!("-max_len={}", max_len(target)))
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let stat = |name: &str| {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        let executions = stat("number_of_executed_units");
        // libFuzzer's own rate: a finding ends a run before its time.
        let rate = stat("average_exec_per_sec");
        let ran = executions.checked_div(rate).unwrap_or(0);
        let peak = stat("peak_rss_mb");
        let findings = std::fs::read_dir(dir.join("artifacts").join(target))
            .map(|d| d.flatten().filter(|e| !e.file_name().to_string_lossy().starts_with('.')).count())
            .unwrap_or(0);
        let status = if out.status.success() { "clean" } else { "FOUND A FAILURE" };
        println!(
            "{target:<10} {ran:>6} s {executions:>12} executions {rate:>8}/s  peak {peak} MB  findings {findings}  {status}"
        );
        rows.push(format!("| {target} | {ran} | {executions} | {rate} | {peak} | {findings} | {status} |"));
        if !out.status.success() {
            eprintln!(
                "{}",
                log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
    }
    let report = format!(
        "| target | seconds | executions | per second | peak MB | findings | result |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n{}\n",
        rows.join("\n")
    );
    std::fs::write(root().join("target/fuzz-report.md"), &report).map_err(|e| e.to_string())?;
    println!("\n{report}");
    Ok(())
}

/// The first corpus of a target: the fixtures its reader takes.
fn seed(corpus: &Path, patterns: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let fixtures = root().join("tests/fixtures");
    for pattern in patterns {
        let (folder, suffix) = match pattern.rsplit_once('/') {
            Some((f, p)) => (fixtures.join(f), p.trim_start_matches('*')),
            None => (fixtures.clone(), pattern.trim_start_matches('*')),
        };
        for entry in std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(suffix) {
                let _ = std::fs::copy(entry.path(), corpus.join(&name));
            }
        }
    }
    Ok(())
}
