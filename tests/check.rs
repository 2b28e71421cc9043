//! `doclist check` against a broken policy directory for each kind of problem: every
//! problem is found, named with file, line and kind, and nothing else is reported.
//! Each fixture's `EXPECT` lists the lines `check` must print (paths relative to it).

#[path = "common/policies.rs"]
mod policies_copy;

use assert_cmd::Command;
use doclist::model::policy::{Library, ProblemKind};
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
        let wanted: Vec<&str> = expect.lines().filter(|l| !l.is_empty()).collect();
        assert!(!wanted.is_empty(), "{}: EXPECT is empty", dir.display());
        // Notes alone do not fail the check.
        let notes_only = wanted.iter().all(|w| {
            ProblemKind::ALL
                .iter()
                .any(|k| k.is_note() && w.ends_with(&format!("[{}]", k.as_str())))
        });
        assert_eq!(
            code,
            if notes_only { 0 } else { 1 },
            "{}: exit 1 for problems, 0 for notes alone\n{out}{err}",
            dir.display()
        );
        assert!(!err.contains("panicked"), "{err}");
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

fn check_zh(dir: &Path) -> String {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["--lang", "zh", "check", "--policies"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn policy_authors_read_the_problems_in_chinese_with_file_and_line() {
    let dir = Path::new("tests/fixtures/broken");
    let out = check_zh(&dir.join("unknown-fact"));
    assert!(
        out.contains(
            "tests/fixtures/broken/unknown-fact/testcity/permit.yaml:26：规则 `rented`：\
             条件 `hosing == rented and channel == offline`：未知的事实 `hosing`\
             （是否想填“housing”？） [unknown-fact]"
        ),
        "{out}"
    );
    // Every kind the catalogue words: Chinese, with the same file, line and tag as in
    // English.
    for (fixture, words) in [
        ("unknown-value", "不是事实 `housing` 的取值"),
        ("never-fires", "对任何申请人都不成立：这条规则永远不会生效"),
        ("no-source", "没有注明出处（`source`）"),
        ("glyph", "内置字体无法显示“𠀀”（U+20000）"),
        ("undefined-document", "材料 `pasport` 没有定义"),
        ("duplicate-id", "这个 id 用了两次"),
        ("invalid", "level 不能填 `urgent`；可用：block、warn、info"),
        ("uncovered", "没有场景让这条规则生效"),
        ("unused-document", "定义了，但没有规则用到"),
        ("unused-shared-document", "定义了，但没有任何政策的规则用到"),
    ] {
        let out = check_zh(&dir.join(fixture));
        let expect = std::fs::read_to_string(dir.join(fixture).join("EXPECT")).unwrap();
        let first = expect.lines().next().unwrap();
        let (file, rest) = first.split_once(':').unwrap();
        let line = rest.split(':').next().unwrap();
        let tag = first.rsplit(' ').next().unwrap();
        let at = format!("{}/{fixture}/{file}:{line}：", dir.display());
        let found = out
            .lines()
            .find(|l| l.starts_with(&at) && l.ends_with(tag))
            .unwrap_or_else(|| panic!("{fixture}: no line at {at}:\n{out}"));
        assert!(found.contains(words), "{fixture}: {found}");
    }
}

#[test]
fn render_says_a_broken_policy_and_an_unusable_font_in_chinese() {
    let o = Command::cargo_bin("doclist")
        .unwrap()
        .args(["--lang", "zh", "render", "--policies"])
        .arg("tests/fixtures/broken/unknown-fact")
        .arg("tests/fixtures/good/testcity/permit.scenarios.yaml")
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("政策文件有误：tests/fixtures/broken/unknown-fact/testcity/permit.yaml:26：规则 `rented`"),
        "{err}"
    );
    assert!(err.contains("未知的事实 `hosing`"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let font = dir.path().join("not-a-font.ttf");
    std::fs::write(&font, "not a font").unwrap();
    let input = dir.path().join("a.yaml");
    std::fs::write(
        &input,
        "policy: shanghai/residence-registration\nchannel: online\nhousing: rented\n",
    )
    .unwrap();
    for (lang, words) in [
        ("zh", "：不能用作字体：不是 TrueType/OpenType 字体文件"),
        ("en", ": is not a TrueType/OpenType font file"),
    ] {
        let o = Command::cargo_bin("doclist")
            .unwrap()
            .args(["--lang", lang, "render", "--font"])
            .arg(&font)
            .arg(&input)
            .output()
            .unwrap();
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("--font {}{words}", font.display())),
            "{lang}: {err}"
        );
    }
}

/// A copy of the shipped policies with one scenario file changed by `edit`.
fn with_scenarios(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = policies_copy::copy();
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    dir
}

#[test]
fn a_scenario_problem_is_told_at_its_key_and_an_impossible_paper_is_named() {
    let file = "shanghai/permit-reissue.scenarios.yaml";
    let dir = with_scenarios(file, |t| {
        t.replacen(
            "exclude: [rental_registration]",
            "exclude: [rental_registraton]",
            1,
        )
        .replacen(
            "      items: [fast_track_request]",
            "      items: [fast_track_requst]",
            1,
        )
    });
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let problems: Vec<&str> = out.lines().filter(|l| l.ends_with("[scenario]")).collect();
    let excl = format!("{file}:{}:", line_of("rental_registraton"));
    assert!(
        problems.iter().any(|l| l.contains(&excl)
            && l.contains("no rule of this policy lists `rental_registraton`")),
        "{out}"
    );
    let items = format!("{file}:{}:", line_of("fast_track_requst"));
    assert!(
        problems.iter().any(|l| l.contains(&items)
            && l.contains("no rule of this policy lists `fast_track_requst`")),
        "{out}"
    );
    assert!(problems.iter().all(|l| !l.contains("[uncovered]")), "{out}");
}

#[test]
fn a_scenario_file_that_does_not_read_is_told_alone() {
    let file = "hangzhou/residence-registration.scenarios.yaml";
    let dir = with_scenarios(file, |t| t.replacen("    expect:", "    expct:", 1));
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 1);
    let problems: Vec<&str> = out
        .lines()
        .filter(|l| l.ends_with(']') && l.contains(": "))
        .collect();
    assert_eq!(problems.len(), 1, "{out}");
    assert!(
        problems[0].contains(file) && problems[0].contains("expct"),
        "{out}"
    );
}
