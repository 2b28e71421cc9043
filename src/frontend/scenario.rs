//! Scenario files: situations written from the sources with the checklist they must give.
//!
//! `policies/<city>/<procedure>.scenarios.yaml` holds a list of scenarios; each names an
//! input situation, a date, and what the checklist must (and must not) contain. They are
//! run by `cargo test`, and tell which rules no scenario exercises.

use crate::engine::{evaluate, Options};
use crate::model::applicant::RawInput;
use crate::model::policy::{Library, Policy};
use crate::Checklist;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// A scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub scenarios: Vec<Scenario>,
}

/// One situation and what its checklist must show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// The as-of date, YYYY-MM-DD.
    pub date: String,
    pub input: serde_yaml::Mapping,
    pub expect: Expect,
}

impl Scenario {
    /// The scenario's input as an applicant file gives it.
    pub fn raw_input(&self) -> RawInput {
        self.input
            .iter()
            .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.clone()))
            .collect()
    }
}

/// Expectations; each one given is checked, the others are not.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `true`, `false`, or `null` for a verdict that depends on unanswered questions (a
    /// key left out is not checked).
    #[serde(default, deserialize_with = "three_valued")]
    pub eligible: Option<Option<bool>>,
    /// Exactly these facts decide a `null` verdict.
    pub depends_on: Option<Vec<String>>,
    /// Exactly these items, not counting "if applicable" ones.
    pub items: Option<Vec<String>>,
    /// At least these items (definite).
    pub include: Option<Vec<String>>,
    /// None of these items, definite or conditional.
    pub exclude: Option<Vec<String>>,
    /// Exactly these papers with something "if applicable": the paper, or one way of
    /// handing it over.
    pub conditional: Option<Vec<String>>,
    /// Exactly these papers marked "may be requested at the counter", as a whole or in
    /// one way of handing them over.
    pub may_be_requested: Option<Vec<String>>,
    /// Exactly these notices (check ids), conditional ones included.
    pub notices: Option<Vec<String>>,
    /// None of these notices, conditional ones included.
    pub absent: Option<Vec<String>>,
    /// Exactly these notices are self-check lines (办理前请自查): requirements taken as
    /// met because their questions were left blank.
    pub self_checks: Option<Vec<String>>,
    /// These notices must be present at these levels.
    pub levels: Option<BTreeMap<String, String>>,
    /// Dates that must be computed, YYYY-MM-DD.
    pub dates: Option<BTreeMap<String, String>>,
    /// These notice texts must contain these strings.
    pub texts: Option<BTreeMap<String, String>>,
    /// The input must be rejected with a message containing this.
    pub error: Option<String>,
}

/// What running one scenario found.
#[derive(Debug)]
pub struct Outcome {
    pub name: String,
    pub failures: Vec<Miss>,
    /// Rules that fired (definitely) in this scenario.
    pub fired: BTreeSet<String>,
    /// Checks whose notice was shown (definitely) in this scenario.
    pub noticed: BTreeSet<String>,
}

/// One thing a scenario expects that its checklist does not give, under the key that
/// asks for it (`items`, `notices`…, or `date`, `input`, `error`).
#[derive(Debug, Clone)]
pub struct Miss {
    pub key: &'static str,
    pub message: String,
}

fn miss(key: &'static str, message: String) -> Miss {
    Miss { key, message }
}

fn set(v: &[String]) -> BTreeSet<&str> {
    v.iter().map(String::as_str).collect()
}

fn compare(
    key: &'static str,
    what: &str,
    want: &[String],
    got: BTreeSet<&str>,
    failures: &mut Vec<Miss>,
) {
    let want = set(want);
    if want != got {
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        failures.push(miss(
            key,
            format!("{what}: missing {missing:?}, unexpected {extra:?}"),
        ));
    }
}

/// Ids an expectation names that the policy can never give: a paper no rule lists, a
/// notice no check makes, a date the policy does not compute. Such a typo would
/// otherwise read as a plain mismatch, or pass unseen under `exclude` and `absent`.
fn unknown_ids(e: &Expect, policy: &Policy) -> Vec<Miss> {
    let papers: BTreeSet<&str> = policy
        .rules
        .iter()
        .flat_map(|r| &r.items)
        .flat_map(|i| &i.docs)
        .map(String::as_str)
        .collect();
    let checks: BTreeSet<&str> = policy
        .checks
        .iter()
        .map(|c| c.id.as_str())
        .chain([crate::engine::NOT_VERIFIED])
        .collect();
    let mut out = Vec::new();
    let paper_keys: [(&'static str, &Option<Vec<String>>); 5] = [
        ("items", &e.items),
        ("include", &e.include),
        ("exclude", &e.exclude),
        ("conditional", &e.conditional),
        ("may_be_requested", &e.may_be_requested),
    ];
    for (key, ids) in paper_keys {
        for id in ids
            .iter()
            .flatten()
            .filter(|id| !papers.contains(id.as_str()))
        {
            out.push(miss(key, format!("no rule of this policy lists `{id}`")));
        }
    }
    let notice_keys: [(&'static str, Vec<&String>); 5] = [
        ("notices", e.notices.iter().flatten().collect()),
        ("absent", e.absent.iter().flatten().collect()),
        ("self_checks", e.self_checks.iter().flatten().collect()),
        ("levels", e.levels.iter().flat_map(|m| m.keys()).collect()),
        ("texts", e.texts.iter().flat_map(|m| m.keys()).collect()),
    ];
    for (key, ids) in notice_keys {
        for id in ids.into_iter().filter(|id| !checks.contains(id.as_str())) {
            out.push(miss(
                key,
                format!("no check of this policy has the id `{id}`"),
            ));
        }
    }
    for key in e.dates.iter().flat_map(|m| m.keys()) {
        if !policy.dates.iter().any(|d| &d.key == key) {
            out.push(miss(
                "dates",
                format!("the policy computes no date `{key}`"),
            ));
        }
    }
    out
}

/// Runs one scenario against its policy.
pub fn run(s: &Scenario, policy: &Policy, library: &Library) -> Outcome {
    let mut failures = Vec::new();
    let mut fired = BTreeSet::new();
    let raw = s.raw_input();
    let date = match crate::model::answer::parse_date(&s.date) {
        Ok(d) => d,
        Err(e) => {
            failures.push(miss("date", format!("date: {e}")));
            return Outcome {
                name: s.name.clone(),
                failures,
                fired,
                noticed: BTreeSet::new(),
            };
        }
    };
    // Read as every front-end reads an applicant (defaults settled for the date).
    let applicant = crate::engine::questions::read_strict(&raw, policy, library, &s.name, date);
    let e = &s.expect;
    let applicant = match (applicant, &e.error) {
        (Err(err), Some(want)) => {
            if !err.to_string().contains(want.as_str()) {
                failures.push(miss(
                    "error",
                    format!("error `{err}` does not contain `{want}`"),
                ));
            }
            return Outcome {
                name: s.name.clone(),
                failures,
                fired,
                noticed: BTreeSet::new(),
            };
        }
        (Err(err), None) => {
            failures.push(miss("input", format!("input rejected: {err}")));
            return Outcome {
                name: s.name.clone(),
                failures,
                fired,
                noticed: BTreeSet::new(),
            };
        }
        (Ok(_), Some(want)) => {
            failures.push(miss(
                "error",
                format!("input accepted, but an error containing `{want}` was expected"),
            ));
            return Outcome {
                name: s.name.clone(),
                failures,
                fired,
                noticed: BTreeSet::new(),
            };
        }
        (Ok(a), None) => a,
    };
    let c: Checklist = evaluate(policy, &applicant, date, Options::default());
    for i in c.items.iter().filter(|i| !i.conditional) {
        fired.extend(i.rules.iter().cloned());
    }
    failures.extend(unknown_ids(e, policy));
    failures.extend(unmet(e, &c));
    // A self-check line says the check did not hold; it does not exercise it.
    let noticed = c
        .notices
        .iter()
        .filter(|n| !n.conditional && !n.self_check)
        .map(|n| n.id.clone())
        .collect();
    Outcome {
        name: s.name.clone(),
        failures,
        fired,
        noticed,
    }
}

/// What of a scenario's `expect` the checklist does not meet, in words.
fn unmet(e: &Expect, c: &Checklist) -> Vec<Miss> {
    let mut failures = Vec::new();
    let definite: BTreeSet<&str> = c
        .items
        .iter()
        .filter(|i| !i.conditional)
        .map(|i| i.id.as_str())
        .collect();
    // Papers with something open: the paper itself, or one way of handing it over.
    let conditional: BTreeSet<&str> = c
        .items
        .iter()
        .filter(|i| i.conditional || i.marks.iter().any(|m| m.conditional))
        .map(|i| i.id.as_str())
        .collect();
    if let Some(want) = e.eligible {
        if c.eligible != want {
            let on: Vec<&str> = c
                .eligibility
                .depends_on
                .iter()
                .map(|d| d.fact.as_str())
                .collect();
            failures.push(miss(
                "eligible",
                format!(
                    "eligible is {} {on:?}, expected {}",
                    show_verdict(c.eligible),
                    show_verdict(want)
                ),
            ));
        }
    }
    if let Some(want) = &e.depends_on {
        let got: BTreeSet<&str> = c
            .eligibility
            .depends_on
            .iter()
            .map(|d| d.fact.as_str())
            .collect();
        compare("depends_on", "depends_on", want, got, &mut failures);
    }
    if let Some(want) = &e.items {
        compare("items", "items", want, definite.clone(), &mut failures);
    }
    if let Some(want) = &e.include {
        for w in want {
            if !definite.contains(w.as_str()) {
                failures.push(miss("include", format!("item `{w}` expected but absent")));
            }
        }
    }
    if let Some(want) = &e.exclude {
        for w in want {
            if definite.contains(w.as_str()) || conditional.contains(w.as_str()) {
                failures.push(miss("exclude", format!("item `{w}` must not be listed")));
            }
        }
    }
    if let Some(want) = &e.conditional {
        compare(
            "conditional",
            "conditional items",
            want,
            conditional,
            &mut failures,
        );
    }
    if let Some(want) = &e.may_be_requested {
        let got = c
            .items
            .iter()
            .filter(|i| i.may_be_requested || i.marks.iter().any(|m| m.may_be_requested))
            .map(|i| i.id.as_str())
            .collect();
        compare(
            "may_be_requested",
            "may-be-requested items",
            want,
            got,
            &mut failures,
        );
    }
    failures.extend(unmet_notices(e, c));
    failures
}

/// What of a scenario's expected notices and dates the checklist does not meet.
fn unmet_notices(e: &Expect, c: &Checklist) -> Vec<Miss> {
    let mut failures = Vec::new();
    if let Some(want) = &e.notices {
        let got = c.notices.iter().map(|n| n.id.as_str()).collect();
        compare("notices", "notices", want, got, &mut failures);
    }
    if let Some(want) = &e.self_checks {
        let got = c
            .notices
            .iter()
            .filter(|n| n.self_check)
            .map(|n| n.id.as_str())
            .collect();
        compare(
            "self_checks",
            "self-check notices",
            want,
            got,
            &mut failures,
        );
    }
    if let Some(levels) = &e.levels {
        for (id, level) in levels {
            match c.notices.iter().find(|n| &n.id == id) {
                Some(n) if n.level.as_str() == level => {}
                Some(n) => failures.push(miss(
                    "levels",
                    format!("notice `{id}` is {}, expected {level}", n.level.as_str()),
                )),
                None => failures.push(miss(
                    "levels",
                    format!("notice `{id}` expected at level {level}, absent"),
                )),
            }
        }
    }
    if let Some(absent) = &e.absent {
        for id in absent {
            if c.notices.iter().any(|n| &n.id == id) {
                failures.push(miss("absent", format!("notice `{id}` must not be shown")));
            }
        }
    }
    if let Some(texts) = &e.texts {
        for (id, want) in texts {
            match c.notices.iter().find(|n| &n.id == id) {
                Some(n) if n.text.contains(want.as_str()) => {}
                Some(n) => failures.push(miss(
                    "texts",
                    format!("notice `{id}` text `{}` lacks `{want}`", n.text),
                )),
                None => failures.push(miss("texts", format!("notice `{id}` expected, absent"))),
            }
        }
    }
    if let Some(dates) = &e.dates {
        for (key, want) in dates {
            match c.dates.iter().find(|d| &d.key == key) {
                Some(d) if d.date.format("%Y-%m-%d").to_string() == *want => {}
                Some(d) => failures.push(miss(
                    "dates",
                    format!("date `{key}` is {}, expected {want}", d.date),
                )),
                None => failures.push(miss(
                    "dates",
                    format!("date `{key}` expected {want}, not computed"),
                )),
            }
        }
    }
    failures
}

/// Parses a scenario file.
pub fn parse(text: &str, file: &str) -> Result<ScenarioFile, String> {
    let text = crate::util::input_text::without_bom(text);
    crate::util::input_text::check_depth(text).map_err(|e| format!("{file}: {e}"))?;
    serde_yaml::from_str(text).map_err(|e| format!("{file}: {e}"))
}

/// The policy id a scenario file belongs to: `<city>/<procedure>.scenarios.yaml`, or
/// `<city>/<procedure>/<name>.scenarios.yaml` beside the versions of a policy.
pub fn policy_id(path: &str) -> &str {
    let id = path.trim_end_matches(".scenarios.yaml");
    match id.match_indices('/').nth(1) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

/// A scenario whose checklist is not what it expects, or a scenario file that cannot be
/// used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The scenario file, as shown in messages.
    pub file: String,
    pub line: Option<usize>,
    /// The scenario's name (empty for the file as a whole).
    pub scenario: String,
    pub message: String,
}

/// The rules and checks of one policy version that no scenario exercises.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub policy: String,
    pub version: String,
    /// The policy file of this version.
    pub file: String,
    /// How many scenarios ran against this version.
    pub scenarios: usize,
    pub rules: usize,
    pub checks: usize,
    /// Rule ids no scenario made fire.
    pub unexercised_rules: Vec<String>,
    /// Check ids no scenario made show.
    pub unexercised_checks: Vec<String>,
}

/// What running every scenario file found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// How many scenarios ran.
    pub count: usize,
    pub failures: Vec<Failure>,
    /// One entry per policy version, in library order.
    pub coverage: Vec<Coverage>,
    /// Policies whose scenario file did not read: its error is told, and their
    /// coverage says nothing (every rule would look unexercised).
    pub unread: BTreeSet<String>,
}

/// Runs every scenario file (`*.scenarios.yaml` among `files`) against the version of its
/// policy in force on the scenario's date, and tells which rules and checks of each
/// version no scenario exercises. `root` is the directory shown in messages.
pub fn run_files(lib: &Library, files: &[crate::model::policy::PolicyFile], root: &str) -> Report {
    let mut report = Report::default();
    // (policy file) → fired rules / shown checks / scenario count.
    let mut fired: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>, usize)> = BTreeMap::new();
    let plan = crate::model::policy::is_plan_scenario;
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".scenarios.yaml") && !plan(&f.path))
    {
        let file = format!("{root}/{}", f.path);
        let id = policy_id(&f.path);
        let fail = |line: Option<usize>, scenario: &str, message: String| Failure {
            file: file.clone(),
            line,
            scenario: scenario.to_string(),
            message,
        };
        if let Err(e) = lib.get(id) {
            report.failures.push(fail(Some(1), "", e.to_string()));
            continue;
        }
        let text = crate::util::input_text::without_bom(&f.text);
        if let Err(e) = crate::util::input_text::check_depth(text) {
            report.failures.push(fail(Some(e.line), "", e.to_string()));
            report.unread.insert(id.to_string());
            continue;
        }
        let parsed: ScenarioFile = match serde_yaml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                let line = e.location().map(|l| l.line());
                report.failures.push(fail(line, "", e.to_string()));
                report.unread.insert(id.to_string());
                continue;
            }
        };
        let lines = crate::model::policy::Lines::new(&f.text);
        for (i, s) in parsed.scenarios.iter().enumerate() {
            report.count += 1;
            let line = lines.get(&crate::yaml_path!["scenarios", i]);
            let policy = match crate::model::answer::parse_date(&s.date) {
                Ok(d) => match lib.get_on(id, d) {
                    Ok(p) => p,
                    Err(e) => {
                        report.failures.push(fail(line, &s.name, e.to_string()));
                        continue;
                    }
                },
                // `run` reports the bad date.
                Err(_) => match lib.get(id) {
                    Ok(p) => p,
                    Err(e) => {
                        report.failures.push(fail(line, &s.name, e.to_string()));
                        continue;
                    }
                },
            };
            let out = run(s, policy, lib);
            let entry = fired.entry(policy.file.clone()).or_default();
            entry.0.extend(out.fired);
            entry.1.extend(out.noticed);
            entry.2 += 1;
            for m in out.failures {
                // The line of the key that asks, else the scenario's.
                let at = match m.key {
                    "date" | "input" => lines.get(&crate::yaml_path!["scenarios", i, m.key]),
                    key => lines.get(&crate::yaml_path!["scenarios", i, "expect", key]),
                };
                report.failures.push(fail(at.or(line), &s.name, m.message));
            }
        }
    }
    for p in lib.all_versions() {
        let empty = (BTreeSet::new(), BTreeSet::new(), 0);
        let (rules, checks, scenarios) = fired.get(&p.file).unwrap_or(&empty);
        report.coverage.push(Coverage {
            policy: p.id.clone(),
            version: p.version.clone(),
            file: p.file.clone(),
            scenarios: *scenarios,
            rules: p.rules.len(),
            checks: p.checks.len(),
            unexercised_rules: p
                .rules
                .iter()
                .filter(|r| !rules.contains(&r.id))
                .map(|r| r.id.clone())
                .collect(),
            unexercised_checks: p
                .checks
                .iter()
                .filter(|c| !checks.contains(&c.id))
                .map(|c| c.id.clone())
                .collect(),
        });
    }
    report
}

/// `eligible:` as written: a key with `null` is "depends", different from a key left out.
fn three_valued<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<bool>>, D::Error> {
    Option::<bool>::deserialize(d).map(Some)
}

fn show_verdict(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "null (depends)",
    }
}
