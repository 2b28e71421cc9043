//! The rules' fingerprint: the same rules give the same fingerprint however the YAML is
//! laid out; a changed value changes the fingerprint of exactly the policies it reaches;
//! every output names it.

#[path = "common/tools.rs"]
mod tools;

#[path = "common/policies.rs"]
mod policies_copy;

use assert_cmd::Command;
use doclist::model::policy::Library;
use std::collections::BTreeMap;
use std::path::Path;

fn fingerprints(lib: &Library) -> BTreeMap<String, String> {
    lib.all_versions()
        .into_iter()
        .map(|p| (format!("{}@{}", p.id, p.version), p.fingerprint(None)))
        .collect()
}

/// A copy of the shipped policies to edit.
fn copy() -> tempfile::TempDir {
    policies_copy::copy()
}

/// The file with its top-level keys in reverse order, a comment on top, and flow
/// sequences and mappings written out: the same value, laid out otherwise.
fn relaid(text: &str) -> String {
    let value: serde_yaml::Mapping = serde_yaml::from_str(text).unwrap();
    let mut pairs: Vec<_> = value.into_iter().collect();
    pairs.reverse();
    let reversed: serde_yaml::Mapping = pairs.into_iter().collect();
    format!(
        "# laid out anew; nothing in it changed\n{}",
        serde_yaml::to_string(&reversed).unwrap()
    )
}

#[test]
fn built_in_and_on_disk_agree() {
    let built_in = fingerprints(&Library::embedded().unwrap());
    let on_disk = fingerprints(&Library::from_dir(Path::new("policies")).unwrap());
    assert_eq!(built_in, on_disk);
    assert!(built_in
        .values()
        .all(|f| f.len() == 12 && f.chars().all(|c| c.is_ascii_hexdigit())));
    // Different policies have different rules.
    let distinct: std::collections::BTreeSet<&String> = built_in.values().collect();
    assert_eq!(distinct.len(), built_in.len(), "{built_in:?}");
}

#[test]
fn layout_comments_and_key_order_do_not_count() {
    let before = fingerprints(&Library::from_dir(Path::new("policies")).unwrap());
    let dir = copy();
    for file in [
        "facts.yaml",
        "shanghai/common.yaml",
        "shanghai/residence-permit.yaml",
    ] {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, relaid(&text)).unwrap();
    }
    let after = fingerprints(&Library::from_dir(dir.path()).unwrap());
    assert_eq!(before, after);
}

#[test]
fn one_changed_value_changes_exactly_the_policies_it_reaches() {
    let before = fingerprints(&Library::from_dir(Path::new("policies")).unwrap());
    // A value in one policy: only that policy.
    let dir = copy();
    let path = dir.path().join("hangzhou/residence-registration.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    value["title"] = serde_yaml::Value::String("杭州市居住登记（改）".into());
    std::fs::write(&path, serde_yaml::to_string(&value).unwrap()).unwrap();
    let after = fingerprints(&Library::from_dir(dir.path()).unwrap());
    let changed: Vec<&String> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("hangzhou/residence-registration@"));

    // A value in a city's shared file: every policy of that city, no other.
    let dir = copy();
    let path = dir.path().join("shanghai/common.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    value["city_name"] = serde_yaml::Value::String("上海".into());
    std::fs::write(&path, serde_yaml::to_string(&value).unwrap()).unwrap();
    let after = fingerprints(&Library::from_dir(dir.path()).unwrap());
    for (k, f) in &before {
        assert_eq!(
            &after[k] != f,
            k.starts_with("shanghai/"),
            "{k}: {f} → {}",
            after[k]
        );
    }
}

#[test]
fn every_output_names_the_fingerprint() {
    let lib = Library::embedded().unwrap();
    let fp = lib
        .get("shanghai/residence-permit")
        .unwrap()
        .fingerprint(None);
    let render = |format: &str| {
        let o = Command::cargo_bin("doclist")
            .unwrap()
            .args([
                "render",
                "examples/dormitory-employee.yaml",
                "--date",
                "2026-12-07",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let json: serde_json::Value = serde_json::from_slice(&render("json")).unwrap();
    assert_eq!(json["policy"]["fingerprint"], fp.as_str());
    let html = String::from_utf8(render("html")).unwrap();
    assert!(html.contains(&format!("规则指纹 {fp}")), "html");
    let ics = String::from_utf8(render("ics"))
        .unwrap()
        .replace("\r\n ", "");
    assert!(ics.contains(&fp), "ics");
    let listed = Command::cargo_bin("doclist")
        .unwrap()
        .args(["--lang", "zh", "policies"])
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.contains("上海市居住证申领（版本 2023.08-2") && listed.contains(&fp),
        "{listed}"
    );
    if !tools::missing("every_output_names_the_fingerprint", &[tools::PDFTOTEXT]) {
        let text = tools::pdf_bytes_text(&render("pdf"));
        // In every page's footer, and once in the closing note.
        let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
        assert!(pages >= 1);
        assert_eq!(
            text.matches(&format!("规则指纹 {fp}")).count(),
            pages + 1,
            "{text}"
        );
    }
}

#[test]
fn the_summary_names_each_persons_rules() {
    let lib = Library::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.csv");
    let run = |args: &[&str]| {
        let o = Command::cargo_bin("doclist")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&["gen-sheet", "20", sheet.to_str().unwrap()]);
    let out = dir.path().join("out");
    run(&[
        "batch",
        sheet.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-12-07",
        "-q",
    ]);
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (title, version, fp) = (at("办理事项"), at("规则版本"), at("规则指纹"));
    let mut seen = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[fp].is_empty() {
            continue;
        }
        let p = lib
            .policies()
            .iter()
            .find(|p| p.title == cells[title])
            .unwrap_or_else(|| panic!("{line}"));
        assert_eq!(cells[fp], p.fingerprint(None), "{line}");
        assert_eq!(cells[version], p.version, "{line}");
        seen += 1;
    }
    assert!(seen >= 10, "{csv}");
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("（指纹 "), "summary.html names the rules");
}

#[test]
fn the_templates_count_in_the_fingerprint() {
    let render = |templates: Option<&Path>| {
        let mut cmd = Command::cargo_bin("doclist").unwrap();
        cmd.args([
            "render",
            "examples/dormitory-employee.yaml",
            "--date",
            "2026-12-07",
        ]);
        if let Some(t) = templates {
            cmd.arg("--templates").arg(t);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        json["policy"]["fingerprint"].as_str().unwrap().to_string()
    };
    let built_in = render(None);
    // An override folder that changes nothing: the digest made at run time is the one
    // made at build time.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(render(Some(empty.path())), built_in);
    let same = tempfile::tempdir().unwrap();
    std::fs::copy(
        "templates/checklist.html",
        same.path().join("checklist.html"),
    )
    .unwrap();
    assert_eq!(render(Some(same.path())), built_in);
    // One changed template: another fingerprint.
    let changed = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("templates/checklist.html").unwrap();
    std::fs::write(
        changed.path().join("checklist.html"),
        text.replacen("<h1", "<!-- 本单位 -->\n<h1", 1),
    )
    .unwrap();
    assert_ne!(render(Some(changed.path())), built_in);
}
