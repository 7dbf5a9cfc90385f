//! Indicators by action as small multiples: each row has its own scale from 0
//! to its target (so % and 亿元 never share an axis); a paired baseline shows as
//! progress toward the target.

use crate::draw::{fit, num, Canvas, Scale};
use crate::i18n::{self, Lang};
use crate::Inputs;
use plansight_core::engine::analysis;
use plansight_core::model::money::round_half_up;
use plansight_core::IndicatorKind;
use plotters::prelude::*;

const ROW: i32 = 22;
const GROUP: i32 = 26;

pub fn height(input: &Inputs) -> u32 {
    let groups = analysis::indicators_by_action(input.rows, input.filter);
    let rows: usize = groups.iter().map(|g| g.rows.len()).sum();
    (96 + groups.len() as i32 * GROUP + rows as i32 * ROW).max(180) as u32
}

pub fn draw<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let top = c.frame(
        crate::chart_title(crate::ChartId::Indicators, input, lang),
        lang.pick(
            "◆ 目标 ■ 基数；有同口径基数的目标画出进度（基数/目标，各行独立刻度）；单位各异，不画公共坐标轴",
            "◆ target ■ baseline; where a baseline of the same metric exists, progress = baseline / target on the row's own scale; units differ, so no shared axis",
        ),
        lang.pick("来源：正文中的量化表述（行号见悬停提示与指标表）", "Source: quantified sentences of the text (lines in tooltips and the table)"),
    )?;
    let groups = analysis::indicators_by_action(input.rows, input.filter);
    if groups.is_empty() {
        return c.empty_note(top);
    }
    let metric_w = (c.width as f64 * 0.44) as i32;
    let value_x = 12 + metric_w + 12;
    let (x0, x1) = (value_x + 170, c.width - 60);
    let mut y = top + 8;
    for g in &groups {
        c.bold(&i18n::action(lang, &g.section, input.rows), 12, y + GROUP / 2, 12.5, t.text, 'l')?;
        y += GROUP;
        for r in &g.rows {
            let i = &r.indicator;
            let ym = y + ROW / 2;
            let target = i.kind == IndicatorKind::Target;
            // A marker says what the row is: ◆ a target, ■ a baseline figure.
            let mark = if target { t.palette[0] } else { t.muted };
            if target {
                c.area
                    .draw(&Polygon::new(vec![(14, ym - 5), (19, ym), (14, ym + 5), (9, ym)], mark.filled()))
                    .map_err(|e| format!("{e:?}"))?;
            } else {
                c.rect(10, ym - 4, 18, ym + 4, mark.to_rgba())?;
            }
            c.text(&fit(&i.metric, 11.5, metric_w as f64 - 14.0), 26, ym, 11.5, t.text, 'l')?;
            let year = i.year.map(|y| format!(" ({y})")).unwrap_or_default();
            let value = format!("{}{} {}{year}", comparator(i.comparator.symbol()), num(i.value), i.unit);
            let shown = match r.baseline {
                Some(b) => format!("{} → {value}", num(b)),
                None => value.clone(),
            };
            c.bold(&fit(&shown, 12.0, 166.0), value_x, ym, 12.0, t.text, 'l')?;
            // Progress only where a baseline of the same metric and unit exists: own scale, 0 to target.
            if let (Some(b), true) = (r.baseline, x1 - x0 > 40) {
                let s = Scale { d0: 0.0, d1: i.value.max(b).max(f64::MIN_POSITIVE), p0: x0 as f64, p1: x1 as f64 };
                c.rect(x0, ym - 5, x1, ym + 5, t.grid.to_rgba())?;
                c.rect(x0, ym - 5, s.px(b), ym + 5, t.palette[0].to_rgba())?;
                let reached = if i.value > 0.0 { b / i.value } else { 0.0 };
                c.text(&format!("{}%", round_half_up(reached * 100.0, 0)), x1 + 6, ym, 11.0, t.muted, 'l')?;
            }
            let kind = if target { lang.pick("目标", "target") } else { lang.pick("基数", "baseline") };
            let base = match (r.baseline, r.baseline_line) {
                (Some(b), Some(l)) => match lang {
                    Lang::Zh => format!("；基数 {} {}（第 {l} 行）", num(b), i.unit),
                    Lang::En => format!("; baseline {} {} (line {l})", num(b), i.unit),
                },
                _ => String::new(),
            };
            // The page appends the line (from the hit region), as for every single-row mark.
            let tip = format!("{kind} · {}: {value}{base} · {}", i.metric, fit(&i.sentence, 12.0, 900.0));
            c.hit((8, y, c.width - 12, y + ROW), tip, None, Some(i.line));
            y += ROW;
        }
    }
    Ok(())
}

/// "=" is implied by a plain value; the other comparators are shown.
fn comparator(symbol: &str) -> &str {
    if symbol == "=" {
        ""
    } else {
        symbol
    }
}
