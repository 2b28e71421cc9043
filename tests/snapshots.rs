//! Snapshots of the JSON and HTML for every shipped example: a change in output shows up
//! as a reviewable diff (`cargo insta review`, or INSTA_UPDATE=always to accept all).

use chrono::NaiveDate;
use doclist::engine::Options;
use doclist::frontend::request::checklist_from_text;
use doclist::model::policy::Library;
use doclist::output::render::{html, json, Templates};

#[test]
fn examples_render_as_before() {
    let lib = Library::embedded().unwrap();
    let templates = Templates::load(None).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "the shipped examples are there");
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let c = checklist_from_text(&lib, &text, &stem, None, date, Options::default())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        insta::assert_snapshot!(format!("{stem}.json"), json::render(&c));
        insta::assert_snapshot!(
            format!("{stem}.html"),
            html::render(&c, &templates, false).unwrap()
        );
    }
}
