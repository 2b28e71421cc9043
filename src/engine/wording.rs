//! A line's words for one applicant: `{key}` filled in with the answers and the dates
//! computed from them, or the line's `if_unknown` wording when a value it names is not known.

use crate::engine::decide::Answers;
use crate::model::expr::{Env, Expr, FactTable};

/// A line's text with `{key}` filled in: its `if_unknown` wording when a value it names
/// is not known (with `{missing}` as the labels of what would tell it), and without one
/// each unknown value named by its label.
pub(super) fn words(
    text: &str,
    if_unknown: Option<&str>,
    open: &[String],
    answers: &Answers<'_>,
) -> String {
    match if_unknown {
        Some(t) if !fills(text, answers.env()) => {
            let missing = missing_labels(text, open, answers);
            fill(&t.replace(MISSING, &missing), answers)
        }
        _ => fill(text, answers),
    }
}

/// The placeholder of an `if_unknown` text that names the facts still missing.
const MISSING: &str = "{missing}";

/// The `{key}`s a text names.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(key, _)| key))
}

/// Whether every `{key}` of a text has a value.
fn fills(text: &str, env: &Env) -> bool {
    placeholders(text).all(|k| env.contains_key(k))
}

/// The labels of the facts a line still waits for, "居住登记日期、持人才居住证": those that
/// decide its condition, then the unanswered facts its text's values are computed from.
fn missing_labels(text: &str, open: &[String], answers: &Answers<'_>) -> String {
    let policy = answers.policy();
    let mut keys: Vec<String> = open.to_vec();
    for key in placeholders(text).filter(|k| !answers.has(k)) {
        let e = Expr::Fact(key.to_string(), crate::model::expr::Ty::Date);
        for k in answers.unanswered(&e) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let labels: Vec<String> = keys
        .iter()
        .map(|k| {
            policy
                .fact(k)
                .map_or_else(|| k.clone(), |f| f.label.clone())
        })
        .collect();
    labels.join("、")
}

/// Replaces `{key}` by the fact's or date's value in words; a value that is not known is
/// named by its label (a policy gives such a line an `if_unknown` wording, `check` sees to
/// it).
fn fill(text: &str, answers: &Answers<'_>) -> String {
    let policy = answers.policy();
    let env = answers.env();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        let label = || {
            policy
                .fact(key)
                .map(|f| f.label.clone())
                .or_else(|| {
                    policy
                        .dates
                        .iter()
                        .find(|d| d.key == key)
                        .map(|d| d.label.clone())
                })
                .unwrap_or_else(|| key.to_string())
        };
        match (env.get(key), policy.fact(key)) {
            (Some(v), Some(f)) => out.push_str(&f.value_label(v)),
            (Some(v), None) => out.push_str(&v.to_string()),
            (None, _) => out.push_str(&format!("「{}」", label())),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}
