//! `batch --plan`: each person's next step on their city's path in the summary, the
//! plans' days in the calendars; and, with or without it, the warnings and deadlines that
//! need HR's attention.

use assert_cmd::Command;
use std::path::Path;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

const SHEET: &str =
    "name,policy,permit_expiry,registration_date,channel,housing,address_changed,birth_date
张三,shanghai/permit-endorsement,2026-09-14,,offline,rented,false,1990-01-01
李四,上海市居住证签注,2026-12-13,,offline,rented,false,1991-02-02
王五,shanghai/residence-permit,,2026-03-01,offline,rented,false,1992-03-03
赵六,shanghai/residence-registration,,,offline,rented,,1993-04-04
";

/// Runs the batch on the sheet and reads `summary.csv` as maps from header to cell.
fn summary(dir: &Path, extra: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let sheet = dir.join("sheet.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    let out = dir.join("out");
    doclist()
        .args([
            "batch",
            sheet.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .args(["--format", "json", "--date", "2026-11-23", "-q"])
        .args(extra)
        .assert()
        .success();
    let mut r = csv::ReaderBuilder::new()
        .from_path(out.join("summary.csv"))
        .unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn the_summary_names_warnings_deadlines_and_what_is_due_without_plans() {
    let dir = tempfile::tempdir().unwrap();
    let rows = summary(dir.path(), &[]);
    let zhang = &rows[0];
    // Seventy days late: may still endorse, and HR sees that the years reset.
    assert_eq!(zhang["状态"], "可办理");
    assert!(zhang["提醒"].contains("居住年限清零"), "{zhang:?}");
    assert_eq!(zhang["到期提醒"], "已过期限");
    assert!(zhang["期限"].contains("2026-11-13"));
    // Twenty days before the permit expires.
    assert_eq!(rows[1]["到期提醒"], "30天内到期");
    assert!(rows[1]["期限"].contains("2026-12-13"), "{:?}", rows[1]);
    assert_eq!(rows[2]["到期提醒"], "");
    assert!(
        !rows[0].contains_key("下一步"),
        "no plan columns without --plan"
    );
    let page = std::fs::read_to_string(dir.path().join("out/summary.html")).unwrap();
    assert!(page.contains("30天内到期 1") && page.contains("已过期限 1"));
}

#[test]
fn with_plans_each_person_has_a_next_step_a_date_and_a_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let rows = summary(dir.path(), &["--plan"]);
    let next: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["下一步"].as_str(),
                r["日期"].as_str(),
                r["最后期限"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        next,
        [
            ("上海市居住证签注", "2026-11-23", "2026-11-13"),
            ("上海市居住证签注", "2026-11-23", "2027-02-11"),
            ("上海市居住证申领", "2026-11-23", "2027-03-01"),
            ("上海市居住登记申报", "2026-11-23", ""),
        ]
    );
    // The registration's row: the permit six months on, then the first endorsement.
    assert_eq!(
        rows[3]["之后"],
        "上海市居住证申领 2027-05-23；上海市居住证签注 2028-04-23"
    );
    let out = dir.path().join("out");
    let own = std::fs::read_to_string(out.join("00005-赵六.ics")).unwrap();
    assert!(own.contains("DTSTART;VALUE=DATE:20270523"), "{own}");
    let all = std::fs::read_to_string(out.join("calendar.ics")).unwrap();
    assert!(
        all.contains("赵六：第2步：上海市居住证申领"),
        "the sheet's calendar names each person"
    );
    // Each step's first day and last day; a last day already past is not put in.
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 12, "{all}");
    let page = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(
        page.contains("下一步（办理路径）") && page.contains("之后：上海市居住证申领 2027-05-23")
    );
}

#[test]
fn a_row_whose_plan_cannot_be_made_is_reported_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "name,policy,stage,permit_expiry\n甲,shanghai/permit-endorsement,castle,2026-12-01\n乙,shanghai/permit-endorsement,,2026-12-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    doclist()
        .args([
            "batch",
            sheet.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .args([
            "--format",
            "json",
            "--date",
            "2026-11-23",
            "-q",
            "--plan",
            "--lang",
            "zh",
        ])
        .assert()
        .code(1);
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(
        errors.contains("stage") && errors.contains("castle"),
        "{errors}"
    );
    assert!(out.join("00003-乙.json").exists() && out.join("00003-乙.ics").exists());
}

/// A person who cannot apply yet: the summary says why, in the CSV and on the page, not
/// only 暂不可办理.
#[test]
fn the_summary_says_why_a_person_cannot_apply_yet() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "name,policy,registration_date,channel,housing,address_changed,birth_date\n\
         钱七,shanghai/residence-permit,2026-10-01,offline,rented,false,1990-01-01\n\
         孙八,shanghai/residence-permit,2026-01-01,offline,rented,false,1990-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    doclist()
        .args(["batch", sheet.to_str().unwrap(), "--out-dir"])
        .arg(&out)
        .args(["--format", "json", "--date", "2026-11-23", "-q"])
        .assert()
        .success();
    let mut r = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let (status, why) = (at("状态"), at("暂不可办理的原因"));
    assert_eq!(&rows[0][status], "暂不可办理");
    assert!(
        rows[0][why].contains("最早可于 2027-04-01 申领"),
        "{:?}",
        &rows[0]
    );
    assert_eq!(&rows[1][status], "可办理");
    assert_eq!(&rows[1][why], "");
    let page = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(
        page.contains("不可办理：居住登记满半年后方可申领居住证"),
        "{page}"
    );
}
