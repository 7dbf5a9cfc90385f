//! `cargo xtask bench`: Plansight side by side with ECharts, Vega-Lite, Plotly,
//! Perspective, DuckDB-WASM and Arquero in one run of the shared harness
//! (../shared/bench-peers), in headless Chromium. Works on a copy under
//! target/bench-peers; writes bench/RESULTS.md and bench/results.json.

use crate::{build, cargo, root, run};
use std::fs;
use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_name() == "node_modules" {
            continue;
        }
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| format!("cannot copy {}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// Inserts `line` after the line that opens `array` in run.mjs.
fn register(source: &str, array: &str, line: &str) -> Result<String, String> {
    let open = format!("const {array} = [\n");
    let at = source.find(&open).ok_or_else(|| format!("run.mjs has no `{open}`: the harness changed"))? + open.len();
    Ok(format!("{}  {line}\n{}", &source[..at], &source[at..]))
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let peers = root().join("../shared/bench-peers");
    if !peers.join("run.mjs").exists() {
        return Err(format!("no harness at {}", peers.display()));
    }
    crate::setup::bench_packages()?;
    // The product as shipped (sizes), then the benchmark build of the same crates.
    build::build()?;
    let work = root().join("target/bench-peers");
    copy_dir(&peers, &work)?;
    if !work.join("node_modules/playwright-core").exists() {
        run(Command::new("npm").args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]).current_dir(&work))?;
    }
    // A separate target dir keeps the page's own release build untouched.
    run(cargo().args([
        "build",
        "--release",
        "-p",
        "plansight-web",
        "--features",
        "bench",
        "--target",
        "wasm32-unknown-unknown",
        "--target-dir",
        "target/bench",
    ]))?;
    let pkg = work.join("engines/plansight/pkg");
    let _ = fs::remove_dir_all(&pkg);
    build::bindgen(&root().join("target/bench/wasm32-unknown-unknown/release/plansight_web.wasm"), &pkg)?;
    let shipped = work.join("engines/plansight/dist");
    copy_dir(&build::dist(), &shipped)?;
    for page in ["engine-plansight.html", "chart-plansight.html"] {
        fs::copy(root().join("bench").join(page), work.join("pages").join(page))
            .map_err(|e| format!("cannot copy {page}: {e}"))?;
    }
    let mut runner = fs::read_to_string(work.join("run.mjs")).map_err(|e| e.to_string())?;
    runner =
        register(&runner, "ENGINES", "{ id: 'plansight', page: 'pages/engine-plansight.html', bundle: 'plansight' },")?;
    runner = register(&runner, "CHARTS", "{ id: 'plansight-canvas', page: 'pages/chart-plansight.html', lib: 'plansight charts (plotters in wasm)', renderer: 'canvas', bundle: 'plansight-charts' },")?;
    runner = register(
        &runner,
        "BUNDLES",
        "{ id: 'plansight', label: 'plansight page: main wasm + glue + app.js (dist/, as shipped; extras module (Arrow export, .docx) loads on demand)', files: ['engines/plansight/dist/plansight_web_bg.wasm', 'engines/plansight/dist/plansight_web.js', 'engines/plansight/dist/app.js'] },\n  { id: 'plansight-charts', label: 'plansight charts alone: npm plansight/charts (chart wasm + glue, as shipped in dist/; what the chart pages load)', files: ['engines/plansight/dist/plansight_chart_web_bg.wasm', 'engines/plansight/dist/plansight_chart_web.js'] },\n  { id: 'plansight-single-file', label: 'plansight single file dist/plansight.html (everything inlined, seed included)', files: ['engines/plansight/dist/plansight.html'] },",
    )?;
    fs::write(work.join("run.mjs"), runner).map_err(|e| e.to_string())?;
    run(Command::new("node").arg("run.mjs").args(args).current_dir(&work))?;
    for f in ["RESULTS.md", "results.json"] {
        fs::copy(work.join(f), root().join("bench").join(f)).map_err(|e| format!("cannot copy {f}: {e}"))?;
    }
    // The page itself: first chart, redraws, plans of thousands of projects (section E).
    crate::setup::npm()?;
    run(Command::new("node").arg(root().join("bench/page.mjs")))?;
    println!("bench/RESULTS.md written");
    Ok(())
}
