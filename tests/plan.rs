//! `doclist plan`: the whole path of one person in a city, in every format, and the checks
//! `doclist check` makes of a path file.

#[path = "common/policies.rs"]
mod policies;
#[path = "common/tools.rs"]
mod tools;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

/// Writes an input file and runs `doclist plan` on it.
fn plan(dir: &Path, input: &str, date: &str, format: &str) -> Vec<u8> {
    let file = dir.join("in.yaml");
    std::fs::write(&file, input).unwrap();
    let out = doclist()
        .args([
            "plan",
            file.to_str().unwrap(),
            "--date",
            date,
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn json(dir: &Path, input: &str, date: &str) -> Value {
    serde_json::from_slice(&plan(dir, input, date, "json")).unwrap()
}

fn steps(p: &Value) -> Vec<(String, String)> {
    p["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["date"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect()
}

const NEWCOMER: &str =
    "city: shanghai\nname: 李明\nbirth_date: 1995-03-02\nstage: none\nhousing: rented\nchannel: offline\n";

#[test]
fn a_newcomer_to_shanghai_registers_now_applies_in_six_months_and_endorses_a_year_later() {
    let dir = tempfile::tempdir().unwrap();
    let p = json(dir.path(), NEWCOMER, "2026-11-23");
    assert_eq!(
        steps(&p),
        [
            ("registration".to_string(), "2026-11-23".to_string()),
            ("permit".to_string(), "2027-05-23".to_string()),
            ("endorsement".to_string(), "2028-04-23".to_string()),
        ]
    );
    let permit = &p["steps"][1];
    assert_eq!(permit["until"]["date"], "2027-11-23");
    assert_eq!(permit["from"][0]["estimated"], true);
    // The permit's checklist is made on its day, with the registration the plan made:
    // not too early, whatever today is.
    let c = &permit["checklist"];
    assert_eq!(c["as_of"], "2027-05-23");
    assert_eq!(c["policy"]["id"], "shanghai/residence-permit");
    let reg = c["applicant"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "registration_date")
        .unwrap();
    assert_eq!(reg["value"], "2026-11-23");
    assert!(c["eligibility"]["blocking"].as_array().unwrap().is_empty());
    assert!(p["steps"][2]["again"].as_str().unwrap().contains("每年"));
    assert!(p["open"].is_null());
    assert_eq!(p["path"]["fingerprint"].as_str().unwrap().len(), 12);
}

#[test]
fn a_blank_stage_leaves_the_next_step_open_on_what_decides_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = json(
        dir.path(),
        "city: 上海市\nstage: registered\n",
        "2026-11-23",
    );
    assert!(p["steps"].as_array().unwrap().is_empty());
    let open = &p["open"];
    let ids: Vec<&str> = open["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["registration", "permit"]);
    assert_eq!(open["depends_on"][0]["key"], "registration_date");
    // Each way says when it is the one, over the registration date.
    assert!(open["steps"][0]["condition"]
        .as_str()
        .unwrap()
        .contains("2025-11-22"));
}

#[test]
fn seventy_days_late_the_endorsement_is_late_and_warns_that_the_years_reset() {
    let dir = tempfile::tempdir().unwrap();
    let p = json(
        dir.path(),
        "policy: shanghai/permit-endorsement\nstage: permit\npermit_expiry: 2026-09-14\nchannel: offline\n",
        "2026-11-23",
    );
    let s = &p["steps"][0];
    assert_eq!(s["id"], "endorsement");
    assert_eq!(s["now"], true);
    assert_eq!(s["late"], true);
    let notices: Vec<&str> = s["checklist"]["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(notices.contains(&"years-reset"), "{notices:?}");
}

#[test]
fn a_hangzhou_employee_waits_for_the_later_of_the_two_half_years() {
    let dir = tempfile::tempdir().unwrap();
    let input = "city: hangzhou\nstage: registered\nregistration_date: 2026-09-23\ntalent_permit: false\nparent_has_permit: false\nbasis: employment\nsocial_insurance_months: 1\nbirth_date: 1990-05-01\n";
    let p = json(dir.path(), input, "2026-11-23");
    let permit = &p["steps"][0];
    assert_eq!(permit["date"], "2027-04-23");
    let labels: Vec<(&str, &str)> = permit["from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["label"].as_str().unwrap(), d["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        labels,
        [
            ("居住登记满半年", "2027-03-23"),
            ("社保连续缴纳满6个月", "2027-04-23")
        ]
    );
    // On that day the insurance has grown to six months: the checklist has no block.
    let facts = permit["checklist"]["applicant"]["facts"]
        .as_array()
        .unwrap();
    let months = facts
        .iter()
        .find(|f| f["key"] == "social_insurance_months")
        .unwrap();
    assert_eq!(months["value"], 6);
    assert!(permit["checklist"]["eligibility"]["blocking"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn the_html_plan_lists_the_steps_then_each_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let html = String::from_utf8(plan(dir.path(), NEWCOMER, "2026-11-23", "html")).unwrap();
    for step in [
        "第1步 · 上海市居住登记申报",
        "第2步 · 上海市居住证申领",
        "第3步 · 上海市居住证签注",
    ] {
        assert_eq!(
            html.matches(step).count(),
            2,
            "{step}: once in the list, once as a section"
        );
    }
    assert!(html.contains("约 2027-05-23 起可以办理（按前面的步骤推算）"));
    assert!(html.contains("现在就可以办理"));
    assert_eq!(html.matches("class=\"verdict").count(), 3);
    assert!(html.contains("请保留：保存《上海市居住证受理回执》"));
    // Each step and the page cite their sources by name, never by file.
    assert!(!html.contains(".txt"), "a source named by its file");
    let path_sources = html.split("<footer class=\"sources\">").last().unwrap();
    assert!(path_sources.contains("长宁区公安分局人口办《居住登记居住证培训会》"));
}

#[test]
fn the_pdf_plan_has_the_steps_on_its_first_page_and_a_page_per_step() {
    if tools::missing(
        "the_pdf_plan_has_the_steps_on_its_first_page_and_a_page_per_step",
        &[tools::PDFTOTEXT],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.yaml");
    std::fs::write(&file, NEWCOMER).unwrap();
    let pdf = dir.path().join("plan.pdf");
    doclist()
        .args([
            "plan",
            file.to_str().unwrap(),
            "--date",
            "2026-11-23",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    let first = tools::stdout(
        tools::PDFTOTEXT,
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    for words in [
        "办理步骤",
        "第1步",
        "第2步",
        "第3步",
        "2027-05-23",
        "2028-04-23",
        "现在就可以办理",
    ] {
        assert!(
            first.contains(words),
            "{words} not on the first page:\n{first}"
        );
    }
    let all = tools::stdout(tools::PDFTOTEXT, &[pdf.to_str().unwrap(), "-"]);
    assert!(
        all.contains("房屋租赁合同登记备案证明"),
        "the steps' papers are printed"
    );
    assert!(all.contains("上海市居住证申请表"));
}

#[test]
fn the_calendar_has_each_day_of_each_step_with_uids_that_stay() {
    let dir = tempfile::tempdir().unwrap();
    let read = |date: &str| {
        let bytes = plan(dir.path(), NEWCOMER, date, "ics");
        let text = String::from_utf8(bytes).unwrap();
        let mut events: Vec<(String, String)> = Vec::new();
        let mut uid = String::new();
        for line in text.lines() {
            if let Some(u) = line.strip_prefix("UID:") {
                uid = u.to_string();
            }
            if let Some(d) = line.strip_prefix("DTSTART;VALUE=DATE:") {
                events.push((uid.clone(), d.to_string()));
            }
        }
        events
    };
    let before = read("2026-11-23");
    let days: Vec<&str> = before.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(
        days,
        ["20261123", "20270523", "20271123", "20280423", "20280722"]
    );
    // A week later the registration moves: the same events, at new days.
    let after = read("2026-11-30");
    let uids = |e: &[(String, String)]| e.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&before), uids(&after));
    assert_eq!(after[1].1, "20270530");
}

#[test]
fn an_input_without_a_city_or_for_a_city_without_a_path_is_refused_with_the_cities() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.yaml");
    for (input, words) in [
        ("stage: none\n", "字段 city"),
        ("city: beijing\nstage: none\n", "字段 city"),
        (
            "policy: beijing/residence-permit\nstage: none\n",
            "字段 policy",
        ),
    ] {
        std::fs::write(&file, input).unwrap();
        let out = doclist()
            .args(["--lang", "zh", "plan", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(words) && err.contains("hangzhou") && err.contains("shanghai"),
            "{err}"
        );
    }
}

/// `doclist check` on a copy of the policies whose Shanghai path has `old` replaced.
fn check_with(old: &str, new: &str) -> String {
    let dir = policies::copy();
    let path = dir.path().join("shanghai/path.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old), "{old}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    let out = doclist()
        .args(["--lang", "en", "check", "--policies"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "check must fail");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn line_of(needle: &str) -> usize {
    let text = std::fs::read_to_string("policies/shanghai/path.yaml").unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn check_refuses_a_step_naming_a_procedure_the_city_does_not_have() {
    let out = check_with("procedure: card-update", "procedure: card-updat");
    let line = line_of("procedure: card-update");
    assert!(
        out.contains(&format!("path.yaml:{line}: step `card-update`"))
            && out.contains("card-updat")
            && out.contains("did you mean"),
        "{out}"
    );
}

#[test]
fn check_refuses_a_then_naming_an_unknown_fact_or_value() {
    let out = check_with(
        "stage: registered\n      registration_date: as_of",
        "stage: registerd\n      registration_date: as_of",
    );
    assert!(
        out.contains("`registerd` is not a value") && out.contains("[unknown-value]"),
        "{out}"
    );
    let out = check_with(
        "address_changed: false\n    source",
        "adress_changed: false\n    source",
    );
    assert!(
        out.contains("adress_changed") && out.contains("[unknown-fact]"),
        "{out}"
    );
}

#[test]
fn check_finds_a_loop_that_stands_still_and_a_step_nothing_reaches() {
    // An endorsement that does not move the expiry comes round again on the same day.
    let out = check_with(
        "      permit_expiry: permit_expiry + 1 year\n    source:\n      - {doc: changning2023, section: 上海市居住证签注·上海市居住证签注途径}",
        "      permit_expiry: permit_expiry\n    source:\n      - {doc: changning2023, section: 上海市居住证签注·上海市居住证签注途径}",
    );
    assert!(
        out.contains(
            "step `endorsement`: the plan comes back to this step with no answer moved forward"
        ),
        "{out}"
    );
    // A card update that can only come after an endorsement that never ends.
    let out = check_with(
        "when: stage == permit and auto_endorsed\n",
        "when: stage == registered and auto_endorsed and as_of > registration_expires\n",
    );
    assert!(
        out.contains("step `card-update`: no situation reaches this step"),
        "{out}"
    );
}

#[test]
fn a_date_moved_by_a_number_fact_is_typed_evaluated_and_never_decided_by_guess() {
    use doclist::engine::decide::{Answers, Decision};
    use doclist::model::expr::{compile, compile_date, Env};
    use doclist::model::fact::Value;
    use doclist::model::policy::Library;
    let lib = Library::embedded().unwrap();
    let p = lib.get("hangzhou/residence-permit").unwrap();
    let day = |s: &str| Value::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    let e = compile_date("as_of + 6 months - social_insurance_months months", p).unwrap();
    assert_eq!(
        e.to_string(),
        "as_of + 6 months - social_insurance_months months"
    );
    let mut env = Env::new();
    env.insert("as_of".into(), day("2026-11-23"));
    assert_eq!(e.value(&env), None, "unknown months: no date");
    env.insert("social_insurance_months".into(), Value::Integer(4));
    assert_eq!(e.value(&env), Some(day("2027-01-23")));
    // Only a number fact moves a date.
    let err = compile_date("as_of + basis months", p).unwrap_err();
    assert!(err.to_string().contains("`basis` is not a number"), "{err}");
    // A condition over such a date is open on the months, never taken as decided.
    let when = compile(
        "as_of + 6 months - social_insurance_months months > as_of + 3 months",
        p,
    )
    .unwrap();
    let mut given = Env::new();
    given.insert("as_of".into(), day("2026-11-23"));
    match Answers::new(p, given).decide(Some(&when)) {
        Decision::Open(o) => assert_eq!(o.facts, ["social_insurance_months"]),
        other => panic!("{other:?}"),
    }
}
