//! OLE compound files (MS-CFB), the container of Word 97–2003 .doc, WPS .wps,
//! Excel 97–2003 .xls and WPS .et: opened with every count and chain held to
//! the bytes the file has, its root's entries listed, and a named stream's
//! bytes read (from the FAT, or from the mini stream). Nothing read from the
//! file sizes an allocation before it is checked against the file's length, so
//! a damaged count or a chain that loops gets a message, never all of a
//! machine's memory (calamine issue #684 was that).
//!
//! The format: a 512-byte header; sectors of 512 (version 3) or 4096 bytes
//! (version 4), sector `i` at `(i + 1) × size`; the FAT chains sectors and is
//! itself listed by the DIFAT (109 entries in the header, then a chain of DIFAT
//! sectors); 128-byte directory entries in the directory chain, a red-black
//! tree of siblings under each storage; streams under 4096 bytes live in the
//! mini stream (the root entry's stream, in 64-byte mini sectors chained by the
//! mini FAT).
//!
//! [`single_stream`] writes the other way: one stream in a compound file of
//! our own making, so that calamine reads a workbook from a container whose
//! every sector this module wrote.

pub const SIGNATURE: [u8; 8] = *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector ids from here up are markers, not sectors.
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
/// Streams shorter than this live in the mini stream (MS-CFB: it must be 4096).
const CUTOFF: u64 = 4096;
const MINI: usize = 64;
const ENTRY: usize = 128;

/// The file is not a compound file that its own counts and chains describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// What a directory entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Storage,
    Stream,
    Root,
}

/// One directory entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    pub len: u64,
}

pub struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    /// Every slot of the directory (None: unused), by its id.
    entries: Vec<Option<Entry>>,
}

impl<'a> Compound<'a> {
    /// Opens the container: header, DIFAT, FAT, directory and mini FAT, each
    /// count held to the sectors the bytes hold.
    pub fn open(bytes: &'a [u8]) -> Result<Compound<'a>, Damaged> {
        if bytes.len() < 512 || bytes[..8] != SIGNATURE || u16_at(bytes, 32) != 6 {
            return Err(Damaged);
        }
        let sector = match u16_at(bytes, 30) {
            9 => 512usize,
            12 => 4096,
            _ => return Err(Damaged),
        };
        let file = Compound { bytes, sector, fat: Vec::new(), mini_fat: Vec::new(), entries: Vec::new() };
        // The sectors the bytes hold (a last, partial sector counts: writers pad).
        let sectors = file.sectors();
        let fat_sectors = u32_at(bytes, 44) as usize;
        let mini_fat_sectors = u32_at(bytes, 64) as usize;
        let difat_sectors = u32_at(bytes, 72) as usize;
        if fat_sectors > sectors || mini_fat_sectors > sectors || difat_sectors > sectors {
            return Err(Damaged);
        }
        // The FAT's sectors: 109 listed in the header, the rest in the DIFAT chain.
        let mut fat_ids: Vec<u32> = (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut next = u32_at(bytes, 68);
        for _ in 0..difat_sectors {
            if next > MAX_REGULAR {
                break;
            }
            let s = file.sector(next)?;
            let per = s.len() / 4;
            fat_ids.extend((0..per.saturating_sub(1)).map(|i| u32_at(s, 4 * i)));
            next = if per > 0 { u32_at(s, 4 * (per - 1)) } else { END_OF_CHAIN };
        }
        let mut fat = Vec::with_capacity(fat_sectors.min(sectors) * sector / 4);
        for &id in fat_ids.iter().filter(|&&id| id <= MAX_REGULAR).take(fat_sectors) {
            let s = file.sector(id)?;
            fat.extend((0..s.len() / 4).map(|i| u32_at(s, 4 * i)));
        }
        let file = Compound { fat, ..file };
        // The directory's chain must end within the file; its entries are read once.
        let directory = file.chain(u32_at(bytes, 48), &file.fat, sectors, None)?;
        let mut slots = Vec::new();
        for &id in &directory {
            slots.extend_from_slice(file.sector(id)?);
        }
        let entries: Vec<Option<Entry>> = slots.chunks_exact(ENTRY).map(|e| entry(e, sector)).collect();
        if !matches!(entries.first(), Some(Some(Entry { kind: Kind::Root, .. }))) {
            return Err(Damaged);
        }
        let mut mini_fat = Vec::new();
        if mini_fat_sectors > 0 {
            for id in file.chain(u32_at(bytes, 60), &file.fat, sectors, None)? {
                let s = file.sector(id)?;
                mini_fat.extend((0..s.len() / 4).map(|i| u32_at(s, 4 * i)));
            }
        }
        Ok(Compound { mini_fat, entries, ..file })
    }

    fn sectors(&self) -> usize {
        self.bytes.len().saturating_sub(self.sector).div_ceil(self.sector)
    }

    /// A sector's bytes (the last one may be short).
    fn sector(&self, id: u32) -> Result<&'a [u8], Damaged> {
        let start = (id as usize).checked_add(1).and_then(|n| n.checked_mul(self.sector)).ok_or(Damaged)?;
        let end = start.saturating_add(self.sector).min(self.bytes.len());
        self.bytes.get(start..end).filter(|s| !s.is_empty()).ok_or(Damaged)
    }

    /// The ids of a chain from `start` through `table`: at most `limit` long,
    /// and exactly `want` long when the length is known (a stream's), so a
    /// chain that loops or runs past the table is refused.
    fn chain(&self, start: u32, table: &[u32], limit: usize, want: Option<usize>) -> Result<Vec<u32>, Damaged> {
        let mut ids = Vec::new();
        let mut id = start;
        while want.is_none_or(|n| ids.len() < n) {
            if id == END_OF_CHAIN && want.is_none() {
                break;
            }
            if id > MAX_REGULAR || ids.len() >= limit {
                return Err(Damaged);
            }
            ids.push(id);
            id = *table.get(id as usize).ok_or(Damaged)?;
        }
        Ok(ids)
    }

    /// The root storage's entries, each once (a damaged tree that loops or
    /// points past the directory ends the walk at what was seen).
    pub fn root_entries(&self) -> Vec<&Entry> {
        let mut seen = vec![false; self.entries.len()];
        let mut out = Vec::new();
        let mut stack = vec![self.entries.first().and_then(Option::as_ref).map_or(FREE, |root| root.child)];
        while let Some(id) = stack.pop() {
            let Some(Some(e)) = self.entries.get(id as usize) else { continue };
            if std::mem::replace(&mut seen[id as usize], true) {
                continue;
            }
            out.push(e);
            stack.extend([e.right, e.left]);
        }
        out
    }

    /// Whether the root holds an entry of this name (names compare without case, as MS-CFB says).
    pub fn has(&self, name: &str) -> bool {
        self.root_entries().iter().any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// A stream of the root by name: its bytes, or None when there is no such stream.
    pub fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, Damaged> {
        match self.root_entries().into_iter().find(|e| e.kind == Kind::Stream && e.name.eq_ignore_ascii_case(name)) {
            Some(e) => self.read(e).map(Some),
            None => Ok(None),
        }
    }

    /// An entry's bytes: no stream is longer than the file that holds it.
    fn read(&self, e: &Entry) -> Result<Vec<u8>, Damaged> {
        if e.len > self.bytes.len() as u64 {
            return Err(Damaged);
        }
        let len = e.len as usize;
        let mut out = Vec::with_capacity(len);
        if e.kind == Kind::Root || e.len >= CUTOFF {
            for id in self.chain(e.start, &self.fat, self.sectors(), Some(len.div_ceil(self.sector)))? {
                out.extend_from_slice(self.sector(id)?);
            }
        } else {
            let root = self.entries.first().and_then(Option::as_ref).ok_or(Damaged)?;
            let mini = self.read(root)?;
            let count = mini.len() / MINI;
            for id in self.chain(e.start, &self.mini_fat, count, Some(len.div_ceil(MINI)))? {
                let at = id as usize * MINI;
                out.extend_from_slice(mini.get(at..at + MINI).ok_or(Damaged)?);
            }
        }
        if out.len() < len {
            return Err(Damaged);
        }
        out.truncate(len);
        Ok(out)
    }
}

/// A directory slot: None when unused.
fn entry(e: &[u8], sector: usize) -> Option<Entry> {
    let kind = match e[66] {
        1 => Kind::Storage,
        2 => Kind::Stream,
        5 => Kind::Root,
        _ => return None,
    };
    // The name's length counts its terminating zero, in bytes (at most 64).
    let units = (u16_at(e, 64) as usize / 2).min(32);
    let name: Vec<u16> = (0..units).map(|i| u16_at(e, 2 * i)).take_while(|&u| u != 0).collect();
    // Version 3 files keep only the low 32 bits of a size (some leave junk above them).
    let len = if sector == 512 {
        u64::from(u32_at(e, 120))
    } else {
        u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32
    };
    Some(Entry {
        name: String::from_utf16_lossy(&name),
        kind,
        left: u32_at(e, 68),
        right: u32_at(e, 72),
        child: u32_at(e, 76),
        start: u32_at(e, 116),
        len,
    })
}

/// A compound file (version 3: 512-byte sectors) holding one stream under the
/// root, laid out as MS-CFB says: DIFAT sectors, FAT sectors, the directory,
/// then the stream (a short one in the mini stream, with its mini FAT).
pub fn single_stream(name: &str, data: &[u8]) -> Vec<u8> {
    const SIZE: usize = 512;
    const PER: usize = SIZE / 4;
    let mini = (data.len() as u64) < CUTOFF;
    // Sectors of the data, and (for a short stream) of its mini FAT.
    let (data_sectors, mini_fat_sectors) =
        if mini { ((data.len().div_ceil(MINI) * MINI).div_ceil(SIZE), 1) } else { (data.len().div_ceil(SIZE), 0) };
    // The FAT lists every sector, its own and the DIFAT's too.
    let (mut fat, mut difat) = (1usize, 0usize);
    loop {
        let total = difat + fat + 1 + mini_fat_sectors + data_sectors;
        let (f, d) = (total.div_ceil(PER), fat.saturating_sub(109).div_ceil(PER - 1));
        if (f, d) == (fat, difat) {
            break;
        }
        (fat, difat) = (f, d);
    }
    let first_fat = difat;
    let directory = difat + fat;
    let first_data = directory + 1 + mini_fat_sectors;
    let total = first_data + data_sectors;
    let id = |n: usize| n as u32;
    let mut table = vec![FREE; fat * PER];
    table[..difat].fill(DIFAT_SECTOR);
    table[first_fat..directory].fill(FAT_SECTOR);
    table[directory] = END_OF_CHAIN;
    if mini {
        table[directory + 1] = END_OF_CHAIN;
    }
    // The data's sectors, one chain.
    for (s, next) in table.iter_mut().enumerate().take(total).skip(first_data) {
        *next = if s + 1 < total { id(s + 1) } else { END_OF_CHAIN };
    }
    let mut out = vec![0u8; SIZE * (total + 1)];
    let put = |out: &mut [u8], at: usize, v: u32| out[at..at + 4].copy_from_slice(&v.to_le_bytes());
    out[..8].copy_from_slice(&SIGNATURE);
    out[24..34].copy_from_slice(&[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]);
    put(&mut out, 44, id(fat));
    put(&mut out, 48, id(directory));
    put(&mut out, 56, CUTOFF as u32);
    put(&mut out, 60, if mini { id(directory + 1) } else { END_OF_CHAIN });
    put(&mut out, 64, id(mini_fat_sectors));
    put(&mut out, 68, if difat > 0 { 0 } else { END_OF_CHAIN });
    put(&mut out, 72, id(difat));
    // The FAT's sector ids: 109 in the header, the rest in the DIFAT chain.
    let fat_ids: Vec<u32> = (first_fat..directory).map(id).collect();
    for k in 0..109 {
        put(&mut out, 76 + 4 * k, fat_ids.get(k).copied().unwrap_or(FREE));
    }
    let at = |sector: usize| SIZE * (sector + 1);
    for d in 0..difat {
        for k in 0..PER - 1 {
            put(&mut out, at(d) + 4 * k, fat_ids.get(109 + d * (PER - 1) + k).copied().unwrap_or(FREE));
        }
        put(&mut out, at(d) + 4 * (PER - 1), if d + 1 < difat { id(d + 1) } else { END_OF_CHAIN });
    }
    for (k, v) in table.iter().enumerate() {
        put(&mut out, at(first_fat) + 4 * k, *v);
    }
    // The directory: the root (holding the mini stream, if any), the stream, two unused slots.
    let dir = at(directory);
    let write_entry = |out: &mut [u8], slot: usize, name: &str, kind: u8, child: u32, start: u32, len: usize| {
        let e = dir + ENTRY * slot;
        let units: Vec<u16> = name.encode_utf16().take(31).collect();
        for (k, u) in units.iter().enumerate() {
            out[e + 2 * k..e + 2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        out[e + 64..e + 66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        out[e + 66] = kind;
        out[e + 67] = 1; // black
        put(out, e + 68, FREE);
        put(out, e + 72, FREE);
        put(out, e + 76, child);
        put(out, e + 116, start);
        put(out, e + 120, len as u32);
    };
    let first = id(first_data);
    let (root_start, root_len) =
        if mini && data_sectors > 0 { (first, data.len().div_ceil(MINI) * MINI) } else { (END_OF_CHAIN, 0) };
    write_entry(&mut out, 0, "Root Entry", 5, 1, root_start, root_len);
    write_entry(&mut out, 1, name, 2, FREE, if mini { 0 } else { first }, data.len());
    for slot in 2..4 {
        for side in [68, 72, 76] {
            put(&mut out, dir + ENTRY * slot + side, FREE);
        }
    }
    if mini {
        let mini_fat = at(directory + 1);
        let count = data.len().div_ceil(MINI);
        for k in 0..PER {
            let v = if k + 1 < count {
                id(k + 1)
            } else if k + 1 == count {
                END_OF_CHAIN
            } else {
                FREE
            };
            put(&mut out, mini_fat + 4 * k, v);
        }
    }
    out[at(first_data)..at(first_data) + data.len()].copy_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn a_workbook_stream_and_damaged_counts() {
        let good = fixture("old_excel.xls");
        let file = Compound::open(&good).unwrap();
        let workbook = file.stream("Workbook").unwrap().expect("a workbook stream");
        assert_eq!(u16_at(&workbook, 0), 0x0809, "the stream opens with a BOF record");
        assert!(file.has("workbook"), "names compare without case");
        assert!(file.stream("WordDocument").unwrap().is_none());
        // A FAT count far past the file.
        let mut b = good.clone();
        b[44..48].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        assert_eq!(Compound::open(&b).err(), Some(Damaged));
        // The directory chain looping onto itself.
        let mut b = good.clone();
        let dir = u32_at(&b, 48);
        let fat0 = u32_at(&b, 76) as usize;
        let at = (fat0 + 1) * 512 + 4 * dir as usize;
        b[at..at + 4].copy_from_slice(&dir.to_le_bytes());
        assert_eq!(Compound::open(&b).err(), Some(Damaged));
        // The first entry stating a mini stream of gigabytes: a short stream read from it is refused.
        let b = fixture("hostile/xls-mini-stream-past-the-file.xls");
        if let Ok(file) = Compound::open(&b) {
            for e in file.root_entries() {
                if e.kind == Kind::Stream && e.len < CUTOFF {
                    assert_eq!(file.read(e).err(), Some(Damaged), "{}", e.name);
                }
            }
        }
        // Cut short.
        assert!(Compound::open(&good[..300]).is_err());
        let half = &good[..good.len() / 2];
        assert!(Compound::open(half).is_err() || Compound::open(half).unwrap().stream("Workbook").is_err());
    }

    #[test]
    fn one_stream_written_reads_back() {
        for len in [0usize, 1, 63, 64, 4095, 4096, 4097, 70_000, 7_500_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let file = single_stream("Workbook", &data);
            let back = Compound::open(&file).unwrap();
            assert_eq!(back.root_entries().len(), 1);
            assert_eq!(back.stream("Workbook").unwrap().as_deref(), Some(&data[..]), "{len} bytes");
        }
    }
}
