//! A checklist's fingerprint: a short name for exactly the rules it was made by — the
//! policy file, its city's shared file, the facts file and the templates — so that a
//! printed sheet says which rules produced it, and `doclist diff` which two rule sets it
//! compares.
//!
//! Each policy file is hashed in a canonical form: its YAML read as a value (comments,
//! layout, quoting and key order gone) and written as JSON with its keys sorted.
//! Reformatting a file keeps its fingerprint; a change in any value changes it. The
//! templates are hashed as they are, by name; the built-in ones' digest is made at build
//! time.

use sha2::{Digest, Sha256};

/// Hex digits of the fingerprint as printed.
pub const SHORT: usize = 12;

/// The canonical digest of one policy file's text, or `None` when it is not YAML (such a
/// file never loads).
pub fn file_digest(text: &str) -> Option<[u8; 32]> {
    let value: serde_json::Value = serde_yaml::from_str(text).ok()?;
    Some(value_digest(&value))
}

/// The canonical digest of a file already read as a JSON value.
pub fn value_digest(value: &serde_json::Value) -> [u8; 32] {
    let mut hasher = Sha256::new();
    canonical(value, &mut hasher);
    hasher.finalize().into()
}

/// Writes `value` into the hash with object keys in sorted order, whatever order the map
/// keeps them in.
fn canonical(value: &serde_json::Value, h: &mut Sha256) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            h.update(b"{");
            for k in keys {
                canonical(&Value::String(k.clone()), h);
                h.update(b":");
                canonical(&map[k], h);
                h.update(b",");
            }
            h.update(b"}");
        }
        Value::Array(items) => {
            h.update(b"[");
            for v in items {
                canonical(v, h);
                h.update(b",");
            }
            h.update(b"]");
        }
        other => h.update(other.to_string().as_bytes()),
    }
}

/// The digest of a policy's rules from the digests of its files (the facts file, its
/// city's shared file if it has one, the policy file).
pub fn rules_digest(facts: &[u8; 32], shared: Option<&[u8; 32]>, policy: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"doclist rules 1\0");
    h.update(facts);
    h.update(shared.map_or(&[0u8; 32][..], |s| &s[..]));
    h.update(policy);
    h.finalize().into()
}

/// The digest of a set of templates: each name and text, in name order.
pub fn templates_digest<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> [u8; 32] {
    let mut files: Vec<(&str, &str)> = files.collect();
    files.sort();
    let mut h = Sha256::new();
    h.update(b"doclist templates 1\0");
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update(b"\0");
        h.update(text.as_bytes());
        h.update(b"\0");
    }
    h.finalize().into()
}

/// The fingerprint as printed: [`SHORT`] lowercase hex digits over the rules' digest and
/// the templates' digest.
pub fn fingerprint(rules: &[u8; 32], templates: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(rules);
    h.update(templates);
    let digest: [u8; 32] = h.finalize().into();
    digest[..SHORT / 2]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(text: &str) -> String {
        let d = file_digest(text).unwrap();
        fingerprint(&rules_digest(&d, None, &d), &[0; 32])
    }

    #[test]
    fn layout_comments_and_key_order_keep_it() {
        let a = "id: x\nrules:\n  - id: a\n    when: age < 16\n    items: [id_card]\n";
        let b = "# a comment\nrules:\n- items:\n  - id_card   # the card\n  when: 'age < 16'\n  id: a\nid: \"x\"\n";
        assert_eq!(fp(a), fp(b));
        assert_eq!(fp(a).len(), SHORT);
    }

    #[test]
    fn any_change_in_a_value_changes_it() {
        let a = "id: x\nrules:\n  - id: a\n    when: age < 16\n    items: [id_card]\n";
        for changed in [
            "id: x\nrules:\n  - id: a\n    when: age < 15\n    items: [id_card]\n",
            "id: x\nrules:\n  - id: a\n    when: age < 16\n    items: [id_card, photo]\n",
            "id: x\nrules:\n  - id: a\n    when: age < 16\n    items: [id_card]\n    copies: 2\n",
            "id: x\nrules:\n  - id: a\n    when: age < 16\n    items: [id_card]\n  - id: b\n    items: [x]\n",
        ] {
            assert_ne!(fp(a), fp(changed), "{changed}");
        }
        // Quoting a number makes it text: a change in meaning.
        assert_ne!(fp("copies: 2\n"), fp("copies: '2'\n"));
    }

    #[test]
    fn each_file_counts_in_its_place() {
        let a = file_digest("a: 1\n").unwrap();
        let b = file_digest("a: 2\n").unwrap();
        assert_ne!(rules_digest(&a, None, &b), rules_digest(&b, None, &a));
        assert_ne!(rules_digest(&a, Some(&a), &b), rules_digest(&a, None, &b));
    }

    #[test]
    fn templates_count_by_name_and_text_in_any_order() {
        let one = [("a.html", "x"), ("b.html", "y")];
        let other = [("b.html", "y"), ("a.html", "x")];
        let d = |f: &[(&'static str, &'static str)]| templates_digest(f.iter().copied());
        assert_eq!(d(&one), d(&other));
        assert_ne!(d(&one), d(&[("a.html", "x"), ("b.html", "z")]));
        assert_ne!(d(&one), d(&[("a.html", "xb.html"), ("", "y")]));
        let r = [1; 32];
        assert_ne!(
            fingerprint(&r, &d(&one)),
            fingerprint(&r, &d(&[("a.html", "x")]))
        );
    }
}
