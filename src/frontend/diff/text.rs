//! A diff's report in words: for the terminal (either language) and, through the same
//! words, the HTML report for HR.

use super::{Entry, Report, Side, Totals};
use crate::engine::compare::{Change, DateChange, Handing, NoticeChange, PaperChange};
use crate::model::checklist::{MarkKind, Status};
use crate::model::policy::Cite;
use crate::msg;
use crate::util::i18n::{tr, Lang, Msg};
use std::fmt::Write;

/// The verdict in words.
pub fn status(s: Status, lang: Lang) -> String {
    tr(
        lang,
        match s {
            Status::Yes => "diff-status-yes",
            Status::No => "diff-status-no",
            Status::Depends => "diff-status-depends",
        },
    )
}

/// How a paper is handed over, in words: `原件、复印件 2 份（如适用）`.
pub fn handing(h: &Handing, lang: Lang) -> String {
    let ways: Vec<String> = h
        .marks
        .iter()
        .map(|w| {
            let mut word = match (w.kind, w.copies) {
                (MarkKind::Original, _) => tr(lang, "diff-way-original"),
                (MarkKind::Copies, Some(n)) => msg!("diff-way-copies-n", n = n).text(lang),
                (MarkKind::Copies, None) => tr(lang, "diff-way-copies"),
                (MarkKind::Upload, _) => tr(lang, "diff-way-upload"),
            };
            if w.conditional && !h.conditional {
                word.push_str(
                    &msg!("diff-paren", text = tr(lang, "diff-if-applicable")).text(lang),
                );
            }
            word
        })
        .collect();
    let mut out = ways.join(&tr(lang, "list-separator"));
    if h.conditional {
        out.push_str(&msg!("diff-paren", text = tr(lang, "diff-if-applicable")).text(lang));
    }
    if h.may_be_requested {
        out.push_str(&msg!("diff-paren", text = tr(lang, "diff-may-be-requested")).text(lang));
    }
    out
}

/// Citations, one after another.
pub fn cites(source: &[Cite]) -> String {
    Cite::join(source, "; ")
}

/// The rule and source behind a change, as one line.
fn behind(rules: &[String], source: &[Cite], lang: Lang) -> String {
    msg!(
        "diff-behind",
        rules = rules.join(", "),
        source = cites(source)
    )
    .text(lang)
}

/// One paper's change in words, without the rules behind it.
pub fn paper(p: &PaperChange, lang: Lang) -> String {
    let h = |h: &Option<Handing>| h.as_ref().map(|h| handing(h, lang)).unwrap_or_default();
    match p.change {
        Change::Added => msg!("diff-paper-added", name = &p.name, how = h(&p.after)),
        Change::Removed => msg!("diff-paper-removed", name = &p.name, how = h(&p.before)),
        Change::Changed => msg!(
            "diff-paper-changed",
            name = &p.name,
            before = h(&p.before),
            after = h(&p.after)
        ),
    }
    .text(lang)
}

/// One notice's change in words.
pub fn notice(n: &NoticeChange) -> Msg {
    let (level, text) = (n.level.as_str(), &n.text);
    match n.change {
        Change::Added => msg!("diff-notice-added", level = level, text = text),
        Change::Removed => msg!("diff-notice-removed", level = level, text = text),
        Change::Changed => msg!("diff-notice-changed", level = level, text = text),
    }
}

/// One date's move in words.
pub fn date(d: &DateChange, lang: Lang) -> String {
    let none = tr(lang, "diff-no-date");
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| none.clone(), |d| d.to_string());
    msg!(
        "diff-date",
        label = &d.label,
        before = day(d.before),
        after = day(d.after)
    )
    .text(lang)
}

/// The totals in words.
pub fn totals(t: &Totals) -> Msg {
    msg!(
        "diff-totals",
        cases = t.cases,
        changed = t.changed,
        verdicts = t.verdicts,
        added = t.papers_added,
        removed = t.papers_removed,
        papers_changed = t.papers_changed,
        notices_added = t.notices_added,
        notices_removed = t.notices_removed,
        notices_changed = t.notices_changed,
        dates = t.dates_moved,
        errors = t.errors
    )
}

/// The rules on one side, or why it made no checklist.
pub fn side(s: &Side, lang: Lang) -> String {
    match (&s.error, &s.version, &s.fingerprint) {
        (Some(e), _, _) => msg!("diff-side-error", error = e.as_str()).text(lang),
        (None, Some(v), Some(f)) => msg!(
            "diff-side-rules",
            version = v.as_str(),
            fingerprint = f.as_str()
        )
        .text(lang),
        _ => String::new(),
    }
}

fn entry(out: &mut String, e: &Entry, lang: Lang) {
    let _ = writeln!(
        out,
        "\n{}",
        msg!(
            "diff-entry",
            label = &e.label,
            title = if e.title.is_empty() {
                &e.policy
            } else {
                &e.title
            },
            origin = &e.origin
        )
        .text(lang)
    );
    if e.before != e.after {
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "diff-sides",
                before = side(&e.before, lang),
                after = side(&e.after, lang)
            )
            .text(lang)
        );
    }
    let c = &e.changes;
    if let Some(v) = &c.verdict {
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "diff-verdict",
                before = status(v.before, lang),
                after = status(v.after, lang)
            )
            .text(lang)
        );
    }
    for p in &c.papers {
        let mark = match p.change {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        };
        let _ = writeln!(out, "  {mark} {}", paper(p, lang));
        let _ = writeln!(out, "      {}", behind(&p.rules, &p.source, lang));
    }
    for n in &c.notices {
        let mark = match n.change {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        };
        let _ = writeln!(out, "  {mark} {}", notice(n).text(lang));
        if let Some(before) = &n.text_before {
            let _ = writeln!(
                out,
                "      {}",
                msg!("diff-notice-was", text = before.as_str()).text(lang)
            );
        }
        let _ = writeln!(
            out,
            "      {}",
            behind(std::slice::from_ref(&n.id), &n.source, lang)
        );
    }
    for d in &c.dates {
        let _ = writeln!(out, "  {}", date(d, lang));
    }
}

/// The whole report as text.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut out = msg!("diff-head", before = &r.before, after = &r.after).text(lang);
    out.push('\n');
    for e in &r.entries {
        entry(&mut out, e, lang);
    }
    let _ = writeln!(out, "\n{}", totals(&r.totals).text(lang));
    out
}
