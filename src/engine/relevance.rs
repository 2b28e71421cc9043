//! Which questions still matter: a fact is worth asking when some condition of the policy,
//! given the answers so far, still depends on it.

use crate::engine::decide::{Answers, Decision};
use crate::model::expr::{Env, Expr};
use crate::model::fact::Fact;
use crate::model::policy::{Level, Policy};
use std::collections::BTreeSet;

/// The conditions that change what a person brings or whether they may apply: rules and
/// block and warn checks. Info notices and procedure lines alone are not worth a question.
fn conditions(policy: &Policy) -> impl Iterator<Item = &Expr> {
    policy.rules.iter().filter_map(|r| r.when.as_ref()).chain(
        policy
            .checks
            .iter()
            .filter(|c| c.level != Level::Info)
            .map(|c| &c.when),
    )
}

/// The facts that conditions still depend on, given `answers`: for each condition not yet
/// decided over every answer the person could give, the facts that decide it (dates the
/// policy computes are traced back to the facts they are computed from).
pub fn open_facts(policy: &Policy, answers: &Env) -> BTreeSet<String> {
    // A self-check fact is never asked: unanswered, it is taken at its default, and no
    // other question becomes worth asking through it.
    let mut answers = answers.clone();
    for f in policy.asked_facts().filter(|f| f.self_check) {
        if let (false, Some(d)) = (answers.contains_key(&f.key), &f.default) {
            answers.insert(f.key.clone(), d.clone());
        }
    }
    let answers = Answers::new(policy, answers);
    let mut open = BTreeSet::new();
    for cond in conditions(policy) {
        if let Decision::Open(o) = answers.decide(Some(cond)) {
            open.extend(o.facts);
        }
    }
    // Age comes from the birth date (or the ID number).
    if open.contains("age") {
        open.insert("birth_date".to_string());
    }
    open
}

/// The questions to ask next, in the policy's order: facts not answered yet whose answer
/// can still change the checklist.
pub fn relevant<'a>(policy: &'a Policy, answers: &Env) -> Vec<&'a Fact> {
    let open = open_facts(policy, answers);
    policy
        .asked_facts()
        .filter(|f| !f.self_check && !answers.contains_key(&f.key) && open.contains(&f.key))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_a_warning_is_computed_from_is_asked() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/info-change").unwrap();
        let mut answers = Env::new();
        answers.insert(
            "as_of".into(),
            Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        );
        answers.insert("change".into(), text("employment"));
        let keys: Vec<&str> = relevant(p, &answers)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(keys.contains(&"change_date"), "{keys:?}");
    }

    use super::*;
    use crate::model::fact::Value;
    use crate::model::policy::Library;

    fn text(v: &str) -> Value {
        Value::Text(v.to_string())
    }

    #[test]
    fn a_renter_is_not_asked_about_anything_only_owners_need() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-registration").unwrap();
        let none = relevant(p, &Env::new());
        assert!(none.iter().any(|f| f.key == "housing"));
        let mut answers = Env::new();
        answers.insert("channel".into(), text("offline"));
        answers.insert("housing".into(), text("rented"));
        answers.insert("proxy".into(), text("none"));
        let keys: Vec<&str> = relevant(p, &answers)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(!keys.contains(&"housing"), "answered");
        assert!(
            keys.contains(&"hukou"),
            "collective hukou still changes the list: {keys:?}"
        );
    }

    #[test]
    fn a_permit_applicant_whose_address_did_not_change_is_not_asked_about_housing() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-permit").unwrap();
        let mut answers = Env::new();
        answers.insert("channel".into(), text("offline"));
        answers.insert("address_changed".into(), Value::Bool(false));
        let keys: Vec<&str> = relevant(p, &answers)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(!keys.contains(&"housing"), "{keys:?}");
        answers.insert("address_changed".into(), Value::Bool(true));
        let keys: Vec<&str> = relevant(p, &answers)
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert!(keys.contains(&"housing"), "{keys:?}");
    }
}
