//! The shared font of a merged print file: a subset of one face, addressed by the
//! glyph ids of the whole face (CIDs), so that pages written before the subset existed
//! can use it.
//!
//! The subset renumbers its glyphs; `/CIDToGIDMap` takes each CID (whole-face glyph id)
//! to its glyph in the subset. `/W` and `/ToUnicode` are keyed by CID.

use std::collections::BTreeMap;

use super::deflate::deflate;
use super::embed::program;
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::set::Face;
use crate::output::pdf::fonts::subset::subset_name;
use crate::output::pdf::fonts::used::{gids, UsedGlyphs};

/// One object of the font, other than the font dictionary itself.
pub(crate) enum Part {
    Dict(String),
    /// A stream: its dictionary's entries (without `/Length`) and its data.
    Stream {
        dict: String,
        data: Vec<u8>,
    },
}

/// The objects of one font: the `Type0` dictionary, and its parts, to be numbered
/// `first`, `first + 1`, … in order.
pub(crate) struct FontObjects {
    pub font: String,
    pub parts: Vec<Part>,
}

/// Whether every face of `fonts` can be a merge file's font (TrueType outlines): said
/// before a batch starts rather than at its end. The error is the label of the face
/// that cannot be.
pub fn check_fonts(fonts: &crate::output::pdf::FontSet) -> Result<(), String> {
    for slot in crate::output::pdf::fonts::set::Slot::ALL {
        if let Some(face) = fonts.face(slot).filter(|f| f.bytes().starts_with(b"OTTO")) {
            return Err(face.label.clone());
        }
    }
    Ok(())
}

/// The font objects for the glyphs `used` of `face`, the parts numbered from `first`.
pub(crate) fn objects(face: &Face, used: &UsedGlyphs, first: u32) -> Result<FontObjects, PdfError> {
    let gids = gids(used);
    let program = &program(face, used)?;
    if !program.starts_with(&[0, 1, 0, 0]) && !program.starts_with(b"true") {
        return Err(PdfError::Subset {
            label: face.label.clone(),
            reason: "a merged print file needs a font with TrueType outlines".into(),
        });
    }
    let name = subset_name(face, &gids);
    let [cid_font, descriptor, file, map, unicode] = [0, 1, 2, 3, 4].map(|i| first + i);

    // The subset's glyphs are the used ones (and .notdef) in glyph id order.
    let max = usize::from(*gids.last().unwrap_or(&0));
    let mut cid_to_gid = vec![0u8; (max + 1) * 2];
    for (new, &old) in gids.iter().enumerate() {
        let at = usize::from(old) * 2;
        cid_to_gid[at..at + 2].copy_from_slice(&(new as u16).to_be_bytes());
    }

    let widths: Vec<(i64, i64)> = gids
        .iter()
        .map(|&g| (i64::from(g), face.width(g)))
        .collect();
    let w = array(&super::widths::write(&widths, 1000));

    let (bbox, ascent, descent) = face.descriptor_metrics();

    let stream = |dict: String, data: &[u8]| match deflate(data) {
        Some(packed) => Part::Stream {
            dict: format!("{dict} /Filter /FlateDecode"),
            data: packed,
        },
        None => Part::Stream {
            dict,
            data: data.to_vec(),
        },
    };
    let parts = vec![
        Part::Dict(format!(
            "<</Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> \
             /FontDescriptor {descriptor} 0 R /DW 1000 /W {w} /CIDToGIDMap {map} 0 R>>"
        )),
        Part::Dict(format!(
            "<</Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{} {} {} {}] \
             /ItalicAngle 0 /Ascent {ascent} /Descent {descent} /CapHeight {ascent} \
             /StemV 80 /FontFile2 {file} 0 R>>",
            bbox[0], bbox[1], bbox[2], bbox[3]
        )),
        stream(format!("/Length1 {}", program.len()), program),
        stream(String::new(), &cid_to_gid),
        stream(String::new(), to_unicode(used).as_bytes()),
    ];
    Ok(FontObjects {
        font: format!(
            "<</Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid_font} 0 R] /ToUnicode {unicode} 0 R>>"
        ),
        parts,
    })
}

/// `[1 [224 467] 6 [555]]` from the width array's objects (integers and arrays).
fn array(objects: &[lopdf::Object]) -> String {
    let items: Vec<String> = objects
        .iter()
        .map(|o| match o {
            lopdf::Object::Integer(i) => i.to_string(),
            lopdf::Object::Array(a) => array(a),
            _ => "0".to_string(),
        })
        .collect();
    format!("[{}]", items.join(" "))
}

/// A `/ToUnicode` CMap from the glyph codes of `used` (character → code: CIDs) to the
/// characters drawn.
///
/// Runs of consecutive codes (a document's subset numbers its glyphs 1, 2, 3, …) are
/// written as ranges with an array of characters, `<0001> <00FF> [<4E0A><4E0B>…]`, a
/// third the size of a line per code once compressed. A range stays within codes that
/// differ only in their last byte, as CMaps require.
pub(crate) fn to_unicode(used: &UsedGlyphs) -> String {
    let mut by_gid: BTreeMap<u16, char> = BTreeMap::new();
    for (&ch, &gid) in used {
        by_gid.entry(gid).or_insert(ch);
    }
    let pairs: Vec<(u16, char)> = by_gid.into_iter().filter(|&(g, _)| g != 0).collect();
    let mut runs: Vec<&[(u16, char)]> = Vec::new();
    let mut start = 0;
    for i in 1..=pairs.len() {
        let ends = i == pairs.len()
            || pairs[i].0 != pairs[i - 1].0 + 1
            || pairs[i].0 >> 8 != pairs[start].0 >> 8;
        if ends {
            runs.push(&pairs[start..i]);
            start = i;
        }
    }
    let mut s = String::with_capacity(400 + 8 * pairs.len() + 20 * runs.len());
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let hex4 = |s: &mut String, v: u16| {
        for shift in [12, 8, 4, 0] {
            s.push(char::from(
                b"0123456789ABCDEF"[usize::from((v >> shift) & 0xF)],
            ));
        }
    };
    // At most 100 ranges to a block, as CMaps require.
    for block in runs.chunks(100) {
        s.push_str(&block.len().to_string());
        s.push_str(" beginbfrange\n");
        for run in block {
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            s.push('<');
            hex4(&mut s, first.0);
            s.push_str("> <");
            hex4(&mut s, last.0);
            s.push_str("> [");
            for &(_, ch) in *run {
                s.push('<');
                let mut units = [0u16; 2];
                for &unit in ch.encode_utf16(&mut units).iter() {
                    hex4(&mut s, unit);
                }
                s.push('>');
            }
            s.push_str("]\n");
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode_ranges_run_over_consecutive_codes_within_one_high_byte() {
        let used: UsedGlyphs = [
            ('上', 1),
            ('海', 2),
            ('市', 3),
            ('A', 0x00FF),
            ('B', 0x0100),
            ('乙', 0x0102),
            ('𠀀', 0x0103),
            ('又', 3), // a second character of glyph 3: the first in character order stays
            ('无', 0),
        ]
        .into_iter()
        .collect();
        let cmap = to_unicode(&used);
        let body: Vec<&str> = cmap
            .lines()
            .skip_while(|l| !l.ends_with("beginbfrange"))
            .collect();
        assert_eq!(
            body[..6],
            [
                "4 beginbfrange",
                "<0001> <0003> [<4E0A><6D77><53C8>]",
                "<00FF> <00FF> [<0041>]",
                "<0100> <0100> [<0042>]",
                "<0102> <0103> [<4E59><D840DC00>]",
                "endbfrange",
            ]
        );
    }
}
