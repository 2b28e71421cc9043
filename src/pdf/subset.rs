//! Per-document font subsetting: embed only the glyphs a document shows.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use super::error::PdfError;
use super::fonts::Face;

/// The glyphs of one face a document uses: glyph id → a character drawn with it.
pub(crate) type UsedGlyphs = BTreeMap<u16, char>;

/// Subset `face` to the glyphs in `used` (plus `.notdef`) and name the result
/// `TAG+PostScriptName`, where `TAG` is six capitals derived from the glyph set.
///
/// The result keeps a Unicode cmap, so printpdf encodes the document's text
/// and writes its ToUnicode map from it; every character of `used` is checked
/// to land on its own glyph in the subset.
pub(crate) fn subset(face: &Face, used: &UsedGlyphs) -> Result<ParsedFont, PdfError> {
    let fail = |reason: String| PdfError::Subset {
        label: face.label.clone(),
        reason,
    };
    let mut gids = Vec::with_capacity(used.len() + 1);
    gids.push(0);
    gids.extend(used.keys().copied().filter(|&g| g != 0));

    let data = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| fail(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(format!("{e:?}")))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| fail("the subset font cannot be read back".into()))?;

    // Subset glyph ids follow the order of `gids`.
    for (new_gid, old_gid) in gids.iter().enumerate().skip(1) {
        let ch = used[old_gid];
        let found = font.lookup_glyph_index(u32::from(ch));
        if found != u16::try_from(new_gid).ok() {
            return Err(fail(format!(
                "'{ch}' maps to glyph {found:?} in the subset, expected {new_gid}"
            )));
        }
    }
    font.font_name = Some(format!("{}+{}", subset_tag(&face.ps_name, &gids), face.ps_name));
    Ok(font)
}

/// Six capital letters derived from the font name and glyph set (FNV-1a), so
/// the same document always gets the same tag and different subsets differ.
pub(crate) fn subset_tag(ps_name: &str, gids: &[u16]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = ps_name
        .bytes()
        .chain(gids.iter().flat_map(|g| g.to_le_bytes()));
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|_| {
            let letter = b'A' + (hash % 26) as u8;
            hash /= 26;
            char::from(letter)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::{FontSet, Slot};

    #[test]
    fn tag_is_six_capitals_and_deterministic() {
        let a = subset_tag("NotoSansSC-Regular", &[0, 5, 9]);
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("NotoSansSC-Regular", &[0, 5, 9]));
        assert_ne!(a, subset_tag("NotoSansSC-Regular", &[0, 5, 10]));
        assert_ne!(a, subset_tag("NotoSansSC-Bold", &[0, 5, 9]));
    }

    #[test]
    fn subset_keeps_only_used_glyphs_and_maps_them() {
        let fonts = FontSet::embedded().unwrap();
        let face = fonts.face(Slot::Regular).unwrap();
        let used: UsedGlyphs = "材料清单 2026"
            .chars()
            .map(|c| (face.font.lookup_glyph_index(u32::from(c)).unwrap(), c))
            .collect();
        let font = subset(face, &used).unwrap();
        assert_eq!(font.glyph_widths.len(), used.len() + 1);
        assert!(font.original_bytes.len() < 20_000, "{}", font.original_bytes.len());
        let name = font.font_name.unwrap();
        assert!(name.ends_with("+NotoSansSC-Regular"), "{name}");
        assert_eq!(name.find('+'), Some(6));
    }
}
