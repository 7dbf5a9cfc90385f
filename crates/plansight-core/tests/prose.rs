//! The prose corpus (`tests/fixtures/prose/`, labelled by hand): precision and
//! recall of what the core reads from prose, per kind of record, and the
//! document's own facts. Fails below 0.95 precision or 0.90 recall for any
//! kind over the whole corpus, or when the seed's target recall falls below
//! where it stood before the prose readers. `cargo xtask eval` prints the
//! table (and, with `--misses`, every record read wrongly or missed).

use plansight_core::model::{IndicatorKind, Money, Plan, Project, Task};
use plansight_core::read::text::fold_width;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.90;
/// The seed's target recall with the indicator reader before the prose work
/// (measured against `seed_targets.json`); it may only rise.
const SEED_TARGET_RECALL_BEFORE: f64 = 37.0 / 38.0;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/prose")
}

/// Folded for comparing: full-width to ASCII, no spaces, quotes or end punctuation.
fn norm(s: &str) -> String {
    fold_width(s).chars().filter(|c| !c.is_whitespace() && !"“”‘’\"'《》。；;，,：:".contains(*c)).collect()
}

fn fen(amount: &Value, unit: &Value) -> Option<i64> {
    let (a, u) = (amount.as_str()?, unit.as_str()?);
    let unit = plansight_core::model::money::MoneyUnit::parse(u)?;
    Money::parse(a, unit).map(Money::fen)
}

#[derive(Default, Clone, Copy)]
struct Count {
    right: usize,
    read: usize,
    expected: usize,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.right += o.right;
        self.read += o.read;
        self.expected += o.expected;
    }
    fn precision(&self) -> f64 {
        if self.read == 0 {
            1.0
        } else {
            self.right as f64 / self.read as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.right as f64 / self.expected as f64
        }
    }
}

/// Pairs what was read with what was expected: each expected record matches
/// at most one read record, the first that `same` accepts.
fn score<R, E>(
    read: &[R],
    expected: &[E],
    same: impl Fn(&R, &E) -> bool,
    ignored: impl Fn(&R) -> bool,
) -> (Count, Vec<usize>, Vec<usize>) {
    let mut taken = vec![false; expected.len()];
    let mut wrong = Vec::new();
    let mut counted = 0;
    for (i, r) in read.iter().enumerate() {
        match (0..expected.len()).find(|&e| !taken[e] && same(r, &expected[e])) {
            Some(e) => {
                taken[e] = true;
                counted += 1;
            }
            None if ignored(r) => {}
            None => {
                wrong.push(i);
                counted += 1;
            }
        }
    }
    let missed: Vec<usize> = (0..expected.len()).filter(|&e| !taken[e]).collect();
    let right = taken.iter().filter(|t| **t).count();
    (Count { right, read: counted, expected: expected.len() }, wrong, missed)
}

fn task_matches(t: &Task, e: &Value) -> bool {
    let key = norm(e["key"].as_str().unwrap_or_default());
    let units: Vec<(String, &str)> = e["units"]
        .as_array()
        .map(|a| a.iter().map(|u| (norm(u["name"].as_str().unwrap_or("")), u["role"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    let read_units: Vec<(String, &str)> =
        t.units.iter().enumerate().map(|(i, u)| (norm(u), if i < t.leads { "lead" } else { "co" })).collect();
    norm(&t.work).starts_with(&key)
        && norm(&t.area) == norm(e["area"].as_str().unwrap_or(""))
        && read_units == units
        && t.deadline.as_deref().map(norm) == e["deadline"].as_str().map(norm)
        // Units taken from the issuer say so (absent in a label: false).
        && t.from_issuer == e["from_issuer"].as_bool().unwrap_or(false)
}

fn names_match(read: &str, expected: &str) -> bool {
    let (r, e) = (norm(read), norm(expected));
    r == e || (e.chars().count() >= 4 && r.contains(&e)) || (r.chars().count() >= 4 && e.contains(&r))
}

fn project_matches(p: &Project, e: &Value) -> bool {
    let money = |m: Option<Money>| m.map(Money::fen);
    let share_ok = match (&p.share, e["share"].as_object()) {
        (None, None) => true,
        (Some(s), Some(x)) => {
            names_match(&s.label, x["label"].as_str().unwrap_or(""))
                && Some(s.amount.fen()) == fen(&x["amount"], &x["unit"])
        }
        _ => false,
    };
    let annual_ok = match e["annual"].as_object() {
        None => p.annual.is_none(),
        Some(x) => money(p.annual) == fen(&x["amount"], &x["unit"]),
    };
    names_match(&p.name, e["name"].as_str().unwrap_or(""))
        && money(p.investment) == fen(&e["amount"], &e["unit"])
        && p.approx == e["approx"].as_bool().unwrap_or(false)
        && share_ok
        && annual_ok
        && p.start_year.map(i64::from) == e["start_year"].as_i64()
        && p.end_year.map(i64::from) == e["end_year"].as_i64()
        && p.phase.as_deref().map(norm) == e["phase"].as_str().map(norm)
}

fn total_matches(t: &plansight_core::model::StatedTotal, e: &Value) -> bool {
    t.amount.map(Money::fen) == fen(&e["amount"], &e["unit"]) && t.count.map(i64::from) == e["count"].as_i64()
}

/// A target read right but for its year: where labellers differ on whether a
/// one-year plan's own year is the horizon of figures that state none.
fn target_matches_any_year(i: &plansight_core::Indicator, e: &Value) -> bool {
    let mut e = e.clone();
    e["year"] = i.year.map(Value::from).unwrap_or(Value::Null);
    target_matches(i, &e)
}

fn target_matches(i: &plansight_core::Indicator, e: &Value) -> bool {
    let kind = if i.kind == IndicatorKind::Target { "target" } else { "baseline" };
    let (metric, want) = (norm(&i.metric), norm(e["metric"].as_str().unwrap_or("")));
    let close = |a: f64, b: Option<f64>| b.is_some_and(|b| (a - b).abs() < 1e-9);
    kind == e["kind"].as_str().unwrap_or("")
        && !metric.is_empty()
        && (metric.contains(&want) || want.contains(&metric))
        && close(i.value, e["value"].as_f64())
        && match (i.value_max, e["value_max"].as_f64()) {
            (None, None) => true,
            (Some(a), b) => close(a, b),
            _ => false,
        }
        && norm(&i.unit) == norm(e["unit"].as_str().unwrap_or(""))
        && i.comparator.symbol() == e["comparator"].as_str().unwrap_or("=")
        && i.year.map(i64::from) == e["year"].as_i64()
}

#[derive(Default)]
struct Report {
    kinds: [Count; 4],
    /// Targets matched whatever their year.
    any_year: Count,
    facts: [(usize, usize); 5],
    misses: String,
}

const KINDS: [&str; 4] = ["tasks", "projects", "stated totals", "targets"];
const FACTS: [&str; 5] = ["title", "doc_no", "issuer", "date", "window"];

fn read(text: &str) -> Plan {
    plansight_core::read_plan(text.as_bytes()).unwrap_or_default()
}

fn evaluate(files: &[PathBuf]) -> Report {
    let mut report = Report::default();
    for json in files {
        let labels: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        let text = std::fs::read_to_string(json.with_extension("txt")).unwrap();
        let plan = read(&text);
        let name = json.file_stem().unwrap().to_string_lossy().into_owned();
        let ignore: Vec<String> = labels["ignore"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(norm).collect())
            .unwrap_or_default();
        let empty = Vec::new();
        let list = |k: &str| labels[k].as_array().unwrap_or(&empty).clone();

        let (tasks, projects, totals, targets) =
            (list("tasks"), list("projects"), list("stated_totals"), list("targets"));
        let results = [
            {
                let (c, w, m) = score(&plan.tasks, &tasks, task_matches, |_| false);
                let wrong: Vec<String> = w.iter().map(|&i| format!("{:?}", brief_task(&plan.tasks[i]))).collect();
                (c, wrong, m.iter().map(|&i| tasks[i].to_string()).collect::<Vec<_>>())
            },
            {
                let (c, w, m) = score(&plan.projects, &projects, project_matches, |_| false);
                let wrong: Vec<String> = w.iter().map(|&i| format!("{:?}", brief_project(&plan.projects[i]))).collect();
                (c, wrong, m.iter().map(|&i| projects[i].to_string()).collect())
            },
            {
                let (c, w, m) = score(&plan.totals, &totals, total_matches, |_| false);
                let wrong: Vec<String> = w.iter().map(|&i| format!("{:?}", plan.totals[i])).collect();
                (c, wrong, m.iter().map(|&i| totals[i].to_string()).collect())
            },
            {
                let ignored =
                    |i: &plansight_core::Indicator| ignore.iter().any(|g| norm(&i.sentence).contains(g.as_str()));
                let (any, _, _) = score(&plan.indicators, &targets, target_matches_any_year, ignored);
                report.any_year.add(any);
                let (c, w, m) = score(&plan.indicators, &targets, target_matches, ignored);
                let wrong: Vec<String> = w
                    .iter()
                    .map(|&i| {
                        let x = &plan.indicators[i];
                        format!(
                            "{:?} {} {} {:?}{} {} {:?} «{}»",
                            x.kind,
                            x.metric,
                            x.comparator.symbol(),
                            x.value,
                            x.unit,
                            x.value_max.map(|v| v.to_string()).unwrap_or_default(),
                            x.year,
                            x.sentence
                        )
                    })
                    .collect();
                (c, wrong, m.iter().map(|&i| targets[i].to_string()).collect())
            },
        ];
        for (k, (count, wrong, missed)) in results.into_iter().enumerate() {
            report.kinds[k].add(count);
            for w in wrong {
                let _ = writeln!(report.misses, "{name}: {} read wrongly: {w}", KINDS[k]);
            }
            for m in missed {
                let _ = writeln!(report.misses, "{name}: {} missed: {m}", KINDS[k]);
            }
        }
        let doc = &labels["document"];
        let got = [
            plan.title.clone().map(Value::from).unwrap_or(Value::Null),
            plan.facts.doc_no.clone().map(Value::from).unwrap_or(Value::Null),
            plan.facts.issuer.clone().map(Value::from).unwrap_or(Value::Null),
            plan.facts.date.clone().map(Value::from).unwrap_or(Value::Null),
            plan.window.map(|(a, b)| Value::from(vec![a, b])).unwrap_or(Value::Null),
        ];
        for (f, got) in got.iter().enumerate() {
            let want = &doc[FACTS[f]];
            let same = match (got, want) {
                (Value::String(a), Value::String(b)) => norm(a) == norm(b),
                (a, b) => a == b,
            };
            report.facts[f].1 += 1;
            if same {
                report.facts[f].0 += 1;
            } else {
                let _ = writeln!(report.misses, "{name}: {} read {got}, expected {want}", FACTS[f]);
            }
        }
    }
    report
}

fn brief_task(t: &Task) -> (String, String, Vec<String>, usize, Option<String>) {
    (t.work.chars().take(24).collect(), t.area.clone(), t.units.clone(), t.leads, t.deadline.clone())
}

fn brief_project(p: &Project) -> String {
    format!(
        "{} {:?}{} share {:?} annual {:?} {:?}–{:?} phase {:?}",
        p.name,
        p.investment.map(Money::yi_text),
        if p.approx { " ≈" } else { "" },
        p.share.as_ref().map(|s| (s.label.clone(), s.amount.yi_text())),
        p.annual.map(Money::yi_text),
        p.start_year,
        p.end_year,
        p.phase
    )
}

fn labelled(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.with_extension("txt").exists())
        .collect();
    files.sort();
    files
}

fn table(title: &str, r: &Report) -> String {
    let mut out = format!(
        "{title}\n{:<14} {:>6} {:>6} {:>8} {:>9} {:>7}\n",
        "kind", "read", "right", "labelled", "precision", "recall"
    );
    for (k, c) in r.kinds.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:<14} {:>6} {:>6} {:>8} {:>9.3} {:>7.3}",
            KINDS[k],
            c.read,
            c.right,
            c.expected,
            c.precision(),
            c.recall()
        );
    }
    let a = r.any_year;
    let _ = writeln!(
        out,
        "{:<14} {:>6} {:>6} {:>8} {:>9.3} {:>7.3}",
        "(any year)",
        a.read,
        a.right,
        a.expected,
        a.precision(),
        a.recall()
    );
    let facts: Vec<String> = FACTS.iter().zip(&r.facts).map(|(f, (ok, all))| format!("{f} {ok}/{all}")).collect();
    let _ = writeln!(out, "document facts: {}", facts.join(", "));
    out
}

#[test]
fn prose_corpus() {
    let main = labelled(&corpus());
    // PLANSIGHT_EVAL_SET=heldout3 measures one set alone.
    if let Ok(set) = std::env::var("PLANSIGHT_EVAL_SET") {
        let r = evaluate(&labelled(&corpus().join(&set)));
        println!("{}", table(&set, &r));
        if std::env::var_os("PLANSIGHT_EVAL_MISSES").is_some() {
            println!("{}", r.misses);
        }
        return;
    }
    // Held-out sets, each written by someone who saw neither the others nor the code.
    let mut held = labelled(&corpus().join("heldout"));
    held.extend(labelled(&corpus().join("heldout2")));
    // The latest held-out sets are reported, not held to the bar: each was
    // measured before the fixes it prompted, and what they still miss is in
    // the README's "Not read well yet". Their labels follow the guide's
    // issue-23 rules (a yearless target takes the plan's horizon), as the
    // other sets now do.
    let reported = ["heldout3", "heldout4"].map(|set| (set, evaluate(&labelled(&corpus().join(set)))));
    assert!(main.len() >= 30, "the corpus has {} passages", main.len());
    let (a, b) = (evaluate(&main), evaluate(&held));
    let mut all = Report::default();
    for k in 0..4 {
        all.kinds[k].add(a.kinds[k]);
        all.kinds[k].add(b.kinds[k]);
    }
    for f in 0..5 {
        all.facts[f] = (a.facts[f].0 + b.facts[f].0, a.facts[f].1 + b.facts[f].1);
    }
    all.any_year.add(a.any_year);
    all.any_year.add(b.any_year);
    println!("{}", table(&format!("prose corpus, {} passages", main.len()), &a));
    println!("{}", table(&format!("held out, {} passages", held.len()), &b));
    println!("{}", table("all (held to the bar)", &all));
    for (set, r) in &reported {
        println!("{}", table(&format!("latest held-out set ({set}, reported)"), r));
    }
    if std::env::var_os("PLANSIGHT_EVAL_MISSES").is_some() {
        println!("{}{}", a.misses, b.misses);
        for (_, r) in &reported {
            println!("{}", r.misses);
        }
    }
    // The seed's own prose figures.
    let seed_labels: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("seed_targets.json")).unwrap()).unwrap();
    let seed = plansight_core::read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
    let ignore: Vec<String> =
        seed_labels["ignore"].as_array().unwrap().iter().filter_map(|v| v.as_str()).map(norm).collect();
    let expected = seed_labels["targets"].as_array().unwrap().clone();
    let (seed_count, wrong, missed) = score(&seed.indicators, &expected, target_matches, |i| {
        ignore.iter().any(|g| norm(&i.sentence).contains(g.as_str()))
    });
    println!(
        "seed targets and baselines: {} read, {} right of {} labelled: precision {:.3}, recall {:.3}",
        seed_count.read,
        seed_count.right,
        seed_count.expected,
        seed_count.precision(),
        seed_count.recall()
    );
    if std::env::var_os("PLANSIGHT_EVAL_MISSES").is_some() {
        for i in wrong {
            let x = &seed.indicators[i];
            println!(
                "seed: read wrongly: {:?} {} {} {}{} {:?}",
                x.kind,
                x.metric,
                x.comparator.symbol(),
                x.value,
                x.unit,
                x.year
            );
        }
        for m in missed {
            println!("seed: missed: {}", expected[m]);
        }
    }
    assert!(seed_count.recall() >= SEED_TARGET_RECALL_BEFORE, "the seed's target recall fell");
    for (k, c) in all.kinds.iter().enumerate() {
        assert!(c.precision() >= MIN_PRECISION, "{} precision {:.3} < {MIN_PRECISION}", KINDS[k], c.precision());
        assert!(c.recall() >= MIN_RECALL, "{} recall {:.3} < {MIN_RECALL}", KINDS[k], c.recall());
    }
}
