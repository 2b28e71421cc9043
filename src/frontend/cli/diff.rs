//! `doclist diff`: what a change of rules does to the checklists, person by person.
//! Exit status 0 when nothing changes, 1 when something does, 2 on an error.

use super::{render::read_applicant, Failure};
use crate::frontend::diff::{self, cases, Case, Rules};
use crate::model::policy::{Library, PolicyFile};
use crate::msg;
use crate::util::i18n::Lang;
use clap::{Args as ClapArgs, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Html,
}

#[derive(ClapArgs)]
pub struct Args {
    applicant: Option<String>,
    #[arg(long, value_name = "FILE", conflicts_with = "applicant")]
    sheet: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    against: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", requires = "date")]
    to: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
}

/// A policy folder's files (with its scenarios), or the built-in ones.
fn files(dir: Option<&Path>) -> Result<Vec<PolicyFile>, Failure> {
    match dir {
        Some(d) => Library::read_dir(d)
            .map_err(|e| Failure::msg(msg!("cli-policy-problem", problem = e.text(super::lang())))),
        None => Ok(Library::embedded_files()),
    }
}

fn library(dir: Option<&Path>, files: Vec<PolicyFile>) -> Result<Library, Failure> {
    let root = dir.map_or_else(|| "policies".to_string(), |d| d.display().to_string());
    Library::from_files(&root, files)
        .map_err(|e| Failure::msg(msg!("cli-policy-problem", problem = e.text(super::lang()))))
}

/// How the report names one side: the folder (or the built-in rules), and the day.
fn name(dir: Option<&Path>, date: Option<chrono::NaiveDate>, lang: Lang) -> String {
    let rules = dir.map_or_else(
        || msg!("diff-built-in").text(lang),
        |d| d.display().to_string(),
    );
    match date {
        Some(d) => msg!("diff-on-date", rules = rules, date = d).text(lang),
        None => rules,
    }
}

fn date(option: &str, value: Option<&str>) -> Result<Option<chrono::NaiveDate>, Failure> {
    value
        .map(|d| crate::model::answer::parse_date(d).map_err(|e| Failure::option(option, e)))
        .transpose()
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (on_before, on_after) = (
        date("--date", args.date.as_deref())?,
        date("--to", args.to.as_deref())?,
    );
    if args.against.is_none() && on_after.is_none() {
        return Err(Failure::msg(msg!("diff-nothing-to-compare")));
    }
    let as_of = super::render::as_of(args.as_of.as_deref())?;
    let before_files = files(args.policies.as_deref())?;
    let after_dir = args.against.as_deref().or(args.policies.as_deref());
    let after_files = match &args.against {
        Some(d) => files(Some(d))?,
        None => before_files.clone(),
    };
    let before_lib = library(args.policies.as_deref(), before_files.clone())?;
    let after_lib = library(after_dir, after_files.clone())?;
    let cases: Vec<Case> = match (&args.applicant, &args.sheet) {
        (Some(a), _) => {
            let (origin, text) = read_applicant(a)?;
            vec![
                cases::applicant(&origin, &text, args.policy.as_deref(), as_of)
                    .map_err(Failure::msg)?,
            ]
        }
        (None, Some(sheet)) => {
            cases::sheet(sheet, &before_lib, args.policy.as_deref(), as_of).map_err(Failure::msg)?
        }
        (None, None) => cases::scenarios(&[&before_files, &after_files]),
    };
    // The HTML report is for HR, in Chinese; the terminal follows the CLI's language.
    let lang = match args.format {
        Format::Html => Lang::Zh,
        _ => super::lang(),
    };
    let before = Rules {
        library: &before_lib,
        on: on_before,
        name: name(args.policies.as_deref(), on_before, lang),
    };
    let after = Rules {
        library: &after_lib,
        on: on_after.or(on_before),
        name: name(after_dir, on_after.or(on_before), lang),
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let report = diff::run(&cases, &before, &after, jobs);
    let bytes = match args.format {
        Format::Text => diff::text::render(&report, super::lang()).into_bytes(),
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(&report).map_err(Failure::other)?;
            v.push(b'\n');
            v
        }
        Format::Html => {
            let templates = crate::output::render::Templates::load(args.templates.as_deref())
                .map_err(Failure::input)?;
            templates
                .render("diff.html", &diff::page::view(&report))
                .map_err(Failure::other)?
                .into_bytes()
        }
    };
    super::output::emit(args.output.as_deref(), &bytes)?;
    if report.changed() {
        Err(Failure::silent(1))
    } else {
        Ok(())
    }
}
