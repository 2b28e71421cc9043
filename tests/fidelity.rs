//! What a person and an HR clerk read: sources as people quote them, assumed answers
//! named, links, and the batch summary grouping the same paper of different cities.

use assert_cmd::Command;
use serde_json::Value;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

fn render(input: &str, format: &str) -> String {
    let o = doclist()
        .args(["render", "-", "--format", format, "--date", "2026-11-23"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

const PROXY_UNKNOWN_DISABILITY: &str = "policy: shanghai/residence-registration\n\
channel: offline\nhousing: rented\nproxy: relative\nbirth_date: 1950-03-01\n";

#[test]
fn html_names_sources_as_people_read_them_and_json_keeps_the_files() {
    let html = render(PROXY_UNKNOWN_DISABILITY, "html");
    assert!(
        html.contains("长宁区公安分局人口办《居住登记居住证培训会》，2023年8月"),
        "the official source by issuer, title and date"
    );
    assert!(!html.contains(".txt"), "no file name on the checklist");
    assert!(!html.contains("§"), "no sections on the checklist");
    assert!(
        html.contains(r#"<a href="https://zwdt.sh.gov.cn/">https://zwdt.sh.gov.cn/</a>"#),
        "a web address in a procedure line is a link"
    );
    let json: Value = serde_json::from_str(&render(PROXY_UNKNOWN_DISABILITY, "json")).unwrap();
    let cite = &json["notices"][0]["source"][0];
    assert!(cite["document"].as_str().unwrap().ends_with(".txt"));
    assert!(!cite["section"].as_str().unwrap().is_empty());
    let src = json["policy"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["authority"] == "official")
        .unwrap();
    assert_eq!(src["issuer"], "长宁区公安分局人口办");
    assert_eq!(src["published"], "2023年8月");
}

#[test]
fn an_unstated_disability_leaves_the_certificate_as_if_applicable() {
    let json: Value = serde_json::from_str(&render(PROXY_UNKNOWN_DISABILITY, "json")).unwrap();
    let card = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "disability_card")
        .expect("the disability certificate is not dropped");
    assert_eq!(card["conditional"], true);
    assert!(card["condition"].as_str().unwrap().contains("残疾人"));
    let html = render(PROXY_UNKNOWN_DISABILITY, "html");
    assert!(html.contains("申请人的残疾人证"));
    assert!(
        html.contains("近亲属包括配偶、父母子女、祖父母、外祖父母、孙子女、外孙子女、同胞兄弟姐妹"),
        "the definition is printed when a near relative acts"
    );
}

#[test]
fn a_default_the_policy_keeps_is_named_on_the_checklist() {
    let input = "policy: shanghai/residence-permit\nchannel: offline\nhousing: owned\n\
address_changed: false\nbasis: residence\nregistration_date: 2026-01-05\n";
    let json: Value = serde_json::from_str(&render(input, "json")).unwrap();
    let proxy = json["applicant"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "proxy")
        .unwrap();
    assert_eq!(proxy["assumed"], true);
    let hukou = json["applicant"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "hukou")
        .unwrap();
    assert_eq!(hukou["assumed"], false);
    assert_eq!(hukou["value"], Value::Null, "no hidden default for hukou");
    let html = render(input, "html");
    assert!(html.contains("未填写，按“本人办理”处理"), "{html}");
    assert!(
        html.contains("未填写，按“否”处理"),
        "fast_track keeps its default"
    );
}

#[test]
fn a_lapsed_registration_blocks_and_gives_the_new_date() {
    let input = std::fs::read_to_string("examples/lapsed-registration.yaml").unwrap();
    let json: Value = serde_json::from_str(&render(&input, "json")).unwrap();
    assert_eq!(json["eligible"], false);
    let n = json["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "registration-expired")
        .unwrap();
    assert_eq!(n["level"], "block");
    assert!(n["text"].as_str().unwrap().contains("2027-05-23"));
    let d = json["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "reregistration_earliest")
        .unwrap();
    assert_eq!(d["date"], "2027-05-23");
    assert_eq!(d["earliest"], true);
}

#[test]
fn the_summary_groups_one_paper_of_two_cities_and_shows_declared_earliest_dates() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("staff.csv");
    std::fs::write(
        &sheet,
        "policy,姓名,birth_date,channel,housing,basis,social_insurance_months,registration_date,talent_permit,permit_expiry,address_changed,hukou\n\
shanghai/residence-permit,甲,1990-01-01,offline,rented,employment,12,2026-01-05,,,false,family\n\
hangzhou/residence-permit,乙,1990-01-01,offline,owned,employment,12,2026-01-05,false,,,\n\
shanghai/permit-endorsement,丙,1990-01-01,online,rented,,,,,2026-12-10,false,\n\
shanghai/residence-permit,丁,1990-01-01,offline,rented,employment,12,2025-09-01,,,false,family\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .args(["--date", "2026-11-23", "--format", "json", "--jobs", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let id = col("本人居民身份证 / 身份证").expect("one column for the ID card of both cities");
    let si = col("社保缴费证明 / 社保证明").expect("one column for social insurance");
    assert!(col("身份证").is_none() && col("本人居民身份证").is_none());
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows[0][id], "x");
    assert_eq!(rows[1][id], "x");
    assert_eq!(rows[0][si], "x");
    assert_eq!(rows[1][si], "x");
    let earliest = col("最早可办日期").unwrap();
    let status = col("状态").unwrap();
    // Online endorsement is blocked; the last day of the 60 days after expiry lies
    // ahead, but it is a deadline, not an earliest date.
    assert_eq!(rows[2][status], "暂不可办理");
    assert_eq!(rows[2][earliest], "");
    // A lapsed registration: the new earliest date, today + 6 months.
    assert_eq!(rows[3][status], "暂不可办理");
    assert_eq!(rows[3][earliest], "2027-05-23");
}
