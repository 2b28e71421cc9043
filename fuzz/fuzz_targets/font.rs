//! `--font FILE`: any bytes as a fallback font (they reach the hand-written TrueType and
//! CFF readers, the subsetter and the outline rounding), then a small checklist drawn
//! with characters the built-in fonts lack. It must never panic; a font that cannot be
//! used is a `PdfError` naming it.
#![no_main]

use doclist::output::pdf::{render, FontSet};
use libfuzzer_sys::fuzz_target;

const MARKUP: &str = "meta title | 字体\ntitle | 材料清单 Ab 𐀀 ☃ ɐ\npara | 张三 ß Ω ẞ 𐀁\n";

fuzz_target!(|data: &[u8]| {
    let base = FontSet::embedded().expect("the built-in fonts load");
    match base.with_fallback(data.to_vec(), "fuzz.ttf") {
        Ok(fonts) => {
            if let Ok(pdf) = render(MARKUP, &fonts) {
                assert!(pdf.starts_with(b"%PDF-"));
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
