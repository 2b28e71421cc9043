//! Running a batch: the sheet read in chunks, worker threads making each person's
//! checklist, a collector keeping the summary and handing lines and pages to the files
//! written for everyone ([`Outputs`]).

use super::collector::{Collected, Done};
use super::columns::Columns;
use super::errors_file::ErrorsFile;
use super::outputs::Outputs;
use super::sheet::{self, Sheet};
use super::summary::{Record, Summary};
use super::{
    build, error_cells, jsonl, names, shard, BatchError, BatchOptions, BatchReport, Built, Output,
    RowError,
};
use crate::engine::Options;
use crate::frontend::plan::route_from_raw;
use crate::frontend::request::RequestError;
use crate::model::applicant::FieldProblem;
use crate::model::policy::Library;
use crate::msg;
use crate::output::render::{Format, RenderError, Renderer};
use crate::util::atomic;
use crate::util::i18n::Lang;
use std::io::BufWriter;
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};

/// The first checklist that could not be written; once set, no more rows are started.
#[derive(Default)]
struct Abort {
    first: Mutex<Option<(usize, String, std::io::Error)>>,
    set: std::sync::atomic::AtomicBool,
}

impl Abort {
    fn stop(&self, row: usize, file: String, e: std::io::Error) {
        let mut first = self.first.lock().expect("abort lock");
        if first.is_none() {
            *first = Some((row, file, e));
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
    let mut outputs = Outputs::open(opts, renderer)?;
    let shard_path = opts.out_dir.join(shard::FILE);
    let shard_err = |source| BatchError::Write {
        file: shard_path.display().to_string(),
        source,
    };
    let shard_out = open_shard(opts, &shard_path).map_err(shard_err)?;

    let errors = ErrorsFile::create(&opts.out_dir).map_err(out_err)?;
    let abort = Abort::default();
    let work = Work {
        columns: &columns,
        lib,
        renderer,
        opts,
        sheet_name,
        abort: &abort,
    };
    let (collected, read) = work.run(sheet, &mut outputs, (errors, shard_out), tick);

    if let Some((row, file, source)) = abort.first.lock().expect("abort lock").take() {
        return Err(BatchError::Stopped { row, file, source });
    }
    let merged = outputs.finish(opts, renderer)?;
    let Collected {
        mut summary,
        errors,
        errors_failed,
        mut shard_out,
        shard_failed,
    } = collected;
    let errors_err = |source| BatchError::Write {
        file: opts.out_dir.join("errors.csv").display().to_string(),
        source,
    };
    if let Some(e) = errors_failed {
        return Err(errors_err(e));
    }
    let stop = read.stopped.as_ref().map(|e| {
        error_cells(&RowError {
            row: e.row.unwrap_or(read.last_row + 1),
            name: String::new(),
            problem: FieldProblem::whole(msg!("sheet-stopped", detail = e.message.clone())),
        })
    });
    if let (Some(w), Some(line)) = (shard_out.as_mut(), &stop) {
        shard::write_line(w, &shard::Line::Error(line.clone())).map_err(shard_err)?;
    }
    let errors = errors.finish(stop).map_err(errors_err)?;
    summary.sort();
    if let Some(e) = shard_failed {
        return Err(shard_err(e));
    }
    if let Some(mut w) = shard_out {
        let merge = match (&merged, &opts.merge) {
            (Some(_), Some(m)) => Some(shard::file_digest(&m.path).map_err(shard_err)?),
            _ => None,
        };
        let end = shard::Line::End {
            rows: read.rows,
            people: summary.counts().rows(),
            merge,
        };
        shard::write_line(&mut w, &end)
            .and_then(|()| w.into_inner().map_err(|e| e.into_error()))
            .and_then(atomic::Pending::commit)
            .map_err(shard_err)?;
    }
    Ok(BatchReport {
        summary,
        errors,
        merged,
        stopped: read.stopped,
    })
}

/// The shard's file for the join, with its first line, when the batch makes a shard.
fn open_shard(
    opts: &BatchOptions,
    path: &Path,
) -> std::io::Result<Option<BufWriter<atomic::Pending>>> {
    let Some(shard) = opts.shard else {
        return Ok(None);
    };
    let mut w = BufWriter::new(atomic::Pending::beside(path)?);
    let merge = opts
        .merge
        .as_ref()
        .and_then(|m| m.path.file_name().map(|n| n.to_string_lossy().into_owned()));
    let first = shard::Line::Shard {
        shard,
        as_of: opts.as_of,
        merge,
        identity: opts.identity.clone(),
    };
    shard::write_line(&mut w, &first)?;
    Ok(Some(w))
}

/// How far the sheet was read: the last row seen, and why reading stopped early.
struct Read {
    last_row: usize,
    /// The sheet's rows read, every shard's.
    rows: usize,
    stopped: Option<sheet::SheetError>,
}

/// What every worker needs to make one row's checklist.
struct Work<'a> {
    columns: &'a Columns,
    lib: &'a Library,
    renderer: &'a Renderer,
    opts: &'a BatchOptions,
    sheet_name: &'a str,
    abort: &'a Abort,
}

impl Work<'_> {
    /// Reads the sheet into chunks for `opts.jobs` workers; a collector takes their
    /// results in the order they come, hands lines and pages to `outputs` in sheet order,
    /// and keeps the summary.
    fn run(
        &self,
        sheet: Sheet,
        outputs: &mut Outputs,
        (errors, shard_out): (ErrorsFile, Option<BufWriter<atomic::Pending>>),
        tick: &(dyn Fn(u64) + Sync),
    ) -> (Collected, Read) {
        let jobs = self.opts.jobs.max(1);
        // The reader stays this many chunks ahead of the lines written, at most.
        let window = jsonl::Window::new(jobs * 8);
        let window = outputs.writes_lines().then_some(&window);
        // Chunks carry their number, so that lines can be put back in sheet order.
        let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<sheet::Row>)>(jobs * 2);
        // Owned by the workers: when the last one is gone, the reader's sends fail and it
        // stops.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::sync_channel::<(usize, Vec<Done>)>(jobs * 2);
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                let done_tx = done_tx.clone();
                let work_rx = Arc::clone(&work_rx);
                scope.spawn(move || {
                    // A worker that stops (even by a panic) must not leave the reader waiting.
                    let _release = window.map(jsonl::Release);
                    loop {
                        let (seq, chunk) = match work_rx.lock().expect("queue lock").recv() {
                            Ok(c) => c,
                            Err(_) => break,
                        };
                        let done = chunk.into_iter().map(|row| self.process(row)).collect();
                        if done_tx.send((seq, done)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            drop(work_rx);
            let collector = scope.spawn(move || {
                // However the collector ends, the reader must not wait for it.
                let _release = window.map(jsonl::Release);
                let mut c = Collected {
                    summary: Summary::default(),
                    errors,
                    errors_failed: None,
                    shard_out,
                    shard_failed: None,
                };
                for (seq, mut chunk) in done_rx {
                    let n = chunk.len() as u64;
                    outputs.put(seq, &mut chunk, window);
                    c.take(seq, chunk);
                    tick(n);
                }
                c
            });
            let read = self.read(sheet, &work_tx, window);
            drop(work_tx);
            (
                collector.join().expect("the collector does not panic"),
                read,
            )
        })
    }

    /// Sends the sheet's rows (this shard's) to the workers in chunks, until its end, a
    /// damaged place, or a stop.
    fn read(
        &self,
        sheet: Sheet,
        work_tx: &mpsc::SyncSender<(usize, Vec<sheet::Row>)>,
        window: Option<&jsonl::Window>,
    ) -> Read {
        let mut read = Read {
            last_row: 1,
            rows: 0,
            stopped: None,
        };
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut seq = 0;
        for row in sheet {
            if self.abort.stopped() {
                break;
            }
            match row {
                Ok(r) => {
                    read.last_row = r.number;
                    read.rows += 1;
                    if self.opts.shard.is_none_or(|s| s.has(r.number)) {
                        chunk.push(r)
                    }
                }
                Err(e) => {
                    // Rows after a damaged place are never guessed at.
                    read.stopped = Some(e);
                    break;
                }
            }
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if let Some(w) = window {
                    w.admit(seq);
                }
                if work_tx.send((seq, full)).is_err() {
                    return read;
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
        read
    }

    /// One row: its checklist built, rendered and written (or its line or pages kept).
    fn process(&self, row: sheet::Row) -> Done {
        let (columns, lib, renderer, opts, sheet_name, abort) = (
            self.columns,
            self.lib,
            self.renderer,
            self.opts,
            self.sheet_name,
            self.abort,
        );
        let built = build(
            &row,
            columns,
            lib,
            opts.policy.as_deref(),
            opts.as_of,
            Options {
                show_id: opts.show_id,
                templates: renderer.templates.digest(),
            },
            sheet_name,
        );
        let Built {
            name,
            policy,
            checklist,
            input,
        } = match built {
            Ok(b) => b,
            Err(mut u) => {
                if opts.page {
                    super::for_page(&mut u.problems, lib);
                }
                return Done::Failed {
                    row: row.number,
                    name: u.name,
                    policy: u.policy,
                    problems: u.problems,
                };
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
        let plan = match self.plan(&row, &input, &policy) {
            Ok(plan) => plan,
            Err(problems) => return fail(problems),
        };
        let record = |file: String| {
            let r = Record::new(row.number, file, &checklist);
            match &plan {
                Some((p, entries)) => r.with_plan(p, entries),
                None => r,
            }
        };
        let format = match opts.output {
            Output::Files(format) => format,
            Output::JsonLines => {
                if let Err(e) = renderer.check(&checklist) {
                    return fail(vec![e.field_problem()]);
                }
                return Done::Ok {
                    line: Some(jsonl::line(row.number, &checklist)),
                    record: record(jsonl::FILE.to_string()),
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
            abort.stop(row.number, path.display().to_string(), e);
            return fail(vec![problem]);
        }
        if let Some(p) = piece.as_mut() {
            p.number(row.number);
        }
        // With a plan, the person's own calendar beside their checklist.
        if let (Some((plan, entries)), false) = (&plan, format == Format::Ics) {
            let ics = format!("{}.ics", names::file_stem(row.number, Some(&name)));
            let cal = opts.out_dir.join(&ics);
            let bytes = crate::output::render::plan::ics_of(plan, entries);
            if let Err(e) = atomic::write(&cal, &bytes) {
                let detail = e.to_string();
                let problem = msg!("row-cannot-write", file = ics, detail = detail);
                abort.stop(row.number, cal.display().to_string(), e);
                return fail(vec![FieldProblem::whole(problem)]);
            }
        }
        Done::Ok {
            record: record(file),
            piece,
            line: None,
        }
    }
}

/// The row's plan with its events, when `--plan` asks for it.
type Planned = Option<(
    crate::model::plan::Plan,
    Vec<crate::output::render::ics::Entry>,
)>;

impl Work<'_> {
    /// The row's plan (`--plan`); its problems when the path refuses the row's answers.
    fn plan(
        &self,
        row: &sheet::Row,
        input: &crate::model::applicant::RawInput,
        policy: &str,
    ) -> Result<Planned, Vec<FieldProblem>> {
        if !self.opts.plan {
            return Ok(None);
        }
        let origin = format!("{} row {}", self.sheet_name, row.number);
        // The row's procedure, from its column or the batch's choice.
        let mut input = input.clone();
        input.retain(|(k, _)| k != "policy");
        input.push((
            "policy".to_string(),
            serde_yaml::Value::String(policy.to_string()),
        ));
        match route_from_raw(self.lib, &input, &origin, self.opts.as_of) {
            Ok((plan, _, _)) => {
                let entries = crate::output::render::plan::entries(&plan);
                Ok(Some((plan, entries)))
            }
            Err(RequestError::Input(e)) => Err(e.problems),
            Err(e) => {
                let m = msg!("plan-refused", detail = e.text(Lang::Zh));
                Err(vec![FieldProblem::whole(m)])
            }
        }
    }
}

/// A PDF, and with `merge` its pages for the merge file (typeset once for both).
fn render_pdf(
    c: &crate::Checklist,
    r: &Renderer,
    merge: bool,
) -> Result<(Vec<u8>, Option<Box<crate::output::pdf::Piece>>), RenderError> {
    r.check(c)?;
    let fonts = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    let markup = crate::output::render::pdf::markup(c, r, crate::output::render::TypeSize::Normal)?;
    if merge {
        let (bytes, _, piece) = crate::output::pdf::render_with_piece(&markup, fonts)?;
        Ok((bytes, Some(Box::new(piece))))
    } else {
        Ok((crate::output::pdf::render(&markup, fonts)?, None))
    }
}
