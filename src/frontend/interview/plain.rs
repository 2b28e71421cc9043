//! The plain front-end: questions and numbered menus written as lines, one reply read per
//! line. Used when standard input is not a terminal (piped answers, tests, screen readers).

use super::frontend::{
    Frontend, Question, QuestionKind, Reply, Stop, SummaryLine, SummaryReply, Validate,
};
use crate::msg;
use crate::util::i18n::{tr, Lang};
use std::io::{BufRead, Write};

/// Reads replies from `input` line by line and writes the questions to `output`.
pub struct PlainFrontend<R, W> {
    input: R,
    output: W,
    echo: bool,
}

impl<R: BufRead, W: Write> PlainFrontend<R, W> {
    /// A front-end reading from `input` (usually stdin) and writing to `output` (stderr).
    pub fn new(input: R, output: W) -> Self {
        PlainFrontend {
            input,
            output,
            echo: false,
        }
    }

    /// Also writes each reply after its prompt, so a transcript of piped input reads
    /// like a conversation (the terminal does this itself for typed input).
    pub fn echo(mut self, on: bool) -> Self {
        self.echo = on;
        self
    }

    fn read_line(&mut self) -> Result<String, Stop> {
        self.output.flush()?;
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Err(Stop::Eof),
            Ok(_) => {
                let line = line.trim().to_string();
                if self.echo {
                    writeln!(self.output, "{line}")?;
                }
                Ok(line)
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Err(Stop::Io("the input is not UTF-8 text".to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// What an empty reply means, in words.
fn on_empty(question: &Question) -> Option<String> {
    let default = match &question.kind {
        QuestionKind::Menu {
            options,
            default: Some(d),
        } => options.get(*d).cloned(),
        QuestionKind::Input {
            default: Some(d), ..
        } => Some(d.clone()),
        _ => None,
    };
    match default {
        Some(d) => Some(msg!("prompt-enter-default", default = d).text(Lang::Zh)),
        None if question.skippable => {
            Some(msg!("prompt-enter-default", default = super::SKIP_LABEL).text(Lang::Zh))
        }
        None => None,
    }
}

impl<R: BufRead, W: Write> Frontend for PlainFrontend<R, W> {
    fn ask(&mut self, question: &Question, _validate: &Validate<'_>) -> Result<Reply, Stop> {
        let out = &mut self.output;
        writeln!(out)?;
        writeln!(out, "{}", question.text)?;
        if let Some(help) = &question.help {
            writeln!(out, "  {}", msg!("prompt-help", help = help).text(Lang::Zh))?;
        }
        let mut how = Vec::new();
        match &question.kind {
            QuestionKind::Menu { options, .. } => {
                for (i, o) in options.iter().enumerate() {
                    writeln!(out, "  {}. {o}", i + 1)?;
                }
                how.push(tr(Lang::Zh, "prompt-number"));
            }
            QuestionKind::Input {
                format: Some(f), ..
            } => how.push(msg!("prompt-format", format = f).text(Lang::Zh)),
            QuestionKind::Input { format: None, .. } => {}
        }
        how.extend(on_empty(question));
        if how.is_empty() {
            write!(out, "> ")?;
        } else {
            let hints = msg!("prompt-hints", hints = how.join("，"));
            write!(out, "{}> ", hints.text(Lang::Zh))?;
        }
        self.read_line().map(Reply::Text)
    }

    fn problem(&mut self, message: &str) -> Result<(), Stop> {
        writeln!(self.output, "  ✗ {message}")?;
        Ok(())
    }

    fn note(&mut self, message: &str) -> Result<(), Stop> {
        writeln!(self.output, "{message}")?;
        Ok(())
    }

    fn summary(&mut self, lines: &[SummaryLine]) -> Result<SummaryReply, Stop> {
        let out = &mut self.output;
        writeln!(out)?;
        writeln!(out, "{}", tr(Lang::Zh, "summary-check-answers"))?;
        for (i, l) in lines.iter().enumerate() {
            writeln!(out, "  {}. {}：{}", i + 1, l.label, l.value)?;
        }
        write!(out, "{}> ", tr(Lang::Zh, "summary-line-choices"))?;
        self.read_line().map(SummaryReply::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_are_numbered_and_eof_stops() {
        let mut out = Vec::new();
        let mut fe = PlainFrontend::new("2\n".as_bytes(), &mut out);
        let q = Question {
            key: "channel".into(),
            text: "您打算线上办理还是到窗口办理？".into(),
            help: None,
            kind: QuestionKind::Menu {
                options: vec!["线上办理".into(), "窗口办理".into()],
                default: None,
            },
            skippable: false,
        };
        assert_eq!(fe.ask(&q, &|_| Ok(())).unwrap(), Reply::Text("2".into()));
        assert_eq!(fe.ask(&q, &|_| Ok(())), Err(Stop::Eof));
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("  1. 线上办理\n  2. 窗口办理\n"), "{shown}");
    }
}
