//! Why each line of a checklist is there, or is not: the trace the engine keeps while it
//! evaluates a policy, and its text for `doclist explain`.
//!
//! For every rule and check it records whether its condition held, the facts and values
//! that decided it, and its source. The engine takes each item's `reason` from this same
//! trace, so the JSON, the `--explain` lines under items, and `doclist explain` agree.

mod text;

pub use text::{render_text, render_text_in};

use crate::engine::decide::{Answers, Decision};
use crate::model::expr::{Env, Expr, FactTable};
use crate::model::fact::Value;
use crate::model::policy::{Cite, Level, Policy};
use crate::util::i18n::{tr, Lang};
use chrono::NaiveDate;
use serde::Serialize;

/// Whether a condition held for the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The condition is true (or there is none): the rule or check applies.
    Applies,
    /// The condition is false: not needed, not shown.
    NotNeeded,
    /// The condition depends on facts the input leaves out: "if applicable".
    Unknown,
}

impl Verdict {
    /// The verdict of a decision over every answer the person could still give.
    pub fn of(decision: &Decision) -> Verdict {
        match decision {
            Decision::Certain => Verdict::Applies,
            Decision::Excluded => Verdict::NotNeeded,
            Decision::Open(_) => Verdict::Unknown,
        }
    }
}

/// One fact a condition read, with the applicant's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactValue {
    pub key: String,
    /// The fact's Chinese label.
    pub label: String,
    /// `None` when the input leaves it out.
    pub value: Option<Value>,
    /// The value in words (enum label, 是/否), or 未提供.
    pub value_label: String,
    /// Left blank and taken at the fact's default (a self-check).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

impl FactValue {
    /// `housing = rented（居住情况：租赁住房）`, or `hukou（户口性质）: not given` (in `lang`).
    pub fn plain(&self, lang: Lang) -> String {
        match &self.value {
            Some(v) if self.assumed => format!(
                "{} = {v}（{}：{}；{}）",
                self.key,
                self.label,
                self.value_label,
                tr(lang, "explain-assumed")
            ),
            Some(v) => format!("{} = {v}（{}：{}）", self.key, self.label, self.value_label),
            None => format!(
                "{}（{}）: {}",
                self.key,
                self.label,
                tr(lang, "explain-not-given")
            ),
        }
    }

    /// `居住情况：租赁住房`.
    pub fn words(&self) -> String {
        format!("{}：{}", self.label, self.value_label)
    }
}

/// Why a rule, check or procedure line applied or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    pub verdict: Verdict,
    /// The condition as the policy writes it; `None` when there is none.
    pub condition: Option<String>,
    /// The condition in Chinese words (the policy's `when_text`, or generated).
    pub words: Option<String>,
    /// The facts that decided the verdict, with their values.
    pub because: Vec<FactValue>,
    /// For an unknown verdict: the facts it still waits for.
    pub missing: Vec<FactValue>,
    /// For an unknown verdict: what is still open, in words ("如适用" condition).
    pub open: Option<String>,
}

impl Why {
    /// The reason an item is on the list, in Chinese, as the JSON `reason` and the
    /// `--explain` line print it.
    pub fn reason(&self) -> String {
        let Some(words) = &self.words else {
            return "所有申请人均需".to_string();
        };
        let facts: Vec<String> = match self.verdict {
            Verdict::Unknown => {
                let mut v: Vec<String> = self.because.iter().map(FactValue::words).collect();
                if !self.missing.is_empty() {
                    let labels: Vec<&str> = self.missing.iter().map(|f| f.label.as_str()).collect();
                    v.push(format!("未提供{}", labels.join("、")));
                }
                v
            }
            _ => self
                .because
                .iter()
                .map(FactValue::words)
                .filter(|w| !words.contains(w.as_str()))
                .collect(),
        };
        if facts.is_empty() {
            words.clone()
        } else {
            format!("{words}（{}）", facts.join("、"))
        }
    }

    /// "channel = offline（办理途径：窗口办理）, …": the deciding facts for people who
    /// read the policy files.
    pub fn because_plain(&self, lang: Lang) -> String {
        let list: Vec<String> = self
            .because
            .iter()
            .chain(&self.missing)
            .map(|f| f.plain(lang))
            .collect();
        list.join(", ")
    }
}

/// How one rule came out.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    pub id: String,
    pub why: Why,
    /// The documents it adds (the first of each `one_of`), by id and name.
    pub items: Vec<TracedDoc>,
    pub source: Vec<Cite>,
}

/// A document a rule adds.
#[derive(Debug, Clone, Serialize)]
pub struct TracedDoc {
    pub id: String,
    pub name: String,
}

/// How one check came out.
#[derive(Debug, Clone, Serialize)]
pub struct CheckTrace {
    pub id: String,
    pub level: Level,
    pub why: Why,
    /// The notice text as it would be shown.
    pub text: String,
    pub source: Vec<Cite>,
}

/// Everything the engine decided for one applicant, rule by rule and check by check.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub policy: String,
    pub version: String,
    pub effective: NaiveDate,
    pub as_of: NaiveDate,
    /// Every rule of the policy, in its order.
    pub rules: Vec<RuleTrace>,
    /// Every check of the policy, in its order (and the ones doclist adds itself).
    pub checks: Vec<CheckTrace>,
    /// The facts left blank and taken at their defaults (self-checks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<String>,
}

impl Trace {
    /// Marks, wherever a fact decided something, the facts taken at their defaults.
    pub fn mark_assumed(&mut self) {
        let assumed = &self.assumed;
        let whys = self
            .rules
            .iter_mut()
            .map(|r| &mut r.why)
            .chain(self.checks.iter_mut().map(|c| &mut c.why));
        for why in whys {
            for f in why.because.iter_mut() {
                f.assumed = assumed.contains(&f.key);
            }
        }
    }

    /// Each fact taken at its default, with its value, as the conditions read it.
    pub fn assumed_facts(&self) -> Vec<&FactValue> {
        let mut out: Vec<&FactValue> = Vec::new();
        let whys = self
            .rules
            .iter()
            .map(|r| &r.why)
            .chain(self.checks.iter().map(|c| &c.why));
        for f in whys.flat_map(|w| &w.because).filter(|f| f.assumed) {
            if !out.iter().any(|o| o.key == f.key) {
                out.push(f);
            }
        }
        out
    }

    /// The trace of one rule.
    pub fn rule(&self, id: &str) -> Option<&RuleTrace> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The trace of one check (notices carry the check's id).
    pub fn check(&self, id: &str) -> Option<&CheckTrace> {
        self.checks.iter().find(|c| c.id == id)
    }
}

fn fact_value(key: &str, env: &Env, policy: &Policy) -> FactValue {
    let fact = policy.fact(key);
    let value = env.get(key).cloned();
    let value_label = match (&value, fact) {
        (Some(v), Some(f)) => f.value_label(v),
        (Some(v), None) => v.to_string(),
        (None, _) => "未提供".to_string(),
    };
    FactValue {
        key: key.to_string(),
        label: fact.map_or_else(|| key.to_string(), |f| f.label.clone()),
        value,
        value_label,
        assumed: false,
    }
}

/// The facts that decided a condition's value: for a true `and` all its parts, for a
/// false one the false part; for a true `or` the true part, for a false one all parts.
fn support<'a>(e: &'a Expr, env: &Env, out: &mut Vec<&'a str>) {
    let result = e.eval(env);
    match e {
        Expr::And(parts) | Expr::Or(parts) => {
            let is_and = matches!(e, Expr::And(_));
            // The part that settles it: a false one in `and`, a true one in `or`.
            let settling = Some(!is_and);
            if result == settling {
                if let Some(p) = parts.iter().find(|p| p.eval(env) == settling) {
                    support(p, env, out);
                }
            } else {
                for p in parts {
                    support(p, env, out);
                }
            }
        }
        Expr::Not(inner) => support(inner, env, out),
        other => out.extend(other.facts()),
    }
}

/// Says why a condition came out as `decision` decided it for the applicant.
pub fn why(
    when: Option<&Expr>,
    when_text: Option<&str>,
    decision: &Decision,
    answers: &Answers<'_>,
) -> Why {
    let policy = answers.policy();
    let env = answers.env();
    let Some(expr) = when else {
        return Why {
            verdict: Verdict::Applies,
            condition: None,
            words: None,
            because: Vec::new(),
            missing: Vec::new(),
            open: None,
        };
    };
    let words = when_text
        .map(str::to_string)
        .unwrap_or_else(|| expr.describe(policy));
    let (because, missing, open) = match decision {
        Decision::Open(open) => {
            // The answers given that the condition reads, and the facts that decide it.
            let because = expr
                .facts()
                .into_iter()
                .filter(|k| env.contains_key(*k) && *k != "as_of")
                .map(|k| fact_value(k, env, policy))
                .collect();
            let missing = open
                .facts
                .iter()
                .map(|k| fact_value(k, env, policy))
                .collect();
            // The policy's words while nothing it reads is answered, else what is
            // still open in generated words, so that the line names what decides it.
            let untouched = answers.unanswered(expr).len() == open.facts.len()
                && expr
                    .facts()
                    .iter()
                    .all(|k| !env.contains_key(*k) || *k == "as_of");
            let open = match when_text {
                Some(t) if untouched => t.to_string(),
                _ => open.when.describe(policy),
            };
            (because, missing, Some(open))
        }
        _ => {
            let mut keys: Vec<&str> = Vec::new();
            support(expr, env, &mut keys);
            // In the order the condition names them, each once; only what was answered or
            // computed (a condition certain over every answer names no unanswered fact).
            let mut seen = std::collections::BTreeSet::new();
            keys.retain(|k| seen.insert(*k) && env.contains_key(*k));
            let because = keys
                .into_iter()
                .map(|k| fact_value(k, env, policy))
                .collect();
            (because, Vec::new(), None)
        }
    };
    Why {
        verdict: Verdict::of(decision),
        condition: Some(expr.to_string()),
        words: Some(words),
        because,
        missing,
        open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::expr::compile;
    use crate::model::policy::Library;

    fn env(pairs: &[(&str, Value)]) -> Env {
        let mut env: Env = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        env.insert(
            "as_of".into(),
            Value::Date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        );
        env
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn why_of(e: &Expr, when_text: Option<&str>, answers: &Answers<'_>) -> Why {
        why(Some(e), when_text, &answers.decide(Some(e)), answers)
    }

    #[test]
    fn the_deciding_facts_are_named() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-registration").unwrap();
        let e = compile("housing == dormitory and channel == offline", p).unwrap();
        let rented = Answers::new(
            p,
            env(&[("housing", text("rented")), ("channel", text("offline"))]),
        );
        let w = why_of(&e, None, &rented);
        assert_eq!(w.verdict, Verdict::NotNeeded);
        assert_eq!(w.because.len(), 1, "only housing decided it: {w:?}");
        assert_eq!(w.because[0].key, "housing");
        assert!(w
            .because_plain(Lang::En)
            .starts_with("housing = rented（居住情况："));

        let e = compile("age < 16 or proxy == guardian", p).unwrap();
        let child = Answers::new(p, env(&[("age", Value::Integer(10))]));
        let w = why_of(&e, Some("未满16周岁"), &child);
        assert_eq!(w.verdict, Verdict::Applies);
        assert_eq!(w.reason(), "未满16周岁（年龄：10）");

        let w = why_of(&e, None, &Answers::new(p, env(&[])));
        assert_eq!(w.verdict, Verdict::Unknown);
        assert!(w.reason().contains("未提供"), "{}", w.reason());
        assert_eq!(
            why(None, None, &Decision::Certain, &child).reason(),
            "所有申请人均需"
        );
    }

    #[test]
    fn the_open_part_names_the_fact_still_missing() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("hangzhou/residence-permit").unwrap();
        let e = compile("channel == offline and talent_permit", p).unwrap();
        let words = Some("窗口办理，且持人才居住证");
        // Nothing decided: the policy's own words.
        let w = why_of(&e, words, &Answers::new(p, env(&[])));
        assert_eq!(w.open.as_deref(), words);
        // The channel is known: only the permit is open, in generated words.
        let offline = Answers::new(p, env(&[("channel", text("offline"))]));
        let w = why_of(&e, words, &offline);
        assert_eq!(w.verdict, Verdict::Unknown);
        let open = w.open.unwrap();
        assert!(open.contains("持人才居住证"), "{open}");
        assert!(!open.contains("窗口办理"), "{open}");
    }
}
