//! What the workers hand the collector for each row ([`Done`]), and what the collector
//! keeps of it ([`Collected`]): the summary's lines, and `errors.csv` as it is written.

use super::errors_file::ErrorsFile;
use super::summary::{Record, Summary};
use super::{error_cells, shard, RowError};
use crate::model::applicant::FieldProblem;
use crate::util::atomic;
use crate::util::i18n::Lang;

/// What a worker reports for one row: the summary's line, and its problems if it failed.
pub(super) enum Done {
    Ok {
        record: Record,
        /// With a merge file: the person's pages for it.
        piece: Option<Box<crate::output::pdf::Piece>>,
        /// With [`Output::JsonLines`]: the person's line.
        line: Option<Vec<u8>>,
    },
    Failed {
        row: usize,
        name: String,
        policy: String,
        problems: Vec<FieldProblem>,
    },
}

impl Done {
    /// The person's line for `checklists.jsonl`, taken out.
    pub(super) fn take_line(&mut self) -> Option<Vec<u8>> {
        match self {
            Done::Ok { line, .. } => line.take(),
            Done::Failed { .. } => None,
        }
    }

    /// The person's pages for the merge file, taken out.
    pub(super) fn take_piece(&mut self) -> Option<crate::output::pdf::Piece> {
        match self {
            Done::Ok { piece, .. } => piece.take().map(|p| *p),
            Done::Failed { .. } => None,
        }
    }
}

/// The collector's state: the summary, and `errors.csv` as it is written.
pub(super) struct Collected {
    pub(super) summary: Summary,
    pub(super) errors: ErrorsFile,
    /// The first error writing `errors.csv`.
    pub(super) errors_failed: Option<std::io::Error>,
    /// With a shard: its file for the join, and the first error writing it.
    pub(super) shard_out: Option<std::io::BufWriter<atomic::Pending>>,
    pub(super) shard_failed: Option<std::io::Error>,
}

impl Collected {
    fn shard_line(&mut self, line: &shard::Line) {
        if let Some(w) = self.shard_out.as_mut() {
            if let Err(e) = shard::write_line(w, line) {
                self.shard_failed = Some(e);
                self.shard_out = None;
            }
        }
    }

    /// The rows of chunk `seq`: people into the summary, problems into `errors.csv`.
    pub(super) fn take(&mut self, seq: usize, chunk: Vec<Done>) {
        let mut lines = Vec::new();
        for done in chunk {
            self.take_one(done, &mut lines);
        }
        for line in &lines {
            if self.shard_out.is_some() {
                self.shard_line(&shard::Line::Error(line.clone()));
            }
        }
        if self.errors_failed.is_none() {
            if let Err(e) = self.errors.put(seq, lines) {
                self.errors_failed = Some(e);
            }
        }
    }

    /// One row: its line in the summary, and its problems' lines of `errors.csv`.
    fn take_one(&mut self, done: Done, lines: &mut Vec<[String; 5]>) {
        match done {
            Done::Ok { record, .. } => {
                if self.shard_out.is_some() {
                    self.shard_line(&shard::Line::Person(record.clone()));
                }
                self.summary.add(record);
            }
            Done::Failed {
                row,
                name,
                policy,
                mut problems,
            } => {
                // The summary is for HR: Chinese, one sentence per problem.
                let message = problems
                    .iter()
                    .map(|p| p.message(Lang::Zh))
                    .collect::<Vec<_>>()
                    .join("；");
                if self.shard_out.is_some() {
                    self.shard_line(&shard::Line::Failed {
                        row,
                        name: name.clone(),
                        policy: policy.clone(),
                        message: message.clone(),
                    });
                }
                problems.sort_by(|a, b| a.field.cmp(&b.field));
                lines.extend(problems.into_iter().map(|problem| {
                    error_cells(&RowError {
                        row,
                        name: name.clone(),
                        problem,
                    })
                }));
                self.summary.add_error(row, name, policy, message);
            }
        }
    }
}
