//! The bridge (waterfall) from one edition's total to the next: A's total,
//! then what the projects dropped, added, raised and cut moved, then B's
//! total. The steps close exactly (the core's `compare::Bridge`); the chart
//! draws each as a column floating where the running total stands.

use crate::draw::{self, category_color, num, ticks, Canvas, Hit, Scale, Style};
use crate::i18n::{self, Lang};
use crate::tables::ChartTable;
use plansight_core::engine::compare::Bridge;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What the bridge chart draws: the bridge, the two editions' names and how
/// many projects each step holds (dropped, added, raised, cut).
#[derive(Debug, Clone, PartialEq)]
pub struct BridgeInput {
    pub bridge: Bridge,
    pub a: String,
    pub b: String,
    pub counts: [usize; 4],
}

/// One column: its label, where it starts and ends (亿元), its projects.
struct Step {
    label: String,
    from: f64,
    to: f64,
    /// What the column says, from its exact amount (not the difference of floats).
    value: String,
    count: Option<usize>,
}

fn steps(input: &BridgeInput, lang: Lang) -> Vec<Step> {
    let br = input.bridge;
    let a = br.a_total.yi();
    let mut at = a;
    let mut next = |label: &str, amount: plansight_core::Money, sign: f64, count: usize| {
        let from = at;
        at += sign * amount.yi();
        let value = match amount.fen() {
            0 => "0".to_string(),
            _ => format!("{}{}", if sign > 0.0 { "+" } else { "-" }, num(amount.yi())),
        };
        Step { label: label.to_string(), from, to: at, value, count: Some(count) }
    };
    let moves = [
        next(lang.pick("移出", "Dropped"), br.dropped, -1.0, input.counts[0]),
        next(lang.pick("新增", "Added"), br.added, 1.0, input.counts[1]),
        next(lang.pick("追加", "Raised"), br.raised, 1.0, input.counts[2]),
        next(lang.pick("核减", "Cut"), br.cut, -1.0, input.counts[3]),
    ];
    let total = |label: &str, m: plansight_core::Money| Step {
        label: label.to_string(),
        from: 0.0,
        to: m.yi(),
        value: num(m.yi()),
        count: None,
    };
    let mut out = vec![total(&input.a, br.a_total)];
    out.extend(moves);
    out.push(total(&input.b, br.b_total));
    out
}

/// The title of the bridge chart.
pub fn title(lang: Lang) -> &'static str {
    lang.pick("总投资变化桥（A → B）", "Total investment, A → B (bridge)")
}

/// The chart's numbers as a table (the fallback under it, and its description).
pub fn table(input: &BridgeInput, lang: Lang) -> ChartTable {
    let br = input.bridge;
    let step = |label: &str, money: plansight_core::Money, count: Option<usize>| {
        vec![label.to_string(), money.yi_text(), count.map(|c| c.to_string()).unwrap_or_default()]
    };
    ChartTable {
        head: vec![
            lang.pick("步骤", "step").into(),
            lang.pick("亿元", "亿元").into(),
            lang.pick("项目数", "projects").into(),
        ],
        rows: vec![
            step(&input.a, br.a_total, None),
            step(lang.pick("移出", "dropped"), br.dropped, Some(input.counts[0])),
            step(lang.pick("新增", "added"), br.added, Some(input.counts[1])),
            step(lang.pick("追加", "raised"), br.raised, Some(input.counts[2])),
            step(lang.pick("核减", "cut"), br.cut, Some(input.counts[3])),
            step(&input.b, br.b_total, None),
        ],
    }
}

/// The height the chart wants (CSS pixels).
pub const HEIGHT: u32 = 380;

/// Draws the bridge filling `area`; returns its hit regions.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &BridgeInput,
    style: &Style,
) -> Result<Vec<Hit>, String> {
    let mut c = Canvas::new(area, style);
    c.background()?;
    let lang = style.lang;
    let t = *c.theme();
    let top = c.frame(
        title(lang),
        lang.pick(
            "亿元；A 的总投资，减去移出的项目，加上新增的项目与追加的投资，减去核减的投资，等于 B 的总投资",
            "亿元; A's total, less the projects dropped, plus those added and the amounts raised, less the amounts cut, is B's total",
        ),
        &format!("{} {} → {}", lang.pick("版本：", "Editions:"), input.a, input.b),
    )? + 14;
    let steps = steps(input, lang);
    let bottom = c.height - 56;
    let max = steps.iter().map(|s| s.from.max(s.to)).fold(0.0, f64::max);
    let ticks = ticks(max, ((bottom - top) / 50).max(2) as usize);
    let (x0, x1) = (56, c.width - 16);
    let scale = Scale { d0: 0.0, d1: *ticks.last().unwrap_or(&1.0), p0: bottom as f64, p1: top as f64 };
    for v in &ticks {
        let y = scale.px(*v);
        c.line(vec![(x0, y), (x1, y)], t.grid.to_rgba(), 1)?;
        c.text(&num(*v), x0 - 6, y, 11.0, t.muted, 'r')?;
    }
    c.text(i18n::yi(lang), x0 - 6, top - 12, 11.0, t.muted, 'r')?;
    let band = (x1 - x0) as f64 / steps.len() as f64;
    let (up, down) = (category_color(&t, 2, false), category_color(&t, 5, false));
    let mut previous_top: Option<(i32, f64)> = None;
    for (i, s) in steps.iter().enumerate() {
        let (xa, xb) =
            (x0 + (band * i as f64 + band * 0.18) as i32, x0 + (band * (i as f64 + 1.0) - band * 0.18) as i32);
        // The two totals in grey; a step up or down in its colour.
        let color = if s.count.is_none() {
            t.muted.to_rgba()
        } else if s.to >= s.from {
            up
        } else {
            down
        };
        let (ya, yb) = (scale.px(s.from.max(s.to)), scale.px(s.from.min(s.to)));
        c.rect(xa, ya, xb, yb.max(ya + 1), color)?;
        // A thin line carries the running total from one column to the next.
        if let Some((x, level)) = previous_top {
            let y = scale.px(level);
            c.line(vec![(x, y), (xa, y)], t.muted.mix(0.6), 1)?;
        }
        previous_top = Some((xb, s.to));
        let value = s.value.clone();
        c.text(&value, (xa + xb) / 2, ya - 10, 11.5, t.text, 'c')?;
        let label = draw::fit(&s.label, 12.0, band - 4.0);
        c.text(&label, (xa + xb) / 2, bottom + 14, 12.0, t.text, 'c')?;
        if let Some(n) = s.count {
            c.text(&i18n::projects(lang, n), (xa + xb) / 2, bottom + 30, 11.0, t.muted, 'c')?;
        }
        let tip = match s.count {
            Some(n) => format!("{}: {value} {} ({})", s.label, i18n::yi(lang), i18n::projects(lang, n)),
            None => format!("{}: {value} {}", s.label, i18n::yi(lang)),
        };
        c.hit((xa, top, xb, bottom), tip, None, None);
    }
    area.present().map_err(|e| e.to_string())?;
    Ok(c.hits)
}

/// The bridge as a standalone SVG document, named and described.
pub fn svg(input: &BridgeInput, style: &Style, width: u32) -> Result<String, String> {
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, (width, HEIGHT));
        draw(&backend.into_drawing_area(), input, style)?;
    }
    let name = title(style.lang);
    Ok(crate::named_svg(out, name, &table(input, style.lang).describe(name, style.lang)))
}
