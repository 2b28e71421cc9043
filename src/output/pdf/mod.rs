//! The PDF typesetter: block markup (see `docs/pdf-markup.md`) → A4 PDF bytes.
//!
//! ```no_run
//! let fonts = doclist::output::pdf::FontSet::embedded()?; // once per process
//! let bytes = doclist::output::pdf::render("title 材料清单\ncheck 居民身份证 | 原件 | ", &fonts)?;
//! # Ok::<(), doclist::output::pdf::PdfError>(())
//! ```
//!
//! Three rooms with one-way doors: [`typeset`] sets markup on pages and knows nothing
//! of PDF objects; [`writer`] writes pages into PDF files and knows nothing of markup;
//! [`fonts`] knows neither. This facade runs them in order; `error` and `fnv` are shared
//! by all three. The outlines of the built-in fonts are rounded once, when the font files
//! are made, by `examples/round_font.rs`.

mod error;
mod fnv;
pub mod fonts;
pub(crate) mod typeset;
pub(crate) mod writer;

pub use error::{FontFault, PdfError};
pub use fonts::embedded::FONT_LICENSE;
pub use fonts::FontSet;
pub use writer::cidfont::check_fonts as check_merge_fonts;
pub use writer::merged::{Merged, MergedInfo};
pub use writer::piece::Piece;
pub use writer::rejoin::{copy_in_row_order, Source};

use fonts::Slot;
use typeset::{coverage, layout, markup, page, paginate, running};
use writer::draw::{self, Codes};
use writer::{document, piece};

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

/// Typesets `markup` into its own PDF file and, from the same layout, a [`Piece`] for a
/// merged print file.
pub fn render_with_piece(
    markup: &str,
    fonts: &FontSet,
) -> Result<(Vec<u8>, RenderInfo, Piece), PdfError> {
    let (meta, pages) = typeset(markup, fonts)?;
    let used = draw::used(&pages, fonts);
    let whole = Slot::ALL.map(|slot| {
        if used[slot as usize].is_empty() {
            Codes::Text
        } else {
            fonts.face(slot).map_or(Codes::Text, Codes::Whole)
        }
    });
    let (piece, written) = piece::make(
        draw::draw(&pages, &whole, meta.size.scale()),
        used.clone(),
        &meta,
    )?;
    // The document's own file from the same content streams, their glyph ids renumbered
    // for its subsets; from the operations again only when a face needs printpdf's fonts.
    let bytes = match document::write_written(&written, &used, fonts, &meta) {
        Some(bytes) => bytes?,
        None => document::write(&pages, &used, fonts, &meta)?,
    };
    let info = RenderInfo { pages: pages.len() };
    Ok((bytes, info, piece))
}

/// Parse and check `markup`, and set it on pages with their header and footer.
fn typeset(
    markup: &str,
    fonts: &FontSet,
) -> Result<(typeset::meta::Meta, Vec<page::Page>), PdfError> {
    let doc = markup::parse(markup)?;
    coverage::check(&doc, fonts)?;
    let mut pages = paginate::paginate(&layout::layout(&doc, fonts), doc.meta.geometry());
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let marks = running::running_marks(&doc.meta, index + 1, total, fonts);
        page.marks.extend(marks);
    }
    Ok((doc.meta, pages))
}
