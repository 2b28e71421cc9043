//! The files of a policy directory, built in or on disk: policy and shared files,
//! scenario files, and the texts of the source documents.

use super::Library;
use crate::model::policy::problem::{PolicyError, ProblemKind};
use crate::util::input_text::{read_file_bounded, MAX_POLICY_FILE, MAX_SOURCE_TEXT};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(super) static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/policies");

// `COMPILED`: the built-in policy files' JSON forms, made by build.rs.
include!(concat!(env!("OUT_DIR"), "/compiled_policies.rs"));

/// The JSON form build.rs made of a built-in policy file, if `text` is that file's text.
/// build.rs made it only for a file within the nesting bounds of
/// [`check_depth`](crate::util::input_text::check_depth), checked there with the same code.
/// The digest of the built-in templates, made by `build.rs` with
/// [`templates_digest`](crate::model::policy::fingerprint::templates_digest).
pub const BUILT_IN_TEMPLATES: [u8; 32] = include!(concat!(env!("OUT_DIR"), "/templates_digest.rs"));

pub(super) fn compiled(path: &str, text: &str) -> Option<&'static str> {
    let (_, json, _) = COMPILED.iter().find(|(p, _, _)| *p == path)?;
    let built_in = EMBEDDED.get_file(path)?.contents();
    (built_in == text.as_bytes()).then_some(*json)
}

/// Reads a policy file: a built-in file from its JSON form (the same value, read faster),
/// any other file, or one whose JSON form does not read, from its YAML.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    f: &PolicyFile,
    fast: bool,
) -> Result<T, serde_yaml::Error> {
    if let Some(json) = compiled(&f.path, &f.text).filter(|_| fast) {
        if let Ok(value) = serde_json::from_str(json) {
            return Ok(value);
        }
    }
    serde_yaml::from_str(&f.text)
}

/// The canonical digest of a policy file (see [`fingerprint`](super::super::fingerprint)):
/// a built-in file from its JSON form, any other from its YAML.
pub(super) fn digest(f: &PolicyFile, fast: bool) -> Option<[u8; 32]> {
    if fast && compiled(&f.path, &f.text).is_some() {
        if let Some((_, _, digest)) = COMPILED.iter().find(|(p, _, _)| *p == f.path) {
            return Some(*digest);
        }
    }
    super::super::fingerprint::file_digest(&f.text)
}

/// One file of a policy directory: its path relative to the directory, and its text.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    pub path: String,
    pub text: String,
}

/// The name of a city's path file: `policies/<city>/path.yaml`.
pub const PATH_FILE: &str = "path.yaml";

/// The city whose path a file is, for `<city>/path.yaml`.
pub fn path_city_of(path: &str) -> Option<&str> {
    let city = path.strip_suffix(PATH_FILE)?.strip_suffix('/')?;
    (!city.is_empty() && !city.contains('/')).then_some(city)
}

/// Whether a file holds a city's plan scenarios: `<city>/path.scenarios.yaml`.
pub fn is_plan_scenario(path: &str) -> bool {
    path.strip_suffix(".scenarios.yaml")
        .and_then(|p| p.strip_suffix("/path"))
        .is_some_and(|city| !city.is_empty() && !city.contains('/'))
}

/// Whether a file is a scenario file.
pub(super) fn is_scenario(path: &str) -> bool {
    path.ends_with(".scenarios.yaml")
}

/// The policy id a policy file's path gives: `<city>/<procedure>.yaml`, or a version file
/// `<city>/<procedure>/<any name>.yaml`; `None` for files that are not policies.
pub fn policy_id_of(path: &str) -> Option<String> {
    if is_scenario(path) || !path.ends_with(".yaml") {
        return None;
    }
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [city, name] if *name != "common.yaml" && *name != PATH_FILE => {
            Some(format!("{city}/{}", name.trim_end_matches(".yaml")))
        }
        [city, procedure, _] => Some(format!("{city}/{procedure}")),
        _ => None,
    }
}

impl Library {
    /// Every file of the built-in policy directory (policies, shared files, scenarios).
    pub fn embedded_files() -> Vec<PolicyFile> {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files, &mut |_| true);
        files
    }

    /// The texts of the source documents (`sources/*.txt`) of a policy directory, or of
    /// the built-in one, by file name. A directory without `sources/` has none.
    pub fn source_texts(dir: Option<&Path>) -> Result<BTreeMap<String, String>, PolicyError> {
        let mut out = BTreeMap::new();
        let Some(dir) = dir else {
            if let Some(d) = EMBEDDED.get_dir("sources") {
                for f in d.files() {
                    if let (Some(name), Some(text)) = (f.path().file_name(), f.contents_utf8()) {
                        out.insert(name.to_string_lossy().into_owned(), text.to_string());
                    }
                }
            }
            return Ok(out);
        };
        let sources = dir.join("sources");
        let Ok(entries) = std::fs::read_dir(&sources) else {
            return Ok(out);
        };
        let unreadable = |p: &Path, e: std::io::Error| {
            PolicyError::file(
                &p.display().to_string(),
                ProblemKind::Schema,
                format!("cannot read: {e}"),
            )
        };
        for entry in entries {
            let path = entry.map_err(|e| unreadable(&sources, e))?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text =
                    read_file_bounded(&path, MAX_SOURCE_TEXT).map_err(|e| unreadable(&path, e))?;
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                out.insert(name.into_owned(), text);
            }
        }
        Ok(out)
    }

    /// Every `*.yaml` file under a directory, with paths relative to it.
    pub fn read_dir(dir: &Path) -> Result<Vec<PolicyFile>, PolicyError> {
        let root = dir.display().to_string();
        let mut files = Vec::new();
        collect_dir(dir, dir, &mut files).map_err(|(p, e)| {
            PolicyError::file(
                &p.display().to_string(),
                ProblemKind::Schema,
                format!("cannot read: {e}"),
            )
        })?;
        if files.is_empty() {
            return Err(PolicyError::file(
                &root,
                ProblemKind::Schema,
                "no policy files (*.yaml) in this directory",
            ));
        }
        Ok(files)
    }

    /// The scenario files (`<city>/<procedure>.scenarios.yaml`) of the embedded library,
    /// without the plan scenarios.
    pub fn embedded_scenarios() -> Vec<PolicyFile> {
        let mut files = Library::embedded_files();
        files.retain(|f| is_scenario(&f.path) && !is_plan_scenario(&f.path));
        files
    }
}

/// The built-in `*.yaml` files whose path `wanted` accepts.
pub(super) fn collect_embedded(
    dir: &Dir<'_>,
    out: &mut Vec<PolicyFile>,
    wanted: &mut dyn FnMut(&str) -> bool,
) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if path.ends_with(".yaml") && wanted(&path) {
            if let Some(text) = f.contents_utf8() {
                out.push(PolicyFile {
                    path,
                    text: text.to_string(),
                });
            }
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out, wanted);
    }
}

/// Every `*.yaml` file under `dir`, with paths relative to `root`.
fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<PolicyFile>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        if !crate::util::input_text::resolves_inside(root, &path) {
            // A link out of the folder (to /etc/passwd, say) is never read: its text
            // would come back in the error that it is not a policy.
            return Err((
                path,
                std::io::Error::other("a link to outside the policy folder is not read"),
            ));
        }
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = read_file_bounded(&path, MAX_POLICY_FILE).map_err(|e| (path.clone(), e))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(PolicyFile { path: rel, text });
        }
    }
    Ok(())
}
