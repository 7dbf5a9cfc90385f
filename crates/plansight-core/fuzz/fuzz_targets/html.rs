#![no_main]
//! An HTML page: any text through the tokenizer, the span filling, and the understanding of its text.

use libfuzzer_sys::fuzz_target;

fn understand(text: &str) {
    let _ = plansight_core::plan_from_text(text, &Default::default());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = std::str::from_utf8(data) {
        understand(&plansight_core::read::html::to_text(page));
    }
});
