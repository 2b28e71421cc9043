//! Assembling the PDF file: fonts (subset), document info, pages → bytes.
//!
//! printpdf writes the pages' content streams and the file's structure. The text of each
//! face is drawn in the glyph ids of the document's subset of it, and its font objects
//! are written here: a `Type0` font over a `CIDFontType2` with the subset program of
//! `program`. Faces that path cannot take (CFF outlines, composite glyphs) are cut by
//! allsorts and handed to printpdf, which encodes their text and writes their fonts.
//!
//! Output is reproducible: font resource names and subset tags are fixed or
//! derived from the content, dates come from `meta date`, and the file
//! identifier (which printpdf fills with random letters) is replaced by one
//! derived from the file's content.

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::{
    Date, DateTime, Mm, Offset, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, PdfWarnMsg, Time,
};

use super::deflate::{deflate_at, LEVELS};
use super::draw::{self, font_id, Codes};
use super::embed::cut;
use super::file_id::set_file_id;
use super::renumber::renumber;
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::set::{Face, FontSet, Slot};
use crate::output::pdf::fonts::subset::{position, subset_name};
use crate::output::pdf::fonts::used::{gids, UsedGlyphs};
use crate::output::pdf::typeset::meta::Meta;
use crate::output::pdf::typeset::page::Page;
use crate::output::pdf::typeset::theme::PAGE_MM;

/// Creator and producer when the markup names none.
const DEFAULT_CREATOR: &str = "doclist";

/// A face's subset made here: its program, and the used characters with their glyph ids
/// in the subset.
pub(super) struct Made<'a> {
    pub(super) slot: Slot,
    pub(super) face: &'a Face,
    pub(super) name: String,
    pub(super) program: Vec<u8>,
    /// The face's glyph ids of the subset (the subset's glyph `i` is `gids[i]`).
    pub(super) gids: Vec<u16>,
    pub(super) renumbered: UsedGlyphs,
}

/// Write the PDF file for `pages`, embedding subsets of the faces in `used` (the
/// glyphs of the pages' text: [`draw::used`]).
pub(crate) fn write(
    pages: &[Page],
    used: &[UsedGlyphs; 3],
    fonts: &FontSet,
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = document(meta);
    let mut made = Vec::new();
    for (slot, face, glyphs) in faces(used, fonts) {
        match made_here(slot, face, glyphs) {
            Some(m) => made.push(m),
            None => {
                let font = PdfFont::new(cut(face, glyphs)?);
                doc.resources.fonts.map.insert(font_id(slot), font);
            }
        }
    }
    // The text of a subset made here is written in its glyph ids; printpdf encodes the
    // rest with the fonts it was given.
    let mut codes = [Codes::Text, Codes::Text, Codes::Text];
    for m in &made {
        codes[m.slot as usize] = Codes::Subset(m.face, &m.gids);
    }
    doc.with_pages(draw::draw(pages, &codes, meta.size.scale()));
    finish(&doc, made, None)
}

/// Write the PDF file of pages whose content streams printpdf wrote already (for a
/// merged print file), their text in the glyph ids of the whole faces; `None` when a
/// face is one `program` does not take (its font is then for printpdf to write, from the
/// page operations: [`write`]).
pub(crate) fn write_written(
    contents: &[Vec<u8>],
    used: &[UsedGlyphs; 3],
    fonts: &FontSet,
    meta: &Meta,
) -> Option<Result<Vec<u8>, PdfError>> {
    let made: Vec<Made<'_>> = faces(used, fonts)
        .map(|(slot, face, glyphs)| made_here(slot, face, glyphs))
        .collect::<Option<_>>()?;
    let mut doc = document(meta);
    // Blank pages, whose content streams are then these, with the glyph ids of the
    // document's subsets.
    let blank = contents
        .iter()
        .map(|_| PdfPage::new(Mm(PAGE_MM.0), Mm(PAGE_MM.1), Vec::new()));
    doc.with_pages(blank.collect());
    let written = contents.iter().map(|c| renumber(c, &made)).collect();
    Some(finish(&doc, made, Some(written)))
}

/// A document with the information of `meta` and no page yet.
fn document(meta: &Meta) -> PdfDocument {
    let text =
        |f: &Option<crate::output::pdf::typeset::meta::Field>| f.as_ref().map(|f| f.text.clone());
    let mut doc = PdfDocument::new(&text(&meta.title).unwrap_or_default());
    let info = &mut doc.metadata.info;
    let creator = text(&meta.creator).unwrap_or_else(|| DEFAULT_CREATOR.to_string());
    info.subject = text(&meta.subject).unwrap_or_default();
    info.producer = creator.clone();
    info.creator = creator;
    if let Some(date) = meta.date {
        let date = pdf_date(date);
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    doc
}

/// The faces glyphs are drawn from, with those glyphs (a face no glyph is drawn from is
/// not even read).
fn faces<'a>(
    used: &'a [UsedGlyphs; 3],
    fonts: &'a FontSet,
) -> impl Iterator<Item = (Slot, &'a Face, &'a UsedGlyphs)> {
    Slot::ALL.into_iter().filter_map(move |slot| {
        let glyphs = &used[slot as usize];
        if glyphs.is_empty() {
            return None;
        }
        Some((slot, fonts.face(slot)?, glyphs))
    })
}

/// The subset of `glyphs` of `face` made here, `None` when `program` does not take them.
fn made_here<'a>(slot: Slot, face: &'a Face, glyphs: &UsedGlyphs) -> Option<Made<'a>> {
    let gids = gids(glyphs);
    let program = crate::output::pdf::fonts::program::build(face, &gids)?;
    let renumbered = glyphs
        .iter()
        .map(|(&ch, &gid)| (ch, position(&gids, gid)))
        .collect();
    Some(Made {
        slot,
        face,
        name: subset_name(face, &gids),
        program,
        gids,
        renumbered,
    })
}

/// The file of `doc`: the fonts of `made` written in, and the pages' content streams
/// `written` when given.
fn finish(
    doc: &PdfDocument,
    mut made: Vec<Made<'_>>,
    written: Option<Vec<Vec<u8>>>,
) -> Result<Vec<u8>, PdfError> {
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(doc, &save_options(), &mut warnings);
    if let Some(written) = written {
        let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
        if pages.len() != written.len() {
            return Err(PdfError::Write("a page was lost".into()));
        }
        for (page, content) in pages.into_iter().zip(written) {
            let id = lo
                .get_object(page)
                .and_then(Object::as_dict)
                .and_then(|p| p.get(b"Contents"))
                .and_then(Object::as_reference)
                .map_err(|e| PdfError::Write(e.to_string()))?;
            lo.objects
                .insert(id, Object::Stream(Stream::new(Dictionary::new(), content)));
        }
    }
    if !made.is_empty() {
        let fonts_dict = font_resources(&lo)
            .ok_or_else(|| PdfError::Write("the pages have no font resources".into()))?;
        for m in &mut made {
            let font = type0(&mut lo, m);
            let font = lo.add_object(font);
            lo.get_object_mut(fonts_dict)
                .and_then(Object::as_dict_mut)
                .map_err(|e| PdfError::Write(e.to_string()))?
                .set(font_id(m.slot).0, Object::Reference(font));
        }
    }
    super::widths::compact(&mut lo);
    trim(&mut lo);
    lo.version = "1.5".to_string();
    // The first level that keeps the file within the budget, the last one if none does.
    let mut raw: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    // Saving numbers the object streams after the objects and fills in the trailer: a
    // second save starts again from the document as it was.
    let (max_id, trailer) = (lo.max_id, lo.trailer.clone());
    let mut levels = LEVELS.iter().peekable();
    while let Some(&level) = levels.next() {
        lo.max_id = max_id;
        lo.trailer = trailer.clone();
        for (id, object) in lo.objects.iter_mut() {
            let Object::Stream(stream) = object else {
                continue;
            };
            if level == LEVELS[0] {
                if let Some(content) = compress(stream, level) {
                    raw.push((*id, content));
                }
            } else if let Ok(at) = raw.binary_search_by_key(id, |(i, _)| *i) {
                stream.set_plain_content(raw[at].1.clone());
                compress(stream, level);
            }
        }
        let mut bytes = Vec::new();
        let save = lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .compression_level(6)
            .build();
        lo.save_with_options(&mut bytes, save)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        if bytes.len() <= SIZE_BUDGET || levels.peek().is_none() {
            set_file_id(&mut bytes);
            return Ok(bytes);
        }
        // Level 6 takes about 6% off a file of level 1 (level 12 about 10%): a file more
        // than 8% over goes to the last level at once.
        if level == LEVELS[0] && bytes.len() > SIZE_BUDGET / 100 * 108 {
            levels.next();
        }
    }
    Err(PdfError::Write("no compression level was tried".into()))
}

/// The size a checklist PDF is kept within when deflating harder can do it: 50 KB.
pub(crate) const SIZE_BUDGET: usize = 50 * 1024;

/// Leave out what printpdf writes that says nothing: empty entries of the document
/// information, page boxes equal to the media box (their default), empty annotation
/// lists and resource dictionaries; and let the pages share the first page's resources
/// where theirs are the same (printpdf gives each page its own copy of one dictionary).
/// Objects nothing refers to any more go.
fn trim(lo: &mut lopdf::Document) {
    let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(Ok(info)) = info.map(|id| lo.get_object_mut(id).and_then(Object::as_dict_mut)) {
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for key in empty {
            info.remove(&key);
        }
        for (_, value) in info.iter_mut() {
            // Text in UTF-16 that is all ASCII, as the shorter literal string.
            if let Object::String(bytes, _) = value {
                if let Some(ascii) = ascii_of_utf16(bytes) {
                    *value = Object::string_literal(ascii);
                }
            }
        }
    }
    let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    // A page's resources, looked up.
    let resources_of = |lo: &lopdf::Document, page: ObjectId| -> Option<Dictionary> {
        let page = lo.get_object(page).and_then(Object::as_dict).ok()?;
        match page.get(b"Resources").ok()? {
            Object::Reference(id) => lo.get_object(*id).and_then(Object::as_dict).ok().cloned(),
            Object::Dictionary(dict) => Some(dict.clone()),
            _ => None,
        }
    };
    let first = pages.first().and_then(|&p| resources_of(lo, p));
    let same: Vec<bool> = pages
        .iter()
        .map(|&p| first.is_some() && resources_of(lo, p) == first)
        .collect();
    let mut shared: Option<Object> = None;
    for (id, same) in pages.into_iter().zip(same) {
        let Ok(page) = lo.get_object_mut(id).and_then(Object::as_dict_mut) else {
            continue;
        };
        let media = page.get(b"MediaBox").ok().cloned();
        for key in [&b"CropBox"[..], b"TrimBox"] {
            if media.is_some() && page.get(key).ok() == media.as_ref() {
                page.remove(key);
            }
        }
        if matches!(page.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty()) {
            page.remove(b"Annots");
        }
        match &shared {
            Some(resources) if same => page.set("Resources", resources.clone()),
            Some(_) => {}
            None => shared = page.get(b"Resources").ok().cloned(),
        }
    }
    if let Some(Object::Reference(id)) = shared {
        let empties: Vec<Vec<u8>> = match lo.get_object(id).and_then(Object::as_dict) {
            Ok(resources) => resources
                .iter()
                .filter(|(_, v)| {
                    let dict = match v {
                        Object::Reference(r) => lo.get_object(*r).and_then(Object::as_dict).ok(),
                        Object::Dictionary(d) => Some(d),
                        _ => None,
                    };
                    dict.is_some_and(Dictionary::is_empty)
                })
                .map(|(k, _)| k.clone())
                .collect(),
            Err(_) => Vec::new(),
        };
        if let Ok(resources) = lo.get_object_mut(id).and_then(Object::as_dict_mut) {
            for key in empties {
                resources.remove(&key);
            }
        }
    }
    lo.prune_objects();
}

/// The text of UTF-16BE `bytes` (with its byte order mark) when it is all printable ASCII.
fn ascii_of_utf16(bytes: &[u8]) -> Option<String> {
    let units = bytes.strip_prefix(&[0xFE, 0xFF])?;
    if units.len() % 2 != 0 {
        return None;
    }
    units
        .chunks_exact(2)
        .map(|u| match u {
            [0, c] if (0x20..0x7F).contains(c) => Some(char::from(*c)),
            _ => None,
        })
        .collect()
}

/// How printpdf is asked to save: as it is told (no optimizing, no subsetting of its
/// own), with the text-showing operations of [`draw`], which printpdf does not type
/// and writes only when not `secure`.
pub(crate) fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: false,
        image_optimization: None,
    }
}

/// The id of the font resource dictionary printpdf gives every page.
fn font_resources(lo: &lopdf::Document) -> Option<ObjectId> {
    let page = *lo.get_pages().values().next()?;
    let page = lo.get_object(page).ok()?.as_dict().ok()?;
    let resources = match page.get(b"Resources").ok()? {
        Object::Reference(id) => lo.get_object(*id).ok()?.as_dict().ok()?,
        Object::Dictionary(dict) => dict,
        _ => return None,
    };
    resources.get(b"Font").ok()?.as_reference().ok()
}

/// The `Type0` font of subset `m`, its other objects added to `lo`: a
/// `CIDFontType2` whose CIDs are the subset's glyph ids, widths from the face in its own
/// units, and a ToUnicode map for text extraction.
fn type0(lo: &mut lopdf::Document, m: &mut Made<'_>) -> Dictionary {
    let face = m.face;
    let name = || Object::Name(m.name.clone().into_bytes());
    let widths: Vec<(i64, i64)> = m
        .gids
        .iter()
        .enumerate()
        .map(|(cid, &g)| (cid as i64, face.width(g)))
        .collect();
    let (bbox, ascent, descent) = face.descriptor_metrics();
    let mut program = Stream::new(
        Dictionary::from_iter([("Length1", Object::Integer(m.program.len() as i64))]),
        std::mem::take(&mut m.program),
    );
    program.allows_compression = true;
    let file = lo.add_object(program);
    let descriptor = lo.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", name()),
        ("Flags", Object::Integer(4)),
        (
            "FontBBox",
            Object::Array(bbox.map(Object::Integer).to_vec()),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", Object::Integer(ascent)),
        ("Descent", Object::Integer(descent)),
        ("CapHeight", Object::Integer(ascent)),
        ("StemV", Object::Integer(80)),
        ("FontFile2", Object::Reference(file)),
    ]));
    let cid_font = Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", name()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter([
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(1000)),
        ("W", Object::Array(super::widths::write(&widths, 1000))),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]);
    let unicode = super::cidfont::to_unicode(&m.renumbered);
    let unicode = lo.add_object(Stream::new(Dictionary::new(), unicode.into_bytes()));
    Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(unicode)),
    ])
}

/// Deflate `stream` (zlib format, libdeflate at `level`) unless it is filtered already,
/// tiny, or would not get smaller; returns what it held before when it was deflated.
fn compress(stream: &mut lopdf::Stream, level: i32) -> Option<Vec<u8>> {
    if stream.dict.get(b"Filter").is_ok() || stream.content.len() < 64 {
        return None;
    }
    let packed = deflate_at(&stream.content, level)?;
    stream.dict.set("Filter", "FlateDecode");
    let raw = std::mem::replace(&mut stream.content, packed);
    stream.dict.set("Length", stream.content.len() as i64);
    Some(raw)
}

/// Midnight UTC of `date`.
fn pdf_date(date: chrono::NaiveDate) -> DateTime {
    use chrono::Datelike;
    DateTime::new_in_offset(
        Date {
            year: date.year(),
            month: date.month() as u8,
            day: date.day() as u8,
        },
        Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two pages of a document with a title, a creator and no author: what printpdf writes
    /// that says nothing is left out, and the pages share their resources.
    #[test]
    fn pages_share_resources_and_nothing_empty_is_written() {
        let fonts = FontSet::embedded().unwrap();
        let mut markup = String::from("meta title 材料清单\nmeta date 2026-11-23\n");
        for i in 0..80 {
            markup.push_str(&format!("check 第{i}项 居民身份证 | 原件 |\n"));
        }
        let bytes = crate::output::pdf::render(&markup, &fonts).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        assert!(pages.len() >= 2, "{} pages", pages.len());
        let resources: Vec<Object> = pages
            .iter()
            .map(|&id| {
                let page = doc.get_object(id).and_then(Object::as_dict).unwrap();
                for key in [&b"CropBox"[..], b"TrimBox", b"Annots"] {
                    assert!(page.get(key).is_err(), "{}", String::from_utf8_lossy(key));
                }
                assert!(page.get(b"MediaBox").is_ok());
                page.get(b"Resources").unwrap().clone()
            })
            .collect();
        assert!(resources.iter().all(|r| *r == resources[0]));
        let id = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .unwrap();
        let info = doc.get_object(id).and_then(Object::as_dict).unwrap();
        assert!(info.get(b"Author").is_err());
        assert_eq!(
            info.get(b"Creator").unwrap(),
            &Object::string_literal("doclist")
        );
        assert!(
            matches!(info.get(b"Title"), Ok(Object::String(t, _)) if t.starts_with(&[0xFE, 0xFF]))
        );
        assert!(bytes.len() <= SIZE_BUDGET);
    }

    /// Glyph ids of the whole faces become the subsets' ids of the font set last.
    #[test]
    fn written_content_is_renumbered_by_the_font_in_use() {
        let fonts = FontSet::embedded().unwrap();
        let face = fonts.face(Slot::Regular).unwrap();
        let made = |slot, gids: Vec<u16>| Made {
            slot,
            face,
            name: String::new(),
            program: Vec::new(),
            gids,
            renumbered: UsedGlyphs::new(),
        };
        let made = [
            made(Slot::Regular, vec![0, 0x10, 0x2a, 0x300]),
            made(Slot::Bold, vec![0, 0x2a, 0x300]),
        ];
        let content = b"BT\n/FR 10.5 Tf\n1 2 Td\n<0010002a0300> Tj\nET\n\
                        BT\n/FB 12 Tf\n<002a0300> Tj\n0 Tr\nET\n<0010> Tj";
        let out = renumber(content, &made);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "BT\n/FR 10.5 Tf\n1 2 Td\n(\0\u{1}\0\u{2}\0\u{3}) Tj\nET\n\
             BT\n/FB 12 Tf\n(\0\u{1}\0\u{2}) Tj\n0 Tr\nET\n(\0\0) Tj"
        );
    }

    #[test]
    fn only_all_ascii_utf16_becomes_a_literal_string() {
        assert_eq!(
            ascii_of_utf16(&[0xFE, 0xFF, 0, b'd', 0, b'l']).as_deref(),
            Some("dl")
        );
        assert_eq!(ascii_of_utf16(&[0xFE, 0xFF, 0x4E, 0x0A]), None);
        assert_eq!(ascii_of_utf16(&[0xFE, 0xFF, 0, 0x0A]), None);
        assert_eq!(ascii_of_utf16(b"dl"), None);
    }
}
