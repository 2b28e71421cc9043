//! `doclist check`: every problem of a policy directory, each with file and line, and
//! the rule coverage of its scenarios.
//!
//! Loading ([`Library::load`]) finds schema errors, unknown facts and values, undefined,
//! unused and duplicate ids, missing sources and conditions that can never be true. This
//! module adds what needs the whole directory: shared documents no policy uses,
//! characters the built-in fonts cannot draw (in policies and PDF templates), failing
//! scenarios, and rules and checks no scenario exercises.

mod citations;
mod glyphs;
mod paths;

pub use glyphs::{pdf_templates, TemplateFile};
pub use paths::PathCoverage;

use crate::frontend::scenario::{self, Coverage};
use crate::model::policy::{Library, Lines, PolicyError, PolicyFile, ProblemKind, Seg};
use crate::output::pdf::FontSet;
use std::collections::{BTreeMap, BTreeSet};

/// What `doclist check` found.
#[derive(Debug, Clone)]
pub struct LintReport {
    /// Every problem and note, sorted by file and line.
    pub problems: Vec<PolicyError>,
    /// Rule and check coverage of each policy version that loaded.
    pub coverage: Vec<Coverage>,
    /// How many scenarios ran.
    pub scenarios: usize,
    /// How many policy versions loaded.
    pub versions: usize,
    /// Step coverage of each city's path.
    pub paths: Vec<PathCoverage>,
    /// How many plan scenarios ran.
    pub plan_scenarios: usize,
}

impl LintReport {
    /// Whether nothing is wrong (notes aside).
    pub fn ok(&self) -> bool {
        self.problems.iter().all(|p| p.kind.is_note())
    }
}

/// Checks a policy directory: its files (paths relative to `root`), the texts of its
/// source documents (by file name), the fonts the PDF is drawn with, and the PDF
/// templates.
pub fn check(
    root: &str,
    files: Vec<PolicyFile>,
    sources: &BTreeMap<String, String>,
    fonts: Option<&FontSet>,
    templates: &[TemplateFile],
) -> LintReport {
    let loaded = Library::load(root, files.clone());
    let lib = &loaded.library;
    let mut problems = loaded.problems;
    problems.extend(unused_shared_documents(root, &files, lib, &problems));
    problems.extend(citations::citations(root, &files, lib, sources));
    if let Some(fonts) = fonts {
        problems.extend(glyphs::policy_glyphs(root, &files, fonts));
        problems.extend(glyphs::template_glyphs(templates, fonts));
    }
    let (path_problems, paths, plan_scenarios) = paths::check(root, &files, lib, sources);
    problems.extend(path_problems);
    let report = scenario::run_files(lib, &files, root);
    // Policies with a file that did not load: their problems are told already, and their
    // scenarios cannot run.
    let unloaded: BTreeSet<String> = files
        .iter()
        .filter_map(|f| crate::model::policy::policy_id_of(&f.path))
        .filter(|id| lib.get(id).is_err())
        .collect();
    let prefix = format!("{root}/");
    for f in &report.failures {
        let rel = f.file.strip_prefix(&prefix).unwrap_or(&f.file);
        if unloaded.contains(scenario::policy_id(rel)) {
            continue;
        }
        let place = if f.scenario.is_empty() {
            String::new()
        } else {
            format!("scenario `{}`", f.scenario)
        };
        problems.push(PolicyError {
            file: f.file.clone(),
            line: f.line,
            place,
            message: f.message.clone(),
            msg: None,
            kind: ProblemKind::Scenario,
        });
    }
    let texts: BTreeMap<String, &str> = files
        .iter()
        .map(|f| (format!("{root}/{}", f.path), f.text.as_str()))
        .collect();
    // A rule that can never fire is told once, not again as unexercised.
    let never: BTreeSet<(String, String)> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::NeverFires)
        .map(|p| (p.file.clone(), p.place.clone()))
        .collect();
    for c in report
        .coverage
        .iter()
        .filter(|c| !report.unread.contains(&c.policy))
    {
        problems.extend(
            uncovered(c, lib, &texts)
                .into_iter()
                .filter(|p| !never.contains(&(p.file.clone(), p.place.clone()))),
        );
    }
    problems.sort_by(|a, b| (&a.file, a.line, a.kind).cmp(&(&b.file, b.line, b.kind)));
    problems.dedup();
    LintReport {
        problems,
        versions: report.coverage.len(),
        coverage: report.coverage,
        scenarios: report.count,
        paths,
        plan_scenarios,
    }
}

/// The rules and checks of one policy version no scenario exercises, at their lines.
fn uncovered(c: &Coverage, lib: &Library, texts: &BTreeMap<String, &str>) -> Vec<PolicyError> {
    let lines = texts
        .get(&c.file)
        .map(|t| Lines::new(t))
        .unwrap_or_default();
    let problem = |line: Option<usize>, place: String, m: crate::util::i18n::Msg| {
        let mut p = PolicyError::file(&c.file, ProblemKind::Uncovered, "").said(m);
        p.line = line;
        p.place = place;
        p
    };
    if c.scenarios == 0 && (c.rules > 0 || c.checks > 0) {
        return vec![problem(
            Some(1),
            String::new(),
            crate::msg!(
                "policy-no-scenario-for-version",
                policy = &c.policy,
                version = &c.version
            ),
        )];
    }
    let Some(policy) = lib.all_versions().into_iter().find(|p| p.file == c.file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, r) in policy.rules.iter().enumerate() {
        if c.unexercised_rules.contains(&r.id) {
            out.push(problem(
                lines.get(&[Seg::Key("rules".into()), Seg::Index(i)]),
                format!("rule `{}`", r.id),
                crate::msg!("policy-rule-uncovered"),
            ));
        }
    }
    for (i, k) in policy.checks.iter().enumerate() {
        if c.unexercised_checks.contains(&k.id) {
            out.push(problem(
                lines.get(&[Seg::Key("checks".into()), Seg::Index(i)]),
                format!("check `{}`", k.id),
                crate::msg!("policy-check-uncovered"),
            ));
        }
    }
    out
}

/// Documents of `facts.yaml` or a city's `common.yaml` that no policy in their reach
/// uses. A reach with a policy that did not load is skipped (its uses are not known).
fn unused_shared_documents(
    root: &str,
    files: &[PolicyFile],
    lib: &Library,
    problems: &[PolicyError],
) -> Vec<PolicyError> {
    let broken: BTreeSet<&str> = problems
        .iter()
        .filter(|p| p.kind.blocks_loading())
        .map(|p| p.file.as_str())
        .collect();
    let mut out = Vec::new();
    for f in files {
        let city = match f.path.as_str() {
            "facts.yaml" => None,
            p if p.ends_with("/common.yaml") && p.matches('/').count() == 1 => {
                Some(p.trim_end_matches("/common.yaml"))
            }
            _ => continue,
        };
        let file = format!("{root}/{}", f.path);
        let in_reach = |path: &str| city.is_none_or(|c| path.starts_with(&format!("{c}/")));
        let reach_broken = broken
            .iter()
            .any(|b| b.strip_prefix(&format!("{root}/")).is_some_and(in_reach));
        if reach_broken {
            continue;
        }
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&f.text) else {
            continue;
        };
        let Some(docs) = value.get("documents").and_then(|d| d.as_mapping()) else {
            continue;
        };
        let used: BTreeSet<&str> = lib
            .all_versions()
            .into_iter()
            .filter(|p| city.is_none_or(|c| p.city == c))
            .flat_map(|p| p.documents.keys().map(String::as_str))
            .collect();
        let lines = Lines::new(&f.text);
        for id in docs.keys().filter_map(|k| k.as_str()) {
            if !used.contains(id) {
                let mut p = PolicyError::file_msg(
                    &file,
                    ProblemKind::UnusedDocument,
                    crate::msg!("policy-unused-shared-document"),
                );
                p.line = lines.get(&[Seg::Key("documents".into()), Seg::Key(id.into())]);
                p.place = format!("document `{id}`");
                out.push(p);
            }
        }
    }
    out
}
