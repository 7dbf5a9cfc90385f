#![no_main]
//! Old binary Excel (.xls): any bytes through the compound-file check, calamine
//! and the understanding of its text. The reader lives in the CLI (a binary
//! crate), so its modules are included here by path.

use libfuzzer_sys::fuzz_target;

#[path = "../../../plansight-cli/src/compound.rs"]
mod compound;
#[path = "../../../plansight-cli/src/dates.rs"]
#[allow(dead_code)]
mod dates;
#[path = "../../../plansight-cli/src/xls.rs"]
mod xls;

mod upstream;

// calamine's own panics (a short record indexed past its end) end only the
// child process the CLI reads an .xls in: see upstream.rs.
fuzz_target!(|data: &[u8]| {
    if xls::check(data).is_err() {
        return;
    }
    let Some(Ok(text)) = upstream::contained("/calamine-", || xls::read(data)) else { return };
    let _ = plansight_core::plan_from_text(&text, &Default::default());
});
