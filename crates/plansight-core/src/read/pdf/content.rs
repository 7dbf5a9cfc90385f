//! Pages as a reader of text sees them (ISO 32000-1 §8–9): the page tree,
//! and each page's content stream run far enough to know where every
//! character is drawn, which straight lines are drawn (a table's rulings),
//! and how much of the page is images (a scan). Coordinates come out in
//! points from the displayed page's top-left corner (its /Rotate applied).

use super::file::File;
use super::font::{Font, Gbk};
use super::syntax::{Dict, Lexer, Object, Token};
use std::collections::HashMap;
use std::rc::Rc;

/// Most pages read (a plan is tens of pages; a damaged tree may claim millions).
const MAX_PAGES: usize = 5_000;
/// Most content operators run for a whole file, all pages and forms together.
const MAX_OPERATORS: usize = 20_000_000;
/// Most characters kept for a whole file.
const MAX_CHARS: usize = 5_000_000;
/// How deep forms may draw forms, and `q` nest.
const MAX_FORM_DEPTH: usize = 8;
const MAX_SAVE_DEPTH: usize = 64;
/// Rulings are at most this thick (points); thicker fills are shading, not lines.
const RULE_THICKNESS: f64 = 3.0;

/// A character drawn, in points from the page's top-left.
#[derive(Debug, Clone, PartialEq)]
pub struct Char {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// The baseline.
    pub y: f64,
    /// The font size as drawn (the em's height on the page).
    pub size: f64,
    /// A space was drawn just before it (a word space the layout keeps).
    pub space_before: bool,
}

/// A horizontal or vertical line drawn (a stroke, or a thin filled rectangle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

#[derive(Debug, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub chars: Vec<Char>,
    pub rules: Vec<Rule>,
    /// Share of the page covered by images (0–1, summed, so overlaps may pass 1).
    pub image_cover: f64,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A page of the tree with what it inherits.
struct PageNode {
    dict: Dict,
    resources: Rc<Object>,
    box_: [f64; 4],
    rotate: i64,
}

/// The pages in order (inherited /Resources, /MediaBox, /CropBox, /Rotate),
/// through a tree whose loops and depth are bounded.
fn page_nodes(file: &File) -> Vec<PageNode> {
    let mut out = Vec::new();
    let Some(catalog) = file.catalog() else { return out };
    let Some(catalog) = catalog.as_dict() else { return out };
    let mut seen = std::collections::HashSet::new();
    // (node, inherited resources, box, rotate, depth)
    let mut stack = vec![(catalog.get(b"Pages").cloned().unwrap_or(Object::Null), Rc::new(Object::Null), None, 0, 0)];
    while let Some((node_ref, resources, box_, rotate, depth)) = stack.pop() {
        if out.len() >= MAX_PAGES || depth > 64 {
            break;
        }
        if let Object::Ref(n, _) = node_ref {
            if !seen.insert(n) {
                continue;
            }
        }
        let node = file.resolve(&node_ref);
        let Some(dict) = node.as_dict() else { continue };
        let resources = match dict.get(b"Resources") {
            Some(r) => file.resolve(r),
            None => resources,
        };
        let box_ = page_box(file, dict, b"CropBox").or_else(|| page_box(file, dict, b"MediaBox")).or(box_);
        let rotate = file.get(dict, b"Rotate").as_int().unwrap_or(rotate);
        let kids = file.get(dict, b"Kids");
        match kids.as_array() {
            Some(kids) if dict.get(b"Type").and_then(Object::as_name) != Some(b"Page") => {
                for kid in kids.iter().rev() {
                    stack.push((kid.clone(), resources.clone(), box_, rotate, depth + 1));
                }
            }
            _ => out.push(PageNode {
                dict: dict.clone(),
                resources,
                box_: box_.unwrap_or([0.0, 0.0, 612.0, 792.0]),
                rotate: rotate.rem_euclid(360),
            }),
        }
    }
    out
}

fn page_box(file: &File, dict: &Dict, key: &[u8]) -> Option<[f64; 4]> {
    let b = file.get(dict, key);
    let a = b.as_array()?;
    let v: Vec<f64> = a.iter().filter_map(|o| file.resolve(o).as_f64()).collect();
    let [x0, y0, x1, y1] = v[..] else { return None };
    let (x0, x1, y0, y1) = (x0.min(x1), x0.max(x1), y0.min(y1), y0.max(y1));
    (x1 - x0 > 1.0 && y1 - y0 > 1.0).then_some([x0, y0, x1, y1])
}

/// Every page of the file, read. `budget` counts operators across pages.
pub fn pages(file: &File, gbk: &Gbk) -> Vec<Page> {
    let mut fonts: HashMap<u32, Rc<Font>> = HashMap::new();
    let mut budget = Budget { operators: MAX_OPERATORS, chars: MAX_CHARS };
    page_nodes(file)
        .into_iter()
        .map(|node| {
            let [x0, y0, x1, y1] = node.box_;
            // Page space → the displayed page, top-down.
            let display: Matrix = match node.rotate {
                90 => [0.0, 1.0, 1.0, 0.0, -y0, -x0],
                180 => [-1.0, 0.0, 0.0, 1.0, x1, -y0],
                270 => [0.0, -1.0, -1.0, 0.0, y1, x1],
                _ => [1.0, 0.0, 0.0, -1.0, -x0, y1],
            };
            let (w, h) = if node.rotate == 90 || node.rotate == 270 { (y1 - y0, x1 - x0) } else { (x1 - x0, y1 - y0) };
            let mut page = Page { width: w, height: h, ..Page::default() };
            let content = file.get(&node.dict, b"Contents");
            let mut data = Vec::new();
            let parts: Vec<Object> = match (node.dict.get(b"Contents"), content.as_ref()) {
                (_, Object::Array(a)) => a.clone(),
                (Some(c), _) => vec![c.clone()],
                _ => Vec::new(),
            };
            for part in &parts {
                if let Some((_, bytes)) = file.stream_data(part) {
                    data.extend_from_slice(&bytes);
                    data.push(b'\n');
                }
            }
            let mut run = Run { file, gbk, page: &mut page, fonts: &mut fonts, budget: &mut budget, space: false };
            run.content(&data, &node.resources, display, 0);
            page
        })
        .collect()
}

struct Budget {
    operators: usize,
    chars: usize,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    fill_white: bool,
    stroke_white: bool,
}

struct Run<'f, 'a, 'p> {
    file: &'f File<'a>,
    gbk: &'f Gbk<'f>,
    page: &'p mut Page,
    fonts: &'p mut HashMap<u32, Rc<Font>>,
    budget: &'p mut Budget,
    /// A space was drawn since the last character (writers often draw it
    /// apart, in another font).
    space: bool,
}

/// A path's straight pieces as drawn (device space), and its rectangles.
#[derive(Default)]
struct Path {
    segments: Vec<(f64, f64, f64, f64)>,
    rects: Vec<[(f64, f64); 4]>,
    start: Option<(f64, f64)>,
    current: Option<(f64, f64)>,
}

impl Run<'_, '_, '_> {
    fn content(&mut self, data: &[u8], resources: &Object, base: Matrix, depth: usize) {
        let mut state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            fill_white: false,
            stroke_white: false,
        };
        let mut saved: Vec<State> = Vec::new();
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let mut path = Path::default();
        let mut ops: Vec<Object> = Vec::new();
        let mut lexer = Lexer::new(data, 0);
        let resources = resources.as_dict().cloned().unwrap_or_default();
        while let Some(token) = lexer.token() {
            let op = match token {
                Token::Keyword(op) => op,
                t => {
                    if let Some(o) = lexer.object_from(t, 0) {
                        if ops.len() < 64 {
                            ops.push(o);
                        }
                    }
                    continue;
                }
            };
            if self.budget.operators == 0 {
                return;
            }
            self.budget.operators -= 1;
            let num = |i: usize| ops.get(i).and_then(Object::as_f64).unwrap_or(0.0);
            match op {
                b"q" if saved.len() < MAX_SAVE_DEPTH => saved.push(state.clone()),
                b"Q" => state = saved.pop().unwrap_or(state),
                b"cm" if ops.len() >= 6 => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    state.ctm = multiply(&m, &state.ctm);
                }
                // Colours: white lines and fills are no rulings.
                b"g" => state.fill_white = num(0) >= 0.99,
                b"G" => state.stroke_white = num(0) >= 0.99,
                b"rg" => state.fill_white = (0..3).all(|i| num(i) >= 0.99),
                b"RG" => state.stroke_white = (0..3).all(|i| num(i) >= 0.99),
                b"k" => state.fill_white = (0..4).all(|i| num(i) <= 0.01),
                b"K" => state.stroke_white = (0..4).all(|i| num(i) <= 0.01),
                // Paths.
                b"m" => {
                    let p = apply(&state.ctm, num(0), num(1));
                    path.start = Some(p);
                    path.current = Some(p);
                }
                b"l" => {
                    let p = apply(&state.ctm, num(0), num(1));
                    if let Some(c) = path.current {
                        path.segments.push((c.0, c.1, p.0, p.1));
                    }
                    path.current = Some(p);
                }
                b"c" | b"v" | b"y" => {
                    let (i, j) = if op == b"c" { (4, 5) } else { (2, 3) };
                    path.current = Some(apply(&state.ctm, num(i), num(j)));
                }
                b"h" => {
                    if let (Some(c), Some(s)) = (path.current, path.start) {
                        path.segments.push((c.0, c.1, s.0, s.1));
                        path.current = Some(s);
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                    let corners =
                        [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|(a, b)| apply(&state.ctm, a, b));
                    path.rects.push(corners);
                    path.start = Some(corners[0]);
                    path.current = Some(corners[0]);
                }
                b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" if !state.stroke_white => {
                    if op == b"s" || op == b"b" || op == b"b*" {
                        if let (Some(c), Some(s)) = (path.current, path.start) {
                            path.segments.push((c.0, c.1, s.0, s.1));
                        }
                    }
                    self.stroke(&path);
                    path = Path::default();
                }
                b"f" | b"F" | b"f*" if !state.fill_white => {
                    self.fill(&path);
                    path = Path::default();
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => path = Path::default(),
                // Text.
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    state.size = num(1);
                    state.font = ops.first().and_then(Object::as_name).and_then(|name| self.font(&resources, name));
                }
                b"Tc" => state.char_spacing = num(0),
                b"Tw" => state.word_spacing = num(0),
                b"Tz" => state.scale = num(0) / 100.0,
                b"TL" => state.leading = num(0),
                b"Ts" => state.rise = num(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        state.leading = -num(1);
                    }
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" if ops.len() >= 6 => {
                    tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    if op == b"'" || op == b"\"" {
                        tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<Object> = match (op, ops.last()) {
                        (b"TJ", Some(Object::Array(a))) => a.clone(),
                        (_, Some(s @ Object::Str(_))) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Object::Str(bytes) => self.show(&bytes, &state, &mut tm),
                            o => {
                                let adjust = o.as_f64().unwrap_or(0.0);
                                tm = multiply(
                                    &[1.0, 0.0, 0.0, 1.0, -adjust / 1000.0 * state.size * state.scale, 0.0],
                                    &tm,
                                );
                            }
                        }
                    }
                }
                // Forms and images.
                b"Do" => {
                    if let Some(name) = ops.first().and_then(Object::as_name) {
                        self.xobject(&resources, name, &state, depth);
                    }
                }
                b"BI" => {
                    // An inline image: its data runs to `EI` standing alone.
                    self.image(&state.ctm);
                    let rest = &data[lexer.pos..];
                    let end = rest
                        .windows(4)
                        .position(|w| {
                            super::syntax::is_white(w[0]) && &w[1..3] == b"EI" && super::syntax::is_white(w[3])
                        })
                        .map_or(rest.len(), |p| p + 3);
                    lexer.pos += end;
                }
                _ => {}
            }
            ops.clear();
        }
    }

    fn font(&mut self, resources: &Dict, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = self.file.get(resources, b"Font");
        let reference = fonts.as_dict()?.get(name)?.clone();
        let key = match reference {
            Object::Ref(n, _) => Some(n),
            _ => None,
        };
        if let Some(font) = key.and_then(|k| self.fonts.get(&k)) {
            return Some(font.clone());
        }
        let dict = self.file.resolve(&reference);
        let font = Rc::new(Font::load(self.file, dict.as_dict()?));
        if let Some(k) = key {
            self.fonts.insert(k, font.clone());
        }
        Some(font)
    }

    /// The characters of a shown string, each placed, the text matrix moved past them.
    fn show(&mut self, bytes: &[u8], state: &State, tm: &mut Matrix) {
        let Some(font) = state.font.clone() else { return };
        for glyph in font.glyphs(bytes, self.gbk) {
            let m =
                multiply(&[state.size * state.scale, 0.0, 0.0, state.size, 0.0, state.rise], &multiply(tm, &state.ctm));
            let advance =
                (glyph.width * state.size + state.char_spacing + if glyph.space { state.word_spacing } else { 0.0 })
                    * state.scale;
            let (ox, oy) = apply(&m, 0.0, 0.0);
            let end = multiply(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &multiply(tm, &state.ctm));
            let (ex, _) = apply(&end, 0.0, 0.0);
            // The em's height as drawn, whatever the text's direction.
            let size = m[2].hypot(m[3]);
            *tm = multiply(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
            if glyph.text.trim().is_empty() {
                self.space = true;
                continue;
            }
            let keep = size.is_finite() && ox.is_finite() && ex.is_finite();
            if keep && self.budget.chars > 0 {
                self.budget.chars -= 1;
                let (x0, x1) = (ox.min(ex), ox.max(ex));
                self.page.chars.push(Char { text: glyph.text, x0, x1, y: oy, size, space_before: self.space });
            }
            self.space = false;
        }
    }

    fn xobject(&mut self, resources: &Dict, name: &[u8], state: &State, depth: usize) {
        let xobjects = self.file.get(resources, b"XObject");
        let Some(reference) = xobjects.as_dict().and_then(|x| x.get(name)).cloned() else { return };
        let object = self.file.resolve(&reference);
        let Some(dict) = object.as_dict() else { return };
        match dict.get(b"Subtype").and_then(Object::as_name) {
            Some(b"Image") => self.image(&state.ctm),
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                let Some((_, data)) = self.file.stream_data(&reference) else { return };
                let matrix = match self.file.get(dict, b"Matrix").as_array() {
                    Some(m) if m.len() == 6 => {
                        let v: Vec<f64> = m.iter().map(|o| o.as_f64().unwrap_or(0.0)).collect();
                        [v[0], v[1], v[2], v[3], v[4], v[5]]
                    }
                    _ => IDENTITY,
                };
                let own = self.file.get(dict, b"Resources");
                let resources = if own.as_dict().is_some() { own } else { Rc::new(Object::Dict(resources.clone())) };
                self.content(&data, &resources, multiply(&matrix, &state.ctm), depth + 1);
            }
            _ => {}
        }
    }

    /// An image drawn in the unit square under `ctm`: its share of the page.
    fn image(&mut self, ctm: &Matrix) {
        let area = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs();
        let page = (self.page.width * self.page.height).max(1.0);
        self.page.image_cover += (area / page).min(1.0);
    }

    fn stroke(&mut self, path: &Path) {
        for &(x0, y0, x1, y1) in &path.segments {
            self.rule(x0, y0, x1, y1);
        }
        for r in &path.rects {
            for i in 0..4 {
                let (a, b) = (r[i], r[(i + 1) % 4]);
                self.rule(a.0, a.1, b.0, b.1);
            }
        }
    }

    /// A filled rectangle thin in one direction is a ruling along the other.
    fn fill(&mut self, path: &Path) {
        let mut rects: Vec<[(f64, f64); 4]> = path.rects.clone();
        // A closed four-point path drawn with `m l l l h` is a rectangle too.
        if path.rects.is_empty() && (3..=4).contains(&path.segments.len()) {
            let s = &path.segments;
            rects.push([(s[0].0, s[0].1), (s[1].0, s[1].1), (s[2].0, s[2].1), (s[2].2, s[2].3)]);
        }
        for r in rects {
            let xs = r.map(|p| p.0);
            let ys = r.map(|p| p.1);
            let (x0, x1) = (xs.iter().copied().fold(f64::MAX, f64::min), xs.iter().copied().fold(f64::MIN, f64::max));
            let (y0, y1) = (ys.iter().copied().fold(f64::MAX, f64::min), ys.iter().copied().fold(f64::MIN, f64::max));
            if y1 - y0 <= RULE_THICKNESS && x1 - x0 > y1 - y0 {
                let y = (y0 + y1) / 2.0;
                self.rule(x0, y, x1, y);
            } else if x1 - x0 <= RULE_THICKNESS && y1 - y0 > x1 - x0 {
                let x = (x0 + x1) / 2.0;
                self.rule(x, y0, x, y1);
            }
        }
    }

    /// Keeps a segment that is horizontal or vertical (within half a point) and
    /// longer than a character's stroke.
    fn rule(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        let straight = dx <= 0.5 || dy <= 0.5;
        if !straight || dx.max(dy) < 2.0 || ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            return;
        }
        if self.page.rules.len() < 100_000 {
            self.page.rules.push(Rule { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1) });
        }
    }
}
