//! The xlsx sheet templates, filled as an HR clerk fills them: only from their own
//! drop-down lists, with openpyxl (`tests/sheets/fill_template.py`), then read by `batch`.
//! Every row of every policy's template must make a checklist, and so must a mixed sheet
//! whose rows each take their own policy's words.

#[path = "common/tools.rs"]
mod tools;
use tools::PYTHON3;

use assert_cmd::Command;
use doclist::frontend::batch::template;
use doclist::model::policy::Library;
use std::path::{Path, PathBuf};

const ROWS: usize = 12;
const DATE: &str = "2026-12-06";

/// True (after saying so) when python3 or its openpyxl module is missing.
fn no_openpyxl(test: &str) -> bool {
    tools::missing_python_module(test, "openpyxl", "python3-openpyxl")
}

fn write_template(dir: &Path, lib: &Library, policy: Option<&str>) -> PathBuf {
    let name = policy.map_or("all".to_string(), |p| p.replace('/', "_"));
    let path = dir.join(format!("{name}.xlsx"));
    std::fs::write(&path, template::xlsx(lib, policy).unwrap()).unwrap();
    path
}

fn fill(template: &Path, out: &Path, per_policy: &[String]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sheets/fill_template.py");
    let run = tools::command(PYTHON3)
        .arg(script)
        .arg(template)
        .arg(out)
        .arg(ROWS.to_string())
        .args(per_policy)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "fill_template.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs `batch` on a filled sheet and asserts every row made a checklist.
fn assert_every_row_good(sheet: &Path, policy: Option<&str>, what: &str) {
    let out = sheet.with_extension("out");
    let mut cmd = Command::cargo_bin("doclist").unwrap();
    cmd.arg("batch")
        .arg(sheet)
        .arg("--out-dir")
        .arg(&out)
        .args(["--format", "json", "-q", "--date", DATE, "--lang", "zh"]);
    if let Some(p) = policy {
        cmd.args(["--policy", p]);
    }
    let run = cmd.output().unwrap();
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap_or_default();
    assert!(
        run.status.success() && errors.lines().count() == 1,
        "{what}: rows refused\n{errors}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), ROWS + 1, "{what}: {summary}");
    let made = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(made, ROWS, "{what}");
}

#[test]
fn every_policy_template_filled_from_its_own_drop_downs_is_read_whole() {
    if no_openpyxl("every_policy_template_filled_from_its_own_drop_downs_is_read_whole") {
        return;
    }
    let lib = Library::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for id in lib.ids() {
        let template = write_template(dir.path(), &lib, Some(&id));
        let filled = template.with_extension("filled.xlsx");
        fill(&template, &filled, &[]);
        assert_every_row_good(&filled, Some(&id), &id);
    }
}

#[test]
fn a_mixed_sheet_takes_each_policy_by_its_title_and_in_its_own_words() {
    if no_openpyxl("a_mixed_sheet_takes_each_policy_by_its_title_and_in_its_own_words") {
        return;
    }
    let lib = Library::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mixed = write_template(dir.path(), &lib, None);
    let per_policy: Vec<String> = lib
        .policies()
        .iter()
        .map(|p| {
            let own = write_template(dir.path(), &lib, Some(&p.id));
            format!("{}={}", p.title, own.display())
        })
        .collect();
    let filled = mixed.with_extension("filled.xlsx");
    fill(&mixed, &filled, &per_policy);
    assert_every_row_good(&filled, None, "the template of every policy");
}

#[test]
fn every_label_any_policy_shows_is_a_header_and_names_one_value() {
    use doclist::frontend::batch::columns::Columns;
    use doclist::model::expr::FactTable;
    let lib = Library::embedded().unwrap();
    for p in lib.all_versions() {
        for f in p.asked_facts() {
            let columns = Columns::from_headers(std::slice::from_ref(&f.label), &lib)
                .unwrap_or_else(|e| panic!("{}: header {} refused: {e}", p.id, f.label));
            assert_eq!(columns.position(&f.key), Some(0), "{}: {}", p.id, f.label);
            for c in f.choices() {
                assert_eq!(
                    lib.value_labelled(&f.key, &c.label),
                    Some(c.value.as_str()),
                    "{}: {} = {} means two values",
                    p.id,
                    f.key,
                    c.label
                );
            }
        }
    }
    assert!(lib.fact("permit_expiry").is_some());
}

#[test]
fn a_row_may_use_another_policys_label_for_a_value_its_policy_has() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.csv");
    // 租赁房（国有土地） is Hangzhou's label for `rented`; 居住证有效期截止日 and
    // 已通过自动签注但卡面未更新 are Shanghai's headers; 自助机办理 is not Hangzhou's.
    std::fs::write(
        &sheet,
        "办理事项,姓名,居住情况,居住证有效期截止日,已通过自动签注但卡面未更新,办理途径\n\
         上海市居住登记申报,张三,租赁房（国有土地）,,,\n\
         上海市居住证签注,李四,本人租赁住房,2027-01-10,否,窗口办理\n\
         杭州市居住登记,王五,本人租赁住房,,,\n\
         hangzhou/residence-permit,赵六,单位宿舍,,,自助机办理\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = Command::cargo_bin("doclist")
        .unwrap()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .args(["--format", "json", "-q", "--date", DATE, "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert_eq!(errors.lines().count(), 2, "{errors}");
    assert!(
        errors.contains("赵六") && errors.contains("自助机办理"),
        "{errors}"
    );
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("00002-张三.json")).unwrap())
            .unwrap();
    assert_eq!(first["policy"]["id"], "shanghai/residence-registration");
    let housing = first["applicant"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "housing")
        .unwrap();
    assert_eq!(housing["value"], "rented");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("上海市居住证签注"),
        "the title, as people know it: {summary}"
    );
}
