//! The front-ends: the command line (`cli`), sheets for HR (`batch`), the web page
//! (`serve`), the interview, and policy checking (`check`, with `scenario`). `request`
//! turns the raw input of any of them into a checklist.

pub mod batch;
#[cfg(all(feature = "cli", feature = "serve"))]
pub mod cli;
pub mod diff;
pub mod interview;
pub mod lint;
pub mod office;
pub mod plan;
pub mod plan_scenario;
pub mod request;
pub mod scenario;
#[cfg(feature = "serve")]
pub mod serve;
