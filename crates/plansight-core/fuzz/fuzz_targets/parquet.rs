#![no_main]
//! Parquet files: any bytes through the metadata checks, the page headers and
//! codecs of `read/pages.rs` and `read/codec.rs`, the parquet crate's column
//! readers, the cells of every type, and the columns read by meaning.

use libfuzzer_sys::fuzz_target;
use plansight_core::read;

mod upstream;

// The parquet crate's own panics (a page naming a dictionary its chunk lacks)
// end only the CLI's child process or the page's reader worker: see upstream.rs.
fuzz_target!(|data: &[u8]| {
    upstream::contained("/parquet-", || {
        if let Ok(table) = read::parquet::table(data) {
            let _ = plansight_core::understand::columns::projects(table, &Default::default(), &mut |_, _| {});
        }
    });
    upstream::contained("/parquet-", || {
        if let Ok(table) = read::parquet::table(data) {
            let _ = read::arrow::to_text(table);
        }
    });
});
