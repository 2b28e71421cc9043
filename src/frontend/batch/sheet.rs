//! Reading a sheet row by row: CSV (UTF-8 with or without BOM, or GB18030/GBK) or `.xlsx`.

use super::{bounds, decode};
use crate::msg;
use crate::util::i18n::{Msg, MsgError};
use calamine::{open_workbook, DataRef, Reader, Xlsx};
use encoding_rs::{Encoding, GB18030, UTF_8};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::mpsc;

/// A problem reading the sheet itself (not one row's values).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SheetError {
    pub file: String,
    pub message: Msg,
}

/// What went wrong in a reader under the CSV parser: the catalogue's message when the
/// reader gave one (bad bytes, an unclosed quote, a row too long), else the system's words.
fn io_msg(e: &std::io::Error) -> Msg {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<MsgError>())
    {
        Some(MsgError(m)) => m.clone(),
        None => msg!("sheet-cannot-read", detail = e.to_string()),
    }
}

/// One data row: its number as a spreadsheet shows it (the header is row 1) and its cells.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
    /// Why the row cannot be used, found while reading it (cells right of the header,
    /// a cell longer than a spreadsheet allows).
    pub refused: Option<Msg>,
}

/// Text encodings of CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8,
    Gb18030,
}

impl CsvEncoding {
    /// Reads `utf-8`, `gbk`, `gb2312` or `gb18030` (GB18030 is a superset of the other two).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(CsvEncoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Some(CsvEncoding::Gb18030),
            _ => None,
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            CsvEncoding::Utf8 => UTF_8,
            CsvEncoding::Gb18030 => GB18030,
        }
    }
}

/// Rows of a sheet, read lazily.
pub struct Sheet {
    pub headers: Vec<String>,
    rows: Box<dyn Iterator<Item = Result<Row, SheetError>>>,
    /// The encoding a CSV file was read in (None for xlsx).
    pub encoding: Option<CsvEncoding>,
}

impl Iterator for Sheet {
    type Item = Result<Row, SheetError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

impl Sheet {
    /// The same sheet, ending early once `stop` is set (a batch nobody waits for any more).
    pub fn until(self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Sheet {
        Sheet {
            headers: self.headers,
            rows: Box::new(
                self.rows
                    .take_while(move |_| !stop.load(std::sync::atomic::Ordering::Relaxed)),
            ),
            encoding: self.encoding,
        }
    }
}

/// Opens a CSV or `.xlsx` file; CSV encoding is detected unless forced.
pub fn open(path: &Path, encoding: Option<CsvEncoding>) -> Result<Sheet, SheetError> {
    let file = path.display().to_string();
    let err = |message: Msg| SheetError {
        file: file.clone(),
        message,
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let sheet = match ext.as_str() {
        "xlsx" | "xlsm" => open_xlsx(path, &file),
        "xls" => Err(err(msg!("sheet-xls"))),
        _ => open_csv(path, &file, encoding),
    }?;
    // The template's note and example rows explain the sheet; they name nobody.
    Ok(Sheet {
        rows: Box::new(
            sheet
                .rows
                .filter(|r| !matches!(r, Ok(row) if super::template::is_note(&row.cells))),
        ),
        ..sheet
    })
}

fn open_csv(path: &Path, file: &str, forced: Option<CsvEncoding>) -> Result<Sheet, SheetError> {
    let err = |message: Msg| SheetError {
        file: file.to_string(),
        message,
    };
    let open =
        || File::open(path).map_err(|e| err(msg!("sheet-cannot-open", detail = e.to_string())));
    let encoding = match forced {
        Some(e) => e,
        // The whole file is read once to tell UTF-8 from GB18030: a GBK name on row
        // 100,000 must not be read as UTF-8 because the first rows were ASCII, and GBK
        // names that happen to be valid UTF-8 are read as the Chinese they are.
        None => match decode::guess(BufReader::new(open()?)) {
            Ok(e) if e == encoding_rs::UTF_8 => CsvEncoding::Utf8,
            Ok(_) => CsvEncoding::Gb18030,
            Err(e) => return Err(err(io_msg(&e))),
        },
    };
    // A byte-order mark (UTF-8 or UTF-16) overrides the encoding, as Excel does.
    let decoded = decode::StrictDecode::new(BufReader::new(open()?), encoding.encoding());
    let decoded = bounds::CsvBound::new(decoded);
    // Row numbers are the spreadsheet's: a line break inside a quoted cell does not
    // start a row, a blank line does.
    let row_ends = decoded.row_ends();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(decoded);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            err(match e.kind() {
                csv::ErrorKind::Io(io) => io_msg(io),
                _ => msg!("sheet-bad-header-row", detail = e.to_string()),
            })
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(err(msg!("sheet-no-header")));
    }
    let file_owned = file.to_string();
    let mut last = 1;
    let mut rec = csv::StringRecord::new();
    let mut done = false;
    let rows = std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        match reader.read_record(&mut rec) {
            Ok(false) => return None,
            Ok(true) => {
                // The reader now stands just past the record's line break: the record's row
                // is the one that break ends (blank lines before it are rows too).
                let end = reader.position().byte();
                let number = row_ends.row_at(end.saturating_sub(1));
                last = number;
                let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                return Some(Ok(Row {
                    number,
                    cells,
                    refused: None,
                }));
            }
            Err(e) => {
                done = true;
                let message = match e.kind() {
                    csv::ErrorKind::Io(io) => io_msg(io),
                    _ => msg!("sheet-bad-row", row = last + 1, detail = e.to_string()),
                };
                return Some(Err(SheetError {
                    file: file_owned.clone(),
                    message,
                }));
            }
        }
    });
    Ok(Sheet {
        headers,
        rows: Box::new(rows),
        encoding: Some(encoding),
    })
}

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

fn open_xlsx(path: &Path, file: &str) -> Result<Sheet, SheetError> {
    bounds::check_xlsx(path, &bounds::XlsxLimits::default()).map_err(|e| SheetError {
        file: file.to_string(),
        message: e.msg(),
    })?;
    // The cell reader borrows the workbook, so a thread owns both and hands rows over a
    // small bounded channel: the sheet streams like a CSV file.
    let (tx, rx) = mpsc::sync_channel::<Result<Row, SheetError>>(256);
    let path = path.to_path_buf();
    let file_owned = file.to_string();
    std::thread::spawn(move || {
        let err = |message: Msg| SheetError {
            file: file_owned.clone(),
            message,
        };
        let result = (|| -> Result<(), SheetError> {
            let mut book: Xlsx<_> = open_workbook(&path).map_err(|e: calamine::XlsxError| {
                err(msg!("sheet-not-xlsx", detail = e.to_string()))
            })?;
            let name = book
                .sheet_names()
                .first()
                .cloned()
                .ok_or_else(|| err(msg!("sheet-no-worksheet")))?;
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| {
                err(msg!(
                    "sheet-cannot-read-worksheet",
                    sheet = name.as_str(),
                    detail = e.to_string()
                ))
            })?;
            let mut current: Option<Row> = None;
            // Until the header row is read, any column up to Excel's last one.
            let mut width: Option<usize> = None;
            let mut last = 0usize;
            while let Some(cell) = cells.next_cell().map_err(|e| {
                err(msg!(
                    "sheet-cut-short",
                    sheet = name.as_str(),
                    row = last,
                    detail = e.to_string()
                ))
            })? {
                let (r, c) = cell.get_position();
                let number = r as usize + 1;
                let c = c as usize;
                if c >= bounds::MAX_COLUMNS {
                    return Err(err(msg!(
                        "sheet-column-beyond",
                        sheet = name.as_str(),
                        row = number,
                        column = c + 1,
                        max = bounds::MAX_COLUMNS
                    )));
                }
                if current.as_ref().is_some_and(|row| row.number != number) {
                    if let Some(row) = current.take() {
                        last = row.number;
                        if width.is_none() && !row.cells.iter().all(String::is_empty) {
                            width = Some(row.cells.len());
                        }
                        if tx.send(Ok(row)).is_err() {
                            return Ok(());
                        }
                    }
                }
                let row = current.get_or_insert_with(|| Row {
                    number,
                    cells: Vec::new(),
                    refused: None,
                });
                keep_cell(row, c, cell.get_value(), width);
            }
            if let Some(row) = current {
                let _ = tx.send(Ok(row));
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = tx.send(Err(e));
        }
    });
    let mut rows = rx
        .into_iter()
        .filter(|r| !matches!(r, Ok(row) if row.cells.iter().all(String::is_empty) && row.refused.is_none()));
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(e),
        None => {
            return Err(SheetError {
                file: file.to_string(),
                message: msg!("sheet-empty"),
            })
        }
    };
    let headers = header.cells.iter().map(|h| h.trim().to_string()).collect();
    Ok(Sheet {
        headers,
        rows: Box::new(rows),
        encoding: None,
    })
}
