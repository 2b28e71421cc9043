//! The plan in every format: JSON (its serde form), HTML and PDF (a first page with the
//! steps, then each step's checklist as it prints alone), and iCalendar (every day of
//! every step).

use super::cites::people_cites;
use super::ics::{calendar, Entry};
use super::view::View;
use super::{RenderError, Renderer};
use crate::model::checklist::Checklist;
use crate::model::plan::{Plan, PlanStep, StepDate};
use crate::model::policy::Topic;
use crate::msg;
use crate::util::i18n::{tr, Lang};
use chrono::NaiveDate;
use serde::Serialize;

/// The plan as templates see it.
#[derive(Serialize)]
struct PlanView<'a> {
    plan: &'a Plan,
    title: &'a str,
    generator: String,
    name: String,
    facts: Vec<Pair>,
    steps: Vec<StepView<'a>>,
    /// The questions the next step depends on, in words.
    open_depends: String,
    sources: Vec<SourceLine>,
}

#[derive(Serialize)]
struct Pair {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct SourceLine {
    display: String,
    authority: String,
}

#[derive(Serialize)]
struct StepView<'a> {
    step: &'a PlanStep,
    /// When to do it, in words: now, from a day, or what the day depends on.
    when: String,
    /// Its last day, in words.
    until: String,
    /// Where it is done: the first `where` line of its checklist.
    place: String,
    /// The verdict of its checklist, in words.
    verdict: String,
    /// Its checklist's body, made by `checklist-body.html` or `checklist-body.pdf.txt`.
    body: String,
    /// Where its checklist can be opened with the answers carried over (the web page).
    link: Option<String>,
    source: String,
}

/// When a step is done, in words.
fn when(s: &PlanStep) -> String {
    let estimated = s.from.iter().any(|d| d.estimated);
    let text = match (s.date, s.now) {
        (None, _) => {
            let labels: Vec<String> = s.depends_on.iter().map(|f| f.label.clone()).collect();
            msg!("plan-when-open", facts = labels)
        }
        (Some(_), true) => msg!("plan-when-now"),
        (Some(d), false) if estimated => msg!("plan-when-from-estimated", date = d),
        (Some(d), false) => msg!("plan-when-from", date = d),
    };
    let mut out = text.text(Lang::Zh);
    for c in &s.from_if {
        let extra = match c.date {
            Some(d) => msg!(
                "plan-when-if",
                condition = &c.condition,
                label = &c.label,
                date = d
            ),
            None => msg!(
                "plan-when-if-open",
                condition = &c.condition,
                label = &c.label
            ),
        };
        out.push('；');
        out.push_str(&extra.text(Lang::Zh));
    }
    out
}

/// A step's last day, in words.
fn until(s: &PlanStep) -> String {
    let Some(StepDate {
        label,
        date,
        estimated,
    }) = &s.until
    else {
        return String::new();
    };
    let m = match (date, s.late) {
        (None, _) => msg!("plan-until-open", label = label),
        (Some(d), true) => msg!("plan-until-late", label = label, date = *d),
        (Some(d), false) if *estimated => msg!("plan-until-estimated", label = label, date = *d),
        (Some(d), false) => msg!("plan-until", label = label, date = *d),
    };
    m.text(Lang::Zh)
}

fn place(c: Option<&Checklist>) -> String {
    c.and_then(|c| c.procedure.get(&Topic::Where))
        .and_then(|lines| lines.first())
        .map(|l| l.text.trim_end_matches('。').to_string())
        .unwrap_or_default()
}

impl<'a> PlanView<'a> {
    fn new(plan: &'a Plan, bodies: Vec<String>, links: &[String]) -> PlanView<'a> {
        let sources = plan
            .path
            .sources
            .iter()
            .map(|s| SourceLine {
                display: s.display(),
                authority: tr(Lang::Zh, authority_key(s)),
            })
            .collect();
        let steps = plan
            .steps
            .iter()
            .zip(bodies.into_iter().chain(std::iter::repeat(String::new())))
            .enumerate()
            .map(|(i, (s, body))| StepView {
                step: s,
                when: when(s),
                until: until(s),
                place: place(s.checklist.as_ref()),
                verdict: s
                    .checklist
                    .as_ref()
                    .map(|c| View::new(c, false).verdict.text)
                    .unwrap_or_default(),
                body,
                link: links.get(i).cloned(),
                source: people_cites(&s.source, &plan.path.sources),
            })
            .collect();
        let open_depends = plan
            .open
            .as_ref()
            .map(|o| {
                o.depends_on
                    .iter()
                    .map(|f| f.question.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        PlanView {
            plan,
            title: &plan.title,
            generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
            name: plan.applicant.name.clone().unwrap_or_default(),
            facts: plan
                .applicant
                .facts
                .iter()
                .filter(|f| f.value.is_some())
                .map(|f| Pair {
                    label: f.label.clone(),
                    value: f.value_label.clone(),
                })
                .collect(),
            steps,
            open_depends,
            sources,
        }
    }
}

fn authority_key(s: &crate::model::policy::Source) -> &'static str {
    match s.authority {
        crate::model::policy::Authority::Official => "authority-official",
        crate::model::policy::Authority::Secondary => "authority-secondary",
        crate::model::policy::Authority::Background => "authority-background",
    }
}

/// The plan in one format; `links` as for [`html`].
pub fn render(
    plan: &Plan,
    r: &Renderer,
    format: super::Format,
    links: &[String],
) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        super::Format::Json => json(plan),
        super::Format::Html => html(plan, r, links)?.into_bytes(),
        super::Format::Pdf => pdf(plan, r)?,
        super::Format::Ics => ics(plan),
    })
}

/// The plan as JSON.
pub fn json(plan: &Plan) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(plan).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The plan as one HTML page: the steps, then each step's checklist. `links`: where each
/// step's checklist can be opened (on the web page; none for a file).
pub fn html(plan: &Plan, r: &Renderer, links: &[String]) -> Result<String, RenderError> {
    let mut bodies = Vec::new();
    for s in &plan.steps {
        bodies.push(match &s.checklist {
            Some(c) => r
                .templates
                .render("checklist-body.html", &View::new(c, r.explain))?,
            None => String::new(),
        });
    }
    Ok(r.templates
        .render("plan.html", &PlanView::new(plan, bodies, links))?)
}

/// The plan's PDF block markup.
pub fn markup(plan: &Plan, r: &Renderer) -> Result<String, RenderError> {
    let mut bodies = Vec::new();
    for s in &plan.steps {
        bodies.push(match &s.checklist {
            Some(c) => r
                .templates
                .render("checklist-body.pdf.txt", &View::new(c, r.explain))?,
            None => String::new(),
        });
    }
    Ok(r.templates
        .render("plan.pdf.txt", &PlanView::new(plan, bodies, &[]))?)
}

/// The plan as a PDF.
pub fn pdf(plan: &Plan, r: &Renderer) -> Result<Vec<u8>, RenderError> {
    let fonts = r.fonts.as_ref().ok_or(RenderError::NoFonts)?;
    for c in plan.steps.iter().filter_map(|s| s.checklist.as_ref()) {
        super::pdf::check_drawable(c, fonts)?;
    }
    Ok(crate::output::pdf::render(&markup(plan, r)?, fonts)?)
}

/// The events of a plan: each step's first day, and its last day, with reminders. A UID
/// is made of the person, the step and which day it is, so a newer plan replaces the
/// events of an older one.
pub fn entries(plan: &Plan) -> Vec<Entry> {
    let person = format!(
        "{}\u{1f}{}",
        plan.applicant.name.as_deref().unwrap_or_default(),
        plan.applicant
            .birth_date
            .map(|d| d.to_string())
            .unwrap_or_default()
    );
    let uid = |step: &str, which: &str| {
        format!(
            "plan-{which}-{:016x}@doclist",
            super::ics::fnv1a(&[&plan.city, step, which, &person])
        )
    };
    let mut out = Vec::new();
    for s in &plan.steps {
        let description = |todo: String| {
            msg!(
                "plan-ics-description",
                todo = todo,
                keep = s.keep.clone().unwrap_or_default(),
                source = people_cites(&s.source, &plan.path.sources),
                version = &plan.path.version,
                fingerprint = &plan.path.fingerprint
            )
            .text(Lang::Zh)
            .trim_end()
            .to_string()
        };
        if let Some(d) = s.date {
            out.push(Entry {
                uid: uid(&s.id, "start"),
                date: d,
                summary: msg!("plan-ics-start", number = s.number, title = &s.title).text(Lang::Zh),
                description: description(when(s)),
                url: None,
                lead_days: 1,
            });
        }
        if let Some(u) = s.until.as_ref().and_then(|u| u.date).filter(|_| !s.late) {
            out.push(Entry {
                uid: uid(&s.id, "until"),
                date: u,
                summary: msg!("plan-ics-until", number = s.number, title = &s.title).text(Lang::Zh),
                description: description(until(s)),
                url: None,
                lead_days: 7,
            });
        }
    }
    out
}

/// The plan's days as an iCalendar file.
pub fn ics(plan: &Plan) -> Vec<u8> {
    ics_of(plan, &entries(plan))
}

/// The plan's calendar from its events, made already ([`entries`]).
pub fn ics_of(plan: &Plan, entries: &[Entry]) -> Vec<u8> {
    let name = msg!("plan-ics-name", title = &plan.title).text(Lang::Zh);
    calendar(&name, entries, stamp(plan)).into_bytes()
}

fn stamp(plan: &Plan) -> NaiveDate {
    plan.as_of
}
