//! Runs every scenario file beside the policies, and checks every rule is exercised.

use doclist::frontend::scenario;
use doclist::model::policy::Library;

/// Each failure as `file:line scenario: message`.
fn lines(failures: &[scenario::Failure]) -> Vec<String> {
    failures
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}: {}",
                f.file,
                f.line.unwrap_or(0),
                f.scenario,
                f.message
            )
        })
        .collect()
}

#[test]
fn every_scenario_passes_and_every_rule_is_exercised() {
    let lib = Library::embedded().expect("the shipped policies load");
    let report = scenario::run_files(&lib, &Library::embedded_files(), "policies");
    assert!(report.count > 0, "no scenarios found");
    let failures = lines(&report.failures);
    assert!(
        failures.is_empty(),
        "{} scenario failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let mut unexercised = Vec::new();
    for c in &report.coverage {
        for r in &c.unexercised_rules {
            unexercised.push(format!("{} rule `{r}`", c.policy));
        }
        for k in &c.unexercised_checks {
            unexercised.push(format!("{} check `{k}`", c.policy));
        }
    }
    assert!(
        unexercised.is_empty(),
        "rules and checks no scenario exercises:\n{}",
        unexercised.join("\n")
    );
}

#[test]
fn every_plan_scenario_passes_and_every_step_of_every_path_is_reached() {
    use doclist::frontend::plan_scenario;
    let lib = Library::embedded().expect("the shipped policies load");
    let report = plan_scenario::run_files(&lib, &Library::embedded_files(), "policies");
    let failures = lines(&report.failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let cities: Vec<&str> = lib.paths().map(|p| p.city.as_str()).collect();
    assert_eq!(cities, ["hangzhou", "shanghai"]);
    for path in lib.paths() {
        let (count, reached) = &report.reached[&path.city];
        assert!(*count >= 8, "{}: only {count} plan scenarios", path.city);
        for step in &path.steps {
            assert!(
                reached.contains(&step.id),
                "{}: step `{}` not reached",
                path.city,
                step.id
            );
        }
    }
}
