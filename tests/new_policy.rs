//! `doclist new`: the skeleton of a new policy passes `doclist check` as written, for a
//! new city and for a city that has policies already; nothing is overwritten.

#[path = "common/policies.rs"]
mod policies_copy;

use assert_cmd::Command;

fn doclist(args: &[&str]) -> (i32, String, String) {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn a_new_city_and_a_new_procedure_pass_check_as_written() {
    let dir = policies_copy::copy();
    let root = dir.path().to_str().unwrap();
    let (code, _, err) = doclist(&[
        "--lang",
        "zh",
        "new",
        "nanjing/residence-permit",
        "--policies",
        root,
        "--city-name",
        "南京市",
        "--title",
        "南京市居住证申领",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nanjing/common.yaml"), "{err}");
    let (code, _, err) = doclist(&["new", "shanghai/kiosk-test", "--policies", root]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("shanghai/common.yaml"), "{err}");
    let (code, out, err) = doclist(&["check", "--policies", root]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("nanjing/residence-permit"), "{out}");
    assert!(out.contains("shanghai/kiosk-test"), "{out}");
    // Every key is commented for the maintainer.
    let policy = std::fs::read_to_string(dir.path().join("nanjing/residence-permit.yaml")).unwrap();
    for key in [
        "id:",
        "facts:",
        "documents:",
        "rules:",
        "checks:",
        "procedure:",
        "sources:",
    ] {
        let at = policy
            .find(&format!("\n{key}"))
            .unwrap_or_else(|| panic!("{key}"));
        let before = &policy[..at];
        assert!(
            before.trim_end().lines().last().unwrap().starts_with('#'),
            "{key} has no comment"
        );
    }
    // The policy renders.
    let input = dir.path().join("a.yaml");
    std::fs::write(
        &input,
        "policy: nanjing/residence-permit\nname: 张三\nchannel: offline\n",
    )
    .unwrap();
    let (code, out, err) = doclist(&["render", input.to_str().unwrap(), "--policies", root]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"city_name\": \"南京市\""), "{out}");
}

#[test]
fn nothing_is_overwritten_and_a_bad_id_is_refused() {
    let dir = policies_copy::copy();
    let root = dir.path().to_str().unwrap();
    let policy = dir.path().join("shanghai/residence-permit.yaml");
    let before = std::fs::read(&policy).unwrap();
    let (code, _, err) = doclist(&[
        "--lang",
        "zh",
        "new",
        "shanghai/residence-permit",
        "--policies",
        root,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("已存在"), "{err}");
    assert_eq!(std::fs::read(&policy).unwrap(), before);
    for bad in ["Shanghai/x", "shanghai", "a/b/c", "a/../b", "上海/x"] {
        let (code, _, err) = doclist(&["--lang", "zh", "new", bad, "--policies", root]);
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("城市/事项"), "{bad}: {err}");
    }
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = doclist(&[
        "--lang",
        "zh",
        "new",
        "a/b",
        "--policies",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("facts.yaml"), "{err}");
}
