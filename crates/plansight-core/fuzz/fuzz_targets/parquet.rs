#![no_main]
//! Parquet files: any bytes through the metadata checks, the parquet crate's
//! column readers, the cells of every type, and the columns read by meaning.

use libfuzzer_sys::fuzz_target;
use plansight_core::read;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = read::parquet::table(data) {
        let _ = plansight_core::understand::columns::projects(table, &Default::default(), &mut |_, _| {});
    }
    if let Ok(table) = read::parquet::table(data) {
        let _ = read::arrow::to_text(table);
    }
});
