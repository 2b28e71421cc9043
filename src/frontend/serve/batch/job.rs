//! `POST /batch`: the job, its `.zip` streamed into the response as it is made.

use super::body::BodyWriter;
use super::*;
use crate::frontend::batch::report_files;

/// `POST /batch`: multipart `sheet` (.xlsx or CSV), `policy`, `format` (pdf, html, json),
/// `date`, `duplex`, `download` (`zip` or `merged`), `merged` (the print file in the zip,
/// default on), `skip_errors` (go on with the good rows), `progress` (a token for
/// `GET /batch/progress/{token}`). Answers the zip or the PDF, streamed; 422 with every
/// bad row as JSON; 413 for a sheet too large; 429 with `Retry-After` when busy.
pub(super) async fn run(State(app): State<Arc<App>>, form: Multipart) -> Response {
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(Arc::clone(&stop));
    let (permit, up, req, label, checked) = match prepare(&app, form, &stop).await {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let unprocessable = |code: &'static str, message: String| {
        json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ErrorBody {
                code,
                message: &message,
                errors: checked.problems.clone(),
                check: Some(check_view(&app, &label, &checked)),
            },
        )
    };
    if checked.too_many_rows {
        return unprocessable(
            "too_many_rows",
            msg!("batch-too-many-rows", max = app.batches.limits.max_rows).text(Lang::Zh),
        );
    }
    if !checked.problems.is_empty() && !req.skip_errors {
        return unprocessable(
            "bad_rows",
            msg!("batch-bad-rows", bad = checked.bad, good = checked.good).text(Lang::Zh),
        );
    }
    if checked.good == 0 {
        return unprocessable("no_rows", msg!("batch-no-rows").text(Lang::Zh));
    }
    let progress = Arc::new(Progress::default());
    progress
        .total
        .store((checked.good + checked.bad) as u64, Ordering::Relaxed);
    progress.state.store(RENDERING, Ordering::Relaxed);
    let listed = Listed::new(&app, req.progress.clone(), &progress);

    // The client may go away while the body streams: the body's end (the guard's drop)
    // stops the job.
    let (mut out, body) = body::channel(app.batches.limits.download_stall, guard);
    let date = req.as_of.format("%Y-%m-%d").to_string();
    let (content_type, ascii, name) = if req.merged_only {
        (
            "application/pdf",
            format!("checklists-{date}.pdf"),
            format!("{}-{date}.pdf", MERGED_STEM),
        )
    } else {
        (
            "application/zip",
            format!("checklists-{date}.zip"),
            format!("材料清单-{date}.zip"),
        )
    };
    let job = Job {
        app: Arc::clone(&app),
        req,
        label,
        checked,
        progress,
        stop,
    };
    std::thread::spawn(move || {
        // Everything the job holds (the slot, the upload's directory, the progress entry)
        // goes when this thread ends, whether the client waited or not.
        let _held = (permit, listed);
        let result = job.run(&up, &mut out);
        match result.and_then(|()| out.finish()) {
            Ok(()) => job.progress.state.store(DONE, Ordering::Relaxed),
            Err(e) => {
                job.progress.state.store(FAILED, Ordering::Relaxed);
                if !job.stop.load(Ordering::Relaxed) {
                    eprintln!(
                        "error: batch: {}",
                        crate::util::input_text::shown(&e.to_string(), 500)
                    );
                }
                out.fail(e);
            }
        }
        drop(up);
    });
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition(&ascii, &name)),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// The merged print file's name (without `.pdf`).
pub const MERGED_STEM: &str = "合并打印";

pub(super) struct Job {
    pub(super) app: Arc<App>,
    pub(super) req: JobRequest,
    pub(super) label: String,
    pub(super) checked: DryRun,
    pub(super) progress: Arc<Progress>,
    pub(super) stop: Arc<AtomicBool>,
}

pub(super) fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Job {
    /// The batch's options: files in `out_dir`, the merge file (if asked for) at
    /// `merged_path`.
    fn options(&self, out_dir: &std::path::Path, merged_path: &std::path::Path) -> BatchOptions {
        let req = &self.req;
        BatchOptions {
            out_dir: out_dir.to_path_buf(),
            output: Output::Files(req.format),
            policy: req.policy.clone(),
            as_of: req.as_of,
            jobs: cores(),
            show_id: false,
            merge: (req.merged || req.merged_only).then(|| batch::merge::MergeTo {
                path: merged_path.to_path_buf(),
                duplex: req.duplex,
            }),
            shard: None,
            identity: Default::default(),
            plan: req.plan,
            page: true,
        }
    }

    /// Renders every row into the upload's directory and writes the zip (or the merged
    /// PDF) to `out` as the files appear; each file is removed once it is in the zip.
    pub(super) fn run(&self, up: &Upload, out: &mut BodyWriter) -> std::io::Result<()> {
        let path = up.sheet.as_ref().expect("a checked upload has a sheet");
        let out_dir = up.dir.path().join("out");
        // Beside the checklists, not among them: the zip takes those as they appear.
        let merged_path = up.dir.path().join(format!("{MERGED_STEM}.pdf"));
        let req = &self.req;
        let opts = self.options(&out_dir, &merged_path);
        let wake = (Mutex::new(0u64), Condvar::new());
        let tick = |n: u64| {
            self.progress.done.fetch_add(n, Ordering::Relaxed);
            let (lock, cv) = &wake;
            if let Ok(mut g) = lock.lock() {
                *g += n;
            }
            cv.notify_all();
        };
        let app = &self.app;
        // The zip writes through its own handle of the same body.
        let mut zip = (!req.merged_only).then(|| zip::ZipWriter::new_stream(out.handle()));
        let (stored, deflated) = entry_options();
        let file_options = if req.format == Format::Pdf {
            stored
        } else {
            deflated
        };
        let ext = req.format.extension();
        let mut ready = Ready {
            // With plans, each person's calendar follows their checklist.
            expected: self
                .checked
                .stems
                .iter()
                .flat_map(|(_, stem)| {
                    let calendar = (req.plan && ext != "ics").then(|| format!("{stem}.ics"));
                    std::iter::once(format!("{stem}.{ext}")).chain(calendar)
                })
                .collect(),
            out_dir: &out_dir,
            options: file_options,
            zipped: 0,
        };
        let mut add_ready = |zip: &mut Option<zip::ZipWriter<_>>, all: bool| ready.add(zip, all);
        let report = std::thread::scope(|s| {
            // The sheet's reader is not Send: it is opened on the thread that reads it.
            let runner = s.spawn(|| {
                let sheet = sheet::open(path, None)
                    .map_err(|e| io_err(e.message.to_string()))?
                    .until(Arc::clone(&self.stop));
                batch::run(
                    sheet,
                    &self.label,
                    &app.library,
                    &app.renderer,
                    &opts,
                    &tick,
                )
                // The server's log keeps this: a row number, never a person's name.
                .map_err(|e| io_err(e.for_log()))
            });
            let mut failed = None;
            while !runner.is_finished() {
                {
                    let (lock, cv) = &wake;
                    let g = lock.lock().expect("wake lock");
                    let _ = cv.wait_timeout(g, Duration::from_millis(100));
                }
                if failed.is_none() {
                    if let Err(e) = add_ready(&mut zip, false) {
                        // The client is gone (or the disk failed): stop reading the sheet.
                        self.stop.store(true, Ordering::Relaxed);
                        failed = Some(e);
                    }
                }
            }
            let report = runner.join().expect("the batch does not panic");
            match failed {
                Some(e) => Err(e),
                None => Ok(report),
            }
        })?;
        let report = report?;
        add_ready(&mut zip, true)?;
        if self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "client gone",
            ));
        }

        // The merge file was written while the batch ran; it is copied out in pieces.
        let merged = report
            .merged
            .map(|_| std::fs::File::open(&merged_path))
            .transpose()?;
        let Some(mut z) = zip else {
            if let Some(mut f) = merged {
                std::io::copy(&mut f, out)?;
            }
            return out.flush();
        };
        if let Some(mut f) = merged {
            z.start_file(format!("{MERGED_STEM}.pdf"), stored)
                .map_err(io_err)?;
            std::io::copy(&mut f, &mut z)?;
        }
        write_reports(&mut z, &report, app, req.as_of, deflated)?;
        z.finish().map_err(io_err)?.flush()
    }
}

/// How the zip's entries are written: stored (PDFs, deflated already) and deflated, both
/// with the local time of the batch (the zip format's default is 1980).
fn entry_options() -> (SimpleFileOptions, SimpleFileOptions) {
    let now = chrono::Local::now().naive_local();
    let time = {
        use chrono::{Datelike, Timelike};
        zip::DateTime::from_date_and_time(
            now.year().clamp(1980, 2107) as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second().min(58) as u8,
        )
        .unwrap_or_default()
    };
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    (stored, deflated)
}

/// The zip, as a place for the batch's report files.
struct ZipSink<'a, W: Write + std::io::Seek> {
    zip: &'a mut zip::ZipWriter<W>,
    options: SimpleFileOptions,
}

impl<W: Write + std::io::Seek> report_files::Sink for ZipSink<'_, W> {
    fn file(
        &mut self,
        name: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.zip.start_file(name, self.options).map_err(io_err)?;
        fill(&mut *self.zip)
    }
}

/// The batch's report files into the zip.
fn write_reports<W: Write + std::io::Seek>(
    z: &mut zip::ZipWriter<W>,
    report: &batch::BatchReport,
    app: &App,
    as_of: chrono::NaiveDate,
    deflated: SimpleFileOptions,
) -> std::io::Result<()> {
    let reports = report_files::Reports {
        summary: &report.summary,
        errors: &report.errors,
        templates: &app.renderer.templates,
        as_of,
        jobs: cores(),
    };
    let mut sink = ZipSink {
        zip: z,
        options: deflated,
    };
    report_files::write(&mut sink, &reports).map_err(|e| e.error)
}

/// The people's files still to go into the zip, in row order: each is added once it
/// exists and removed from the disk.
struct Ready<'a> {
    expected: Vec<String>,
    out_dir: &'a std::path::Path,
    options: SimpleFileOptions,
    zipped: usize,
}

impl Ready<'_> {
    /// Adds the files ready, in order, up to the first not written yet; with `all`, every
    /// file left (one never written is passed over).
    fn add<W: Write + std::io::Seek>(
        &mut self,
        zip: &mut Option<zip::ZipWriter<W>>,
        all: bool,
    ) -> std::io::Result<()> {
        while self.zipped < self.expected.len() {
            let name = &self.expected[self.zipped];
            let file = self.out_dir.join(name);
            if !file.exists() {
                if all {
                    self.zipped += 1;
                    continue;
                }
                break;
            }
            if let Some(z) = zip.as_mut() {
                z.start_file(name.as_str(), self.options).map_err(io_err)?;
                let mut f = std::fs::File::open(&file)?;
                std::io::copy(&mut f, z)?;
            }
            std::fs::remove_file(&file)?;
            self.zipped += 1;
        }
        Ok(())
    }
}
