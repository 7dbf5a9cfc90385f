//! Times opening a big table as the page's reader worker does (`read::table`,
//! then `understand::columns::projects`), and prints a digest of what was read
//! (every buffer, the report, the notes), so two builds can be held equal:
//! `cargo run --release -p plansight-core --features parquet --example open_table FILE… [--decode]`.
use plansight_core::understand::columns;
use plansight_core::Mapping;
use std::hash::Hasher;
use std::time::Instant;

/// `Debug` text hashed as it is written (a million rows' text is never held).
struct Digest(std::collections::hash_map::DefaultHasher);

impl std::fmt::Write for Digest {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let decode_only = args.iter().any(|a| a == "--decode");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = std::fs::read(path).expect("readable");
        let t = Instant::now();
        let table = match plansight_core::read::table(&bytes) {
            Ok(table) => table,
            Err(e) => {
                println!("{path}: {e:?}");
                continue;
            }
        };
        if decode_only {
            let rows: usize = table.batches.map(|b| b.expect("a batch").num_rows()).sum();
            eprintln!("{path}: decoded {rows} rows in {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
            continue;
        }
        let read = match columns::projects(table, &Mapping::default(), &mut |_, _| {}) {
            Ok(read) => read,
            Err(e) => {
                println!("{path}: {e:?}");
                continue;
            }
        };
        let took = t.elapsed().as_secs_f64() * 1000.0;
        let mut digest = Digest(Default::default());
        if let Some(r) = read.as_ref().filter(|_| !args.iter().any(|a| a == "--no-digest")) {
            // Field by field: the buffers' maps (codes while rows are added) have no fixed order.
            let b = &r.buffers;
            let fields = (&b.no, &b.types, &b.kind, &b.names, &b.name_ends, &b.builders, &b.builder_ends, &b.builder);
            let amounts = (&b.fen, &b.start, &b.end);
            let more = (&b.builder_kind, &b.line, &b.plans, &b.plan, &r.notes);
            std::fmt::Write::write_fmt(&mut digest, format_args!("{fields:?}{amounts:?}{more:?}")).unwrap();
        }
        let (rows, notes) = read.as_ref().map_or((0, 0), |r| (r.buffers.len(), r.notes.warnings.len()));
        println!("{path}: {rows} rows, {notes} notes, digest {:016x}, {took:.0} ms", digest.0.finish());
    }
}
