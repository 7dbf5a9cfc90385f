//! Bytes → text. Handles BOMs (UTF-8, UTF-16), UTF-8, GB18030/GBK (the
//! encoding of many government downloads) and line endings; refuses what is
//! plainly not text. (Which form a file is in is told before, by `form`.) The legacy decoder is pluggable: encoding_rs natively, the
//! browser's TextDecoder in the page (see the `gb18030` feature).

use crate::model::PlanError;

/// Decodes bytes that are not UTF-8 as GB18030 (a superset of GBK and GB2312),
/// or returns None when it cannot.
pub type LegacyDecoder<'a> = &'a dyn Fn(&[u8]) -> Option<String>;

/// GB18030 through encoding_rs, when built with the `gb18030` feature.
pub fn gb18030(bytes: &[u8]) -> Option<String> {
    #[cfg(feature = "gb18030")]
    {
        Some(encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned())
    }
    #[cfg(not(feature = "gb18030"))]
    {
        let _ = bytes;
        None
    }
}

/// Decodes document bytes into text with `\n` line endings.
pub fn decode(bytes: &[u8]) -> Result<String, PlanError> {
    decode_with(bytes, &gb18030)
}

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Like [`decode`], with the decoder to use for text that is not UTF-8.
pub fn decode_with(bytes: &[u8], legacy: LegacyDecoder) -> Result<String, PlanError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(PlanError::Empty);
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => legacy(bytes).ok_or_else(|| {
                PlanError::NotText("the text is not UTF-8, and no GB18030 decoder is available here".into())
            })?,
        }
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
    fn utf16_both_orders() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("附件2".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("附件2".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(decode(&le).unwrap(), "附件2");
        assert_eq!(decode(&be).unwrap(), "附件2");
    }

    #[cfg(feature = "gb18030")]
    #[test]
    fn gb18030_text() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("附件2 重点项目建设表");
        assert_eq!(decode(&bytes).unwrap(), "附件2 重点项目建设表");
    }

    #[test]
    fn without_a_legacy_decoder_the_error_says_so() {
        let err = decode_with(b"\xB8\xBD\xBC\xFE", &|_| None).unwrap_err();
        assert!(matches!(err, PlanError::NotText(why) if why.contains("GB18030")));
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b"  \n ").unwrap_err(), PlanError::Empty);
        assert!(matches!(decode(b"\x00\x01\x02\x03abc").unwrap_err(), PlanError::NotText(_)));
    }
}
