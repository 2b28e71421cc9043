//! Bounds on what a sheet may make doclist hold in memory, checked before any row is used.
//!
//! An `.xlsx` workbook is a zip of XML files. A small one can inflate to gigabytes, name a
//! cell in column `ZZZZZZ`, or hold one cell of a gigabyte; the spreadsheet reader keeps
//! the shared strings and each cell's text in memory. So before the workbook is opened
//! every entry is inflated once, into nothing, and counted: the total, the shared strings
//! and the longest stretch of XML without a `<` (which bounds any one cell or string the
//! reader can build) have limits. A checksum or inflate error found there means the file
//! is damaged, and it is refused before any row is rendered.

use crate::msg;
use crate::util::i18n::{Msg, MsgError};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Excel's own limits: columns per sheet, and characters in a cell.
pub const MAX_COLUMNS: usize = 16_384;
pub const MAX_CELL_CHARS: usize = 32_767;

/// The limits an `.xlsx` file is checked against.
#[derive(Debug, Clone, Copy)]
pub struct XlsxLimits {
    /// Bytes of the file itself.
    pub file: u64,
    /// Entries in the zip.
    pub entries: usize,
    /// Bytes of all entries inflated.
    pub inflated: u64,
    /// Bytes of `xl/sharedStrings.xml` inflated (the reader keeps them all).
    pub shared_strings: u64,
    /// Bytes of XML between two `<`: the most any one text or tag can hold.
    pub xml_run: u64,
}

impl Default for XlsxLimits {
    fn default() -> Self {
        XlsxLimits {
            file: 256 << 20,
            entries: 10_000,
            inflated: 1 << 30,
            shared_strings: 64 << 20,
            // A cell of 32,767 characters, each escaped as `&#x10FFFF;`, still fits.
            xml_run: 512 << 10,
        }
    }
}

/// Why a workbook was refused.
#[derive(Debug, thiserror::Error)]
pub enum XlsxRefused {
    #[error("cannot open: {0}")]
    Open(io::Error),
    #[error("the file is {size} bytes; a sheet of at most {max} bytes is read")]
    FileTooLarge { size: u64, max: u64 },
    #[error("not a readable .xlsx workbook (damaged or cut short?): {0}")]
    NotZip(String),
    #[error("the workbook has {count} parts; at most {max} are read")]
    TooManyEntries { count: usize, max: usize },
    #[error("the workbook is damaged (part `{entry}`: {message}); save it again from Excel")]
    Damaged { entry: String, message: String },
    #[error(
        "the workbook unpacks to more than {max} bytes (part `{entry}`); split the sheet or save it as CSV"
    )]
    TooMuchData { entry: String, max: u64 },
    #[error(
        "the shared strings (`xl/sharedStrings.xml`) unpack to more than {max} bytes; split the sheet or save it as CSV"
    )]
    TooManyStrings { max: u64 },
    #[error(
        "part `{entry}` holds a text or tag of more than {max} bytes; a cell holds at most {MAX_CELL_CHARS} characters"
    )]
    HugeText { entry: String, max: u64 },
}

impl XlsxRefused {
    /// A stable name for the kind of refusal.
    pub fn code(&self) -> &'static str {
        match self {
            XlsxRefused::Open(_) => "xlsx-open",
            XlsxRefused::FileTooLarge { .. } => "xlsx-file-too-large",
            XlsxRefused::NotZip(_) => "xlsx-not-zip",
            XlsxRefused::TooManyEntries { .. } => "xlsx-too-many-parts",
            XlsxRefused::Damaged { .. } => "xlsx-damaged",
            XlsxRefused::TooMuchData { .. } => "xlsx-too-large-inflated",
            XlsxRefused::TooManyStrings { .. } => "xlsx-too-many-strings",
            XlsxRefused::HugeText { .. } => "xlsx-huge-text",
        }
    }

    /// The refusal as a message of the catalogue (its id is [`XlsxRefused::code`]).
    pub fn msg(&self) -> Msg {
        match self {
            XlsxRefused::Open(e) => msg!("xlsx-open", detail = e.to_string()),
            XlsxRefused::FileTooLarge { size, max } => {
                msg!(
                    "xlsx-file-too-large",
                    size = *size as i64,
                    max = *max as i64
                )
            }
            XlsxRefused::NotZip(d) => msg!("xlsx-not-zip", detail = d.as_str()),
            XlsxRefused::TooManyEntries { count, max } => {
                msg!("xlsx-too-many-parts", count = *count, max = *max)
            }
            XlsxRefused::Damaged { entry, message } => {
                msg!(
                    "xlsx-damaged",
                    entry = entry.as_str(),
                    detail = message.as_str()
                )
            }
            XlsxRefused::TooMuchData { entry, max } => {
                msg!(
                    "xlsx-too-large-inflated",
                    entry = entry.as_str(),
                    max = *max as i64
                )
            }
            XlsxRefused::TooManyStrings { max } => msg!("xlsx-too-many-strings", max = *max as i64),
            XlsxRefused::HugeText { entry, max } => msg!(
                "xlsx-huge-text",
                entry = entry.as_str(),
                max = *max as i64,
                cell = MAX_CELL_CHARS
            ),
        }
    }
}

/// Inflates every entry of the workbook at `path` once, checking `limits`.
pub fn check_xlsx(path: &Path, limits: &XlsxLimits) -> Result<(), XlsxRefused> {
    let file = File::open(path).map_err(XlsxRefused::Open)?;
    let size = file.metadata().map_err(XlsxRefused::Open)?.len();
    if size > limits.file {
        return Err(XlsxRefused::FileTooLarge {
            size,
            max: limits.file,
        });
    }
    let mut zip = zip::ZipArchive::new(file).map_err(|e| XlsxRefused::NotZip(e.to_string()))?;
    if zip.len() > limits.entries {
        return Err(XlsxRefused::TooManyEntries {
            count: zip.len(),
            max: limits.entries,
        });
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| XlsxRefused::Damaged {
            entry: format!("#{i}"),
            message: e.to_string(),
        })?;
        let name = entry.name_raw().to_vec();
        let name = String::from_utf8_lossy(&name).into_owned();
        let lower = name.to_ascii_lowercase();
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        let shared = lower == "xl/sharedstrings.xml";
        let mut this = 0u64;
        let mut run = 0u64;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(XlsxRefused::Damaged {
                        entry: name,
                        message: e.to_string(),
                    })
                }
            };
            this += n as u64;
            total += n as u64;
            if total > limits.inflated {
                return Err(XlsxRefused::TooMuchData {
                    entry: name,
                    max: limits.inflated,
                });
            }
            if shared && this > limits.shared_strings {
                return Err(XlsxRefused::TooManyStrings {
                    max: limits.shared_strings,
                });
            }
            if xml {
                for chunk in buf[..n].split_inclusive(|b| *b == b'<') {
                    run += chunk.len() as u64;
                    if run > limits.xml_run {
                        return Err(XlsxRefused::HugeText {
                            entry: name,
                            max: limits.xml_run,
                        });
                    }
                    if chunk.last() == Some(&b'<') {
                        run = 0;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The most bytes one CSV record may hold.
pub const MAX_CSV_RECORD: u64 = 1 << 20;

/// Text read from a CSV file, refused when one record grows past [`MAX_CSV_RECORD`] bytes
/// or a quote is still open at the end of the file. Records end at a line break outside
/// quotes, as the CSV reader sees them (with `"` as the quote).
pub struct CsvBound<R> {
    inner: R,
    in_quotes: bool,
    record: u64,
    max: u64,
    /// Line breaks outside quotes so far: the spreadsheet row being read is this plus one.
    rows: usize,
    /// The row where the open quote started.
    quote_row: usize,
    /// Bytes passed so far.
    offset: u64,
    /// Where rows end (line breaks outside quotes) that the reader has not reached yet.
    ends: RowEnds,
}

/// Byte offsets of the line breaks that end rows, shared with the reader of records: a
/// record starting at byte `b` is on the row after every end before `b`. Blank lines are
/// rows too, as in a spreadsheet.
#[derive(Clone, Default)]
pub struct RowEnds {
    ends: Arc<Mutex<VecDeque<u64>>>,
    passed: Arc<Mutex<usize>>,
}

impl RowEnds {
    /// The spreadsheet row (1-based) of the record starting at byte `start`.
    pub fn row_at(&self, start: u64) -> usize {
        let mut ends = self.ends.lock().expect("row ends lock");
        let mut passed = self.passed.lock().expect("row ends lock");
        while ends.front().is_some_and(|&e| e < start) {
            ends.pop_front();
            *passed += 1;
        }
        *passed + 1
    }

    fn push(&self, at: u64) {
        self.ends.lock().expect("row ends lock").push_back(at);
    }
}

impl<R: Read> CsvBound<R> {
    pub fn new(inner: R) -> Self {
        CsvBound::with_max(inner, MAX_CSV_RECORD)
    }

    pub fn with_max(inner: R, max: u64) -> Self {
        CsvBound {
            inner,
            in_quotes: false,
            record: 0,
            max,
            rows: 0,
            quote_row: 0,
            offset: 0,
            ends: RowEnds::default(),
        }
    }

    /// Where rows end, for numbering records as a spreadsheet does.
    pub fn row_ends(&self) -> RowEnds {
        self.ends.clone()
    }
}

impl<R: Read> Read for CsvBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.in_quotes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                MsgError(msg!("csv-unclosed-quote", row = self.quote_row + 1)),
            ));
        }
        for &b in &buf[..n] {
            self.offset += 1;
            match b {
                b'"' => {
                    if !self.in_quotes {
                        self.quote_row = self.rows;
                    }
                    self.in_quotes = !self.in_quotes;
                }
                b'\n' if !self.in_quotes => {
                    self.rows += 1;
                    self.record = 0;
                    self.ends.push(self.offset - 1);
                    continue;
                }
                b'\r' if !self.in_quotes => {
                    self.record = 0;
                    continue;
                }
                _ => {}
            }
            self.record += 1;
            if self.record > self.max {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    MsgError(msg!(
                        "csv-row-too-long",
                        row = self.rows + 1,
                        max = self.max as i64
                    )),
                ));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, max: u64) -> io::Result<String> {
        let mut s = String::new();
        CsvBound::with_max(text.as_bytes(), max).read_to_string(&mut s)?;
        Ok(s)
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
        use std::io::Write;
        let f = tempfile::NamedTempFile::new().unwrap();
        let mut zip = zip::ZipWriter::new(f.reopen().unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        f
    }

    #[test]
    fn workbook_limits_hold_whatever_the_parts_claim() {
        let small = XlsxLimits {
            file: 1 << 20,
            entries: 3,
            inflated: 100_000,
            shared_strings: 10_000,
            xml_run: 1_000,
        };
        let spaces = vec![b' '; 60_000];
        let ok = zip_of(&[("a.xml", &spaces[..900]), ("b.bin", &spaces)]);
        check_xlsx(ok.path(), &small).unwrap();
        // Whitespace in XML counts as one run until the next `<`.
        let run = zip_of(&[("a.xml", &spaces[..1_001])]);
        let e = check_xlsx(run.path(), &small).unwrap_err();
        assert_eq!(e.code(), "xlsx-huge-text", "{e}");
        let many: Vec<u8> = b"<t>x</t>".repeat(2_000);
        let shared = zip_of(&[("xl/sharedStrings.xml", &many)]);
        let e = check_xlsx(shared.path(), &small).unwrap_err();
        assert_eq!(e.code(), "xlsx-too-many-strings", "{e}");
        let total = zip_of(&[("a.bin", &spaces), ("b.bin", &spaces)]);
        let e = check_xlsx(total.path(), &small).unwrap_err();
        assert_eq!(e.code(), "xlsx-too-large-inflated", "{e}");
        let parts = zip_of(&[("a", b""), ("b", b""), ("c", b""), ("d", b"")]);
        let e = check_xlsx(parts.path(), &small).unwrap_err();
        assert_eq!(e.code(), "xlsx-too-many-parts", "{e}");
        let big = XlsxLimits { file: 10, ..small };
        let e = check_xlsx(ok.path(), &big).unwrap_err();
        assert_eq!(e.code(), "xlsx-file-too-large", "{e}");
    }

    #[test]
    fn csv_records_are_bounded_and_quotes_must_close() {
        assert!(read_all("a,b\n\"x\ny\",2\n", 8).is_ok());
        let e = read_all("a,b\n1234567890\n", 8).unwrap_err();
        assert!(e.to_string().contains("row 2"), "{e}");
        // A long record made of quoted line breaks is still one record.
        let e = read_all("a\n\"\n\n\n\n\n\n\n\n\n\"\n", 8).unwrap_err();
        assert!(e.to_string().contains("row 2"), "{e}");
        let e = read_all("a,b\n1,2\n3,\"open\n4,5\n", 100).unwrap_err();
        assert!(e.to_string().contains("row 3"), "{e}");
    }
}
