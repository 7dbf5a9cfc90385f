//! A canvas to draw the charts on, in the browser (feature `canvas`).
//!
//! plotters-canvas sets the text's font, alignment and baseline before every
//! label; the canvas parses a font string each time it is set, which was the
//! largest single cost of a filter click's redraw. [`Canvas2d`] draws text
//! itself and sets each only when it changes (everything else is plotters-canvas's).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Sizes a canvas for `scale` device pixels per CSS pixel and returns its
/// backend with the context scaled: plotters-canvas draws in canvas pixels, so
/// charts drawn on the CSS-sized sub-area render at device resolution (crisp on HiDPI).
pub fn backend(
    canvas: HtmlCanvasElement,
    css_width: u32,
    css_height: u32,
    scale: f64,
) -> Result<Canvas2d, &'static str> {
    // A canvas given its size again is reset and its bitmap made anew (and
    // handed to the compositor anew): a redraw at the same size only clears it.
    let (width, height) = ((css_width as f64 * scale).round() as u32, (css_height as f64 * scale).round() as u32);
    let same = canvas.width() == width && canvas.height() == height;
    if !same {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|o| o.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or("this browser gives no 2D canvas")?;
    context.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0).map_err(|_| "cannot scale the canvas")?;
    if same {
        context.clear_rect(0.0, 0.0, css_width as f64, css_height as f64);
    }
    let inner = CanvasBackend::with_canvas_object(canvas).ok_or("cannot draw on this canvas")?;
    Ok(Canvas2d { inner, context, text: TextState::default() })
}

/// plotters-canvas with text drawn here (see the module's comment).
pub struct Canvas2d {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    text: TextState,
}

/// The text settings the context holds now (none known at first: a context
/// keeps its settings between draws, and a restore brings back older ones).
#[derive(Default)]
struct TextState {
    font: String,
    align: &'static str,
    baseline: &'static str,
}

#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(format!("{e:?}")))
}

fn css_color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

/// The same call on plotters-canvas, its error as text.
macro_rules! inner {
    ($self:ident . $call:ident ( $($arg:expr),* )) => {
        $self.inner.$call($($arg),*).map_err(|e| match e {
            DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(CanvasError(e.to_string())),
            DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
        })
    };
}

impl DrawingBackend for Canvas2d {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        inner!(self.fill_polygon(vert, style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ctx = &self.context;
        let angle = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        } * std::f64::consts::PI
            / 180.0;
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if angle != 0.0 {
            ctx.save();
            ctx.translate(x, y).map_err(failed)?;
            ctx.rotate(angle).map_err(failed)?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if self.text.baseline != baseline {
            ctx.set_text_baseline(baseline);
            self.text.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if self.text.align != align {
            ctx.set_text_align(align);
            self.text.align = align;
        }
        // The fill is set by every shape too, so it is set each time.
        ctx.set_fill_style_str(&css_color(color));
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        if self.text.font != font {
            ctx.set_font(&font);
            self.text.font = font;
        }
        ctx.fill_text(text, x, y).map_err(failed)?;
        if angle != 0.0 {
            ctx.restore();
            self.text = TextState::default();
        }
        Ok(())
    }
}
