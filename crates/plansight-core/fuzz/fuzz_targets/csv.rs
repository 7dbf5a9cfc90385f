#![no_main]
//! CSV, TSV, semicolons: any text through the delimited reader and the understanding of its tables.

use libfuzzer_sys::fuzz_target;

fn understand(text: &str) {
    let _ = plansight_core::plan_from_text(text, &Default::default());
}

// The first byte picks the delimiter, so each input is understood once.
fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    if let Ok(text) = std::str::from_utf8(rest) {
        let delimiter = [b',', b'\t', b';'][usize::from(pick) % 3];
        understand(&plansight_core::read::delimited::to_text(text, delimiter));
    }
});
