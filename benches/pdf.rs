//! `cargo bench --bench pdf`: median time to render the two-page fixture
//! checklist in process (fonts parsed once, as the CLI and batch runner do),
//! and the size of the file.

use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pdf/checklist.txt"
    );
    let markup = std::fs::read_to_string(path).expect("fixture checklist");

    let started = Instant::now();
    let fonts = doclist::pdf::FontSet::embedded().expect("embedded fonts");
    let parse_fonts = started.elapsed();

    let (bytes, info) = doclist::pdf::render_with_info(&markup, &fonts).expect("render");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let out = doclist::pdf::render(&markup, &fonts).expect("render");
            let elapsed = t.elapsed();
            assert_eq!(out.len(), bytes.len());
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("fonts parsed once:  {:.1} ms", ms(parse_fonts));
    println!(
        "render checklist:   median {:.2} ms  (min {:.2}, p90 {:.2}) over {RUNS} runs",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS * 9 / 10])
    );
    println!(
        "file:               {:.1} KB, {} pages",
        bytes.len() as f64 / 1024.0,
        info.pages
    );
}
