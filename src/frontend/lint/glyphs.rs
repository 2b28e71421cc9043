//! Characters the fonts cannot draw, in policy texts and PDF templates.

use crate::model::policy::{PolicyError, PolicyFile, ProblemKind};
use crate::output::pdf::FontSet;
use include_dir::{include_dir, Dir};
use serde_yaml::Value as Yaml;
use std::collections::BTreeSet;
use std::path::Path;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A template the PDF is made from: its name, how it is shown in messages, its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub shown: String,
    pub text: String,
}

/// The PDF templates (`*.pdf.txt`): the built-in ones, each replaced by the file of the
/// same name in `dir` when there is one.
pub fn pdf_templates(dir: Option<&Path>) -> Result<Vec<TemplateFile>, String> {
    let mut out = Vec::new();
    for f in TEMPLATES.files() {
        let name = f.path().to_string_lossy().to_string();
        if !name.ends_with(".pdf.txt") {
            continue;
        }
        let over = dir.map(|d| d.join(&name)).filter(|p| p.is_file());
        let (shown, text) = match over {
            Some(p) => {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
                (p.display().to_string(), text)
            }
            None => (
                format!("templates/{name}"),
                f.contents_utf8().unwrap_or_default().to_string(),
            ),
        };
        out.push(TemplateFile { name, shown, text });
    }
    Ok(out)
}

fn strings<'a>(v: &'a Yaml, out: &mut Vec<&'a str>) {
    match v {
        Yaml::String(s) => out.push(s),
        Yaml::Sequence(items) => items.iter().for_each(|i| strings(i, out)),
        Yaml::Mapping(m) => m.values().for_each(|i| strings(i, out)),
        Yaml::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

fn problem(file: &str, line: Option<usize>, ch: char) -> PolicyError {
    let m = crate::msg!(
        "policy-glyph",
        char = ch,
        code = format!("U+{:04X}", u32::from(ch))
    );
    PolicyError::file_msg(file, ProblemKind::Glyph, m).at(line)
}

/// Reports each undrawable character at every line of `text` it is on (lines `skip`
/// says are comments are passed over).
fn report(
    file: &str,
    text: &str,
    bad: &BTreeSet<char>,
    skip: impl Fn(&str) -> bool,
) -> Vec<PolicyError> {
    let mut out = Vec::new();
    for &ch in bad {
        let mut found = false;
        for (n, line) in text.lines().enumerate() {
            if !skip(line) && line.contains(ch) {
                out.push(problem(file, Some(n + 1), ch));
                found = true;
            }
        }
        if !found {
            out.push(problem(file, None, ch));
        }
    }
    out
}

fn undrawable<'a>(texts: impl IntoIterator<Item = &'a str>, fonts: &FontSet) -> BTreeSet<char> {
    texts
        .into_iter()
        .flat_map(str::chars)
        .filter(|c| !c.is_control())
        .collect::<BTreeSet<char>>()
        .into_iter()
        .filter(|&c| !fonts.can_draw(c))
        .collect()
}

/// The texts of policy files (not scenarios) with characters the fonts cannot draw.
pub(super) fn policy_glyphs(root: &str, files: &[PolicyFile], fonts: &FontSet) -> Vec<PolicyError> {
    let mut out = Vec::new();
    for f in files
        .iter()
        .filter(|f| !f.path.ends_with(".scenarios.yaml"))
    {
        let Ok(value) = serde_yaml::from_str::<Yaml>(&f.text) else {
            continue;
        };
        let mut texts = Vec::new();
        strings(&value, &mut texts);
        let bad = undrawable(texts, fonts);
        let file = format!("{root}/{}", f.path);
        out.extend(report(&file, &f.text, &bad, |l| {
            l.trim_start().starts_with('#')
        }));
    }
    out
}

/// PDF templates with characters the fonts cannot draw (markup comments are skipped).
pub(super) fn template_glyphs(templates: &[TemplateFile], fonts: &FontSet) -> Vec<PolicyError> {
    let mut out = Vec::new();
    for t in templates {
        let is_comment = |l: &str| l.trim_start().starts_with("//");
        let bad = undrawable(t.text.lines().filter(|l| !is_comment(l)), fonts);
        out.extend(report(&t.shown, &t.text, &bad, is_comment));
    }
    out
}
