//! Installs what a fresh machine lacks, only when it is missing: the wasm32
//! target (rustup), Chromium with a CJK font (apt), npm dev packages (npm ci).

use crate::run;
use std::process::Command;

fn output(cmd: &mut Command) -> String {
    cmd.output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
}

pub fn wasm_target() -> Result<(), String> {
    if output(Command::new("rustup").args(["target", "list", "--installed"])).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}
