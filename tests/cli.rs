//! The command line as a person uses it: good input renders, bad input gets one clear
//! message naming file and field, exit code 2, and no output file.

use assert_cmd::Command;
use std::path::Path;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

/// Writes an input file and renders it to a file; returns (exit code, stderr, output exists).
fn render_bad(input: &str) -> (i32, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("applicant.yaml");
    std::fs::write(&file, input).unwrap();
    let out = dir.path().join("out.json");
    let o = doclist()
        .args(["--lang", "en", "render"])
        .arg(&file)
        .args(["--date", "2026-11-23", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("applicant.yaml"),
        "the message names the file: {stderr}"
    );
    (o.status.code().unwrap_or(-1), stderr, out.exists())
}

const BASE: &str = "policy: shanghai/residence-registration\nchannel: offline\nhousing: owned\n";

fn assert_rejected(input: &str, wants: &[&str]) {
    let (code, stderr, written) = render_bad(input);
    assert_eq!(code, 2, "exit code 2 for bad input: {stderr}");
    assert!(!written, "no output file for bad input");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for w in wants {
        assert!(stderr.contains(w), "`{w}` missing from: {stderr}");
    }
}

#[test]
fn unknown_key_suggests_the_right_one() {
    assert_rejected(
        &format!("{BASE}disabeld: true\n"),
        &["field `disabeld`", "did you mean `disabled`?"],
    );
}

#[test]
fn wrong_type_says_what_is_expected() {
    assert_rejected(
        &format!("{BASE}disabled: perhaps\n"),
        &["field `disabled`", "expected true or false", "perhaps"],
    );
}

#[test]
fn value_not_allowed_lists_the_allowed_ones() {
    assert_rejected(
        "policy: shanghai/residence-registration\nchannel: offline\nhousing: castle\n",
        &[
            "field `housing`",
            "`castle` is not allowed",
            "owned (本人自购住房)",
            "dormitory",
        ],
    );
}

#[test]
fn impossible_date_is_rejected() {
    assert_rejected(
        &format!("{BASE}birth_date: 2023-02-30\n"),
        &["field `birth_date`", "not a real date"],
    );
}

#[test]
fn bad_id_check_digit_is_rejected() {
    assert_rejected(
        &format!("{BASE}id_number: \"340102201603020122\"\n"),
        &[
            "field `id_number`",
            "check digit",
            "the check digit should be 1",
        ],
    );
}

#[test]
fn birth_date_must_agree_with_the_id_number() {
    assert_rejected(
        &format!("{BASE}id_number: \"340102201603020121\"\nbirth_date: 2016-03-03\n"),
        &["field `birth_date`", "2016-03-02"],
    );
}

#[test]
fn malformed_yaml_names_line_and_column() {
    assert_rejected(
        "policy: shanghai/residence-registration\nchannel: [offline\nhousing: owned\n",
        &["not valid YAML", "line", "column"],
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    assert_rejected(
        "{\"policy\": \"shanghai/residence-registration\",\n \"channel\": offline}",
        &["not valid JSON at line 2, column"],
    );
}

#[test]
fn unknown_policy_lists_the_available_ones() {
    assert_rejected(
        "policy: shanghai/residence-registratoin\n",
        &[
            "unknown policy",
            "did you mean `shanghai/residence-registration`",
        ],
    );
}

#[test]
fn several_problems_are_reported_together() {
    let (code, stderr, _) = render_bad(&format!("{BASE}disabled: 2\nhukou: village\n"));
    assert_eq!(code, 2);
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn bad_date_option_is_rejected() {
    let o = doclist()
        .args([
            "render",
            "examples/child-with-grandparents.yaml",
            "--date",
            "2026-13-01",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--date"));
}

#[test]
fn stdin_input_works() {
    let o = doclist()
        .args(["render", "-", "--date", "2026-11-23"])
        .write_stdin(BASE)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["policy"]["id"], "shanghai/residence-registration");
    assert_eq!(v["as_of"], "2026-11-23");
}

#[test]
fn a_key_only_another_policy_asks_about_is_ignored_not_refused() {
    // `render` reads only the policy the input names; a key of another policy must still
    // be told apart from a key no policy knows.
    let lib = doclist::model::policy::Library::embedded().unwrap();
    let own = lib.get("shanghai/residence-registration").unwrap();
    let key = lib
        .policies()
        .iter()
        .flat_map(|p| p.asked_facts())
        .map(|f| f.key.clone())
        .find(|k| !own.facts.iter().any(|f| &f.key == k))
        .expect("some policy asks what residence-registration does not");
    let o = doclist()
        .args(["render", "-", "--date", "2026-11-23"])
        .write_stdin(format!("{BASE}{key}: x\n"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["applicant"]["ignored"], serde_json::json!([key]), "{v}");
    let (code, stderr, _) = render_bad(&format!("{BASE}no_policy_asks_this: x\n"));
    assert_eq!(code, 2);
    assert!(stderr.contains("no_policy_asks_this"), "{stderr}");
}

#[test]
fn id_number_is_masked_unless_asked() {
    let run = |extra: &[&str]| {
        let o = doclist()
            .args([
                "render",
                "examples/child-with-grandparents.yaml",
                "--date",
                "2026-11-23",
            ])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let masked = run(&[]);
    assert!(masked.contains("3401**********0121"));
    assert!(!masked.contains("340102201603020121"));
    assert!(run(&["--show-id"]).contains("340102201603020121"));
    let html = run(&["--format", "html"]);
    assert!(html.contains("3401**********0121") && !html.contains("340102201603020121"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("checklist.html");
    doclist()
        .args([
            "render",
            "examples/disabled-pensioner.yaml",
            "--date",
            "2026-11-23",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.trim_end().ends_with("</html>"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn templates_can_be_overridden_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("checklist.css"),
        "/* house style */ body { color: navy; }",
    )
    .unwrap();
    let o = doclist()
        .args([
            "render",
            "examples/disabled-pensioner.yaml",
            "--date",
            "2026-11-23",
            "--format",
            "html",
            "--templates",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("house style"));
    assert!(
        html.contains("以窗口最新要求为准"),
        "the rest stays built in"
    );
}

#[test]
fn a_template_that_loops_without_end_is_given_up_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    // A billion turns that write nothing over one small range: neither the bound on
    // output nor the one on `range` numbers stops it.
    std::fs::write(
        dir.path().join("checklist.html"),
        "{% set r = range(end=1000) %}{% for a in r %}{% for b in r %}{% for c in r %}\
         {% endfor %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    let out = dir.path().join("c.html");
    for (lang, words) in [
        (
            "zh",
            "渲染超过 2 秒（模板里可能有停不下来的循环），没有写出任何文件",
        ),
        ("en", "rendering took longer than 2 seconds"),
    ] {
        let started = std::time::Instant::now();
        let o = doclist()
            .env("DOCLIST_RENDER_SECONDS", "2")
            .args(["--lang", lang, "render", "examples/disabled-pensioner.yaml"])
            .args(["--date", "2026-11-23", "--format", "html", "--templates"])
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(words), "{lang}: {err}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "given up, not run to the end"
        );
        assert!(!out.exists(), "nothing written");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

#[test]
fn html_is_autoescaped() {
    let o = doclist()
        .args(["render", "-", "--date", "2026-11-23", "--format", "html"])
        .write_stdin(format!("{BASE}name: \"<script>alert(1)</script>\"\n"))
        .output()
        .unwrap();
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn policies_lists_ids_and_facts() {
    let o = doclist().arg("policies").output().unwrap();
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("shanghai/residence-registration"));
    assert!(s.contains("housing"));
}

#[test]
fn a_broken_policy_directory_names_file_rule_and_fact() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new("policies");
    copy_dir(src, dir.path());
    let file = dir.path().join("shanghai/residence-registration.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "when: housing == dormitory and channel == offline",
            "when: housng == dormitory and channel == offline",
        ),
    )
    .unwrap();
    let o = doclist()
        .args(["render", "examples/disabled-pensioner.yaml", "--policies"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("residence-registration.yaml"), "{e}");
    assert!(e.contains("rule `housing-dormitory-offline`"), "{e}");
    assert!(
        e.contains("unknown fact `housng` (did you mean `housing`?)"),
        "{e}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
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

/// Renders a bad input with the locale and arguments given; returns (exit code, stderr).
fn render_in(lang_env: &str, extra: &[&str], input: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("applicant.yaml");
    std::fs::write(&file, input).unwrap();
    let o = doclist()
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang_env)
        .args(extra)
        .arg("render")
        .arg(&file)
        .args(["--date", "2026-11-23"])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn a_chinese_locale_gets_chinese_messages() {
    let input = "policy: shanghai/residence-registration\nchannel: offline\nhousing: owned\n\
                 id_number: \"340102201603020122\"\nbirth_date: 2001-02-30\n";
    let (code, stderr) = render_in("zh_CN.UTF-8", &[], input);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("错误："), "{stderr}");
    assert!(stderr.contains("applicant.yaml：共 2 处问题："), "{stderr}");
    assert!(
        stderr
            .contains("字段 id_number：身份证号第18位校验码应为 1，请核对是否有数字输错（现为 2）"),
        "{stderr}"
    );
    assert!(
        stderr.contains("字段 birth_date：出生日期“2001-02-30”不是真实存在的日期"),
        "{stderr}"
    );
    // --lang wins over the locale.
    let (_, english) = render_in("zh_CN.UTF-8", &["--lang", "en"], input);
    assert!(english.starts_with("error: "), "{english}");
    assert!(
        english.contains("field `id_number`: ID number: the check digit should be 1"),
        "{english}"
    );
    assert!(
        english.contains("`2001-02-30` is not a real date"),
        "{english}"
    );
    // --lang zh under an English locale.
    let after = |s: &str| s.split_once("applicant.yaml").map(|(_, t)| t.to_string());
    let (_, chinese) = render_in("en_US.UTF-8", &["--lang", "zh"], input);
    assert_eq!(after(&chinese), after(&stderr));
    let (_, default) = render_in("en_US.UTF-8", &[], input);
    assert_eq!(after(&default), after(&english));
}

#[test]
fn explain_and_check_follow_the_language() {
    let run = |lang: &str, args: &[&str]| {
        let o = doclist()
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .args(args)
            .output()
            .unwrap();
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let explain = [
        "explain",
        "examples/child-with-grandparents.yaml",
        "--date",
        "2026-11-23",
    ];
    let (zh, _) = run("zh_CN.UTF-8", &explain);
    assert!(
        zh.contains("\n申请情况\n") && zh.contains("\n不需要\n"),
        "{zh}"
    );
    assert!(
        zh.contains("规则 identity-offline：channel == offline"),
        "{zh}"
    );
    let (en, _) = run("en_US.UTF-8", &explain);
    assert!(
        en.contains("\nFacts\n") && en.contains("\nNot needed\n"),
        "{en}"
    );
    let (_, zh) = run("zh_CN.UTF-8", &["check"]);
    assert!(zh.starts_with("通过："), "{zh}");
    let (_, en) = run("zh_CN.UTF-8", &["--lang", "en", "check"]);
    assert!(en.starts_with("ok: "), "{en}");
}

#[test]
fn a_bad_office_file_is_refused_naming_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        ("nme: 某中心\n", &["office.yaml", "nme", "name"]),
        ("address: 番禺路\n", &["office.yaml", "name"]),
        (
            "name: 某中心\nphone: \"021\u{202e}123\"\n",
            &["office.yaml", "phone", "U+202E"],
        ),
        ("name: [1, [2, [3]]]\nname: x\n", &["office.yaml"]),
    ];
    for (text, wants) in cases {
        let office = dir.path().join("office.yaml");
        std::fs::write(&office, text).unwrap();
        let out = dir.path().join("out.html");
        let o = doclist()
            .args(["--lang", "zh", "render", "examples/dormitory-employee.yaml"])
            .args(["--format", "html", "--office"])
            .arg(&office)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(2), "{text}: {stderr}");
        assert!(!out.exists(), "{text}: no output");
        for w in wants {
            assert!(stderr.contains(w), "{text}: `{w}` missing from {stderr}");
        }
    }
    // A file too large is refused before it is read whole.
    let office = dir.path().join("office.yaml");
    std::fs::write(&office, format!("name: x\n#{}\n", "x".repeat(200_000))).unwrap();
    let o = doclist()
        .args([
            "--lang",
            "zh",
            "render",
            "examples/dormitory-employee.yaml",
            "--office",
        ])
        .arg(&office)
        .output()
        .unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("64 KB"), "{stderr}");
}
