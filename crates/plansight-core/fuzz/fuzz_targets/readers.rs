#![no_main]
//! Each reader on its own, past the form sniffing: .docx, .xlsx, HTML, CSV and
//! Arrow IPC take any bytes and return text or an error, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = plansight_core::read::docx::to_text(data);
    let _ = plansight_core::read::xlsx::to_text(data);
    let _ = plansight_core::read::arrow::ipc_to_text(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let text = plansight_core::read::html::to_text(text);
        let _ = plansight_core::plan_from_text(&text, &Default::default());
        for d in [b',', b'\t', b';'] {
            let _ = plansight_core::plan_from_text(&plansight_core::read::delimited::to_text(std::str::from_utf8(data).unwrap_or(""), d), &Default::default());
        }
    }
});
