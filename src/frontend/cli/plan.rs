//! `doclist plan`: one person's whole path in a city, from a day on, each step with its
//! checklist, as JSON, HTML, PDF or an iCalendar file.

use super::render::{as_of, read_applicant, Format};
use super::{output, Failure};
use crate::engine::Options;
use crate::frontend::plan::plan_from_text;
use crate::msg;
use crate::output::render::plan;
use clap::Args as ClapArgs;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    applicant: String,
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
}

pub fn run(args: Args) -> Result<(), Failure> {
    let as_of = as_of(args.date.as_deref())?;
    let (origin, text) = read_applicant(&args.applicant)?;
    let lib = super::load_library(args.policies.as_deref())?;
    let renderer = super::renderer(args.templates.as_deref(), None, false)?;
    let opts = Options {
        show_id: args.show_id,
        templates: renderer.templates.digest(),
    };
    let plan = plan_from_text(&lib, &text, &origin, as_of, opts).map_err(Failure::request)?;
    let format: crate::output::render::Format = args.format.into();
    if format == crate::output::render::Format::Pdf
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(Failure::msg(msg!("cli-pdf-terminal")));
    }
    let bytes = plan::render(&plan, &renderer, format, &[]).map_err(Failure::other)?;
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
