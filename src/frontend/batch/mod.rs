//! Batch runs for HR: a sheet in, a checklist per person, a summary and an error list out.
//!
//! Rows stream from the sheet through a bounded queue to worker threads; each worker
//! builds and writes one checklist (or, for JSON Lines, hands its line to the collector,
//! which writes them in sheet order); the summary keeps a small line per person. Memory
//! does not grow with the sheet beyond those lines.

pub mod bounds;
pub mod cells;
pub mod check;
pub mod columns;
pub mod decode;
pub mod join;
pub mod lines;
pub mod merge;
pub mod names;
pub mod report;
pub mod shard;
pub mod sheet;
pub mod summary;
pub mod template;

use crate::engine::Options;
use crate::frontend::request::{checklist_from_raw, RequestError};
use crate::model::applicant::{FieldProblem, InputError};
use crate::model::policy::Library;
use crate::msg;
use crate::output::render::{Format, RenderError, Renderer};
use crate::util::atomic;
use crate::util::i18n::{tr, Lang, Msg};
use chrono::NaiveDate;
use columns::Columns;
use serde_yaml::Value as Yaml;
use sheet::Sheet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use summary::{Record, Summary};

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
}

/// What a batch writes for each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A file per person, in this format.
    Files(Format),
    /// One line per person in `checklists.jsonl` (see [`lines`]).
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
    pub errors: Vec<RowError>,
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
        file: String,
        source: std::io::Error,
    },
}

/// The first checklist that could not be written; once set, no more rows are started.
#[derive(Default)]
struct Abort {
    first: Mutex<Option<(String, std::io::Error)>>,
    set: std::sync::atomic::AtomicBool,
}

impl Abort {
    fn stop(&self, file: String, e: std::io::Error) {
        let mut first = self.first.lock().expect("abort lock");
        if first.is_none() {
            *first = Some((file, e));
        }
        self.set.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn stopped(&self) -> bool {
        self.set.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Rows travel between threads in chunks of this many, so that handing work over costs
/// little next to the work itself.
const CHUNK: usize = 32;

/// What a worker reports for one row: the summary's line, and its problems if it failed.
enum Done {
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

fn cell<'a>(input: &'a [(String, Yaml)], key: &str) -> &'a str {
    input
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// The collector's state: everything the summary and error list need, and no more.
#[derive(Default)]
struct Collected {
    summary: Summary,
    errors: Vec<RowError>,
    /// With a shard: its file for the join, and the first error writing it.
    shard_out: Option<std::io::BufWriter<atomic::Pending>>,
    shard_failed: Option<std::io::Error>,
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
}

impl Collected {
    fn take(&mut self, done: Done) {
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
                problems,
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
                self.summary.add_error(row, name.clone(), policy, message);
                for problem in problems {
                    self.errors.push(RowError {
                        row,
                        name: name.clone(),
                        problem,
                    });
                }
            }
        }
    }
}

/// Runs a batch. `tick` is called with the number of rows finished (for a progress bar).
pub fn run(
    sheet: Sheet,
    sheet_name: &str,
    lib: &Library,
    renderer: &Renderer,
    opts: &BatchOptions,
    tick: &(dyn Fn(u64) + Sync),
) -> Result<BatchReport, BatchError> {
    let columns =
        Columns::from_headers(&sheet.headers, lib).map_err(|message| BatchError::Header {
            file: sheet_name.to_string(),
            message,
        })?;
    let out_err = |e| BatchError::OutDir {
        dir: opts.out_dir.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(&opts.out_dir).map_err(out_err)?;
    atomic::clean_stale(&opts.out_dir).map_err(out_err)?;

    let lines_path = opts.out_dir.join(lines::FILE);
    let lines_err = |source| BatchError::Write {
        file: lines_path.display().to_string(),
        source,
    };
    let mut lines_out = match opts.output {
        Output::JsonLines => Some(lines::Ordered::new(std::io::BufWriter::new(
            atomic::Pending::beside(&lines_path).map_err(lines_err)?,
        ))),
        Output::Files(_) => None,
    };
    let mut lines_failed = None;
    let merge_err = |path: &Path, source| BatchError::Write {
        file: path.display().to_string(),
        source,
    };
    let mut merge_out = match &opts.merge {
        Some(to) => {
            if let Some(fonts) = &renderer.fonts {
                crate::output::pdf::check_merge_fonts(fonts).map_err(|font| {
                    let refused =
                        crate::util::i18n::MsgError(msg!("merge-font-not-truetype", font = font));
                    merge_err(&to.path, std::io::Error::other(refused))
                })?;
            }
            Some(merge::Ordered::new(to).map_err(|e| merge_err(&to.path, e))?)
        }
        None => None,
    };
    let mut merge_failed = None;
    let shard_path = opts.out_dir.join(shard::FILE);
    let shard_err = |source| BatchError::Write {
        file: shard_path.display().to_string(),
        source,
    };
    let shard_out = match opts.shard {
        Some(shard) => {
            let mut w =
                std::io::BufWriter::new(atomic::Pending::beside(&shard_path).map_err(shard_err)?);
            let merge = opts
                .merge
                .as_ref()
                .and_then(|m| m.path.file_name().map(|n| n.to_string_lossy().into_owned()));
            let first = shard::Line::Shard {
                shard,
                as_of: opts.as_of,
                merge,
            };
            shard::write_line(&mut w, &first).map_err(shard_err)?;
            Some(w)
        }
        None => None,
    };

    let jobs = opts.jobs.max(1);
    // The reader stays this many chunks ahead of the lines written, at most.
    let window = lines::Window::new(jobs * 8);
    let window = lines_out.is_some().then_some(&window);
    // Chunks carry their number, so that lines can be put back in sheet order.
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<sheet::Row>)>(jobs * 2);
    // Owned by the workers: when the last one is gone, the reader's sends fail and it stops.
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, Vec<Done>)>(jobs * 2);
    let mut stopped = None;
    let mut last_row = 1;
    let abort = &Abort::default();

    let collected = std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = Arc::clone(&work_rx);
            let columns = &columns;
            scope.spawn(move || {
                // A worker that stops (even by a panic) must not leave the reader waiting.
                let _release = window.map(lines::Release);
                loop {
                    let (seq, chunk) = match work_rx.lock().expect("queue lock").recv() {
                        Ok(c) => c,
                        Err(_) => break,
                    };
                    let done = chunk
                        .into_iter()
                        .map(|row| process(row, columns, lib, renderer, opts, sheet_name, abort))
                        .collect();
                    if done_tx.send((seq, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        let (lines_out, lines_failed) = (&mut lines_out, &mut lines_failed);
        let (merge_out, merge_failed) = (&mut merge_out, &mut merge_failed);
        let collector = scope.spawn(move || {
            // However the collector ends, the reader must not wait for it.
            let _release = window.map(lines::Release);
            let mut c = Collected {
                shard_out,
                ..Collected::default()
            };
            for (seq, mut chunk) in done_rx {
                let n = chunk.len() as u64;
                if let Some(out) = lines_out.as_mut() {
                    let lines = chunk
                        .iter_mut()
                        .filter_map(|d| match d {
                            Done::Ok { line, .. } => line.take(),
                            Done::Failed { .. } => None,
                        })
                        .collect();
                    match out.put(seq, lines) {
                        Ok(written) => {
                            if let Some(w) = window {
                                w.advance(written);
                            }
                        }
                        Err(e) => {
                            // Nothing more is written or kept; the run reports the error.
                            *lines_failed = Some(e);
                            *lines_out = None;
                            if let Some(w) = window {
                                w.open();
                            }
                        }
                    }
                }
                if let Some(out) = merge_out.as_mut() {
                    let pieces = chunk
                        .iter_mut()
                        .filter_map(|d| match d {
                            Done::Ok { piece, .. } => piece.take().map(|p| *p),
                            Done::Failed { .. } => None,
                        })
                        .collect();
                    if let Err(e) = out.put(seq, pieces) {
                        // The file is dropped unnamed; the run reports the error.
                        *merge_failed = Some(e);
                        *merge_out = None;
                    }
                }
                for done in chunk {
                    c.take(done);
                }
                tick(n);
            }
            c
        });
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut seq = 0;
        for row in sheet {
            if abort.stopped() {
                break;
            }
            match row {
                Ok(r) => {
                    last_row = r.number;
                    if opts.shard.is_none_or(|s| s.has(r.number)) {
                        chunk.push(r)
                    }
                }
                Err(e) => {
                    // Rows after a damaged place are never guessed at.
                    stopped = Some(e);
                    break;
                }
            }
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if let Some(w) = window {
                    w.admit(seq);
                }
                if work_tx.send((seq, full)).is_err() {
                    break;
                }
                seq += 1;
            }
        }
        if !chunk.is_empty() {
            if let Some(w) = window {
                w.admit(seq);
            }
            let _ = work_tx.send((seq, chunk));
        }
        drop(work_tx);
        collector.join().expect("the collector does not panic")
    });

    if let Some((file, source)) = abort.first.lock().expect("abort lock").take() {
        return Err(BatchError::Stopped { file, source });
    }
    if let Some(e) = lines_failed {
        return Err(lines_err(e));
    }
    if let Some(out) = lines_out {
        out.finish()
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .and_then(atomic::Pending::commit)
            .map_err(lines_err)?;
    }
    let merged = match (&opts.merge, merge_out, merge_failed) {
        (Some(to), _, Some(e)) => return Err(merge_err(&to.path, e)),
        (Some(to), Some(out), None) => {
            let fonts = renderer.fonts.as_ref().ok_or_else(|| {
                merge_err(
                    &to.path,
                    std::io::Error::other(RenderError::NoFonts.to_string()),
                )
            })?;
            let title =
                msg!("merge-title", people = out.people(), date = opts.as_of).text(Lang::Zh);
            Some(
                out.finish(&title, fonts)
                    .map_err(|e| merge_err(&to.path, e))?,
            )
        }
        _ => None,
    };
    let Collected {
        mut summary,
        mut errors,
        shard_out,
        shard_failed,
    } = collected;
    if let Some(e) = &stopped {
        errors.push(RowError {
            row: last_row + 1,
            name: String::new(),
            problem: FieldProblem::whole(msg!("sheet-stopped", detail = e.message.clone())),
        });
    }
    summary.sort();
    errors.sort_by(|a, b| (a.row, a.field()).cmp(&(b.row, b.field())));
    if let Some(e) = shard_failed {
        return Err(shard_err(e));
    }
    if let Some(mut w) = shard_out {
        errors
            .iter()
            .try_for_each(|e| shard::write_line(&mut w, &shard::Line::Error(error_cells(e))))
            .and_then(|()| w.into_inner().map_err(|e| e.into_error()))
            .and_then(atomic::Pending::commit)
            .map_err(shard_err)?;
    }
    Ok(BatchReport {
        summary,
        errors,
        merged,
        stopped,
    })
}

/// A row made into a checklist, before anything is rendered.
pub struct Built {
    pub name: String,
    pub policy: String,
    pub checklist: crate::Checklist,
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
    show_id: bool,
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
    let options = Options { show_id };
    match checklist_from_raw(lib, &input, &origin, policy_arg, as_of, options) {
        Ok(checklist) => Ok(Built {
            name,
            policy,
            checklist,
        }),
        Err(RequestError::Input(InputError { problems, .. })) => Err(fail(problems)),
        Err(RequestError::NoPolicy { available, .. }) => Err(fail(vec![policy_problem(msg!(
            "row-no-policy",
            available = available
        ))])),
        Err(RequestError::Policy { message, .. }) => Err(fail(vec![policy_problem(message)])),
    }
}

fn process(
    row: sheet::Row,
    columns: &Columns,
    lib: &Library,
    renderer: &Renderer,
    opts: &BatchOptions,
    sheet_name: &str,
    abort: &Abort,
) -> Done {
    let built = build(
        &row,
        columns,
        lib,
        opts.policy.as_deref(),
        opts.as_of,
        opts.show_id,
        sheet_name,
    );
    let Built {
        name,
        policy,
        checklist,
    } = match built {
        Ok(b) => b,
        Err(u) => {
            return Done::Failed {
                row: row.number,
                name: u.name,
                policy: u.policy,
                problems: u.problems,
            }
        }
    };
    let fail = |problems: Vec<FieldProblem>| Done::Failed {
        row: row.number,
        name: name.clone(),
        policy: policy.clone(),
        problems,
    };
    if abort.stopped() {
        return fail(vec![FieldProblem::whole(msg!("row-batch-stopped"))]);
    }
    let format = match opts.output {
        Output::Files(format) => format,
        Output::JsonLines => {
            if let Err(e) = renderer.check(&checklist) {
                return fail(vec![e.field_problem()]);
            }
            return Done::Ok {
                line: Some(lines::line(row.number, &checklist)),
                record: Record::new(row.number, lines::FILE.to_string(), &checklist),
                piece: None,
            };
        }
    };
    let rendered = if format == Format::Pdf {
        render_pdf(&checklist, renderer, opts.merge.is_some())
    } else {
        renderer.render(&checklist, format).map(|b| (b, None))
    };
    let (bytes, mut piece) = match rendered {
        Ok(r) => r,
        Err(e) => return fail(vec![e.field_problem()]),
    };
    let file = format!(
        "{}.{}",
        names::file_stem(row.number, Some(&name)),
        format.extension()
    );
    let path = opts.out_dir.join(&file);
    if let Err(e) = atomic::write(&path, &bytes) {
        let problem = FieldProblem::whole(msg!(
            "row-cannot-write",
            file = file,
            detail = e.to_string()
        ));
        abort.stop(path.display().to_string(), e);
        return fail(vec![problem]);
    }
    if let Some(p) = piece.as_mut() {
        p.number(row.number);
    }
    Done::Ok {
        record: Record::new(row.number, file, &checklist),
        piece,
        line: None,
    }
}

/// A problem with the row's policy, named as the `policy` column.
fn policy_problem(m: Msg) -> FieldProblem {
    FieldProblem::new("policy", m).named("办理事项", "Policy")
}

/// A PDF, and with `merge` its pages for the merge file (typeset once for both).
fn render_pdf(
    c: &crate::Checklist,
    r: &Renderer,
    merge: bool,
) -> Result<(Vec<u8>, Option<Box<crate::output::pdf::Piece>>), RenderError> {
    r.check(c)?;
    let fonts = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    let markup = crate::output::render::pdf::markup(c, r)?;
    if merge {
        let (bytes, _, piece) = crate::output::pdf::render_with_piece(&markup, fonts)?;
        Ok((bytes, Some(Box::new(piece))))
    } else {
        Ok((crate::output::pdf::render(&markup, fonts)?, None))
    }
}

/// `errors.csv`, in Chinese for HR: row, name, field (key), message, code (UTF-8 with BOM,
/// so Excel reads it; no cell is read as a formula).
pub fn errors_csv(errors: &[RowError]) -> Vec<u8> {
    errors_csv_of(errors.iter().map(error_cells))
}

/// `errors.csv` from its lines' cells.
pub fn errors_csv_of(lines: impl Iterator<Item = [String; 5]>) -> Vec<u8> {
    let mut w = cells::CsvOut::new();
    w.record([
        tr(Lang::Zh, "errors-csv-row"),
        tr(Lang::Zh, "errors-csv-name"),
        tr(Lang::Zh, "errors-csv-field"),
        tr(Lang::Zh, "errors-csv-message"),
        tr(Lang::Zh, "errors-csv-code"),
    ]);
    for line in lines {
        w.record(line);
    }
    w.into_bytes()
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
