//! The applicant's situation: read from YAML or JSON, checked against a policy's facts.

use crate::expr::Env;
use crate::fact::{Fact, FactType, Value};
use crate::idnumber;
use crate::input_text;
use crate::policy::{Library, Policy};
use crate::suggest::did_you_mean;
use chrono::{Datelike, NaiveDate};
use serde_yaml::{Mapping, Value as Yaml};
use std::collections::BTreeMap;
use std::fmt;

/// One thing wrong with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Bad input: the file (or row) and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, `<stdin>`, or a row of a sheet.
    pub origin: String,
    pub problems: Vec<FieldProblem>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] if one.field.is_empty() => write!(f, "{}: {}", self.origin, one.message),
            [one] => write!(f, "{}: field `{}`: {}", self.origin, one.field, one.message),
            many => {
                write!(f, "{}: {} problems:", self.origin, many.len())?;
                for p in many {
                    if p.field.is_empty() {
                        write!(f, "\n  - {}", p.message)?;
                    } else {
                        write!(f, "\n  - field `{}`: {}", p.field, p.message)?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    fn whole(origin: &str, message: String) -> Self {
        InputError {
            origin: origin.to_string(),
            problems: vec![FieldProblem {
                field: String::new(),
                message,
            }],
        }
    }
}

/// The raw key/value pairs of an input, in the order written.
pub type RawInput = Vec<(String, Yaml)>;

/// Parses an input text (YAML, or JSON when it starts with `{`) into key/value pairs.
/// A byte-order mark is dropped; nesting deeper than [`input_text::MAX_DEPTH`], a key
/// given twice and YAML tags (`!tag`) are refused.
pub fn parse_input(text: &str, origin: &str) -> Result<RawInput, InputError> {
    let text = input_text::without_bom(text);
    input_text::check_depth(text).map_err(|e| InputError::whole(origin, e.to_string()))?;
    let value: Yaml = if text.trim_start().starts_with('{') {
        serde_json::from_str::<strict_json::Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
                InputError::whole(
                    origin,
                    format!(
                        "not valid JSON at line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ),
                )
            })?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            InputError::whole(origin, format!("not valid YAML{at}: {e}"))
        })?
    };
    if let Some(tag) = first_tag(&value) {
        return Err(InputError::whole(
            origin,
            format!("YAML tags are not read (found `{tag}`); write the value without it"),
        ));
    }
    let map: Mapping = match value {
        Yaml::Mapping(m) => m,
        Yaml::Null => Mapping::new(),
        _ => {
            return Err(InputError::whole(
                origin,
                "expected a mapping of `key: value` lines (name: 张三, housing: rented, …)"
                    .to_string(),
            ))
        }
    };
    map.into_iter()
        .map(|(k, v)| match k {
            Yaml::String(s) => Ok((s, v)),
            other => Err(InputError::whole(
                origin,
                format!("keys must be words, found `{}`", yaml_text(&other)),
            )),
        })
        .collect()
}

/// The first YAML tag (`!tag`) anywhere in a value.
fn first_tag(v: &Yaml) -> Option<String> {
    match v {
        Yaml::Tagged(t) => Some(t.tag.to_string()),
        Yaml::Sequence(s) => s.iter().find_map(first_tag),
        Yaml::Mapping(m) => m
            .iter()
            .find_map(|(k, v)| first_tag(k).or_else(|| first_tag(v))),
        _ => None,
    }
}

fn yaml_text(v: &Yaml) -> String {
    match v {
        Yaml::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Converts one input value by the fact's type; `Ok(None)` for an empty value (unknown).
pub fn convert_opt(fact: &Fact, raw: &Yaml) -> Result<Option<Value>, String> {
    match raw {
        Yaml::Null => Ok(None),
        Yaml::String(s) if s.trim().is_empty() => Ok(None),
        other => convert(fact, other).map(Some),
    }
}

/// Converts one value by the fact's type, accepting the spellings people use.
pub fn convert(fact: &Fact, raw: &Yaml) -> Result<Value, String> {
    let text = yaml_text(raw);
    let text = text.trim();
    match &fact.ty {
        FactType::Bool => match raw {
            Yaml::Bool(b) => Ok(Value::Bool(*b)),
            _ => match text.to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "是" | "有" => Ok(Value::Bool(true)),
                "false" | "no" | "n" | "0" | "否" | "无" => Ok(Value::Bool(false)),
                _ => Err(format!(
                    "expected true or false (also yes/no, 是/否), got `{text}`"
                )),
            },
        },
        FactType::Integer => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Value::Integer)
            .ok_or_else(|| format!("expected a whole number (0 or more), got `{text}`")),
        FactType::Date => parse_date(text).map(Value::Date),
        FactType::Text => {
            if matches!(raw, Yaml::Mapping(_) | Yaml::Sequence(_)) {
                Err("expected text, got a list or mapping".to_string())
            } else {
                check_text(text)?;
                Ok(Value::Text(text.to_string()))
            }
        }
        FactType::Enum(choices) => {
            if let Some(c) = choices.iter().find(|c| c.value == text || c.label == text) {
                return Ok(Value::Text(c.value.clone()));
            }
            let allowed = choices
                .iter()
                .map(|c| format!("{} ({})", c.value, c.label))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = did_you_mean(text, choices.iter().map(|c| c.value.as_str()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(format!("`{text}` is not allowed{hint}; allowed: {allowed}"))
        }
    }
}

/// The most characters a text fact (a name) may have.
pub const MAX_TEXT_CHARS: usize = 100;

/// Refuses text no output can show as written: too long, or holding a control character,
/// a direction override, a zero-width or private-use character. The message names the
/// character by its code point, never by itself.
pub fn check_text(text: &str) -> Result<(), String> {
    let count = text.chars().count();
    if count > MAX_TEXT_CHARS {
        return Err(format!(
            "is {count} characters long; at most {MAX_TEXT_CHARS} are allowed"
        ));
    }
    for (i, c) in text.chars().enumerate() {
        if let Some(kind) = undrawable(c) {
            return Err(format!(
                "character {} (U+{:04X}) is {kind}; write the text with visible characters only",
                i + 1,
                u32::from(c)
            ));
        }
    }
    Ok(())
}

/// What kind of character `c` is, when it has no place in a printed name.
fn undrawable(c: char) -> Option<&'static str> {
    let u = u32::from(c);
    Some(match u {
        0..=0x1F | 0x7F..=0x9F => "a control character",
        0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C => "a text-direction control",
        0x200B..=0x200D | 0x2060..=0x2064 | 0xFEFF | 0x180E | 0x00AD | 0x034F => {
            "an invisible (zero-width) character"
        }
        0x2028 | 0x2029 => "a line or paragraph separator",
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => "a private-use character",
        0xFFF9..=0xFFFB | 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF => "not a character for text",
        0xFE00..=0xFE0F | 0xE0000..=0xE0FFF => "a variation selector or tag",
        _ => return None,
    })
}

/// Reads a date written YYYY-MM-DD (or YYYY/MM/DD) and rejects impossible ones.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let norm = text.replace(['/', '.'], "-");
    let parts: Vec<&str> = norm.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(format!("expected a date written YYYY-MM-DD, got `{text}`"));
    }
    let date = NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a real date (no such day in the calendar)"))?;
    if date.year() < MIN_YEAR {
        return Err(format!(
            "`{text}` is before {MIN_YEAR}; dates from {MIN_YEAR} to 9999 are read"
        ));
    }
    Ok(date)
}

/// The first year a date may have.
pub const MIN_YEAR: i32 = 1900;

/// A checked applicant for one policy.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub name: Option<String>,
    /// Normalised, unmasked.
    pub id_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The policy's facts with a value (given, or the fact's default).
    pub values: BTreeMap<String, Value>,
    /// Facts given as input that only other policies ask about.
    pub ignored: Vec<String>,
}

/// The `policy` key of an input, if it has one.
pub fn policy_of(raw: &RawInput) -> Option<String> {
    raw.iter()
        .find(|(k, _)| k == "policy")
        .map(|(_, v)| yaml_text(v).trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Applicant {
    /// Checks every key and value of the input against the policy.
    pub fn from_input(
        raw: &RawInput,
        policy: &Policy,
        library: &Library,
        origin: &str,
    ) -> Result<Applicant, InputError> {
        let mut problems = Vec::new();
        let mut values = BTreeMap::new();
        let mut ignored = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(FieldProblem {
                field: field.to_string(),
                message,
            })
        };
        for (key, raw_value) in raw {
            if key == "policy" {
                continue;
            }
            let fact = policy.facts.iter().find(|f| &f.key == key);
            match fact {
                Some(f) if f.derived => problem(
                    key,
                    format!(
                        "is computed by doclist and cannot be given ({})",
                        derived_hint(key)
                    ),
                ),
                Some(f) => match convert_opt(f, raw_value) {
                    Ok(Some(v)) => {
                        values.insert(key.clone(), v);
                    }
                    Ok(None) => {}
                    Err(e) => problem(key, e),
                },
                None if library.any_fact(key).is_some() => ignored.push(key.clone()),
                None => {
                    let mut keys: Vec<&str> =
                        policy.asked_facts().map(|f| f.key.as_str()).collect();
                    keys.extend(["name", "id_number", "birth_date", "policy"]);
                    let hint = did_you_mean(key, keys.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    keys.sort_unstable();
                    problem(
                        key,
                        format!(
                            "unknown field{hint}; the fields of {} are: {}",
                            policy.id,
                            keys.join(", ")
                        ),
                    )
                }
            }
        }
        let mut id_number = None;
        let mut id_birth = None;
        if let Some(Value::Text(id)) = values.get("id_number") {
            match idnumber::validate(id) {
                Ok((norm, birth)) => {
                    id_number = Some(norm);
                    id_birth = Some(birth);
                }
                Err(e) => problem("id_number", e),
            }
        }
        let given_birth = match values.get("birth_date") {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        if let (Some(a), Some(b)) = (id_birth, given_birth) {
            if a != b {
                problem(
                    "birth_date",
                    format!(
                        "is {} but the ID number says {}",
                        b.format("%Y-%m-%d"),
                        a.format("%Y-%m-%d")
                    ),
                );
            }
        }
        for f in policy.asked_facts() {
            if !values.contains_key(&f.key) {
                if let Some(d) = &f.default {
                    values.insert(f.key.clone(), d.clone());
                } else if f.required {
                    problem(&f.key, format!("is required ({})", f.question));
                }
            }
        }
        if !problems.is_empty() {
            return Err(InputError {
                origin: origin.to_string(),
                problems,
            });
        }
        let birth_date = given_birth.or(id_birth);
        if let Some(b) = birth_date {
            values.insert("birth_date".to_string(), Value::Date(b));
        }
        if let Some(id) = &id_number {
            values.insert("id_number".to_string(), Value::Text(id.clone()));
        }
        let name = match values.get("name") {
            Some(Value::Text(n)) => Some(n.clone()),
            _ => None,
        };
        Ok(Applicant {
            name,
            id_number,
            birth_date,
            values,
            ignored,
        })
    }

    /// Age in whole years on a date.
    pub fn age_on(&self, as_of: NaiveDate) -> Option<i64> {
        let b = self.birth_date?;
        let mut age = i64::from(as_of.year() - b.year());
        if (as_of.month(), as_of.day()) < (b.month(), b.day()) {
            age -= 1;
        }
        Some(age)
    }

    /// The facts for evaluating conditions on a date, `as_of` and `age` included.
    pub fn env(&self, as_of: NaiveDate) -> Env {
        let mut env = self.values.clone();
        env.insert("as_of".to_string(), Value::Date(as_of));
        if let Some(age) = self.age_on(as_of) {
            env.insert("age".to_string(), Value::Integer(age));
        }
        env
    }
}

fn derived_hint(key: &str) -> &'static str {
    match key {
        "as_of" => "use --date",
        "age" => "give birth_date or id_number",
        _ => "a date the policy computes",
    }
}

mod strict_json;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_be_short_and_visible() {
        assert!(check_text("张三").is_ok());
        assert!(check_text("Zhāng Sān-O'Brien").is_ok());
        assert!(check_text(&"张".repeat(100)).is_ok());
        assert!(check_text(&"张".repeat(101))
            .unwrap_err()
            .contains("101 characters"));
        for (s, kind) in [
            ("张\u{7}三", "control"),
            ("张\u{1b}[31m", "control"),
            ("\u{202e}三张", "direction"),
            ("张\u{200b}三", "zero-width"),
            ("张\u{e000}", "private-use"),
            ("张\u{2028}三", "separator"),
        ] {
            let e = check_text(s).unwrap_err();
            assert!(e.contains(kind), "{s:?}: {e}");
            assert!(!e.contains(s), "{e}");
        }
    }

    #[test]
    fn dates_are_real() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023-02-29")
            .unwrap_err()
            .contains("not a real date"));
        assert!(parse_date("2023/03/01").is_ok());
        assert!(parse_date("1 March").unwrap_err().contains("YYYY-MM-DD"));
    }
}
