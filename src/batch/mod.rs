//! Batch runs for HR: a sheet in, a checklist per person, a summary and an error list out.
//!
//! Rows stream from the sheet through a bounded queue to worker threads; each worker
//! builds and writes one checklist; the summary keeps a small line per person. Memory
//! does not grow with the sheet beyond those lines.

pub mod columns;
pub mod merge;
pub mod names;
pub mod report;
pub mod sheet;
pub mod summary;

use crate::applicant::InputError;
use crate::atomic;
use crate::engine::Options;
use crate::policy::Library;
use crate::render::{Format, RenderError, Renderer};
use crate::request::{checklist_from_raw, RequestError};
use chrono::NaiveDate;
use columns::Columns;
use serde_yaml::Value as Yaml;
use sheet::Sheet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use summary::Summary;

/// How to run a batch.
pub struct BatchOptions {
    pub out_dir: PathBuf,
    pub format: Format,
    /// The policy for rows without a `policy` column value.
    pub policy: Option<String>,
    pub as_of: NaiveDate,
    pub jobs: usize,
    pub show_id: bool,
    /// Keep every PDF's markup for the merge file (memory grows with the rows).
    pub keep_markup: bool,
}

/// One problem of one row, for `errors.csv`.
#[derive(Debug, Clone)]
pub struct RowError {
    pub row: usize,
    pub name: String,
    pub field: String,
    pub message: String,
}

/// What a batch did.
pub struct BatchReport {
    pub summary: Summary,
    pub errors: Vec<RowError>,
    /// Checklist files written, in row order.
    pub files: Vec<(usize, PathBuf)>,
    /// With `keep_markup`: each PDF's block markup, in row order.
    pub markups: Vec<(usize, String)>,
}

/// Why a batch could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Sheet(#[from] sheet::SheetError),
    #[error("{file}: {message}")]
    Header { file: String, message: String },
    #[error("{dir}: {source}")]
    OutDir { dir: String, source: std::io::Error },
}

enum Done {
    Ok {
        row: usize,
        file: PathBuf,
        checklist: Box<crate::Checklist>,
        markup: Option<String>,
    },
    Failed {
        row: usize,
        name: String,
        policy: String,
        problems: Vec<(String, String)>,
    },
}

fn cell<'a>(input: &'a [(String, Yaml)], key: &str) -> &'a str {
    input
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// Runs a batch. `tick` is called once per finished row (for a progress bar).
pub fn run(
    sheet: Sheet,
    sheet_name: &str,
    lib: &Library,
    renderer: &Renderer,
    opts: &BatchOptions,
    tick: &(dyn Fn() + Sync),
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

    let jobs = opts.jobs.max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<sheet::Row>(jobs * 4);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(jobs * 4);
    let mut sheet_errors = Vec::new();

    let (summary, errors, files, markups) = std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            let columns = &columns;
            scope.spawn(move || loop {
                let row = match work_rx.lock().expect("queue lock").recv() {
                    Ok(r) => r,
                    Err(_) => break,
                };
                let done = process(row, columns, lib, renderer, opts, sheet_name);
                if done_tx.send(done).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let collector = scope.spawn(move || {
            let mut summary = Summary::default();
            let mut errors = Vec::new();
            let mut files = Vec::new();
            let mut markups = Vec::new();
            for done in done_rx {
                match done {
                    Done::Ok {
                        row,
                        file,
                        checklist,
                        markup,
                    } => {
                        let name = file
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .to_string();
                        summary.add(row, name, &checklist);
                        files.push((row, file));
                        markups.extend(markup.map(|m| (row, m)));
                    }
                    Done::Failed {
                        row,
                        name,
                        policy,
                        problems,
                    } => {
                        let message = problems
                            .iter()
                            .map(|(f, m)| {
                                if f.is_empty() {
                                    m.clone()
                                } else {
                                    format!("{f}: {m}")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("; ");
                        summary.add_error(row, name.clone(), policy, message);
                        for (field, message) in problems {
                            errors.push(RowError {
                                row,
                                name: name.clone(),
                                field,
                                message,
                            });
                        }
                    }
                }
                tick();
            }
            (summary, errors, files, markups)
        });
        for row in sheet {
            match row {
                Ok(r) => {
                    if work_tx.send(r).is_err() {
                        break;
                    }
                }
                Err(e) => sheet_errors.push(e),
            }
        }
        drop(work_tx);
        collector.join().expect("the collector does not panic")
    });

    let mut summary = summary;
    let mut errors = errors;
    let mut files = files;
    let mut markups = markups;
    for e in sheet_errors {
        errors.push(RowError {
            row: 0,
            name: String::new(),
            field: String::new(),
            message: e.message,
        });
    }
    summary.sort();
    errors.sort_by(|a, b| (a.row, &a.field).cmp(&(b.row, &b.field)));
    files.sort();
    markups.sort_by_key(|(row, _)| *row);
    Ok(BatchReport {
        summary,
        errors,
        files,
        markups,
    })
}

fn process(
    row: sheet::Row,
    columns: &Columns,
    lib: &Library,
    renderer: &Renderer,
    opts: &BatchOptions,
    sheet_name: &str,
) -> Done {
    let input = columns.input(&row.cells);
    let name = cell(&input, "name").to_string();
    let policy = cell(&input, "policy");
    let policy = if policy.is_empty() {
        opts.policy.clone().unwrap_or_default()
    } else {
        policy.to_string()
    };
    let origin = format!("{sheet_name} row {}", row.number);
    let fail = |problems: Vec<(String, String)>| Done::Failed {
        row: row.number,
        name: name.clone(),
        policy: policy.clone(),
        problems,
    };
    if columns.stray_cells(&row.cells) > 0 {
        return fail(vec![(
            String::new(),
            "the row has more cells than the header has columns".into(),
        )]);
    }
    let policy_arg = cell(&input, "policy")
        .is_empty()
        .then_some(opts.policy.as_deref())
        .flatten();
    let checklist = match checklist_from_raw(
        lib,
        &input,
        &origin,
        policy_arg,
        opts.as_of,
        Options {
            show_id: opts.show_id,
        },
    ) {
        Ok(c) => c,
        Err(RequestError::Input(InputError { problems, .. })) => {
            return fail(problems.into_iter().map(|p| (p.field, p.message)).collect())
        }
        Err(RequestError::NoPolicy { available, .. }) => {
            return fail(vec![(
                "policy".into(),
                format!("no policy: fill the `policy` column or pass --policy ({available})"),
            )])
        }
        Err(RequestError::Policy { message, .. }) => return fail(vec![("policy".into(), message)]),
    };
    let rendered = if opts.format == Format::Pdf {
        render_pdf(&checklist, renderer, opts.keep_markup)
    } else {
        renderer.render(&checklist, opts.format).map(|b| (b, None))
    };
    let (bytes, markup) = match rendered {
        Ok(r) => r,
        Err(e) => return fail(vec![(String::new(), e.to_string())]),
    };
    let stem = names::file_stem(row.number, Some(&name));
    let file = opts
        .out_dir
        .join(format!("{stem}.{}", opts.format.extension()));
    if let Err(e) = atomic::write(&file, &bytes) {
        return fail(vec![(
            String::new(),
            format!("cannot write {}: {e}", file.display()),
        )]);
    }
    Done::Ok {
        row: row.number,
        file,
        checklist: Box::new(checklist),
        markup,
    }
}

/// A PDF, and its markup when it is kept for the merge file.
fn render_pdf(
    c: &crate::Checklist,
    r: &Renderer,
    keep: bool,
) -> Result<(Vec<u8>, Option<String>), RenderError> {
    let markup = crate::render::pdf::markup(c, r)?;
    let fonts = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    let bytes = crate::pdf::render(&markup, fonts)?;
    Ok((bytes, keep.then_some(markup)))
}

/// `errors.csv`: row, name, field, message (UTF-8 with BOM, so Excel reads it).
pub fn errors_csv(errors: &[RowError]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["row", "name", "field", "message"])
        .expect("writing to memory");
    for e in errors {
        w.write_record([
            e.row.to_string(),
            e.name.clone(),
            e.field.clone(),
            e.message.clone(),
        ])
        .expect("writing to memory");
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().expect("writing to memory"));
    out
}

/// Writes a file of the batch atomically.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = dir.join(name);
    atomic::write(&path, bytes)?;
    Ok(path)
}
