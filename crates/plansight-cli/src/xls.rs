//! Old binary Excel (.xls, BIFF8) through calamine, into the core's text form,
//! as the core reads .xlsx: every sheet, merged cells filled, numbers as Excel
//! shows them. The CLI only: in the page, calamine and its code pages would
//! outweigh every other reader, so the page advises saving as .xlsx.

use calamine::{Data, Reader, Xls};
use plansight_core::read::textform::TextForm;
use plansight_core::read::xlsx::{excel_number, fill_merged, Merge};

/// A sheet's cells past which a workbook is no plan (as for .xlsx).
const MAX_CELLS: usize = 2_000_000;

pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    check(bytes)?;
    read(bytes)
}

/// What is checked before calamine sees the bytes: the compound file held to
/// the bytes it has (calamine trusts its counts and chains), and each sheet to
/// a size a plan can have (calamine sizes its grid from the cells' positions).
pub fn check(bytes: &[u8]) -> Result<(), String> {
    match crate::compound::check(bytes)? {
        Some(workbook) => check_sheet_sizes(&workbook),
        None => Ok(()),
    }
}

/// The workbook through calamine, once `check` has passed.
pub fn read(bytes: &[u8]) -> Result<String, String> {
    let damaged = |e: &dyn std::fmt::Display| format!("the .xls file cannot be read: {e}");
    let mut book: Xls<_> = Xls::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let mut out = TextForm::default();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| damaged(&e))?;
        let Some((top, left)) = range.start() else { continue };
        let (height, width) = (range.height(), range.width());
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(format!("sheet “{name}” has over {MAX_CELLS} cells: no plan is that large"));
        }
        let grid: Vec<Vec<String>> = (0..height)
            .map(|r| (0..width).map(|c| range.get((r, c)).map_or_else(String::new, text)).collect())
            .collect();
        // Merged ranges, relative to the sheet's first used cell.
        let merges: Vec<Merge> = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged(&e))?
            .iter()
            .filter_map(|m| {
                let at = |(r, c): (u32, u32)| Some((r.checked_sub(top)? as usize, c.checked_sub(left)? as usize));
                Some((at(m.start)?, at(m.end)?))
            })
            .collect();
        let rows = fill_merged(grid, &merges);
        if !rows.is_empty() {
            out.paragraph(&name);
            out.table(&rows);
        }
    }
    if out.is_empty() {
        return Err("the .xls file holds no cells".into());
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
fn check_sheet_sizes(workbook: &[u8]) -> Result<(), String> {
    let limit = (workbook.len() as u64).saturating_mul(16).clamp(1 << 16, MAX_CELLS as u64);
    let too_big = || {
        format!("the .xls file is damaged (a sheet spans over {limit} cells, more than its records hold): open it in Excel or WPS, save it again and retry")
    };
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
        Data::DateTime(d) if (0.0..EXCEL_DAYS).contains(&d.as_f64()) => {
            crate::dates::from_days(d.as_f64().floor() as i64 - 25_569)
        }
        Data::DateTime(d) => excel_number(&d.as_f64().to_string()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn a_sheet_sized_by_one_damaged_cell_is_refused_before_calamine() {
        assert!(super::to_text(&fixture("old_excel.xls")).is_ok());
        // A cell record's column damaged to 65,280: calamine would make a grid of 65,283 × 65,536 cells.
        let err = super::to_text(&fixture("hostile/xls-huge-allocation-0046.xls")).unwrap_err();
        assert!(err.contains("spans over"), "{err}");
    }

    #[test]
    fn a_date_past_excels_calendar_is_its_number() {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
        let date = |serial| Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        assert_eq!(super::text(&date(45_292.0)), "2024-01-01");
        assert_eq!(super::text(&date(2_958_465.0)), "9999-12-31");
        // A damaged cell's serial (found by fuzzing: the day count overflowed).
        assert_eq!(super::text(&date(1e300)), super::excel_number(&1e300f64.to_string()));
        assert_eq!(super::text(&date(-5.0)), "-5");
    }
}
