//! Dated versions: the version in force on `--date` is used and named in JSON, HTML and
//! PDF; a date before the first version is a clear error; a policy last verified more
//! than a year before the date carries a warning in every output.

#[path = "common/tools.rs"]
mod tools;
use tools::PDFTOTEXT;

use assert_cmd::Command;
use std::path::Path;

const DIR: &str = "tests/fixtures/versions";
const INPUT: &str = "policy: testcity/permit\nname: 王五\nchannel: online\nhousing: rented\n";

/// Renders the fixture applicant; returns (exit code, stdout, stderr).
fn render(dir: &Path, date: &str, format: &str, policies: Option<&str>) -> (i32, Vec<u8>, String) {
    let input = dir.join("applicant.yaml");
    std::fs::write(&input, INPUT).unwrap();
    let out = dir.join(format!("out.{format}"));
    let mut cmd = Command::cargo_bin("doclist").unwrap();
    cmd.arg("render").arg(&input);
    if let Some(p) = policies {
        cmd.args(["--policies", p]);
    }
    let o = cmd
        .args(["--date", date, "--format", format, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let bytes = std::fs::read(&out).unwrap_or_default();
    (
        o.status.code().unwrap_or(-1),
        bytes,
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn json(date: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = render(dir.path(), date, "json", Some(DIR));
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&out).unwrap()
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf).unwrap();
    tools::pdftotext(&[], &path)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_date_picks_the_version_in_force() {
    let old = json("2025-06-01");
    assert_eq!(old["policy"]["version"], "2025.1");
    assert_eq!(old["policy"]["effective"], "2025-01-01");
    let ids: Vec<&str> = old["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["id_card"], "online renters need no contract in 2025");

    let day_before = json("2026-06-30");
    assert_eq!(day_before["policy"]["version"], "2025.1");

    let new = json("2026-07-01");
    assert_eq!(new["policy"]["version"], "2026.7");
    assert_eq!(new["policy"]["effective"], "2026-07-01");
    assert!(new["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == "rental"));
}

#[test]
fn html_and_pdf_name_the_version_and_its_effective_date() {
    if tools::missing(
        "html_and_pdf_name_the_version_and_its_effective_date",
        &[PDFTOTEXT],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, html, err) = render(dir.path(), "2026-08-01", "html", Some(DIR));
    assert_eq!(code, 0, "{err}");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("版本 2026.7"), "HTML names the version");
    assert!(
        html.contains("2026-07-01 起施行"),
        "HTML names the effective date"
    );

    let (code, pdf, err) = render(dir.path(), "2025-06-01", "pdf", Some(DIR));
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&pdf);
    assert!(text.contains("版本2025.1"), "PDF names the version: {text}");
    assert!(
        text.contains("2025-01-01起施行"),
        "PDF names the effective date"
    );
}

#[test]
fn a_date_before_the_first_version_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = render(dir.path(), "2024-12-31", "json", Some(DIR));
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no output file");
    assert!(
        err.contains("has no version in force on 2024-12-31")
            && err.contains("first version takes effect on 2025-01-01"),
        "{err}"
    );
}

#[test]
fn a_policy_not_verified_for_a_year_warns_in_every_output() {
    if tools::missing(
        "a_policy_not_verified_for_a_year_warns_in_every_output",
        &[PDFTOTEXT],
    ) {
        return;
    }
    // The old version was last verified 2025-06-01: stale on 2026-06-30, fine before.
    let fresh = json("2026-06-01");
    assert!(fresh["notices"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["id"] != "policy-not-verified"));
    let stale = json("2026-06-30");
    let n = stale["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "policy-not-verified")
        .expect("a warning");
    assert_eq!(n["level"], "warn");
    let text = n["text"].as_str().unwrap();
    assert!(text.contains("请向窗口核实最新要求") && text.contains("2025-06-01"));
    assert!(n["source"][0]["document"]
        .as_str()
        .unwrap()
        .ends_with("testcity/permit/2025-01-01.yaml"));
    assert_eq!(stale["eligible"], true, "a warning, not a block");

    // The shipped policies, two years on: JSON, HTML and PDF all carry it.
    let dir = tempfile::tempdir().unwrap();
    let input = "policy: shanghai/residence-registration\nchannel: offline\nhousing: owned\n";
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, input).unwrap();
    for format in ["json", "html", "pdf"] {
        let out = dir.path().join(format!("out.{format}"));
        let o = Command::cargo_bin("doclist")
            .unwrap()
            .arg("render")
            .arg(&file)
            .args(["--date", "2028-01-01", "--format", format, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&out).unwrap();
        let text = if format == "pdf" {
            pdf_text(&bytes)
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(text.contains("请向窗口核实最新要求"), "{format}");
    }
}
