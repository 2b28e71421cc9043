//! What `doclist check` adds for the cities' paths: plan scenarios that fail, steps no
//! scenario reaches, steps no situation can reach, loops that never move a day forward,
//! and citations of the path files.

use super::citations::{line_of, section_found};
use crate::engine::plan::{walk, End};
use crate::frontend::plan_scenario::{self, PlanReport};
use crate::model::applicant::Applicant;
use crate::model::fact::{FactType, Value};
use crate::model::policy::path::Path;
use crate::model::policy::{Library, Lines, PolicyError, PolicyFile, ProblemKind, Seg};
use crate::msg;
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// More situations than this are not walked: the steps not reached are then not told.
const GRID: usize = 20_000;

/// How well a city's path is exercised by its scenarios.
#[derive(Debug, Clone)]
pub struct PathCoverage {
    pub city: String,
    pub version: String,
    pub scenarios: usize,
    pub steps: usize,
    /// Step ids no scenario reaches.
    pub unreached: Vec<String>,
}

/// The problems of every path, and its coverage.
pub fn check(
    root: &str,
    files: &[PolicyFile],
    lib: &Library,
    sources: &BTreeMap<String, String>,
) -> (Vec<PolicyError>, Vec<PathCoverage>, usize) {
    let report: PlanReport = plan_scenario::run_files(lib, files, root);
    let mut out: Vec<PolicyError> = report
        .failures
        .iter()
        .map(|f| PolicyError {
            file: f.file.clone(),
            line: f.line,
            place: if f.scenario.is_empty() {
                String::new()
            } else {
                format!("scenario `{}`", f.scenario)
            },
            message: f.message.clone(),
            msg: None,
            kind: ProblemKind::Scenario,
        })
        .collect();
    let texts: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let mut coverage = Vec::new();
    for path in lib.paths() {
        let rel = path
            .file
            .strip_prefix(&format!("{root}/"))
            .unwrap_or(&path.file);
        let lines = texts.get(rel).map(|t| Lines::new(t)).unwrap_or_default();
        let step_line = |id: &str| {
            let i = path.steps.iter().position(|s| s.id == id)?;
            lines.get(&[Seg::Key("steps".into()), Seg::Index(i)])
        };
        let (count, reached) = report.reached.get(&path.city).cloned().unwrap_or_default();
        let unreached: Vec<String> = path
            .steps
            .iter()
            .filter(|s| !reached.contains(&s.id))
            .map(|s| s.id.clone())
            .collect();
        for id in &unreached {
            let mut p = PolicyError::file_msg(
                &path.file,
                ProblemKind::Uncovered,
                msg!("path-step-uncovered"),
            )
            .at(step_line(id));
            p.place = format!("step `{id}`");
            out.push(p);
        }
        coverage.push(PathCoverage {
            city: path.city.clone(),
            version: path.terms.version.clone(),
            scenarios: count,
            steps: path.steps.len(),
            unreached,
        });
        out.extend(walks(path, lib, &step_line));
        out.extend(citations(path, texts.get(rel).copied(), sources));
    }
    (out, coverage, report.count)
}

/// Walks the path from every situation of a grid of answers: the steps no walk reaches,
/// and the walks that come back to a step with nothing moved forward, or never end.
fn walks(
    path: &Path,
    lib: &Library,
    step_line: &dyn Fn(&str) -> Option<usize>,
) -> Vec<PolicyError> {
    let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();
    let shift = |n: i64| {
        if n >= 0 {
            day.checked_add_days(Days::new(n.unsigned_abs()))
        } else {
            day.checked_sub_days(Days::new(n.unsigned_abs()))
        }
        .unwrap_or(day)
    };
    let mut keys: Vec<String> = Vec::new();
    let mut domains: Vec<Vec<Value>> = Vec::new();
    for f in path.terms.asked_facts() {
        let values = match &f.ty {
            FactType::Bool | FactType::Enum(_) => f.every_answer(),
            FactType::Date => [-400, -100, 20].map(|n| Value::Date(shift(n))).to_vec(),
            FactType::Integer => vec![Value::Integer(0), Value::Integer(12)],
            FactType::Text => continue,
        };
        keys.push(f.key.clone());
        domains.push(values);
    }
    // An adult and a child.
    let births = [shift(-30 * 365), shift(-10 * 365)];
    let total = domains
        .iter()
        .try_fold(births.len(), |n, d| n.checked_mul(d.len().max(1)));
    let whole = total.is_some_and(|t| t <= GRID);
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut loops: BTreeMap<String, End> = BTreeMap::new();
    let mut pick = vec![0usize; domains.len()];
    'grid: for n in 0..GRID {
        for birth in births {
            let values = keys
                .iter()
                .zip(&pick)
                .zip(&domains)
                .filter_map(|((k, i), d)| d.get(*i).map(|v| (k.clone(), v.clone())))
                .collect();
            let applicant = Applicant {
                name: None,
                id_number: None,
                birth_date: Some(birth),
                values,
                ignored: Vec::new(),
                ignored_labels: Vec::new(),
                assumed: Vec::new(),
            };
            let (plan, end) = walk(path, lib, &applicant, day);
            reached.extend(plan.steps.iter().map(|s| s.id.clone()));
            match &end {
                End::Again {
                    step,
                    forward: false,
                } => {
                    loops.entry(step.clone()).or_insert(end);
                }
                End::TooLong => {
                    let last = plan.steps.last().map(|s| s.id.clone()).unwrap_or_default();
                    loops.entry(last).or_insert(end);
                }
                _ => {}
            }
        }
        // The next situation, as an odometer over the domains.
        let mut i = 0;
        loop {
            let Some(p) = pick.get_mut(i) else {
                break 'grid;
            };
            *p += 1;
            if *p < domains[i].len() {
                break;
            }
            *p = 0;
            i += 1;
        }
        if n + 1 == GRID {
            break;
        }
    }
    let mut out = Vec::new();
    let problem = |id: &str, kind: ProblemKind, m: crate::util::i18n::Msg| {
        let mut p = PolicyError::file_msg(&path.file, kind, m).at(step_line(id));
        p.place = format!("step `{id}`");
        p
    };
    if whole {
        for s in path.steps.iter().filter(|s| !reached.contains(&s.id)) {
            out.push(problem(
                &s.id,
                ProblemKind::NeverFires,
                msg!("path-step-unreachable"),
            ));
        }
    }
    for (id, end) in loops {
        let m = match end {
            End::TooLong => msg!("path-too-long", steps = crate::engine::plan::MAX_STEPS),
            _ => msg!("path-loop-stands-still"),
        };
        out.push(problem(&id, ProblemKind::Invalid, m));
    }
    out
}

/// Every cited section of the path must be a heading path of its document.
fn citations(
    path: &Path,
    text: Option<&str>,
    sources: &BTreeMap<String, String>,
) -> Vec<PolicyError> {
    if sources.is_empty() {
        return Vec::new();
    }
    let cites = path
        .steps
        .iter()
        .flat_map(|s| &s.source)
        .chain(path.terms.dates.iter().flat_map(|d| &d.source));
    let mut out = Vec::new();
    for cite in cites {
        let Some(doc) = sources.get(&cite.document) else {
            out.push(PolicyError::file_msg(
                &path.file,
                ProblemKind::Citation,
                msg!("policy-source-text-missing", file = &cite.document),
            ));
            continue;
        };
        if !section_found(&super::citations::searchable(doc), &cite.section) {
            out.push(
                PolicyError::file_msg(
                    &path.file,
                    ProblemKind::Citation,
                    msg!(
                        "policy-section-not-found",
                        section = &cite.section,
                        file = &cite.document
                    ),
                )
                .at(text.and_then(|t| line_of(t, &cite.section))),
            );
        }
    }
    out.dedup();
    out
}
