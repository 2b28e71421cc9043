//! The HTML checklist: a print-ready A4 page from `templates/checklist.html`.

use super::templates::{TemplateError, Templates};
use super::view::View;
use crate::Checklist;

/// Renders the checklist as a standalone HTML page.
pub fn render(
    checklist: &Checklist,
    templates: &Templates,
    explain: bool,
) -> Result<String, TemplateError> {
    templates.render("checklist.html", &View::new(checklist, explain))
}
