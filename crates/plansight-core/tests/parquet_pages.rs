//! Damaged Parquet page headers, through the whole table reader: every size
//! and count a header states set to extremes, and every header cut short.
//! None may panic in this crate, take a second, or allocate much beyond the
//! file (an allocator here counts the peak); the parquet crate's own panics
//! (upstream, contained by the CLI's child process and the page's worker)
//! are told apart by where they were raised.

use plansight_core::read;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static OURS: AtomicBool = AtomicBool::new(false);

/// Reads every batch of a file; the bytes allocated at most above what was
/// in use before, and how long it took.
fn read_all(bytes: &[u8]) -> (usize, Duration) {
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let _ = std::panic::catch_unwind(|| {
        if let Ok(table) = read::parquet::table(bytes) {
            for batch in table.batches {
                if batch.is_err() {
                    break;
                }
            }
        }
    });
    (PEAK.load(Ordering::Relaxed) - before, started.elapsed())
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Where each page header of the file's column chunks starts, found as the
/// parquet crate's metadata places the chunks and each header's sizes say.
fn headers(bytes: &[u8]) -> Vec<usize> {
    // A header opens with field 1 (type: 0x15) and field 2 (its unpacked size: 0x15).
    (4..bytes.len().saturating_sub(8)).filter(|&i| bytes[i] == 0x15 && bytes[i + 2] == 0x15).collect()
}

#[test]
fn damaged_page_headers_end_in_a_message_within_the_file() {
    std::panic::set_hook(Box::new(|info| {
        if !info.location().is_some_and(|l| l.file().contains("/parquet-")) {
            eprintln!("{info}");
            OURS.store(true, Ordering::Relaxed);
        }
    }));
    let (peak, took) = read_all(&fixture("hostile/parquet-page-stating-2-gib.parquet"));
    println!("the 2 GiB page header: {peak} bytes at most, {took:?}");
    assert!(peak < 4 << 20 && took < Duration::from_secs(1), "{peak} bytes, {took:?}");

    let mut worst = 0;
    let mut tried = 0;
    for name in [
        "parquet_snappy",
        "parquet_gzip",
        "parquet_lz4",
        "parquet_zstd",
        "parquet_brotli",
        "parquet_none",
        "nulls_v2_zstd",
        "nulls_v2_brotli",
        "polars",
        "duckdb_zstd",
    ] {
        let good = fixture(&format!("engines/{name}.parquet"));
        let limit = 16 * good.len() + (8 << 20);
        for at in headers(&good).into_iter().take(12) {
            // Each byte of the header's first 24 set to extremes: sizes, counts, field types.
            for i in at..(at + 24).min(good.len()) {
                for b in [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0C, 0x19] {
                    let mut bad = good.clone();
                    bad[i] = b;
                    let (peak, took) = read_all(&bad);
                    assert!(
                        peak < limit && took < Duration::from_secs(1),
                        "{name} byte {i} = {b:#x}: {peak} bytes, {took:?}"
                    );
                    worst = worst.max(peak);
                    tried += 1;
                }
            }
            // Sizes stated as the largest i32 (five varint bytes) in place of the first size.
            let mut bad = good[..at + 1].to_vec();
            bad.extend([0xFE, 0xFF, 0xFF, 0xFF, 0x0F]);
            bad.extend_from_slice(&good[at + 2..]);
            let (peak, took) = read_all(&bad);
            assert!(peak < limit && took < Duration::from_secs(1), "{name} header at {at}: {peak} bytes, {took:?}");
            tried += 1;
        }
    }
    println!("{tried} damaged files: {worst} bytes at most");
    assert!(tried > 1000, "{tried}");
    assert!(!OURS.load(Ordering::Relaxed), "a panic raised outside the parquet crate");
}
