//! Reading an `.xlsx` sheet row by row.
//!
//! The workbook is first held to the bounds of [`super::bounds`], and its worksheet's XML
//! walked strictly for the first damaged place ([`super::xlsx_scan`]). The cells are then
//! read in order and gathered into rows; a row is handed on once the next row starts. At
//! damage, or where the cell reader fails, the row that was whole before it is still
//! handed on, and reading stops at the damaged row, named by its number.

use super::sheet::{Row, Sheet, SheetError};
use super::{bounds, xlsx_scan};
use crate::msg;
use crate::util::i18n::Msg;
use calamine::{open_workbook, DataRef, Reader, Xlsx};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;

/// A number Excel stored with more than 15 significant digits: the digits past the 15th
/// are already lost (an ID number typed into a cell not formatted as text).
fn lost_digits(d: &DataRef<'_>) -> bool {
    matches!(d, DataRef::Float(f) if f.abs() >= 1e15)
}

/// A cell as text: whole numbers without `.0`, dates as YYYY-MM-DD.
fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_string()
        }
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.date().format("%Y-%m-%d").to_string(),
            None => dt.as_f64().to_string(),
        },
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// One cell into its row: its text, or the reason the row is refused (a number Excel cut
/// to 15 digits, an overlong cell, a cell right of the header).
fn keep_cell(row: &mut Row, c: usize, value: &DataRef<'_>, width: Option<usize>) {
    let text = cell_text(value);
    if lost_digits(value) {
        row.refused.get_or_insert_with(|| {
            msg!(
                "row-long-number",
                column = super::names::column_letter(c),
                value = text.as_str()
            )
        });
    }
    if text.chars().count() > bounds::MAX_CELL_CHARS {
        row.refused.get_or_insert_with(|| {
            msg!(
                "row-cell-too-long",
                column = c + 1,
                max = bounds::MAX_CELL_CHARS
            )
        });
        return;
    }
    if width.is_some_and(|w| c >= w) {
        // Right of the header: nothing to keep, but the row is refused.
        if !text.is_empty() {
            row.refused.get_or_insert_with(|| msg!("row-stray-cells"));
        }
        return;
    }
    if row.cells.len() <= c {
        row.cells.resize(c + 1, String::new());
    }
    row.cells[c] = text;
}

/// Rows gathered from cells and handed to the sheet's reader.
struct Rows {
    tx: mpsc::SyncSender<Result<Row, SheetError>>,
    file: String,
    current: Option<Row>,
    /// Until the header row is read, any column up to Excel's last one.
    width: Option<usize>,
}

impl Rows {
    /// Cell `c` of row `number`; false once nobody reads the rows any more.
    fn cell(&mut self, number: usize, c: usize, value: &DataRef<'_>) -> bool {
        if self
            .current
            .as_ref()
            .is_some_and(|row| row.number != number)
        {
            if let Some(row) = self.current.take() {
                if self.width.is_none() && !row.cells.iter().all(String::is_empty) {
                    self.width = Some(row.cells.len());
                }
                if self.tx.send(Ok(row)).is_err() {
                    return false;
                }
            }
        }
        let row = self.current.get_or_insert_with(|| Row {
            number,
            cells: Vec::new(),
            refused: None,
        });
        keep_cell(row, c, value, self.width);
        true
    }

    /// The sheet read to its end: the last row goes on.
    fn end(self) {
        if let Some(row) = self.current {
            let _ = self.tx.send(Ok(row));
        }
    }

    /// Reading stopped: the row being gathered goes on when it lies before the row where
    /// reading stopped (it was whole), then the reason.
    fn stop(self, e: SheetError) {
        if let (Some(row), Some(at)) = (self.current, e.row) {
            if row.number < at && self.tx.send(Ok(row)).is_err() {
                return;
            }
        }
        let _ = self.tx.send(Err(e));
    }
}

/// Opens an `.xlsx` file once it is within bounds; its rows are read on a thread of
/// their own.
pub(super) fn open(path: &Path, file: &str) -> Result<Sheet, SheetError> {
    bounds::check_xlsx(path, &bounds::XlsxLimits::default())
        .map_err(|e| SheetError::new(file, e.msg()))?;
    // The cell reader borrows the workbook, so a thread owns both and hands rows over a
    // small bounded channel: the sheet streams like a CSV file.
    let (tx, rx) = mpsc::sync_channel::<Result<Row, SheetError>>(256);
    let path = path.to_path_buf();
    let mut rows = Rows {
        tx,
        file: file.to_string(),
        current: None,
        width: None,
    };
    std::thread::spawn(move || match read(&path, &mut rows) {
        Ok(()) => rows.end(),
        Err(e) => rows.stop(e),
    });
    let mut rows = rx
        .into_iter()
        .filter(|r| !matches!(r, Ok(row) if row.cells.iter().all(String::is_empty) && row.refused.is_none()));
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(e),
        None => return Err(SheetError::new(file, msg!("sheet-empty"))),
    };
    let headers = header.cells.iter().map(|h| h.trim().to_string()).collect();
    Ok(Sheet {
        headers,
        rows: Box::new(rows),
        encoding: None,
    })
}

/// Reads the first worksheet's cells into `rows`, up to its first damaged place.
fn read(path: &Path, rows: &mut Rows) -> Result<(), SheetError> {
    let file = rows.file.clone();
    let err = |message: Msg| SheetError::new(&file, message);
    let mut book: Xlsx<_> = open_workbook(path)
        .map_err(|e: calamine::XlsxError| err(msg!("sheet-not-xlsx", detail = e.to_string())))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| err(msg!("sheet-no-worksheet")))?;
    let damage = xlsx_scan::first_damage(path, &name);
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| {
        err(msg!(
            "sheet-cannot-read-worksheet",
            sheet = name.as_str(),
            detail = e.to_string()
        ))
    })?;
    let stop = |row: usize, detail: Msg| {
        let message = msg!(
            "sheet-damaged-at",
            sheet = name.as_str(),
            row = row,
            detail = detail
        );
        SheetError::new(&file, message)
    };
    let mut read = 0u64;
    while damage.as_ref().is_none_or(|d| d.cells > read) {
        // The reader may fail, or even panic, where the walk found nothing: the row of the
        // cell it failed at is found by walking to it.
        let cell = match catch_unwind(AssertUnwindSafe(|| cells.next_cell())) {
            Ok(Ok(Some(cell))) => cell,
            Ok(Ok(None)) => break,
            failed => {
                let detail = match failed {
                    Ok(Err(e)) => e.to_string(),
                    _ => "the cell reader failed".to_string(),
                };
                let at = xlsx_scan::row_of_cell(path, &name, read)
                    .or_else(|| rows.current.as_ref().map(|r| r.number))
                    .unwrap_or(1);
                return Err(stop(at, msg!("xlsx-bad-xml", detail = detail)));
            }
        };
        read += 1;
        let (r, c) = cell.get_position();
        let (number, c) = (r as usize + 1, c as usize);
        if c >= bounds::MAX_COLUMNS {
            let beyond = msg!(
                "xlsx-column-beyond",
                column = c + 1,
                max = bounds::MAX_COLUMNS
            );
            return Err(stop(number, beyond));
        }
        if !rows.cell(number, c, cell.get_value()) {
            return Ok(());
        }
    }
    match damage {
        Some(d) => Err(stop(d.row, d.message)),
        None => Ok(()),
    }
}
