//! Times each step of reading a big projects table (Arrow or Parquet), as the
//! page does it in its worker and main module: `cargo run --release -p
//! plansight-core --features parquet --example million FILE`.
use plansight_core::engine::analysis::{checks_given, repeated_names_in};
use plansight_core::engine::rows::Rows;
use plansight_core::understand::columns;
use plansight_core::Mapping;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable");
    let t = Instant::now();
    // CPU time too (the machine is shared): utime + stime of /proc/self/stat, in ticks of 10 ms.
    let cpu = || -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let f: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
        (f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
            + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0))
            * 10.0
    };
    let lap = |what: &str| {
        eprintln!("{what:<32} {:>8.1} ms wall {:>8.0} ms cpu", t.elapsed().as_secs_f64() * 1000.0, cpu());
    };
    let table = plansight_core::read::table(&bytes).expect("a table");
    lap("decode");
    let read = columns::projects(table, &Mapping::default(), &mut |_, _| {}).expect("read").expect("projects");
    lap("projects into buffers");
    let repeated = repeated_names_in(&read.buffers);
    lap("repeated names (buffers)");
    let rows = Rows::from_buffers(read.buffers).expect("fits");
    lap("rows from buffers, columns (page)");
    let notes = checks_given(&rows, &read.notes.warnings, None, &repeated);
    lap("checks");
    eprintln!("{} rows, {} repeated, {} notes", rows.projects.len(), repeated.len(), notes.len());
    let _ = rows.projects.list();
    lap("every project built (a sort by name)");
}
