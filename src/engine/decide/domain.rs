//! Which values of an unanswered fact are worth trying: every value of a yes-or-no or
//! choice fact; for a number or a date, the values just around each point where a
//! comparison of the condition can change its outcome, and one beyond them on each side.

use super::Answers;
use crate::model::expr::{Expr, FactTable, Unit};
use crate::model::fact::{Fact, FactType, Value};
use crate::model::policy::Policy;
use chrono::{Days, NaiveDate};

/// How far a date's flip point may move through month arithmetic (Aug 31 + 6 months is
/// Feb 28): the days tried on each side of it.
const DATE_SLACK: u64 = 3;

/// Collects the keys a condition reads, with each computed date replaced by the keys it
/// is computed from (its value and its `when`).
pub fn inputs(expr: &Expr, policy: &Policy, out: &mut Vec<String>, depth: u8) {
    for key in expr.facts() {
        match policy.dates.iter().find(|d| d.key == key) {
            Some(d) if depth < 8 => {
                inputs(&d.value, policy, out, depth + 1);
                if let Some(w) = &d.when {
                    inputs(w, policy, out, depth + 1);
                }
            }
            _ => {
                if !out.iter().any(|k| k == key) {
                    out.push(key.to_string());
                }
            }
        }
    }
}

/// Whether a date of `expr` (its computed dates written out) is moved by a number one of
/// `vars` gives: its outcome may then change at values the comparisons do not show, so
/// such a condition is not searched.
pub fn moved_by_any(expr: &Expr, policy: &Policy, vars: &[String]) -> bool {
    fn moved(e: &Expr, vars: &[String]) -> bool {
        match e {
            Expr::ShiftBy { date, by, .. } => vars.contains(by) || moved(date, vars),
            Expr::Shift(e, ..) | Expr::Not(e) => moved(e, vars),
            Expr::And(v) | Expr::Or(v) => v.iter().any(|p| moved(p, vars)),
            Expr::Cmp(a, _, b) => moved(a, vars) || moved(b, vars),
            Expr::In { expr, .. } => moved(expr, vars),
            Expr::Fact(..) | Expr::Const(..) => false,
        }
    }
    moved(&inline(expr, policy, 0), vars)
}

/// The condition with every computed date written out as what it is computed from.
fn inline(expr: &Expr, policy: &Policy, depth: u8) -> Expr {
    let each = |v: &[Expr]| v.iter().map(|p| inline(p, policy, depth)).collect();
    match expr {
        Expr::Fact(k, _) if depth < 8 => match policy.dates.iter().find(|d| d.key == *k) {
            Some(d) => inline(&d.value, policy, depth + 1),
            None => expr.clone(),
        },
        Expr::Not(e) => Expr::Not(Box::new(inline(e, policy, depth))),
        Expr::And(v) => Expr::And(each(v)),
        Expr::Or(v) => Expr::Or(each(v)),
        Expr::Cmp(a, op, b) => Expr::Cmp(
            Box::new(inline(a, policy, depth)),
            *op,
            Box::new(inline(b, policy, depth)),
        ),
        Expr::In { expr, set, negated } => Expr::In {
            expr: Box::new(inline(expr, policy, depth)),
            set: set.clone(),
            negated: *negated,
        },
        Expr::Shift(e, n, u) => Expr::Shift(Box::new(inline(e, policy, depth)), *n, *u),
        Expr::ShiftBy {
            date,
            by,
            sign,
            unit,
        } => Expr::ShiftBy {
            date: Box::new(inline(date, policy, depth)),
            by: by.clone(),
            sign: *sign,
            unit: *unit,
        },
        other => other.clone(),
    }
}

/// The values to try for the unanswered fact `var` in `expr`.
pub fn values(var: &str, expr: &Expr, answers: &Answers<'_>) -> Vec<Value> {
    let policy = answers.policy;
    let ty = policy.fact(var).map(|f| f.ty.clone());
    match ty {
        Some(FactType::Bool | FactType::Enum(_)) => {
            policy.fact(var).map(Fact::every_answer).unwrap_or_default()
        }
        Some(FactType::Integer) => {
            let mut points = vec![0];
            for v in flip_points(var, &inline(expr, policy, 0), answers) {
                if let Value::Integer(n) = v {
                    points.extend([n.saturating_sub(1), n, n.saturating_add(1)]);
                }
            }
            points.retain(|n| *n >= 0);
            points.sort_unstable();
            points.dedup();
            points.into_iter().map(Value::Integer).collect()
        }
        Some(FactType::Date) => {
            let mut days = Vec::new();
            for v in flip_points(var, &inline(expr, policy, 0), answers) {
                if let Value::Date(d) = v {
                    for k in 0..=DATE_SLACK {
                        days.extend(d.checked_sub_days(Days::new(k)));
                        days.extend(d.checked_add_days(Days::new(k)));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (days.iter().min().copied(), days.iter().max().copied()) {
                days.extend(lo.checked_sub_days(Days::new(400)));
                days.extend(hi.checked_add_days(Days::new(400)));
            }
            if days.is_empty() {
                days.push(as_of(answers).unwrap_or_default());
            }
            days.sort_unstable();
            days.dedup();
            days.into_iter().map(Value::Date).collect()
        }
        Some(FactType::Text) | None => {
            let mut out: Vec<Value> = flip_points(var, expr, answers);
            out.push(Value::Text("\u{0}other".to_string()));
            out.dedup();
            out
        }
    }
}

fn as_of(answers: &Answers<'_>) -> Option<NaiveDate> {
    match answers.given.get("as_of") {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// The values of `var` at which a comparison of `expr` with a known value changes: the
/// known side with the shifts on `var`'s side undone.
fn flip_points(var: &str, expr: &Expr, answers: &Answers<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    collect(var, expr, answers, &mut out);
    out
}

fn collect(var: &str, e: &Expr, answers: &Answers<'_>, out: &mut Vec<Value>) {
    match e {
        Expr::Not(inner) => collect(var, inner, answers, out),
        Expr::And(parts) | Expr::Or(parts) => {
            parts.iter().for_each(|p| collect(var, p, answers, out))
        }
        Expr::Cmp(a, _, b) => {
            for (side, other) in [(a, b), (b, a)] {
                if side.facts().contains(&var) && !other.facts().contains(&var) {
                    if let Some(known) = other.value(&answers.env) {
                        out.extend(undo(side, var, known));
                    }
                }
            }
        }
        Expr::In { expr, set, .. } if expr.facts().contains(&var) => {
            for v in set {
                out.extend(undo(expr, var, v.clone()));
            }
        }
        _ => {}
    }
}

/// The value of `var` that makes `side` equal `target`, where `side` is `var` moved by
/// days, months or years.
fn undo(side: &Expr, var: &str, target: Value) -> Option<Value> {
    match side {
        Expr::Fact(k, _) if k == var => Some(target),
        Expr::Shift(inner, n, unit) => {
            let Value::Date(d) = target else {
                return None;
            };
            let back = shift_back(d, *n, *unit)?;
            undo(inner, var, Value::Date(back))
        }
        _ => None,
    }
}

fn shift_back(d: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    crate::model::expr::shift(d, n.checked_neg()?, unit)
}
