//! One request, from input text to checklist: the path `render`, `batch` and tests share.

use crate::engine::explain::Trace;
use crate::engine::{evaluate, evaluate_traced, Options};
use crate::model::applicant::{parse_input, policy_of, Applicant, InputError, RawInput};
use crate::model::policy::{Library, Policy};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use crate::Checklist;
use chrono::NaiveDate;

/// Why a request gave no checklist.
#[derive(Debug)]
pub enum RequestError {
    Input(InputError),
    NoPolicy {
        origin: String,
        available: Vec<String>,
    },
    /// The policy named is unknown, or has no version in force on the day.
    Policy {
        /// Where the policy was named.
        origin: Msg,
        message: Msg,
    },
}

impl From<InputError> for RequestError {
    fn from(e: InputError) -> Self {
        RequestError::Input(e)
    }
}

impl RequestError {
    /// What went wrong, in words.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            RequestError::Input(e) => e.text(lang),
            RequestError::NoPolicy { origin, available } => {
                msg!("no-policy", origin = origin, available = available.clone()).text(lang)
            }
            RequestError::Policy { origin, message } => msg!(
                "policy-error",
                origin = origin.clone(),
                message = message.clone()
            )
            .text(lang),
        }
    }
}

/// English, for logs; [`RequestError::text`] in the reader's language.
impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for RequestError {}

/// The policy id to use, and where it came from (for messages).
fn policy_choice(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
) -> Result<(String, Msg), RequestError> {
    Ok(match (policy, policy_of(raw)) {
        (Some(p), _) => (p.to_string(), msg!("option-policy")),
        (None, Some(p)) => (
            lib.id_named(&p).to_string(),
            msg!("policy-given", origin = origin),
        ),
        (None, None) => {
            return Err(RequestError::NoPolicy {
                origin: origin.to_string(),
                available: lib.ids(),
            })
        }
    })
}

/// Builds the checklist for already-parsed input. `policy` overrides the input's own.
pub fn checklist_from_raw(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
    as_of: NaiveDate,
    opts: Options,
) -> Result<Checklist, RequestError> {
    checklist_under_rules(lib, raw, origin, policy, as_of, as_of, opts)
}

/// Like [`checklist_from_raw`] with the policy version in force on `rules_on`, whatever
/// `as_of` is: the same situation under the rules of another day (`doclist diff`).
pub fn checklist_under_rules(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
    rules_on: NaiveDate,
    as_of: NaiveDate,
    opts: Options,
) -> Result<Checklist, RequestError> {
    let (policy, applicant) = prepare(lib, raw, origin, policy, rules_on, as_of)?;
    let mut checklist = evaluate(policy, &applicant, as_of, opts);
    if checklist.eligible == Some(false) {
        checklist.first = first_step(lib, raw, origin, as_of, &checklist);
    }
    Ok(checklist)
}

/// The first step of the person's path, from the same answers, when it is another
/// procedure than the checklist's: what must come first for a checklist that cannot go
/// ahead (a lapsed registration before the permit). None when the city has no path, or
/// the answers do not decide the first step.
fn first_step(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    as_of: NaiveDate,
    c: &Checklist,
) -> Option<crate::model::checklist::FirstStep> {
    let mut input: RawInput = raw.iter().filter(|(k, _)| k != "policy").cloned().collect();
    input.push((
        "policy".to_string(),
        serde_yaml::Value::String(c.policy.id.clone()),
    ));
    let (plan, _, _) = crate::frontend::plan::route_from_raw(lib, &input, origin, as_of).ok()?;
    let first = plan.steps.first()?;
    (first.procedure != c.policy.id).then(|| crate::model::checklist::FirstStep {
        procedure: first.procedure.clone(),
        title: first.title.clone(),
        date: first.date,
        because: first.because.clone(),
    })
}

/// The policy version in force on `as_of` and the applicant checked against it.
fn prepare<'a>(
    lib: &'a Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
    rules_on: NaiveDate,
    as_of: NaiveDate,
) -> Result<(&'a Policy, Applicant), RequestError> {
    let (id, id_origin) = policy_choice(lib, raw, origin, policy)?;
    let policy = lib
        .get_on(&id, rules_on)
        .map_err(|message| RequestError::Policy {
            origin: id_origin,
            message,
        })?;
    let applicant = crate::engine::questions::read_strict(raw, policy, lib, origin, as_of)?;
    Ok((policy, applicant))
}

/// Like [`checklist_from_raw`], also returning the trace of every rule and check
/// (for `doclist explain`).
pub fn traced_from_text(
    lib: &Library,
    text: &str,
    origin: &str,
    policy: Option<&str>,
    as_of: NaiveDate,
    opts: Options,
) -> Result<(Checklist, Trace), RequestError> {
    let raw = parse_input(text, origin)?;
    let (policy, applicant) = prepare(lib, &raw, origin, policy, as_of, as_of)?;
    Ok(evaluate_traced(policy, &applicant, as_of, opts))
}

/// Parses input text (YAML or JSON) and builds its checklist.
pub fn checklist_from_text(
    lib: &Library,
    text: &str,
    origin: &str,
    policy: Option<&str>,
    as_of: NaiveDate,
    opts: Options,
) -> Result<Checklist, RequestError> {
    let raw = parse_input(text, origin)?;
    checklist_from_raw(lib, &raw, origin, policy, as_of, opts)
}
