//! `doclist explain`: why each item and notice is on the checklist, and why the others
//! are not.

use super::render::{as_of, read_applicant};
use super::Failure;
use crate::engine::explain::render_text_in;
use crate::engine::Options;
use crate::frontend::request::traced_from_text;
use clap::{Args as ClapArgs, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct Args {
    applicant: String,
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let as_of = as_of(args.date.as_deref())?;
    let lib = super::load_library(args.policies.as_deref())?;
    let (origin, text) = read_applicant(&args.applicant)?;
    let (checklist, trace) = traced_from_text(
        &lib,
        &text,
        &origin,
        args.policy.as_deref(),
        as_of,
        Options::default(),
    )
    .map_err(Failure::request)?;
    let out = match args.format {
        Format::Text => render_text_in(&checklist, &trace, super::lang()),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&trace).map_err(Failure::other)?;
            s.push('\n');
            s
        }
    };
    super::output::emit(None, out.as_bytes())
}
