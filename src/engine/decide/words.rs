//! From the outcomes of every completion to what an open condition depends on: the
//! smallest set of facts that decides it, and when it holds over them as a condition
//! (`持人才居住证：否`, `社保连续缴纳月数 < 6`) that `describe` puts into words.

use crate::model::expr::{CmpOp, Expr, FactTable, Ty};
use crate::model::fact::{FactType, Value};
use crate::model::policy::Policy;
use std::collections::{BTreeMap, BTreeSet};

/// More unanswered facts than this are not searched for a smaller deciding set.
const MAX_SUBSET_SEARCH: usize = 12;

/// The outcome of every completion: `outcomes[i]` for the odometer position `i` over
/// `domains` (the first fact turning fastest).
pub struct Table<'a> {
    pub vars: &'a [String],
    pub domains: &'a [Vec<Value>],
    pub outcomes: &'a [bool],
}

impl Table<'_> {
    /// The position of each fact's value in completion `index`.
    fn picks(&self, mut index: usize) -> Vec<usize> {
        self.domains
            .iter()
            .map(|d| {
                let p = index % d.len();
                index /= d.len();
                p
            })
            .collect()
    }

    /// Whether the facts at `subset` alone decide the outcome.
    fn decides(&self, subset: &[usize]) -> bool {
        let mut seen: BTreeMap<Vec<usize>, bool> = BTreeMap::new();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            let picks = self.picks(i);
            let key: Vec<usize> = subset.iter().map(|s| picks[*s]).collect();
            if *seen.entry(key).or_insert(*outcome) != *outcome {
                return false;
            }
        }
        true
    }

    /// The smallest set of facts (positions in `vars`, ascending) that decides the
    /// outcome; the first such set in the policy's order when several are as small.
    pub fn smallest_deciding_set(&self) -> Vec<usize> {
        let n = self.vars.len();
        if n <= MAX_SUBSET_SEARCH {
            for size in 1..n {
                let mut subset: Vec<usize> = (0..size).collect();
                loop {
                    if self.decides(&subset) {
                        return subset;
                    }
                    if !next_combination(&mut subset, n) {
                        break;
                    }
                }
            }
        }
        (0..n).collect()
    }

    /// When the outcome is true, over the facts at `subset` (which decide it).
    pub fn condition(&self, subset: &[usize], policy: &Policy) -> Expr {
        let mut truths: BTreeSet<Vec<usize>> = BTreeSet::new();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            if *outcome {
                let picks = self.picks(i);
                truths.insert(subset.iter().map(|s| picks[*s]).collect());
            }
        }
        let facts: Vec<(&str, &[Value])> = subset
            .iter()
            .map(|s| (self.vars[*s].as_str(), self.domains[*s].as_slice()))
            .collect();
        simplify(build(&facts, &truths, policy))
    }
}

/// The next combination of `k` positions out of `n`, in lexicographic order.
fn next_combination(c: &mut [usize], n: usize) -> bool {
    let k = c.len();
    for i in (0..k).rev() {
        if c[i] < n - k + i {
            c[i] += 1;
            for j in i + 1..k {
                c[j] = c[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// A condition true exactly for the value tuples in `truths` (positions in each fact's
/// values): the first fact's values grouped by what the other facts must then be.
fn build(facts: &[(&str, &[Value])], truths: &BTreeSet<Vec<usize>>, policy: &Policy) -> Expr {
    let Some(((key, values), rest)) = facts.split_first() else {
        return Expr::Const(Value::Bool(true), Ty::Bool);
    };
    let mut by_rest: BTreeMap<Vec<usize>, BTreeSet<usize>> = BTreeMap::new();
    for t in truths {
        by_rest.entry(t[1..].to_vec()).or_default().insert(t[0]);
    }
    let mut by_values: BTreeMap<Vec<usize>, BTreeSet<Vec<usize>>> = BTreeMap::new();
    for (r, vs) in by_rest {
        by_values
            .entry(vs.into_iter().collect())
            .or_default()
            .insert(r);
    }
    let parts: Vec<Expr> = by_values
        .into_iter()
        .map(|(vs, rests)| {
            Expr::And(vec![
                one_fact(key, values, &vs, policy),
                build(rest, &rests, policy),
            ])
        })
        .collect();
    Expr::Or(parts)
}

/// "`key` takes one of the values at `picked`" as a condition.
fn one_fact(key: &str, values: &[Value], picked: &[usize], policy: &Policy) -> Expr {
    let yes = || Expr::Const(Value::Bool(true), Ty::Bool);
    if picked.len() == values.len() {
        return yes();
    }
    let ty = policy.fact(key).map(|f| f.ty.clone());
    let fact = |t: Ty| Box::new(Expr::Fact(key.to_string(), t));
    match ty {
        Some(FactType::Bool) => match values[picked[0]] {
            Value::Bool(true) => Expr::Fact(key.to_string(), Ty::Bool),
            _ => Expr::Not(fact(Ty::Bool)),
        },
        Some(FactType::Integer) | Some(FactType::Date) => {
            let t = match ty {
                Some(FactType::Integer) => Ty::Integer,
                _ => Ty::Date,
            };
            let cmp = |op, v: &Value| {
                Expr::Cmp(
                    fact(t.clone()),
                    op,
                    Box::new(Expr::Const(v.clone(), t.clone())),
                )
            };
            let mut runs: Vec<Expr> = Vec::new();
            let mut i = 0;
            while i < picked.len() {
                let mut j = i;
                while j + 1 < picked.len() && picked[j + 1] == picked[j] + 1 {
                    j += 1;
                }
                let (lo, hi) = (picked[i], picked[j]);
                let mut bounds = Vec::new();
                if lo > 0 {
                    bounds.push(cmp(CmpOp::Ge, &values[lo]));
                }
                if hi + 1 < values.len() {
                    bounds.push(cmp(CmpOp::Le, &values[hi]));
                }
                runs.push(Expr::And(bounds));
                i = j + 1;
            }
            Expr::Or(runs)
        }
        _ => {
            let t = Ty::Enum(key.to_string());
            let set: Vec<Value> = picked.iter().map(|p| values[*p].clone()).collect();
            if set.len() == 1 {
                Expr::Cmp(
                    fact(t.clone()),
                    CmpOp::Eq,
                    Box::new(Expr::Const(set[0].clone(), t)),
                )
            } else {
                Expr::In {
                    expr: fact(t),
                    set,
                    negated: false,
                }
            }
        }
    }
}

/// Flattens nested `and`/`or`, drops `true` from `and`, and unwraps single parts.
fn simplify(e: Expr) -> Expr {
    match e {
        Expr::And(parts) => {
            let mut out = Vec::new();
            for p in parts.into_iter().map(simplify) {
                match p {
                    Expr::Const(Value::Bool(true), _) => {}
                    Expr::And(inner) => out.extend(inner),
                    other => out.push(other),
                }
            }
            match out.len() {
                0 => Expr::Const(Value::Bool(true), Ty::Bool),
                1 => out.pop().expect("one part"),
                _ => Expr::And(out),
            }
        }
        Expr::Or(parts) => {
            let mut out = Vec::new();
            for p in parts.into_iter().map(simplify) {
                match p {
                    Expr::Or(inner) => out.extend(inner),
                    other => out.push(other),
                }
            }
            if out
                .iter()
                .any(|p| matches!(p, Expr::Const(Value::Bool(true), _)))
            {
                return Expr::Const(Value::Bool(true), Ty::Bool);
            }
            match out.len() {
                1 => out.pop().expect("one part"),
                _ => Expr::Or(out),
            }
        }
        other => other,
    }
}
