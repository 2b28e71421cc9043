//! Several documents in one PDF: each starts on a new page (on a front side with duplex),
//! keeps its own header, footer and page numbers, and all share one font subset.

use super::error::PdfError;
use super::fonts::FontSet;
use super::markup::{self, Field};
use super::page::Page;
use super::{coverage, document, draw, layout, paginate, running, RenderInfo};

/// Typesets every markup into one PDF titled `title`; document info other than the title
/// comes from the first markup.
pub fn render_many(
    markups: &[&str],
    fonts: &FontSet,
    duplex: bool,
    title: &str,
) -> Result<(Vec<u8>, RenderInfo), PdfError> {
    let mut pages: Vec<Page> = Vec::new();
    let mut meta = None;
    for (i, text) in markups.iter().enumerate() {
        let doc = markup::parse(text)?;
        coverage::check(&doc, fonts)?;
        if duplex && i > 0 && pages.len() % 2 == 1 {
            pages.push(Page::default());
        }
        let mut own = paginate::paginate(&layout::layout(&doc, fonts));
        let total = own.len();
        for (index, page) in own.iter_mut().enumerate() {
            page.marks
                .extend(running::running_marks(&doc.meta, index + 1, total, fonts));
        }
        pages.extend(own);
        meta.get_or_insert(doc.meta);
    }
    let mut meta = meta.unwrap_or_default();
    meta.title = Some(Field {
        text: title.to_string(),
        line: 0,
        directive: "meta title",
        name: "text",
    });
    let count = pages.len();
    let (pdf_pages, used) = draw::draw(&pages, fonts);
    let bytes = document::write(pdf_pages, &used, fonts, &meta)?;
    Ok((bytes, RenderInfo { pages: count }))
}
