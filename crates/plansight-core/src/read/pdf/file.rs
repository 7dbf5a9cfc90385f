//! A PDF file's body (ISO 32000-1 §7.5): the cross-reference sections
//! (tables and streams, followed through /Prev), objects in object streams,
//! streams decoded and decrypted. A file whose cross-reference is missing or
//! broken is read by scanning its bytes for `N G obj`, as viewers do.
//!
//! Every offset and length read from the file is held to the bytes there
//! are; decoded streams draw on one budget for the whole file.

use super::crypt::{CryptError, Decryptor};
use super::filters::{self, FilterError};
use super::syntax::{Dict, Lexer, Object, Stream, Token};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Most bytes all of a file's decoded streams may come to.
const MAX_DECODED_BYTES: usize = 256 << 20;
/// Most cross-reference sections followed (a /Prev chain that loops ends here).
const MAX_SECTIONS: usize = 256;
/// How many references resolve to another reference before giving up.
const MAX_INDIRECTION: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    /// At a byte offset of the file.
    At(usize),
    /// The `index`th object of object stream `stream`.
    InStream { stream: u32, index: usize },
}

/// Why a file cannot be opened at all.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    /// No catalog found, even by scanning.
    NoDocument,
    Crypt(CryptError),
}

/// An object stream's (object number, offset) pairs and its decoded data.
type ObjectStream = (Vec<(u32, usize)>, Vec<u8>);

pub struct File<'a> {
    bytes: &'a [u8],
    entries: HashMap<u32, Entry>,
    pub trailer: Dict,
    decryptor: Option<Decryptor>,
    cache: RefCell<HashMap<u32, Rc<Object>>>,
    /// Object streams parsed, by number: (object number, offset) pairs and the data.
    object_streams: RefCell<HashMap<u32, Rc<ObjectStream>>>,
    /// Decoded bytes still allowed.
    budget: Cell<usize>,
    /// Where a scan of the bytes finds each object, made when an offset fails.
    scanned: std::cell::OnceCell<HashMap<u32, usize>>,
    /// How many loads are under way inside one another.
    depth: Cell<usize>,
}

impl<'a> File<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<File<'a>, OpenError> {
        let mut file = File {
            bytes,
            entries: HashMap::new(),
            trailer: Dict::default(),
            decryptor: None,
            cache: RefCell::new(HashMap::new()),
            object_streams: RefCell::new(HashMap::new()),
            budget: Cell::new(MAX_DECODED_BYTES),
            scanned: std::cell::OnceCell::new(),
            depth: Cell::new(0),
        };
        let read = file.read_xref();
        if !read || file.root().is_none() {
            file.scan();
        }
        if file.root().is_none() {
            return Err(OpenError::NoDocument);
        }
        if let Some(encrypt) = file.trailer.get(b"Encrypt").cloned() {
            let encrypt = file.resolve(&encrypt);
            let id = match file.trailer.get(b"ID").map(|id| file.resolve(id)).as_deref() {
                Some(Object::Array(a)) => match a.first() {
                    Some(Object::Str(s)) => s.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let dict = encrypt.as_dict().ok_or(OpenError::Crypt(CryptError::Unknown))?;
            file.decryptor = Some(Decryptor::open(dict, &id).map_err(OpenError::Crypt)?);
        }
        Ok(file)
    }

    fn root(&self) -> Option<Rc<Object>> {
        let root = self.resolve(self.trailer.get(b"Root")?);
        root.as_dict().is_some().then_some(root)
    }

    pub fn catalog(&self) -> Option<Rc<Object>> {
        self.root()
    }

    /// The cross-reference from `startxref` on, newest section first (the first
    /// entry read for an object wins). False when it cannot be followed.
    fn read_xref(&mut self) -> bool {
        let tail = self.bytes.len().saturating_sub(2048);
        let Some(at) = rfind(&self.bytes[tail..], b"startxref").map(|i| tail + i) else { return false };
        let mut lexer = Lexer::new(self.bytes, at + 9);
        let Some(Object::Int(mut offset)) = lexer.object() else { return false };
        let mut seen = Vec::new();
        let mut trailer_found = false;
        while seen.len() < MAX_SECTIONS {
            let Ok(at) = usize::try_from(offset) else { break };
            if at >= self.bytes.len() || seen.contains(&at) {
                break;
            }
            seen.push(at);
            let Some(trailer) = self.section(at) else { return trailer_found };
            // A hybrid file's table names its stream too.
            if let Some(stream_at) = trailer.get(b"XRefStm").and_then(Object::as_int) {
                if let Ok(stream_at) = usize::try_from(stream_at) {
                    if !seen.contains(&stream_at) {
                        seen.push(stream_at);
                        self.section(stream_at);
                    }
                }
            }
            let prev = trailer.get(b"Prev").and_then(Object::as_int);
            if !trailer_found {
                self.trailer = trailer;
                trailer_found = true;
            } else {
                for (k, v) in trailer.0 {
                    if self.trailer.get(&k).is_none() {
                        self.trailer.0.push((k, v));
                    }
                }
            }
            match prev {
                Some(p) => offset = p,
                None => break,
            }
        }
        trailer_found
    }

    /// One section (a table with its trailer, or a stream) at `at`: its trailer.
    fn section(&mut self, at: usize) -> Option<Dict> {
        let mut lexer = Lexer::new(self.bytes, at);
        match lexer.token()? {
            Token::Keyword(b"xref") => self.table(&mut lexer),
            Token::Object(Object::Int(_)) => {
                let stream = self.object_at(at)?;
                let Object::Stream(stream) = stream else { return None };
                self.xref_stream(&stream)?;
                Some(stream.dict)
            }
            _ => None,
        }
    }

    fn table(&mut self, lexer: &mut Lexer) -> Option<Dict> {
        loop {
            let save = lexer.pos;
            match lexer.token()? {
                Token::Keyword(b"trailer") => {
                    return match lexer.object()? {
                        Object::Dict(d) => Some(d),
                        _ => None,
                    };
                }
                Token::Object(Object::Int(first)) => {
                    let Some(Object::Int(count)) = lexer.object() else { return None };
                    let (Ok(first), Ok(count)) = (u32::try_from(first), usize::try_from(count)) else { return None };
                    // Twenty bytes an entry: a count past the file's end is damaged.
                    if count > (self.bytes.len() - lexer.pos.min(self.bytes.len())) / 18 + 1 {
                        return None;
                    }
                    for i in 0..count {
                        let offset = lexer.object()?.as_int()?;
                        let _generation = lexer.object()?;
                        let kind = lexer.token()?;
                        let Some(num) = first.checked_add(i as u32) else { continue };
                        if kind == Token::Keyword(b"n") && offset > 0 {
                            if let Ok(offset) = usize::try_from(offset) {
                                self.entries.entry(num).or_insert(Entry::At(offset));
                            }
                        }
                    }
                }
                _ => {
                    lexer.pos = save + 1;
                    return None;
                }
            }
        }
    }

    fn xref_stream(&mut self, stream: &Stream) -> Option<()> {
        let widths: Vec<usize> = stream
            .dict
            .get(b"W")?
            .as_array()?
            .iter()
            .map(|w| w.as_int().and_then(|w| usize::try_from(w).ok()).filter(|&w| w <= 8))
            .collect::<Option<_>>()?;
        if widths.len() != 3 {
            return None;
        }
        let row: usize = widths.iter().sum();
        let data = self.decode_raw(stream, None).ok()?;
        if row == 0 {
            return None;
        }
        let size = stream.dict.get(b"Size").and_then(Object::as_int).unwrap_or(0).max(0);
        let index: Vec<i64> = match stream.dict.get(b"Index").and_then(Object::as_array) {
            Some(a) => a.iter().filter_map(Object::as_int).collect(),
            None => vec![0, size],
        };
        let field = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks_exact(2) {
            let (Ok(first), Ok(count)) = (u32::try_from(pair[0]), usize::try_from(pair[1])) else { return None };
            for i in 0..count {
                // The rows there are bound the count.
                let Some(r) = rows.next() else { return Some(()) };
                let (a, rest) = r.split_at(widths[0]);
                let (b, c) = rest.split_at(widths[1]);
                let kind = if widths[0] == 0 { 1 } else { field(a) };
                let Some(num) = first.checked_add(i as u32) else { continue };
                let entry = match kind {
                    1 => usize::try_from(field(b)).ok().filter(|&o| o > 0).map(Entry::At),
                    2 => Some(Entry::InStream {
                        stream: u32::try_from(field(b)).ok()?,
                        index: usize::try_from(field(c)).ok()?,
                    }),
                    _ => None,
                };
                if let Some(entry) = entry {
                    self.entries.entry(num).or_insert(entry);
                }
            }
        }
        Some(())
    }

    /// Every `N G obj` in the file (the last wins, as an update would) and
    /// the objects of the object streams among them; a trailer from the last
    /// `trailer` or cross-reference stream that names a root, else the catalog.
    fn scan(&mut self) {
        self.entries = scan_offsets(self.bytes).into_iter().map(|(num, at)| (num, Entry::At(at))).collect();
        self.cache.borrow_mut().clear();
        let mut root = None;
        let mut at = 0;
        while let Some(i) = find(&self.bytes[at..], b"trailer") {
            let mut lexer = Lexer::new(self.bytes, at + i + 7);
            at += i + 7;
            if let Some(Object::Dict(d)) = lexer.object() {
                if d.get(b"Root").is_some() {
                    root = Some(d);
                }
            }
        }
        let mut nums: Vec<u32> = self.entries.keys().copied().collect();
        nums.sort_unstable();
        for num in nums {
            let Some(Entry::At(at)) = self.entries.get(&num).copied() else { continue };
            let Some(object) = self.object_at(at) else { continue };
            let kind = object.as_dict().and_then(|d| d.get(b"Type")).and_then(Object::as_name).map(<[u8]>::to_vec);
            match (kind.as_deref(), &object) {
                (Some(b"ObjStm"), _) => {
                    if let Some(parsed) = self.object_stream(num) {
                        for (index, &(obj, _)) in parsed.0.iter().enumerate() {
                            self.entries.entry(obj).or_insert(Entry::InStream { stream: num, index });
                        }
                    }
                }
                (Some(b"XRef"), Object::Stream(s)) if s.dict.get(b"Root").is_some() && root.is_none() => {
                    root = Some(s.dict.clone());
                }
                (Some(b"Catalog"), _) if root.is_none() => {
                    root = Some(Dict(vec![(b"Root".to_vec(), Object::Ref(num, 0))]));
                }
                _ => {}
            }
        }
        if let Some(r) = root {
            // A trailer read from a broken cross-reference names the root wrongly:
            // the scanned one's keys come first.
            let old = std::mem::take(&mut self.trailer);
            self.trailer = r;
            for (k, v) in old.0 {
                if self.trailer.get(&k).is_none() {
                    self.trailer.0.push((k, v));
                }
            }
        }
        self.cache.borrow_mut().clear();
    }

    /// The object an indirect object at `at` holds (`N G obj … endobj`), its
    /// stream's extent found from /Length or, failing that, from `endstream`.
    fn object_at(&self, at: usize) -> Option<Object> {
        let mut lexer = Lexer::new(self.bytes, at);
        let (Some(Token::Object(Object::Int(_))), Some(Token::Object(Object::Int(_))), Some(Token::Keyword(b"obj"))) =
            (lexer.token(), lexer.token(), lexer.token())
        else {
            return None;
        };
        let object = lexer.object()?;
        let Object::Dict(dict) = object else { return Some(object) };
        if lexer.token() != Some(Token::Keyword(b"stream")) {
            return Some(Object::Dict(dict));
        }
        // The data starts after the EOL that follows `stream`.
        let mut start = lexer.pos;
        if self.bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if self.bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let rest = &self.bytes[start.min(self.bytes.len())..];
        let stated = match dict.get(b"Length") {
            Some(Object::Int(n)) => usize::try_from(*n).ok(),
            // An indirect length: never through another stream (no recursion).
            Some(Object::Ref(num, _)) => match self.entries.get(num) {
                Some(Entry::At(o)) => {
                    let mut l = Lexer::new(self.bytes, *o);
                    let _ = (l.token(), l.token(), l.token());
                    l.object().and_then(|o| o.as_int()).and_then(|n| usize::try_from(n).ok())
                }
                _ => None,
            },
            _ => None,
        };
        let ends_there = |len: usize| {
            rest.get(len..).is_some_and(|after| {
                let after = &after[..after.len().min(32)];
                let trimmed = after.iter().position(|&b| !super::syntax::is_white(b)).map_or(&[][..], |p| &after[p..]);
                trimmed.starts_with(b"endstream")
            })
        };
        let len = match stated {
            Some(len) if len <= rest.len() && ends_there(len) => len,
            _ => {
                let end = find(rest, b"endstream").unwrap_or(rest.len());
                // The EOL before `endstream` is not data.
                let mut len = end;
                if len > 0 && rest[len - 1] == b'\n' {
                    len -= 1;
                }
                if len > 0 && rest[len - 1] == b'\r' {
                    len -= 1;
                }
                match stated {
                    Some(s) if s <= len => s,
                    _ => len,
                }
            }
        };
        Some(Object::Stream(Stream { dict, data: start..start + len }))
    }

    /// The object behind a reference (or the object itself when it is none).
    pub fn resolve(&self, object: &Object) -> Rc<Object> {
        let mut object = Rc::new(object.clone());
        for _ in 0..MAX_INDIRECTION {
            let Object::Ref(num, _) = *object else { return object };
            object = self.load(num);
        }
        Rc::new(Object::Null)
    }

    /// `dict[key]`, resolved.
    pub fn get(&self, dict: &Dict, key: &[u8]) -> Rc<Object> {
        dict.get(key).map_or_else(|| Rc::new(Object::Null), |o| self.resolve(o))
    }

    fn load(&self, num: u32) -> Rc<Object> {
        if let Some(o) = self.cache.borrow().get(&num) {
            return o.clone();
        }
        // Objects in object streams whose filters name objects in other
        // object streams…: a chain that deep is damage, not a document.
        if self.depth.get() >= MAX_INDIRECTION {
            return Rc::new(Object::Null);
        }
        self.depth.set(self.depth.get() + 1);
        let object = self.load_uncached(num);
        self.depth.set(self.depth.get() - 1);
        object
    }

    fn load_uncached(&self, num: u32) -> Rc<Object> {
        // Marked before loading, so an object stream that names itself ends.
        self.cache.borrow_mut().insert(num, Rc::new(Object::Null));
        let object = match self.entries.get(&num) {
            // An offset the cross-reference gets wrong: the object where a scan finds it.
            Some(Entry::At(at)) => self
                .object_at(*at)
                .or_else(|| {
                    self.scanned.get_or_init(|| scan_offsets(self.bytes)).get(&num).and_then(|&a| self.object_at(a))
                })
                .unwrap_or(Object::Null),
            Some(Entry::InStream { stream, index }) => self.in_stream(*stream, *index).unwrap_or(Object::Null),
            None => Object::Null,
        };
        let object = Rc::new(object);
        self.cache.borrow_mut().insert(num, object.clone());
        object
    }

    fn in_stream(&self, stream: u32, index: usize) -> Option<Object> {
        let parsed = self.object_stream(stream)?;
        let (_, offset) = *parsed.0.get(index)?;
        Lexer::new(&parsed.1, offset).object()
    }

    fn object_stream(&self, num: u32) -> Option<Rc<ObjectStream>> {
        if let Some(p) = self.object_streams.borrow().get(&num) {
            return Some(p.clone());
        }
        let Some(Entry::At(at)) = self.entries.get(&num) else { return None };
        let Object::Stream(stream) = self.object_at(*at)? else { return None };
        let data = self.decode(&stream, num, 0).ok()?;
        let n = stream.dict.get(b"N").and_then(Object::as_int).and_then(|n| usize::try_from(n).ok())?;
        let first = stream.dict.get(b"First").and_then(Object::as_int).and_then(|n| usize::try_from(n).ok())?;
        let mut lexer = Lexer::new(&data, 0);
        // Each pair is at least four bytes: the data bounds the count.
        let mut offsets = Vec::with_capacity(n.min(data.len() / 4));
        for _ in 0..n {
            let (Some(Object::Int(obj)), Some(Object::Int(off))) = (lexer.object(), lexer.object()) else { break };
            let (Ok(obj), Ok(off)) = (u32::try_from(obj), usize::try_from(off)) else { break };
            offsets.push((obj, first.saturating_add(off)));
        }
        let parsed = Rc::new((offsets, data));
        self.object_streams.borrow_mut().insert(num, parsed.clone());
        Some(parsed)
    }

    /// A stream's data: decrypted (as object `num gen`), then its filters.
    pub fn decode(&self, stream: &Stream, num: u32, generation: u16) -> Result<Vec<u8>, FilterError> {
        self.decode_raw(stream, self.decryptor.as_ref().map(|d| (d, num, generation)))
    }

    fn decode_raw(&self, stream: &Stream, decrypt: Option<(&Decryptor, u32, u16)>) -> Result<Vec<u8>, FilterError> {
        let raw = self.bytes.get(stream.data.clone()).unwrap_or_default();
        let raw = match decrypt {
            // Cross-reference streams are never encrypted.
            Some((d, num, generation)) if stream.dict.get(b"Type").and_then(Object::as_name) != Some(b"XRef") => {
                d.decrypt(num, generation, raw)
            }
            _ => raw.to_vec(),
        };
        // Filters named indirectly are resolved first.
        let mut dict = stream.dict.clone();
        for key in [&b"Filter"[..], b"DecodeParms"] {
            if let Some(o) = dict.0.iter_mut().find(|(k, _)| k == key) {
                o.1 = self.resolve(&o.1).as_ref().clone();
            }
        }
        let out = filters::decode(raw, &filters::filters(&dict), self.budget.get())?;
        self.budget.set(self.budget.get().saturating_sub(out.len()));
        Ok(out)
    }

    /// A stream's data by the reference to it (content streams, CMaps, forms).
    pub fn stream_data(&self, object: &Object) -> Option<(Rc<Object>, Vec<u8>)> {
        let (num, generation) = match object {
            Object::Ref(n, g) => (*n, *g),
            _ => (0, 0),
        };
        let resolved = self.resolve(object);
        let Object::Stream(stream) = resolved.as_ref() else { return None };
        let data = self.decode(stream, num, generation).ok()?;
        Some((resolved.clone(), data))
    }
}

/// Every `N G obj` of the bytes: object number → offset (the last wins).
fn scan_offsets(bytes: &[u8]) -> HashMap<u32, usize> {
    let mut found = HashMap::new();
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"obj") {
        let obj = at + i;
        at = obj + 3;
        if let Some((num, start)) = object_header_before(bytes, obj) {
            found.insert(num, start);
        }
    }
    found
}

/// The object number and start of `N G obj` whose `obj` is at `obj`.
fn object_header_before(bytes: &[u8], obj: usize) -> Option<(u32, usize)> {
    if bytes.get(obj + 3).is_some_and(|&b| !super::syntax::is_white(b) && !super::syntax::is_delimiter(b)) {
        return None;
    }
    let mut i = obj;
    let mut numbers = [0usize; 2];
    for n in numbers.iter_mut().rev() {
        while i > 0 && super::syntax::is_white(bytes[i - 1]) {
            i -= 1;
        }
        let end = i;
        while i > 0 && bytes[i - 1].is_ascii_digit() && end - i < 10 {
            i -= 1;
        }
        if i == end {
            return None;
        }
        *n = i;
    }
    if i > 0 && !super::syntax::is_white(bytes[i - 1]) && !super::syntax::is_delimiter(bytes[i - 1]) {
        return None;
    }
    let num = std::str::from_utf8(&bytes[numbers[0]..]).ok()?;
    let num: u32 = num.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()?;
    Some((num, numbers[0]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
