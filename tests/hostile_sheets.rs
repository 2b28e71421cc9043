//! `doclist batch` on hostile sheets: workbooks that would take gigabytes, damaged files,
//! cells out of bounds, and CSV files that never end a record.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

/// A workbook written part by part, so that a test can put anything in its sheet.
fn workbook(dir: &Path, name: &str, sheet_data: &str) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A header row and one good person in row 2, with `extra` added to row 3.
fn rows(extra: &str) -> String {
    format!(
        r#"<row r="1">{}{}{}{}{}</row><row r="2">{}{}{}{}{}</row><row r="3">{}{}{}{}{}{extra}</row>"#,
        cell("A1", "policy"),
        cell("B1", "name"),
        cell("C1", "channel"),
        cell("D1", "housing"),
        cell("E1", "proxy"),
        cell("A2", "shanghai/residence-registration"),
        cell("B2", "张三"),
        cell("C2", "offline"),
        cell("D2", "owned"),
        cell("E2", "none"),
        cell("A3", "shanghai/residence-registration"),
        cell("B3", "李四"),
        cell("C3", "offline"),
        cell("D3", "rented"),
        cell("E3", "none"),
    )
}

fn batch(sheet: &Path, out: &Path) -> (i32, String) {
    let o = doclist()
        .arg("batch")
        .arg(sheet)
        .arg("--out-dir")
        .arg(out)
        .args(["--date", "2026-11-23", "--jobs", "2", "--format", "json"])
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn errors(out: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(out.join("errors.csv"))
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_test_workbook_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = workbook(dir.path(), "ok.xlsx", &rows(""));
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("00002-张三.json").exists());
    assert!(out.join("00003-李四.json").exists());
}

#[test]
fn a_cell_in_column_zzzzzz_is_refused_without_taking_memory() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = workbook(dir.path(), "wide.xlsx", &rows(&cell("ZZZZZZ3", "x")));
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("row 3") && stderr.contains("16384"),
        "{stderr}"
    );
    // The row before it was done.
    assert!(out.join("00002-张三.json").exists());
    assert!(!out.join("00003-李四.json").exists());
}

#[test]
fn cells_right_of_the_header_refuse_their_row_only() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = workbook(dir.path(), "wide.xlsx", &rows(&cell("XFD3", "x")));
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "3");
    assert!(
        errors[0][4] == "row-stray-cells" && errors[0][3].contains("表头"),
        "{errors:?}"
    );
    assert!(out.join("00002-张三.json").exists());
}

#[test]
fn a_cell_longer_than_excel_allows_refuses_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let long = "长".repeat(40_000);
    let sheet = workbook(dir.path(), "long.xlsx", &rows(&cell("F3", &long)));
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "3");
    assert!(errors[0][3].contains("32767"), "{errors:?}");
    assert!(out.join("00002-张三.json").exists());
}

#[test]
fn one_huge_cell_is_refused_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    // 8 MB of one letter: a few kilobytes zipped.
    let huge = "a".repeat(8 << 20);
    let sheet = workbook(dir.path(), "bomb.xlsx", &rows(&cell("B3", &huge)));
    assert!(std::fs::metadata(&sheet).unwrap().len() < 64 << 10);
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("xl/worksheets/sheet1.xml"), "{stderr}");
    assert!(!out.join("00002-张三.json").exists());
}

#[test]
fn a_cut_short_or_damaged_workbook_is_refused_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let many: String = (2..3000)
        .map(|r| {
            format!(
                r#"<row r="{r}">{}{}{}{}</row>"#,
                cell(&format!("A{r}"), "shanghai/residence-registration"),
                cell(&format!("B{r}"), &format!("员工{r}")),
                cell(&format!("C{r}"), "offline"),
                cell(&format!("D{r}"), "owned"),
            )
        })
        .collect();
    let header = format!(
        r#"<row r="1">{}{}{}{}</row>"#,
        cell("A1", "policy"),
        cell("B1", "name"),
        cell("C1", "channel"),
        cell("D1", "housing")
    );
    let sheet = workbook(dir.path(), "full.xlsx", &format!("{header}{many}"));
    let bytes = std::fs::read(&sheet).unwrap();

    let cut = dir.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = dir.path().join("out-cut");
    let (code, stderr) = batch(&cut, &out);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cut.xlsx"), "{stderr}");
    assert!(!out.join("summary.csv").exists());

    // Bytes changed near the end of the sheet's compressed data (the last part, just
    // before the zip's directory): the first rows still read well.
    let mut damaged = bytes.clone();
    let at = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap() - 300;
    for b in &mut damaged[at..at + 16] {
        *b ^= 0x5a;
    }
    let bad = dir.path().join("damaged.xlsx");
    std::fs::write(&bad, &damaged).unwrap();
    let out = dir.path().join("out-damaged");
    let (code, stderr) = batch(&bad, &out);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(!out.join("summary.csv").exists());
}

#[test]
fn a_csv_record_that_never_ends_is_refused_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    let mut text = String::from(
        "policy,name,channel,housing\nshanghai/residence-registration,张三,offline,owned\n",
    );
    text.push_str("shanghai/residence-registration,\"");
    text.push_str(&"x".repeat(3 << 20));
    std::fs::write(&sheet, text).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("row 3"), "{stderr}");
    assert!(out.join("00002-张三.json").exists());
}

#[test]
fn an_unterminated_csv_quote_is_an_error_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name,channel,housing\nshanghai/residence-registration,张三,offline,owned\nshanghai/residence-registration,\"李四,offline,owned\nshanghai/residence-registration,王五,offline,owned\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("row 3") && stderr.contains("never closed"),
        "{stderr}"
    );
}

#[test]
fn a_gbk_sheet_that_starts_with_ascii_keeps_its_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("policy,name,channel,housing\n");
    // 100 KB of rows without a Chinese character, then one name.
    while text.len() < 100_000 {
        text.push_str("shanghai/residence-registration,Li,offline,owned\n");
    }
    text.push_str("shanghai/residence-registration,欧阳䶮,offline,owned\n");
    let rows = text.lines().count();
    let sheet = dir.path().join("s.csv");
    std::fs::write(&sheet, encoding_rs::GB18030.encode(&text).0).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 0, "{stderr}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains(&format!("{rows},欧阳䶮,")),
        "{}",
        &summary[summary.len() - 300..]
    );
    assert!(!summary.contains('\u{fffd}'));
}

#[test]
fn a_bad_byte_in_a_forced_encoding_stops_the_run_at_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        b"policy,name,channel,housing\nshanghai/residence-registration,Li,offline,owned\n".to_vec();
    bytes.extend_from_slice(b"shanghai/residence-registration,");
    bytes.extend_from_slice(&encoding_rs::GB18030.encode("张三").0);
    bytes.extend_from_slice(b",offline,owned\n");
    let sheet = dir.path().join("s.csv");
    std::fs::write(&sheet, bytes).unwrap();
    let out = dir.path().join("out");
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .args([
            "--date",
            "2026-11-23",
            "--format",
            "json",
            "--encoding",
            "utf-8",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("row 3") && stderr.contains("not UTF-8"),
        "{stderr}"
    );
    assert!(out.join("00002-Li.json").exists());
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(!summary.contains('\u{fffd}'), "{summary}");
}

#[test]
fn row_numbers_are_the_spreadsheets_own() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name,channel,housing\n\
         shanghai/residence-registration,\"张\n三\",offline,owned\n\
         \n\
         \n\
         shanghai/residence-registration,李四,offline,castle\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    let errors = errors(&out);
    // Row 2 holds a line break inside its name (refused too); rows 3 and 4 are blank.
    let rows: Vec<&str> = errors.iter().map(|e| e[0].as_str()).collect();
    assert_eq!(rows, ["2", "5"], "{errors:?}");
    assert_eq!(errors[0][2], "name", "{errors:?}");
}

/// A folder no file can be written to (sysfs refuses new files, even to root): the batch
/// stops at the first checklist with one message instead of failing every row.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_out_dir_stops_the_batch_at_once() {
    let out = std::path::Path::new("/sys/kernel");
    if !out.is_dir() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    let mut text = String::from("policy,name,channel,housing\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "shanghai/residence-registration,员工{i},offline,owned\n"
        ));
    }
    std::fs::write(&sheet, text).unwrap();
    let (code, stderr) = batch(&sheet, out);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(stderr.contains("the batch stopped there"), "{stderr}");
    // It names the first checklist it could not write (not summary.csv after every row).
    assert!(stderr.contains("cannot write /sys/kernel/0"), "{stderr}");
}

/// GBK names whose bytes happen to be valid UTF-8 (陆梅 reads as `½÷`, 卢莫 as `¬Ī`) are
/// read as the Chinese they are: the encoding is decided from the whole file, and of two
/// valid readings the Chinese one wins.
#[test]
fn gbk_names_that_are_also_valid_utf8_keep_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("short.csv");
    let text = "name,id_number,channel,housing,policy\n\
                陆梅,310115199804120053,offline,rented,shanghai/residence-registration\n\
                卢莫,310115199804120053,offline,owned,shanghai/residence-registration\n";
    let bytes = encoding_rs::GB18030.encode(text).0.into_owned();
    assert!(
        std::str::from_utf8(&bytes).is_ok(),
        "the case: GBK bytes that are valid UTF-8"
    );
    std::fs::write(&sheet, &bytes).unwrap();
    let out = dir.path().join("out");
    let (code, err) = batch(&sheet, &out);
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("陆梅") && summary.contains("卢莫"),
        "{summary}"
    );
    assert!(
        !summary.contains('½') && !summary.contains('¬'),
        "{summary}"
    );
}

/// `--merge` naming a file the batch writes in its own output folder (a person's
/// checklist, a report) is refused before anything is made: it would replace it.
#[test]
fn a_merge_file_may_not_take_the_name_of_a_batch_file() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "name,id_number,channel,housing,policy\n张三,310115199804120053,offline,rented,shanghai/residence-registration\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    for name in ["00002-张三.pdf", "summary.csv", "00002.pdf"] {
        let o = doclist()
            .args(["--lang", "zh", "batch"])
            .arg(&sheet)
            .arg("--out-dir")
            .arg(&out)
            .arg("--merge")
            .arg(out.join(name))
            .args(["--format", "pdf", "--date", "2026-11-23"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("会覆盖"), "{name}: {err}");
        assert!(!out.join("00002-张三.pdf").exists(), "nothing is made");
    }
    // Another name in the folder is fine.
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .arg("--merge")
        .arg(out.join("全部.pdf"))
        .args(["--format", "pdf", "--date", "2026-11-23", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("00002-张三.pdf").exists() && out.join("全部.pdf").exists());
}

/// The header row and good people in rows `2..=last`, each row of four cells.
fn header_and_people(last: usize) -> String {
    let mut xml = format!(
        r#"<row r="1">{}{}{}{}</row>"#,
        cell("A1", "policy"),
        cell("B1", "name"),
        cell("C1", "channel"),
        cell("D1", "housing")
    );
    for r in 2..=last {
        xml.push_str(&person_row(r, &format!("员工{r}")));
    }
    xml
}

/// Row `r` with a good person named `name`.
fn person_row(r: usize, name: &str) -> String {
    format!(
        r#"<row r="{r}">{}{}{}{}</row>"#,
        cell(&format!("A{r}"), "shanghai/residence-registration"),
        cell(&format!("B{r}"), name),
        cell(&format!("C{r}"), "offline"),
        cell(&format!("D{r}"), "owned"),
    )
}

/// The people's files written, by row number.
fn rows_done(out: &Path) -> Vec<usize> {
    let mut rows: Vec<usize> = std::fs::read_dir(out)
        .map(|d| {
            d.filter_map(|e| {
                let name = e.ok()?.file_name().to_string_lossy().into_owned();
                name.split_once('-')?.0.parse().ok()
            })
            .collect()
        })
        .unwrap_or_default();
    rows.sort();
    rows
}

/// A workbook damaged at the first cell of row 11: rows 2 to 10 are whole and done, and
/// the reading stops at row 11, named as such (the check before a web batch reads the
/// same rows).
#[test]
fn a_workbook_damaged_at_a_row_keeps_every_row_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = format!(
        r#"{}<row r="11">{}{}</row>{}"#,
        header_and_people(10),
        cell("A11", "&bogus;"),
        cell("B11", "坏行"),
        person_row(12, "员工12")
    );
    let sheet = workbook(dir.path(), "damaged.xlsx", &damaged);
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("row 11"), "{stderr}");
    assert_eq!(rows_done(&out), (2..=10).collect::<Vec<_>>(), "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "11", "{errors:?}");
    assert!(errors[0][3].contains("第 11 行"), "{errors:?}");

    let read = doclist::frontend::batch::sheet::open(&sheet, None).unwrap();
    let (mut good, mut stop) = (0, None);
    for row in read {
        match row {
            Ok(_) => good += 1,
            Err(e) => stop = e.row,
        }
    }
    assert_eq!((good, stop), (9, Some(11)));
}

/// A tag closed by another name (`<t>x</x>`) would run the next cells' text into this
/// cell: the row it is in is where the reading stops, and no row gets another's text.
#[test]
fn a_tag_closed_by_another_name_stops_at_its_row_and_mixes_no_cells() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = format!(
        r#"{}<row r="11">{}<c r="B11" t="inlineStr"><is><t>x</x></is></c>{}{}</row>{}"#,
        header_and_people(10),
        cell("A11", "shanghai/residence-registration"),
        cell("C11", "offline"),
        cell("D11", "owned"),
        person_row(12, "员工12")
    );
    let sheet = workbook(dir.path(), "mismatched.xlsx", &damaged);
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(rows_done(&out), (2..=10).collect::<Vec<_>>(), "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "11", "{errors:?}");
    assert!(errors[0][3].contains("</x>"), "{errors:?}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(!summary.contains("xoffline"), "{summary}");
}

/// Excel's sheets end at row 1,048,576: a row past it stops the reading there.
#[test]
fn a_row_past_excels_last_stops_the_reading_at_that_row() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!("{}{}", header_and_people(3), person_row(1_048_577, "越界"));
    let sheet = workbook(dir.path(), "tall.xlsx", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("row 1048577"), "{stderr}");
    assert_eq!(rows_done(&out), [2, 3], "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "1048577", "{errors:?}");
    assert!(errors[0][3].contains("1048576"), "{errors:?}");
}

/// A header of 16,384 unknown columns is refused in a message of a few lines: the first
/// problems, and how many more.
#[test]
fn a_header_of_every_column_gives_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<String> = (0..16_384).map(|i| format!("列{i}")).collect();
    let sheet = dir.path().join("wide.csv");
    std::fs::write(&sheet, format!("{}\n", header.join(","))).unwrap();
    let o = doclist()
        .args(["--lang", "zh", "batch"])
        .arg(&sheet)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .args(["--date", "2026-11-23", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("第 1 列“列0”"), "{stderr}");
    assert!(stderr.contains("另有 16379 项未列出"), "{stderr}");
    assert!(stderr.len() < 4_000, "{} bytes: {stderr}", stderr.len());
}

/// NUL bytes and other control characters of a sheet are shown in `errors.csv` as their
/// pictures (`␀`), so that it stays a text file.
#[test]
fn control_characters_of_a_sheet_never_reach_errors_csv() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name,channel,housing\nshanghai/residence-registration,张\0三\u{1b},offline,cas\0tle\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    for file in ["errors.csv", "summary.csv"] {
        let bytes = std::fs::read(out.join(file)).unwrap();
        let controls: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|b| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
            .collect();
        assert!(controls.is_empty(), "{file}: {controls:?}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("张\u{2400}三\u{241b}"), "{file}: {text}");
    }
}

/// A UTF-8 sheet with one row typed in GBK: that row is refused by its number, saying the
/// sheet is read as UTF-8, and every other row is done.
#[test]
fn a_utf8_sheet_with_one_gbk_row_refuses_only_that_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "办理事项,姓名,办理途径,居住情况\n".as_bytes().to_vec();
    let row = |name: &str| format!("shanghai/residence-registration,{name},offline,owned\n");
    bytes.extend_from_slice(row("张三").as_bytes());
    bytes.extend_from_slice(row("李四").as_bytes());
    bytes.extend_from_slice(&encoding_rs::GB18030.encode(&row("王五")).0);
    bytes.extend_from_slice(row("赵六").as_bytes());
    let sheet = dir.path().join("s.csv");
    std::fs::write(&sheet, &bytes).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(rows_done(&out), [2, 3, 5], "{stderr}");
    assert!(out.join("00005-赵六.json").exists(), "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "4", "{errors:?}");
    assert!(
        errors[0][3].contains("第 4 行") && errors[0][3].contains("按 UTF-8 读取"),
        "{errors:?}"
    );
    assert_eq!(errors[0][4], "row-not-utf8", "{errors:?}");
}

/// The peak resident memory of a process, in KiB, while it runs (sampled until it ends).
#[cfg(target_os = "linux")]
fn peak_kib(mut child: std::process::Child) -> (std::process::ExitStatus, u64) {
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// 200,000 bad rows: each goes to `errors.csv` as it is found, the summary page lists
/// the first and says how many more `errors.csv` has, and memory stays small.
#[cfg(target_os = "linux")]
#[test]
fn many_bad_rows_stream_to_errors_csv_and_the_summary_stays_small() {
    const BAD: usize = 200_000;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("policy,name,channel,housing\n");
    for i in 0..BAD {
        text.push_str(&format!(
            "shanghai/residence-registration,员工{i},offline,castle\n"
        ));
    }
    let sheet = dir.path().join("bad.csv");
    std::fs::write(&sheet, text).unwrap();
    let out = dir.path().join("out");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("doclist"))
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .args([
            "--date",
            "2026-11-23",
            "--jobs",
            "2",
            "--format",
            "json",
            "-q",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (status, peak) = peak_kib(child);
    assert_eq!(status.code(), Some(1));
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert_eq!(errors.lines().count(), BAD + 1);
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.len() < 1 << 20, "summary.html is {} bytes", html.len());
    assert!(
        html.contains("有错误 200000") && html.contains("另有 199800 行有错误未在此列出"),
        "{}",
        &html[..2000.min(html.len())]
    );
    assert!(peak < 160 * 1024, "peak memory {peak} KiB");
}

/// A cell the spreadsheet reader fails on where the XML itself is whole (a shared string
/// that does not exist): the rows before it are done and the reading stops at its row,
/// never silently at the end of the sheet.
#[test]
fn a_cell_the_reader_fails_on_stops_the_reading_at_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        r#"{}<row r="4"><c r="A4" t="s"><v>7</v></c>{}</row>{}"#,
        header_and_people(3),
        cell("B4", "坏行"),
        person_row(5, "员工5")
    );
    let sheet = workbook(dir.path(), "strings.xlsx", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = batch(&sheet, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("row 4"), "{stderr}");
    assert!(stderr.contains("shared text number “7”"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(rows_done(&out), [2, 3], "{stderr}");
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], "4", "{errors:?}");
    assert!(errors[0][3].contains("第“7”条共享文字"), "{errors:?}");
}
