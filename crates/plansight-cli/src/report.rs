//! `plansight report`: the plan as an A4 report. Pages are laid out as SVG
//! (A4 in points), then written as one PDF by the render crate, so the report
//! uses the same charts, the same bundled font and keeps its text selectable.
//!
//! Cover: title, source file, date, filter, headline figures, data notes.
//! Then every chart on a page of its own (scaled down, never split), with its
//! caption and its data table (which may run on, its header repeated).

use plansight_charts::{escape, num, table, title, ChartId, Inputs, Style};
use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::write::message::Lang;
use plansight_core::Plan;
use std::fmt::Write;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 48.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
/// The last baseline text may sit on, above the page number.
const BOTTOM: f32 = PAGE_H - MARGIN - 8.0;
const FAMILY: &str = plansight_render::FONT_FAMILY;
const INK: &str = "#1f2328";
const MUTED: &str = "#59636e";

pub struct Report<'a> {
    pub plan: &'a Plan,
    pub rows: &'a Rows,
    pub filter: &'a Filter,
    pub style: Style,
    pub source: &'a str,
    pub date: String,
}

/// Pages being filled top to bottom.
struct Pages {
    done: Vec<String>,
    page: String,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), page: String::new(), y: MARGIN }
    }

    fn break_page(&mut self) {
        if !self.page.is_empty() {
            self.done.push(std::mem::take(&mut self.page));
        }
        self.y = MARGIN;
    }

    /// Room for `height` more points, else a new page.
    fn need(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.break_page();
        }
    }

    fn text(&mut self, x: f32, size: f32, fill: &str, bold: bool, text: &str) {
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.page,
            r#"<text x="{x:.1}" y="{:.1}" font-family="{FAMILY}" font-size="{size}" fill="{fill}"{weight}>{}</text>"#,
            self.y,
            escape(text)
        );
    }

    /// A table cell `w` wide at `x`: cut to fit, numbers right-aligned.
    #[allow(clippy::too_many_arguments)]
    fn cell(&mut self, x: f32, w: f32, right: bool, size: f32, fill: &str, bold: bool, text: &str) {
        let text = fit(text, size, w - 8.0);
        if right {
            let at = self.page.len();
            self.text(x + w - 8.0, size, fill, bold, &text);
            self.page.insert_str(at + "<text".len(), r#" text-anchor="end""#);
        } else {
            self.text(x, size, fill, bold, &text);
        }
    }

    /// A paragraph wrapped to the width, each line below the last.
    fn paragraph(&mut self, size: f32, fill: &str, bold: bool, text: &str) {
        for line in wrap(text, size, WIDTH) {
            self.need(size * 1.5);
            self.y += size * 1.5;
            self.text(MARGIN, size, fill, bold, &line);
        }
    }

    /// Every page as an SVG document, numbered "n / total".
    fn finish(mut self) -> Vec<String> {
        self.break_page();
        let total = self.done.len();
        self.done
            .iter()
            .enumerate()
            .map(|(i, body)| {
                format!(
                    r##"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}" height="{PAGE_H}" viewBox="0 0 {PAGE_W} {PAGE_H}"><rect width="{PAGE_W}" height="{PAGE_H}" fill="#ffffff"/>{body}<text x="{:.1}" y="{:.1}" text-anchor="middle" font-family="{FAMILY}" font-size="8" fill="{MUTED}">{} / {total}</text></svg>"##,
                    PAGE_W / 2.0,
                    PAGE_H - MARGIN / 2.0,
                    i + 1
                )
            })
            .collect()
    }
}

fn width(text: &str, size: f32) -> f32 {
    plansight_render::text_width(plansight_render::FONT, text, size)
}

/// Lines no wider than `max`, broken at any character (Chinese has no spaces).
fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("one line");
        line.push(c);
        if width(line, size) > max && line.chars().count() > 1 {
            line.pop();
            lines.push(c.to_string());
        }
    }
    lines
}

/// The text cut to `max` points, with … when cut.
fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&format!("{out}{c}…"), size) > max {
            break;
        }
        out.push(c);
    }
    out + "…"
}

impl Report<'_> {
    fn pick<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        self.style.lang.pick(zh, en)
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs { rows: self.rows, filter: self.filter, window: self.plan.window, tables: &self.plan.tables }
    }

    fn filter_text(&self) -> String {
        let f = self.filter;
        let mut parts = Vec::new();
        if !f.types.is_empty() {
            parts.push(format!("{}{}", self.pick("类型：", "types: "), f.types.join("、")));
        }
        if !f.units.is_empty() {
            parts.push(format!("{}{}", self.pick("单位：", "units: "), f.units.join("、")));
        }
        if !f.builder_kinds.is_empty() {
            let kinds: Vec<&str> = f.builder_kinds.iter().map(|k| k.id()).collect();
            parts.push(format!("{}{}", self.pick("建设主体：", "builders: "), kinds.join("、")));
        }
        if let Some((a, b)) = f.years {
            parts.push(format!("{}{a}–{b}", self.pick("年份：", "years: ")));
        }
        if !f.search.is_empty() {
            parts.push(format!("{}{}", self.pick("搜索：", "search: "), f.search));
        }
        if parts.is_empty() {
            self.pick("无（全部数据）", "none (all data)").to_string()
        } else {
            parts.join(self.pick("；", "; "))
        }
    }

    fn cover(&self, pages: &mut Pages) {
        let plan_title = self.plan.title.clone().unwrap_or_else(|| self.source.to_string());
        pages.y += 40.0;
        pages.paragraph(20.0, INK, true, &plan_title);
        pages.y += 12.0;
        pages.paragraph(11.0, MUTED, false, self.pick("规划数据报告 · Plansight", "Plan data report · Plansight"));
        pages.y += 16.0;
        // What the document says of itself, when it says it.
        let facts = &self.plan.facts;
        let window = self.plan.window.map(|(a, b)| format!("{a}–{b}"));
        let stated = [
            (self.pick("文号", "Document no."), facts.doc_no.clone()),
            (self.pick("发文单位", "Issued by"), facts.issuer.clone()),
            (self.pick("发文日期", "Issued on"), facts.date.clone()),
            (self.pick("规划期", "Plan window"), window),
        ];
        let rows = stated.into_iter().filter_map(|(label, value)| Some((label, value?))).chain([
            (self.pick("来源文件", "Source file"), self.source.to_string()),
            (self.pick("生成日期", "Date"), self.date.clone()),
            (self.pick("筛选条件", "Filter"), self.filter_text()),
        ]);
        for (label, value) in rows {
            pages.paragraph(10.0, INK, false, &format!("{label}{}{value}", self.pick("：", ": ")));
        }

        let s = analysis::summary(self.rows, self.filter, self.plan.window);
        pages.y += 24.0;
        pages.paragraph(13.0, INK, true, self.pick("主要数字", "Headline figures"));
        pages.y += 8.0;
        let figures = [
            (self.pick("重点项目", "Key projects"), s.projects.to_string(), self.pick("个", "")),
            (self.pick("计划总投资", "Planned investment"), num(s.total_investment), "亿元"),
            (self.pick("重点任务", "Key tasks"), s.tasks.to_string(), self.pick("项", "")),
            (self.pick("责任单位", "Responsible units"), s.units.to_string(), self.pick("个", "")),
            (self.pick("量化目标", "Quantified targets"), s.targets.to_string(), self.pick("项", "")),
            (self.pick("基数", "Baselines"), s.baselines.to_string(), self.pick("项", "")),
        ];
        for pair in figures.chunks(2) {
            pages.need(44.0);
            let top = pages.y;
            for (i, (label, value, unit)) in pair.iter().enumerate() {
                let x = MARGIN + i as f32 * WIDTH / 2.0;
                pages.y = top + 14.0;
                pages.text(x, 9.0, MUTED, false, label);
                pages.y = top + 36.0;
                pages.text(x, 20.0, INK, true, &format!("{value} {unit}"));
            }
            pages.y = top + 46.0;
        }
        if s.investment_missing > 0 {
            let note = match self.style.lang {
                Lang::Zh => format!("另有 {} 个项目未列投资。", s.investment_missing),
                Lang::En => format!("{} more projects list no amount.", s.investment_missing),
            };
            pages.paragraph(9.0, MUTED, false, &note);
        }

        pages.y += 18.0;
        pages.paragraph(13.0, INK, true, self.pick("数据说明", "Data notes"));
        pages.y += 4.0;
        for t in &self.plan.tables {
            let kind = plansight_core::write::message::table_kind(self.style.lang, &t.kind);
            let named = t.title.as_deref().map(|n| format!("“{n}”")).unwrap_or_default();
            let line = match self.style.lang {
                Lang::Zh => format!("第 {} 行的表格{named}：{kind}，{} 行", t.line, t.rows),
                Lang::En => format!("Table {named} at line {}: {kind}, {} rows", t.line, t.rows),
            };
            pages.paragraph(9.0, INK, false, &line);
        }
        let notes = analysis::plan_checks(self.rows, self.plan);
        const SHOWN: usize = 20;
        for n in notes.iter().take(SHOWN) {
            let line = match self.style.lang {
                Lang::Zh => format!("第 {} 行：{}", n.line, n.message(self.style.lang)),
                Lang::En => format!("Line {}: {}", n.line, n.message(self.style.lang)),
            };
            pages.paragraph(9.0, INK, false, &line);
        }
        if notes.len() > SHOWN {
            let more = match self.style.lang {
                Lang::Zh => format!("另有 {} 条说明（plansight parse 的 JSON 输出列出全部）。", notes.len() - SHOWN),
                Lang::En => format!("{} more notes (plansight parse lists them all as JSON).", notes.len() - SHOWN),
            };
            pages.paragraph(9.0, MUTED, false, &more);
        }
        if notes.is_empty() {
            pages.paragraph(9.0, MUTED, false, self.pick("没有需要说明的问题。", "Nothing to note."));
        }
    }

    /// A chart on a new page, scaled to the text width (or down to the page
    /// height: a chart is never split), then its data table.
    fn chart(&self, pages: &mut Pages, number: usize, chart: ChartId) -> Result<(), String> {
        // Drawn narrower than on screen so its labels stay legible at A4 text width.
        const DRAWN_WIDTH: u32 = 620;
        pages.break_page();
        let name = title(chart, self.style.lang);
        let caption = match self.style.lang {
            Lang::Zh => format!("图 {number}　{name}"),
            Lang::En => format!("Figure {number}. {name}"),
        };
        pages.paragraph(12.0, INK, true, &caption);
        pages.y += 8.0;

        let svg = plansight_charts::svg(chart, &self.inputs(), &self.style, DRAWN_WIDTH)?;
        let height = plansight_charts::preferred_height(chart, &self.inputs()) as f32;
        let scale = (WIDTH / DRAWN_WIDTH as f32).min((BOTTOM - pages.y) / height);
        let inner = svg.find('>').and_then(|open| svg.rfind("</svg>").map(|close| &svg[open + 1..close]));
        let inner = inner.ok_or("the chart's SVG has no <svg> element")?;
        let _ =
            write!(pages.page, r#"<g transform="translate({MARGIN} {:.1}) scale({scale:.4})">{inner}</g>"#, pages.y);
        pages.y += height * scale + 20.0;

        let data = table(chart, &self.inputs(), self.style.lang);
        let heading = match self.style.lang {
            Lang::Zh => format!("图 {number} 的数据"),
            Lang::En => format!("Data of figure {number}"),
        };
        self.data_table(pages, &heading, &data.head, &data.rows);
        Ok(())
    }

    fn data_table(&self, pages: &mut Pages, heading: &str, head: &[String], rows: &[Vec<String>]) {
        const SIZE: f32 = 8.0;
        const ROW: f32 = 13.0;
        if head.is_empty() {
            return;
        }
        // Columns as wide as their widest cell (none over 45 % of the line),
        // narrowed together when they would not fit.
        let widest = |i: usize| {
            std::iter::once(&head[i])
                .chain(rows.iter().filter_map(|r| r.get(i)))
                .map(|c| width(c, SIZE))
                .fold(0.0, f32::max)
                + 12.0
        };
        let mut widths: Vec<f32> = (0..head.len()).map(|i| widest(i).min(WIDTH * 0.45)).collect();
        let scale = (WIDTH / widths.iter().sum::<f32>()).min(1.0);
        widths.iter_mut().for_each(|w| *w *= scale);
        // Numbers align right, as in a spreadsheet.
        let numeric =
            |i: usize| rows.iter().filter_map(|r| r.get(i)).all(|c| c.trim_end_matches('%').parse::<f64>().is_ok());
        let numeric: Vec<bool> = (0..head.len()).map(|i| !rows.is_empty() && numeric(i)).collect();

        let header = |pages: &mut Pages, continued: bool| {
            let suffix = if continued { self.pick("（续）", " (continued)") } else { "" };
            pages.need(ROW * 3.0);
            pages.y += ROW;
            pages.text(MARGIN, 9.0, INK, true, &format!("{heading}{suffix}"));
            pages.y += ROW;
            let mut x = MARGIN;
            for (i, (cell, w)) in head.iter().zip(&widths).enumerate() {
                pages.cell(x, *w, numeric[i], SIZE, MUTED, true, cell);
                x += w;
            }
            let _ = write!(
                pages.page,
                r#"<line x1="{MARGIN}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{MUTED}" stroke-width="0.6"/>"#,
                MARGIN + widths.iter().sum::<f32>(),
                pages.y + 4.0,
                pages.y + 4.0
            );
        };
        header(pages, false);
        for row in rows {
            if pages.y + ROW > BOTTOM {
                pages.break_page();
                header(pages, true);
            }
            pages.y += ROW;
            let mut x = MARGIN;
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                pages.cell(x, *w, numeric[i], SIZE, INK, false, cell);
                x += w;
            }
        }
    }

    /// The report as SVG pages.
    pub fn pages(&self) -> Result<Vec<String>, String> {
        let mut pages = Pages::new();
        self.cover(&mut pages);
        for (i, chart) in ChartId::ALL.into_iter().enumerate() {
            self.chart(&mut pages, i + 1, chart)?;
        }
        Ok(pages.finish())
    }
}
