//! Citations against the source documents themselves (`sources/*.txt` of a policy
//! directory): every cited section must be a heading path of its document, and a paper
//! shown as an official requirement must be cited to an official passage.

use crate::model::policy::{Authority, Cite, Library, PolicyError, PolicyFile, ProblemKind};
use crate::msg;
use crate::util::i18n::Msg;
use std::collections::{BTreeMap, BTreeSet};

/// The citation problems of every loaded policy version. `sources` are the texts of
/// the source documents, by file name; a cited document without a text is one problem.
/// A directory without source texts has its citations checked by nothing.
pub fn citations(
    root: &str,
    files: &[PolicyFile],
    lib: &Library,
    sources: &BTreeMap<String, String>,
) -> Vec<PolicyError> {
    if sources.is_empty() {
        return Vec::new();
    }
    let texts: BTreeMap<String, &str> = files
        .iter()
        .map(|f| (format!("{root}/{}", f.path), f.text.as_str()))
        .collect();
    let searchable: BTreeMap<&str, String> = sources
        .iter()
        .map(|(file, text)| (file.as_str(), searchable(text)))
        .collect();
    let mut out = Vec::new();
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for policy in lib.all_versions() {
        // Where a section is written: the policy file first, then its city's shared file.
        let places = [
            policy.file.clone(),
            format!("{root}/{}/common.yaml", policy.city),
            format!("{root}/facts.yaml"),
        ];
        let at = |section: &str| -> (String, Option<usize>) {
            places
                .iter()
                .find_map(|p| line_of(texts.get(p)?, section).map(|l| (p.clone(), Some(l))))
                .unwrap_or_else(|| (policy.file.clone(), None))
        };
        for cite in cites(policy) {
            let Some(text) = searchable.get(cite.document.as_str()) else {
                if missing.insert(cite.document.as_str()) {
                    out.push(PolicyError::file_msg(
                        &policy.file,
                        ProblemKind::Citation,
                        msg!("policy-source-text-missing", file = &cite.document),
                    ));
                }
                continue;
            };
            if !section_found(text, &cite.section) {
                let (file, line) = at(&cite.section);
                out.push(
                    problem(
                        &file,
                        msg!(
                            "policy-section-not-found",
                            section = &cite.section,
                            file = &cite.document
                        ),
                    )
                    .at(line),
                );
            }
        }
        for rule in &policy.rules {
            let official = !rule.may_be_requested
                && rule
                    .source
                    .iter()
                    .any(|c| c.authority == Authority::Official);
            if !official {
                continue;
            }
            for spec in &rule.items {
                let Some(doc) = policy.documents.get(&spec.docs[0]) else {
                    continue;
                };
                if doc
                    .source
                    .iter()
                    .all(|c| c.authority != Authority::Official)
                {
                    let mut p = problem(
                        &policy.file,
                        msg!("policy-official-cited-secondary", document = &doc.id),
                    );
                    p.place = format!("rule `{}`", rule.id);
                    p.line = texts.get(&policy.file).and_then(|t| {
                        t.lines()
                            .position(|l| {
                                l.trim_start_matches([' ', '-']) == format!("id: {}", rule.id)
                            })
                            .map(|i| i + 1)
                    });
                    out.push(p);
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out.dedup();
    out
}

fn problem(file: &str, m: Msg) -> PolicyError {
    PolicyError::file_msg(file, ProblemKind::Citation, m)
}

/// Every citation of a policy: documents, rules, checks, dates and procedure lines.
fn cites(policy: &crate::model::policy::Policy) -> impl Iterator<Item = &Cite> {
    policy
        .documents
        .values()
        .flat_map(|d| &d.source)
        .chain(policy.rules.iter().flat_map(|r| &r.source))
        .chain(policy.checks.iter().flat_map(|c| &c.source))
        .chain(policy.dates.iter().flat_map(|d| &d.source))
        .chain(policy.procedure.iter().flat_map(|p| &p.source))
}

/// The 1-based line of the first `section:` that names `section` in a YAML text.
pub(super) fn line_of(text: &str, section: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.contains("section:") && l.contains(section))
        .map(|i| i + 1)
}

/// A text as it is searched: letters and digits only, so that spaces, line breaks and
/// punctuation never decide whether a heading is found.
pub(super) fn searchable(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether `section` is a heading path of a document (its [`searchable`] text): every
/// part, split at `·` outside brackets, occurs at or after the previous part. A part's
/// trailing bracketed qualifiers — （1）, （线下）, which part of a long passage — may be
/// left out of the document.
pub fn section_found(text: &str, section: &str) -> bool {
    let mut from = 0;
    for part in parts(section) {
        let found = variants(&part)
            .iter()
            .map(|v| searchable(v))
            .filter(|v| !v.is_empty())
            .find_map(|v| text[from..].find(&v));
        match found {
            Some(i) => from += i,
            None => return false,
        }
    }
    true
}

/// A section's parts: split at `·` that are not inside brackets.
fn parts(section: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in section.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '·' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("never empty").push(c);
    }
    out
}

/// A part, then the part without each trailing bracketed qualifier in turn.
fn variants(part: &str) -> Vec<String> {
    let mut out = vec![part.to_string()];
    let mut rest = part.trim_end();
    while let Some(stripped) = rest.strip_suffix('）').or_else(|| rest.strip_suffix(')')) {
        let Some(open) = stripped.rfind(['（', '(']) else {
            break;
        };
        rest = stripped[..open].trim_end();
        out.push(rest.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_found_by_its_headings_in_order() {
        let text = searchable("一、上海市居住登记申报\n居住登记申报所需材料\n（1）房屋\n二、签注");
        assert!(section_found(
            text.as_str(),
            "上海市居住登记申报·居住登记申报所需材料（1）"
        ));
        assert!(section_found(
            text.as_str(),
            "上海市居住登记申报·居住登记申报所需材料（线上·近亲属）"
        ));
        assert!(!section_found(text.as_str(), "签注·居住登记申报所需材料"));
        assert!(!section_found(text.as_str(), "上海市居住证申领"));
    }

    #[test]
    fn punctuation_and_spaces_do_not_matter() {
        let text = searchable("在哪里能查询到《上海市居住证》的审核结果？");
        assert!(section_found(&text, "在哪里能查询到上海市居住证的审核结果"));
    }
}
