//! What needs HR's attention beyond the papers: why a person cannot apply yet, the
//! warnings that hold (逾期60日后居住年限清零), the deadlines and windows, whether one
//! falls within 30 days or has passed, and with `batch --plan` the person's next step on
//! their city's path and the steps after it.

use crate::model::checklist::Checklist;
use crate::model::plan::Plan;
use crate::model::policy::Level;
use crate::msg;
use crate::util::i18n::{tr, Lang};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// How close a person's nearest deadline is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    #[default]
    Later,
    /// Within 30 days of the batch's date.
    Soon,
    /// A deadline has passed.
    Late,
}

/// A person's next step (`batch --plan`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    /// The next step's procedure, or what decides it.
    pub next: String,
    /// Its day.
    pub date: Option<NaiveDate>,
    /// Its last day.
    pub until: Option<NaiveDate>,
    /// The steps after it, each with its day.
    pub after: String,
}

/// One person's attention line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// Why the person cannot apply yet: the texts of the blocks that hold for certain.
    #[serde(default)]
    pub blocking: Vec<String>,
    /// The texts of the warnings that hold for certain.
    pub warnings: Vec<String>,
    /// The checklist's deadlines and windows (every date that is not an earliest day).
    pub deadlines: Vec<(String, NaiveDate)>,
    pub due: Due,
    pub plan: Option<PlanLine>,
}

/// How close `day` is to `as_of`.
fn due_of(day: NaiveDate, as_of: NaiveDate) -> Due {
    let soon = as_of.checked_add_days(Days::new(30)).unwrap_or(as_of);
    if day < as_of {
        Due::Late
    } else if day <= soon {
        Due::Soon
    } else {
        Due::Later
    }
}

/// The closer of two.
fn closer(a: Due, b: Due) -> Due {
    match (a, b) {
        (Due::Late, _) | (_, Due::Late) => Due::Late,
        (Due::Soon, _) | (_, Due::Soon) => Due::Soon,
        _ => Due::Later,
    }
}

impl Attention {
    /// The attention line of a checklist.
    pub fn of(c: &Checklist) -> Attention {
        let holding = |level: Level| -> Vec<String> {
            c.notices
                .iter()
                .filter(|n| n.level == level && !n.conditional && !n.self_check)
                .map(|n| n.text.clone())
                .collect()
        };
        let (blocking, warnings) = (holding(Level::Block), holding(Level::Warn));
        let deadlines: Vec<(String, NaiveDate)> = c
            .dates
            .iter()
            .filter(|d| !d.earliest)
            .map(|d| (d.label.clone(), d.date))
            .collect();
        let due = deadlines
            .iter()
            .map(|(_, d)| due_of(*d, c.as_of))
            .fold(Due::Later, closer);
        Attention {
            blocking,
            warnings,
            deadlines,
            due,
            plan: None,
        }
    }

    /// With the person's plan: its next step, and its last day counted in `due`.
    pub fn with_plan(mut self, plan: &Plan) -> Attention {
        let line = PlanLine::of(plan);
        if let Some(u) = line.until {
            self.due = closer(self.due, due_of(u, plan.as_of));
        }
        self.plan = Some(line);
        self
    }

    /// The deadlines in words: "居住登记有效期至 2027-11-23；…".
    pub fn deadline_words(&self) -> String {
        self.deadlines
            .iter()
            .map(|(label, d)| format!("{label} {d}"))
            .collect::<Vec<_>>()
            .join("；")
    }

    /// The due flag in words (empty when nothing is close).
    pub fn due_words(&self) -> String {
        match self.due {
            Due::Later => String::new(),
            Due::Soon => tr(Lang::Zh, "summary-due-soon"),
            Due::Late => tr(Lang::Zh, "summary-due-late"),
        }
    }
}

impl PlanLine {
    /// The next step of a plan and the steps after it.
    pub fn of(plan: &Plan) -> PlanLine {
        let Some(first) = plan.steps.first() else {
            let next = match &plan.open {
                Some(open) => {
                    let facts: Vec<String> =
                        open.depends_on.iter().map(|f| f.label.clone()).collect();
                    msg!("status-depends-on", facts = facts).text(Lang::Zh)
                }
                None => tr(Lang::Zh, "summary-plan-nothing"),
            };
            return PlanLine {
                next,
                ..PlanLine::default()
            };
        };
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let after = plan.steps[1..]
            .iter()
            .map(|s| {
                format!("{} {}", s.title, day(s.date))
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("；");
        PlanLine {
            next: first.title.clone(),
            date: first.date,
            until: first.until.as_ref().and_then(|u| u.date),
            after,
        }
    }
}
