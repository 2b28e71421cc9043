//! `doclist interview`: asks the questions that matter, then writes the answers as an
//! applicant YAML file and the checklist. Menus in a terminal; plain numbered lines when
//! standard input is piped.

use super::render::{as_of, Format};
use super::{output, Failure};
use crate::engine::Options;
use crate::frontend::interview::{
    choose, Chosen, Frontend, Interview, Outcome, PlainFrontend, Question, QuestionKind, Reply,
    Stop, SummaryLine, SummaryReply, Validate, SKIP_LABEL,
};
use crate::frontend::plan::plan_from_raw;
use crate::frontend::request::checklist_from_raw;
use crate::msg;
use crate::output::render::plan as render_plan;
use crate::output::render::TypeSize;
use crate::util::i18n::{tr, Lang};
use clap::Args as ClapArgs;
use dialoguer::console::{measure_text_width, style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long)]
    policy: Option<String>,
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    #[arg(long, value_name = "FILE.yaml")]
    answers: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let as_of = as_of(args.date.as_deref())?;
    let lib = super::load_library(args.policies.as_deref())?;
    if lib.policies().is_empty() {
        return Err(Failure::msg(msg!("interview-no-policies")));
    }
    let given = match &args.policy {
        Some(id) => Some(lib.get(id).map_err(|m| Failure::option("--policy", m))?),
        None => None,
    };
    let format = args.format.into();
    // Templates and fonts are loaded before the first question, so a broken setup never
    // costs the person their answers.
    let renderer = super::renderer(None, None, false)?;

    let mut fe: Box<dyn Frontend> =
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            let term = TermFrontend::new();
            // Ignored if it fails: the first question would fail the same way, and say so.
            let _ = term.term.write_line(
                &style("只问会影响清单的问题。↑↓ 选择，回车确认，Esc 退出（不保存）。")
                    .dim()
                    .to_string(),
            );
            Box::new(term)
        } else {
            let echo = !std::io::stdin().is_terminal();
            Box::new(PlainFrontend::new(std::io::stdin().lock(), std::io::stderr()).echo(echo))
        };
    let outcome = (|| {
        let policy = match given {
            Some(p) => p,
            None => match choose(&lib, fe.as_mut())? {
                Chosen::Policy(p) => p,
                Chosen::Path(path) => {
                    let o = Interview::for_path(path, &lib, as_of).run(fe.as_mut())?;
                    return Ok((&path.terms, o));
                }
            },
        };
        Interview::new(policy, as_of)
            .run(fe.as_mut())
            .map(|o| (policy, o))
    })();
    let (policy, answers) = match outcome.map_err(stopped)? {
        (_, Outcome::Abandoned) => {
            eprintln!("{}", tr(Lang::Zh, "interview-abandoned"));
            return Ok(());
        }
        (p, Outcome::Done(a)) => (p, a),
    };

    let answers_path = match &args.answers {
        Some(p) => p.clone(),
        None => free_path(&file_stem(answers.name()), "yaml"),
    };
    let origin = answers_path.display().to_string();
    if answers.city.is_some() {
        let plan = plan_from_raw(
            &lib,
            &answers.raw_input(),
            &origin,
            as_of,
            Options::default(),
        )
        .map_err(Failure::request)?
        .0;
        let bytes = render_plan::render(&plan, &renderer, format, &[]).map_err(Failure::other)?;
        return save(
            &args,
            &answers,
            policy,
            as_of,
            &answers_path,
            format,
            &bytes,
        );
    }
    let checklist = checklist_from_raw(
        &lib,
        &answers.raw_input(),
        &origin,
        None,
        as_of,
        Options {
            show_id: false,
            templates: renderer.templates.digest(),
        },
    )
    .map_err(Failure::request)?;
    let bytes = super::render_within(renderer, checklist, format, TypeSize::Normal)?
        .map_err(Failure::other)?;
    save(
        &args,
        &answers,
        policy,
        as_of,
        &answers_path,
        format,
        &bytes,
    )
}

/// Writes the answers file and the checklist (or plan): to `--output`, beside the answers
/// for a PDF, else to standard output.
fn save(
    args: &Args,
    answers: &crate::frontend::interview::Answers,
    policy: &crate::model::policy::Policy,
    as_of: chrono::NaiveDate,
    answers_path: &Path,
    format: crate::output::render::Format,
    bytes: &[u8],
) -> Result<(), Failure> {
    let output_path = match (&args.output, format) {
        (Some(p), _) => Some(p.clone()),
        (None, crate::output::render::Format::Pdf) => Some(answers_path.with_extension("pdf")),
        (None, _) => None,
    };
    let yaml = answers.to_yaml(policy, as_of);
    output::emit(Some(answers_path), yaml.as_bytes())?;
    output::emit(output_path.as_deref(), bytes)?;
    let origin = answers_path.display().to_string();
    eprintln!(
        "{}",
        msg!("interview-answers-saved", file = origin).text(Lang::Zh)
    );
    if let Some(p) = output_path {
        let file = p.display().to_string();
        eprintln!(
            "{}",
            msg!("interview-checklist-saved", file = file).text(Lang::Zh)
        );
    }
    Ok(())
}

/// The message for an interview that stopped before the summary was confirmed.
fn stopped(stop: Stop) -> Failure {
    match stop {
        Stop::Eof => Failure {
            code: 2,
            message: tr(super::lang(), "interview-eof"),
            hint: Some(tr(super::lang(), "interview-eof-hint")),
        },
        Stop::Interrupted => Failure::msg(msg!("interview-interrupted")),
        Stop::Io(e) => Failure::other(msg!("interview-io", detail = e).text(super::lang())),
    }
}

/// A file name from the applicant's name: characters no file system takes are replaced.
fn file_stem(name: Option<&str>) -> String {
    let stem: String = name
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = stem.trim().trim_matches('.').to_string();
    if stem.is_empty() {
        "applicant".to_string()
    } else {
        stem
    }
}

/// `stem.ext` in the current directory, or `stem-2.ext`, `stem-3.ext`, … if taken.
fn free_path(stem: &str, ext: &str) -> PathBuf {
    let first = PathBuf::from(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| PathBuf::from(format!("{stem}-{n}.{ext}")))
        .find(|p| !Path::new(p).exists())
        .unwrap_or(first)
}

/// Menus and line editing in a terminal (dialoguer), drawn on standard error.
struct TermFrontend {
    term: Term,
    theme: ColorfulTheme,
}

impl TermFrontend {
    fn new() -> Self {
        TermFrontend {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }
}

fn io(e: dialoguer::Error) -> Stop {
    let dialoguer::Error::IO(e) = e;
    e.into()
}

impl Frontend for TermFrontend {
    fn ask(&mut self, q: &Question, validate: &Validate<'_>) -> Result<Reply, Stop> {
        if let Some(help) = &q.help {
            self.term
                .write_line(&style(format!("  {help}")).dim().to_string())?;
        }
        match &q.kind {
            QuestionKind::Menu { options, default } => Select::with_theme(&self.theme)
                .with_prompt(&q.text)
                .items(options)
                .default(default.unwrap_or(0))
                .interact_on_opt(&self.term)
                .map_err(io)?
                .map(Reply::Pick)
                .ok_or(Stop::Interrupted),
            QuestionKind::Input { format, default } => {
                let mut hints: Vec<String> = format.iter().cloned().collect();
                if default.is_none() && q.skippable {
                    hints.push(msg!("prompt-enter-default", default = SKIP_LABEL).text(Lang::Zh));
                }
                let prompt = if hints.is_empty() {
                    q.text.clone()
                } else {
                    format!("{} ({})", q.text, hints.join("，"))
                };
                let mut input = Input::<String>::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .allow_empty(true)
                    .validate_with(|t: &String| validate(t));
                if let Some(d) = default {
                    input = input.default(d.clone());
                }
                input
                    .interact_text_on(&self.term)
                    .map(Reply::Text)
                    .map_err(io)
            }
        }
    }

    fn problem(&mut self, message: &str) -> Result<(), Stop> {
        self.term
            .write_line(&style(format!("✘ {message}")).red().to_string())?;
        Ok(())
    }

    fn note(&mut self, message: &str) -> Result<(), Stop> {
        self.term.write_line(&style(message).cyan().to_string())?;
        Ok(())
    }

    fn summary(&mut self, lines: &[SummaryLine]) -> Result<SummaryReply, Stop> {
        let width = lines
            .iter()
            .map(|l| measure_text_width(&l.label))
            .max()
            .unwrap_or(0);
        let rows: Vec<String> = lines
            .iter()
            .map(|l| {
                let pad = " ".repeat(width - measure_text_width(&l.label));
                format!("{}{pad}  {}", l.label, l.value)
            })
            .collect();
        loop {
            self.term.write_line("")?;
            self.term.write_line(
                &style(tr(Lang::Zh, "summary-check-answers"))
                    .bold()
                    .to_string(),
            )?;
            for r in &rows {
                self.term.write_line(&format!("  {r}"))?;
            }
            let action = Select::with_theme(&self.theme)
                .with_prompt(tr(Lang::Zh, "summary-next"))
                .items([
                    tr(Lang::Zh, "summary-generate"),
                    tr(Lang::Zh, "summary-change"),
                    tr(Lang::Zh, "summary-abandon"),
                ])
                .default(0)
                .interact_on_opt(&self.term)
                .map_err(io)?;
            match action {
                Some(0) => return Ok(SummaryReply::Generate),
                Some(2) => return Ok(SummaryReply::Abandon),
                None => return Err(Stop::Interrupted),
                Some(_) => {
                    let which = Select::with_theme(&self.theme)
                        .with_prompt(tr(Lang::Zh, "summary-which"))
                        .items(&rows)
                        .default(0)
                        .interact_on_opt(&self.term)
                        .map_err(io)?;
                    if let Some(i) = which {
                        return Ok(SummaryReply::Change(i));
                    }
                }
            }
        }
    }
}
