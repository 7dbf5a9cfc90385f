//! PDF with text → the text form (feature `pdf`). A PDF has no paragraphs
//! or tables, only characters drawn at places and lines drawn between them;
//! this reader finds them again from those places, the way pdfplumber,
//! camelot and Tabula do.
//!
//! | module | job |
//! | --- | --- |
//! | [`syntax`] | tokens and objects |
//! | [`file`] | cross-reference, object streams, streams decoded ([`filters`]) and decrypted ([`crypt`]: the empty user password) |
//! | [`font`], [`cmap`], [`encoding`] | a shown string's codes, their text (ToUnicode; Chinese CMaps and Adobe-GB1 without it, `gb1.rs`) and advances |
//! | [`content`] | the page tree; each page's characters with their places, its rulings, its images' cover |
//! | [`layout`] | characters and rulings → paragraphs and tables (headers, footers and page numbers dropped; tables continued across pages) |
//!
//! A PDF of scanned pages (images, no text) and one whose fonts carry no
//! character map are told so; so is one that needs a password. Every size,
//! offset and count read from the file is held to its bytes, decoded streams
//! to one budget, and the page tree, forms and operators to fixed bounds.

pub mod cmap;
pub mod content;
pub mod crypt;
pub mod encoding;
pub mod file;
pub mod filters;
pub mod font;
mod gb1;
pub mod layout;
pub mod syntax;

use crate::model::{PlanError, Unsupported};
use crate::read::decode::LegacyDecoder;

/// The pages of a PDF as drawn (for the layout, and for looking at a file).
pub fn pages(bytes: &[u8], legacy: LegacyDecoder) -> Result<Vec<content::Page>, PlanError> {
    let file = file::File::open(bytes).map_err(|e| match e {
        file::OpenError::NoDocument => PlanError::Unsupported(Unsupported::PdfDamaged),
        file::OpenError::Crypt(_) => PlanError::Unsupported(Unsupported::PdfLocked),
    })?;
    let gbk = font::Gbk::new(legacy);
    let pages = content::pages(&file, &gbk);
    if pages.is_empty() {
        return Err(PlanError::Unsupported(Unsupported::PdfDamaged));
    }
    Ok(pages)
}

/// A PDF's text as the text form.
pub fn to_text(bytes: &[u8], legacy: LegacyDecoder) -> Result<String, PlanError> {
    let pages = pages(bytes, legacy)?;
    let chars: usize = pages.iter().map(|p| p.chars.len()).sum();
    let unknown: usize = pages.iter().flat_map(|p| &p.chars).filter(|c| c.text.contains('\u{FFFD}')).count();
    if chars < 10 {
        let scanned = pages.iter().filter(|p| p.image_cover > 0.3).count() * 2 >= pages.len();
        return Err(PlanError::Unsupported(if scanned { Unsupported::PdfScanned } else { Unsupported::PdfNoText }));
    }
    if unknown * 2 > chars {
        return Err(PlanError::Unsupported(Unsupported::PdfNoText));
    }
    Ok(layout::text_form(&pages))
}
