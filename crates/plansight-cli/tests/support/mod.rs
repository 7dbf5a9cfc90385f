//! What the engine tests share: a Python with the engines people hand tables
//! from (DuckDB, pyarrow, polars, pandas, pinned in tests/engine/requirements.txt).

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The venv under target/ (`cargo xtask test` makes it first), made from PyPI
/// when missing, so `cargo test` alone runs these tests too.
pub fn python() -> PathBuf {
    let venv = root().join("target/engine-venv");
    let python = venv.join("bin/python");
    let ready = |p: &Path| {
        Command::new(p).args(["-c", "import duckdb, pyarrow, polars, pandas"]).status().is_ok_and(|s| s.success())
    };
    if !ready(&python) {
        assert!(Command::new("python3").args(["-m", "venv"]).arg(&venv).status().unwrap().success());
        let requirements = root().join("tests/engine/requirements.txt");
        let pip = Command::new(venv.join("bin/pip")).args(["install", "-q", "-r"]).arg(&requirements).status().unwrap();
        assert!(pip.success(), "pip install -r {} (PyPI must be reachable)", requirements.display());
    }
    python
}
