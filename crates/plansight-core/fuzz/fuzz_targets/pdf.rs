#![no_main]
//! A PDF: any bytes through its object reader, fonts, content streams and
//! layout, and the understanding of the text form it makes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = plansight_core::read::pdf::to_text(data, &plansight_core::read::decode::gb18030) {
        let _ = plansight_core::plan_from_text(&text, &Default::default());
    }
});
