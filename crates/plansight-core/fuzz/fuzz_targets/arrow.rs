#![no_main]
//! Arrow IPC files and streams: any bytes through the batch checks, arrow-ipc, and the columns read by name.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = plansight_core::read::arrow::ipc_to_text(data);
    let _ = plansight_core::read::arrow::ipc_to_project_buffers(data, &mut |_, _| {});
});
