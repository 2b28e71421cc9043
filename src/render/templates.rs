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

impl Templates {
    /// The built-in templates, with any file of `dir` replacing the one of the same name.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut files: Vec<(String, String)> = EMBEDDED
            .files()
            .filter_map(|f| {
                Some((
                    f.path().to_string_lossy().to_string(),
                    f.contents_utf8()?.to_string(),
                ))
            })
            .collect();
        if let Some(dir) = dir {
            let read_err = |e| TemplateError::Read {
                dir: dir.display().to_string(),
                source: e,
            };
            for entry in std::fs::read_dir(dir).map_err(read_err)? {
                let path = entry.map_err(read_err)?.path();
                if !path.is_file() {
                    continue;
                }
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                let text = std::fs::read_to_string(&path).map_err(read_err)?;
                files.retain(|(n, _)| *n != name);
                files.push((name, text));
            }
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
