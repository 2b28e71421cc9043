//! The HTML checklist: a print-ready A4 page from `templates/checklist.html`.

use super::templates::{TemplateError, Templates};
use super::view::View;
use crate::Checklist;

/// Renders the checklist as a standalone HTML page, with the forms it asks for.
pub fn render(
    checklist: &Checklist,
    templates: &Templates,
    explain: bool,
) -> Result<String, TemplateError> {
    render_view(&View::new(checklist, explain).with_forms(), templates)
}

/// Renders a checklist's view as a standalone HTML page.
pub fn render_view(view: &View<'_>, templates: &Templates) -> Result<String, TemplateError> {
    templates.render("checklist.html", view)
}
