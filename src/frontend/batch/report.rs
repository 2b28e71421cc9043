//! `summary.html`: the batch summary as a page HR can read and print.
//!
//! The page frame comes from `templates/summary.html`; each person's line from
//! `templates/summary-row.html`, rendered a block of people at a time on `jobs`
//! threads and written in row order, so that a sheet of any length never has its whole
//! page in memory.

use super::attention::Due;
use super::summary::{Counts, EmployerDocument, Person, Summary};
use crate::output::render::{TemplateError, Templates};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

/// Where the frame template puts the people's lines.
const ROWS: &str = "<!-- doclist:rows -->";

#[derive(Serialize)]
struct FrameView {
    as_of: String,
    total: usize,
    counts: Counts,
    /// Rows that could not be used and are not listed: `errors.csv` has them.
    unlisted: usize,
    employer_documents: Vec<EmployerDocument>,
    columns: Vec<String>,
    rows: &'static str,
    generator: String,
    /// Each set of rules the checklists were made by: title, version, fingerprint.
    rules: Vec<(String, String, String)>,
    /// Whether the people's next steps are shown (`batch --plan`).
    plans: bool,
    /// How many have a deadline within 30 days, and past one.
    due_soon: usize,
    due_late: usize,
}

#[derive(Serialize)]
struct RowView<'a> {
    p: &'a Person,
    /// One mark per document column: does this person need it?
    marks: Vec<bool>,
    plans: bool,
    /// The due flag, the deadlines and the warnings in words.
    due: String,
    deadlines: String,
}

/// A problem writing the summary page.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("templates/summary.html must contain `{ROWS}` where the people's lines go")]
    NoRows,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// People whose lines are rendered before any is written.
const BLOCK: usize = 1024;

/// Writes `summary.html` to `out`, rendering the people's lines on `jobs` threads.
pub fn write_summary_html(
    s: &Summary,
    templates: &Templates,
    as_of: NaiveDate,
    jobs: usize,
    out: &mut dyn Write,
) -> Result<(), SummaryError> {
    let columns = s.column_order();
    let plans = s.people.iter().any(|p| p.attention.plan.is_some());
    let count = |due: Due| s.people.iter().filter(|p| p.attention.due == due).count();
    let frame = templates.render(
        "summary.html",
        &FrameView {
            as_of: as_of.format("%Y-%m-%d").to_string(),
            total: s.counts().rows(),
            counts: s.counts(),
            unlisted: s.unlisted(),
            employer_documents: s.employer_documents(),
            columns: columns
                .iter()
                .map(|i| s.documents[*i as usize].name.clone())
                .collect(),
            rows: ROWS,
            generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
            rules: s.rules_used(),
            plans,
            due_soon: count(Due::Soon),
            due_late: count(Due::Late),
        },
    )?;
    let (head, tail) = frame.split_once(ROWS).ok_or(SummaryError::NoRows)?;
    out.write_all(head.as_bytes())?;
    for block in s.people.chunks(BLOCK) {
        let per_thread = block.len().div_ceil(jobs.max(1));
        let parts: Vec<Result<String, TemplateError>> = std::thread::scope(|scope| {
            let threads: Vec<_> = block
                .chunks(per_thread)
                .map(|people| scope.spawn(|| rows(people, &columns, templates, plans)))
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().expect("rendering rows does not panic"))
                .collect()
        });
        for part in parts {
            out.write_all(part?.as_bytes())?;
        }
    }
    out.write_all(tail.as_bytes())?;
    Ok(())
}

/// The lines of `people`, in order.
fn rows(
    people: &[Person],
    columns: &[u32],
    templates: &Templates,
    plans: bool,
) -> Result<String, TemplateError> {
    let mut html = String::new();
    for p in people {
        let row = RowView {
            p,
            marks: columns.iter().map(|i| p.needs(*i)).collect(),
            plans,
            due: p.attention.due_words(),
            deadlines: p.attention.deadline_words(),
        };
        html.push_str(&templates.render("summary-row.html", &row)?);
    }
    Ok(html)
}
