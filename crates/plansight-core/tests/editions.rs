//! Editions of key-project lists with known changes (tests/fixtures/editions,
//! made by its make.py; forms mixed: txt, docx, html, xlsx, csv in GBK): every
//! pair read and compared; the matches, the projects added and dropped, the
//! amounts, periods and types changed, the targets moved and the promises held
//! must be exactly those the generator made, and the bridge must close on both
//! totals to the 分. Names are the traps editions set: a place prefix added or
//! dropped, brackets and widths, 项目/工程, 一期 beside 二期, one town's project
//! beside another town's of the same name.

use plansight_core::engine::compare::{compare, Corrections, TargetChange};
use plansight_core::{read_plan, Plan};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/editions")
}

fn read(file: &str) -> Plan {
    read_plan(&std::fs::read(dir().join(file)).unwrap()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn names(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[test]
fn every_pair_compares_as_its_generator_made_it() {
    let expected: Value = serde_json::from_slice(&std::fs::read(dir().join("expected.json")).unwrap()).unwrap();
    let (mut right, mut found, mut wanted) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for (id, want) in expected.as_object().unwrap() {
        let (a, b) = (read(want["a"].as_str().unwrap()), read(want["b"].as_str().unwrap()));
        let c = compare((&a).into(), (&b).into(), &Corrections::default());
        let br = c.bridge;
        assert_eq!(
            (br.a_total.fen(), br.b_total.fen()),
            (want["a_total_fen"].as_i64().unwrap(), want["b_total_fen"].as_i64().unwrap()),
            "{id}: totals"
        );
        assert_eq!(
            br.a_total.fen() - br.dropped.fen() + br.added.fen() + br.raised.fen() - br.cut.fen(),
            br.b_total.fen(),
            "{id}: the bridge closes"
        );

        // Matches: precision and recall over every pair, each miss named.
        let got: BTreeSet<(String, String)> =
            c.matches.iter().map(|m| (a.projects[m.a].name.clone(), b.projects[m.b].name.clone())).collect();
        let want_pairs: BTreeSet<(String, String)> = want["matched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
            .collect();
        right += got.intersection(&want_pairs).count();
        (found, wanted) = (found + got.len(), wanted + want_pairs.len());
        wrong.extend(got.symmetric_difference(&want_pairs).map(|p| format!("{id}: {} ⇄ {}", p.0, p.1)));

        let of =
            |rows: &[usize], plan: &Plan| rows.iter().map(|&i| plan.projects[i].name.clone()).collect::<BTreeSet<_>>();
        assert_eq!(of(&c.added, &b), names(&want["added"]), "{id}: added");
        assert_eq!(of(&c.dropped, &a), names(&want["dropped"]), "{id}: dropped");
        let pairs = |list: &[usize]| {
            list.iter()
                .map(|&i| (a.projects[c.matches[i].a].clone(), b.projects[c.matches[i].b].clone()))
                .collect::<Vec<_>>()
        };
        let got: BTreeSet<(String, i64)> = pairs(&c.rebudgeted)
            .iter()
            .map(|(x, y)| (y.name.clone(), y.investment.unwrap().fen() - x.investment.unwrap().fen()))
            .collect();
        let expect: BTreeSet<(String, i64)> = want["rebudgeted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["b"].as_str().unwrap().to_string(), r["delta_fen"].as_i64().unwrap()))
            .collect();
        assert_eq!(got, expect, "{id}: re-budgeted");
        let got: BTreeSet<(String, [Option<i32>; 4])> = pairs(&c.rescheduled)
            .iter()
            .map(|(x, y)| (y.name.clone(), [x.start_year, x.end_year, y.start_year, y.end_year]))
            .collect();
        let year = |v: &Value| v.as_i64().map(|y| y as i32);
        let expect: BTreeSet<(String, [Option<i32>; 4])> = want["rescheduled"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["b"].as_str().unwrap().to_string(),
                    [year(&r["from"][0]), year(&r["from"][1]), year(&r["to"][0]), year(&r["to"][1])],
                )
            })
            .collect();
        assert_eq!(got, expect, "{id}: re-scheduled");
        let got: BTreeSet<(String, String, String)> =
            pairs(&c.retyped).iter().map(|(x, y)| (y.name.clone(), x.kind.clone(), y.kind.clone())).collect();
        let expect: BTreeSet<(String, String, String)> = want["retyped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (r["b"].as_str().unwrap().into(), r["from"].as_str().unwrap().into(), r["to"].as_str().unwrap().into())
            })
            .collect();
        assert_eq!(got, expect, "{id}: re-typed");

        let targets = |change: TargetChange| {
            c.targets.iter().filter(|t| t.change == change).map(|t| t.metric.clone()).collect::<BTreeSet<_>>()
        };
        for (key, change) in [
            ("raised", TargetChange::Raised),
            ("lowered", TargetChange::Lowered),
            ("dropped", TargetChange::Dropped),
            ("new", TargetChange::New),
        ] {
            assert_eq!(targets(change), names(&want["targets"][key]), "{id}: targets {key}");
        }
        let promises = |kept: bool| {
            c.promises.iter().filter(|p| p.kept == kept).map(|p| p.metric.clone()).collect::<BTreeSet<_>>()
        };
        assert_eq!(promises(true), names(&want["promises"]["kept"]), "{id}: promises kept");
        assert_eq!(promises(false), names(&want["promises"]["missed"]), "{id}: promises missed");
    }
    let (precision, recall) = (right as f64 / found.max(1) as f64, right as f64 / wanted.max(1) as f64);
    println!("matches: precision {precision:.3}, recall {recall:.3} ({right} of {wanted}; {found} found)");
    assert!(wrong.is_empty(), "matches wrong or missed:\n{}", wrong.join("\n"));
}

/// Two editions of 10,000 projects each (make.py --big: renamed, dropped,
/// added, re-budgeted, re-scheduled and re-typed ones among names from many
/// counties, towns and villages): matched through the character-pair index,
/// never all pairs. The time is printed, not asserted (a shared machine); in
/// a release build it is ~0.2 s with reading both files (README).
#[test]
fn ten_thousand_projects_each() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("big-editions");
    let made = std::process::Command::new("python3")
        .arg(dir().join("make.py"))
        .args(["--big", "10000"])
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let expected: Value = serde_json::from_slice(&std::fs::read(out.join("expected.json")).unwrap()).unwrap();
    let want = expected.as_object().unwrap().values().next().unwrap();
    let read = |f: &str| read_plan(&std::fs::read(out.join(f)).unwrap()).unwrap();
    let (a, b) = (read(want["a"].as_str().unwrap()), read(want["b"].as_str().unwrap()));
    assert_eq!(a.projects.len(), 10000);
    let start = std::time::Instant::now();
    let c = compare((&a).into(), (&b).into(), &Corrections::default());
    let took = start.elapsed();
    let got: BTreeSet<(&str, &str)> =
        c.matches.iter().map(|m| (a.projects[m.a].name.as_str(), b.projects[m.b].name.as_str())).collect();
    let want: BTreeSet<(&str, &str)> =
        want["matched"].as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap())).collect();
    let right = got.intersection(&want).count();
    let (precision, recall) = (right as f64 / got.len() as f64, right as f64 / want.len() as f64);
    println!("10,000 × 10,000: matched in {took:?} (this build); precision {precision:.4}, recall {recall:.4}");
    assert!(precision >= 0.999 && recall >= 0.999, "precision {precision}, recall {recall}");
    assert_eq!(
        c.bridge.a_total.fen() - c.bridge.dropped.fen() + c.bridge.added.fen() + c.bridge.raised.fen()
            - c.bridge.cut.fen(),
        c.bridge.b_total.fen()
    );
}
