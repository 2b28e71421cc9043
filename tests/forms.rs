//! The forms printed after a checklist (委托书, 亲属关系承诺书, 快证书面申请): for every
//! scenario that asks for one, filled in from the answers, blank lines where there is
//! none, ID numbers masked unless `--show-id`, left out with `--no-forms`.

#[path = "common/tools.rs"]
mod tools;

use assert_cmd::Command;
use chrono::NaiveDate;
use doclist::engine::{evaluate, Options};
use doclist::frontend::scenario;
use doclist::model::applicant::{Applicant, RawInput};
use doclist::model::policy::Library;
use doclist::output::render::html;
use doclist::output::render::Templates;
use std::path::Path;

fn doclist() -> Command {
    let mut c = Command::cargo_bin("doclist").expect("the binary is built");
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8");
    c
}

const PROXY: &str = "policy: shanghai/residence-registration
name: 王秀英
id_number: \"11010519491231002X\"
channel: offline
housing: relative_owned
proxy: relative
mobility_impaired: true
trustee_name: 王小明
trustee_id_number: \"340102201603020121\"
relationship: 子女
owner_name: 王小明
";

fn pdf_text(dir: &Path, input: &str, extra: &[&str]) -> (String, String) {
    let file = dir.join("a.yaml");
    std::fs::write(&file, input).unwrap();
    let out = dir.join("a.pdf");
    let o = doclist()
        .arg("render")
        .arg(&file)
        .args(["--date", "2026-11-23", "--format", "pdf", "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        tools::pdftotext(&[], &out),
        tools::stdout(tools::PDFINFO, &[&out]),
    )
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn a_near_relative_proxy_gets_a_filled_in_power_of_attorney_and_kinship_pledge() {
    if tools::missing(
        "a_near_relative_proxy_gets_a_filled_in_power_of_attorney_and_kinship_pledge",
        &[tools::PDFTOTEXT, tools::PDFINFO],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (text, info) = pdf_text(dir.path(), PROXY, &[]);
    let forms = text.split_once("以窗口最新要求为准。").unwrap().1;
    for want in [
        "委托书",
        "委托人（申请人）",
        "王秀英",
        "受托人",
        "王小明",
        "子女",
        "上海市居住登记申报的相关事项",
        "社区事务受理服务中心",
        "长宁区公安分局人口办《居住登记居住证培训会》",
        "亲属关系承诺书",
        "房屋产权人或承租人",
    ] {
        assert!(
            forms.contains(want),
            "`{want}` missing from the forms: {forms}"
        );
    }
    assert!(
        !text.contains("340102201603020121"),
        "masked without --show-id"
    );
    // A masked number is no use at the counter: the forms leave a line to write it on.
    assert!(!forms.contains("**********"), "{forms}");
    assert!(!forms.contains("快证书面申请"));
    // The reasons the answers give are ticked; a disability not said is left to tick.
    let reasons: String = forms
        .split_once("本人因")
        .and_then(|(_, rest)| rest.split_once("不能亲自到场"))
        .map(|(r, _)| r.split_whitespace().collect())
        .unwrap_or_default();
    assert_eq!(reasons, "■年满65周岁、行动不便□残疾，", "{forms}");
    let with_forms = pages(&info);

    let (full, _) = pdf_text(dir.path(), PROXY, &["--show-id"]);
    let forms = full.split_once("以窗口最新要求为准。").unwrap().1;
    assert!(forms.contains("340102201603020121"), "{forms}");

    let (none, info) = pdf_text(dir.path(), PROXY, &["--no-forms"]);
    assert!(!none.contains("承诺人（申请人）"), "{none}");
    assert!(!none.contains("受托人是委托人的"));
    assert_eq!(pages(&info) + 2, with_forms, "a page for each form");
}

#[test]
fn unanswered_fields_are_lines_to_write_on() {
    let lib = Library::embedded().unwrap();
    let policy = lib.get("shanghai/residence-registration").unwrap();
    let raw = doclist::model::applicant::parse_input(
        "channel: offline\nhousing: owned\nproxy: relative\ndisabled: true\n",
        "x",
    )
    .unwrap();
    let a = Applicant::from_input(&raw, policy, &lib, "x").unwrap();
    let c = evaluate(policy, &a, day(), Options::default());
    let templates = Templates::load(None).unwrap();
    let page = html::render(&c, &templates, false).unwrap();
    let form = page
        .split_once(r#"<section class="form-page" id="form-power-of-attorney">"#)
        .expect("the power of attorney is printed")
        .1;
    assert!(form.contains(r#"<h2 class="form-title">委托书</h2>"#));
    assert_eq!(
        page.matches("<h1").count(),
        1,
        "one <h1> a page: the forms have <h2>"
    );
    // Applicant name and ID, trustee name and ID, relationship, office is known.
    let blanks = form.split("</section>").next().unwrap();
    assert!(
        blanks.matches(r#"<span class="blank"#).count() >= 5,
        "{blanks}"
    );
    assert!(
        !page.contains("form-kinship-pledge"),
        "own home: no kinship pledge"
    );
    assert!(
        page.contains("break-before: page"),
        "each form on a new page"
    );
    let without = html::render_view(
        &doclist::output::render::view::View::new(&c, false),
        &templates,
    )
    .unwrap();
    assert!(!without.contains("form-page\" id="));
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Every scenario of every policy: a form is printed exactly when its document is on the
/// checklist (or accepted instead of an item on it).
#[test]
fn every_scenario_that_asks_for_a_form_prints_it() {
    let lib = Library::embedded().unwrap();
    let templates = Templates::load(None).unwrap();
    let mut printed = std::collections::BTreeMap::<&str, usize>::new();
    for f in Library::embedded_scenarios() {
        let policy = lib.get(scenario::policy_id(&f.path)).unwrap();
        for s in scenario::parse(&f.text, &f.path).unwrap().scenarios {
            if s.expect.error.is_some() {
                continue;
            }
            let raw: RawInput = s
                .input
                .iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()))
                .collect();
            let a = Applicant::from_input(&raw, policy, &lib, &s.name).unwrap();
            let date = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").unwrap();
            let c = evaluate(policy, &a, date, Options::default());
            let page = html::render(&c, &templates, false).unwrap();
            for (doc, template, title) in [
                ("power_of_attorney", "power-of-attorney", "委托书"),
                ("kinship_pledge", "kinship-pledge", "亲属关系承诺书"),
                ("fast_track_request", "fast-track-request", "快证书面申请"),
            ] {
                let asked = c.items.iter().any(|i| {
                    !i.conditional && (i.id == doc || i.alternatives.iter().any(|a| a.id == doc))
                });
                let section = format!(r#"id="form-{template}""#);
                assert_eq!(
                    page.contains(&section),
                    asked,
                    "{} / {}: {doc}",
                    f.path,
                    s.name
                );
                if asked {
                    assert!(page.contains(&format!(r#"<h2 class="form-title">{title}</h2>"#)));
                    *printed.entry(doc).or_default() += 1;
                }
            }
        }
    }
    assert_eq!(
        printed.len(),
        3,
        "every form is printed by some scenario: {printed:?}"
    );
}

fn render_err(input: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, input).unwrap();
    let o = doclist()
        .arg("render")
        .arg(&file)
        .args(["--date", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn a_relation_outside_the_near_relatives_is_refused_with_the_definition() {
    let e = render_err(&PROXY.replace("relationship: 子女", "relationship: cousin"));
    assert!(
        e.contains("字段 relationship：与申请人的关系不能填“cousin”：近亲属包括配偶、父母子女、祖父母、外祖父母、孙子女、外孙子女、同胞兄弟姐妹"),
        "{e}"
    );
    assert!(e.contains("可填：spouse（配偶）"), "{e}");
}

#[test]
fn the_trustees_id_number_is_checked_like_the_applicants() {
    let e = render_err(&PROXY.replace("340102201603020121", "340102201603020122"));
    assert!(
        e.contains(
            "字段 trustee_id_number：受托人身份证号第18位校验码应为 1，请核对是否有数字输错"
        ),
        "{e}"
    );
}
