//! The web form and the interview read the same answers the same way and ask the same
//! questions: checked over every scenario of the built-in policies.

use super::*;
use crate::frontend::interview::{
    Frontend, Interview, Outcome, Question, Reply, Stop, SummaryLine, SummaryReply, Validate,
};
use crate::frontend::serve::Submission;
use crate::model::policy::Library;
use std::collections::BTreeMap;

/// Replies by question key; a question asked twice (a reply refused) stops the interview.
struct Script {
    replies: BTreeMap<String, String>,
    asked: Vec<String>,
    problems: Vec<String>,
}

impl Frontend for Script {
    fn ask(&mut self, q: &Question, _: &Validate<'_>) -> Result<Reply, Stop> {
        if self.asked.contains(&q.key) {
            return Err(Stop::Eof);
        }
        self.asked.push(q.key.clone());
        Ok(Reply::Text(
            self.replies.get(&q.key).cloned().unwrap_or_default(),
        ))
    }
    fn problem(&mut self, message: &str) -> Result<(), Stop> {
        self.problems.push(message.to_string());
        Ok(())
    }
    fn note(&mut self, _: &str) -> Result<(), Stop> {
        Ok(())
    }
    fn summary(&mut self, _: &[SummaryLine]) -> Result<SummaryReply, Stop> {
        Ok(SummaryReply::Generate)
    }
}

/// A value as a person types it (and as a web form sends it).
fn typed(v: &Yaml) -> String {
    match v {
        Yaml::String(s) => s.clone(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
    }
}

/// Every scenario's input with a valid value for each form fact: (name, policy id, date,
/// answers).
fn answer_sets(lib: &Library) -> Vec<(String, String, NaiveDate, RawInput)> {
    let mut out = Vec::new();
    for f in Library::embedded_files()
        .iter()
        .filter(|f| f.path.ends_with(".scenarios.yaml"))
    {
        let id = crate::frontend::scenario::policy_id(&f.path).to_string();
        if lib.get(&id).is_err() {
            continue;
        }
        let file = crate::frontend::scenario::parse(&f.text, &f.path).unwrap();
        for s in file.scenarios {
            if s.expect.error.is_some() {
                continue;
            }
            let Ok(date) = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d") else {
                continue;
            };
            let mut raw: RawInput = s
                .input
                .iter()
                .map(|(k, v)| (typed(k), v.clone()))
                .filter(|(k, _)| k != "policy")
                .collect();
            for (k, v) in [
                ("name", "张三"),
                ("trustee_name", "李四"),
                ("trustee_id_number", "11010519491231002x"),
                ("relationship", "父母"),
                ("owner_name", "王五"),
            ] {
                if !raw.iter().any(|(key, _)| key == k) {
                    raw.push((k.to_string(), Yaml::String(v.to_string())));
                }
            }
            out.push((format!("{}: {}", f.path, s.name), id.clone(), date, raw));
        }
    }
    out
}

/// `per_policy` answer sets for each policy, drawn from every fact's values (a fact left
/// out about a third of the time), with a fixed seed.
fn generated_sets(lib: &Library, per_policy: usize) -> Vec<(String, String, NaiveDate, RawInput)> {
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut seed: u64 = 0x5eed_d0c5;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n.max(1)
    };
    let mut out = Vec::new();
    for policy in lib.policies() {
        for i in 0..per_policy {
            let mut raw: RawInput = Vec::new();
            let birth = day - chrono::Days::new(365 * (1 + next(85)) + next(365));
            raw.push(("birth_date".into(), Yaml::String(birth.to_string())));
            for f in policy.asked_facts() {
                if next(3) == 0 {
                    continue;
                }
                let v = match &f.ty {
                    FactType::Bool => Yaml::String((next(2) == 0).to_string()),
                    FactType::Enum(c) => {
                        Yaml::String(c[next(c.len() as u64) as usize].value.clone())
                    }
                    FactType::Integer => Yaml::String(next(40).to_string()),
                    FactType::Date => {
                        Yaml::String((day - chrono::Days::new(next(2000))).to_string())
                    }
                    FactType::Text if f.key == "trustee_id_number" => {
                        Yaml::String("11010519491231002X".into())
                    }
                    FactType::Text => Yaml::String("李四".into()),
                };
                raw.push((f.key.clone(), v));
            }
            out.push((format!("{} #{i}", policy.id), policy.id.clone(), day, raw));
        }
    }
    out
}

#[test]
fn the_form_and_the_interview_ask_the_same_questions_and_read_the_same_applicant() {
    let lib = Library::embedded().unwrap();
    let mut sets = answer_sets(&lib);
    assert!(sets.len() > 100, "{} answer sets", sets.len());
    sets.extend(generated_sets(&lib, 40));
    let mut with_forms = 0;
    for (name, id, date, raw) in sets {
        let policy = lib.get_on(&id, date).unwrap();
        // The interview, answering each question from the set (empty: the default, or 跳过).
        let mut replies: BTreeMap<String, String> =
            raw.iter().map(|(k, v)| (k.clone(), typed(v))).collect();
        if !replies.contains_key("birth_date") {
            if let Some(id_number) = replies.get("id_number").cloned() {
                replies.insert("birth_date".to_string(), id_number);
            }
        }
        let mut script = Script {
            replies,
            asked: Vec::new(),
            problems: Vec::new(),
        };
        let out = Interview::new(policy, date).run(&mut script);
        let Ok(Outcome::Done(answers)) = out else {
            panic!("{name}: {out:?} {:?}", script.problems)
        };
        assert!(script.problems.is_empty(), "{name}: {:?}", script.problems);
        // The web form, sent what the person typed in the interview: a question left
        // empty (its default taken, or 跳过) is an empty field.
        let mut body = vec![("policy".to_string(), id.clone())];
        body.push(("date".to_string(), date.to_string()));
        for k in &script.asked {
            let reply = script.replies.get(k).cloned().unwrap_or_default();
            let key = match k.as_str() {
                "birth_date" if reply.len() >= 15 => "id_number",
                other => other,
            };
            body.push((key.to_string(), reply));
        }
        let body = serde_urlencoded::to_string(&body).unwrap();
        let sub =
            Submission::from_body("application/x-www-form-urlencoded", body.as_bytes()).unwrap();
        let reading = Reading::partial(policy, &sub.raw, date);
        assert!(
            reading.problems.is_empty(),
            "{name}: {:?}",
            reading.problems
        );
        let shown: Vec<&str> = shown(policy, &reading)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        let interviewed: Vec<&str> = script
            .asked
            .iter()
            .map(|k| k.as_str())
            .filter(|k| !["name", "birth_date", "id_number"].contains(k))
            .collect();
        assert_eq!(shown, interviewed, "{name}");
        let listed: Vec<&str> = asked(policy, &reading)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(listed, script.asked, "{name}");
        if interviewed.contains(&"trustee_name") || interviewed.contains(&"owner_name") {
            with_forms += 1;
        }
        // The same applicant, whichever way it was read.
        let from_interview =
            read_strict(&answers.raw_input(), policy, &lib, "interview", date).unwrap();
        let from_form = read_strict(&sub.raw, policy, &lib, "form", date).unwrap();
        for a in [&from_form, &reading.applicant] {
            assert_eq!(a.values, from_interview.values, "{name}");
            assert_eq!(a.birth_date, from_interview.birth_date, "{name}");
            assert_eq!(a.id_number, from_interview.id_number, "{name}");
            assert_eq!(a.name, from_interview.name, "{name}");
        }
        assert_eq!(reading.applicant.assumed, from_form.assumed, "{name}");
    }
    assert!(with_forms > 5, "form facts asked in {with_forms} sets");
}

#[test]
fn both_readings_refuse_the_same_values_with_the_same_messages() {
    let lib = Library::embedded().unwrap();
    let p = lib.get("shanghai/residence-registration").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let s = |v: &str| Yaml::String(v.to_string());
    let cases: Vec<RawInput> = vec![
        vec![("id_number".into(), s("110105194912310021"))],
        vec![("birth_date".into(), s("2023-02-29"))],
        vec![("birth_date".into(), s("2030-01-01"))],
        vec![("id_number".into(), s("110105203001010011"))],
        vec![
            ("id_number".into(), s("11010519491231002X")),
            ("birth_date".into(), s("1950-01-01")),
        ],
        vec![("housing".into(), s("castle"))],
        vec![("trustee_id_number".into(), s("123"))],
        vec![("relationship".into(), s("表兄弟"))],
    ];
    for raw in cases {
        let partial = Reading::partial(p, &raw, day).problems;
        let strict = read_strict(&raw, p, &lib, "x", day).unwrap_err().problems;
        assert!(!partial.is_empty(), "{raw:?}");
        let words = |ps: &[FieldProblem]| -> Vec<(String, String)> {
            ps.iter()
                .map(|p| (p.field.clone(), p.message(crate::util::i18n::Lang::Zh)))
                .collect()
        };
        // The strict reading also reports what is missing; every partial problem is there.
        for w in words(&partial) {
            assert!(
                words(&strict).contains(&w),
                "{raw:?}: {w:?} not in {:?}",
                words(&strict)
            );
        }
    }
}

#[test]
fn form_facts_are_asked_only_when_their_form_is_printed() {
    let lib = Library::embedded().unwrap();
    let p = lib.get("shanghai/residence-registration").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let s = |v: &str| Yaml::String(v.to_string());
    let keys = |raw: RawInput| -> Vec<String> {
        asked(p, &Reading::partial(p, &raw, day))
            .iter()
            .map(|f| f.key.clone())
            .collect()
    };
    let own = keys(vec![
        ("channel".into(), s("offline")),
        ("housing".into(), s("rented")),
        ("proxy".into(), s("none")),
    ]);
    assert!(
        !own.iter()
            .any(|k| k.starts_with("trustee") || k == "owner_name"),
        "{own:?}"
    );
    let proxy = keys(vec![
        ("birth_date".into(), s("1950-01-01")),
        ("channel".into(), s("offline")),
        ("housing".into(), s("rented")),
        ("proxy".into(), s("relative")),
        ("mobility_impaired".into(), s("true")),
    ]);
    let tail: Vec<&str> = proxy.iter().map(|k| k.as_str()).rev().take(3).collect();
    assert_eq!(
        tail,
        ["relationship", "trustee_id_number", "trustee_name"],
        "{proxy:?}"
    );
    assert!(!proxy.contains(&"owner_name".to_string()), "{proxy:?}");
    let relative = keys(vec![
        ("channel".into(), s("offline")),
        ("housing".into(), s("relative_owned")),
        ("proxy".into(), s("none")),
    ]);
    assert!(relative.contains(&"owner_name".to_string()), "{relative:?}");
    assert!(
        !relative.contains(&"trustee_name".to_string()),
        "{relative:?}"
    );
}
