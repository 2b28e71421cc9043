//! The rule engine: a policy and an applicant's situation in, a [`Checklist`] out.
//!
//! `decide` decides a condition over every answer a person could still give; the engine
//! builds the checklist with it (`items` makes one line per paper, `verdict` the
//! eligibility, `wording` the texts that name answers); `explain` says why each line is
//! there; `relevance` and `questions` say which questions can still change the checklist.

pub mod compare;
pub mod decide;
pub mod explain;
mod items;
pub mod plan;
pub mod questions;
pub mod relevance;
mod verdict;
mod wording;

use verdict::eligibility;
use wording::words;

use crate::engine::decide::{Answers, Decision};
use crate::engine::explain::{
    why, CheckTrace, FactValue, RuleTrace, Trace, TracedDoc, Verdict, Why,
};
use crate::model::applicant::Applicant;
use crate::model::checklist::{
    ApplicantInfo, Checklist, FactEntry, Item, KeyDate, Notice, PolicyInfo, ProcedureLine,
};
use crate::model::fact::Value;
use crate::model::idnumber;
use crate::model::policy::{Authority, Check, Cite, Level, Policy, Topic};
use crate::util::i18n::{tr, Lang};
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// Choices that change what the checklist shows, not what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Print the ID number in full instead of masked.
    pub show_id: bool,
    /// The digest of the templates the checklist will be printed with, for its
    /// fingerprint; `None` for the built-in ones.
    pub templates: Option<[u8; 32]>,
}

/// One question with its answer (or 未提供) as outputs show it.
pub(crate) fn fact_entry(
    f: &crate::model::fact::Fact,
    value: Option<Value>,
    assumed: bool,
    matters: bool,
) -> FactEntry {
    let value_label = match &value {
        Some(v) => f.value_label(v),
        None => tr(Lang::Zh, "answer-unknown"),
    };
    FactEntry {
        key: f.key.clone(),
        label: f.label.clone(),
        value,
        value_label,
        assumed,
        matters,
        form: f.form,
    }
}

/// Builds the checklist for one applicant on one date.
pub fn evaluate(
    policy: &Policy,
    applicant: &Applicant,
    as_of: NaiveDate,
    opts: Options,
) -> Checklist {
    build(policy, applicant, as_of, opts, None)
}

/// Id of the notice shown when the policy was last verified more than a year before.
pub const NOT_VERIFIED: &str = "policy-not-verified";

/// The warning for a policy last verified more than 12 months before `as_of`.
fn not_verified(policy: &Policy, as_of: NaiveDate) -> Option<(Notice, CheckTrace)> {
    let stale = policy
        .last_verified
        .checked_add_months(Months::new(12))
        .is_some_and(|limit| as_of > limit);
    if !stale {
        return None;
    }
    let text = format!(
        "本清单依据的政策最后核对于 {}，距办理日期已超过 12 个月，办理要求可能已有变化：请向窗口核实最新要求。",
        policy.last_verified.format("%Y-%m-%d")
    );
    let source = vec![Cite {
        document: policy.file.clone(),
        section: "last_verified".to_string(),
        authority: Authority::Background,
    }];
    let why = Why {
        verdict: Verdict::Applies,
        condition: Some("as_of > last_verified + 12 months".to_string()),
        words: Some("政策最后核对距办理日期超过 12 个月".to_string()),
        because: vec![FactValue {
            key: "as_of".to_string(),
            label: "办理日期".to_string(),
            value: Some(Value::Date(as_of)),
            value_label: as_of.format("%Y-%m-%d").to_string(),
            assumed: false,
        }],
        missing: Vec::new(),
        open: None,
    };
    let notice = Notice {
        id: NOT_VERIFIED.to_string(),
        level: Level::Warn,
        text: text.clone(),
        source: source.clone(),
        conditional: false,
        condition: None,
        self_check: false,
    };
    let trace = CheckTrace {
        id: NOT_VERIFIED.to_string(),
        level: Level::Warn,
        why,
        text,
        source,
    };
    Some((notice, trace))
}

/// Builds the checklist and the trace of every rule and check behind it. Each item's
/// `reason` is taken from the trace.
pub fn evaluate_traced(
    policy: &Policy,
    applicant: &Applicant,
    as_of: NaiveDate,
    opts: Options,
) -> (Checklist, Trace) {
    let mut trace = Trace {
        policy: policy.id.clone(),
        version: policy.version.clone(),
        effective: policy.effective,
        as_of,
        rules: Vec::new(),
        checks: Vec::new(),
        assumed: applicant.assumed.clone(),
    };
    let checklist = build(policy, applicant, as_of, opts, Some(&mut trace));
    trace.mark_assumed();
    (checklist, trace)
}

/// The checklist, and with `trace` the story of every rule and check. Without a trace,
/// rules and checks that do not apply are passed over without describing them.
fn build(
    policy: &Policy,
    applicant: &Applicant,
    as_of: NaiveDate,
    opts: Options,
    mut trace: Option<&mut Trace>,
) -> Checklist {
    let answers = Answers::new(policy, applicant.env(as_of));
    let env = answers.env();
    let dates = policy
        .dates
        .iter()
        .filter_map(|d| match env.get(&d.key) {
            Some(Value::Date(date)) => Some(KeyDate {
                key: d.key.clone(),
                label: d.label.clone(),
                date: *date,
                earliest: d.earliest,
                source: d.source.clone(),
            }),
            _ => None,
        })
        .collect();
    // The unanswered facts whose answers can still change the papers or the verdict.
    let mut open_facts: BTreeSet<String> = BTreeSet::new();
    let (notices, blocking) = notices(
        policy,
        applicant,
        &answers,
        as_of,
        trace.as_deref_mut(),
        &mut open_facts,
    );
    let eligibility = eligibility(policy, &answers, &blocking);
    let items = papers(policy, &answers, trace, &mut open_facts);
    let procedure = procedure(policy, &answers);

    Checklist {
        policy: PolicyInfo {
            id: policy.id.clone(),
            title: policy.title.clone(),
            title_en: policy.title_en.clone(),
            city: policy.city.clone(),
            city_name: policy.city_name.clone(),
            version: policy.version.clone(),
            effective: policy.effective,
            last_verified: policy.last_verified,
            fingerprint: policy.fingerprint(opts.templates.as_ref()),
            summary: policy.summary.clone(),
            sources: policy.sources.clone(),
        },
        applicant: applicant_info(policy, applicant, as_of, opts, &open_facts),
        as_of,
        eligible: eligibility.eligible(),
        eligibility,
        dates,
        notices,
        items,
        procedure,
        first: None,
    }
}

/// The notices of the policy's checks (and of a policy not verified for a year), the block
/// checks that may hold, and into `open_facts` the unanswered facts a block or warn check
/// still depends on.
fn notices<'p>(
    policy: &'p Policy,
    applicant: &Applicant,
    answers: &Answers<'_>,
    as_of: NaiveDate,
    mut trace: Option<&mut Trace>,
    open_facts: &mut BTreeSet<String>,
) -> (Vec<Notice>, Vec<(&'p Check, Decision)>) {
    let env = answers.env();
    let mut notices = Vec::new();
    let mut blocking: Vec<(&Check, Decision)> = Vec::new();
    // The same answers without the defaults taken for blank questions: a check that
    // holds for none of the defaults may still hold for the person (实际在住).
    let unassumed = (!applicant.assumed.is_empty()).then(|| {
        let mut env = env.clone();
        for key in &applicant.assumed {
            env.remove(key);
        }
        Answers::new(policy, env)
    });
    for c in &policy.checks {
        let decision = answers.decide(Some(&c.when));
        if let (Some(text), Decision::Excluded, Some(unassumed)) =
            (&c.if_assumed, &decision, &unassumed)
        {
            if unassumed.decide(Some(&c.when)) != Decision::Excluded {
                notices.push(Notice {
                    id: c.id.clone(),
                    level: Level::Info,
                    text: words(text, None, &[], answers),
                    source: c.source.clone(),
                    conditional: false,
                    condition: None,
                    self_check: true,
                });
            }
        }
        if let (Decision::Open(o), false) = (&decision, c.level == Level::Info) {
            open_facts.extend(o.facts.iter().cloned());
        }
        if c.level == Level::Block && decision != Decision::Excluded {
            blocking.push((c, decision.clone()));
        }
        if trace.is_none() && decision == Decision::Excluded {
            continue;
        }
        let why = why(Some(&c.when), c.when_text.as_deref(), &decision, answers);
        let conditional = why.verdict == Verdict::Unknown;
        let open_facts = match &decision {
            Decision::Open(o) => o.facts.as_slice(),
            _ => &[],
        };
        let text = words(&c.text, c.if_unknown.as_deref(), open_facts, answers);
        let level = if conditional && c.level == Level::Block {
            Level::Warn
        } else {
            c.level
        };
        if why.verdict != Verdict::NotNeeded {
            notices.push(Notice {
                id: c.id.clone(),
                level,
                text: text.clone(),
                source: c.source.clone(),
                conditional,
                condition: why.open.clone(),
                self_check: false,
            });
        }
        if let Some(trace) = trace.as_deref_mut() {
            trace.checks.push(CheckTrace {
                id: c.id.clone(),
                level,
                why,
                text,
                source: c.source.clone(),
            });
        }
    }
    if let Some((notice, t)) = not_verified(policy, as_of) {
        notices.push(notice);
        if let Some(trace) = trace {
            trace.checks.push(t);
        }
    }
    notices.sort_by_key(|n| n.level);

    (notices, blocking)
}

/// The papers: one line per paper from every rule that may apply, and into `open_facts`
/// the unanswered facts a rule still depends on.
fn papers(
    policy: &Policy,
    answers: &Answers<'_>,
    mut trace: Option<&mut Trace>,
    open_facts: &mut BTreeSet<String>,
) -> Vec<Item> {
    let has_official = policy
        .sources
        .iter()
        .any(|s| s.authority == Authority::Official);
    let mut items: Vec<Item> = Vec::new();
    for rule in &policy.rules {
        let decision = answers.decide(rule.when.as_ref());
        if let Decision::Open(o) = &decision {
            open_facts.extend(o.facts.iter().cloned());
        }
        if trace.is_none() && decision == Decision::Excluded {
            continue;
        }
        let why = why(
            rule.when.as_ref(),
            rule.when_text.as_deref(),
            &decision,
            answers,
        );
        if let Some(trace) = trace.as_deref_mut() {
            trace.rules.push(RuleTrace {
                id: rule.id.clone(),
                why: why.clone(),
                items: rule
                    .items
                    .iter()
                    .map(|spec| TracedDoc {
                        id: spec.docs[0].clone(),
                        name: policy.documents[&spec.docs[0]].name.clone(),
                    })
                    .collect(),
                source: rule.source.clone(),
            });
        }
        let conditional = match why.verdict {
            Verdict::NotNeeded => continue,
            Verdict::Applies => false,
            Verdict::Unknown => true,
        };
        let condition = why.open.clone();
        let reason = why.reason();
        let may_be_requested = rule.may_be_requested
            || (has_official
                && !rule
                    .source
                    .iter()
                    .any(|c| c.authority == Authority::Official));
        for spec in &rule.items {
            let line = items::Line {
                rule,
                spec,
                reason: &reason,
                conditional,
                condition: &condition,
                may_be_requested,
            };
            items::merge(&mut items, line.item(policy));
        }
    }
    for item in &mut items {
        items::decide_merged(item, policy, answers);
    }
    // Stable order: by group, then in the order the rules list them.
    items.sort_by_key(|i| i.group);

    items
}

/// The procedure lines that may apply, by topic, each with the case it is for.
fn procedure(policy: &Policy, answers: &Answers<'_>) -> BTreeMap<Topic, Vec<ProcedureLine>> {
    let mut procedure: BTreeMap<_, Vec<ProcedureLine>> = BTreeMap::new();
    for p in &policy.procedure {
        let condition = match answers.decide(p.when.as_ref()) {
            Decision::Excluded => continue,
            Decision::Certain => None,
            Decision::Open(o) => Some(o.when.describe(policy)),
        };
        procedure.entry(p.topic).or_default().push(ProcedureLine {
            text: words(&p.text, p.if_unknown.as_deref(), &[], answers),
            source: p.source.clone(),
            condition,
        });
    }

    procedure
}

fn applicant_info(
    policy: &Policy,
    a: &Applicant,
    as_of: NaiveDate,
    opts: Options,
    open_facts: &BTreeSet<String>,
) -> ApplicantInfo {
    let facts = policy
        .asked_facts()
        // A form fact only when answered; a self-check fact taken at its default is
        // said by its 办理前请自查 line instead.
        .filter(|f| !f.form || a.values.contains_key(&f.key))
        .filter(|f| !(f.self_check && a.assumed.contains(&f.key)))
        .map(|f| {
            let mut value = a.values.get(&f.key).cloned();
            if let (Some(Value::Text(id)), false) = (&value, opts.show_id) {
                if f.key.ends_with("id_number") {
                    value = Some(Value::Text(idnumber::mask(id)));
                }
            }
            let matters = a.values.contains_key(&f.key) || open_facts.contains(&f.key);
            fact_entry(f, value, a.assumed.contains(&f.key), matters)
        })
        .collect();
    ApplicantInfo {
        name: a.name.clone(),
        id_number: a.id_number.as_ref().map(|id| {
            if opts.show_id {
                id.clone()
            } else {
                idnumber::mask(id)
            }
        }),
        birth_date: a.birth_date,
        age: a.age_on(as_of),
        facts,
        ignored: a.ignored.clone(),
        ignored_labels: a.ignored_labels.clone(),
    }
}
