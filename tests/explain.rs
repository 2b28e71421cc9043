//! `doclist explain` for the shipped examples (snapshots), and the reasons in JSON, HTML
//! and PDF coming from the same trace.

use chrono::NaiveDate;
use doclist::engine::explain::{render_text, Verdict};
use doclist::engine::Options;
use doclist::frontend::request::traced_from_text;
use doclist::model::policy::Library;
use doclist::output::render::{html, Templates};

fn examples() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 4,
        "examples/ should hold the shipped example applicants, found {}",
        paths.len()
    );
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
fn examples_explain_as_before() {
    let lib = Library::embedded().unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (stem, text) in examples() {
        let (c, trace) = traced_from_text(&lib, &text, &stem, None, date, Options::default())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        insta::assert_snapshot!(format!("{stem}.explain"), render_text(&c, &trace));
    }
}

#[test]
fn every_reason_comes_from_the_trace_and_is_printed_with_explain() {
    let lib = Library::embedded().unwrap();
    let templates = Templates::load(None).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (stem, text) in examples() {
        let (c, trace) =
            traced_from_text(&lib, &text, &stem, None, date, Options::default()).unwrap();
        let page = html::render(&c, &templates, true).unwrap();
        for item in &c.items {
            for rule in &item.rules {
                let t = trace.rule(rule).expect("every rule is traced");
                assert_ne!(t.why.verdict, Verdict::NotNeeded, "{stem}: {rule}");
                assert!(
                    item.reason.split('；').any(|r| r == t.why.reason()),
                    "{stem}: item {} reason `{}` is not its rule's `{}`",
                    item.id,
                    item.reason,
                    t.why.reason()
                );
            }
            let shown = item.reason.replace('<', "&lt;").replace('>', "&gt;");
            assert!(
                page.contains(&format!("原因：{shown}")),
                "{stem}: {}",
                item.id
            );
        }
        // Every rule and check of the policy is in the trace, applied or not.
        let policy = lib.get(&c.policy.id).unwrap();
        assert_eq!(trace.rules.len(), policy.rules.len());
        assert!(trace.checks.len() >= policy.checks.len());
    }
}
