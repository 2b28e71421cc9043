//! What HR reads after a batch: a line per person, who needs which document, and the
//! documents the employer must issue.

use super::attention::Attention;
use crate::model::checklist::Checklist;
use crate::model::policy::ProvidedBy;
use crate::msg;
use crate::output::render::ics;
use crate::util::i18n::{tr, Lang};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where one person stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    /// Blocked now; the earliest date given by the policy, if any.
    NotYet,
    /// Depends on questions the row leaves blank.
    Depends,
    Error,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::NotYet => "not_yet",
            Status::Depends => "depends",
            Status::Error => "error",
        }
    }

    /// The status in words.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Status::Eligible => tr(lang, "status-eligible"),
            Status::NotYet => tr(lang, "status-not-yet"),
            Status::Depends => tr(lang, "status-depends"),
            Status::Error => tr(lang, "status-error"),
        }
    }

    /// The status in words, with what a `depends` one depends on.
    pub fn words(&self, depends_on: &[String], lang: Lang) -> String {
        match self {
            Status::Depends if !depends_on.is_empty() => {
                msg!("status-depends-on", facts = depends_on.to_vec()).text(lang)
            }
            other => other.label(lang),
        }
    }
}

/// How many people stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub eligible: usize,
    pub not_yet: usize,
    pub depends: usize,
    pub failed: usize,
}

impl Counts {
    /// Every row.
    pub fn rows(&self) -> usize {
        self.eligible + self.not_yet + self.depends + self.failed
    }
}

/// One person's line.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub row: usize,
    pub name: String,
    pub policy: String,
    /// The procedure's title (办理事项) as people know it; the id when it is not known.
    pub title: String,
    /// The rules the checklist was made by: the policy's version and fingerprint.
    pub rules: Rules,
    pub status: Status,
    /// For `depends`: the labels of the questions the verdict depends on.
    pub depends_on: Vec<String>,
    pub earliest: Option<NaiveDate>,
    pub items: usize,
    pub conditional: usize,
    pub file: String,
    /// Indexes into the summary's document list.
    #[serde(skip)]
    docs: Vec<u32>,
    pub error: Option<String>,
    /// Warnings, deadlines and the next step.
    pub attention: Attention,
    /// The person's dates, for `calendar.ics`.
    #[serde(skip)]
    pub events: Vec<ics::Entry>,
}

/// One person's line as a worker makes it: small, so that only this crosses threads.
/// A shard of a batch keeps these (see [`super::shard`]) to make the joined summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub row: usize,
    pub name: String,
    pub policy: String,
    /// The procedure's title (办理事项).
    #[serde(default)]
    pub title: String,
    /// The rules the checklist was made by.
    #[serde(default)]
    pub rules: Rules,
    pub status: Status,
    /// For `depends`: the labels of the questions the verdict depends on.
    #[serde(default)]
    pub depends_on: Vec<String>,
    pub earliest: Option<NaiveDate>,
    pub conditional: usize,
    pub file: String,
    /// The papers needed (definite items): kind, name, and whether the employer issues it.
    pub documents: Vec<(String, String, bool)>,
    /// The dates that matter, named after the person (no ID number).
    pub events: Vec<ics::Entry>,
    /// Warnings, deadlines and the next step (boxed: a line is moved between threads).
    #[serde(default)]
    pub attention: Box<Attention>,
}

/// The version and fingerprint of the rules a person's checklist was made by (empty for a
/// row that gave no checklist).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Rules {
    pub version: String,
    pub fingerprint: String,
}

impl Record {
    /// The summary line of a checklist written to `file`.
    pub fn new(row: usize, file: String, c: &Checklist) -> Record {
        // Keyed by kind: cities name the same paper differently (身份证, 本人居民身份证).
        let documents = c
            .items
            .iter()
            .filter(|i| !i.conditional)
            .map(|i| {
                (
                    i.kind.clone(),
                    i.name.clone(),
                    i.provided_by == ProvidedBy::Employer,
                )
            })
            .collect();
        // The earliest day to apply as the policy declares it, never some other date
        // (a deadline) that happens to lie ahead.
        let earliest = c
            .dates
            .iter()
            .filter(|d| d.earliest && d.date > c.as_of)
            .map(|d| d.date)
            .max();
        let (status, depends_on) = standing(c);
        Record {
            row,
            name: c.applicant.name.clone().unwrap_or_default(),
            policy: c.policy.id.clone(),
            title: c.policy.title.clone(),
            rules: Rules {
                version: c.policy.version.clone(),
                fingerprint: c.policy.fingerprint.clone(),
            },
            status,
            depends_on,
            earliest: if c.eligible == Some(true) {
                None
            } else {
                earliest
            },
            conditional: c.items.iter().filter(|i| i.conditional).count(),
            file,
            documents,
            events: ics::entries(c, true),
            attention: Box::new(Attention::of(c)),
        }
    }

    /// The same line with the person's plan: its next step, and its days (`entries`,
    /// made by [`plan::entries`](crate::output::render::plan::entries)) as the events:
    /// they replace the checklist's, which they cover.
    pub fn with_plan(mut self, plan: &crate::model::plan::Plan, entries: &[ics::Entry]) -> Record {
        self.attention = Box::new(self.attention.with_plan(plan));
        let named = |mut e: ics::Entry| {
            if !self.name.is_empty() {
                e.summary =
                    msg!("ics-plan-named", name = &self.name, summary = e.summary).text(Lang::Zh);
            }
            e
        };
        self.events = entries.iter().cloned().map(named).collect();
        self
    }
}

/// Where a checklist leaves a person, and the questions an undecided verdict waits for.
/// A row that answers nothing is to be confirmed, with every question that matters: a
/// verdict of yes with no papers decided would tell HR nothing.
pub fn standing(c: &Checklist) -> (Status, Vec<String>) {
    let answered = c.applicant.birth_date.is_some()
        || c.applicant
            .facts
            .iter()
            .any(|f| f.value.is_some() && !f.assumed && !f.form);
    match c.eligible {
        Some(true) if !answered => {
            let open = c
                .applicant
                .facts
                .iter()
                .filter(|f| f.value.is_none() && f.matters)
                .map(|f| f.label.clone())
                .collect();
            (Status::Depends, open)
        }
        Some(true) => (Status::Eligible, Vec::new()),
        Some(false) => (Status::NotYet, Vec::new()),
        None => (
            Status::Depends,
            c.eligibility
                .depends_on
                .iter()
                .map(|d| d.label.clone())
                .collect(),
        ),
    }
}

/// A paper's name without its parenthesised details, for a column header:
/// "房地产权证明（房地产权证或不动产权证书）" → "房地产权证明".
fn short_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0u32;
    for c in name.chars() {
        match c {
            '（' => depth += 1,
            '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.trim();
    if out.is_empty() {
        name.to_string()
    } else {
        out.to_string()
    }
}

/// A kind of document somebody needs.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentColumn {
    pub kind: String,
    /// The names the policies give this kind, without parenthesised details, sorted:
    /// "本人居民身份证 / 身份证".
    pub name: String,
    pub employer: bool,
    pub count: usize,
}

/// The rows that could not be used that the summary lists (the first, by row); the rest
/// are counted, and `errors.csv` has every one.
pub const LISTED_FAILED: usize = 200;

/// The summary of a batch, built one person at a time in row order.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Everyone whose checklist was made, and the first [`LISTED_FAILED`] rows that could
    /// not be used (once [`Summary::sort`] has put them in).
    pub people: Vec<Person>,
    pub documents: Vec<DocumentColumn>,
    #[serde(skip)]
    index: BTreeMap<String, u32>,
    /// The rows that could not be used, every one counted.
    pub failed: usize,
    /// Lines of rows that could not be used, not yet among the people: a few more than
    /// are listed at most.
    #[serde(skip)]
    failed_lines: Vec<Person>,
}

/// One employer document with the people who need it.
#[derive(Debug, Serialize)]
pub struct EmployerDocument {
    pub name: String,
    pub count: usize,
    pub names: Vec<String>,
}

impl Person {
    /// Whether this person needs the document of column `doc`.
    pub fn needs(&self, doc: u32) -> bool {
        self.docs.contains(&doc)
    }
}

impl Summary {
    /// Adds a person whose checklist was made.
    pub fn add(&mut self, r: Record) {
        let mut docs = Vec::with_capacity(r.documents.len());
        for (kind, name, employer) in r.documents {
            let i = match self.index.get(&kind) {
                Some(i) => *i,
                None => {
                    let i = self.documents.len() as u32;
                    self.index.insert(kind.clone(), i);
                    self.documents.push(DocumentColumn {
                        kind,
                        name: String::new(),
                        employer,
                        count: 0,
                    });
                    i
                }
            };
            let col = &mut self.documents[i as usize];
            let name = short_name(&name);
            if !col.name.split(" / ").any(|n| n == name) {
                // Sorted, so that workers finishing in any order give the same header.
                let mut names: Vec<&str> =
                    col.name.split(" / ").filter(|n| !n.is_empty()).collect();
                names.push(&name);
                names.sort_unstable();
                col.name = names.join(" / ");
            }
            col.employer |= employer;
            // One person may need two papers of one kind (an ID card and a copy): one mark.
            if !docs.contains(&i) {
                col.count += 1;
                docs.push(i);
            }
        }
        self.people.push(Person {
            row: r.row,
            name: r.name,
            title: if r.title.is_empty() {
                r.policy.clone()
            } else {
                r.title
            },
            policy: r.policy,
            rules: r.rules,
            status: r.status,
            depends_on: r.depends_on,
            earliest: r.earliest,
            items: docs.len(),
            conditional: r.conditional,
            file: r.file,
            docs,
            error: None,
            attention: *r.attention,
            events: r.events,
        });
    }

    /// Each set of rules the people's checklists were made by (procedure title, version,
    /// fingerprint), sorted, each once.
    pub fn rules_used(&self) -> Vec<(String, String, String)> {
        let set: std::collections::BTreeSet<(String, String, String)> = self
            .people
            .iter()
            .filter(|p| !p.rules.fingerprint.is_empty())
            .map(|p| {
                (
                    p.title.clone(),
                    p.rules.version.clone(),
                    p.rules.fingerprint.clone(),
                )
            })
            .collect();
        set.into_iter().collect()
    }

    /// Adds a person whose row could not be used: counted, and listed while among the
    /// first [`LISTED_FAILED`] by row.
    pub fn add_error(&mut self, row: usize, name: String, policy: String, message: String) {
        self.failed += 1;
        if self.failed_lines.len() >= 2 * LISTED_FAILED {
            self.keep_first_failed();
        }
        self.failed_lines.push(Person {
            row,
            name,
            title: policy.clone(),
            policy,
            rules: Rules::default(),
            status: Status::Error,
            depends_on: Vec::new(),
            earliest: None,
            items: 0,
            conditional: 0,
            file: String::new(),
            docs: Vec::new(),
            error: Some(message),
            attention: Attention::default(),
            events: Vec::new(),
        });
    }

    /// `calendar.ics`: everyone's dates in one calendar, in row order.
    pub fn calendar(&self, as_of: NaiveDate) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_calendar(as_of, &mut out)
            .expect("writing to memory");
        out
    }

    /// `calendar.ics` written to `w` a block of events at a time.
    pub fn write_calendar(
        &self,
        as_of: NaiveDate,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let name = msg!("ics-batch-calendar-name", date = as_of).text(Lang::Zh);
        let events = self.people.iter().flat_map(|p| p.events.iter());
        ics::write_calendar(&name, events, as_of, w)
    }

    /// Keeps the first [`LISTED_FAILED`] lines of rows that could not be used, by row.
    fn keep_first_failed(&mut self) {
        self.failed_lines.sort_by_key(|p| p.row);
        self.failed_lines.truncate(LISTED_FAILED);
    }

    /// People in row order, with the rows that could not be used that are listed.
    pub fn sort(&mut self) {
        self.keep_first_failed();
        self.people.append(&mut self.failed_lines);
        self.people.sort_by_key(|p| p.row);
    }

    /// Once sorted, the rows that could not be used that are not listed (`errors.csv`
    /// has them).
    pub fn unlisted(&self) -> usize {
        let listed = self
            .people
            .iter()
            .filter(|p| p.status == Status::Error)
            .count();
        self.failed.saturating_sub(listed)
    }

    /// How many people stand where.
    pub fn counts(&self) -> Counts {
        let n = |s: Status| self.people.iter().filter(|p| p.status == s).count();
        Counts {
            eligible: n(Status::Eligible),
            not_yet: n(Status::NotYet),
            depends: n(Status::Depends),
            failed: self.failed,
        }
    }

    /// Documents in a stable order: employer documents first, then by name.
    pub fn column_order(&self) -> Vec<u32> {
        let mut cols: Vec<u32> = (0..self.documents.len() as u32).collect();
        cols.sort_by(|a, b| {
            let (x, y) = (&self.documents[*a as usize], &self.documents[*b as usize]);
            y.employer.cmp(&x.employer).then(x.name.cmp(&y.name))
        });
        cols
    }

    /// The documents the employer must issue, with who needs them.
    pub fn employer_documents(&self) -> Vec<EmployerDocument> {
        self.column_order()
            .into_iter()
            .filter(|i| self.documents[*i as usize].employer)
            .map(|i| {
                let names: Vec<String> = self
                    .people
                    .iter()
                    .filter(|p| p.docs.contains(&i))
                    .map(|p| {
                        if p.name.is_empty() {
                            msg!("summary-row-number", row = p.row).text(Lang::Zh)
                        } else {
                            p.name.clone()
                        }
                    })
                    .collect();
                EmployerDocument {
                    name: self.documents[i as usize].name.clone(),
                    count: names.len(),
                    names,
                }
            })
            .collect()
    }

    /// `summary.csv`: a line per person, then one column per document ("x" = needs it);
    /// no cell is read as a formula.
    pub fn to_csv(&self) -> Vec<u8> {
        let cols = self.column_order();
        let mut w = super::cells::CsvOut::new();
        // For HR, in Chinese; the JSON Lines output is the one for programs.
        let mut header: Vec<String> = vec![
            tr(Lang::Zh, "summary-csv-row"),
            tr(Lang::Zh, "summary-csv-name"),
            tr(Lang::Zh, "summary-csv-policy"),
            tr(Lang::Zh, "summary-csv-status"),
            tr(Lang::Zh, "summary-csv-earliest"),
            tr(Lang::Zh, "summary-csv-items"),
            tr(Lang::Zh, "summary-csv-if-applicable"),
            tr(Lang::Zh, "summary-csv-file"),
            tr(Lang::Zh, "summary-csv-error"),
            tr(Lang::Zh, "summary-csv-version"),
            tr(Lang::Zh, "summary-csv-fingerprint"),
            tr(Lang::Zh, "summary-csv-blocking"),
            tr(Lang::Zh, "summary-csv-warnings"),
            tr(Lang::Zh, "summary-csv-deadlines"),
            tr(Lang::Zh, "summary-csv-due"),
        ];
        let plans = self.people.iter().any(|p| p.attention.plan.is_some());
        if plans {
            header.extend(
                [
                    "summary-csv-next",
                    "summary-csv-next-date",
                    "summary-csv-next-until",
                    "summary-csv-after",
                ]
                .map(|k| tr(Lang::Zh, k)),
            );
        }
        header.extend(
            cols.iter()
                .map(|i| self.documents[*i as usize].name.clone()),
        );
        w.record(&header);
        for p in &self.people {
            let mut rec = vec![
                p.row.to_string(),
                p.name.clone(),
                p.title.clone(),
                p.status.words(&p.depends_on, Lang::Zh),
                p.earliest
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                p.items.to_string(),
                p.conditional.to_string(),
                p.file.clone(),
                p.error.clone().unwrap_or_default(),
                p.rules.version.clone(),
                p.rules.fingerprint.clone(),
                p.attention.blocking.join("；"),
                p.attention.warnings.join("；"),
                p.attention.deadline_words(),
                p.attention.due_words(),
            ];
            if plans {
                let line = p.attention.plan.clone().unwrap_or_default();
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                rec.extend([line.next, day(line.date), day(line.until), line.after]);
            }
            rec.extend(cols.iter().map(|i| {
                if p.docs.contains(i) {
                    "x".to_string()
                } else {
                    String::new()
                }
            }));
            w.record(&rec);
        }
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn headers_drop_parenthesised_details() {
        assert_eq!(
            short_name("房地产权证明（房地产权证或不动产权证书）"),
            "房地产权证明"
        );
        assert_eq!(
            short_name("集体户口簿首页复印件（加盖公章）及本人页原件、复印件"),
            "集体户口簿首页复印件及本人页原件、复印件"
        );
        assert_eq!(
            short_name("《上海市居住证申请表》"),
            "《上海市居住证申请表》"
        );
        assert_eq!(short_name("（全在括号里）"), "（全在括号里）");
    }
}
