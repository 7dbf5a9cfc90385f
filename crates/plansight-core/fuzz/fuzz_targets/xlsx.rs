#![no_main]
//! An Excel .xlsx: any bytes through its reader (zip, XML, merged cells) and the understanding of its text.

use libfuzzer_sys::fuzz_target;

fn understand(text: &str) {
    let _ = plansight_core::plan_from_text(text, &Default::default());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = plansight_core::read::xlsx::to_text(data) {
        understand(&text);
    }
});
