//! Entry points for the peer benchmark (`cargo xtask bench`, feature `bench`):
//! the same core analyses and chart code as the page, fed the harness's
//! synthetic table (typed arrays) instead of a parsed plan. The chart page
//! draws with the charts-only module (`crates/plansight-chart-web`).

use plansight_core::engine::analysis;
use plansight_core::engine::columnar::ProjectColumns;
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use wasm_bindgen::prelude::*;

/// The harness's table as the core's project columns (building them is the
/// "load" step: codes, exact 分 and years straight from the typed arrays).
#[wasm_bindgen]
pub struct BenchTable {
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
        Ok(BenchTable { rows: Rows::from_columns(ProjectColumns::from_arrays(categories, cat, start, end, inv)) })
    }

    /// Q1: investment by category, in the harness's category order.
    pub fn q1(&self) -> Vec<f64> {
        analysis::investment_by_type(&self.rows, &Filter::default()).into_iter().map(|s| s.value).collect()
    }

    /// Q2: investment spread evenly over each period, cells (year − year0) × categories + category.
    pub fn q2(&self, year0: i32, years: usize) -> Vec<f64> {
        let n = self.rows.columns().types.len();
        let mut out = vec![0.0; years * n];
        let a = analysis::annualized(&self.rows, &Filter::default(), None);
        for (c, values) in a.values.iter().enumerate() {
            for (i, y) in a.years.iter().enumerate() {
                let row = (y - year0) as usize;
                if y >= &year0 && row < years {
                    out[row * n + c] = values[i];
                }
            }
        }
        out
    }
}
