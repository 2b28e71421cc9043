//! A policy file: any text as `shanghai/fuzz.yaml` beside the real `facts.yaml` and
//! `shanghai/common.yaml`, loaded, checked (every problem with file and line) and, when it
//! loads, evaluated and explained. It must never panic or hang.
#![no_main]

use chrono::NaiveDate;
use doclist::model::applicant::Applicant;
use doclist::engine::{evaluate_traced, Options};
use doclist::model::policy::{Library, PolicyFile};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn shared() -> &'static Vec<PolicyFile> {
    static FILES: OnceLock<Vec<PolicyFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        Library::embedded_files()
            .into_iter()
            .filter(|f| f.path == "facts.yaml" || f.path == "shanghai/common.yaml")
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = shared().clone();
    files.push(PolicyFile {
        path: "shanghai/fuzz.yaml".to_string(),
        text: text.to_string(),
    });
    files.push(PolicyFile {
        path: "shanghai/fuzz.scenarios.yaml".to_string(),
        text: text.to_string(),
    });
    let _ = doclist::model::policy::Lines::new(text);
    let report = doclist::frontend::lint::check("policies", files.clone(), None, &[]);
    for p in &report.problems {
        assert!(!p.message.is_empty() && !p.file.is_empty());
    }
    let loaded = Library::load("policies", files);
    let lib = &loaded.library;
    for p in lib.all_versions() {
        let _ = doclist::output::schema::input_schema(p);
        for date in [(2026, 11, 23), (2100, 1, 1)] {
            let as_of = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
            if let Ok(a) = Applicant::from_input(&Vec::new(), p, lib, "fuzz") {
                let (c, trace) = evaluate_traced(p, &a, as_of, Options::default());
                let _ = doclist::engine::explain::render_text(&c, &trace);
            }
        }
    }
});
