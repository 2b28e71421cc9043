//! The dates that matter as an iCalendar file (RFC 5545): an all-day event for each date
//! of the checklist, saying what to do, linking the procedure, with a reminder before.
//!
//! UIDs are derived from the person, the procedure and the date's key (never from the
//! date itself or the ID number in the clear), so importing a newer file updates the
//! events instead of adding new ones.

use super::cites::people_cites;
use crate::model::checklist::{Checklist, Status};
use crate::model::policy::Topic;
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use chrono::{Days, NaiveDate, TimeDelta};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};

/// One date of one person, ready to become an event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub url: Option<String>,
    /// The reminder goes off this many days before (at 09:00 on that day).
    pub lead_days: u32,
}

/// FNV-1a, 64 bits: a hash that stays the same across versions and machines.
pub(super) fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The first web address in the procedure's links (or online lines).
fn procedure_url(c: &Checklist) -> Option<String> {
    [Topic::Link, Topic::Online]
        .iter()
        .filter_map(|t| c.procedure.get(t))
        .flatten()
        .find_map(|line| {
            let start = line
                .text
                .find("https://")
                .or_else(|| line.text.find("http://"))?;
            let url: String = line.text[start..]
                .chars()
                .take_while(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>'))
                .collect();
            Some(url.trim_end_matches(['.', ',', ';', ')']).to_string())
        })
}

/// What to do on a date, by the date's key; the key's label for dates without advice.
fn todo(key: &str, label: &str) -> (Msg, u32) {
    match key {
        "permit_earliest" => (msg!("ics-todo-permit-earliest"), 1),
        "registration_expires" => (msg!("ics-todo-registration-expires"), 14),
        "window_opens" => (msg!("ics-todo-window-opens"), 1),
        "window_closes" => (msg!("ics-todo-window-closes"), 7),
        "change_deadline" => (msg!("ics-todo-change-deadline"), 7),
        "permit_expires" => (msg!("ics-todo-permit-expires"), 7),
        _ => (msg!("ics-todo-other", label = label), 1),
    }
}

/// The events of one checklist. `with_name`: put the person's name in each summary (for
/// a calendar of many people).
pub fn entries(c: &Checklist, with_name: bool) -> Vec<Entry> {
    let name = c.applicant.name.clone().unwrap_or_default();
    let person = [
        name.as_str(),
        c.applicant.id_number.as_deref().unwrap_or_default(),
        &c.applicant
            .birth_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
    ]
    .concat();
    let url = procedure_url(c);
    // A verdict that depends on unanswered questions says so on every event.
    let depends = (c.eligibility.status == Status::Depends).then(|| {
        let facts: Vec<String> = c
            .eligibility
            .depends_on
            .iter()
            .map(|d| d.label.clone())
            .collect();
        msg!("view-verdict-depends", facts = facts).text(Lang::Zh)
    });
    c.dates
        .iter()
        .map(|d| {
            let (what, lead_days) = todo(&d.key, &d.label);
            let summary = if with_name && !name.is_empty() {
                msg!(
                    "ics-summary-named",
                    name = name.as_str(),
                    label = &d.label,
                    procedure = &c.policy.title
                )
            } else {
                msg!("ics-summary", label = &d.label, procedure = &c.policy.title)
            };
            let description = msg!(
                "ics-description",
                todo = what,
                procedure = &c.policy.title,
                source = people_cites(&d.source, &c.policy.sources),
                version = format!("{} {}", c.policy.id, c.policy.version),
                fingerprint = &c.policy.fingerprint,
                url = url.clone().unwrap_or_default()
            );
            Entry {
                uid: format!(
                    "{}-{:016x}@doclist",
                    d.key.replace('_', "-"),
                    fnv1a(&[&c.policy.id, &d.key, &person])
                ),
                date: d.date,
                summary: summary.text(Lang::Zh),
                description: match &depends {
                    Some(d) => format!("{}\n{d}", description.text(Lang::Zh).trim_end()),
                    None => description.text(Lang::Zh).trim_end().to_string(),
                },
                url: url.clone(),
                lead_days,
            }
        })
        .collect()
}

/// An iCalendar file of events; `stamp` is the DTSTAMP of every event (the day of the
/// checklist, so the same input gives the same bytes).
pub fn calendar(name: &str, entries: &[Entry], stamp: NaiveDate) -> String {
    let stamp = stamp.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut cal = Calendar::new();
    cal.name(name);
    for e in entries {
        let mut event = Event::new();
        event
            .uid(&e.uid)
            .timestamp(stamp)
            .summary(&e.summary)
            .description(&e.description)
            .starts(e.date)
            .ends(e.date.checked_add_days(Days::new(1)).unwrap_or(e.date));
        if let Some(url) = &e.url {
            event.url(url);
        }
        // All-day events start at midnight: the reminder comes at 09:00, lead_days before.
        let before = TimeDelta::days(i64::from(e.lead_days)) - TimeDelta::hours(9);
        let mut alarm = Alarm::display(&e.summary, -before);
        alarm.uid(&format!("alarm-{}", e.uid)).timestamp(stamp);
        event.alarm(alarm);
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// The same file as [`calendar`], written to `w` a block of events at a time, so that a
/// calendar of many people is never whole in memory.
pub fn write_calendar<'a>(
    name: &str,
    entries: impl Iterator<Item = &'a Entry>,
    stamp: NaiveDate,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    const END: &str = "END:VCALENDAR";
    let frame = calendar(name, &[], stamp);
    let end = frame.rfind(END).unwrap_or(frame.len());
    w.write_all(&frame.as_bytes()[..end])?;
    let mut block: Vec<Entry> = Vec::with_capacity(256);
    let mut flush = |block: &mut Vec<Entry>| -> std::io::Result<()> {
        if block.is_empty() {
            return Ok(());
        }
        let text = calendar("", block, stamp);
        let first = text.find("BEGIN:VEVENT").unwrap_or(0);
        let last = text.rfind(END).unwrap_or(text.len());
        block.clear();
        w.write_all(&text.as_bytes()[first.min(last)..last])
    };
    for e in entries {
        block.push(e.clone());
        if block.len() == 256 {
            flush(&mut block)?;
        }
    }
    flush(&mut block)?;
    w.write_all(&frame.as_bytes()[end..])
}

/// One checklist's dates as an iCalendar file.
pub fn render(c: &Checklist) -> Vec<u8> {
    let name = msg!("ics-calendar-name", procedure = &c.policy.title).text(Lang::Zh);
    calendar(&name, &entries(c, false), c.as_of).into_bytes()
}
