//! What the page loads on demand, as its own wasm module, so the start-up code
//! stays small (measured: Arrow ~115 KiB gzip, zip + XML ~80 KiB):
//! - Arrow IPC: the main module exports the filtered tables as JSON (its
//!   `export("json", …)`); this module reads that JSON with the core's model and
//!   writes one table as an Arrow IPC file;
//! - the readers of .docx, .xlsx, HTML and Arrow files: the core's `form` stage
//!   turns them into the text form, which the main module then reads as usual;
//! - the office SVG: the main module's chart SVG with its labels as outlines of
//!   the bundled font, whose bytes the page loads only for this.

use plansight_core::export::JsonTables;
use plansight_core::frame::{write_ipc, Frame, TableName};
use plansight_core::message::Lang;
use wasm_bindgen::prelude::*;

/// One table of the exported JSON as an Arrow IPC file (`.arrow`).
pub fn ipc_from_json(json: &[u8], table: &str) -> Result<Vec<u8>, String> {
    let name = TableName::from_id(table).ok_or_else(|| format!("unknown table {table:?}"))?;
    let tables: JsonTables = serde_json::from_slice(json).map_err(|e| format!("not Plansight JSON: {e}"))?;
    let frame = Frame::from_parts(&tables.projects, &tables.tasks, &tables.indicators);
    write_ipc(frame.table(name)).map_err(|e| format!("cannot write Arrow: {e}"))
}

/// A .docx, .xlsx, HTML page or Arrow file as the text form (UTF-8 bytes), for
/// the main module's `load`. Errors come in the page's language (`lang`: zh/en).
#[wasm_bindgen]
pub fn to_text(bytes: &[u8], lang: &str) -> Result<Vec<u8>, JsError> {
    let lang = if lang == "en" { Lang::En } else { Lang::Zh };
    plansight_core::form::to_text(bytes, &legacy_decoder)
        .map(String::into_bytes)
        .map_err(|e| JsError::new(&plansight_core::message::error(&e, lang)))
}

/// GB18030/GBK (an HTML page saved from an older site) through the browser's decoder.
fn legacy_decoder(bytes: &[u8]) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let decoder = web_sys::TextDecoder::new_with_label("gb18030").ok()?;
        decoder.decode_with_u8_array(&mut bytes.to_vec()).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    plansight_core::decode::gb18030(bytes)
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
    use plansight_core::analysis::Rows;
    use plansight_core::export;
    use plansight_core::frame::read_ipc;

    #[test]
    fn json_to_arrow_keeps_every_row() {
        let plan = plansight_core::read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let json = export::json(&Rows::from_plan(&plan), None, None, &[], &[]).unwrap();
        for (table, rows) in [("projects", 33), ("tasks", 34), ("indicators", plan.indicators.len())] {
            let (name, batches) = read_ipc(&ipc_from_json(&json, table).unwrap()).unwrap();
            assert_eq!(name.map(|n| n.id()), Some(table));
            assert_eq!(batches[0].num_rows(), rows);
        }
        assert!(ipc_from_json(b"{}", "projects").is_err());
        // A zip that is no .docx gets the core's message, not a panic.
        assert!(plansight_core::form::to_text(b"PK\x03\x04junk", &legacy_decoder).is_err());
        assert!(ipc_from_json(&json, "nope").is_err());
    }
}
