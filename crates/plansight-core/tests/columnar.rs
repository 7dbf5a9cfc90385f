//! The columnar analyses equal the row-by-row ones they replaced, on the seed,
//! on every fixture plan and on random tables under random filters.

use plansight_core::engine::analysis::{self, rowwise, Annual, Share};
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::buffers::ProjectBuffers;
use plansight_core::model::{BuilderKind, Finding, Project};
use plansight_core::{read_plan, Money};
use proptest::prelude::*;

const SEED: &[u8] = include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same_shares(columnar: &[Share], rows: &[Share]) {
    assert_eq!(columnar.len(), rows.len());
    for (c, r) in columnar.iter().zip(rows) {
        assert_eq!((&c.label, c.count, c.value), (&r.label, r.count, r.value), "exact sums and counts");
        assert!(close(c.share, r.share), "{} vs {}", c.share, r.share);
    }
}

fn same_annual(c: &Annual, r: &Annual) {
    assert_eq!((&c.years, &c.types, &c.not_spread, c.window), (&r.years, &r.types, &r.not_spread, r.window));
    for (cv, rv) in c.values.iter().zip(&r.values) {
        assert_eq!(cv.len(), rv.len());
        for (a, b) in cv.iter().zip(rv) {
            assert!(close(*a, *b), "{a} vs {b}");
        }
    }
    assert!(close(c.window_total, r.window_total) && close(c.window_share, r.window_share));
}

fn check(rows: &Rows, f: &Filter, window: Option<(i32, i32)>) {
    let selected: Vec<u32> = rows.projects(f).map(|p| p.no).collect();
    let kept: Vec<u32> = rowwise::kept(rows, f).map(|p| p.no).collect();
    assert_eq!(selected, kept, "the selection keeps the rows the filter keeps");
    same_shares(&analysis::investment_by_type(rows, f), &rowwise::investment_by_type(rows, f));
    same_shares(&analysis::investment_by_builder_kind(rows, f), &rowwise::investment_by_builder_kind(rows, f));
    same_annual(&analysis::annualized(rows, f, window), &rowwise::annualized(rows, f, window));
    for n in [0, 1, 3, 10] {
        let (c, r) = (analysis::top_projects(rows, f, n), rowwise::top_projects(rows, f, n));
        assert_eq!(c.len(), r.len());
        for (c, r) in c.iter().zip(&r) {
            assert_eq!((c.no, c.value, &c.name), (r.no, r.value, &r.name), "largest first, ties in table order");
            assert!(close(c.cumulative_share, r.cumulative_share));
        }
    }
    // The one-pass selection of the largest, uncached, against the full ranking.
    let ranked: Vec<u32> = rowwise::top_projects(rows, f, 0).iter().map(|r| r.no).collect();
    for n in [1, 2, 5, 40] {
        let largest = rows.columns().largest(&rows.selection(f), n);
        let nos: Vec<u32> = largest.iter().map(|&i| rows.projects[i].no).collect();
        assert_eq!(nos, ranked[..n.min(ranked.len())], "the {n} largest");
    }
    let summary = analysis::summary(rows, f, window);
    let amounts: Vec<Option<Money>> = rowwise::kept(rows, f).map(|p| p.investment).collect();
    assert_eq!(summary.projects, amounts.len());
    assert_eq!(summary.investment_missing, amounts.iter().filter(|a| a.is_none()).count());
    assert_eq!(summary.total_investment, amounts.iter().flatten().copied().sum::<Money>().yi());
}

fn filters(rows: &Rows) -> Vec<Filter> {
    let mut out = vec![Filter::default()];
    for t in rows.types() {
        out.push(Filter { types: vec![t.clone()], ..Filter::default() });
        out.push(Filter { types: vec![t], years: Some((2023, 2025)), ..Filter::default() });
    }
    out.push(Filter { builder_kinds: vec![BuilderKind::StatePlatform], ..Filter::default() });
    out.push(Filter { search: "诸暨".into(), ..Filter::default() });
    out.push(Filter { years: Some((2030, 2040)), ..Filter::default() });
    out
}

#[test]
fn seed_and_fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    let mut plans = vec![read_plan(SEED).unwrap()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e != "py" && e != "json") {
            if let Ok(plan) = read_plan(&std::fs::read(&path).unwrap()) {
                plans.push(plan);
            }
        }
    }
    assert!(plans.len() > 8, "the fixtures read");
    for plan in plans {
        let rows = Rows::from_plan(&plan);
        for f in filters(&rows) {
            check(&rows, &f, plan.window);
        }
    }
}

fn project() -> impl Strategy<Value = Project> {
    (
        prop::sample::select(vec!["交通", "产业", "", "民生", "交通提速"]),
        prop::option::weighted(0.9, -1_000_000_000_000i64..9_000_000_000_000_000),
        prop::option::weighted(0.9, 2015..2032i32),
        prop::option::weighted(0.9, 2015..2035i32),
        prop::sample::select(BuilderKind::ALL.to_vec()),
        prop::sample::select(vec!["诸暨高速", "医院二期", "Park", "港区"]),
    )
        .prop_map(|(kind, fen, start, end, builder_kind, name)| Project {
            no: 0,
            kind: kind.into(),
            name: name.into(),
            investment: fen.map(Money::from_fen),
            start_year: start,
            end_year: end,
            builder: String::new(),
            builder_kind,
            line: 0,
            ..Project::default()
        })
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        prop::collection::vec(prop::sample::select(vec!["交通", "产业", "", "民生提升行动"]), 0..3),
        prop::option::of((2014..2036i32, 2014..2036i32)),
        prop::collection::vec(prop::sample::select(BuilderKind::ALL.to_vec()), 0..2),
        prop::sample::select(vec!["", "医院", "park", "zz"]),
    )
        .prop_map(|(types, years, builder_kinds, search)| Filter {
            types: types.into_iter().map(String::from).collect(),
            years: years.map(|(a, b)| (a.min(b), a.max(b))),
            builder_kinds,
            search: search.into(),
            ..Filter::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_tables_and_filters(mut projects in prop::collection::vec(project(), 0..120), f in filter(), window in prop::option::of((2018..2030i32, 2018..2030i32))) {
        for (i, p) in projects.iter_mut().enumerate() {
            p.no = i as u32 + 1;
            p.line = i as u32 + 10;
        }
        // The buffers a big table crosses between wasm modules in give the same rows back.
        let buffers = ProjectBuffers::from_projects(&projects);
        prop_assert_eq!(&buffers.clone().into_projects().unwrap(), &projects);
        // Their columns and repeated names, read from the buffers, are those of the projects.
        use plansight_core::engine::columnar::ProjectColumns;
        prop_assert_eq!(ProjectColumns::from_buffers(&buffers), ProjectColumns::from_projects(&projects));
        // In name order, as a sort of the names gives them.
        let mut by_name: Vec<usize> = (0..projects.len()).filter(|&i| !projects[i].name.is_empty()).collect();
        by_name.sort_by(|&a, &b| projects[a].name.cmp(&projects[b].name).then(a.cmp(&b)));
        let sorted: Vec<(usize, usize)> = by_name
            .chunk_by(|&a, &b| projects[a].name == projects[b].name)
            .flat_map(|run| run[1..].iter().map(move |&i| (i, run[0])))
            .collect();
        prop_assert_eq!(&analysis::repeated_names(&projects), &sorted);
        prop_assert_eq!(&analysis::repeated_names_in(&buffers), &sorted);
        // Rows held as the buffers (a big table in the page) give the checks
        // of rows held as projects, without building a project.
        let window = window.map(|(a, b)| (a.min(b), a.max(b)));
        let listed = Rows::new(projects.clone(), Vec::new(), Vec::new());
        let rows = Rows::from_buffers(buffers).unwrap();
        let repeated = analysis::repeated_names(&projects);
        prop_assert_eq!(analysis::checks_given(&rows, &[], window, &repeated), analysis::checks(&listed, &[], window));
        prop_assert_eq!(analysis::annualized(&rows, &f, window), analysis::annualized(&listed, &f, window));
        prop_assert_eq!(analysis::top_projects(&rows, &f, 5), analysis::top_projects(&listed, &f, 5));
        prop_assert_eq!(analysis::largest_in_table_order(&rows, &f, 7), analysis::largest_in_table_order(&listed, &f, 7));
        prop_assert_eq!(rows.selection(&f), listed.selection(&f));
        prop_assert!(!rows.projects.is_listed());
        check(&rows, &f, window);
        // Each repeated name points at its first row.
        let mut first = std::collections::HashMap::new();
        let mut expected = Vec::new();
        for p in rows.projects.iter().filter(|p| !p.name.is_empty()) {
            match first.get(&p.name) {
                Some(&line) => expected.push((p.line, line)),
                None => { first.insert(p.name.clone(), p.line); }
            }
        }
        let repeated: Vec<(u32, u32)> = analysis::checks(&rows, &[], None)
            .into_iter()
            .filter_map(|n| match n.finding { Finding::RepeatedName { first_line, .. } => Some((n.line, first_line)), _ => None })
            .collect();
        prop_assert_eq!(repeated, expected);
    }
}

proptest! {
    /// A table given as typed arrays (the benchmark's, or Arrow columns) reads
    /// as the same projects built one by one.
    #[test]
    fn arrays_read_as_projects(
        rows in prop::collection::vec((0u8..4, 2015..2032i32, 0..8i32, prop::num::f64::NORMAL | prop::num::f64::ZERO), 0..80)
    ) {
        use plansight_core::engine::columnar::ProjectColumns;
        use plansight_core::engine::filter::Selection;
        let types: Vec<String> = ["甲", "乙", "丙", "丁"].map(String::from).to_vec();
        let cat: Vec<u8> = rows.iter().map(|r| r.0).collect();
        let start: Vec<i32> = rows.iter().map(|r| r.1).collect();
        let end: Vec<i32> = rows.iter().map(|r| r.1 + r.2).collect();
        let yi: Vec<f64> = rows.iter().map(|r| (r.3 % 1e6).abs()).collect();
        let arrays = ProjectColumns::from_arrays(types.clone(), &cat, &start, &end, &yi);
        let projects: Vec<Project> = rows.iter().enumerate().map(|(i, _)| Project {
            no: i as u32 + 1,
            kind: types[cat[i] as usize].clone(),
            name: String::new(),
            investment: Money::from_yi(yi[i]),
            start_year: Some(start[i]),
            end_year: Some(end[i]),
            builder: String::new(),
            builder_kind: BuilderKind::Unknown,
            line: 0,
            ..Project::default()
        }).collect();
        let built = ProjectColumns::from_projects(&projects);
        prop_assert_eq!(&arrays.fen, &built.fen);
        let all = Selection::All(rows.len());
        let (a, b) = (arrays.by_type(&all), built.by_type(&all));
        // from_projects lists only the types that occur; compare type by type.
        for (t, label) in types.iter().enumerate() {
            let j = built.types.iter().position(|x| x == label);
            prop_assert_eq!(a.fen[t], j.map_or(0, |j| b.fen[j]));
            prop_assert_eq!(a.count[t], j.map_or(0, |j| b.count[j]));
        }
    }
}
