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

pub use engine::{decide, explain, questions, relevance};
#[cfg(feature = "serve")]
pub use frontend::serve;
pub use frontend::{batch, check, interview, request, scenario};
pub use model::checklist::Checklist;
pub use model::{answer, applicant, checklist, expr, fact, idnumber, policy};
pub use output::{pdf, render, schema};
pub use util::{atomic, i18n, input_text, suggest};
