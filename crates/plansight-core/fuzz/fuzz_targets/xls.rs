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

// calamine's own panics (a short record indexed past its end) end only the
// child process the CLI reads an .xls in; here they are caught so the fuzzer
// goes on looking for what the child cannot contain: memory and time. A panic
// in this project's code (the checks, the understanding) still aborts.
fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                abort(info);
            }
        }));
    });
    if xls::check(data).is_err() {
        return;
    }
    let Ok(Ok(text)) = std::panic::catch_unwind(|| xls::read(data)) else { return };
    let _ = plansight_core::plan_from_text(&text, &Default::default());
});
