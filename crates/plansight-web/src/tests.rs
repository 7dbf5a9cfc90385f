//! Runs natively (`cargo test`) and in Chromium (`wasm-bindgen-test`).

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn app() -> App {
    App {
        plans: plans::Plans::one(Loaded::read(SEED, SEED_NAME, &Default::default(), Lang::Zh).unwrap()),
        view: ViewState::default(),
        hits: HashMap::new(),
    }
}

#[test]
fn view_model_headline_and_tables() {
    let a = app();
    let m = view::build(&a.plans, &a.view);
    assert_eq!(m.headline[0].value, "33");
    assert_eq!(m.headline[1].value, "740.55");
    assert_eq!(m.tables[0].rows.len(), 33);
    assert_eq!(m.tables[1].rows.len(), 34);
    assert_eq!(m.charts.len(), 9);
    assert!(m.charts[0].description.contains("交通互通共网"));
    assert_eq!(m.years.min, 2019);
    assert_eq!(m.years.max, 2030);
}

#[test]
fn filters_sorts_and_hash() {
    let mut a = app();
    a.toggle("action", "交通互通共网");
    a.sort("projects", "investment");
    a.sort("projects", "investment");
    let m = view::build(&a.plans, &a.view);
    assert_eq!(m.tables[0].rows.len(), 9);
    assert_eq!(m.tables[0].rows[0].cells[2], "柯诸高速诸暨段", "largest first");
    assert_eq!(m.tables[1].rows.len(), 5, "tasks of the same action");
    assert_eq!(m.chips.len(), 1);
    let hash = a.hash();
    let mut b = app();
    b.set_hash(&hash, false);
    assert_eq!(b.view, a.view);
    a.toggle("action", "交通互通共网");
    assert!(a.view.filter.types.is_empty(), "clicking again clears");
    a.set_years(2019, 2030);
    assert_eq!(a.view.filter.years, None, "the full range is no filter");
    a.set_years(2026, 2024);
    assert_eq!(a.view.filter.years, Some((2024, 2026)));
}

#[test]
fn a_table_shows_the_first_rows_of_its_order() {
    // Fewer rows shown than kept: only those are put in order (a partial
    // selection), and they are the first rows of the full order, ties in
    // document order.
    let mut a = app();
    for (key, desc) in [("investment", true), ("type", false), ("builder_kind", true), ("period", false)] {
        a.view.sorts[0] = Some(Sort { key: key.into(), desc });
        a.view.row_limits[0] = 33;
        let all = view::build(&a.plans, &a.view).tables[0].rows.iter().map(|r| r.line).collect::<Vec<_>>();
        a.view.row_limits[0] = 7;
        let first = view::build(&a.plans, &a.view).tables[0].rows.iter().map(|r| r.line).collect::<Vec<_>>();
        assert_eq!(first, all[..7], "{key}");
    }
}

#[test]
fn a_big_table_opens_as_its_buffers() {
    // What the reader worker sends for an Arrow projects table: the same
    // projects, the repeated name it found noted, and no project built for
    // the view, its charts, its table sorted or filtered but the rows shown.
    let mut a = app();
    let projects = a.loaded().rows.projects.list().to_vec();
    let b = ProjectBuffers::from_projects(&projects);
    let (names, builders) = (b.names.as_bytes().to_vec(), b.builders.as_bytes().to_vec());
    let headers = vec!["序号".to_string(), "name".into(), "remark".into()];
    let roles = vec!["no".to_string(), "name".into(), String::new()];
    let summary = a
        .open_projects(
            "t.arrow",
            b.no,
            b.types,
            b.kind,
            names,
            b.name_ends,
            builders,
            b.builder_ends,
            b.builder,
            b.fen,
            b.start,
            b.end,
            b.builder_kind,
            b.line,
            headers,
            roles,
            vec![9],
            vec!["第 8 行没有名称".into()],
            vec!["row 8 has no name".into()],
            Vec::new(),
            Vec::new(),
        )
        .unwrap();
    assert!(summary.contains("33 个项目"));
    let repeated = |a: &App| a.loaded().notes.iter().any(|n| matches!(n.finding, Finding::RepeatedName { no: 6, .. }));
    assert!(!repeated(&a), "the worker's repeated names come after the columns");
    a.note_repeated_names("t.arrow", vec![5, 2]);
    assert!(repeated(&a));
    let lazy = |a: &App| !a.loaded().rows.projects.is_listed();
    assert!(lazy(&a), "opened without building its projects");
    a.view().unwrap();
    for chart in a.loaded().charts.clone() {
        a.svg(chart.id(), 800).unwrap();
    }
    for key in ["name", "investment", "builder_kind", "period"] {
        a.view.sorts[0] = Some(Sort { key: key.into(), desc: true });
        a.view().unwrap();
    }
    a.set_search("医院");
    a.view().unwrap();
    assert!(lazy(&a), "its view, charts, sorts and search built no project list");
    // The rows shown are the projects read, field by field.
    a.set_search("");
    a.view.sorts[0] = None;
    a.view.row_limits[0] = 33;
    let table = &view::build(&a.plans, &a.view).tables[0];
    let lines: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, projects.iter().map(|p| p.line).collect::<Vec<_>>());
    assert_eq!(table.rows[0].cells[2], projects[0].name);
    assert_eq!(a.loaded().rows.projects.list(), &projects[..]);
    assert_eq!(a.loaded().name, "t.arrow");
    // The load reports the table and its columns as the worker read them, and its notes.
    let roles: Vec<_> = a.loaded().plan.tables[0].columns.iter().map(|c| c.role.as_deref()).collect();
    assert_eq!(roles, [Some("no"), Some("name"), None]);
    assert!(a.loaded().notes.iter().any(|n| n.line == 9 && n.message(Lang::En) == "row 8 has no name"));
    assert!(a.view().unwrap().contains("\"by_columns\":true"), "the column dialog reads it again in the worker");
    assert!(a
        .loaded()
        .notes
        .iter()
        .any(|n| matches!(n.finding, plansight_core::model::Finding::RepeatedName { no: 6, .. })));
}

#[test]
fn exports_follow_the_filter() {
    let mut a = app();
    let csv = String::from_utf8(a.export("csv", "projects").unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 34);
    a.set_search("医院");
    let csv = String::from_utf8(a.export("csv", "projects").unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 3);
    let json: serde_json::Value = serde_json::from_slice(&a.export("json", "projects").unwrap()).unwrap();
    assert_eq!(json["projects"].as_array().unwrap().len(), 2);
}

#[test]
fn a_bad_document_keeps_the_loaded_plan() {
    let mut a = app();
    a.toggle("unit", "市科技局");
    assert!(Loaded::read("没有表格的文字。".as_bytes(), "x.txt", &Default::default(), Lang::Zh).is_err());
    // `load` itself returns a JsError (only constructible in wasm), so test the native half.
    assert_eq!(a.loaded().rows.projects.len(), 33);
    assert_eq!(a.view.filter.units, ["市科技局"]);
}

#[cfg(target_arch = "wasm32")]
#[test]
fn draws_on_a_hidpi_canvas_and_hit_tests() {
    let mut a = app();
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    let h = a.draw("by-type", canvas.clone(), 600, 2.0).unwrap();
    assert_eq!(canvas.width(), 1200);
    assert_eq!(canvas.height(), 2 * h);
    let hits = &a.hits["by-type"];
    let first = &hits[0];
    let tip = a.tooltip("by-type", ((first.x0 + first.x1) / 2) as f64, ((first.y0 + first.y1) / 2) as f64).unwrap();
    assert!(tip.is_some_and(|t| t.contains("交通互通共网")));
    assert!(a.click("by-type", ((first.x0 + first.x1) / 2) as f64, ((first.y0 + first.y1) / 2) as f64).unwrap());
    assert_eq!(a.view.filter.types, ["交通互通共网"]);
    assert!(a.load(b"\x00\x01binary", "bad.bin", vec![]).is_err());
    assert_eq!(a.loaded().rows.projects.len(), 33, "the failed load kept the plan");
}

#[cfg(target_arch = "wasm32")]
#[test]
fn gb18030_through_the_browsers_decoder() {
    // "附件2" in GB18030 (GBK): the page has no decoding tables of its own.
    assert_eq!(legacy_decoder(&[0xB8, 0xBD, 0xBC, 0xFE, 0x32]).as_deref(), Some("附件2"));
}

#[test]
fn two_editions_open_as_a_set_and_are_compared() {
    let a_csv = "序号,项目类型,项目名称,总投资（亿元）,建设期限,建设单位\n\
        1,民生,诸暨市人民医院（一期）,10,2023-2025,市卫健局\n\
        2,民生,诸暨市人民医院（二期）,8,2024-2026,市卫健局\n\
        3,生态,城西污水处理厂提标改造工程,3.5,2023-2024,水务集团\n\
        4,民生,老旧小区改造,2,2023-2023,建设局\n\
        5,交通,金柯桥大道快速路,40,2022-2025,交投集团\n";
    let b_csv = "序号,项目类型,项目名称,总投资（万元）,建设期限,建设单位\n\
        1,民生,人民医院二期,90000,2024-2027,市卫健局\n\
        2,民生,人民医院一期,100000,2023-2025,市卫健局\n\
        3,环境,城西污水处理厂提标改造,35000,2023-2024,水务集团\n\
        4,交通,金柯桥大道快速路工程,382500,2022-2025,交投集团\n\
        5,交通,智慧停车系统,12000,2025-2026,城投集团\n";
    let mut a = app();
    a.begin_set();
    // The later edition first: the comparison still runs from the earlier one.
    a.load(b_csv.as_bytes(), "重点项目2025.csv", vec![]).unwrap();
    a.load(a_csv.as_bytes(), "重点项目2024.csv", vec![]).unwrap();
    assert!(a.finish_set().unwrap().contains("已载入 2 个规划：共 10 个项目、125.45 亿元"));
    let m = view::build(&a.plans, &a.view);
    assert_eq!(m.plans.iter().map(|p| p.total.as_str()).collect::<Vec<_>>(), ["61.95", "63.5"]);
    let c = m.compare.expect("two plans open are compared");
    assert_eq!((c.a_name.as_str(), c.b_name.as_str()), ("重点项目2024.csv", "重点项目2025.csv"));
    let figures: Vec<&str> = c.headline.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(figures, ["63.5", "61.95", "-1.55", "1", "1", "2", "1", "1"]);
    assert_eq!(
        c.bridge.rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["63.5", "2", "1.2", "1", "1.75", "61.95"]
    );
    assert_eq!(c.changes.len(), 5, "three changed, one added, one dropped");
    // The reader corrects: 金柯桥大道 (A#5, B#4) kept apart, then 老旧小区改造 (A#4) is 智慧停车系统 (B#5).
    a.unpair(5, 4);
    a.pair(4, 5);
    assert!(a.hash().contains("pm=4.5") && a.hash().contains("pu=5.4"), "{}", a.hash());
    let c = view::build(&a.plans, &a.view).compare.unwrap();
    assert_eq!(c.corrections, 2);
    assert!(c.matches.iter().any(|r| (r.row.a_row, r.row.b_row, r.by_hand) == (Some(4), Some(5), true)));
    assert_eq!(c.unmatched_a.iter().map(|x| x.value.as_str()).collect::<Vec<_>>(), ["5"]);
    // The corrections come back with the link; undoing the hand match restores the automatic one.
    let hash = a.hash();
    a.set_hash(&hash, false);
    a.unpair(4, 5);
    assert!(!a.hash().contains("pm="));
    // Showing the other plan keeps the comparison.
    a.show_plan(1);
    let m = view::build(&a.plans, &a.view);
    assert_eq!(m.source, "重点项目2024.csv");
    assert!(m.compare.is_some() && a.hash().contains("p="));
    // Every plan at once: the charts by plan, the filter picks plans.
    a.show_plan(2);
    assert!(a.hash().contains("p=*"), "{}", a.hash());
    let m = view::build(&a.plans, &a.view);
    assert_eq!(m.title, "全部 2 个规划并列");
    let by_plan = m.charts.iter().find(|c| c.id == "by-type").unwrap();
    assert_eq!(by_plan.title, "各规划计划总投资");
    let rows: Vec<(&str, &str)> = by_plan.data.rows.iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
    assert_eq!(rows, [("重点项目2025.csv", "61.95"), ("重点项目2024.csv", "63.5")], "in the order opened");
    assert_eq!(m.ui["actions"], "规划");
    // Every record's line points at its own row (its cells follow) in the texts set one after the other.
    let text = a.document_text();
    let lines: Vec<&str> = text.lines().collect();
    for p in a.plans.shown(&a.view).rows.projects.iter() {
        let row = &lines[p.line as usize - 1..(p.line as usize + 6).min(lines.len())];
        assert!(row.iter().any(|l| l.trim() == p.name), "line {}: {row:?} for {}", p.line, p.name);
    }
    assert!(!m.notes.iter().any(|n| n.message.contains("同名")), "one project in two editions is no repeated name");
    // One file opened alone replaces the set.
    a.load(SEED, SEED_NAME, vec![]).unwrap();
    let m = view::build(&a.plans, &a.view);
    assert!(m.plans.is_empty() && m.compare.is_none());
}

#[test]
fn one_table_of_several_plans_opens_as_a_set() {
    // A source column (所属规划), as a dataset gathered from many plans holds.
    let csv = "所属规划,项目名称,总投资（亿元）,建设期限\n\
        诸暨2024,人民医院,10,2023-2025\n诸暨2024,城西污水厂,3.5,2023-2024\n\
        诸暨2025,人民医院,12,2023-2026\n诸暨2025,智慧停车,1.2,2025-2026\n";
    let mut a = app();
    assert!(a.load(csv.as_bytes(), "dataset.csv", vec![]).unwrap().contains("已载入 2 个规划"));
    let m = view::build(&a.plans, &a.view);
    assert_eq!(
        m.plans.iter().map(|p| (p.name.as_str(), p.total.as_str())).collect::<Vec<_>>(),
        [("诸暨2024", "13.5"), ("诸暨2025", "13.2")]
    );
    let c = m.compare.expect("two plans of one table are compared");
    assert_eq!(
        c.headline.iter().map(|f| f.value.as_str()).take(5).collect::<Vec<_>>(),
        ["13.5", "13.2", "-0.3", "1", "1"]
    );
}
