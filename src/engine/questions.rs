//! The applicant's answers and the questions they lead to, once for every way of asking
//! (the web form, the interview):
//!
//! - a strict reading of answers into an [`Applicant`], for a checklist, and a partial one
//!   for answers still being given, which keeps every problem beside its field; both
//!   convert and check each value the same way ([`read_value`]);
//! - the ordered list of questions a policy asks given the answers so far ([`asked`]):
//!   the name, the birth date when age matters, the facts that can still change the
//!   checklist (a question that can rule another out first), and last the facts that fill
//!   in a form the checklist will print (委托书, 亲属关系承诺书). A question left unanswered
//!   counts as its default, or as unknown.

use crate::engine::relevance::{open_facts, relevant};
use crate::model::answer::convert_opt;
use crate::model::applicant::{Applicant, FieldProblem, InputError, RawInput};
use crate::model::expr::Env;
use crate::model::fact::{Fact, FactType, Value};
use crate::model::forms::FORMS;
use crate::model::idnumber;
use crate::model::policy::{Library, Policy};
use crate::msg;
use chrono::NaiveDate;
use serde_yaml::Value as Yaml;
use std::collections::BTreeMap;

/// Reads every answer strictly, as a checklist needs them: unknown keys, missing required
/// facts and bad values are errors; a birth date (given, or from the ID number) after
/// `as_of` is refused.
pub fn read_strict(
    raw: &RawInput,
    policy: &Policy,
    library: &Library,
    origin: &str,
    as_of: NaiveDate,
) -> Result<Applicant, InputError> {
    let mut applicant = Applicant::from_input(raw, policy, library, origin)?;
    if let Some(birth) = applicant.birth_date.filter(|b| *b > as_of) {
        let field = if raw.iter().any(|(k, _)| k == "birth_date") {
            "birth_date"
        } else {
            "id_number"
        };
        let mut p = FieldProblem::new(field, birth_after(field, birth, as_of));
        if let Some(f) = policy.facts.iter().find(|f| f.key == field) {
            p.name_from(f);
        }
        return Err(InputError {
            origin: origin.to_string(),
            problems: vec![p],
        });
    }
    crate::engine::decide::defaults::settle(policy, &mut applicant, as_of);
    Ok(applicant)
}

/// A birth date after the day of the checklist: said of the birth date itself, or of the
/// ID number it was read from.
fn birth_after(field: &str, birth: NaiveDate, as_of: NaiveDate) -> crate::util::i18n::Msg {
    if field == "birth_date" {
        msg!("date-after-as-of", given = birth, as_of = as_of)
    } else {
        msg!("value-birth-after-date", birth = birth, date = as_of)
    }
}

/// Reads one answer to a fact as the input files are read: converted by the fact's type,
/// ID numbers checked (GB 11643) and normalised, a birth date not after `as_of`.
/// `Ok(None)` for an empty answer.
pub fn read_value(
    fact: &Fact,
    raw: &Yaml,
    as_of: NaiveDate,
) -> Result<Option<Value>, FieldProblem> {
    let named = |m| {
        let mut p = FieldProblem::new(&fact.key, m);
        p.name_from(fact);
        p
    };
    let value = convert_opt(fact, raw).map_err(named)?;
    match (fact.key.as_str(), value) {
        (key @ ("id_number" | "trustee_id_number"), Some(Value::Text(id))) => {
            let (norm, birth) = idnumber::read(&id).map_err(named)?;
            if let Some(birth) = birth.filter(|b| key == "id_number" && *b > as_of) {
                return Err(named(birth_after(key, birth, as_of)));
            }
            Ok(Some(Value::Text(norm)))
        }
        ("birth_date", Some(Value::Date(d))) if d > as_of => {
            Err(named(birth_after("birth_date", d, as_of)))
        }
        (_, v) => Ok(v),
    }
}

/// Answers read as far as they go: the valid ones as an applicant, the bad ones as
/// problems beside their fields. Never fails.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The valid answers, with the policy's defaults for facts not given (as the strict
    /// reading takes them), the birth date from the ID number when not given.
    pub applicant: Applicant,
    /// Keys given a non-empty value (valid or not).
    pub given: Vec<String>,
    /// Values that could not be read, by field: the messages the strict reading gives.
    pub problems: Vec<FieldProblem>,
    /// The day the answers are judged for.
    pub as_of: NaiveDate,
}

impl Reading {
    /// Reads the answers given for a policy on a date; keys the policy does not know are
    /// left for the strict reading to refuse.
    pub fn partial(policy: &Policy, raw: &RawInput, as_of: NaiveDate) -> Reading {
        let mut values = BTreeMap::new();
        let mut given = Vec::new();
        let mut problems = Vec::new();
        for f in policy.facts.iter().filter(|f| !f.derived) {
            let Some((_, raw)) = raw.iter().find(|(k, _)| *k == f.key) else {
                continue;
            };
            if convert_opt(f, raw).map_or(true, |v| v.is_some()) {
                given.push(f.key.clone());
            }
            match read_value(f, raw, as_of) {
                Ok(Some(v)) => {
                    values.insert(f.key.clone(), v);
                }
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
        let given_birth = match values.get("birth_date") {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        let id_number = match values.get("id_number") {
            Some(Value::Text(id)) => Some(id.clone()),
            _ => None,
        };
        let id_birth = id_number
            .as_deref()
            .and_then(|id| idnumber::validate(id).ok())
            .map(|(_, b)| b);
        if let (Some(a), Some(b)) = (id_birth, given_birth) {
            if a != b {
                let mut p = FieldProblem::new(
                    "birth_date",
                    msg!("birth-date-mismatch", given = b, from_id = a),
                );
                if let Some(f) = policy.facts.iter().find(|f| f.key == "birth_date") {
                    p.name_from(f);
                }
                problems.push(p);
            }
        }
        let birth_date = given_birth.or(id_birth);
        if let Some(b) = birth_date {
            values.insert("birth_date".to_string(), Value::Date(b));
        }
        let mut assumed = Vec::new();
        for f in policy.asked_facts() {
            if let (false, Some(d)) = (
                values.contains_key(&f.key) || given.contains(&f.key),
                &f.default,
            ) {
                values.insert(f.key.clone(), d.clone());
                assumed.push(f.key.clone());
            }
        }
        let name = match values.get("name") {
            Some(Value::Text(n)) => Some(n.clone()),
            _ => None,
        };
        let mut applicant = Applicant {
            name,
            id_number,
            birth_date,
            values,
            ignored: Vec::new(),
            ignored_labels: Vec::new(),
            assumed,
        };
        crate::engine::decide::defaults::settle(policy, &mut applicant, as_of);
        Reading {
            applicant,
            given,
            problems,
            as_of,
        }
    }

    /// Whether a key was given a non-empty value.
    pub fn is_given(&self, key: &str) -> bool {
        self.given.iter().any(|k| k == key)
    }

    /// The answer a person gives to a fact's question: the valid value given, or (for a
    /// question left unanswered) the fact's default; `None` is unknown.
    fn answer(&self, fact: &Fact) -> Option<Value> {
        if self.is_given(&fact.key) {
            self.applicant.values.get(&fact.key).cloned()
        } else {
            fact.default.clone()
        }
    }
}

/// The facts answered so far as the conditions see them: `as_of`, and `age` from the
/// birth date (or the ID number).
pub fn env_of(answers: impl IntoIterator<Item = (String, Value)>, as_of: NaiveDate) -> Env {
    let mut env: Env = answers.into_iter().collect();
    env.insert("as_of".to_string(), Value::Date(as_of));
    let birth = match (env.get("birth_date"), env.get("id_number")) {
        (Some(Value::Date(d)), _) => Some(*d),
        (_, Some(Value::Text(id))) => idnumber::validate(id).ok().map(|(_, b)| b),
        _ => None,
    };
    if let Some(b) = birth {
        env.insert(
            "age".to_string(),
            Value::Integer(crate::model::applicant::age_on(b, as_of)),
        );
    }
    env
}

/// The next question to ask, given the answers so far (`env`, see [`env_of`]) and the
/// keys already asked (`id_number` stands for `birth_date`): the name first, the birth
/// date when age matters, then the policy's facts that can still change the checklist,
/// then the facts of the forms the checklist will print; `None` when nothing is left.
pub fn next<'p>(policy: &'p Policy, env: &Env, asked: &[&str]) -> Option<&'p Fact> {
    let has = |k: &str| asked.contains(&k);
    let fact = |k: &str| policy.facts.iter().find(|f| f.key == k);
    if !has("name") {
        if let Some(f) = fact("name") {
            return Some(f);
        }
    }
    let open = open_facts(policy, env);
    if open.contains("birth_date") && !has("birth_date") && !has("id_number") {
        if let Some(f) = fact("birth_date") {
            return Some(f);
        }
    }
    let open: Vec<&'p Fact> = relevant(policy, env)
        .into_iter()
        .filter(|f| !has(&f.key))
        .collect();
    if let Some(f) = first_ungated(policy, env, &open) {
        return Some(f);
    }
    form_fact(policy, env, &has)
}

/// The first form fact not asked yet whose form will be printed. Facts not asked take
/// their defaults, as in the checklist.
fn form_fact<'p>(policy: &'p Policy, env: &Env, has: &dyn Fn(&str) -> bool) -> Option<&'p Fact> {
    let mut env = env.clone();
    for f in policy.asked_facts() {
        if let (false, Some(d)) = (env.contains_key(&f.key), &f.default) {
            env.insert(f.key.clone(), d.clone());
        }
    }
    let printed = |doc: &str| {
        policy.rules.iter().any(|r| {
            r.when.as_ref().is_none_or(|w| w.eval(&env) == Some(true))
                && r.items.iter().any(|s| s.docs.iter().any(|d| d == doc))
        })
    };
    let wanted: Vec<&str> = FORMS
        .iter()
        .filter(|form| printed(form.document))
        .flat_map(|form| form.facts.iter().copied())
        .collect();
    policy
        .asked_facts()
        .find(|f| f.form && !has(&f.key) && wanted.contains(&f.key.as_str()))
}

/// The first of `open` (in the policy's order) that no other open fact can make
/// unnecessary: a question whose answer may rule another one out comes before it (the
/// Shanghai permit asks whether the address changed before asking about housing). When
/// every fact is ruled out by another (a cycle), the first in the policy's order.
fn first_ungated<'p>(policy: &'p Policy, env: &Env, open: &[&'p Fact]) -> Option<&'p Fact> {
    if open.len() <= 1 {
        return open.first().copied();
    }
    // For each open fact, the other open facts that some answer to it makes unnecessary.
    let rules_out: Vec<Vec<&str>> = open
        .iter()
        .map(|f| {
            let mut out: Vec<&str> = Vec::new();
            for v in sample_values(f) {
                let mut e = env.clone();
                e.insert(f.key.clone(), v);
                let still = relevant(policy, &e);
                for g in open {
                    let gone = g.key != f.key && !still.iter().any(|s| s.key == g.key);
                    if gone && !out.contains(&g.key.as_str()) {
                        out.push(&g.key);
                    }
                }
            }
            out
        })
        .collect();
    let gated = |i: usize| {
        let key = open[i].key.as_str();
        (0..open.len()).any(|j| {
            j != i && rules_out[j].contains(&key) && !rules_out[i].contains(&open[j].key.as_str())
        })
    };
    (0..open.len())
        .find(|i| !gated(*i))
        .map(|i| open[i])
        .or_else(|| open.first().copied())
}

/// Every answer a yes/no or menu fact can take (none for dates, numbers and text).
fn sample_values(fact: &Fact) -> Vec<Value> {
    match &fact.ty {
        FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactType::Enum(c) => c.iter().map(|c| Value::Text(c.value.clone())).collect(),
        _ => Vec::new(),
    }
}

/// The questions a person with these answers is asked, in order: the interview's list.
/// A question left unanswered is taken as its default (the interview's preselected
/// choice) or as unknown (跳过), and the questions go on from there.
pub fn asked<'p>(policy: &'p Policy, reading: &Reading) -> Vec<&'p Fact> {
    let mut asked: Vec<&'p Fact> = Vec::new();
    let mut answers: Vec<(String, Value)> = Vec::new();
    loop {
        let keys: Vec<&str> = asked.iter().map(|f| f.key.as_str()).collect();
        let Some(f) = next(policy, &env_of(answers.clone(), reading.as_of), &keys) else {
            break;
        };
        asked.push(f);
        let answer = if f.key == "birth_date" {
            reading.applicant.birth_date.map(Value::Date)
        } else {
            reading.answer(f)
        };
        if let Some(v) = answer {
            answers.push((f.key.clone(), v));
        }
    }
    asked
}

/// The policy's questions a form shows for these answers: those asked (see [`asked`]),
/// then any other question already given a value, so that nothing typed is hidden. The
/// person's name, ID number and birth date are not among them: a form always asks those.
pub fn shown<'p>(policy: &'p Policy, reading: &Reading) -> Vec<&'p Fact> {
    let mut out: Vec<&'p Fact> = asked(policy, reading)
        .into_iter()
        .filter(|f| !f.builtin)
        .collect();
    for f in policy.asked_facts() {
        if reading.is_given(&f.key) && !out.iter().any(|o| o.key == f.key) {
            out.push(f);
        }
    }
    out
}

// The form's reading needs the web server's form parser.
#[cfg(all(test, feature = "serve"))]
mod tests;
