//! The PDF checklist: `templates/checklist.pdf.txt` gives the block markup, the typesetter
//! lays it out.

use super::view::View;
use super::{RenderError, Renderer};
use crate::pdf::{self, FontSet};
use crate::Checklist;

/// A rendered PDF and its page count.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The checklist's block markup, as the template makes it.
pub fn markup(c: &Checklist, r: &Renderer) -> Result<String, RenderError> {
    let view = View::new(c, r.explain);
    let view = if r.forms { view.with_forms() } else { view };
    Ok(r.templates.render("checklist.pdf.txt", &view)?)
}

/// Renders the checklist as a PDF.
pub fn render(c: &Checklist, r: &Renderer) -> Result<Rendered, RenderError> {
    let fonts: &FontSet = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    let (bytes, info) = pdf::render_with_info(&markup(c, r)?, fonts)?;
    Ok(Rendered {
        bytes,
        pages: info.pages,
    })
}
