//! Plansight's charts alone: a small wasm module for a page that brings its
//! own numbers (a breakdown computed elsewhere) and wants Plansight's drawing
//! of them, without the readers, analyses and interface of the page's module.
//! It draws with the same chart code as the page, on a canvas at devicePixelRatio.

use plansight_charts::{canvas, draw_annual, Lang, Style, DARK, LIGHT};
use plansight_core::engine::analysis::Annual;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;

/// Draws the annual chart (investment by year, stacked by category) of a
/// category × year matrix in 亿元, category-major, on `canvas` sized
/// `css_width` × `css_height` CSS pixels at `scale` device pixels each.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn draw_annual_chart(
    canvas: web_sys::HtmlCanvasElement,
    css_width: u32,
    css_height: u32,
    scale: f64,
    categories: Vec<String>,
    years: Vec<i32>,
    matrix: &[f64],
    english: bool,
    dark: bool,
) -> Result<(), JsError> {
    let values: Vec<Vec<f64>> = (0..categories.len())
        .map(|c| {
            let mut row = matrix.get(c * years.len()..(c + 1) * years.len()).unwrap_or(&[]).to_vec();
            row.resize(years.len(), 0.0);
            row
        })
        .collect();
    let annual = Annual {
        years,
        types: categories,
        values,
        window: None,
        window_total: 0.0,
        window_share: 0.0,
        not_spread: Vec::new(),
    };
    let root = canvas::backend(canvas, css_width, css_height, scale).map_err(JsError::new)?.into_drawing_area();
    let area = root.shrink((0, 0), (css_width, css_height));
    let style = Style { theme: if dark { DARK } else { LIGHT }, lang: if english { Lang::En } else { Lang::Zh } };
    draw_annual(&area, &annual, &style).map_err(|e| JsError::new(&e))?;
    Ok(())
}
