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
//! operations, `subset` chooses how the fonts are cut: `program` puts each document's
//! glyphs together, each made smaller once per process by `shrink` (allsorts, with
//! `truetype` and `tables`, takes the faces it cannot), `document` (with `sfnt` and `widths`)
//! writes the file. For a print file of many documents, `piece` makes each document's
//! content streams and `merged` writes them as they come, with the shared fonts of
//! `cidfont` at the end; `rejoin` reads such files back to join the shards of a batch.
//! `outline` rounds the outlines of the
//! built-in font files when they are made.

mod cidfont;
mod coverage;
mod document;
mod draw;
mod embedded;
mod error;
mod fnv;
mod fonts;
mod layout;
mod linebreak;
mod markup;
mod merged;
mod outline;
mod page;
mod paginate;
mod piece;
mod program;
mod rejoin;
mod running;
mod sfnt;
mod shrink;
mod subset;
mod tables;
mod text;
mod theme;
mod truetype;
mod widths;

pub use cidfont::check_fonts as check_merge_fonts;
pub use embedded::FONT_LICENSE;
pub use error::{FontFault, PdfError};
pub use fonts::FontSet;
pub use merged::{Merged, MergedInfo};
#[doc(hidden)]
pub use outline::round_font;
pub use piece::{render_with_piece, Piece};
pub use rejoin::{copy_in_row_order, Source};

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
    let (meta, pages) = typeset(markup, fonts)?;
    let total = pages.len();
    let used = draw::used(&pages, fonts);
    let bytes = document::write(&pages, &used, fonts, &meta)?;
    Ok((bytes, RenderInfo { pages: total }))
}

/// Parse and check `markup`, and set it on pages with their header and footer.
fn typeset(markup: &str, fonts: &FontSet) -> Result<(markup::Meta, Vec<page::Page>), PdfError> {
    let doc = markup::parse(markup)?;
    coverage::check(&doc, fonts)?;
    let mut pages = paginate::paginate(&layout::layout(&doc, fonts));
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let marks = running::running_marks(&doc.meta, index + 1, total, fonts);
        page.marks.extend(marks);
    }
    Ok((doc.meta, pages))
}
