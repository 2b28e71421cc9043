//! Shared definitions (`facts.yaml`, `<city>/common.yaml`) and the facts built from them.

use super::lines::Lines;
use super::raw::{RawCommon, RawFact, RawSource};
use crate::model::fact::{Choice, Fact, FactType};
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value as Yaml};

/// One file of shared definitions, with where it is.
pub struct Layer<'a> {
    pub raw: &'a RawCommon,
    /// The file as shown in messages.
    pub file: String,
    pub lines: &'a Lines,
}

/// Shared definitions visible to one policy: the global library, then the city's.
pub struct Shared<'a> {
    pub layers: Vec<Layer<'a>>,
}

impl<'a> Shared<'a> {
    /// The shared definition of a fact, and the layer it is in.
    pub fn fact(&self, key: &str) -> Option<(&Layer<'a>, Result<RawFact, String>)> {
        let k = Yaml::String(key.to_string());
        self.layers.iter().rev().find_map(|l| {
            l.raw.facts.get(&k).map(|v| {
                (
                    l,
                    serde_yaml::from_value(v.clone()).map_err(|e| e.to_string()),
                )
            })
        })
    }

    /// Every shared fact key, for did-you-mean hints.
    pub fn fact_keys(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.raw
                    .facts
                    .keys()
                    .filter_map(|k| k.as_str().map(String::from))
            })
            .collect()
    }

    /// A shared source document by id.
    pub fn source(&self, id: &str) -> Option<&RawSource> {
        self.layers.iter().rev().find_map(|l| l.raw.sources.get(id))
    }

    /// Every shared source id, for messages.
    pub fn source_ids(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| l.raw.sources.keys().cloned())
            .collect()
    }

    /// A shared document by id, and the layer it is in.
    pub fn document(&self, id: &str) -> Option<(&Layer<'a>, &Yaml)> {
        let k = Yaml::String(id.to_string());
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.raw.documents.get(&k).map(|d| (l, d)))
    }

    /// Every shared document id, for did-you-mean hints.
    pub fn document_ids(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.raw
                    .documents
                    .keys()
                    .filter_map(|k| k.as_str().map(String::from))
            })
            .collect()
    }
}

/// The facts every policy has.
pub fn builtin_facts() -> Vec<Fact> {
    let f = |key: &str, ty: FactType, label: &str, question: &str, derived: bool| Fact {
        key: key.to_string(),
        ty,
        label: label.to_string(),
        label_en: Some(
            match key {
                "name" => "Name",
                "id_number" => "ID number",
                "birth_date" => "Birth date",
                "as_of" => "Date",
                _ => "Age",
            }
            .to_string(),
        ),
        question: question.to_string(),
        help: None,
        default: None,
        required: false,
        builtin: true,
        derived,
        form: false,
        self_check: false,
    };
    vec![
        f("name", FactType::Text, "姓名", "申请人姓名", false),
        f(
            "id_number",
            FactType::Text,
            "身份证号",
            "申请人的18位居民身份证号码",
            false,
        ),
        f(
            "birth_date",
            FactType::Date,
            "出生日期",
            "申请人的出生日期",
            false,
        ),
        f("as_of", FactType::Date, "办理日期", "打算办理的日期", true),
        f(
            "age",
            FactType::Integer,
            "年龄",
            "办理日期时的周岁年龄",
            true,
        ),
    ]
}

pub(super) fn date(s: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{what} `{s}` is not a real date of the form YYYY-MM-DD"))
}

fn must<T>(v: Option<T>, what: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("`{what}` is missing"))
}

/// Builds a fact from its shared definition narrowed by the policy's entry.
pub(super) fn fact_from(key: &str, base: Option<RawFact>, local: RawFact) -> Result<Fact, String> {
    let base = base.unwrap_or_default();
    let ty_word = local.ty.or(base.ty);
    let ty_word = must(ty_word, "type")?;
    let values = local.values.or(base.values);
    let mut ty = match ty_word.as_str() {
        "bool" => FactType::Bool,
        "integer" => FactType::Integer,
        "date" => FactType::Date,
        "text" => FactType::Text,
        "enum" => {
            let values = must(values, "values")?;
            FactType::Enum(choices(&values)?)
        }
        other => {
            return Err(format!(
                "type `{other}` is not allowed; allowed: bool, integer, date, text, enum"
            ))
        }
    };
    if let Some(only) = local.only {
        let FactType::Enum(all) = &ty else {
            return Err("`only` narrows enum facts only".to_string());
        };
        let mut kept = Vec::new();
        for v in &only {
            match all.iter().find(|c| &c.value == v) {
                Some(c) => kept.push(c.clone()),
                None => {
                    return Err(format!(
                        "`only` names `{v}`, which is not one of its values ({})",
                        all.iter()
                            .map(|c| c.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        }
        ty = FactType::Enum(kept);
    }
    let mut fact = Fact {
        key: key.to_string(),
        ty,
        label: must(local.label.or(base.label), "label")?,
        label_en: local.label_en.or(base.label_en),
        question: must(local.question.or(base.question), "question")?,
        help: local.help.or(base.help),
        default: None,
        required: local.required.or(base.required).unwrap_or(false),
        builtin: false,
        derived: false,
        form: local.form.or(base.form).unwrap_or(false),
        self_check: local.self_check.or(base.self_check).unwrap_or(false),
    };
    if let Some(d) = local.default.or(base.default) {
        fact.default =
            Some(crate::model::answer::convert(&fact, &d).map_err(|e| format!("default: {e}"))?);
    }
    if fact.self_check && fact.default.is_none() {
        return Err(
            "a `self_check` fact needs a `default`: the answer taken when it is left blank"
                .to_string(),
        );
    }
    Ok(fact)
}

fn choices(values: &Mapping) -> Result<Vec<Choice>, String> {
    let mut out = Vec::new();
    for (k, v) in values {
        let value = match k {
            Yaml::String(s) => s.clone(),
            Yaml::Bool(_) => {
                return Err("enum values must be words; quote `yes`/`no`/`true`/`false`".to_string())
            }
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || value.is_empty() {
            return Err(format!(
                "enum value `{value}` must be a word of letters, digits and `_`"
            ));
        }
        let label = v
            .as_str()
            .ok_or_else(|| format!("enum value `{value}` needs a Chinese label as text"))?;
        out.push(Choice {
            value,
            label: label.to_string(),
        });
    }
    if out.is_empty() {
        return Err("an enum fact needs at least one value".to_string());
    }
    Ok(out)
}
