//! `doclist diff`: a policy edit made as a maintainer makes it shows exactly the
//! scenarios and sheet rows whose checklist changes, in text, JSON and HTML; an unedited
//! copy shows nothing and exits 0.

#[path = "common/policies.rs"]
mod policies_copy;

use assert_cmd::Command;
use doclist::engine::Options;
use doclist::frontend::diff::{cases, Case};
use doclist::frontend::request::checklist_from_raw;
use doclist::model::policy::Library;
use std::collections::BTreeSet;
use std::path::Path;

const RULE: &str = "housing-dormitory-offline";
const ADDED: &str = "owner_consent";

/// A copy of the shipped policies; `edit`: the dormitory rule for the counter also asks
/// for one more paper.
fn policies(edit: bool) -> tempfile::TempDir {
    let dir = policies_copy::copy();
    if edit {
        let path = dir.path().join("shanghai/residence-permit.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let anchor = format!("  - id: {RULE}\n");
        let at = text.find(&anchor).unwrap();
        let items = text[at..].find("    items:\n").unwrap() + at + "    items:\n".len();
        let edited = format!(
            "{}      - doc: {ADDED}\n        original: true\n{}",
            &text[..items],
            &text[items..]
        );
        std::fs::write(&path, edited).unwrap();
    }
    dir
}

fn diff(args: &[&str]) -> (i32, String, String) {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// The cases whose checklist under the shipped rules has a line the edited rule puts
/// there: exactly those must change.
fn expected(cases: &[Case]) -> BTreeSet<String> {
    let lib = Library::from_dir(Path::new("policies")).unwrap();
    cases
        .iter()
        .filter(|c| {
            checklist_from_raw(
                &lib,
                &c.raw,
                &c.origin,
                c.policy.as_deref(),
                c.as_of,
                Options::default(),
            )
            .is_ok_and(|ck| {
                ck.policy.id == "shanghai/residence-permit"
                    && ck
                        .items
                        .iter()
                        .any(|i| i.rules.iter().any(|r| r == RULE) && i.id != ADDED)
            })
        })
        .map(|c| format!("{}|{}", c.origin, c.label))
        .collect()
}

fn labels(json: &serde_json::Value) -> BTreeSet<String> {
    json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}|{}",
                e["origin"].as_str().unwrap(),
                e["label"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_paper_added_for_one_housing_type_changes_exactly_those_scenarios() {
    let edited = policies(true);
    let dir = edited.path().to_str().unwrap();
    let (code, out, err) = diff(&["--against", dir, "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = Library::embedded_files();
    let all = cases::scenarios(&[&files]);
    let want = expected(&all);
    assert!(want.len() >= 2, "{want:?}");
    assert_eq!(labels(&json), want);
    assert_eq!(json["totals"]["cases"], all.len());
    for e in json["entries"].as_array().unwrap() {
        let papers = e["changes"]["papers"].as_array().unwrap();
        assert_eq!(papers.len(), 1, "{e}");
        assert_eq!(papers[0]["id"], ADDED);
        assert_eq!(papers[0]["change"], "added");
        assert_eq!(papers[0]["rules"][0], RULE);
        assert!(
            e["changes"]["notices"].as_array().unwrap().is_empty(),
            "{e}"
        );
        assert_ne!(e["before"]["fingerprint"], e["after"]["fingerprint"]);
    }

    // The same in words, for the terminal and for HR.
    let (code, text, _) = diff(&["--lang", "zh", "--against", dir]);
    assert_eq!(code, 1);
    assert_eq!(
        text.matches("+ 新增材料 所有权人同意接受居住的声明")
            .count(),
        want.len(),
        "{text}"
    );
    assert!(text.contains(&format!("规则：{RULE}")), "{text}");
    assert!(text.contains(&format!("{} 个有变化", want.len())), "{text}");
    let (code, html, _) = diff(&["--against", dir, "--format", "html"]);
    assert_eq!(code, 1);
    assert!(html.contains("<title>规则变化汇总</title>"), "{html}");
    assert_eq!(
        html.matches("<section class=\"person\">").count(),
        want.len()
    );
    assert!(
        html.contains("新增材料 所有权人同意接受居住的声明"),
        "{html}"
    );
}

#[test]
fn an_unedited_copy_changes_nothing() {
    let same = policies(false);
    let (code, out, err) = diff(&["--lang", "en", "--against", same.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" 0 changed"), "{out}");
}

#[test]
fn a_sheet_shows_exactly_the_rows_that_change() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("staff.csv");
    Command::cargo_bin("doclist")
        .unwrap()
        .args(["gen-sheet", "600"])
        .arg(&sheet)
        .assert()
        .success();
    let edited = policies(true);
    let (code, out, err) = diff(&[
        "--sheet",
        sheet.to_str().unwrap(),
        "--against",
        edited.path().to_str().unwrap(),
        "--as-of",
        "2026-12-07",
        "--format",
        "json",
    ]);
    assert!(code == 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lib = Library::embedded().unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let rows = cases::sheet(&sheet, &lib, None, date).unwrap();
    let want = expected(&rows);
    assert!(!want.is_empty());
    assert_eq!(labels(&json), want);
}

#[test]
fn the_versions_of_one_folder_on_two_days() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.yaml");
    std::fs::write(
        &input,
        "policy: testcity/permit\nname: 王五\nchannel: online\nhousing: rented\n",
    )
    .unwrap();
    let (code, out, err) = diff(&[
        input.to_str().unwrap(),
        "--policies",
        "tests/fixtures/versions",
        "--date",
        "2026-01-01",
        "--to",
        "2026-08-01",
        "--as-of",
        "2026-08-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &json["entries"][0];
    assert_eq!(e["before"]["version"], "2025.1");
    assert_eq!(e["after"]["version"], "2026.7");
    assert_eq!(e["changes"]["papers"][0]["change"], "added");
    // A dormitory is asked the same papers under both; only the older version's
    // "last verified over a year ago" notice goes.
    std::fs::write(
        &input,
        "policy: testcity/permit\nname: 王五\nchannel: online\nhousing: dormitory\n",
    )
    .unwrap();
    let (code, out, err) = diff(&[
        input.to_str().unwrap(),
        "--policies",
        "tests/fixtures/versions",
        "--date",
        "2026-01-01",
        "--to",
        "2026-08-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = &json["entries"][0]["changes"];
    assert!(c["papers"].as_array().unwrap().is_empty(), "{c}");
    let notices = c["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 1, "{c}");
    assert_eq!(notices[0]["id"], "policy-not-verified");
    assert_eq!(notices[0]["change"], "removed");
}

#[test]
fn one_rule_set_is_refused_with_what_to_give() {
    let (code, _, err) = diff(&["--lang", "zh"]);
    assert_eq!(code, 2);
    assert!(err.contains("--against") && err.contains("--to"), "{err}");
}
