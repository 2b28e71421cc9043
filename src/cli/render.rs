//! `doclist render`: one applicant's checklist as JSON, HTML or PDF.

use super::{output, Failure};
use clap::{Args as ClapArgs, ValueEnum};
use doclist::engine::Options;
use doclist::request::checklist_from_text;
use doclist::render::{html, json, Templates};
use std::io::Read;
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Html,
    Pdf,
}

#[derive(ClapArgs)]
pub struct Args {
    /// The applicant's situation: a YAML or JSON file, or `-` for standard input.
    applicant: String,
    /// The policy id, e.g. shanghai/residence-permit (default: the input's `policy:`).
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date to make the checklist for, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Read policies from this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// Templates in this directory replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Print the ID number in full instead of masked.
    #[arg(long)]
    show_id: bool,
    /// Print under each item why it is on the list.
    #[arg(long)]
    explain: bool,
}

fn read_applicant(arg: &str) -> Result<(String, String), Failure> {
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::input(format!("<stdin>: cannot read: {e}")))?;
        return Ok(("<stdin>".to_string(), s));
    }
    let text = std::fs::read(arg).map_err(|e| Failure::input(format!("{arg}: cannot read: {e}")))?;
    let text = String::from_utf8(text)
        .map_err(|_| Failure::input(format!("{arg}: not UTF-8 text; save the file as UTF-8")))?;
    Ok((arg.to_string(), text))
}

/// Today, or the `--date` given.
pub fn as_of(date: Option<&str>) -> Result<chrono::NaiveDate, Failure> {
    match date {
        Some(d) => doclist::applicant::parse_date(d).map_err(|e| Failure::input(format!("--date: {e}"))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

pub fn run(args: Args) -> Result<(), Failure> {
    let as_of = as_of(args.date.as_deref())?;
    let lib = super::load_library(args.policies.as_deref())?;
    let (origin, text) = read_applicant(&args.applicant)?;
    let checklist = checklist_from_text(
        &lib,
        &text,
        &origin,
        args.policy.as_deref(),
        as_of,
        Options {
            show_id: args.show_id,
        },
    )
    .map_err(Failure::input)?;
    let bytes = match args.format {
        Format::Json => json::render(&checklist).into_bytes(),
        Format::Html => {
            let t = Templates::load(args.templates.as_deref()).map_err(Failure::other)?;
            html::render(&checklist, &t, args.explain)
                .map_err(Failure::other)?
                .into_bytes()
        }
        Format::Pdf => {
            return Err(Failure::input("PDF output is not available in this build yet; use --format html and print it"))
        }
    };
    output::emit(args.output.as_deref(), &bytes)
}
