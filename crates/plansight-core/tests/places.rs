//! Plans of 23 different places in every form (tests/fixtures/places, made by
//! its make.py: txt, docx, html, xlsx, csv; GBK and GB18030; windows from
//! 十四五 to single years): each reads with the title, window, projects,
//! total (to the 分), tasks and targets its generator wrote, and no warning.
//! The page opens them together as one set (tests/e2e/editions.test.mjs).

use plansight_core::{read_plan, IndicatorKind, Money};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn every_place_reads_as_written() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/places");
    let expected: Value = serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 20, "{} places", expected.len());
    for (file, want) in expected {
        let plan = read_plan(&std::fs::read(dir.join(file)).unwrap()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let total: Money = plan.projects.iter().filter_map(|p| p.investment).sum();
        let targets = plan.indicators.iter().filter(|i| i.kind == IndicatorKind::Target).count();
        let window = plan.window.map(|(a, b)| serde_json::json!([a, b])).unwrap_or(Value::Null);
        assert_eq!(plan.title.as_deref(), want["title"].as_str(), "{file}: title");
        assert_eq!(window, want["window"], "{file}: window");
        assert_eq!(plan.projects.len() as u64, want["projects"].as_u64().unwrap(), "{file}: projects");
        assert_eq!(total.fen(), want["total_fen"].as_i64().unwrap(), "{file}: total");
        assert_eq!(plan.tasks.len() as u64, want["tasks"].as_u64().unwrap(), "{file}: tasks");
        assert_eq!(targets as u64, want["targets"].as_u64().unwrap(), "{file}: targets");
        assert!(plan.warnings.is_empty(), "{file}: {:?}", plan.warnings);
    }
}
