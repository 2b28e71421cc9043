//! Turns parsed YAML into a checked [`Policy`]: every reference resolved, every
//! condition type-checked against the declared facts. Every problem is collected, each
//! with its file and line, so that `doclist check` can list them all.

use super::lines::{Lines, Seg};
use super::problem::{PolicyError, ProblemKind};
use super::raw::{RawCites, RawCopies, RawDocument, RawFact, RawFactRef, RawPolicy, RawSource};
use super::shared::{builtin_facts, date, fact_from, Layer, Shared};
use super::{
    Authority, Category, Check, Cite, DateDef, Document, ItemSpec, Level, Policy, ProcedureEntry,
    ProvidedBy, Rule, Serial, Source, Topic,
};
use crate::model::expr::{
    can_be_true, compile, compile_date, Expr, ExprError, ExprErrorKind, FactTable,
};
use crate::model::fact::{Fact, FactType};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use crate::util::suggest::did_you_mean;
use crate::yaml_path as path;
use chrono::NaiveDate;
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

/// Reports a condition no applicant can make true.
fn check_fires(r: &mut Report, policy: &Policy, when: &Expr, at: &[Seg], place: &str, what: &str) {
    if !can_be_true(when, policy) {
        r.add(
            at,
            place,
            ProblemKind::NeverFires,
            msg!(
                "policy-never-fires",
                condition = when.to_string(),
                what = Msg::new(what_id(what))
            ),
        );
    }
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
    let mut b = Builder {
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

    let mut facts = builtin_facts();
    for (i, entry) in raw.facts.into_iter().enumerate() {
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

    let mut policy = Policy {
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
        serial: Serial::new(),
    };

    for (i, d) in raw.dates.into_iter().enumerate() {
        let at = path!["dates", i];
        let ctx = format!("date `{}`", d.key);
        if policy.fact(&d.key).is_some() {
            r.add(
                &at,
                &ctx,
                ProblemKind::DuplicateId,
                msg!("policy-date-key-taken"),
            );
            continue;
        }
        let value = match compile_date(&d.value, &policy) {
            Ok(v) => Some(v),
            Err(e) => {
                r.expr(
                    &path!["dates", i, "value"],
                    &ctx,
                    &format!("`{}`", d.value),
                    e,
                );
                None
            }
        };
        let when = match &d.when {
            Some(w) => match compile(w, &policy) {
                Ok(e) => {
                    check_fires(
                        &mut r,
                        &policy,
                        &e,
                        &path!["dates", i, "when"],
                        &ctx,
                        "date",
                    );
                    Some(e)
                }
                Err(e) => {
                    r.expr(&path!["dates", i, "when"], &ctx, &format!("`{w}`"), e);
                    None
                }
            },
            None => None,
        };
        let source = match b.cites(d.source.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                r.add(&path!["dates", i, "source"], &ctx, e.kind, e.message);
                Vec::new()
            }
        };
        policy.facts.push(Fact {
            key: d.key.clone(),
            ty: FactType::Date,
            label: d.label.clone(),
            label_en: None,
            question: d.label.clone(),
            help: None,
            default: None,
            required: false,
            builtin: false,
            derived: true,
            form: false,
            self_check: false,
        });
        if let Some(value) = value {
            policy.dates.push(DateDef {
                key: d.key,
                label: d.label,
                value,
                when,
                earliest: d.earliest,
                source,
            });
        }
    }

    // Documents: the policy's own, then every shared one its rules name.
    let mut local_docs = BTreeMap::new();
    let mut bad_docs = BTreeSet::new();
    for (k, v) in raw.documents {
        let id = k.as_str().unwrap_or_default().to_string();
        let at = path!["documents", id.as_str()];
        let ctx = format!("document `{id}`");
        let built = serde_yaml::from_value::<RawDocument>(v)
            .map_err(|e| CiteError {
                kind: ProblemKind::Schema,
                message: e.to_string().into(),
            })
            .and_then(|rd| b.document(&id, rd));
        match built {
            Ok(doc) => {
                local_docs.insert(id, doc);
            }
            Err(e) => {
                r.add(&at, &ctx, e.kind, e.message);
                bad_docs.insert(id.clone());
                // Still defined: rules naming it are not told it is missing.
                local_docs.insert(id.clone(), placeholder_doc(&id));
            }
        }
    }

    let mut seen_rules = BTreeSet::new();
    for (i, rr) in raw.rules.into_iter().enumerate() {
        let at = path!["rules", i];
        let ctx = format!("rule `{}`", rr.id);
        if !seen_rules.insert(rr.id.clone()) {
            r.add(
                &path!["rules", i, "id"],
                &ctx,
                ProblemKind::DuplicateId,
                msg!("policy-duplicate-id"),
            );
        }
        let when = match &rr.when {
            Some(w) => match compile(w, &policy) {
                Ok(e) => {
                    check_fires(
                        &mut r,
                        &policy,
                        &e,
                        &path!["rules", i, "when"],
                        &ctx,
                        "rule",
                    );
                    Some(e)
                }
                Err(e) => {
                    r.expr(
                        &path!["rules", i, "when"],
                        &ctx,
                        &format!("condition `{w}`"),
                        e,
                    );
                    None
                }
            },
            None => None,
        };
        let mut ok = rr.when.is_none() || when.is_some();
        if rr.items.is_empty() {
            r.add(&at, &ctx, ProblemKind::Invalid, "has no items");
            ok = false;
        }
        let mut items = Vec::new();
        for (j, it) in rr.items.into_iter().enumerate() {
            let item_at = path!["rules", i, "items", j];
            let docs = match (it.doc, it.one_of) {
                (Some(d), None) => vec![d],
                (None, Some(list)) if list.len() >= 2 => list,
                (None, Some(_)) => {
                    r.add(
                        &item_at,
                        &ctx,
                        ProblemKind::Invalid,
                        "`one_of` needs at least two documents",
                    );
                    ok = false;
                    continue;
                }
                _ => {
                    r.add(
                        &item_at,
                        &ctx,
                        ProblemKind::Schema,
                        msg!("policy-item-no-doc"),
                    );
                    ok = false;
                    continue;
                }
            };
            let mut all_found = true;
            for d in &docs {
                if policy.documents.contains_key(d) {
                    continue;
                }
                let doc = if let Some(doc) = local_docs.get(d) {
                    Some(doc.clone())
                } else if let Some((layer, y)) = shared.document(d) {
                    let dat = path!["documents", d.as_str()];
                    let dctx = format!("document `{d}`");
                    let built = serde_yaml::from_value::<RawDocument>(y.clone())
                        .map_err(|e| CiteError {
                            kind: ProblemKind::Schema,
                            message: e.to_string().into(),
                        })
                        .and_then(|rd| b.document(d, rd));
                    match built {
                        Ok(doc) => Some(doc),
                        Err(e) => {
                            r.add_in(layer, &dat, &dctx, e.kind, e.message);
                            bad_docs.insert(d.clone());
                            Some(placeholder_doc(d))
                        }
                    }
                } else {
                    let mut ids: Vec<String> = local_docs.keys().cloned().collect();
                    ids.extend(shared.document_ids());
                    let hint = match did_you_mean(d, ids.iter().map(String::as_str)) {
                        Some(s) => msg!("did-you-mean", word = s).into(),
                        None => crate::util::i18n::Arg::Text(String::new()),
                    };
                    r.add(
                        &item_at,
                        &ctx,
                        ProblemKind::UndefinedDocument,
                        msg!(
                            "policy-undefined-document",
                            document = d.as_str(),
                            hint = hint
                        ),
                    );
                    None
                };
                match doc {
                    Some(doc) => {
                        policy.documents.insert(d.clone(), doc);
                    }
                    None => all_found = false,
                }
            }
            if !all_found {
                ok = false;
                continue;
            }
            let is_form = policy.documents[&docs[0]].category == Category::Form
                || bad_docs.contains(&docs[0]);
            let (copies, copies_counted) = match &it.copies {
                RawCopies::Count(n) => (*n, true),
                RawCopies::Word(w) if w == "unstated" => (1, false),
                RawCopies::Word(w) => {
                    r.add(
                        &item_at,
                        &ctx,
                        ProblemKind::Invalid,
                        not_allowed("copies", w, &["a number", "unstated"]),
                    );
                    ok = false;
                    continue;
                }
            };
            if !(it.original || copies > 0 || it.upload || is_form) {
                r.add(
                    &item_at,
                    &ctx,
                    ProblemKind::Invalid,
                    msg!("policy-item-asks-nothing", document = &docs[0]),
                );
                ok = false;
                continue;
            }
            items.push(ItemSpec {
                docs,
                original: it.original,
                copies,
                copies_counted,
                upload: it.upload,
                note: it.note,
            });
        }
        let source = match b.cites(rr.source.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                r.add(&path!["rules", i, "source"], &ctx, e.kind, e.message);
                Vec::new()
            }
        };
        if ok {
            policy.rules.push(Rule {
                id: rr.id,
                when,
                when_text: rr.when_text,
                items,
                may_be_requested: rr.may_be_requested,
                source,
            });
        }
    }
    for id in local_docs.keys() {
        if !policy.documents.contains_key(id) {
            r.add(
                &path!["documents", id.as_str()],
                &format!("document `{id}`"),
                ProblemKind::UnusedDocument,
                msg!("policy-unused-document"),
            );
        }
    }
    for id in &bad_docs {
        policy.documents.remove(id);
    }
    // A rule that names a broken document is dropped, so the policy stays consistent.
    policy.rules.retain(|rule| {
        rule.items
            .iter()
            .flat_map(|s| &s.docs)
            .all(|d| !bad_docs.contains(d))
    });

    let mut seen_checks = BTreeSet::new();
    for (i, c) in raw.checks.into_iter().enumerate() {
        let at = path!["checks", i];
        let ctx = format!("check `{}`", c.id);
        if !seen_checks.insert(c.id.clone()) {
            r.add(
                &path!["checks", i, "id"],
                &ctx,
                ProblemKind::DuplicateId,
                msg!("policy-duplicate-id"),
            );
        }
        let level = Level::parse(&c.level);
        if level.is_none() {
            r.add(
                &path!["checks", i, "level"],
                &ctx,
                ProblemKind::Invalid,
                not_allowed("level", &c.level, &["block", "warn", "info"]),
            );
        }
        let when = match compile(&c.when, &policy) {
            Ok(e) => {
                check_fires(
                    &mut r,
                    &policy,
                    &e,
                    &path!["checks", i, "when"],
                    &ctx,
                    "check",
                );
                Some(e)
            }
            Err(e) => {
                r.expr(
                    &path!["checks", i, "when"],
                    &ctx,
                    &format!("condition `{}`", c.when),
                    e,
                );
                None
            }
        };
        for (key, text) in std::iter::once(("text", &c.text))
            .chain(c.if_unknown.iter().map(|t| ("if_unknown", t)))
            .chain(c.if_assumed.iter().map(|t| ("if_assumed", t)))
        {
            check_placeholders(&mut r, &policy, text, &path!["checks", i, key], &ctx);
        }
        if let (Some(_), Some(when)) = (&c.if_assumed, &when) {
            let defaulted = when
                .facts()
                .iter()
                .any(|k| policy.fact(k).is_some_and(|f| f.default.is_some()));
            if !defaulted {
                r.add(
                    &path!["checks", i, "if_assumed"],
                    &ctx,
                    ProblemKind::Invalid,
                    msg!("policy-if-assumed-no-default"),
                );
            }
        }
        if c.if_unknown.is_none() {
            needs_if_unknown(&mut r, &policy, &c.text, &path!["checks", i, "text"], &ctx);
        }
        let source = match b.cites(c.source.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                r.add(&at, &ctx, e.kind, e.message);
                Vec::new()
            }
        };
        if let (Some(level), Some(when)) = (level, when) {
            policy.checks.push(Check {
                id: c.id,
                level,
                when,
                when_text: c.when_text,
                text: c.text,
                if_unknown: c.if_unknown,
                if_assumed: c.if_assumed,
                source,
            });
        }
    }

    for (i, p) in raw.procedure.into_iter().enumerate() {
        let at = path!["procedure", i];
        let ctx = format!("procedure entry {} ({})", i + 1, p.topic);
        let topic = Topic::parse(&p.topic);
        if topic.is_none() {
            r.add(
                &path!["procedure", i, "topic"],
                &ctx,
                ProblemKind::Invalid,
                not_allowed("topic", &p.topic, Topic::WORDS),
            );
        }
        let mut when_ok = true;
        let when = match &p.when {
            Some(w) => match compile(w, &policy) {
                Ok(e) => {
                    let wat = path!["procedure", i, "when"];
                    check_fires(&mut r, &policy, &e, &wat, &ctx, "line");
                    Some(e)
                }
                Err(e) => {
                    r.expr(
                        &path!["procedure", i, "when"],
                        &ctx,
                        &format!("condition `{w}`"),
                        e,
                    );
                    when_ok = false;
                    None
                }
            },
            None => None,
        };
        for (key, text) in
            std::iter::once(("text", &p.text)).chain(p.if_unknown.iter().map(|t| ("if_unknown", t)))
        {
            check_placeholders(&mut r, &policy, text, &path!["procedure", i, key], &ctx);
        }
        if p.if_unknown.is_none() {
            needs_if_unknown(
                &mut r,
                &policy,
                &p.text,
                &path!["procedure", i, "text"],
                &ctx,
            );
        }
        let source = match b.cites(p.source.as_ref()) {
            Ok(s) => s,
            Err(e) => {
                r.add(&at, &ctx, e.kind, e.message);
                Vec::new()
            }
        };
        if let (Some(topic), true) = (topic, when_ok) {
            policy.procedure.push(ProcedureEntry {
                topic,
                when,
                text: p.text,
                if_unknown: p.if_unknown,
                source,
            });
        }
    }

    policy.sources = b.sources.into_values().collect();
    (policy, r.problems)
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
