//! The PDF checklist: `templates/checklist.pdf.txt` gives the block markup, the typesetter
//! lays it out.

use super::view::View;
use super::{RenderError, Renderer, TypeSize};
use crate::output::pdf::{self, FontSet};
use crate::Checklist;

/// A rendered PDF and its page count.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The checklist's block markup, as the template makes it.
pub fn markup(c: &Checklist, r: &Renderer, size: TypeSize) -> Result<String, RenderError> {
    let view = View::new(c, r.explain)
        .sized(size)
        .printed_by(r.office.as_ref());
    let view = if r.forms { view.with_forms() } else { view };
    Ok(r.templates.render("checklist.pdf.txt", &view)?)
}

/// Refuses a checklist whose applicant text (the name, text answers) has a character
/// the fonts cannot draw, naming the field: it is the input's fault, not the layout's.
pub fn check_drawable(c: &Checklist, fonts: &FontSet) -> Result<(), RenderError> {
    let name_label = crate::util::i18n::tr(crate::util::i18n::Lang::Zh, "view-name");
    let texts = c
        .applicant
        .name
        .iter()
        .map(|n| ("name", name_label.as_str(), n.as_str()))
        .chain(c.applicant.facts.iter().filter_map(|f| match &f.value {
            Some(crate::model::fact::Value::Text(t)) => {
                Some((f.key.as_str(), f.label.as_str(), t.as_str()))
            }
            _ => None,
        }));
    for (field, label, text) in texts {
        for (i, ch) in text.chars().enumerate() {
            if !ch.is_whitespace() && !fonts.can_draw(ch) {
                return Err(RenderError::Undrawable {
                    field: field.to_string(),
                    label: label.to_string(),
                    position: i + 1,
                    codepoint: u32::from(ch),
                });
            }
        }
    }
    Ok(())
}

/// Renders the checklist as a PDF.
pub fn render(c: &Checklist, r: &Renderer, size: TypeSize) -> Result<Rendered, RenderError> {
    let fonts: &FontSet = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    check_drawable(c, fonts)?;
    let (bytes, info) = pdf::render_with_info(&markup(c, r, size)?, fonts)?;
    Ok(Rendered {
        bytes,
        pages: info.pages,
    })
}
