//! The report files every batch leaves beside its people's files — `summary.csv`,
//! `summary.html`, `errors.csv`, `calendar.ics` — listed once, and written to whatever
//! holds them: a folder (`batch`, `join`) or a zip (the web page).

use super::errors_file::Errors;
use super::report::write_summary_html;
use super::summary::Summary;
use crate::output::render::Templates;
use crate::util::atomic;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// The report files' names, in the order they are written.
pub const NAMES: [&str; 4] = ["summary.csv", "summary.html", "errors.csv", "calendar.ics"];

/// What the report files are made from.
pub struct Reports<'a> {
    pub summary: &'a Summary,
    /// `errors.csv`, already made (a batch's own rows, or the lines joined from shards).
    pub errors: &'a Errors,
    pub templates: &'a Templates,
    pub as_of: NaiveDate,
    /// Threads for the summary page's lines.
    pub jobs: usize,
}

/// Where report files go: each one is filled by `fill`, whole or not at all.
pub trait Sink {
    fn file(
        &mut self,
        name: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// A folder: each file written beside its final name and renamed into place.
pub struct Folder<'a>(pub &'a Path);

impl Sink for Folder<'_> {
    fn file(
        &mut self,
        name: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        atomic::write_with(&self.0.join(name), |w| fill(w))
    }
}

/// A report file that could not be made: its name and why.
#[derive(Debug)]
pub struct ReportError {
    pub name: &'static str,
    pub error: std::io::Error,
}

/// Writes every report file into `sink`, in a fixed order.
pub fn write(sink: &mut dyn Sink, r: &Reports) -> Result<(), ReportError> {
    let mut put = |name: &'static str,
                   fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>| {
        sink.file(name, fill)
            .map_err(|error| ReportError { name, error })
    };
    let [csv, html, errors, calendar] = NAMES;
    put(csv, &mut |w| w.write_all(&r.summary.to_csv()))?;
    put(html, &mut |w| {
        write_summary_html(r.summary, r.templates, r.as_of, r.jobs, w)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })?;
    put(errors, &mut |w| r.errors.copy_to(w))?;
    put(calendar, &mut |w| r.summary.write_calendar(r.as_of, w))
}
