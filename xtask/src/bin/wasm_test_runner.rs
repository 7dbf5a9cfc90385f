//! Runs wasm-bindgen tests in headless Chromium (set as cargo's runner by `cargo xtask test`).

fn main() -> std::process::ExitCode {
    match wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasm-bindgen-test-runner: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
