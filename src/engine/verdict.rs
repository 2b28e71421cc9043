//! The verdict in three values: whether any block-level check can hold over the answers
//! a person could still give, and if it depends on them, on which.

use crate::engine::decide::{Answers, Decision};
use crate::model::checklist::{DependsOn, Eligibility, Status};
use crate::model::expr::{Expr, FactTable};
use crate::model::fact::{Fact, Value};
use crate::model::policy::{Check, Policy};

/// Whether the applicant may apply: no block-level check can hold (yes), one holds
/// whatever the unanswered facts are (no), or it depends on them.
pub(super) fn eligibility(
    policy: &Policy,
    answers: &Answers<'_>,
    blocking: &[(&Check, Decision)],
) -> Eligibility {
    let conditions: Vec<&Expr> = blocking.iter().map(|(c, _)| &c.when).collect();
    let ids = blocking.iter().map(|(c, _)| c.id.clone()).collect();
    // A block that holds for certain decides it; only open ones are searched together.
    let together = if blocking.iter().any(|(_, d)| *d == Decision::Certain) {
        Decision::Certain
    } else {
        answers.decide_any(&conditions)
    };
    match together {
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
                .map(|(c, _)| c.id.clone())
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
    let blocking: Vec<Value> = fact
        .map(Fact::every_answer)
        .unwrap_or_default()
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
