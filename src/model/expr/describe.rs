//! Conditions in Chinese words, for people: "居住情况：租赁住房，且 办理途径：线下".

use super::{CmpOp, Expr, FactTable, Unit};
use crate::model::fact::Value;

impl Expr {
    /// Describes the condition in words, using the facts' labels and value labels.
    pub fn describe(&self, facts: &dyn FactTable) -> String {
        self.words(facts, false)
    }

    fn words(&self, facts: &dyn FactTable, nested: bool) -> String {
        let label = |k: &str| {
            facts
                .fact(k)
                .map(|f| f.label.clone())
                .unwrap_or_else(|| k.to_string())
        };
        let value = |k: &str, v: &Value| {
            facts
                .fact(k)
                .map(|f| f.value_label(v))
                .unwrap_or_else(|| v.to_string())
        };
        match self {
            Expr::Fact(k, _) => format!("{}：是", label(k)),
            Expr::Const(v, _) => v.to_string(),
            Expr::Not(inner) => match inner.as_ref() {
                Expr::Fact(k, _) => format!("{}：否", label(k)),
                other => format!("并非（{}）", other.words(facts, false)),
            },
            Expr::And(parts) => {
                let s = parts
                    .iter()
                    .map(|p| p.words(facts, true))
                    .collect::<Vec<_>>()
                    .join("，且 ");
                if nested {
                    format!("（{s}）")
                } else {
                    s
                }
            }
            Expr::Or(parts) => {
                let s = parts
                    .iter()
                    .map(|p| p.words(facts, true))
                    .collect::<Vec<_>>()
                    .join("，或 ");
                if nested {
                    format!("（{s}）")
                } else {
                    s
                }
            }
            Expr::In { expr, set, negated } => {
                let key = match expr.as_ref() {
                    Expr::Fact(k, _) => k.as_str(),
                    _ => "",
                };
                let vals = set
                    .iter()
                    .map(|v| value(key, v))
                    .collect::<Vec<_>>()
                    .join("或");
                let neg = if *negated { "不是" } else { "" };
                format!(
                    "{}：{neg}{vals}",
                    expr.words(facts, true).trim_end_matches("：是")
                )
            }
            Expr::Cmp(a, op, b) => {
                if let (Expr::Fact(k, _), Expr::Const(v, _)) = (a.as_ref(), b.as_ref()) {
                    match op {
                        CmpOp::Eq => return format!("{}：{}", label(k), value(k, v)),
                        CmpOp::Ne => return format!("{}：不是{}", label(k), value(k, v)),
                        _ => {}
                    }
                }
                let sym = match op {
                    CmpOp::Eq => "=",
                    CmpOp::Ne => "≠",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "≤",
                    CmpOp::Gt => ">",
                    CmpOp::Ge => "≥",
                };
                format!("{} {sym} {}", a.operand(facts), b.operand(facts))
            }
            Expr::Shift(..) | Expr::ShiftBy { .. } => self.operand(facts),
        }
    }

    fn operand(&self, facts: &dyn FactTable) -> String {
        match self {
            Expr::Fact(k, _) => facts
                .fact(k)
                .map(|f| f.label.clone())
                .unwrap_or_else(|| k.clone()),
            Expr::Shift(e, n, unit) => {
                let u = match unit {
                    Unit::Days => "天",
                    Unit::Months => "个月",
                    Unit::Years => "年",
                };
                let sign = if *n < 0 { "−" } else { "+" };
                format!("{} {sign} {}{u}", e.operand(facts), n.abs())
            }
            Expr::ShiftBy {
                date,
                by,
                sign,
                unit,
            } => {
                let u = match unit {
                    Unit::Days => "天",
                    Unit::Months => "个月",
                    Unit::Years => "年",
                };
                let sign = if *sign < 0 { "−" } else { "+" };
                let by = Expr::Fact(by.clone(), super::Ty::Integer).operand(facts);
                format!("{} {sign} {by}（{u}）", date.operand(facts))
            }
            other => other.words(facts, true),
        }
    }
}
