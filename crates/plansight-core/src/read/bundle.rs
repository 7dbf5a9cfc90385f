//! A saved page's plans (the container [`crate::write::bundle`] writes):
//! the view and the files, every length held to the bytes there are.

use crate::model::PlanError;

const MAGIC: &[u8] = b"PLANSIGHT-BUNDLE\x01";
/// Files a page saves at most (a folder of plans: hundreds).
const MAX_FILES: usize = 10_000;

/// The view (a URL hash) and the files (name, bytes) of a saved page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    pub view: String,
    pub files: Vec<(String, Vec<u8>)>,
}

fn damaged(why: &str) -> PlanError {
    PlanError::Damaged { kind: "Plansight", why: why.into() }
}

/// Reads a container; a damaged one is refused, never trusted.
pub fn read(bytes: &[u8]) -> Result<Bundle, PlanError> {
    let mut rest = bytes.strip_prefix(MAGIC).ok_or_else(|| damaged("not a saved page's plans"))?;
    let mut take = |n: usize| -> Result<&[u8], PlanError> {
        if n > rest.len() {
            return Err(damaged("a length past the end"));
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("four bytes")) as usize;
    let view_len = u32_at(take(4)?);
    let view = String::from_utf8(take(view_len)?.to_vec()).map_err(|_| damaged("a view that is no text"))?;
    let count = u32_at(take(4)?);
    if count > MAX_FILES {
        return Err(damaged("more files than a page holds"));
    }
    let mut files = Vec::new();
    for _ in 0..count {
        let name_len = u32_at(take(4)?);
        let name = String::from_utf8(take(name_len)?.to_vec()).map_err(|_| damaged("a name that is no text"))?;
        let len = u64::from_le_bytes(take(8)?.try_into().expect("eight bytes"));
        let len = usize::try_from(len).map_err(|_| damaged("a file larger than memory"))?;
        files.push((name, take(len)?.to_vec()));
    }
    Ok(Bundle { view, files })
}

/// Seven-bit text (see [`crate::write::bundle::seven_bit`]) back to its
/// `len` bytes; None for a character no encoder writes.
pub fn seven_bit(text: &str, len: usize) -> Option<Vec<u8>> {
    const AVOIDED: [u8; 4] = [0x00, 0x0A, 0x0D, 0x3C];
    // Every character carries at least 7 bits: the text bounds the length.
    let mut out = Vec::with_capacity(len.min(text.len() * 7 / 8 + 1));
    let (mut acc, mut bits) = (0u32, 0);
    let mut put = |v: u32, out: &mut Vec<u8>| {
        acc = acc << 7 | v;
        bits += 7;
        if bits >= 8 {
            bits -= 8;
            if out.len() < len {
                out.push((acc >> bits) as u8);
            }
            acc &= (1 << bits) - 1;
        }
    };
    for c in text.chars().map(u32::from) {
        if c < 0x80 {
            put(c, &mut out);
        } else {
            let index = (c >> 7).checked_sub(1).filter(|&i| (i as usize) < AVOIDED.len())?;
            put(u32::from(AVOIDED[index as usize]), &mut out);
            put(c & 0x7F, &mut out);
        }
    }
    (out.len() == len).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::bundle::{seven_bit as encode, write};

    #[test]
    fn a_bundle_round_trips_and_a_damaged_one_is_refused() {
        let files: [(&str, &[u8]); 2] = [("2024.xlsx", b"PK\x03\x04..."), ("编辑/2025.csv", b"a,b\n1,2\n")];
        let bytes = write("t=交通&p=1", &files);
        let bundle = read(&bytes).unwrap();
        assert_eq!(bundle.view, "t=交通&p=1");
        assert_eq!(bundle.files[1], ("编辑/2025.csv".to_string(), b"a,b\n1,2\n".to_vec()));
        for cut in 0..bytes.len() {
            assert!(read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[MAGIC.len() + 4 + "t=交通&p=1".len()..][..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(&huge).is_err());
    }

    #[test]
    fn seven_bit_text_round_trips_and_never_holds_what_html_would_change() {
        let mut state = 0x2545F4914F6CDD1Du64;
        let random: Vec<u8> = (0..100_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let mut cases: Vec<Vec<u8>> = (0..20).map(|n| vec![0u8; n]).collect();
        cases.extend((0..20).map(|n| vec![0xFF; n]));
        cases.push(b"</script><!--\r\n\0".repeat(50));
        cases.push(random.clone());
        for bytes in &cases {
            let text = encode(bytes);
            assert!(!text.contains(['\0', '\n', '\r', '<']));
            assert_eq!(seven_bit(&text, bytes.len()).as_ref(), Some(bytes));
        }
        // About 8 bytes of text per 7 of payload (base64: 8 per 6).
        let ratio = encode(&random).len() as f64 / random.len() as f64;
        assert!((1.13..1.16).contains(&ratio), "{ratio}");
        assert_eq!(seven_bit("\u{300}", 1), None);
        assert_eq!(seven_bit("ab", 100), None);
    }
}
