//! Hostile files: every reader (docx, doc, xlsx, xls, HTML, CSV, text, PDF, Arrow,
//! Parquet) on damaged versions of the fixtures (bytes flipped, inserted,
//! deleted, repeated, cut; size fields overwritten with extreme values), made
//! with a fixed seed, each read by the CLI under an address-space limit of
//! 1 GiB and a hang limit. Each must end in figures (exit 0) or one message
//! (exit 1): no panic (101), no abort, no signal, no hang.
//!
//! Every damaged file that ever failed is kept in `tests/fixtures/hostile/`
//! and read again here. `PLANSIGHT_HOSTILE_CASES` sets how many damaged
//! versions per reader (default 200), `PLANSIGHT_HOSTILE_FORMS=xls,arrow`
//! which readers; failures stay in `target/hostile/` for a look (all files
//! with `PLANSIGHT_HOSTILE_KEEP=1`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT_BYTES: u64 = 1 << 30;
const HANG: Duration = Duration::from_secs(90);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cli() -> &'static str {
    env!("CARGO_BIN_EXE_plansight")
}

/// xorshift64*: the same damage every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One damaged version of `good`.
fn damage(good: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = good.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = b.len().max(1);
        match rng.below(7) {
            // Bytes flipped.
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(len);
                    if let Some(x) = b.get_mut(at) {
                        *x = rng.next() as u8;
                    }
                }
            }
            // Bytes inserted.
            1 => {
                let at = rng.below(len);
                let n = 1 + rng.below(64);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(at.min(b.len())..at.min(b.len()), junk);
            }
            // A range deleted.
            2 => {
                let at = rng.below(len).min(b.len());
                let n = (1 + rng.below(256)).min(b.len() - at);
                b.drain(at..at + n);
            }
            // A range repeated many times (a zip entry, a table row, a record).
            3 => {
                let at = rng.below(len).min(b.len());
                let n = (1 + rng.below(512)).min(b.len() - at);
                let chunk = b[at..at + n].to_vec();
                for _ in 0..2 + rng.below(50) {
                    b.splice(at..at, chunk.iter().copied());
                }
            }
            // Cut short.
            4 => b.truncate(rng.below(len)),
            // A size field set to an extreme: a count, a length, an offset.
            _ => {
                let at = rng.below(len.min(4096));
                let value: u32 = [u32::MAX, 0x7FFF_FFFF, 0x1000_0000, 0x0010_0000, 0xFFFF, 0][rng.below(6)];
                for (k, byte) in value.to_le_bytes().iter().enumerate() {
                    if let Some(x) = b.get_mut(at + k) {
                        *x = *byte;
                    }
                }
            }
        }
    }
    b
}

/// Runs `plansight parse FILE` under the limits; None when it ended as it
/// should, else what went wrong.
fn read_under_limits(file: &Path) -> Option<String> {
    let mut cmd = Command::new(cli());
    cmd.args(["parse", &file.to_string_lossy(), "-o", "/dev/null"]).stdout(Stdio::null()).stderr(Stdio::piped());
    #[cfg(unix)]
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: LIMIT_BYTES, rlim_max: LIMIT_BYTES };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the CLI starts");
    // Drained as it comes: a child with many warnings would block on a full pipe.
    let mut pipe = child.stderr.take().expect("piped");
    let drain = std::thread::spawn(move || {
        let mut stderr = String::new();
        let _ = pipe.read_to_string(&mut stderr);
        stderr
    });
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            let stderr = drain.join().unwrap_or_default();
            return match status.code() {
                Some(0) => None,
                Some(1) if stderr.contains(": ") => None,
                Some(code) => Some(format!("exit {code}: {}", stderr.trim())),
                None => Some(format!("killed ({status}): {}", stderr.trim())),
            };
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            return Some(format!("no answer in {} s", HANG.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The good file of each reader: fixtures, and Arrow and Parquet the CLI writes.
fn originals(scratch: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let fixture = |f: &str| std::fs::read(root().join("tests/fixtures").join(f)).expect("fixture");
    let seed = root().join("seeds/000_6484c7ca487d3a6f.txt");
    let arrow = Command::new(cli())
        .args(["parse", &seed.to_string_lossy(), "--format", "arrow"])
        .output()
        .expect("the CLI writes Arrow")
        .stdout;
    let parquet = scratch.join("seed.parquet");
    let status = Command::new(cli())
        .args(["batch", &seed.to_string_lossy(), "-o", &parquet.to_string_lossy()])
        .stderr(Stdio::null())
        .status()
        .expect("the CLI writes Parquet");
    assert!(status.success());
    vec![
        ("docx", fixture("lead_co.docx")),
        ("xlsx", fixture("projects.xlsx")),
        ("xls", fixture("old_excel.xls")),
        // Word 97 as LibreOffice writes it: a task table; tables, fields and a nested table.
        ("doc", fixture("lead_co.doc")),
        ("doc-tables", fixture("doc_tables.doc")),
        ("xls-lo", fixture("projects_lo.xls")),
        ("html", fixture("state_council.html")),
        ("csv", fixture("annual_columns.csv")),
        ("text", fixture("prose/31_mixed_sewage_notice.txt")),
        ("arrow", arrow),
        ("parquet", std::fs::read(parquet).expect("parquet written")),
        // As engines write them: LZ4 buffers and a dictionary; snappy pages, dictionaries, decimals.
        ("feather", fixture("engines/feather_lz4.feather")),
        ("pandas-parquet", fixture("engines/pandas.parquet")),
        // PDF: a ruled table across pages in LibreOffice's fonts; a hand-written
        // CID font without ToUnicode, an xref stream with an update; AES-256.
        ("pdf", fixture("pdf/02_long_table_wan.pdf")),
        ("pdf-cid", fixture("pdf/09_cid_identity_no_tounicode.pdf")),
        ("pdf-xref-stream", fixture("pdf/15_xref_stream_update.pdf")),
        ("pdf-aes", fixture("pdf/11c_encrypted_aes_256.pdf")),
    ]
}

#[test]
fn damaged_files_end_in_figures_or_a_message() {
    let cases: usize = std::env::var("PLANSIGHT_HOSTILE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    let scratch = root().join("target/hostile");
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut jobs: Vec<(String, PathBuf)> = Vec::new();
    // PLANSIGHT_HOSTILE_FORMS=xls,arrow narrows a run to some readers.
    let only = std::env::var("PLANSIGHT_HOSTILE_FORMS").ok();
    for (form, good) in originals(&scratch) {
        if only.as_deref().is_some_and(|o| !o.split(',').any(|f| f == form)) {
            continue;
        }
        assert!(!good.is_empty(), "{form} original");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ form.len() as u64 ^ (form.as_bytes()[0] as u64) << 32);
        for k in 0..cases {
            let path = scratch.join(format!("{form}-{k:04}.bin"));
            std::fs::write(&path, damage(&good, &mut rng)).expect("damaged file written");
            jobs.push((format!("{form} #{k}"), path));
        }
    }
    // Every file that once broke a reader, kept.
    let kept = root().join("tests/fixtures/hostile");
    if let Ok(entries) = std::fs::read_dir(&kept) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x != "md") {
                jobs.push((format!("kept {}", e.file_name().to_string_lossy()), e.path()));
            }
        }
    }
    // Two at a time (the machine has two cores), each under its own limits.
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((name, path)) = jobs.get(i) else { break };
                if let Some(why) = read_under_limits(path) {
                    failures.lock().unwrap().push(format!("{name} ({}): {why}", path.display()));
                } else if !name.starts_with("kept") && std::env::var_os("PLANSIGHT_HOSTILE_KEEP").is_none() {
                    let _ = std::fs::remove_file(path);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    println!("{} damaged and kept files read: {} failed", jobs.len(), failures.len());
    assert!(failures.is_empty(), "{} of {} files broke a reader:\n{}", failures.len(), jobs.len(), failures.join("\n"));
}

/// A batch of good plans with every file that ever broke a reader mixed in:
/// each bad file is named on stderr, every good plan is written whole.
#[test]
fn a_batch_with_hostile_files_writes_every_good_plan() {
    let dir = root().join("target/hostile-batch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let good = [
        ("seed.txt", root().join("seeds/000_6484c7ca487d3a6f.txt")),
        ("annual_columns.csv", root().join("tests/fixtures/annual_columns.csv")),
        ("projects.xlsx", root().join("tests/fixtures/projects.xlsx")),
        ("old_excel.xls", root().join("tests/fixtures/old_excel.xls")),
    ];
    // Each good plan's projects, as `parse` reads it alone.
    let mut expected = std::collections::BTreeMap::new();
    for (name, path) in &good {
        std::fs::copy(path, dir.join(name)).expect("good plan copied");
        let out = Command::new(cli()).args(["parse", "--format", "json"]).arg(path).output().expect("parse");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        expected.insert(name.to_string(), v["projects"].as_array().expect("projects").len());
    }
    let kept = root().join("tests/fixtures/hostile");
    let mut hostile = 0;
    for e in std::fs::read_dir(&kept).expect("hostile fixtures").flatten() {
        if e.path().extension().is_some_and(|x| x != "md") {
            std::fs::copy(e.path(), dir.join(e.file_name())).expect("hostile file copied");
            hostile += 1;
        }
    }
    let dataset = root().join("target/hostile-batch.arrow");
    let out = Command::new(cli())
        .args(["batch", "--format", "arrow", "--jobs", "2", "-o"])
        .arg(&dataset)
        .arg(&dir)
        .output()
        .expect("batch runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "batch ended by a signal: {stderr}");
    assert!(stderr.contains(&format!("[{}/{}]", good.len() + hostile, good.len() + hostile)), "{stderr}");
    for name in
        ["xls-huge-allocation-0008.xls", "xls-mini-stream-past-the-file.xls", "parquet-bit-reader-past-end.parquet"]
    {
        assert!(stderr.contains(&format!("{name}: FAILED")), "{name} named: {stderr}");
    }
    let back = Command::new(cli()).args(["parse", "--format", "json"]).arg(&dataset).output().expect("parse back");
    assert!(back.status.success(), "{}", String::from_utf8_lossy(&back.stderr));
    let v: serde_json::Value = serde_json::from_slice(&back.stdout).expect("json");
    let mut rows = std::collections::BTreeMap::<String, usize>::new();
    for p in v["projects"].as_array().expect("projects") {
        let plan = p["plan"].as_str().unwrap_or_default();
        *rows.entry(plan.rsplit('/').next().unwrap_or(plan).to_string()).or_default() += 1;
    }
    for (name, count) in expected {
        assert_eq!(rows.get(&name).copied(), Some(count), "{name} written whole: {rows:?}");
    }
}
