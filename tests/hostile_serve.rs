//! The web batch under hostile uploads, against a real `doclist serve` process: a
//! workbook whose shared strings unpack to hundreds of megabytes is refused before it is
//! inflated (the server's peak memory stays small), and a batch's uploaded sheet is
//! readable by the server's user only while it runs.

#[path = "common/tools.rs"]
mod tools;
use tools::{ChildGuard, KILL};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BOUNDARY: &str = "doclist-hostile-boundary-51c2";

/// `doclist serve` on a free port with its temporary files in `tmp`; its address.
fn serve(tmp: &std::path::Path) -> (ChildGuard, String) {
    serve_with(tmp, &[])
}

/// [`serve`] with more arguments.
fn serve_with(tmp: &std::path::Path, args: &[&std::ffi::OsStr]) -> (ChildGuard, String) {
    let mut child = ChildGuard::spawn(
        Command::new(env!("CARGO_BIN_EXE_doclist"))
            .args(["serve", "--port", "0"])
            .args(args)
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a line");
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .expect("the address")
        .trim_end_matches('/')
        .to_string();
    (child, addr)
}

fn multipart(fields: &[(&str, &str)], file: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    write!(
        body,
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"{file}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    body.extend_from_slice(bytes);
    write!(body, "\r\n--{BOUNDARY}--\r\n").unwrap();
    body
}

/// Sends a POST; returns the open connection for the answer.
fn post(addr: &str, path: &str, body: &[u8]) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    s
}

/// The peak resident memory of a process, in MB (Linux).
fn peak_mb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// A workbook whose one shared string unpacks to `mb` megabytes.
fn shared_strings_bomb(mb: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    // (`zip` borrows `out` until it is finished.)
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#)
        .unwrap();
    let block = vec![b'A'; 1 << 20];
    for _ in 0..mb {
        zip.write_all(&block).unwrap();
    }
    zip.write_all(b"</t></si></sst>").unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[cfg(target_os = "linux")]
#[test]
fn a_shared_strings_bomb_is_refused_before_it_is_inflated() {
    if tools::missing(
        "a_shared_strings_bomb_is_refused_before_it_is_inflated",
        &[KILL],
    ) {
        return;
    }
    let bomb = shared_strings_bomb(400);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(tmp.path());
    let pid = child.id();
    let before = peak_mb(pid).unwrap();
    for path in ["/batch/check", "/batch"] {
        let body = multipart(
            &[
                ("policy", "shanghai/residence-registration"),
                ("date", "2026-12-07"),
            ],
            "bomb.xlsx",
            &bomb,
        );
        let mut s = post(&addr, path, &body);
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 422"), "{path}: {answer}");
        assert!(answer.contains("sharedStrings"), "{path}: {answer}");
    }
    let peak = peak_mb(pid).unwrap();
    eprintln!(
        "bomb {} bytes; server peak {before} MB before, {peak} MB after",
        bomb.len()
    );
    assert!(
        peak < 150,
        "the server's peak memory grew from {before} MB to {peak} MB"
    );
    assert!(child.interrupt().success());
}

#[cfg(unix)]
#[test]
fn an_uploaded_sheet_is_readable_by_the_servers_user_only() {
    use std::os::unix::fs::PermissionsExt;
    if tools::missing(
        "an_uploaded_sheet_is_readable_by_the_servers_user_only",
        &[KILL],
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(tmp.path());
    let mut sheet = String::from("姓名,身份证号,办理途径,居住情况\n");
    for i in 0..400 {
        sheet.push_str(&format!("张{i},310115199804120053,offline,rented\n"));
    }
    let body = multipart(
        &[
            ("policy", "shanghai/residence-registration"),
            ("date", "2026-12-07"),
        ],
        "s.csv",
        sheet.as_bytes(),
    );
    let mut s = post(&addr, "/batch", &body);
    // The answer has begun: the job's folder exists while the client has not read it all.
    let mut head = [0u8; 64];
    s.read_exact(&mut head).unwrap();
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let job = loop {
        let found = std::fs::read_dir(tmp.path()).unwrap().flatten().find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("doclist-batch-")
        });
        if let Some(e) = found {
            break e.path();
        }
        assert!(Instant::now() < deadline, "no job folder");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mode = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode(&job).unwrap(), 0o700, "{}", job.display());
    if let Ok(m) = mode(&job.join("sheet.csv")) {
        assert_eq!(m, 0o600);
    }
    drop(s);
    assert!(child.interrupt().success());
}

/// Templates that include themselves are refused when they load, by `render` and by
/// `serve` (which would otherwise abort on its first request).
#[test]
fn a_template_that_includes_itself_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("checklist.html"),
        "<p>{% include \"checklist.html\" %}</p>",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_doclist"))
        .args([
            "render",
            "examples/dormitory-employee.yaml",
            "--format",
            "html",
            "--templates",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("checklist.html → checklist.html"), "{err}");
    let o = Command::new(env!("CARGO_BIN_EXE_doclist"))
        .args(["serve", "--port", "0", "--templates"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("circle"));
}

/// A server stopped while a client holds a batch open removes the job's folder (the sheet
/// of names and ID numbers) before it exits; a folder a killed server left is swept when
/// the next one starts.
#[cfg(unix)]
#[test]
fn no_sheet_stays_behind_a_stopped_or_killed_server() {
    if tools::missing("no_sheet_stays_behind_a_stopped_or_killed_server", &[KILL]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let left = tmp.path().join("doclist-batch-killed");
    std::fs::create_dir_all(left.join("out")).unwrap();
    std::fs::write(
        left.join("sheet.csv"),
        "姓名,身份证号\n张三,310115199804120053\n",
    )
    .unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    std::fs::File::open(&left)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (mut child, addr) = serve(tmp.path());
    assert!(
        !left.exists(),
        "the folder a killed server left is swept at start"
    );

    let mut sheet = String::from("姓名,身份证号,办理途径,居住情况\n");
    for i in 0..3000 {
        sheet.push_str(&format!("张{i},310115199804120053,offline,rented\n"));
    }
    let body = multipart(
        &[
            ("policy", "shanghai/residence-registration"),
            ("date", "2026-12-07"),
        ],
        "s.csv",
        sheet.as_bytes(),
    );
    let mut s = post(&addr, "/batch", &body);
    let mut head = [0u8; 64];
    s.read_exact(&mut head).unwrap();
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    let jobs = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("doclist-batch-")
            })
            .count()
    };
    assert_eq!(jobs(), 1, "the job's folder while it runs");
    // The client neither reads on nor goes away; the server is told to stop.
    assert!(child.interrupt().success());
    assert_eq!(jobs(), 0, "the job's folder after the server stopped");
    drop(s);
}

/// A template that doubles a string thirty times, which grew a process to gigabytes, is
/// stopped in the worker that renders it: `render` and `serve` say so in words within
/// seconds, the server's peak memory stays small and it goes on serving.
#[cfg(target_os = "linux")]
#[test]
fn a_template_that_doubles_a_value_is_stopped_with_a_clear_error() {
    if tools::missing(
        "a_template_that_doubles_a_value_is_stopped_with_a_clear_error",
        &[KILL],
    ) {
        return;
    }
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("checklist.html"),
        format!(
            "{{% set s = \"xxxxxxxx\" %}}{}{{{{ s | length }}}}",
            "{% set s = s ~ s %}".repeat(30)
        ),
    )
    .unwrap();
    let start = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_doclist"))
        .args([
            "render",
            "examples/dormitory-employee.yaml",
            "--format",
            "html",
        ])
        .arg("--templates")
        .arg(templates.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("渲染模板 checklist.html 要用的内存超过 256 MiB"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");

    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve_with(
        tmp.path(),
        &["--templates".as_ref(), templates.path().as_os_str()],
    );
    let pid = child.id();
    let form = "policy=shanghai%2Fresidence-registration&channel=offline&housing=owned\
                &date=2026-11-23&format=html";
    for _ in 0..2 {
        let start = Instant::now();
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            s,
            "POST /checklist HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        let took = start.elapsed();
        assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
        assert!(answer.contains("要用的内存超过 256 MiB"), "{answer}");
        assert!(took < Duration::from_secs(10), "{took:?}");
        eprintln!("stopped in {took:?}");
    }
    let peak = peak_mb(pid).unwrap();
    eprintln!("server peak {peak} MB");
    assert!(peak < 300, "the server's peak memory reached {peak} MB");
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(child.interrupt().success());
}

/// A sheet's file name of a megabyte came back whole in the answer; it is cut to 100
/// characters.
#[test]
fn a_long_upload_file_name_is_cut_in_the_answer() {
    if tools::missing("a_long_upload_file_name_is_cut_in_the_answer", &[KILL]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(tmp.path());
    let name = format!("{}.csv", "名".repeat(1 << 18));
    let body = multipart(
        &[
            ("policy", "shanghai/residence-registration"),
            ("date", "2026-12-07"),
        ],
        &name,
        "姓名,身份证号,办理途径,居住情况\n张三,310115199804120053,offline,rented\n".as_bytes(),
    );
    let mut s = post(&addr, "/batch/check", &body);
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..200.min(answer.len())]
    );
    assert!(answer.len() < 20_000, "{} bytes answered", answer.len());
    assert!(
        answer.contains(&format!("{}…", "名".repeat(100))),
        "{answer}"
    );
    assert!(child.interrupt().success());
}

/// A form posted from a page of another site was accepted; it gets 403 with a Chinese
/// sentence, while the site's own pages and clients that are no browser (curl) go on.
#[test]
fn a_post_from_another_site_is_refused() {
    if tools::missing("a_post_from_another_site_is_refused", &[KILL]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(tmp.path());
    let form = "policy=shanghai%2Fresidence-registration&channel=offline&housing=owned\
                &date=2026-11-23&format=json";
    let send = |extra: &str| {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "POST /checklist HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer
    };
    for cross in [
        "Sec-Fetch-Site: cross-site\r\nOrigin: https://evil.example\r\n".to_string(),
        "Sec-Fetch-Site: same-site\r\n".to_string(),
        "Origin: https://evil.example\r\n".to_string(),
        "Origin: null\r\n".to_string(),
    ] {
        let answer = send(&cross);
        assert!(answer.starts_with("HTTP/1.1 403"), "{cross}: {answer}");
        assert!(answer.contains("别的网站"), "{answer}");
        assert!(
            answer.contains("X-Frame-Options: DENY") || answer.contains("x-frame-options: DENY"),
            "{answer}"
        );
    }
    for same in [
        String::new(),
        "Sec-Fetch-Site: same-origin\r\nOrigin: http://evil.example\r\n".to_string(),
        format!("Origin: http://{addr}\r\n"),
    ] {
        let answer = send(&same);
        assert!(answer.starts_with("HTTP/1.1 200"), "{same}: {answer}");
    }
    assert!(child.interrupt().success());
}

/// The hidden fields of the checklist page's toolbar held the full ID number the page
/// itself masks (and a saved page kept it); they carry it masked, with the birth date it
/// gives, and the PDF or calendar asked for from the page is the same.
#[test]
fn the_checklist_page_holds_no_full_id_number() {
    if tools::missing("the_checklist_page_holds_no_full_id_number", &[KILL]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(tmp.path());
    let send_to = |path: &str, form: &str| {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer
    };
    let send = |form: &str| send_to("/checklist", form);
    let id = "340102201603020121";
    let page = send(&format!(
        "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8\
         &id_number={id}&channel=offline&housing=relative_owned&date=2026-11-23&format=html"
    ));
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(!page.contains(id), "the page holds the full ID number");
    // The toolbar's PDF form, sent as the page sends it, asks for JSON here.
    let form = page
        .split("<form")
        .nth(2)
        .expect("the toolbar's second form");
    let mut fields: Vec<(String, String)> = Vec::new();
    for input in form.split("<input").skip(1) {
        let attr = |name: &str| {
            let start = input.find(&format!("{name}=\""))? + name.len() + 2;
            Some(input[start..start + input[start..].find('"')?].to_string())
        };
        if let (Some(n), Some(v)) = (attr("name"), attr("value")) {
            fields.push((n, v.replace("&#x2F;", "/")));
        }
    }
    assert!(
        fields.contains(&("id_number".into(), "3401**********0121".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("birth_date".into(), "2016-03-02".into())),
        "{fields:?}"
    );
    // 修改回答: the form takes the masked number as given, with no error beside it.
    let back = send_to("/form", &serde_urlencoded::to_string(&fields).unwrap());
    assert!(back.starts_with("HTTP/1.1 200"), "{back}");
    assert!(back.contains(r#"value="3401**********0121""#), "{back}");
    assert!(!back.contains(r#"aria-invalid="true""#), "{back}");
    fields.push(("format".into(), "json".into()));
    let again = send(&serde_urlencoded::to_string(&fields).unwrap());
    assert!(again.starts_with("HTTP/1.1 200"), "{again}");
    let direct = send(&format!(
        "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8\
         &id_number={id}&channel=offline&housing=relative_owned&date=2026-11-23&format=json"
    ));
    let body = |a: &str| {
        let v: serde_json::Value =
            serde_json::from_str(&a[a.find("\r\n\r\n").unwrap() + 4..]).unwrap();
        (
            v["applicant"].clone(),
            v["items"].clone(),
            v["notices"].clone(),
        )
    };
    assert_eq!(body(&again), body(&direct));
    assert!(child.interrupt().success());
}
