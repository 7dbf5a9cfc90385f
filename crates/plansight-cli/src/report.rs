//! `plansight report`: the plan as an A4 report. Pages are laid out as SVG
//! (A4 in points), then written as one PDF by the render crate, so the report
//! uses the same charts, the same bundled font and keeps its text selectable.
//!
//! Cover: title, source file, date, filter, headline figures, data notes.
//! Then every chart on a page of its own (scaled down, never split), with its
//! caption and its data table (which may run on, its header repeated).
//! [`ComparisonReport`]: two editions compared, laid out the same way.

use plansight_charts::bridge::BridgeInput;
use plansight_charts::{escape, num, table, title, ChartId, Inputs, Style};
use plansight_core::engine::analysis;
use plansight_core::engine::compare::{Comparison, MatchedBy, TargetChange};
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::write::compare as compare_out;
use plansight_core::write::message::Lang;
use plansight_core::Money;
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

    /// A table under a heading, columns as wide as their cells, numbers right;
    /// it runs on over pages with its heading (and `continued`) repeated.
    fn data_table(&mut self, heading: &str, continued: &str, head: &[String], rows: &[Vec<String>]) {
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

        let header = |pages: &mut Pages, again: bool| {
            let suffix = if again { continued } else { "" };
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
        header(self, false);
        for row in rows {
            if self.y + ROW > BOTTOM {
                self.break_page();
                header(self, true);
            }
            self.y += ROW;
            let mut x = MARGIN;
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                self.cell(x, *w, numeric[i], SIZE, INK, false, cell);
                x += w;
            }
        }
    }

    /// A chart's SVG placed at the text width (or smaller, to fit the page:
    /// a chart is never split); `drawn` is the width it was drawn at.
    fn figure(&mut self, svg: &str, drawn: u32, height: f32) -> Result<(), String> {
        let scale = (WIDTH / drawn as f32).min((BOTTOM - self.y) / height);
        let inner = svg.find('>').and_then(|open| svg.rfind("</svg>").map(|close| &svg[open + 1..close]));
        let inner = inner.ok_or("the chart's SVG has no <svg> element")?;
        let _ = write!(self.page, r#"<g transform="translate({MARGIN} {:.1}) scale({scale:.4})">{inner}</g>"#, self.y);
        self.y += height * scale + 20.0;
        Ok(())
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
        Inputs {
            rows: self.rows,
            filter: self.filter,
            window: self.plan.window,
            tables: &self.plan.tables,
            by_plan: false,
        }
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
        pages.figure(&svg, DRAWN_WIDTH, plansight_charts::preferred_height(chart, &self.inputs()) as f32)?;

        let data = table(chart, &self.inputs(), self.style.lang);
        let heading = match self.style.lang {
            Lang::Zh => format!("图 {number} 的数据"),
            Lang::En => format!("Data of figure {number}"),
        };
        pages.data_table(&heading, self.pick("（续）", " (continued)"), &data.head, &data.rows);
        Ok(())
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

/// `plansight report A B`: two editions compared, as an A4 report: a cover
/// with both plans and what changed, the bridge from A's total to B's with its
/// numbers, then the projects changed, added and dropped, the matches made by
/// similar names (to check), the targets and A's promises against B's baselines.
pub struct ComparisonReport<'a> {
    pub a: (&'a str, &'a Plan),
    pub b: (&'a str, &'a Plan),
    pub comparison: &'a Comparison,
    pub bridge: BridgeInput,
    pub style: Style,
    pub date: String,
}

impl ComparisonReport<'_> {
    fn pick<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        self.style.lang.pick(zh, en)
    }

    pub fn pages(&self) -> Result<Vec<String>, String> {
        let c = self.comparison;
        let mut pages = Pages::new();
        let (a, b) = (&self.bridge.a, &self.bridge.b);
        pages.y += 40.0;
        pages.paragraph(20.0, INK, true, &format!("{}{a} → {b}", self.pick("版本对比：", "Editions compared: ")));
        pages.y += 12.0;
        pages.paragraph(11.0, MUTED, false, self.pick("规划版本对比报告 · Plansight", "Editions report · Plansight"));
        pages.y += 16.0;
        for (side, (file, plan)) in [("A", self.a), ("B", self.b)] {
            let total: Money = plan.projects.iter().filter_map(|p| p.investment).sum();
            let line = match self.style.lang {
                Lang::Zh => {
                    format!("{side}：{file}，{} 个项目，计划总投资 {} 亿元", plan.projects.len(), total.yi_text())
                }
                Lang::En => {
                    format!("{side}: {file}, {} projects, {} 亿元 planned", plan.projects.len(), total.yi_text())
                }
            };
            pages.paragraph(10.0, INK, false, &line);
        }
        pages.paragraph(10.0, INK, false, &format!("{}{}", self.pick("生成日期：", "Date: "), self.date));
        let rows = compare_out::rows(c, &self.a.1.projects, &self.b.1.projects);
        let br = c.bridge;
        let count = |what: &str| rows.iter().filter(|r| r.what.contains(&what)).count();
        pages.y += 24.0;
        pages.paragraph(13.0, INK, true, self.pick("变化一览", "What changed"));
        pages.y += 4.0;
        let p = |zh, en| self.pick(zh, en);
        let change = compare_out::signed(br.b_total.minus(br.a_total));
        let (yi, sep, comma) = (" 亿元", p("；", "; "), p("，", ", "));
        let (open, close) = (p("（", " ("), p("）", ")"));
        let lines = [
            format!(
                "{}{} → {}{yi}{open}{change}{close}",
                p("总投资：", "Total: "),
                br.a_total.yi_text(),
                br.b_total.yi_text()
            ),
            [
                format!("{} {}{comma}+{}{yi}", p("新增项目", "added"), c.added.len(), br.added.yi_text()),
                format!("{} {}{comma}-{}{yi}", p("移出项目", "dropped"), c.dropped.len(), br.dropped.yi_text()),
            ]
            .join(sep),
            [
                format!(
                    "{} {}{open}+{}{yi} / -{}{yi}{close}",
                    p("调整投资", "re-budgeted"),
                    count("amount"),
                    br.raised.yi_text(),
                    br.cut.yi_text()
                ),
                format!("{} {}", p("调整工期", "re-scheduled"), count("period")),
                format!("{} {}", p("调整类型", "re-typed"), count("type")),
            ]
            .join(sep),
            format!(
                "{}{} {}{sep}{} {}{sep}{} {}",
                p("任务：", "Tasks: "),
                p("两版都有", "in both"),
                c.tasks_kept,
                p("新增", "added"),
                c.tasks_added.len(),
                p("移出", "dropped"),
                c.tasks_dropped.len()
            ),
        ];
        for line in lines {
            pages.paragraph(10.0, INK, false, &line);
        }

        // The bridge, then its numbers.
        const DRAWN: u32 = 620;
        pages.break_page();
        let name = plansight_charts::bridge::title(self.style.lang);
        pages.paragraph(12.0, INK, true, &format!("{}{name}", self.pick("图 1　", "Figure 1. ")));
        pages.y += 8.0;
        pages.figure(
            &plansight_charts::bridge::svg(&self.bridge, &self.style, DRAWN)?,
            DRAWN,
            plansight_charts::bridge::HEIGHT as f32,
        )?;
        let data = plansight_charts::bridge::table(&self.bridge, self.style.lang);
        let continued = self.pick("（续）", " (continued)");
        pages.data_table(self.pick("图 1 的数据", "Data of figure 1"), continued, &data.head, &data.rows);

        let head: Vec<String> = [
            self.pick("A 行", "A row"),
            self.pick("B 行", "B row"),
            self.pick("名称", "Name"),
            self.pick("类型", "Type"),
            self.pick("A（亿元）", "A (亿元)"),
            self.pick("B（亿元）", "B (亿元)"),
            self.pick("增减", "Δ"),
            self.pick("建设期限", "Period"),
        ]
        .map(String::from)
        .to_vec();
        let arrow = |x: &str, y: &str| {
            if x == y || x.is_empty() || y.is_empty() {
                if y.is_empty() { x } else { y }.to_string()
            } else {
                format!("{x} → {y}")
            }
        };
        let cells = |r: &compare_out::ChangeRow| {
            vec![
                r.a_row.map(|v| v.to_string()).unwrap_or_default(),
                r.b_row.map(|v| v.to_string()).unwrap_or_default(),
                if r.name_b.is_empty() { r.name_a.clone() } else { r.name_b.clone() },
                arrow(&r.type_a, &r.type_b),
                r.investment_a.clone(),
                r.investment_b.clone(),
                r.delta.clone(),
                arrow(&r.period_a, &r.period_b),
            ]
        };
        for (kind, heading) in [
            ("changed", self.pick("调整的项目", "Projects changed")),
            ("added", self.pick("新增的项目", "Projects added")),
            ("dropped", self.pick("移出的项目", "Projects dropped")),
        ] {
            let body: Vec<Vec<String>> = rows.iter().filter(|r| r.change == kind).map(cells).collect();
            if !body.is_empty() {
                pages.y += 12.0;
                pages.data_table(heading, continued, &head, &body);
            }
        }
        let similar: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| r.matched_by == Some(MatchedBy::Similar))
            .map(|r| {
                vec![
                    r.a_row.map(|v| v.to_string()).unwrap_or_default(),
                    r.b_row.map(|v| v.to_string()).unwrap_or_default(),
                    r.name_a.clone(),
                    r.name_b.clone(),
                    format!("{:.0}%", r.confidence.unwrap_or(0.0) * 100.0),
                ]
            })
            .collect();
        if !similar.is_empty() {
            let head = [
                self.pick("A 行", "A row"),
                self.pick("B 行", "B row"),
                self.pick("A 中名称", "Name in A"),
                self.pick("B 中名称", "Name in B"),
                self.pick("相似度", "Similarity"),
            ]
            .map(String::from)
            .to_vec();
            pages.y += 12.0;
            pages.data_table(
                self.pick("按相近名称匹配的项目（请核对）", "Matched by similar names (to check)"),
                continued,
                &head,
                &similar,
            );
        }
        let figure = |x: &plansight_core::Indicator| {
            format!(
                "{}{} {}",
                if x.comparator == plansight_core::Comparator::Eq { "" } else { x.comparator.symbol() },
                num(x.value),
                x.unit
            )
        };
        let targets: Vec<Vec<String>> = c
            .targets
            .iter()
            .filter(|t| t.change != TargetChange::Same)
            .map(|t| {
                let side = |i: Option<usize>, p: &Plan| i.map(|i| figure(&p.indicators[i])).unwrap_or_default();
                let change = match t.change {
                    TargetChange::Raised => self.pick("提高", "raised"),
                    TargetChange::Lowered => self.pick("降低", "lowered"),
                    TargetChange::Restated => self.pick("单位改变", "unit changed"),
                    TargetChange::Dropped => self.pick("删除", "dropped"),
                    TargetChange::New => self.pick("新增", "new"),
                    TargetChange::Same => "",
                };
                vec![t.metric.clone(), side(t.a, self.a.1), side(t.b, self.b.1), change.to_string()]
            })
            .collect();
        if !targets.is_empty() {
            let head = [self.pick("指标", "Metric"), "A", "B", self.pick("变化", "Change")].map(String::from).to_vec();
            pages.y += 12.0;
            pages.data_table(self.pick("目标变化", "Targets"), continued, &head, &targets);
        }
        let promises: Vec<Vec<String>> = c
            .promises
            .iter()
            .map(|p| {
                vec![
                    p.metric.clone(),
                    figure(&self.a.1.indicators[p.target]),
                    figure(&self.b.1.indicators[p.baseline]),
                    self.pick(if p.kept { "已达到" } else { "未达到" }, if p.kept { "kept" } else { "not reached" })
                        .to_string(),
                ]
            })
            .collect();
        if !promises.is_empty() {
            let head = [
                self.pick("指标", "Metric"),
                self.pick("A 的目标", "A's target"),
                self.pick("B 的基数", "B's baseline"),
                self.pick("结果", "Result"),
            ]
            .map(String::from)
            .to_vec();
            pages.y += 12.0;
            pages.data_table(
                self.pick("A 的目标与 B 的基数", "A's targets against B's baselines"),
                continued,
                &head,
                &promises,
            );
        }
        Ok(pages.finish())
    }
}
