//! The policy file format as written in YAML, parsed strictly.

use serde::Deserialize;
use serde_yaml::{Mapping, Value as Yaml};
use std::collections::BTreeMap;

/// `policies/facts.yaml` and `policies/<city>/common.yaml`: shared definitions.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCommon {
    pub city_name: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub facts: Mapping,
    #[serde(default)]
    pub documents: Mapping,
}

/// One policy file, `policies/<city>/<procedure>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub version: String,
    pub effective: String,
    pub last_verified: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub facts: Vec<RawFactRef>,
    #[serde(default)]
    pub documents: Mapping,
    #[serde(default)]
    pub dates: Vec<RawDate>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub checks: Vec<RawCheck>,
    #[serde(default)]
    pub procedure: Vec<RawProcedure>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub file: String,
    /// The document's own title, as a reader would quote it (without the issuer).
    pub title: String,
    /// official, secondary or background.
    pub authority: String,
    /// Who issued or published it, for people: 长宁区公安分局人口办.
    pub issuer: Option<String>,
    /// When, in words: 2023年8月.
    pub published: Option<String>,
}

/// A fact as a policy lists it: a key from the shared definitions, or a map that
/// narrows a shared fact or defines a fact of the policy's own.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a fact key (`housing`), or a mapping with `key:` (`{key: housing, only: [owned]}`)"
)]
pub enum RawFactRef {
    Key(String),
    Def(Box<RawFact>),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    /// Only in a policy's list; shared definitions take the key from the map.
    pub key: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub label: Option<String>,
    pub label_en: Option<String>,
    pub question: Option<String>,
    pub help: Option<String>,
    /// Enum values: `value: 中文标签`, in the order they are offered.
    pub values: Option<Mapping>,
    /// Narrows a shared enum fact to these values.
    pub only: Option<Vec<String>>,
    pub default: Option<Yaml>,
    pub required: Option<bool>,
    /// Only fills in the forms printed after the checklist; changes no item.
    pub form: Option<bool>,
    /// A requirement to check oneself: never asked in a conversation; left blank, it
    /// takes its default and its checks' `if_assumed` lines say 办理前请自查.
    pub self_check: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub name: String,
    pub name_en: Option<String>,
    pub category: String,
    pub provided_by: String,
    pub how_to_get: Option<String>,
    pub note: Option<String>,
    /// The kind of paper across cities (`id_card`, `social_insurance_record`, …), for
    /// grouping in batch summaries; the document's id when left out.
    pub kind: Option<String>,
    pub source: Option<RawCites>,
}

/// One citation or several.
#[derive(Debug, Deserialize, Clone)]
#[serde(
    untagged,
    expecting = "a source `{doc: <source id>, section: <section>}`, or a list of them"
)]
pub enum RawCites {
    One(RawCite),
    Many(Vec<RawCite>),
}

impl RawCites {
    pub fn into_vec(self) -> Vec<RawCite> {
        match self {
            RawCites::One(c) => vec![c],
            RawCites::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawCite {
    pub doc: String,
    pub section: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDate {
    pub key: String,
    pub label: String,
    pub value: String,
    /// Shown only when this holds (for example a new earliest date after a lapse).
    pub when: Option<String>,
    /// This is the earliest day to apply, as the policy declares it.
    #[serde(default)]
    pub earliest: bool,
    pub source: Option<RawCites>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub when: Option<String>,
    /// The condition in words, where the generated wording would be clumsy.
    pub when_text: Option<String>,
    pub items: Vec<RawItem>,
    /// Marks the items "may be requested at the counter" although no official source
    /// exists for the city: the cited passage speaks of another procedure or place.
    #[serde(default)]
    pub may_be_requested: bool,
    pub source: Option<RawCites>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub doc: Option<String>,
    pub one_of: Option<Vec<String>>,
    #[serde(default)]
    pub original: bool,
    #[serde(default)]
    pub copies: RawCopies,
    #[serde(default)]
    pub upload: bool,
    pub note: Option<String>,
}

/// How many copies: a number, or `unstated` when the sources ask for a copy without
/// saying how many.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawCopies {
    Count(u32),
    Word(String),
}

impl Default for RawCopies {
    fn default() -> Self {
        RawCopies::Count(0)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    pub id: String,
    pub level: String,
    pub when: String,
    pub when_text: Option<String>,
    pub text: String,
    pub if_unknown: Option<String>,
    pub if_assumed: Option<String>,
    pub source: Option<RawCites>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProcedure {
    pub topic: String,
    pub when: Option<String>,
    pub text: String,
    pub if_unknown: Option<String>,
    pub source: Option<RawCites>,
}

/// `policies/<city>/path.yaml`: the order in which a person goes through a city's
/// procedures, with the dates that lead from one to the next.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPath {
    pub title: String,
    pub version: String,
    pub effective: String,
    pub last_verified: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub facts: Vec<RawFactRef>,
    #[serde(default)]
    pub dates: Vec<RawDate>,
    /// Number facts that grow by one each month while the person goes on as they are
    /// (months of social insurance): a step months later reads them grown.
    #[serde(default)]
    pub monthly: Vec<String>,
    /// What coming for a procedure says of a person (a sheet row's 办理事项), by the
    /// procedure's name: answers taken when the input does not give them.
    #[serde(default)]
    pub implied_by_procedure: Mapping,
    pub steps: Vec<RawStep>,
}

/// One step of a path: a procedure, when it comes, and what doing it changes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub id: String,
    /// The procedure's name in its city: `residence-permit` for `shanghai/residence-permit`.
    pub procedure: String,
    pub when: String,
    pub when_text: Option<String>,
    /// The days before which the step cannot be done; the latest that applies counts.
    #[serde(default)]
    pub from: Vec<RawBound>,
    /// The last day for the step (the end of a window, a deadline).
    pub until: Option<RawBound>,
    /// What to keep from this step for the next.
    pub keep: Option<String>,
    /// Said when the step comes round again (a yearly endorsement).
    pub again: Option<String>,
    /// Answers given to the step's checklist: `change: address`.
    #[serde(default)]
    pub with: Mapping,
    /// What doing the step changes, by fact: a value, or for a date a date expression
    /// read on the day the step is done (`as_of + 1 year`).
    #[serde(default)]
    pub then: Mapping,
    pub source: Option<RawCites>,
}

/// A day that bounds a step, named for people.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBound {
    pub label: String,
    pub value: String,
    pub when: Option<String>,
}
