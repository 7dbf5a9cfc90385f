//! A saved page's plans: the files open in the page and its view, as one
//! container (read back by [`crate::read::bundle`]), and the seven-bit text
//! the single file carries binary payloads in.
//!
//! Container: `PLANSIGHT-BUNDLE\x01`, the view (a URL hash) and each file's
//! name and bytes, every length a little-endian u32 (u64 for a file's bytes)
//! before what it measures.

/// The container's first bytes (and its version).
pub const MAGIC: &[u8] = b"PLANSIGHT-BUNDLE\x01";

/// The view and the files (name, bytes) as a container.
pub fn write(view: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let size = MAGIC.len() + 8 + view.len() + files.iter().map(|(n, b)| 12 + n.len() + b.len()).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    let text = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    text(&mut out, view);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, bytes) in files {
        text(&mut out, name);
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// The characters a payload's text never holds inside its `<script>`: NUL
/// (the HTML parser replaces it), LF and CR (it folds CR LF), and `<` (so no
/// `</script` or `<!--` can appear, whatever the payload). `www/app.js`
/// (`sevenBit`) and [`crate::read::bundle::seven_bit`] decode it.
pub const SEVEN_BIT_AVOIDED: [u8; 4] = [0x00, 0x0A, 0x0D, 0x3C];

/// Binary as UTF-8 text at 8 bits of file per 7 bits of payload (base64 takes
/// 8 per 6), the way base-122 does it: the bits in groups of seven, MSB first;
/// a group is one ASCII byte unless it is an avoided character, which becomes
/// one two-byte character holding its index and the next group: code point
/// `(index + 1) << 7 | next` (0x80–0x27F). The last group is padded with zero
/// bits, so a reader needs the payload's length.
pub fn seven_bit(bytes: &[u8]) -> String {
    let bits = bytes.len() * 8;
    let group = |i: usize| -> u32 {
        (0..7).fold(0, |acc, k| {
            let bit = i * 7 + k;
            let set = bit < bits && bytes[bit / 8] & (0x80 >> (bit % 8)) != 0;
            acc << 1 | u32::from(set)
        })
    };
    let groups = bits.div_ceil(7);
    let mut out = String::with_capacity(groups + groups / 16);
    let mut i = 0;
    while i < groups {
        let g = group(i);
        match SEVEN_BIT_AVOIDED.iter().position(|&a| u32::from(a) == g) {
            None => out.push(char::from(g as u8)),
            Some(index) => {
                let next = if i + 1 < groups { group(i + 1) } else { 0 };
                // Below 0x280: always a character.
                out.extend(char::from_u32((index as u32 + 1) << 7 | next));
                i += 1;
            }
        }
        i += 1;
    }
    out
}
