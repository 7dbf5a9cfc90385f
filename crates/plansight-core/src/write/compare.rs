//! A comparison of two editions as people read it: one row per project (kept,
//! changed, added, dropped) with both sides, the figures of the bridge, the
//! targets and promises; as text (the CLI), CSV and JSON. The page builds its
//! own view from the same rows.

use super::message::Lang;
use crate::engine::compare::{Comparison, MatchedBy, TargetChange};
use crate::model::{Indicator, Money, Plan, Project};
use serde::Serialize;

/// One project's fate from A to B. Rows are 1-based, as people count them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    /// "added", "dropped", "changed" or "kept".
    pub change: &'static str,
    /// What changed of a matched project: "amount", "period", "type".
    pub what: Vec<&'static str>,
    pub a_row: Option<usize>,
    pub b_row: Option<usize>,
    pub name_a: String,
    pub name_b: String,
    pub type_a: String,
    pub type_b: String,
    /// 亿元, exact decimal text ("" when not stated).
    pub investment_a: String,
    pub investment_b: String,
    /// B − A in 亿元 (matched rows with both amounts), and as a share of A.
    pub delta: String,
    pub delta_percent: String,
    pub period_a: String,
    pub period_b: String,
    pub matched_by: Option<MatchedBy>,
    pub confidence: Option<f64>,
}

fn amount(p: &Project) -> String {
    p.investment.map(Money::yi_text).unwrap_or_default()
}

fn row(change: &'static str, a: Option<(usize, &Project)>, b: Option<(usize, &Project)>) -> ChangeRow {
    let side = |s: Option<(usize, &Project)>, f: &dyn Fn(&Project) -> String| s.map(|(_, p)| f(p)).unwrap_or_default();
    ChangeRow {
        change,
        what: Vec::new(),
        a_row: a.map(|(i, _)| i + 1),
        b_row: b.map(|(i, _)| i + 1),
        name_a: side(a, &|p| p.name.clone()),
        name_b: side(b, &|p| p.name.clone()),
        type_a: side(a, &|p| p.kind.clone()),
        type_b: side(b, &|p| p.kind.clone()),
        investment_a: side(a, &amount),
        investment_b: side(b, &amount),
        delta: String::new(),
        delta_percent: String::new(),
        period_a: side(a, &Project::period_text),
        period_b: side(b, &Project::period_text),
        matched_by: None,
        confidence: None,
    }
}

/// Every project of both editions, once: matched pairs in A's order, then
/// those dropped from A, then those added in B.
pub fn rows(c: &Comparison, a: &[Project], b: &[Project]) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    // Which matches each change holds, as flags (one pass, whatever the size).
    let flags = |list: &[usize]| {
        let mut f = vec![false; c.matches.len()];
        for &i in list {
            if let Some(x) = f.get_mut(i) {
                *x = true;
            }
        }
        f
    };
    let (amount, period, kind) = (flags(&c.rebudgeted), flags(&c.rescheduled), flags(&c.retyped));
    for (i, m) in c.matches.iter().enumerate() {
        let (x, y) = (&a[m.a], &b[m.b]);
        let what: Vec<&'static str> = [(amount[i], "amount"), (period[i], "period"), (kind[i], "type")]
            .into_iter()
            .filter(|f| f.0)
            .map(|f| f.1)
            .collect();
        let mut r = row(if what.is_empty() { "kept" } else { "changed" }, Some((m.a, x)), Some((m.b, y)));
        if let (Some(p), Some(q)) = (x.investment, y.investment) {
            let delta = q.minus(p);
            r.delta = signed(delta);
            if p.fen() != 0 {
                let percent = crate::model::money::round_half_up(delta.fen() as f64 / p.fen() as f64 * 100.0, 1);
                r.delta_percent = if delta.fen() > 0 { format!("+{percent}") } else { percent };
            }
        }
        (r.what, r.matched_by, r.confidence) = (what, Some(m.by), Some((m.confidence * 100.0).round() / 100.0));
        out.push(r);
    }
    out.extend(c.dropped.iter().map(|&i| row("dropped", Some((i, &a[i])), None)));
    out.extend(c.added.iter().map(|&i| row("added", None, Some((i, &b[i])))));
    out
}

/// An amount with its sign: "+1.2", "-0.75", "0".
pub fn signed(m: Money) -> String {
    if m.fen() > 0 {
        format!("+{}", m.yi_text())
    } else {
        m.yi_text()
    }
}

/// The rows as CSV (UTF-8, a header row).
pub fn csv(rows: &[ChangeRow]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "change",
        "what",
        "a_row",
        "b_row",
        "name_a",
        "name_b",
        "type_a",
        "type_b",
        "investment_a",
        "investment_b",
        "delta",
        "delta_percent",
        "period_a",
        "period_b",
        "matched_by",
        "confidence",
    ];
    let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut write = || -> Result<(), csv::Error> {
        w.write_record(header)?;
        for r in rows {
            let by = r.matched_by.map(|b| format!("{b:?}").to_lowercase()).unwrap_or_default();
            w.write_record([
                r.change.to_string(),
                r.what.join("+"),
                opt(r.a_row),
                opt(r.b_row),
                r.name_a.clone(),
                r.name_b.clone(),
                r.type_a.clone(),
                r.type_b.clone(),
                r.investment_a.clone(),
                r.investment_b.clone(),
                r.delta.clone(),
                r.delta_percent.clone(),
                r.period_a.clone(),
                r.period_b.clone(),
                by,
                r.confidence.map(|c| c.to_string()).unwrap_or_default(),
            ])?;
        }
        Ok(())
    };
    write().map_err(|e| e.to_string())?;
    w.into_inner().map_err(|e| e.to_string())
}

/// Everything as JSON: both plans' names, the bridge (亿元, exact text), the
/// project rows, the targets and the promises.
pub fn json(c: &Comparison, a: (&str, &Plan), b: (&str, &Plan)) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Side<'a> {
        file: &'a str,
        title: Option<&'a str>,
        projects: usize,
        total: String,
    }
    #[derive(Serialize)]
    struct Target<'a> {
        metric: &'a str,
        change: TargetChange,
        a: Option<&'a Indicator>,
        b: Option<&'a Indicator>,
    }
    #[derive(Serialize)]
    struct Kept<'a> {
        metric: &'a str,
        kept: bool,
        target: &'a Indicator,
        baseline: &'a Indicator,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        a: Side<'a>,
        b: Side<'a>,
        bridge: [(&'static str, String); 6],
        projects: Vec<ChangeRow>,
        tasks: [(&'static str, usize); 3],
        targets: Vec<Target<'a>>,
        promises: Vec<Kept<'a>>,
    }
    fn side<'a>((file, plan): (&'a str, &'a Plan)) -> Side<'a> {
        Side {
            file,
            title: plan.title.as_deref(),
            projects: plan.projects.len(),
            total: plan.projects.iter().filter_map(|p| p.investment).sum::<Money>().yi_text(),
        }
    }
    let br = c.bridge;
    let out = Out {
        a: side(a),
        b: side(b),
        bridge: [
            ("a_total", br.a_total.yi_text()),
            ("dropped", br.dropped.yi_text()),
            ("added", br.added.yi_text()),
            ("raised", br.raised.yi_text()),
            ("cut", br.cut.yi_text()),
            ("b_total", br.b_total.yi_text()),
        ],
        projects: rows(c, &a.1.projects, &b.1.projects),
        tasks: [("kept", c.tasks_kept), ("added", c.tasks_added.len()), ("dropped", c.tasks_dropped.len())],
        targets: c
            .targets
            .iter()
            .map(|t| Target {
                metric: &t.metric,
                change: t.change,
                a: t.a.map(|i| &a.1.indicators[i]),
                b: t.b.map(|i| &b.1.indicators[i]),
            })
            .collect(),
        promises: c
            .promises
            .iter()
            .map(|p| Kept {
                metric: &p.metric,
                kept: p.kept,
                target: &a.1.indicators[p.target],
                baseline: &b.1.indicators[p.baseline],
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&out).map_err(|e| e.to_string())
}

/// The comparison as text for a terminal: the headline, the bridge, each kind
/// of change with its rows, the matches worth a look, targets and promises.
pub fn text(c: &Comparison, a: (&str, &Plan), b: (&str, &Plan), lang: Lang) -> String {
    let t = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let rows = rows(c, &a.1.projects, &b.1.projects);
    let mut out = String::new();
    for (label, (file, plan)) in [("A", a), ("B", b)] {
        let total: Money = plan.projects.iter().filter_map(|p| p.investment).sum();
        let title = plan.title.clone().unwrap_or_else(|| t("（无标题）", "(untitled)"));
        out.push_str(&format!(
            "{label}: {title} ({file}) — {} {}, {} {}\n",
            plan.projects.len(),
            t("个项目", "projects"),
            total.yi_text(),
            t("亿元", "亿元"),
        ));
    }
    let by = |kind: MatchedBy| c.matches.iter().filter(|m| m.by == kind).count();
    out.push_str(&format!(
        "{} {} ({} {}, {} {}, {} {}, {} {}); {} {}, {} {}\n",
        t("匹配", "Matched"),
        c.matches.len(),
        by(MatchedBy::Name),
        t("同名", "same name"),
        by(MatchedBy::Normalised),
        t("改写名", "rewritten"),
        by(MatchedBy::Similar),
        t("近似名", "similar"),
        by(MatchedBy::Hand),
        t("手工", "by hand"),
        t("新增", "added"),
        c.added.len(),
        t("移出", "dropped"),
        c.dropped.len(),
    ));
    let br = c.bridge;
    out.push_str(&format!(
        "{}: A {} − {} {} + {} {} + {} {} − {} {} = B {} {}\n",
        t("总投资桥", "Bridge"),
        br.a_total.yi_text(),
        t("移出", "dropped"),
        br.dropped.yi_text(),
        t("新增", "added"),
        br.added.yi_text(),
        t("追加", "raised"),
        br.raised.yi_text(),
        t("核减", "cut"),
        br.cut.yi_text(),
        br.b_total.yi_text(),
        t("亿元", "亿元"),
    ));
    let section = |out: &mut String, title: String, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("\n{title} ({})\n", lines.len()));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    };
    let at = |r: &ChangeRow| match (r.a_row, r.b_row) {
        (Some(x), Some(y)) => format!("A#{x} → B#{y}"),
        (Some(x), None) => format!("A#{x}"),
        (None, Some(y)) => format!("B#{y}"),
        _ => String::new(),
    };
    let pick = |change: &str| rows.iter().filter(|r| r.change == change).collect::<Vec<_>>();
    section(
        &mut out,
        t("新增项目", "Added"),
        pick("added")
            .iter()
            .map(|r| {
                format!(
                    "{} {}  {} {}  {}  {}",
                    at(r),
                    r.name_b,
                    r.investment_b,
                    t("亿元", "亿元"),
                    r.type_b,
                    r.period_b
                )
            })
            .collect(),
    );
    section(
        &mut out,
        t("移出项目", "Dropped"),
        pick("dropped")
            .iter()
            .map(|r| {
                format!(
                    "{} {}  {} {}  {}  {}",
                    at(r),
                    r.name_a,
                    r.investment_a,
                    t("亿元", "亿元"),
                    r.type_a,
                    r.period_a
                )
            })
            .collect(),
    );
    let changed = pick("changed");
    let of = |what: &str| changed.iter().filter(|r| r.what.contains(&what)).collect::<Vec<_>>();
    section(
        &mut out,
        t("调整投资", "Re-budgeted"),
        of("amount")
            .iter()
            .map(|r| {
                format!(
                    "{} {}: {} → {} {} ({}, {}%)",
                    at(r),
                    r.name_b,
                    r.investment_a,
                    r.investment_b,
                    t("亿元", "亿元"),
                    r.delta,
                    r.delta_percent
                )
            })
            .collect(),
    );
    section(
        &mut out,
        t("调整工期", "Re-scheduled"),
        of("period").iter().map(|r| format!("{} {}: {} → {}", at(r), r.name_b, r.period_a, r.period_b)).collect(),
    );
    section(
        &mut out,
        t("调整类型", "Re-typed"),
        of("type").iter().map(|r| format!("{} {}: {} → {}", at(r), r.name_b, r.type_a, r.type_b)).collect(),
    );
    section(
        &mut out,
        t(
            "近似名匹配（请核对，可用 --unmatch A#=B# 改正）",
            "Matched by similar names (check; correct with --unmatch A#=B#)",
        ),
        rows.iter()
            .filter(|r| r.matched_by == Some(MatchedBy::Similar))
            .map(|r| format!("{} {} ≈ {} ({:.2})", at(r), r.name_a, r.name_b, r.confidence.unwrap_or(0.0)))
            .collect(),
    );
    let change_name = |ch: TargetChange| match ch {
        TargetChange::Raised => t("提高", "raised"),
        TargetChange::Lowered => t("降低", "lowered"),
        TargetChange::Same => t("不变", "same"),
        TargetChange::Restated => t("单位改变", "restated"),
        TargetChange::Dropped => t("删除", "dropped"),
        TargetChange::New => t("新增", "new"),
    };
    let figure = |x: &Indicator| {
        format!("{}{}{}", x.comparator.symbol(), crate::model::money::round_half_up(x.value, 2), x.unit)
    };
    section(
        &mut out,
        t("目标", "Targets"),
        c.targets
            .iter()
            .filter(|x| x.change != TargetChange::Same)
            .map(|x| {
                let side =
                    |i: Option<usize>, p: &Plan| i.map(|i| figure(&p.indicators[i])).unwrap_or_else(|| "—".into());
                format!("{}: {} → {} ({})", x.metric, side(x.a, a.1), side(x.b, b.1), change_name(x.change))
            })
            .collect(),
    );
    section(
        &mut out,
        t("A 的目标与 B 的基数", "A's targets against B's baselines"),
        c.promises
            .iter()
            .map(|p| {
                let (target, base) = (&a.1.indicators[p.target], &b.1.indicators[p.baseline]);
                let kept = if p.kept { t("已达到", "kept") } else { t("未达到", "not reached") };
                format!(
                    "{}: {} {} → {} {} ({kept})",
                    p.metric,
                    t("目标", "target"),
                    figure(target),
                    t("基数", "baseline"),
                    figure(base)
                )
            })
            .collect(),
    );
    out.push_str(&format!(
        "\n{}: {} {}, {} {}, {} {}\n",
        t("任务", "Tasks"),
        t("保留", "kept"),
        c.tasks_kept,
        t("新增", "added"),
        c.tasks_added.len(),
        t("移出", "dropped"),
        c.tasks_dropped.len()
    ));
    out
}
