//! Outside programs some tests need (poppler-utils, qpdf, a browser). Without them such a
//! test passes with a visible `SKIPPED:` line, so that `cargo test` on a machine with only
//! Rust runs everything else; with `DOCLIST_REQUIRE_TOOLS=1` (as `.ci/run` sets) a missing
//! program fails the test instead.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// A program and the Debian package that has it.
pub type Program = (&'static str, &'static str);

pub const PDFTOTEXT: Program = ("pdftotext", "poppler-utils");
pub const PDFFONTS: Program = ("pdffonts", "poppler-utils");
pub const PDFINFO: Program = ("pdfinfo", "poppler-utils");
pub const QPDF: Program = ("qpdf", "qpdf");

/// Where `program` is on the PATH (or the path itself, when it names a file).
pub fn find(program: &str) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.components().count() > 1 {
        return p.is_file().then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|f| f.is_file())
}

/// Whether the tools are required (CI) rather than optional.
pub fn required() -> bool {
    std::env::var("DOCLIST_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// Says `SKIPPED: <test>: <program> missing (<package>)` where the person running the
/// tests sees it (not captured like `println!`), or fails the test when tools are
/// required. True when the test should stop here.
pub fn skip(test: &str, program: &str, package: &str) -> bool {
    let line = format!("SKIPPED: {test}: {program} missing ({package})");
    if required() {
        panic!("{line}, and DOCLIST_REQUIRE_TOOLS=1");
    }
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    true
}

/// True (after saying so) when any of `programs` is missing: the test should return.
pub fn missing(test: &str, programs: &[Program]) -> bool {
    programs
        .iter()
        .find(|(p, _)| find(p).is_none())
        .is_some_and(|(p, package)| skip(test, p, package))
}
