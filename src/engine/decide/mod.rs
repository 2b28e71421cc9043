//! Deciding a condition over every answer a person could still give.
//!
//! A condition is **certain** when it holds for every completion of the unanswered facts,
//! **excluded** when it holds for none, and **open** otherwise. An open condition names the
//! smallest set of unanswered facts whose answers decide it, and when it holds over them.
//!
//! Completions are tried, not reasoned about: each unanswered fact a condition reads (through
//! the dates the policy computes from it, and `age` for an unknown birth date) takes every
//! value that can change the outcome (see [`domain`]), the policy's dates are computed again
//! for each, and the condition is evaluated with every fact known. Conditions that the
//! answers already decide (three-valued evaluation is sound for that) are not searched.

pub mod defaults;
mod domain;
mod memo;
mod words;

use crate::model::expr::{Env, Expr, Ty};
use crate::model::fact::Value;
use crate::model::policy::{DateDef, Policy};
use std::cell::{OnceCell, RefCell};

/// More completions than this are not tried: the condition is taken as open on every
/// unanswered fact it reads.
const BUDGET: usize = 100_000;

/// How a condition comes out over the answers a person could still give.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// True for every completion (or no condition).
    Certain,
    /// False for every completion.
    Excluded,
    /// True for some completions only.
    Open(Open),
}

/// What an open condition depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// The smallest set of unanswered facts whose answers decide it, in the order the
    /// policy asks them (`age` stands for an unknown birth date).
    pub facts: Vec<String>,
    /// When it holds, over those facts alone (simplified).
    pub when: Expr,
}

/// One applicant's answers on one day, ready to decide conditions with.
#[derive(Debug, Clone)]
pub struct Answers<'a> {
    policy: &'a Policy,
    /// The answers, `as_of` and `age`: what the person said, nothing computed.
    given: Env,
    /// The same with the policy's dates computed from them.
    env: Env,
    /// A copy of `env` that a search sets completions in and puts back as it was, made
    /// once and kept for the next search.
    scratch: RefCell<Option<Env>>,
    /// The facts each of the policy's dates is computed from, found once.
    date_inputs: OnceCell<Vec<Vec<String>>>,
}

impl<'a> Answers<'a> {
    /// The answers (with `as_of`, and `age` when the birth date is known).
    pub fn new(policy: &'a Policy, given: Env) -> Answers<'a> {
        let env = with_dates(policy, given.clone());
        Answers {
            policy,
            given,
            env,
            scratch: RefCell::new(None),
            date_inputs: OnceCell::new(),
        }
    }

    /// The facts each of the policy's dates is computed from (in the policy's order).
    fn date_inputs(&self) -> &[Vec<String>] {
        self.date_inputs.get_or_init(|| {
            self.policy
                .dates
                .iter()
                .map(|d| {
                    let mut read = Vec::new();
                    domain::inputs(
                        &Expr::Fact(d.key.clone(), Ty::Date),
                        self.policy,
                        &mut read,
                        0,
                    );
                    read
                })
                .collect()
        })
    }

    /// The answers with the policy's dates computed from them.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The policy the answers are for.
    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// Whether a key has a value (an answer, or a date computed from answers).
    pub fn has(&self, key: &str) -> bool {
        self.env.contains_key(key)
    }

    /// The same answers with one more: `key` answered `value`.
    pub fn with(&self, key: &str, value: Value) -> Answers<'a> {
        let mut given = self.given.clone();
        given.insert(key.to_string(), value);
        Answers::new(self.policy, given)
    }

    /// Decides a condition (none: certain).
    pub fn decide(&self, when: Option<&Expr>) -> Decision {
        let Some(expr) = when else {
            return Decision::Certain;
        };
        match expr.eval(&self.env) {
            Some(true) => Decision::Certain,
            Some(false) => Decision::Excluded,
            None => {
                // The day is read by every search (a date with nothing to compare with is
                // tried on it), whether the condition names it or not.
                let mut read = vec!["as_of".to_string()];
                domain::inputs(expr, self.policy, &mut read, 0);
                let key = memo::Key {
                    policy: self.policy.serial.get(),
                    condition: expr.clone(),
                    answers: read.iter().map(|k| self.given.get(k).cloned()).collect(),
                };
                memo::remembered(key, || self.search(expr))
            }
        }
    }

    /// Decides the disjunction of several conditions: "any of them holds".
    pub fn decide_any(&self, conditions: &[&Expr]) -> Decision {
        match conditions {
            [] => Decision::Excluded,
            [one] => self.decide(Some(one)),
            many => self.decide(Some(&Expr::Or(many.iter().map(|e| (*e).clone()).collect()))),
        }
    }

    /// The unanswered facts a condition reads, in the policy's order: through the dates
    /// computed from them, and `age` for an unknown birth date.
    pub fn unanswered(&self, expr: &Expr) -> Vec<String> {
        let mut read = Vec::new();
        domain::inputs(expr, self.policy, &mut read, 0);
        let mut out: Vec<String> = self
            .policy
            .facts
            .iter()
            .map(|f| f.key.as_str())
            .filter(|k| read.iter().any(|r| r == k) && !self.given.contains_key(*k))
            .map(str::to_string)
            .collect();
        out.retain(|k| k != "as_of");
        out
    }

    fn search(&self, whole: &Expr) -> Decision {
        // What the answers leave undecided: the parts they decide keep their value in every
        // completion, so only the rest is tried, over the facts it reads.
        let rest = whole.residual(&self.env);
        let expr = rest.as_ref().unwrap_or(whole);
        let vars = self.unanswered(expr);
        if domain::moved_by_any(expr, self.policy, &vars) {
            return Decision::Open(Open {
                when: expr.clone(),
                facts: vars,
            });
        }
        let domains: Vec<Vec<Value>> = vars.iter().map(|v| domain::values(v, expr, self)).collect();
        // A fact with no value to try (a choice without choices) leaves it open too.
        let total = domains
            .iter()
            .try_fold(1usize, |n, d| n.checked_mul(d.len()))
            .filter(|n| (1..=BUDGET).contains(n));
        let Some(total) = total else {
            return Decision::Open(Open {
                when: expr.clone(),
                facts: vars,
            });
        };
        // The outcome of every completion, indexed like an odometer over `domains`.
        let mut outcomes = Vec::with_capacity(total);
        let mut pick = vec![0usize; vars.len()];
        // One environment: each completion sets the unanswered facts' values in place and
        // computes again only the dates that read them.
        let moved: Vec<&DateDef> = self
            .policy
            .dates
            .iter()
            .zip(self.date_inputs())
            .filter(|(_, read)| read.iter().any(|k| vars.contains(k)))
            .map(|(d, _)| d)
            .collect();
        let mut scratch = self.scratch.borrow_mut();
        let env = scratch.get_or_insert_with(|| self.env.clone());
        for (k, d) in vars.iter().zip(&domains) {
            env.insert(k.clone(), d[0].clone());
        }
        for _ in 0..total {
            for (i, k) in vars.iter().enumerate() {
                if let Some(slot) = env.get_mut(k) {
                    slot.clone_from(&domains[i][pick[i]]);
                }
            }
            compute_dates(&moved, env);
            outcomes.push(expr.eval(env) == Some(true));
            next(&mut pick, &domains);
        }
        // The scratch copy back as `env` is: the facts tried unanswered, the dates moved
        // with them as the answers give them.
        for k in &vars {
            env.remove(k);
        }
        for d in &moved {
            match self.env.get(&d.key) {
                Some(v) => env.insert(d.key.clone(), v.clone()),
                None => env.remove(&d.key),
            };
        }
        drop(scratch);
        if outcomes.iter().all(|o| *o) {
            return Decision::Certain;
        }
        if !outcomes.iter().any(|o| *o) {
            return Decision::Excluded;
        }
        let table = words::Table {
            vars: &vars,
            domains: &domains,
            outcomes: &outcomes,
        };
        let deciding = table.smallest_deciding_set();
        Decision::Open(Open {
            facts: deciding.iter().map(|i| vars[*i].clone()).collect(),
            when: table.condition(&deciding, self.policy),
        })
    }
}

/// Advances an odometer over the domains.
fn next(pick: &mut [usize], domains: &[Vec<Value>]) {
    for (i, p) in pick.iter_mut().enumerate() {
        *p += 1;
        if *p < domains[i].len() {
            return;
        }
        *p = 0;
    }
}

/// The answers with the policy's dates computed from them, in the policy's order (a date
/// may use an earlier one); a date whose `when` does not hold, or that cannot be computed
/// yet, is left out.
pub fn with_dates(policy: &Policy, mut env: Env) -> Env {
    compute_dates(&policy.dates.iter().collect::<Vec<_>>(), &mut env);
    env
}

/// Sets `dates` (in the policy's order) in `env` from the answers there, replacing any
/// computed before.
fn compute_dates(dates: &[&DateDef], env: &mut Env) {
    for d in dates {
        env.remove(&d.key);
    }
    for d in dates {
        if d.when.as_ref().is_some_and(|w| w.eval(env) != Some(true)) {
            continue;
        }
        if let Some(date) = d.value.date(env) {
            env.insert(d.key.clone(), Value::Date(date));
        }
    }
}

#[cfg(test)]
mod tests;
