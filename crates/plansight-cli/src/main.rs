//! `plansight`: the core and charts on the command line.
//!
//! ```text
//! plansight parse FILE|- [--format json|csv|arrow] [--table projects|tasks|task_units|indicators] [-o OUT]
//! plansight summary FILE|-
//! plansight chart FILE|- [--chart by-type] [--lang zh|en] [--dark] [--width 760] [-o OUT.svg]
//! ```

mod summary;

use clap::{Parser, Subcommand, ValueEnum};
use plansight_charts::{ChartId, Inputs, Lang, Style, DARK, LIGHT};
use plansight_core::analysis::{Filter, Rows};
use plansight_core::export;
use plansight_core::frame::{write_ipc, TableName};
use plansight_core::{decode, read_plan_and_text_with, Frame, Mapping, Plan};
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

/// The plan to read, in any form (.docx, .xlsx, HTML, CSV/TSV, text, Arrow IPC), and the reader's own column roles for headers the dictionary lacks.
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
    /// Draw one chart of the plan as SVG (the same drawing code as the page).
    Chart {
        #[command(flatten)]
        source: Source,
        /// by-type, annual, timeline, pareto, builder, indicators, areas, units, matrix
        #[arg(long, default_value = "by-type")]
        chart: String,
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
    /// Print the plan's breakdowns as readable tables.
    Summary {
        #[command(flatten)]
        source: Source,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
    Arrow,
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
                Format::Json => export::json(&rows, plan.title.as_deref(), plan.window, &plan.warnings, &plan.tables)?,
                Format::Csv => export::csv(&rows, table.into())?,
                Format::Arrow => write_ipc(Frame::from_plan(&plan).table(table.into()))
                    .map_err(|e| format!("cannot write Arrow: {e}"))?,
            };
            for w in &plan.warnings {
                eprintln!("{file}:{}: warning: {}", w.line, w.message());
            }
            write_out(output.as_ref(), &bytes)
        }
        Command::Chart { source, chart, lang, dark, width, output } => {
            let id = ChartId::from_id(&chart).ok_or_else(|| {
                let all: Vec<&str> = ChartId::ALL.iter().map(|c| c.id()).collect();
                format!("unknown chart {chart:?}; one of {}", all.join(", "))
            })?;
            let plan = load(&source)?;
            let rows = Rows::read(&Frame::from_plan(&plan)).map_err(|e| e.to_string())?;
            let filter = Filter::default();
            let input = Inputs { rows: &rows, filter: &filter, window: plan.window, tables: &plan.tables };
            let lang = match lang {
                ChartLang::Zh => Lang::Zh,
                ChartLang::En => Lang::En,
            };
            let style = Style { theme: if dark { DARK } else { LIGHT }, lang };
            let svg = plansight_charts::svg(id, &input, &style, width.clamp(320, 4000))?;
            write_out(output.as_ref(), svg.as_bytes())
        }
        Command::Summary { source } => {
            let plan = load(&source)?;
            write_out(None, summary::render(&plan).as_bytes())
        }
    }
}

fn load(source: &Source) -> Result<Plan, String> {
    let file = source.file.as_str();
    let mapping = Mapping::parse(&source.map)?;
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    read_plan_and_text_with(&bytes, &decode::gb18030, &mapping)
        .map(|(plan, _)| plan)
        .map_err(|e| format!("{file}: {e}"))
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
