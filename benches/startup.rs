//! `cargo bench --bench startup`: what a `doclist render` process spends before and around
//! its one checklist. First the whole process (the binary run many times, median wall
//! time), then the start-up stages in process, each from nothing: the policies (from their
//! JSON forms, and the one `render` reads also from its YAML), the templates, the message
//! catalogue, the fonts' check of the applicant's text.

use chrono::NaiveDate;
use doclist::engine::Options;
use doclist::frontend::request::checklist_from_text;
use doclist::model::policy::{policy_id_of, Library};
use doclist::output::pdf::FontSet;
use doclist::output::render::{Format, Renderer, Templates};
use std::process::Command;
use std::time::{Duration, Instant};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/child-with-grandparents.yaml"
);

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The whole `doclist render` process, as a user starts it.
fn process(format: &str) -> Duration {
    let out = std::env::temp_dir().join(format!("doclist-startup-bench.{format}"));
    let run = || {
        let status = Command::new(env!("CARGO_BIN_EXE_doclist"))
            .args([
                "render",
                EXAMPLE,
                "--format",
                format,
                "--date",
                "2026-11-23",
                "-o",
            ])
            .arg(&out)
            .status()
            .expect("doclist runs");
        assert!(status.success(), "doclist render --format {format} failed");
    };
    for _ in 0..5 {
        run();
    }
    let d = median(60, run);
    let _ = std::fs::remove_file(&out);
    d
}

fn main() {
    for format in ["json", "pdf"] {
        println!(
            "whole process: render --format {format:<4} median {:6.2} ms",
            ms(process(format))
        );
    }
    let text = std::fs::read_to_string(EXAMPLE).expect("example");
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let runs = 30;
    let stage = |name: &str, d: Duration| println!("  {name:<52} {:7.3} ms", ms(d));
    println!("start-up stages in process (median of {runs}, each from nothing):");
    stage(
        "every policy, parsed and checked",
        median(runs, || {
            Library::embedded().expect("policies");
        }),
    );
    stage(
        "one policy, as `render` reads it",
        median(runs, || {
            Library::embedded_for("shanghai/residence-registration").expect("policy");
        }),
    );
    stage(
        "one policy from YAML (text not the built-in one)",
        median(runs, || {
            let id = "shanghai/residence-registration";
            let files = Library::embedded_files()
                .into_iter()
                .filter(|f| {
                    policy_id_of(&f.path).is_some_and(|p| p == id)
                        || f.path == "facts.yaml"
                        || f.path == "shanghai/common.yaml"
                })
                .map(|mut f| {
                    // An empty line more: the same policy, but not the built-in text, so
                    // it is read from its YAML as an edited copy would be.
                    f.text.push('\n');
                    f
                })
                .collect();
            Library::from_files("policies", files).expect("policy");
        }),
    );
    stage(
        "templates loaded",
        median(runs, || {
            Templates::load(None).expect("templates");
        }),
    );
    let lib = Library::embedded().expect("policies");
    let checklist = || {
        checklist_from_text(&lib, &text, "example", None, date, Options::default())
            .expect("checklist")
    };
    stage(
        "the checklist (rules, first use of the catalogue)",
        median(1, || {
            checklist();
        }),
    );
    stage(
        "the checklist again",
        median(runs, || {
            checklist();
        }),
    );
    let c = checklist();
    let warm = Renderer {
        templates: Templates::load(None).expect("templates"),
        fonts: Some(FontSet::embedded().expect("fonts")),
        explain: false,
        forms: true,
        office: None,
    };
    warm.render(&c, Format::Pdf).expect("render");
    stage(
        "Pdf: render only (templates and fonts ready)",
        median(runs, || {
            warm.render(&c, Format::Pdf).expect("render");
        }),
    );
    for format in [Format::Json, Format::Pdf] {
        let name = format!("{format:?}: templates, fonts and render");
        stage(
            &name,
            median(runs, || {
                let r = Renderer {
                    templates: Templates::load(None).expect("templates"),
                    fonts: Some(FontSet::embedded().expect("fonts")),
                    explain: false,
                    forms: true,
                    office: None,
                };
                r.render(&c, format).expect("render");
            }),
        );
    }
}
