//! doclist: which papers to bring to a government counter, as JSON, HTML or PDF.
//!
//! Policies (YAML) declare facts, documents, rules and checks; an applicant's situation
//! is checked against a policy's facts; the [`engine`] turns both into a [`Checklist`],
//! which the renderers print.

pub mod engine;
pub mod frontend;
pub mod model;
pub mod output;
pub mod util;

pub use model::checklist::Checklist;
