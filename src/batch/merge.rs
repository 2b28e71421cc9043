//! The merge file: every person's checklist in one PDF, each starting on a new page.

use crate::pdf::{self, FontSet, PdfError};

/// Typesets every markup into one PDF (fonts subset once for all); with `duplex`, blank
/// pages make each person start on a front side. Returns the bytes and the page count.
pub fn merge(
    markups: &[(usize, String)],
    fonts: &FontSet,
    duplex: bool,
    title: &str,
) -> Result<(Vec<u8>, usize), PdfError> {
    let texts: Vec<&str> = markups.iter().map(|(_, m)| m.as_str()).collect();
    let (bytes, info) = pdf::render_many(&texts, fonts, duplex, title)?;
    Ok((bytes, info.pages))
}
