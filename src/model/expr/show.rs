//! Conditions written back in the policy language: `housing in [owned, rented] and
//! channel == offline`, for `doclist explain` and `doclist check`.

use super::{CmpOp, Expr, Ty, Unit};
use crate::model::fact::Value;
use std::fmt;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(self, 0, f)
    }
}

fn value(v: &Value, ty: &Ty) -> String {
    match (v, ty) {
        (Value::Text(s), Ty::Enum(_)) => s.clone(),
        (Value::Text(s), _) => format!("\"{s}\""),
        (Value::Date(d), _) => format!("\"{}\"", d.format("%Y-%m-%d")),
        (other, _) => other.to_string(),
    }
}

/// Binding strength: `or` 1, `and` 2, `not` 3, anything else 4.
fn write_expr(e: &Expr, outer: u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (own, parts, word) = match e {
        Expr::Or(p) => (1, p, " or "),
        Expr::And(p) => (2, p, " and "),
        _ => (4, &Vec::new(), ""),
    };
    if own < 4 {
        if outer > own {
            f.write_str("(")?;
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(word)?;
            }
            // Nested `and`/`or` always get parentheses, for people reading them.
            write_expr(p, 3, f)?;
        }
        if outer > own {
            f.write_str(")")?;
        }
        return Ok(());
    }
    match e {
        Expr::Fact(k, _) => f.write_str(k),
        Expr::Const(v, ty) => f.write_str(&value(v, ty)),
        Expr::Not(inner) => {
            f.write_str("not ")?;
            write_expr(inner, 3, f)
        }
        Expr::Cmp(a, op, b) => {
            let sym = match op {
                CmpOp::Eq => "==",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            write_expr(a, 4, f)?;
            write!(f, " {sym} ")?;
            write_expr(b, 4, f)
        }
        Expr::In { expr, set, negated } => {
            write_expr(expr, 4, f)?;
            let ty = match expr.as_ref() {
                Expr::Fact(_, t) | Expr::Const(_, t) => t.clone(),
                _ => Ty::Date,
            };
            let list: Vec<String> = set.iter().map(|v| value(v, &ty)).collect();
            let not = if *negated { " not" } else { "" };
            write!(f, "{not} in [{}]", list.join(", "))
        }
        Expr::Shift(inner, n, unit) => {
            write_expr(inner, 4, f)?;
            let unit = match unit {
                Unit::Days => "days",
                Unit::Months => "months",
                Unit::Years => "years",
            };
            let sign = if *n < 0 { '-' } else { '+' };
            write!(f, " {sign} {} {unit}", n.unsigned_abs())
        }
        Expr::ShiftBy {
            date,
            by,
            sign,
            unit,
        } => {
            write_expr(date, 4, f)?;
            let unit = match unit {
                Unit::Days => "days",
                Unit::Months => "months",
                Unit::Years => "years",
            };
            let sign = if *sign < 0 { '-' } else { '+' };
            write!(f, " {sign} {by} {unit}")
        }
        Expr::And(_) | Expr::Or(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::policy::Library;

    #[test]
    fn conditions_read_back_as_written() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-registration").unwrap();
        for src in [
            "channel == offline and housing in [relative_owned, relative_rented]",
            "proxy == relative and not disabled and not (age >= 65 and mobility_impaired)",
            "(channel == online or disabled) and age < 16",
            "hukou == collective or as_of < as_of + 6 months",
        ] {
            let e = crate::model::expr::compile(src, p).unwrap();
            assert_eq!(e.to_string(), src);
            assert_eq!(crate::model::expr::compile(&e.to_string(), p).unwrap(), e);
        }
    }
}
