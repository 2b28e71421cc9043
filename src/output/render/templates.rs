//! Tera templates: built into the binary, overridable file by file from a directory.

use include_dir::{include_dir, Dir};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use tera::Tera;

use super::template_source::{needed, refuse_include_cycles, refuse_recursive_macros};
use super::worker::{self, Failed, Workers};
use crate::msg;
use crate::util::i18n::{Lang, Msg};

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
    /// The render needed more memory than a template may have.
    #[error("{0}")]
    Memory(Msg),
}

impl TemplateError {
    /// The error in `lang`: the catalogue's words where it has them.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            TemplateError::Memory(m) => m.text(lang),
            e => e.to_string(),
        }
    }

    /// What is wrong, without the template's name.
    pub(super) fn message(&self) -> String {
        match self {
            TemplateError::Syntax { message, .. } | TemplateError::Render { message, .. } => {
                message.clone()
            }
            e => e.to_string(),
        }
    }
}

/// The loaded templates, ready to render. A page's template is compiled, with the templates
/// it includes or imports and nothing else, when that page is first rendered: output that
/// needs no template (JSON, iCalendar) compiles none, a PDF only its own. A directory of
/// overrides is compiled whole when loaded, so that its mistakes show at once.
pub struct Templates {
    files: Vec<(String, String)>,
    /// The digest of these templates when some replace built-in ones (for the checklist's
    /// fingerprint); `None` for the built-in ones alone.
    digest: Option<[u8; 32]>,
    /// Compiled so far, by the name of the page's template.
    compiled: RwLock<HashMap<String, Arc<Tera>>>,
    /// Where overrides render, when not in this process: see [`worker`].
    workers: Option<Workers>,
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
    root: &Path,
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
        // A link, or a folder reached through one, may lead to another file of the
        // folder, never out of it.
        if !crate::util::input_text::resolves_inside(root, &path) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{} leads outside the templates folder (a link); copy what it links to in instead",
                    path.display()
                ),
            ));
        }
        if path.is_dir() {
            if EMBEDDED.get_dir(&name).is_some() {
                collect_overrides(root, &path, &format!("{name}/"), files)?;
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
            collect_overrides(dir, dir, "", &mut files).map_err(read_err)?;
        }
        // The built-in templates alone are known to pass (a test checks them): only a
        // directory of overrides can bring a recursive macro.
        if dir.is_some() {
            refuse_recursive_macros(&files)?;
            refuse_include_cycles(&files)?;
            compile(files.clone()).map_err(|message| TemplateError::Syntax {
                name: "templates".to_string(),
                message,
            })?;
        }
        let digest = dir.map(|_| {
            crate::model::policy::fingerprint::templates_digest(
                files.iter().map(|(n, t)| (n.as_str(), t.as_str())),
            )
        });
        let workers = dir.and_then(|_| Workers::new(&files));
        Ok(Templates {
            files,
            digest,
            compiled: RwLock::default(),
            workers,
        })
    }

    /// These templates, already checked, rendered in this process (a worker's own).
    pub(super) fn in_process(files: Vec<(String, String)>) -> Templates {
        Templates {
            files,
            digest: None,
            compiled: RwLock::default(),
            workers: None,
        }
    }

    /// The digest of these templates, for a checklist's fingerprint; `None` for the
    /// built-in ones.
    pub fn digest(&self) -> Option<[u8; 32]> {
        self.digest
    }

    /// The template `name` compiled with those it needs (compiled now if not yet).
    fn tera(&self, name: &str) -> Result<Arc<Tera>, TemplateError> {
        let done = |c: &HashMap<String, Arc<Tera>>| c.get(name).cloned();
        if let Some(t) = self.compiled.read().ok().as_deref().and_then(done) {
            return Ok(t);
        }
        let tera = compile(needed(&self.files, name)).map_err(|message| TemplateError::Syntax {
            name: name.to_string(),
            message,
        })?;
        let tera = Arc::new(tera);
        if let Ok(mut c) = self.compiled.write() {
            c.insert(name.to_string(), tera.clone());
        }
        Ok(tera)
    }

    /// Renders a template with a serialisable context.
    pub fn render(
        &self,
        name: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        if let Some(workers) = &self.workers {
            return render_in_worker(workers, name, context);
        }
        let ctx = tera::Context::from_serialize(context).map_err(|e| TemplateError::Render {
            name: name.to_string(),
            message: chain(&e),
        })?;
        let mut out = Bounded {
            bytes: Vec::new(),
            max: MAX_OUTPUT,
        };
        RANGE_LEFT.set(MAX_RANGE_PER_RENDER);
        self.tera(name)?
            .render_to(name, &ctx, &mut out)
            .map_err(|e| TemplateError::Render {
                name: name.to_string(),
                message: if out.bytes.len() >= MAX_OUTPUT {
                    format!(
                        "the output grows past {} MiB; is a loop running away?",
                        MAX_OUTPUT >> 20
                    )
                } else {
                    chain(&e)
                },
            })?;
        String::from_utf8(out.bytes).map_err(|_| TemplateError::Render {
            name: name.to_string(),
            message: "the output is not UTF-8 text".to_string(),
        })
    }
}

/// [`Templates::render`] in a worker process of bounded memory.
fn render_in_worker(
    workers: &Workers,
    name: &str,
    context: &impl serde::Serialize,
) -> Result<String, TemplateError> {
    let failed = |message: String| TemplateError::Render {
        name: name.to_string(),
        message,
    };
    let context = serde_json::to_vec(context).map_err(|e| failed(e.to_string()))?;
    workers.render(name, &context).map_err(|f| match f {
        Failed::Memory => TemplateError::Memory(msg!(
            "template-memory",
            name = name,
            mib = (worker::MEMORY_BUDGET >> 20) as usize
        )),
        Failed::Template(message) => failed(message),
        Failed::Worker(why) => failed(format!("the render process stopped: {why}")),
    })
}

/// Every template compiled, with doclist's filter and bounded functions.
fn compile(files: Vec<(String, String)>) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("line", line_filter);
    // Templates see only their context: no environment variables, no huge ranges.
    tera.register_function("get_env", no_get_env);
    tera.register_function("range", bounded_range);
    tera.add_raw_templates(files).map_err(|e| chain(&e))?;
    Ok(tera)
}

/// The most a template may write: far more than any checklist or summary page needs.
const MAX_OUTPUT: usize = 64 << 20;

/// The most numbers `range` gives.
const MAX_RANGE: usize = 100_000;

/// The most numbers all the `range` calls of one render give together: loops nested in
/// loops end, even when they write nothing.
const MAX_RANGE_PER_RENDER: usize = 1_000_000;

thread_local! {
    /// What is left of [`MAX_RANGE_PER_RENDER`] in the render running on this thread.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_RANGE_PER_RENDER) };
}

/// Output that refuses to grow past `max` bytes.
struct Bounded {
    bytes: Vec<u8>,
    max: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            self.bytes.resize(self.max, 0);
            return Err(std::io::Error::other("template output too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn no_get_env(_: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "get_env is not available: templates see only the checklist",
    ))
}

/// Tera's `range(start=0, end, step_by=1)`, giving at most [`MAX_RANGE`] numbers.
fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(key) {
            Some(v) => v
                .as_u64()
                .ok_or_else(|| tera::Error::msg(format!("range: `{key}` must be a whole number"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("range: `{key}` is missing"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?.max(1);
    let count = end.saturating_sub(start).div_ceil(step);
    if count > MAX_RANGE as u64 {
        return Err(tera::Error::msg(format!(
            "range: {count} numbers asked for; at most {MAX_RANGE}"
        )));
    }
    let left = RANGE_LEFT.get();
    if count > left as u64 {
        return Err(tera::Error::msg(format!(
            "range: the loops of this page have asked for more than {MAX_RANGE_PER_RENDER} \
             numbers in all; is a loop running away?"
        )));
    }
    RANGE_LEFT.set(left - count as usize);
    Ok(tera::Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(tera::Value::from)
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Ctx {
        generator: &'static str,
    }

    fn one_template(text: &str) -> Templates {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary-row.html"), text).unwrap();
        Templates::load(Some(dir.path())).unwrap()
    }

    #[test]
    fn templates_get_no_environment_and_no_runaway_output() {
        std::env::set_var("DOCLIST_TEMPLATE_SECRET", "hunter2");
        let ctx = Ctx { generator: "x" };
        let e = one_template("{{ get_env(name='DOCLIST_TEMPLATE_SECRET') }}")
            .render("summary-row.html", &ctx)
            .unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let e = one_template("{% for i in range(end=1000000000) %}{% endfor %}")
            .render("summary-row.html", &ctx)
            .unwrap_err();
        assert!(e.to_string().contains("at most 100000"), "{e}");
        let e = one_template(&format!(
            "{{% for a in range(end=100000) %}}{}{{% endfor %}}",
            "x".repeat(1000)
        ))
        .render("summary-row.html", &ctx)
        .unwrap_err();
        assert!(e.to_string().contains("64 MiB"), "{e}");
        let e = one_template(
            "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}",
        )
        .render("summary-row.html", &ctx)
        .unwrap_err();
        assert!(e.to_string().contains("running away"), "{e}");
        let ok = one_template("{% for i in range(start=1, end=7, step_by=2) %}{{ i }}{% endfor %}")
            .render("summary-row.html", &ctx)
            .unwrap();
        assert_eq!(ok, "135");
    }

    #[test]
    fn the_built_in_templates_have_no_recursive_macros() {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        assert!(files.iter().any(|(n, _)| n == "checklist.html"));
        let macros = super::super::template_source::macro_calls(&files);
        assert!(!macros.is_empty(), "no macros found to check");
        refuse_recursive_macros(&files).unwrap();
    }

    #[test]
    fn recursive_macros_are_refused_when_loaded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("macros.html"),
            "{% macro f(n) %}{{ self::g(n=n) }}{% endmacro f %}{% macro g(n) %}{{ self::f(n=n+1) }}{% endmacro g %}",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("summary-row.html"),
            "{% import \"macros.html\" as m %}{{ m::f(n=1) }}",
        )
        .unwrap();
        let e = Templates::load(Some(dir.path())).err().expect("refused");
        assert!(e.to_string().contains("macro `f` calls itself"), "{e}");
        // The built-in templates' macros are fine.
        assert!(Templates::load(None).is_ok());
    }

    #[test]
    fn builtin_templates_compile_on_first_render_and_overrides_at_load() {
        let t = Templates::load(None).unwrap();
        assert!(
            t.compiled.read().unwrap().is_empty(),
            "compiled before any render"
        );
        let page = t
            .render("serve/toolbar.css", &Ctx { generator: "x" })
            .unwrap();
        assert!(page.contains(".doclist-toolbar"));
        // Every page compiles with what it includes and imports, and only that.
        let names = |tera: Arc<Tera>| {
            let mut n: Vec<String> = tera.get_template_names().map(String::from).collect();
            n.sort();
            n
        };
        assert_eq!(
            names(t.tera("checklist.pdf.txt").unwrap()),
            [
                "checklist-body.pdf.txt",
                "checklist.pdf.txt",
                "forms/fast-track-request.pdf.txt",
                "forms/kinship-pledge.pdf.txt",
                "forms/power-of-attorney.pdf.txt"
            ]
        );
        assert_eq!(
            names(t.tera("serve/form.html").unwrap()),
            ["serve/form.html", "serve/macros.html", "serve/serve.css"]
        );
        let html = names(t.tera("checklist.html").unwrap());
        assert!(html.contains(&"forms/macros.html".to_string()), "{html:?}");
        assert!(html.contains(&"checklist.css".to_string()), "{html:?}");
        assert!(!html.iter().any(|n| n.starts_with("serve/")), "{html:?}");
        for (name, _) in &t.files {
            assert!(t.tera(name).is_ok(), "{name}");
        }
        // A broken override is reported when loaded, whatever is rendered later.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary-row.html"), "{% if %}").unwrap();
        let e = Templates::load(Some(dir.path())).err().expect("refused");
        assert!(e.to_string().contains("summary-row.html"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_template_linked_from_outside_its_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.html"),
            dir.path().join("checklist.html"),
        )
        .unwrap();
        let e = Templates::load(Some(dir.path())).err().expect("refused");
        assert!(
            e.to_string().contains("outside the templates folder"),
            "{e}"
        );
        // A link inside the folder is fine.
        let inside = tempfile::tempdir().unwrap();
        std::fs::write(inside.path().join("mine.css"), "x").unwrap();
        std::os::unix::fs::symlink(
            inside.path().join("mine.css"),
            inside.path().join("checklist.html"),
        )
        .unwrap();
        assert!(Templates::load(Some(inside.path())).is_ok());
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
