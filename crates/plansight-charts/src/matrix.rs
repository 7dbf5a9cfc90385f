//! Responsible units × action areas: a heat map of shared tasks.

use crate::draw::{fit, text_width, wrap, Canvas, Selection};
use crate::i18n::{self, Lang};
use crate::{Inputs, TOP_UNITS};
use plansight_core::engine::analysis;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(c: &mut Canvas<DB>, input: &Inputs) -> Result<(), String> {
    let lang = c.lang();
    let t = *c.theme();
    let top = c.frame(
        crate::chart_title(crate::ChartId::Matrix, input, lang),
        lang.pick(
            "格中数字为该单位在该领域承担的任务数（前 16 个单位）；点击单位筛选",
            "tasks a unit shares in each area (top 16 units); click a unit to filter",
        ),
        &c.source_tasks,
    )?;
    let f = input.filter;
    let m = analysis::unit_area_matrix(input.rows, &f.without_units());
    if m.units.is_empty() {
        return c.empty_note(top);
    }
    let units: Vec<&String> = m.units.iter().take(TOP_UNITS).collect();
    let label_w = units.iter().map(|u| text_width(u, 11.5)).fold(0.0, f64::max).min(c.width as f64 * 0.34) as i32;
    let (x0, x1) = (12 + label_w + 10, c.width - 16);
    let header = 58;
    let cell_w = (x1 - x0) as f64 / m.areas.len().max(1) as f64;
    let cell_h = ((c.height - 30 - top - header) as f64 / units.len() as f64).max(12.0);
    let max = m.counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    for (j, area) in m.areas.iter().enumerate() {
        let name = i18n::action(lang, area, input.rows);
        let cx = x0 + (cell_w * (j as f64 + 0.5)) as i32;
        // Area names wrap onto two lines to fit narrow columns.
        let lines = wrap(&name, 11.0, cell_w - 4.0);
        let y0 = top + header / 2 - 8 * (lines.len() as i32 - 1);
        for (k, line) in lines.iter().enumerate() {
            c.text(line, cx, y0 + 16 * k as i32, 11.0, t.text, 'c')?;
        }
    }
    let grid_top = top + header;
    for (i, unit) in units.iter().enumerate() {
        let ya = grid_top + (cell_h * i as f64) as i32;
        let yb = grid_top + (cell_h * (i as f64 + 1.0)) as i32;
        let faded = !f.units.is_empty() && !f.units.contains(unit);
        c.text(
            &fit(unit, 11.5, label_w as f64),
            x0 - 8,
            (ya + yb) / 2,
            11.5,
            if faded { t.muted } else { t.text },
            'r',
        )?;
        for (j, area) in m.areas.iter().enumerate() {
            let n = m.counts[i][j];
            let xa = x0 + (cell_w * j as f64) as i32;
            let xb = x0 + (cell_w * (j as f64 + 1.0)) as i32;
            let strength = if n == 0 { 0.0 } else { 0.2 + 0.8 * n as f64 / max };
            c.rect(xa + 1, ya + 1, xb - 1, yb - 1, t.grid.to_rgba())?;
            if n > 0 {
                c.rect(
                    xa + 1,
                    ya + 1,
                    xb - 1,
                    yb - 1,
                    t.palette[0].mix(if faded { strength * 0.3 } else { strength }),
                )?;
                let ink = if strength > 0.6 { RGBColor(255, 255, 255) } else { t.text };
                c.text(&n.to_string(), (xa + xb) / 2, (ya + yb) / 2, 11.0, ink, 'c')?;
            }
            let tip = match lang {
                Lang::Zh => format!("{unit} × {area}: {n} 项任务"),
                Lang::En => format!(
                    "{unit} × {}: {n} task{}",
                    i18n::action(lang, area, input.rows),
                    if n == 1 { "" } else { "s" }
                ),
            };
            c.hit((xa, ya, xb, yb), tip, Some(Selection::Unit((*unit).clone())), None);
        }
    }
    Ok(())
}
