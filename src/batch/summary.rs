//! What HR reads after a batch: a line per person, who needs which document, and the
//! documents the employer must issue.

use crate::checklist::Checklist;
use crate::policy::ProvidedBy;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where one person stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    /// Blocked now; the earliest date given by the policy, if any.
    NotYet,
    Error,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::NotYet => "not_yet",
            Status::Error => "error",
        }
    }
}

/// One person's line.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub row: usize,
    pub name: String,
    pub policy: String,
    pub status: Status,
    pub earliest: Option<NaiveDate>,
    pub items: usize,
    pub conditional: usize,
    pub file: String,
    /// Indexes into the summary's document list.
    #[serde(skip)]
    docs: Vec<u32>,
    pub error: Option<String>,
}

/// One person's line as a worker makes it: small, so that only this crosses threads.
#[derive(Debug, Clone)]
pub struct Record {
    pub row: usize,
    pub name: String,
    pub policy: String,
    pub status: Status,
    pub earliest: Option<NaiveDate>,
    pub conditional: usize,
    pub file: String,
    /// The papers needed (definite items): name, and whether the employer issues it.
    pub documents: Vec<(String, bool)>,
}

impl Record {
    /// The summary line of a checklist written to `file`.
    pub fn new(row: usize, file: String, c: &Checklist) -> Record {
        // Keyed by name: policies of different cities may use one id for different papers.
        let documents = c
            .items
            .iter()
            .filter(|i| !i.conditional)
            .map(|i| (i.name.clone(), i.provided_by == ProvidedBy::Employer))
            .collect();
        let earliest = c
            .dates
            .iter()
            .map(|d| d.date)
            .filter(|d| *d > c.as_of)
            .min();
        Record {
            row,
            name: c.applicant.name.clone().unwrap_or_default(),
            policy: c.policy.id.clone(),
            status: if c.eligible {
                Status::Eligible
            } else {
                Status::NotYet
            },
            earliest: if c.eligible { None } else { earliest },
            conditional: c.items.iter().filter(|i| i.conditional).count(),
            file,
            documents,
        }
    }
}

/// A document somebody needs.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentColumn {
    pub name: String,
    pub employer: bool,
    pub count: usize,
}

/// The summary of a batch, built one person at a time in row order.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub people: Vec<Person>,
    pub documents: Vec<DocumentColumn>,
    #[serde(skip)]
    index: BTreeMap<String, u32>,
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
        for (name, employer) in r.documents {
            let i = match self.index.get(&name) {
                Some(i) => *i,
                None => {
                    let i = self.documents.len() as u32;
                    self.index.insert(name.clone(), i);
                    self.documents.push(DocumentColumn {
                        name,
                        employer,
                        count: 0,
                    });
                    i
                }
            };
            self.documents[i as usize].count += 1;
            docs.push(i);
        }
        self.people.push(Person {
            row: r.row,
            name: r.name,
            policy: r.policy,
            status: r.status,
            earliest: r.earliest,
            items: docs.len(),
            conditional: r.conditional,
            file: r.file,
            docs,
            error: None,
        });
    }

    /// Adds a person whose row could not be used.
    pub fn add_error(&mut self, row: usize, name: String, policy: String, message: String) {
        self.people.push(Person {
            row,
            name,
            policy,
            status: Status::Error,
            earliest: None,
            items: 0,
            conditional: 0,
            file: String::new(),
            docs: Vec::new(),
            error: Some(message),
        });
    }

    /// People in row order.
    pub fn sort(&mut self) {
        self.people.sort_by_key(|p| p.row);
    }

    /// Counts by status: (eligible, not yet, error).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s: Status| self.people.iter().filter(|p| p.status == s).count();
        (n(Status::Eligible), n(Status::NotYet), n(Status::Error))
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
                            format!("第{}行", p.row)
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
        let mut header: Vec<String> = [
            "row",
            "name",
            "policy",
            "status",
            "earliest_date",
            "items",
            "if_applicable",
            "file",
            "error",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(
            cols.iter()
                .map(|i| self.documents[*i as usize].name.clone()),
        );
        w.record(&header);
        for p in &self.people {
            let mut rec = vec![
                p.row.to_string(),
                p.name.clone(),
                p.policy.clone(),
                p.status.as_str().to_string(),
                p.earliest
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                p.items.to_string(),
                p.conditional.to_string(),
                p.file.clone(),
                p.error.clone().unwrap_or_default(),
            ];
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
