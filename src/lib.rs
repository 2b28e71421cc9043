//! doclist: which papers to bring to a government counter, as JSON, HTML or PDF.
//!
//! Policies (YAML) declare facts, documents, rules and checks; an applicant's situation
//! is checked against a policy's facts; the [`engine`] turns both into a [`Checklist`],
//! which the renderers print.

pub mod applicant;
pub mod atomic;
pub mod batch;
pub mod check;
pub mod checklist;
pub mod decide;
pub mod engine;
pub mod explain;
pub mod expr;
pub mod fact;
pub mod i18n;
pub mod idnumber;
pub mod input_text;
pub mod interview;
pub mod pdf;
pub mod policy;
pub mod questions;
pub mod relevance;
pub mod render;
pub mod request;
pub mod scenario;
pub mod schema;
pub mod serve;
pub mod suggest;

pub use checklist::Checklist;
