//! Every chart of the seed plan drawn as SVG: Chinese labels and values present,
//! hit regions that carry the right tooltip, both languages and themes.

use plansight_charts::{draw, hit_at, svg, ChartId, Inputs, Lang, Selection, Style, DARK, LIGHT};
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::{read_plan, Frame};
use plotters::prelude::*;

fn rows() -> (Rows, Option<(i32, i32)>) {
    let plan = read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
    (Frame::from_plan(&plan).rows().unwrap(), plan.window)
}

#[test]
fn every_chart_renders_in_both_languages_and_themes() {
    let (rows, window) = rows();
    let filter = Filter::default();
    let input = Inputs { rows: &rows, filter: &filter, window, tables: &[], by_plan: false };
    for chart in ChartId::ALL {
        for (lang, theme) in [(Lang::Zh, LIGHT), (Lang::En, DARK)] {
            let s = svg(chart, &input, &Style { theme, lang }, 760).unwrap();
            assert!(s.starts_with("<svg") && s.contains("</svg>"), "{chart:?}");
            assert!(s.contains("<text"), "{chart:?} has text");
        }
    }
    let zh = |c| svg(c, &input, &Style { theme: LIGHT, lang: Lang::Zh }, 760).unwrap();
    let by_type = zh(ChartId::ByType);
    assert!(by_type.contains("交通互通共网") && by_type.contains("356.2") && by_type.contains("亿元"));
    assert!(zh(ChartId::Timeline).contains("白门至大路杨公路"));
    assert!(zh(ChartId::Indicators).contains("5 → 8 个 (2025)"));
    assert!(zh(ChartId::Annual).contains("规划期 2023–2025"));
    let en = svg(ChartId::ByType, &input, &Style { theme: LIGHT, lang: Lang::En }, 760).unwrap();
    assert!(en.contains("Transport links"));
}

#[test]
fn hits_carry_values_and_selections() {
    let (rows, window) = rows();
    let filter = Filter::default();
    let input = Inputs { rows: &rows, filter: &filter, window, tables: &[], by_plan: false };
    let mut out = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut out, (760, 300)).into_drawing_area();
        draw(ChartId::ByType, &area, &input, &Style { theme: LIGHT, lang: Lang::Zh }).unwrap()
    };
    assert_eq!(hits.len(), 6);
    let first = &hits[0];
    let (x, y) = ((first.x0 + first.x1) / 2, (first.y0 + first.y1) / 2);
    let hit = hit_at(&hits, x, y).unwrap();
    assert!(hit.tip.contains("交通互通共网: 356.2 亿元 (48.1%)"), "{}", hit.tip);
    assert_eq!(hit.select, Some(Selection::Action("交通互通共网".into())));
    assert!(hit_at(&hits, -5, -5).is_none());
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let (rows, window) = rows();
    let filter = Filter { search: "不存在的项目".into(), ..Filter::default() };
    let input = Inputs { rows: &rows, filter: &filter, window, tables: &[], by_plan: false };
    let s = svg(ChartId::Pareto, &input, &Style { theme: LIGHT, lang: Lang::Zh }, 600).unwrap();
    assert!(s.contains("没有符合筛选条件的数据"));
}

/// Damaged plans (cut anywhere, a byte overwritten) and odd filters draw every
/// chart without a panic: in the page a panic would kill the app.
mod damaged {
    use super::*;
    use proptest::prelude::*;

    const SEED: &[u8] = include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt");

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn every_chart_draws(keep in 90usize..530, at in 90usize..530, line in "[\t0-9一（）、。亿元年—\\-]{0,12}", years in proptest::option::of((2015i32..2035, 2015i32..2035)), search in "[诸暨医院a-z]{0,2}") {
            // Cut the seed after `keep` lines (inside the annexes) and replace line `at` with noise.
            let text: Vec<&str> = std::str::from_utf8(SEED).unwrap().lines().take(keep).enumerate().map(|(i, l)| if i == at { line.as_str() } else { l }).collect();
            if let Ok(plan) = read_plan(text.join("\n").as_bytes()) {
                let rows = Rows::from_plan(&plan);
                let filter = Filter { years, search, ..Filter::default() };
                let input = Inputs { rows: &rows, filter: &filter, window: plan.window, tables: &plan.tables, by_plan: false };
                for chart in ChartId::ALL {
                    svg(chart, &input, &Style { theme: LIGHT, lang: Lang::En }, 400).unwrap();
                }
            }
        }
    }

    #[test]
    fn a_plan_with_tasks_only() {
        let text = "附件1\n重点任务分解表\n\t序号\n\t行动领域\n\t重点工作\n\t责任单位\n\n\t1\n\t交通行动\n\t修路。\n\t市交通局\n";
        let plan = read_plan(text.as_bytes()).unwrap();
        assert!(plan.projects.is_empty());
        let rows = Rows::from_plan(&plan);
        let filter = Filter::default();
        let input = Inputs { rows: &rows, filter: &filter, window: plan.window, tables: &plan.tables, by_plan: false };
        for chart in ChartId::ALL {
            svg(chart, &input, &Style { theme: DARK, lang: Lang::Zh }, 500).unwrap();
        }
    }
}

/// A plan with only prose: project and task charts say the plan has no such
/// table (not that the filter left nothing); a filter that leaves nothing says that.
#[test]
fn empty_charts_say_why() {
    let plan = read_plan(include_bytes!("../../../tests/fixtures/prose_only.txt")).unwrap();
    let prose = Frame::from_plan(&plan).rows().unwrap();
    let filter = Filter::default();
    let input = Inputs { rows: &prose, filter: &filter, window: None, tables: &plan.tables, by_plan: false };
    let zh = |c| svg(c, &input, &Style { theme: LIGHT, lang: Lang::Zh }, 760).unwrap();
    assert!(zh(ChartId::ByType).contains("此规划没有重点项目表"));
    assert!(zh(ChartId::Matrix).contains("此规划没有重点任务表"));
    assert!(!zh(ChartId::Indicators).contains("没有"), "the prose's targets are drawn");
    let en = svg(ChartId::Timeline, &input, &Style { theme: LIGHT, lang: Lang::En }, 760).unwrap();
    assert!(en.contains("This plan has no project table"));

    let (seed, window) = rows();
    let filter = Filter { search: "没有这个词".into(), ..Filter::default() };
    let input = Inputs { rows: &seed, filter: &filter, window, tables: &[], by_plan: false };
    assert!(svg(ChartId::Pareto, &input, &Style { theme: LIGHT, lang: Lang::Zh }, 760)
        .unwrap()
        .contains("没有符合筛选条件的数据"));
}

/// A project table with no type column: its projects chart as 未分类 and the
/// by-type total equals the plan's total (nothing drops out of the breakdown).
#[test]
fn projects_without_a_type_are_unclassified() {
    let plan = read_plan(include_bytes!("../../../tests/fixtures/two_row_header.csv")).unwrap();
    let rows = Frame::from_plan(&plan).rows().unwrap();
    let filter = Filter::default();
    let by_type = plansight_core::engine::analysis::investment_by_type(&rows, &filter);
    assert_eq!(by_type.len(), 1);
    assert!((by_type[0].value - 1.26).abs() < 1e-12 && by_type[0].share == 1.0);
    let input = Inputs { rows: &rows, filter: &filter, window: None, tables: &plan.tables, by_plan: false };
    let zh = svg(ChartId::ByType, &input, &Style { theme: LIGHT, lang: Lang::Zh }, 760).unwrap();
    assert!(zh.contains("未分类") && zh.contains("1.26"));
    // The source note names the document's own table, not the seed's annex.
    assert!(zh.contains("来源：项目表（第 7 行起；") && !zh.contains("附件2"));
    let en = svg(ChartId::Annual, &input, &Style { theme: LIGHT, lang: Lang::En }, 760).unwrap();
    assert!(en.contains("Unclassified"));
}

/// The Pareto's bars are labelled by project number: six-digit numbers on a
/// narrow chart go on two rows, or every few bars, never into one another.
#[test]
fn pareto_labels_never_run_together() {
    let mut csv = String::from("序号,类型,项目名称,总投资（亿元）,建设期限,建设单位\n");
    for i in 0..15 {
        csv.push_str(&format!("{},交通,项目{i},{}.5,2023-2025,某公司\n", 100_001 + i, 20 - i));
    }
    let plan = read_plan(csv.as_bytes()).unwrap();
    let rows = Frame::from_plan(&plan).rows().unwrap();
    let filter = Filter::default();
    let input = Inputs { rows: &rows, filter: &filter, window: None, tables: &plan.tables, by_plan: false };
    for width in [1200, 760, 500, 300] {
        let s = svg(ChartId::Pareto, &input, &Style { theme: LIGHT, lang: Lang::Zh }, width).unwrap();
        // (x, y, font size) of each label that is a project number.
        let mut labels: Vec<(f64, f64, f64)> = s
            .split("<text")
            .skip(1)
            .filter_map(|t| {
                let text = t.split_once('>')?.1.split_once("</text>")?.0.trim();
                let attr = |name: &str| t.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse::<f64>().ok();
                (text.len() == 6 && text.starts_with("1000")).then_some((attr("x")?, attr("y")?, attr("font-size")?))
            })
            .collect();
        assert!(labels.len() >= 4, "width {width}: {} labels", labels.len());
        labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
        for pair in labels.windows(2).filter(|p| p[0].1 == p[1].1) {
            // Six digits are about 3.4 em wide.
            let wide = 6.0 * 0.56 * pair[0].2;
            assert!(pair[1].0 - pair[0].0 > wide, "width {width}: labels at {pair:?} overlap");
        }
        if width >= 1200 {
            assert_eq!(labels.len(), 15, "a wide chart labels every bar on one row");
        }
    }
}
