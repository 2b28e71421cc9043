//! `doclist interview` driven through piped standard input, as a test or a script would:
//! the answers file it writes renders to the same checklist, bad answers are asked again,
//! and an interview that stops writes nothing.

use assert_cmd::Command;
use std::path::Path;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `doclist interview ARGS` in `dir` with `input` on standard input.
fn interview(dir: &Path, args: &[&str], input: &str) -> Run {
    let o = doclist()
        .current_dir(dir)
        .arg("interview")
        .args(["--date", "2026-11-23"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: o.stdout,
        stderr,
    }
}

/// Shanghai permit, offline, address changed to a relative's flat; the first birth date is
/// impossible and must be asked again. The 亲属关系承诺书 is printed, so the relationship
/// and the owner's name are asked last.
const PERMIT: &str = "李小雨\n1990-02-30\n1990-01-30\n窗口办理\n2026-01-05\n是\n近亲属自购住房\n1\n12\n否\n\n\n子女\n李大山\n";

#[test]
fn the_answers_file_renders_to_the_same_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{PERMIT}y\n");
    let run = interview(
        dir.path(),
        &[
            "--policy",
            "shanghai/residence-permit",
            "--answers",
            "answers.yaml",
            "-o",
            "checklist.json",
        ],
        &input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The impossible date is refused with the reason, and the question comes again.
    assert!(
        run.stderr
            .contains("出生日期“1990-02-30”不是真实存在的日期（日历上没有这一天）"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("申请人的出生日期？").count(), 2);
    // Only questions that matter: the address changed, so housing was asked; an
    // employee with 12 months of insurance is never asked the degree.
    assert!(run.stderr.contains("您现在住在哪里？"), "{}", run.stderr);
    assert!(!run.stderr.contains("最高学历"), "{}", run.stderr);
    assert!(run.stderr.contains("请核对您的回答："), "{}", run.stderr);
    assert!(
        run.stderr.contains("居住情况：近亲属自购住房"),
        "{}",
        run.stderr
    );

    let yaml = std::fs::read_to_string(dir.path().join("answers.yaml")).unwrap();
    assert!(yaml.contains("policy: shanghai/residence-permit"), "{yaml}");
    assert!(yaml.contains("housing: relative_owned"), "{yaml}");
    assert!(yaml.contains("birth_date: 1990-01-30"), "{yaml}");
    // The facts of the 亲属关系承诺书 were asked, and kept.
    assert!(
        run.stderr.contains("产权人（或承租人）叫什么名字？"),
        "{}",
        run.stderr
    );
    assert!(yaml.contains("relationship: child"), "{yaml}");
    assert!(yaml.contains("owner_name: 李大山"), "{yaml}");
    let written = std::fs::read(dir.path().join("checklist.json")).unwrap();
    let again = doclist()
        .current_dir(dir.path())
        .args(["render", "answers.yaml", "--date", "2026-11-23"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{:?}", again);
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        String::from_utf8(written).unwrap()
    );
}

#[test]
fn without_a_policy_the_city_and_procedure_are_asked_and_the_name_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // 上海市 → 上海市居住证申领, then the same answers; the checklist goes to stdout.
    let input = format!("上海市\nshanghai/residence-permit\n{PERMIT}\n");
    let run = interview(dir.path(), &[], &input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("您要在哪个城市办理？"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("您要办理哪一项？"), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(json["policy"]["id"], "shanghai/residence-permit");
    assert_eq!(json["applicant"]["name"], "李小雨");
    assert!(dir.path().join("李小雨.yaml").exists());
    // A second run never overwrites the first answers.
    let run = interview(dir.path(), &[], &input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("李小雨-2.yaml").exists(), "{}", run.stderr);
}

#[test]
fn a_correction_at_the_summary_drops_the_answers_that_no_longer_matter() {
    let dir = tempfile::tempdir().unwrap();
    // At the summary, change 现住址与居住登记地址不一致 (a label) to 否; housing is dropped.
    let input = format!("{PERMIT}现住址与居住登记地址不一致\n否\ny\n");
    let run = interview(
        dir.path(),
        &[
            "--policy",
            "shanghai/residence-permit",
            "--answers",
            "a.yaml",
        ],
        &input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("已删除：居住情况"), "{}", run.stderr);
    let yaml = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(yaml.contains("address_changed: false"), "{yaml}");
    assert!(!yaml.contains("housing"), "{yaml}");
}

#[test]
fn input_that_ends_early_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = interview(
        dir.path(),
        &[
            "--policy",
            "shanghai/residence-permit",
            "--answers",
            "a.yaml",
            "-o",
            "c.json",
        ],
        "李小雨\n1990-01-30\n",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: standard input ended before the interview was finished"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn giving_up_at_the_summary_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{PERMIT}q\n");
    let run = interview(
        dir.path(),
        &["--policy", "shanghai/residence-permit"],
        &input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("已放弃"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unknown_policy_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let run = interview(dir.path(), &["--policy", "shanghai/residence-permt"], "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--policy"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("？"),
        "no question was asked: {}",
        run.stderr
    );
}

#[test]
fn a_pdf_goes_beside_the_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = "\n1990-01-30\n线上办理\n本人租赁住房\n\ny\n";
    let run = interview(
        dir.path(),
        &[
            "--policy",
            "shanghai/residence-registration",
            "--format",
            "pdf",
        ],
        input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = std::fs::read(dir.path().join("applicant.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(dir.path().join("applicant.yaml").exists());
}

#[test]
fn the_trustee_and_owner_are_asked_and_fill_the_printed_forms() {
    let dir = tempfile::tempdir().unwrap();
    // An old person whose son acts for her and owns the flat; the son's ID number is
    // mistyped once (check digit) and asked again.
    let input = "王秀英\n1950-03-02\n线上办理\n近亲属自购住房\n近亲属代办\n否\n是\n\
                 王小明\n340102201603020122\n340102201603020121\n表兄弟\n子女\n王小明\ny\n";
    let run = interview(
        dir.path(),
        &[
            "--policy",
            "shanghai/residence-registration",
            "--format",
            "html",
            "-o",
            "c.html",
        ],
        input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for question in [
        "受托人）叫什么名字？",
        "受托人的18位居民身份证号码是多少？",
        "是申请人的什么人？",
        "产权人（或承租人）叫什么名字？",
    ] {
        assert!(run.stderr.contains(question), "{question}: {}", run.stderr);
    }
    assert!(
        run.stderr
            .contains("受托人身份证号第18位校验码应为 1，请核对是否有数字输错"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("近亲属包括"), "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("c.html")).unwrap();
    assert!(html.contains("委托书") && html.contains("亲属关系承诺书"));
    assert!(html.contains("王小明"), "the trustee and owner's name");
    assert!(
        !html.contains("3401**********0121"),
        "a masked number is a line to write on"
    );
    assert!(!html.contains("340102201603020121"), "never in full");
    assert!(html.contains(">子女<") || html.contains("子女"));
}

#[test]
fn without_a_policy_the_whole_path_is_offered_and_asks_only_what_decides_it() {
    let dir = tempfile::tempdir().unwrap();
    // 上海市 → the last choice, the whole path; name, then only 目前办到哪一步.
    let input = "上海市\n不知道该办哪一项？看完整的办理路径：每一步和它的日期\n李明\n还没有办理居住登记\ny\n";
    let run = interview(dir.path(), &["--answers", "plan.yaml"], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("您现在办到哪一步了？"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("居住登记是哪一天办理的？"),
        "the plan sets that date: {}",
        run.stderr
    );
    let plan: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let ids: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["registration", "permit", "endorsement"]);
    assert_eq!(plan["steps"][1]["date"], "2027-05-23");
    // The answers file names the city and makes the same plan again.
    let yaml = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    assert!(
        yaml.contains("city: shanghai") && yaml.contains("doclist plan"),
        "{yaml}"
    );
    let again = doclist()
        .current_dir(dir.path())
        .args(["plan", "plan.yaml", "--date", "2026-11-23"])
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["steps"], plan["steps"]);
}

#[test]
fn a_permit_holder_is_asked_the_card_date_and_about_the_automatic_endorsement() {
    let dir = tempfile::tempdir().unwrap();
    let input = "上海市\n不知道该办哪一项？看完整的办理路径：每一步和它的日期\n\n已持有居住证\n2026-12-13\n否\n否\ny\n";
    let run = interview(dir.path(), &["--answers", "p.yaml"], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for q in [
        "居住证卡面上的有效期限截止到哪一天？",
        "但卡面有效期限还没有更新？",
        "拿到居住证以后，居住地址是否变了？",
    ] {
        assert!(run.stderr.contains(q), "{q}: {}", run.stderr);
    }
    let plan: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(plan["steps"][0]["id"], "endorsement");
    assert_eq!(plan["steps"][0]["now"], true);
}
