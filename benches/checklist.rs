//! `cargo bench --bench checklist`: the whole in-process path for one person, stage by
//! stage, on the shipped examples: rules → checklist, template → markup, typeset → PDF,
//! and JSON. Fonts, templates and policies are loaded once, as `render` and `batch` do.

use chrono::NaiveDate;
use doclist::engine::Options;
use doclist::frontend::request::checklist_from_text;
use doclist::model::policy::Library;
use doclist::output::pdf::FontSet;
use doclist::output::render::{json, pdf, Format, Renderer, Templates, TypeSize};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let t = Instant::now();
    let lib = Library::embedded().expect("policies");
    let load_policies = t.elapsed();
    let t = Instant::now();
    let renderer = Renderer {
        templates: Templates::load(None).expect("templates"),
        fonts: Some(FontSet::embedded().expect("fonts")),
        explain: false,
        forms: true,
        office: None,
    };
    let load_renderer = t.elapsed();
    println!(
        "load once: policies {:.1} ms, templates + fonts {:.1} ms",
        ms(load_policies),
        ms(load_renderer)
    );
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7} {:>6}",
        "example", "rules", "markup", "typeset", "PDF all", "JSON all", "KB", "pages"
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("example");
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let build = || {
            checklist_from_text(&lib, &text, &name, None, date, Options::default())
                .expect("checklist")
        };
        let c = build();
        let markup = pdf::markup(&c, &renderer, TypeSize::Normal).expect("markup");
        let fonts = renderer.fonts.as_ref().expect("fonts");
        let rendered = pdf::render(&c, &renderer, TypeSize::Normal).expect("pdf");
        let rules = median(|| {
            build();
        });
        let template = median(|| {
            pdf::markup(&c, &renderer, TypeSize::Normal).expect("markup");
        });
        let typeset = median(|| {
            doclist::output::pdf::render(&markup, fonts).expect("typeset");
        });
        let all = median(|| {
            renderer.render(&build(), Format::Pdf).expect("pdf");
        });
        let json_all = median(|| {
            json::render(&build());
        });
        println!(
            "{:<28} {:>6.2}ms {:>6.2}ms {:>6.2}ms {:>6.2}ms {:>7.3}ms {:>7.1} {:>6}",
            name,
            ms(rules),
            ms(template),
            ms(typeset),
            ms(all),
            ms(json_all),
            rendered.bytes.len() as f64 / 1024.0,
            rendered.pages
        );
    }
}
