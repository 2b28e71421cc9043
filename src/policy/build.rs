//! Turns parsed YAML into a checked [`Policy`]: every reference resolved, every
//! condition type-checked against the declared facts.

use super::raw::{RawCites, RawCommon, RawDocument, RawFact, RawFactRef, RawPolicy, RawSource};
use super::{
    Authority, Category, Check, Cite, DateDef, Document, ItemSpec, Level, Policy, ProcedureEntry,
    ProvidedBy, Rule, Source, Topic,
};
use crate::expr::{compile, compile_date, FactTable};
use crate::fact::{Choice, Fact, FactType};
use crate::suggest::did_you_mean;
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value as Yaml};
use std::collections::BTreeMap;

/// Where in a policy a problem is, for messages: "rule `x`", "fact `y`".
type Ctx = String;

/// Shared definitions visible to one policy: the global library, then the city's.
pub struct Shared<'a> {
    pub layers: Vec<&'a RawCommon>,
}

impl Shared<'_> {
    fn fact(&self, key: &str) -> Option<Result<RawFact, String>> {
        let k = Yaml::String(key.to_string());
        self.layers.iter().rev().find_map(|l| {
            l.facts
                .get(&k)
                .map(|v| serde_yaml::from_value(v.clone()).map_err(|e| e.to_string()))
        })
    }

    fn fact_keys(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| l.facts.keys().filter_map(|k| k.as_str().map(String::from)))
            .collect()
    }

    fn source(&self, id: &str) -> Option<&RawSource> {
        self.layers.iter().rev().find_map(|l| l.sources.get(id))
    }

    fn document(&self, id: &str) -> Option<&Yaml> {
        let k = Yaml::String(id.to_string());
        self.layers.iter().rev().find_map(|l| l.documents.get(&k))
    }

    fn document_ids(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.documents
                    .keys()
                    .filter_map(|k| k.as_str().map(String::from))
            })
            .collect()
    }
}

/// The facts every policy has.
pub fn builtin_facts() -> Vec<Fact> {
    let f = |key: &str, ty: FactType, label: &str, question: &str, derived: bool| Fact {
        key: key.to_string(),
        ty,
        label: label.to_string(),
        label_en: None,
        question: question.to_string(),
        help: None,
        default: None,
        required: false,
        builtin: true,
        derived,
    };
    vec![
        f("name", FactType::Text, "姓名", "申请人姓名", false),
        f(
            "id_number",
            FactType::Text,
            "身份证号",
            "申请人的18位居民身份证号码",
            false,
        ),
        f(
            "birth_date",
            FactType::Date,
            "出生日期",
            "申请人的出生日期",
            false,
        ),
        f("as_of", FactType::Date, "办理日期", "打算办理的日期", true),
        f(
            "age",
            FactType::Integer,
            "年龄",
            "办理日期时的周岁年龄",
            true,
        ),
    ]
}

fn date(s: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{what} `{s}` is not a real date of the form YYYY-MM-DD"))
}

fn must<T>(v: Option<T>, what: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("`{what}` is missing"))
}

/// Builds a fact from its shared definition narrowed by the policy's entry.
fn fact_from(key: &str, base: Option<RawFact>, local: RawFact) -> Result<Fact, String> {
    let base = base.unwrap_or_default();
    let ty_word = local.ty.or(base.ty);
    let ty_word = must(ty_word, "type")?;
    let values = local.values.or(base.values);
    let mut ty = match ty_word.as_str() {
        "bool" => FactType::Bool,
        "integer" => FactType::Integer,
        "date" => FactType::Date,
        "text" => FactType::Text,
        "enum" => {
            let values = must(values, "values")?;
            FactType::Enum(choices(&values)?)
        }
        other => {
            return Err(format!(
                "type `{other}` is not allowed; allowed: bool, integer, date, text, enum"
            ))
        }
    };
    if let Some(only) = local.only {
        let FactType::Enum(all) = &ty else {
            return Err("`only` narrows enum facts only".to_string());
        };
        let mut kept = Vec::new();
        for v in &only {
            match all.iter().find(|c| &c.value == v) {
                Some(c) => kept.push(c.clone()),
                None => {
                    return Err(format!(
                        "`only` names `{v}`, which is not one of its values ({})",
                        all.iter()
                            .map(|c| c.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        }
        ty = FactType::Enum(kept);
    }
    let mut fact = Fact {
        key: key.to_string(),
        ty,
        label: must(local.label.or(base.label), "label")?,
        label_en: local.label_en.or(base.label_en),
        question: must(local.question.or(base.question), "question")?,
        help: local.help.or(base.help),
        default: None,
        required: local.required.or(base.required).unwrap_or(false),
        builtin: false,
        derived: false,
    };
    if let Some(d) = local.default.or(base.default) {
        fact.default =
            Some(crate::applicant::convert(&fact, &d).map_err(|e| format!("default: {e}"))?);
    }
    Ok(fact)
}

fn choices(values: &Mapping) -> Result<Vec<Choice>, String> {
    let mut out = Vec::new();
    for (k, v) in values {
        let value = match k {
            Yaml::String(s) => s.clone(),
            Yaml::Bool(_) => {
                return Err("enum values must be words; quote `yes`/`no`/`true`/`false`".to_string())
            }
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || value.is_empty() {
            return Err(format!(
                "enum value `{value}` must be a word of letters, digits and `_`"
            ));
        }
        let label = v
            .as_str()
            .ok_or_else(|| format!("enum value `{value}` needs a Chinese label as text"))?;
        out.push(Choice {
            value,
            label: label.to_string(),
        });
    }
    if out.is_empty() {
        return Err("an enum fact needs at least one value".to_string());
    }
    Ok(out)
}

struct Builder<'a> {
    shared: &'a Shared<'a>,
    local_sources: &'a BTreeMap<String, RawSource>,
    sources: BTreeMap<String, Source>,
}

impl Builder<'_> {
    fn cites(&mut self, raw: &RawCites) -> Result<Vec<Cite>, String> {
        let list = raw.clone().into_vec();
        if list.is_empty() {
            return Err("`source` is empty: cite the document and section".to_string());
        }
        let mut out = Vec::new();
        for c in list {
            let src = self
                .local_sources
                .get(&c.doc)
                .or_else(|| self.shared.source(&c.doc));
            let Some(src) = src else {
                let mut known: Vec<String> = self.local_sources.keys().cloned().collect();
                for l in &self.shared.layers {
                    known.extend(l.sources.keys().cloned());
                }
                return Err(format!(
                    "source `{}` is not declared; declared sources: {}",
                    c.doc,
                    known.join(", ")
                ));
            };
            if c.section.trim().is_empty() {
                return Err(format!("source `{}` names no section", c.doc));
            }
            let authority = match src.authority.as_str() {
                "official" => Authority::Official,
                "secondary" => Authority::Secondary,
                "background" => Authority::Background,
                other => {
                    return Err(format!(
                        "source `{}`: authority `{other}` is not allowed; allowed: official, secondary, background",
                        c.doc
                    ))
                }
            };
            self.sources.entry(c.doc.clone()).or_insert_with(|| Source {
                id: c.doc.clone(),
                file: src.file.clone(),
                title: src.title.clone(),
                authority,
            });
            out.push(Cite {
                document: src.file.clone(),
                section: c.section.clone(),
                authority,
            });
        }
        Ok(out)
    }

    fn document(&mut self, id: &str, raw: RawDocument) -> Result<Document, String> {
        let category = Category::parse(&raw.category).ok_or_else(|| {
            format!(
                "category `{}` is not allowed; allowed: {}",
                raw.category,
                Category::WORDS.join(", ")
            )
        })?;
        let provided_by = ProvidedBy::parse(&raw.provided_by).ok_or_else(|| {
            format!(
                "provided_by `{}` is not allowed; allowed: {}",
                raw.provided_by,
                ProvidedBy::WORDS.join(", ")
            )
        })?;
        Ok(Document {
            id: id.to_string(),
            name: raw.name,
            name_en: raw.name_en,
            category,
            provided_by,
            how_to_get: raw.how_to_get,
            note: raw.note,
            source: self.cites(&raw.source)?,
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

/// Builds and checks one policy. Errors carry the place inside the policy.
pub fn build(
    raw: RawPolicy,
    shared: &Shared,
    city: &str,
    city_name: &str,
    file: &str,
) -> Result<Policy, (Ctx, String)> {
    let top = |m: String| (String::new(), m);
    let mut b = Builder {
        shared,
        local_sources: &raw.sources,
        sources: BTreeMap::new(),
    };
    let effective = date(&raw.effective, "effective").map_err(top)?;
    let last_verified = date(&raw.last_verified, "last_verified").map_err(top)?;

    let mut facts = builtin_facts();
    for entry in raw.facts {
        let (key, local) = match entry {
            RawFactRef::Key(k) => (k, RawFact::default()),
            RawFactRef::Def(def) => {
                let key = def
                    .key
                    .clone()
                    .ok_or_else(|| top("a fact entry needs `key`".to_string()))?;
                (key, *def)
            }
        };
        let ctx = format!("fact `{key}`");
        if facts.iter().any(|f| f.key == key) {
            return Err((ctx, "is listed twice (or is built in)".to_string()));
        }
        let base = match shared.fact(&key) {
            Some(r) => Some(r.map_err(|e| (ctx.clone(), format!("shared definition: {e}")))?),
            None => None,
        };
        if base.is_none() && local.ty.is_none() {
            let keys = shared.fact_keys();
            let hint = did_you_mean(&key, keys.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err((
                ctx,
                format!("is not a shared fact{hint}; define it here with `type`, `label` and `question`"),
            ));
        }
        facts.push(fact_from(&key, base, local).map_err(|e| (ctx.clone(), e))?);
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
    };

    for d in raw.dates {
        let ctx = format!("date `{}`", d.key);
        if policy.fact(&d.key).is_some() {
            return Err((ctx, "has the same key as a fact".to_string()));
        }
        let value = compile_date(&d.value, &policy)
            .map_err(|e| (ctx.clone(), format!("`{}`: {e}", d.value)))?;
        let source = b.cites(&d.source).map_err(|e| (ctx.clone(), e))?;
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
        });
        policy.dates.push(DateDef {
            key: d.key,
            label: d.label,
            value,
            source,
        });
    }

    // Documents: the policy's own, then every shared one its rules name.
    let mut local_docs = BTreeMap::new();
    for (k, v) in raw.documents {
        let id = k.as_str().unwrap_or_default().to_string();
        let ctx = format!("document `{id}`");
        let rd: RawDocument =
            serde_yaml::from_value(v).map_err(|e| (ctx.clone(), e.to_string()))?;
        local_docs.insert(id.clone(), b.document(&id, rd).map_err(|e| (ctx, e))?);
    }

    let mut seen_rules = Vec::new();
    for r in raw.rules {
        let ctx = format!("rule `{}`", r.id);
        if seen_rules.contains(&r.id) {
            return Err((ctx, "the id is used twice".to_string()));
        }
        seen_rules.push(r.id.clone());
        let when = match &r.when {
            Some(w) => Some(
                compile(w, &policy).map_err(|e| (ctx.clone(), format!("condition `{w}`: {e}")))?,
            ),
            None => None,
        };
        if r.items.is_empty() {
            return Err((ctx, "has no items".to_string()));
        }
        let mut items = Vec::new();
        for it in r.items {
            let docs = match (it.doc, it.one_of) {
                (Some(d), None) => vec![d],
                (None, Some(list)) if list.len() >= 2 => list,
                (None, Some(_)) => {
                    return Err((ctx, "`one_of` needs at least two documents".to_string()))
                }
                _ => return Err((ctx, "each item needs either `doc` or `one_of`".to_string())),
            };
            for d in &docs {
                if !policy.documents.contains_key(d) {
                    let doc = if let Some(doc) = local_docs.get(d) {
                        doc.clone()
                    } else if let Some(y) = shared.document(d) {
                        let rd: RawDocument = serde_yaml::from_value(y.clone())
                            .map_err(|e| (format!("document `{d}`"), e.to_string()))?;
                        b.document(d, rd)
                            .map_err(|e| (format!("document `{d}`"), e))?
                    } else {
                        let mut ids: Vec<String> = local_docs.keys().cloned().collect();
                        ids.extend(shared.document_ids());
                        let hint = did_you_mean(d, ids.iter().map(String::as_str))
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default();
                        return Err((ctx, format!("document `{d}` is not defined{hint}")));
                    };
                    policy.documents.insert(d.clone(), doc);
                }
            }
            let is_form = policy.documents[&docs[0]].category == Category::Form;
            if !(it.original || it.copies > 0 || it.upload || is_form) {
                return Err((
                    ctx,
                    format!(
                        "item `{}` asks for nothing: set `original`, `copies` or `upload`",
                        docs[0]
                    ),
                ));
            }
            items.push(ItemSpec {
                docs,
                original: it.original,
                copies: it.copies,
                upload: it.upload,
                note: it.note,
            });
        }
        let source = b.cites(&r.source).map_err(|e| (ctx.clone(), e))?;
        policy.rules.push(Rule {
            id: r.id,
            when,
            when_text: r.when_text,
            items,
            source,
        });
    }
    for (id, _) in local_docs.iter() {
        if !policy.documents.contains_key(id) {
            return Err((
                format!("document `{id}`"),
                "is defined but no rule uses it".to_string(),
            ));
        }
    }

    let mut seen_checks = Vec::new();
    for c in raw.checks {
        let ctx = format!("check `{}`", c.id);
        if seen_checks.contains(&c.id) {
            return Err((ctx, "the id is used twice".to_string()));
        }
        seen_checks.push(c.id.clone());
        let level = Level::parse(&c.level).ok_or_else(|| {
            (
                ctx.clone(),
                format!(
                    "level `{}` is not allowed; allowed: block, warn, info",
                    c.level
                ),
            )
        })?;
        let when = compile(&c.when, &policy)
            .map_err(|e| (ctx.clone(), format!("condition `{}`: {e}", c.when)))?;
        for text in std::iter::once(&c.text).chain(c.if_unknown.iter()) {
            for p in placeholders(text) {
                if policy.fact(p).is_none() {
                    return Err((
                        ctx,
                        format!("text names `{{{p}}}`, which is not a fact or date of this policy"),
                    ));
                }
            }
        }
        let source = b.cites(&c.source).map_err(|e| (ctx.clone(), e))?;
        policy.checks.push(Check {
            id: c.id,
            level,
            when,
            when_text: c.when_text,
            text: c.text,
            if_unknown: c.if_unknown,
            source,
        });
    }

    for (i, p) in raw.procedure.into_iter().enumerate() {
        let ctx = format!("procedure entry {} ({})", i + 1, p.topic);
        let topic = Topic::parse(&p.topic).ok_or_else(|| {
            (
                ctx.clone(),
                format!(
                    "topic `{}` is not allowed; allowed: {}",
                    p.topic,
                    Topic::WORDS.join(", ")
                ),
            )
        })?;
        let when = match &p.when {
            Some(w) => Some(
                compile(w, &policy).map_err(|e| (ctx.clone(), format!("condition `{w}`: {e}")))?,
            ),
            None => None,
        };
        for name in placeholders(&p.text) {
            if policy.fact(name).is_none() {
                return Err((
                    ctx,
                    format!("text names `{{{name}}}`, which is not a fact or date of this policy"),
                ));
            }
        }
        let source = b.cites(&p.source).map_err(|e| (ctx.clone(), e))?;
        policy.procedure.push(ProcedureEntry {
            topic,
            when,
            text: p.text,
            source,
        });
    }

    policy.sources = b.sources.into_values().collect();
    Ok(policy)
}
