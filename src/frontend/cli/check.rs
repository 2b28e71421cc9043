//! `doclist check`: every problem of the policies, with file and line, and the rule
//! coverage of their scenarios.

use super::Failure;
use crate::frontend::lint::{check, pdf_templates};
use crate::model::policy::Library;
use crate::msg;
use clap::Args as ClapArgs;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (root, files) = match &args.policies {
        Some(dir) => (
            dir.display().to_string(),
            Library::read_dir(dir).map_err(|e| {
                Failure::msg(msg!("cli-policy-problem", problem = e.text(super::lang())))
            })?,
        ),
        None => ("policies".to_string(), Library::embedded_files()),
    };
    let fonts = crate::output::pdf::FontSet::embedded().map_err(Failure::other)?;
    let templates = pdf_templates(args.templates.as_deref()).map_err(Failure::input)?;
    let sources = Library::source_texts(args.policies.as_deref())
        .map_err(|e| Failure::msg(msg!("cli-policy-problem", problem = e.text(super::lang()))))?;
    let report = check(&root, files, &sources, Some(&fonts), &templates);

    let lang = super::lang();
    let mut out = String::new();
    for p in &report.problems {
        let _ = writeln!(out, "{} [{}]", p.text(lang), p.kind.as_str());
    }
    let _ = writeln!(
        out,
        "\n{}",
        msg!("check-coverage", scenarios = report.scenarios).text(lang)
    );
    for c in &report.coverage {
        let rules = c.rules - c.unexercised_rules.len();
        let checks = c.checks - c.unexercised_checks.len();
        let line = msg!(
            "check-coverage-policy",
            policy = &c.policy,
            version = &c.version,
            scenarios = c.scenarios,
            rules = rules,
            all_rules = c.rules,
            checks = checks,
            all_checks = c.checks
        );
        let _ = writeln!(out, "  {}", line.text(lang));
        if !c.unexercised_rules.is_empty() {
            let m = msg!("check-rules-unexercised", ids = c.unexercised_rules.clone());
            let _ = writeln!(out, "    {}", m.text(lang));
        }
        if !c.unexercised_checks.is_empty() {
            let m = msg!(
                "check-checks-unexercised",
                ids = c.unexercised_checks.clone()
            );
            let _ = writeln!(out, "    {}", m.text(lang));
        }
    }
    if !report.paths.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            msg!("check-coverage-plans", scenarios = report.plan_scenarios).text(lang)
        );
    }
    for c in &report.paths {
        let line = msg!(
            "check-coverage-path",
            city = &c.city,
            version = &c.version,
            scenarios = c.scenarios,
            reached = c.steps - c.unreached.len(),
            steps = c.steps
        );
        let _ = writeln!(out, "  {}", line.text(lang));
        if !c.unreached.is_empty() {
            let m = msg!("check-steps-unreached", ids = c.unreached.clone());
            let _ = writeln!(out, "    {}", m.text(lang));
        }
    }
    super::output::emit(None, out.as_bytes())?;
    if report.ok() {
        let ok = msg!(
            "check-ok",
            versions = report.versions,
            scenarios = report.scenarios,
            plans = report.plan_scenarios
        );
        eprintln!("{}", ok.text(lang));
        Ok(())
    } else {
        let problems: Vec<_> = report
            .problems
            .iter()
            .filter(|p| !p.kind.is_note())
            .collect();
        let files: std::collections::BTreeSet<&str> =
            problems.iter().map(|p| p.file.as_str()).collect();
        Err(Failure::other(
            msg!(
                "check-problems",
                problems = problems.len(),
                files = files.len()
            )
            .text(lang),
        ))
    }
}
