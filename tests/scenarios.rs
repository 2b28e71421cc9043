//! Runs every scenario file beside the policies, and checks every rule is exercised.

use doclist::policy::Library;
use doclist::scenario;
use std::collections::BTreeSet;

#[test]
fn every_scenario_passes_and_every_rule_is_exercised() {
    let lib = Library::embedded().expect("the shipped policies load");
    let files = Library::embedded_scenarios();
    let mut failures = Vec::new();
    let mut fired: BTreeSet<(String, String)> = BTreeSet::new();
    let mut noticed: BTreeSet<(String, String)> = BTreeSet::new();
    let mut count = 0;
    for f in &files {
        let id = scenario::policy_id(&f.path);
        let policy = lib.get(id).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        let parsed = scenario::parse(&f.text, &f.path).unwrap_or_else(|e| panic!("{e}"));
        for s in &parsed.scenarios {
            count += 1;
            let out = scenario::run(s, policy, &lib);
            for r in out.fired {
                fired.insert((id.to_string(), r));
            }
            for c in out.noticed {
                noticed.insert((id.to_string(), c));
            }
            for msg in out.failures {
                failures.push(format!("{} / {}: {msg}", f.path, out.name));
            }
        }
    }
    assert!(count > 0, "no scenarios found");
    assert!(
        failures.is_empty(),
        "{} scenario failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let mut unexercised = Vec::new();
    for p in lib.policies() {
        for r in &p.rules {
            if !fired.contains(&(p.id.clone(), r.id.clone())) {
                unexercised.push(format!("{} rule `{}`", p.id, r.id));
            }
        }
        for c in &p.checks {
            if !noticed.contains(&(p.id.clone(), c.id.clone())) {
                unexercised.push(format!("{} check `{}`", p.id, c.id));
            }
        }
    }
    assert!(
        unexercised.is_empty(),
        "rules and checks no scenario exercises:\n{}",
        unexercised.join("\n")
    );
}
