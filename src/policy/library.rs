//! The set of policies doclist knows: the embedded ones, or a directory given by the user.

use super::build::{build, Shared};
use super::raw::{RawCommon, RawPolicy};
use super::Policy;
use crate::expr::FactTable;
use crate::fact::Fact;
use crate::suggest::did_you_mean;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One file of a policy directory: its path relative to the directory, and its text.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    pub path: String,
    pub text: String,
}

/// A policy file that could not be loaded: which file, where in it, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub file: String,
    /// "rule `x`", "fact `y`", or empty for the file as a whole.
    pub place: String,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.place, self.message)
        }
    }
}

impl std::error::Error for PolicyError {}

/// Every loaded policy, by id.
#[derive(Debug, Clone)]
pub struct Library {
    policies: Vec<Policy>,
    /// Every fact any policy asks about, for telling "not for this policy" from "unknown".
    facts: BTreeMap<String, Fact>,
    /// The directory shown in messages.
    root: String,
}

fn is_scenario(path: &str) -> bool {
    path.ends_with(".scenarios.yaml")
}

impl Library {
    /// The policies built into the binary.
    pub fn embedded() -> Result<Library, PolicyError> {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        Library::from_files("policies", files)
    }

    /// The policies of a directory laid out as `facts.yaml`, `<city>/common.yaml`,
    /// `<city>/<procedure>.yaml`.
    pub fn from_dir(dir: &Path) -> Result<Library, PolicyError> {
        let root = dir.display().to_string();
        let mut files = Vec::new();
        collect_dir(dir, dir, &mut files).map_err(|(p, e)| PolicyError {
            file: p.display().to_string(),
            place: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        if files.is_empty() {
            return Err(PolicyError {
                file: root,
                place: String::new(),
                message: "no policy files (*.yaml) in this directory".to_string(),
            });
        }
        Library::from_files(&root, files)
    }

    /// Builds the library from file texts (paths relative to `root`).
    pub fn from_files(root: &str, mut files: Vec<PolicyFile>) -> Result<Library, PolicyError> {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let shown = |p: &str| format!("{root}/{p}");
        let parse_common = |f: &PolicyFile| -> Result<RawCommon, PolicyError> {
            serde_yaml::from_str(&f.text).map_err(|e| PolicyError {
                file: shown(&f.path),
                place: String::new(),
                message: e.to_string(),
            })
        };
        let global = match files.iter().find(|f| f.path == "facts.yaml") {
            Some(f) => parse_common(f)?,
            None => RawCommon::default(),
        };
        let mut cities = BTreeMap::new();
        for f in files.iter().filter(|f| f.path.ends_with("/common.yaml")) {
            let city = f.path.trim_end_matches("/common.yaml").to_string();
            cities.insert(city, parse_common(f)?);
        }
        let mut policies: Vec<Policy> = Vec::new();
        for f in &files {
            let Some((city, name)) = f.path.split_once('/') else {
                continue;
            };
            if name == "common.yaml" || is_scenario(name) || name.contains('/') {
                continue;
            }
            let err = |place: String, message: String| PolicyError {
                file: shown(&f.path),
                place,
                message,
            };
            let raw: RawPolicy =
                serde_yaml::from_str(&f.text).map_err(|e| err(String::new(), e.to_string()))?;
            let expected = f.path.trim_end_matches(".yaml");
            if raw.id != expected {
                return Err(err(
                    String::new(),
                    format!(
                        "id `{}` does not match the file's place; it must be `{expected}`",
                        raw.id
                    ),
                ));
            }
            let common = cities.get(city);
            let mut layers = vec![&global];
            layers.extend(common);
            let city_name = common
                .and_then(|c| c.city_name.clone())
                .unwrap_or_else(|| city.to_string());
            let shared = Shared { layers };
            let policy = build(raw, &shared, city, &city_name, &shown(&f.path))
                .map_err(|(place, message)| err(place, message))?;
            policies.push(policy);
        }
        let mut facts = BTreeMap::new();
        for p in &policies {
            for f in &p.facts {
                facts.entry(f.key.clone()).or_insert_with(|| f.clone());
            }
        }
        Ok(Library {
            policies,
            facts,
            root: root.to_string(),
        })
    }

    /// Every policy, sorted by id.
    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// The policy with this id, or an error listing the ids there are.
    pub fn get(&self, id: &str) -> Result<&Policy, String> {
        self.policies.iter().find(|p| p.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.policies.iter().map(|p| p.id.as_str()).collect();
            let hint = did_you_mean(id, ids.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("unknown policy `{id}`{hint}; available: {}", ids.join(", "))
        })
    }

    /// A fact some policy asks about.
    pub fn any_fact(&self, key: &str) -> Option<&Fact> {
        self.facts.get(key)
    }

    /// The directory the policies came from, for messages.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The scenario files (`<city>/<procedure>.scenarios.yaml`) of the embedded library.
    pub fn embedded_scenarios() -> Vec<PolicyFile> {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        files.retain(|f| is_scenario(&f.path));
        files
    }
}

impl FactTable for Library {
    fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.get(key)
    }

    fn keys(&self) -> Vec<&str> {
        self.facts.keys().map(String::as_str).collect()
    }
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<PolicyFile>) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if path.ends_with(".yaml") {
            if let Some(text) = f.contents_utf8() {
                out.push(PolicyFile {
                    path,
                    text: text.to_string(),
                });
            }
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<PolicyFile>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).map_err(|e| (path.clone(), e))?;
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
