//! Plan scenarios: `policies/<city>/path.scenarios.yaml` holds situations written from the
//! sources with the plan they must give (the steps in order, their days, their verdicts).
//! `doclist check` and `cargo test` run them, and tell which steps no scenario reaches.

use crate::engine::Options;
use crate::frontend::plan::plan_from_raw;
use crate::frontend::scenario::Failure;
use crate::model::applicant::RawInput;
use crate::model::plan::Plan;
use crate::model::policy::{is_plan_scenario, Library, PolicyFile};
use crate::util::i18n::Lang;
use serde::Deserialize;
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};

/// A plan scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanScenarioFile {
    pub scenarios: Vec<PlanScenario>,
}

/// One situation and the plan it must give.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanScenario {
    pub name: String,
    /// The day the plan starts from, YYYY-MM-DD.
    pub date: String,
    pub input: serde_yaml::Mapping,
    pub expect: PlanExpect,
}

/// Expectations; each one given is checked, the others are not.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PlanExpect {
    /// Exactly these steps, in this order (by their ids in the path).
    pub steps: Option<Vec<String>>,
    /// Each step's day, YYYY-MM-DD; `null` for a day that depends on an answer.
    pub dates: Option<BTreeMap<String, Option<String>>>,
    /// Each step's last day.
    pub until: Option<BTreeMap<String, String>>,
    /// Exactly these steps can be done on the start day.
    pub now: Option<Vec<String>>,
    /// Exactly these steps are past their last day.
    pub late: Option<Vec<String>>,
    /// The step that comes round again, where the plan ends.
    pub again: Option<String>,
    /// Exactly these steps may come next when the answers do not tell.
    pub open: Option<Vec<String>>,
    /// Exactly these questions decide the next step, or the last step's day.
    pub depends_on: Option<Vec<String>>,
    /// Each step's verdict: `true`, `false`, or `null` when it depends.
    pub eligible: Option<BTreeMap<String, Option<bool>>>,
    /// At least these notices (check ids) on each step's checklist.
    pub notices: Option<BTreeMap<String, Vec<String>>>,
    /// The input must be refused with a message containing this.
    pub error: Option<String>,
}

/// What running every plan scenario file found.
#[derive(Debug, Clone, Default)]
pub struct PlanReport {
    pub count: usize,
    pub failures: Vec<Failure>,
    /// By city: how many scenarios ran, and the steps they reached.
    pub reached: BTreeMap<String, (usize, BTreeSet<String>)>,
}

/// Runs every `<city>/path.scenarios.yaml` among `files` (shown under `root`).
pub fn run_files(lib: &Library, files: &[PolicyFile], root: &str) -> PlanReport {
    let mut report = PlanReport::default();
    for f in files {
        if !is_plan_scenario(&f.path) {
            continue;
        }
        let city = f.path.split('/').next().unwrap_or_default().to_string();
        let file = format!("{root}/{}", f.path);
        let fail = |line: Option<usize>, scenario: &str, message: String| Failure {
            file: file.clone(),
            line,
            scenario: scenario.to_string(),
            message,
        };
        if lib.path(&city).is_none() {
            let m = crate::msg!(
                "plan-unknown-city",
                city = &city,
                available = Vec::<String>::new()
            );
            report.failures.push(fail(Some(1), "", m.text(Lang::En)));
            continue;
        }
        let parsed: PlanScenarioFile = match parse(&f.text, &file) {
            Ok(p) => p,
            Err((line, message)) => {
                report.failures.push(fail(line, "", message));
                continue;
            }
        };
        let lines = crate::model::policy::Lines::new(&f.text);
        let entry = report.reached.entry(city.clone()).or_default();
        for (i, s) in parsed.scenarios.iter().enumerate() {
            report.count += 1;
            entry.0 += 1;
            let at = |key: &str| {
                lines
                    .get(&crate::yaml_path!["scenarios", i, "expect", key])
                    .or_else(|| lines.get(&crate::yaml_path!["scenarios", i]))
            };
            let day = match crate::model::answer::parse_date(&s.date) {
                Ok(d) => d,
                Err(e) => {
                    let line = lines.get(&crate::yaml_path!["scenarios", i, "date"]);
                    report.failures.push(fail(line, &s.name, e.text(Lang::En)));
                    continue;
                }
            };
            let mut raw: RawInput = s
                .input
                .iter()
                .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.clone()))
                .collect();
            if !raw.iter().any(|(k, _)| k == "city") {
                raw.push(("city".to_string(), Yaml::String(city.clone())));
            }
            match (
                plan_from_raw(lib, &raw, &file, day, Options::default()),
                &s.expect.error,
            ) {
                (Ok(_), Some(want)) => report.failures.push(fail(
                    at("error"),
                    &s.name,
                    format!("expected the input to be refused with `{want}`"),
                )),
                (Ok((plan, _)), None) => {
                    entry.1.extend(plan.steps.iter().map(|st| st.id.clone()));
                    for (key, message) in unmet(&s.expect, &plan) {
                        report.failures.push(fail(at(key), &s.name, message));
                    }
                }
                (Err(e), want) => {
                    let text = e.text(Lang::Zh);
                    if !want.as_ref().is_some_and(|w| text.contains(w.as_str())) {
                        report.failures.push(fail(at("error"), &s.name, text));
                    }
                }
            }
        }
    }
    report
}

/// Parses a plan scenario file; the error with its line when there is one.
fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<T, (Option<usize>, String)> {
    let text = crate::util::input_text::without_bom(text);
    crate::util::input_text::check_depth(text)
        .map_err(|e| (Some(e.line), format!("{file}: {e}")))?;
    serde_yaml::from_str(text).map_err(|e| (e.location().map(|l| l.line()), e.to_string()))
}

/// Every expectation the plan does not meet, under its key.
fn unmet(e: &PlanExpect, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    let step = |id: &str| plan.steps.iter().find(|s| s.id == id);
    let same = |want: &[String], got: Vec<&str>| {
        let w: BTreeSet<&str> = want.iter().map(String::as_str).collect();
        w == got.into_iter().collect()
    };
    if let Some(want) = &e.steps {
        if *want != ids {
            out.push(("steps", format!("steps: expected {want:?}, got {ids:?}")));
        }
    }
    for (id, want) in e.dates.iter().flatten() {
        let got = step(id).map(|s| s.date.map(|d| d.to_string()));
        if got.as_ref() != Some(want) {
            out.push((
                "dates",
                format!("step `{id}`: expected day {want:?}, got {got:?}"),
            ));
        }
    }
    for (id, want) in e.until.iter().flatten() {
        let got = step(id).and_then(|s| s.until.as_ref()).and_then(|u| u.date);
        if got.map(|d| d.to_string()).as_deref() != Some(want.as_str()) {
            out.push((
                "until",
                format!("step `{id}`: expected last day {want}, got {got:?}"),
            ));
        }
    }
    let flagged = |f: fn(&crate::model::plan::PlanStep) -> bool| {
        plan.steps
            .iter()
            .filter(|s| f(s))
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
    };
    if let Some(want) = &e.now {
        let got = flagged(|s| s.now);
        if !same(want, got.clone()) {
            out.push(("now", format!("steps now: expected {want:?}, got {got:?}")));
        }
    }
    if let Some(want) = &e.late {
        let got = flagged(|s| s.late);
        if !same(want, got.clone()) {
            out.push((
                "late",
                format!("steps late: expected {want:?}, got {got:?}"),
            ));
        }
    }
    if let Some(want) = &e.again {
        let got = plan
            .steps
            .iter()
            .find(|s| s.again.is_some())
            .map(|s| s.id.as_str());
        if got != Some(want.as_str()) {
            out.push((
                "again",
                format!("expected `{want}` to come round again, got {got:?}"),
            ));
        }
    }
    if let Some(want) = &e.open {
        let got: Vec<&str> = plan
            .open
            .iter()
            .flat_map(|o| o.steps.iter().map(|s| s.id.as_str()))
            .collect();
        if !same(want, got.clone()) {
            out.push((
                "open",
                format!("open next steps: expected {want:?}, got {got:?}"),
            ));
        }
    }
    if let Some(want) = &e.depends_on {
        let got: Vec<&str> = match &plan.open {
            Some(o) => o.depends_on.iter().map(|f| f.key.as_str()).collect(),
            None => plan
                .steps
                .last()
                .map(|s| s.depends_on.iter().map(|f| f.key.as_str()).collect())
                .unwrap_or_default(),
        };
        if !same(want, got.clone()) {
            out.push((
                "depends_on",
                format!("depends on: expected {want:?}, got {got:?}"),
            ));
        }
    }
    out.extend(unmet_checklists(e, plan));
    out
}

/// The expectations of the steps' checklists the plan does not meet.
fn unmet_checklists(e: &PlanExpect, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let step = |id: &str| plan.steps.iter().find(|s| s.id == id);
    for (id, want) in e.eligible.iter().flatten() {
        let got = step(id)
            .and_then(|s| s.checklist.as_ref())
            .map(|c| c.eligible);
        if got != Some(*want) {
            out.push((
                "eligible",
                format!("step `{id}`: expected verdict {want:?}, got {got:?}"),
            ));
        }
    }
    for (id, want) in e.notices.iter().flatten() {
        let got: Vec<&str> = step(id)
            .and_then(|s| s.checklist.as_ref())
            .map(|c| c.notices.iter().map(|n| n.id.as_str()).collect())
            .unwrap_or_default();
        for n in want {
            if !got.contains(&n.as_str()) {
                out.push((
                    "notices",
                    format!("step `{id}`: notice `{n}` missing (has {got:?})"),
                ));
            }
        }
    }
    out
}
