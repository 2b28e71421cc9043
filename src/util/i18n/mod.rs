//! Messages in the reader's language: one Fluent catalogue per language
//! (`locales/<lang>/doclist.ftl`), built into the binary.
//!
//! Code never builds a sentence: it names a message and its arguments ([`Msg`], made
//! with [`msg!`](crate::msg)), and the message is put into words only where it is shown,
//! in the language of that place ([`Msg::text`]). People's pages, forms and files are
//! Chinese; the command line follows `--lang` or the locale ([`Lang::from_env`]).

mod catalogue;

pub use catalogue::{catalogue_source, Catalogue};

use chrono::NaiveDate;
use std::fmt;

/// A language doclist speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese: every page, form and file meant for people.
    #[default]
    Zh,
    /// English: the command line and logs, when asked for.
    En,
}

impl Lang {
    /// Every language, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language's code, as in `--lang` and the catalogue's folder name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Reads `zh`, `en`, or a locale name (`zh_CN.UTF-8`, `en-US`); `None` for others.
    pub fn parse(name: &str) -> Option<Lang> {
        let lower = name.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match base {
            "zh" => Some(Lang::Zh),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the command line: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// that is set and not empty decides (zh… is Chinese, anything else English);
    /// English when none is set.
    pub fn from_env() -> Lang {
        Lang::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] with the variables read through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|v| !v.trim().is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message, put into words in the same language first.
    Msg(Box<Msg>),
    /// Items joined by the language's list separator (`、` or `, `).
    List(Vec<Arg>),
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<char> for Arg {
    fn from(c: char) -> Self {
        Arg::Text(c.to_string())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Text(d.format("%Y-%m-%d").to_string())
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

impl From<Vec<String>> for Arg {
    fn from(items: Vec<String>) -> Self {
        Arg::List(items.into_iter().map(Arg::Text).collect())
    }
}

impl From<Vec<Arg>> for Arg {
    fn from(items: Vec<Arg>) -> Self {
        Arg::List(items)
    }
}

impl Arg {
    /// The first `shown` of `items`, then how many more there are: a list that comes from
    /// the input (a header's columns) stays short in a message whatever the input holds.
    pub fn first_of(mut items: Vec<Arg>, shown: usize) -> Arg {
        if items.len() <= shown {
            return Arg::List(items);
        }
        let more = items.len() - shown;
        items.truncate(shown);
        Arg::Msg(Box::new(
            Msg::new("list-cut")
                .arg("list", Arg::List(items))
                .arg("more", more),
        ))
    }
}

/// A message of the catalogue with its arguments, not yet in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The message's id in the catalogue; also its stable code for programs.
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds (or replaces) a named argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.set(name, value);
        self
    }

    /// Sets a named argument in place.
    pub fn set(&mut self, name: &'static str, value: impl Into<Arg>) {
        let value = value.into();
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.args.push((name, value)),
        }
    }

    /// Whether the message has an argument of this name.
    pub fn has(&self, name: &str) -> bool {
        self.args.iter().any(|(n, _)| *n == name)
    }

    /// The message in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        Catalogue::get().format(lang, self)
    }
}

/// English, for logs and `{}` in code that has no reader's language at hand.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A message without arguments, in words.
pub fn tr(lang: Lang, id: &'static str) -> String {
    Msg::new(id).text(lang)
}

/// Builds a [`Msg`](crate::util::i18n::Msg): `msg!("id")` or `msg!("id", name = value, …)`.
/// The id must be a string literal, so that a test can find every id the code uses.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $crate::util::i18n::Msg::new($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::util::i18n::Msg::new($id)$(.arg(stringify!($name), $value))+
    };
}

/// A [`Msg`] as an error value, for errors that must travel through `std::io::Error`
/// (a reader's): shown in English where no reader's language is at hand, and taken back
/// out with `downcast_ref` where it is.
#[derive(Debug, Clone)]
pub struct MsgError(pub Msg);

impl fmt::Display for MsgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for MsgError {}

#[cfg(test)]
mod tests;
