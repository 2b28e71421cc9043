//! The web page in a real browser: runs `tests/browser/run.mjs` (playwright-core driving
//! Debian's headless Chromium) against the binary built for these tests.
//!
//! Needs node, npm, pdftotext and a Chromium: `CHROMIUM` names the browser (default:
//! `chromium` on the PATH, Debian's package). The first run installs playwright-core into
//! `tests/browser/node_modules` with `npm ci`, which needs the network. Without any of these
//! the test says `SKIPPED:` and passes, unless `DOCLIST_REQUIRE_TOOLS=1` (`.ci/run` sets it
//! and installs them).
//!
//! The batch page's step fills the template it downloaded by running this test binary's
//! [`fill_the_batch_template`]; the zip it downloads is read here.

#[path = "common/tools.rs"]
mod tools;
use tools::{NODE, NPM, PDFTOTEXT};

use std::io::{Cursor, Read};
use std::path::Path;

#[test]
fn the_web_page_works_in_a_real_browser() {
    const TEST: &str = "the_web_page_works_in_a_real_browser";
    // run.mjs reads the downloaded PDFs with pdftotext, as this file does.
    if tools::missing(TEST, &[NODE, NPM, PDFTOTEXT]) {
        return;
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string());
    let Some(chromium) = tools::browser(TEST, &chromium) else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Err(reason) = install_playwright(&dir) {
        tools::skip_because(TEST, &reason);
        return;
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_doclist"));
    // target/debug/doclist -> target/browser-screenshots
    let shots = bin
        .parent()
        .and_then(Path::parent)
        .unwrap_or(&dir)
        .join("browser-screenshots");
    let me = std::env::current_exe().expect("the test binary");
    let fill = serde_json::json!([
        me,
        "--exact",
        "fill_the_batch_template",
        "--ignored",
        "--nocapture"
    ]);
    let batch_out = tempfile::tempdir().expect("a temporary directory");
    let out = tools::command(NODE)
        .arg(dir.join("run.mjs"))
        .env("DOCLIST_BIN", bin)
        .env("DOCLIST_FILL", fill.to_string())
        .env("DOCLIST_BATCH_OUT", batch_out.path())
        .env("DOCLIST_SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    check_batch_zip(&std::fs::read(batch_out.path().join("batch.zip")).expect("the zip"));
}

/// Installs playwright-core and axe-core into `dir/node_modules` with `npm ci` unless a
/// whole install of both is there (npm writes `node_modules/.package-lock.json` last). Without the network that
/// fails: the reason, with npm's error code, for the SKIPPED line.
fn install_playwright(dir: &Path) -> Result<(), String> {
    let modules = dir.join("node_modules");
    if modules.join(".package-lock.json").is_file()
        && modules.join("playwright-core/package.json").is_file()
        && modules.join("axe-core/axe.min.js").is_file()
    {
        return Ok(());
    }
    // Few retries: without the network npm would otherwise try for over a minute.
    let out = tools::command(NPM)
        .args(["ci", "--no-audit", "--no-fund", "--fetch-retries=1"])
        .args([
            "--fetch-retry-mintimeout=2000",
            "--fetch-retry-maxtimeout=5000",
        ])
        .arg("--prefix")
        .arg(dir)
        .output()
        .map_err(|e| format!("could not install playwright-core: npm does not run ({e})"))?;
    if out.status.success() {
        return Ok(());
    }
    let log = String::from_utf8_lossy(&out.stderr);
    let code = log
        .lines()
        .find_map(|l| l.strip_prefix("npm error code "))
        .or_else(|| log.lines().find_map(|l| l.strip_prefix("npm ERR! code ")))
        .unwrap_or("no error code")
        .trim();
    let offline = [
        "ENOTFOUND",
        "EAI_AGAIN",
        "ECONNREFUSED",
        "ECONNRESET",
        "ETIMEDOUT",
        "ENETUNREACH",
        "EHOSTUNREACH",
    ]
    .contains(&code);
    // npm's message: its first error line that is not one of the code, errno or syscall.
    let message = log
        .lines()
        .filter_map(|l| l.strip_prefix("npm error ").or(l.strip_prefix("npm ERR! ")))
        .map(str::trim)
        .find(|l| {
            !l.is_empty()
                && !["code ", "errno ", "syscall "]
                    .iter()
                    .any(|p| l.starts_with(p))
        });
    Err(if offline {
        format!("could not install playwright-core: no network (`npm ci` failed with {code})")
    } else {
        format!(
            "could not install playwright-core: `npm ci --prefix tests/browser` failed ({code}): {}",
            message.unwrap_or("no message")
        )
    })
}

/// The rows the browser uploads: two good ones and, in sheet row 4, a mistyped ID number.
const PEOPLE: [(&str, &str, &str, &str); 3] = [
    ("张三", "310115199804120053", "窗口办理", "本人租赁住房"),
    ("李小雨", "340102201603020121", "窗口办理", "近亲属自购住房"),
    ("王五", "340102201603020122", "窗口办理", "本人自购住房"),
];

/// Not a test of its own: the browser test runs it to fill the template it downloaded
/// (DOCLIST_FILL_IN) as a clerk would, by its Chinese headers, into DOCLIST_FILL_OUT.
#[test]
#[ignore = "run by the browser test"]
fn fill_the_batch_template() {
    use calamine::Reader;
    let input = std::env::var("DOCLIST_FILL_IN").expect("DOCLIST_FILL_IN");
    let output = std::env::var("DOCLIST_FILL_OUT").expect("DOCLIST_FILL_OUT");
    let mut template: calamine::Xlsx<_> =
        calamine::open_workbook(&input).expect("the template opens as .xlsx");
    assert_eq!(template.sheet_names()[1], "填写说明");
    let first = template.sheet_names()[0].clone();
    let headers: Vec<String> = template
        .worksheet_range(&first)
        .expect("the first sheet")
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |h: &str| {
        headers
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("no column {h} in {headers:?}")) as u16
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("员工").unwrap();
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string(0, i as u16, h).unwrap();
    }
    for (r, (name, id, channel, housing)) in PEOPLE.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, col("姓名"), *name).unwrap();
        sheet.write_string(r, col("身份证号"), *id).unwrap();
        sheet.write_string(r, col("办理途径"), *channel).unwrap();
        sheet.write_string(r, col("居住情况"), *housing).unwrap();
    }
    book.save(&output).expect("the filled sheet is written");
}

/// The zip the browser downloaded: a PDF per good row with its person's name readable,
/// the reports, and errors.csv naming the bad row.
fn check_batch_zip(bytes: &[u8]) {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a whole zip");
    let mut files = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("an entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("entry data");
        files.push((f.name().expect("a name").to_string(), data));
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let pdfs: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.ends_with(".pdf") && n.starts_with('0'))
        .collect();
    assert_eq!(pdfs, ["00002-张三.pdf", "00003-李小雨.pdf"], "{names:?}");
    for n in ["合并打印.pdf", "summary.csv", "summary.html", "errors.csv"] {
        assert!(names.contains(&n), "{n} missing: {names:?}");
    }
    let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    for (stem, person) in [("00002-张三", "张三"), ("00003-李小雨", "李小雨")] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.pdf");
        std::fs::write(&path, file(&format!("{stem}.pdf"))).unwrap();
        let text = tools::pdftotext(&[], &path);
        assert!(text.contains(person), "{person} not in {stem}.pdf: {text}");
    }
    let errors = String::from_utf8_lossy(file("errors.csv")).into_owned();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 2, "{errors}");
    assert!(lines[1].starts_with("4,王五,id_number,"), "{errors}");
}
