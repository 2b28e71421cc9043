//! Type-checking: a syntax tree against the policy's declared facts.

use super::parse::{parse, Ast};
use super::{CmpOp, Expr, Ty};
use crate::model::fact::{Fact, FactType, Value};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use crate::util::suggest::did_you_mean;

/// The facts a condition may refer to.
pub trait FactTable {
    /// The declared fact with this key, if any.
    fn fact(&self, key: &str) -> Option<&Fact>;
    /// Every key, for did-you-mean hints.
    fn keys(&self) -> Vec<&str>;
}

/// What kind of mistake a condition has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprErrorKind {
    /// It names a fact that is not declared.
    UnknownFact,
    /// It names a value that is not one of an enum fact's values.
    UnknownValue,
    /// Anything else: syntax, types.
    Invalid,
}

/// Why a condition does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub kind: ExprErrorKind,
    /// In English.
    pub message: String,
    /// The catalogue message, when it has one (`message` is its English text).
    pub msg: Option<Msg>,
}

impl ExprError {
    fn said(kind: ExprErrorKind, msg: Msg) -> ExprError {
        ExprError {
            kind,
            message: msg.text(Lang::En),
            msg: Some(msg),
        }
    }
}

impl From<String> for ExprError {
    fn from(message: String) -> Self {
        ExprError {
            kind: ExprErrorKind::Invalid,
            message,
            msg: None,
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

/// Parses and type-checks a condition; the result is a boolean expression.
pub fn compile(src: &str, facts: &dyn FactTable) -> Result<Expr, ExprError> {
    let ast = parse(src)?;
    let (expr, ty) = typed(&ast, facts)?;
    if ty != Ty::Bool {
        return Err(format!("the condition is a {} value, not true/false", ty_name(&ty)).into());
    }
    Ok(expr)
}

/// Parses and type-checks a date expression such as `registration_date + 6 months`.
pub fn compile_date(src: &str, facts: &dyn FactTable) -> Result<Expr, ExprError> {
    let ast = parse(src)?;
    let (expr, ty) = typed(&ast, facts)?;
    if ty != Ty::Date {
        return Err(format!("expected a date, found a {} value", ty_name(&ty)).into());
    }
    Ok(expr)
}

fn ty_name(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "true/false",
        Ty::Integer => "integer",
        Ty::Date => "date",
        Ty::Text => "text",
        Ty::Enum(_) => "choice",
    }
}

fn fact_ty(f: &Fact) -> Ty {
    match f.ty {
        FactType::Bool => Ty::Bool,
        FactType::Integer => Ty::Integer,
        FactType::Date => Ty::Date,
        FactType::Text => Ty::Text,
        FactType::Enum(_) => Ty::Enum(f.key.clone()),
    }
}

fn unknown_fact(name: &str, facts: &dyn FactTable) -> ExprError {
    let keys = facts.keys();
    let m = match did_you_mean(name, keys.iter().copied()) {
        Some(s) => msg!(
            "policy-unknown-fact",
            name = name,
            hint = msg!("did-you-mean", word = s)
        ),
        None => msg!(
            "policy-unknown-fact-list",
            name = name,
            keys = keys.iter().map(|k| k.to_string()).collect::<Vec<_>>()
        ),
    };
    ExprError::said(ExprErrorKind::UnknownFact, m)
}

/// Resolves a literal against the type it is compared with.
fn literal(ast: &Ast, want: &Ty, facts: &dyn FactTable) -> Result<Option<Value>, ExprError> {
    let word = match ast {
        Ast::Ident(w) if facts.fact(w).is_none() => w,
        Ast::Str(w) => w,
        Ast::Int(n) if *want == Ty::Integer => return Ok(Some(Value::Integer(*n))),
        Ast::Bool(b) if *want == Ty::Bool => return Ok(Some(Value::Bool(*b))),
        _ => return Ok(None),
    };
    match want {
        Ty::Enum(key) => {
            let Some(fact) = facts.fact(key) else {
                return Err(unknown_fact(key, facts));
            };
            if fact.choices().iter().any(|c| &c.value == word) {
                Ok(Some(Value::Text(word.clone())))
            } else {
                let allowed: Vec<&str> = fact.choices().iter().map(|c| c.value.as_str()).collect();
                let hint = match did_you_mean(word, allowed.iter().copied()) {
                    Some(s) => msg!("did-you-mean", word = s).into(),
                    None => crate::util::i18n::Arg::Text(String::new()),
                };
                Err(ExprError::said(
                    ExprErrorKind::UnknownValue,
                    msg!(
                        "policy-unknown-value",
                        value = word.as_str(),
                        fact = key.as_str(),
                        hint = hint,
                        allowed = allowed.iter().map(|v| v.to_string()).collect::<Vec<_>>()
                    ),
                ))
            }
        }
        Ty::Text if matches!(ast, Ast::Str(_)) => Ok(Some(Value::Text(word.clone()))),
        Ty::Date if matches!(ast, Ast::Str(_)) => {
            chrono::NaiveDate::parse_from_str(word, "%Y-%m-%d")
                .map(|d| Some(Value::Date(d)))
                .map_err(|_| format!("`{word}` is not a date of the form YYYY-MM-DD").into())
        }
        _ => Ok(None),
    }
}

/// The date that `+ N days` (or months, years) moves.
fn date_operand(inner: &Ast, facts: &dyn FactTable) -> Result<Expr, ExprError> {
    let (e, ty) = typed(inner, facts)?;
    if ty != Ty::Date {
        return Err(format!(
            "only a date can be moved by days, months or years, not a {} value",
            ty_name(&ty)
        )
        .into());
    }
    Ok(e)
}

fn typed(ast: &Ast, facts: &dyn FactTable) -> Result<(Expr, Ty), ExprError> {
    Ok(match ast {
        Ast::Ident(name) => {
            let fact = facts.fact(name).ok_or_else(|| unknown_fact(name, facts))?;
            let ty = fact_ty(fact);
            (Expr::Fact(name.clone(), ty.clone()), ty)
        }
        Ast::Str(s) => (Expr::Const(Value::Text(s.clone()), Ty::Text), Ty::Text),
        Ast::Int(n) => (Expr::Const(Value::Integer(*n), Ty::Integer), Ty::Integer),
        Ast::Bool(b) => (Expr::Const(Value::Bool(*b), Ty::Bool), Ty::Bool),
        Ast::Not(inner) => {
            let e = boolean(inner, facts, "`not`")?;
            (Expr::Not(Box::new(e)), Ty::Bool)
        }
        Ast::And(parts) | Ast::Or(parts) => {
            let word = if matches!(ast, Ast::And(_)) {
                "`and`"
            } else {
                "`or`"
            };
            let es = parts
                .iter()
                .map(|p| boolean(p, facts, word))
                .collect::<Result<Vec<_>, _>>()?;
            let e = if matches!(ast, Ast::And(_)) {
                Expr::And(es)
            } else {
                Expr::Or(es)
            };
            (e, Ty::Bool)
        }
        Ast::Shift(inner, n, unit) => {
            let e = date_operand(inner, facts)?;
            (Expr::Shift(Box::new(e), *n, *unit), Ty::Date)
        }
        Ast::ShiftBy(inner, by, sign, unit) => {
            let e = date_operand(inner, facts)?;
            match facts.fact(by).map(|f| &f.ty) {
                Some(crate::model::fact::FactType::Integer) => {}
                Some(_) => {
                    return Err(
                        format!("`{by}` is not a number, so a date cannot be moved by it").into(),
                    )
                }
                None => {
                    let (e, _) = typed(&Ast::Ident(by.clone()), facts)?;
                    return Err(format!("`{e}` is not a number fact").into());
                }
            }
            let shifted = Expr::ShiftBy {
                date: Box::new(e),
                by: by.clone(),
                sign: *sign,
                unit: *unit,
            };
            (shifted, Ty::Date)
        }
        Ast::Cmp(a, op, b) => {
            let (left, right) = operands(a, b, facts)?;
            let ty = match &left {
                Expr::Fact(_, t) | Expr::Const(_, t) => t.clone(),
                Expr::Shift(..) | Expr::ShiftBy { .. } => Ty::Date,
                _ => Ty::Bool,
            };
            let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
            if ordered && !matches!(ty, Ty::Integer | Ty::Date) {
                return Err(format!(
                    "`<`, `<=`, `>`, `>=` compare numbers or dates, not {} values",
                    ty_name(&ty)
                )
                .into());
            }
            (Expr::Cmp(Box::new(left), *op, Box::new(right)), Ty::Bool)
        }
        Ast::In(inner, items, negated) => {
            let (e, ty) = typed(inner, facts)?;
            let mut set = Vec::new();
            for item in items {
                match literal(item, &ty, facts)? {
                    Some(v) => set.push(v),
                    None => {
                        return Err(format!(
                            "the list after `in` must hold {} values written out",
                            ty_name(&ty)
                        )
                        .into())
                    }
                }
            }
            (
                Expr::In {
                    expr: Box::new(e),
                    set,
                    negated: *negated,
                },
                Ty::Bool,
            )
        }
    })
}

fn boolean(ast: &Ast, facts: &dyn FactTable, ctx: &str) -> Result<Expr, ExprError> {
    let (e, ty) = typed(ast, facts)?;
    if ty != Ty::Bool {
        return Err(format!(
            "{ctx} needs true/false conditions, but got a {} value",
            ty_name(&ty)
        )
        .into());
    }
    Ok(e)
}

/// Types both sides of a comparison; a bare word facing an enum fact is one of its values.
fn operands(a: &Ast, b: &Ast, facts: &dyn FactTable) -> Result<(Expr, Expr), ExprError> {
    let is_literal = |x: &Ast| match x {
        Ast::Ident(w) => facts.fact(w).is_none(),
        Ast::Str(_) | Ast::Int(_) | Ast::Bool(_) => true,
        _ => false,
    };
    if let (Ast::Ident(w), true) = (a, is_literal(a) && is_literal(b)) {
        // Neither side is a fact: the left word is the misspelt fact.
        return Err(unknown_fact(w, facts));
    }
    let a_is_fact_like = !is_literal(a);
    let (first, second, swapped) = if a_is_fact_like {
        (a, b, false)
    } else {
        (b, a, true)
    };
    let (left, lty) = typed(first, facts)?;
    let right = match literal(second, &lty, facts)? {
        Some(v) => Expr::Const(v, lty.clone()),
        None => {
            let (r, rty) = typed(second, facts)?;
            if rty != lty {
                return Err(format!(
                    "cannot compare a {} value with a {} value",
                    ty_name(&lty),
                    ty_name(&rty)
                )
                .into());
            }
            r
        }
    };
    if swapped {
        // Keep the written order so that `6 <= months` means what it says.
        Ok((right, left))
    } else {
        Ok((left, right))
    }
}
