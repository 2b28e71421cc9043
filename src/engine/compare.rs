//! What changes for one person between two checklists: the verdict, papers added, removed
//! or handed over otherwise, notices added or removed, dates moved. Used by `doclist
//! diff` to show what a policy change does.

use crate::model::checklist::{Item, MarkKind, Notice, Status};
use crate::model::policy::{Cite, Level};
use crate::Checklist;
use chrono::NaiveDate;
use serde::Serialize;

/// Every difference between a checklist before and after, in checklist order.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Changes {
    /// The verdict, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Moved<Status>>,
    pub papers: Vec<PaperChange>,
    pub notices: Vec<NoticeChange>,
    pub dates: Vec<DateChange>,
}

impl Changes {
    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        self.verdict.is_none()
            && self.papers.is_empty()
            && self.notices.is_empty()
            && self.dates.is_empty()
    }
}

/// A value before and after.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Moved<T> {
    pub before: T,
    pub after: T,
}

/// Added, removed, or there on both sides but different.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One paper that changed, with the rules and sources behind it (after, or before for a
/// paper removed).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PaperChange {
    pub id: String,
    pub name: String,
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Handing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Handing>,
    pub rules: Vec<String>,
    pub source: Vec<Cite>,
}

/// How a paper is handed over: each way, and whether it is certain.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Handing {
    pub marks: Vec<Way>,
    /// Open: "if applicable".
    pub conditional: bool,
    pub may_be_requested: bool,
}

/// One way of handing a paper over.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Way {
    pub kind: MarkKind,
    /// For copies: how many, when the sources say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
    pub conditional: bool,
    pub may_be_requested: bool,
}

/// One notice that appeared, went, or changed its level or words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NoticeChange {
    pub id: String,
    pub change: Change,
    pub level: Level,
    pub text: String,
    /// The words before, for a notice whose words changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_before: Option<String>,
    pub source: Vec<Cite>,
}

/// A key date that moved, appeared or went.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateChange {
    pub key: String,
    pub label: String,
    pub before: Option<NaiveDate>,
    pub after: Option<NaiveDate>,
}

fn handing(i: &Item) -> Handing {
    Handing {
        marks: i
            .marks
            .iter()
            .map(|m| Way {
                kind: m.kind,
                copies: (m.kind == MarkKind::Copies && m.copies_counted).then_some(m.copies),
                conditional: m.conditional,
                may_be_requested: m.may_be_requested,
            })
            .collect(),
        conditional: i.conditional,
        may_be_requested: i.may_be_requested,
    }
}

/// What changes from `before` to `after`.
pub fn compare(before: &Checklist, after: &Checklist) -> Changes {
    let verdict = (before.eligibility.status != after.eligibility.status).then_some(Moved {
        before: before.eligibility.status,
        after: after.eligibility.status,
    });
    Changes {
        verdict,
        papers: papers(&before.items, &after.items),
        notices: notices(&before.notices, &after.notices),
        dates: dates(before, after),
    }
}

fn papers(before: &[Item], after: &[Item]) -> Vec<PaperChange> {
    let mut out = Vec::new();
    let paper = |i: &Item, change, before, after| PaperChange {
        id: i.id.clone(),
        name: i.name.clone(),
        change,
        before,
        after,
        rules: i.rules.clone(),
        source: i.source.clone(),
    };
    for a in after {
        match before.iter().find(|b| b.id == a.id) {
            None => out.push(paper(a, Change::Added, None, Some(handing(a)))),
            Some(b) => {
                let (hb, ha) = (handing(b), handing(a));
                if hb != ha || b.name != a.name {
                    out.push(paper(a, Change::Changed, Some(hb), Some(ha)));
                }
            }
        }
    }
    for b in before
        .iter()
        .filter(|b| !after.iter().any(|a| a.id == b.id))
    {
        out.push(paper(b, Change::Removed, Some(handing(b)), None));
    }
    out
}

fn notices(before: &[Notice], after: &[Notice]) -> Vec<NoticeChange> {
    let mut out = Vec::new();
    let notice = |n: &Notice, change, text_before| NoticeChange {
        id: n.id.clone(),
        change,
        level: n.level,
        text: n.text.clone(),
        text_before,
        source: n.source.clone(),
    };
    for a in after {
        match before.iter().find(|b| b.id == a.id) {
            None => out.push(notice(a, Change::Added, None)),
            Some(b) if b.text != a.text => {
                out.push(notice(a, Change::Changed, Some(b.text.clone())))
            }
            Some(b) if b.level != a.level || b.conditional != a.conditional => {
                out.push(notice(a, Change::Changed, None))
            }
            Some(_) => {}
        }
    }
    for b in before
        .iter()
        .filter(|b| !after.iter().any(|a| a.id == b.id))
    {
        out.push(notice(b, Change::Removed, None));
    }
    out
}

fn dates(before: &Checklist, after: &Checklist) -> Vec<DateChange> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for d in after.dates.iter().chain(&before.dates) {
        if !keys.iter().any(|(k, _)| *k == d.key) {
            keys.push((&d.key, &d.label));
        }
    }
    let on = |c: &Checklist, key: &str| c.dates.iter().find(|d| d.key == key).map(|d| d.date);
    keys.into_iter()
        .filter_map(|(key, label)| {
            let (b, a) = (on(before, key), on(after, key));
            (b != a).then(|| DateChange {
                key: key.to_string(),
                label: label.to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}
