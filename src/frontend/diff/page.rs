//! The diff's HTML report for HR (变化汇总): the view `templates/diff.html` reads, every
//! line already in Chinese words.

use super::text::{cites, date, notice, paper, side, status, totals};
use super::Report;
use crate::engine::compare::Change;
use crate::msg;
use crate::util::i18n::Lang;
use serde::Serialize;

#[derive(Serialize)]
pub struct PageView {
    pub before: String,
    pub after: String,
    pub totals: String,
    pub changed: bool,
    pub people: Vec<PersonView>,
    pub generator: String,
}

#[derive(Serialize)]
pub struct PersonView {
    pub label: String,
    pub title: String,
    pub origin: String,
    /// The rules on each side, when they differ (or one side made no checklist).
    pub sides: Option<String>,
    pub verdict: Option<String>,
    pub lines: Vec<LineView>,
}

#[derive(Serialize)]
pub struct LineView {
    /// `added`, `removed` or `changed`, for the line's style.
    pub change: &'static str,
    pub text: String,
    /// The rule and source behind it.
    pub rules: String,
    pub source: String,
}

fn change_name(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

/// The page's view of a report.
pub fn view(r: &Report) -> PageView {
    let zh = Lang::Zh;
    let people = r
        .entries
        .iter()
        .map(|e| {
            let c = &e.changes;
            let mut lines: Vec<LineView> = c
                .papers
                .iter()
                .map(|p| LineView {
                    change: change_name(p.change),
                    text: paper(p, zh),
                    rules: p.rules.join("、"),
                    source: cites(&p.source),
                })
                .collect();
            lines.extend(c.notices.iter().map(|n| LineView {
                change: change_name(n.change),
                text: notice(n).text(zh),
                rules: n.id.clone(),
                source: cites(&n.source),
            }));
            lines.extend(c.dates.iter().map(|d| LineView {
                change: "changed",
                text: date(d, zh),
                rules: String::new(),
                source: String::new(),
            }));
            PersonView {
                label: e.label.clone(),
                title: if e.title.is_empty() {
                    e.policy.clone()
                } else {
                    e.title.clone()
                },
                origin: e.origin.clone(),
                sides: (e.before != e.after).then(|| {
                    msg!(
                        "diff-sides",
                        before = side(&e.before, zh),
                        after = side(&e.after, zh)
                    )
                    .text(zh)
                }),
                verdict: c.verdict.map(|v| {
                    msg!(
                        "diff-verdict",
                        before = status(v.before, zh),
                        after = status(v.after, zh)
                    )
                    .text(zh)
                }),
                lines,
            }
        })
        .collect();
    PageView {
        before: r.before.clone(),
        after: r.after.clone(),
        totals: totals(&r.totals).text(zh),
        changed: r.changed(),
        people,
        generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
    }
}
