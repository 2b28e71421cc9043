//! The plan: a city's path walked for one person from a day on.
//!
//! From the person's answers, the first step of the path whose condition holds is the next
//! one; its day is the start day or the latest of its `from` days; doing it changes the
//! answers as its `then` says, on that day, and the walk goes on from there. The walk
//! stops when no step applies, when a step comes round again (a yearly endorsement: the
//! plan shows it once and says it repeats), or when an unanswered question decides which
//! step comes next or on which day: the plan then says which questions.
//!
//! Conditions are decided over every answer the person could still give
//! ([`decide`](super::decide)): a step is next for certain, or the plan stops and says on
//! what the next step depends. The checklists of the steps are made by the caller, with
//! [`PlanStep::answers`].

use crate::engine::decide::{with_dates, Answers, Decision};
use crate::model::applicant::{age_on, Applicant};
use crate::model::checklist::FactEntry;
use crate::model::expr::{Env, Expr, FactTable};
use crate::model::fact::Value;
use crate::model::plan::{
    ConditionalDate, FactRef, OpenNext, OpenStep, PathInfo, Plan, PlanApplicant, PlanStep, StepDate,
};
use crate::model::policy::path::{Bound, Path, Step};
use crate::model::policy::{Library, Policy};
use crate::util::i18n::{tr, Lang};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// More steps than this are not walked: a path that loops without end (which `doclist
/// check` reports) still gives a plan.
pub const MAX_STEPS: usize = 12;

/// How the walk ended, for `doclist check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// No step applies any more.
    Done,
    /// A step came round again; `forward`: the answers moved since it came first (a
    /// date a year on), so walking on would not repeat the same day for ever.
    Again { step: String, forward: bool },
    /// An unanswered question decides the next step, or the day of the last one.
    Open,
    /// [`MAX_STEPS`] steps were walked.
    TooLong,
}

/// Walks the path for the applicant from `as_of`. The steps have no checklists yet.
pub fn walk(path: &Path, lib: &Library, applicant: &Applicant, as_of: NaiveDate) -> (Plan, End) {
    let terms = &path.terms;
    let mut plan = Plan {
        city: path.city.clone(),
        city_name: path.city_name.clone(),
        title: path.title.clone(),
        summary: path.summary.clone(),
        as_of,
        path: PathInfo {
            file: path.file.clone(),
            version: terms.version.clone(),
            effective: terms.effective,
            last_verified: terms.last_verified,
            fingerprint: terms.fingerprint(None),
            sources: terms.sources.clone(),
        },
        applicant: PlanApplicant {
            name: applicant.name.clone(),
            birth_date: applicant.birth_date,
            facts: asked(terms, applicant),
        },
        steps: Vec::new(),
        open: None,
    };
    let mut given: Env = applicant.env(as_of);
    let counted: Vec<(String, i64)> = path
        .monthly
        .iter()
        .filter_map(|k| match given.get(k) {
            Some(Value::Integer(n)) => Some((k.clone(), *n)),
            _ => None,
        })
        .collect();
    let mut changed: BTreeMap<String, Value> = BTreeMap::new();
    let mut seen: Vec<(String, Env)> = Vec::new();
    let mut day = as_of;
    for _ in 0..MAX_STEPS {
        set_day(&mut given, applicant, day);
        grow(&mut given, &mut changed, &counted, as_of, day);
        let answers = Answers::new(terms, given.clone());
        let step = match next(path, lib, &answers) {
            Next::Step(step) => step,
            Next::None => return (plan, End::Done),
            Next::Open(open) => {
                plan.open = Some(open);
                return (plan, End::Open);
            }
        };
        let state = without_day(&given);
        if let Some((_, before)) = seen.iter().find(|(id, _)| *id == step.id) {
            let forward = *before != state;
            if let Some(first) = plan.steps.iter_mut().rev().find(|s| s.id == step.id) {
                first.again = step.again.clone();
            }
            let end = End::Again {
                step: step.id.clone(),
                forward,
            };
            return (plan, end);
        }
        seen.push((step.id.clone(), state));
        let first = plan.steps.is_empty();
        let mut planned = timing(step, &answers, &changed, (day, as_of), first);
        planned.number = plan.steps.len() + 1;
        planned.title = title(lib, &step.procedure);
        planned.because = step
            .when_text
            .clone()
            .unwrap_or_else(|| step.when.describe(terms));
        if let Some(date) = planned.date {
            grow(&mut given, &mut changed, &counted, as_of, date);
        }
        planned.answers = changed
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(step.with.iter().cloned())
            .collect();
        let Some(date) = planned.date else {
            plan.steps.push(planned);
            return (plan, End::Open);
        };
        plan.steps.push(planned);
        // Doing the step, on its day.
        set_day(&mut given, applicant, date);
        let after = with_dates(terms, given.clone());
        for (key, value) in &step.then {
            match value.value(&after) {
                Some(v) => {
                    given.insert(key.clone(), v.clone());
                    changed.insert(key.clone(), v);
                }
                None => {
                    given.remove(key);
                    changed.remove(key);
                }
            }
        }
        day = date;
    }
    (plan, End::TooLong)
}

/// What comes next.
enum Next<'a> {
    Step(&'a Step),
    None,
    Open(OpenNext),
}

/// The first step whose condition holds for certain, unless a step before it may hold.
fn next<'a>(path: &'a Path, lib: &Library, answers: &Answers<'_>) -> Next<'a> {
    let terms = &path.terms;
    let mut maybe: Vec<(&Step, String)> = Vec::new();
    let mut depends: Vec<String> = Vec::new();
    for step in &path.steps {
        match answers.decide(Some(&step.when)) {
            Decision::Excluded => {}
            Decision::Certain => {
                if maybe.is_empty() {
                    return Next::Step(step);
                }
                maybe.push((step, tr(Lang::Zh, "plan-otherwise")));
                break;
            }
            Decision::Open(open) => {
                for f in open.facts {
                    if !depends.contains(&f) {
                        depends.push(f);
                    }
                }
                maybe.push((step, open.when.describe(terms)));
            }
        }
    }
    if maybe.is_empty() {
        return Next::None;
    }
    Next::Open(OpenNext {
        steps: maybe
            .into_iter()
            .map(|(s, condition)| OpenStep {
                id: s.id.clone(),
                procedure: s.procedure.clone(),
                title: title(lib, &s.procedure),
                condition,
            })
            .collect(),
        depends_on: fact_refs(terms, &depends),
    })
}

/// The step with its days: the latest `from` that holds, its `until`, whether it is late.
/// A step without a `from` day after the first is due by its `until` day: the plan puts
/// it there rather than on the day the step before it is done.
fn timing(
    step: &Step,
    answers: &Answers<'_>,
    changed: &BTreeMap<String, Value>,
    (day, start): (NaiveDate, NaiveDate),
    first: bool,
) -> PlanStep {
    let terms = answers.policy();
    let env = answers.env();
    let estimated = |e: &Expr| reads(e, terms).iter().any(|k| changed.contains_key(k));
    let dated = |b: &Bound| StepDate {
        label: b.label.clone(),
        date: b.value.date(env),
        estimated: estimated(&b.value),
    };
    let mut from = Vec::new();
    let mut from_if = Vec::new();
    let mut depends: Vec<String> = Vec::new();
    let mut add_depends = |keys: Vec<String>| {
        for k in keys {
            if !depends.contains(&k) {
                depends.push(k);
            }
        }
    };
    for b in &step.from {
        match answers.decide(b.when.as_ref()) {
            Decision::Excluded => {}
            Decision::Certain => {
                let d = dated(b);
                if d.date.is_none() {
                    add_depends(answers.unanswered(&b.value));
                }
                from.push(d);
            }
            Decision::Open(open) => {
                let d = dated(b);
                let mut keys = open.facts.clone();
                if d.date.is_none() {
                    keys.extend(answers.unanswered(&b.value));
                }
                from_if.push(ConditionalDate {
                    label: d.label,
                    date: d.date,
                    estimated: d.estimated,
                    condition: open.when.describe(terms),
                    depends_on: fact_refs(terms, &keys),
                });
            }
        }
    }
    let earliest = from
        .iter()
        .try_fold(day, |latest, d| d.date.map(|d| latest.max(d)));
    // A conditional day later than the certain ones leaves the day open.
    let date = earliest.filter(|e| from_if.iter().all(|c| c.date.is_some_and(|d| d <= *e)));
    if let Some(e) = earliest {
        for c in &from_if {
            if c.date.is_none_or(|d| d > e) {
                add_depends(c.depends_on.iter().map(|f| f.key.clone()).collect());
            }
        }
    }
    let until = step.until.as_ref().map(dated);
    let due = until
        .as_ref()
        .and_then(|u| u.date)
        .filter(|_| step.from.is_empty() && !first);
    let date = match due {
        Some(u) => date.map(|d| d.max(u)),
        None => date,
    };
    let late = match (date, until.as_ref().and_then(|u| u.date)) {
        (Some(d), Some(u)) => d > u,
        _ => false,
    };
    PlanStep {
        number: 0,
        id: step.id.clone(),
        procedure: step.procedure.clone(),
        title: String::new(),
        because: String::new(),
        date,
        now: date == Some(start),
        from,
        from_if,
        until,
        late,
        depends_on: fact_refs(terms, &depends),
        keep: step.keep.clone(),
        again: None,
        source: step.source.clone(),
        checklist: None,
        error: None,
        answers: Vec::new(),
    }
}

/// The questions worth asking for a plan: those `answered`; those the plan says the next
/// step depends on; those a blank answer leaves to their default that the steps tried
/// before the first one read (已通过自动签注 for a permit holder); and those the days of
/// its steps read, but not what an earlier step of the plan sets (a newcomer is not asked
/// a registration date the plan makes). `age` stands for the birth date.
pub fn worth_asking(path: &Path, plan: &Plan, answered: BTreeSet<String>) -> BTreeSet<String> {
    let terms = &path.terms;
    let defaulted = |k: &String| terms.fact(k).is_some_and(|f| f.default.is_some());
    let mut out = answered;
    out.extend(
        plan.open
            .iter()
            .flat_map(|o| &o.depends_on)
            .map(|f| f.key.clone()),
    );
    let first = plan.steps.first().map(|s| s.id.as_str());
    for step in &path.steps {
        out.extend(reads(&step.when, terms).into_iter().filter(defaulted));
        if Some(step.id.as_str()) == first {
            break;
        }
    }
    let mut set: BTreeSet<String> = BTreeSet::new();
    for planned in &plan.steps {
        let Some(step) = path.step(&planned.id) else {
            continue;
        };
        for b in step.from.iter().chain(&step.until) {
            let mut keys = reads(&b.value, terms);
            if let Some(w) = &b.when {
                keys.extend(reads(w, terms));
            }
            out.extend(keys.into_iter().filter(|k| !set.contains(k)));
        }
        set.extend(step.then.iter().map(|(k, _)| k.clone()));
    }
    if out.remove("age") {
        out.insert("birth_date".to_string());
    }
    out
}

/// The procedure's title, as its newest policy has it.
fn title(lib: &Library, procedure: &str) -> String {
    lib.get(procedure)
        .map(|p| p.title.clone())
        .unwrap_or_else(|_| procedure.to_string())
}

/// The facts an expression reads, the path's dates written out as what they read.
pub fn reads(e: &Expr, terms: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for key in e.facts() {
        match terms.dates.iter().find(|d| d.key == key) {
            Some(d) => out.extend(reads(&d.value, terms)),
            None => out.push(key.to_string()),
        }
    }
    out
}

/// The questions behind fact keys, in the path's order (`age` as the birth date).
fn fact_refs(terms: &Policy, keys: &[String]) -> Vec<FactRef> {
    fn key_of(k: &str) -> &str {
        if k == "age" {
            "birth_date"
        } else {
            k
        }
    }
    let mut out: Vec<FactRef> = Vec::new();
    for f in &terms.facts {
        if keys.iter().any(|k| key_of(k) == f.key) && !out.iter().any(|r| r.key == f.key) {
            out.push(FactRef {
                key: f.key.clone(),
                label: f.label.clone(),
                question: f.question.clone(),
            });
        }
    }
    out
}

/// The path's questions with the applicant's answers.
fn asked(terms: &Policy, a: &Applicant) -> Vec<FactEntry> {
    terms
        .asked_facts()
        .map(|f| {
            let value = a.values.get(&f.key).cloned();
            super::fact_entry(f, value, a.assumed.contains(&f.key), true)
        })
        .collect()
}

/// Sets the monthly counts as they stand on `day`: what they were on `start`, and a month
/// more for each whole month since.
fn grow(
    env: &mut Env,
    changed: &mut BTreeMap<String, Value>,
    counted: &[(String, i64)],
    start: NaiveDate,
    day: NaiveDate,
) {
    let months = whole_months(start, day);
    for (key, at_start) in counted {
        let v = Value::Integer(at_start.saturating_add(months));
        if months > 0 {
            changed.insert(key.clone(), v.clone());
        }
        env.insert(key.clone(), v);
    }
}

/// Whole months from `a` to `b` (0 when `b` is not later).
fn whole_months(a: NaiveDate, b: NaiveDate) -> i64 {
    use chrono::Datelike;
    let months = i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
    let months = if b.day() < a.day() {
        months - 1
    } else {
        months
    };
    months.max(0)
}

/// Sets the day the answers are read on, and the age on it.
fn set_day(env: &mut Env, a: &Applicant, day: NaiveDate) {
    env.insert("as_of".to_string(), Value::Date(day));
    if let Some(b) = a.birth_date {
        env.insert("age".to_string(), Value::Integer(age_on(b, day)));
    }
}

/// The answers without the day they are read on.
fn without_day(env: &Env) -> Env {
    let mut e = env.clone();
    e.remove("as_of");
    e.remove("age");
    e
}
