//! Turns parsed YAML into a checked [`Policy`]: every reference resolved, every
//! condition type-checked against the declared facts. Every problem is collected, each
//! with its file and line, so that `doclist check` can list them all.

use super::lines::{Lines, Seg};
use super::problem::{PolicyError, ProblemKind};
use super::raw::{
    RawCheck, RawCites, RawCopies, RawDate, RawDocument, RawFact, RawFactRef, RawItem, RawPolicy,
    RawProcedure, RawRule, RawSource,
};
use super::shared::{builtin_facts, date, fact_from, Layer, Shared};
use super::{
    Authority, Category, Check, Cite, DateDef, Document, ItemSpec, Level, Policy, ProcedureEntry,
    ProvidedBy, Rule, Serial, Source, Topic,
};
use crate::model::expr::{
    compile, compile_date, decide, Expr, ExprError, ExprErrorKind, FactTable, Satisfiable,
    SAT_BUDGET,
};
use crate::model::fact::{Fact, FactType};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use crate::util::suggest::did_you_mean;
use crate::yaml_path as path;
use chrono::NaiveDate;
use serde_yaml::Mapping;
use std::collections::{BTreeMap, BTreeSet};

/// Problems found so far, each placed at a line of a file.
struct Report<'a> {
    file: &'a str,
    lines: &'a Lines,
    problems: Vec<PolicyError>,
    /// Facts whose declaration failed: conditions naming them are not reported again.
    broken_facts: BTreeSet<String>,
}

/// What is wrong: English words, or a catalogue message (in every language).
struct Said {
    en: String,
    msg: Option<Msg>,
}

impl From<String> for Said {
    fn from(en: String) -> Said {
        Said { en, msg: None }
    }
}

impl From<&str> for Said {
    fn from(en: &str) -> Said {
        Said::from(en.to_string())
    }
}

impl From<Msg> for Said {
    fn from(m: Msg) -> Said {
        Said {
            en: m.text(Lang::En),
            msg: Some(m),
        }
    }
}

impl Report<'_> {
    fn add(&mut self, at: &[Seg], place: &str, kind: ProblemKind, message: impl Into<Said>) {
        let line = self.lines.near(at);
        let said = message.into();
        self.problems.push(PolicyError {
            file: self.file.to_string(),
            line,
            place: place.to_string(),
            message: said.en,
            msg: said.msg.map(Box::new),
            kind,
        });
    }

    fn add_in(
        &mut self,
        layer: &Layer,
        at: &[Seg],
        place: &str,
        kind: ProblemKind,
        message: impl Into<Said>,
    ) {
        let said = message.into();
        self.problems.push(PolicyError {
            file: layer.file.clone(),
            line: layer.lines.near(at),
            place: place.to_string(),
            message: said.en,
            msg: said.msg.map(Box::new),
            kind,
        });
    }

    /// A condition that did not compile; `what` is "condition `…`".
    fn expr(&mut self, at: &[Seg], place: &str, what: &str, e: ExprError) {
        let kind = match e.kind {
            ExprErrorKind::UnknownFact => {
                if self
                    .broken_facts
                    .iter()
                    .any(|k| e.message.starts_with(&format!("unknown fact `{k}`")))
                {
                    return;
                }
                ProblemKind::UnknownFact
            }
            ExprErrorKind::UnknownValue => ProblemKind::UnknownValue,
            ExprErrorKind::Invalid => ProblemKind::Invalid,
        };
        let said: Said = match &e.msg {
            Some(m) => match what
                .strip_prefix("condition `")
                .and_then(|w| w.strip_suffix('`'))
            {
                Some(c) => msg!("policy-in-condition", condition = c, message = m.clone()).into(),
                None => msg!(
                    "policy-in-expression",
                    expression = what.trim_matches('`'),
                    message = m.clone()
                )
                .into(),
            },
            None => format!("{what}: {e}").into(),
        };
        self.add(at, place, kind, said);
    }
}

/// A citation problem: no source at all, or a bad one.
struct CiteError {
    kind: ProblemKind,
    message: Said,
}

struct Builder<'a> {
    shared: &'a Shared<'a>,
    local_sources: &'a BTreeMap<String, RawSource>,
    sources: BTreeMap<String, Source>,
}

impl Builder<'_> {
    fn cites(&mut self, raw: Option<&RawCites>) -> Result<Vec<Cite>, CiteError> {
        let none = |message: Msg| CiteError {
            kind: ProblemKind::NoSource,
            message: message.into(),
        };
        let Some(raw) = raw else {
            return Err(none(msg!("policy-no-source")));
        };
        let list = raw.clone().into_vec();
        if list.is_empty() {
            return Err(none(msg!("policy-source-empty")));
        }
        let invalid = |message: Msg| CiteError {
            kind: ProblemKind::Invalid,
            message: message.into(),
        };
        let mut out = Vec::new();
        for c in list {
            let src = self
                .local_sources
                .get(&c.doc)
                .or_else(|| self.shared.source(&c.doc));
            let Some(src) = src else {
                let mut known: Vec<String> = self.local_sources.keys().cloned().collect();
                known.extend(self.shared.source_ids());
                return Err(CiteError {
                    kind: ProblemKind::Invalid,
                    message: msg!("policy-source-undeclared", source = &c.doc, known = known)
                        .into(),
                });
            };
            if c.section.trim().is_empty() {
                return Err(none(msg!("policy-source-no-section", source = &c.doc)));
            }
            let authority = match src.authority.as_str() {
                "official" => Authority::Official,
                "secondary" => Authority::Secondary,
                "background" => Authority::Background,
                other => {
                    return Err(invalid(msg!(
                        "policy-source-authority",
                        source = &c.doc,
                        value = other,
                        allowed = vec![
                            "official".to_string(),
                            "secondary".to_string(),
                            "background".to_string()
                        ]
                    )))
                }
            };
            self.sources.entry(c.doc.clone()).or_insert_with(|| Source {
                id: c.doc.clone(),
                file: src.file.clone(),
                title: src.title.clone(),
                authority,
                issuer: src.issuer.clone(),
                published: src.published.clone(),
            });
            out.push(Cite {
                document: src.file.clone(),
                section: c.section.clone(),
                authority,
            });
        }
        Ok(out)
    }

    fn document(&mut self, id: &str, raw: RawDocument) -> Result<Document, CiteError> {
        let invalid = |message: Msg| CiteError {
            kind: ProblemKind::Invalid,
            message: message.into(),
        };
        let category = Category::parse(&raw.category)
            .ok_or_else(|| invalid(not_allowed("category", &raw.category, Category::WORDS)))?;
        let provided_by = ProvidedBy::parse(&raw.provided_by).ok_or_else(|| {
            invalid(not_allowed(
                "provided_by",
                &raw.provided_by,
                ProvidedBy::WORDS,
            ))
        })?;
        Ok(Document {
            id: id.to_string(),
            name: raw.name,
            name_en: raw.name_en,
            category,
            provided_by,
            how_to_get: raw.how_to_get,
            note: raw.note,
            kind: raw.kind.unwrap_or_else(|| id.to_string()),
            source: self.cites(raw.source.as_ref())?,
        })
    }
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// The placeholder of a check's `if_unknown` text that names the facts still missing.
pub const MISSING: &str = "missing";

/// Reports `{name}`s in a text that are not facts or dates of the policy.
fn check_placeholders(r: &mut Report, policy: &Policy, text: &str, at: &[Seg], place: &str) {
    for p in placeholders(text) {
        if policy.fact(p).is_none() && p != MISSING {
            r.add(
                at,
                place,
                ProblemKind::UnknownFact,
                msg!("policy-unknown-placeholder", name = p),
            );
        }
    }
}

/// Reports a text that names a value a person may leave unanswered (a fact, or a date
/// computed from one) without an `if_unknown` wording: a blank is never printed.
fn needs_if_unknown(r: &mut Report, policy: &Policy, text: &str, at: &[Seg], place: &str) {
    fn may_be_unknown(policy: &Policy, key: &str, depth: u8) -> bool {
        match policy.dates.iter().find(|d| d.key == key) {
            Some(d) if depth < 8 => d
                .value
                .facts()
                .iter()
                .any(|k| may_be_unknown(policy, k, depth + 1)),
            _ => key != "as_of" && policy.fact(key).is_some(),
        }
    }
    for p in placeholders(text) {
        if may_be_unknown(policy, p, 0) {
            r.add(
                at,
                place,
                ProblemKind::Invalid,
                msg!("policy-needs-if-unknown", name = p),
            );
        }
    }
}

/// A value of a field that is not one of the words allowed there.
fn not_allowed(field: &str, value: &str, allowed: &[&str]) -> Msg {
    msg!(
        "policy-not-allowed",
        field = field,
        value = value,
        allowed = allowed.iter().map(|w| w.to_string()).collect::<Vec<_>>()
    )
}

/// The catalogue id of what a condition belongs to (`rule`, `check`, …).
fn what_id(what: &str) -> &'static str {
    match what {
        "rule" => "policy-what-rule",
        "check" => "policy-what-check",
        "date" => "policy-what-date",
        _ => "policy-what-line",
    }
}

/// Reports a condition no applicant can make true, and notes one with too many
/// combinations to try.
fn check_fires(r: &mut Report, policy: &Policy, when: &Expr, at: &[Seg], place: &str, what: &str) {
    let condition = when.to_string();
    let what = Msg::new(what_id(what));
    let (kind, m) = match decide(when, policy) {
        Satisfiable::Yes => return,
        Satisfiable::Never => (
            ProblemKind::NeverFires,
            msg!("policy-never-fires", condition = condition, what = what),
        ),
        Satisfiable::Undecided(combinations) => (
            ProblemKind::NotDecided,
            msg!(
                "policy-fires-undecided",
                condition = condition,
                what = what,
                combinations = combinations.to_string(),
                budget = SAT_BUDGET.to_string()
            ),
        ),
    };
    r.add(at, place, kind, m);
}

/// Builds and checks one policy. The policy is as complete as its problems allow; the
/// problems (empty when it is sound) carry file, line and place.
pub fn build(
    raw: RawPolicy,
    shared: &Shared,
    city: &str,
    city_name: &str,
    file: &str,
    lines: &Lines,
) -> (Policy, Vec<PolicyError>) {
    let mut r = Report {
        file,
        lines,
        problems: Vec::new(),
        broken_facts: BTreeSet::new(),
    };
    let b = Builder {
        shared,
        local_sources: &raw.sources,
        sources: BTreeMap::new(),
    };
    let meta_date = |key: &str, text: &str, r: &mut Report| {
        date(text, key).unwrap_or_else(|e| {
            r.add(&path![key], "", ProblemKind::Invalid, e);
            NaiveDate::MIN
        })
    };
    let effective = meta_date("effective", &raw.effective, &mut r);
    let last_verified = meta_date("last_verified", &raw.last_verified, &mut r);
    let facts = facts(&mut r, shared, raw.facts);
    let policy = Policy {
        id: raw.id,
        title: raw.title,
        title_en: raw.title_en,
        city: city.to_string(),
        city_name: city_name.to_string(),
        version: raw.version,
        effective,
        last_verified,
        summary: raw.summary,
        file: file.to_string(),
        sources: Vec::new(),
        facts,
        documents: BTreeMap::new(),
        dates: Vec::new(),
        rules: Vec::new(),
        checks: Vec::new(),
        procedure: Vec::new(),
        rules_digest: [0; 32],
        serial: Serial::new(),
    };
    let mut parts = Parts {
        r,
        b,
        shared,
        policy,
        local_docs: BTreeMap::new(),
        bad_docs: BTreeSet::new(),
    };
    parts.dates(raw.dates);
    parts.documents(raw.documents);
    parts.rules(raw.rules);
    parts.unused_documents();
    parts.checks(raw.checks);
    parts.procedure(raw.procedure);
    let mut policy = parts.policy;
    policy.sources = parts.b.sources.into_values().collect();
    (policy, parts.r.problems)
}

/// `facts:`: the built-in facts, then the policy's own or shared ones, in its order.
fn facts(r: &mut Report, shared: &Shared, raw: Vec<RawFactRef>) -> Vec<Fact> {
    let mut facts = builtin_facts();
    for (i, entry) in raw.into_iter().enumerate() {
        let at = path!["facts", i];
        let (key, local) = match entry {
            RawFactRef::Key(k) => (k, RawFact::default()),
            RawFactRef::Def(def) => match def.key.clone() {
                Some(key) => (key, *def),
                None => {
                    r.add(&at, "", ProblemKind::Schema, "a fact entry needs `key`");
                    continue;
                }
            },
        };
        let ctx = format!("fact `{key}`");
        if facts.iter().any(|f| f.key == key) {
            r.add(
                &at,
                &ctx,
                ProblemKind::DuplicateId,
                msg!("policy-fact-twice"),
            );
            continue;
        }
        let base = match shared.fact(&key) {
            Some((_, Ok(f))) => Some(f),
            Some((layer, Err(e))) => {
                r.add_in(
                    layer,
                    &path!["facts", key.as_str()],
                    &ctx,
                    ProblemKind::Schema,
                    e,
                );
                r.broken_facts.insert(key);
                continue;
            }
            None => None,
        };
        if base.is_none() && local.ty.is_none() {
            let keys = shared.fact_keys();
            let hint = match did_you_mean(&key, keys.iter().map(String::as_str)) {
                Some(s) => msg!("did-you-mean", word = s).into(),
                None => crate::util::i18n::Arg::Text(String::new()),
            };
            r.add(
                &at,
                &ctx,
                ProblemKind::UnknownFact,
                msg!("policy-not-shared-fact", hint = hint),
            );
            r.broken_facts.insert(key);
            continue;
        }
        match fact_from(&key, base, local) {
            Ok(f) => facts.push(f),
            Err(e) => {
                let kind = if e.contains("`only` names") {
                    ProblemKind::UnknownValue
                } else {
                    ProblemKind::Invalid
                };
                r.add(&at, &ctx, kind, e);
                r.broken_facts.insert(key);
            }
        }
    }
    facts
}

/// What every section of a policy file is built into: the problems found, the sources
/// cited, the files shared with other policies, and the policy so far.
struct Parts<'a> {
    r: Report<'a>,
    b: Builder<'a>,
    shared: &'a Shared<'a>,
    policy: Policy,
    /// The policy's own documents (a broken one as a placeholder), and the broken ones.
    local_docs: BTreeMap<String, Document>,
    bad_docs: BTreeSet<String>,
}

mod path;
pub use path::{build_path, Place};
mod rules;
mod sections;

impl Parts<'_> {
    /// A condition compiled against the policy so far; a condition that does not compile
    /// (named `shown`) or can never hold is told, at `at`. `what` names the thing it
    /// guards: rule, date, check, line.
    fn condition(
        &mut self,
        text: &str,
        at: &[Seg],
        ctx: &str,
        what: &str,
        shown: &str,
    ) -> Option<Expr> {
        match compile(text, &self.policy) {
            Ok(e) => {
                check_fires(&mut self.r, &self.policy, &e, at, ctx, what);
                Some(e)
            }
            Err(e) => {
                self.r.expr(at, ctx, shown, e);
                None
            }
        }
    }

    /// Notes `id` as seen; a second rule or check with the same id is a problem.
    fn once(&mut self, seen: &mut BTreeSet<String>, id: &str, at: &[Seg], ctx: &str) {
        if !seen.insert(id.to_string()) {
            self.r.add(
                at,
                ctx,
                ProblemKind::DuplicateId,
                msg!("policy-duplicate-id"),
            );
        }
    }
}

/// Stands in for a document whose definition is broken, so that one mistake is told once.
fn placeholder_doc(id: &str) -> Document {
    Document {
        id: id.to_string(),
        name: id.to_string(),
        name_en: None,
        category: Category::Other,
        provided_by: ProvidedBy::Applicant,
        how_to_get: None,
        note: None,
        kind: id.to_string(),
        source: Vec::new(),
    }
}
