//! Batch runs for HR: a sheet in, a checklist per person, a summary and an error list out.
//!
//! Rows stream from the sheet through a bounded queue to worker threads; each worker
//! builds and writes one checklist (or, for JSON Lines, hands its line to the collector,
//! which writes them in sheet order); the summary keeps a small line per person, and of
//! the rows that could not be used only the first few (every problem goes to `errors.csv`
//! as it is found). Memory does not grow with the sheet beyond those lines.

pub mod attention;
pub mod bounds;
pub mod cells;
mod collector;
pub mod columns;
pub mod decode;
pub mod dry_run;
pub mod errors_file;
pub mod join;
pub mod jsonl;
pub mod merge;
pub mod names;
mod outputs;
pub mod report;
pub mod report_files;
mod run;
pub mod shard;
pub mod sheet;
pub mod summary;
pub mod template;
mod xlsx;
pub mod xlsx_scan;

use crate::engine::Options;
use crate::frontend::request::{checklist_from_raw, RequestError};
use crate::model::applicant::{FieldProblem, InputError};
use crate::model::policy::Library;
use crate::msg;
use crate::output::render::Format;
use crate::util::atomic;
use crate::util::i18n::{Lang, Msg};
use chrono::NaiveDate;
use columns::Columns;
use serde_yaml::Value as Yaml;
use std::path::{Path, PathBuf};
use summary::Summary;

pub use run::run;

/// How to run a batch.
pub struct BatchOptions {
    pub out_dir: PathBuf,
    pub output: Output,
    /// The policy for rows without a `policy` column value.
    pub policy: Option<String>,
    pub as_of: NaiveDate,
    pub jobs: usize,
    pub show_id: bool,
    /// Also write every PDF into one print file, in row order, as the batch runs.
    pub merge: Option<merge::MergeTo>,
    /// Make only this shard's rows, and write [`shard::FILE`] for the join.
    pub shard: Option<shard::Shard>,
    /// With a shard: what made it, for the join to compare.
    pub identity: shard::Identity,
    /// Rows are told in the web page's words (the 办理事项 choice above, not `--policy`).
    pub page: bool,
    /// Also walk each person's city path: their next step in the summary, their plan's
    /// days in the calendars (and, with files, a calendar per person).
    pub plan: bool,
}

/// What a batch writes for each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A file per person, in this format.
    Files(Format),
    /// One line per person in `checklists.jsonl` (see [`jsonl`]).
    JsonLines,
}

/// One problem of one row, for `errors.csv`.
#[derive(Debug, Clone)]
pub struct RowError {
    pub row: usize,
    pub name: String,
    pub problem: FieldProblem,
}

impl RowError {
    /// The field's key, or empty for the row as a whole.
    pub fn field(&self) -> &str {
        &self.problem.field
    }

    /// What was wrong, in words.
    pub fn message(&self, lang: Lang) -> String {
        self.problem.message(lang)
    }
}

/// What a batch did.
pub struct BatchReport {
    pub summary: Summary,
    /// `errors.csv`, written as the rows were done.
    pub errors: errors_file::Errors,
    /// With `merge`: what the merge file holds.
    pub merged: Option<crate::output::pdf::MergedInfo>,
    /// The sheet could not be read to its end: the rows before this were done, the rest
    /// were never seen. The run has failed.
    pub stopped: Option<sheet::SheetError>,
}

/// Why a batch could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Sheet(#[from] sheet::SheetError),
    #[error("{file}: {message}")]
    Header { file: String, message: Msg },
    #[error("{dir}: {source}")]
    OutDir { dir: String, source: std::io::Error },
    #[error("cannot write {file}: {source}")]
    Write {
        file: String,
        source: std::io::Error,
    },
    /// A checklist could not be written: the rest would fail the same way.
    #[error("cannot write {file}: {source}; the batch stopped there (is the disk full, or the folder not writable?)")]
    Stopped {
        /// The row whose checklist could not be written.
        row: usize,
        file: String,
        source: std::io::Error,
    },
}

impl BatchError {
    /// The error as a server's log may keep it: a person's checklist named by its row,
    /// never by the file name made from the person's name.
    pub fn for_log(&self) -> String {
        match self {
            BatchError::Stopped { row, source, .. } => {
                format!(
                    "cannot write the checklist of row {row}: {source}; the batch stopped there"
                )
            }
            BatchError::Header { file, .. } => format!("{file}: bad header row"),
            other => other.to_string(),
        }
    }
}

fn cell<'a>(input: &'a [(String, Yaml)], key: &str) -> &'a str {
    input
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// A row made into a checklist, before anything is rendered.
pub struct Built {
    pub name: String,
    pub policy: String,
    pub checklist: crate::Checklist,
    /// The row's answers, as an input file gives them (for the plan of `--plan`).
    pub input: crate::model::applicant::RawInput,
}

/// A row that cannot be made into a checklist: its name, policy and problems.
pub struct Unusable {
    pub name: String,
    pub policy: String,
    pub problems: Vec<FieldProblem>,
}

/// Makes one row's checklist: the same steps for the check before a batch and the batch.
pub fn build(
    row: &sheet::Row,
    columns: &Columns,
    lib: &Library,
    default_policy: Option<&str>,
    as_of: NaiveDate,
    options: Options,
    sheet_name: &str,
) -> Result<Built, Unusable> {
    let input = columns.input(&row.cells);
    let name = cell(&input, "name").to_string();
    let policy = cell(&input, "policy");
    let policy = if policy.is_empty() {
        default_policy.unwrap_or_default().to_string()
    } else {
        lib.id_named(policy).to_string()
    };
    let origin = format!("{sheet_name} row {}", row.number);
    let fail = |problems: Vec<FieldProblem>| Unusable {
        name: name.clone(),
        policy: policy.clone(),
        problems,
    };
    if let Some(why) = &row.refused {
        return Err(fail(vec![FieldProblem::whole(why.clone())]));
    }
    if columns.stray_cells(&row.cells) > 0 {
        return Err(fail(vec![FieldProblem::whole(msg!("row-stray-cells"))]));
    }
    let policy_arg = cell(&input, "policy")
        .is_empty()
        .then_some(default_policy)
        .flatten();
    match checklist_from_raw(lib, &input, &origin, policy_arg, as_of, options) {
        Ok(checklist) => Ok(Built {
            name,
            policy,
            checklist,
            input,
        }),
        Err(RequestError::Input(InputError { problems, .. })) => Err(fail(problems)),
        Err(RequestError::NoPolicy { available, .. }) => Err(fail(vec![policy_problem(msg!(
            "row-no-policy",
            available = available
        ))])),
        Err(RequestError::Policy { message, .. }) => Err(fail(vec![policy_problem(message)])),
    }
}

/// The problems of a row as the web page says them: a row without a procedure is told
/// to fill the 办理事项 column or choose one above, with the procedures' titles, not a
/// command-line option and policy ids.
pub fn for_page(problems: &mut [FieldProblem], lib: &Library) {
    for p in problems.iter_mut().filter(|p| p.code() == "row-no-policy") {
        let titles: Vec<String> = lib.policies().iter().map(|p| p.title.clone()).collect();
        p.msg = msg!("row-no-policy-page", titles = titles);
    }
}

/// A problem with the row's policy, named as the `policy` column.
fn policy_problem(m: Msg) -> FieldProblem {
    FieldProblem::new("policy", m).named("办理事项", "Policy")
}

/// One line of `errors.csv`, before the cells are made safe.
pub fn error_cells(e: &RowError) -> [String; 5] {
    [
        e.row.to_string(),
        e.name.clone(),
        e.field().to_string(),
        e.message(Lang::Zh),
        e.problem.code().to_string(),
    ]
}

/// Writes a file of the batch atomically.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = dir.join(name);
    atomic::write(&path, bytes)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::BatchError;

    #[test]
    fn a_write_failure_is_logged_by_row_without_the_persons_name() {
        let e = BatchError::Stopped {
            row: 24,
            file: "/tmp/doclist-batch-x/out/00024-黄䶮.pdf".to_string(),
            source: std::io::Error::other("No space left on device"),
        };
        let line = e.for_log();
        assert!(
            line.contains("row 24") && line.contains("No space left"),
            "{line}"
        );
        assert!(!line.contains("黄䶮") && !line.contains("00024"), "{line}");
        // The command line's own words still name the file, for the person at the terminal.
        assert!(e.to_string().contains("00024-黄䶮.pdf"));
    }
}
