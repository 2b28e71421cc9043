use super::*;
use crate::model::expr::compile;
use crate::model::policy::Library;
use chrono::NaiveDate;

fn day(s: &str) -> Value {
    Value::Date(s.parse::<NaiveDate>().unwrap())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn given(pairs: &[(&str, Value)]) -> Env {
    let mut env: Env = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    env.entry("as_of".into()).or_insert(day("2026-11-23"));
    env
}

fn decide(policy: &str, when: &str, pairs: &[(&str, Value)]) -> Decision {
    let lib = Library::embedded().unwrap();
    let p = lib.get(policy).unwrap();
    let e = compile(when, p).unwrap();
    Answers::new(p, given(pairs)).decide(Some(&e))
}

fn open_on(d: &Decision) -> Vec<String> {
    match d {
        Decision::Open(o) => o.facts.clone(),
        other => panic!("not open: {other:?}"),
    }
}

#[test]
fn a_condition_true_for_every_value_is_certain() {
    let d = decide(
        "hangzhou/residence-permit",
        "channel == offline or channel == online",
        &[],
    );
    assert_eq!(d, Decision::Certain);
    let d = decide(
        "hangzhou/residence-permit",
        "channel == offline and channel == online",
        &[],
    );
    assert_eq!(d, Decision::Excluded);
}

#[test]
fn an_open_condition_names_only_the_facts_that_decide_it() {
    let lib = Library::embedded().unwrap();
    let p = lib.get("shanghai/residence-permit").unwrap();
    let e = compile(
        "(channel == offline and basis == employment) or (channel != offline and basis == employment)",
        p,
    )
    .unwrap();
    let d = Answers::new(p, given(&[])).decide(Some(&e));
    assert_eq!(open_on(&d), vec!["basis".to_string()]);
    let Decision::Open(o) = d else { unreachable!() };
    assert_eq!(o.when.describe(p), "申领依据：合法稳定就业");
}

#[test]
fn a_date_threshold_is_found_through_a_computed_date() {
    // Hangzhou: too early while as_of < registration_date + 6 months (no talent permit).
    let when =
        "as_of < permit_earliest and not talent_permit and not (age < 16 and parent_has_permit)";
    let d = decide(
        "hangzhou/residence-permit",
        when,
        &[
            ("registration_date", day("2026-09-01")),
            ("age", Value::Integer(30)),
        ],
    );
    assert_eq!(open_on(&d), vec!["talent_permit".to_string()]);
    let d = decide(
        "hangzhou/residence-permit",
        when,
        &[
            ("talent_permit", Value::Bool(false)),
            ("age", Value::Integer(30)),
        ],
    );
    assert_eq!(open_on(&d), vec!["registration_date".to_string()]);
    let Decision::Open(o) = d else { unreachable!() };
    // Registered after 2026-05-23 is too early on 2026-11-23.
    let lib = Library::embedded().unwrap();
    let p = lib.get("hangzhou/residence-permit").unwrap();
    assert_eq!(o.when.describe(p), "居住登记日期 ≥ 2026-05-24");
    // A 16-year-old is not exempt, a 15-year-old with a parent's permit is.
    let d = decide(
        "hangzhou/residence-permit",
        when,
        &[
            ("registration_date", day("2026-09-01")),
            ("talent_permit", Value::Bool(false)),
            ("age", Value::Integer(16)),
        ],
    );
    assert_eq!(d, Decision::Certain);
    let d = decide(
        "hangzhou/residence-permit",
        when,
        &[
            ("registration_date", day("2026-09-01")),
            ("talent_permit", Value::Bool(false)),
        ],
    );
    assert_eq!(
        open_on(&d),
        vec!["age".to_string(), "parent_has_permit".to_string()]
    );
}

#[test]
fn an_unknown_number_is_tried_around_its_threshold() {
    let d = decide(
        "hangzhou/residence-permit",
        "basis == employment and social_insurance_months < 6",
        &[("basis", text("employment"))],
    );
    let Decision::Open(o) = d else { panic!() };
    let lib = Library::embedded().unwrap();
    let p = lib.get("hangzhou/residence-permit").unwrap();
    assert_eq!(o.when.describe(p), "社保连续缴纳月数 ≤ 5");
}

#[test]
fn a_default_is_taken_only_where_the_policy_allows_it() {
    use crate::model::applicant::Applicant;
    let lib = Library::embedded().unwrap();
    let p = lib.get("shanghai/residence-registration").unwrap();
    let person = |birth: &str| Applicant {
        name: None,
        id_number: None,
        birth_date: Some(birth.parse().unwrap()),
        values: [
            ("proxy".to_string(), text("none")),
            ("birth_date".to_string(), day(birth)),
        ]
        .into_iter()
        .collect(),
        ignored: Vec::new(),
        ignored_labels: Vec::new(),
        assumed: vec!["proxy".to_string()],
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    // A ten-year-old must apply through a guardian: the only choice nothing objects to.
    let mut child = person("2016-03-03");
    defaults::settle(p, &mut child, as_of);
    assert_eq!(child.values.get("proxy"), Some(&text("guardian")));
    assert_eq!(child.assumed, vec!["proxy".to_string()]);
    // An adult keeps the policy's default.
    let mut adult = person("1990-03-03");
    defaults::settle(p, &mut adult, as_of);
    assert_eq!(adult.values.get("proxy"), Some(&text("none")));
}
