//! The office/print SVG: labels as glyph outlines. Reads the SVG the charts
//! crate writes (plotters' SVG backend: one `<text>` per label with x, y, dy,
//! text-anchor, font-size, fill, opacity and an optional rotation) and writes
//! everything else through unchanged.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// An office SVG and the characters the font has no glyph for (their labels
/// stay visible `<text>`, drawn in the viewer's font).
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub svg: String,
    pub missing: Vec<char>,
}

/// One `<text>` as plotters writes it.
#[derive(Default)]
struct Label {
    x: f32,
    y: f32,
    dy: String,
    anchor: String,
    size: f32,
    fill: String,
    opacity: String,
    bold: bool,
    transform: Option<String>,
    text: String,
}

impl Label {
    fn read(start: &BytesStart) -> Label {
        let mut label = Label { size: 12.0, ..Label::default() };
        for attr in start.attributes().flatten() {
            let value = attr.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
            match attr.key.as_ref() {
                b"x" => label.x = value.parse().unwrap_or(0.0),
                b"y" => label.y = value.parse().unwrap_or(0.0),
                b"dy" => label.dy = value,
                b"text-anchor" => label.anchor = value,
                b"font-size" => label.size = value.parse().unwrap_or(12.0),
                b"fill" => label.fill = value,
                b"opacity" => label.opacity = value,
                b"font-weight" => label.bold = value == "bold",
                b"transform" => label.transform = Some(value),
                _ => {}
            }
        }
        label
    }
}

/// Glyph outlines in font units (y up), as SVG path data.
struct PathData(String);

impl OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{x} {y}");
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{x} {y}");
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{x1} {y1} {x} {y}");
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(self.0, "C{x1} {y1} {x2} {y2} {x} {y}");
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

struct Outliner<'a> {
    face: Face<'a>,
    /// Glyph id → its path, written once into `<defs>`.
    glyphs: BTreeMap<u16, String>,
    missing: Vec<char>,
}

impl Outliner<'_> {
    /// The label as a group of `<use>`d glyphs, then as invisible text. None
    /// when the font lacks one of its characters.
    fn draw(&mut self, label: &Label) -> Option<String> {
        let text = label.text.trim();
        let ids: Vec<GlyphId> = text.chars().map(|c| self.face.glyph_index(c)).collect::<Option<_>>()?;
        let scale = label.size / self.face.units_per_em() as f32;
        let advance = |g: GlyphId| self.face.glyph_hor_advance(g).unwrap_or(0) as f32 * scale;
        let width: f32 = ids.iter().map(|&g| advance(g)).sum();
        let x_height = self.face.x_height().map_or(0.5 * label.size, |h| h as f32 * scale);
        // Where browsers put the baseline for plotters' dy values.
        let baseline = label.y
            + match label.dy.as_str() {
                "0.76em" => 0.76 * label.size,
                "0.5ex" => 0.5 * x_height,
                "-0.5ex" => -0.5 * x_height,
                _ => 0.0,
            };
        let mut x = label.x
            - match label.anchor.as_str() {
                "middle" => width / 2.0,
                "end" => width,
                _ => 0.0,
            };
        let mut group = String::from("<g");
        let _ = write!(group, r#" fill="{}""#, escape(&label.fill));
        if !label.opacity.is_empty() && label.opacity != "1" {
            let _ = write!(group, r#" opacity="{}""#, escape(&label.opacity));
        }
        if let Some(t) = &label.transform {
            let _ = write!(group, r#" transform="{}""#, escape(t));
        }
        if label.bold {
            // One weight is bundled: bold is the regular outline stroked in its own colour.
            let _ = write!(group, r#" stroke="{}" stroke-width="28""#, escape(&label.fill));
        }
        group.push('>');
        for &g in &ids {
            if !self.glyphs.contains_key(&g.0) {
                let mut path = PathData(String::new());
                self.face.outline_glyph(g, &mut path);
                self.glyphs.insert(g.0, path.0);
            }
            if !self.glyphs[&g.0].is_empty() {
                let _ = write!(
                    group,
                    r##"<use xlink:href="#g{}" transform="translate({:.2} {:.2}) scale({:.5} {:.5})"/>"##,
                    g.0, x, baseline, scale, -scale
                );
            }
            x += advance(g);
        }
        // The same words as text nobody sees: search, copy and screen readers use it.
        let _ = write!(
            group,
            r#"<text x="{:.2}" y="{:.2}" font-size="{}" textLength="{:.2}" lengthAdjust="spacingAndGlyphs" fill-opacity="0" stroke="none">{}</text></g>"#,
            x - width,
            baseline,
            label.size,
            width,
            escape(text)
        );
        Some(group)
    }
}

/// The words of every `<text>` in an SVG, in document order (what the web
/// SVG's font subset must hold).
#[cfg(feature = "webfont")]
pub(crate) fn label_texts(svg: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(svg);
    let (mut texts, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().map_err(|e| format!("the chart's SVG is not XML: {e}"))? {
            Event::Eof => return Ok(texts),
            Event::Start(s) if s.name().as_ref() == b"text" => {
                inside = true;
                texts.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == b"text" => inside = false,
            Event::Text(t) if inside => {
                texts.last_mut().expect("inside a text").push_str(&t.unescape().map_err(|e| e.to_string())?)
            }
            _ => {}
        }
    }
}

/// The chart SVG with every label drawn as outlines of `font` (the bundled
/// font's bytes). `<title>` and `<desc>` pass through.
pub fn office_svg(svg: &str, font: &[u8]) -> Result<Office, String> {
    let face = Face::parse(font, 0).map_err(|e| format!("the font cannot be read: {e}"))?;
    let mut outliner = Outliner { face, glyphs: BTreeMap::new(), missing: Vec::new() };
    let mut reader = Reader::from_str(svg);
    let mut writer = Writer::new(Vec::new());
    let mut defs_at = None;
    let mut label: Option<(Label, Vec<Event>)> = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("the chart's SVG is not XML: {e}"))?;
        match (&mut label, event) {
            (_, Event::Eof) => break,
            (None, Event::Start(start)) if start.name().as_ref() == b"svg" => {
                let mut start = start.into_owned();
                if !start.attributes().flatten().any(|a| a.key.as_ref() == b"xmlns:xlink") {
                    start.push_attribute(("xmlns:xlink", "http://www.w3.org/1999/xlink"));
                }
                writer.write_event(Event::Start(start)).map_err(|e| e.to_string())?;
                defs_at = Some(writer.get_ref().len());
            }
            (None, Event::Start(start)) if start.name().as_ref() == b"text" => {
                let start = start.into_owned();
                label = Some((Label::read(&start), vec![Event::Start(start)]));
            }
            (Some((l, events)), Event::Text(t)) => {
                l.text.push_str(&t.unescape().map_err(|e| e.to_string())?);
                events.push(Event::Text(t.into_owned()));
            }
            (Some((l, events)), Event::End(end)) if end.name().as_ref() == b"text" => {
                match outliner.draw(l) {
                    Some(group) => writer.get_mut().extend_from_slice(group.as_bytes()),
                    None => {
                        // Kept as text in the viewer's font; say which characters.
                        for c in l.text.chars() {
                            if outliner.face.glyph_index(c).is_none() && !outliner.missing.contains(&c) {
                                outliner.missing.push(c);
                            }
                        }
                        for e in events.drain(..) {
                            writer.write_event(e).map_err(|e| e.to_string())?;
                        }
                        writer.write_event(Event::End(end)).map_err(|e| e.to_string())?;
                    }
                }
                label = None;
            }
            (Some((_, events)), other) => events.push(other.into_owned()),
            (None, other) => writer.write_event(other).map_err(|e| e.to_string())?,
        }
    }
    let mut out = String::from_utf8(writer.into_inner()).map_err(|e| e.to_string())?;
    let mut defs = String::from("<defs>");
    for (id, path) in &outliner.glyphs {
        if !path.is_empty() {
            let _ = write!(defs, r#"<path id="g{id}" d="{path}"/>"#);
        }
    }
    defs.push_str("</defs>");
    // After <title> and <desc>, which screen readers look for first.
    let at = defs_at.ok_or("the chart's SVG has no <svg> element")?;
    let at = out[at..].find("</desc>").map_or(at, |end| at + end + "</desc>".len());
    out.insert_str(at, &defs);
    Ok(Office { svg: out, missing: outliner.missing })
}

#[cfg(all(test, feature = "bundled-font", feature = "png"))]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg width="200" height="60" viewBox="0 0 200 60" xmlns="http://www.w3.org/2000/svg">
<title>总投资</title>
<rect x="0" y="0" width="200" height="60" fill="#FFFFFF"/>
<text x="100" y="10" dy="0.76em" text-anchor="middle" font-family="sans-serif" font-size="16" opacity="1" fill="#222222" font-weight="bold">诸暨 740.55 亿元
</text>
<text x="10" y="50" dy="0.5ex" text-anchor="start" font-family="sans-serif" font-size="12" opacity="1" fill="#555555" transform="rotate(270, 10, 50)">交通 &amp; 产业</text>
<text x="190" y="50" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="12" opacity="1" fill="#555555">𠀀</text>
</svg>"##;

    #[test]
    fn labels_become_reused_glyphs_with_a_text_layer() {
        let office = office_svg(SVG, crate::FONT).unwrap();
        let svg = &office.svg;
        // Each glyph is defined once: 诸暨 740.55 亿元 has two 5s, used twice, defined once.
        let defs = svg.split("<path id=\"g").count() - 1;
        let uses = svg.matches("<use ").count();
        assert!(defs > 0 && uses > defs, "{defs} glyphs defined, {uses} used");
        assert_eq!(svg.matches(&format!("href=\"#g{}\"", glyph(&'5'))).count(), 2);
        // The words are still there as text, invisible, escaped.
        assert!(svg.contains(r#"fill-opacity="0" stroke="none">诸暨 740.55 亿元</text>"#));
        assert!(svg.contains(">交通 &amp; 产业</text>"));
        assert!(svg.contains("<title>总投资</title>"));
        assert!(svg.contains(r#"transform="rotate(270, 10, 50)""#));
        // A character outside GB2312 keeps its label as visible text and is reported.
        assert_eq!(office.missing, vec!['𠀀']);
        assert!(svg.contains(r#"text-anchor="end" font-family="sans-serif""#));
        assert!(resvg::usvg::Tree::from_str(svg, &Default::default()).is_ok());
    }

    fn glyph(c: &char) -> u16 {
        Face::parse(crate::FONT, 0).unwrap().glyph_index(*c).unwrap().0
    }
}
