//! A worksheet's XML read strictly, before its cells are: where it is first damaged.
//!
//! The spreadsheet reader forgives a tag closed by another name (`<t>x</x>`) and then
//! reads the next cell's text into this one; it stops at broken XML without saying in
//! which row. So the sheet's XML is walked once with every check on — each tag closed by
//! its own name, known entities only, cell positions that are positions, a cell holding
//! only a value, a formula or a text, no row or column past Excel's last — and the first
//! place that fails is found: its row, and how many cells came whole before it. The
//! rows before it are read; it and the rest are not.

use super::bounds::MAX_COLUMNS;
use crate::msg;
use crate::util::i18n::Msg;
use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

/// Excel's last row.
pub const MAX_ROWS: u64 = 1_048_576;

/// The first damaged place of a worksheet.
#[derive(Debug, Clone)]
pub struct Damage {
    /// The spreadsheet row it is in (the header is row 1).
    pub row: usize,
    /// The cells read whole before it.
    pub cells: u64,
    /// What is wrong there.
    pub message: Msg,
}

/// Where the worksheet `sheet` of the workbook at `path` is first damaged; None when it
/// is whole, or when its part cannot be found (the reader then says what it finds).
pub fn first_damage(path: &Path, sheet: &str) -> Option<Damage> {
    with_sheet(path, sheet, |xml, strings| walk(xml, strings, None).err())?
}

/// The row of the cell that follows the first `cells` cells of the worksheet: where a
/// reader that failed after reading them stopped.
pub fn row_of_cell(path: &Path, sheet: &str, cells: u64) -> Option<usize> {
    with_sheet(path, sheet, |xml, strings| {
        match walk(xml, strings, Some(cells)) {
            Ok(row) => row,
            Err(d) => Some(d.row),
        }
    })?
}

/// `f` on the XML of the worksheet named `sheet` and the number of the workbook's
/// shared strings.
fn with_sheet<T>(
    path: &Path,
    sheet: &str,
    f: impl FnOnce(&mut dyn BufRead, u64) -> T,
) -> Option<T> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let part = sheet_part(&mut zip, sheet)?;
    let mut strings = 0u64;
    // A workbook without shared strings has none a cell may point to.
    each_start(&mut zip, "xl/sharedStrings.xml", b"si", |_, _| strings += 1);
    let entry = zip.by_name(&part).ok()?;
    let found = f(&mut BufReader::new(entry), strings);
    Some(found)
}

/// The zip path of the worksheet named `sheet`, as the workbook and its relationships
/// give it (`xl/worksheets/sheet1.xml`).
fn sheet_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, sheet: &str) -> Option<String> {
    let mut targets = HashMap::new();
    each_start(
        zip,
        "xl/_rels/workbook.xml.rels",
        b"Relationship",
        |e, d| {
            if let (Some(id), Some(target)) = (attr(e, d, b"Id"), attr(e, d, b"Target")) {
                targets.insert(id, target);
            }
        },
    )?;
    let mut found = None;
    each_start(zip, "xl/workbook.xml", b"sheet", |e, d| {
        if found.is_none() && attr(e, d, b"name").as_deref() == Some(sheet) {
            found = attr(e, d, b"r:id").or_else(|| attr(e, d, b"relationships:id"));
        }
    })?;
    let target = targets.remove(&found?)?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if target.starts_with("xl/") => target,
        None => format!("xl/{target}"),
    })
}

/// Calls `f` on every element named `name` of the zip's part `part`.
fn each_start<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    name: &[u8],
    mut f: impl FnMut(&BytesStart, Decoder),
) -> Option<()> {
    let mut xml = Reader::from_reader(BufReader::new(zip.by_name(part).ok()?));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == name => {
                f(&e, xml.decoder())
            }
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// An attribute's value, unescaped.
fn attr(e: &BytesStart, decoder: Decoder, key: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    let value = a.decode_and_unescape_value(decoder).ok()?;
    Some(value.into_owned())
}

/// Where a walk stands: the row being read and the cells read whole.
struct Place {
    row: u64,
    cells: u64,
    in_data: bool,
    /// Inside a cell: the cell's row, and how deep below it.
    cell: Option<(u64, usize)>,
    /// The cell being read holds the number of a shared string.
    shared: bool,
}

impl Place {
    fn damage(&self, message: Msg) -> Damage {
        let row = self.cell.map_or(self.row, |(row, _)| row);
        Damage {
            row: usize::try_from(row).unwrap_or(usize::MAX),
            cells: self.cells,
            message,
        }
    }
}

/// Walks the worksheet's XML to the end of its cells, to its first damage, or (with
/// `target`) to the cell after the first `target` ones, whose row it gives. `strings`
/// is the number of shared strings a cell may point to.
fn walk(xml: &mut dyn BufRead, strings: u64, target: Option<u64>) -> Result<Option<usize>, Damage> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut at = Place {
        row: 1,
        cells: 0,
        in_data: false,
        cell: None,
        shared: false,
    };
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| at.damage(xml_error(&e)))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"sheetData" => at.in_data = true,
            Event::End(e) if e.local_name().as_ref() == b"sheetData" => return Ok(None),
            Event::Eof => return Err(at.damage(msg!("xlsx-cut-short"))),
            _ if !at.in_data => {}
            Event::Start(e) => {
                if let Some(row) = start(&mut at, &e).map_err(|m| at.damage(m))? {
                    if target == Some(at.cells) {
                        return Ok(usize::try_from(row).ok());
                    }
                }
            }
            Event::End(e) => match (&mut at.cell, e.local_name().as_ref()) {
                (Some((_, 0)), _) => {
                    at.cell = None;
                    at.cells += 1;
                }
                (Some((_, depth)), _) => *depth -= 1,
                (None, b"row") => at.row += 1,
                (None, _) => {}
            },
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| at.damage(xml_error(&e)))?;
                if at.shared && matches!(at.cell, Some((_, 1))) {
                    shared_string(&text, strings).map_err(|m| at.damage(m))?;
                }
            }
            _ => {}
        }
    }
}

/// An element starts inside the sheet's data: a row, a cell (whose row is returned), or
/// a part of a cell.
fn start(at: &mut Place, e: &BytesStart) -> Result<Option<u64>, Msg> {
    if let Some((_, depth)) = &mut at.cell {
        let name = e.local_name();
        if *depth == 0 && !matches!(name.as_ref(), b"v" | b"f" | b"is") {
            let name = String::from_utf8_lossy(name.as_ref()).into_owned();
            return Err(msg!("xlsx-bad-cell-part", name = name));
        }
        *depth += 1;
        return Ok(None);
    }
    let value = |key: &[u8]| -> Result<Option<String>, Msg> {
        match e.try_get_attribute(key) {
            Ok(a) => Ok(a.map(|a| String::from_utf8_lossy(&a.value).into_owned())),
            Err(err) => Err(msg!("xlsx-bad-xml", detail = err.to_string())),
        }
    };
    match e.local_name().as_ref() {
        b"row" => {
            if let Some(r) = value(b"r")? {
                at.row = r
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| msg!("xlsx-bad-row-number", value = r.as_str()))?;
            }
            beyond(at.row, 0)?;
            Ok(None)
        }
        b"c" => {
            let (row, column) = match value(b"r")? {
                Some(r) => {
                    cell_ref(&r).ok_or_else(|| msg!("xlsx-bad-cell-ref", value = r.as_str()))?
                }
                None => (at.row, 0),
            };
            at.cell = Some((row, 0));
            at.shared = value(b"t")?.as_deref() == Some("s");
            beyond(row, column)?;
            Ok(Some(row))
        }
        _ => Ok(None),
    }
}

/// A shared-string cell's value: the number of one of the workbook's `strings`.
fn shared_string(value: &str, strings: u64) -> Result<(), Msg> {
    match value.trim().parse::<u64>() {
        Ok(n) if n < strings => Ok(()),
        _ => Err(msg!(
            "xlsx-bad-shared-string",
            value = value.trim(),
            count = strings as i64
        )),
    }
}

/// A row or column past Excel's last.
fn beyond(row: u64, column: u64) -> Result<(), Msg> {
    if row > MAX_ROWS {
        return Err(msg!("xlsx-row-beyond", max = MAX_ROWS as i64));
    }
    if column > MAX_COLUMNS as u64 {
        return Err(msg!(
            "xlsx-column-beyond",
            column = column as i64,
            max = MAX_COLUMNS
        ));
    }
    Ok(())
}

/// A cell position (`B7`, `xfd1048576`) as its row and column (both from 1).
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let digits = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = r.split_at(digits);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let row = number.parse::<u64>().ok().filter(|n| *n > 0)?;
    // Past seven letters a column is far beyond the last one: counted no further.
    let column = letters.bytes().take(7).fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    Some((row, column))
}

/// A parse error of the XML, in words.
fn xml_error(e: &quick_xml::Error) -> Msg {
    use quick_xml::errors::IllFormedError;
    match e {
        quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            msg!(
                "xlsx-tag-mismatch",
                expected = expected.as_str(),
                found = found.as_str()
            )
        }
        other => msg!("xlsx-bad-xml", detail = other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn damage(data: &str) -> Option<Damage> {
        let xml = format!("<worksheet><sheetData>{data}</sheetData></worksheet>");
        walk(&mut xml.as_bytes(), 2, None).err()
    }

    fn cell(r: &str, text: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn a_whole_sheet_has_no_damage() {
        let data = format!(
            r#"<row r="1">{}{}</row><row r="2">{}<c r="B2"/><c r="C2"><f>1+1</f><v>2</v></c></row>"#,
            cell("A1", "a"),
            cell("B1", "&amp;"),
            cell("A2", "x")
        );
        assert!(damage(&data).is_none());
    }

    #[test]
    fn a_tag_closed_by_another_name_is_damage_in_its_row() {
        let data = format!(
            r#"<row r="1">{}{}</row><row r="2">{}<c r="B2" t="inlineStr"><is><t>x</x></is></c></row>"#,
            cell("A1", "a"),
            cell("B1", "b"),
            cell("A2", "c")
        );
        let d = damage(&data).unwrap();
        assert_eq!((d.row, d.cells), (2, 3), "{d:?}");
        assert_eq!(d.message.id, "xlsx-tag-mismatch");
    }

    #[test]
    fn rows_and_cells_out_of_bounds_or_unreadable_are_damage() {
        let d = damage(r#"<row r="1048577"><c r="A1048577"><v>1</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (1_048_577, "xlsx-row-beyond"));
        let d = damage(r#"<row r="3"><c r="XFE3"><v>1</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (3, "xlsx-column-beyond"));
        let d = damage(r#"<row r="99999999999999999999"></row>"#).unwrap();
        assert_eq!(d.message.id, "xlsx-bad-row-number");
        let d = damage(r#"<row r="4"><c r="4A"><v>1</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (4, "xlsx-bad-cell-ref"));
        let d = damage(r#"<row r="5"><c r="A5"><x/></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (5, "xlsx-bad-cell-part"));
        let d = damage(r#"<row r="6"><c r="A6"><v>&nope;</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (6, "xlsx-bad-xml"));
        // Two shared strings: numbers 0 and 1 are theirs, 2 and `x` point nowhere.
        assert!(damage(r#"<row r="9"><c r="A9" t="s"><v>1</v></c></row>"#).is_none());
        let d = damage(r#"<row r="9"><c r="A9" t="s"><v>2</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (9, "xlsx-bad-shared-string"));
        let d = damage(r#"<row r="9"><c r="A9" t="s"><v>x</v></c></row>"#).unwrap();
        assert_eq!((d.row, d.message.id), (9, "xlsx-bad-shared-string"));
        // Rows without numbers follow the one before.
        let d = damage(r#"<row r="7"></row><row><c><v>1</v></c><c><x/></c></row>"#).unwrap();
        assert_eq!((d.row, d.cells), (8, 1), "{d:?}");
    }

    #[test]
    fn a_sheet_cut_short_is_damage_where_it_ends() {
        let xml = format!(
            r#"<worksheet><sheetData><row r="1">{}</row><row r="2">"#,
            cell("A1", "a")
        );
        let d = walk(&mut xml.as_bytes(), 2, None).unwrap_err();
        assert_eq!((d.row, d.cells, d.message.id), (2, 1, "xlsx-cut-short"));
    }

    #[test]
    fn the_row_of_a_cell_is_found_by_its_place() {
        let xml = format!(
            r#"<worksheet><sheetData><row r="1">{}{}</row><row r="4">{}</row></sheetData></worksheet>"#,
            cell("A1", "a"),
            cell("B1", "b"),
            cell("A4", "c")
        );
        assert_eq!(walk(&mut xml.as_bytes(), 2, Some(1)).unwrap(), Some(1));
        assert_eq!(walk(&mut xml.as_bytes(), 2, Some(2)).unwrap(), Some(4));
        assert_eq!(walk(&mut xml.as_bytes(), 2, Some(3)).unwrap(), None);
    }
}
