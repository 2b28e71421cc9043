//! The papers of a checklist: one line per paper, merged from every rule that asks for
//! it, each way of handing it over (shown, copied, uploaded) a mark with its own case and
//! its own "may be requested".

use crate::engine::decide::{Answers, Decision};
use crate::model::checklist::{Alternative, Group, Item, Mark, MarkKind};
use crate::model::expr::Expr;
use crate::model::policy::{Category, Cite, ItemSpec, Policy, ProvidedBy, Rule};

/// One paper as one rule asks for it, with what the engine decided about the rule.
pub(super) struct Line<'a> {
    pub rule: &'a Rule,
    pub spec: &'a ItemSpec,
    pub reason: &'a str,
    pub conditional: bool,
    pub condition: &'a Option<String>,
    pub may_be_requested: bool,
}

impl Line<'_> {
    /// The checklist line this rule alone would make.
    pub fn item(&self, policy: &Policy) -> Item {
        let spec = self.spec;
        let doc = &policy.documents[&spec.docs[0]];
        let mark = |kind: MarkKind| Mark {
            kind,
            copies: if kind == MarkKind::Copies {
                spec.copies
            } else {
                0
            },
            copies_counted: kind != MarkKind::Copies || spec.copies_counted,
            conditional: self.conditional,
            condition: self.condition.clone(),
            may_be_requested: self.may_be_requested,
            alternatives: Vec::new(),
            rules: vec![self.rule.id.clone()],
        };
        let marks = [
            (spec.original, MarkKind::Original),
            (spec.copies > 0, MarkKind::Copies),
            (spec.upload, MarkKind::Upload),
        ]
        .into_iter()
        .filter(|(wanted, _)| *wanted)
        .map(|(_, kind)| mark(kind))
        .collect();
        Item {
            id: doc.id.clone(),
            name: doc.name.clone(),
            name_en: doc.name_en.clone(),
            kind: doc.kind.clone(),
            category: doc.category,
            group: group(
                doc.category,
                doc.provided_by,
                spec.original,
                spec.copies,
                spec.upload,
            ),
            original: spec.original,
            copies: spec.copies,
            copies_counted: spec.copies_counted,
            upload: spec.upload,
            provided_by: doc.provided_by,
            note: join_notes([doc.note.as_deref(), spec.note.as_deref()]),
            how_to_get: doc.how_to_get.clone(),
            reason: self.reason.to_string(),
            rules: vec![self.rule.id.clone()],
            // The rule's passage first: it says that this procedure asks for the paper;
            // where the paper itself is described follows.
            source: merge_cites(&self.rule.source, &doc.source),
            alternatives: spec.docs[1..]
                .iter()
                .map(|id| Alternative {
                    id: id.clone(),
                    name: policy.documents[id].name.clone(),
                })
                .collect(),
            conditional: self.conditional,
            condition: self.condition.clone(),
            may_be_requested: self.may_be_requested,
            marks,
        }
    }
}

/// Adds a line: a paper already listed takes the new way of handing it over as one more
/// mark, or widens the mark it already has. Papers accepted instead by only some of the
/// rules move from the line to the marks of those rules.
pub(super) fn merge(items: &mut Vec<Item>, mut new: Item) {
    let Some(old) = items.iter_mut().find(|i| i.id == new.id) else {
        items.push(new);
        return;
    };
    if old.alternatives != new.alternatives {
        let common: Vec<Alternative> = old
            .alternatives
            .iter()
            .filter(|a| new.alternatives.contains(a))
            .cloned()
            .collect();
        for (line, marks) in [
            (&old.alternatives, &mut old.marks),
            (&new.alternatives, &mut new.marks),
        ] {
            for m in marks.iter_mut() {
                for a in line.iter().filter(|a| !common.contains(a)) {
                    if !m.alternatives.contains(a) {
                        m.alternatives.push(a.clone());
                    }
                }
            }
        }
        old.alternatives = common;
    }
    old.original |= new.original;
    if new.copies > old.copies || (new.copies == old.copies && new.copies_counted) {
        old.copies_counted = new.copies_counted;
    }
    old.copies = old.copies.max(new.copies);
    old.upload |= new.upload;
    old.note = join_notes([old.note.as_deref(), new.note.as_deref()]);
    if !old.reason.split("；").any(|r| r == new.reason) {
        old.reason = format!("{}；{}", old.reason, new.reason);
    }
    old.rules.extend(new.rules);
    old.source = merge_cites(&old.source, &new.source);
    if old.conditional && !new.conditional {
        old.conditional = false;
        old.condition = None;
    }
    old.may_be_requested &= new.may_be_requested;
    for mark in new.marks {
        match old.marks.iter_mut().find(|m| m.kind == mark.kind) {
            Some(m) => {
                if mark.copies > m.copies || (mark.copies == m.copies && mark.copies_counted) {
                    m.copies_counted = mark.copies_counted;
                }
                m.copies = m.copies.max(mark.copies);
                if m.conditional && !mark.conditional {
                    m.conditional = false;
                    m.condition = None;
                }
                m.may_be_requested &= mark.may_be_requested;
                // A paper is accepted instead only where every rule for this way accepts it.
                m.alternatives.retain(|a| mark.alternatives.contains(a));
                m.rules.extend(mark.rules);
            }
            None => old.marks.push(mark),
        }
    }
    old.marks.sort_by_key(|m| m.kind);
    old.group = group(
        old.category,
        old.provided_by,
        old.original,
        old.copies,
        old.upload,
    );
}

/// A paper, or one way of handing it over, that several rules ask for, each only in some
/// cases: certain when together they cover every case, else "if applicable" with what
/// decides the union.
pub(super) fn decide_merged(item: &mut Item, policy: &Policy, answers: &Answers<'_>) {
    if item.conditional && item.rules.len() > 1 {
        let (conditional, condition) = decide_union(&item.rules, policy, answers);
        item.conditional = conditional;
        item.condition = condition;
    }
    for m in item.marks.iter_mut().filter(|m| m.conditional) {
        if m.rules.len() > 1 {
            let (conditional, condition) = decide_union(&m.rules, policy, answers);
            m.conditional = conditional;
            m.condition = condition;
        }
    }
}

fn decide_union(
    rules: &[String],
    policy: &Policy,
    answers: &Answers<'_>,
) -> (bool, Option<String>) {
    let conditions: Vec<&Expr> = rules
        .iter()
        .filter_map(|id| policy.rules.iter().find(|r| r.id == *id))
        .filter_map(|r| r.when.as_ref())
        .collect();
    match answers.decide_any(&conditions) {
        Decision::Open(open) => (true, Some(open.when.describe(policy))),
        _ => (false, None),
    }
}

fn group(category: Category, by: ProvidedBy, original: bool, copies: u32, upload: bool) -> Group {
    if category == Category::Proxy || matches!(by, ProvidedBy::Guardian | ProvidedBy::Trustee) {
        Group::Proxy
    } else if category == Category::Form {
        Group::Forms
    } else if original {
        Group::Originals
    } else if upload && copies == 0 {
        Group::Uploads
    } else {
        Group::Copies
    }
}

fn join_notes<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for p in parts.into_iter().flatten() {
        let p = p.trim();
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    (!out.is_empty()).then(|| out.join("；"))
}

fn merge_cites(a: &[Cite], b: &[Cite]) -> Vec<Cite> {
    let mut out = a.to_vec();
    for c in b {
        if !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}
