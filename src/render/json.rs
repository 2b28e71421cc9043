//! The JSON contract: the checklist's serde form, pretty-printed.

use crate::Checklist;

/// The checklist as pretty JSON (dates YYYY-MM-DD, keys as documented in README).
pub fn render(checklist: &Checklist) -> String {
    let mut s = serde_json::to_string_pretty(checklist).expect("a checklist always serialises");
    s.push('\n');
    s
}
