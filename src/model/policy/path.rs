//! A city's path: the order in which a person goes through its procedures (registration,
//! the permit six months later, an endorsement every year), declared in
//! `policies/<city>/path.yaml` and checked when it loads.

use super::{Cite, Policy};
use crate::model::expr::Expr;
use crate::model::fact::Value;

/// A loaded, checked path.
#[derive(Debug, Clone)]
pub struct Path {
    pub city: String,
    pub city_name: String,
    pub title: String,
    pub summary: Option<String>,
    /// The file it was read from, for messages.
    pub file: String,
    /// The facts and dates the steps are written in, held as a policy without rules, so
    /// that a step's condition is decided over every answer as a policy's are.
    pub terms: Policy,
    /// Number facts that grow by one each month (months of social insurance).
    pub monthly: Vec<String>,
    /// What coming for a procedure says of a person, by policy id: answers taken when the
    /// input does not give them (`residence-permit`: `stage: registered`).
    pub implied: Vec<(String, Vec<(String, Value)>)>,
    /// In the order they are tried: the first whose condition holds is the next step.
    pub steps: Vec<Step>,
}

/// One step: a procedure of the city, when it comes, what doing it changes.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    /// The policy id: `shanghai/residence-permit`.
    pub procedure: String,
    pub when: Expr,
    pub when_text: Option<String>,
    /// The step cannot be done before these days; the latest that applies counts.
    pub from: Vec<Bound>,
    /// The last day for it.
    pub until: Option<Bound>,
    pub keep: Option<String>,
    pub again: Option<String>,
    /// Answers given to the step's checklist.
    pub with: Vec<(String, Value)>,
    /// What doing the step changes: each fact's new value, read on the day it is done.
    pub then: Vec<(String, Expr)>,
    pub source: Vec<Cite>,
}

/// A day that bounds a step.
#[derive(Debug, Clone)]
pub struct Bound {
    pub label: String,
    pub value: Expr,
    pub when: Option<Expr>,
}

impl Path {
    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}
