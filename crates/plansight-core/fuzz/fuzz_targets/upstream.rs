//! Panics inside a crate outside this project, contained where the reader
//! really runs (the CLI's child process, the page's reader worker): caught
//! here so the fuzzer goes on looking for what that cannot contain, memory
//! and time. A panic anywhere else (this project's checks and understanding)
//! still aborts, as a finding.

/// Runs `read`, ignoring a panic raised in a source file under `crate_dir`
/// (such as "/calamine-" or "/parquet-"); None then.
pub fn contained<T>(crate_dir: &'static str, read: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains(crate_dir)) {
                abort(info);
            }
        }));
    });
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok()
}
