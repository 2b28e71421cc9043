//! Tokenizer and parser: condition text to an untyped syntax tree.

use super::{CmpOp, Unit};

/// An untyped syntax tree, straight from the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ast {
    /// A bare word: a fact, or an enum value when compared with an enum fact.
    Ident(String),
    Str(String),
    Int(i64),
    Bool(bool),
    Not(Box<Ast>),
    And(Vec<Ast>),
    Or(Vec<Ast>),
    Cmp(Box<Ast>, CmpOp, Box<Ast>),
    In(Box<Ast>, Vec<Ast>, bool),
    Shift(Box<Ast>, i64, Unit),
    /// A date moved by as many units as a number fact says, `+1` or `-1` times.
    ShiftBy(Box<Ast>, String, i64, Unit),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = text
                .parse()
                .map_err(|_| format!("number `{text}` is too large"))?;
            out.push(Tok::Int(n));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c == '"' || c == '\'' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i == chars.len() {
                return Err("a quoted value is not closed".to_string());
            }
            out.push(Tok::Str(chars[start..i].iter().collect()));
            i += 1;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = match two.as_str() {
                "==" => Some("=="),
                "!=" => Some("!="),
                "<=" => Some("<="),
                ">=" => Some(">="),
                "&&" => Some("and"),
                "||" => Some("or"),
                _ => None,
            };
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
                continue;
            }
            let op = match c {
                '<' => "<",
                '>' => ">",
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                ',' => ",",
                '+' => "+",
                '-' => "-",
                '!' => "not",
                '=' => return Err("use `==` to compare, not `=`".to_string()),
                other => return Err(format!("unexpected character `{other}`")),
            };
            out.push(Tok::Op(op));
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Open parentheses and `not`s around the current position.
    depth: usize,
}

/// How deeply parentheses and `not`s may nest; deeper text is refused, not overflowed.
const MAX_DEPTH: usize = 40;

/// Parses condition text into a syntax tree.
pub(crate) fn parse(src: &str) -> Result<Ast, String> {
    let toks = tokenize(src)?;
    if toks.is_empty() {
        return Err("the condition is empty".to_string());
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let ast = p.or()?;
    if let Some(t) = p.peek() {
        return Err(format!(
            "unexpected {} after the end of the condition",
            show(t)
        ));
    }
    Ok(ast)
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Int(n) => format!("`{n}`"),
        Tok::Op(o) => format!("`{o}`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s == w)
            || matches!(self.peek(), Some(Tok::Op(o)) if *o == w)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect_op(&mut self, op: &str) -> Result<(), String> {
        match self.next() {
            Some(Tok::Op(o)) if o == op => Ok(()),
            Some(t) => Err(format!("expected `{op}`, found {}", show(&t))),
            None => Err(format!("expected `{op}` at the end of the condition")),
        }
    }

    fn or(&mut self) -> Result<Ast, String> {
        let mut parts = vec![self.and()?];
        while self.is_word("or") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Ast::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Ast, String> {
        let mut parts = vec![self.not()?];
        while self.is_word("and") {
            self.pos += 1;
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Ast::And(parts)
        })
    }

    fn nest(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "the condition nests parentheses or `not` more than {MAX_DEPTH} deep"
            ));
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Ast, String> {
        if self.is_word("not") {
            self.pos += 1;
            self.nest()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Ast::Not(Box::new(inner)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Ast, String> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Op("==")) => Some(CmpOp::Eq),
            Some(Tok::Op("!=")) => Some(CmpOp::Ne),
            Some(Tok::Op("<")) => Some(CmpOp::Lt),
            Some(Tok::Op("<=")) => Some(CmpOp::Le),
            Some(Tok::Op(">")) => Some(CmpOp::Gt),
            Some(Tok::Op(">=")) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            let right = self.sum()?;
            return Ok(Ast::Cmp(Box::new(left), op, Box::new(right)));
        }
        let negated = if self.is_word("not")
            && matches!(self.toks.get(self.pos + 1), Some(Tok::Ident(s)) if s == "in")
        {
            self.pos += 1;
            true
        } else {
            false
        };
        if self.is_word("in") {
            self.pos += 1;
            self.expect_op("[")?;
            let mut items = Vec::new();
            loop {
                items.push(self.atom()?);
                if self.is_op(",") {
                    self.pos += 1;
                    continue;
                }
                self.expect_op("]")?;
                break;
            }
            return Ok(Ast::In(Box::new(left), items, negated));
        }
        if negated {
            return Err("expected `in` after `not`".to_string());
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Ast, String> {
        let mut e = self.atom()?;
        let mut shifts = 0;
        while self.is_op("+") || self.is_op("-") {
            shifts += 1;
            if shifts > MAX_DEPTH {
                return Err(format!(
                    "a date is moved more than {MAX_DEPTH} times; write one `+ N days`"
                ));
            }
            let sign = if self.is_op("-") { -1 } else { 1 };
            self.pos += 1;
            let n = match self.next() {
                Some(Tok::Int(n)) => Ok(n),
                Some(Tok::Ident(fact)) => Err(fact),
                Some(t) => {
                    return Err(format!(
                        "expected a number of days, months or years after `+`/`-`, found {}",
                        show(&t)
                    ))
                }
                None => return Err("expected a number after `+`/`-`".to_string()),
            };
            let unit = match self.next() {
                Some(Tok::Ident(u)) => match u.as_str() {
                    "day" | "days" => Unit::Days,
                    "month" | "months" => Unit::Months,
                    "year" | "years" => Unit::Years,
                    other => {
                        return Err(format!(
                            "unknown unit `{other}`; allowed: days, months, years"
                        ))
                    }
                },
                _ => {
                    let n = n.map_or_else(|fact| fact, |n| n.to_string());
                    return Err(format!("expected days, months or years after `{n}`"));
                }
            };
            e = match n {
                Ok(n) => Ast::Shift(Box::new(e), sign * n, unit),
                Err(fact) => Ast::ShiftBy(Box::new(e), fact, sign, unit),
            };
        }
        Ok(e)
    }

    fn atom(&mut self) -> Result<Ast, String> {
        match self.next() {
            Some(Tok::Op("(")) => {
                self.nest()?;
                let e = self.or()?;
                self.expect_op(")")?;
                self.depth -= 1;
                Ok(e)
            }
            Some(Tok::Ident(w)) if w == "true" => Ok(Ast::Bool(true)),
            Some(Tok::Ident(w)) if w == "false" => Ok(Ast::Bool(false)),
            Some(Tok::Ident(w)) if w == "known" && self.is_op("(") => Err(
                "known(...) is not part of the condition language: a condition is decided over \
                 every answer a person could give; a text that needs a value that may be \
                 unknown has an `if_unknown` wording"
                    .to_string(),
            ),
            Some(Tok::Ident(w)) => Ok(Ast::Ident(w)),
            Some(Tok::Str(s)) => Ok(Ast::Str(s)),
            Some(Tok::Int(n)) => Ok(Ast::Int(n)),
            Some(t) => Err(format!("unexpected {}", show(&t))),
            None => Err("the condition ends too early".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_lists() {
        let ast = parse("a == x or not b and c in [p, q]").unwrap();
        let Ast::Or(parts) = ast else {
            panic!("or at the top")
        };
        assert_eq!(parts.len(), 2);
        assert!(matches!(parts[1], Ast::And(_)));
    }

    #[test]
    fn date_shift() {
        assert_eq!(
            parse("as_of < d + 6 months").unwrap(),
            Ast::Cmp(
                Box::new(Ast::Ident("as_of".into())),
                CmpOp::Lt,
                Box::new(Ast::Shift(
                    Box::new(Ast::Ident("d".into())),
                    6,
                    Unit::Months
                ))
            )
        );
    }

    #[test]
    fn errors_are_clear() {
        assert!(parse("a = b").unwrap_err().contains("=="));
        assert!(parse("a and").unwrap_err().contains("ends too early"));
        assert!(parse("(a").unwrap_err().contains("`)`"));
        assert!(parse("d + 3 weeks").unwrap_err().contains("weeks"));
        assert!(parse("a b").unwrap_err().contains("unexpected"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).unwrap_err().contains("deep"));
        let nots = format!("{}a", "not ".repeat(10_000));
        assert!(parse(&nots).unwrap_err().contains("deep"));
        let ok = format!("{}a{}", "(".repeat(30), ")".repeat(30));
        assert!(parse(&ok).is_ok());
        let shifts = format!("d{}", " + 1 days".repeat(10_000));
        assert!(parse(&shifts).is_err());
    }
}
