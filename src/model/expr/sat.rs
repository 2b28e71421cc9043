//! Whether a condition can ever be true: for `doclist check`'s "never fires" problems.
//!
//! The answer is sound: a condition reported as never true is false (or unknown) for every
//! applicant. Enum and true/false facts are tried with every value; a number or date fact
//! that is only compared with written-out values is tried just below, at and just above
//! each of them; every other comparison (a date against another date, text) is taken as
//! free to be true or false. Conditions with too many combinations are not decided: `check`
//! says so rather than pass over them.

use super::{Env, Expr, FactTable, Ty};
use crate::model::fact::{FactType, Value};
use chrono::Days;
use std::collections::BTreeMap;

/// More combinations than this are not tried; whether the condition can be true is left
/// undecided.
pub const BUDGET: u64 = 200_000;

/// A stand-in for a comparison the enumeration does not look into.
const FREE: &str = "\u{0}free";

/// What trying the combinations of a condition's facts found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Satisfiable {
    /// Some applicant makes it true (or it compares what is not tried).
    Yes,
    /// No applicant does.
    Never,
    /// Not tried: it has more than [`BUDGET`] combinations (this many).
    Undecided(u64),
}

/// Whether some applicant could make the condition true (`true` when it cannot tell).
pub fn can_be_true(expr: &Expr, facts: &dyn FactTable) -> bool {
    decide(expr, facts) != Satisfiable::Never
}

/// Whether some applicant could make the condition true, or whether that was not tried.
pub fn decide(expr: &Expr, facts: &dyn FactTable) -> Satisfiable {
    let mut uses: BTreeMap<String, Use> = BTreeMap::new();
    collect(expr, &mut uses);
    let mut domains: BTreeMap<String, Vec<Option<Value>>> = BTreeMap::new();
    for (key, u) in &uses {
        if let Some(d) = domain(key, u, facts) {
            domains.insert(key.clone(), d);
        }
    }
    let mut free = 0;
    let abstracted = abstract_free(expr, &domains, &mut free);
    for i in 0..free {
        domains.insert(
            format!("{FREE}{i}"),
            vec![Some(Value::Bool(true)), Some(Value::Bool(false))],
        );
    }
    let total = domains
        .values()
        .fold(1u64, |t, d| t.saturating_mul(d.len().max(1) as u64));
    if total > BUDGET {
        return Satisfiable::Undecided(total);
    }
    let keys: Vec<&String> = domains.keys().collect();
    let lists: Vec<&Vec<Option<Value>>> = domains.values().collect();
    let mut pick = vec![0usize; keys.len()];
    loop {
        let mut env = Env::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(Some(v)) = lists[i].get(pick[i]) {
                env.insert((*k).clone(), v.clone());
            }
        }
        if abstracted.eval(&env) == Some(true) {
            return Satisfiable::Yes;
        }
        // Next combination.
        let mut i = 0;
        loop {
            if i == pick.len() {
                return Satisfiable::Never;
            }
            pick[i] += 1;
            if pick[i] < lists[i].len() {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
    }
}

/// How a condition uses one fact.
#[derive(Default)]
struct Use {
    /// Only ever compared with written-out values (or read as true/false).
    simple: bool,
    /// Compared otherwise (with another fact, or moved by days).
    complex: bool,
    /// The values it is compared with.
    constants: Vec<Value>,
}

fn fact_key(e: &Expr) -> Option<&str> {
    match e {
        Expr::Fact(k, _) => Some(k),
        _ => None,
    }
}

fn collect(e: &Expr, uses: &mut BTreeMap<String, Use>) {
    match e {
        Expr::Fact(k, _) => uses.entry(k.clone()).or_default().simple = true,
        Expr::Const(..) => {}
        Expr::Not(inner) => collect(inner, uses),
        Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| collect(p, uses)),
        Expr::Cmp(a, _, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Fact(k, _), Expr::Const(v, _)) | (Expr::Const(v, _), Expr::Fact(k, _)) => {
                let u = uses.entry(k.clone()).or_default();
                u.simple = true;
                u.constants.push(v.clone());
            }
            _ => mark_complex(e, uses),
        },
        Expr::In { expr, set, .. } => match fact_key(expr) {
            Some(k) => {
                let u = uses.entry(k.to_string()).or_default();
                u.simple = true;
                u.constants.extend(set.iter().cloned());
            }
            None => mark_complex(e, uses),
        },
        Expr::Shift(..) | Expr::ShiftBy { .. } => mark_complex(e, uses),
    }
}

fn mark_complex(e: &Expr, uses: &mut BTreeMap<String, Use>) {
    for k in e.facts() {
        uses.entry(k.to_string()).or_default().complex = true;
    }
}

/// The values worth trying for a fact, or `None` when its comparisons are left free.
fn domain(key: &str, u: &Use, facts: &dyn FactTable) -> Option<Vec<Option<Value>>> {
    if u.complex {
        return None;
    }
    let fact = facts.fact(key)?;
    let out: Vec<Option<Value>> = match &fact.ty {
        FactType::Bool => vec![Some(Value::Bool(true)), Some(Value::Bool(false))],
        FactType::Enum(choices) => choices
            .iter()
            .map(|c| Some(Value::Text(c.value.clone())))
            .collect(),
        FactType::Integer => {
            let mut vals = vec![0i64];
            for c in &u.constants {
                if let Value::Integer(n) = c {
                    vals.extend([n.saturating_sub(1), *n, n.saturating_add(1)]);
                }
            }
            vals.retain(|n| *n >= 0);
            vals.sort_unstable();
            vals.dedup();
            vals.into_iter().map(|n| Some(Value::Integer(n))).collect()
        }
        FactType::Date => {
            let mut vals = Vec::new();
            for c in &u.constants {
                if let Value::Date(d) = c {
                    vals.push(*d);
                    vals.extend(d.checked_sub_days(Days::new(1)));
                    vals.extend(d.checked_add_days(Days::new(1)));
                }
            }
            if vals.is_empty() {
                vals.push(chrono::NaiveDate::default());
            }
            vals.sort_unstable();
            vals.dedup();
            vals.into_iter().map(|d| Some(Value::Date(d))).collect()
        }
        FactType::Text => {
            let mut vals: Vec<Option<Value>> = u.constants.iter().cloned().map(Some).collect();
            vals.push(Some(Value::Text("\u{0}other".to_string())));
            vals.dedup();
            vals
        }
    };
    Some(out)
}

/// Replaces each comparison that reads a fact without a domain by a free true/false.
fn abstract_free(e: &Expr, domains: &BTreeMap<String, Vec<Option<Value>>>, n: &mut usize) -> Expr {
    let bounded = |e: &Expr| e.facts().iter().all(|k| domains.contains_key(*k));
    match e {
        Expr::Not(inner) => Expr::Not(Box::new(abstract_free(inner, domains, n))),
        Expr::And(parts) => Expr::And(parts.iter().map(|p| abstract_free(p, domains, n)).collect()),
        Expr::Or(parts) => Expr::Or(parts.iter().map(|p| abstract_free(p, domains, n)).collect()),
        other if bounded(other) => other.clone(),
        _ => {
            let var = Expr::Fact(format!("{FREE}{n}"), Ty::Bool);
            *n += 1;
            var
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::expr::compile;
    use crate::model::policy::Library;

    fn check(src: &str) -> bool {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-permit").unwrap();
        can_be_true(&compile(src, p).unwrap(), p)
    }

    #[test]
    fn contradictions_are_found() {
        assert!(!check("channel == online and channel == offline"));
        assert!(!check(
            "housing in [owned] and housing not in [owned, rented]"
        ));
        assert!(!check("age < 16 and age >= 65"));
        assert!(!check("disabled and not disabled"));
        assert!(!check("false"));
    }

    #[test]
    fn possible_conditions_are_kept() {
        assert!(check("channel == online"));
        assert!(check("age >= 16 and age < 17"));
        assert!(check("as_of < as_of + 6 months and channel == offline"));
        assert!(check("true"));
    }
}
