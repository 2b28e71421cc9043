//! `doclist diff`: what a change of rules does, person by person.
//!
//! The same situations — the policies' scenarios, the rows of a sheet, or one applicant
//! file — are made into checklists under two rule sets (two policy folders, or one folder
//! on two dates), and [`compare`](crate::engine::compare) says what differs for each. Only
//! the people whose checklist changes are reported, with totals for all.

pub mod cases;
pub mod page;
pub mod text;

use crate::engine::compare::{compare, Change, Changes};
use crate::engine::Options;
use crate::frontend::request::{checklist_under_rules, RequestError};
use crate::model::applicant::RawInput;
use crate::model::policy::Library;
use crate::util::i18n::Lang;
use crate::Checklist;
use chrono::NaiveDate;
use serde::Serialize;

/// One situation to make a checklist of under both rule sets.
#[derive(Debug, Clone)]
pub struct Case {
    /// Who or what it is, as the report shows it (a scenario's name, a row's person).
    pub label: String,
    /// Where it comes from: a scenario file, a sheet's row, an applicant file.
    pub origin: String,
    /// The policy id when the input does not name one.
    pub policy: Option<String>,
    /// The day the situation is for.
    pub as_of: NaiveDate,
    pub raw: RawInput,
}

/// One rule set: a policy library, and the day whose versions it means (`None`: the
/// version in force on each case's own day).
pub struct Rules<'a> {
    pub library: &'a Library,
    pub on: Option<NaiveDate>,
    /// How the report names it: the folder, and the day when one is given.
    pub name: String,
}

/// One side of a person's comparison: the rules that made the checklist, or why none
/// was made.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One person or scenario whose checklist changes.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub label: String,
    pub origin: String,
    pub policy: String,
    pub title: String,
    pub before: Side,
    pub after: Side,
    pub changes: Changes,
}

/// Counts over every case.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub cases: usize,
    pub changed: usize,
    pub verdicts: usize,
    pub papers_added: usize,
    pub papers_removed: usize,
    pub papers_changed: usize,
    pub notices_added: usize,
    pub notices_removed: usize,
    pub notices_changed: usize,
    pub dates_moved: usize,
    /// Cases with a checklist on one side and an error on the other.
    pub errors: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub before: String,
    pub after: String,
    pub totals: Totals,
    /// The cases whose checklist changes, in input order.
    pub entries: Vec<Entry>,
}

impl Report {
    /// Whether anything changes for anyone.
    pub fn changed(&self) -> bool {
        self.totals.changed > 0
    }
}

/// A checklist under one rule set, or the error in Chinese words (as people read it).
fn checklist(case: &Case, rules: &Rules) -> Result<Checklist, String> {
    checklist_under_rules(
        rules.library,
        &case.raw,
        &case.origin,
        case.policy.as_deref(),
        rules.on.unwrap_or(case.as_of),
        case.as_of,
        Options::default(),
    )
    .map_err(|e: RequestError| e.text(Lang::Zh))
}

fn side(made: &Result<Checklist, String>) -> Side {
    match made {
        Ok(c) => Side {
            version: Some(c.policy.version.clone()),
            fingerprint: Some(c.policy.fingerprint.clone()),
            error: None,
        },
        Err(e) => Side {
            version: None,
            fingerprint: None,
            error: Some(e.clone()),
        },
    }
}

/// The entry of one case, when its checklist changes.
fn entry(case: &Case, before: &Rules, after: &Rules) -> Option<Entry> {
    let (b, a) = (checklist(case, before), checklist(case, after));
    let changes = match (&b, &a) {
        (Ok(b), Ok(a)) => compare(b, a),
        _ => Changes::default(),
    };
    let errors_differ = match (&b, &a) {
        (Ok(_), Ok(_)) => false,
        (Err(x), Err(y)) => x != y,
        _ => true,
    };
    if changes.is_empty() && !errors_differ {
        return None;
    }
    let made = a.as_ref().or(b.as_ref()).ok();
    Some(Entry {
        label: case.label.clone(),
        origin: case.origin.clone(),
        policy: made.map_or_else(
            || case.policy.clone().unwrap_or_default(),
            |c| c.policy.id.clone(),
        ),
        title: made.map_or_else(String::new, |c| c.policy.title.clone()),
        before: side(&b),
        after: side(&a),
        changes,
    })
}

/// Compares every case under both rule sets on `jobs` threads; entries keep input order.
pub fn run(cases: &[Case], before: &Rules, after: &Rules, jobs: usize) -> Report {
    let per = cases.len().div_ceil(jobs.max(1)).max(1);
    let parts: Vec<Vec<Entry>> = std::thread::scope(|scope| {
        let threads: Vec<_> = cases
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|c| entry(c, before, after))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_default())
            .collect()
    });
    let entries: Vec<Entry> = parts.into_iter().flatten().collect();
    let mut totals = Totals {
        cases: cases.len(),
        changed: entries.len(),
        ..Totals::default()
    };
    for e in &entries {
        let c = &e.changes;
        totals.verdicts += usize::from(c.verdict.is_some());
        for p in &c.papers {
            match p.change {
                Change::Added => totals.papers_added += 1,
                Change::Removed => totals.papers_removed += 1,
                Change::Changed => totals.papers_changed += 1,
            }
        }
        for n in &c.notices {
            match n.change {
                Change::Added => totals.notices_added += 1,
                Change::Removed => totals.notices_removed += 1,
                Change::Changed => totals.notices_changed += 1,
            }
        }
        totals.dates_moved += c.dates.len();
        totals.errors += usize::from(e.before.error.is_some() != e.after.error.is_some());
    }
    Report {
        before: before.name.clone(),
        after: after.name.clone(),
        totals,
        entries,
    }
}
