//! Every Plansight chart as one drawing function over any plotters
//! `DrawingBackend`: the page draws them on a canvas, exports them as SVG, and
//! the CLI writes the same SVG. Each function takes the core's analysis result,
//! draws title, units, source note and legend, and returns the hit regions
//! (rectangles with a tooltip and what a click selects) so hit-testing stays in Rust.

mod bars;
pub mod bridge;
#[cfg(feature = "canvas")]
pub mod canvas;
mod draw;
pub mod i18n;
mod indicators;
mod matrix;
mod tables;
mod time;

pub use draw::{count, num, pct, Hit, Selection, Style, Theme, DARK, LIGHT};
pub use i18n::Lang;
pub use tables::{table, ChartTable};

use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::TableReport;
use plansight_core::understand::roles::TableKind;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The charts of the page, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartId {
    ByType,
    Annual,
    Timeline,
    Pareto,
    Builder,
    Indicators,
    Areas,
    Units,
    Matrix,
}

impl ChartId {
    pub const ALL: [ChartId; 9] = [
        ChartId::ByType,
        ChartId::Builder,
        ChartId::Annual,
        ChartId::Timeline,
        ChartId::Pareto,
        ChartId::Areas,
        ChartId::Indicators,
        ChartId::Units,
        ChartId::Matrix,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChartId::ByType => "by-type",
            ChartId::Annual => "annual",
            ChartId::Timeline => "timeline",
            ChartId::Pareto => "pareto",
            ChartId::Builder => "builder",
            ChartId::Indicators => "indicators",
            ChartId::Areas => "areas",
            ChartId::Units => "units",
            ChartId::Matrix => "matrix",
        }
    }

    pub fn from_id(id: &str) -> Option<ChartId> {
        ChartId::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// Whether a chart has anything to draw for the plan as a whole (whatever the
/// filter): a plan of tasks and targets has no investment to chart, and the
/// page collapses such charts into one line that names them.
pub fn has_data(chart: ChartId, rows: &Rows) -> bool {
    // From the columns: a table of a million rows, or one given as columns only.
    let columns = rows.columns();
    let money = || columns.has_investment.iter().any(|&has| has);
    match chart {
        ChartId::ByType | ChartId::Builder | ChartId::Pareto => money(),
        ChartId::Annual => money() && columns.year_span().is_some(),
        ChartId::Timeline => columns.year_span().is_some(),
        ChartId::Areas => !rows.tasks.is_empty(),
        ChartId::Units | ChartId::Matrix => rows.tasks.iter().any(|t| !t.units.is_empty()),
        ChartId::Indicators => !rows.indicators.is_empty(),
    }
}

/// A chart's title in the reader's language.
pub fn title(chart: ChartId, lang: Lang) -> &'static str {
    match chart {
        ChartId::ByType => lang.pick("各类型计划总投资", "Planned investment by type"),
        ChartId::Builder => lang.pick("按建设单位类别的投资", "Investment by kind of builder"),
        ChartId::Areas => lang.pick("各行动领域的重点任务数", "Key tasks per action area"),
        ChartId::Units => lang.pick("责任单位工作量", "Responsible units' workload"),
        ChartId::Pareto => {
            lang.pick("投资最多的项目与累计占比（帕累托）", "Largest projects and cumulative share (Pareto)")
        }
        ChartId::Annual => lang.pick("逐年投资（按建设期平均分摊）", "Investment by year (spread over each period)"),
        ChartId::Timeline => lang.pick("项目建设期限（甘特图）", "Project construction periods (Gantt)"),
        ChartId::Indicators => lang.pick("目标与基数（按行动分组）", "Targets and baselines by action"),
        ChartId::Matrix => lang.pick("责任单位 × 行动领域", "Responsible units × action areas"),
    }
}

/// Everything a chart needs: the frame's rows, the reader's filter, the plan window.
pub struct Inputs<'a> {
    pub rows: &'a Rows,
    pub filter: &'a Filter,
    pub window: Option<(i32, i32)>,
    /// The document's tables as read (`Plan::tables`): source notes name them.
    pub tables: &'a [TableReport],
    /// The rows are several plans', each plan as the category (type, area,
    /// section): the charts say "plan" where they say "type".
    pub by_plan: bool,
}

/// A chart's title for what it is given: with several plans as the category,
/// the charts by type, area and action are by plan.
pub fn chart_title(chart: ChartId, input: &Inputs, lang: Lang) -> &'static str {
    match chart {
        _ if !input.by_plan => title(chart, lang),
        ChartId::ByType => lang.pick("各规划计划总投资", "Planned investment by plan"),
        ChartId::Areas => lang.pick("各规划的重点任务数", "Key tasks per plan"),
        ChartId::Indicators => lang.pick("目标与基数（按规划分组）", "Targets and baselines by plan"),
        ChartId::Matrix => lang.pick("责任单位 × 规划", "Responsible units × plans"),
        ChartId::Annual => {
            lang.pick("逐年投资（按规划，按建设期平均分摊）", "Investment by year and plan (spread over each period)")
        }
        _ => title(chart, lang),
    }
}

/// The category's name in a chart's words: 类型, or 规划 when the plans are the category.
pub fn category_word(input: &Inputs, lang: Lang) -> &'static str {
    if input.by_plan {
        lang.pick("规划", "plan")
    } else {
        lang.pick("类型", "type")
    }
}

/// Units charted in the workload and matrix charts (the busiest first).
pub const TOP_UNITS: usize = 16;
/// Projects in the Pareto chart.
pub const TOP_PROJECTS: usize = 15;

/// The height a chart wants at a given width, in CSS pixels (long lists grow).
pub fn preferred_height(chart: ChartId, input: &Inputs) -> u32 {
    let f = input.filter;
    // Room for a subtitle that wraps onto a second line at narrow widths.
    const SUBTITLE: u32 = 15;
    SUBTITLE
        + match chart {
            ChartId::ByType => 90 + 34 * input.rows.types().len().max(1) as u32,
            ChartId::Annual => 380,
            ChartId::Timeline => 110 + 17 * time::timeline_projects(input).0.len().max(1) as u32,
            ChartId::Pareto => 360,
            ChartId::Builder => 90 + 34 * analysis::investment_by_builder_kind(input.rows, f).len().max(1) as u32,
            ChartId::Indicators => indicators::height(input),
            ChartId::Areas => 90 + 30 * input.rows.areas().len().max(1) as u32,
            ChartId::Units => {
                100 + 20 * analysis::unit_workload(input.rows, &f.without_units()).len().clamp(1, TOP_UNITS) as u32
            }
            ChartId::Matrix => {
                150 + 22 * analysis::unit_workload(input.rows, &f.without_units()).len().clamp(1, TOP_UNITS) as u32
            }
        }
}

/// Draws one chart filling `area`; returns its hit regions in the area's coordinates.
pub fn draw<DB: DrawingBackend>(
    chart: ChartId,
    area: &DrawingArea<DB, Shift>,
    input: &Inputs,
    style: &Style,
) -> Result<Vec<Hit>, String> {
    let mut c = draw::Canvas::new(area, style);
    if let Some(message) = nothing_to_chart(chart, input.rows, style.lang) {
        c.empty_message = message;
    }
    let prose_projects = input.rows.projects.first_from_prose();
    let prose_tasks = input.rows.tasks.iter().find(|t| t.read_from.is_prose()).map(|t| t.line);
    c.source_projects = i18n::source(style.lang, input.tables, TableKind::Projects, prose_projects);
    c.source_tasks = i18n::source(style.lang, input.tables, TableKind::Tasks, prose_tasks);
    c.background()?;
    match chart {
        ChartId::ByType => bars::by_type(&mut c, input),
        ChartId::Builder => bars::by_builder(&mut c, input),
        ChartId::Areas => bars::areas(&mut c, input),
        ChartId::Units => bars::units(&mut c, input),
        ChartId::Pareto => bars::pareto(&mut c, input),
        ChartId::Annual => time::annual(&mut c, input),
        ChartId::Timeline => time::timeline(&mut c, input),
        ChartId::Indicators => indicators::draw(&mut c, input),
        ChartId::Matrix => matrix::draw(&mut c, input),
    }?;
    area.present().map_err(|e| e.to_string())?;
    Ok(c.hits)
}

/// When the plan holds none of the records a chart reads (a prose-only plan has
/// no projects), the chart says so rather than blaming the filter.
fn nothing_to_chart(chart: ChartId, rows: &Rows, lang: Lang) -> Option<&'static str> {
    match chart {
        ChartId::ByType | ChartId::Builder | ChartId::Annual | ChartId::Timeline | ChartId::Pareto => {
            rows.projects.is_empty().then(|| lang.pick("此规划没有重点项目表", "This plan has no project table"))
        }
        ChartId::Areas | ChartId::Units | ChartId::Matrix => {
            rows.tasks.is_empty().then(|| lang.pick("此规划没有重点任务表", "This plan has no task table"))
        }
        ChartId::Indicators => rows
            .indicators
            .is_empty()
            .then(|| lang.pick("正文中没有量化的目标或基数", "The text states no targets or baselines")),
    }
}

/// The annual chart (investment by year, stacked by type) of a computed
/// [`analysis::Annual`], filling `area`; for tables that are not a parsed plan.
pub fn draw_annual<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    annual: &analysis::Annual,
    style: &Style,
) -> Result<Vec<Hit>, String> {
    let mut c = draw::Canvas::new(area, style);
    c.background()?;
    // Not a plan: no other action names to tell these apart from.
    let labels = time::action_labels(
        style.lang,
        &annual.types,
        &plansight_core::engine::rows::Rows::new(vec![], vec![], vec![]),
    );
    time::annual_of(&mut c, annual, &labels, &Filter::default(), title(ChartId::Annual, style.lang))?;
    area.present().map_err(|e| e.to_string())?;
    Ok(c.hits)
}

/// One chart as a standalone SVG document (for export and the CLI).
pub fn svg(chart: ChartId, input: &Inputs, style: &Style, width: u32) -> Result<String, String> {
    let height = preferred_height(chart, input);
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, (width, height));
        let area = backend.into_drawing_area();
        draw(chart, &area, input, style)?;
    }
    Ok(svg_document(chart, input, style, out))
}

/// Text for SVG and HTML (content and double-quoted attribute values): the
/// one escaper of every document the charts go into (SVG, report pages, embeds).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart's SVG as drawn (by any SVG backend) made a document that names and
/// describes itself: `role="img"`, `<title>` and `<desc>` (the data in words),
/// for screen readers and search (an image pasted into a report keeps them).
pub fn svg_document(chart: ChartId, input: &Inputs, style: &Style, out: String) -> String {
    let name = chart_title(chart, input, style.lang);
    named_svg(out, name, &table(chart, input, style.lang).describe(name, style.lang))
}

/// An SVG as drawn, with `role="img"`, its `<title>` and its `<desc>`.
pub fn named_svg(mut out: String, name: &str, words: &str) -> String {
    let head = format!("<title>{}</title><desc>{}</desc>", escape(name), escape(words));
    if let Some(at) = out.find("<svg").and_then(|start| out[start..].find('>').map(|end| start + end + 1)) {
        out.insert_str(at, &head);
    }
    out.replacen("<svg ", r#"<svg role="img" "#, 1)
}

/// The hit region under a point, if any (the last drawn wins, as on screen).
pub fn hit_at(hits: &[Hit], x: i32, y: i32) -> Option<&Hit> {
    hits.iter().rev().find(|h| h.contains(x, y))
}
