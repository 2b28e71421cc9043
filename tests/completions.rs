//! The checklist of a partial applicant against a brute-force oracle: every completion of
//! the facts left out is rendered with the facts all known, and
//! - a paper is listed for certain exactly when every completion lists it, "if applicable"
//!   when some do, and not at all when none does;
//! - the verdict is true or false exactly when every completion agrees, null otherwise.
//!
//! The oracle knows nothing of how the engine decides: it fills choice and yes-or-no facts
//! with every value, whole numbers with every value from 0 to 60, dates with every day from
//! three years before to three years after the checklist's date, and birth dates with every
//! age from 0 to 90 (the day before, on and after each birthday).

use chrono::{Days, Months, NaiveDate};
use doclist::engine::{evaluate, Options};
use doclist::model::applicant::Applicant;
use doclist::model::fact::{FactType, Value};
use doclist::model::policy::{Library, Policy};
use std::collections::{BTreeMap, BTreeSet};

/// Partial applicants tried per policy.
const PER_POLICY: usize = 60;
/// More completions than this for one applicant: another set of facts is left out.
const MAX_COMPLETIONS: usize = 15_000;

/// A small deterministic generator (xorshift64*), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Every value the oracle tries for a fact.
fn every_value(key: &str, ty: &FactType) -> Vec<Value> {
    let day = as_of();
    match ty {
        FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactType::Enum(choices) => choices
            .iter()
            .map(|c| Value::Text(c.value.clone()))
            .collect(),
        FactType::Integer => (0..=60).map(Value::Integer).collect(),
        FactType::Date if key == "birth_date" => (0..=90u32)
            .flat_map(|age| {
                let birthday = day.checked_sub_months(Months::new(12 * age)).unwrap();
                [
                    birthday.pred_opt().unwrap(),
                    birthday,
                    birthday.succ_opt().unwrap(),
                ]
            })
            .filter(|d| *d <= day)
            .map(Value::Date)
            .collect(),
        FactType::Date => {
            let first = day.checked_sub_days(Days::new(3 * 365)).unwrap();
            (0..=6 * 365)
                .map(|n| Value::Date(first.checked_add_days(Days::new(n)).unwrap()))
                .collect()
        }
        FactType::Text => Vec::new(),
    }
}

/// The facts a partial applicant may leave out: asked facts without a default (a default
/// is taken for a blank answer) that are not free text, and the birth date.
fn may_leave_out(policy: &Policy) -> Vec<(String, FactType)> {
    let mut out: Vec<(String, FactType)> = policy
        .asked_facts()
        .filter(|f| f.default.is_none() && f.ty != FactType::Text && !f.form)
        .map(|f| (f.key.clone(), f.ty.clone()))
        .collect();
    out.push(("birth_date".to_string(), FactType::Date));
    out
}

fn applicant(values: &BTreeMap<String, Value>, policy: &Policy) -> Applicant {
    let mut facts = BTreeMap::new();
    let mut assumed = Vec::new();
    for f in policy.asked_facts() {
        match (values.get(&f.key), &f.default) {
            (Some(v), _) => {
                facts.insert(f.key.clone(), v.clone());
            }
            (None, Some(d)) => {
                facts.insert(f.key.clone(), d.clone());
                assumed.push(f.key.clone());
            }
            (None, None) => {}
        }
    }
    let birth_date = match values.get("birth_date") {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    if let Some(b) = birth_date {
        facts.insert("birth_date".to_string(), Value::Date(b));
    }
    Applicant {
        name: None,
        id_number: None,
        birth_date,
        values: facts,
        ignored: Vec::new(),
        ignored_labels: Vec::new(),
        assumed,
    }
}

/// A complete applicant drawn at random.
fn random_applicant(policy: &Policy, rng: &mut Rng) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    for (key, ty) in may_leave_out(policy) {
        let all = every_value(&key, &ty);
        values.insert(key, all[rng.below(all.len())].clone());
    }
    values
}

/// What a checklist says, as the oracle compares it: each paper certain or open, and the
/// verdict.
#[derive(Debug, PartialEq)]
struct Said {
    certain: BTreeSet<String>,
    open: BTreeSet<String>,
    eligible: Option<bool>,
}

fn said(policy: &Policy, values: &BTreeMap<String, Value>) -> Said {
    let c = evaluate(
        policy,
        &applicant(values, policy),
        as_of(),
        Options::default(),
    );
    let certain: BTreeSet<String> = c
        .items
        .iter()
        .filter(|i| !i.conditional)
        .map(|i| i.id.clone())
        .collect();
    let open = c
        .items
        .iter()
        .filter(|i| i.conditional && !certain.contains(&i.id))
        .map(|i| i.id.clone())
        .collect();
    Said {
        certain,
        open,
        eligible: c.eligible,
    }
}

/// The oracle: every completion of `left_out`, rendered with every fact known.
fn oracle(
    policy: &Policy,
    known: &BTreeMap<String, Value>,
    left_out: &[(String, Vec<Value>)],
) -> Said {
    let total: usize = left_out.iter().map(|(_, d)| d.len()).product();
    let mut present: BTreeMap<String, usize> = BTreeMap::new();
    let mut verdicts = BTreeSet::new();
    let mut pick = vec![0usize; left_out.len()];
    for _ in 0..total {
        let mut values = known.clone();
        for (i, (key, domain)) in left_out.iter().enumerate() {
            values.insert(key.clone(), domain[pick[i]].clone());
        }
        let s = said(policy, &values);
        assert!(
            s.open.is_empty(),
            "a complete applicant has an open paper: {s:?}"
        );
        for id in s.certain {
            *present.entry(id).or_default() += 1;
        }
        verdicts.insert(s.eligible);
        for (i, p) in pick.iter_mut().enumerate() {
            *p += 1;
            if *p < left_out[i].1.len() {
                break;
            }
            *p = 0;
        }
    }
    Said {
        certain: present
            .iter()
            .filter(|(_, n)| **n == total)
            .map(|(id, _)| id.clone())
            .collect(),
        open: present
            .iter()
            .filter(|(_, n)| **n < total)
            .map(|(id, _)| id.clone())
            .collect(),
        eligible: match verdicts.len() {
            1 => verdicts.into_iter().next().unwrap(),
            _ => None,
        },
    }
}

#[test]
fn a_partial_checklist_says_what_every_completion_says() {
    let lib = Library::embedded().unwrap();
    let mut rng = Rng(0x5eed_d0c1_157e_a5e5);
    let mut tried = 0;
    let mut open_verdicts = 0;
    let mut open_papers = 0;
    for policy in lib.policies() {
        let candidates = may_leave_out(policy);
        for _ in 0..PER_POLICY {
            let full = random_applicant(policy, &mut rng);
            // Up to four facts left out, with no more completions than the budget.
            let left_out = loop {
                let k = 1 + rng.below(4.min(candidates.len()));
                let mut chosen: Vec<usize> = Vec::new();
                while chosen.len() < k {
                    let i = rng.below(candidates.len());
                    if !chosen.contains(&i) {
                        chosen.push(i);
                    }
                }
                let left: Vec<(String, Vec<Value>)> = chosen
                    .iter()
                    .map(|i| {
                        let (key, ty) = &candidates[*i];
                        (key.clone(), every_value(key, ty))
                    })
                    .collect();
                let total = left
                    .iter()
                    .try_fold(1usize, |n, (_, d)| n.checked_mul(d.len()));
                if total.is_some_and(|n| n <= MAX_COMPLETIONS) {
                    break left;
                }
            };
            let mut known = full.clone();
            for (key, _) in &left_out {
                known.remove(key);
            }
            let partial = said(policy, &known);
            let truth = oracle(policy, &known, &left_out);
            let left: Vec<&str> = left_out.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(
                partial, truth,
                "{}: answers {known:?}, left out {left:?}",
                policy.id
            );
            tried += 1;
            open_verdicts += usize::from(partial.eligible.is_none());
            open_papers += partial.open.len();
        }
    }
    eprintln!(
        "completions: {tried} partial applicants, {open_verdicts} verdicts depend, {open_papers} open papers"
    );
    assert!(tried >= PER_POLICY * lib.policies().len());
    assert!(
        open_verdicts > 0 && open_papers > 0,
        "the search found nothing open"
    );
}
