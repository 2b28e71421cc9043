//! The JSON contract: the checklist's serde form, pretty-printed.

use crate::Checklist;

/// The checklist as pretty JSON (dates YYYY-MM-DD, keys as documented in README).
pub fn render(checklist: &Checklist) -> String {
    String::from_utf8(bytes(checklist)).expect("serde_json writes UTF-8")
}

/// [`render`] as the bytes of a file, ending in a newline.
pub fn bytes(checklist: &Checklist) -> Vec<u8> {
    // Most checklists are 8–16 KB of JSON: one allocation instead of a doubling series.
    let mut out = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut out, checklist).expect("a checklist always serialises");
    out.push(b'\n');
    out
}
