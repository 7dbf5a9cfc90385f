//! `cargo xtask <command>`: all automation, in Rust, needing nothing but cargo.
//! Each command installs what it needs when it is missing (see `setup`).

mod bench;
mod build;
mod convert;
mod fuzz;
mod python;
mod serve;
mod setup;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const HELP: &str = "\
cargo xtask <command>

  serve [--port N]   build dist/ and serve it on 127.0.0.1 (default port 8000)
  build              build dist/: the hosted page and the single file dist/plansight.html
  test               run every test: unit, property, CLI, wasm-bindgen (Chromium), browser end-to-end
  convert            PDF, Word 97 and Excel 97 copies of fixtures by LibreOffice -> target/converted/
                     (the test command makes them first)
  fuzz [SECONDS]     every cargo-fuzz target of the core (any bytes, and each reader alone) for
                     SECONDS each (default 60): executions and findings (needs nightly)
  eval [--misses] [SET]
                     precision and recall of what the core reads from prose, on the labelled
                     corpus (tests/fixtures/prose/), the held-out sets held to the bar and the
                     latest ones reported (heldout3, heldout4); SET (e.g. heldout4) measures one
                     set alone; --misses lists every record read wrongly or missed
  python             the Python package alone: its wheel (maturin), a fresh venv's check, pytest
                     (the test command runs it too)
  bench [--quick]    Plansight beside ECharts, Vega-Lite, Plotly, Perspective, DuckDB-WASM, Arquero
                     (the shared harness, one run) -> bench/RESULTS.md
  help               this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build::build(),
        Some("serve") => serve_command(&args[1..]),
        Some("test") => test(),
        Some("convert") => convert::convert(),
        Some("bench") => bench::bench(&args[1..]),
        Some("eval") => eval(&args[1..]),
        Some("python") => python::test(),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}

/// Runs a command (in the workspace root unless it names a directory), failing with its name when it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: $ {}", describe(cmd));
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let status = cmd.status().map_err(|e| format!("cannot start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn serve_command(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8000,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("--port takes a number, not {n:?}"))?,
        _ => return Err(format!("usage: cargo xtask serve [--port N]\n{HELP}")),
    };
    build::build()?;
    let (server, port) = serve::bind(port)?;
    println!("\nPlansight is served at http://127.0.0.1:{port}/  (single file: dist/plansight.html; Ctrl-C stops)");
    serve::serve(server, build::dist());
    Ok(())
}

/// The prose corpus's precision and recall (the test `prose_corpus`, printed).
fn eval(args: &[String]) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(["test", "-p", "plansight-core", "--test", "prose", "--", "--nocapture"]);
    for arg in args {
        match arg.as_str() {
            "--misses" => {
                cmd.env("PLANSIGHT_EVAL_MISSES", "1");
            }
            // A set's folder under tests/fixtures/prose/, measured alone.
            set if !set.starts_with('-') && !set.contains(['/', '\\', '.']) => {
                cmd.env("PLANSIGHT_EVAL_SET", set);
            }
            _ => return Err(format!("usage: cargo xtask eval [--misses] [SET]\n{HELP}")),
        }
    }
    run(&mut cmd)
}

fn test() -> Result<(), String> {
    setup::wasm_target()?;
    // Chromium, a CJK font and poppler-utils (the CLI's PDF tests read with pdftotext).
    setup::browser()?;
    // The engines (DuckDB, pyarrow, polars, pandas) whose tables the CLI and page tests read.
    setup::engine_venv()?;
    // The forms governments publish (PDF, .doc, .xls), made from fixtures by LibreOffice.
    convert::convert()?;
    // 0. The tree is rustfmt-formatted and clippy-clean.
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    // --all-features: the web crate's `bench` entry points are compiled (and kept building) too.
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]))?;
    // The wasm crates as the browser gets them too (code under cfg(wasm32) is not seen natively).
    let wasm_crates = ["-p", "plansight-web", "-p", "plansight-extras-web", "-p", "plansight-chart-web"];
    run(cargo().arg("clippy").args(wasm_crates).args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    // 1. Unit, property, CLI and chart tests; the web crate's logic natively.
    run(cargo().args(["test", "--workspace", "--exclude", "xtask"]))?;
    // 2. The core as the page uses it (no Arrow, no encoding tables), natively and
    //    for wasm32: it must stay free of anything that cannot run in a browser.
    run(cargo().args(["test", "-p", "plansight-core", "--no-default-features", "--lib"]))?;
    run(cargo().args(["build", "-p", "plansight-core", "--target", "wasm32-unknown-unknown"]))?;
    // 2b. The Python package: its wheel in a fresh venv, then pytest (the
    //     fixtures, the CLI's reading, pandas/polars/DuckDB, a Dask cluster).
    python::test()?;
    // 3. The web crate's tests inside headless Chromium, with the pinned runner.
    run(cargo().args(["build", "-p", "xtask", "--bin", "plansight-wasm-test-runner"]))?;
    let runner = root().join("target/debug/plansight-wasm-test-runner");
    run(cargo()
        .args(["test", "-p", "plansight-web", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("tests/webdriver.json")))?;
    // 4. The built page, served and as one file, in Chromium driven by playwright-core.
    setup::npm()?;
    build::build()?;
    let (server, port) = serve::bind(0)?;
    let dist = build::dist();
    let handle = {
        let server = server.clone();
        std::thread::spawn(move || serve::serve(server, dist))
    };
    let result = run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/e2e/"])
        .env("PLANSIGHT_URL", format!("http://127.0.0.1:{port}/"))
        .env("PLANSIGHT_CLI", root().join("target/debug/plansight"))
        .env("PLANSIGHT_PYTHON", root().join("target/engine-venv/bin/python"))
        .env("PLANSIGHT_DIST", build::dist())
        .env("PLANSIGHT_CONVERTED", convert::dir()));
    server.unblock();
    let _ = handle.join();
    result
}
