//! `doclist serve` over real HTTP: the server runs in this process on 127.0.0.1 port 0
//! (and, for the command itself, as the binary), and a small client posts to it.

#[path = "common/http.rs"]
mod http;
#[path = "common/tools.rs"]
mod tools;
use http::{agent, reply, Reply};
use tools::{ChildGuard, KILL, PDFTOTEXT};

use doclist::frontend::serve::BODY_LIMIT;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

const SHANGHAI_CHILD: &str =
    "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8\
&id_number=340102201603020121&channel=offline&housing=relative_owned&date=2026-11-23";
const HANGZHOU_COLLECTIVE: &str = "policy=hangzhou%2Fresidence-permit&id_number=42010619980707002X\
&channel=online&registration_date=2026-07-15&basis=residence&housing=rented_collective_land&talent_permit=false&date=2026-11-23";

/// The base URL of a server shared by the tests of this file.
fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(http::start)
}

fn post(path: &str, content_type: &str, body: &str) -> Reply {
    reply(
        agent()
            .post(&format!("{}{path}", base()))
            .header("Content-Type", content_type)
            .send(body),
    )
}

fn post_form(path: &str, body: &str) -> Reply {
    post(path, "application/x-www-form-urlencoded", body)
}

fn get(path: &str) -> Reply {
    reply(agent().get(&format!("{}{path}", base())).call())
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_start_page_lists_every_city_and_procedure() {
    let r = get("/");
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    let page = r.text();
    for needle in ["上海市", "杭州市", "上海市居住登记申报", "杭州市居住证申领"]
    {
        assert!(page.contains(needle), "{needle} missing");
    }
    assert!(page.contains("/form?policy=hangzhou&#x2F;residence-permit"));
}

#[test]
fn the_form_asks_only_what_matters_and_keeps_the_answers() {
    let r = get("/form?policy=shanghai/residence-registration");
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(page.contains(r#"name="housing""#));
    assert!(
        page.contains(r#"data-field="mobility_impaired" data-question hidden"#),
        "limited mobility matters only for a relative as proxy"
    );
    let r = post_form(
        "/form",
        "policy=shanghai%2Fresidence-registration&proxy=relative&housing=relative_owned",
    );
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(page.contains(r#"<option value="relative_owned" selected>"#));
    assert!(
        page.contains(r#"data-field="mobility_impaired" data-question>"#),
        "now it matters"
    );
    let r = get("/form?policy=beijing/residence-permit");
    assert_eq!(r.status, 404);
    let text = r.text();
    assert!(
        text.contains("没有找到办理事项“beijing&#x2F;residence-permit”，请在下面选择。"),
        "{text}"
    );
    assert!(
        !text.contains("可用："),
        "the page lists the procedures by title: {text}"
    );
}

#[test]
fn relevant_questions_follow_the_answers() {
    let keys = |body: &str, which: &str| {
        let r = post_form("/questions", body);
        assert_eq!(r.status, 200, "{}", r.text());
        strings(&r.json()[which])
    };
    // Hangzhou: the housing question matters for a claim on the housing basis only.
    let housing = keys(
        "policy=hangzhou%2Fresidence-permit&basis=residence",
        "visible",
    );
    assert!(housing.contains(&"housing".to_string()), "{housing:?}");
    assert!(!housing.contains(&"social_insurance_months".to_string()));
    let work = keys(
        "policy=hangzhou%2Fresidence-permit&basis=employment",
        "visible",
    );
    assert!(!work.contains(&"housing".to_string()), "{work:?}");
    assert!(work.contains(&"social_insurance_months".to_string()));
    // Shanghai permit: housing only when the address changed; answered keys are not open.
    let same = keys(
        "policy=shanghai%2Fresidence-permit&channel=offline&address_changed=false",
        "open",
    );
    assert!(!same.contains(&"housing".to_string()), "{same:?}");
    assert!(!same.contains(&"channel".to_string()), "answered");
    let moved = keys(
        "policy=shanghai%2Fresidence-permit&channel=offline&address_changed=%E6%98%AF",
        "open",
    );
    assert!(moved.contains(&"housing".to_string()), "{moved:?}");
    // A bad value is reported beside its field, and the JSON client gets the same.
    let r = post(
        "/questions",
        "application/json",
        r#"{"policy":"hangzhou/residence-permit","social_insurance_months":"eight"}"#,
    );
    let errors = &r.json()["errors"];
    assert_eq!(errors[0]["field"], "social_insurance_months");
    assert_eq!(errors[0]["code"], "value-integer");
    assert_eq!(
        errors[0]["message"],
        "社保连续缴纳月数应为 0 或以上的整数，现为“eight”"
    );
}

#[test]
fn a_form_post_gives_the_checklist_page_with_its_toolbar() {
    let r = post_form("/checklist", &format!("{SHANGHAI_CHILD}&format=html"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.content_type.starts_with("text/html"));
    let page = r.text();
    for item in [
        "上海市居住登记申报 材料清单",
        "房地产权证明",
        "近亲属关系证明",
        "监护人的居民身份证",
    ] {
        assert!(page.contains(item), "{item} missing");
    }
    assert!(page.contains("3401**********0121"), "the ID is masked");
    assert!(page.contains(r#"class="doclist-toolbar""#));
    assert!(page.contains("@media print { .doclist-toolbar { display: none"));
    assert!(
        page.contains(r#"<button type="submit" name="format" value="ics""#)
            && page.contains("加入日历"),
        "the 加入日历 link"
    );
    // The calendar behind it: the dates of the page, read back by an iCalendar parser.
    let r = post_form("/checklist", &format!("{SHANGHAI_CHILD}&format=ics"));
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/calendar"),
        "{}",
        r.content_type
    );
    let cal = ical::IcalParser::new(std::io::BufReader::new(&r.body[..]))
        .next()
        .expect("a calendar")
        .expect("it parses");
    assert_eq!(
        cal.events.len(),
        2,
        "earliest day to apply, registration lapses"
    );
    assert!(cal.events.iter().all(|e| e.alarms.len() == 1));
    // format=html is the default
    let r = post_form("/checklist", SHANGHAI_CHILD);
    assert_eq!(r.status, 200);
    assert!(r.text().contains("房地产权证明"));
}

#[test]
fn json_and_pdf_for_api_clients() {
    if tools::missing("json_and_pdf_for_api_clients", &[PDFTOTEXT]) {
        return;
    }
    let r = post_form("/checklist", &format!("{HANGZHOU_COLLECTIVE}&format=json"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.content_type.starts_with("application/json"));
    let c = r.json();
    assert_eq!(c["policy"]["id"], "hangzhou/residence-permit");
    assert_eq!(c["eligible"], false, "registered less than half a year ago");
    assert_eq!(c["as_of"], "2026-11-23");
    let names: Vec<String> = c["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["name"].as_str().map(String::from))
        .collect();
    assert!(
        names.contains(&"《出租安全排查表》".to_string()),
        "{names:?}"
    );

    // The same keys as a JSON body, typed values included.
    let r = post(
        "/checklist",
        "application/json",
        r#"{"policy":"hangzhou/residence-permit","format":"json","date":"2026-11-23",
            "channel":"offline","basis":"employment","social_insurance_months":8,
            "registration_date":"2026-03-01","birth_date":"1990-05-01"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["eligible"], true);

    let r = post_form("/checklist", &format!("{HANGZHOU_COLLECTIVE}&format=pdf"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.content_type, "application/pdf");
    assert_eq!(
        r.disposition,
        "attachment; filename=\"checklist-hangzhou-residence-permit-2026-11-23.pdf\""
    );
    assert!(r.body.starts_with(b"%PDF-"));
    let text = tools::pdf_bytes_text(&r.body);
    assert!(text.contains("出租安全排查表"), "{text}");
    assert!(text.contains("2027-01-15"), "earliest day to apply: {text}");
}

#[test]
fn bad_values_get_the_clis_messages_beside_their_fields() {
    let body =
        "policy=shanghai%2Fresidence-registration&housing=castle&id_number=340102201603020122";
    let r = post_form("/checklist", &format!("{body}&format=json"));
    assert_eq!(r.status, 422);
    let errors = r.json()["errors"].clone();
    let message = |field: &str| {
        errors
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["field"] == field)
            .and_then(|e| e["message"].as_str().map(String::from))
            .unwrap_or_else(|| panic!("no message for {field}: {errors}"))
    };
    let housing = message("housing");
    let id = message("id_number");

    // The CLI says the same.
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("a.yaml");
    std::fs::write(
        &input,
        "policy: shanghai/residence-registration\nhousing: castle\nid_number: \"340102201603020122\"\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_doclist"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("render")
        .arg(&input)
        .output()
        .expect("doclist runs");
    let cli = String::from_utf8_lossy(&out.stderr);
    assert!(cli.contains(&housing), "{cli}\nvs {housing}");
    assert!(cli.contains(&id), "{cli}\nvs {id}");

    // The page: 422, the form again, each message in its field's error line.
    let r = post_form("/checklist", &format!("{body}&format=html"));
    assert_eq!(r.status, 422);
    let page = r.text();
    let line = |field: &str| {
        let start = page
            .find(&format!(r#"id="error-{field}""#))
            .unwrap_or_else(|| panic!("no error line for {field}"));
        let end = start + page[start..].find("</p>").unwrap_or(0);
        page[start..end].to_string()
    };
    assert!(
        line("housing").contains("居住情况不能填“castle”；可填："),
        "{}",
        line("housing")
    );
    assert!(
        line("id_number").contains("身份证号第18位校验码应为 1，请核对是否有数字输错"),
        "{}",
        line("id_number")
    );
    let codes: Vec<&str> = errors
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["value-enum", "id-check-digit"],
        "stable codes beside the messages"
    );
    assert!(
        page.contains(r#"value="340102201603020122""#),
        "the answer is kept"
    );

    // A bad date and a bad format.
    let r = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-registration&date=2026-02-30&format=json",
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "date");
    assert_eq!(r.json()["errors"][0]["code"], "value-date-unreal");
    assert_eq!(
        r.json()["errors"][0]["message"],
        "办理日期“2026-02-30”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD"
    );
    let r = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-registration&format=docx",
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("可用：html、pdf、json"), "{}", r.text());
    assert_eq!(r.json()["errors"][0]["code"], "format-not-allowed");
}

#[test]
fn the_trustee_and_owner_are_asked_when_their_forms_print_and_fill_them() {
    const PROXY: &str = "policy=shanghai%2Fresidence-registration&date=2026-11-23\
&name=%E7%8E%8B%E7%A7%80%E8%8B%B1&birth_date=1950-03-02&channel=online\
&housing=relative_owned&proxy=relative&disabled=false&mobility_impaired=true";
    let shown =
        |page: &str, key: &str| page.contains(&format!(r#"data-field="{key}" data-question>"#));
    // Living in one's own rented flat, acting oneself: no form, no form questions.
    let r = post_form(
        "/form",
        "policy=shanghai%2Fresidence-registration&channel=online&housing=rented",
    );
    let page = r.text();
    for key in [
        "trustee_name",
        "trustee_id_number",
        "relationship",
        "owner_name",
    ] {
        assert!(!shown(&page, key), "{key} hidden");
    }
    // A son acting for his mother in his own flat: the 委托书 and 亲属关系承诺书 print.
    let page = post_form("/form", PROXY).text();
    for key in [
        "trustee_name",
        "trustee_id_number",
        "relationship",
        "owner_name",
    ] {
        assert!(shown(&page, key), "{key} shown");
    }
    let facts = "&trustee_name=%E7%8E%8B%E5%B0%8F%E6%98%8E\
&trustee_id_number=340102201603020121&relationship=child&owner_name=%E7%8E%8B%E5%B0%8F%E6%98%8E";
    let r = post_form("/checklist", &format!("{PROXY}{facts}&format=html"));
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    assert!(html.contains("委托书") && html.contains("亲属关系承诺书"));
    assert!(html.contains("王小明"), "the trustee's name on the form");
    // Masked only in the hidden fields that carry the answers on (a masked number on the
    // form would be a line to write on), and never in full.
    assert_eq!(
        html.matches("3401**********0121").count(),
        html.matches(r#"value="3401**********0121""#).count(),
        "a masked number is a line to write on"
    );
    assert!(!html.contains("340102201603020121"), "never in full");
    // Left out, they are lines to write on; a bad one is refused beside its field.
    let r = post_form("/checklist", &format!("{PROXY}&format=html"));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post_form(
        "/checklist",
        &format!("{PROXY}&trustee_id_number=340102201603020122&relationship=cousin&format=json"),
    );
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(String::from))
        .collect();
    assert_eq!(
        fields,
        ["relationship", "trustee_id_number"],
        "{}",
        r.text()
    );
    assert!(r.text().contains("近亲属包括"), "{}", r.text());
    if tools::missing(
        "the_trustee_and_owner_are_asked_when_their_forms_print_and_fill_them",
        &[PDFTOTEXT],
    ) {
        return;
    }
    let r = post_form("/checklist", &format!("{PROXY}{facts}&format=pdf"));
    assert_eq!(r.status, 200, "{}", r.text());
    let text = tools::pdf_bytes_text(&r.body);
    assert!(text.contains("王小明"), "{text}");
    assert!(!text.contains("**********"), "{text}");
}

#[test]
fn unknown_or_missing_policy_and_unreadable_bodies() {
    let r = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-registraton&format=json",
    );
    assert_eq!(r.status, 404);
    let m = r.json()["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        m.contains("（是否想填“shanghai/residence-registration”？）"),
        "{m}"
    );
    let r = post_form("/checklist", "housing=rented&format=json");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "policy");
    let r = post_form("/checklist", "housing=rented");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("请先在下面选择要办理的事项。"));
    let r = post("/checklist", "text/plain", "housing: rented");
    assert_eq!(r.status, 415);
    let r = post("/checklist", "application/json", "{not json");
    assert_eq!(r.status, 400);
    let r = post_form(
        "/checklist?x",
        "policy=shanghai%2Fresidence-registration&nme=x&format=json",
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("（是否想填“name”？）"));
    assert_eq!(r.json()["errors"][0]["code"], "unknown-field");
    let r = get("/nothing-here");
    assert_eq!(r.status, 404);
    // A person who follows a broken link gets a Chinese page with the way on.
    let page = r.text();
    assert!(page.contains("<title>错误："), "{page}");
    assert!(page.contains("找不到这个网址"), "{page}");
    assert!(
        page.contains("/form?policy=shanghai&#x2F;residence-registration"),
        "{page}"
    );
    assert_eq!(get("/checklist").status, 405);
}

#[test]
fn large_print_is_a_choice_of_the_form_and_the_checklist_page() {
    let form = get("/form?policy=shanghai%2Fresidence-registration").text();
    assert!(form.contains(r#"name="size" value="large""#), "{form}");
    let body =
        "policy=shanghai%2Fresidence-registration&housing=owned&channel=offline&date=2026-11-23";
    let normal = post_form("/checklist", body);
    assert_eq!(normal.status, 200);
    let normal = normal.text();
    assert!(normal.contains(r#"<html lang="zh-CN">"#), "{normal}");
    assert!(normal.contains(r#"name="size" value="large">大字版</button>"#));
    let large = post_form("/checklist", &format!("{body}&size=large")).text();
    assert!(
        large.contains(r#"<html lang="zh-CN" class="large">"#),
        "{large}"
    );
    assert!(large.contains(r#"name="size" value="normal">标准字号</button>"#));
    // The PDF from the large page's toolbar is large too: the choice travels with it.
    assert!(large.contains(r#"<input type="hidden" name="size" value="large">"#));
    let r = post_form("/checklist", &format!("{body}&size=huge&format=json"));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "size");
}

#[test]
fn a_field_given_twice_is_refused_in_forms_and_json() {
    let form = post_form(
        "/checklist",
        "policy=shanghai%2Fresidence-registration&format=json&policy=hangzhou%2Fresidence-permit",
    );
    assert_eq!(form.status, 400, "{}", form.text());
    assert_eq!(form.json()["errors"][0]["code"], "body-field-twice");
    assert!(form.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("字段 policy 填了两次"));
    let json = post(
        "/checklist",
        "application/json",
        r#"{"policy": "shanghai/residence-registration", "format": "json", "policy": "hangzhou/residence-permit"}"#,
    );
    assert_eq!(json.status, 400, "{}", json.text());
    assert!(
        json.text().contains("`policy` is given twice"),
        "{}",
        json.text()
    );
}

#[test]
fn an_oversized_body_is_refused() {
    let big = format!(
        "policy=shanghai%2Fresidence-registration&name={}",
        "x".repeat(BODY_LIMIT + 1)
    );
    for path in ["/checklist", "/questions"] {
        let r = post_form(path, &big);
        assert_eq!(r.status, 413);
        // The API's error shape, as for every other refusal.
        assert!(
            r.content_type.starts_with("application/json"),
            "{}",
            r.content_type
        );
        let message = r.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("64 KiB"), "{message}");
    }
    let fits = format!(
        "policy=shanghai%2Fresidence-registration&format=json&name={}",
        "x".repeat(100)
    );
    assert_eq!(post_form("/checklist", &fits).status, 200);
}

#[test]
fn pages_are_not_cached_and_allow_no_foreign_scripts() {
    let res = agent()
        .get(&format!("{}/", base()))
        .call()
        .expect("request");
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .contains("script-src 'self'"));
    let js = get("/assets/serve.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("/questions"));
}

/// The command: binds 127.0.0.1, prints the address, logs no answers, stops on Ctrl-C.
#[cfg(unix)]
#[test]
fn the_command_serves_logs_no_personal_data_and_stops_on_ctrl_c() {
    if tools::missing(
        "the_command_serves_logs_no_personal_data_and_stops_on_ctrl_c",
        &[KILL],
    ) {
        return;
    }
    let mut child = ChildGuard::spawn(
        Command::new(env!("CARGO_BIN_EXE_doclist"))
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches('/')
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let r = reply(
        agent()
            .post(&format!("{url}/checklist"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(&format!("{SHANGHAI_CHILD}&format=pdf")),
    );
    assert_eq!(r.status, 200);
    let exit = child.interrupt();
    assert!(exit.success(), "{exit:?}");
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("log");
    assert!(log.contains("POST /checklist 200"), "{log}");
    for secret in [
        "李小雨",
        "340102201603020121",
        "relative_owned",
        "%E6%9D%8E",
    ] {
        assert!(!log.contains(secret), "the log shows {secret}: {log}");
    }
}

#[test]
fn an_office_profile_is_printed_on_every_checklist_the_server_makes() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office.yaml");
    std::fs::write(
        &office,
        "name: 新华路街道社区事务受理服务中心\nphone: 021-62800000\n",
    )
    .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let app = doclist::frontend::serve::App::load(None, None)
        .unwrap()
        .with_office(&office, doclist::util::i18n::Lang::Zh)
        .unwrap();
    std::thread::spawn(move || {
        doclist::frontend::serve::serve_listener(listener, app, std::future::pending())
    });
    let r = reply(
        agent()
            .post(&format!("http://{addr}/checklist"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send("policy=shanghai%2Fresidence-registration&housing=owned&channel=offline"),
    );
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(
        page.contains("<strong>新华路街道社区事务受理服务中心</strong>"),
        "{page}"
    );
    assert!(page.contains("电话：021-62800000"), "{page}");
}
