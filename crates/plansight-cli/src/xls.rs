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
    // Held to the bytes it has before calamine trusts its counts and chains.
    crate::compound::check(bytes)?;
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

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Float(f) => excel_number(&f.to_string()),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date as Excel shows it: its serial day from 1899-12-30.
        Data::DateTime(d) => crate::dates::from_days(d.as_f64().floor() as i64 - 25_569),
        Data::Error(_) | Data::Empty => String::new(),
    }
}
