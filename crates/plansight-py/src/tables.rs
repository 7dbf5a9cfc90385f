//! A plan's four tables, as the core's `Frame` writes them, and how they reach
//! pyarrow: an `ArrowStream` whose `__arrow_c_stream__` hands a C stream of
//! the record batches over in a PyCapsule (the Arrow PyCapsule interface), so
//! pyarrow, polars, DuckDB or any consumer shares the buffers Rust built.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{ArrayRef, Decimal128Array, Int64Array, RecordBatch, RecordBatchIterator};
use arrow_schema::{DataType, Field, FieldRef, Schema, SchemaRef};
use plansight_core::model::{Money, Project, TableName};
use plansight_core::write::arrow::Frame;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::sync::Arc;

/// The exact amounts beside the core's `investment` (亿元, float64): the
/// integer of 分 the model holds, and that integer as a decimal of 亿元 with
/// 10 places (1 分 = 10⁻¹⁰ 亿元, so the decimal's digits are the 分 themselves:
/// no arithmetic, and i64's 19 digits fit its precision).
pub const FEN: &str = "investment_fen";
pub const DECIMAL: &str = "investment_decimal";
pub const DECIMAL_TYPE: DataType = DataType::Decimal128(19, 10);

pub struct Tables {
    pub projects: RecordBatch,
    pub tasks: RecordBatch,
    pub task_units: RecordBatch,
    pub indicators: RecordBatch,
}

impl Tables {
    pub fn of(plan: &plansight_core::Plan) -> Tables {
        let frame = Frame::from_plan(plan);
        Tables {
            projects: with_exact_money(&frame.projects, &plan.projects),
            tasks: frame.tasks,
            task_units: frame.task_units,
            indicators: frame.indicators,
        }
    }

    pub fn get(&self, table: TableName) -> &RecordBatch {
        match table {
            TableName::Projects => &self.projects,
            TableName::Tasks => &self.tasks,
            TableName::TaskUnits => &self.task_units,
            TableName::Indicators => &self.indicators,
        }
    }
}

/// The core's projects batch with `investment_fen` and `investment_decimal`
/// after `investment`, taken from the same projects the batch was built from.
pub fn with_exact_money(batch: &RecordBatch, projects: &[Project]) -> RecordBatch {
    let schema = batch.schema();
    let fen: Vec<Option<i64>> = projects.iter().map(|p| p.investment.map(Money::fen)).collect();
    let decimal = Decimal128Array::from(fen.iter().map(|f| f.map(i128::from)).collect::<Vec<_>>())
        .with_precision_and_scale(19, 10)
        .expect("19 digits and 10 places are a valid decimal128");
    let at = schema.index_of("investment").map_or(schema.fields().len(), |i| i + 1);
    let mut fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    fields.insert(at, Arc::new(Field::new(FEN, DataType::Int64, true)));
    fields.insert(at + 1, Arc::new(Field::new(DECIMAL, DECIMAL_TYPE, true)));
    columns.insert(at, Arc::new(Int64Array::from(fen)));
    columns.insert(at + 1, Arc::new(decimal));
    let schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    // One row per project in both, from the same slice: lengths agree.
    RecordBatch::try_new(schema, columns).expect("the frame's projects and the plan's are the same rows")
}

/// Record batches (of one schema) that cross into Python through the Arrow C
/// stream interface: `pyarrow.table(stream)`, `polars.DataFrame(stream)`,
/// `duckdb.sql("… FROM stream")` read it without a copy. Each call of
/// `__arrow_c_stream__` hands out a new stream over the same buffers.
#[pyclass(frozen, module = "plansight")]
pub struct ArrowStream {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowStream {
    /// One record batch.
    pub fn of(batch: RecordBatch) -> ArrowStream {
        ArrowStream { schema: batch.schema(), batches: vec![batch] }
    }

    /// Batches of `schema` (none, for a read that found no plan).
    pub fn with_schema(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream { schema, batches }
    }
}

#[pymethods]
impl ArrowStream {
    /// The Arrow PyCapsule interface: a capsule named "arrow_array_stream".
    /// A requested schema is not applied (the interface lets a producer keep its own).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        // The consumer moves the stream out (leaving it released); an unused
        // one is released when the capsule is dropped (FFI_ArrowArrayStream's Drop).
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// Batches as a pyarrow Table, through the C stream (no copy).
pub fn to_pyarrow<'py>(py: Python<'py>, schema: SchemaRef, batches: Vec<RecordBatch>) -> PyResult<Bound<'py, PyAny>> {
    let stream = Bound::new(py, ArrowStream::with_schema(schema, batches))?;
    py.import("pyarrow")?.call_method1("table", (stream,))
}
