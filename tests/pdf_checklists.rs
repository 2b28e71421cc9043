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
