//! Entry points for the peer benchmark (`cargo xtask bench`, feature `bench`):
//! the same core analyses and chart code as the page, fed the harness's
//! synthetic table (typed arrays) instead of a parsed plan.

use crate::canvas_root;
use plansight_charts::{draw_annual, Lang, Style, LIGHT};
use plansight_core::analysis::{self, Annual, Filter, Rows};
use plansight_core::{BuilderKind, Money, Project};
use wasm_bindgen::prelude::*;

/// The harness's table as the core's rows (building them is the "load" step).
#[wasm_bindgen]
pub struct BenchTable {
    categories: Vec<String>,
    rows: Rows,
}

#[wasm_bindgen]
impl BenchTable {
    #[wasm_bindgen(constructor)]
    pub fn new(
        categories: Vec<String>,
        cat: &[u8],
        start: &[i32],
        end: &[i32],
        inv: &[f64],
    ) -> Result<BenchTable, JsError> {
        let n = cat.len();
        if start.len() != n || end.len() != n || inv.len() != n {
            return Err(JsError::new("columns of different lengths"));
        }
        let projects = (0..n)
            .map(|i| Project {
                no: i as u32 + 1,
                kind: categories.get(cat[i] as usize).cloned().unwrap_or_default(),
                name: String::new(),
                investment: Money::from_yi(inv[i]),
                start_year: Some(start[i]),
                end_year: Some(end[i]),
                builder: String::new(),
                builder_kind: BuilderKind::Unknown,
                line: 0,
            })
            .collect();
        Ok(BenchTable { categories, rows: Rows { projects, tasks: Vec::new(), indicators: Vec::new() } })
    }

    /// Q1: investment by category, in the harness's category order.
    pub fn q1(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.categories.len()];
        for s in analysis::investment_by_type(&self.rows, &Filter::default()) {
            if let Some(c) = self.categories.iter().position(|c| *c == s.label) {
                out[c] = s.value;
            }
        }
        out
    }

    /// Q2: investment spread evenly over each period, cells (year − year0) × categories + category.
    pub fn q2(&self, year0: i32, years: usize) -> Vec<f64> {
        let n = self.categories.len();
        let mut out = vec![0.0; years * n];
        let a = analysis::annualized(&self.rows, &Filter::default(), None);
        for (t, label) in a.types.iter().enumerate() {
            let Some(c) = self.categories.iter().position(|x| x == label) else { continue };
            for (i, y) in a.years.iter().enumerate() {
                let row = (y - year0) as usize;
                if y >= &year0 && row < years {
                    out[row * n + c] = a.values[t][i];
                }
            }
        }
        out
    }
}

/// Draws the stacked annual chart of a category × year matrix (category-major).
#[wasm_bindgen]
pub fn bench_draw_annual(
    canvas: web_sys::HtmlCanvasElement,
    css_width: u32,
    css_height: u32,
    scale: f64,
    categories: Vec<String>,
    years: Vec<i32>,
    matrix: &[f64],
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
    let root = canvas_root(canvas, css_width, css_height, scale)?;
    let area = root.shrink((0, 0), (css_width, css_height));
    draw_annual(&area, &annual, &Style { theme: LIGHT, lang: Lang::Zh }).map_err(|e| JsError::new(&e))?;
    Ok(())
}
