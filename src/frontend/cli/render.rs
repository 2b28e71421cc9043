//! `doclist render`: one applicant's checklist as JSON, HTML or PDF.

use super::{output, Failure};
use crate::engine::Options;
use crate::frontend::request::checklist_from_raw;
use crate::model::applicant::{parse_input, policy_of};
use crate::msg;
use crate::output::render::TypeSize;
use crate::util::input_text::{read_bounded, MAX_APPLICANT};
use clap::{Args as ClapArgs, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Html,
    Pdf,
    /// The dates that matter, as an iCalendar file (RFC 5545).
    Ics,
}

impl From<Format> for crate::output::render::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => crate::output::render::Format::Json,
            Format::Html => crate::output::render::Format::Html,
            Format::Pdf => crate::output::render::Format::Pdf,
            Format::Ics => crate::output::render::Format::Ics,
        }
    }
}

#[derive(ClapArgs)]
pub struct Args {
    applicant: String,
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[arg(long)]
    show_id: bool,
    #[arg(short, long)]
    quiet: bool,
    #[arg(long)]
    explain: bool,
    #[arg(long)]
    no_forms: bool,
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    #[arg(long)]
    large: bool,
    #[arg(long, value_name = "FILE")]
    office: Option<PathBuf>,
}

/// Reads the applicant file (or standard input for `-`): its name for messages, its text.
pub fn read_applicant(arg: &str) -> Result<(String, String), Failure> {
    if arg == "-" {
        let s = read_bounded(std::io::stdin().lock(), MAX_APPLICANT)
            .map_err(|e| unreadable("<stdin>", &e))?;
        return Ok(("<stdin>".to_string(), s));
    }
    let text = std::fs::File::open(arg)
        .and_then(|f| read_bounded(f, MAX_APPLICANT))
        .map_err(|e| unreadable(arg, &e))?;
    Ok((arg.to_string(), text))
}

/// Why an applicant file could not be read: too large, not UTF-8, or the system's words.
fn unreadable(file: &str, e: &std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        return Failure::msg(msg!(
            "cli-applicant-too-large",
            file = file,
            max = (MAX_APPLICANT >> 20) as usize
        ));
    }
    if e.kind() == std::io::ErrorKind::InvalidData {
        return Failure::msg(msg!("cli-not-utf8", file = file));
    }
    Failure::msg(msg!("cli-cannot-read", file = file, detail = e.to_string()))
}

/// Today, or the `--date` given.
pub fn as_of(date: Option<&str>) -> Result<chrono::NaiveDate, Failure> {
    match date {
        Some(d) => crate::model::answer::parse_date(d).map_err(|e| Failure::option("--date", e)),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

pub fn run(args: Args) -> Result<(), Failure> {
    let as_of = as_of(args.date.as_deref())?;
    let (origin, text) = read_applicant(&args.applicant)?;
    let raw = parse_input(&text, &origin).map_err(|e| Failure::request(e.into()))?;
    // Only the policy the input asks for is read and checked.
    let wanted = args.policy.clone().or_else(|| policy_of(&raw));
    let lib = super::load_library_for(args.policies.as_deref(), wanted.as_deref())?;
    let format = args.format.into();
    let mut renderer = super::renderer(
        args.templates.as_deref(),
        args.font.as_deref(),
        args.explain,
    )?;
    renderer.forms = !args.no_forms;
    if let (Some(path), Some(fonts)) = (&args.office, &renderer.fonts) {
        renderer.office = Some(crate::frontend::office::load(path, fonts).map_err(Failure::msg)?);
    }
    let checklist = checklist_from_raw(
        &lib,
        &raw,
        &origin,
        args.policy.as_deref(),
        as_of,
        Options {
            show_id: args.show_id,
            templates: renderer.templates.digest(),
        },
    )
    .map_err(Failure::request)?;
    let size = match args.large {
        true => TypeSize::Large,
        false => TypeSize::Normal,
    };
    let bytes = super::render_within(renderer, checklist, format, size)?.map_err(|e| {
        if e.is_input() {
            let problem = e.field_problem().message(super::lang());
            Failure::msg(msg!(
                "input-error",
                origin = origin.as_str(),
                message = problem
            ))
        } else {
            Failure::other(e.text(super::lang()))
        }
    })?;
    if format == crate::output::render::Format::Pdf
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(Failure::msg(msg!("cli-pdf-terminal")));
    }
    output::emit(args.output.as_deref(), &bytes)?;
    if let (Some(path), false) = (&args.output, args.quiet) {
        let written = msg!(
            "cli-written",
            file = path.display().to_string(),
            bytes = bytes.len()
        );
        eprintln!("{}", written.text(super::lang()));
    }
    Ok(())
}
