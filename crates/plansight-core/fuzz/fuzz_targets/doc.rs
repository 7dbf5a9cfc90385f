#![no_main]
//! A Word 97–2003 .doc: any bytes through the compound-file reader, the FIB,
//! the piece table, the paragraph properties and the understanding of its text.
//! All of it is this project's code: any panic is a finding.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = plansight_core::read::doc::to_text(data) {
        let _ = plansight_core::plan_from_text(&text, &Default::default());
    }
});
