//! The batch routes of `doclist serve` over real HTTP: `POST /batch` answers a zip (or 422,
//! 413, 429), the templates read back as the batch reads sheets, and nothing stays behind.

#[path = "common/tools.rs"]
mod tools;
use tools::{ChildGuard, KILL, PDFTOTEXT};

use doclist::frontend::serve::{serve_listener, App, BatchLimits as Limits};
use std::io::{BufRead, BufReader, Cursor, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const POLICY: &str = "shanghai/residence-registration";

/// Two good rows and one with a mistyped ID number (row 4).
const SHEET: &str = "姓名,身份证号,办理途径,居住情况\n\
张三,310115199804120053,offline,rented\n\
李小雨,340102201603020121,offline,relative_owned\n\
王五,340102201603020122,offline,owned\n";

fn start(limits: Limits) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = App::load(None, None)
        .expect("policies, templates and fonts load")
        .with_limits(limits);
    std::thread::spawn(move || serve_listener(listener, app, std::future::pending()));
    format!("http://{addr}")
}

/// A server with the default limits, shared by the tests of this file.
fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| start(Limits::default()))
}

/// A server with small limits: 1 KB sheets, 3 rows.
fn small() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        start(Limits {
            max_upload: 1024,
            max_rows: 3,
            max_jobs: 4,
            ..Limits::default()
        })
    })
}

/// A server with one job slot (for one test only: the others would take its slot).
fn one_slot() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        start(Limits {
            max_jobs: 1,
            ..Limits::default()
        })
    })
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn reply(res: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut res = res.expect("request");
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let status = res.status().as_u16();
    let body = res
        .body_mut()
        .with_config()
        .limit(200 << 20)
        .read_to_vec()
        .expect("body");
    Reply {
        status,
        headers,
        body,
    }
}

const BOUNDARY: &str = "doclist-test-boundary-7d3f";

/// A multipart body: text fields, then the sheet.
fn multipart(fields: &[(&str, &str)], sheet: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some((file, bytes)) = sheet {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"{file}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

fn post_multipart(url: &str, body: &[u8], accept: &str) -> Reply {
    reply(
        agent()
            .post(url)
            .header(
                "Content-Type",
                &format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("Accept", accept)
            .send(body),
    )
}

fn post_batch(base: &str, fields: &[(&str, &str)], sheet: Option<(&str, &[u8])>) -> Reply {
    post_multipart(&format!("{base}/batch"), &multipart(fields, sheet), "*/*")
}

fn get(base: &str, path: &str) -> Reply {
    reply(agent().get(&format!("{base}{path}")).call())
}

/// The names of a zip's entries, each with its bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a whole zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry data");
            (f.name().expect("a name").to_string(), data)
        })
        .collect()
}

/// The general-purpose flags of every local file header, with the entry's name.
fn local_flags(bytes: &[u8]) -> Vec<(String, u16)> {
    let mut out = Vec::new();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a whole zip");
    for i in 0..z.len() {
        let f = z.by_index_raw(i).expect("entry");
        let at = f.header_start() as usize;
        let name = f.name().expect("a name").to_string();
        assert_eq!(&bytes[at..at + 4], b"PK\x03\x04", "local header of {name}");
        out.push((name, u16::from_le_bytes([bytes[at + 6], bytes[at + 7]])));
    }
    out
}

#[test]
fn post_batch_streams_a_zip_with_a_pdf_per_good_row_and_the_reports() {
    let r = post_batch(
        base(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("skip_errors", "1"),
            ("duplex", "1"),
        ],
        Some(("员工.csv", SHEET.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), "application/zip");
    assert!(
        r.header("content-disposition")
            .contains("filename*=UTF-8''%E6%9D%90%E6%96%99"),
        "{}",
        r.header("content-disposition")
    );
    let entries = unzip(&r.body);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "00002-张三.pdf",
            "00003-李小雨.pdf",
            "合并打印.pdf",
            "summary.csv",
            "summary.html",
            "errors.csv",
            "calendar.ics"
        ]
    );
    let file = |name: &str| &entries.iter().find(|(n, _)| n == name).unwrap().1;
    let calendar = String::from_utf8_lossy(file("calendar.ics")).into_owned();
    assert!(calendar.starts_with("BEGIN:VCALENDAR"), "{calendar}");
    let errors = String::from_utf8_lossy(file("errors.csv")).into_owned();
    assert!(errors.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 2, "{errors}");
    assert!(lines[1].starts_with("4,王五,id_number,"), "{errors}");
    let summary = String::from_utf8_lossy(file("summary.csv")).into_owned();
    assert!(summary.contains("00002-张三.pdf"), "{summary}");
    assert!(summary.contains("4,王五,"), "{summary}");
    let html = String::from_utf8_lossy(file("summary.html")).into_owned();
    assert!(html.contains("李小雨"), "{html}");
    // Windows Explorer reads a name as UTF-8 only with bit 11 of the flags set.
    for (name, flags) in local_flags(&r.body) {
        if !name.is_ascii() {
            assert_ne!(flags & 0x0800, 0, "{name} has no UTF-8 flag");
        }
    }
    if tools::missing(
        "post_batch_streams_a_zip_with_a_pdf_per_good_row_and_the_reports",
        &[PDFTOTEXT],
    ) {
        return;
    }
    let one = tools::pdf_bytes_text(file("00003-李小雨.pdf"));
    assert!(one.contains("李小雨"), "{one}");
    assert!(one.contains("房地产权证明"), "{one}");
    assert!(!one.contains("340102201603020121"), "the ID is masked");
    let merged = tools::pdf_bytes_text(file("合并打印.pdf"));
    assert!(
        merged.contains("张三") && merged.contains("李小雨"),
        "{merged}"
    );
}

#[test]
fn the_merged_print_file_alone_and_other_formats() {
    let r = post_batch(
        base(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("skip_errors", "on"),
            ("download", "merged"),
        ],
        Some(("s.csv", SHEET.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(r.body.starts_with(b"%PDF-"));
    let merged = r.body;

    let sheet = SHEET.lines().take(3).collect::<Vec<_>>().join("\n");
    let r = post_batch(
        base(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("format", "json"),
        ],
        Some(("s.csv", sheet.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let entries = unzip(&r.body);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "00002-张三.json",
            "00003-李小雨.json",
            "summary.csv",
            "summary.html",
            "errors.csv",
            "calendar.ics"
        ]
    );
    let json: serde_json::Value = serde_json::from_slice(&entries[1].1).unwrap();
    assert_eq!(json["policy"]["id"], POLICY);

    if tools::missing(
        "the_merged_print_file_alone_and_other_formats",
        &[PDFTOTEXT],
    ) {
        return;
    }
    let text = tools::pdf_bytes_text(&merged);
    assert!(text.contains("张三") && text.contains("李小雨"), "{text}");
    assert!(!text.contains("王五"), "the bad row is left out");
}

/// Fields, sheet, the status and code expected.
type Case<'a> = (
    &'a [(&'a str, &'a str)],
    Option<(&'a str, &'a [u8])>,
    u16,
    &'a str,
);

#[test]
fn bad_rows_get_422_with_every_cell_and_a_stable_code() {
    let sheet = format!("{SHEET}赵六,310115199804120053,online,castle\n");
    let r = post_batch(
        base(),
        &[("policy", POLICY), ("date", "2026-11-23")],
        Some(("员工.csv", sheet.as_bytes())),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let j = r.json();
    assert_eq!(j["code"], "bad_rows");
    assert_eq!(j["check"]["rows"], 4);
    assert_eq!(j["check"]["good"], 2);
    assert_eq!(j["check"]["bad"], 2);
    // The good rows by how they stand, in three states.
    let standing = &j["check"]["standing"];
    let n = |k: &str| standing[k].as_u64().unwrap_or_else(|| panic!("{k}: {j:#}"));
    assert_eq!(n("eligible") + n("not_yet") + n("depends"), 2, "{j:#}");
    assert_eq!(j["check"]["sheet"], "员工.csv");
    assert_eq!(j["check"]["per_policy"][0]["id"], POLICY);
    assert_eq!(j["check"]["per_policy"][0]["people"], 2);
    let errors = j["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{j:#}");
    assert_eq!(errors[0]["code"], "invalid_value");
    assert_eq!(errors[0]["row"], 4);
    assert_eq!(errors[0]["column"], "B");
    assert_eq!(errors[0]["header"], "身份证号");
    assert_eq!(errors[0]["field"], "id_number");
    assert_eq!(errors[0]["title"], "「身份证号」一栏填写有误");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("身份证号第18位校验码应为"));
    assert_eq!(errors[1]["row"], 5);
    assert_eq!(errors[1]["column"], "D");
    assert_eq!(errors[1]["header"], "居住情况");
    assert!(errors[1]["message"].as_str().unwrap().contains("castle"));

    // The request as a whole: each refusal has its code.
    let cases: [Case; 6] = [
        (&[("policy", POLICY)], None, 422, "no_sheet"),
        (
            &[("policy", "shanghai/nothing")],
            Some(("s.csv", SHEET.as_bytes())),
            422,
            "unknown_policy",
        ),
        (
            &[("format", "docx")],
            Some(("s.csv", SHEET.as_bytes())),
            422,
            "bad_format",
        ),
        (
            &[("date", "next tuesday")],
            Some(("s.csv", SHEET.as_bytes())),
            422,
            "bad_date",
        ),
        (
            &[("policy", POLICY)],
            Some(("s.csv", "名字,身份证号\n张三,1\n".as_bytes())),
            422,
            "bad_header",
        ),
        (
            &[("colour", "blue")],
            Some(("s.csv", SHEET.as_bytes())),
            400,
            "bad_form",
        ),
    ];
    for (fields, sheet, status, code) in cases {
        let r = post_batch(base(), fields, sheet);
        assert_eq!(r.status, status, "{code}: {}", r.text());
        let j = r.json();
        assert_eq!(j["code"], code, "{j:#}");
        assert_eq!(j["errors"][0]["code"], code, "{j:#}");
        if code == "bad_header" {
            // Which header, and the Chinese headers it may be; the problem said once.
            let message = j["message"].as_str().unwrap_or_default();
            assert_eq!(message.matches("有问题").count(), 1, "{message}");
            assert!(message.contains("“名字”"), "{message}");
            assert!(message.contains("可用的列名：办理事项、"), "{message}");
        }
    }
    // Without a policy field every row names its own; a row that does not is reported.
    let sheet = "办理事项,姓名,身份证号,办理途径,居住情况\n\
                 shanghai/residence-registration,张三,310115199804120053,offline,rented\n\
                 ,李四,310115199804120053,offline,rented\n";
    let r = post_batch(
        base(),
        &[("date", "2026-11-23")],
        Some(("s.csv", sheet.as_bytes())),
    );
    assert_eq!(r.status, 422);
    let j = r.json();
    assert_eq!(j["errors"][0]["code"], "no_policy", "{j:#}");
    assert_eq!(j["errors"][0]["row"], 3);
    assert_eq!(j["errors"][0]["column"], "A");
}

/// The check lists the first 200 problems of a sheet and counts the rest.
#[test]
fn the_check_lists_the_first_problems_and_counts_the_rest() {
    let mut sheet = String::from("姓名,身份证号,办理途径,居住情况\n");
    for i in 0..300 {
        sheet.push_str(&format!("员工{i},310115199804120053,offline,castle\n"));
    }
    let r = post_batch(
        base(),
        &[("policy", POLICY), ("date", "2026-11-23")],
        Some(("员工.csv", sheet.as_bytes())),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let j = r.json();
    assert_eq!(j["check"]["bad"], 300, "{j:#}");
    assert_eq!(j["errors"].as_array().map(Vec::len), Some(200));
    assert_eq!(j["errors"][199]["row"], 201);
    assert_eq!(j["check"]["unlisted"], 100);
}

#[test]
fn a_gbk_sheet_is_read_as_batch_reads_it() {
    let (gbk, _, bad) = encoding_rs::GB18030.encode(SHEET);
    assert!(!bad);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK");
    let r = post_batch(
        base(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("skip_errors", "1"),
            ("format", "html"),
        ],
        Some(("员工.csv", &gbk)),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let entries = unzip(&r.body);
    assert!(entries.iter().any(|(n, _)| n == "00003-李小雨.html"));
    let errors = entries.iter().find(|(n, _)| n == "errors.csv").unwrap();
    assert!(String::from_utf8_lossy(&errors.1).contains("4,王五,"));
}

/// A body announced as 100 MB is refused from its headers, before any of it is read.
#[test]
fn a_huge_declared_body_is_refused_at_once() {
    let addr = base().trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /batch HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: 104857600\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
}

#[test]
fn a_sheet_too_large_gets_413_and_too_many_rows_422() {
    let big = format!(
        "{SHEET}{}",
        "张三,310115199804120053,offline,rented\n".repeat(40)
    );
    assert!(big.len() > 1024);
    let r = post_batch(
        small(),
        &[("policy", POLICY)],
        Some(("s.csv", big.as_bytes())),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json()["code"], "too_large");

    let rows = format!("{SHEET}张三,310115199804120053,offline,rented\n");
    assert!(rows.len() < 1024);
    let r = post_batch(
        small(),
        &[("policy", POLICY), ("skip_errors", "1")],
        Some(("s.csv", rows.as_bytes())),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let j = r.json();
    assert_eq!(j["code"], "too_many_rows");
    assert_eq!(j["check"]["too_many_rows"], true);
    assert_eq!(j["check"]["max_rows"], 3);
}

/// Starts a request to `base`/batch whose upload never finishes, holding a job slot.
fn hold_a_slot(base: &str) -> TcpStream {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "POST /batch HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: 900\r\n\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\n"
    )
    .unwrap();
    s.flush().unwrap();
    s
}

#[test]
fn beyond_the_job_slots_429_with_retry_after_and_a_slot_comes_back() {
    let health = get(one_slot(), "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["batch_slots"], 1);
    let two_rows: String = SHEET.lines().take(2).map(|l| format!("{l}\n")).collect();
    let held = hold_a_slot(one_slot());
    let deadline = Instant::now() + Duration::from_secs(10);
    let busy = loop {
        let r = post_batch(
            one_slot(),
            &[("policy", POLICY), ("date", "2026-11-23")],
            Some(("s.csv", two_rows.as_bytes())),
        );
        if r.status == 429 || Instant::now() > deadline {
            break r;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(busy.status, 429, "{}", busy.text());
    assert_eq!(busy.header("retry-after"), "30");
    assert_eq!(busy.json()["code"], "busy");
    assert_eq!(get(one_slot(), "/healthz").json()["batch_slots_free"], 0);
    // The client goes away: its slot is free again.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if get(one_slot(), "/healthz").json()["batch_slots_free"] == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the slot never came back");
        std::thread::sleep(Duration::from_millis(50));
    }
    let sheet = "姓名,身份证号,办理途径,居住情况\n张三,310115199804120053,offline,rented\n";
    let r = post_batch(
        one_slot(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("format", "html"),
        ],
        Some(("s.csv", sheet.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(unzip(&r.body).iter().any(|(n, _)| n == "00002-张三.html"));
}

#[test]
fn the_xlsx_template_explains_every_column_and_reads_back_as_a_sheet() {
    let r = get(
        base(),
        "/batch/template.xlsx?policy=shanghai/residence-registration",
    );
    assert_eq!(r.status, 200);
    assert!(r.header("content-disposition").contains(".xlsx"));
    // The drop-down lists are in the sheet's XML.
    let parts = unzip(&r.body);
    let sheet1 = parts
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("sheet1");
    assert!(sheet1.contains("<dataValidation "), "{sheet1}");
    assert!(sheet1.contains("选项"), "lists come from the options sheet");

    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(r.body.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["人员名单", "填写说明", "选项"]);
    let people = book.worksheet_range("人员名单").unwrap();
    let headers: Vec<String> = people
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&headers[..3], ["姓名", "身份证号", "出生日期"]);
    assert!(headers.contains(&"居住情况".to_string()), "{headers:?}");
    let help = book.worksheet_range("填写说明").unwrap();
    let help: Vec<Vec<String>> = help
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        help[0][..5],
        ["列名", "字段", "填写方式", "必填", "可填的值"]
    );
    for h in &headers {
        assert!(help.iter().any(|r| &r[0] == h), "{h} is not explained");
    }
    let housing = help.iter().find(|r| r[1] == "housing").unwrap();
    assert_eq!(housing[2], "从下拉列表中选择");
    assert!(housing[4].contains("租"), "{housing:?}");

    // Filled in with the template's own headers, it is read as `batch` reads sheets.
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (i, h) in headers.iter().enumerate() {
        s.write_string(0, i as u16, h).unwrap();
    }
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap() as u16;
    s.write_string(1, col("姓名"), "张三").unwrap();
    s.write_string(1, col("身份证号"), "310115199804120053")
        .unwrap();
    s.write_string(1, col("办理途径"), "窗口办理").unwrap();
    s.write_string(1, col("居住情况"), "本人租赁住房").unwrap();
    let filled = book.save_to_buffer().unwrap();
    let r = post_multipart(
        &format!("{}/batch/check", base()),
        &multipart(
            &[("policy", POLICY), ("date", "2026-11-23")],
            Some(("filled.xlsx", &filled)),
        ),
        "application/json",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["check"]["sheet"], "Sheet1");
    assert_eq!(j["check"]["good"], 1, "{j:#}");

    // Every policy: a policy column with every id in its list.
    let csv = get(base(), "/batch/template.csv");
    assert_eq!(csv.status, 200);
    let text = csv.text();
    assert!(
        text.starts_with("\u{feff}办理事项,姓名,身份证号,出生日期,"),
        "{text}"
    );
    assert_eq!(
        get(base(), "/batch/template.csv?policy=nowhere/none").status,
        404
    );
}

#[test]
fn the_batch_page_the_check_page_and_health() {
    let index = get(base(), "/");
    assert!(index.text().contains("href=\"/batch\""));
    assert!(index.text().contains("批量生成（人事）"));
    let page = get(base(), "/batch");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<script src=\"/assets/batch.js\"></script>"));
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    assert!(html.contains("上海市居住登记申报"));
    assert!(page
        .header("content-security-policy")
        .contains("script-src 'self'"));
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    assert_eq!(get(base(), "/assets/batch.js").status, 200);

    // Without JavaScript the check answers with a page.
    let r = post_multipart(
        &format!("{}/batch/check", base()),
        &multipart(
            &[("policy", POLICY), ("date", "2026-11-23")],
            Some(("员工.csv", SHEET.as_bytes())),
        ),
        "text/html",
    );
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("读到 3 行"), "{html}");
    assert!(html.contains("第 4 行"), "{html}");
    assert!(html.contains("B 列（身份证号）"), "{html}");
    assert!(html.contains("name=\"skip_errors\" value=\"1\""), "{html}");

    let h = get(base(), "/healthz");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    let p = get(base(), "/batch/progress/abcdefgh12345678");
    assert_eq!(p.status, 404);
}

/// The command: a batch leaves nothing in the temporary directory, also when the client
/// goes away half-way, and the log names no person.
#[cfg(unix)]
#[test]
fn nothing_stays_behind_and_the_log_shows_no_names() {
    if tools::missing("nothing_stays_behind_and_the_log_shows_no_names", &[KILL]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut child = ChildGuard::spawn(
        Command::new(env!("CARGO_BIN_EXE_doclist"))
            .args(["serve", "--port", "0"])
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let empty = || std::fs::read_dir(tmp.path()).unwrap().count() == 0;
    let wait_empty = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !empty() {
            assert!(Instant::now() < deadline, "{what}: files left in TMPDIR");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let r = post_batch(
        &url,
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("skip_errors", "1"),
        ],
        Some(("s.csv", SHEET.as_bytes())),
    );
    assert_eq!(r.status, 200);
    wait_empty("after a whole download");

    // A big sheet, and the client reads the first bytes only, then goes away.
    let mut big = String::from("姓名,身份证号,办理途径,居住情况\n");
    for i in 0..400 {
        big.push_str(&format!("张{i},310115199804120053,offline,rented\n"));
    }
    let body = multipart(
        &[("policy", POLICY), ("date", "2026-11-23")],
        Some(("s.csv", big.as_bytes())),
    );
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /batch HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(&body).unwrap();
    let mut head = [0u8; 64];
    s.read_exact(&mut head).unwrap();
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    assert!(!empty(), "the job has its directory while it runs");
    drop(s);
    wait_empty("after the client went away");

    assert!(child.interrupt().success());
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.contains("POST /batch 200"), "{log}");
    for secret in ["张三", "李小雨", "310115199804120053", "员工"] {
        assert!(!log.contains(secret), "the log shows {secret}: {log}");
    }
}

#[test]
fn a_row_without_a_procedure_is_told_in_the_pages_words() {
    // No 办理事项 column and none chosen above.
    let r = post_multipart(
        &format!("{}/batch/check", base()),
        &multipart(
            &[("date", "2026-11-23")],
            Some(("员工.csv", SHEET.as_bytes())),
        ),
        "application/json",
    );
    let j = r.json();
    let message = j["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(j["errors"][0]["code"], "no_policy", "{j:#}");
    assert!(
        message.contains("“办理事项”列") && message.contains("上海市居住登记申报"),
        "{message}"
    );
    assert!(
        !message.contains("--policy") && !message.contains("shanghai/"),
        "{message}"
    );
}

#[test]
fn with_plans_the_zip_holds_each_persons_calendar_and_the_summary_the_next_steps() {
    let r = post_batch(
        base(),
        &[
            ("policy", POLICY),
            ("date", "2026-11-23"),
            ("skip_errors", "1"),
            ("format", "html"),
            ("plan", "1"),
        ],
        Some(("员工.csv", SHEET.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let entries = unzip(&r.body);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    for n in [
        "00002-张三.html",
        "00002-张三.ics",
        "00003-李小雨.html",
        "00003-李小雨.ics",
    ] {
        assert!(names.contains(&n), "{n}: {names:?}");
    }
    let summary = entries.iter().find(|(n, _)| n == "summary.csv").unwrap();
    let text = String::from_utf8_lossy(&summary.1);
    assert!(
        text.contains("下一步") && text.contains("上海市居住登记申报,2026-11-23"),
        "{text}"
    );
    assert!(text.contains("上海市居住证申领 2027-05-23"), "{text}");
}
