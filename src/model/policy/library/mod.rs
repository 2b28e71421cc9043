//! The set of policies doclist knows: the embedded ones, or a directory given by the user.

mod files;
mod paths;

use files::{collect_embedded, compiled, digest, parse, EMBEDDED};
pub use files::{
    is_plan_scenario, path_city_of, policy_id_of, PolicyFile, BUILT_IN_TEMPLATES, PATH_FILE,
};

use super::build::build;
use super::fingerprint::rules_digest;
use super::lines::{Lines, Seg};
use super::path::Path as CityPath;
use super::problem::{PolicyError, ProblemKind};
use super::raw::{RawCommon, RawPolicy};
use super::shared::{Layer, Shared};
use super::Policy;
use crate::model::expr::FactTable;
use crate::model::fact::Fact;
use crate::msg;
use crate::util::i18n::Msg;
use crate::util::suggest::hint;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// Every loaded policy, by id, with its earlier versions.
#[derive(Debug, Clone)]
pub struct Library {
    /// The newest version of each policy, sorted by id.
    policies: Vec<Policy>,
    /// Earlier versions, sorted by id, then by effective date.
    older: Vec<Policy>,
    /// Every fact any policy or path asks about, for telling "not for this policy" from
    /// "unknown".
    facts: BTreeMap<String, Fact>,
    /// Each city's path, by city.
    paths: BTreeMap<String, CityPath>,
    /// The directory shown in messages.
    root: String,
    /// Set for a library loaded for one built-in policy ([`Library::embedded_for`]): that
    /// policy's id. Whatever is asked beyond it is answered by `whole`.
    only: Option<String>,
    /// Every built-in policy, loaded on first use by a library of one policy.
    whole: OnceLock<Box<Library>>,
}

/// What loading a policy directory found: the policies that loaded, and every problem.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The policies without problems that block loading.
    pub library: Library,
    /// Every problem, in file order; [`ProblemKind::blocks_loading`] tells which kept a
    /// policy out of the library.
    pub problems: Vec<PolicyError>,
}

/// The canonical digests of the shared files: `facts.yaml`, and each city's
/// `common.yaml` by city (see [`rules_digest`]).
fn shared_digests(files: &[PolicyFile], fast: bool) -> ([u8; 32], BTreeMap<String, [u8; 32]>) {
    let facts = files
        .iter()
        .find(|f| f.path == "facts.yaml")
        .and_then(|f| digest(f, fast))
        .unwrap_or_default();
    let cities = files
        .iter()
        .filter_map(|f| {
            let city = f.path.strip_suffix("/common.yaml")?;
            (!city.contains('/')).then_some(())?;
            Some((city.to_string(), digest(f, fast)?))
        })
        .collect();
    (facts, cities)
}

/// A shared file that parsed: its definitions, its lines, its name as shown.
type ParsedCommon = ((RawCommon, Lines), String);

impl Library {
    /// The policies built into the binary.
    pub fn embedded() -> Result<Library, PolicyError> {
        Library::from_files("policies", Library::embedded_files())
    }

    /// The built-in library as one request needs it: only the policy `id` (every version of
    /// it) is read and checked, with the shared files it builds on (`facts.yaml`, its city's
    /// `common.yaml`); the other policies are loaded only if something beyond `id` is asked
    /// (another policy, the list of all, a fact only another policy has). An id with no
    /// built-in policy gives the whole library, so that its error names what there is.
    pub fn embedded_for(id: &str) -> Result<Library, PolicyError> {
        let city = id.split('/').next().unwrap_or_default();
        let common = format!("{city}/common.yaml");
        let mut found = false;
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files, &mut |path| {
            if policy_id_of(path).is_some_and(|p| p == id) {
                found = true;
                true
            } else {
                path == "facts.yaml" || path == common
            }
        });
        if !found {
            return Library::embedded();
        }
        let mut lib = Library::from_files("policies", files)?;
        lib.only = Some(id.to_string());
        Ok(lib)
    }

    /// The library that answers for `id`: this one if it holds `id` (or holds every
    /// policy), else the whole built-in library.
    fn for_id(&self, id: &str) -> &Library {
        match &self.only {
            Some(only) if only != id => self.whole(),
            _ => self,
        }
    }

    /// Every policy: this library, or for a library of one built-in policy the whole
    /// built-in library, loaded now if not yet.
    fn whole(&self) -> &Library {
        if self.only.is_none() {
            return self;
        }
        self.whole.get_or_init(|| {
            // The built-in policies are checked by `doclist check` and the tests; should
            // one fail to load, the policy at hand is still all there is.
            Box::new(Library::embedded().unwrap_or_else(|_| Library {
                only: None,
                whole: OnceLock::new(),
                ..self.clone()
            }))
        })
    }

    /// The policies of a directory laid out as `facts.yaml`, `<city>/common.yaml`,
    /// `<city>/<procedure>.yaml` (or `<city>/<procedure>/<version>.yaml`).
    pub fn from_dir(dir: &Path) -> Result<Library, PolicyError> {
        Library::from_files(&dir.display().to_string(), Library::read_dir(dir)?)
    }

    /// Builds the library from file texts (paths relative to `root`); the first problem
    /// that keeps a policy from loading is the error.
    pub fn from_files(root: &str, files: Vec<PolicyFile>) -> Result<Library, PolicyError> {
        let loaded = Library::load(root, files);
        match loaded
            .problems
            .into_iter()
            .find(|p| p.kind.blocks_loading())
        {
            Some(p) => Err(p),
            None => Ok(loaded.library),
        }
    }

    /// Loads every policy it can and collects every problem, each with file and line.
    pub fn load(root: &str, files: Vec<PolicyFile>) -> Loaded {
        Library::load_from(root, files, true)
    }

    /// [`Library::load`]; `fast`: built-in files may be read from their JSON form.
    fn load_from(root: &str, mut files: Vec<PolicyFile>, fast: bool) -> Loaded {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let present: Vec<String> = files.iter().filter_map(|f| policy_id_of(&f.path)).collect();
        let shown = |p: &str| format!("{root}/{p}");
        let mut problems = Vec::new();
        readable(&mut files, fast, &shown, &mut problems);
        let mut parse_common = |f: &PolicyFile| -> Option<(RawCommon, Lines)> {
            match parse(f, fast) {
                Ok(raw) => Some((raw, Lines::new(&f.text))),
                Err(e) => {
                    problems.push(PolicyError::yaml(&shown(&f.path), &e, &f.text));
                    None
                }
            }
        };
        let (facts_digest, city_digests) = shared_digests(&files, fast);
        let global = match files.iter().find(|f| f.path == "facts.yaml") {
            Some(f) => parse_common(f).map(|g| (g, shown(&f.path))),
            None => Some(((RawCommon::default(), Lines::default()), String::new())),
        };
        // A city whose common.yaml does not parse is left out (its policies would only
        // repeat the problem); `None` marks it.
        let mut cities: BTreeMap<String, Option<ParsedCommon>> = BTreeMap::new();
        for f in files.iter().filter(|f| f.path.ends_with("/common.yaml")) {
            let city = f.path.trim_end_matches("/common.yaml").to_string();
            if city.contains('/') {
                continue;
            }
            let parsed = parse_common(f).map(|c| (c, shown(&f.path)));
            cities.insert(city, parsed);
        }
        let mut versions: Vec<(Policy, Lines)> = Vec::new();
        for f in &files {
            let Some(expected) = policy_id_of(&f.path) else {
                continue;
            };
            let Some(global) = &global else {
                continue;
            };
            let city = expected.split('/').next().unwrap_or_default();
            let common = match cities.get(city) {
                Some(None) => continue,
                Some(Some(c)) => Some(c),
                None => None,
            };
            let file = shown(&f.path);
            let raw: RawPolicy = match parse(f, fast) {
                Ok(r) => r,
                Err(e) => {
                    problems.push(PolicyError::yaml(&file, &e, &f.text));
                    continue;
                }
            };
            let lines = Lines::new(&f.text);
            if raw.id != expected {
                problems.push(
                    PolicyError::file(
                        &file,
                        ProblemKind::Invalid,
                        format!(
                            "id `{}` does not match the file's place; it must be `{expected}`",
                            raw.id
                        ),
                    )
                    .at(lines.get(&[Seg::Key("id".into())])),
                );
                continue;
            }
            let layers = layers(global, common);
            let city_name = common
                .and_then(|c| c.0 .0.city_name.clone())
                .unwrap_or_else(|| city.to_string());
            let shared = Shared { layers };
            let (mut policy, found) = build(raw, &shared, city, &city_name, &file, &lines);
            policy.rules_digest = rules_digest(
                &facts_digest,
                city_digests.get(city),
                &digest(f, fast).unwrap_or_default(),
            );
            let blocked = found.iter().any(|p| p.kind.blocks_loading());
            problems.extend(found);
            if !blocked {
                versions.push((policy, lines));
            }
        }
        let (policies, older) = by_version(versions, &mut problems);
        let cx = global.as_ref().map(|global| paths::Context {
            fast,
            shown: &shown,
            global,
            cities: &cities,
            policies: &policies,
            present: &present,
            digests: (&facts_digest, &city_digests),
        });
        let paths = paths::load(&files, cx, &mut problems);
        let facts = every_fact(&policies, &older, &paths);
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        problems.dedup();
        Loaded {
            library: Library {
                policies,
                older,
                facts,
                paths,
                root: root.to_string(),
                only: None,
                whole: OnceLock::new(),
            },
            problems,
        }
    }

    /// Every policy, sorted by id: the newest version of each.
    pub fn policies(&self) -> &[Policy] {
        &self.whole().policies
    }

    /// Every version of every policy, sorted by id, then by effective date.
    pub fn all_versions(&self) -> Vec<&Policy> {
        let lib = self.whole();
        let mut all: Vec<&Policy> = lib.policies.iter().chain(&lib.older).collect();
        all.sort_by(|a, b| (&a.id, a.effective).cmp(&(&b.id, b.effective)));
        all
    }

    /// The versions of one policy, oldest first (empty for an unknown id).
    pub fn versions(&self, id: &str) -> Vec<&Policy> {
        let lib = self.for_id(id);
        let mut all: Vec<&Policy> = lib
            .policies
            .iter()
            .chain(&lib.older)
            .filter(|p| p.id == id)
            .collect();
        all.sort_by_key(|p| p.effective);
        all
    }

    /// The newest version of the policy with this id, or an error listing the ids there
    /// are. Use [`Library::get_on`] for the version in force on a date.
    pub fn get(&self, id: &str) -> Result<&Policy, Msg> {
        let lib = self.for_id(id);
        lib.policies.iter().find(|p| p.id == id).ok_or_else(|| {
            let ids: Vec<&str> = lib.policies.iter().map(|p| p.id.as_str()).collect();
            msg!(
                "policy-unknown",
                id = id,
                hint = hint(id, ids.iter().copied()),
                available = lib.ids()
            )
        })
    }

    /// The id of the policy that `text` names: its id, or its title as people read it (of
    /// any version), as a sheet's 办理事项 cell may give it.
    pub fn id_named<'a>(&'a self, text: &'a str) -> &'a str {
        self.all_versions()
            .into_iter()
            .find(|p| p.title == text)
            .map_or(text, |p| p.id.as_str())
    }

    /// The ids of the policies, for messages.
    pub fn ids(&self) -> Vec<String> {
        self.whole().policies.iter().map(|p| p.id.clone()).collect()
    }

    /// The version of the policy in force on `date`: the one with the latest effective
    /// date on or before it. A date before the first version is an error.
    pub fn get_on(&self, id: &str, date: NaiveDate) -> Result<&Policy, Msg> {
        self.get(id)?;
        let versions = self.versions(id);
        versions
            .iter()
            .rev()
            .find(|p| p.effective <= date)
            .copied()
            .ok_or_else(|| {
                let first = versions.first().map(|p| p.effective).unwrap_or(date);
                msg!("policy-not-in-force", id = id, date = date, first = first)
            })
    }
    /// The path of a city, if it has one.
    pub fn path(&self, city: &str) -> Option<&CityPath> {
        self.whole().paths.get(city)
    }

    /// The path of the city that `text` names: its id (`shanghai`), or its name as people
    /// write it (上海市, 上海).
    pub fn path_named(&self, text: &str) -> Option<&CityPath> {
        let text = text.trim();
        self.paths().find(|p| {
            p.city == text || p.city_name == text || p.city_name.trim_end_matches('市') == text
        })
    }

    /// Every city's path, by city.
    pub fn paths(&self) -> impl Iterator<Item = &CityPath> {
        self.whole().paths.values()
    }

    /// A fact some policy asks about.
    pub fn any_fact(&self, key: &str) -> Option<&Fact> {
        self.facts.get(key).or_else(|| self.whole().facts.get(key))
    }

    /// Every declaration of the fact `key`, one per version of every policy that asks it,
    /// in policy order: each policy words its own label, question and choices.
    pub fn declarations<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Fact> + 'a {
        self.all_versions()
            .into_iter()
            .filter_map(move |p| p.facts.iter().find(|f| f.key == key))
    }

    /// The value of the enum fact `key` that `text` names as some policy labels it, when
    /// every policy that uses the label means the same value by it.
    pub fn value_labelled<'a>(&'a self, key: &'a str, text: &str) -> Option<&'a str> {
        let mut found: Option<&str> = None;
        for choice in self.declarations(key).flat_map(|f| f.choices()) {
            if choice.label == text {
                match found {
                    Some(v) if v != choice.value => return None,
                    _ => found = Some(&choice.value),
                }
            }
        }
        found
    }

    /// The directory the policies came from, for messages.
    pub fn root(&self) -> &str {
        &self.root
    }
}

/// The shared files a city's policy or path builds on: `facts.yaml`, then the city's
/// `common.yaml` if it has one.
fn layers<'a>(
    global: &'a ((RawCommon, Lines), String),
    common: Option<&'a ParsedCommon>,
) -> Vec<Layer<'a>> {
    let mut layers = vec![Layer {
        raw: &global.0 .0,
        file: global.1.clone(),
        lines: &global.0 .1,
    }];
    if let Some(((raw, lines), file)) = common {
        layers.push(Layer {
            raw,
            file: file.clone(),
            lines,
        });
    }
    layers
}

/// Every fact some policy or path asks about, by key (the first declaration).
fn every_fact(
    policies: &[Policy],
    older: &[Policy],
    paths: &BTreeMap<String, CityPath>,
) -> BTreeMap<String, Fact> {
    let mut facts = BTreeMap::new();
    let terms = paths.values().map(|p| &p.terms);
    for p in policies.iter().chain(older).chain(terms) {
        for f in &p.facts {
            facts.entry(f.key.clone()).or_insert_with(|| f.clone());
        }
    }
    facts
}

/// Drops a file's byte-order mark, and the files nested too deep to parse (a built-in file
/// with a JSON form was checked when it was made), each told as a problem.
fn readable(
    files: &mut Vec<PolicyFile>,
    fast: bool,
    shown: &dyn Fn(&str) -> String,
    problems: &mut Vec<PolicyError>,
) {
    files.retain_mut(|f| {
        if let Some(text) = f.text.strip_prefix('\u{feff}') {
            f.text = text.to_string();
        }
        if fast && compiled(&f.path, &f.text).is_some() {
            return true;
        }
        if let Err(e) = crate::util::input_text::check_depth(&f.text) {
            problems.push(
                PolicyError::file(&shown(&f.path), ProblemKind::Schema, e.to_string())
                    .at(Some(e.line)),
            );
            return false;
        }
        if let Some((line, tag)) = crate::util::input_text::first_tag(&f.text) {
            let m = crate::msg!("input-yaml-tag", tag = tag.as_str());
            problems.push(
                PolicyError::file_msg(&shown(&f.path), ProblemKind::Schema, m).at(Some(line)),
            );
            return false;
        }
        true
    });
}

/// The newest version of each policy, and the earlier ones; two versions of one policy
/// taking effect on the same day are a problem.
fn by_version(
    mut versions: Vec<(Policy, Lines)>,
    problems: &mut Vec<PolicyError>,
) -> (Vec<Policy>, Vec<Policy>) {
    // Versions of one policy: distinct effective dates, newest last.
    versions.sort_by(|(a, _), (b, _)| (&a.id, a.effective).cmp(&(&b.id, b.effective)));
    let mut policies: Vec<Policy> = Vec::new();
    let mut older: Vec<Policy> = Vec::new();
    for (p, lines) in versions {
        if let Some(prev) = policies.last() {
            if prev.id == p.id {
                if prev.effective == p.effective {
                    problems.push(PolicyError {
                        file: p.file.clone(),
                        line: lines.get(&[Seg::Key("effective".into())]),
                        place: String::new(),
                        message: format!(
                            "another version of `{}` ({}) takes effect on the same day, {}",
                            p.id, prev.file, p.effective
                        ),
                        msg: None,
                        kind: ProblemKind::Version,
                    });
                    continue;
                }
                if let Some(prev) = policies.pop() {
                    older.push(prev);
                }
            }
        }
        policies.push(p);
    }
    (policies, older)
}

impl FactTable for Library {
    fn fact(&self, key: &str) -> Option<&Fact> {
        self.any_fact(key)
    }

    fn keys(&self) -> Vec<&str> {
        self.whole().facts.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests;
