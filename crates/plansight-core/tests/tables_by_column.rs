//! An engine's projects table read column by column (`understand::columns`:
//! cells borrowed from the batch, rows straight into buffers) gives exactly
//! what it gave read row by row (every cell a `String`, every row a
//! `Project`: `columns::projects_row_by_row`), on tables with every shape of
//! cell the row reader has a rule for: nulls, dictionaries, decimals,
//! numbers and dates, periods as text, amounts with units, full-width
//! digits, fused builders, plans, total and blank rows, more notes than are
//! kept; as Arrow in several batches and as Parquet in several row groups.
#![cfg(feature = "parquet")]

use arrow_array::types::{Int8Type, UInt16Type};
use arrow_array::{
    ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Float64Array, Int32Array, Int64Array, LargeStringArray,
    RecordBatch, StringArray, StringViewArray, TimestampMillisecondArray,
};
use plansight_core::model::Finding;
use plansight_core::understand::columns::{self, ProjectTable};
use plansight_core::Mapping;
use std::sync::Arc;

/// A small deterministic generator (xorshift), so every run reads the same table.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, from: &[Option<&'a str>]) -> Option<&'a str> {
        from[(self.next() % from.len() as u64) as usize]
    }
}

const ROWS: usize = 4000;

/// Text cells as a spreadsheet exported them: numbers, amounts with units,
/// periods as text, categories filled down, totals and blank rows among them.
fn text_table() -> RecordBatch {
    let mut dice = Dice(20241207);
    let mut cols: [Vec<Option<String>>; 7] = Default::default();
    let kinds = [Some("交通"), Some("产业"), None, Some(""), Some("一、生态环保类（共5项）"), Some("（二）文旅")];
    let amounts = [
        Some("1200"),
        Some("3000万元"),
        Some("待定"),
        Some(""),
        None,
        Some("约20亿"),
        Some("1,234.5"),
        Some("二十"),
        Some("-"),
        Some("１．９５"),
        Some("65.8亿元"),
    ];
    let periods =
        [Some("2023-2025"), Some("2022—2026"), Some("2023年起"), Some("2024"), Some("待定"), None, Some("2026-2023")];
    let more_periods = [Some("２０２２－２０２６"), Some("2022.06-2026.12"), Some("2023–")];
    let builders = [Some("柯诸高速为绍兴市柯诸高速公路有限公司"), Some("市人民医院"), Some(""), None, Some("省专班")];
    let plans = [Some("甲规划"), Some(" 乙规划 "), None, Some("")];
    for i in 0..ROWS {
        let r = dice.next() % 100;
        let no = match r {
            0..=2 => None,
            3..=5 => Some(format!("{}、", i + 1)),
            6 => Some(format!("第{i}")),
            7 => Some(" １２ ".into()),
            _ => Some((i + 1).to_string()),
        };
        let name = match dice.next() % 50 {
            0 => None,
            1 => Some(format!(" Ｇ２３５改造{i} ")),
            2..=9 => Some(format!("柯诸高速{i}")),
            _ => Some(format!("某某工程{i}")),
        };
        let period = if dice.next().is_multiple_of(10) { dice.pick(&more_periods) } else { dice.pick(&periods) };
        let builder = match dice.next() % 8 {
            0..=2 => dice.pick(&builders).map(str::to_string),
            _ => Some(format!("某某建设集团{}", dice.next() % 30)),
        };
        let row = [
            no,
            dice.pick(&kinds).map(str::to_string),
            name,
            dice.pick(&amounts).map(str::to_string),
            period.map(str::to_string),
            builder,
            dice.pick(&plans).map(str::to_string),
        ];
        for (c, v) in cols.iter_mut().zip(row) {
            c.push(v);
        }
        if dice.next().is_multiple_of(100) {
            cols.iter_mut().for_each(|c| c.push(None)); // a blank row
        }
        if dice.next().is_multiple_of(150) {
            let total = [Some("合计"), None, None, Some("12345"), None, None, None];
            cols.iter_mut().zip(total).for_each(|(c, v)| c.push(v.map(str::to_string)));
        }
        if dice.next().is_multiple_of(200) {
            let total = [None, Some(" "), Some("小 计"), None, None, None, None];
            cols.iter_mut().zip(total).for_each(|(c, v)| c.push(v.map(str::to_string)));
        }
    }
    let text = |c: &Vec<Option<String>>| StringArray::from(c.clone());
    let kind: DictionaryArray<Int8Type> = cols[1].iter().map(|v| v.as_deref()).collect();
    let period: DictionaryArray<UInt16Type> = cols[4].iter().map(|v| v.as_deref()).collect();
    RecordBatch::try_from_iter([
        ("序号", Arc::new(text(&cols[0])) as ArrayRef),
        ("项目类别", Arc::new(kind) as ArrayRef),
        ("项目名称", Arc::new(text(&cols[2])) as ArrayRef),
        ("总投资（万元）", Arc::new(text(&cols[3])) as ArrayRef),
        ("建设起止年限", Arc::new(period) as ArrayRef),
        ("建设单位", Arc::new(LargeStringArray::from(cols[5].clone())) as ArrayRef),
        ("所属规划", Arc::new(text(&cols[6])) as ArrayRef),
    ])
    .unwrap()
}

/// Typed cells as pandas, polars or DuckDB hand them out: integers with
/// nulls, floats with NaN, decimals, dates, timestamps, string views.
fn typed_table() -> RecordBatch {
    let mut dice = Dice(7);
    let n = ROWS;
    let no: Int32Array = (0..n as i32).map(|i| (i % 17 != 0).then_some(i)).collect();
    let names: Vec<Option<String>> = (0..n).map(|i| (i % 41 != 0).then(|| format!("项目{i}"))).collect();
    let floats = [f64::NAN, 65.8, 0.1 + 0.2, 1e-7, 123456789.123, -2.5, 0.0];
    let yi: Float64Array =
        (0..n).map(|_| (!dice.next().is_multiple_of(9)).then(|| floats[(dice.next() % 7) as usize])).collect();
    let wan: Decimal128Array = (0..n)
        .map(|_| (!dice.next().is_multiple_of(10)).then(|| (dice.next() % 1_000_000_000) as i128 - 1000))
        .collect::<Decimal128Array>()
        .with_precision_and_scale(18, 2)
        .unwrap();
    let start: Date32Array =
        (0..n).map(|_| (!dice.next().is_multiple_of(7)).then(|| 19000 + (dice.next() % 2000) as i32)).collect();
    let end: TimestampMillisecondArray = (0..n)
        .map(|_| (!dice.next().is_multiple_of(7)).then(|| 1_700_000_000_000 + (dice.next() % 300_000_000_000) as i64))
        .collect();
    let kinds: DictionaryArray<Int8Type> =
        (0..n).map(|_| [Some("交通"), Some("民生"), None][(dice.next() % 3) as usize]).collect();
    RecordBatch::try_from_iter([
        ("序号", Arc::new(no) as ArrayRef),
        ("项目名称", Arc::new(StringViewArray::from(names)) as ArrayRef),
        ("项目类型", Arc::new(kinds) as ArrayRef),
        ("总投资（亿元）", Arc::new(yi) as ArrayRef),
        ("2024年计划投资（万元）", Arc::new(wan) as ArrayRef),
        ("开工时间", Arc::new(start) as ArrayRef),
        ("完工时间", Arc::new(end) as ArrayRef),
        ("项目业主", Arc::new(StringArray::from(vec![Some("市交通投资集团"); n])) as ArrayRef),
    ])
    .unwrap()
}

/// Annual plan columns and no total or period: the total is their sum, the
/// period the years with an amount.
fn annual_table() -> RecordBatch {
    let n = ROWS;
    let a: Int64Array = (0..n as i64).map(|i| (i % 3 != 0).then_some(i * 7)).collect();
    let b: Vec<Option<String>> = (0..n)
        .map(|i| [Some("12.5"), None, Some("待定"), Some(""), Some("3万元")][i % 5].map(str::to_string))
        .collect();
    RecordBatch::try_from_iter([
        ("项目名称", Arc::new(StringArray::from((0..n).map(|i| format!("工程{i}")).collect::<Vec<_>>())) as ArrayRef),
        ("2023年计划投资", Arc::new(a) as ArrayRef),
        ("2024年计划投资（万元）", Arc::new(StringArray::from(b)) as ArrayRef),
        ("责任单位", Arc::new(StringArray::from(vec![Some("某某局"); n])) as ArrayRef),
    ])
    .unwrap()
}

/// The batch as an Arrow file in uneven batches.
fn arrow_file(batch: &RecordBatch) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = arrow_ipc::writer::FileWriter::try_new(&mut out, &batch.schema()).unwrap();
    let mut at = 0;
    for size in [1, 999, 1500].into_iter().cycle() {
        let size = size.min(batch.num_rows() - at);
        writer.write(&batch.slice(at, size)).unwrap();
        at += size;
        if at == batch.num_rows() {
            break;
        }
    }
    writer.finish().unwrap();
    drop(writer);
    out
}

/// The batch as a Parquet file in row groups of 700 rows and small pages.
fn parquet_file(batch: &RecordBatch) -> Vec<u8> {
    use parquet::file::properties::WriterProperties;
    let props =
        WriterProperties::builder().set_max_row_group_row_count(Some(700)).set_data_page_size_limit(4096).build();
    let mut out = Vec::new();
    let mut writer = parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
    out
}

fn both_ways(bytes: &[u8], mapping: &Mapping) -> (ProjectTable, ProjectTable, usize) {
    let mut batches = 0;
    let table = plansight_core::read::table(bytes).unwrap();
    let by_column = columns::projects(table, mapping, &mut |_, _| batches += 1).unwrap().unwrap();
    let table = plansight_core::read::table(bytes).unwrap();
    let by_row = columns::projects_row_by_row(table, mapping).unwrap().unwrap();
    (by_column, by_row, batches)
}

#[test]
fn text_cells_read_by_column_as_row_by_row() {
    let batch = text_table();
    for (form, bytes) in [("arrow", arrow_file(&batch)), ("parquet", parquet_file(&batch))] {
        let (by_column, by_row, batches) = both_ways(&bytes, &Mapping::default());
        assert!(batches > 2, "{form}: several batches");
        assert!(by_column.buffers.len() > ROWS * 9 / 10, "{form}: {} rows", by_column.buffers.len());
        assert_eq!(by_column.notes.warnings.len(), columns::MAX_NOTES + 1, "{form}: notes capped, then counted");
        let findings = |f: fn(&Finding) -> bool| by_row.notes.warnings.iter().filter(|w| f(&w.finding)).count();
        assert!(findings(|f| matches!(f, Finding::TotalRow { .. })) > 0, "{form}: totals noted");
        assert!(findings(|f| matches!(f, Finding::FusedBuilder { .. })) > 0, "{form}: fused builders noted");
        assert!(findings(|f| matches!(f, Finding::MoreNotes { .. })) == 1, "{form}: more notes counted");
        assert!(by_column.buffers.plans.len() == 2, "{form}: plans named");
        assert_eq!(by_column, by_row, "{form}");
    }
    // The reader's own roles and unit.
    let mapping = Mapping::parse(&["总投资（万元）=investment:亿元".into(), "所属规划=ignore".into()]).unwrap();
    let (by_column, by_row, _) = both_ways(&arrow_file(&batch), &mapping);
    assert!(by_column.buffers.plans.is_empty());
    assert_eq!(by_column, by_row, "mapped");
}

#[test]
fn typed_cells_read_by_column_as_row_by_row() {
    for batch in [typed_table(), annual_table()] {
        for (form, bytes) in [("arrow", arrow_file(&batch)), ("parquet", parquet_file(&batch))] {
            let (by_column, by_row, _) = both_ways(&bytes, &Mapping::default());
            assert_eq!(by_column.buffers.len(), ROWS, "{form}");
            assert!(by_column.buffers.fen.iter().any(|&f| f != plansight_core::model::buffers::NONE_FEN), "{form}");
            assert!(by_column.buffers.start.iter().any(|&y| y != plansight_core::model::buffers::NONE_YEAR), "{form}");
            assert_eq!(by_column, by_row, "{form}");
        }
    }
}
