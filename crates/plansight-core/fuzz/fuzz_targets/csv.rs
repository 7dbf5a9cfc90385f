#![no_main]
//! CSV, TSV, semicolons: any text through the delimited reader and the understanding of its tables.

use libfuzzer_sys::fuzz_target;

fn understand(text: &str) {
    let _ = plansight_core::plan_from_text(text, &Default::default());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for d in [b',', b'\t', b';'] {
            understand(&plansight_core::read::delimited::to_text(text, d));
        }
    }
});
