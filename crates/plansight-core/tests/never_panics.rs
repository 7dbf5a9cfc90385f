//! No input makes the reader panic (a panic in WebAssembly kills the page).

use plansight_core::analysis::{self, Filter, Rows};
use plansight_core::{read_plan, Frame};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../seeds/000_6484c7ca487d3a6f.txt");

/// Reads and runs every analysis; returns nothing, panics only on a bug.
fn exercise(bytes: &[u8]) {
    if let Ok(plan) = read_plan(bytes) {
        let frame = Frame::from_plan(&plan);
        let rows = Rows::read(&frame).expect("a frame built from a plan reads back");
        let f = Filter::default();
        analysis::summary(&rows, &f, plan.window);
        analysis::annualized(&rows, &f, plan.window);
        analysis::top_projects(&rows, &f, 10);
        analysis::indicators_by_action(&rows, &f);
        analysis::unit_area_matrix(&rows, &f);
        analysis::checks(&rows, &plan.warnings, plan.window);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_text_with_table_syntax(text in "[\t\n 0-9一二（）、。序号项目名称投资期限单位亿元年—\\-]{0,400}") {
        exercise(text.as_bytes());
    }

    /// The seed cut at any point and with a byte overwritten still reads or fails cleanly.
    #[test]
    fn damaged_seed(cut in 0usize..SEED.len(), at in 0usize..SEED.len(), byte in any::<u8>()) {
        let mut bytes = SEED.as_bytes()[..cut].to_vec();
        if at < bytes.len() {
            bytes[at] = byte;
        }
        exercise(&bytes);
    }
}
