//! Policies: what a city asks for one procedure, loaded from YAML and checked.

mod build;
pub mod fingerprint;
mod library;
mod lines;
pub mod path;
mod problem;
mod raw;
mod shared;

pub use library::{
    is_plan_scenario, path_city_of, policy_id_of, Library, Loaded, PolicyFile, BUILT_IN_TEMPLATES,
    PATH_FILE,
};
pub use lines::{Lines, Seg};
pub use problem::{PolicyError, ProblemKind};
pub use shared::builtin_facts;

use crate::model::expr::{Expr, FactTable};
use crate::model::fact::Fact;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How much weight a source document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Authority {
    Official,
    Secondary,
    Background,
}

/// A source document a policy is written from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: String,
    pub file: String,
    pub title: String,
    pub authority: Authority,
    /// Who issued or published it: 长宁区公安分局人口办.
    pub issuer: Option<String>,
    /// When, in words: 2023年8月.
    pub published: Option<String>,
}

impl Source {
    /// The source as people quote it: 长宁区公安分局人口办《居住登记居住证培训会》，2023年8月.
    pub fn display(&self) -> String {
        let mut s = String::new();
        if let Some(i) = &self.issuer {
            s.push_str(i);
        }
        s.push('《');
        s.push_str(&self.title);
        s.push('》');
        if let Some(p) = &self.published {
            s.push('，');
            s.push_str(p);
        }
        s
    }
}

/// A citation: which source, which section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The source document's file name.
    pub document: String,
    pub section: String,
    pub authority: Authority,
}

impl Cite {
    /// Citations one after another (`001_….txt §… ; …`), `separator` between them.
    pub fn join(cites: &[Cite], separator: &str) -> String {
        cites
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(separator)
    }
}

impl fmt::Display for Cite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} §{}", self.document, self.section)
    }
}

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every word this enum accepts, in order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// Reads the word used in policy files.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($word => Some($name::$variant),)+ _ => None }
            }

            /// The word used in policy files and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }
    };
}

word_enum!(
    /// What kind of paper a document is.
    Category {
        Identity = "identity",
        Housing = "housing",
        Kinship = "kinship",
        Employment = "employment",
        Study = "study",
        Talent = "talent",
        Permit = "permit",
        Form = "form",
        Proxy = "proxy",
        Photo = "photo",
        Other = "other",
    }
);

word_enum!(
    /// Who brings or issues a document.
    ProvidedBy {
        Applicant = "applicant",
        Guardian = "guardian",
        Trustee = "trustee",
        Relative = "relative",
        Employer = "employer",
        School = "school",
        Office = "office",
        Landlord = "landlord",
    }
);

word_enum!(
    /// How serious a notice is: `block` means the application cannot go ahead now.
    Level {
        Block = "block",
        Warn = "warn",
        Info = "info",
    }
);

word_enum!(
    /// What a line of procedure information is about.
    Topic {
        Where = "where",
        Online = "online",
        Hours = "hours",
        TimeLimit = "time_limit",
        Fee = "fee",
        Pickup = "pickup",
        Validity = "validity",
        Query = "query",
        Hotline = "hotline",
        Link = "link",
        Note = "note",
    }
);

/// A paper a policy may ask for.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub category: Category,
    pub provided_by: ProvidedBy,
    pub how_to_get: Option<String>,
    pub note: Option<String>,
    /// The kind of paper across cities; the id when the policy gives none.
    pub kind: String,
    pub source: Vec<Cite>,
}

/// One line a rule adds to the checklist.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    /// The document, then its accepted alternatives ("one of").
    pub docs: Vec<String>,
    pub original: bool,
    pub copies: u32,
    /// Whether the sources say how many copies (else `copies` is 1: "a copy").
    pub copies_counted: bool,
    pub upload: bool,
    pub note: Option<String>,
}

/// Condition → items.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub when: Option<Expr>,
    pub when_text: Option<String>,
    pub items: Vec<ItemSpec>,
    /// Items marked "may be requested" whatever the sources' authority.
    pub may_be_requested: bool,
    pub source: Vec<Cite>,
}

/// An eligibility check: when its condition holds, the notice is shown.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: String,
    pub level: Level,
    pub when: Expr,
    pub when_text: Option<String>,
    /// May name facts and dates in braces: `{permit_earliest}`.
    pub text: String,
    pub if_unknown: Option<String>,
    /// The self-check line shown instead of silence when the condition does not hold only
    /// because a question left blank was taken at its default (实际在住 assumed "yes").
    pub if_assumed: Option<String>,
    pub source: Vec<Cite>,
}

/// A date that matters, computed from the facts (earliest day to apply, deadlines).
#[derive(Debug, Clone)]
pub struct DateDef {
    pub key: String,
    pub label: String,
    pub value: Expr,
    /// Shown (and usable in conditions) only when this holds.
    pub when: Option<Expr>,
    /// The policy's earliest day to apply.
    pub earliest: bool,
    pub source: Vec<Cite>,
}

/// Where, when, fees, hotlines and links.
#[derive(Debug, Clone)]
pub struct ProcedureEntry {
    pub topic: Topic,
    pub when: Option<Expr>,
    pub text: String,
    /// The text used when a value `text` names is not known.
    pub if_unknown: Option<String>,
    pub source: Vec<Cite>,
}

/// A loaded, checked policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub city: String,
    pub city_name: String,
    pub version: String,
    pub effective: NaiveDate,
    pub last_verified: NaiveDate,
    pub summary: Option<String>,
    /// The file it was read from, for messages.
    pub file: String,
    pub sources: Vec<Source>,
    /// Built-in facts first, then the policy's own, in the order it asks them.
    pub facts: Vec<Fact>,
    pub documents: BTreeMap<String, Document>,
    pub dates: Vec<DateDef>,
    pub rules: Vec<Rule>,
    pub checks: Vec<Check>,
    pub procedure: Vec<ProcedureEntry>,
    /// The digest of exactly these rules: this file, its city's shared file and the
    /// facts file, each in canonical form (see [`fingerprint`]).
    pub rules_digest: [u8; 32],
    /// This policy as loaded, apart from every other (a copy is apart too).
    pub serial: Serial,
}

/// A number no other loaded policy has, for remembering what was decided about it (see
/// `decide::memo`). A copy takes a new number. It says nothing about the policy's content,
/// so it is left out of the policy's `Debug` form.
#[derive(PartialEq, Eq, Hash)]
pub struct Serial(u64);

impl std::fmt::Debug for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Serial")
    }
}

impl Serial {
    pub fn new() -> Serial {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Serial(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    pub fn get(&self) -> u64 {
        self.0
    }
}

impl Default for Serial {
    fn default() -> Serial {
        Serial::new()
    }
}

impl Clone for Serial {
    fn clone(&self) -> Serial {
        Serial::new()
    }
}

impl Policy {
    /// The fingerprint of these rules printed with the templates of digest `templates`
    /// (the built-in ones when `None`).
    pub fn fingerprint(&self, templates: Option<&[u8; 32]>) -> String {
        fingerprint::fingerprint(
            &self.rules_digest,
            templates.unwrap_or(&library::BUILT_IN_TEMPLATES),
        )
    }

    /// The facts a person is asked about (neither built in nor computed).
    pub fn asked_facts(&self) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(|f| !f.builtin && !f.derived)
    }
}

impl FactTable for Policy {
    fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.key == key)
    }

    fn keys(&self) -> Vec<&str> {
        self.facts.iter().map(|f| f.key.as_str()).collect()
    }
}
