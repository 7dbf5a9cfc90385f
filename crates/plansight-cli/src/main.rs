//! `plansight`: the core and charts on the command line.
//!
//! ```text
//! plansight parse FILE|- [--format json|csv|arrow] [--table projects|tasks|task_units|indicators] [-o OUT]
//! plansight report FILE|- [B] [--lang zh|en] [--filter …] [-o report.pdf]
//! plansight batch PATH... [--table projects] [--format arrow|parquet] [--jobs N] -o OUT
//! plansight summary FILE|- [MORE…]
//! plansight compare A B [--format text|csv|json] [--lang en|zh] [--match A#=B#] [--unmatch A#=B#] [-o OUT]
//! plansight chart FILE|- [--chart by-type] [--format svg|png|pdf] [--svg-text paths|font|text] [--width 760]
//!                  [--scale 2] [--lang zh|en] [--dark] [--filter type=…|unit=…|builder=…|years=A-B|search=…] [-o OUT]
//! ```

mod batch;
mod bundle;
mod dates;
mod isolate;
mod report;
mod summary;

use clap::{Parser, Subcommand, ValueEnum};
use plansight_charts::{ChartId, Inputs, Lang, Style, DARK, LIGHT};
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::BuilderKind;
use plansight_core::model::TableName;
use plansight_core::read::decode;
use plansight_core::write::arrow::write_ipc;
use plansight_core::write::export;
use plansight_core::{read_plan_and_text_with, Frame, Mapping, Plan};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "plansight",
    version,
    about = "Read a government action plan: projects, tasks, targets and where the money goes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The plan to read, in any form (.docx, .doc, .xlsx, .xls, HTML, CSV/TSV, text, Arrow IPC, Parquet), and the reader's own column roles for headers the dictionary lacks.
#[derive(clap::Args)]
struct Source {
    /// The plan document, or - for standard input.
    file: String,
    /// A column role for a header: HEADER=ROLE, e.g. --map 工程名称=name --map "资金（万）=investment:万元".
    /// Roles: no, category, name, content, investment[:元|万元|亿元], annual:YEAR, period, builder,
    /// task, lead, responsible, co, deadline, remarks, indicator.
    #[arg(long = "map", value_name = "HEADER=ROLE")]
    map: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a plan and write its data.
    Parse {
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Which table to write as CSV or Arrow (JSON always holds all of them).
        #[arg(long, value_enum, default_value_t = Table::Projects)]
        table: Table,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Draw one chart of the plan as SVG, PNG or PDF (the same drawing code as the page),
    /// with the bundled font: no system font is needed or used.
    Chart {
        #[command(flatten)]
        source: Source,
        /// by-type, annual, timeline, pareto, builder, indicators, areas, units, matrix
        #[arg(long, default_value = "by-type")]
        chart: String,
        #[arg(long, value_enum, default_value_t = ChartFormat::Svg)]
        format: ChartFormat,
        /// SVG text: `paths` draws every label as outlines of the bundled font (looks the same in
        /// Word, PowerPoint, Inkscape and on machines without a CJK font; the words stay as invisible
        /// text for search and screen readers); `font` keeps labels as text in a subset of the
        /// bundled font embedded as WOFF2 (for web pages); `text` leaves labels to the viewer's fonts.
        #[arg(long, value_enum, default_value_t = SvgText::Paths)]
        svg_text: SvgText,
        /// PNG pixels per SVG pixel.
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// Draw only part of the plan: type=ACTION, unit=UNIT, builder=KIND (state_platform,
        /// private_enterprise, public_institution, provincial_team, unknown), years=2023-2025,
        /// search=TEXT. Repeat to combine.
        #[arg(long, value_name = "KEY=VALUE")]
        filter: Vec<String>,
        #[arg(long, value_enum, default_value_t = ChartLang::Zh)]
        lang: ChartLang,
        /// Dark theme.
        #[arg(long)]
        dark: bool,
        /// Width in pixels (the height follows the content).
        #[arg(long, default_value_t = 760)]
        width: u32,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Read many plans (files, or folders walked for files) in parallel into one table with a
    /// `source` column, for an engine (DuckDB, DataFusion, Spark) to aggregate. A file that cannot
    /// be read is reported and skipped; the others are all written.
    Batch {
        /// Plan files and folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Table::Projects)]
        table: Table,
        #[arg(long, value_enum, default_value_t = BatchFormat::Parquet)]
        format: BatchFormat,
        /// Threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// A column role for a header, for every file (as in `parse`).
        #[arg(long = "map", value_name = "HEADER=ROLE")]
        map: Vec<String>,
        /// The dataset to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write Plansight's single file with these plans inside it (as the page's 保存为单个文件 does):
    /// one HTML file that opens offline on them, in the view given. Every plan is read first.
    Bundle {
        /// The plans' files (any form the page reads).
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The view to open in: a page hash (filter, language, plan shown, editions compared).
        #[arg(long, default_value = "")]
        view: String,
        /// The single file to copy (default: $PLANSIGHT_PAGE, else dist/plansight.html).
        #[arg(long)]
        page: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Read one file and write its plan as JSON (the child a batch and the
    /// readers of .xls and Parquet run under limits; see `isolate`).
    #[command(name = "read-one", hide = true)]
    ReadOne {
        #[command(flatten)]
        source: Source,
    },
    /// Write the plan as an A4 PDF report: cover (title, source, date, filter, headline figures,
    /// data notes), then every chart on its own page with its caption and data table. With a
    /// second plan (B), the two editions compared: what changed, the bridge, the change tables.
    Report {
        #[command(flatten)]
        source: Source,
        /// A later edition to compare the plan with (A → B).
        b: Option<String>,
        #[arg(long, value_enum, default_value_t = ChartLang::Zh)]
        lang: ChartLang,
        /// As for `chart`: type=…, unit=…, builder=…, years=A-B, search=…
        #[arg(long, value_name = "KEY=VALUE")]
        filter: Vec<String>,
        /// The PDF to write (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the plan's breakdowns as readable tables; with more plans, one row per plan side by side.
    Summary {
        #[command(flatten)]
        source: Source,
        /// More plans: print them side by side (title, window, projects, total, tasks, units, targets).
        more: Vec<String>,
    },
    /// Compare two editions of a plan (A → B): which projects were added, dropped, re-budgeted,
    /// re-scheduled or re-typed, with a bridge from A's total to B's (exact); tasks kept, added
    /// and dropped; targets raised, lowered, dropped and new; A's targets against B's baselines.
    Compare {
        /// Edition A (the earlier one).
        a: String,
        /// Edition B.
        b: String,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        #[arg(long, value_enum, default_value_t = ChartLang::En)]
        lang: ChartLang,
        /// Match two projects by hand, by their rows as the text output numbers them: A#=B#, e.g. 12=15.
        #[arg(long = "match", value_name = "A#=B#")]
        matched: Vec<String>,
        /// Keep two matched projects apart: A#=B#.
        #[arg(long, value_name = "A#=B#")]
        unmatch: Vec<String>,
        /// A column role for a header, for both files (as in `parse`).
        #[arg(long = "map", value_name = "HEADER=ROLE")]
        map: Vec<String>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum CompareFormat {
    Text,
    Csv,
    Json,
    /// The bridge chart from A's total to B's, as the office SVG, PNG or PDF.
    Svg,
    Png,
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
    Arrow,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum BatchFormat {
    Arrow,
    Parquet,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum ChartFormat {
    Svg,
    Png,
    Pdf,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum SvgText {
    Paths,
    Font,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum ChartLang {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum Table {
    Projects,
    Tasks,
    TaskUnits,
    Indicators,
}

impl From<Table> for TableName {
    fn from(t: Table) -> TableName {
        match t {
            Table::Projects => TableName::Projects,
            Table::Tasks => TableName::Tasks,
            Table::TaskUnits => TableName::TaskUnits,
            Table::Indicators => TableName::Indicators,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("plansight: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Parse { source, format, table, output } => {
            let plan = load(&source)?;
            let file = &source.file;
            let rows = Rows::from_plan(&plan);
            let bytes = match format {
                Format::Json => export::json(&rows, &plan)?,
                Format::Csv => export::csv(&rows, table.into())?,
                Format::Arrow => write_ipc(Frame::from_plan(&plan).table(table.into()))
                    .map_err(|e| format!("cannot write Arrow: {e}"))?,
            };
            for w in &plan.warnings {
                eprintln!("{file}:{}: warning: {}", w.line, w.message());
            }
            write_out(output.as_ref(), &bytes)
        }
        Command::Chart { source, chart, format, svg_text, scale, filter, lang, dark, width, output } => {
            let id = ChartId::from_id(&chart).ok_or_else(|| {
                let all: Vec<&str> = ChartId::ALL.iter().map(|c| c.id()).collect();
                format!("unknown chart {chart:?}; one of {}", all.join(", "))
            })?;
            let filter = parse_filter(&filter)?;
            let plan = load(&source)?;
            let rows = Frame::from_plan(&plan).rows().map_err(|e| e.to_string())?;
            let input =
                Inputs { rows: &rows, filter: &filter, window: plan.window, tables: &plan.tables, by_plan: false };
            let lang = match lang {
                ChartLang::Zh => Lang::Zh,
                ChartLang::En => Lang::En,
            };
            let style = Style { theme: if dark { DARK } else { LIGHT }, lang };
            let svg = plansight_charts::svg(id, &input, &style, width.clamp(320, 4000))?;
            write_out(output.as_ref(), &chart_bytes(svg, format, svg_text, scale)?)
        }
        Command::ReadOne { source } => {
            let mapping = Mapping::parse(&source.map)?;
            let plan =
                read_in_process(read_input(&source.file)?, &mapping).map_err(|e| format!("{}: {e}", source.file))?;
            let json = serde_json::to_vec(&plan).map_err(|e| format!("cannot write the plan: {e}"))?;
            write_out(None, &json)
        }
        Command::Bundle { plans, view, page, output } => {
            // A plan the page could not open is named now, not in the page.
            for p in &plans {
                load(&Source { file: p.display().to_string(), map: Vec::new() })?;
            }
            let template = bundle::read_page(&page.unwrap_or_else(bundle::default_page))?;
            let html = bundle::page_with(&template, view.trim_start_matches('#'), &bundle::files(&plans)?)?;
            write_out(Some(&output), html.as_bytes())?;
            eprintln!("plansight: {} plans in {}", plans.len(), output.display());
            Ok(())
        }
        Command::Batch { paths, table, format, jobs, map, output } => {
            let files = batch::files(&paths)?;
            Mapping::parse(&map)?;
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let read = batch::read(&files, table.into(), &map, jobs);
            let bytes = match format {
                BatchFormat::Arrow => batch::arrow(&read.batches)?,
                BatchFormat::Parquet => batch::parquet(&read.batches)?,
            };
            write_out(Some(&output), &bytes)?;
            let rows: usize = read.batches.iter().map(|b| b.num_rows()).sum();
            eprintln!(
                "plansight: {} of {} files read, {rows} rows written to {}",
                read.batches.len(),
                files.len(),
                output.display()
            );
            if read.failed.is_empty() {
                Ok(())
            } else {
                let list: Vec<String> = read.failed.iter().map(|(p, e)| format!("  {}: {e}", p.display())).collect();
                Err(format!("{} files could not be read:\n{}", read.failed.len(), list.join("\n")))
            }
        }
        Command::Report { source, b: Some(b), lang, output, .. } => {
            use plansight_core::engine::compare::{compare, Corrections};
            let plan_a = load(&source)?;
            let plan_b = load(&Source { file: b.clone(), map: source.map.clone() })?;
            let c = compare((&plan_a).into(), (&plan_b).into(), &Corrections::default());
            let lang = match lang {
                ChartLang::Zh => Lang::Zh,
                ChartLang::En => Lang::En,
            };
            let file = |f: &str| {
                std::path::Path::new(f).file_name().map_or(f.to_string(), |n| n.to_string_lossy().into_owned())
            };
            let (name_a, name_b) = (file(&source.file), file(&b));
            let report = report::ComparisonReport {
                a: (&name_a, &plan_a),
                b: (&name_b, &plan_b),
                comparison: &c,
                bridge: bridge_input(&c, (&name_a, &plan_a), (&name_b, &plan_b)),
                style: Style { theme: LIGHT, lang },
                date: dates::today(),
            };
            let pdf = plansight_render::pdf_pages(&report.pages()?, plansight_render::FONT)?;
            write_out(output.as_ref(), &pdf)
        }
        Command::Report { source, b: None, lang, filter, output } => {
            let filter = parse_filter(&filter)?;
            let plan = load(&source)?;
            let rows = Frame::from_plan(&plan).rows().map_err(|e| e.to_string())?;
            let lang = match lang {
                ChartLang::Zh => Lang::Zh,
                ChartLang::En => Lang::En,
            };
            let source_name = std::path::Path::new(&source.file)
                .file_name()
                .map_or(source.file.clone(), |n| n.to_string_lossy().into_owned());
            let report = report::Report {
                plan: &plan,
                rows: &rows,
                filter: &filter,
                style: Style { theme: LIGHT, lang },
                source: &source_name,
                date: dates::today(),
            };
            let pdf = plansight_render::pdf_pages(&report.pages()?, plansight_render::FONT)?;
            write_out(output.as_ref(), &pdf)
        }
        Command::Summary { source, more } if more.is_empty() => {
            let plan = load(&source)?;
            // One table of several plans (a source column) reads as those plans side by side.
            match summary::split(&plan) {
                Some(plans) => write_out(None, summary::plans(&plans).as_bytes()),
                None => write_out(None, summary::render(&plan).as_bytes()),
            }
        }
        Command::Summary { source, more } => {
            let files = std::iter::once(source.file.clone()).chain(more);
            let plans = files
                .map(|file| Ok((file.clone(), load(&Source { file, map: source.map.clone() })?)))
                .collect::<Result<Vec<_>, String>>()?;
            write_out(None, summary::plans(&plans).as_bytes())
        }
        Command::Compare { a, b, format, lang, matched, unmatch, map, output } => {
            use plansight_core::engine::compare::{compare, Corrections};
            use plansight_core::write::compare as out;
            let corrections = Corrections { matched: row_pairs(&matched)?, unmatched: row_pairs(&unmatch)? };
            let (plan_a, plan_b) =
                (load(&Source { file: a.clone(), map: map.clone() })?, load(&Source { file: b.clone(), map })?);
            let c = compare((&plan_a).into(), (&plan_b).into(), &corrections);
            let lang = match lang {
                ChartLang::Zh => Lang::Zh,
                ChartLang::En => Lang::En,
            };
            let bytes = match format {
                CompareFormat::Text => out::text(&c, (&a, &plan_a), (&b, &plan_b), lang).into_bytes(),
                CompareFormat::Csv => out::csv(&out::rows(&c, &plan_a.projects, &plan_b.projects))?,
                CompareFormat::Json => out::json(&c, (&a, &plan_a), (&b, &plan_b))?,
                chart => {
                    let input = bridge_input(&c, (&a, &plan_a), (&b, &plan_b));
                    let svg = plansight_charts::bridge::svg(&input, &Style { theme: LIGHT, lang }, 760)?;
                    let format = match chart {
                        CompareFormat::Png => ChartFormat::Png,
                        CompareFormat::Pdf => ChartFormat::Pdf,
                        _ => ChartFormat::Svg,
                    };
                    chart_bytes(svg, format, SvgText::Paths, 2.0)?
                }
            };
            write_out(output.as_ref(), &bytes)
        }
    }
}

/// A chart's SVG as the format asked: the office SVG (labels as outlines of
/// the bundled font), the web SVG or plain; PNG drawn from the outlines too
/// (what Office shows is what the PNG shows); PDF with selectable text in a
/// subset of the bundled font.
fn chart_bytes(svg: String, format: ChartFormat, svg_text: SvgText, scale: f32) -> Result<Vec<u8>, String> {
    let font = plansight_render::FONT;
    Ok(match format {
        ChartFormat::Svg if svg_text == SvgText::Text => svg.into_bytes(),
        ChartFormat::Svg if svg_text == SvgText::Font => plansight_render::web_svg(&svg, font)?.into_bytes(),
        ChartFormat::Svg | ChartFormat::Png => {
            let office = plansight_render::office_svg(&svg, font)?;
            if !office.missing.is_empty() {
                let chars: String = office.missing.iter().collect();
                eprintln!("plansight: the bundled font (GB2312) lacks {chars}: those labels are left as text");
            }
            match format {
                ChartFormat::Png => plansight_render::png(&office.svg, font, scale)?,
                _ => office.svg.into_bytes(),
            }
        }
        ChartFormat::Pdf => plansight_render::pdf(&svg, font)?,
    })
}

/// What the bridge chart draws of a comparison: each edition named by its
/// title (or file) and the projects of each step counted.
fn bridge_input(
    c: &plansight_core::engine::compare::Comparison,
    a: (&str, &Plan),
    b: (&str, &Plan),
) -> plansight_charts::bridge::BridgeInput {
    let name = |(file, plan): (&str, &Plan)| plan.title.clone().unwrap_or_else(|| file.to_string());
    plansight_charts::bridge::BridgeInput {
        bridge: c.bridge,
        a: name(a),
        b: name(b),
        counts: c.step_counts(a.1.projects.as_slice(), b.1.projects.as_slice()),
    }
}

/// `A#=B#` pairs (1-based rows, as the comparison prints them) as 0-based rows.
fn row_pairs(pairs: &[String]) -> Result<Vec<(usize, usize)>, String> {
    pairs
        .iter()
        .map(|pair| {
            let bad =
                || format!("{pair:?}: expected A#=B#, two row numbers as the comparison prints them (e.g. 12=15)");
            let (x, y) = pair.split_once('=').ok_or_else(bad)?;
            let row = |v: &str| v.trim().trim_start_matches(['A', 'B', '#']).parse::<usize>().ok().filter(|&n| n > 0);
            Ok((row(x).ok_or_else(bad)? - 1, row(y).ok_or_else(bad)? - 1))
        })
        .collect()
}

fn load(source: &Source) -> Result<Plan, String> {
    let file = source.file.as_str();
    let mapping = Mapping::parse(&source.map)?;
    let bytes = read_input(file)?;
    // The forms read by crates outside this project are read in a child under
    // limits: a damaged one ends that child, not this command.
    if is_risky(&bytes) {
        return isolate::read(&bytes, &source.map, isolate::Limits::from_env()).map_err(|e| format!("{file}: {e}"));
    }
    read_in_process(bytes, &mapping).map_err(|e| format!("{file}: {e}"))
}

/// A file's bytes, or standard input's for "-".
fn read_input(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))
    }
}

/// Excel 97–2003 (records parsed by calamine, which panics on some damaged
/// ones) and Parquet: parsers outside this project, not held to its own
/// no-panic tests.
fn is_risky(bytes: &[u8]) -> bool {
    use plansight_core::model::Form;
    matches!(plansight_core::read::sniff(bytes), Ok(Form::Xls | Form::Parquet))
}

/// A plan in any form the core reads, in this process.
fn read_in_process(bytes: Vec<u8>, mapping: &Mapping) -> Result<Plan, String> {
    read_plan_and_text_with(&bytes, &decode::gb18030, mapping).map(|(plan, _)| plan).map_err(|e| e.to_string())
}

/// `--filter KEY=VALUE` pairs as the filter the page's selections make.
fn parse_filter(pairs: &[String]) -> Result<Filter, String> {
    let mut filter = Filter::default();
    for pair in pairs {
        let (key, value) = pair.split_once('=').ok_or_else(|| format!("--filter {pair:?}: expected KEY=VALUE"))?;
        match key {
            "type" => filter.types.push(value.to_string()),
            "unit" => filter.units.push(value.to_string()),
            "builder" => filter.builder_kinds.push(BuilderKind::parse_id(value).ok_or_else(|| {
                let ids: Vec<&str> = BuilderKind::ALL.iter().map(|k| k.id()).collect();
                format!("--filter builder={value}: one of {}", ids.join(", "))
            })?),
            "years" => {
                let years: Vec<i32> = value
                    .split('-')
                    .map(|y| y.trim().parse())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("--filter years={value}: expected two years, e.g. years=2023-2025"))?;
                match years[..] {
                    [a, b] => filter.years = Some((a.min(b), a.max(b))),
                    [a] => filter.years = Some((a, a)),
                    _ => return Err(format!("--filter years={value}: expected two years, e.g. years=2023-2025")),
                }
            }
            "search" => filter.search = value.to_string(),
            _ => return Err(format!("--filter {key}=…: the keys are type, unit, builder, years, search")),
        }
    }
    Ok(filter)
}

fn write_out(path: Option<&PathBuf>, bytes: &[u8]) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (plansight … | head) is not an error worth a message.
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write output: {e}")),
                _ => Ok(()),
            }
        }
    }
}
