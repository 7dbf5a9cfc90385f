#![no_main]
//! Any bytes: the reader returns a plan or an error, and every analysis runs.

use libfuzzer_sys::fuzz_target;
use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;

fuzz_target!(|data: &[u8]| {
    if let Ok(plan) = plansight_core::read_plan(data) {
        let rows = plansight_core::Frame::from_plan(&plan).rows().expect("frame reads back");
        let f = Filter::default();
        analysis::annualized(&rows, &f, plan.window);
        analysis::indicators_by_action(&rows, &f);
        analysis::checks(&rows, &plan.warnings, plan.window);
    }
});
