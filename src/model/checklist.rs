//! The checklist: what one applicant must bring for one procedure on one date.
//!
//! Plain data that the engine builds and every output format reads. It knows nothing
//! about JSON, HTML or PDF; its serde form is the documented JSON contract.

use crate::model::fact::Value;
use crate::model::policy::{Category, Cite, Level, ProvidedBy, Source, Topic};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub policy: PolicyInfo,
    pub applicant: ApplicantInfo,
    /// The date the checklist is made for; every date computation uses it.
    pub as_of: NaiveDate,
    /// Whether the applicant may apply: `true` when no block-level check can hold,
    /// `false` when one holds whatever the unanswered questions are, `null` when it
    /// depends on them (see `eligibility`).
    pub eligible: Option<bool>,
    /// The verdict with what it depends on.
    pub eligibility: Eligibility,
    /// Dates that matter: earliest day to apply, windows, deadlines.
    pub dates: Vec<KeyDate>,
    pub notices: Vec<Notice>,
    pub items: Vec<Item>,
    /// Where, when, fees, hotlines… by topic, in a fixed topic order.
    pub procedure: BTreeMap<Topic, Vec<ProcedureLine>>,
    /// For a checklist that cannot go ahead because another procedure comes first (a
    /// lapsed registration before the permit): the first step of the person's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<FirstStep>,
}

/// The procedure that comes before this one on the person's path.
#[derive(Debug, Clone, Serialize)]
pub struct FirstStep {
    /// Its policy id.
    pub procedure: String,
    pub title: String,
    /// The day it can be done.
    pub date: Option<NaiveDate>,
    /// Why it comes first, in words.
    pub because: String,
}

/// The verdict in three values, with what an undecided one depends on.
#[derive(Debug, Clone, Serialize)]
pub struct Eligibility {
    pub status: Status,
    /// For `depends`: the unanswered facts that decide it, the smallest such set.
    pub depends_on: Vec<DependsOn>,
    /// The ids of the block-level notices that hold (`no`) or may hold (`depends`).
    pub blocking: Vec<String>,
    /// For `depends`: when the applicant cannot apply, in words, over `depends_on`.
    pub condition: Option<String>,
}

impl Eligibility {
    /// The verdict as a yes, a no, or nothing while it depends on unanswered facts.
    pub fn eligible(&self) -> Option<bool> {
        match self.status {
            Status::Yes => Some(true),
            Status::No => Some(false),
            Status::Depends => None,
        }
    }
}

/// Whether the applicant may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Yes,
    No,
    Depends,
}

/// One unanswered fact the verdict depends on.
#[derive(Debug, Clone, Serialize)]
pub struct DependsOn {
    pub fact: String,
    pub label: String,
    /// For a yes-or-no or choice fact: the answers with which a block can still hold.
    pub blocking: Vec<Value>,
    /// The same answers in words.
    pub value_labels: Vec<String>,
}

/// Which policy, which version.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyInfo {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub city: String,
    pub city_name: String,
    pub version: String,
    pub effective: NaiveDate,
    pub last_verified: NaiveDate,
    /// The short fingerprint of exactly the rules this checklist was made by (the policy
    /// file, its city's shared file and the facts file, in canonical form).
    pub fingerprint: String,
    pub summary: Option<String>,
    pub sources: Vec<Source>,
}

/// Who the checklist is for. The ID number is masked unless asked otherwise.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicantInfo {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub age: Option<i64>,
    /// Every fact the policy asks, with the answer or `null` when unknown.
    pub facts: Vec<FactEntry>,
    /// Input keys that only other policies ask about.
    pub ignored: Vec<String>,
    /// Their labels: answers that did not matter for this procedure.
    pub ignored_labels: Vec<String>,
}

/// One answered (or unanswered) question.
#[derive(Debug, Clone, Serialize)]
pub struct FactEntry {
    pub key: String,
    pub label: String,
    pub value: Option<Value>,
    /// The answer in words (是/否, the enum's Chinese label), or 未提供.
    pub value_label: String,
    /// Not given: the policy's default was assumed.
    pub assumed: bool,
    /// Answered, or unanswered but still able to change the papers or the verdict; an
    /// unanswered question that cannot (a parent's permit for a 30-year-old) is false.
    pub matters: bool,
    /// Only for the forms printed after the checklist (trustee, relationship, owner).
    #[serde(skip)]
    pub form: bool,
}

/// A date that matters.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDate {
    pub key: String,
    pub label: String,
    pub date: NaiveDate,
    /// The policy declares it the earliest day to apply.
    pub earliest: bool,
    pub source: Vec<Cite>,
}

/// Something the applicant must know; `block` means it cannot go ahead now.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// The policy check that made it.
    pub id: String,
    pub level: Level,
    pub text: String,
    pub source: Vec<Cite>,
    /// The check depends on facts not given: shown "if applicable".
    pub conditional: bool,
    /// For a conditional notice: what it depends on, in words.
    pub condition: Option<String>,
    /// A requirement taken as met because its question was left blank and the policy's
    /// default was assumed: the person checks it before going (办理前请自查).
    pub self_check: bool,
}

/// How a person at the counter handles an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Originals to show (copies, if any, handed in too).
    Originals,
    /// Copies or papers to hand in.
    Copies,
    /// Scans or photos to upload online.
    Uploads,
    /// Forms to fill in.
    Forms,
    /// Papers of the guardian or trustee who applies on the applicant's behalf.
    Proxy,
}

impl Group {
    /// Every group, in the order a checklist shows them.
    pub const ALL: [Group; 5] = [
        Group::Originals,
        Group::Copies,
        Group::Uploads,
        Group::Forms,
        Group::Proxy,
    ];
}

/// One paper to bring.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    /// The kind of paper across cities (cities name the same paper differently).
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub category: Category,
    pub group: Group,
    /// Show the original.
    pub original: bool,
    /// Copies to hand in.
    pub copies: u32,
    /// Whether the sources say how many copies; if not, `copies` is 1 ("a copy").
    pub copies_counted: bool,
    /// Upload a scan or photo (online channel).
    pub upload: bool,
    pub provided_by: ProvidedBy,
    pub note: Option<String>,
    pub how_to_get: Option<String>,
    /// Why it is on the list, in words.
    pub reason: String,
    /// The rules that put it there.
    pub rules: Vec<String>,
    pub source: Vec<Cite>,
    /// Papers accepted instead of this one.
    pub alternatives: Vec<Alternative>,
    /// Depends on facts not given: shown "if applicable" with `condition`.
    pub conditional: bool,
    pub condition: Option<String>,
    /// Only secondary sources ask for it: "may be requested at the counter".
    pub may_be_requested: bool,
    /// How the paper is handed over (shown, copied, uploaded), each with the case it is
    /// for and its own "may be requested": one paper is one line, whatever the rules
    /// that ask for it in different ways.
    pub marks: Vec<Mark>,
}

/// One way a paper is handed over, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub kind: MarkKind,
    /// For `copies`: how many (1 when the sources do not say).
    pub copies: u32,
    /// For `copies`: whether the sources say how many.
    pub copies_counted: bool,
    /// Only in some of the cases the answers leave open: `condition` says which.
    pub conditional: bool,
    pub condition: Option<String>,
    /// Only secondary sources ask for it this way.
    pub may_be_requested: bool,
    /// Papers accepted instead for this way only (the line's `alternatives` hold for all).
    pub alternatives: Vec<Alternative>,
    /// The rules that ask for it this way.
    pub rules: Vec<String>,
}

/// Shown, handed in as a copy, or uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    Original,
    Copies,
    Upload,
}

/// A paper accepted instead of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub id: String,
    pub name: String,
}

/// One line of procedure information.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureLine {
    pub text: String,
    pub source: Vec<Cite>,
    /// When it applies only in some cases not decided by the input.
    pub condition: Option<String>,
}

impl Checklist {
    /// The items of one group, in checklist order.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.group == group)
    }

    /// Whether a block-level notice holds whatever the unanswered questions are.
    pub fn blocked(&self) -> bool {
        self.eligibility.status == Status::No
    }
}
