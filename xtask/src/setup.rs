//! Installs what a fresh machine lacks, only when it is missing: the wasm32
//! target (rustup), Chromium, its driver and a CJK font (apt), and the npm dev
//! packages of the browser tests (npm ci). Never a browser download by a tool.

use crate::{root, run};
use std::path::Path;
use std::process::Command;

fn output(cmd: &mut Command) -> String {
    cmd.output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
}

pub fn wasm_target() -> Result<(), String> {
    if output(Command::new("rustup").args(["target", "list", "--installed"]))
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Debian's chromium and chromium-driver, a CJK font so Chinese is drawn,
/// poppler-utils (pdftotext, pdftoppm) that check the PDF exports, and Python's
/// venv (the engine example's test installs DuckDB from PyPI into one).
pub fn browser() -> Result<(), String> {
    let has_font = output(Command::new("fc-list").arg(":lang=zh")).lines().next().is_some();
    let missing: Vec<&str> = [
        ("chromium", Path::new("/usr/bin/chromium").exists()),
        ("chromium-driver", Path::new("/usr/bin/chromedriver").exists()),
        ("fonts-wqy-microhei", has_font),
        ("poppler-utils", Path::new("/usr/bin/pdftotext").exists()),
        (
            "python3-venv",
            Command::new("python3").args(["-c", "import venv, ensurepip"]).status().is_ok_and(|s| s.success()),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(p, _)| p)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// LibreOffice's Writer and Calc without a GUI (Debian's packages): they
/// make the PDF, Word 97 and Excel 97 copies of fixtures the tests read.
pub fn office() -> Result<(), String> {
    let has = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    let has_calc = Path::new("/usr/lib/libreoffice/program/libsclo.so").exists();
    if has && has_calc {
        return Ok(());
    }
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer-nogui", "libreoffice-calc-nogui"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The Python venv with the engines whose tables the tests write (DuckDB,
/// pyarrow, polars, pandas; tests/engine/requirements.txt), from PyPI.
pub fn engine_venv() -> Result<(), String> {
    let venv = root().join("target/engine-venv");
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import duckdb, pyarrow, polars, pandas"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ready {
        return Ok(());
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "-q", "-r"])
        .arg(root().join("tests/engine/requirements.txt")))
}

/// The browser tests' npm packages: playwright-core (it downloads no browser),
/// axe-core, apache-arrow (writes the big test tables with another
/// implementation than ours) and Vite (bundles the npm package in a scratch app).
pub fn npm() -> Result<(), String> {
    let modules = root().join("tests/node_modules");
    if ["playwright-core", "axe-core", "apache-arrow", "vite"].iter().all(|m| modules.join(m).exists()) {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix", "tests"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// What the peer benchmark harness needs besides Chromium: brotli and the Noto CJK fonts.
pub fn bench_packages() -> Result<(), String> {
    browser()?;
    let has_noto = output(Command::new("fc-list").arg(":lang=zh")).contains("Noto");
    let has_brotli = Path::new("/usr/bin/brotli").exists();
    if has_noto && has_brotli {
        return Ok(());
    }
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", "brotli", "fonts-noto-cjk"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
