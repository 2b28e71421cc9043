//! Sources as people quote them.

use crate::model::policy::{Cite, Source};

/// The sources of a line as people read them, each once: "长宁区公安分局人口办《居住登记居住证
/// 培训会》，2023年8月". A file the policy does not declare is named by its file (never
/// expected: every cite comes from a declared source).
pub fn people_cites(cites: &[Cite], sources: &[Source]) -> String {
    let mut out: Vec<String> = Vec::new();
    for c in cites {
        let s = sources
            .iter()
            .find(|s| s.file == c.document)
            .map_or_else(|| c.document.clone(), Source::display);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out.join("；")
}
