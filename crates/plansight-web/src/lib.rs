//! The browser API of Plansight (wasm-bindgen). It holds the loaded plan and the
//! view state, answers what to draw, draws on canvases, hit-tests and exports.
//! It parses nothing itself (the core does) and the page's JS computes nothing.

mod backend;
#[cfg(feature = "bench")]
mod bench;
mod editions;
mod embed;
mod plans;
mod saved;
mod state;
mod ui;
mod view;

pub use state::{Sort, ViewState};

use crate::backend::Backend;
use plansight_charts::{draw, hit_at, ChartId, Hit, Inputs, Lang, Selection, Style, DARK, LIGHT};
use plansight_core::engine::analysis::{checks_given, plan_checks, Note};
use plansight_core::engine::rows::Rows;
use plansight_core::model::buffers::ProjectBuffers;
use plansight_core::model::{ColumnReport, Finding, TableName, TableReport};
use plansight_core::write::export;
use plansight_core::{read_plan_and_text_with, BuilderKind, Mapping, Plan, Warning};
use plotters::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

// Talc, not Rust's default dlmalloc: a big table's rows are millions of small
// allocations, and Talc is both faster and smaller in wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The default plan, embedded so the page works offline from its first load.
const SEED: &[u8] = include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt");
const SEED_NAME: &str = "000_6484c7ca487d3a6f.txt";

/// A loaded plan: what the core read, as rows ready for analyses.
struct Loaded {
    /// The plan's title, window, tables and warnings; its records moved to `rows`.
    plan: Plan,
    rows: Rows,
    /// The data notes (parser warnings and cross-checks): the whole plan's, so
    /// made once per load, not per view.
    notes: Vec<Note>,
    /// The charts this plan has something for, in the order to show them.
    charts: Vec<ChartId>,
    /// The text form (shared: the plans one table of several holds read one text).
    text: std::rc::Rc<str>,
    name: String,
    /// Read by its columns in the reader worker (an Arrow or Parquet projects
    /// table): the column dialog has it read there again, there is no text form.
    by_columns: bool,
}

impl Loaded {
    fn read(bytes: &[u8], name: &str, mapping: &Mapping, lang: Lang) -> Result<Loaded, String> {
        let (plan, text) = read_plan_and_text_with(bytes, &legacy_decoder, mapping)
            .map_err(|e| plansight_core::write::message::error(&e, lang))?;
        Ok(Loaded::new(plan, text, name))
    }

    fn new(mut plan: Plan, text: impl Into<std::rc::Rc<str>>, name: &str) -> Loaded {
        let text = text.into();
        let rows = Rows::take_from(&mut plan);
        let notes = plan_checks(&rows, &plan);
        let charts = drawable(&rows);
        Loaded { plan, rows, notes, charts, text, name: name.to_string(), by_columns: false }
    }
}

/// The charts a plan has something for: a plan of tasks and targets (no
/// project with money) shows those first.
fn drawable(rows: &Rows) -> Vec<ChartId> {
    let mut charts: Vec<ChartId> = ChartId::ALL.into_iter().filter(|&c| plansight_charts::has_data(c, rows)).collect();
    if !plansight_charts::has_data(ChartId::ByType, rows) {
        charts.sort_by_key(|c| !matches!(c, ChartId::Areas | ChartId::Indicators));
    }
    charts
}

/// GB18030/GBK text through the browser's own decoder (no decoding tables in the wasm).
#[cfg(target_arch = "wasm32")]
fn legacy_decoder(bytes: &[u8]) -> Option<String> {
    let decoder = web_sys::TextDecoder::new_with_label("gb18030").ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

#[cfg(not(target_arch = "wasm32"))]
fn legacy_decoder(bytes: &[u8]) -> Option<String> {
    plansight_core::read::decode::gb18030(bytes)
}

/// A canvas's drawing root at `scale` device pixels per CSS pixel (the
/// charts crate sizes and scales it); charts are drawn on its CSS-sized sub-area.
pub(crate) fn canvas_root(
    canvas: web_sys::HtmlCanvasElement,
    css_width: u32,
    css_height: u32,
    scale: f64,
) -> Result<DrawingArea<Backend<'static>, plotters::coord::Shift>, JsError> {
    let backend = plansight_charts::canvas::backend(canvas, css_width, css_height, scale).map_err(JsError::new)?;
    Ok(Backend::Canvas(backend).into_drawing_area())
}

#[wasm_bindgen]
pub struct App {
    /// The plans open (one, or a set: editions, places); the view says which is shown.
    plans: plans::Plans,
    view: ViewState,
    /// Hit regions of the last drawing of each chart, in CSS pixels.
    hits: HashMap<&'static str, Vec<Hit>>,
}

#[derive(Serialize)]
struct Tip {
    text: String,
    line: Option<u32>,
    clickable: bool,
}

/// The id of the bridge chart of two editions (not one of a plan's charts).
const BRIDGE: &str = "bridge";

fn chart(id: &str) -> Result<ChartId, JsError> {
    ChartId::from_id(id).ok_or_else(|| JsError::new(&format!("unknown chart {id:?}")))
}

#[wasm_bindgen]
impl App {
    /// Opens the embedded seed plan in the view a URL hash describes.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str, prefers_dark: bool) -> Result<App, JsError> {
        let view = ViewState::from_hash(hash, prefers_dark);
        let loaded = Loaded::read(SEED, SEED_NAME, &Mapping::default(), view.lang).map_err(|e| JsError::new(&e))?;
        Ok(App { plans: plans::Plans::one(loaded), view, hits: HashMap::new() })
    }

    /// Reads another document. On failure the current plan and view stay as they
    /// were and the error says what is wrong; on success the filter is reset
    /// (unless it is the document the view names with src=) and the answer says
    /// what was read (and how many cells need a look).
    /// `mapping` holds the reader's own "header=role" pairs (the column dialog), or nothing.
    pub fn load(&mut self, bytes: &[u8], name: &str, mapping: Vec<String>) -> Result<String, JsError> {
        let mapping = Mapping::parse(&mapping).map_err(|e| JsError::new(&e))?;
        let loaded =
            Loaded::read(bytes, name, &mapping, self.view.lang).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        self.take(loaded)
    }

    /// Shows (or adds to the set being opened) what a file held: one plan, or
    /// the plans of one table that holds several (a `source` column), as a set.
    fn take(&mut self, loaded: Loaded) -> Result<String, JsError> {
        let summary = ui::load_summary(self.view.lang, &loaded.plan, &loaded.rows, &loaded.name);
        // The table the view names (src=) keeps the view, whatever plans it holds.
        let named = (self.view.src == [loaded.name.as_str()]).then(|| self.view.clone());
        let parts = plans::split(loaded);
        if parts.len() == 1 || self.plans.opening.is_some() {
            parts.into_iter().for_each(|p| self.opened(p));
            return Ok(summary);
        }
        self.begin_set();
        parts.into_iter().for_each(|p| self.opened(p));
        let summary = self.finish_set()?;
        if let Some(view) = named {
            let offered = self.view.compare.take();
            self.view = view;
            if self.plans.compared(&self.view).is_none() {
                self.view.compare = offered;
            }
        }
        Ok(summary)
    }

    /// Starts opening a set of plans (several files, a folder): each file read
    /// with `load` (or `open_projects`) joins the set, and
    /// `finish_set` shows it. The plans shown stay until then.
    pub fn begin_set(&mut self) {
        self.plans.opening = Some(Vec::new());
    }

    /// Shows the set opened since `begin_set`: the first plan, the plans table,
    /// and two editions compared when two plans are open or two titles differ
    /// only by their years. With none read, the plans shown stay.
    pub fn finish_set(&mut self) -> Result<String, JsError> {
        let mut set = self.plans.opening.take().unwrap_or_default();
        // Plans are named by their files: two files of one name (2024/plan.csv,
        // 2025/plan.csv) stay two plans.
        let mut seen = std::collections::HashSet::new();
        for l in &mut set {
            let mut name = l.name.clone();
            for n in 2.. {
                if seen.insert(name.clone()) {
                    break;
                }
                name = format!("{}（{n}）", l.name);
            }
            l.name = name;
        }
        if set.is_empty() {
            return Err(JsError::new(ui::text(self.view.lang, "no_plan_read")));
        }
        let summary = ui::set_summary(self.view.lang, &set);
        // The set the view names (src=a,b: an embed of two editions) opens in that view.
        let named = set.iter().map(|l| l.name.as_str()).eq(self.view.src.iter().map(String::as_str));
        if !named {
            let (lang, dark, auto_theme) = (self.view.lang, self.view.dark, self.view.auto_theme);
            self.view = ViewState { lang, dark, auto_theme, ..ViewState::default() };
        }
        self.plans.replace(set);
        if !named || self.plans.compared(&self.view).is_none() {
            let offered = self.plans.offered();
            self.view.compare = offered.map(|(a, b)| (self.plans.all[a].name.clone(), self.plans.all[b].name.clone()));
        }
        self.hits.clear();
        Ok(summary)
    }

    /// Shows one of the open plans (its index in the plans table's data), or
    /// every plan at once (an index past the last), unfiltered.
    pub fn show_plan(&mut self, index: usize) {
        let name = match self.plans.all.get(index) {
            Some(plan) => Some(plan.name.clone()),
            None if self.plans.all.len() > 1 => Some(plans::ALL.to_string()),
            None => None,
        };
        if let Some(name) = name {
            self.view.plan = Some(name);
            self.view.filter = Default::default();
            self.view.sorts = Default::default();
            self.view.row_limits = ViewState::default().row_limits;
            self.hits.clear();
        }
    }

    /// Compares two open plans (indices), A the earlier edition; the corrections made for another pair go.
    pub fn set_compare(&mut self, a: usize, b: usize) {
        let name = |i: usize| self.plans.all.get(i).map(|p| p.name.clone());
        self.view.compare = match (name(a), name(b)) {
            (Some(a), Some(b)) if a != b => Some((a, b)),
            _ => None,
        };
        self.view.matched.clear();
        self.view.unmatched.clear();
    }

    /// The reader's correction: project `a` of A (row, 1-based) is project `b` of B.
    pub fn pair(&mut self, a: usize, b: usize) {
        if a > 0 && b > 0 {
            self.view.unmatched.retain(|&p| p != (a, b));
            self.view.matched.retain(|&(x, y)| x != a && y != b);
            self.view.matched.push((a, b));
        }
    }

    /// The reader's correction: project `a` of A and `b` of B are not the same
    /// (a match by hand is undone; a match the reader made is kept apart).
    pub fn unpair(&mut self, a: usize, b: usize) {
        if self.view.matched.contains(&(a, b)) {
            self.view.matched.retain(|&p| p != (a, b));
        } else if a > 0 && b > 0 && !self.view.unmatched.contains(&(a, b)) {
            self.view.unmatched.push((a, b));
        }
    }

    /// Opens a projects table that the reader worker read from an Arrow or
    /// Parquet file (the extras module's `read_table`): flat buffers and what
    /// was read (each column's role; the notes on its cells, said in both
    /// languages), no text form, so a table of a million rows opens without
    /// parsing anything twice; its repeated names (pairs of rows) follow from
    /// the worker (`note_repeated_names`). The rows stay as those buffers (`Rows::from_buffers`:
    /// a project is built only for a row the view shows), their columns built
    /// from the buffers' codes. Buffers that do not fit together are refused
    /// and the current plan stays. See `plansight_core::model::buffers`.
    #[allow(clippy::too_many_arguments)] // one typed array per column, as the worker sends them
    pub fn open_projects(
        &mut self,
        name: &str,
        no: Vec<u32>,
        types: Vec<String>,
        kind: Vec<u32>,
        names: Vec<u8>,
        name_ends: Vec<u32>,
        builders: Vec<u8>,
        builder_ends: Vec<u32>,
        builder: Vec<u32>,
        fen: Vec<i64>,
        start: Vec<i32>,
        end: Vec<i32>,
        builder_kind: Vec<u8>,
        line: Vec<u32>,
        headers: Vec<String>,
        roles: Vec<String>,
        note_lines: Vec<u32>,
        notes_zh: Vec<String>,
        notes_en: Vec<String>,
        plans: Vec<String>,
        plan: Vec<u32>,
    ) -> Result<String, JsError> {
        let columns = headers
            .into_iter()
            .zip(roles)
            .map(|(header, role)| ColumnReport { header, role: Some(role).filter(|r| !r.is_empty()) })
            .collect();
        let table = TableReport { kind: "projects".into(), line: 1, rows: no.len(), columns, ..Default::default() };
        let warnings = note_lines
            .into_iter()
            .zip(notes_zh.into_iter().zip(notes_en))
            .map(|(line, (zh, en))| Warning { line, finding: Finding::Said { zh, en } })
            .collect();
        let mut buffers = ProjectBuffers::default();
        (buffers.no, buffers.types, buffers.kind) = (no, types, kind);
        (buffers.fen, buffers.start, buffers.end, buffers.builder_kind, buffers.line) =
            (fen, start, end, builder_kind, line);
        let utf8 = |bytes| String::from_utf8(bytes).map_err(|_| JsError::new(&format!("{name}: not UTF-8")));
        (buffers.names, buffers.name_ends) = (utf8(names)?, name_ends);
        (buffers.builders, buffers.builder_ends, buffers.builder) = (utf8(builders)?, builder_ends, builder);
        (buffers.plans, buffers.plan) = (plans, plan);
        let rows = Rows::from_buffers(buffers).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        let plan = Plan { tables: vec![table], warnings, ..Plan::default() };
        let notes = checks_given(&rows, &plan.warnings, None, &[]);
        let charts = drawable(&rows);
        let loaded = Loaded { plan, rows, notes, charts, text: "".into(), name: name.to_string(), by_columns: true };
        self.take(loaded)
    }

    /// The repeated names the worker found in the table `open_projects` opened
    /// as `name` (pairs of rows, flat): its data checks again, with them. A
    /// table split into the plans it holds was checked plan by plan already.
    pub fn note_repeated_names(&mut self, name: &str, pairs: Vec<u32>) {
        let repeated: Vec<(usize, usize)> = pairs.chunks_exact(2).map(|p| (p[0] as usize, p[1] as usize)).collect();
        // The newest plan of that name: in the set being opened, else among those open.
        let opening = self.plans.opening.iter_mut().flatten();
        let newest = opening.rev().chain(self.plans.all.iter_mut().rev()).find(|l| l.name == name);
        if let Some(loaded) = newest.filter(|l| l.by_columns && l.rows.projects.as_buffers().is_some()) {
            loaded.notes = checks_given(&loaded.rows, &loaded.plan.warnings, None, &repeated);
        }
    }

    /// The main module's peak memory in bytes (its linear memory never shrinks).
    pub fn memory_bytes(&self) -> f64 {
        #[cfg(target_arch = "wasm32")]
        return (core::arch::wasm32::memory_size(0) * 65536) as f64;
        #[cfg(not(target_arch = "wasm32"))]
        0.0
    }

    /// Reads the loaded document again with the reader's own column roles
    /// ("header=role" pairs from the column dialog). The text form is kept from
    /// the load, so no reader runs twice; on failure the current plan stays.
    pub fn remap(&mut self, mapping: Vec<String>) -> Result<String, JsError> {
        let mapping = Mapping::parse(&mapping).map_err(|e| JsError::new(&e))?;
        let lang = self.view.lang;
        let shown = self.plans.shown_mut(&self.view);
        let plan = plansight_core::plan_from_text(&shown.text, &mapping)
            .map_err(|e| JsError::new(&plansight_core::write::message::error(&e, lang)))?;
        let text = shown.text.clone();
        *shown = Loaded::new(plan, text, &shown.name);
        let summary = ui::load_summary(lang, &shown.plan, &shown.rows, &shown.name);
        self.view.filter = Default::default();
        self.hits.clear();
        Ok(summary)
    }

    /// Shows a newly read document (or, while a set is opened, adds it to the
    /// set). The document the view names (src=) opens in that view; one opened
    /// by hand replaces what was open and starts unfiltered.
    fn opened(&mut self, loaded: Loaded) {
        if let Some(set) = self.plans.opening.as_mut() {
            set.push(loaded);
            return;
        }
        if self.view.src != [loaded.name.as_str()] {
            self.view.src.clear();
            self.view.filter = Default::default();
            self.view.sorts = Default::default();
        }
        self.view.row_limits = ViewState::default().row_limits;
        (self.view.plan, self.view.compare) = (None, None);
        self.view.matched.clear();
        self.view.unmatched.clear();
        self.plans.replace(vec![loaded]);
        self.hits.clear();
    }

    /// The plan shown.
    fn loaded(&self) -> &Loaded {
        self.plans.shown(&self.view)
    }

    /// Which reader the page must run first: "" when this module reads the
    /// bytes itself, "table" for an Arrow or Parquet table (the extras module's
    /// `read_table`, in a worker), "extras" for another form this module has no
    /// reader for (.docx, .xlsx, HTML: the extras module's `to_text`). A
    /// table is told by its first bytes: its hundred megabytes go to the
    /// worker without a copy into this module's memory.
    pub fn reader_for(&self, bytes: &js_sys::Uint8Array) -> String {
        let head = bytes.subarray(0, bytes.length().min(8)).to_vec();
        let size = bytes.length() as usize;
        if plansight_core::read::table_form(&head).is_some() && size <= plansight_core::read::MAX_TABLE_BYTES {
            return "table".into();
        }
        match plansight_core::read::needs_reader(&bytes.to_vec()) {
            None => "",
            Some(plansight_core::model::Form::Arrow | plansight_core::model::Form::Parquet) => "table",
            Some(_) => "extras",
        }
        .into()
    }

    /// Everything the page shows outside the canvases (see `view::ViewModel`), as
    /// JSON: serde_json is linked anyway, and JSON.parse builds the objects
    /// faster and with less wasm than building them through js-sys.
    pub fn view(&self) -> Result<String, JsError> {
        let model = view::build(&self.plans, &self.view);
        serde_json::to_string(&model).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The loaded document's text, for the source panel that rows link to.
    pub fn document_text(&self) -> String {
        self.loaded().text.to_string()
    }

    pub fn hash(&self) -> String {
        self.view.to_hash()
    }

    pub fn set_hash(&mut self, hash: &str, prefers_dark: bool) {
        self.view = ViewState::from_hash(hash, prefers_dark);
    }

    /// Toggles a selection: kind is "action", "unit" or "builder"; "years" and
    /// "search" clear those.
    pub fn toggle(&mut self, kind: &str, value: &str) {
        let f = &mut self.view.filter;
        match kind {
            "action" => ViewState::toggle(&mut f.types, value),
            "unit" => ViewState::toggle(&mut f.units, value),
            "builder" => {
                let k = BuilderKind::from_id(value);
                match f.builder_kinds.iter().position(|x| *x == k) {
                    Some(i) => {
                        f.builder_kinds.remove(i);
                    }
                    None => f.builder_kinds.push(k),
                }
            }
            "years" => f.years = None,
            "search" => f.search.clear(),
            _ => {}
        }
    }

    /// Sets the year range; the full range of the plan clears it.
    pub fn set_years(&mut self, from: i32, to: i32) {
        let (min, max) = view::year_bounds(&self.loaded().rows, self.loaded().plan.window);
        let (a, b) = (from.min(to), from.max(to));
        self.view.filter.years = if a <= min && b >= max { None } else { Some((a, b)) };
    }

    pub fn set_search(&mut self, text: &str) {
        self.view.filter.search = text.to_string();
    }

    pub fn clear(&mut self) {
        self.view.filter = Default::default();
    }

    pub fn set_lang(&mut self, lang: &str) {
        self.view.lang = if lang == "en" { Lang::En } else { Lang::Zh };
    }

    /// The reader chose a theme: it stays, whatever the system says.
    pub fn set_dark(&mut self, dark: bool) {
        self.view.dark = dark;
        self.view.auto_theme = false;
    }

    /// The system's theme changed (followed when the view names no theme, or `theme=auto`).
    pub fn system_dark(&mut self, dark: bool) {
        self.view.dark = dark;
    }

    /// The iframe code that shows this chart, in this view, in another page
    /// (`page`: this page's address without its hash).
    pub fn embed_code(&self, id: &str, page: &str) -> Result<String, JsError> {
        if id == BRIDGE {
            // The two editions, named by their files, to be published beside the page.
            let (a, b) = self.plans.compared(&self.view).ok_or_else(|| JsError::new("no two editions are compared"))?;
            let mut view = self.view.clone();
            view.src = vec![self.plans.all[a].name.clone(), self.plans.all[b].name.clone()];
            let (input, lang) = (self.bridge()?, self.view.lang);
            let title = plansight_charts::bridge::title(lang);
            let description = plansight_charts::bridge::table(&input, lang).describe(title, lang);
            let height = plansight_charts::bridge::HEIGHT + 24;
            return Ok(embed::iframe(BRIDGE, page, &view.to_hash(), title, &description, height));
        }
        let c = chart(id)?;
        let inputs = self.inputs();
        let data = plansight_charts::table(c, &inputs, self.view.lang);
        let title = plansight_charts::title(c, self.view.lang);
        let height = plansight_charts::preferred_height(c, &inputs) + 24;
        // Another plan than the seed is named by its file, to be published beside the page.
        let mut view = self.view.clone();
        if view.src.is_empty() && self.loaded().name != SEED_NAME {
            view.src = vec![self.loaded().name.clone()];
        }
        Ok(embed::iframe(c.id(), page, &view.to_hash(), title, &data.describe(title, self.view.lang), height))
    }

    /// The static figure for sites that strip scripts: `office_svg` (the
    /// extras module's office SVG of this chart), a caption and the data table.
    pub fn static_figure(&self, id: &str, office_svg: &str) -> Result<String, JsError> {
        if id == BRIDGE {
            let data = plansight_charts::bridge::table(&self.bridge()?, self.view.lang);
            return Ok(embed::figure(plansight_charts::bridge::title(self.view.lang), office_svg, &data));
        }
        let c = chart(id)?;
        let data = plansight_charts::table(c, &self.inputs(), self.view.lang);
        Ok(embed::figure(plansight_charts::title(c, self.view.lang), office_svg, &data))
    }

    /// Shows more rows of a table (five times `ROWS_SHOWN` more).
    pub fn show_more(&mut self, table: &str) {
        if let Some(i) = state::table_index(table) {
            self.view.row_limits[i] = self.view.row_limits[i].saturating_add(state::ROWS_SHOWN * 5);
        }
    }

    pub fn sort(&mut self, table: &str, key: &str) {
        self.view.sort_by(table, key);
    }

    fn style(&self) -> Style {
        Style { theme: if self.view.dark { DARK } else { LIGHT }, lang: self.view.lang }
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            rows: &self.loaded().rows,
            filter: &self.view.filter,
            window: self.loaded().plan.window,
            tables: &self.loaded().plan.tables,
            by_plan: self.plans.is_combined(&self.view),
        }
    }

    /// The bridge of the two editions compared (`cmp=`), drawn as the chart "bridge".
    fn bridge(&self) -> Result<plansight_charts::bridge::BridgeInput, JsError> {
        editions::bridge_input(&self.plans, &self.view).ok_or_else(|| JsError::new("no two editions are compared"))
    }

    /// The CSS height a chart needs at a width.
    pub fn chart_height(&self, id: &str) -> Result<u32, JsError> {
        if id == BRIDGE {
            return Ok(plansight_charts::bridge::HEIGHT);
        }
        Ok(plansight_charts::preferred_height(chart(id)?, &self.inputs()))
    }

    /// Draws a chart on a canvas `css_width` CSS pixels wide, at `scale` device
    /// pixels per CSS pixel (devicePixelRatio on screen, 2 for PNG export), so it
    /// is crisp on HiDPI screens. Returns the CSS height used.
    pub fn draw(
        &mut self,
        id: &str,
        canvas: web_sys::HtmlCanvasElement,
        css_width: u32,
        scale: f64,
    ) -> Result<u32, JsError> {
        let scale = if scale.is_finite() && scale > 0.0 { scale.min(4.0) } else { 1.0 };
        let css_width = css_width.clamp(280, 4000);
        let css_height = self.chart_height(id)?;
        let root = canvas_root(canvas, css_width, css_height, scale)?;
        let area = root.shrink((0, 0), (css_width, css_height));
        let style = self.style();
        let (key, hits) = if id == BRIDGE {
            (BRIDGE, plansight_charts::bridge::draw(&area, &self.bridge()?, &style))
        } else {
            let c = chart(id)?;
            (c.id(), draw(c, &area, &self.inputs(), &style))
        };
        self.hits.insert(key, hits.map_err(|e| JsError::new(&e))?);
        Ok(css_height)
    }

    /// The tooltip at a point (CSS pixels relative to the chart) as JSON, or undefined.
    pub fn tooltip(&self, id: &str, x: f64, y: f64) -> Result<Option<String>, JsError> {
        let hit = self.hits.get(id).and_then(|h| hit_at(h, x as i32, y as i32));
        match hit {
            None => Ok(None),
            Some(h) => {
                let tip = Tip { text: h.tip.clone(), line: h.line, clickable: h.select.is_some() };
                serde_json::to_string(&tip).map(Some).map_err(|e| JsError::new(&e.to_string()))
            }
        }
    }

    /// Applies the click at a point: toggles what the mark selects. True when the view changed.
    pub fn click(&mut self, id: &str, x: f64, y: f64) -> Result<bool, JsError> {
        let select = self.hits.get(id).and_then(|h| hit_at(h, x as i32, y as i32)).and_then(|h| h.select.clone());
        Ok(match select {
            Some(Selection::Action(a)) => {
                self.toggle("action", &a);
                true
            }
            Some(Selection::Unit(u)) => {
                self.toggle("unit", &u);
                true
            }
            Some(Selection::BuilderKind(k)) => {
                self.toggle("builder", k.id());
                true
            }
            None => false,
        })
    }

    /// The chart as an SVG document (same drawing code, Chinese text kept as text).
    pub fn svg(&self, id: &str, width: u32) -> Result<String, JsError> {
        if id == BRIDGE {
            return plansight_charts::bridge::svg(&self.bridge()?, &self.style(), width.clamp(320, 4000))
                .map_err(|e| JsError::new(&e));
        }
        let (c, inputs, style) = (chart(id)?, self.inputs(), self.style());
        let size = (width.clamp(320, 4000), plansight_charts::preferred_height(c, &inputs));
        let mut out = String::new();
        {
            // Through the same backend type as the canvas: the chart code is compiled once.
            let area = Backend::Svg(plotters::prelude::SVGBackend::with_string(&mut out, size)).into_drawing_area();
            draw(c, &area, &inputs, &style).map_err(|e| JsError::new(&e))?;
        }
        Ok(plansight_charts::svg_document(c, &inputs, &style, out))
    }

    /// The filtered data: format "csv" (one table) or "json" (all tables). Arrow
    /// IPC is written by the plansight-extras-web module from this JSON, loaded on
    /// demand so Arrow stays out of the page's start-up code.
    pub fn export(&self, format: &str, table: &str) -> Result<Vec<u8>, JsError> {
        let rows = self.loaded().rows.filtered(&self.view.filter);
        let name = TableName::from_id(table).ok_or_else(|| JsError::new(&format!("unknown table {table:?}")))?;
        let plan = &self.loaded().plan;
        let result = match format {
            "csv" => export::csv(&rows, name),
            "json" => export::json(&rows, plan),
            other => Err(format!("unknown format {other:?}")),
        };
        result.map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
#[cfg(test)]
#[cfg(test)]
mod tests;
