//! `doclist batch`: a sheet of applicants in, a checklist per person and a summary out.

use super::{render::as_of, Failure};
use crate::frontend::batch::{self, report_files, sheet, BatchOptions, Output};
use crate::model::policy::Library;
use crate::msg;
use crate::output::render::{Format as FileFormat, Renderer};
use chrono::NaiveDate;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    Json,
    Jsonl,
}

impl Format {
    /// What the batch writes for each person.
    fn output(self) -> Output {
        match self {
            Format::Pdf => Output::Files(FileFormat::Pdf),
            Format::Html => Output::Files(FileFormat::Html),
            Format::Json => Output::Files(FileFormat::Json),
            Format::Jsonl => Output::JsonLines,
        }
    }
}

#[derive(ClapArgs)]
pub struct Args {
    input: Option<PathBuf>,
    #[arg(long, value_name = "DIR", required_unless_present = "template_csv")]
    out_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "pdf")]
    format: Format,
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, value_name = "FILE.pdf")]
    merge: Option<PathBuf>,
    #[arg(long, requires = "merge")]
    duplex: bool,
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long)]
    encoding: Option<String>,
    #[arg(long, short)]
    quiet: bool,
    #[arg(long)]
    template_csv: bool,
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    #[arg(long)]
    show_id: bool,
    #[arg(long)]
    no_forms: bool,
    #[arg(long)]
    plan: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let lib = super::load_library(args.policies.as_deref())?;
    if args.template_csv {
        return template_csv(&args, &lib);
    }
    let input = args
        .input
        .clone()
        .ok_or_else(|| Failure::msg(msg!("batch-give-sheet")))?;
    let out_dir = args.out_dir.clone().expect("clap requires --out-dir");
    let output = args.format.output();
    if args.merge.is_some() && output != Output::Files(FileFormat::Pdf) {
        return Err(Failure::msg(msg!("batch-merge-pdf")));
    }
    if let Some(merge) = &args.merge {
        refuse_merge_clash(merge, &out_dir)?;
    }
    let encoding = match &args.encoding {
        Some(e) => Some(
            sheet::CsvEncoding::parse(e)
                .ok_or_else(|| Failure::msg(msg!("batch-encoding", given = e)))?,
        ),
        None => None,
    };
    let shard = args
        .shard
        .as_deref()
        .map(batch::shard::Shard::parse)
        .transpose()
        .map_err(|e| Failure::option("--shard", e))?;
    let as_of = as_of(args.date.as_deref())?;
    if let Some(p) = &args.policy {
        lib.get(p).map_err(|e| Failure::option("--policy", e))?;
    }
    let mut renderer = super::renderer(args.templates.as_deref(), args.font.as_deref(), false)?;
    renderer.forms = !args.no_forms;
    let sheet = sheet::open(&input, encoding).map_err(sheet_failure)?;
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = BatchOptions {
        out_dir: out_dir.clone(),
        output,
        policy: args.policy.clone(),
        as_of,
        jobs,
        show_id: args.show_id,
        merge: args.merge.clone().map(|path| batch::merge::MergeTo {
            path,
            duplex: args.duplex,
        }),
        identity: match shard {
            Some(_) => shard_identity(&args, &input, &lib, &renderer)?,
            None => Default::default(),
        },
        shard,
        plan: args.plan,
        page: false,
    };
    let bar = progress_bar(args.quiet);
    let sheet_name = input.display().to_string();
    let report = batch::run(sheet, &sheet_name, &lib, &renderer, &opts, &|n| bar.inc(n))
        .map_err(batch_failure)?;
    bar.finish_and_clear();

    write_reports(&out_dir, &report, &renderer, as_of, jobs)?;
    if let Some(e) = &report.stopped {
        return Err(Failure {
            code: 1,
            message: msg!(
                "batch-stopped",
                detail = msg!(
                    "input-error",
                    origin = e.file.as_str(),
                    message = e.message.clone()
                ),
                errors = out_dir.join("errors.csv").display().to_string()
            )
            .text(super::lang()),
            hint: None,
        });
    }
    let counts = report.summary.counts();
    if !args.quiet {
        eprintln!(
            "{}",
            msg!(
                "batch-done",
                rows = counts.rows(),
                eligible = counts.eligible,
                not_yet = counts.not_yet,
                depends = counts.depends,
                failed = counts.failed,
                dir = out_dir.display().to_string()
            )
            .text(super::lang())
        );
    }
    if counts.failed > 0 {
        Err(Failure {
            code: 1,
            message: msg!(
                "batch-failed",
                failed = counts.failed,
                file = out_dir.join("errors.csv").display().to_string()
            )
            .text(super::lang()),
            hint: None,
        })
    } else {
        Ok(())
    }
}

/// A sheet that cannot be read, in the command line's language.
fn sheet_failure(e: sheet::SheetError) -> Failure {
    Failure::msg(msg!("input-error", origin = e.file, message = e.message))
}

/// `--template-csv`: the sheet to fill in for `--policy` (every policy without it), as the
/// web page's CSV template.
fn template_csv(args: &Args, lib: &Library) -> Result<(), Failure> {
    if let Some(policy) = args.policy.as_deref() {
        lib.get(policy)
            .map_err(|e| Failure::option("--policy", e))?;
    }
    let bytes = batch::template::csv(lib, args.policy.as_deref()).map_err(Failure::other)?;
    super::output::emit(args.output.as_deref(), &bytes)
}

/// A spinner with the rows done, on a terminal and unless `--quiet`.
fn progress_bar(quiet: bool) -> ProgressBar {
    if !quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} rows  {per_sec}  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    } else {
        ProgressBar::hidden()
    }
}

/// Why a batch could not run, in the command line's language.
fn batch_failure(e: batch::BatchError) -> Failure {
    match e {
        batch::BatchError::Write { file, source } => Failure::cannot_write(&file, &source),
        batch::BatchError::OutDir { dir, source } => Failure::cannot_write(&dir, &source),
        batch::BatchError::Stopped { file, source, .. } => Failure::other(
            msg!(
                "batch-write-stopped",
                file = file,
                detail = source.to_string()
            )
            .text(super::lang()),
        ),
        batch::BatchError::Header { file, message } => {
            Failure::msg(msg!("input-error", origin = file, message = message))
        }
        batch::BatchError::Sheet(e) => sheet_failure(e),
    }
}

/// The batch's report files in `out_dir`.
fn write_reports(
    out_dir: &Path,
    report: &batch::BatchReport,
    renderer: &Renderer,
    as_of: NaiveDate,
    jobs: usize,
) -> Result<(), Failure> {
    let reports = report_files::Reports {
        summary: &report.summary,
        errors: &report.errors,
        templates: &renderer.templates,
        as_of,
        jobs,
    };
    report_files::write(&mut report_files::Folder(out_dir), &reports)
        .map_err(|e| Failure::cannot_write(&out_dir.join(e.name).display().to_string(), &e.error))
}

/// Refuses a merge file that would replace a file the batch writes in `out_dir` (a
/// person's checklist, a report file).
/// What makes a shard's output: the sheet, and every option, rule and template that
/// changes it (`doclist join` takes only shards that agree).
fn shard_identity(
    args: &Args,
    input: &Path,
    lib: &crate::model::policy::Library,
    renderer: &crate::output::render::Renderer,
) -> Result<batch::shard::Identity, Failure> {
    let digest = |path: &Path| {
        batch::shard::file_digest(path).map_err(|e| {
            Failure::msg(msg!(
                "cli-cannot-read",
                file = path.display().to_string(),
                detail = e.to_string()
            ))
        })
    };
    let templates = renderer.templates.digest();
    let mut parts: Vec<String> = vec![
        format!("{:?}", args.format),
        format!("forms={}", !args.no_forms),
        format!("duplex={}", args.duplex),
        format!("plan={}", args.plan),
        format!("show_id={}", args.show_id),
        format!("policy={}", args.policy.as_deref().unwrap_or_default()),
    ];
    parts.extend(
        lib.all_versions()
            .iter()
            .map(|p| p.fingerprint(templates.as_ref())),
    );
    parts.extend(lib.paths().map(|p| p.terms.fingerprint(templates.as_ref())));
    if let Some(font) = &args.font {
        parts.push(digest(font)?);
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    Ok(batch::shard::Identity {
        sheet: digest(input)?,
        options: batch::shard::text_digest(&parts),
    })
}

fn refuse_merge_clash(merge: &Path, out_dir: &Path) -> Result<(), Failure> {
    let same_dir = |a: &Path, b: &Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(x), Ok(y)) if x == y
            )
    };
    let parent = match merge.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = merge.file_name().unwrap_or_default().to_string_lossy();
    if same_dir(parent, out_dir) && batch::names::is_batch_file(&name) {
        return Err(Failure::msg(msg!(
            "batch-merge-clash",
            file = merge.display().to_string()
        )));
    }
    Ok(())
}
