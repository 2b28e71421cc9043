//! Parser for the block markup described in `docs/pdf-markup.md`.
//!
//! One block per line: a directive word, then fields separated by `|`
//! (the template writes ` | `; fields never contain a bar). Fields are
//! trimmed, tabs become spaces, runs of spaces collapse to one, and any other
//! control character is an error naming the line and field.
//!
//! `meta` takes its key as the next word and the rest of the line as the
//! value; both `meta title 文本` and `meta title | 文本` are accepted.
//!
//! A `para`, `note` or `subtitle` with empty text draws nothing and is dropped
//! (templates emit them for optional hints); every other text is required.

pub(crate) use super::meta::{Field, Meta, Size, Strong};
use chrono::NaiveDate;

use crate::output::pdf::error::PdfError;

/// A parsed markup document: document metadata plus the blocks in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Markup {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// The three kinds of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// The person cannot apply as things stand.
    Block,
    /// Something to watch out for.
    Warn,
    /// A hint.
    Info,
}

/// One block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Title(Field),
    Subtitle(Field),
    Heading(Field),
    Para(Field),
    Note(Field),
    Notice {
        level: Level,
        text: Field,
    },
    Kv {
        key: Field,
        value: Field,
    },
    Check {
        name: Field,
        marks: Field,
        note: Field,
    },
    Space,
    Rule,
    PageBreak,
}

impl Markup {
    /// Every text field of the document (meta and body), in markup order,
    /// with whether it is set in the bold face.
    pub fn fields(&self) -> Vec<(&Field, bool)> {
        let m = &self.meta;
        let strong = m.strong == Strong::Face;
        let headings = m.headings == Strong::Face;
        let mut out: Vec<(&Field, bool)> = [&m.title, &m.subject, &m.creator, &m.header, &m.footer]
            .into_iter()
            .flatten()
            .map(|f| (f, false))
            .collect();
        for block in &self.blocks {
            match block {
                Block::Title(f) | Block::Heading(f) => out.push((f, headings)),
                Block::Subtitle(f) | Block::Para(f) | Block::Note(f) => out.push((f, false)),
                Block::Notice { level, text } => out.push((text, strong && *level == Level::Block)),
                Block::Kv { key, value } => {
                    out.push((key, strong));
                    out.push((value, false));
                }
                Block::Check { name, marks, note } => {
                    out.push((name, strong));
                    out.push((marks, false));
                    out.push((note, false));
                }
                Block::Space | Block::Rule | Block::PageBreak => {}
            }
        }
        out.sort_by_key(|(f, _)| f.line);
        out
    }
}

/// Parse block markup. Errors name the line (1-based) and the directive.
pub(crate) fn parse(source: &str) -> Result<Markup, PdfError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut doc = Markup::default();
    let mut meta_lines: Vec<(&'static str, usize)> = Vec::new();
    for (index, raw) in source.lines().enumerate() {
        let line = index + 1;
        let text = raw.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{3000}');
        if text.is_empty() || text.starts_with("//") {
            continue;
        }
        let (word, rest) = split_word(text);
        if word == "meta" {
            let key = parse_meta(&mut doc.meta, line, rest)?;
            if let Some((_, first)) = meta_lines.iter().find(|(k, _)| *k == key) {
                return Err(PdfError::DuplicateMeta {
                    line,
                    key: key.to_string(),
                    first: *first,
                });
            }
            meta_lines.push((key, line));
            continue;
        }
        let block = parse_block(word, rest, line)?;
        let empty = matches!(&block, Block::Para(f) | Block::Note(f) | Block::Subtitle(f) if f.text.is_empty());
        if !empty {
            doc.blocks.push(block);
        }
    }
    Ok(doc)
}

/// Split off the first word (up to a space, tab or bar).
fn split_word(text: &str) -> (&str, &str) {
    match text.find([' ', '\t', '|']) {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

/// Parse the part after `meta`; returns the key that was set.
fn parse_meta(meta: &mut Meta, line: usize, rest: &str) -> Result<&'static str, PdfError> {
    let (key, value) = split_word(rest.trim_start());
    let value = value.trim_start();
    let value = value.strip_prefix('|').unwrap_or(value);
    let (directive, slot): (&'static str, Option<&mut Option<Field>>) = match key {
        "title" => ("meta title", Some(&mut meta.title)),
        "subject" => ("meta subject", Some(&mut meta.subject)),
        "creator" => ("meta creator", Some(&mut meta.creator)),
        "header" => ("meta header", Some(&mut meta.header)),
        "footer" => ("meta footer", Some(&mut meta.footer)),
        "date" => ("meta date", None),
        "strong" => ("meta strong", None),
        "headings" => ("meta headings", None),
        "size" => ("meta size", None),
        "" => {
            return Err(PdfError::MissingField {
                line,
                directive: "meta".into(),
                field: "key".into(),
            })
        }
        other => {
            return Err(PdfError::UnknownMetaKey {
                line,
                found: other.to_string(),
            })
        }
    };
    let field = clean_field(value, line, directive, "text")?;
    if field.text.is_empty() {
        return Err(missing(line, directive, "text"));
    }
    if field.text.contains('|') {
        return Err(PdfError::TooManyFields {
            line,
            directive: directive.into(),
            expected: 1,
            found: field.text.split('|').count(),
        });
    }
    match slot {
        Some(slot) => *slot = Some(field),
        None if key == "strong" => meta.strong = parse_strong(&field.text, "strong", line)?,
        None if key == "headings" => {
            meta.headings = parse_strong(&field.text, "headings", line)?;
        }
        None if key == "size" => meta.size = parse_size(&field.text, line)?,
        None => meta.date = Some(parse_date(&field.text, line)?),
    }
    Ok(&directive[5..])
}

/// `normal` or `large`.
fn parse_size(text: &str, line: usize) -> Result<Size, PdfError> {
    match text {
        "normal" => Ok(Size::Normal),
        "large" => Ok(Size::Large),
        other => Err(PdfError::BadSize {
            line,
            found: other.to_string(),
        }),
    }
}

/// `face` or `outline`.
fn parse_strong(text: &str, key: &'static str, line: usize) -> Result<Strong, PdfError> {
    match text {
        "face" => Ok(Strong::Face),
        "outline" => Ok(Strong::Outline),
        other => Err(PdfError::BadStrong {
            line,
            key,
            found: other.to_string(),
        }),
    }
}

/// Strict `YYYY-MM-DD`.
fn parse_date(text: &str, line: usize) -> Result<NaiveDate, PdfError> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| PdfError::BadDate {
            line,
            found: text.to_string(),
        })
}

/// The field names each body directive takes, in order.
fn field_names(directive: &str) -> Option<(&'static str, &'static [&'static str])> {
    Some(match directive {
        "title" => ("title", &["text"]),
        "subtitle" => ("subtitle", &["text"]),
        "heading" => ("heading", &["text"]),
        "para" => ("para", &["text"]),
        "note" => ("note", &["text"]),
        "notice" => ("notice", &["level", "text"]),
        "kv" => ("kv", &["key", "value"]),
        "check" => ("check", &["name", "marks", "note"]),
        "space" => ("space", &[]),
        "rule" => ("rule", &[]),
        "pagebreak" => ("pagebreak", &[]),
        _ => return None,
    })
}

/// Fields that may be empty (but must still be present).
fn may_be_empty(directive: &str, field: &str) -> bool {
    matches!(
        (directive, field),
        ("check", "marks" | "note") | ("kv", "value") | ("para" | "note" | "subtitle", "text")
    )
}

fn parse_block(word: &str, rest: &str, line: usize) -> Result<Block, PdfError> {
    let Some((directive, names)) = field_names(word) else {
        return Err(PdfError::UnknownDirective {
            line,
            found: word.to_string(),
        });
    };
    let rest = rest.trim();
    let raw: Vec<&str> = if rest.is_empty() && names.is_empty() {
        Vec::new()
    } else {
        rest.split('|').collect()
    };
    // A directive without fields may still carry one empty trailing bar.
    if raw.len() > names.len() && !(names.is_empty() && raw.iter().all(|f| f.trim().is_empty())) {
        return Err(PdfError::TooManyFields {
            line,
            directive: directive.into(),
            expected: names.len(),
            found: raw.len(),
        });
    }
    let mut fields = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let Some(value) = raw.get(i) else {
            return Err(missing(line, directive, name));
        };
        let field = clean_field(value, line, directive, name)?;
        if field.text.is_empty() && !may_be_empty(directive, name) {
            return Err(missing(line, directive, name));
        }
        fields.push(field);
    }
    let mut fields = fields.into_iter();
    let mut next = || fields.next().expect("field count checked above");
    Ok(match directive {
        "title" => Block::Title(next()),
        "subtitle" => Block::Subtitle(next()),
        "heading" => Block::Heading(next()),
        "para" => Block::Para(next()),
        "note" => Block::Note(next()),
        "notice" => {
            let level = next();
            let level = match level.text.as_str() {
                "block" => Level::Block,
                "warn" => Level::Warn,
                "info" => Level::Info,
                _ => {
                    return Err(PdfError::BadLevel {
                        line,
                        found: level.text,
                    })
                }
            };
            Block::Notice {
                level,
                text: next(),
            }
        }
        "kv" => Block::Kv {
            key: next(),
            value: next(),
        },
        "check" => Block::Check {
            name: next(),
            marks: next(),
            note: next(),
        },
        "space" => Block::Space,
        "rule" => Block::Rule,
        _ => Block::PageBreak,
    })
}

fn missing(line: usize, directive: &str, field: &str) -> PdfError {
    PdfError::MissingField {
        line,
        directive: directive.to_string(),
        field: field.to_string(),
    }
}

/// Trim, turn tabs into spaces, collapse space runs, refuse control characters.
fn clean_field(
    raw: &str,
    line: usize,
    directive: &'static str,
    name: &'static str,
) -> Result<Field, PdfError> {
    let mut text = String::with_capacity(raw.len());
    for ch in raw.trim().chars() {
        let ch = if ch == '\t' { ' ' } else { ch };
        if ch.is_control() {
            return Err(PdfError::ControlChar {
                line,
                directive: directive.to_string(),
                field: name.to_string(),
                ch,
            });
        }
        if ch == ' ' && text.ends_with(' ') {
            continue;
        }
        text.push(ch);
    }
    Ok(Field {
        text,
        line,
        directive,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_directive() {
        let src = "// comment\n\nmeta title 上海市居住证申领\nmeta date | 2026-05-01\n  title 材料清单\n\
                   subtitle 副标题\nheading 原件\npara 段落\nnote 说明\nnotice block | 不能办理\n\
                   kv 姓名 | 张三\ncheck 身份证 | 原件 | 有效期内\ncheck 照片 |  | \nspace\nrule\npagebreak\n";
        let doc = parse(src).unwrap();
        assert_eq!(doc.meta.title.as_ref().unwrap().text, "上海市居住证申领");
        assert_eq!(doc.meta.date, NaiveDate::from_ymd_opt(2026, 5, 1));
        assert_eq!(doc.blocks.len(), 12);
        assert!(
            matches!(&doc.blocks[5], Block::Notice { level: Level::Block, text } if text.text == "不能办理")
        );
        assert!(
            matches!(&doc.blocks[8], Block::Check { marks, note, .. } if marks.text.is_empty() && note.text.is_empty())
        );
    }

    #[test]
    fn unknown_directive_names_the_line() {
        let err = parse("title 标题\n\nparagraph 文本\n").unwrap_err();
        assert_eq!(
            err,
            PdfError::UnknownDirective {
                line: 3,
                found: "paragraph".into()
            }
        );
        assert!(err
            .to_string()
            .starts_with("line 3: unknown directive 'paragraph'"));
    }

    #[test]
    fn missing_and_extra_fields_are_errors() {
        let err = parse("check 身份证 | 原件").unwrap_err();
        assert_eq!(err.to_string(), "line 1 (check): missing field 'note'");
        let err = parse("kv  | 张三").unwrap_err();
        assert_eq!(err.to_string(), "line 1 (kv): missing field 'key'");
        let err = parse("heading\n").unwrap_err();
        assert_eq!(err.to_string(), "line 1 (heading): missing field 'text'");
        assert!(parse("note \npara\nsubtitle  ").unwrap().blocks.is_empty());
        let err = parse("rule x").unwrap_err();
        assert!(matches!(err, PdfError::TooManyFields { line: 1, .. }));
        assert!(parse("space |").is_ok());
    }

    #[test]
    fn bad_level_and_bad_date() {
        let err = parse("notice urgent | 文本").unwrap_err();
        assert!(err.to_string().contains("'urgent' is not a level"));
        for bad in ["2026-5-1", "2026-02-30", "20260501", "2026-05-01x"] {
            let err = parse(&format!("meta date {bad}")).unwrap_err();
            assert_eq!(
                err,
                PdfError::BadDate {
                    line: 1,
                    found: bad.into()
                },
                "{bad}"
            );
        }
    }

    #[test]
    fn meta_errors() {
        assert!(matches!(
            parse("meta colour red"),
            Err(PdfError::UnknownMetaKey { line: 1, .. })
        ));
        assert!(matches!(
            parse("meta title a\nmeta title b"),
            Err(PdfError::DuplicateMeta {
                line: 2,
                first: 1,
                ..
            })
        ));
        assert!(matches!(
            parse("meta header"),
            Err(PdfError::MissingField { line: 1, .. })
        ));
    }

    #[test]
    fn tabs_and_spaces_are_normalised_control_chars_refused() {
        let doc = parse("para a\t\tb   c").unwrap();
        assert!(matches!(&doc.blocks[0], Block::Para(f) if f.text == "a b c"));
        let err = parse("para ok\ncheck 名\u{7}称 | | ").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2 (check, field name): control character U+0007 is not allowed"
        );
    }

    #[test]
    fn fields_lists_bold_faces() {
        let doc = parse("meta header 页眉\nheading 标题\nkv 键 | 值").unwrap();
        let fields: Vec<(&str, bool)> = doc
            .fields()
            .iter()
            .map(|(f, b)| (f.text.as_str(), *b))
            .collect();
        assert_eq!(
            fields,
            [("页眉", false), ("标题", true), ("键", true), ("值", false)]
        );
        let doc = parse("meta strong outline\nheading 标题\nkv 键 | 值").unwrap();
        let bold: Vec<bool> = doc.fields().iter().map(|(_, b)| *b).collect();
        assert_eq!(
            bold,
            [true, false, false],
            "outlined keys use the regular face"
        );
        let doc = parse(
            "meta headings outline
title 材料
heading 标题
kv 键 | 值",
        )
        .unwrap();
        let bold: Vec<bool> = doc.fields().iter().map(|(_, b)| *b).collect();
        assert_eq!(bold, [false, false, true, false], "outlined headings");
    }

    #[test]
    fn headings_are_face_or_outline() {
        assert_eq!(parse("para x").unwrap().meta.headings, Strong::Face);
        assert_eq!(
            parse("meta headings outline").unwrap().meta.headings,
            Strong::Outline
        );
        let err = parse("meta headings thin").unwrap_err().to_string();
        assert_eq!(
            err,
            "line 1 (meta headings): 'thin' is not a way to draw bold text; expected face or outline"
        );
    }

    #[test]
    fn strong_is_face_or_outline() {
        assert_eq!(parse("para x").unwrap().meta.strong, Strong::Face);
        assert_eq!(
            parse("meta strong outline").unwrap().meta.strong,
            Strong::Outline
        );
        let err = parse("para x\nmeta strong heavy").unwrap_err().to_string();
        assert_eq!(
            err,
            "line 2 (meta strong): 'heavy' is not a way to draw bold text; expected face or outline"
        );
        let err = parse("meta strong face\nmeta strong outline")
            .unwrap_err()
            .to_string();
        assert!(err.contains("given twice"), "{err}");
    }
}
