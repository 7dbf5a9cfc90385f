//! Charts over years: investment annualized by year (stacked by type) and the
//! project timeline (a Gantt), both with the plan window shaded.

use crate::bars::y_axis;
use crate::draw::{category_color, fit, num, pct, text_width, Canvas, Scale, Selection};
use crate::i18n::{self, Lang};
use crate::Inputs;
use plansight_core::engine::analysis::{self, Annual};
use plansight_core::engine::filter::Filter;
use plansight_core::model::Project;
use plotters::prelude::*;
use std::borrow::Cow;

/// The types' legend; `labels` are their names in the reader's language.
fn type_legend<DB: DrawingBackend>(c: &Canvas<DB>, labels: &[String], y: i32) -> Result<i32, String> {
    let items: Vec<(String, RGBColor)> =
        labels.iter().enumerate().map(|(i, label)| (label.clone(), c.theme().palette[i % 8])).collect();
    c.legend(&items, y)
}

/// Each name in the reader's language (see [`i18n::action`]).
pub(crate) fn action_labels(lang: Lang, names: &[String], rows: &plansight_core::engine::rows::Rows) -> Vec<String> {
    names.iter().map(|n| i18n::action(lang, n, rows)).collect()
}

pub fn annual<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let a = analysis::annualized(input.rows, input.filter, input.window);
    let labels = action_labels(c.lang(), &a.types, input.rows);
    annual_of(c, &a, &labels, input.filter, crate::chart_title(crate::ChartId::Annual, input, c.lang()))
}

/// The annual chart of an already computed [`Annual`] (the benchmark draws
/// tables that are not plans this way); `labels` name its types in the
/// reader's language; `filter` only says what to highlight.
pub fn annual_of<DB: DrawingBackend>(
    c: &mut Canvas<DB>,
    a: &Annual,
    labels: &[String],
    filter: &Filter,
    title: &str,
) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let window_note = match (a.window, lang) {
        (Some((w0, w1)), Lang::Zh) => {
            format!("规划期 {w0}–{w1} 内 {} 亿元，占 {}", num(a.window_total), pct(a.window_share))
        }
        (Some((w0, w1)), Lang::En) => {
            format!("plan window {w0}–{w1}: {} 亿元, {} of the total", num(a.window_total), pct(a.window_share))
        }
        (None, _) => String::new(),
    };
    let mut subtitle = lang
        .pick(
            "亿元/年：每个项目的总投资在建设期内逐年平均分摊",
            "亿元 per year: each project's total spread evenly over its construction years",
        )
        .to_string();
    if !window_note.is_empty() {
        subtitle.push_str(lang.pick("；", "; "));
        subtitle.push_str(&window_note);
    }
    let top = c.frame(title, &subtitle, &c.source_projects)?;
    let top = type_legend(c, labels, top + 2)? + 14;
    if a.years.is_empty() {
        return c.empty_note(top);
    }
    let (x0, x1, bottom) = (56, c.width - 16, c.height - 46);
    let totals: Vec<f64> = (0..a.years.len()).map(|i| a.values.iter().map(|v| v[i]).sum()).collect();
    let band = (x1 - x0) as f64 / a.years.len() as f64;
    let col = |i: usize| (x0 + (band * i as f64) as i32, x0 + (band * (i as f64 + 1.0)) as i32);
    if let Some((w0, w1)) = a.window {
        let inside: Vec<usize> = (0..a.years.len()).filter(|&i| (w0..=w1).contains(&a.years[i])).collect();
        if let (Some(&first), Some(&last)) = (inside.first(), inside.last()) {
            c.rect(col(first).0, top - 4, col(last).1, bottom, t.window.to_rgba())?;
            let label = match lang {
                Lang::Zh => format!("规划期 {w0}–{w1}"),
                Lang::En => format!("plan {w0}–{w1}"),
            };
            c.text(&label, (col(first).0 + col(last).1) / 2, top + 6, 11.0, t.muted, 'c')?;
        }
    }
    let y = y_axis(
        c,
        x0,
        x1,
        top,
        bottom,
        totals.iter().cloned().fold(0.0, f64::max),
        lang.pick("亿元/年", "亿元 / year"),
    )?;
    let selecting = !filter.types.is_empty();
    for (i, year) in a.years.iter().enumerate() {
        let (l, r) = col(i);
        let pad = ((r - l) / 6).max(1);
        let mut acc = 0.0;
        for (ti, values) in a.values.iter().enumerate() {
            let v = values[i];
            if v <= 0.0 {
                continue;
            }
            let faded = selecting && !filter.selects_action(&a.types[ti]);
            let (ya, yb) = (y.px(acc + v), y.px(acc));
            c.rect(l + pad, ya, r - pad, yb, category_color(&t, ti, faded))?;
            let tip = format!(
                "{year} · {}: {} {}",
                labels.get(ti).map_or("", String::as_str),
                num(v),
                lang.pick("亿元", "亿元")
            );
            c.hit((l + pad, ya, r - pad, yb), tip, Some(Selection::Action(a.types[ti].clone())), None);
            acc += v;
        }
        let step = if band < 34.0 { 2 } else { 1 };
        if i % step == 0 {
            c.text(&year.to_string(), (l + r) / 2, bottom + 10, 11.0, t.muted, 'c')?;
        }
        if totals[i] > 0.0 && band >= 30.0 {
            c.text(&num((totals[i] * 10.0).round() / 10.0), (l + r) / 2, y.px(totals[i]) - 8, 10.5, t.text, 'c')?;
        }
    }
    if !a.not_spread.is_empty() {
        let list: Vec<String> = a.not_spread.iter().map(u32::to_string).collect();
        let note = match lang {
            Lang::Zh => format!("未计入（缺投资或建设期限）：项目 {}", list.join("、")),
            Lang::En => format!("not spread (no amount or period): projects {}", list.join(", ")),
        };
        c.text(&note, x1, bottom + 26, 11.0, t.muted, 'r')?;
    }
    Ok(())
}

/// The most rows a Gantt draws: past it, the largest projects (a chart of
/// thousands of rows is neither legible nor drawable on one canvas).
pub const TIMELINE_ROWS: usize = 80;

/// The projects the Gantt shows, in table order, and how many the filter kept:
/// all of them, or the `TIMELINE_ROWS` largest by investment.
pub fn timeline_projects<'a>(input: &Inputs<'a>) -> (Vec<Cow<'a, Project>>, usize) {
    let kept = input.rows.selection(input.filter).len();
    (analysis::largest_in_table_order(input.rows, input.filter, TIMELINE_ROWS), kept)
}

pub fn timeline<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let (projects, kept) = timeline_projects(input);
    let word = crate::category_word(input, lang);
    let subtitle = match (lang, projects.len() < kept) {
        (Lang::Zh, true) => {
            format!("投资最大的 {} 个项目（共 {kept} 个），按表中顺序；颜色为项目{word}，阴影为规划期", projects.len())
        }
        (Lang::En, true) => format!(
            "the {} largest of {kept} projects, in table order; colour = {word}, shading = plan window",
            projects.len()
        ),
        (Lang::Zh, false) => format!("每行一个项目，按表中顺序；颜色为项目{word}，阴影为规划期"),
        (Lang::En, false) => format!("one row per project in table order; colour = {word}, shading = plan window"),
    };
    let top = c.frame(crate::chart_title(crate::ChartId::Timeline, input, lang), &subtitle, &c.source_projects)?;
    let types = input.rows.types();
    let top = type_legend(c, &action_labels(lang, &types, input.rows), top + 2)? + 18;
    let dated: Vec<_> = projects.iter().filter(|p| p.start_year.is_some()).collect();
    if dated.is_empty() {
        return c.empty_note(top);
    }
    let first = dated.iter().filter_map(|p| p.start_year).min().unwrap_or(2020);
    let last = dated.iter().map(|p| p.end_year.or(p.start_year).unwrap_or(first)).max().unwrap_or(first);
    let (first, last) = match input.filter.years {
        Some((a, b)) => (first.max(a).min(b), last.min(b).max(a)),
        None => (first, last),
    };
    let labels: Vec<String> = projects.iter().map(|p| format!("{}. {}", p.no, p.name)).collect();
    let label_w = labels.iter().map(|l| text_width(l, 11.5)).fold(0.0, f64::max).min(c.width as f64 * 0.4) as i32;
    let (x0, x1, bottom) = (12 + label_w + 10, c.width - 16, c.height - 30);
    let x = Scale { d0: first as f64, d1: (last + 1) as f64, p0: x0 as f64, p1: x1 as f64 };
    if let Some((w0, w1)) = input.window {
        if w1 >= first && w0 <= last {
            c.rect(x.px(w0.max(first) as f64), top - 14, x.px((w1.min(last) + 1) as f64), bottom, t.window.to_rgba())?;
        }
    }
    let year_w = (x1 - x0) as f64 / (last - first + 1) as f64;
    for yr in first..=last + 1 {
        let px = x.px(yr as f64);
        c.line(vec![(px, top - 14), (px, bottom)], t.grid.to_rgba(), 1)?;
        if yr <= last && (year_w >= 34.0 || (yr - first) % 2 == 0) {
            c.text(&yr.to_string(), x.px(yr as f64 + 0.5), top - 7, 11.0, t.muted, 'c')?;
        }
    }
    let row_h = (bottom - top) as f64 / projects.len() as f64;
    let selecting = !input.filter.types.is_empty();
    for (i, p) in projects.iter().enumerate() {
        let ym = top + (row_h * (i as f64 + 0.5)) as i32;
        c.text(&fit(&labels[i], 11.5, label_w as f64), x0 - 8, ym, 11.5, t.text, 'r')?;
        let ti = types.iter().position(|k| *k == p.kind).unwrap_or(0);
        let color = category_color(&t, ti, selecting && !input.filter.selects_action(&p.kind));
        let half = ((row_h * 0.3) as i32).clamp(3, 7);
        let period = Some(p.period_text()).filter(|t| !t.is_empty()).unwrap_or_else(|| "?".into());
        if let Some(s) = p.start_year {
            let e = p.end_year.unwrap_or(s);
            let (a, b) = (x.px(s.clamp(first, last + 1) as f64), x.px((e + 1).clamp(first, last + 1) as f64));
            c.rect(a, ym - half, b.max(a + 2), ym + half, color)?;
        }
        let money = p
            .investment
            .map_or_else(|| lang.pick("投资未列", "no amount").to_string(), |v| format!("{} 亿元", v.yi_text()));
        let prose = crate::i18n::from_prose(lang, p.read_from.is_prose());
        let builder = if p.builder.is_empty() { String::new() } else { format!(" · {}", p.builder) };
        let tip = format!("{}. {} · {period} · {money}{builder}{prose}", p.no, p.name);
        let (ya, yb) = (top + (row_h * i as f64) as i32, top + (row_h * (i as f64 + 1.0)) as i32);
        c.hit((12, ya, x1, yb), tip, Some(Selection::Action(p.kind.clone())), Some(p.line));
    }
    Ok(())
}
