//! Stage 1: bytes → text. Handles BOMs, UTF-8, GB18030/GBK (the encoding of many
//! government downloads) and line endings; refuses what is plainly not text.

use crate::model::PlanError;
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decodes document bytes into text with `\n` line endings.
pub fn decode(bytes: &[u8]) -> Result<String, PlanError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(PlanError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(PlanError::NotText(
            "this is a zip container (.docx/.xlsx?): export the plan as plain text (.txt) first".into(),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(PlanError::NotText("this is a PDF: export or copy the plan as plain text (.txt) first".into()));
    }
    let text = match Encoding::for_bom(bytes) {
        // A BOM names the encoding (UTF-8, UTF-16LE, UTF-16BE).
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned(),
        None => match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => text.into_owned(),
            // Not UTF-8: GB18030 is a superset of GBK and GB2312.
            None => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
        },
    };
    // NUL or many control characters mean binary data, whatever the decoder made of it.
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || controls * 20 > text.chars().count() {
        return Err(PlanError::NotText("the file holds binary data, not text".into()));
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let bytes = b"\xEF\xBB\xBF\xE4\xB8\x80\r\n\xE4\xBA\x8C";
        assert_eq!(decode(bytes).unwrap(), "一\n二");
    }

    #[test]
    fn gb18030() {
        let (bytes, _, _) = GB18030.encode("附件2 重点项目建设表");
        assert_eq!(decode(&bytes).unwrap(), "附件2 重点项目建设表");
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b"  \n ").unwrap_err(), PlanError::Empty);
        assert!(matches!(decode(b"\x00\x01\x02\x03abc").unwrap_err(), PlanError::NotText(_)));
        assert!(matches!(decode(b"PK\x03\x04....").unwrap_err(), PlanError::NotText(_)));
    }
}
