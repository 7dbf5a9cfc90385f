//! A saved copy of the page (保存为单个文件): the plans open and the view,
//! as the core bundles them (`write::bundle`), for `www/app.js` to put into a
//! copy of the single file; and reading them back when such a copy opens.
//! The plans travel as data: a container in seven-bit text inside a script
//! element that never runs, never as markup.

use plansight_core::read::bundle;
use plansight_core::write::message::{self, Lang};
use wasm_bindgen::prelude::*;

/// The files (`names`, their bytes one after another in `data`, `lengths`
/// each) and the view (`hash`) as one container.
#[wasm_bindgen]
pub fn bundle_plans(hash: &str, names: Vec<String>, data: &[u8], lengths: Vec<u32>) -> Result<Vec<u8>, JsError> {
    let mut files = Vec::with_capacity(names.len());
    let mut at = 0usize;
    for (name, &len) in names.iter().zip(&lengths) {
        let end = at
            .checked_add(len as usize)
            .filter(|&e| e <= data.len())
            .ok_or_else(|| JsError::new("lengths past the data"))?;
        files.push((name.as_str(), &data[at..end]));
        at = end;
    }
    Ok(plansight_core::write::bundle::write(hash, &files))
}

/// Binary as the single file's seven-bit text (gzip first, in the page).
#[wasm_bindgen]
pub fn seven_bit(bytes: &[u8]) -> String {
    plansight_core::write::bundle::seven_bit(bytes)
}

/// A saved copy's plans, read back: the view, then each file by index.
#[wasm_bindgen]
pub struct SavedPlans(bundle::Bundle);

#[wasm_bindgen]
impl SavedPlans {
    /// Reads a container; a damaged one is refused with a message in `lang`.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], lang: &str) -> Result<SavedPlans, JsError> {
        let lang = if lang == "en" { Lang::En } else { Lang::Zh };
        bundle::read(bytes).map(SavedPlans).map_err(|e| JsError::new(&message::error(&e, lang)))
    }

    pub fn view(&self) -> String {
        self.0.view.clone()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.files.iter().map(|(n, _)| n.clone()).collect()
    }

    pub fn file(&self, index: usize) -> Vec<u8> {
        self.0.files.get(index).map(|(_, b)| b.clone()).unwrap_or_default()
    }
}
