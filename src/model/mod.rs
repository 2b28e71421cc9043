//! The model: what a person answers (`fact`, `applicant`, read by `answer`), the
//! condition language (`expr`), the policies (`policy`) and the checklist they give
//! (`checklist`). It knows nothing of how a checklist is decided or shown.

pub mod answer;
pub mod applicant;
pub mod checklist;
pub mod expr;
pub mod fact;
pub mod forms;
pub mod idnumber;
pub mod plan;
pub mod policy;
