//! A problem in a policy file: which file, which line, where in the policy, what is wrong.

use crate::msg;
use crate::util::i18n::{Lang, Msg};
use std::fmt;

/// What kind of problem it is; `doclist check` prints it as a tag (`[unknown-fact]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// Not valid YAML, a wrong type, an unknown or missing field.
    Schema,
    /// A condition or text names a fact the policy does not declare.
    UnknownFact,
    /// A condition names a value that is not one of the fact's values.
    UnknownValue,
    /// A rule names a document that is defined nowhere.
    UndefinedDocument,
    /// A document is defined but no rule uses it.
    UnusedDocument,
    /// An id or key is used twice.
    DuplicateId,
    /// A condition can never be true: its rule, check or line never applies.
    NeverFires,
    /// A note, not a problem: a condition with too many combinations to try, so whether
    /// it can be true was not decided.
    NotDecided,
    /// A document, rule, check, date or procedure line cites no source.
    NoSource,
    /// A character the built-in fonts cannot draw.
    Glyph,
    /// A scenario's checklist is not what the scenario expects.
    Scenario,
    /// A rule or check that no scenario exercises.
    Uncovered,
    /// Versions of one policy that do not fit together.
    Version,
    /// Any other value that is not allowed.
    Invalid,
    /// A citation its source document does not bear out: a section not in the
    /// document, or an official line cited only to secondary passages.
    Citation,
}

impl ProblemKind {
    /// Every kind, in the order above.
    pub const ALL: [ProblemKind; 15] = [
        ProblemKind::Schema,
        ProblemKind::UnknownFact,
        ProblemKind::UnknownValue,
        ProblemKind::UndefinedDocument,
        ProblemKind::UnusedDocument,
        ProblemKind::DuplicateId,
        ProblemKind::NeverFires,
        ProblemKind::NotDecided,
        ProblemKind::NoSource,
        ProblemKind::Glyph,
        ProblemKind::Scenario,
        ProblemKind::Uncovered,
        ProblemKind::Version,
        ProblemKind::Invalid,
        ProblemKind::Citation,
    ];

    /// Whether the problem keeps the policy from loading (for `render`); the others are
    /// reported by `doclist check` only.
    pub fn blocks_loading(self) -> bool {
        !matches!(
            self,
            ProblemKind::NeverFires
                | ProblemKind::NotDecided
                | ProblemKind::Glyph
                | ProblemKind::Scenario
                | ProblemKind::Uncovered
                | ProblemKind::Citation
        )
    }

    /// Whether `doclist check` only notes it: it does not make the check fail.
    pub fn is_note(self) -> bool {
        self == ProblemKind::NotDecided
    }

    /// The tag `doclist check` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Schema => "schema",
            ProblemKind::UnknownFact => "unknown-fact",
            ProblemKind::UnknownValue => "unknown-value",
            ProblemKind::UndefinedDocument => "undefined-document",
            ProblemKind::UnusedDocument => "unused-document",
            ProblemKind::DuplicateId => "duplicate-id",
            ProblemKind::NeverFires => "never-fires",
            ProblemKind::NotDecided => "not-decided",
            ProblemKind::NoSource => "no-source",
            ProblemKind::Glyph => "glyph",
            ProblemKind::Scenario => "scenario",
            ProblemKind::Uncovered => "uncovered",
            ProblemKind::Version => "version",
            ProblemKind::Invalid => "invalid",
            ProblemKind::Citation => "citation",
        }
    }
}

/// A policy file that could not be loaded, or a problem `doclist check` found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub file: String,
    /// The line in `file` (1-based), when known.
    pub line: Option<usize>,
    /// "rule `x`", "fact `y`", or empty for the file as a whole.
    pub place: String,
    /// What is wrong, in English (for logs and `{}`).
    pub message: String,
    /// What is wrong as a catalogue message, when it has one: [`PolicyError::text`] puts
    /// it in the reader's language (else the English `message` is shown).
    pub msg: Option<Box<Msg>>,
    pub kind: ProblemKind,
}

impl PolicyError {
    /// A problem with the file as a whole.
    pub fn file(file: &str, kind: ProblemKind, message: impl Into<String>) -> PolicyError {
        PolicyError {
            file: file.to_string(),
            line: None,
            place: String::new(),
            message: message.into(),
            msg: None,
            kind,
        }
    }

    /// A problem with the file as a whole, said by a catalogue message.
    pub fn file_msg(file: &str, kind: ProblemKind, msg: Msg) -> PolicyError {
        PolicyError::file(file, kind, msg.text(Lang::En)).said(msg)
    }

    /// The same problem, said by a catalogue message (its English text is `message`).
    pub fn said(mut self, msg: Msg) -> PolicyError {
        self.message = msg.text(Lang::En);
        self.msg = Some(Box::new(msg));
        self
    }

    /// The problem in `lang`: file, line, place and what is wrong.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let message = match &self.msg {
            Some(m) => m.text(lang),
            None => self.message.clone(),
        };
        let file = self.file.as_str();
        let place = place_text(&self.place, lang);
        match (self.line, self.place.is_empty()) {
            (Some(line), true) => msg!(
                "policy-problem-line",
                file = file,
                line = line.to_string(),
                message = message
            ),
            (Some(line), false) => msg!(
                "policy-problem-line-place",
                file = file,
                line = line.to_string(),
                place = place,
                message = message
            ),
            (None, true) => msg!("policy-problem", file = file, message = message),
            (None, false) => msg!(
                "policy-problem-place",
                file = file,
                place = place,
                message = message
            ),
        }
        .text(lang)
    }
}

/// A place in a policy (`rule `x``, `procedure entry 2 (where)`) in `lang`; a place of
/// another shape (a YAML path such as `rules[1]`) as it is.
fn place_text(place: &str, lang: Lang) -> String {
    let Some((word, rest)) = place.split_once(' ') else {
        return place.to_string();
    };
    let name = rest.trim_matches('`');
    let m = match word {
        "rule" => msg!("policy-place-rule", name = name),
        "check" => msg!("policy-place-check", name = name),
        "fact" => msg!("policy-place-fact", name = name),
        "date" => msg!("policy-place-date", name = name),
        "document" => msg!("policy-place-document", name = name),
        "scenario" => msg!("policy-place-scenario", name = name),
        // `procedure entry 2 (where)`
        "procedure" => match rest.strip_prefix("entry ").and_then(|r| r.split_once(" (")) {
            Some((entry, topic)) => msg!(
                "policy-place-procedure",
                entry = entry,
                topic = topic.trim_end_matches(')')
            ),
            None => return place.to_string(),
        },
        _ => return place.to_string(),
    };
    m.text(lang)
}

impl PolicyError {
    /// The same problem at a line.
    pub fn at(mut self, line: Option<usize>) -> PolicyError {
        self.line = line;
        self
    }

    /// A YAML syntax or type error in `text`, with the line serde_yaml reports.
    pub fn yaml(file: &str, e: &serde_yaml::Error, text: &str) -> PolicyError {
        let location = e.location();
        // Some reader errors (control characters) only tell their byte offset.
        let text_of_error = e.to_string();
        let from_offset = text_of_error
            .split_once("at position ")
            .and_then(|(_, n)| n.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|offset| text.as_bytes().get(..offset))
            .map(|head| 1 + head.iter().filter(|b| **b == b'\n').count());
        // serde_yaml puts " at line L column C" in its message; the line is shown first.
        let mut message = text_of_error.clone();
        if let Some(l) = &location {
            let at = format!(" at line {} column {}", l.line(), l.column());
            message = message.replacen(&at, "", 1);
        }
        let line = from_offset.or(location.map(|l| l.line()));
        PolicyError::file(file, ProblemKind::Schema, message).at(line)
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if self.place.is_empty() {
            write!(f, ": {}", self.message)
        } else {
            write!(f, ": {}: {}", self.place, self.message)
        }
    }
}

impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_name_their_line_once() {
        // Found by the policy fuzz target: a control character was placed on line 1.
        let text = "id: a\ntitle: 中文\nversion: \"1\u{1}\"\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let p = PolicyError::yaml("f.yaml", &e, text);
        assert_eq!(p.line, Some(3), "{p}");
        let text = "a: [1,\nb: 2\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let p = PolicyError::yaml("f.yaml", &e, text);
        assert!(p.to_string().starts_with("f.yaml:3: "), "{p}");
        // The line of the problem is said once; the context's own place stays.
        assert!(!p.to_string().contains("at line 3"), "{p}");
    }
}
