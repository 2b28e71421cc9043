//! The policy-authoring guide (`docs/policies.md`) names every key the policy loader
//! accepts and every word it takes as a value: a key or value added to the loader without
//! a word in the guide fails here.

use doclist::model::policy::{Category, Level, ProvidedBy, Topic};

const GUIDE: &str = "docs/policies.md";

/// The field names of the structs in a Rust source file that the loader deserialises
/// into (`pub name:` lines; `#[serde(rename = "…")]` gives the key instead).
fn keys(path: &str, structs: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut inside = false;
    let mut rename: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("pub struct ") {
            let name = rest.split([' ', '{', '<']).next().unwrap_or_default();
            inside = structs.contains(&name);
            continue;
        }
        if !inside {
            continue;
        }
        if t == "}" {
            inside = false;
            continue;
        }
        if let Some(r) = t.strip_prefix("#[serde(rename = \"") {
            rename = r.split('"').next().map(str::to_string);
            continue;
        }
        if let Some(field) = t.strip_prefix("pub ") {
            let name = field
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            out.push(rename.take().unwrap_or(name));
        }
    }
    assert!(!out.is_empty(), "no fields found in {path} for {structs:?}");
    out
}

#[test]
fn the_guide_names_every_key_the_loader_accepts() {
    let guide = std::fs::read_to_string(GUIDE).unwrap();
    let mut missing = Vec::new();
    let policy_keys = keys(
        "src/model/policy/raw.rs",
        &[
            "RawCommon",
            "RawPolicy",
            "RawSource",
            "RawFact",
            "RawDocument",
            "RawCite",
            "RawDate",
            "RawRule",
            "RawItem",
            "RawCheck",
            "RawProcedure",
            "RawPath",
            "RawStep",
            "RawBound",
        ],
    );
    assert!(policy_keys.len() > 60, "{policy_keys:?}");
    let scenario_keys = keys(
        "src/frontend/scenario.rs",
        &["ScenarioFile", "Scenario", "Expect"],
    );
    let plan_keys = keys(
        "src/frontend/plan_scenario.rs",
        &["PlanScenarioFile", "PlanScenario", "PlanExpect"],
    );
    for key in policy_keys.iter().chain(&scenario_keys).chain(&plan_keys) {
        if !guide.contains(&format!("`{key}`")) {
            missing.push(key.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{GUIDE} does not name these keys: {missing:?}"
    );
}

#[test]
fn the_guide_names_every_word_a_value_may_be() {
    let guide = std::fs::read_to_string(GUIDE).unwrap();
    let words = [
        ("category", Category::WORDS),
        ("provided_by", ProvidedBy::WORDS),
        ("level", Level::WORDS),
        ("topic", Topic::WORDS),
        ("authority", &["official", "secondary", "background"][..]),
        ("type", &["bool", "integer", "date", "text", "enum"][..]),
        ("copies", &["unstated"][..]),
    ];
    let mut missing = Vec::new();
    for (key, values) in words {
        for v in values {
            if !guide.contains(&format!("`{v}`")) {
                missing.push(format!("{key}: {v}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{GUIDE} does not name these values: {missing:?}"
    );
}

#[test]
fn the_loader_takes_no_other_authority_or_fact_type() {
    // The two lists above that are not enums of the policy model: held to the loader by
    // loading a policy with a word just outside each.
    use doclist::model::policy::{Library, PolicyFile};
    let facts = |ty: &str| {
        format!("facts:\n  housing:\n    type: {ty}\n    label: 居住情况\n    question: 住哪里？\n    values: {{owned: 自购}}\n")
    };
    let common = |authority: &str| {
        format!(
            "city_name: 测试市\nsources:\n  s: {{file: s.txt, title: 标题, authority: {authority}}}\ndocuments:\n  id_card: {{name: 身份证, category: identity, provided_by: applicant, source: {{doc: s, section: 一}}}}\n"
        )
    };
    let policy = "id: t/p\ntitle: 测试\nversion: '1'\neffective: 2025-01-01\nlast_verified: 2026-01-01\nfacts: [housing]\nrules:\n  - id: r\n    items: [{doc: id_card, original: true}]\n    source: {doc: s, section: 一}\n";
    let load = |authority: &str, ty: &str| {
        Library::from_files(
            "p",
            vec![
                PolicyFile {
                    path: "facts.yaml".into(),
                    text: facts(ty),
                },
                PolicyFile {
                    path: "t/common.yaml".into(),
                    text: common(authority),
                },
                PolicyFile {
                    path: "t/p.yaml".into(),
                    text: policy.into(),
                },
            ],
        )
    };
    for a in ["official", "secondary", "background"] {
        assert!(load(a, "enum").is_ok(), "{a}: {:?}", load(a, "enum").err());
    }
    assert!(load("unofficial", "enum").is_err());
    assert!(load("official", "choice").is_err());
}
