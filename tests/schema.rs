//! The JSON Schemas: the output contract (`schemas/checklist.schema.json`) holds for real
//! output, and `doclist schema --policy ID` accepts the shipped examples and rejects
//! what doclist rejects.

use assert_cmd::Command;
use chrono::NaiveDate;
use doclist::engine::Options;
use doclist::frontend::request::checklist_from_text;
use doclist::model::policy::Library;
use doclist::output::render::json;
use serde_json::Value;

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("a valid 2020-12 schema")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn examples() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn real_output_matches_the_checklist_schema() {
    let text = std::fs::read_to_string("schemas/checklist.schema.json").unwrap();
    let v = validator(&serde_json::from_str(&text).unwrap());
    let lib = Library::embedded().unwrap();
    let mut checked = 0;
    // Every example, today and two years on (with the not-verified warning).
    for (stem, input) in examples() {
        for date in [(2026, 11, 23), (2028, 1, 1)] {
            let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
            let c =
                checklist_from_text(&lib, &input, &stem, None, date, Options::default()).unwrap();
            let out: Value = serde_json::from_str(&json::render(&c)).unwrap();
            let e = errors(&v, &out);
            assert!(e.is_empty(), "{stem} {date}: {e:#?}");
            checked += 1;
        }
    }
    // Every scenario input of every policy: conditional items, blocks, unknown facts.
    let report_files = Library::embedded_scenarios();
    for f in &report_files {
        let id = doclist::frontend::scenario::policy_id(&f.path);
        let parsed = doclist::frontend::scenario::parse(&f.text, &f.path).unwrap();
        for s in parsed.scenarios.iter().filter(|s| s.expect.error.is_none()) {
            let input = serde_yaml::to_string(&s.input).unwrap();
            let date = doclist::model::answer::parse_date(&s.date).unwrap();
            let c = checklist_from_text(&lib, &input, &s.name, Some(id), date, Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
            let out: Value = serde_json::from_str(&json::render(&c)).unwrap();
            let e = errors(&v, &out);
            assert!(e.is_empty(), "{} / {}: {e:#?}", f.path, s.name);
            checked += 1;
        }
    }
    assert!(checked > 50);
    // And the schema is strict: a misspelt key fails.
    let c = checklist_from_text(
        &lib,
        &examples()[0].1,
        "x",
        None,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        Options::default(),
    )
    .unwrap();
    let mut out: Value = serde_json::from_str(&json::render(&c)).unwrap();
    out["items"][0]["reasons"] = Value::String("x".into());
    assert!(!errors(&v, &out).is_empty());
}

fn input_schema(policy: &str) -> Value {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["schema", "--policy", policy])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_input_schema_accepts_the_examples_and_rejects_bad_input() {
    for (stem, input) in examples() {
        let input: Value = serde_yaml::from_str(&input).unwrap();
        let schema = input_schema(input["policy"].as_str().unwrap());
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let v = validator(&schema);
        let e = errors(&v, &input);
        assert!(e.is_empty(), "{stem}: {e:#?}");
        for (key, bad) in [
            ("housing", Value::String("castle".into())),
            ("disabeld", Value::Bool(true)),
            ("birth_date", Value::String("1 March".into())),
            ("id_number", Value::String("12345".into())),
            ("policy", Value::String("beijing/x".into())),
        ] {
            let mut wrong = input.clone();
            wrong[key] = bad;
            assert!(!v.is_valid(&wrong), "{stem}: `{key}` should be refused");
        }
    }
}

#[test]
fn the_input_schema_describes_every_fact_with_labels() {
    let lib = Library::embedded().unwrap();
    for p in lib.policies() {
        let schema = input_schema(&p.id);
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["properties"]["policy"]["const"], p.id.as_str());
        for f in p.facts.iter().filter(|f| !f.derived) {
            let prop = &schema["properties"][&f.key];
            assert_eq!(prop["title"], f.label.as_str(), "{} {}", p.id, f.key);
            for c in f.choices() {
                assert!(
                    prop["oneOf"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|o| o["const"] == c.value.as_str() && o["title"] == c.label.as_str()),
                    "{} {} {}",
                    p.id,
                    f.key,
                    c.value
                );
            }
        }
        for derived in ["age", "as_of"] {
            assert!(schema["properties"][derived].is_null());
        }
    }
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["schema", "--policy", "shanghai/residence-permi"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean"));
}
