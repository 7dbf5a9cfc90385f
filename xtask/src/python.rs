//! The Python package (crates/plansight-py): its venv, its wheel and its tests.
//!
//! The wheel is built by maturin (pinned in the package's requirements.txt,
//! installed from PyPI), installed once into a fresh venv that holds nothing
//! else (the promise a `pip install` makes), then into the test venv, where
//! pytest holds it to the fixtures, the CLI and a Dask cluster.

use crate::{root, run};
use std::path::PathBuf;
use std::process::Command;

fn package() -> PathBuf {
    root().join("crates/plansight-py")
}

/// What the test venv is made from: when it changes, the venv is made again.
fn requirements() -> Result<String, String> {
    let mut text = String::new();
    for file in [package().join("requirements.txt"), root().join("tests/engine/requirements.txt")] {
        text += &std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(text)
}

/// target/py-venv with maturin, pytest, Dask and the engines, from PyPI.
fn venv() -> Result<PathBuf, String> {
    let venv = root().join("target/py-venv");
    let stamp = venv.join("requirements.stamp");
    let wanted = requirements()?;
    let python = venv.join("bin/python");
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(venv);
    }
    let _ = std::fs::remove_dir_all(&venv);
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "-q", "--disable-pip-version-check", "-r"])
        .arg(package().join("requirements.txt")))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(venv)
}

/// Builds the abi3 wheel into target/wheels and returns its path.
fn wheel(venv: &std::path::Path) -> Result<PathBuf, String> {
    let out = root().join("target/wheels");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new(venv.join("bin/maturin"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(package().join("Cargo.toml"))
        .arg("--out")
        .arg(&out))?;
    let mut wheels: Vec<PathBuf> = std::fs::read_dir(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    match (wheels.pop(), wheels.is_empty()) {
        (Some(wheel), true) => Ok(wheel),
        _ => Err(format!("maturin left no single wheel in {}", out.display())),
    }
}

/// The check a new user makes after `pip install`: in a venv with nothing but
/// the wheel and what it names, the seed's projects are 33 rows summing to
/// exactly 740.55 亿元.
const FRESH_CHECK: &str = r#"
import sys, plansight
from decimal import Decimal
plan = plansight.read(sys.argv[1])
projects = plan.projects
assert projects.num_rows == 33, projects.num_rows
total = sum(projects.column("investment_fen").to_pylist())
assert total == 740_55 * 10**8, total
assert sum(projects.column("investment_decimal").to_pylist(), Decimal(0)) == Decimal("740.55")
print(f"fresh venv: plansight {plansight.__version__}, {projects.num_rows} projects, {Decimal(total) / 10**10} 亿元")
"#;

pub fn test() -> Result<(), String> {
    let venv = venv()?;
    let wheel = wheel(&venv)?;

    let fresh = root().join("target/py-fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    run(Command::new("python3").args(["-m", "venv"]).arg(&fresh))?;
    run(Command::new(fresh.join("bin/pip")).args(["install", "-q", "--disable-pip-version-check"]).arg(&wheel))?;
    run(Command::new(fresh.join("bin/python"))
        .args(["-c", FRESH_CHECK])
        .arg(root().join("seeds/000_6484c7ca487d3a6f.txt")))?;

    run(Command::new(venv.join("bin/pip"))
        .args(["install", "-q", "--disable-pip-version-check", "--force-reinstall", "--no-deps"])
        .arg(&wheel))?;
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(package().join("tests"))
        .current_dir(package())
        .env("PLANSIGHT_CLI", root().join("target/debug/plansight")))
}
