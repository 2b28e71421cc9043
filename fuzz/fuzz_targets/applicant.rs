//! The applicant reader: any text as YAML or JSON input, against every policy, on dates
//! around the versions and the last-verified limit. It must never panic; a rejection is
//! an `InputError` naming the field.
#![no_main]

use chrono::NaiveDate;
use doclist::model::applicant::{parse_input, Applicant};
use doclist::engine::{evaluate_traced, Options};
use doclist::engine::explain::render_text;
use doclist::model::policy::Library;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::embedded().expect("the shipped policies load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lib = library();
    let raw = match parse_input(text, "fuzz") {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    for date in [(2026, 11, 23), (2028, 1, 1), (1900, 1, 1)] {
        let as_of = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        for p in lib.policies() {
            match Applicant::from_input(&raw, p, lib, "fuzz") {
                Ok(a) => {
                    let (c, trace) = evaluate_traced(p, &a, as_of, Options::default());
                    let _ = render_text(&c, &trace);
                    let _ = doclist::output::render::json::render(&c);
                }
                Err(e) => assert!(!e.problems.is_empty()),
            }
        }
        let _ = doclist::frontend::request::checklist_from_text(
            lib,
            text,
            "fuzz",
            None,
            as_of,
            Options::default(),
        );
    }
});
