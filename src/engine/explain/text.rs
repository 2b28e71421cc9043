//! The trace as text for `doclist explain`: every item and notice with the rule behind it,
//! the facts that decided it and its source; then what was not needed, and why.

use super::{Trace, Verdict, Why};
use crate::model::policy::Cite;
use crate::msg;
use crate::util::i18n::{tr, Lang, Msg};
use crate::Checklist;
use std::fmt::Write;

fn cites(source: &[Cite]) -> String {
    if source.is_empty() {
        return "—".to_string();
    }
    Cite::join(source, "; ")
}

fn condition(why: &Why, lang: Lang) -> String {
    why.condition
        .clone()
        .unwrap_or_else(|| tr(lang, "explain-no-condition"))
}

/// `doclist explain` in English: the checklist's items and notices with the reasons
/// behind them.
pub fn render_text(c: &Checklist, trace: &Trace) -> String {
    render_text_in(c, trace, Lang::En)
}

/// `doclist explain` in a language: the checklist's items and notices with the reasons
/// behind them.
pub fn render_text_in(c: &Checklist, trace: &Trace, lang: Lang) -> String {
    let mut out = String::new();
    head(&mut out, c, trace, lang);
    items(&mut out, c, trace, lang);
    notices(&mut out, c, trace, lang);
    not_needed(&mut out, c, trace, lang);
    out
}

/// The policy, its version and the facts the checklist was made from.
fn head(out: &mut String, c: &Checklist, trace: &Trace, lang: Lang) {
    let t = |id: &'static str| tr(lang, id);
    let p = &c.policy;
    let _ = writeln!(out, "{} {}", p.id, p.title);
    let _ = writeln!(
        out,
        "{}",
        msg!(
            "explain-version",
            version = &p.version,
            effective = p.effective,
            verified = p.last_verified,
            as_of = c.as_of
        )
        .text(lang)
    );
    let _ = writeln!(out, "\n{}", t("explain-facts"));
    if let Some(age) = c.applicant.age {
        let _ = writeln!(out, "  age = {age}（年龄）");
    }
    for f in &c.applicant.facts {
        match &f.value {
            Some(v) if trace.assumed.contains(&f.key) => {
                let _ = writeln!(
                    out,
                    "  {} = {v}（{}：{}；{}）",
                    f.key,
                    f.label,
                    f.value_label,
                    t("explain-assumed")
                );
            }
            Some(v) => {
                let _ = writeln!(out, "  {} = {v}（{}：{}）", f.key, f.label, f.value_label);
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {}（{}）: {}",
                    f.key,
                    f.label,
                    t("explain-not-given")
                );
            }
        }
    }
    let listed = |key: &str| c.applicant.facts.iter().any(|f| f.key == key);
    for f in trace
        .assumed_facts()
        .into_iter()
        .filter(|f| !listed(&f.key))
    {
        let _ = writeln!(out, "  {}", f.plain(lang));
    }
}

/// The items, each with the rules that put it there.
fn items(out: &mut String, c: &Checklist, trace: &Trace, lang: Lang) {
    let t = |id: &'static str| tr(lang, id);
    let _ = writeln!(out, "\n{}", t("explain-items"));
    if c.items.is_empty() {
        let _ = writeln!(out, "  {}", t("explain-none"));
    }
    for item in &c.items {
        let mark = if item.conditional {
            t("explain-if-applicable")
        } else {
            "✓".to_string()
        };
        let _ = writeln!(out, "  {mark} {} [{}]", item.name, item.id);
        for rule in item.rules.iter().filter_map(|r| trace.rule(r)) {
            rule_lines(out, &rule.id, &rule.why, lang);
            let _ = writeln!(
                out,
                "        {}",
                msg!("explain-source", source = cites(&rule.source)).text(lang)
            );
        }
    }
}

/// The notices, each with the check behind it.
fn notices(out: &mut String, c: &Checklist, trace: &Trace, lang: Lang) {
    let t = |id: &'static str| tr(lang, id);
    let _ = writeln!(out, "\n{}", t("explain-notices"));
    if c.notices.is_empty() {
        let _ = writeln!(out, "  {}", t("explain-none"));
    }
    for n in &c.notices {
        let level = if n.self_check {
            t("explain-self-check")
        } else {
            n.level.as_str().to_string()
        };
        let _ = writeln!(out, "  [{level}] {}: {}", n.id, n.text);
        if let Some(check) = trace.check(&n.id) {
            let _ = writeln!(
                out,
                "      {}",
                msg!(
                    "explain-check",
                    id = &check.id,
                    condition = condition(&check.why, lang)
                )
                .text(lang)
            );
            let because = check.why.because_plain(lang);
            if !because.is_empty() {
                let _ = writeln!(
                    out,
                    "        {}",
                    msg!("explain-because", facts = because).text(lang)
                );
            }
        }
        let _ = writeln!(
            out,
            "        {}",
            msg!("explain-source", source = cites(&n.source)).text(lang)
        );
    }
}

/// One thing left out (`✗ …`) and the rule or check that leaves it out.
fn left_out(out: &mut String, what: Msg, by: Msg, lang: Lang) {
    let _ = writeln!(out, "  ✗ {}", what.text(lang));
    let _ = writeln!(out, "      {}", by.text(lang));
}

/// A rule's line and the facts that decided it, under a paper or notice.
fn rule_lines(out: &mut String, id: &str, why: &Why, lang: Lang) {
    let _ = writeln!(
        out,
        "      {}",
        msg!("explain-rule", id = id, condition = condition(why, lang)).text(lang)
    );
    let because = why.because_plain(lang);
    if !because.is_empty() {
        let word = if why.verdict == Verdict::Unknown {
            msg!("explain-depends-on", facts = because)
        } else {
            msg!("explain-because", facts = because)
        };
        let _ = writeln!(out, "        {}", word.text(lang));
    }
}

/// The papers no rule puts on the checklist, each said once with every rule that
/// names it and why that rule does not apply. A paper on the checklist is not listed
/// here, though another rule that names it does not apply.
fn papers_not_needed(out: &mut String, c: &Checklist, trace: &Trace, lang: Lang) -> bool {
    let listed: std::collections::BTreeSet<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
    // Each set of papers left out, in the order the rules first name it, with its rules.
    let mut groups: Vec<(String, Vec<&super::RuleTrace>)> = Vec::new();
    for rule in trace
        .rules
        .iter()
        .filter(|r| r.why.verdict == Verdict::NotNeeded)
    {
        let names: Vec<&str> = rule
            .items
            .iter()
            .filter(|d| !listed.contains(d.id.as_str()))
            .map(|d| d.name.as_str())
            .collect();
        if names.is_empty() {
            continue;
        }
        let names = names.join("、");
        match groups.iter_mut().find(|(n, _)| *n == names) {
            Some((_, rules)) => rules.push(rule),
            None => groups.push((names, vec![rule])),
        }
    }
    for (names, rules) in &groups {
        let _ = writeln!(
            out,
            "  ✗ {}",
            msg!("explain-item-not-needed", items = names.as_str()).text(lang)
        );
        for rule in rules {
            rule_lines(out, &rule.id, &rule.why, lang);
        }
    }
    !groups.is_empty()
}

/// What is not needed, and why.
fn not_needed(out: &mut String, c: &Checklist, trace: &Trace, lang: Lang) {
    let t = |id: &'static str| tr(lang, id);
    let _ = writeln!(out, "\n{}", t("explain-not-needed"));
    let mut any = papers_not_needed(out, c, trace, lang);
    for check in trace
        .checks
        .iter()
        .filter(|c| c.why.verdict == Verdict::NotNeeded)
    {
        any = true;
        let what = msg!(
            "explain-notice-not-shown",
            id = &check.id,
            level = check.level.as_str(),
            facts = check.why.because_plain(lang)
        );
        let by = msg!(
            "explain-check",
            id = &check.id,
            condition = condition(&check.why, lang)
        );
        left_out(out, what, by, lang);
    }
    if !any {
        let _ = writeln!(out, "  {}", t("explain-nothing-left-out"));
    }
}
