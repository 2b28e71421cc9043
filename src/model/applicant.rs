//! The applicant's situation: read from YAML or JSON, checked against a policy's facts.

use crate::model::answer::{convert_opt, yaml_text};
use crate::model::expr::Env;
use crate::model::fact::{Fact, Value};
use crate::model::idnumber;
use crate::model::policy::{Library, Policy};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use crate::util::input_text;
use chrono::{Datelike, NaiveDate};
use serde_yaml::{Mapping, Value as Yaml};
use std::collections::BTreeMap;
use std::fmt;

/// One thing wrong with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The key, or empty for the input as a whole.
    pub field: String,
    /// The field's Chinese and English names, when known (else the key stands for both).
    pub label: Option<(String, String)>,
    /// What was wrong, not yet in words; its id is the stable code for programs.
    pub msg: Msg,
}

impl FieldProblem {
    /// A problem with a field, named by its key until [`FieldProblem::named`] says more.
    pub fn new(field: &str, msg: Msg) -> FieldProblem {
        FieldProblem {
            field: field.to_string(),
            label: None,
            msg,
        }
    }

    /// A problem with the input as a whole.
    pub fn whole(msg: Msg) -> FieldProblem {
        FieldProblem::new("", msg)
    }

    /// The same problem with the field's names.
    pub fn named(mut self, zh: &str, en: &str) -> FieldProblem {
        self.label = Some((zh.to_string(), en.to_string()));
        self
    }

    /// Names the field after a fact's labels, if it has none yet.
    pub fn name_from(&mut self, fact: &Fact) {
        if self.label.is_none() {
            let en = fact.label_en.clone().unwrap_or_else(|| fact.key.clone());
            self.label = Some((fact.label.clone(), en));
        }
    }

    /// The stable code of the problem, for programs: the message id.
    pub fn code(&self) -> &'static str {
        self.msg.id
    }

    /// What was wrong, in words, naming the field by its label.
    pub fn message(&self, lang: Lang) -> String {
        let label = match (&self.label, lang) {
            (Some((zh, _)), Lang::Zh) => zh.clone(),
            (Some((_, en)), Lang::En) => en.clone(),
            (None, _) => self.field.clone(),
        };
        let mut m = self.msg.clone();
        if !m.has("label") {
            m.set("label", label);
        }
        if !m.has("field") {
            m.set("field", self.field.as_str());
        }
        m.text(lang)
    }
}

/// Bad input: the file (or row) and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, `<stdin>`, or a row of a sheet.
    pub origin: String,
    pub problems: Vec<FieldProblem>,
}

impl InputError {
    fn whole(origin: &str, msg: Msg) -> Self {
        InputError {
            origin: origin.to_string(),
            problems: vec![FieldProblem::whole(msg)],
        }
    }

    /// The file (or row) and every problem, in words.
    pub fn text(&self, lang: Lang) -> String {
        let origin = self.origin.as_str();
        match self.problems.as_slice() {
            [one] if one.field.is_empty() => {
                msg!("input-error", origin = origin, message = one.message(lang)).text(lang)
            }
            [one] => msg!(
                "input-error-field",
                origin = origin,
                field = &one.field,
                message = one.message(lang)
            )
            .text(lang),
            many => {
                let mut out =
                    msg!("input-error-many", origin = origin, count = many.len()).text(lang);
                for p in many {
                    out.push_str("\n  - ");
                    if p.field.is_empty() {
                        out.push_str(&p.message(lang));
                    } else {
                        out.push_str(
                            &msg!(
                                "input-error-item-field",
                                field = &p.field,
                                message = p.message(lang)
                            )
                            .text(lang),
                        );
                    }
                }
                out
            }
        }
    }
}

/// English, for logs; [`InputError::text`] in the reader's language.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for InputError {}

/// The raw key/value pairs of an input, in the order written.
pub type RawInput = Vec<(String, Yaml)>;

/// Parses an input text (YAML, or JSON when it starts with `{`) into key/value pairs.
/// A byte-order mark is dropped; nesting deeper than [`input_text::MAX_DEPTH`], a key
/// given twice and YAML tags (`!tag`) are refused.
pub fn parse_input(text: &str, origin: &str) -> Result<RawInput, InputError> {
    let text = input_text::without_bom(text);
    input_text::check_depth(text).map_err(|e| {
        InputError::whole(
            origin,
            msg!("input-too-deep", line = e.line, max = input_text::MAX_DEPTH),
        )
    })?;
    let value: Yaml = if text.trim_start().starts_with('{') {
        serde_json::from_str::<strict_json::Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
                InputError::whole(
                    origin,
                    msg!(
                        "input-not-json",
                        line = e.line(),
                        column = e.column(),
                        detail = e.to_string()
                    ),
                )
            })?
    } else {
        if let Some((_, tag)) = input_text::first_tag(text) {
            return Err(InputError::whole(
                origin,
                msg!("input-yaml-tag", tag = tag.as_str()),
            ));
        }
        serde_yaml::from_str(text).map_err(|e| {
            let m = match e.location() {
                Some(l) => msg!(
                    "input-not-yaml-at",
                    line = l.line(),
                    column = l.column(),
                    detail = e.to_string()
                ),
                None => msg!("input-not-yaml", detail = e.to_string()),
            };
            InputError::whole(origin, m)
        })?
    };
    let map: Mapping = match value {
        Yaml::Mapping(m) => m,
        Yaml::Null => Mapping::new(),
        _ => return Err(InputError::whole(origin, msg!("input-not-mapping"))),
    };
    map.into_iter()
        .map(|(k, v)| match k {
            Yaml::String(s) => Ok((s, v)),
            other => Err(InputError::whole(
                origin,
                msg!("input-key-not-text", key = yaml_text(&other)),
            )),
        })
        .collect()
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
    /// Their labels, for telling the person which answers did not matter here.
    pub ignored_labels: Vec<String>,
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
        let mut ignored_labels = Vec::new();
        let mut problem = |field: &str, msg: Msg| problems.push(FieldProblem::new(field, msg));
        for (key, raw_value) in raw {
            if key == "policy" {
                continue;
            }
            let fact = policy.facts.iter().find(|f| &f.key == key);
            match fact {
                Some(f) if f.derived => {
                    problem(key, msg!("derived-field", how = derived_hint(key)))
                }
                Some(f) => match convert_opt(f, raw_value)
                    .or_else(|e| labelled_elsewhere(library, f, raw_value).ok_or(e))
                {
                    Ok(Some(v)) => {
                        values.insert(key.clone(), v);
                    }
                    Ok(None) => {}
                    Err(e) => problem(key, e),
                },
                None if library.any_fact(key).is_some() => {
                    ignored.push(key.clone());
                    if let Some(f) = library.any_fact(key) {
                        ignored_labels.push(f.label.clone());
                    }
                }
                None => problem(key, unknown_field(key, policy)),
            }
        }
        let (id_number, id_birth) = check_ids(&mut values, &mut problem);
        let given_birth = match values.get("birth_date") {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        if let (Some(a), Some(b)) = (id_birth, given_birth) {
            if a != b {
                problem(
                    "birth_date",
                    msg!("birth-date-mismatch", given = b, from_id = a),
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
                    problem(&f.key, msg!("required", question = &f.question));
                }
            }
        }
        if !problems.is_empty() {
            for p in &mut problems {
                let fact = policy.facts.iter().find(|f| f.key == p.field);
                if let Some(f) = fact.or_else(|| library.any_fact(&p.field)) {
                    p.name_from(f);
                }
            }
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
            ignored_labels,
            assumed,
        })
    }

    /// Age in whole years on a date.
    pub fn age_on(&self, as_of: NaiveDate) -> Option<i64> {
        self.birth_date.map(|b| age_on(b, as_of))
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

fn derived_hint(key: &str) -> Msg {
    match key {
        "as_of" => msg!("derived-how-as-of"),
        "age" => msg!("derived-how-age"),
        _ => msg!("derived-how-date"),
    }
}

mod strict_json;

/// The value an enum answer names in another policy's words: a sheet made for several
/// policies offers every policy's labels, and each row is read by its own policy.
fn labelled_elsewhere(library: &Library, fact: &Fact, raw: &Yaml) -> Option<Option<Value>> {
    let value = library.value_labelled(&fact.key, yaml_text(raw).trim())?;
    fact.choices()
        .iter()
        .any(|c| c.value == value)
        .then(|| Some(Value::Text(value.to_string())))
}

/// A key the policy does not ask, with a did-you-mean and the keys it does.
fn unknown_field(key: &str, policy: &Policy) -> Msg {
    let mut keys: Vec<&str> = policy.asked_facts().map(|f| f.key.as_str()).collect();
    keys.extend(["name", "id_number", "birth_date", "policy"]);
    let hint = crate::util::suggest::hint(key, keys.iter().copied());
    keys.sort_unstable();
    msg!(
        "unknown-field",
        hint = hint,
        policy = &policy.id,
        keys = keys.iter().map(|k| k.to_string()).collect::<Vec<_>>()
    )
}

/// Checks the applicant's ID number (its normal form and the birth date in it) and the
/// trustee's, which is kept normalised.
fn check_ids(
    values: &mut BTreeMap<String, Value>,
    problem: &mut impl FnMut(&str, Msg),
) -> (Option<String>, Option<NaiveDate>) {
    let mut id_number = None;
    let mut id_birth = None;
    if let Some(Value::Text(id)) = values.get("id_number") {
        match idnumber::read(id) {
            Ok((norm, birth)) => {
                id_number = Some(norm);
                id_birth = birth;
            }
            Err(e) => problem("id_number", e),
        }
    }
    if let Some(Value::Text(id)) = values.get("trustee_id_number") {
        match idnumber::read(id) {
            Ok((norm, _)) => {
                values.insert("trustee_id_number".to_string(), Value::Text(norm));
            }
            Err(e) => problem("trustee_id_number", e),
        }
    }
    (id_number, id_birth)
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i64 {
    let mut age = i64::from(on.year() - birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::answer::{check_text, parse_date};

    #[test]
    fn text_must_be_short_and_visible() {
        assert!(check_text("张三").is_ok());
        assert!(check_text("Zhāng Sān-O'Brien").is_ok());
        assert!(check_text(&"张".repeat(100)).is_ok());
        let long = FieldProblem::new("name", check_text(&"张".repeat(101)).unwrap_err());
        assert!(long.message(Lang::En).contains("101 characters"));
        assert!(long.message(Lang::Zh).contains("101 个字符"));
        for (s, kind) in [
            ("张\u{7}三", "control"),
            ("张\u{1b}[31m", "control"),
            ("\u{202e}三张", "direction"),
            ("张\u{200b}三", "zero-width"),
            ("张\u{e000}", "private-use"),
            ("张\u{2028}三", "separator"),
        ] {
            let e = FieldProblem::new("name", check_text(s).unwrap_err()).message(Lang::En);
            assert!(e.contains(kind), "{s:?}: {e}");
            assert!(!e.contains(s), "{e}");
        }
    }

    #[test]
    fn dates_are_real() {
        assert!(parse_date("2024-02-29").is_ok());
        let unreal = FieldProblem::new("birth_date", parse_date("2023-02-29").unwrap_err())
            .named("出生日期", "Birth date");
        assert_eq!(
            unreal.message(Lang::Zh),
            "出生日期“2023-02-29”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD"
        );
        assert!(unreal.message(Lang::En).contains("is not a real date"));
        assert!(parse_date("2023/03/01").is_ok());
        // The ways people write a date where a page reads text.
        let day = NaiveDate::from_ymd_opt(1956, 3, 1);
        for text in ["19560301", "1956.3.1", "1956年3月1日", "1956-03-01"] {
            assert_eq!(parse_date(text).ok(), day, "{text}");
        }
        assert_eq!(parse_date("1956031").unwrap_err().id, "value-date-shape");
        assert_eq!(
            parse_date("60301-01-01").unwrap_err().id,
            "value-date-shape"
        );
        assert_eq!(parse_date("1 March").unwrap_err().id, "value-date-shape");
    }
}
