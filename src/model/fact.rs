//! Facts: the typed questions a policy asks about an applicant, and their values.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// The type of a fact, as a policy declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactType {
    Bool,
    Integer,
    Date,
    Text,
    /// One of a fixed list of values, each with a Chinese label.
    Enum(Vec<Choice>),
}

impl FactType {
    /// The type's name as written in policy files.
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Integer => "integer",
            FactType::Date => "date",
            FactType::Text => "text",
            FactType::Enum(_) => "enum",
        }
    }
}

/// One allowed value of an enum fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A fact declared by a policy (or built into every policy).
#[derive(Debug, Clone)]
pub struct Fact {
    pub key: String,
    pub ty: FactType,
    /// Short Chinese label, also accepted as a column header in sheets.
    pub label: String,
    pub label_en: Option<String>,
    /// The question as a person would be asked it.
    pub question: String,
    pub help: Option<String>,
    pub default: Option<Value>,
    /// Must be present in the input.
    pub required: bool,
    /// Built into every policy (name, id_number, birth_date, as_of, age).
    pub builtin: bool,
    /// Computed by doclist, never read from input (as_of, age).
    pub derived: bool,
    /// Only fills in the forms printed after the checklist (`form: true`): listed in the
    /// checklist's facts only when answered.
    pub form: bool,
    /// A requirement the person checks themselves (实际在住): never asked by the
    /// interview or the form; left blank, it takes its default and the checklist says
    /// 办理前请自查 (a check's `if_assumed`). Sheets and input files may answer it.
    pub self_check: bool,
}

impl Fact {
    /// The allowed values of an enum fact (empty for other types).
    pub fn choices(&self) -> &[Choice] {
        match &self.ty {
            FactType::Enum(c) => c,
            _ => &[],
        }
    }

    /// Every answer a yes-or-no or choice fact can have (empty for other types).
    pub fn every_answer(&self) -> Vec<Value> {
        match &self.ty {
            FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
            FactType::Enum(choices) => choices
                .iter()
                .map(|c| Value::Text(c.value.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The Chinese label of a value of this fact, for people.
    pub fn value_label(&self, value: &Value) -> String {
        match (value, &self.ty) {
            (Value::Text(v), FactType::Enum(choices)) => choices
                .iter()
                .find(|c| &c.value == v)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| v.clone()),
            (Value::Bool(true), _) => "是".to_string(),
            (Value::Bool(false), _) => "否".to_string(),
            (v, _) => v.to_string(),
        }
    }
}

/// A known value of a fact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Integer(i64),
    Date(NaiveDate),
    /// Text and enum values.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Value::Text(s) => f.write_str(s),
        }
    }
}
