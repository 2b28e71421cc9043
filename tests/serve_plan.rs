//! The plan on the web page: the start page's 「不知道该办哪一项？」, the plan's questions,
//! the plan page with a link to each step's checklist, its PDF and calendar.

#[path = "common/http.rs"]
mod http;
#[path = "common/tools.rs"]
mod tools;
use http::{agent, reply, Reply};

use std::sync::OnceLock;

fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(http::start)
}

fn get(path: &str) -> Reply {
    reply(agent().get(&format!("{}{path}", base())).call())
}

fn post_form(path: &str, body: &str) -> Reply {
    reply(
        agent()
            .post(&format!("{}{path}", base()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body),
    )
}

/// The visible fields of a form page, by `data-field`.
fn visible_fields(page: &str) -> Vec<String> {
    page.split("<div class=\"field")
        .skip(1)
        .filter(|chunk| !chunk[..chunk.find('>').unwrap_or(0)].contains("hidden"))
        .filter_map(|chunk| {
            let start = chunk.find("data-field=\"")? + 12;
            let end = chunk[start..].find('"')? + start;
            Some(chunk[start..end].to_string())
        })
        .collect()
}

#[test]
fn the_start_page_asks_first_whether_you_know_what_to_do() {
    let page = get("/").text();
    let first_card = page
        .find("不知道该办哪一项？")
        .expect("the question is there");
    let first_procedure = page.find("/form?policy=").unwrap();
    assert!(
        first_card < first_procedure,
        "the plan comes before the procedures"
    );
    assert!(
        page.contains("href=\"/plan?city=shanghai\"")
            && page.contains("href=\"/plan?city=hangzhou\"")
    );
}

#[test]
fn the_plan_form_asks_what_decides_the_path_and_more_as_answers_come() {
    let blank = get("/plan?city=shanghai");
    assert_eq!(blank.status, 200);
    let shown = visible_fields(&blank.text());
    assert!(shown.contains(&"stage".to_string()), "{shown:?}");
    assert!(
        shown.contains(&"registration_date".to_string()),
        "{shown:?}"
    );
    assert!(!shown.contains(&"change_date".to_string()), "{shown:?}");
    // A permit holder is asked the card's date; one who moved, the day of the move.
    let holder = post_form(
        "/plan/form",
        "city=shanghai&stage=permit&address_changed=true",
    )
    .text();
    let shown = visible_fields(&holder);
    assert!(
        shown.contains(&"permit_expiry".to_string()) && shown.contains(&"change_date".to_string()),
        "{shown:?}"
    );
    assert!(
        holder.contains("value=\"permit\" selected"),
        "the answer is kept"
    );
    let unknown = get("/plan?city=beijing");
    assert_eq!(unknown.status, 404);
    let text = unknown.text();
    assert!(text.contains("没有“beijing”的办理路径"), "{text}");
    assert!(!text.contains("city:"), "words for input files: {text}");
    // No city yet: the start page, which offers them, without an error.
    let start = get("/plan");
    assert_eq!(start.status, 200);
    let text = start.text();
    assert!(text.contains("href=\"/plan?city=shanghai\""), "{text}");
    assert!(!text.contains("id=\"error-summary\""), "{text}");
}

#[test]
fn the_plan_page_links_each_step_to_its_checklist_with_the_answers_carried_over() {
    let r = post_form(
        "/plan",
        "city=shanghai&stage=none&housing=rented&channel=offline&name=%E6%9D%8E%E6%98%8E&date=2026-11-23&format=html",
    );
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(page.contains("doclist-toolbar") && page.contains("action=\"&#x2F;plan&#x2F;form\""));
    let links: Vec<String> = page
        .split("href=\"&#x2F;form?")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .collect();
    assert_eq!(links.len(), 6, "two links a step, three steps");
    let permit = links
        .iter()
        .find(|l| l.contains("residence-permit"))
        .unwrap();
    assert!(
        permit.contains("registration_date=2026-11-23") && permit.contains("date=2027-05-23"),
        "{permit}"
    );
    // The link opens the permit's form, filled with what the plan carried over.
    let form = get(&format!("/form?{permit}")).text();
    assert!(form.contains("name=\"registration_date\" value=\"2026-11-23\""));
    assert!(form.contains("value=\"2027-05-23\""));
    assert!(form.contains("value=\"rented\" selected"));
}

#[test]
fn the_plan_comes_as_pdf_calendar_and_json_and_bad_answers_stay_beside_their_fields() {
    let body = "city=hangzhou&stage=none&talent_permit=true&date=2026-11-23";
    let pdf = post_form("/plan", &format!("{body}&format=pdf"));
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert!(
        pdf.disposition.contains("plan-hangzhou-2026-11-23.pdf"),
        "{}",
        pdf.disposition
    );
    let ics = post_form("/plan", &format!("{body}&format=ics")).text();
    assert!(
        ics.contains("BEGIN:VCALENDAR") && ics.contains("DTSTART;VALUE=DATE:20271123"),
        "{ics}"
    );
    let json = post_form("/plan", &format!("{body}&format=json")).json();
    assert_eq!(json["steps"][0]["id"], "permit");
    assert_eq!(json["steps"][0]["now"], true);
    let bad = post_form("/plan", "city=shanghai&stage=castle&format=html");
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("目前办到哪一步不能填“castle”"));
    let api = post_form("/plan", "city=shanghai&stage=castle&format=json");
    assert_eq!(api.status, 422);
    assert_eq!(api.json()["errors"][0]["field"], "stage");
}

#[test]
fn a_checklist_that_another_procedure_must_precede_links_to_it_with_the_answers() {
    // A permit asked for on a registration more than a year old.
    let r = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-permit&name=%E5%AD%99%E7%AB%8B&registration_date=2025-09-01&channel=offline&housing=rented&date=2026-11-23&format=html",
    );
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(
        page.contains("请先办理</strong>上海市居住登记申报"),
        "the page says it"
    );
    let href = page
        .split("class=\"first-link\" href=\"")
        .nth(1)
        .expect("the toolbar links it")
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#x2F;", "/");
    assert!(
        href.contains("policy=shanghai%2Fresidence-registration")
            && href.contains("housing=rented"),
        "{href}"
    );
    let form = get(&href).text();
    assert!(form.contains("上海市居住登记申报") && form.contains("value=\"rented\" selected"));
}

#[test]
fn a_refused_form_leads_with_an_error_summary_and_enter_shows_the_checklist() {
    let r = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-registration&id_number=12345&date=2026-11-23&format=html",
    );
    assert_eq!(r.status, 422);
    let page = r.text();
    assert!(page.contains("<title>错误："), "the title says so first");
    let summary = page
        .find("id=\"error-summary\"")
        .expect("a summary at the top");
    assert!(page[summary..].contains("autofocus"));
    assert!(
        page.contains("<a href=\"#f-id_number\">身份证号："),
        "each error links to its field"
    );
    assert!(!page.contains("role=\"alert\""), "no alert present at load");
    // The first submit button, which Enter presses, is the main one.
    let form = page
        .find("<form method=\"post\" action=\"/checklist\"")
        .unwrap();
    let first_button = &page[form..][page[form..].find("<button").unwrap()..];
    assert!(
        first_button.starts_with("<button type=\"submit\" name=\"format\" value=\"html\""),
        "{}",
        &first_button[..120]
    );
}

#[test]
fn the_plan_forms_questions_follow_the_answers_as_json() {
    let ask = |body: &str| post_form("/plan/questions", body).json();
    let newcomer = ask("city=shanghai&stage=none");
    assert_eq!(
        newcomer["visible"],
        serde_json::json!(["stage"]),
        "{newcomer:#}"
    );
    let holder = ask("city=shanghai&stage=permit");
    let visible: Vec<&str> = holder["visible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        visible,
        ["stage", "permit_expiry", "auto_endorsed", "address_changed"]
    );
    assert_eq!(holder["open"][0], "permit_expiry");
    let bad = ask("city=shanghai&stage=castle");
    assert_eq!(bad["errors"][0]["field"], "stage", "{bad:#}");
    // The form asks it as the answers change.
    let page = get("/plan?city=shanghai").text();
    assert!(
        page.contains("data-questions=\"/plan/questions\"")
            || page.contains("data-questions=\"&#x2F;plan&#x2F;questions\"")
    );
}
