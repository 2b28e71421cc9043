//! The condition language of policy files.
//!
//! A condition is a small boolean expression over the policy's facts, for example
//! `channel == offline and housing in [relative_owned, relative_rented]` or
//! `as_of < registration_date + 6 months`. It is parsed and type-checked when the policy
//! loads ([`compile`]), evaluated with three-valued logic so that an unknown fact gives an
//! unknown result instead of a silent false ([`Expr::eval`]), and described in Chinese
//! words for people ([`Expr::describe`]).

mod describe;
mod eval;
mod parse;
mod sat;
mod show;
mod typecheck;

pub(crate) use eval::shift;
pub use eval::Env;
pub use sat::{can_be_true, decide, Satisfiable, BUDGET as SAT_BUDGET};
pub use typecheck::{compile, compile_date, ExprError, ExprErrorKind, FactTable};

use crate::model::fact::Value;

/// A calendar unit for date arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Months,
    Years,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The static type of an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Bool,
    Integer,
    Date,
    Text,
    /// A value of the named enum fact.
    Enum(String),
}

/// A parsed and type-checked expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    Fact(String, Ty),
    Const(Value, Ty),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    In {
        expr: Box<Expr>,
        set: Vec<Value>,
        negated: bool,
    },
    /// A date moved by a number of days, months or years.
    Shift(Box<Expr>, i64, Unit),
    /// A date moved by as many days, months or years as a number fact says, forwards
    /// (`sign` 1) or backwards (-1): `as_of - social_insurance_months months`.
    ShiftBy {
        date: Box<Expr>,
        by: String,
        sign: i64,
        unit: Unit,
    },
}

impl Expr {
    /// The facts this expression reads.
    pub fn facts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_facts(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect_facts<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Fact(k, _) => out.push(k),
            Expr::Const(..) => {}
            Expr::Not(e) | Expr::Shift(e, ..) => e.collect_facts(out),
            Expr::ShiftBy { date, by, .. } => {
                date.collect_facts(out);
                out.push(by);
            }
            Expr::In { expr, .. } => expr.collect_facts(out),
            Expr::And(v) | Expr::Or(v) => v.iter().for_each(|e| e.collect_facts(out)),
            Expr::Cmp(a, _, b) => {
                a.collect_facts(out);
                b.collect_facts(out);
            }
        }
    }
}
