//! Tera templates: built into the binary, overridable file by file from a directory.

use include_dir::{include_dir, Dir};
use std::collections::HashMap;
use std::path::Path;
use tera::Tera;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A template problem: which file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read templates from {dir}: {source}")]
    Read { dir: String, source: std::io::Error },
    #[error("template {name}: {message}")]
    Syntax { name: String, message: String },
    #[error("rendering template {name}: {message}")]
    Render { name: String, message: String },
}

/// The loaded templates, ready to render.
pub struct Templates {
    tera: Tera,
}

fn chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        cur = s.source();
    }
    msg
}

/// Tera filter `line`: one line of PDF markup; folds line breaks, replaces `|`.
fn line_filter(v: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = match v {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    };
    let folded: String = s
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "｜");
    Ok(tera::Value::String(folded))
}

/// Every embedded template, subfolders included, named by its path (`serve/form.html`).
fn collect_embedded(dir: &Dir<'_>, files: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if let Some(text) = f.contents_utf8() {
            files.push((template_name(f.path()), text.to_string()));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, files);
    }
}

/// A template's name: its path below the templates folder, with `/` between parts.
fn template_name(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files of an override directory replace the templates of the same name. Subfolders
/// are read only where the built-in templates have a folder of that name (`serve/`).
fn collect_overrides(
    dir: &Path,
    prefix: &str,
    files: &mut Vec<(String, String)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let base = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let name = format!("{prefix}{base}");
        if path.is_dir() {
            if EMBEDDED.get_dir(&name).is_some() {
                collect_overrides(&path, &format!("{name}/"), files)?;
            }
            continue;
        }
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        files.retain(|(n, _)| *n != name);
        files.push((name, text));
    }
    Ok(())
}

impl Templates {
    /// The built-in templates, with any file of `dir` replacing the one of the same name.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut files: Vec<(String, String)> = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        if let Some(dir) = dir {
            let read_err = |e| TemplateError::Read {
                dir: dir.display().to_string(),
                source: e,
            };
            collect_overrides(dir, "", &mut files).map_err(read_err)?;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("line", line_filter);
        tera.add_raw_templates(files)
            .map_err(|e| TemplateError::Syntax {
                name: "templates".to_string(),
                message: chain(&e),
            })?;
        Ok(Templates { tera })
    }

    /// Renders a template with a serialisable context.
    pub fn render(
        &self,
        name: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| TemplateError::Render {
            name: name.to_string(),
            message: chain(&e),
        })?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| TemplateError::Render {
                name: name.to_string(),
                message: chain(&e),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Ctx {
        generator: &'static str,
    }

    #[test]
    fn templates_in_subfolders_are_named_by_their_path() {
        let t = Templates::load(None).unwrap();
        let page = t
            .render("serve/toolbar.css", &Ctx { generator: "x" })
            .unwrap();
        assert!(page.contains(".doclist-toolbar"));
    }

    #[test]
    fn an_override_in_a_known_subfolder_replaces_the_builtin_and_others_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("serve")).unwrap();
        std::fs::write(dir.path().join("serve/toolbar.css"), "mine {{ generator }}").unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        std::fs::write(dir.path().join("notes/broken.html"), "{% if %}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let page = t
            .render("serve/toolbar.css", &Ctx { generator: "x" })
            .unwrap();
        assert_eq!(page, "mine x");
    }
}
