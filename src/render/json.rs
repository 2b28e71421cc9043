//! The JSON contract: the checklist's serde form, pretty-printed.

use crate::Checklist;

/// The checklist as pretty JSON (dates YYYY-MM-DD, keys as documented in README).
pub fn render(checklist: &Checklist) -> String {
    // Most checklists are 8–16 KB of JSON: one allocation instead of a doubling series.
    let mut out = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut out, checklist).expect("a checklist always serialises");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
