//! Drawing helpers shared by all charts: themes, text, scales, ticks, the
//! title/subtitle/source frame, legends and hit regions.

use crate::i18n::Lang;
use plansight_core::understand::roles::TableKind;
use plansight_core::BuilderKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// CSS font stack: the browser picks the first it has; the SVG keeps the list.
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// Shading of the plan window.
    pub window: RGBColor,
    /// Category colours (Okabe–Ito, safe for colour-blind readers).
    pub palette: [RGBColor; 8],
}

pub const LIGHT: Theme = Theme {
    background: RGBColor(255, 255, 255),
    text: RGBColor(28, 32, 38),
    muted: RGBColor(98, 106, 118),
    grid: RGBColor(226, 230, 236),
    window: RGBColor(255, 243, 214),
    palette: [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(120, 94, 240),
        RGBColor(140, 140, 140),
    ],
};

pub const DARK: Theme = Theme {
    background: RGBColor(22, 25, 30),
    text: RGBColor(232, 235, 240),
    muted: RGBColor(160, 168, 180),
    grid: RGBColor(52, 58, 68),
    window: RGBColor(70, 58, 28),
    palette: [
        RGBColor(74, 163, 223),
        RGBColor(240, 180, 50),
        RGBColor(40, 190, 145),
        RGBColor(224, 150, 190),
        RGBColor(120, 200, 240),
        RGBColor(235, 120, 50),
        RGBColor(160, 140, 250),
        RGBColor(170, 170, 170),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub theme: Theme,
    pub lang: Lang,
}

/// What a click on a hit region selects (toggled into the filter by the page).
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// An action: a project type, or a task area of the same action.
    Action(String),
    Unit(String),
    BuilderKind(BuilderKind),
}

/// A rectangle of a drawn chart with its tooltip and click action.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
    pub tip: String,
    pub select: Option<Selection>,
    /// Document line the mark comes from, when it is one row.
    pub line: Option<u32>,
}

impl Hit {
    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x0.min(self.x1) && x <= self.x0.max(self.x1) && y >= self.y0.min(self.y1) && y <= self.y0.max(self.y1)
    }
}

/// Estimated text width in pixels: wide (CJK) characters are one em, others about half.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if (c as u32) >= 0x1100 { size } else { size * 0.56 }).sum()
}

/// Shortens text to fit a width, with an ellipsis.
pub fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + size > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Splits text into at most two lines that fit `max` pixels (breaking after a
/// space or a Chinese punctuation mark when one is near), the second shortened.
pub fn wrap(s: &str, size: f64, max: f64) -> Vec<String> {
    if text_width(s, size) <= max {
        return vec![s.to_string()];
    }
    let chars: Vec<char> = s.chars().collect();
    let mut cut = 0;
    while cut < chars.len() && text_width(&chars[..=cut].iter().collect::<String>(), size) <= max {
        cut += 1;
    }
    let soft = (cut / 2..cut).rev().find(|&i| matches!(chars[i], ' ' | '，' | '；' | '、' | ';' | ',')).map(|i| i + 1);
    let cut = soft.unwrap_or(cut).max(1);
    let first: String = chars[..cut].iter().collect();
    let rest: String = chars[cut..].iter().collect();
    vec![first.trim_end().to_string(), fit(rest.trim_start(), size, max)]
}

/// Number for labels: at most two decimals, rounded half up (四舍五入), no
/// trailing zeros, digits grouped by three from 10,000 up (12,345.6) as
/// statistical tables print them, in 中文 and English alike.
pub fn num(v: f64) -> String {
    let s = plansight_core::model::money::round_half_up(v, 2);
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".into()
    } else {
        grouped(&s)
    }
}

/// A count (projects, rows) as [`num`] prints numbers.
pub fn count(n: usize) -> String {
    grouped(&n.to_string())
}

/// Groups a number's integer digits by three with commas when it has five or more.
fn grouped(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() < 5 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

pub fn pct(v: f64) -> String {
    // Half up, as Chinese statistics print; never "-0.0%".
    format!("{}%", plansight_core::model::money::round_half_up(v * 100.0, 1))
}

/// A "nice" tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about `count` ticks up to `max`.
pub fn ticks(max: f64, count: usize) -> Vec<f64> {
    if max <= 0.0 || !max.is_finite() {
        return vec![0.0, 1.0];
    }
    let raw = max / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// A linear map from data to pixels.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    pub fn px(&self, v: f64) -> i32 {
        let span = self.d1 - self.d0;
        let t = if span == 0.0 { 0.0 } else { (v - self.d0) / span };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

/// A drawing area with its style, collecting hit regions as charts draw.
pub struct Canvas<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub style: &'a Style,
    pub hits: Vec<Hit>,
    pub width: i32,
    pub height: i32,
    /// What an empty chart says: by default that the filter left nothing; set
    /// by `crate::draw` when the plan has none of the chart's records at all.
    pub empty_message: &'static str,
    /// The source notes under project and task charts (see `i18n::source`).
    pub source_projects: String,
    pub source_tasks: String,
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing failed: {e:?}")
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(area: &'a DrawingArea<DB, Shift>, style: &'a Style) -> Self {
        let (w, h) = area.dim_in_pixel();
        let empty_message = style.lang.pick("没有符合筛选条件的数据", "Nothing matches the current filter");
        let (source_projects, source_tasks) = (
            crate::i18n::source(style.lang, &[], TableKind::Projects, None),
            crate::i18n::source(style.lang, &[], TableKind::Tasks, None),
        );
        Canvas {
            area,
            style,
            hits: Vec::new(),
            width: w as i32,
            height: h as i32,
            empty_message,
            source_projects,
            source_tasks,
        }
    }

    pub fn theme(&self) -> &Theme {
        &self.style.theme
    }

    pub fn lang(&self) -> Lang {
        self.style.lang
    }

    pub fn background(&mut self) -> Result<(), String> {
        self.area.fill(&self.style.theme.background).map_err(err)
    }

    pub fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBAColor) -> Result<(), String> {
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled())).map_err(err)
    }

    pub fn line(&self, points: Vec<(i32, i32)>, color: RGBAColor, width: u32) -> Result<(), String> {
        self.area.draw(&PathElement::new(points, color.stroke_width(width))).map_err(err)
    }

    pub fn dot(&self, x: i32, y: i32, r: i32, color: RGBAColor) -> Result<(), String> {
        self.area.draw(&Circle::new((x, y), r, color.filled())).map_err(err)
    }

    /// Text anchored at (x, y): `h` is 'l', 'c' or 'r'; vertically centred.
    pub fn text(&self, s: &str, x: i32, y: i32, size: f64, color: RGBColor, h: char) -> Result<(), String> {
        self.text_styled(s, x, y, size, color, h, FontStyle::Normal)
    }

    pub fn bold(&self, s: &str, x: i32, y: i32, size: f64, color: RGBColor, h: char) -> Result<(), String> {
        self.text_styled(s, x, y, size, color, h, FontStyle::Bold)
    }

    #[allow(clippy::too_many_arguments)]
    fn text_styled(
        &self,
        s: &str,
        x: i32,
        y: i32,
        size: f64,
        color: RGBColor,
        h: char,
        weight: FontStyle,
    ) -> Result<(), String> {
        if s.is_empty() {
            return Ok(());
        }
        let hpos = match h {
            'r' => HPos::Right,
            'c' => HPos::Center,
            _ => HPos::Left,
        };
        let font = FontDesc::new(FontFamily::Name(FONT), size, weight);
        let style = TextStyle::from(font).color(&color).pos(Pos::new(hpos, VPos::Center));
        self.area.draw(&Text::new(s.to_string(), (x, y), style)).map_err(err)
    }

    /// Title, subtitle (units, what is shown; two lines when long) and source
    /// note; returns the top of the plot.
    pub fn frame(&self, title: &str, subtitle: &str, source: &str) -> Result<i32, String> {
        let t = *self.theme();
        let max = (self.width - 24) as f64;
        self.bold(title, 12, 16, 15.0, t.text, 'l')?;
        let lines = wrap(subtitle, 12.0, max);
        for (i, line) in lines.iter().enumerate() {
            self.text(line, 12, 36 + 15 * i as i32, 12.0, t.muted, 'l')?;
        }
        self.text(&fit(source, 11.0, max), 12, self.height - 10, 11.0, t.muted, 'l')?;
        Ok(50 + 15 * (lines.len() as i32 - 1))
    }

    /// A one-line legend of coloured squares; returns the y below it.
    pub fn legend(&self, items: &[(String, RGBColor)], y: i32) -> Result<i32, String> {
        let t = *self.theme();
        let (mut x, mut y) = (12, y);
        for (label, color) in items {
            let w = 16 + text_width(label, 12.0) as i32 + 14;
            if x + w > self.width - 8 && x > 12 {
                x = 12;
                y += 18;
            }
            self.rect(x, y - 5, x + 10, y + 5, color.to_rgba())?;
            self.text(label, x + 14, y, 12.0, t.text, 'l')?;
            x += w;
        }
        Ok(y + 16)
    }

    /// A hover/click region (x0, y0, x1, y1) in chart pixels.
    pub fn hit(
        &mut self,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
        tip: String,
        select: Option<Selection>,
        line: Option<u32>,
    ) {
        self.hits.push(Hit { x0, y0, x1, y1, tip, select, line });
    }

    /// Why the chart is empty (see `empty_message`), in the middle of the plot.
    pub fn empty_note(&self, top: i32) -> Result<(), String> {
        let t = *self.theme();
        self.text(self.empty_message, self.width / 2, (top + self.height) / 2, 13.0, t.muted, 'c')
    }
}

/// Colour of category `i`, faded when another category is selected.
pub fn category_color(theme: &Theme, i: usize, faded: bool) -> RGBAColor {
    let c = theme.palette[i % theme.palette.len()];
    if faded {
        c.mix(0.25)
    } else {
        c.to_rgba()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks() {
        assert_eq!(ticks(117.0, 5), vec![0.0, 25.0, 50.0, 75.0, 100.0, 125.0]);
        assert_eq!(ticks(1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(ticks(0.0, 4), vec![0.0, 1.0]);
    }

    #[test]
    fn numbers_and_fit() {
        assert_eq!(num(740.55), "740.55");
        assert_eq!(num(2025.0), "2025");
        assert_eq!(num(12345.678), "12,345.68");
        assert_eq!(num(-1234567.0), "-1,234,567");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(9999), "9999");
        assert_eq!(num(356.2), "356.2");
        assert_eq!(num(117.0), "117");
        assert_eq!(num(26.95), "26.95");
        assert_eq!(fit("诸暨市第二污水处理厂清洁排放提标改造工程项目", 12.0, 80.0), "诸暨市第二…");
        assert_eq!(wrap("short", 12.0, 200.0), vec!["short"]);
        let text = "亿元/年：每个项目的总投资在建设期内逐年平均分摊；规划期内占比";
        let lines = wrap(text, 12.0, 240.0);
        assert_eq!(lines.len(), 2);
        assert!(text_width(&lines[0], 12.0) <= 240.0);
        assert_eq!(format!("{}{}", lines[0], lines[1]), text);
        let lines = wrap("one two three four five six seven", 12.0, 100.0);
        assert_eq!(lines[0], "one two three", "breaks after a space");
    }
}
