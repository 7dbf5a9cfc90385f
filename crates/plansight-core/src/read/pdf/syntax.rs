//! PDF's object syntax (ISO 32000-1 §7.2–7.3): the tokens and objects of a
//! file body and of content streams. Nesting is bounded, so a file of a
//! million `[` cannot overflow the stack; nothing here allocates more than the
//! bytes it reads.

/// How deep arrays and dictionaries may nest (real files: a handful).
const MAX_DEPTH: usize = 32;

/// A PDF object. Streams keep where their data lies in the file: they are
/// decoded (and decrypted) only when read.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    Stream(Stream),
    Ref(u32, u16),
}

/// A dictionary: few keys, kept in order (a lookup is a short scan).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    /// The raw data's range in the file.
    pub data: std::ops::Range<usize>,
}

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl Object {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            Object::Real(r) if r.is_finite() => Some(*r as i64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

pub fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// A token of the syntax: an object's start, or a keyword (`obj`, `R`, an
/// operator of a content stream).
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Object(Object),
    Keyword(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

/// Reads tokens and objects from bytes, from `pos` on.
pub struct Lexer<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(bytes: &'a [u8], pos: usize) -> Self {
        Lexer { bytes, pos: pos.min(bytes.len()) }
    }

    pub fn skip_white(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.bytes.get(self.pos).is_some_and(|&b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or None at the end of the bytes.
    pub fn token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        let start = self.pos;
        let b = *self.bytes.get(start)?;
        self.pos += 1;
        Some(match b {
            b'[' => Token::ArrayStart,
            b']' => Token::ArrayEnd,
            b'<' if self.bytes.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::DictStart
            }
            b'>' if self.bytes.get(self.pos) == Some(&b'>') => {
                self.pos += 1;
                Token::DictEnd
            }
            b'<' => Token::Object(Object::Str(self.hex_string())),
            b'(' => Token::Object(Object::Str(self.literal_string())),
            b'/' => {
                let end = self.regular_end(self.pos);
                let name = unescape_name(&self.bytes[self.pos..end]);
                self.pos = end;
                Token::Object(Object::Name(name))
            }
            // A stray delimiter (`)`, `>`, `{`, `}`) reads as a keyword nobody knows.
            b')' | b'>' | b'{' | b'}' => Token::Keyword(&self.bytes[start..self.pos]),
            _ => {
                let end = self.regular_end(start);
                self.pos = end;
                let word = &self.bytes[start..end];
                match word {
                    b"true" => Token::Object(Object::Bool(true)),
                    b"false" => Token::Object(Object::Bool(false)),
                    b"null" => Token::Object(Object::Null),
                    _ => number(word).map_or(Token::Keyword(word), Token::Object),
                }
            }
        })
    }

    fn regular_end(&self, from: usize) -> usize {
        let mut end = from;
        while self.bytes.get(end).is_some_and(|&b| is_regular(b)) {
            end += 1;
        }
        end
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = (b as char).to_digit(16) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v as u8),
                None => high = Some(v as u8),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.bytes.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A line break after a backslash continues the string.
                        b'\r' => {
                            if self.bytes.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    /// The next whole object (arrays and dictionaries read to their end);
    /// `a b R` is a reference. None at the end of the bytes or at a keyword
    /// (the keyword is consumed).
    pub fn object(&mut self) -> Option<Object> {
        let token = self.token()?;
        self.object_from(token, 0)
    }

    pub fn object_from(&mut self, token: Token<'a>, depth: usize) -> Option<Object> {
        match token {
            Token::Object(Object::Int(n)) => Some(self.maybe_reference(n)),
            Token::Object(o) => Some(o),
            Token::ArrayStart if depth < MAX_DEPTH => {
                let mut items = Vec::new();
                loop {
                    match self.token()? {
                        Token::ArrayEnd => break,
                        Token::DictEnd | Token::Keyword(_) => continue,
                        t => items.push(self.object_from(t, depth + 1)?),
                    }
                }
                Some(Object::Array(items))
            }
            Token::DictStart if depth < MAX_DEPTH => Some(Object::Dict(self.dict_body(depth)?)),
            _ => None,
        }
    }

    /// A dictionary's keys and values up to its `>>` (the `<<` read already).
    fn dict_body(&mut self, depth: usize) -> Option<Dict> {
        let mut dict = Dict::default();
        loop {
            match self.token()? {
                Token::DictEnd => break,
                Token::Object(Object::Name(key)) => {
                    let value = match self.token()? {
                        Token::DictEnd => {
                            dict.0.push((key, Object::Null));
                            break;
                        }
                        t => self.object_from(t, depth + 1).unwrap_or(Object::Null),
                    };
                    dict.0.push((key, value));
                }
                _ => continue,
            }
        }
        Some(dict)
    }

    /// After an integer: `gen R` makes it a reference.
    fn maybe_reference(&mut self, n: i64) -> Object {
        let save = self.pos;
        if let (Some(Token::Object(Object::Int(generation))), Some(Token::Keyword(b"R"))) = (self.token(), self.token())
        {
            if let (Ok(n), Ok(generation)) = (u32::try_from(n), u16::try_from(generation)) {
                return Object::Ref(n, generation);
            }
        }
        self.pos = save;
        Object::Int(n)
    }
}

/// `#xx` escapes in a name (PDF 1.2).
fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' {
            let hex = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// An integer or real as PDF writes them (`12`, `-3.5`, `.5`, `4.`).
fn number(word: &[u8]) -> Option<Object> {
    let text = std::str::from_utf8(word).ok()?;
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if !digits.contains('.') {
        return Some(text.parse::<i64>().map_or_else(|_| Object::Real(text.parse().unwrap_or(0.0)), Object::Int));
    }
    if digits.bytes().filter(|&b| b == b'.').count() > 1 || digits == "." {
        return None;
    }
    let text = if text.ends_with('.') { format!("{text}0") } else { text.to_string() };
    let text = text.replace("-.", "-0.").replace("+.", "0.");
    let text = if text.starts_with('.') { format!("0{text}") } else { text };
    text.parse::<f64>().ok().map(Object::Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<Object> {
        Lexer::new(s.as_bytes(), 0).object()
    }

    #[test]
    fn objects_as_pdf_writes_them() {
        assert_eq!(parse("12"), Some(Object::Int(12)));
        assert_eq!(parse("-.5"), Some(Object::Real(-0.5)));
        assert_eq!(parse("4."), Some(Object::Real(4.0)));
        assert_eq!(parse("3 0 R"), Some(Object::Ref(3, 0)));
        assert_eq!(parse("/A#20B"), Some(Object::Name(b"A B".to_vec())));
        assert_eq!(parse("(a\\(b\\)c\\101\\\nd)"), Some(Object::Str(b"a(b)cAd".to_vec())));
        assert_eq!(parse("(x (y) z)"), Some(Object::Str(b"x (y) z".to_vec())));
        assert_eq!(parse("<4E6F7>"), Some(Object::Str(vec![0x4E, 0x6F, 0x70])));
        let d = parse("<< /Type /Page /Kids [1 0 R 2 0 R] /N 3 % comment\n /S (x) >>").unwrap();
        let d = d.as_dict().unwrap();
        assert_eq!(d.get(b"Type"), Some(&Object::Name(b"Page".to_vec())));
        assert_eq!(d.get(b"Kids"), Some(&Object::Array(vec![Object::Ref(1, 0), Object::Ref(2, 0)])));
        assert_eq!(d.get(b"N"), Some(&Object::Int(3)));
    }

    #[test]
    fn deep_or_broken_input_ends() {
        assert_eq!(parse(&"[".repeat(100_000)), None);
        assert_eq!(parse("<< /A [1 2"), None);
        assert_eq!(parse("(unclosed"), Some(Object::Str(b"unclosed".to_vec())));
        assert_eq!(parse(""), None);
    }
}
