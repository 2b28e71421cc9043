//! Hostile and odd input on the command line: deep nesting, a byte-order mark, keys given
//! twice, YAML tags, long or invisible text, impossible dates, and `-o` pointing at
//! something that is not a plain file.

#[path = "common/tools.rs"]
mod tools;
use tools::{ChildGuard, KILL, MKFIFO};

use assert_cmd::Command;
use std::time::{Duration, Instant};

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

const BASE: &str = "policy: shanghai/residence-registration\nchannel: offline\nhousing: owned\n";

/// Renders `input` (written as bytes) to JSON; returns exit code, stderr and stdout.
fn render(input: &[u8], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("applicant.yaml");
    std::fs::write(&file, input).unwrap();
    let o = doclist()
        .arg("render")
        .arg(&file)
        .args(["--date", "2026-11-23", "--format", "json"])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn refused(input: &[u8], wants: &[&str]) -> String {
    let (code, stderr, stdout) = render(input, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for w in wants {
        assert!(stderr.contains(w), "`{w}` missing from: {stderr}");
    }
    stderr
}

#[test]
fn deep_nesting_is_refused_at_once() {
    let start = Instant::now();
    let deep = format!("{BASE}name: {}\n", "[".repeat(100_000));
    refused(deep.as_bytes(), &["nested more than 64 levels", "line 4"]);
    let json = format!(
        "{{\"policy\": \"shanghai/residence-registration\", \"x\": {}1{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    refused(json.as_bytes(), &["nested more than 64 levels"]);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let mut input = vec![0xEF, 0xBB, 0xBF];
    input.extend_from_slice(format!("{BASE}name: 张三\n").as_bytes());
    let (code, stderr, stdout) = render(&input, &[]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["applicant"]["name"], "张三", "{v}");
}

#[test]
fn a_key_given_twice_in_json_is_refused_as_in_yaml() {
    refused(
        br#"{"policy": "shanghai/residence-registration", "channel": "offline", "housing": "owned", "policy": "hangzhou/residence-permit"}"#,
        &["the key `policy` is given twice", "line 1"],
    );
    refused(
        format!("{BASE}housing: rented\n").as_bytes(),
        &["duplicate", "housing"],
    );
}

#[test]
fn yaml_tags_are_refused() {
    refused(
        format!("{BASE}name: !shell rm\n").as_bytes(),
        &["YAML tags are not read", "!shell"],
    );
    // The tags of the core schema too, which the parser resolves without a trace.
    for tag in [
        "!!binary 5byg5LiJ",
        "!!str 张三",
        "&a !<tag:yaml.org,2002:str> 张三",
    ] {
        refused(
            format!("{BASE}name: {tag}\n").as_bytes(),
            &["YAML tags are not read"],
        );
    }
    // A `!` inside a value is no tag.
    let (code, stderr, _) = render(format!("{BASE}name: \"张三!\"\n").as_bytes(), &[]);
    assert_ne!(code, 2, "{stderr}");
}

/// A policy file with a tag of the core schema (`!!str`) is refused at its line, like any
/// other tag.
#[test]
fn yaml_tags_in_a_policy_are_refused_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(std::path::Path::new("tests/fixtures/good"), dir.path());
    let file = dir.path().join("testcity/permit.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    std::fs::write(&file, text.replacen("title: ", "title: !!str ", 1)).unwrap();
    let o = doclist()
        .args(["check", "--policies"])
        .arg(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("permit.yaml:{line}:")) && out.contains("YAML tags are not read"),
        "{out}"
    );
}

#[test]
fn long_or_invisible_text_is_refused_naming_the_field() {
    let long = format!("{BASE}name: {}\n", "张".repeat(101));
    refused(
        long.as_bytes(),
        &["field `name`", "101 characters", "at most 100"],
    );
    for (text, kind) in [
        ("\"张\\u202E三\"", "text-direction"),
        ("\"张\\u200B三\"", "zero-width"),
        ("\"张\\uE000三\"", "private-use"),
        ("\"张\\e[31m三\"", "control character"),
    ] {
        let stderr = refused(
            format!("{BASE}name: {text}\n").as_bytes(),
            &["field `name`", kind],
        );
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
        assert!(!stderr.contains('\u{202e}'), "{stderr:?}");
    }
}

#[test]
fn a_ten_megabyte_name_is_refused_quickly_for_every_format() {
    let start = Instant::now();
    let name = "张".repeat(10 << 20 >> 2);
    for format in ["json", "html", "pdf"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, format!("{BASE}name: {name}\n")).unwrap();
        let o = doclist()
            .arg("render")
            .arg(&file)
            .args(["--date", "2026-11-23", "--format", format, "-o"])
            .arg(dir.path().join("out"))
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(!dir.path().join("out").exists());
    }
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn birth_dates_must_be_possible() {
    refused(
        format!("{BASE}birth_date: 2027-01-01\n").as_bytes(),
        &["field `birth_date`", "after 2026-11-23"],
    );
    refused(
        format!("{BASE}birth_date: 1850-01-01\n").as_bytes(),
        &["field `birth_date`", "1900"],
    );
    refused(
        format!("{BASE}birth_date: 10000-01-01\n").as_bytes(),
        &["field `birth_date`", "YYYY-MM-DD"],
    );
}

#[cfg(unix)]
#[test]
fn output_to_a_link_replaces_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.yaml");
    std::fs::write(&input, format!("{BASE}name: 张三\n")).unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    doclist()
        .arg("render")
        .arg(&input)
        .args(["--date", "2026-11-23", "--format", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("张三"));
}

#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    if tools::missing("output_to_a_pipe_is_written_through", &[MKFIFO]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.yaml");
    std::fs::write(&input, format!("{BASE}name: 张三\n")).unwrap();
    let fifo = dir.path().join("pipe");
    let made = tools::command(MKFIFO)
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = doclist()
        .arg("render")
        .arg(&input)
        .args(["--date", "2026-11-23", "--format", "json", "-o"])
        .arg(&fifo)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let still_a_pipe = std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo();
    assert!(still_a_pipe, "the pipe was replaced by a file");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = reader.join().unwrap();
    assert!(got.contains("张三"), "{got}");
}

#[test]
fn too_many_jobs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name\nshanghai/residence-registration,张三\n",
    )
    .unwrap();
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .args(["--jobs", "100000"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--jobs"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn control_characters_in_messages_are_shown_escaped() {
    let input = "policy: shanghai/residence-registration\nchannel: offline\nhousing: \"\\e]0;pwned\\a\\e[2J\"\n";
    let stderr = refused(input.as_bytes(), &["field `housing`", "\\u{1b}]0;pwned"]);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}

#[test]
fn a_character_the_fonts_lack_is_bad_input_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, format!("{BASE}name: 张\u{10000}\n")).unwrap();
    // Every format refuses it, so that no output accepts what another cannot print.
    for format in ["pdf", "html", "json"] {
        let out = dir.path().join(format!("out.{format}"));
        let o = doclist()
            .arg("render")
            .arg(&file)
            .args(["--date", "2026-11-23", "--format", format, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{format}: {stderr}");
        assert!(stderr.contains("name: character 2"), "{stderr}");
        assert!(stderr.contains("U+10000"), "{stderr}");
        assert!(!stderr.contains('\u{10000}'), "{stderr}");
        assert!(!out.exists());
    }
    // In a batch it is that row's error, in every format.
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name,channel,housing\nshanghai/residence-registration,张\u{10000},offline,owned\nshanghai/residence-registration,李四,offline,owned\n",
    )
    .unwrap();
    for format in ["jsonl", "html"] {
        let out = dir.path().join(format!("batch-{format}"));
        let o = doclist()
            .arg("batch")
            .arg(&sheet)
            .arg("--out-dir")
            .arg(&out)
            .args(["--date", "2026-11-23", "--format", format])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{format}");
        let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
        assert!(
            errors.contains("2,张\u{10000},name,姓名的第 2 个字符（U+10000）无法打印"),
            "{errors}"
        );
    }
}

/// `serve`: bad characters get 422 naming the field, and the log shows none of the input.
#[cfg(unix)]
#[test]
fn serve_refuses_undrawable_names_with_422_and_logs_no_input() {
    use std::io::{BufRead, BufReader, Read, Write};
    if tools::missing(
        "serve_refuses_undrawable_names_with_422_and_logs_no_input",
        &[KILL],
    ) {
        return;
    }
    let mut child = ChildGuard::spawn(
        std::process::Command::new(env!("CARGO_BIN_EXE_doclist"))
            .args(["serve", "--port", "0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped()),
    );
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let post = |body: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "POST /checklist HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let base =
        "policy=shanghai%2Fresidence-registration&channel=offline&housing=owned&date=2026-11-23";
    // U+10000 (no glyph), U+202E (direction override), ESC.
    for (name, format) in [
        ("%F0%90%80%80", "pdf"),
        ("%E2%80%AE", "pdf"),
        ("%1B%5B2J", "json"),
        ("%F0%90%80%80", "html"),
    ] {
        let r = post(&format!("{base}&name=%E5%BC%A0{name}&format={format}"));
        assert!(r.starts_with("HTTP/1.1 422"), "{name} {format}: {r}");
        if format != "html" {
            assert!(r.contains("\"field\": \"name\""), "{r}");
        }
    }
    child.interrupt();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.contains("POST /checklist 422"), "{log}");
    for bad in ['\u{10000}', '\u{202e}', '\u{1b}', '张'] {
        assert!(!log.contains(bad), "the log shows {bad:?}: {log}");
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn policy_files_may_start_with_a_bom_and_may_not_nest_deep() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(std::path::Path::new("policies"), dir.path());
    let file = dir.path().join("shanghai/residence-registration.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("\u{feff}{text}")).unwrap();
    let o = doclist()
        .args(["check", "--policies"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let start = Instant::now();
    std::fs::write(&file, format!("{text}\nextra: {}\n", "[".repeat(100_000))).unwrap();
    let o = doclist()
        .args(["render", "examples/disabled-pensioner.yaml", "--policies"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("residence-registration.yaml"), "{e}");
    assert!(e.contains("nested more than 64 levels"), "{e}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

/// A date far in the future is refused as input, and no date an output writes has more
/// than four digits of year (it was `+10000-06-30` in JSON and `+100000630` in the calendar).
#[test]
fn dates_far_in_the_future_never_reach_an_output_broken() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.yaml");
    let write = |date: &str| {
        std::fs::write(
            &input,
            format!(
                "policy: shanghai/residence-permit\nname: 张三\nchannel: offline\nregistration_date: {date}\nhousing: owned\naddress_changed: false\nbasis: employment\nsocial_insurance_months: 12\n"
            ),
        )
        .unwrap();
    };
    let render = |format: &str, date: &str| {
        Command::cargo_bin("doclist")
            .unwrap()
            .args(["--lang", "zh", "render"])
            .arg(&input)
            .args(["--format", format, "--date", date])
            .output()
            .unwrap()
    };
    write("9999-12-31");
    let o = render("json", "2026-12-07");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("registration_date") && err.contains("2200"),
        "{err}"
    );
    // The last year taken: every computed date is still a four-digit year.
    write("2200-12-31");
    for format in ["json", "ics"] {
        let o = render(format, "2200-12-31");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            !out.contains("+1") && !out.contains("\"+"),
            "{format}: {out}"
        );
        assert!(
            out.contains("2201"),
            "{format}: a date computed from the last year"
        );
    }
}

/// An applicant file and a policy file have a size limit, checked before they are read
/// whole (a 1 GB comment took 988 MB; 10⁵ rules 624 MB).
#[test]
fn applicant_and_policy_files_have_a_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.yaml");
    let mut text = String::from("policy: shanghai/residence-permit\nname: 张三\n");
    while text.len() <= (1 << 20) {
        text.push_str("# 注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释\n");
    }
    std::fs::write(&input, &text).unwrap();
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["--lang", "zh", "render"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("big.yaml") && err.contains("超过 1 MB"),
        "{err}"
    );
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["--lang", "zh", "render", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));

    let policies = dir.path().join("policies");
    std::fs::create_dir_all(policies.join("t")).unwrap();
    std::fs::copy("policies/facts.yaml", policies.join("facts.yaml")).unwrap();
    let mut policy = String::from("id: t/p\n");
    while policy.len() <= (4 << 20) {
        policy
            .push_str("# 很长的注释很长的注释很长的注释很长的注释很长的注释很长的注释很长的注释\n");
    }
    std::fs::write(policies.join("t/p.yaml"), policy).unwrap();
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["check", "--policies"])
        .arg(&policies)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        all.contains("p.yaml") && all.contains("larger than 4 MB"),
        "{all}"
    );
}

/// A policy file that links out of the policy folder is refused without being read: a
/// link to /etc/passwd echoed the file's text in the error that it is not a policy.
#[cfg(unix)]
#[test]
fn a_policy_linked_from_outside_its_folder_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:秘密口令:/root:/bin/bash\n").unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir_all(policies.join("t")).unwrap();
    std::fs::copy("policies/facts.yaml", policies.join("facts.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, policies.join("t/p.yaml")).unwrap();
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["check", "--policies"])
        .arg(&policies)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        all.contains("p.yaml") && all.contains("outside the policy folder"),
        "{all}"
    );
    assert!(
        !all.contains("秘密口令") && !all.contains("root:x"),
        "{all}"
    );
}

/// A folder of `--templates` that links out of it (`forms -> /somewhere`) is refused,
/// naming it, as a linked file is: its files were read as templates.
#[cfg(unix)]
#[test]
fn a_template_folder_linked_from_outside_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("forms")).unwrap();
    std::fs::write(
        outside.path().join("forms/macros.html"),
        "秘密口令 {% macro x() %}{% endmacro x %}",
    )
    .unwrap();
    let templates = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("forms"), templates.path().join("forms"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("applicant.yaml");
    std::fs::write(&file, format!("{BASE}name: 张三\n")).unwrap();
    let o = doclist()
        .arg("render")
        .arg(&file)
        .args(["--date", "2026-11-23", "--format", "html", "--templates"])
        .arg(templates.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("forms leads outside the templates folder"),
        "{err}"
    );
    assert!(
        !out.contains("秘密口令") && !err.contains("秘密口令"),
        "{out}{err}"
    );
}

/// A folder or file that cannot be written is exit 1 however it was named: a `--out-dir`
/// that cannot be made was 2, as if the input were wrong, while `-o` to a file that cannot
/// be written was 1.
#[test]
fn what_cannot_be_written_exits_1_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let sheet = dir.path().join("staff.csv");
    std::fs::write(
        &sheet,
        "policy,姓名,身份证号,办理途径,居住情况\nshanghai/residence-registration,张三,310115199804120053,offline,rented\n",
    )
    .unwrap();
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(blocker.join("out"))
        .args(["--date", "2026-11-23", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("a-file"), "{err}");
    let input = dir.path().join("applicant.yaml");
    std::fs::write(&input, format!("{BASE}name: 张三\n")).unwrap();
    let o = doclist()
        .arg("render")
        .arg(&input)
        .args(["--date", "2026-11-23", "--format", "json", "-o"])
        .arg(blocker.join("out.json"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
