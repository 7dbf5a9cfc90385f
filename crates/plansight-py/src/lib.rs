//! The Python package `plansight`: the core's reading, handed to Python.
//!
//! Thin glue over `plansight-core`, nothing else: bytes in (a path or a
//! `bytes`), the core's `read_plan_and_text_with` with the GIL released, and
//! out the core's own Arrow tables (`write::arrow::Frame`) as pyarrow Tables
//! through the Arrow C stream interface (`__arrow_c_stream__`: the buffers are
//! shared, never copied or sent through JSON). Messages are the core's
//! (`write::message`), in the language asked. Nothing is parsed or computed
//! here: the only columns added are the projects' exact amounts as the integer
//! of 分 the core holds (`investment_fen`) and the same integer read as a
//! decimal of 亿元 (`investment_decimal`, scale 10: one unit of it is one 分).
//!
//! - [`tables`]: a plan's four tables and the stream that carries them;
//! - [`many`]: `read_many`, many files on Rust threads into one table (as `plansight batch`).

mod many;
mod tables;

use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::TableName;
use plansight_core::read::decode;
use plansight_core::write::message::{self, Lang};
use plansight_core::{Mapping, PlanError as CorePlanError};
use pyo3::exceptions::{PyImportError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

pyo3::create_exception!(
    plansight,
    PlanError,
    PyValueError,
    "A file that could not be read as a plan. `message` is the reader's sentence in the \
     language asked (lang=\"en\" or \"zh\"), `file` the file's name (None for bytes); \
     `read_many` adds `failures`, every file that could not be read."
);

/// Why one file gave no plan.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// The core's reason, said by `write::message`.
    Plan(CorePlanError),
    /// The file could not be read from disk (the system's words).
    Io(String),
    /// A reader panicked: a bug, caught here so it never crosses into Python.
    Panic(String),
}

impl Failure {
    pub(crate) fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Plan(e) => message::error(e, lang),
            Failure::Io(why) => match lang {
                Lang::Zh => format!("无法读取文件：{why}"),
                Lang::En => format!("cannot read: {why}"),
            },
            Failure::Panic(why) => match lang {
                Lang::Zh => format!("读取器内部出错（这是 Plansight 的缺陷，请报告）：{why}"),
                Lang::En => format!("the reader failed (a bug in Plansight, please report it): {why}"),
            },
        }
    }
}

/// One file read: the plan, its four tables and its headline figures.
pub(crate) struct Loaded {
    plan: plansight_core::Plan,
    tables: tables::Tables,
    summary: analysis::Summary,
    total_fen: i128,
}

/// Runs a reader, catching a panic (a bug) so that it never unwinds into Python.
pub(crate) fn guarded<T>(read: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|panic| Err(Failure::Panic(panic_text(&*panic))))
}

/// Reads one plan's bytes as the CLI does (any form this build reads, GB18030 decoded natively).
pub(crate) fn read_plan(bytes: &[u8], mapping: &Mapping) -> Result<plansight_core::Plan, Failure> {
    guarded(|| {
        plansight_core::read_plan_and_text_with(bytes, &decode::gb18030, mapping)
            .map(|(plan, _text)| plan)
            .map_err(Failure::Plan)
    })
}

/// One plan read, with its tables and headline figures.
fn load(bytes: &[u8], mapping: &Mapping) -> Result<Loaded, Failure> {
    let plan = read_plan(bytes, mapping)?;
    guarded(|| {
        let tables = tables::Tables::of(&plan);
        let rows = Rows::from_plan(&plan);
        let all = Filter::default();
        let summary = analysis::summary(&rows, &all, plan.window);
        let total_fen = rows.columns().by_type(&rows.selection(&all)).total_fen;
        Ok(Loaded { plan, tables, summary, total_fen })
    })
}

pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

pub(crate) fn lang(id: &str) -> PyResult<Lang> {
    match id {
        "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        _ => Err(PyValueError::new_err(format!("lang={id:?}: \"en\" or \"zh\""))),
    }
}

/// `{"工程名称": "name", "资金（万）": "investment:万元"}` as the core's mapping
/// (the CLI's `--map HEADER=ROLE`).
pub(crate) fn mapping(map: Option<&Bound<'_, PyDict>>) -> PyResult<Mapping> {
    let Some(map) = map else { return Ok(Mapping::default()) };
    let mut pairs = Vec::with_capacity(map.len());
    for (header, role) in map.iter() {
        pairs.push(format!("{}={}", header.extract::<String>()?, role.extract::<String>()?));
    }
    Mapping::parse(&pairs).map_err(PyValueError::new_err)
}

/// A `PlanError` carrying the message, the file and the language.
pub(crate) fn plan_error(py: Python<'_>, failure: &Failure, file: Option<&str>, lang: Lang) -> PyErr {
    let text = failure.message(lang);
    let shown = match file {
        Some(f) => format!("{f}: {text}"),
        None => text.clone(),
    };
    let err = PlanError::new_err(shown);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail but by memory.
    let _ = value.setattr("message", text);
    let _ = value.setattr("file", file);
    let _ = value.setattr("lang", lang.id());
    let _ = value.setattr(
        "code",
        match failure {
            Failure::Plan(_) => "plan",
            Failure::Io(_) => "io",
            Failure::Panic(_) => "internal",
        },
    );
    err
}

/// The file name a path is shown by (as given, like `plansight batch`'s `source`).
pub(crate) fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Reads one plan.
///
/// `source` is a path (str or os.PathLike) or the file's bytes (bytes,
/// bytearray, memoryview); `mapping` gives column roles for headers the
/// dictionary lacks (`{"工程名称": "name"}`, as the CLI's `--map`); `lang` the
/// language of a `PlanError`'s message. The GIL is released while reading.
#[pyfunction]
#[pyo3(signature = (source, mapping=None, *, lang="en"))]
fn read(py: Python<'_>, source: &Bound<'_, PyAny>, mapping: Option<&Bound<'_, PyDict>>, lang: &str) -> PyResult<Plan> {
    let lang = self::lang(lang)?;
    let mapping = self::mapping(mapping)?;
    let (loaded, file) = if let Ok(bytes) = source.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        (py.detach(|| load(bytes, &mapping)), None)
    } else if source.is_instance_of::<PyByteArray>() || source.is_instance_of::<PyMemoryView>() {
        // A mutable buffer is copied once into bytes, which nothing can change while the GIL is released.
        let copy = py.import("builtins")?.getattr("bytes")?.call1((source,))?;
        let bytes = copy.cast::<PyBytes>()?.as_bytes();
        (py.detach(|| load(bytes, &mapping)), None)
    } else if source.is_instance_of::<PyString>() || source.hasattr("__fspath__")? {
        let path: PathBuf = source.extract()?;
        let file = shown(&path);
        let loaded = py.detach(|| match std::fs::read(&path) {
            Ok(bytes) => Ok(load(&bytes, &mapping)),
            Err(e) => Err(e),
        });
        match loaded {
            Ok(loaded) => (loaded, Some(file)),
            Err(e) => return Err(os_error(&e, &file)),
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "read() takes a path or the file's bytes, not {}",
            source.get_type().name()?
        )));
    };
    match loaded {
        Ok(loaded) => Ok(Plan::new(loaded, file)),
        Err(failure) => Err(plan_error(py, &failure, file.as_deref(), lang)),
    }
}

/// An OSError of the right subclass (FileNotFoundError, PermissionError …), naming the file.
pub(crate) fn os_error(e: &std::io::Error, file: &str) -> PyErr {
    use pyo3::exceptions::{PyFileNotFoundError, PyPermissionError};
    match (e.raw_os_error(), e.kind()) {
        // OSError(errno, …) is made as its subclass by Python itself.
        (Some(errno), _) => PyOSError::new_err((errno, e.to_string(), file.to_string())),
        (None, std::io::ErrorKind::NotFound) => PyFileNotFoundError::new_err(format!("{file} does not exist")),
        (None, std::io::ErrorKind::PermissionDenied) => PyPermissionError::new_err(format!("{file}: {e}")),
        (None, _) => PyOSError::new_err(format!("{file}: {e}")),
    }
}

/// One plan: its four tables (pyarrow, shared with Rust, not copied), what
/// the reader noticed, the document's facts and the headline figures.
#[pyclass(frozen, module = "plansight")]
struct Plan {
    loaded: Loaded,
    file: Option<String>,
    cache: [PyOnceLock<Py<PyAny>>; 4],
}

impl Plan {
    fn new(loaded: Loaded, file: Option<String>) -> Plan {
        Plan { loaded, file, cache: std::array::from_fn(|_| PyOnceLock::new()) }
    }

    fn arrow(&self, py: Python<'_>, table: TableName) -> PyResult<Py<PyAny>> {
        let cell = &self.cache[table as usize];
        cell.get_or_try_init(py, || {
            let stream = Bound::new(py, self.stream_of(table))?;
            py.import("pyarrow")?.call_method1("table", (stream,)).map(Bound::unbind)
        })
        .map(|t| t.clone_ref(py))
    }
}

impl Plan {
    fn stream_of(&self, table: TableName) -> tables::ArrowStream {
        tables::ArrowStream::of(self.loaded.tables.get(table).clone())
    }
}

pub(crate) fn table_name(id: &str) -> PyResult<TableName> {
    TableName::from_id(id).ok_or_else(|| {
        PyValueError::new_err(format!("table={id:?}: one of \"projects\", \"tasks\", \"task_units\", \"indicators\""))
    })
}

#[pymethods]
impl Plan {
    /// Projects: no, type, name, investment (亿元, float64, as the core's Arrow
    /// table), investment_fen (int64 分, exact), investment_decimal
    /// (decimal128(19, 10) 亿元, exact), start_year, end_year, builder,
    /// builder_kind, line, read_from.
    #[getter]
    fn projects(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.arrow(py, TableName::Projects)
    }

    /// Tasks: no, area, work, units (joined by 、), leads, line, deadline, read_from.
    #[getter]
    fn tasks(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.arrow(py, TableName::Tasks)
    }

    /// One row per task and unit: task_no, position, unit, role (lead/co).
    #[getter]
    fn task_units(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.arrow(py, TableName::TaskUnits)
    }

    /// Targets and baselines: kind, metric, value, unit, comparator, year,
    /// section, sentence, line, pair, value_max.
    #[getter]
    fn indicators(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.arrow(py, TableName::Indicators)
    }

    /// One of the four tables by its name.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        self.arrow(py, table_name(name)?)
    }

    /// One table as an Arrow C stream (`__arrow_c_stream__`), for any consumer
    /// of the Arrow PyCapsule interface; the same buffers as the pyarrow table.
    fn stream(&self, name: &str) -> PyResult<tables::ArrowStream> {
        Ok(self.stream_of(table_name(name)?))
    }

    /// The file read (None for bytes).
    #[getter]
    fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// What the reader noticed, one dict per warning: line, code, the code's
    /// parameters, and message_en / message_zh (the core's sentences).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for w in &self.loaded.plan.warnings {
            // code and line first, then the code's parameters, then the sentences.
            let value = serde_json::to_value(w).map_err(value_error)?;
            let dict = PyDict::new(py);
            dict.set_item("code", value.get("code").and_then(|c| c.as_str()))?;
            dict.set_item("line", w.line)?;
            for (key, param) in value.as_object().into_iter().flatten() {
                if key != "code" && key != "line" {
                    dict.set_item(key, json_to_py(py, param)?)?;
                }
            }
            dict.set_item("message_en", message::finding(&w.finding, Lang::En))?;
            dict.set_item("message_zh", message::finding(&w.finding, Lang::Zh))?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// The document's title, 文号 (doc_no), issuer, date (YYYY-MM-DD) and plan
    /// window ((first, last) year), each None when the document does not say.
    #[getter]
    fn facts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let plan = &self.loaded.plan;
        let dict = PyDict::new(py);
        dict.set_item("title", plan.title.as_deref())?;
        dict.set_item("doc_no", plan.facts.doc_no.as_deref())?;
        dict.set_item("issuer", plan.facts.issuer.as_deref())?;
        dict.set_item("date", plan.facts.date.as_deref())?;
        dict.set_item("window", plan.window)?;
        Ok(dict)
    }

    /// Headline figures, as the CLI's JSON `summary` (total_investment in 亿元,
    /// a float), with total_investment_fen: the same total, exact, in 分.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let value = serde_json::to_value(&self.loaded.summary).map_err(value_error)?;
        let dict = json_to_py(py, &value)?.cast_into::<PyDict>()?;
        dict.set_item("total_investment_fen", self.loaded.total_fen)?;
        if let Some((a, b)) = self.loaded.summary.window {
            dict.set_item("window", (a, b))?;
        }
        Ok(dict)
    }

    /// Everything as the CLI's `plansight parse` JSON (the README's shape).
    fn to_json(&self) -> PyResult<String> {
        let plan = &self.loaded.plan;
        let json = plansight_core::write::export::json(&Rows::from_plan(plan), plan).map_err(PyValueError::new_err)?;
        String::from_utf8(json).map_err(value_error)
    }

    /// One table as a pandas DataFrame, through Arrow. Integer columns with
    /// gaps stay integers (pandas' nullable Int32/UInt32/Int64), so
    /// investment_fen stays exact; investment_decimal holds decimal.Decimal.
    #[pyo3(signature = (table="projects"))]
    fn to_pandas(&self, py: Python<'_>, table: &str) -> PyResult<Py<PyAny>> {
        let arrow = self.arrow(py, table_name(table)?)?;
        let pd = py.import("pandas").map_err(|e| missing(py, e, "pandas"))?;
        let pa = py.import("pyarrow")?;
        let types = PyDict::new(py);
        for (arrow_type, dtype) in [("int32", "Int32Dtype"), ("uint32", "UInt32Dtype"), ("int64", "Int64Dtype")] {
            types.set_item(pa.call_method0(arrow_type)?, pd.call_method0(dtype)?)?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("types_mapper", types.getattr("get")?)?;
        Ok(arrow.bind(py).call_method("to_pandas", (), Some(&kwargs))?.unbind())
    }

    /// One table as a polars DataFrame, through Arrow (polars is optional).
    #[pyo3(signature = (table="projects"))]
    fn to_polars(&self, py: Python<'_>, table: &str) -> PyResult<Py<PyAny>> {
        let arrow = self.arrow(py, table_name(table)?)?;
        let pl = py.import("polars").map_err(|e| missing(py, e, "polars"))?;
        Ok(pl.call_method1("from_arrow", (arrow,))?.unbind())
    }

    fn __repr__(&self) -> String {
        let s = &self.loaded.summary;
        let title = self.loaded.plan.title.as_deref().or(self.file.as_deref()).unwrap_or("(untitled)");
        format!(
            "<plansight.Plan {title:?}: {} projects, {} tasks, {} targets, {} baselines>",
            s.projects, s.tasks, s.targets, s.baselines
        )
    }
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn missing(py: Python<'_>, e: PyErr, package: &str) -> PyErr {
    let err = PyImportError::new_err(format!("{package} is not installed (pip install {package})"));
    err.set_cause(py, Some(e));
    err
}

/// serde's JSON value as Python objects (dicts, lists, ints, floats, str, None).
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Reads many plans on Rust threads into one table with a `source` column,
/// as `plansight batch` writes it (one record batch per plan).
///
/// `paths`: files and folders (walked for files, hidden ones skipped, in
/// sorted order); `jobs`: threads (default: one per core); `table`:
/// "projects", "tasks", "task_units" or "indicators"; `errors`: "raise"
/// (default: a file that cannot be read raises PlanError, with every failure
/// found in its `failures`, and reading stops) or "skip" (returns `(table,
/// failures)`, failures as `[{"source": …, "message": …}]`).
#[pyfunction]
#[pyo3(signature = (paths, *, jobs=None, table="projects", mapping=None, errors="raise", lang="en"))]
fn read_many(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    table: &str,
    mapping: Option<&Bound<'_, PyDict>>,
    errors: &str,
    lang: &str,
) -> PyResult<Py<PyAny>> {
    let lang = self::lang(lang)?;
    let table = table_name(table)?;
    let mapping = self::mapping(mapping)?;
    let raise = match errors {
        "raise" => true,
        "skip" => false,
        _ => return Err(PyValueError::new_err(format!("errors={errors:?}: \"raise\" or \"skip\""))),
    };
    let files = many::files(&path_list(paths)?).map_err(|(e, path)| os_error(&e, &shown(&path)))?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let read = py.detach(|| many::read(&files, table, &mapping, jobs, raise));
    let failures = PyList::empty(py);
    for (path, failure) in &read.failed {
        let dict = PyDict::new(py);
        dict.set_item("source", shown(path))?;
        dict.set_item("message", failure.message(lang))?;
        failures.append(dict)?;
    }
    if raise {
        if let Some((path, failure)) = read.failed.first() {
            let err = plan_error(py, failure, Some(&shown(path)), lang);
            err.value(py).setattr("failures", failures)?;
            return Err(err);
        }
    }
    let schema = read.schema.clone();
    let table = tables::to_pyarrow(py, schema, read.batches)?;
    if raise {
        Ok(table.unbind())
    } else {
        Ok(PyTuple::new(py, [table.into_any(), failures.into_any()])?.into_any().unbind())
    }
}

/// The files `read_many` (and `plansight batch`) would read under `paths`:
/// folders walked, hidden names skipped, sorted; each named as it will be in
/// the `source` column. For splitting the work among a cluster's tasks.
#[pyfunction]
fn files(paths: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let files = many::files(&path_list(paths)?).map_err(|(e, path)| os_error(&e, &shown(&path)))?;
    Ok(files.iter().map(|f| shown(f)).collect())
}

/// One path, or an iterable of them.
fn path_list(paths: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if paths.is_instance_of::<PyString>() || paths.hasattr("__fspath__")? {
        Ok(vec![paths.extract()?])
    } else {
        paths.try_iter()?.map(|p| p?.extract::<PathBuf>()).collect()
    }
}

/// Reads government action plans (Word, Excel, HTML, CSV, text, PDF, Arrow,
/// Parquet) into projects, tasks and indicators as pyarrow tables, with exact
/// money. The Rust core of Plansight, with the GIL released while it reads.
#[pymodule]
fn plansight(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(read_many, m)?)?;
    m.add_function(wrap_pyfunction!(files, m)?)?;
    m.add_class::<Plan>()?;
    m.add_class::<tables::ArrowStream>()?;
    m.add("PlanError", m.py().get_type::<PlanError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
