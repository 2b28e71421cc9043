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
    render_page(checklist, templates, explain, true)
}

/// Renders the checklist as a standalone HTML page; `forms`: with the forms it asks for,
/// each on a new printed page.
pub fn render_page(
    checklist: &Checklist,
    templates: &Templates,
    explain: bool,
    forms: bool,
) -> Result<String, TemplateError> {
    let view = View::new(checklist, explain);
    let view = if forms { view.with_forms() } else { view };
    templates.render("checklist.html", &view)
}
