//! What the page loads on demand, as its own wasm module, so the start-up code
//! stays small (measured: Arrow ~115 KiB gzip, zip + XML ~80 KiB):
//! - Arrow IPC: the main module exports the filtered tables as JSON (its
//!   `export("json", …)`); this module reads that JSON with the core's model and
//!   writes one table as an Arrow IPC file;
//! - the readers of .docx, .xlsx and HTML files: the core's `read` stage turns
//!   them into the text form, which the main module then reads as usual;
//! - Arrow and Parquet tables (`read_table`, run in a worker with progress): a
//!   projects table straight into flat buffers for the main module, no text
//!   form; another table as its text form;
//! - the office SVG: the main module's chart SVG with its labels as outlines of
//!   the bundled font, whose bytes the page loads only for this.

use plansight_core::engine::analysis::repeated_names_in;
use plansight_core::model::buffers::{ProjectBuffers, ReadNotes};
use plansight_core::model::{Form, TableName};
use plansight_core::understand::columns;
use plansight_core::write::arrow::{write_ipc, Frame};
use plansight_core::write::export::JsonTables;
use plansight_core::write::message::{self, Lang};
use plansight_core::{Mapping, PlanError};
use wasm_bindgen::prelude::*;

// Talc, not Rust's default dlmalloc: a big table's rows are millions of small
// allocations, and Talc is both faster and smaller in wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// One table of the exported JSON as an Arrow IPC file (`.arrow`).
pub fn ipc_from_json(json: &[u8], table: &str) -> Result<Vec<u8>, String> {
    let name = TableName::from_id(table).ok_or_else(|| format!("unknown table {table:?}"))?;
    let tables: JsonTables = serde_json::from_slice(json).map_err(|e| format!("not Plansight JSON: {e}"))?;
    let frame = Frame::from_parts(&tables.projects, &tables.tasks, &tables.indicators);
    write_ipc(frame.table(name)).map_err(|e| format!("cannot write Arrow: {e}"))
}

/// A .docx, .xlsx or HTML page as the text form (UTF-8 bytes), for
/// the main module's `load`. Errors come in the page's language (`lang`: zh/en).
#[wasm_bindgen]
pub fn to_text(bytes: &[u8], lang: &str) -> Result<Vec<u8>, JsError> {
    let lang = if lang == "en" { Lang::En } else { Lang::Zh };
    plansight_core::read::to_text(bytes, &legacy_decoder)
        .map(String::into_bytes)
        .map_err(|e| JsError::new(&plansight_core::write::message::error(&e, lang)))
}

/// What an Arrow or Parquet table holds, read in the page's reader worker: a
/// projects table as flat buffers (for the main module's `open_projects`, no
/// text form: a table of a million rows), or another table as the text form.
#[wasm_bindgen]
pub struct TableRead {
    is_projects: bool,
    /// Empty when the file is another table.
    projects: ProjectBuffers,
    /// What was read of a projects table: its report and notes.
    notes: ReadNotes,
    /// The text form, when the file is another table.
    text: String,
}

/// Reads an Arrow or Parquet table with the reader's own column roles
/// (`mapping`: "header=role" pairs from the column dialog, or none), calling
/// `progress(rows read, rows in all)` after each batch (the worker posts it to
/// the page). Errors in the page's language.
#[wasm_bindgen]
pub fn read_table(
    bytes: Vec<u8>,
    lang: &str,
    mapping: Vec<String>,
    progress: &js_sys::Function,
) -> Result<TableRead, JsError> {
    let lang = if lang == "en" { Lang::En } else { Lang::Zh };
    let message = |e: PlanError| JsError::new(&plansight_core::write::message::error(&e, lang));
    let mapping = Mapping::parse(&mapping).map_err(|e| JsError::new(&e))?;
    let mut report = |done: usize, total: usize| {
        let _ = progress.call2(&JsValue::NULL, &(done as f64).into(), &(total as f64).into());
    };
    // The file's bytes are the Arrow batches' own: held once, not copied to be read.
    let bytes = arrow_buffer::Buffer::from_vec(bytes);
    let table = match plansight_core::read::sniff(bytes.as_slice()) {
        // A Parquet file's chunks are read from this buffer too, not from a copy of the file.
        Ok(Form::Parquet) => plansight_core::read::parquet::table_in(bytes.clone()),
        _ => plansight_core::read::table_in(bytes.clone()),
    }
    .map_err(message)?;
    match columns::projects(table, &mapping, &mut report).map_err(message)? {
        Some(read) => {
            read.buffers.check_lengths().map_err(|e| JsError::new(&e))?;
            Ok(TableRead { is_projects: true, projects: read.buffers, notes: read.notes, text: String::new() })
        }
        None => Ok(TableRead {
            is_projects: false,
            projects: ProjectBuffers::default(),
            notes: ReadNotes::default(),
            text: plansight_core::read::to_text(bytes.as_slice(), &legacy_decoder).map_err(message)?,
        }),
    }
}

/// The buffers as typed arrays, each moved out once (the worker transfers
/// them to the page): a second call answers an empty one. The numbers, the
/// names and their ends are copied instead: `repeated_names` reads them after.
#[wasm_bindgen]
impl TableRead {
    /// The text form, when the file is no projects table.
    pub fn text(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.text).into_bytes()
    }

    /// The table's column names, then the role each was read as ("" for none).
    pub fn headers(&self) -> Vec<String> {
        self.notes.table.columns.iter().map(|c| c.header.clone()).collect()
    }

    pub fn roles(&self) -> Vec<String> {
        self.notes.table.columns.iter().map(|c| c.role.clone().unwrap_or_default()).collect()
    }

    /// The notes on the table's cells: their lines, then what they say in 中文
    /// and in English (the page's start-up module reads no findings as data).
    pub fn note_lines(&self) -> Vec<u32> {
        self.notes.warnings.iter().map(|w| w.line).collect()
    }

    pub fn notes_zh(&self) -> Vec<String> {
        self.notes.warnings.iter().map(|w| message::finding(&w.finding, Lang::Zh)).collect()
    }

    /// The plans rows belong to (a table of several), and each row's code into them.
    pub fn plans(&self) -> Vec<String> {
        self.projects.plans.clone()
    }

    pub fn plan(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.projects.plan)
    }

    pub fn notes_en(&self) -> Vec<String> {
        self.notes.warnings.iter().map(|w| message::finding(&w.finding, Lang::En)).collect()
    }

    /// Rows whose name an earlier row has, each with that row (pairs, flat;
    /// `analysis::repeated_names`), found from the buffers' text in place,
    /// off the page's main thread (ordering a million names is most of what
    /// its data checks would cost there). The worker asks after it has sent
    /// the columns, so the page takes them meanwhile.
    pub fn repeated_names(&self) -> Vec<u32> {
        repeated_names_in(&self.projects).into_iter().flat_map(|(row, first)| [row as u32, first as u32]).collect()
    }

    pub fn is_projects(&self) -> bool {
        self.is_projects
    }

    /// The rows' numbers, copied out: `repeated_names` counts the rows by them.
    pub fn no(&self) -> js_sys::Uint32Array {
        self.projects.no.as_slice().into()
    }

    pub fn types(&self) -> Vec<String> {
        self.projects.types.clone()
    }

    pub fn kind(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.projects.kind)
    }

    /// The names, copied out: kept for `repeated_names`.
    pub fn names(&self) -> js_sys::Uint8Array {
        self.projects.names.as_bytes().into()
    }

    /// Where each name ends, copied out: kept for `repeated_names`.
    pub fn name_ends(&self) -> js_sys::Uint32Array {
        self.projects.name_ends.as_slice().into()
    }

    /// The builders, each once.
    pub fn builders(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.projects.builders).into_bytes()
    }

    pub fn builder_ends(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.projects.builder_ends)
    }

    /// Each row's builder, as an index into `builder_ends`.
    pub fn builder(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.projects.builder)
    }

    pub fn fen(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.projects.fen)
    }

    pub fn start(&mut self) -> Vec<i32> {
        std::mem::take(&mut self.projects.start)
    }

    pub fn end(&mut self) -> Vec<i32> {
        std::mem::take(&mut self.projects.end)
    }

    pub fn builder_kind(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.projects.builder_kind)
    }

    pub fn line(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.projects.line)
    }
}

/// The worker's peak memory: its linear memory never shrinks.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return (core::arch::wasm32::memory_size(0) * 65536) as f64;
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// GB18030/GBK (an HTML page saved from an older site) through the browser's decoder.
fn legacy_decoder(bytes: &[u8]) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let decoder = web_sys::TextDecoder::new_with_label("gb18030").ok()?;
        decoder.decode_with_u8_array(bytes).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    plansight_core::read::decode::gb18030(bytes)
}

/// The chart SVG (the main module's `svg`) with every label drawn as outlines
/// of `font` (the bundled font's bytes): it looks the same in Office, Inkscape
/// and on machines without a CJK font, and keeps its words as invisible text.
#[wasm_bindgen]
pub fn office_svg(svg: &str, font: &[u8]) -> Result<String, JsError> {
    plansight_render::office_svg(svg, font).map(|o| o.svg).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen]
pub fn arrow_ipc(json: &[u8], table: &str) -> Result<Vec<u8>, JsError> {
    ipc_from_json(json, table).map_err(|e| JsError::new(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plansight_core::engine::rows::Rows;
    use plansight_core::read::arrow::read_ipc;
    use plansight_core::write::export;

    #[test]
    fn json_to_arrow_keeps_every_row() {
        let plan = plansight_core::read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let json = export::json(&Rows::from_plan(&plan), &plan).unwrap();
        for (table, rows) in [("projects", 33), ("tasks", 34), ("indicators", plan.indicators.len())] {
            let (name, batches) = read_ipc(&ipc_from_json(&json, table).unwrap()).unwrap();
            assert_eq!(name.map(|n| n.id()), Some(table));
            assert_eq!(batches[0].num_rows(), rows);
        }
        assert!(ipc_from_json(b"{}", "projects").is_err());
        // A zip that is no .docx gets the core's message, not a panic.
        assert!(plansight_core::read::to_text(b"PK\x03\x04junk", &legacy_decoder).is_err());
        assert!(ipc_from_json(&json, "nope").is_err());
    }
}
