//! Stage 1, read: bytes → the [text form](textform). Which form a file is in,
//! told from its bytes (never its name), and one module per form that reads it.
//! May import: the model.
//!
//! | form | told by | reader |
//! | --- | --- | --- |
//! | Word .docx | a zip holding `word/` | [`docx`] (feature `office`) |
//! | Excel .xlsx | a zip holding `xl/` | [`xlsx`] (feature `office`) |
//! | Word 97–2003 .doc, .wps | a compound file whose root holds a `WordDocument` stream | [`doc`] (feature `doc`) |
//! | Excel 97–2003 .xls, .et | a compound file whose root holds a `Workbook` (or Excel 5's `Book`) stream | [`xls`] (feature `xls`) |
//! | Arrow IPC, Feather | `ARROW1` (file) or `FF FF FF FF` (stream; no text encoding starts so) | [`arrow`] (feature `arrow`) |
//! | Parquet | `PAR1` | [`parquet`] (feature `parquet`) |
//! | PDF | `%PDF-` in the first KiB | [`pdf`] (feature `pdf`) |
//! | HTML | text that opens with a tag and holds `<html`, `<body`, `<table` or `<p` | [`html`] (feature `html`) |
//! | CSV / TSV | text whose lines share one count of `,` `;` or tab separators | [`delimited`] |
//! | text | anything else that decodes ([`decode`]) | none: it is the text form already |
//!
//! Compound files ([`compound`]) are told by their root's entries, never by
//! bytes somewhere inside (a .doc holding an embedded sheet keeps it in a
//! storage of its own, not at the root). Password-protected Office files,
//! Word 6/95, Works and other compound files and other zips are refused
//! with a message saying how to get a readable file. [`text`] holds what every
//! later stage needs to read Chinese writing: full-width folding, Chinese
//! numerals, years.
//!
//! An engine's table (Arrow or Parquet) is a [`arrow::Table`] of record
//! batches; [`cells`] turns any column of it into the texts a document's cells
//! hold, so its text form (and `understand`'s column roles) read it as a
//! document's table.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod bundle;
#[cfg(feature = "arrow")]
pub mod cells;
#[cfg(feature = "arrow")]
pub mod codec;
pub mod compound;
pub mod decode;
pub mod delimited;
#[cfg(feature = "doc")]
pub mod doc;
#[cfg(feature = "office")]
pub mod docx;
#[cfg(feature = "html")]
pub mod html;
pub mod limits;
#[cfg(feature = "office")]
mod ooxml;
#[cfg(feature = "parquet")]
mod pages;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod text;
pub mod textform;
#[cfg(feature = "xls")]
pub mod xls;
#[cfg(feature = "office")]
pub mod xlsx;

use crate::model::{Fault, Form, PlanError, Unsupported};
use decode::LegacyDecoder;

/// Whether this build has the reader for the form.
pub fn readable(form: Form) -> bool {
    match form {
        Form::Text | Form::Delimited(_) => true,
        Form::Html => cfg!(feature = "html"),
        Form::Docx | Form::Xlsx => cfg!(feature = "office"),
        Form::Doc => cfg!(feature = "doc"),
        Form::Xls => cfg!(feature = "xls"),
        Form::Arrow => cfg!(feature = "arrow"),
        Form::Parquet => cfg!(feature = "parquet"),
        Form::Pdf => cfg!(feature = "pdf"),
    }
}

pub use limits::{MAX_FILE_BYTES, MAX_PDF_BYTES, MAX_TABLE_BYTES};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A compound file's form, from the entries of its root storage.
fn compound_form(bytes: &[u8]) -> Result<Form, PlanError> {
    let file =
        compound::Compound::open(bytes).map_err(|_| PlanError::Broken { form: None, fault: Fault::Container })?;
    let has = |name: &str| file.has(name);
    if has("EncryptedPackage") {
        // An .docx/.xlsx with a password: the package is encrypted inside a compound file.
        Err(PlanError::Unsupported(Unsupported::Encrypted))
    } else if has("WordDocument") {
        Ok(Form::Doc)
    } else if has("Workbook") || has("Book") {
        Ok(Form::Xls)
    } else if has("MatOST") || (has("CONTENTS") && has("SPELLING")) || has("WksSSWorkBook") {
        // Works' word processor (older and newer) and its spreadsheet.
        Err(PlanError::Unsupported(Unsupported::Works))
    } else {
        Err(PlanError::Unsupported(Unsupported::Compound))
    }
}

/// An Arrow or Parquet table, told by its first bytes alone (the page tells a
/// table of a hundred megabytes without copying it anywhere).
pub fn table_form(head: &[u8]) -> Option<Form> {
    if head.starts_with(b"ARROW1") || head.starts_with(&[0xFF; 4]) {
        Some(Form::Arrow)
    } else if head.starts_with(b"PAR1") {
        Some(Form::Parquet)
    } else {
        None
    }
}

/// Tells the form of the bytes, or why they cannot be read at all.
pub fn sniff(bytes: &[u8]) -> Result<Form, PlanError> {
    if let Some(form) = table_form(bytes) {
        return if bytes.len() > MAX_TABLE_BYTES {
            Err(PlanError::TooLarge { bytes: bytes.len(), limit: MAX_TABLE_BYTES })
        } else {
            Ok(form)
        };
    }
    // Readers accept junk before the header within the first KiB.
    if contains(&bytes[..bytes.len().min(1024)], b"%PDF-") {
        return if bytes.len() > MAX_PDF_BYTES {
            Err(PlanError::TooLarge { bytes: bytes.len(), limit: MAX_PDF_BYTES })
        } else {
            Ok(Form::Pdf)
        };
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PlanError::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Zip entries' names are stored uncompressed in their local headers.
        return if contains(bytes, b"word/") {
            Ok(Form::Docx)
        } else if contains(bytes, b"xl/") {
            Ok(Form::Xlsx)
        } else {
            Err(PlanError::Unsupported(Unsupported::Zip))
        };
    }
    if bytes.starts_with(&compound::SIGNATURE) {
        return compound_form(bytes);
    }
    Ok(Form::Text)
}

/// The form of decoded text: HTML, delimited, or plain text.
pub fn text_form(text: &str) -> Form {
    if looks_like_html(text) {
        Form::Html
    } else if let Some(delimiter) = delimited::sniff_delimiter(text) {
        Form::Delimited(delimiter)
    } else {
        Form::Text
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(4096).collect::<String>().to_ascii_lowercase();
    head.starts_with('<') && ["<html", "<body", "<table", "<p>", "<p ", "<div"].iter().any(|t| head.contains(t))
}

/// Reads any form into the text form, with the decoder for text that is not UTF-8.
pub fn to_text(bytes: &[u8], legacy: LegacyDecoder) -> Result<String, PlanError> {
    let form = sniff(bytes)?;
    match form {
        Form::Text => text_to_text(decode::decode_with(bytes, legacy)?),
        #[cfg(feature = "office")]
        Form::Docx => docx::to_text(bytes),
        #[cfg(feature = "office")]
        Form::Xlsx => xlsx::to_text(bytes),
        #[cfg(feature = "doc")]
        Form::Doc => doc::to_text(bytes),
        #[cfg(feature = "xls")]
        Form::Xls => xls::to_text(bytes),
        #[cfg(feature = "arrow")]
        Form::Arrow => arrow::to_text(table(bytes)?),
        #[cfg(feature = "parquet")]
        Form::Parquet => arrow::to_text(table(bytes)?),
        #[cfg(feature = "pdf")]
        Form::Pdf => pdf::to_text(bytes, legacy),
        _ => Err(PlanError::NeedsReader(form)),
    }
}

/// An Arrow IPC or Parquet file as a table of record batches.
#[cfg(feature = "arrow")]
pub fn table(bytes: &[u8]) -> Result<arrow::Table, PlanError> {
    match sniff(bytes)? {
        #[cfg(feature = "parquet")]
        Form::Parquet => parquet::table(bytes),
        Form::Arrow => arrow::ipc_table(bytes),
        form => Err(PlanError::NeedsReader(form)),
    }
}

/// [`table`] of bytes already held in a shared buffer: an Arrow file's
/// batches are views of it, not of a copy (the page's reader worker, a table
/// of 100 MB).
#[cfg(feature = "arrow")]
pub fn table_in(bytes: arrow_buffer::Buffer) -> Result<arrow::Table, PlanError> {
    match sniff(bytes.as_slice())? {
        #[cfg(feature = "parquet")]
        Form::Parquet => parquet::table(bytes.as_slice()),
        Form::Arrow => arrow::ipc_table_in(bytes),
        form => Err(PlanError::NeedsReader(form)),
    }
}

/// Decoded text that may still be HTML or CSV.
fn text_to_text(text: String) -> Result<String, PlanError> {
    match text_form(&text) {
        Form::Text => Ok(text),
        Form::Delimited(d) => Ok(delimited::to_text(&text, d)),
        #[cfg(feature = "html")]
        Form::Html => Ok(html::to_text(&text)),
        form => Err(PlanError::NeedsReader(form)),
    }
}

/// The form of the bytes when this build cannot read it (the page then asks its
/// second module, which has every reader).
pub fn needs_reader(bytes: &[u8]) -> Option<Form> {
    let form = match sniff(bytes).ok()? {
        // Tags are ASCII: a lossy decode tells HTML and CSV in GBK as well as in UTF-8.
        Form::Text => text_form(&decode::decode_with(bytes, &|b| Some(String::from_utf8_lossy(b).into_owned())).ok()?),
        form => form,
    };
    (!readable(form)).then_some(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_from_bytes() {
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Ok(Form::Docx));
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), Ok(Form::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04....other"), Err(PlanError::Unsupported(Unsupported::Zip)));
        // A compound file is told by its directory: these bytes name a stream but hold no directory.
        let mut named = compound::SIGNATURE.to_vec();
        named.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&named), Err(PlanError::Broken { form: None, fault: Fault::Container }));
        let one = |name: &str| compound::single_stream(name, b"data");
        assert_eq!(sniff(&one("WordDocument")), Ok(Form::Doc));
        assert_eq!(sniff(&one("Workbook")), Ok(Form::Xls));
        assert_eq!(sniff(&one("Book")), Ok(Form::Xls));
        assert_eq!(sniff(&one("EncryptedPackage")), Err(PlanError::Unsupported(Unsupported::Encrypted)));
        assert_eq!(sniff(&one("MatOST")), Err(PlanError::Unsupported(Unsupported::Works)));
        assert_eq!(sniff(&one("PowerPoint Document")), Err(PlanError::Unsupported(Unsupported::Compound)));
        assert_eq!(sniff(b"%PDF-1.7"), Ok(Form::Pdf));
        assert_eq!(sniff(b"\xEF\xBB\xBF%PDF-1.4"), Ok(Form::Pdf));
        assert_eq!(sniff(b"ARROW1\0\0"), Ok(Form::Arrow));
        assert_eq!(sniff(b"\xFF\xFF\xFF\xFF\x10\0\0\0"), Ok(Form::Arrow));
        assert_eq!(text_form("<!DOCTYPE html><html><body><p>x</p>"), Form::Html);
        assert_eq!(text_form("序号,名称,投资\n1,甲,2\n2,乙,3\n"), Form::Delimited(b','));
        assert_eq!(text_form("一、总体要求\n到2025年，实现A、B，C。\n"), Form::Text);
        assert_eq!(text_form("附件2\n\t序号\n\t名称\n\n\t1\n\t甲\n"), Form::Text);
        // An HTML page in GBK is told as HTML without a GBK decoder.
        let gbk_html = b"<html><body><p>\xc4\xb3\xd5\xf2</p>";
        assert_eq!(needs_reader(gbk_html), if cfg!(feature = "html") { None } else { Some(Form::Html) });
    }
}
