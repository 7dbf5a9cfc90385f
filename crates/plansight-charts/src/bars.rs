//! Bar charts: investment by type and by builder kind, tasks per area, unit
//! workload (horizontal, one row per category) and the Pareto of top projects.

use crate::draw::{category_color, fit, num, pct, text_width, ticks, Canvas, Scale, Selection};
use crate::i18n::{self, Lang};
use crate::{Inputs, TOP_PROJECTS, TOP_UNITS};
use plansight_core::engine::analysis;
use plansight_core::BuilderKind;
use plotters::prelude::*;

/// One row of a horizontal bar chart; `parts` are stacked left to right.
struct BarRow {
    label: String,
    parts: Vec<(f64, RGBAColor)>,
    value_text: String,
    tip: String,
    select: Option<Selection>,
}

/// Draws horizontal bars below `top` with a value axis along the bottom.
fn hbars<DB: DrawingBackend>(c: &mut Canvas<DB>, top: i32, rows: Vec<BarRow>, axis: &str) -> Result<(), String> {
    let t = *c.theme();
    if rows.iter().all(|r| r.parts.iter().all(|(v, _)| *v == 0.0)) {
        return c.empty_note(top);
    }
    let label_w = rows.iter().map(|r| text_width(&r.label, 12.0)).fold(0.0, f64::max).min(c.width as f64 * 0.38) as i32;
    let x0 = 12 + label_w + 10;
    let x1 = c.width
        - 16
        - rows.iter().map(|r| text_width(&r.value_text, 11.5) as i32).max().unwrap_or(0).min(c.width / 4)
        - 8;
    let bottom = c.height - 46;
    let max = rows.iter().map(|r| r.parts.iter().map(|p| p.0).sum::<f64>()).fold(0.0, f64::max);
    let ticks = ticks(max, ((x1 - x0) / 80).max(2) as usize);
    let scale = Scale { d0: 0.0, d1: *ticks.last().unwrap_or(&1.0), p0: x0 as f64, p1: x1 as f64 };
    for v in &ticks {
        let x = scale.px(*v);
        c.line(vec![(x, top), (x, bottom)], t.grid.to_rgba(), 1)?;
        c.text(&num(*v), x, bottom + 10, 11.0, t.muted, 'c')?;
    }
    c.text(axis, x1, bottom + 26, 11.0, t.muted, 'r')?;
    let band = (bottom - top) as f64 / rows.len().max(1) as f64;
    for (i, row) in rows.into_iter().enumerate() {
        let y_mid = top + (band * (i as f64 + 0.5)) as i32;
        let half = ((band * 0.32) as i32).clamp(4, 12);
        c.text(&fit(&row.label, 12.0, label_w as f64), x0 - 8, y_mid, 12.0, t.text, 'r')?;
        let mut acc = 0.0;
        for (v, color) in &row.parts {
            if *v > 0.0 {
                c.rect(scale.px(acc), y_mid - half, scale.px(acc + v), y_mid + half, *color)?;
            }
            acc += v;
        }
        c.text(&row.value_text, scale.px(acc) + 6, y_mid, 11.5, t.text, 'l')?;
        let (ya, yb) = (top + (band * i as f64) as i32, top + (band * (i as f64 + 1.0)) as i32);
        c.hit((12, ya, c.width - 12, yb), row.tip, row.select, None);
    }
    Ok(())
}

pub fn by_type<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let top = c.frame(
        crate::chart_title(crate::ChartId::ByType, input, lang),
        &match lang {
            Lang::Zh => format!("亿元，括号内为占当前合计的份额；点击{}筛选全页", crate::category_word(input, lang)),
            Lang::En => format!(
                "亿元 (100M CNY); share of the shown total in brackets; click a {} to filter the page",
                crate::category_word(input, lang)
            ),
        },
        &c.source_projects,
    )?;
    let f = input.filter;
    let shares = analysis::investment_by_type(input.rows, &f.without_types());
    let selecting = !f.types.is_empty();
    let rows = shares
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = i18n::action(lang, &s.label, input.rows);
            BarRow {
                value_text: share_value(s),
                tip: share_tip(lang, &name, s),
                parts: vec![(s.value, category_color(c.theme(), i, selecting && !f.selects_action(&s.label)))],
                select: Some(Selection::Action(s.label.clone())),
                label: name,
            }
        })
        .collect();
    hbars(c, top + 4, rows, i18n::yi(lang))
}

/// A share's bar label: "356.2（48.1%）".
fn share_value(s: &analysis::Share) -> String {
    format!("{}（{}）", num(s.value), pct(s.share))
}

/// A share's tooltip: "交通互通共网: 356.2 亿元 (48.1%), 9 个项目".
fn share_tip(lang: Lang, name: &str, s: &analysis::Share) -> String {
    format!("{name}: {} {} ({}), {}", num(s.value), i18n::yi(lang), pct(s.share), i18n::projects(lang, s.count))
}

pub fn by_builder<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let top = c.frame(
        crate::chart_title(crate::ChartId::Builder, input, lang),
        lang.pick(
            "亿元；类别按建设单位名称判断（平台公司、民企、事业单位、省级专班）",
            "亿元; kind judged from the builder's name (state platform, private, public body, provincial team)",
        ),
        &c.source_projects,
    )?;
    let f = input.filter;
    let shares = analysis::investment_by_builder_kind(input.rows, &f.without_builder_kinds());
    let rows = shares
        .iter()
        .map(|s| {
            let kind = BuilderKind::from_id(&s.label);
            let i = BuilderKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            let name = i18n::builder_kind(lang, kind).to_string();
            let faded = !f.builder_kinds.is_empty() && !f.builder_kinds.contains(&kind);
            BarRow {
                value_text: share_value(s),
                tip: share_tip(lang, &name, s),
                parts: vec![(s.value, category_color(c.theme(), BUILDER_COLORS[i % BUILDER_COLORS.len()], faded))],
                select: Some(Selection::BuilderKind(kind)),
                label: name,
            }
        })
        .collect();
    hbars(c, top + 4, rows, i18n::yi(lang))
}

/// Palette slots for builder kinds, away from the first type colours.
const BUILDER_COLORS: [usize; 5] = [0, 5, 2, 6, 7];

/// Colour index of an area: the index of the project type of the same action.
fn action_index(types: &[String], name: &str, fallback: usize) -> usize {
    types.iter().position(|t| plansight_core::engine::filter::same_action(t, name)).unwrap_or(fallback)
}

pub fn areas<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let top = c.frame(
        crate::chart_title(crate::ChartId::Areas, input, lang),
        lang.pick("项；点击领域筛选全页", "tasks; click an area to filter the page"),
        &c.source_tasks,
    )?;
    let f = input.filter;
    let types = input.rows.types();
    let rows = analysis::tasks_per_area(input.rows, &f.without_types())
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = i18n::action(lang, &s.label, input.rows);
            let faded = !f.types.is_empty() && !f.selects_action(&s.label);
            BarRow {
                value_text: s.count.to_string(),
                tip: format!("{name}: {}", i18n::tasks(lang, s.count)),
                parts: vec![(s.value, category_color(c.theme(), action_index(&types, &s.label, i), faded))],
                select: Some(Selection::Action(s.label.clone())),
                label: name,
            }
        })
        .collect();
    hbars(c, top + 4, rows, lang.pick("项", "tasks"))
}

pub fn units<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let all = analysis::unit_workload(input.rows, &input.filter.without_units());
    let subtitle = match lang {
        Lang::Zh => format!(
            "承担的重点任务数（前 {} 个单位，共 {} 个）；深色为牵头（排名第一）",
            TOP_UNITS.min(all.len()),
            all.len()
        ),
        Lang::En => format!(
            "key tasks per unit (top {} of {}); dark = leads (named first)",
            TOP_UNITS.min(all.len()),
            all.len()
        ),
    };
    let top = c.frame(crate::chart_title(crate::ChartId::Units, input, lang), &subtitle, &c.source_tasks)?;
    let legend = [
        (lang.pick("牵头", "leads").to_string(), t.palette[0]),
        (
            lang.pick("参与", "shares").to_string(),
            RGBColor(t.palette[0].0 / 2 + 100, t.palette[0].1 / 2 + 110, t.palette[0].2 / 2 + 110),
        ),
    ];
    let top = c.legend(&legend, top + 2)?;
    let f = input.filter;
    let rows = all
        .iter()
        .take(TOP_UNITS)
        .map(|w| {
            let faded = !f.units.is_empty() && !f.units.contains(&w.unit);
            let (lead, share) = (legend[0].1, legend[1].1);
            let alpha = if faded { 0.25 } else { 1.0 };
            BarRow {
                label: w.unit.clone(),
                parts: vec![(w.lead as f64, lead.mix(alpha)), ((w.tasks - w.lead) as f64, share.mix(alpha))],
                value_text: w.tasks.to_string(),
                tip: match lang {
                    Lang::Zh => format!("{}: {} 项任务，其中牵头 {} 项", w.unit, w.tasks, w.lead),
                    Lang::En => format!("{}: {} tasks, leads {}", w.unit, w.tasks, w.lead),
                },
                select: Some(Selection::Unit(w.unit.clone())),
            }
        })
        .collect();
    hbars(c, top, rows, lang.pick("项", "tasks"))
}

/// Left value axis with grid lines; returns the scale.
pub fn y_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    x0: i32,
    x1: i32,
    top: i32,
    bottom: i32,
    max: f64,
    label: &str,
) -> Result<Scale, String> {
    let t = *c.theme();
    let ticks = ticks(max, ((bottom - top) / 50).max(2) as usize);
    let scale = Scale { d0: 0.0, d1: *ticks.last().unwrap_or(&1.0), p0: bottom as f64, p1: top as f64 };
    for v in &ticks {
        let y = scale.px(*v);
        c.line(vec![(x0, y), (x1, y)], t.grid.to_rgba(), 1)?;
        c.text(&num(*v), x0 - 6, y, 11.0, t.muted, 'r')?;
    }
    c.text(label, 12, top - 12, 11.0, t.muted, 'l')?;
    Ok(scale)
}

pub fn pareto<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let top = c.frame(
        crate::chart_title(crate::ChartId::Pareto, input, lang),
        match lang {
            Lang::Zh => "柱：前 15 个项目计划总投资（亿元，标注为项目序号）；线：占当前合计的累计份额（右轴）",
            Lang::En => "bars: top 15 projects' planned investment (亿元, labelled by project no.); line: cumulative share of the shown total (right axis)",
        },
        &c.source_projects,
    )?;
    let ranked = analysis::top_projects(input.rows, input.filter, TOP_PROJECTS);
    if ranked.is_empty() {
        return c.empty_note(top);
    }
    let types = input.rows.types();
    let (x0, x1, top, bottom) = (56, c.width - 48, top + 22, c.height - 52);
    let max = ranked.iter().map(|r| r.value).fold(0.0, f64::max);
    let y = y_axis(c, x0, x1, top, bottom, max, i18n::yi(lang))?;
    let right = Scale { d0: 0.0, d1: 1.0, p0: bottom as f64, p1: top as f64 };
    for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
        c.text(&pct(v).replace(".0", ""), x1 + 6, right.px(v), 11.0, t.muted, 'l')?;
    }
    let band = (x1 - x0) as f64 / ranked.len() as f64;
    // Project numbers wider than their bar (six digits on a narrow chart) are
    // set on two rows, or, narrower still, every few bars: never run together.
    let widest = ranked.iter().map(|r| text_width(&r.no.to_string(), 11.0)).fold(0.0, f64::max);
    let bars_per_label = ((widest + 4.0) / band).ceil().max(1.0) as usize;
    let two_rows = bars_per_label == 2;
    let mut points = Vec::new();
    for (i, r) in ranked.iter().enumerate() {
        let (a, b) = (x0 + (band * i as f64) as i32, x0 + (band * (i as f64 + 1.0)) as i32);
        let pad = ((b - a) / 6).max(1);
        let color = category_color(&t, action_index(&types, &r.kind, 0), false);
        c.rect(a + pad, y.px(r.value), b - pad, bottom, color)?;
        if two_rows {
            c.text(&r.no.to_string(), (a + b) / 2, bottom + 10 + 12 * (i % 2) as i32, 11.0, t.muted, 'c')?;
        } else if i % bars_per_label == 0 {
            c.text(&r.no.to_string(), (a + b) / 2, bottom + 10, 11.0, t.muted, 'c')?;
        }
        let mid = (a + b) / 2;
        points.push((mid, right.px(r.cumulative_share)));
        let tip = match lang {
            Lang::Zh => {
                format!(
                    "{}. {}（{}）: {} 亿元，累计 {}{}",
                    r.no,
                    r.name,
                    i18n::action(lang, &r.kind, input.rows),
                    num(r.value),
                    pct(r.cumulative_share),
                    i18n::from_prose(lang, r.from_prose)
                )
            }
            Lang::En => format!(
                "{}. {} ({}): {} 亿元, cumulative {}{}",
                r.no,
                r.name,
                i18n::action(lang, &r.kind, input.rows),
                num(r.value),
                pct(r.cumulative_share),
                i18n::from_prose(lang, r.from_prose)
            ),
        };
        c.hit((a, top, b, bottom), tip, Some(Selection::Action(r.kind.clone())), Some(r.line));
    }
    c.line(points.clone(), t.text.to_rgba(), 2)?;
    for (x, y) in points {
        c.dot(x, y, 3, t.text.to_rgba())?;
    }
    let title_y = if two_rows { bottom + 38 } else { bottom + 26 };
    c.text(lang.pick("项目序号", "project no."), (x0 + x1) / 2, title_y, 11.0, t.muted, 'c')?;
    Ok(())
}
