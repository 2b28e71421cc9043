//! One plan request, from input text to a plan with a checklist for every step: the path
//! `doclist plan`, the web page and the tests share.

use crate::engine::plan::{walk, End};
use crate::engine::Options;
use crate::frontend::request::{checklist_under_rules, RequestError};
use crate::model::applicant::{parse_input, policy_of, RawInput};
use crate::model::fact::Value;
use crate::model::plan::Plan;
use crate::model::policy::path::Path;
use crate::model::policy::Library;
use crate::msg;
use crate::util::i18n::Lang;
use chrono::NaiveDate;
use serde_yaml::Value as Yaml;

/// An input's text under `key`, trimmed; None when missing or blank.
fn text(raw: &RawInput, key: &str) -> Option<String> {
    raw.iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The city of an input: its `city` (an id such as `shanghai`, or the city's name 上海市),
/// or the city of its `policy`.
fn city_of(lib: &Library, raw: &RawInput) -> Option<String> {
    if let Some(city) = text(raw, "city") {
        return Some(lib.path_named(&city).map_or(city, |p| p.city.clone()));
    }
    let policy = text(raw, "policy")?;
    let id = lib.id_named(&policy).to_string();
    id.split_once('/').map(|(city, _)| city.to_string())
}

/// The path of the input's city, or why there is none.
fn path_for<'a>(lib: &'a Library, raw: &RawInput, origin: &str) -> Result<&'a Path, RequestError> {
    let cities: Vec<String> = lib
        .paths()
        .map(|p| format!("{}（{}）", p.city, p.city_name))
        .collect();
    // The field that named the city, as `city_of` reads them: `city` unless only
    // `policy` was given.
    let origin = if text(raw, "city").is_none() && text(raw, "policy").is_some() {
        msg!("policy-given", origin = origin)
    } else {
        msg!("city-given", origin = origin)
    };
    let Some(city) = city_of(lib, raw) else {
        return Err(RequestError::Policy {
            origin,
            message: msg!("plan-no-city", available = cities),
        });
    };
    lib.path(&city).ok_or_else(|| RequestError::Policy {
        origin,
        message: msg!("plan-unknown-city", city = &city, available = cities),
    })
}

/// The input without the keys that choose the city, with what the procedure it names
/// says of the person where the input does not say it (`residence-permit`: registered).
fn answers_only(lib: &Library, path: &Path, raw: &RawInput) -> RawInput {
    let mut out: RawInput = raw
        .iter()
        .filter(|(k, _)| k != "city" && k != "policy")
        .cloned()
        .collect();
    let procedure = policy_of(raw).map(|p| lib.id_named(&p).to_string());
    let implied = path
        .implied
        .iter()
        .find(|(id, _)| Some(id) == procedure.as_ref());
    for (key, value) in implied
        .map(|(_, given)| given.as_slice())
        .unwrap_or_default()
    {
        let blank = out
            .iter()
            .find(|(k, _)| k == key)
            .is_none_or(|(_, v)| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()));
        if blank {
            out.retain(|(k, _)| k != key);
            out.push((key.clone(), as_yaml(value)));
        }
    }
    out
}

/// An answer as input text gives it.
fn as_yaml(v: &Value) -> Yaml {
    match v {
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Integer(n) => Yaml::Number((*n).into()),
        Value::Date(d) => Yaml::String(d.format("%Y-%m-%d").to_string()),
        Value::Text(t) => Yaml::String(t.clone()),
    }
}

/// The steps and days of the plan for already-parsed input, without the steps'
/// checklists (a sheet's next steps), and the answers they are made with.
pub fn route_from_raw(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    as_of: NaiveDate,
) -> Result<(Plan, End, RawInput), RequestError> {
    let path = path_for(lib, raw, origin)?;
    let answers = answers_only(lib, path, raw);
    let applicant =
        crate::engine::questions::read_strict(&answers, &path.terms, lib, origin, as_of)?;
    let (plan, end) = walk(path, lib, &applicant, as_of);
    Ok((plan, end, answers))
}

/// The plan for already-parsed input, each step with its checklist, and how its walk
/// ended.
pub fn plan_from_raw(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    as_of: NaiveDate,
    opts: Options,
) -> Result<(Plan, End), RequestError> {
    let (mut plan, end, answers) = route_from_raw(lib, raw, origin, as_of)?;
    for step in &mut plan.steps {
        let mut input = answers.clone();
        for (key, value) in &step.answers {
            input.retain(|(k, _)| k != key);
            input.push((key.clone(), as_yaml(value)));
        }
        let day = step.date.unwrap_or(as_of);
        match checklist_under_rules(lib, &input, origin, Some(&step.procedure), day, day, opts) {
            Ok(c) => step.checklist = Some(c),
            Err(e) => step.error = Some(e.text(Lang::Zh)),
        }
    }
    Ok((plan, end))
}

/// Parses input text (YAML or JSON) and builds its plan.
pub fn plan_from_text(
    lib: &Library,
    text: &str,
    origin: &str,
    as_of: NaiveDate,
    opts: Options,
) -> Result<Plan, RequestError> {
    let raw = parse_input(text, origin)?;
    plan_from_raw(lib, &raw, origin, as_of, opts).map(|(plan, _)| plan)
}
