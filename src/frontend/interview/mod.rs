//! The interview: asks a person, in Chinese, only the questions that can still change the
//! checklist, lets them correct any answer at a summary screen, and hands back the answers
//! (as checklist input and as an applicant YAML file).
//!
//! [`flow`] decides what to ask and reads the replies; a [`Frontend`] only shows questions
//! and returns what was typed or picked, so terminal menus, piped lines and test scripts
//! share one flow.

pub mod answers;
pub mod flow;
pub mod frontend;
pub mod plain;

pub use answers::{Answer, Answers};
pub use flow::{choose, choose_policy, Chosen, Interview, Outcome};
pub use frontend::{
    Frontend, Question, QuestionKind, Reply, Stop, SummaryLine, SummaryReply, Validate, SKIP_LABEL,
};
pub use plain::PlainFrontend;

#[cfg(test)]
mod tests;
