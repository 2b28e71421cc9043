//! Every scenario of every policy rendered to PDF: a sane page count, the item names come
//! back out of the PDF as text, and every font is an embedded subset.

#[path = "common/tools.rs"]
mod tools;
use tools::{PDFFONTS, PDFINFO, PDFTOTEXT};

use chrono::NaiveDate;
use doclist::engine::{evaluate, Options};
use doclist::frontend::scenario;
use doclist::model::applicant::{Applicant, RawInput};
use doclist::model::policy::Library;
use doclist::output::pdf::FontSet;
use doclist::output::render::{Format, Renderer, Templates};

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_scenario_prints() {
    if tools::missing("every_scenario_prints", &[PDFTOTEXT, PDFFONTS, PDFINFO]) {
        return;
    }
    let lib = Library::embedded().unwrap();
    let renderer = Renderer {
        templates: Templates::load(None).unwrap(),
        fonts: Some(FontSet::embedded().unwrap()),
        explain: false,
        forms: true,
        office: None,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut rendered = 0;
    let mut sizes = Vec::new();
    for f in Library::embedded_scenarios() {
        let policy = lib.get(scenario::policy_id(&f.path)).unwrap();
        for s in scenario::parse(&f.text, &f.path).unwrap().scenarios {
            if s.expect.error.is_some() {
                continue;
            }
            let raw: RawInput = s
                .input
                .iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()))
                .collect();
            let applicant = Applicant::from_input(&raw, policy, &lib, &s.name).unwrap();
            let date = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").unwrap();
            let c = evaluate(policy, &applicant, date, Options::default());
            let bytes = renderer.render(&c, Format::Pdf).unwrap();
            sizes.push((bytes.len(), format!("{} / {}", f.path, s.name)));
            let path = dir.path().join(format!("{rendered}.pdf"));
            std::fs::write(&path, &bytes).unwrap();
            let p = path.as_os_str();

            let info = tools::stdout(PDFINFO, &[p]);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap();
            assert!(
                (1..=5).contains(&pages),
                "{} / {}: {pages} pages",
                f.path,
                s.name
            );

            let text = squeeze(&tools::pdftotext(&[], &path));
            assert!(
                text.contains(&squeeze(&c.policy.title)),
                "{}: title",
                s.name
            );
            for item in &c.items {
                assert!(
                    text.contains(&squeeze(&item.name)),
                    "{} / {}: item `{}` not in the PDF text",
                    f.path,
                    s.name,
                    item.name
                );
            }
            // Sources as people quote them, never a file name.
            for src in &c.policy.sources {
                assert!(
                    text.contains(&squeeze(&src.display())),
                    "{}: source `{}` not shown as {}",
                    s.name,
                    src.file,
                    src.display()
                );
                assert!(!text.contains(&src.file), "{}: a file name", s.name);
            }
            for n in &c.notices {
                let head: String = n.text.chars().take(12).collect();
                assert!(
                    text.contains(&squeeze(&head)),
                    "{}: notice `{}`",
                    s.name,
                    n.id
                );
            }

            let fonts = tools::stdout(PDFFONTS, &[p]);
            for line in fonts.lines().skip(2) {
                let cols: Vec<&str> = line.split_whitespace().collect();
                assert!(
                    cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
                    "subset tag: {line}"
                );
                let n = cols.len();
                assert_eq!(
                    &cols[n - 5..n - 2],
                    ["yes", "yes", "yes"],
                    "emb sub uni: {line}"
                );
            }
            rendered += 1;
        }
    }
    assert!(rendered > 50, "all scenarios rendered ({rendered})");
    sizes.sort_unstable();
    let over: Vec<String> = sizes
        .iter()
        .filter(|(len, _)| *len > MAX_PDF_BYTES)
        .map(|(len, name)| format!("  {len} bytes  {name}"))
        .collect();
    eprintln!(
        "{rendered} PDFs: median {} KB, max {} KB",
        sizes[sizes.len() / 2].0 / 1024,
        sizes[sizes.len() - 1].0 / 1024,
    );
    assert!(
        over.is_empty(),
        "{} of {rendered} PDFs over {MAX_PDF_BYTES} bytes:\n{}",
        over.len(),
        over.join("\n")
    );
}

/// The largest a checklist PDF may be, for every scenario, its forms included: 50 KB.
const MAX_PDF_BYTES: usize = 50 * 1024;

#[test]
fn a_name_with_rare_characters_renders() {
    if tools::missing(
        "a_name_with_rare_characters_renders",
        &[PDFTOTEXT, PDFFONTS, PDFINFO],
    ) {
        return;
    }
    let lib = Library::embedded().unwrap();
    let renderer = Renderer {
        templates: Templates::load(None).unwrap(),
        fonts: Some(FontSet::embedded().unwrap()),
        explain: true,
        forms: true,
        office: None,
    };
    let c = doclist::frontend::request::checklist_from_text(
        &lib,
        "policy: shanghai/residence-registration\nname: 龚䶮堃喆昇\nchannel: offline\nhousing: owned\n",
        "rare",
        None,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        Options::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rare.pdf");
    std::fs::write(&path, renderer.render(&c, Format::Pdf).unwrap()).unwrap();
    let text = tools::pdftotext(&[], &path);
    assert!(text.contains("龚䶮堃喆昇"), "{text}");
    assert!(
        squeeze(&text).contains("原因："),
        "--explain prints the reasons"
    );
}

/// The height pdftotext gives the first word `word` of a PDF (its em box, in points).
fn word_height(pdf: &std::path::Path, word: &str) -> f32 {
    let bbox = tools::pdftotext(&["-bbox"], pdf);
    let line = bbox
        .lines()
        .find(|l| l.contains(&format!(">{word}</word>")))
        .unwrap_or_else(|| panic!("no word {word} in\n{bbox}"));
    let attr = |name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    attr("yMax") - attr("yMin")
}

#[test]
fn large_print_is_a_third_larger_on_the_same_a4_pages() {
    if tools::missing(
        "large_print_is_a_third_larger_on_the_same_a4_pages",
        &[PDFTOTEXT, PDFINFO],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let render = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let o = assert_cmd::Command::cargo_bin("doclist")
            .unwrap()
            .args([
                "render",
                "examples/disabled-pensioner.yaml",
                "--date",
                "2026-12-07",
            ])
            .args(extra)
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        path
    };
    let normal = render("normal.pdf", &["--format", "pdf"]);
    let large = render("large.pdf", &["--format", "pdf", "--large"]);
    for pdf in [&normal, &large] {
        let info = tools::stdout(PDFINFO, &[pdf]);
        assert!(info.contains("x 841.89 pts (A4)"), "{info}");
    }
    let ratio = word_height(&large, "姓名") / word_height(&normal, "姓名");
    assert!(
        (1.30..1.37).contains(&ratio),
        "large / normal type: {ratio}"
    );
    // The same papers and the same form, on more pages.
    let (n, l) = (
        squeeze(&tools::pdftotext(&[], &normal)),
        squeeze(&tools::pdftotext(&[], &large)),
    );
    for text in ["申请人的残疾人证", "委托书", "受托人签名", "第1页"] {
        assert!(n.contains(text) && l.contains(text), "{text}");
    }
    assert!(tools::pdf_pages(&large) > tools::pdf_pages(&normal));

    let html = render("large.html", &["--format", "html", "--large"]);
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains(r#"<html lang="zh-CN" class="large">"#));
}

#[test]
fn an_office_is_named_on_every_page_beside_the_sources_hotlines() {
    if tools::missing(
        "an_office_is_named_on_every_page_beside_the_sources_hotlines",
        &[PDFTOTEXT, PDFINFO],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office.yaml");
    std::fs::write(
        &office,
        "name: 长宁区新华路街道社区事务受理服务中心\naddress: 番禺路100号\nhours: 周一至周五 9:00-17:00\nphone: 021-62800000\n",
    )
    .unwrap();
    let pdf = dir.path().join("out.pdf");
    let o = assert_cmd::Command::cargo_bin("doclist")
        .unwrap()
        .args([
            "render",
            "examples/disabled-pensioner.yaml",
            "--date",
            "2026-12-07",
        ])
        .args(["--format", "pdf", "--office"])
        .arg(&office)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pages = tools::pdf_pages(&pdf);
    assert!(pages >= 3, "{pages}");
    for page in 1..=pages {
        let n = page.to_string();
        let text = squeeze(&tools::pdftotext(&["-f", &n, "-l", &n], &pdf));
        assert!(
            text.contains("长宁区新华路街道社区事务受理服务中心021-62800000"),
            "page {page}: {text}"
        );
    }
    let first = squeeze(&tools::pdftotext(&["-f", "1", "-l", "1"], &pdf));
    assert!(first.contains("地址：番禺路100号"), "{first}");
    assert!(first.contains("办公时间：周一至周五9:00-17:00"), "{first}");
    // The sources' own hotlines stay.
    let all = squeeze(&tools::pdftotext(&[], &pdf));
    assert!(all.contains("12345"), "{all}");
}
