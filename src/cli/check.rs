//! `doclist check`: every problem of the policies, with file and line, and the rule
//! coverage of their scenarios.

use super::Failure;
use clap::Args as ClapArgs;
use doclist::check::{check, pdf_templates};
use doclist::policy::Library;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    /// Check the policies of this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// Also check the PDF templates of this directory (those that replace built-in ones).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (root, files) = match &args.policies {
        Some(dir) => (
            dir.display().to_string(),
            Library::read_dir(dir).map_err(|e| Failure::input(format!("policy {e}")))?,
        ),
        None => ("policies".to_string(), Library::embedded_files()),
    };
    let fonts = doclist::pdf::FontSet::embedded().map_err(Failure::other)?;
    let templates = pdf_templates(args.templates.as_deref()).map_err(Failure::input)?;
    let report = check(&root, files, Some(&fonts), &templates);

    let mut out = String::new();
    for p in &report.problems {
        let _ = writeln!(out, "{p} [{}]", p.kind.as_str());
    }
    let _ = writeln!(out, "\ncoverage ({} scenarios):", report.scenarios);
    for c in &report.coverage {
        let rules = c.rules - c.unexercised_rules.len();
        let checks = c.checks - c.unexercised_checks.len();
        let _ = writeln!(
            out,
            "  {} {}: {} scenarios; rules {rules}/{}, checks {checks}/{} exercised",
            c.policy, c.version, c.scenarios, c.rules, c.checks
        );
        if !c.unexercised_rules.is_empty() {
            let _ = writeln!(
                out,
                "    rules no scenario exercises: {}",
                c.unexercised_rules.join(", ")
            );
        }
        if !c.unexercised_checks.is_empty() {
            let _ = writeln!(
                out,
                "    checks no scenario exercises: {}",
                c.unexercised_checks.join(", ")
            );
        }
    }
    super::output::emit(None, out.as_bytes())?;
    if report.ok() {
        eprintln!(
            "ok: {} policy versions, {} scenarios, no problems",
            report.versions, report.scenarios
        );
        Ok(())
    } else {
        let files: std::collections::BTreeSet<&str> =
            report.problems.iter().map(|p| p.file.as_str()).collect();
        Err(Failure::other(format!(
            "{} problem(s) in {} file(s)",
            report.problems.len(),
            files.len()
        )))
    }
}
