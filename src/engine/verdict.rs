//! The verdict in three values: whether any block-level check can hold over the answers
//! a person could still give, and if it depends on them, on which.

use crate::checklist::{DependsOn, Eligibility, Status};
use crate::decide::{Answers, Decision};
use crate::expr::{Expr, FactTable};
use crate::fact::{FactType, Value};
use crate::policy::Policy;

/// Whether the applicant may apply: no block-level check can hold (yes), one holds
/// whatever the unanswered facts are (no), or it depends on them.
pub(super) fn eligibility(
    policy: &Policy,
    answers: &Answers<'_>,
    blocking: &[(&str, Decision)],
) -> Eligibility {
    let conditions: Vec<&Expr> = blocking
        .iter()
        .filter_map(|(id, _)| policy.checks.iter().find(|c| c.id == *id))
        .map(|c| &c.when)
        .collect();
    let ids = blocking.iter().map(|(id, _)| id.to_string()).collect();
    match answers.decide_any(&conditions) {
        Decision::Excluded => Eligibility {
            status: Status::Yes,
            depends_on: Vec::new(),
            blocking: Vec::new(),
            condition: None,
        },
        Decision::Certain => Eligibility {
            status: Status::No,
            depends_on: Vec::new(),
            blocking: blocking
                .iter()
                .filter(|(_, d)| *d == Decision::Certain)
                .map(|(id, _)| id.to_string())
                .collect(),
            condition: None,
        },
        Decision::Open(open) => Eligibility {
            status: Status::Depends,
            depends_on: open
                .facts
                .iter()
                .map(|key| depends_on(key, policy, answers, &conditions))
                .collect(),
            blocking: ids,
            condition: Some(open.when.describe(policy)),
        },
    }
}

/// One fact the verdict depends on, with the answers that can still block.
fn depends_on(key: &str, policy: &Policy, answers: &Answers<'_>, blocks: &[&Expr]) -> DependsOn {
    let fact = policy.fact(key);
    let label = fact.map_or_else(|| key.to_string(), |f| f.label.clone());
    let candidates: Vec<Value> = match fact.map(|f| &f.ty) {
        Some(FactType::Bool) => vec![Value::Bool(true), Value::Bool(false)],
        Some(FactType::Enum(choices)) => choices
            .iter()
            .map(|c| Value::Text(c.value.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let blocking: Vec<Value> = candidates
        .into_iter()
        .filter(|v| answers.with(key, v.clone()).decide_any(blocks) != Decision::Excluded)
        .collect();
    DependsOn {
        fact: key.to_string(),
        label,
        value_labels: blocking
            .iter()
            .map(|v| fact.map_or_else(|| v.to_string(), |f| f.value_label(v)))
            .collect(),
        blocking,
    }
}
