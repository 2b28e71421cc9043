//! Loading the cities' paths (`<city>/path.yaml`) once their policies are loaded: a path's
//! steps name those policies.

use super::files::{digest, parse, path_city_of, PolicyFile};
use super::ParsedCommon;
use crate::model::policy::build::{build_path, Place};
use crate::model::policy::fingerprint::rules_digest;
use crate::model::policy::lines::Lines;
use crate::model::policy::path::Path;
use crate::model::policy::problem::PolicyError;
use crate::model::policy::raw::{RawCommon, RawPath};
use crate::model::policy::shared::Shared;
use crate::model::policy::Policy;
use std::collections::BTreeMap;

/// What the paths are loaded with: the shared files and the policies already loaded.
pub(super) struct Context<'a> {
    pub fast: bool,
    pub shown: &'a dyn Fn(&str) -> String,
    pub global: &'a ((RawCommon, Lines), String),
    pub cities: &'a BTreeMap<String, Option<ParsedCommon>>,
    pub policies: &'a [Policy],
    /// The ids of every policy file given, loaded or not: a step may name a policy that
    /// is there but did not load (its problems are told).
    pub present: &'a [String],
    /// The digests of `facts.yaml` and of each city's `common.yaml`.
    pub digests: (&'a [u8; 32], &'a BTreeMap<String, [u8; 32]>),
}

/// Every city's path that loads; each problem goes to `problems`. Without the shared
/// facts file (`cx` none) there are none.
pub(super) fn load(
    files: &[PolicyFile],
    cx: Option<Context<'_>>,
    problems: &mut Vec<PolicyError>,
) -> BTreeMap<String, Path> {
    let mut paths = BTreeMap::new();
    let Some(cx) = cx else {
        return paths;
    };
    for f in files {
        let Some(city) = path_city_of(&f.path) else {
            continue;
        };
        let common = match cx.cities.get(city) {
            Some(None) => continue,
            Some(Some(c)) => Some(c),
            None => None,
        };
        let file = (cx.shown)(&f.path);
        let raw: RawPath = match parse(f, cx.fast) {
            Ok(r) => r,
            Err(e) => {
                problems.push(PolicyError::yaml(&file, &e, &f.text));
                continue;
            }
        };
        let lines = Lines::new(&f.text);
        let layers = super::layers(cx.global, common);
        let city_name = common
            .and_then(|c| c.0 .0.city_name.clone())
            .unwrap_or_else(|| city.to_string());
        let place = Place {
            city,
            city_name: &city_name,
            file: &file,
            lines: &lines,
            policies: cx.policies,
            present: cx.present,
        };
        let (mut path, found) = build_path(raw, &Shared { layers }, &place);
        path.terms.rules_digest = rules_digest(
            cx.digests.0,
            cx.digests.1.get(city),
            &digest(f, cx.fast).unwrap_or_default(),
        );
        let blocked = found.iter().any(|p| p.kind.blocks_loading());
        problems.extend(found);
        if !blocked {
            paths.insert(city.to_string(), path);
        }
    }
    paths
}
