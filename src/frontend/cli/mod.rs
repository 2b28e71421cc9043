//! Argument parsing and dispatch; one module per subcommand.

mod batch;
mod check;
mod diff;
mod explain;
mod gen_sheet;
mod help;
mod interview;
mod join;
mod new;
mod output;
mod plan;
mod policies;
mod render;
mod schema;
mod serve;

use crate::model::applicant::FieldProblem;
use crate::msg;
use crate::util::i18n::{tr, Lang, Msg};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::fmt;
use std::process::ExitCode;
use std::sync::OnceLock;

#[derive(Parser)]
#[command(name = "doclist", version)]
// The command line. Every command's and option's help is in the catalogue
// (`cli-about-<command>`, `cli-arg-<command>-<option>`), in both languages.
struct Cli {
    #[arg(long, global = true, value_enum, value_name = "zh|en")]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

/// `--lang`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand)]
enum Command {
    Render(render::Args),
    Plan(plan::Args),
    Batch(batch::Args),
    Join(join::Args),
    Policies(policies::Args),
    Check(check::Args),
    Explain(explain::Args),
    Diff(diff::Args),
    New(new::Args),
    Schema(schema::Args),
    Interview(interview::Args),
    Serve(serve::Args),
    #[command(hide = true)]
    GenSheet(gen_sheet::Args),
}

/// The language of this run's messages, set once from `--lang` or the locale.
static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of the command line's messages.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// A failure to report: the message, an optional hint, and the exit code.
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    /// Bad input or arguments: exit code 2.
    pub fn input(message: impl fmt::Display) -> Self {
        Failure {
            code: 2,
            message: message.to_string(),
            hint: None,
        }
    }

    /// Bad input or arguments, from the catalogue: exit code 2.
    pub fn msg(m: Msg) -> Self {
        Failure::input(m.text(lang()))
    }

    /// A request that gave no checklist: exit code 2.
    pub fn request(e: crate::frontend::request::RequestError) -> Self {
        Failure::input(e.text(lang()))
    }

    /// A bad value of an option (`--date`, `--policy`), named by the option: exit code 2.
    pub fn option(option: &str, m: Msg) -> Self {
        let text = FieldProblem::new(option, m).message(lang());
        if text.contains(option) {
            Failure::input(text)
        } else {
            Failure::msg(msg!("option-error", option = option, message = text))
        }
    }

    /// A file that could not be written: exit code 1.
    pub fn cannot_write(file: &str, e: &dyn fmt::Display) -> Self {
        Failure::other(msg!("cli-cannot-write", file = file, detail = e.to_string()).text(lang()))
    }

    /// No error, only an exit status to give (`diff`: 1 when something changes).
    pub fn silent(code: u8) -> Self {
        Failure {
            code,
            message: String::new(),
            hint: None,
        }
    }

    /// Anything else that went wrong (files, templates): exit code 1.
    pub fn other(message: impl fmt::Display) -> Self {
        Failure {
            code: 1,
            message: message.to_string(),
            hint: None,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    use crate::output::render::worker;
    if args.get(1).is_some_and(|a| a == worker::WORKER_ARG) {
        return worker::run();
    }
    // Templates from `--templates` render in workers of this program: see `worker`.
    if let Ok(program) = std::env::current_exe() {
        worker::enable(program);
    }
    // Read as they are; only help, version and usage errors need the words, so only
    // they parse again with every line of help in the reader's language.
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(_) => {
            let asked = help::lang_of_args(&args).unwrap_or_else(Lang::from_env);
            let again = help::localized(Cli::command(), asked)
                .try_get_matches_from(&args)
                .and_then(|m| Cli::from_arg_matches(&m));
            match again {
                Ok(cli) => cli,
                Err(e) => return ExitCode::from(help::report(e, asked)),
            }
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let _ = LANG.set(lang);
    let result = match cli.command {
        Command::Render(a) => render::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Batch(a) => batch::run(a),
        Command::Join(a) => join::run(a),
        Command::Policies(a) => policies::run(a),
        Command::Check(a) => check::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Diff(a) => diff::run(a),
        Command::New(a) => new::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Interview(a) => interview::run(a),
        Command::Serve(a) => serve::run(a),
        Command::GenSheet(a) => gen_sheet::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.message.is_empty() => ExitCode::from(f.code),
        Err(f) => {
            eprintln!("{}{}", tr(lang, "error-prefix"), printable(&f.message));
            if let Some(h) = f.hint {
                eprintln!("{}{}", tr(lang, "hint-prefix"), printable(&h));
            }
            ExitCode::from(f.code)
        }
    }
}

/// A message as it may go to a terminal: control characters (an escape sequence in a
/// value would recolour or rewrite the screen) and direction overrides shown as `\u{..}`;
/// line breaks kept.
fn printable(message: &str) -> std::borrow::Cow<'_, str> {
    crate::util::input_text::escape_hidden(message, true)
}

/// The policies: from `--policies DIR`, or built in.
pub fn load_library(
    dir: Option<&std::path::Path>,
) -> Result<crate::model::policy::Library, Failure> {
    match dir {
        Some(d) => crate::model::policy::Library::from_dir(d),
        None => crate::model::policy::Library::embedded(),
    }
    .map_err(|e| Failure::msg(msg!("cli-policy-problem", problem = e.text(lang()))))
}

/// Seconds a checklist may take to render on the command line before it is given up: far
/// more than any real checklist needs, so only a template that loops without end meets
/// it. `DOCLIST_RENDER_SECONDS` sets another limit.
const RENDER_SECONDS: u64 = 60;

/// Renders on a thread of its own and gives up, with a message, when the render takes
/// longer than [`RENDER_SECONDS`]; the thread left behind ends with the process.
pub fn render_within(
    renderer: crate::output::render::Renderer,
    checklist: crate::Checklist,
    format: crate::output::render::Format,
    size: crate::output::render::TypeSize,
) -> Result<Result<Vec<u8>, crate::output::render::RenderError>, Failure> {
    let seconds = std::env::var("DOCLIST_RENDER_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(RENDER_SECONDS);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("render".to_string())
        .spawn(move || {
            let _ = tx.send(renderer.render_sized(&checklist, format, size));
        })
        .map_err(Failure::other)?;
    match rx.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(result) => Ok(result),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Failure::other(
            msg!("template-too-slow", seconds = seconds.to_string()).text(lang()),
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Failure::other(
            "the render thread stopped without an answer",
        )),
    }
}

/// Why a `--font` file cannot be used, in the catalogue's words.
fn font_problem(path: &std::path::Path, e: &crate::output::pdf::PdfError) -> Msg {
    use crate::output::pdf::{FontFault, PdfError};
    let file = path.display().to_string();
    let id = match e {
        PdfError::Font { fault, .. } => match fault {
            FontFault::NotAFont(_) => "cli-font-not-a-font",
            FontFault::Variable => "cli-font-variable",
            FontFault::NoOutlines => "cli-font-no-outlines",
            FontFault::NoUnicode => "cli-font-no-unicode",
            FontFault::ZeroUnitsPerEm => "cli-font-zero-em",
        },
        _ => return msg!("cli-font-unusable", file = file, detail = e.to_string()),
    };
    msg!("cli-font-unusable", file = file, detail = Msg::new(id))
}

/// The policies one request needs: from `--policies DIR` (all of them, checked), or of the
/// built-in ones only the policy `id` (the whole library when there is no id).
pub fn load_library_for(
    dir: Option<&std::path::Path>,
    id: Option<&str>,
) -> Result<crate::model::policy::Library, Failure> {
    match (dir, id) {
        (None, Some(id)) => crate::model::policy::Library::embedded_for(id)
            .map_err(|e| Failure::input(format!("policy {e}"))),
        _ => load_library(dir),
    }
}

/// Templates and fonts (with an optional fallback font): the fonts draw the PDF and
/// check, for every format, that the applicant's text can be printed.
pub fn renderer(
    templates: Option<&std::path::Path>,
    font: Option<&std::path::Path>,
    explain: bool,
) -> Result<crate::output::render::Renderer, Failure> {
    let templates = crate::output::render::Templates::load(templates).map_err(Failure::input)?;
    // The fonts are loaded for every format: a name the PDF could not print is refused
    // in HTML and JSON too, so that no output accepts what another refuses.
    let mut fonts = crate::output::pdf::FontSet::embedded().map_err(Failure::other)?;
    if let Some(path) = font {
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::msg(msg!(
                "cli-cannot-read",
                file = path.display().to_string(),
                detail = e.to_string()
            ))
        })?;
        fonts = fonts
            .with_fallback(bytes, &path.display().to_string())
            .map_err(|e| Failure::msg(font_problem(path, &e)))?;
    }
    let fonts = Some(fonts);
    Ok(crate::output::render::Renderer {
        templates,
        fonts,
        explain,
        forms: true,
        office: None,
    })
}
