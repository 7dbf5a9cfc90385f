//! Charts that travel into reports. The charts crate draws SVG with `<text>`,
//! which every viewer draws in whatever font it has (Office and Inkscape ignore
//! web fonts; a machine without a CJK font shows boxes). This crate makes that
//! SVG independent of the viewer's fonts:
//! - [`office_svg`]: every label as glyph outlines of the bundled font (each
//!   glyph defined once, reused), plus the labels as invisible `<text>` so the
//!   chart stays searchable and readable by screen readers;
//! - `web_svg` (feature `webfont`): labels stay `<text>`, in a WOFF2 subset of
//!   the bundled font embedded as `@font-face` (only the characters used);
//! - [`png`] and [`pdf`] (features `png`, `pdf`): drawn by resvg / svg2pdf with
//!   the bundled font only, never a system font; the PDF keeps text as text
//!   (selectable, in a subset of the font).
//!
//! The font is Noto Sans CJK SC cut to GB2312 (see `fonts/make_font.py`); the
//! caller passes its bytes, so the page can load them only when an export asks.

mod outline;
#[cfg(feature = "webfont")]
mod webfont;

pub use outline::{office_svg, Office};
#[cfg(feature = "webfont")]
pub use webfont::{web_svg, WEB_FAMILY};

/// The bundled font: Noto Sans CJK SC, every GB2312 character (SIL OFL 1.1, `fonts/OFL.txt`).
#[cfg(feature = "bundled-font")]
pub static FONT: &[u8] = include_bytes!("../fonts/NotoSansSC-GB2312.otf");

/// The bundled font's family name, as its name table gives it.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

#[cfg(feature = "png")]
fn tree(svg: &str, font: &[u8]) -> Result<resvg::usvg::Tree, String> {
    let mut options = resvg::usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_font_data(font.to_vec());
    // The charts name a list of system fonts ending in sans-serif: with only the
    // bundled font in the database, every one of them resolves to it.
    fonts.set_sans_serif_family(FONT_FAMILY);
    options.font_family = FONT_FAMILY.to_string();
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the chart's SVG: {e}"))
}

/// The chart as PNG at `scale` pixels per SVG pixel.
#[cfg(feature = "png")]
pub fn png(svg: &str, font: &[u8], scale: f32) -> Result<Vec<u8>, String> {
    let tree = tree(svg, font)?;
    let scale = if scale.is_finite() { scale.clamp(0.25, 8.0) } else { 1.0 };
    let size = tree.size().to_int_size().scale_by(scale).ok_or("the chart is too large to draw")?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the chart is too large to draw")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot write PNG: {e}"))
}

/// How wide `text` is at `size` in the bundled font (for wrapping report text).
pub fn text_width(font: &[u8], text: &str, size: f32) -> f32 {
    let Ok(face) = ttf_parser::Face::parse(font, 0) else { return text.chars().count() as f32 * size };
    let em = face.units_per_em() as f32;
    text.chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(size, |a| a as f32 * size / em))
        .sum()
}

/// Pages (each an SVG document the size of the page, in points) as one PDF,
/// its text selectable. Each page is converted by svg2pdf and placed whole.
#[cfg(feature = "pdf")]
pub fn pdf_pages(pages: &[String], font: &[u8]) -> Result<Vec<u8>, String> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
    let mut next = Ref::new(1);
    let mut bump = || next.bump();
    let (catalog, tree_id) = (bump(), bump());
    let mut pdf = Pdf::new();
    let mut kids = Vec::new();
    for svg in pages {
        let tree = tree(svg, font)?;
        let (width, height) = (tree.size().width(), tree.size().height());
        let (chunk, drawing) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| format!("cannot write PDF: {e}"))?;
        // Each page's objects get numbers after those already used.
        let mut numbers = std::collections::HashMap::new();
        let chunk = chunk.renumber(|old| *numbers.entry(old).or_insert_with(&mut bump));
        let drawing = numbers[&drawing];
        let (page_id, content_id) = (bump(), bump());
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, width, height)).parent(tree_id).contents(content_id);
        page.resources().x_objects().pair(Name(b"P"), drawing);
        page.finish();
        let mut content = Content::new();
        content.transform([width, 0.0, 0.0, height, 0.0, 0.0]).x_object(Name(b"P"));
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        kids.push(page_id);
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id).count(kids.len() as i32).kids(kids);
    Ok(pdf.finish())
}

/// The chart as a one-page PDF the size of the chart, its text selectable.
#[cfg(feature = "pdf")]
pub fn pdf(svg: &str, font: &[u8]) -> Result<Vec<u8>, String> {
    let tree = tree(svg, font)?;
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|e| format!("cannot write PDF: {e}"))
}
