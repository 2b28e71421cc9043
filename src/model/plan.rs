//! The plan: the ordered steps one person goes through in one city, from a date on, each
//! with when to do it and its checklist.
//!
//! Plain data that the engine builds and every output format reads; its serde form is
//! the documented JSON contract (`docs/json.md`).

use crate::model::checklist::{Checklist, FactEntry};
use crate::model::fact::Value;
use crate::model::policy::{Cite, Source};
use chrono::NaiveDate;
use serde::Serialize;

/// The whole plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub city: String,
    pub city_name: String,
    pub title: String,
    pub summary: Option<String>,
    /// The day the plan starts from.
    pub as_of: NaiveDate,
    pub path: PathInfo,
    pub applicant: PlanApplicant,
    /// In the order they are done.
    pub steps: Vec<PlanStep>,
    /// When the answers do not tell which step comes next: the steps that may, and the
    /// questions that decide.
    pub open: Option<OpenNext>,
}

/// Which path file, which version.
#[derive(Debug, Clone, Serialize)]
pub struct PathInfo {
    pub file: String,
    pub version: String,
    pub effective: NaiveDate,
    pub last_verified: NaiveDate,
    /// The short fingerprint of the path's rules (see a checklist's `policy.fingerprint`).
    pub fingerprint: String,
    pub sources: Vec<Source>,
}

/// Who the plan is for, and the answers the path reads.
#[derive(Debug, Clone, Serialize)]
pub struct PlanApplicant {
    pub name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// Every fact the path asks, with the answer or `null` when unknown.
    pub facts: Vec<FactEntry>,
}

/// One step of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// 1, 2, 3… in the plan.
    pub number: usize,
    /// The step's id in the path file.
    pub id: String,
    /// The policy id of its procedure.
    pub procedure: String,
    pub title: String,
    /// Why this step comes now, in words.
    pub because: String,
    /// The day the plan puts it on: the start day, or the earliest day it can be done;
    /// `null` when an unanswered question decides it (`depends_on`).
    pub date: Option<NaiveDate>,
    /// Whether it can be done on the start day.
    pub now: bool,
    /// The days before which it cannot be done.
    pub from: Vec<StepDate>,
    /// Days that hold it back only for some answers, with the condition.
    pub from_if: Vec<ConditionalDate>,
    /// Its last day (a window's end, a deadline).
    pub until: Option<StepDate>,
    /// The last day has passed on `date`.
    pub late: bool,
    /// The unanswered questions its day depends on.
    pub depends_on: Vec<FactRef>,
    /// What to keep from this step for the next.
    pub keep: Option<String>,
    /// Set on the step the plan ends with because it comes round again (yearly).
    pub again: Option<String>,
    pub source: Vec<Cite>,
    /// The step's checklist on its day, as `render` gives it; `null` with `error`.
    pub checklist: Option<Checklist>,
    /// Why there is no checklist (an answer this procedure does not accept).
    pub error: Option<String>,
    /// The answers the plan gives the step's checklist: what the earlier steps changed
    /// (the registration date a registration sets) and the step's own.
    #[serde(skip)]
    pub answers: Vec<(String, Value)>,
}

/// A day that bounds a step.
#[derive(Debug, Clone, Serialize)]
pub struct StepDate {
    pub label: String,
    /// `null` when an unanswered question decides it.
    pub date: Option<NaiveDate>,
    /// Reckoned from an earlier step of the plan done on its day (a permit's expiry a year
    /// after it is applied for), not from an answer.
    pub estimated: bool,
}

/// A day that holds a step back only when a condition holds.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionalDate {
    pub label: String,
    pub date: Option<NaiveDate>,
    pub estimated: bool,
    /// When it applies, in words.
    pub condition: String,
    pub depends_on: Vec<FactRef>,
}

/// The steps that may come next when the answers do not tell.
#[derive(Debug, Clone, Serialize)]
pub struct OpenNext {
    pub steps: Vec<OpenStep>,
    pub depends_on: Vec<FactRef>,
}

/// A step that may come next, and when.
#[derive(Debug, Clone, Serialize)]
pub struct OpenStep {
    pub id: String,
    pub procedure: String,
    pub title: String,
    /// When it comes next, in words.
    pub condition: String,
}

/// A question of the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactRef {
    pub key: String,
    pub label: String,
    pub question: String,
}
