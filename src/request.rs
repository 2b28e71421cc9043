//! One request, from input text to checklist: the path `render`, `batch` and tests share.

use crate::applicant::{parse_input, policy_of, Applicant, InputError, RawInput};
use crate::engine::{evaluate, evaluate_traced, Options};
use crate::explain::Trace;
use crate::policy::{Library, Policy};
use crate::Checklist;
use chrono::NaiveDate;

/// Why a request gave no checklist.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{origin}: no policy given; add `policy: <id>` to the input or pass --policy (available: {available})")]
    NoPolicy { origin: String, available: String },
    #[error("{origin}: {message}")]
    Policy { origin: String, message: String },
}

/// The policy id to use, and where it came from (for messages).
fn policy_choice(
    lib: &Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
) -> Result<(String, String), RequestError> {
    Ok(match (policy, policy_of(raw)) {
        (Some(p), _) => (p.to_string(), "--policy".to_string()),
        (None, Some(p)) => (p, format!("{origin}: field `policy`")),
        (None, None) => {
            return Err(RequestError::NoPolicy {
                origin: origin.to_string(),
                available: lib
                    .policies()
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
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
    let (policy, applicant) = prepare(lib, raw, origin, policy, as_of)?;
    Ok(evaluate(policy, &applicant, as_of, opts))
}

/// The policy version in force on `as_of` and the applicant checked against it.
fn prepare<'a>(
    lib: &'a Library,
    raw: &RawInput,
    origin: &str,
    policy: Option<&str>,
    as_of: NaiveDate,
) -> Result<(&'a Policy, Applicant), RequestError> {
    let (id, id_origin) = policy_choice(lib, raw, origin, policy)?;
    let policy = lib
        .get_on(&id, as_of)
        .map_err(|message| RequestError::Policy {
            origin: id_origin,
            message,
        })?;
    let applicant = Applicant::from_input(raw, policy, lib, origin)?;
    if let Some(birth) = applicant.birth_date.filter(|b| *b > as_of) {
        let field = if raw.iter().any(|(k, _)| k == "birth_date") {
            "birth_date"
        } else {
            "id_number"
        };
        return Err(RequestError::Input(InputError {
            origin: origin.to_string(),
            problems: vec![crate::applicant::FieldProblem {
                field: field.to_string(),
                message: format!(
                    "the birth date {} is after {}, the date of the checklist",
                    birth.format("%Y-%m-%d"),
                    as_of.format("%Y-%m-%d")
                ),
            }],
        }));
    }
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
    let (policy, applicant) = prepare(lib, &raw, origin, policy, as_of)?;
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
