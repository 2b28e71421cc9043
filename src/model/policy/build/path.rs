//! Builds a city's [`Path`] from `path.yaml`: its facts and dates as a policy's are, then
//! each step with its procedure, conditions, days and changes checked.

use super::*;
use crate::model::fact::Value;
use crate::model::policy::path::{Bound, Path, Step};
use crate::model::policy::raw::{RawBound, RawPath, RawStep};
use serde_yaml::Value as Yaml;

/// What a path's steps are checked against: where the path is, and the policies there.
pub struct Place<'a> {
    pub city: &'a str,
    pub city_name: &'a str,
    pub file: &'a str,
    pub lines: &'a Lines,
    /// The newest version of each loaded policy.
    pub policies: &'a [Policy],
    /// The ids of every policy file there, loaded or not.
    pub present: &'a [String],
}

/// Builds and checks a path; the problems carry file, line and place.
pub fn build_path(raw: RawPath, shared: &Shared, place: &Place) -> (Path, Vec<PolicyError>) {
    let sources = raw.sources.clone();
    let monthly = raw.monthly.clone();
    let implied_raw = raw.implied_by_procedure.clone();
    let terms = RawPolicy {
        id: format!("{}/path", place.city),
        title: raw.title.clone(),
        title_en: None,
        version: raw.version,
        effective: raw.effective,
        last_verified: raw.last_verified,
        summary: raw.summary.clone(),
        sources: raw.sources,
        facts: raw.facts,
        documents: Mapping::new(),
        dates: raw.dates,
        rules: Vec::new(),
        checks: Vec::new(),
        procedure: Vec::new(),
    };
    let (terms, mut problems) = build(
        terms,
        shared,
        place.city,
        place.city_name,
        place.file,
        place.lines,
    );
    let mut s = Steps {
        r: Report {
            file: place.file,
            lines: place.lines,
            problems: Vec::new(),
            broken_facts: BTreeSet::new(),
        },
        b: Builder {
            shared,
            local_sources: &sources,
            sources: BTreeMap::new(),
        },
        place,
        terms: &terms,
    };
    for (i, key) in monthly.iter().enumerate() {
        let integer = s
            .terms
            .fact(key)
            .is_some_and(|f| f.ty == FactType::Integer && !f.derived);
        if !integer {
            s.r.add(
                &path!["monthly", i],
                "",
                ProblemKind::UnknownFact,
                msg!("path-monthly-not-number", fact = key.as_str()),
            );
        }
    }
    let implied = s.implied(&implied_raw);
    let mut seen = BTreeSet::new();
    let steps: Vec<Step> = raw
        .steps
        .into_iter()
        .enumerate()
        .filter_map(|(i, step)| {
            if !seen.insert(step.id.clone()) {
                let ctx = format!("step `{}`", step.id);
                s.r.add(
                    &path!["steps", i, "id"],
                    &ctx,
                    ProblemKind::DuplicateId,
                    msg!("policy-duplicate-id"),
                );
            }
            s.step(i, step)
        })
        .collect();
    problems.extend(s.r.problems);
    // The sources the steps cite are the path's, beside those its dates cite.
    let cited = s.b.sources;
    let mut terms = terms;
    for source in cited.into_values() {
        if !terms.sources.iter().any(|t| t.file == source.file) {
            terms.sources.push(source);
        }
    }
    if steps.is_empty() && !problems.iter().any(|p| p.kind.blocks_loading()) {
        problems.push(
            PolicyError::file_msg(place.file, ProblemKind::Schema, msg!("path-no-steps"))
                .at(place.lines.get(&path!["steps"])),
        );
    }
    let path = Path {
        city: place.city.to_string(),
        city_name: place.city_name.to_string(),
        title: raw.title,
        summary: raw.summary,
        file: place.file.to_string(),
        terms,
        monthly,
        implied,
        steps,
    };
    (path, problems)
}

struct Steps<'a> {
    r: Report<'a>,
    b: Builder<'a>,
    place: &'a Place<'a>,
    terms: &'a Policy,
}

impl Steps<'_> {
    fn step(&mut self, i: usize, raw: RawStep) -> Option<Step> {
        let ctx = format!("step `{}`", raw.id);
        let procedure = format!("{}/{}", self.place.city, raw.procedure);
        let policy = self.place.policies.iter().find(|p| p.id == procedure);
        if policy.is_none() && !self.place.present.contains(&procedure) {
            let known: Vec<String> = self
                .place
                .policies
                .iter()
                .filter(|p| p.city == self.place.city)
                .filter_map(|p| p.id.split_once('/').map(|(_, name)| name.to_string()))
                .collect();
            self.r.add(
                &path!["steps", i, "procedure"],
                &ctx,
                ProblemKind::Invalid,
                msg!(
                    "path-unknown-procedure",
                    procedure = &raw.procedure,
                    hint = crate::util::suggest::hint(
                        &raw.procedure,
                        known.iter().map(String::as_str)
                    ),
                    known = known.clone()
                ),
            );
        }
        let when = self.condition(&raw.when, &path!["steps", i, "when"], &ctx);
        let from: Vec<Bound> = raw
            .from
            .iter()
            .enumerate()
            .filter_map(|(j, b)| self.bound(b, &path!["steps", i, "from", j], &ctx))
            .collect();
        let until = raw
            .until
            .as_ref()
            .and_then(|b| self.bound(b, &path!["steps", i, "until"], &ctx));
        let then = self.then(&raw.then, i, &ctx);
        let with = policy
            .map(|p| self.with(&raw.with, p, i, &ctx))
            .unwrap_or_default();
        let source = match self.b.cites(raw.source.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                self.r.add(&path!["steps", i], &ctx, e.kind, e.message);
                Vec::new()
            }
        };
        policy?;
        Some(Step {
            id: raw.id,
            procedure,
            when: when?,
            when_text: raw.when_text,
            from,
            until,
            keep: raw.keep,
            again: raw.again,
            with,
            then,
            source,
        })
    }

    fn condition(&mut self, text: &str, at: &[Seg], ctx: &str) -> Option<Expr> {
        match compile(text, self.terms) {
            Ok(e) => {
                check_fires(&mut self.r, self.terms, &e, at, ctx, "step");
                Some(e)
            }
            Err(e) => {
                self.r.expr(at, ctx, &format!("condition `{text}`"), e);
                None
            }
        }
    }

    fn bound(&mut self, raw: &RawBound, at: &[Seg], ctx: &str) -> Option<Bound> {
        let mut value_at = at.to_vec();
        value_at.push(Seg::from("value"));
        let value = match compile_date(&raw.value, self.terms) {
            Ok(v) => Some(v),
            Err(e) => {
                self.r.expr(&value_at, ctx, &format!("`{}`", raw.value), e);
                None
            }
        };
        let when = match &raw.when {
            Some(w) => {
                let mut when_at = at.to_vec();
                when_at.push(Seg::from("when"));
                Some(self.condition(w, &when_at, ctx)?)
            }
            None => None,
        };
        Some(Bound {
            label: raw.label.clone(),
            value: value?,
            when,
        })
    }

    /// `implied_by_procedure:`: for each procedure of the city, answers of the path's facts.
    fn implied(&mut self, raw: &Mapping) -> Vec<(String, Vec<(String, Value)>)> {
        let mut out = Vec::new();
        for (k, answers) in raw {
            let name = yaml_word(k);
            let at = path!["implied_by_procedure", name.as_str()];
            let procedure = format!("{}/{name}", self.place.city);
            if !self.place.present.contains(&procedure) {
                self.r.add(
                    &at,
                    "",
                    ProblemKind::Invalid,
                    msg!(
                        "path-unknown-procedure",
                        procedure = &name,
                        hint = "",
                        known = self.city_procedures()
                    ),
                );
                continue;
            }
            let mut given = Vec::new();
            for (f, v) in answers.as_mapping().into_iter().flatten() {
                let key = yaml_word(f);
                let Some(fact) = self.terms.asked_facts().find(|x| x.key == key) else {
                    let known: Vec<String> =
                        self.terms.asked_facts().map(|f| f.key.clone()).collect();
                    self.r.add(
                        &at,
                        "",
                        ProblemKind::UnknownFact,
                        msg!("path-then-unknown-fact", fact = &key, known = known),
                    );
                    continue;
                };
                match constant(fact, v) {
                    Ok(Expr::Const(value, _)) => given.push((key, value)),
                    Ok(_) => {}
                    Err(allowed) => self.r.add(
                        &at,
                        "",
                        ProblemKind::UnknownValue,
                        msg!(
                            "path-then-bad-value",
                            value = yaml_word(v),
                            allowed = allowed
                        ),
                    ),
                }
            }
            out.push((procedure, given));
        }
        out
    }

    /// The names of the city's procedures, for messages.
    fn city_procedures(&self) -> Vec<String> {
        self.place
            .present
            .iter()
            .filter_map(|id| id.strip_prefix(&format!("{}/", self.place.city)))
            .map(str::to_string)
            .collect()
    }

    /// `then:`: each fact the step changes, and its new value.
    fn then(&mut self, raw: &Mapping, i: usize, ctx: &str) -> Vec<(String, Expr)> {
        let mut out = Vec::new();
        for (k, v) in raw {
            let key = yaml_word(k);
            let at = path!["steps", i, "then", key.as_str()];
            let Some(fact) = self.terms.fact(&key).filter(|f| !f.derived && !f.builtin) else {
                let known: Vec<String> = self.terms.asked_facts().map(|f| f.key.clone()).collect();
                self.r.add(
                    &at,
                    ctx,
                    ProblemKind::UnknownFact,
                    msg!("path-then-unknown-fact", fact = &key, known = known),
                );
                continue;
            };
            let text = yaml_word(v);
            let value = if fact.ty == FactType::Date {
                compile_date(&text, self.terms).map_err(|e| e.to_string())
            } else {
                constant(fact, v).map_err(|allowed| {
                    msg!("path-then-bad-value", value = &text, allowed = allowed).text(Lang::En)
                })
            };
            match value {
                Ok(e) => out.push((key, e)),
                Err(message) => self.r.add(&at, ctx, ProblemKind::UnknownValue, message),
            }
        }
        out
    }

    /// `with:`: answers given to the step's checklist, each a fact of its procedure.
    fn with(
        &mut self,
        raw: &Mapping,
        policy: &Policy,
        i: usize,
        ctx: &str,
    ) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for (k, v) in raw {
            let key = yaml_word(k);
            let at = path!["steps", i, "with", key.as_str()];
            let Some(fact) = policy.asked_facts().find(|f| f.key == key) else {
                let known: Vec<String> = policy.asked_facts().map(|f| f.key.clone()).collect();
                self.r.add(
                    &at,
                    ctx,
                    ProblemKind::UnknownFact,
                    msg!(
                        "path-with-unknown-fact",
                        fact = &key,
                        policy = &policy.id,
                        known = known
                    ),
                );
                continue;
            };
            match constant(fact, v) {
                Ok(Expr::Const(value, _)) => out.push((key, value)),
                Ok(_) => {}
                Err(allowed) => self.r.add(
                    &at,
                    ctx,
                    ProblemKind::UnknownValue,
                    msg!(
                        "path-then-bad-value",
                        value = yaml_word(v),
                        allowed = allowed
                    ),
                ),
            }
        }
        out
    }
}

/// A scalar of a YAML map as text.
fn yaml_word(v: &Yaml) -> String {
    match v {
        Yaml::String(s) => s.clone(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The value `v` as a constant of the fact's type, or the values allowed.
fn constant(fact: &Fact, v: &Yaml) -> Result<Expr, Vec<String>> {
    use crate::model::expr::Ty;
    match (&fact.ty, v) {
        (FactType::Bool, Yaml::Bool(b)) => Ok(Expr::Const(Value::Bool(*b), Ty::Bool)),
        (FactType::Bool, _) => Err(vec!["true".to_string(), "false".to_string()]),
        (FactType::Integer, Yaml::Number(n)) if n.as_i64().is_some() => Ok(Expr::Const(
            Value::Integer(n.as_i64().unwrap_or_default()),
            Ty::Integer,
        )),
        (FactType::Enum(choices), Yaml::String(s)) if choices.iter().any(|c| c.value == *s) => Ok(
            Expr::Const(Value::Text(s.clone()), Ty::Enum(fact.key.clone())),
        ),
        (FactType::Enum(choices), _) => Err(choices.iter().map(|c| c.value.clone()).collect()),
        (FactType::Text, Yaml::String(s)) => Ok(Expr::Const(Value::Text(s.clone()), Ty::Text)),
        (FactType::Integer, _) => Err(vec!["0, 1, 2, …".to_string()]),
        (FactType::Text | FactType::Date, _) => Err(vec!["text".to_string()]),
    }
}
