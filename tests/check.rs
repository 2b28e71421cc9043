//! `doclist check` against a broken policy directory for each kind of problem: every
//! problem is found, named with file, line and kind, and nothing else is reported.
//! Each fixture's `EXPECT` lists the lines `check` must print (paths relative to it).

use assert_cmd::Command;
use doclist::policy::{Library, ProblemKind};
use std::collections::BTreeSet;
use std::path::Path;

fn check(dir: &Path) -> (i32, String, String) {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["check", "--policies"])
        .arg(dir)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn every_kind_of_problem_is_found_with_file_and_line() {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/fixtures/broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut tags = BTreeSet::new();
    for dir in &dirs {
        let expect = std::fs::read_to_string(dir.join("EXPECT")).unwrap();
        let (code, out, err) = check(dir);
        assert_eq!(
            code,
            1,
            "{}: exit 1 for problems\n{out}{err}",
            dir.display()
        );
        assert!(!err.contains("panicked"), "{err}");
        let wanted: Vec<&str> = expect.lines().filter(|l| !l.is_empty()).collect();
        assert!(!wanted.is_empty(), "{}: EXPECT is empty", dir.display());
        let found: Vec<&str> = out.lines().filter(|l| l.ends_with(']')).collect();
        for w in &wanted {
            let line = format!("{}/{w}", dir.display());
            assert!(
                found.contains(&line.as_str()),
                "{}: `{line}` missing from:\n{out}",
                dir.display()
            );
            // file:line: …
            let (file, rest) = w.split_once(':').unwrap();
            assert!(file.ends_with(".yaml"), "{w}");
            assert!(
                rest.split(':').next().unwrap().parse::<usize>().is_ok(),
                "names a line: {w}"
            );
            tags.insert(
                w.rsplit('[')
                    .next()
                    .unwrap()
                    .trim_end_matches(']')
                    .to_string(),
            );
        }
        assert_eq!(
            found.len(),
            wanted.len(),
            "{}: only the expected problems, not:\n{out}",
            dir.display()
        );
    }
    for kind in ProblemKind::ALL {
        assert!(
            tags.contains(kind.as_str()),
            "no fixture shows a `{}` problem",
            kind.as_str()
        );
    }
}

#[test]
fn the_shipped_policies_and_the_good_fixture_pass() {
    let (code, out, err) = check(Path::new("policies"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("coverage ("), "{out}");
    assert!(err.starts_with("ok: "), "{err}");
    let (code, out, err) = check(Path::new("tests/fixtures/good"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("testcity/permit 2025.1: 2 scenarios; rules 3/3, checks 1/1"));
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .arg("check")
        .output()
        .unwrap();
    assert!(o.status.success(), "the built-in policies pass");
}

#[test]
fn render_refuses_a_broken_policy_with_file_and_line() {
    let err = Library::from_dir(Path::new("tests/fixtures/broken/unknown-fact")).unwrap_err();
    assert_eq!(err.line, Some(26));
    let text = err.to_string();
    assert!(
        text.contains("unknown-fact/testcity/permit.yaml:26: rule `rented`"),
        "{text}"
    );
    assert!(text.contains("unknown fact `hosing`"), "{text}");
    // A rule that can never fire is reported by `check`, but does not stop rendering.
    assert!(Library::from_dir(Path::new("tests/fixtures/broken/never-fires")).is_ok());
}
