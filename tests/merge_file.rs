//! `batch --merge`: the print file written while the batch runs. It passes `qpdf --check`,
//! holds every person's pages as one run in row order (the same text as their own PDF),
//! starts each person on a front side with `--duplex`, has a bookmark per person, and
//! shares one embedded subset per face.

#[path = "common/mixed_sheet.rs"]
mod mixed_sheet;
#[path = "common/tools.rs"]
mod tools;
use mixed_sheet::mixed_sheet;
use tools::{pdf_pages as pages, ChildGuard, Program, PDFFONTS, PDFINFO, PDFTOTEXT, QPDF};

use std::path::{Path, PathBuf};
use std::process::Command;

/// `n` rows of two policies (so the people have different page counts), with a bad row
/// every 17th: rows fail in the middle of chunks and pieces arrive out of order.
fn sheet(dir: &Path, n: usize) -> PathBuf {
    mixed_sheet(dir, n, 17, 5)
}

fn batch(sheet: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("doclist"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("batch")
        .arg(sheet)
        .arg("--out-dir")
        .arg(out)
        .args([
            "--date",
            "2026-11-23",
            "--jobs",
            "2",
            "--format",
            "pdf",
            "--quiet",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(program: Program, file: &Path) -> String {
    tools::stdout(program, &[file])
}

fn text(file: &Path, first: usize, last: usize) -> String {
    let (f, l) = (first.to_string(), last.to_string());
    tools::pdftotext(&["-layout", "-f", &f, "-l", &l], file)
        .replace('\u{c}', "")
        .trim_end()
        .to_string()
}

/// The checklists written, in row order (the names start with the row number).
fn singles(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// The bookmark titles, in order, and the page number (1-based) each one opens.
fn bookmarks(file: &Path) -> Vec<(String, usize)> {
    let doc = lopdf::Document::load(file).unwrap();
    let page_numbers: std::collections::HashMap<lopdf::ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut next = outlines
        .get(b"First")
        .ok()
        .map(|o| o.as_reference().unwrap());
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        let page = page_numbers[&dest[0].as_reference().unwrap()];
        out.push((title, page));
        next = item.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    out
}

#[test]
fn the_merged_file_is_valid_and_has_each_persons_pages_as_one_run_in_row_order() {
    let name = "the_merged_file_is_valid_and_has_each_persons_pages_as_one_run_in_row_order";
    if tools::missing(name, &[PDFINFO, PDFTOTEXT, PDFFONTS, QPDF]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // More rows than a chunk (32), so that two workers finish chunks out of order.
    let sheet = sheet(dir.path(), 75);
    let out = dir.path().join("out");
    let merged = dir.path().join("合并.pdf");
    let o = batch(&sheet, &out, &["--merge", merged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "bad rows make the run fail");
    let singles = singles(&out);
    assert_eq!(singles.len(), 75 - 5, "the five bad rows have no PDF");

    tools::stdout(QPDF, &["--check".as_ref(), merged.as_os_str()]);
    let counts: Vec<usize> = singles.iter().map(|f| pages(f)).collect();
    assert!(counts.iter().any(|&n| n > 1), "someone has several pages");
    assert_eq!(pages(&merged), counts.iter().sum::<usize>());

    // Person k's pages are a run of their own, with the same text as their own file.
    let mut first = 1;
    let mut starts = Vec::new();
    for (file, n) in singles.iter().zip(&counts) {
        let last = first + n - 1;
        assert_eq!(
            text(&merged, first, last),
            text(file, 1, *n),
            "pages {first}–{last} are {}",
            file.display()
        );
        starts.push(first);
        first = last + 1;
    }

    // One bookmark per person, named after them, at their first page.
    let marks = bookmarks(&merged);
    assert_eq!(marks.len(), singles.len());
    for ((title, page), (file, start)) in marks.iter().zip(singles.iter().zip(&starts)) {
        let stem = file.file_stem().unwrap().to_string_lossy();
        let (number, person) = stem.split_once('-').unwrap();
        assert!(
            title.starts_with(&format!("{number} {person}")),
            "{title} for {stem}"
        );
        assert_eq!(page, start, "{title}");
    }

    // One subset of the one face the checklists draw with (bold is outlined regular text),
    // embedded and with a Unicode map (text can be copied).
    let fonts = stdout(PDFFONTS, &merged);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
    let info = stdout(PDFINFO, &merged);
    assert!(info.contains("材料清单 70 人 · 2026-11-23"), "{info}");
}

#[test]
fn with_duplex_everyone_starts_on_a_front_side() {
    let name = "with_duplex_everyone_starts_on_a_front_side";
    if tools::missing(name, &[PDFINFO, PDFTOTEXT, QPDF]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 12);
    let out = dir.path().join("out");
    let merged = dir.path().join("duplex.pdf");
    batch(
        &sheet,
        &out,
        &["--merge", merged.to_str().unwrap(), "--duplex"],
    );
    let singles = singles(&out);
    let counts: Vec<usize> = singles.iter().map(|f| pages(f)).collect();
    let padded: usize = counts[..counts.len() - 1]
        .iter()
        .map(|p| p + p % 2)
        .sum::<usize>()
        + counts[counts.len() - 1];
    assert!(
        padded > counts.iter().sum::<usize>(),
        "some blanks are needed"
    );
    assert_eq!(pages(&merged), padded);
    tools::stdout(QPDF, &["--check".as_ref(), merged.as_os_str()]);
    let mut first = 1;
    for (file, n) in singles.iter().zip(&counts) {
        assert_eq!(first % 2, 1, "{} starts on a front side", file.display());
        assert_eq!(text(&merged, first, first + n - 1), text(file, 1, *n));
        if n % 2 == 1 && first + n <= padded {
            assert_eq!(
                text(&merged, first + n, first + n),
                "",
                "the blank is blank"
            );
        }
        first += n + n % 2;
    }
    let marks = bookmarks(&merged);
    assert_eq!(marks.len(), singles.len());
    assert!(marks.iter().all(|(_, page)| page % 2 == 1));
}

#[test]
fn a_merge_file_that_cannot_be_written_is_a_clear_error_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 3);
    let out = dir.path().join("out");
    let merged = dir.path().join("no-such-dir").join("m.pdf");
    let o = batch(&sheet, &out, &["--merge", merged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("无法写入") && stderr.contains("m.pdf"),
        "{stderr}"
    );
    assert!(!merged.exists());
}

#[test]
fn a_killed_merge_run_leaves_no_merge_file() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 300);
    let out = dir.path().join("out");
    let merged = dir.path().join("m.pdf");
    let mut child = ChildGuard::spawn(
        Command::new(assert_cmd::cargo::cargo_bin("doclist"))
            .arg("batch")
            .arg(&sheet)
            .arg("--out-dir")
            .arg(&out)
            .args([
                "--date",
                "2026-11-23",
                "--format",
                "pdf",
                "--jobs",
                "2",
                "--quiet",
            ])
            .arg("--merge")
            .arg(&merged),
    );
    for _ in 0..400 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        if out.exists() && singles(&out).len() >= 40 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(singles(&out).len() < 295, "killed part-way");
    assert!(!merged.exists(), "no half-written merge file");
    let strays: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "s.csv" && n != "out")
        .collect();
    assert!(
        strays.iter().all(|n| n.starts_with(".doclist-")),
        "only a temporary file, cleaned by the next run: {strays:?}"
    );
}

#[test]
fn a_font_the_merge_file_cannot_share_is_refused_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 3);
    let out = dir.path().join("out");
    let merged = dir.path().join("m.pdf");
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/fallback-cff.otf");
    let o = batch(
        &sheet,
        &out,
        &[
            "--merge",
            merged.to_str().unwrap(),
            "--font",
            font.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("m.pdf") && stderr.contains("TrueType"),
        "{stderr}"
    );
    assert!(!merged.exists());
    assert!(!out.exists() || singles(&out).is_empty(), "no row was made");
}
