#![no_main]
//! Old binary Excel (.xls): any bytes through the compound-file reader, the
//! sheet-extent check, calamine and the understanding of its text.

use libfuzzer_sys::fuzz_target;

mod upstream;

// calamine's own panics (a short record indexed past its end) end only the
// child process the CLI reads an .xls in, or the page's reader worker: see upstream.rs.
fuzz_target!(|data: &[u8]| {
    let Ok(workbook) = plansight_core::read::xls::workbook(data) else { return };
    let Some(Ok(text)) = upstream::contained("/calamine-", || plansight_core::read::xls::read(&workbook)) else { return };
    let _ = plansight_core::plan_from_text(&text, &Default::default());
});
