//! A bounded load test of `doclist serve`: `C` clients post the same checklist request for
//! `S` seconds (at most 60) and the requests per second and latency percentiles are printed.
//! Refuses any address but 127.0.0.1.
//!
//! `cargo run --release --example serve_load -- http://127.0.0.1:PORT [CLIENTS] [SECONDS]`

use std::time::{Duration, Instant};

/// A PDF checklist for a child living in her grandparents' flat (Shanghai).
const BODY: &str = "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8\
&id_number=340102201603020121&channel=offline&housing=relative_owned&date=2026-11-23&format=pdf";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(base) = args.first() else {
        eprintln!("usage: serve_load http://127.0.0.1:PORT [CLIENTS] [SECONDS]");
        std::process::exit(2);
    };
    if !base.starts_with("http://127.0.0.1:") {
        eprintln!("serve_load only loads a server on 127.0.0.1");
        std::process::exit(2);
    }
    let clients: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4)
        .clamp(1, 64);
    let seconds: u64 = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10)
        .clamp(1, 60);
    let url = format!("{base}/checklist");
    let end = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..clients)
            .map(|_| {
                s.spawn(|| {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut times = Vec::new();
                    let mut failed = 0;
                    while Instant::now() < end {
                        let t = Instant::now();
                        let ok = agent
                            .post(&url)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .send(BODY)
                            .ok()
                            .filter(|r| r.status() == 200)
                            .and_then(|mut r| r.body_mut().read_to_vec().ok())
                            .is_some_and(|b| b.starts_with(b"%PDF-"));
                        if ok {
                            times.push(t.elapsed());
                        } else {
                            failed += 1;
                        }
                    }
                    (times, failed)
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let failed: usize = results.iter().map(|(_, f)| f).sum();
    let mut times: Vec<Duration> = results.into_iter().flat_map(|(t, _)| t).collect();
    times.sort();
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{clients} clients, {seconds} s: {} PDF checklists, {:.1} requests/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {failed} failed",
        times.len(),
        times.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        pct(1.0),
    );
}
