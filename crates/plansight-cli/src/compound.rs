//! An OLE compound file (.xls, .doc) checked against the bytes it really has,
//! before calamine reads it. calamine sizes its reads from the header's counts
//! and follows sector chains until they end, so a damaged count or a chain
//! that loops asks for all of a machine's memory (calamine issue #684). Here
//! every count is held to the file's size and every chain must end within the
//! sectors the file holds; what fails is refused as damaged, in a few
//! microseconds and no allocation larger than the file.
//!
//! The format (MS-CFB): a 512-byte header; sectors of 512 (version 3) or 4096
//! bytes (version 4), sector `i` at `(i + 1) × size`; the FAT chains sectors,
//! listed by the DIFAT (109 entries in the header, then a chain of DIFAT
//! sectors); directory entries of 128 bytes in the directory chain; streams
//! under 4096 bytes live in the mini stream (64-byte mini sectors, chained by
//! the mini FAT).

const SIGNATURE: [u8; 8] = *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector ids from here up are markers, not sectors.
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Why a compound file is refused.
fn damaged(why: &str) -> String {
    format!("the .xls file is damaged ({why}): open it in Excel or WPS, save it again and retry")
}

/// Checks the structure of a compound file; Ok when calamine may read it,
/// with the bytes of its workbook stream (`Workbook`, or `Book` of Excel 5)
/// when it has one, so the records in it can be checked too.
pub fn check(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE {
        return Err(damaged("no compound-file header"));
    }
    let size = match u16_at(bytes, 30) {
        9 => 512usize,
        12 => 4096,
        _ => return Err(damaged("an unknown sector size")),
    };
    if u16_at(bytes, 32) != 6 {
        return Err(damaged("an unknown mini sector size"));
    }
    // The sectors the bytes hold (a last, partial sector counts: writers pad).
    let sectors = bytes.len().saturating_sub(size).div_ceil(size);
    let sector = |id: u32| -> Result<&[u8], String> {
        let start = (id as usize + 1).checked_mul(size).ok_or_else(|| damaged("a sector id past the file"))?;
        let end = (start + size).min(bytes.len());
        bytes.get(start..end).filter(|s| !s.is_empty()).ok_or_else(|| damaged("a sector past the end of the file"))
    };
    let fat_sectors = u32_at(bytes, 44) as usize;
    let difat_sectors = u32_at(bytes, 72) as usize;
    let mini_fat_sectors = u32_at(bytes, 64) as usize;
    if fat_sectors > sectors || difat_sectors > sectors || mini_fat_sectors > sectors {
        return Err(damaged("a count of sectors larger than the file"));
    }
    // The FAT's sectors: 109 listed in the header, the rest in the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut next = u32_at(bytes, 68);
    for _ in 0..difat_sectors {
        if next > MAX_REGULAR {
            break;
        }
        let s = sector(next)?;
        let per = s.len() / 4;
        fat_ids.extend((0..per.saturating_sub(1)).map(|i| u32_at(s, 4 * i)));
        next = if per > 0 { u32_at(s, 4 * (per - 1)) } else { END_OF_CHAIN };
    }
    if next <= MAX_REGULAR && difat_sectors > 0 {
        return Err(damaged("a DIFAT chain longer than its count"));
    }
    let mut fat: Vec<u32> = Vec::with_capacity(fat_sectors * size / 4);
    for &id in fat_ids.iter().filter(|&&id| id <= MAX_REGULAR).take(fat_sectors) {
        let s = sector(id)?;
        fat.extend((0..s.len() / 4).map(|i| u32_at(s, 4 * i)));
    }
    // A chain: sector ids from `start` through the FAT, ending within the file.
    let chain = |start: u32, table: &[u32], limit: usize| -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if id > MAX_REGULAR || ids.len() >= limit {
                return Err(damaged("a sector chain that loops or runs past the file"));
            }
            ids.push(id);
            id = *table.get(id as usize).ok_or_else(|| damaged("a chain through a sector the FAT does not list"))?;
        }
        Ok(ids)
    };
    let directory = chain(u32_at(bytes, 48), &fat, sectors)?;
    if directory.is_empty() {
        return Err(damaged("no directory"));
    }
    let mut entries = Vec::new();
    for &id in &directory {
        entries.extend_from_slice(sector(id)?);
    }
    // The mini FAT and the root's mini stream.
    let mini_fat_ids = chain(u32_at(bytes, 60), &fat, sectors)?;
    if mini_fat_ids.len() > mini_fat_sectors.max(mini_fat_ids.len().min(1)) {
        return Err(damaged("a mini FAT longer than its count"));
    }
    let mut mini_fat = Vec::new();
    for &id in &mini_fat_ids {
        let s = sector(id)?;
        mini_fat.extend((0..s.len() / 4).map(|i| u32_at(s, 4 * i)));
    }
    // calamine loads the mini stream from the first entry, whatever its kind,
    // to the length that entry states: held to the file, its chain to an end.
    let stated_len = |e: &[u8]| {
        // Version 3 files keep only the low 32 bits of a size.
        if size == 512 {
            u32_at(e, 120) as u64
        } else {
            u64::from_le_bytes(e[120..128].try_into().expect("eight bytes"))
        }
    };
    let (mini_stream_len, mini_stream_ids) = if mini_fat_sectors > 0 {
        let root = entries.get(..128).ok_or_else(|| damaged("no root entry"))?;
        let len = stated_len(root);
        if len > bytes.len() as u64 {
            return Err(damaged("a mini stream larger than the file"));
        }
        (len, chain(u32_at(root, 116), &fat, sectors)?)
    } else {
        (0, Vec::new())
    };
    let cutoff = u32_at(bytes, 56) as u64;
    for (k, e) in entries.chunks_exact(128).enumerate() {
        let kind = e[66];
        if kind != 1 && kind != 2 && kind != 5 {
            continue; // unused entry
        }
        let start = u32_at(e, 116);
        let len = stated_len(e);
        if len > bytes.len() as u64 * 64 {
            return Err(damaged("a stream larger than the file can hold"));
        }
        let (in_mini, table, unit) = match kind {
            5 => (false, &fat, size as u64),
            2 if len < cutoff && k != 0 => (true, &mini_fat, 64u64),
            2 => (false, &fat, size as u64),
            _ => continue, // a storage holds no data of its own
        };
        if len == 0 {
            continue;
        }
        let limit = if in_mini { (mini_stream_len / 64 + 1) as usize } else { sectors };
        let ids = chain(start, table, limit)?;
        if (ids.len() as u64) * unit < len {
            return Err(damaged("a stream longer than its chain"));
        }
    }
    // The workbook stream found as calamine finds it: the first entry of any
    // kind named Workbook (else Book) in any case, its name read to its first
    // zero; in the mini stream when under 4096 bytes.
    let named = |name: &str| entries.chunks_exact(128).find(|e| entry_name(e).eq_ignore_ascii_case(name));
    let Some(e) = named("Workbook").or_else(|| named("Book")) else { return Ok(None) };
    let len = stated_len(e);
    if len > bytes.len() as u64 * 64 {
        return Err(damaged("a stream larger than the file can hold"));
    }
    let in_mini = len < 4096;
    let (table, unit, limit) =
        if in_mini { (&mini_fat, 64u64, (mini_stream_len / 64 + 1) as usize) } else { (&fat, size as u64, sectors) };
    let ids = chain(u32_at(e, 116), table, limit)?;
    if (ids.len() as u64) * unit < len {
        return Err(damaged("a stream longer than its chain"));
    }
    // Every piece is within the file (the chains were checked): no more bytes than it has.
    let mut stream = Vec::new();
    if in_mini {
        let mut mini = Vec::new();
        for &id in &mini_stream_ids {
            mini.extend_from_slice(sector(id)?);
        }
        for &id in &ids {
            let at = id as usize * 64;
            stream
                .extend_from_slice(mini.get(at..at + 64).ok_or_else(|| damaged("a mini sector past the mini stream"))?);
        }
    } else {
        for &id in &ids {
            stream.extend_from_slice(sector(id)?);
        }
    }
    stream.truncate(len as usize);
    Ok(Some(stream))
}

/// A directory entry's name: UTF-16 in its first 64 bytes, to the first zero.
fn entry_name(e: &[u8]) -> String {
    let units: Vec<u16> =
        e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_passes_and_damaged_counts_are_refused() {
        let good = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/old_excel.xls")).unwrap();
        let workbook = check(&good).unwrap().expect("a workbook stream");
        assert_eq!(u16_at(&workbook, 0), 0x0809, "the stream opens with a BOF record");
        // A FAT count far past the file.
        let mut b = good.clone();
        b[44..48].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        assert!(check(&b).unwrap_err().contains("damaged"));
        // The directory chain looping onto itself.
        let mut b = good.clone();
        let dir = u32_at(&b, 48);
        let fat0 = u32_at(&b, 76) as usize;
        let at = (fat0 + 1) * 512 + 4 * dir as usize;
        b[at..at + 4].copy_from_slice(&dir.to_le_bytes());
        assert!(check(&b).unwrap_err().contains("loops"));
        // The first entry stating a mini stream of gigabytes (calamine follows its chain to that length).
        let b = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/hostile/xls-mini-stream-past-the-file.xls"
        ))
        .unwrap();
        assert!(check(&b).unwrap_err().contains("mini stream larger"), "{:?}", check(&b));
        // Cut short.
        assert!(check(&good[..good.len() / 2]).is_err());
        assert!(check(&good[..300]).is_err());
    }
}
