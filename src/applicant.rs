//! The applicant's situation: read from YAML or JSON, checked against a policy's facts.

use crate::expr::Env;
use crate::fact::{Fact, FactType, Value};
use crate::idnumber;
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
pub fn parse_input(text: &str, origin: &str) -> Result<RawInput, InputError> {
    let value: Yaml = if text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| {
                InputError::whole(
                    origin,
                    format!(
                        "not valid JSON at line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ),
                )
            })
            .and_then(|j| {
                serde_yaml::to_value(j).map_err(|e| InputError::whole(origin, e.to_string()))
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
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a real date (no such day in the calendar)"))
}

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
    /// Facts not given whose policy default was taken.
    pub assumed: Vec<String>,
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
        let mut assumed = Vec::new();
        for f in policy.asked_facts() {
            if !values.contains_key(&f.key) {
                if let Some(d) = &f.default {
                    values.insert(f.key.clone(), d.clone());
                    assumed.push(f.key.clone());
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
            assumed,
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

#[cfg(test)]
mod tests {
    use super::*;

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
