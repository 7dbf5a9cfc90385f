#![no_main]
//! Arrow IPC files and streams: any bytes through the message checks (dictionaries,
//! LZ4 buffers), arrow-ipc, the cells of every type, and the columns read by meaning.

use libfuzzer_sys::fuzz_target;
use plansight_core::read;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = read::arrow::ipc_table(data) {
        let _ = plansight_core::understand::columns::projects(table, &Default::default(), &mut |_, _| {});
    }
    if let Ok(table) = read::arrow::ipc_table(data) {
        let _ = read::arrow::to_text(table);
    }
});
