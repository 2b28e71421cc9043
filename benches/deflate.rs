//! `cargo bench --bench deflate`: size and time of each deflate candidate on the streams of
//! the real checklists (the shipped examples typeset to PDF, streams unpacked again), to
//! choose the one `src/pdf/document.rs` uses.

use chrono::NaiveDate;
use doclist::engine::Options;
use doclist::frontend::request::checklist_from_text;
use doclist::model::policy::Library;
use doclist::output::pdf::FontSet;
use doclist::output::render::{pdf, Renderer, Templates, TypeSize};
use std::io::Write;
use std::time::{Duration, Instant};

const RUNS: usize = 30;

/// One way to deflate a stream.
type Compress = dyn Fn(&[u8]) -> Vec<u8>;

/// The uncompressed content of every compressed stream of the examples' PDFs.
fn streams() -> Vec<Vec<u8>> {
    let lib = Library::embedded().expect("policies");
    let renderer = Renderer {
        templates: Templates::load(None).expect("templates"),
        fonts: Some(FontSet::embedded().expect("fonts")),
        explain: false,
        forms: true,
        office: None,
    };
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("example");
        let c = checklist_from_text(&lib, &text, "example", None, date, Options::default())
            .expect("checklist");
        let bytes = pdf::render(&c, &renderer, TypeSize::Normal)
            .expect("pdf")
            .bytes;
        let doc = lopdf::Document::load_mem(&bytes).expect("pdf reads back");
        for object in doc.objects.values() {
            if let Ok(stream) = object.as_stream() {
                out.push(
                    stream
                        .decompressed_content()
                        .unwrap_or(stream.content.clone()),
                );
            }
        }
    }
    out
}

fn zlib(level: u32) -> impl Fn(&[u8]) -> Vec<u8> {
    move |data| {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
        e.write_all(data).expect("in memory");
        e.finish().expect("in memory")
    }
}

fn libdeflate(level: i32) -> impl Fn(&[u8]) -> Vec<u8> {
    move |data| {
        let mut c =
            libdeflater::Compressor::new(libdeflater::CompressionLvl::new(level).expect("level"));
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        let n = c.zlib_compress(data, &mut out).expect("fits the bound");
        out.truncate(n);
        out
    }
}

fn main() {
    let streams = streams();
    let raw: usize = streams.iter().map(Vec::len).sum();
    println!(
        "{} streams of the examples, {:.1} KB unpacked",
        streams.len(),
        raw as f64 / 1024.0
    );
    let candidates: Vec<(String, Box<Compress>)> = vec![
        ("zlib-rs level 1".into(), Box::new(zlib(1))),
        ("zlib-rs level 4".into(), Box::new(zlib(4))),
        ("zlib-rs level 6".into(), Box::new(zlib(6))),
        ("zlib-rs level 9".into(), Box::new(zlib(9))),
        ("libdeflate level 1".into(), Box::new(libdeflate(1))),
        ("libdeflate level 2".into(), Box::new(libdeflate(2))),
        ("libdeflate level 3".into(), Box::new(libdeflate(3))),
        ("libdeflate level 4".into(), Box::new(libdeflate(4))),
        ("libdeflate level 5".into(), Box::new(libdeflate(5))),
        ("libdeflate level 6".into(), Box::new(libdeflate(6))),
        ("libdeflate level 9".into(), Box::new(libdeflate(9))),
        ("libdeflate level 10".into(), Box::new(libdeflate(10))),
        ("libdeflate level 12".into(), Box::new(libdeflate(12))),
    ];
    for (name, compress) in candidates {
        let size: usize = streams.iter().map(|s| compress(s).len()).sum();
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                for s in &streams {
                    std::hint::black_box(compress(s));
                }
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{name:<22} {:>8.1} KB  median {:>7.2} ms for all",
            size as f64 / 1024.0,
            times[RUNS / 2].as_secs_f64() * 1000.0
        );
    }
}
