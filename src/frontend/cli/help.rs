//! The command line's help and usage errors in the reader's language. Every command's
//! and option's words come from the catalogue (`cli-about-<command>`,
//! `cli-arg-<command>-<option>`); clap supplies only the layout.

use crate::msg;
use crate::util::i18n::{tr, Catalogue, Lang, Msg};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::ffi::OsString;

/// The language asked for with `--lang zh` or `--lang=en`, read before the arguments are
/// parsed (the help itself must already speak it).
pub fn lang_of_args(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
        if a == "--lang" {
            return it.next().and_then(Lang::parse);
        }
    }
    None
}

/// The catalogue's text for a message id made at run time.
fn text(lang: Lang, id: &str) -> Option<String> {
    let catalogue = Catalogue::get();
    catalogue
        .has(lang, id)
        .then(|| catalogue.format(lang, &Msg::new(leak(id))))
}

/// Message ids are `&'static str`; the help's few dozen are made once per run.
fn leak(id: &str) -> &'static str {
    Box::leak(id.to_string().into_boxed_str())
}

/// The command tree with every about and help line in `lang`.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = names
        .iter()
        .fold(words(cmd, "", lang), |cmd, name| {
            cmd.mut_subcommand(name, |s| words(s, name, lang))
        })
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr(lang, "cli-version-flag")),
        );
    if lang == Lang::Zh {
        cmd = cmd
            .mut_arg("version", |a| {
                a.help_heading(leak(&tr(lang, "cli-heading-options")))
            })
            .subcommand_help_heading(leak(&tr(lang, "cli-heading-commands")));
    }
    cmd.build();
    if let Some(help) = cmd.find_subcommand_mut("help") {
        *help = std::mem::take(help).about(tr(lang, "cli-help-command"));
    }
    cmd
}

/// One command's about, help flag and options in `lang`; `name` is empty for the root.
fn words(cmd: Command, name: &str, lang: Lang) -> Command {
    let suffix = if name.is_empty() {
        String::new()
    } else {
        format!("-{name}")
    };
    let mut cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr(lang, "cli-help-flag")),
        )
        .mut_args(|a| option(a, &suffix, lang));
    if let Some(about) = text(lang, &format!("cli-about{suffix}")) {
        cmd = cmd.about(about);
    }
    if lang == Lang::Zh {
        // clap fills in its own `{usage}` where the message puts it.
        let usage = msg!("cli-usage", usage = "{usage}").text(lang);
        cmd = cmd.help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}\n\n{{all-args}}{{after-help}}"
        ));
    }
    cmd
}

/// One option's help line in `lang`. In Chinese the values it takes and its default are
/// said in the line, and the options are grouped under Chinese headings.
fn option(a: Arg, suffix: &str, lang: Lang) -> Arg {
    let id = a.get_id().to_string();
    let mut help = if id == "help" {
        tr(lang, "cli-help-flag")
    } else {
        text(lang, &format!("cli-arg{suffix}-{id}")).unwrap_or_default()
    };
    if lang == Lang::En {
        return a.help(help);
    }
    let mut notes = Vec::new();
    let takes_values = a.get_action().takes_values();
    if takes_values {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            notes.push(msg!("cli-possible-values", values = values.join("、")).text(lang));
        }
        if let Some(d) = a.get_default_values().first() {
            let value = d.to_string_lossy().to_string();
            notes.push(msg!("cli-default-value", value = value).text(lang));
        }
    }
    if !notes.is_empty() {
        help = format!("{help}（{}）", notes.join("；"));
    }
    let heading = if a.is_positional() {
        "cli-heading-arguments"
    } else {
        "cli-heading-options"
    };
    let a = a.help(help).help_heading(leak(&tr(lang, heading)));
    if takes_values {
        a.hide_possible_values(true).hide_default_value(true)
    } else {
        a
    }
}

/// What a usage error says, in `lang`, with the usage line and where to read more;
/// help and version requests are printed as clap lays them out. Returns the exit code.
pub fn report(e: clap::Error, lang: Lang) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return 2;
        }
        _ => {}
    }
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => msg!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            msg!(
                "cli-error-unknown-command",
                arg = get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => msg!(
            "cli-error-invalid-value",
            arg = arg,
            value = get(ContextKind::InvalidValue)
        ),
        ErrorKind::MissingRequiredArgument => msg!("cli-error-missing", arg = arg),
        ErrorKind::ArgumentConflict => msg!(
            "cli-error-conflict",
            arg = arg,
            other = get(ContextKind::PriorArg)
        ),
        ErrorKind::MissingSubcommand => msg!("cli-error-no-command"),
        _ => msg!("cli-error-other", detail = first_line(&e)),
    };
    let mut out = format!("{}{}", tr(lang, "error-prefix"), message.text(lang));
    let values = get(ContextKind::ValidValue);
    if !values.is_empty() {
        out.push_str(&format!(
            "（{}）",
            msg!("cli-possible-values", values = values).text(lang)
        ));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let suggestion = get(kind);
        if !suggestion.is_empty() {
            out.push('\n');
            out.push_str(&msg!("cli-did-you-mean", suggestion = suggestion).text(lang));
        }
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        out.push_str("\n\n");
        out.push_str(&msg!("cli-usage", usage = usage).text(lang));
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['-', '[', '<']))
            .collect();
        let command = command.join(" ");
        out.push_str(&format!(
            "\n\n{}",
            msg!("cli-more-help", command = command).text(lang)
        ));
    }
    eprintln!("{out}");
    2
}

/// clap's own first line of an error, for the kinds the catalogue does not word.
fn first_line(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn every_line(cmd: &Command, name: &str, out: &mut Vec<String>) {
        let suffix = if name.is_empty() {
            String::new()
        } else {
            format!("-{name}")
        };
        out.push(format!("cli-about{suffix}"));
        for a in cmd.get_arguments() {
            out.push(format!("cli-arg{suffix}-{}", a.get_id()));
        }
    }

    #[test]
    fn every_command_and_option_has_its_words_in_both_languages() {
        let cmd = super::super::Cli::command();
        let mut ids = Vec::new();
        every_line(&cmd, "", &mut ids);
        for s in cmd.get_subcommands() {
            every_line(s, s.get_name(), &mut ids);
        }
        assert!(ids.len() > 60, "{ids:?}");
        let catalogue = Catalogue::get();
        for lang in Lang::ALL {
            let missing: Vec<&String> = ids.iter().filter(|id| !catalogue.has(lang, id)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn the_help_speaks_chinese_when_asked() {
        let mut cmd = localized(super::super::Cli::command(), Lang::Zh);
        let help = cmd.render_help().to_string();
        assert!(help.contains("用法：doclist"), "{help}");
        assert!(help.contains("命令:"), "{help}");
        assert!(help.contains("为一位申请人生成材料清单"), "{help}");
        assert!(help.contains("显示帮助"), "{help}");
        let render = cmd.find_subcommand_mut("render").unwrap();
        let help = render.render_help().to_string();
        assert!(
            help.contains("（可选：json、html、pdf、ics；默认：json）"),
            "{help}"
        );
        assert!(!help.contains("Options"), "{help}");
        assert!(!help.contains("possible values"), "{help}");
    }

    #[test]
    fn the_localised_commands_pass_clap_s_own_checks() {
        for lang in Lang::ALL {
            let cmd = localized(super::super::Cli::command(), lang);
            cmd.clone().debug_assert();
            for mut sub in cmd.get_subcommands().cloned() {
                let help = sub.render_help().to_string();
                assert!(!help.is_empty());
            }
        }
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of_args(&args(&["doclist", "--lang", "zh", "render"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_of_args(&args(&["doclist", "render", "--lang=en"])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_of_args(&args(&["doclist", "render", "--", "--lang=en"])),
            None
        );
        assert_eq!(lang_of_args(&args(&["doclist", "render"])), None);
    }
}
