//! Rebuild when a policy or template file is added, changed or removed: they are built
//! into the binary.
//!
//! The built-in policy files are also written here as JSON (`$OUT_DIR/policies-json`),
//! listed in `$OUT_DIR/compiled_policies.rs`: JSON deserialises several times faster
//! than YAML, so a process reads its policy from that form (see `policy::library`). A
//! file goes in only when it is within the nesting bounds the run-time reader checks
//! (`input_text::check_depth`, the same code), its YAML parses and its JSON reads back
//! to the very same value; any other file is read from its YAML, which also reports its
//! problems. Beside each goes the file's canonical digest (`policy::fingerprint`, the same
//! code), so that a process need not hash the built-in files to name their rules.
#[allow(dead_code)]
#[path = "src/model/policy/fingerprint.rs"]
mod fingerprint;
#[allow(dead_code)]
#[path = "src/util/input_text.rs"]
mod input_text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=fonts");
    println!("cargo:rerun-if-changed=src/util/input_text.rs");
    println!("cargo:rerun-if-changed=src/model/policy/fingerprint.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let json_dir = out.join("policies-json");
    let _ = std::fs::remove_dir_all(&json_dir);
    std::fs::create_dir_all(&json_dir).expect("policies-json");
    let mut files = Vec::new();
    collect(Path::new("policies"), Path::new("policies"), &mut files);
    files.sort();
    let mut list = String::from(
        "/// The built-in policy files (path, as in `policies/`) that have a JSON form, with\n\
         /// their canonical digests.\n\
         static COMPILED: &[(&str, &str, [u8; 32])] = &[\n",
    );
    for (n, (rel, path)) in files.iter().enumerate() {
        let Some(json) = json_form(path) else {
            continue;
        };
        let Some(digest) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| fingerprint::file_digest(&t))
        else {
            continue;
        };
        let file = json_dir.join(format!("{n}.json"));
        std::fs::write(&file, json).expect("write JSON form");
        writeln!(
            list,
            "    ({rel:?}, include_str!({:?}), {digest:?}),",
            file.display().to_string()
        )
        .expect("string");
    }
    list.push_str("];\n");
    std::fs::write(out.join("compiled_policies.rs"), list).expect("compiled_policies.rs");
    let digest = templates_digest(Path::new("templates"));
    std::fs::write(out.join("templates_digest.rs"), format!("{digest:?}\n"))
        .expect("templates_digest.rs");
}

/// The digest of the built-in templates (`policy::fingerprint::templates_digest` over
/// every text file under `dir`, by its name there).
fn templates_digest(dir: &Path) -> [u8; 32] {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, text));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    fingerprint::templates_digest(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// Every policy file (`*.yaml`, not `*.scenarios.yaml`) under `dir`: its path relative to
/// `root` with `/` separators, and its path.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        let name = path.to_string_lossy();
        if name.ends_with(".yaml") && !name.ends_with(".scenarios.yaml") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

/// The file's YAML as JSON, when it parses and its JSON reads back to the same value.
fn json_form(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    if text.starts_with('\u{feff}') || input_text::check_depth(&text).is_err() {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let json = serde_json::to_string(&value).ok()?;
    let back: serde_yaml::Value = serde_json::from_str(&json).ok()?;
    (back == value).then_some(json)
}
