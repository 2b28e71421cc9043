//! The PDF typesetter checked on real output with poppler-utils and qpdf
//! (`pdftotext`, `pdffonts`, `pdfinfo`, `qpdf --check`), which CI installs.

#[path = "common/tools.rs"]
mod tools;
use tools::{Program, PDFFONTS, PDFINFO, PDFTOTEXT, QPDF};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use doclist::output::pdf::{render, render_with_info, FontSet, PdfError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

fn checklist() -> String {
    std::fs::read_to_string(fixture("checklist.txt")).expect("fixture checklist.txt")
}

/// The built-in fonts, parsed once for all tests.
fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::embedded().expect("embedded fonts"))
}

/// Write `pdf` to a temporary file and run `tool args… file`; returns stdout.
fn tool(tool: Program, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    if tool == PDFTOTEXT {
        return tools::pdftotext(args, &path);
    }
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    all.push(path.as_os_str());
    tools::stdout(tool, &all)
}

fn text(pdf: &[u8]) -> String {
    tool(PDFTOTEXT, &["-raw", "-enc", "UTF-8"], pdf)
}

/// Every font line of `pdffonts` says emb yes, sub yes, uni yes; returns the font names.
fn assert_fonts_subset_embedded_unicode(pdf: &[u8]) -> Vec<String> {
    let listing = tool(PDFFONTS, &[], pdf);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "no fonts:\n{listing}");
    fonts
        .iter()
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let flags = &cols[cols.len() - 5..cols.len() - 2];
            assert_eq!(flags, ["yes", "yes", "yes"], "emb/sub/uni in:\n{listing}");
            let name = cols[0];
            let (tag, _) = name
                .split_once('+')
                .unwrap_or_else(|| panic!("no subset tag: {name}"));
            assert!(
                tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
                "{name}"
            );
            name.to_string()
        })
        .collect()
}

fn assert_qpdf_clean(pdf: &[u8]) {
    let report = tool(QPDF, &["--check"], pdf);
    assert!(
        report.contains("No syntax or stream encoding errors found"),
        "{report}"
    );
}

fn info(pdf: &[u8], key: &str) -> String {
    let listing = tool(PDFINFO, &[], pdf);
    listing
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {key} in:\n{listing}"))
        .trim()
        .to_string()
}

#[test]
fn fixture_renders_clean_with_extractable_chinese() {
    if tools::missing(
        "fixture_renders_clean_with_extractable_chinese",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let (pdf, facts) = render_with_info(&checklist(), fonts()).unwrap();
    assert_qpdf_clean(&pdf);
    let names = assert_fonts_subset_embedded_unicode(&pdf);
    assert!(
        names.iter().any(|n| n.ends_with("+NotoSansSC-Regular")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("+NotoSansSC-Bold")),
        "{names:?}"
    );

    assert_eq!(facts.pages, 2);
    assert_eq!(info(&pdf, "Pages"), "2");
    assert!(info(&pdf, "Page size").contains("(A4)"));
    assert_eq!(info(&pdf, "Title"), "上海市居住证申领 材料清单");
    assert_eq!(info(&pdf, "Creator"), "doclist 0.1.0");
    assert!(info(&pdf, "CreationDate").contains("May  1 00:00:00 2026"));

    let text = text(&pdf);
    for expected in [
        "上海市居住证申领 材料清单",
        "需出示的原件",
        "需提交的复印件",
        "需填写的表格",
        "代办材料",
        "居民身份证",
        "社会保险缴费记录",
        "《居住证申请表》",
        "不符合办理条件",
        "330106199001011234",
        "www.962222.net",
        "0571-87280478",
        "2026-06-15",
        "第 1 页 / 共 2 页",
        "第 2 页 / 共 2 页",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Only the glyphs used are embedded: far below the 10 MB fonts.
    assert!(pdf.len() < 100_000, "{} bytes", pdf.len());
}

#[test]
fn output_is_byte_identical_for_the_same_markup() {
    let markup = checklist();
    let first = render(&markup, fonts()).unwrap();
    let again = render(&markup, fonts()).unwrap();
    let fresh = render(&markup, &FontSet::embedded().unwrap()).unwrap();
    assert!(
        first == again && first == fresh,
        "output differs between runs"
    );
    // A different document gets different subset tags and file id.
    let other = render(&markup.replace("王堃", "李四"), fonts()).unwrap();
    assert_ne!(first, other);
}

#[test]
fn rare_name_characters_render_and_extract() {
    if tools::missing(
        "rare_name_characters_render_and_extract",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let markup = "meta title 测试\nkv 姓名 | 堃喆昇䶮\ncheck 堃喆昇䶮的居民身份证 | 原件 | 申请人：堃喆昇䶮\n";
    let pdf = render(markup, fonts()).unwrap();
    assert_qpdf_clean(&pdf);
    assert_fonts_subset_embedded_unicode(&pdf);
    let text = text(&pdf);
    assert!(text.contains("姓名"), "{text}");
    assert_eq!(text.matches("堃喆昇䶮").count(), 3, "{text}");
}

#[test]
fn missing_glyph_is_an_error_naming_line_field_and_character() {
    // U+20000 (CJK Extension B) is not in Noto Sans SC.
    let markup = "title 材料清单\n\nheading 原件\ncheck 居民身份证 | 原件 | 持有人 𠀀明\n";
    let err = render(markup, fonts()).unwrap_err();
    assert!(
        matches!(
            err,
            PdfError::MissingGlyph {
                line: 4,
                ch: '𠀀',
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "line 4 (check, field note): the fonts cannot draw '𠀀' (U+20000); \
         give a font that has it with --font FILE"
    );
}

#[test]
fn unknown_directive_is_an_error_naming_the_line() {
    let err = render("title 材料清单\n// comment\nbox 文本\n", fonts()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 3: unknown directive 'box'"),
        "{err}"
    );
}

#[test]
fn long_document_paginates_with_header_and_footer_on_every_page() {
    if tools::missing(
        "long_document_paginates_with_header_and_footer_on_every_page",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let mut markup = String::from(
        "meta title 长文档\nmeta date 2026-05-01\nmeta header 长文档 · 页眉\nmeta footer 页脚文字\ntitle 长文档\n",
    );
    for section in 1..=6 {
        markup.push_str(&format!("heading 第{section}部分\n"));
        for item in 1..=8 {
            markup.push_str(&format!(
                "check 材料{section}-{item} | 原件 · 复印件 1 份 | 须在有效期内，复印件须清晰；详见www.shanghai.gov.cn，咨询电话0571-87280478。\n"
            ));
        }
        markup.push_str(
            "notice warn | 请注意核对以上材料的有效期（截至2026-05-01），过期材料不予受理。\n",
        );
    }
    let (pdf, facts) = render_with_info(&markup, fonts()).unwrap();
    assert!(facts.pages >= 3, "{} pages", facts.pages);
    assert_eq!(info(&pdf, "Pages"), facts.pages.to_string());
    assert_qpdf_clean(&pdf);
    let text = text(&pdf);
    let total = facts.pages;
    for page in 1..=total {
        assert!(
            text.contains(&format!("第 {page} 页 / 共 {total} 页")),
            "page {page}"
        );
    }
    assert_eq!(text.matches("长文档 · 页眉").count(), total);
    assert_eq!(text.matches("页脚文字").count(), total);
    assert!(text.contains("材料6-8"));
}

#[test]
fn truetype_fallback_draws_what_noto_lacks() {
    if tools::missing(
        "truetype_fallback_draws_what_noto_lacks",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let bytes = std::fs::read(fixture("fallback-latin.ttf")).unwrap();
    let fonts = FontSet::embedded()
        .unwrap()
        .with_fallback(bytes, "fallback-latin.ttf")
        .unwrap();
    // Noto Sans SC has no Ł, ż or ć: they come from the fallback (also in bold text).
    let markup = "kv 姓名 | Łukasz Żółć\ncheck Żółć的护照 | 原件 | 持有人 Łukasz\n";
    assert!(render(markup, self::fonts()).is_err());
    let pdf = render(markup, &fonts).unwrap();
    assert_qpdf_clean(&pdf);
    let names = assert_fonts_subset_embedded_unicode(&pdf);
    assert!(names.iter().any(|n| n.contains("+DejaVuSans")), "{names:?}");
    let text = text(&pdf);
    assert!(
        text.contains("Łukasz Żółć") && text.contains("Żółć的护照"),
        "{text}"
    );
}

#[test]
fn cff_fallback_is_accepted() {
    if tools::missing(
        "cff_fallback_is_accepted",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let bytes = std::fs::read(fixture("fallback-cff.otf")).unwrap();
    let fonts = FontSet::embedded()
        .unwrap()
        .with_fallback(bytes, "fallback-cff.otf")
        .unwrap();
    let pdf = render("para 费用≒100元 ◈ 备注\n", &fonts).unwrap();
    assert_qpdf_clean(&pdf);
    let names = assert_fonts_subset_embedded_unicode(&pdf);
    assert!(names.iter().any(|n| n.contains("+NotoSansJP")), "{names:?}");
    assert!(text(&pdf).contains("费用≒100元 ◈ 备注"));
}

/// `font` with one more table, `tag`, holding `data`.
fn with_table(font: &[u8], tag: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let be16 = |at: usize| u16::from_be_bytes([font[at], font[at + 1]]);
    let be32 = |at: usize| u32::from_be_bytes(font[at..at + 4].try_into().unwrap());
    let count = usize::from(be16(4));
    let mut tables: Vec<([u8; 4], Vec<u8>)> = (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let (offset, len) = (be32(rec + 8) as usize, be32(rec + 12) as usize);
            (
                font[rec..rec + 4].try_into().unwrap(),
                font[offset..offset + len].to_vec(),
            )
        })
        .collect();
    tables.push((*tag, data.to_vec()));
    tables.sort();
    let mut out = font[..4].to_vec();
    out.extend_from_slice(&(tables.len() as u16).to_be_bytes());
    out.extend_from_slice(&font[6..12]);
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    out
}

#[test]
fn variable_and_cff2_fonts_are_refused() {
    let ttf = std::fs::read(fixture("fallback-latin.ttf")).unwrap();
    let variable = with_table(&ttf, b"fvar", &[0; 16]);
    let err = FontSet::embedded()
        .unwrap()
        .with_fallback(variable, "Some-VF.ttf")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "font Some-VF.ttf is a variable font; doclist needs a static TrueType/OpenType font"
    );
    let cff2 = with_table(&ttf, b"CFF2", &[0; 16]);
    let err = FontSet::embedded()
        .unwrap()
        .with_fallback(cff2, "Some.otf")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("doclist needs a static TrueType/OpenType font"),
        "{err}"
    );
    let err = FontSet::embedded()
        .unwrap()
        .with_fallback(b"junk".to_vec(), "x.ttf")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("font x.ttf is not a TrueType/OpenType font"),
        "{err}"
    );
}

#[test]
fn collection_face_zero_is_used() {
    if tools::missing(
        "collection_face_zero_is_used",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    let ttf = std::fs::read(fixture("fallback-latin.ttf")).unwrap();
    // A one-face TTC: header, one offset, then the font with its table offsets moved.
    let mut ttc = b"ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10".to_vec();
    let mut face = ttf.clone();
    let count = usize::from(u16::from_be_bytes([ttf[4], ttf[5]]));
    for i in 0..count {
        let at = 12 + 16 * i + 8;
        let offset = u32::from_be_bytes(ttf[at..at + 4].try_into().unwrap()) + 16;
        face[at..at + 4].copy_from_slice(&offset.to_be_bytes());
    }
    ttc.extend_from_slice(&face);
    let fonts = FontSet::embedded()
        .unwrap()
        .with_fallback(ttc, "fallback.ttc")
        .unwrap();
    let pdf = render("para Łódź 市民\n", &fonts).unwrap();
    assert_qpdf_clean(&pdf);
    assert_fonts_subset_embedded_unicode(&pdf);
    assert!(text(&pdf).contains("Łódź 市民"));
}

#[test]
fn a_thousand_distinct_characters_embed_and_extract() {
    if tools::missing(
        "a_thousand_distinct_characters_embed_and_extract",
        &[PDFTOTEXT, PDFFONTS, PDFINFO, QPDF],
    ) {
        return;
    }
    // Enough outline data to need the long `loca` format in the subset.
    let chars: String = ('\u{4E00}'..='\u{9FA5}').step_by(19).take(1100).collect();
    let markup = format!("title 字表\npara {chars}\n");
    let (pdf, facts) = render_with_info(&markup, fonts()).unwrap();
    assert_qpdf_clean(&pdf);
    assert_fonts_subset_embedded_unicode(&pdf);
    assert!(facts.pages >= 1);
    let text: String = text(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&chars[..300]), "first 100 characters missing");
    assert!(
        text.contains(&chars[chars.len() - 300..]),
        "last 100 characters missing"
    );
}
