//! `batch --shard K/N` and `doclist join`: the shards of a sheet together make the same
//! checklists as one run, and the join makes the same summary, error list, calendar and
//! merge file.

#[path = "common/mixed_sheet.rs"]
mod mixed_sheet;
#[path = "common/tools.rs"]
mod tools;
use mixed_sheet::mixed_sheet;
use tools::{pdf_pages, PDFINFO, PDFTOTEXT, QPDF};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MERGED: &str = "合并打印.pdf";

fn sheet(dir: &Path, n: usize) -> PathBuf {
    mixed_sheet(dir, n, 11, 4)
}

fn doclist(args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("doclist"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

fn batch(sheet: &Path, out: &Path, extra: &[&str]) -> Output {
    let merged = out.join(MERGED);
    let mut args = vec![
        "batch",
        sheet.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--date",
        "2026-11-23",
        "--jobs",
        "2",
        "--quiet",
        "--merge",
        merged.to_str().unwrap(),
    ];
    args.extend(extra);
    doclist(&args)
}

/// The checklists of a run's directory: name → bytes.
fn checklists(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| p.file_name().unwrap() != MERGED)
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_shards_make_the_same_files_as_one_run_and_the_join_the_same_summaries() {
    let name = "the_shards_make_the_same_files_as_one_run_and_the_join_the_same_summaries";
    if tools::missing(name, &[PDFINFO, PDFTOTEXT, QPDF]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 40);
    let whole = dir.path().join("whole");
    let o = batch(&sheet, &whole, &[]);
    assert_eq!(o.status.code(), Some(1), "bad rows: {}", stderr(&o));
    let all = checklists(&whole);
    assert!(all.len() > 30);

    let n = 3;
    let mut shards = Vec::new();
    let mut union = BTreeMap::new();
    for k in 0..n {
        let out = dir.path().join(format!("shard{k}"));
        let o = batch(&sheet, &out, &["--shard", &format!("{k}/{n}")]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        for (file, bytes) in checklists(&out) {
            // The file name starts with the row number: it is this shard's row.
            let row: usize = file[..5].parse().unwrap();
            assert_eq!(row % n, k, "{file} is in shard {k}/{n}");
            assert!(union.insert(file.clone(), bytes).is_none(), "{file} twice");
        }
        shards.push(out);
    }
    assert_eq!(
        union.keys().collect::<Vec<_>>(),
        all.keys().collect::<Vec<_>>(),
        "the shards make the same people under the same names"
    );
    for (file, bytes) in &union {
        assert!(bytes == &all[file], "{file} is the same as in one run");
    }

    // Joined in any order, the shards give one run's files.
    let joined = dir.path().join("joined");
    let mut args = vec!["join", "--out-dir", joined.to_str().unwrap()];
    args.extend(shards.iter().rev().map(|p| p.to_str().unwrap()));
    let o = doclist(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in ["summary.csv", "errors.csv", "calendar.ics", "summary.html"] {
        let a = std::fs::read_to_string(whole.join(file)).unwrap();
        let b = std::fs::read_to_string(joined.join(file)).unwrap();
        assert!(a == b, "{file} differs:\n{a}\n---\n{b}");
    }
    let errors = std::fs::read_to_string(joined.join("errors.csv")).unwrap();
    assert!(errors.lines().count() > 3, "{errors}");

    // The merge file: valid, the same pages and text as one run's, bookmarks and all.
    let (a, b) = (whole.join(MERGED), joined.join(MERGED));
    tools::stdout(QPDF, &["--check".as_ref(), b.as_os_str()]);
    assert_eq!(pdf_pages(&a), pdf_pages(&b));
    assert_eq!(
        tools::pdftotext(&["-layout"], &a),
        tools::pdftotext(&["-layout"], &b)
    );
    let title = tools::stdout(PDFINFO, &[&b]);
    assert!(
        title.contains(&format!("材料清单 {} 人 · 2026-11-23", all.len())),
        "{title}"
    );
    let outline = |f: &Path| {
        let doc = lopdf::Document::load(f).unwrap();
        doc.get_toc()
            .map(|t| t.toc.into_iter().map(|e| e.title).collect::<Vec<_>>())
    };
    if let (Ok(x), Ok(y)) = (outline(&a), outline(&b)) {
        assert_eq!(x, y);
        assert_eq!(x.len(), all.len());
    }

    // With --duplex the join pads between people itself.
    let padded = dir.path().join("padded");
    let mut args = vec!["join", "--duplex", "--out-dir", padded.to_str().unwrap()];
    args.extend(shards.iter().map(|p| p.to_str().unwrap()));
    assert_eq!(doclist(&args).status.code(), Some(0));
    let duplex = dir.path().join("duplex");
    batch(&sheet, &duplex, &["--duplex"]);
    assert_eq!(
        pdf_pages(&duplex.join(MERGED)),
        pdf_pages(&padded.join(MERGED))
    );
}

#[test]
fn a_bad_shard_is_a_clear_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 3);
    for bad in ["3/3", "1/0", "x/2", "1", "-1/2"] {
        let out = dir.path().join("out");
        let o = batch(&sheet, &out, &[&format!("--shard={bad}")]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("--shard") && e.contains("K/N") && e.contains(bad),
            "{e}"
        );
        assert!(!out.exists(), "nothing is written for {bad}");
    }
}

#[test]
fn join_refuses_missing_repeated_and_damaged_shards() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet(dir.path(), 6);
    let shard = |k: usize| {
        let out = dir.path().join(format!("s{k}"));
        batch(&sheet, &out, &["--shard", &format!("{k}/2")]);
        out
    };
    let (s0, s1) = (shard(0), shard(1));
    let joined = dir.path().join("j");
    let join = |dirs: &[&Path]| {
        let mut args = vec!["join", "--out-dir", joined.to_str().unwrap()];
        args.extend(dirs.iter().map(|p| p.to_str().unwrap()));
        doclist(&args)
    };
    let o = join(&[&s0]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("缺少分片：1/2"), "{}", stderr(&o));
    let o = join(&[&s0, &s0]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("0/2"), "{}", stderr(&o));
    assert!(!joined.join("summary.csv").exists());

    // A damaged shard file names its line.
    let file = s1.join("shard.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"person\": 12";
    std::fs::write(&file, lines.join("\n")).unwrap();
    let o = join(&[&s0, &s1]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("shard.jsonl 第 3 行"), "{}", stderr(&o));

    // A line too long to be a person's is refused before it is read whole.
    std::fs::write(&file, format!("{}\n{}\n", lines[0], "x".repeat(3 << 20))).unwrap();
    let o = join(&[&s0, &s1]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 2 行"), "{}", stderr(&o));

    // A merge file that is not one of doclist's: a clear error, no joined merge file.
    std::fs::write(&file, text).unwrap();
    for junk in [
        b"%PDF-1.4\nnot really".to_vec(),
        b"startxref\n99999999999\n%%EOF".to_vec(),
        {
            let mut v = std::fs::read(s1.join(MERGED)).unwrap();
            let cut = v.len() / 2;
            v.drain(cut..cut + 100);
            v
        },
        b"xref\n0 999999999\nstartxref\n0\n%%EOF".to_vec(),
    ] {
        std::fs::write(s1.join(MERGED), &junk).unwrap();
        let o = join(&[&s0, &s1]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(MERGED), "{}", stderr(&o));
        assert!(!joined.join(MERGED).exists());
    }
}

#[test]
fn join_refuses_shards_that_do_not_belong_together_or_were_changed() {
    let dir = tempfile::tempdir().unwrap();
    let sheet_a = sheet(dir.path(), 6);
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let sheet_b = mixed_sheet(&other, 9, 11, 4);
    let shard = |sheet: &Path, name: &str, k: usize, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec!["--shard".to_string(), format!("{k}/2")];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = batch(sheet, &out, &args);
        assert!(
            o.status.success() || o.status.code() == Some(1),
            "{}",
            stderr(&o)
        );
        out
    };
    let s0 = shard(&sheet_a, "a0", 0, &[]);
    let s1 = shard(&sheet_a, "a1", 1, &[]);
    let joined = dir.path().join("j");
    let join = |dirs: &[&Path]| {
        let mut args = vec!["join", "--out-dir", joined.to_str().unwrap()];
        args.extend(dirs.iter().map(|p| p.to_str().unwrap()));
        doclist(&args)
    };
    let refused = |o: Output, words: &str| {
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(words), "{words}: {}", stderr(&o));
        assert!(!joined.exists(), "nothing is written");
    };
    // A shard of another sheet, and one made with other options.
    refused(join(&[&s0, &shard(&sheet_b, "b1", 1, &[])]), "SHEET");
    refused(
        join(&[&s0, &shard(&sheet_a, "d1", 1, &["--no-forms"])]),
        "--no-forms",
    );
    // A person's line deleted, or repeated.
    let file = s1.join("shard.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let without: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| *l)
        .collect();
    std::fs::write(&file, without.join("\n") + "\n").unwrap();
    refused(join(&[&s0, &s1]), "实际有");
    let mut twice = lines.clone();
    twice.insert(1, lines[1]);
    std::fs::write(&file, twice.join("\n") + "\n").unwrap();
    refused(join(&[&s0, &s1]), "实际有");
    // A row moved to the other shard.
    let mut person: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    let kind = if person.get("person").is_some() {
        "person"
    } else {
        "failed"
    };
    let row = person[kind]["row"].as_u64().unwrap();
    person[kind]["row"] = serde_json::json!(row + 1);
    let moved = person.to_string();
    let mut changed = lines.clone();
    changed[1] = &moved;
    std::fs::write(&file, changed.join("\n") + "\n").unwrap();
    refused(join(&[&s0, &s1]), "不属于分片 1/2");
    // A shard cut short (its batch killed before the end).
    std::fs::write(&file, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    refused(join(&[&s0, &s1]), "没有最后一行");
    // The merge file of the other shard copied in.
    std::fs::write(&file, &text).unwrap();
    std::fs::copy(s0.join(MERGED), s1.join(MERGED)).unwrap();
    refused(join(&[&s0, &s1]), "不是它的分片写出的合并打印文件");
}
