//! Reading a file in a child process under limits, so that a reader that asks
//! for all of the machine's memory, loops, or aborts ends only that file's
//! work. `plansight batch` reads every file so; every command reads the forms
//! read by crates outside this project (.xls through calamine, Parquet) so.
//!
//! The child is this program again (`plansight read-one`, hidden), given the
//! file's bytes on standard input; it writes the plan as JSON on standard
//! output, or one message on standard error. Its address space is limited
//! (`PLANSIGHT_READER_MEMORY_MB`, default 4096) and so is its time
//! (`PLANSIGHT_READER_SECONDS`, default 120).

use plansight_core::Plan;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How much memory and time one file's reader may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub memory_bytes: u64,
    pub time: Duration,
}

impl Limits {
    pub fn from_env() -> Limits {
        let number =
            |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
        Limits {
            // Within what this process may have itself (a reader's message names the real limit).
            memory_bytes: (number("PLANSIGHT_READER_MEMORY_MB", 4096) << 20).min(memory_hard_limit()),
            time: Duration::from_secs(number("PLANSIGHT_READER_SECONDS", 120)),
        }
    }
}

/// The address space this process may never exceed (its hard limit).
#[cfg(unix)]
fn memory_hard_limit() -> u64 {
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes only the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut current) } == 0 {
        current.rlim_max
    } else {
        u64::MAX
    }
}

#[cfg(not(unix))]
fn memory_hard_limit() -> u64 {
    u64::MAX
}

/// The hidden subcommand the child runs.
pub const CHILD: &str = "read-one";

/// Reads `bytes` in a child under `limits`, with the reader's column roles
/// `map` (as given to `--map`). A message does not name the file: the caller does.
pub fn read(bytes: &[u8], map: &[String], limits: Limits) -> Result<Plan, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot start a reader: {e}"))?;
    let mut cmd = Command::new(exe);
    cmd.arg(CHILD).arg("-");
    for m in map {
        cmd.arg("--map").arg(m);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    limit_memory(&mut cmd, limits.memory_bytes);
    let mut child = cmd.spawn().map_err(|e| format!("cannot start a reader: {e}"))?;
    // Feed and drain on threads: a child blocked on a full pipe never ends.
    let mut stdin = child.stdin.take().expect("piped");
    let input = bytes.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        err
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("the reader was lost: {e}"))? {
            break status;
        }
        if start.elapsed() > limits.time {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "reading took longer than {} s and was stopped: the file is damaged or too large",
                limits.time.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    match status.code() {
        Some(0) => serde_json::from_slice(&out).map_err(|e| format!("the reader's answer cannot be read: {e}")),
        // The child's message names standard input ("plansight: -: …"): name the file instead.
        Some(1) if !err.trim().is_empty() => {
            let message = err.trim().trim_start_matches("plansight: ");
            Err(message.strip_prefix("-: ").unwrap_or(message).to_string())
        }
        _ => {
            let why = if err.contains("memory allocation") {
                format!("it needed more than the {} MB its reader may take", limits.memory_bytes >> 20)
            } else {
                format!("its reader stopped ({status})")
            };
            Err(format!("the file is damaged or too large: {why}"))
        }
    }
}

#[cfg(unix)]
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only getrlimit and setrlimit run between fork and exec (async-signal-safe).
    unsafe {
        cmd.pre_exec(move || {
            // Never above the limit this process already has: raising a hard
            // limit is not permitted, and the reader would not start at all.
            let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            let most = if libc::getrlimit(libc::RLIMIT_AS, &mut current) == 0 { current.rlim_max } else { bytes };
            let bytes = bytes.min(most);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_: &mut Command, _: u64) {}
