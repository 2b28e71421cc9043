//! The PDF typesetter: block markup (see `docs/pdf-markup.md`) → A4 PDF bytes.
//!
//! ```no_run
//! let fonts = doclist::pdf::FontSet::embedded()?; // once per process
//! let bytes = doclist::pdf::render("title 材料清单\ncheck 居民身份证 | 原件 | ", &fonts)?;
//! # Ok::<(), doclist::pdf::PdfError>(())
//! ```
//!
//! The pipeline, one module each: `markup` parses, `coverage` checks
//! every character against the fonts, `layout` turns blocks into chunks
//! (with `text` and `linebreak` setting the lines), `paginate` distributes
//! chunks over pages, `running` adds header and footer, `draw` makes PDF
//! operations, `subset` (with `truetype` and `tables`) cuts the
//! fonts and `shrink` makes the cut fonts smaller, `document` (with `sfnt` and `widths`) writes the file; `many` puts
//! several documents into one file. `outline` rounds the outlines of the
//! built-in font files when they are made.

mod coverage;
mod document;
mod draw;
mod embedded;
mod error;
mod fonts;
mod layout;
mod linebreak;
mod many;
mod markup;
mod outline;
mod page;
mod paginate;
mod running;
mod sfnt;
mod shrink;
mod subset;
mod tables;
mod text;
mod theme;
mod truetype;
mod widths;

pub use embedded::FONT_LICENSE;
pub use error::PdfError;
pub use fonts::FontSet;
pub use many::render_many;
#[doc(hidden)]
pub use outline::round_font;

/// Facts about a rendered document that a caller may want without parsing the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderInfo {
    /// Number of pages.
    pub pages: usize,
}

/// Parse `markup` and typeset it with `fonts`; returns the PDF file bytes.
///
/// The output depends only on the markup and the fonts: the same input gives
/// byte-identical files.
pub fn render(markup: &str, fonts: &FontSet) -> Result<Vec<u8>, PdfError> {
    render_with_info(markup, fonts).map(|(bytes, _)| bytes)
}

/// Like [`render`], also returning facts about the document (its page count).
pub fn render_with_info(markup: &str, fonts: &FontSet) -> Result<(Vec<u8>, RenderInfo), PdfError> {
    let doc = markup::parse(markup)?;
    coverage::check(&doc, fonts)?;
    let mut pages = paginate::paginate(&layout::layout(&doc, fonts));
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let marks = running::running_marks(&doc.meta, index + 1, total, fonts);
        page.marks.extend(marks);
    }
    let (pdf_pages, used) = draw::draw(&pages, fonts);
    let bytes = document::write(pdf_pages, &used, fonts, &doc.meta)?;
    Ok((bytes, RenderInfo { pages: total }))
}
