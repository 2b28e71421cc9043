//! Three-valued evaluation: true, false, or unknown when a fact it needs has no value.

use super::{CmpOp, Expr, Unit};
use crate::model::fact::Value;
use chrono::{Days, Months, NaiveDate};
use std::collections::BTreeMap;

/// The known facts of one applicant at one as-of date; a missing key is unknown.
pub type Env = BTreeMap<String, Value>;

impl Expr {
    /// Evaluates a condition: `Some(true)`, `Some(false)`, or `None` when it depends on
    /// an unknown fact.
    pub fn eval(&self, env: &Env) -> Option<bool> {
        match self.value(env)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Evaluates to a value, or `None` when unknown.
    pub fn value(&self, env: &Env) -> Option<Value> {
        match self {
            Expr::Fact(k, _) => env.get(k).cloned(),
            Expr::Const(v, _) => Some(v.clone()),
            Expr::Not(e) => e.eval(env).map(|b| Value::Bool(!b)),
            Expr::And(parts) => {
                let mut unknown = false;
                for p in parts {
                    match p.eval(env) {
                        Some(false) => return Some(Value::Bool(false)),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(Value::Bool(true))
            }
            Expr::Or(parts) => {
                let mut unknown = false;
                for p in parts {
                    match p.eval(env) {
                        Some(true) => return Some(Value::Bool(true)),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(Value::Bool(false))
            }
            Expr::Cmp(a, op, b) => {
                let (a, b) = (a.value(env)?, b.value(env)?);
                let r = match op {
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b,
                    CmpOp::Lt => a < b,
                    CmpOp::Le => a <= b,
                    CmpOp::Gt => a > b,
                    CmpOp::Ge => a >= b,
                };
                Some(Value::Bool(r))
            }
            Expr::In { expr, set, negated } => {
                let v = expr.value(env)?;
                Some(Value::Bool(set.contains(&v) != *negated))
            }
            Expr::Shift(e, n, unit) => match e.value(env)? {
                Value::Date(d) => shift(d, *n, *unit).map(Value::Date),
                _ => None,
            },
            Expr::ShiftBy {
                date,
                by,
                sign,
                unit,
            } => match (date.value(env)?, env.get(by)?) {
                (Value::Date(d), Value::Integer(n)) => {
                    shift(d, n.checked_mul(*sign)?, *unit).map(Value::Date)
                }
                _ => None,
            },
        }
    }

    /// Evaluates a date expression.
    pub fn date(&self, env: &Env) -> Option<NaiveDate> {
        match self.value(env)? {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    /// What is left of a condition once the known parts are applied: the parts that still
    /// depend on unknown facts. `None` when the condition is decided.
    pub fn residual(&self, env: &Env) -> Option<Expr> {
        if self.eval(env).is_some() {
            return None;
        }
        match self {
            Expr::And(parts) | Expr::Or(parts) => {
                let rest: Vec<Expr> = parts.iter().filter_map(|p| p.residual(env)).collect();
                if rest.len() == 1 {
                    return rest.into_iter().next();
                }
                Some(if matches!(self, Expr::And(_)) {
                    Expr::And(rest)
                } else {
                    Expr::Or(rest)
                })
            }
            other => Some(other.clone()),
        }
    }
}

/// Moves a date by calendar units; month ends are clamped (Jan 31 + 1 month = Feb 28/29).
/// A date outside the years 1 to 9999, which no output can write as `YYYY-MM-DD`, is none.
pub(crate) fn shift(d: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    use chrono::Datelike;
    shift_any(d, n, unit).filter(|d| (1..=9999).contains(&d.year()))
}

fn shift_any(d: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    let months = |m: i64| -> Option<NaiveDate> {
        let m32 = u32::try_from(m.unsigned_abs()).ok()?;
        if m >= 0 {
            d.checked_add_months(Months::new(m32))
        } else {
            d.checked_sub_months(Months::new(m32))
        }
    };
    match unit {
        Unit::Days => {
            if n >= 0 {
                d.checked_add_days(Days::new(n as u64))
            } else {
                d.checked_sub_days(Days::new(n.unsigned_abs()))
            }
        }
        Unit::Months => months(n),
        Unit::Years => months(n.checked_mul(12)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::expr::Ty;

    fn fact(k: &str) -> Expr {
        Expr::Fact(k.into(), Ty::Bool)
    }

    #[test]
    fn kleene_logic() {
        let mut env = Env::new();
        env.insert("a".into(), Value::Bool(false));
        let and = Expr::And(vec![fact("a"), fact("u")]);
        assert_eq!(and.eval(&env), Some(false));
        let or = Expr::Or(vec![fact("a"), fact("u")]);
        assert_eq!(or.eval(&env), None);
        assert_eq!(or.residual(&env), Some(fact("u")));
        env.insert("a".into(), Value::Bool(true));
        assert_eq!(or.eval(&env), Some(true));
        assert_eq!(Expr::Not(Box::new(fact("u"))).eval(&env), None);
    }

    #[test]
    fn month_ends_clamp() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 31).unwrap();
        assert_eq!(
            shift(d, 6, Unit::Months),
            NaiveDate::from_ymd_opt(2025, 2, 28)
        );
        assert_eq!(
            shift(d, -30, Unit::Days),
            NaiveDate::from_ymd_opt(2024, 8, 1)
        );
    }
}
