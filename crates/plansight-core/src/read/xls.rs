//! Reader: an Excel 97–2003 .xls (and a WPS .et, which is the same format)
//! → the [text form](super::textform), as [`super::xlsx`] writes an .xlsx:
//! every sheet, merged cells filled, numbers as Excel shows them, dates as
//! YYYY-MM-DD. The records are parsed by calamine, which is handed only what
//! this module checked and wrote itself:
//! - the workbook stream is read by [`super::compound`] (every count and chain
//!   held to the bytes) and put alone into a compound file of our own making,
//!   so calamine's own container reader never meets a damaged one;
//! - each sheet's extent is held to what the stream's records can hold
//!   (calamine sizes a sheet's grid from its first to its last cell).
//!
//! What calamine may still do on damaged records (panic on a record shorter
//! than it expects) is contained where the reader runs: the CLI's child
//! process, the page's reader worker.

use super::compound::{single_stream, Compound};
use super::textform::TextForm;
use super::xlsx::{excel_number, fill_merged, Merge};
use crate::model::{Fault, Form, PlanError, Unsupported};
use calamine::{Data, Reader, Xls, XlsError};

/// A sheet's cells past which a workbook is no plan (as for .xlsx).
const MAX_CELLS: usize = 2_000_000;

fn broken(fault: Fault) -> PlanError {
    PlanError::Broken { form: Some(Form::Xls), fault }
}

/// The workbook as the text form.
pub fn to_text(bytes: &[u8]) -> Result<String, PlanError> {
    read(&workbook(bytes)?)
}

/// The workbook stream (`Workbook`, or `Book` of Excel 5), checked.
pub fn workbook(bytes: &[u8]) -> Result<Vec<u8>, PlanError> {
    let file = Compound::open(bytes).map_err(|_| PlanError::Broken { form: None, fault: Fault::Container })?;
    let stream = |name: &str| file.stream(name).map_err(|_| broken(Fault::Stream));
    let stream = match stream("Workbook")? {
        Some(s) => s,
        None => stream("Book")?.ok_or(broken(Fault::Stream))?,
    };
    check_sheet_sizes(&stream)?;
    Ok(stream)
}

/// A checked workbook stream through calamine.
pub fn read(workbook: &[u8]) -> Result<String, PlanError> {
    let file = single_stream("Workbook", workbook);
    let records = |e: XlsError| match e {
        XlsError::Password => PlanError::Unsupported(Unsupported::Encrypted),
        _ => broken(Fault::Records),
    };
    let mut book: Xls<_> = Xls::new(std::io::Cursor::new(file)).map_err(records)?;
    let mut out = TextForm::default();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(records)?;
        let Some((top, left)) = range.start() else { continue };
        let (height, width) = (range.height(), range.width());
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(PlanError::TooLarge { bytes: height.saturating_mul(width), limit: MAX_CELLS });
        }
        let grid: Vec<Vec<String>> = (0..height)
            .map(|r| (0..width).map(|c| range.get((r, c)).map_or_else(String::new, text)).collect())
            .collect();
        // Merged ranges, relative to the sheet's first used cell.
        let merges: Vec<Merge> = book
            .merge_cells_by_sheet_name(&name)
            .map_err(records)?
            .iter()
            .filter_map(|m| {
                let at = |(r, c): (u32, u32)| Some((r.checked_sub(top)? as usize, c.checked_sub(left)? as usize));
                Some((at(m.start)?, at(m.end)?))
            })
            .collect();
        let rows = fill_merged(grid, &merges);
        if !rows.is_empty() {
            out.sheet(&name, &rows);
        }
    }
    if out.is_empty() {
        return Err(PlanError::Empty);
    }
    Ok(out.finish())
}

/// BIFF records: a type and a length (two bytes each), then the data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]);
        let len = u16::from_le_bytes([*rest.get(2)?, *rest.get(3)?]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]) as u32)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Refuses a sheet whose grid calamine would size past what the file could
/// describe: it makes one cell for every position between the first and last
/// cell records (and reserves what a DIMENSIONS record states), so one damaged
/// row or column number asks for a hundred gigabytes. A sheet may span
/// `MAX_CELLS`, and no more than 16 cells for each byte of the workbook (at
/// least 65,536): a plan's table is dense. Sheets are found as calamine finds
/// them: from the BoundSheet records of the globals, to their EOF, nested
/// substreams (charts) skipped.
fn check_sheet_sizes(workbook: &[u8]) -> Result<(), PlanError> {
    let limit = (workbook.len() as u64).saturating_mul(16).clamp(1 << 16, MAX_CELLS as u64);
    let too_big = || broken(Fault::SheetExtent);
    let sheets: Vec<usize> = records(workbook)
        .take_while(|&(typ, _)| typ != 0x000A)
        .filter(|&(typ, _)| typ == 0x0085)
        .filter_map(|(_, data)| u32_at(data, 0).map(|pos| pos as usize))
        .collect();
    for pos in sheets {
        let Some(sheet) = workbook.get(pos..) else { continue };
        let (mut depth, mut seen_bof) = (0usize, false);
        // The used range: first and last row, first and last column.
        let mut range: Option<(u32, u32, u32, u32)> = None;
        let mut cover = |row: u32, first: u32, last: u32| {
            let (r0, r1, c0, c1) = range.unwrap_or((row, row, first, last));
            range = Some((r0.min(row), r1.max(row), c0.min(first), c1.max(last)));
        };
        for (typ, data) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: rows first..last+1, columns first..last+1 (BIFF8: rows as u32).
                0x0200 => {
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
                        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
                        _ => continue,
                    };
                    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else { continue };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        let cells = u64::from(rl.checked_sub(rf).ok_or_else(too_big)?) * u64::from(cl - cf);
                        if cells > limit {
                            return Err(too_big());
                        }
                    }
                }
                // Cells: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA (row, column first).
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        cover(row, col, col);
                    }
                }
                // MULRK: a row, its first column, …, its last column.
                0x00BD => {
                    if let (Some(row), Some(first), Some(last)) =
                        (u16_at(data, 0), u16_at(data, 2), u16_at(data, data.len().saturating_sub(2)))
                    {
                        cover(row, first.min(last), first.max(last));
                    }
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = range {
            if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > limit {
                return Err(too_big());
            }
        }
    }
    Ok(())
}

/// The day `days` after 1970-01-01 as YYYY-MM-DD (H. Hinnant's
/// civil_from_days), for dates without a date crate; the CLI's report date too.
pub fn from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Excel's serial days end after 9999-12-31 (serial 2,958,465).
const EXCEL_DAYS: f64 = 2_958_466.0;

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Float(f) => excel_number(&f.to_string()),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date as Excel shows it: its serial day from 1899-12-30, up to 9999-12-31
        // (Excel's last day); past that, as the number it is.
        Data::DateTime(d) if (0.0..EXCEL_DAYS).contains(&d.as_f64()) => from_days(d.as_f64().floor() as i64 - 25_569),
        Data::DateTime(d) => excel_number(&d.as_f64().to_string()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn a_sheet_sized_by_one_damaged_cell_is_refused_before_calamine() {
        let text = to_text(&fixture("old_excel.xls")).unwrap();
        // The title row over the table is a paragraph above it.
        assert!(text.starts_with("重点项目\n附件1 2024年重点建设项目表\n\t序号"), "{text}");
        // A cell record's column damaged to 65,280: calamine would make a grid of 65,283 × 65,536 cells.
        let err = to_text(&fixture("hostile/xls-huge-allocation-0046.xls")).unwrap_err();
        assert_eq!(err, broken(Fault::SheetExtent));
    }

    /// A workbook stream shorter than 4096 bytes: calamine reads it from the
    /// mini stream of the compound file written for it.
    #[test]
    fn a_short_workbook_through_the_mini_stream() {
        let record = |typ: u16, data: &[u8]| {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let bof = |kind: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat());
        let name = "表";
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let globals_len = |sheet_at: u32| {
            let sheet = [&sheet_at.to_le_bytes()[..], &[0, 0, 1, 1], &units].concat();
            [bof(0x0005), record(0x0085, &sheet), record(0x000A, &[])].concat()
        };
        let at = globals_len(0).len() as u32;
        let number =
            [&0u16.to_le_bytes()[..], &0u16.to_le_bytes(), &0u16.to_le_bytes(), &740.55f64.to_le_bytes()].concat();
        let stream = [globals_len(at), bof(0x0010), record(0x0203, &number), record(0x000A, &[])].concat();
        assert!(stream.len() < 4096);
        // One cell is no table: its text.
        assert_eq!(read(&stream).unwrap(), "表\n740.55");
    }

    #[test]
    fn days_and_dates() {
        assert_eq!(from_days(0), "1970-01-01");
        assert_eq!(from_days(19_723), "2024-01-01");
        assert_eq!(from_days(-1), "1969-12-31");
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |serial| Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        assert_eq!(text(&date(45_292.0)), "2024-01-01");
        assert_eq!(text(&date(2_958_465.0)), "9999-12-31");
        // A damaged cell's serial (found by fuzzing: the day count overflowed).
        assert_eq!(text(&date(1e300)), excel_number(&1e300f64.to_string()));
        assert_eq!(text(&date(-5.0)), "-5");
    }
}
