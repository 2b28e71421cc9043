//! `cargo bench --bench pdf`: median time to render the two-page fixture
//! checklist in process (fonts read once, as the CLI and batch runner do),
//! and the size of the file; then a whole `doclist render` process, PDF and JSON
//! (median wall time, and peak memory when GNU time is installed).

use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pdf/checklist.txt"
    );
    let markup = std::fs::read_to_string(path).expect("fixture checklist");

    let started = Instant::now();
    let fonts = doclist::output::pdf::FontSet::embedded().expect("embedded fonts");
    let parse_fonts = started.elapsed();

    let (bytes, info) = doclist::output::pdf::render_with_info(&markup, &fonts).expect("render");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let out = doclist::output::pdf::render(&markup, &fonts).expect("render");
            let elapsed = t.elapsed();
            assert_eq!(out.len(), bytes.len());
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "font set made:      {:.1} ms (faces are read when first used)",
        ms(parse_fonts)
    );
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
    whole_process();
}

/// Median wall time of a whole `doclist render` process of a shipped example, and its
/// peak memory (from `/usr/bin/time`, when installed).
fn whole_process() {
    const PROCESS_RUNS: usize = 50;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let bin = env!("CARGO_BIN_EXE_doclist");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/child-with-grandparents.yaml"
    );
    let out = std::env::temp_dir().join(format!("doclist-bench-{}", std::process::id()));
    for format in ["pdf", "json"] {
        let args = [
            "render",
            example,
            "--format",
            format,
            "--date",
            "2026-11-23",
            "-o",
            out.to_str().expect("temp path"),
        ];
        let run = || {
            let t = Instant::now();
            let status = std::process::Command::new(bin)
                .args(args)
                .status()
                .expect("doclist runs");
            assert!(status.success());
            t.elapsed()
        };
        let mut times: Vec<Duration> = (0..PROCESS_RUNS).map(|_| run()).collect();
        times.sort();
        let peak = std::process::Command::new("/usr/bin/time")
            .args(["-f", "%M", bin])
            .args(args)
            .output()
            .ok()
            .and_then(|o| {
                let text = String::from_utf8_lossy(&o.stderr).to_string();
                text.lines().last()?.trim().parse::<f64>().ok()
            })
            .map_or("(no /usr/bin/time)".to_string(), |kb| {
                format!("{:.1} MB", kb / 1024.0)
            });
        println!(
            "process render {format:<4} median {:.1} ms (min {:.1}) over {PROCESS_RUNS} runs, peak {peak}",
            ms(times[PROCESS_RUNS / 2]),
            ms(times[0]),
        );
    }
    let _ = std::fs::remove_file(&out);
}
