#![no_main]
//! The text form itself (a .txt plan, prose): any text through documents, tables, measures, projects, totals and figures.

use libfuzzer_sys::fuzz_target;

fn understand(text: &str) {
    let _ = plansight_core::plan_from_text(text, &Default::default());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        understand(text);
    }
});
