//! A policy's default for a choice left blank is taken only where the policy allows that
//! choice for this applicant: a default that a warning or a block would object to for
//! certain (本人办理 for a ten-year-old, who must apply through a guardian) is not taken.
//! Then the only choice nothing objects to is taken instead, or the question stays blank.

use super::{Answers, Decision};
use crate::model::applicant::Applicant;
use crate::model::expr::FactTable;
use crate::model::fact::{Fact, FactType, Value};
use crate::model::policy::{Level, Policy};
use chrono::NaiveDate;

/// Settles the applicant's assumed answers against the policy's warnings and blocks.
pub fn settle(policy: &Policy, applicant: &mut Applicant, as_of: NaiveDate) {
    for key in applicant.assumed.clone() {
        // A choice among several ways of doing it (who goes, which channel); a yes-or-no
        // default is a statement about the person, which a block may rightly hold against.
        if !matches!(policy.fact(&key).map(|f| &f.ty), Some(FactType::Enum(_))) {
            continue;
        }
        let objections: Vec<_> = policy
            .checks
            .iter()
            .filter(|c| c.level != Level::Info && c.when.facts().contains(&key.as_str()))
            .collect();
        if objections.is_empty() {
            continue;
        }
        let env = applicant.env(as_of);
        let objected = |v: &Value| {
            let answers = Answers::new(policy, env.clone()).with(&key, v.clone());
            objections
                .iter()
                .any(|c| answers.decide(Some(&c.when)) == Decision::Certain)
        };
        let Some(default) = applicant.values.get(&key).cloned() else {
            continue;
        };
        if !objected(&default) {
            continue;
        }
        let candidates = policy
            .fact(&key)
            .map(Fact::every_answer)
            .unwrap_or_default();
        let allowed: Vec<Value> = candidates.into_iter().filter(|v| !objected(v)).collect();
        match allowed.as_slice() {
            [only] => {
                applicant.values.insert(key.clone(), only.clone());
            }
            _ => {
                applicant.values.remove(&key);
                applicant.assumed.retain(|k| *k != key);
            }
        }
    }
}
