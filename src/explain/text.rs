//! The trace as text for `doclist explain`: every item and notice with the rule behind it,
//! the facts that decided it and its source; then what was not needed, and why.

use super::{Trace, Verdict, Why};
use crate::policy::Cite;
use crate::Checklist;
use std::fmt::Write;

fn cites(source: &[Cite]) -> String {
    if source.is_empty() {
        return "—".to_string();
    }
    source
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn condition(why: &Why) -> String {
    why.condition
        .clone()
        .unwrap_or_else(|| "(no condition: every applicant)".to_string())
}

/// `doclist explain`: the checklist's items and notices with the reasons behind them.
pub fn render_text(c: &Checklist, trace: &Trace) -> String {
    let mut out = String::new();
    let p = &c.policy;
    let _ = writeln!(out, "{} {}", p.id, p.title);
    let _ = writeln!(
        out,
        "version {} (effective {}), last verified {}; as of {}",
        p.version, p.effective, p.last_verified, c.as_of
    );
    let _ = writeln!(out, "\nFacts");
    if let Some(age) = c.applicant.age {
        let _ = writeln!(out, "  age = {age}（年龄）");
    }
    for f in &c.applicant.facts {
        match &f.value {
            Some(v) => {
                let _ = writeln!(out, "  {} = {v}（{}：{}）", f.key, f.label, f.value_label);
            }
            None => {
                let _ = writeln!(out, "  {}（{}）: not given", f.key, f.label);
            }
        }
    }

    let _ = writeln!(out, "\nItems");
    if c.items.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for item in &c.items {
        let mark = if item.conditional {
            "? if applicable"
        } else {
            "✓"
        };
        let _ = writeln!(out, "  {mark} {} [{}]", item.name, item.id);
        for rule in item.rules.iter().filter_map(|r| trace.rule(r)) {
            let _ = writeln!(out, "      rule {}: {}", rule.id, condition(&rule.why));
            let because = rule.why.because_plain();
            if !because.is_empty() {
                let word = if rule.why.verdict == Verdict::Unknown {
                    "depends on"
                } else {
                    "because"
                };
                let _ = writeln!(out, "        {word}: {because}");
            }
            let _ = writeln!(out, "        source: {}", cites(&rule.source));
        }
    }

    let _ = writeln!(out, "\nNotices");
    if c.notices.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for n in &c.notices {
        let _ = writeln!(out, "  [{}] {}: {}", n.level.as_str(), n.id, n.text);
        if let Some(t) = trace.check(&n.id) {
            let _ = writeln!(out, "      check {}: {}", t.id, condition(&t.why));
            let because = t.why.because_plain();
            if !because.is_empty() {
                let _ = writeln!(out, "        because: {because}");
            }
        }
        let _ = writeln!(out, "        source: {}", cites(&n.source));
    }

    let _ = writeln!(out, "\nNot needed");
    let mut any = false;
    for rule in trace
        .rules
        .iter()
        .filter(|r| r.why.verdict == Verdict::NotNeeded)
    {
        any = true;
        let names: Vec<&str> = rule.items.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            out,
            "  ✗ {} — not needed: {}",
            names.join("、"),
            rule.why.because_plain()
        );
        let _ = writeln!(out, "      rule {}: {}", rule.id, condition(&rule.why));
    }
    for check in trace
        .checks
        .iter()
        .filter(|c| c.why.verdict == Verdict::NotNeeded)
    {
        any = true;
        let _ = writeln!(
            out,
            "  ✗ notice {} ({}) — not shown: {}",
            check.id,
            check.level.as_str(),
            check.why.because_plain()
        );
        let _ = writeln!(out, "      check {}: {}", check.id, condition(&check.why));
    }
    if !any {
        let _ = writeln!(out, "  (nothing: every rule and check applies)");
    }
    out
}
