//! Tests of the library: loading for one policy, the JSON forms, edited files.

use super::*;
use crate::model::policy::raw::RawPath;

#[test]
fn a_library_for_one_policy_reads_only_it_and_answers_like_the_whole() {
    let whole = Library::embedded().unwrap();
    for id in whole.ids() {
        let one = Library::embedded_for(&id).unwrap();
        assert_eq!(one.policies.len(), 1, "{id}");
        assert_eq!(one.policies[0].id, id);
        // Every version, and the one in force on a day, as the whole library has them.
        let show = |v: Vec<&Policy>| format!("{v:?}");
        assert_eq!(show(one.versions(&id)), show(whole.versions(&id)), "{id}");
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            format!("{:?}", one.get_on(&id, day)),
            format!("{:?}", whole.get_on(&id, day))
        );
        for f in &one.policies[0].facts {
            assert!(one.any_fact(&f.key).is_some());
        }
        assert!(
            one.whole.get().is_none(),
            "{id}: the other policies were read"
        );
        // A fact only another policy asks about is still known (an input naming it
        // is told the key is not for this policy, not that it is unknown).
        let elsewhere = whole
            .facts
            .keys()
            .find(|k| !one.facts.contains_key(*k))
            .cloned();
        if let Some(key) = elsewhere {
            assert!(one.any_fact(&key).is_some(), "{id}: {key}");
            assert!(one.whole.get().is_some());
        }
        assert_eq!(one.ids(), whole.ids());
        assert_eq!(one.policies().len(), whole.policies().len());
    }
}

#[test]
fn every_built_in_policy_file_reads_the_same_from_its_json_form() {
    let mut policies = 0;
    for f in Library::embedded_files() {
        if files::is_scenario(&f.path) {
            continue;
        }
        let json = compiled(&f.path, &f.text);
        assert!(json.is_some(), "{}: no JSON form was built", f.path);
        let json = json.unwrap();
        // Read without the depth check at run time: build.rs checked it.
        assert!(
            crate::util::input_text::check_depth(&f.text).is_ok(),
            "{}",
            f.path
        );
        let shared = f.path == "facts.yaml" || f.path.ends_with("/common.yaml");
        let (from_json, from_yaml) = if path_city_of(&f.path).is_some() {
            (
                format!("{:?}", serde_json::from_str::<RawPath>(json).unwrap()),
                format!("{:?}", serde_yaml::from_str::<RawPath>(&f.text).unwrap()),
            )
        } else if shared {
            (
                format!("{:?}", serde_json::from_str::<RawCommon>(json).unwrap()),
                format!("{:?}", serde_yaml::from_str::<RawCommon>(&f.text).unwrap()),
            )
        } else {
            policies += 1;
            (
                format!("{:?}", serde_json::from_str::<RawPolicy>(json).unwrap()),
                format!("{:?}", serde_yaml::from_str::<RawPolicy>(&f.text).unwrap()),
            )
        };
        assert_eq!(from_json, from_yaml, "{}", f.path);
    }
    assert!(policies >= 2, "only {policies} policy files");
}

#[test]
fn the_library_read_from_json_forms_is_the_one_read_from_yaml() {
    let fast = Library::load_from("policies", Library::embedded_files(), true);
    let slow = Library::load_from("policies", Library::embedded_files(), false);
    assert!(!fast.library.policies.is_empty());
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
}

#[test]
fn an_edited_built_in_file_is_read_from_its_yaml_with_its_lines() {
    let path = "shanghai/residence-registration.yaml";
    let mut files = Library::embedded_files();
    let f = files.iter_mut().find(|f| f.path == path).unwrap();
    assert!(compiled(&f.path, &f.text).is_some());
    // A condition naming a fact no file declares, on a line of its own.
    let (line, _) = f
        .text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("when: "))
        .unwrap();
    let mut lines: Vec<String> = f.text.lines().map(String::from).collect();
    let indent = lines[line].len() - lines[line].trim_start().len();
    lines[line] = format!("{}when: no_such_fact == true", " ".repeat(indent));
    f.text = lines.join("\n");
    assert!(compiled(&f.path, &f.text).is_none());
    let loaded = Library::load("policies", files);
    let problem = loaded
        .problems
        .iter()
        .find(|p| p.file == format!("policies/{path}"))
        .expect("the unknown fact is reported");
    assert_eq!(problem.kind, ProblemKind::UnknownFact);
    assert_eq!(problem.line, Some(line + 1));
    assert!(
        problem.message.contains("no_such_fact"),
        "{}",
        problem.message
    );
}

#[test]
fn a_library_for_an_unknown_policy_is_the_whole_one() {
    let one = Library::embedded_for("shanghai/no-such-thing").unwrap();
    assert!(one.only.is_none());
    let e = one.get("shanghai/no-such-thing").unwrap_err();
    let whole = Library::embedded().unwrap();
    assert_eq!(e, whole.get("shanghai/no-such-thing").unwrap_err());
    // Another policy asked of a library of one is found in the whole library.
    let ids = whole.ids();
    let one = Library::embedded_for(&ids[0]).unwrap();
    assert_eq!(one.get(&ids[1]).unwrap().id, ids[1]);
}
