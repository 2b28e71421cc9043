//! The PDF block markup (what `templates/checklist.pdf.txt` writes, and what an edited
//! template may write): any text typeset with the built-in fonts. It must never panic or
//! hang; bad markup is a `PdfError` naming its line, good markup gives a PDF.
#![no_main]

use doclist::output::pdf::{render, FontSet};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::embedded().expect("the built-in fonts load"))
}

fuzz_target!(|data: &[u8]| {
    // Long inputs only make runs slower, not deeper.
    let Ok(markup) = std::str::from_utf8(&data[..data.len().min(16 << 10)]) else {
        return;
    };
    match render(markup, fonts()) {
        Ok(pdf) => assert!(pdf.starts_with(b"%PDF-")),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
