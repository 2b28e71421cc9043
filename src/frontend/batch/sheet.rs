//! Reading a sheet row by row: CSV (UTF-8 with or without BOM, or GB18030/GBK) or `.xlsx`
//! (see [`super::xlsx`]).

use super::{bounds, decode};
use crate::msg;
use crate::util::i18n::{Arg, Msg, MsgError};
use encoding_rs::{Encoding, GB18030, UTF_8};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// A problem reading the sheet itself (not one row's values).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SheetError {
    pub file: String,
    pub message: Msg,
    /// The spreadsheet row where reading stopped, when it is known: that row and the rest
    /// were not read.
    pub row: Option<usize>,
}

impl SheetError {
    /// A problem of `file`; its row is the one the message names, if any.
    pub fn new(file: &str, message: Msg) -> SheetError {
        let row = message.args.iter().find_map(|(name, value)| match value {
            Arg::Number(n) if *name == "row" => usize::try_from(*n).ok(),
            _ => None,
        });
        SheetError {
            file: file.to_string(),
            message,
            row,
        }
    }
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
    pub(super) rows: Box<dyn Iterator<Item = Result<Row, SheetError>>>,
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
    let err = |message: Msg| SheetError::new(&file, message);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let sheet = match ext.as_str() {
        "xlsx" | "xlsm" => super::xlsx::open(path, &file),
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
    let err = |message: Msg| SheetError::new(file, message);
    let open =
        || File::open(path).map_err(|e| err(msg!("sheet-cannot-open", detail = e.to_string())));
    let (encoding, mixed) = match forced {
        Some(e) => (e, false),
        // The whole file is read once to tell UTF-8 from GB18030: a GBK name on row
        // 100,000 must not be read as UTF-8 because the first rows were ASCII, and GBK
        // names that happen to be valid UTF-8 are read as the Chinese they are.
        None => match decode::guess(BufReader::new(open()?)) {
            Ok(g) if g.encoding == encoding_rs::UTF_8 => (CsvEncoding::Utf8, g.mixed),
            Ok(_) => (CsvEncoding::Gb18030, false),
            Err(e) => return Err(err(io_msg(&e))),
        },
    };
    // A byte-order mark (UTF-8 or UTF-16) overrides the encoding, as Excel does.
    let decoded = decode::StrictDecode::new(BufReader::new(open()?), encoding.encoding());
    let decoded = if mixed { decoded.replacing() } else { decoded };
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
                // In a UTF-8 file with a few rows that are not, those rows hold `�`.
                let refused = (mixed && cells.iter().any(|c| c.contains('\u{fffd}')))
                    .then(|| msg!("row-not-utf8", row = number));
                return Some(Ok(Row {
                    number,
                    cells,
                    refused,
                }));
            }
            Err(e) => {
                done = true;
                let message = match e.kind() {
                    csv::ErrorKind::Io(io) => io_msg(io),
                    _ => msg!("sheet-bad-row", row = last + 1, detail = e.to_string()),
                };
                return Some(Err(SheetError::new(&file_owned, message)));
            }
        }
    });
    Ok(Sheet {
        headers,
        rows: Box::new(rows),
        encoding: Some(encoding),
    })
}
