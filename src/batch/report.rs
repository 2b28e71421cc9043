//! `summary.html`: the batch summary as a page HR can read and print.

use super::summary::{EmployerDocument, Person, Summary};
use crate::render::{TemplateError, Templates};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct SummaryView<'a> {
    as_of: String,
    total: usize,
    eligible: usize,
    not_yet: usize,
    failed: usize,
    people: &'a [Person],
    employer_documents: Vec<EmployerDocument>,
    matrix_columns: Vec<String>,
    matrix_rows: Vec<(String, Vec<bool>)>,
    generator: String,
}

/// Renders `templates/summary.html`.
pub fn summary_html(
    s: &Summary,
    templates: &Templates,
    as_of: NaiveDate,
) -> Result<String, TemplateError> {
    let (eligible, not_yet, failed) = s.counts();
    let (matrix_columns, matrix_rows) = s.matrix();
    let view = SummaryView {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        total: s.people.len(),
        eligible,
        not_yet,
        failed,
        people: &s.people,
        employer_documents: s.employer_documents(),
        matrix_columns,
        matrix_rows,
        generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
    };
    templates.render("summary.html", &view)
}
