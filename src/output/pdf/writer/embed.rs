//! The font program a document embeds for a face: made by `fonts::program` when it can
//! take the face and glyphs, else cut by allsorts into a face printpdf embeds (CFF
//! outlines, composite glyphs).

use std::borrow::Cow;

use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use printpdf::ParsedFont;

use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::set::Face;
use crate::output::pdf::fonts::sfnt::without_tables;
use crate::output::pdf::fonts::subset::{position, subset_name};
use crate::output::pdf::fonts::tables::{small_cmap, small_name};
use crate::output::pdf::fonts::truetype::Tables;
use crate::output::pdf::fonts::used::{gids, UsedGlyphs};

/// The font program of a TrueType subset of `face` holding `used` and `.notdef`,
/// numbered as [`gids`]: made by `program` when it can take the face and glyphs, else
/// by allsorts ([`cut`]).
pub(crate) fn program(face: &Face, used: &UsedGlyphs) -> Result<Vec<u8>, PdfError> {
    match crate::output::pdf::fonts::program::build(face, &gids(used)) {
        Some(bytes) => Ok(bytes),
        None => Ok(cut(face, used)?.original_bytes),
    }
}

/// Subset `face` to the glyphs in `used` (plus `.notdef`) with allsorts, for faces and
/// glyphs `program` does not take (CFF outlines, composite glyphs), named as
/// [`subset_name`].
///
/// allsorts is handed a compact font (see `GlyfIndex::compact`) with only the used
/// glyphs and a `cmap` of just the document's characters when it can be; else the whole
/// face. The `name` table is cut to the names that identify the font and its licence.
/// The result is read back and every character checked to land on its glyph; the `cmap`
/// that check needs is then left out of the embedded bytes.
pub(crate) fn cut(face: &Face, used: &UsedGlyphs) -> Result<ParsedFont, PdfError> {
    let fail = |reason: String| PdfError::Subset {
        label: face.label.clone(),
        reason,
    };
    let gids = gids(used);
    let data = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| fail(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(e.to_string()))?;
    // Fast path: a compact font with only the used glyphs, numbered in order.
    let compact = face.glyf.as_ref().and_then(|index| index.compact(&gids));
    let (mut tables, ids): (Tables, Vec<u16>) = match compact {
        Some(mut tables) => {
            let renumbered = used
                .iter()
                .map(|(&ch, &old)| (ch, position(&gids, old)))
                .collect();
            tables.push((tag::CMAP, Some(small_cmap(&renumbered))));
            (tables, (0..gids.len() as u16).collect())
        }
        None => (vec![(tag::CMAP, Some(small_cmap(used)))], gids.clone()),
    };
    // Only the names that identify the font and its licence.
    let name = provider.table_data(tag::NAME).ok().flatten();
    tables.push((tag::NAME, name.and_then(|n| small_name(&n))));
    let overlay = Overlay {
        inner: &provider,
        tables,
    };
    let bytes = allsorts::subset::subset(&overlay, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(format!("{e:?}")))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| fail("the subset font cannot be read back".into()))?;

    // Subset glyph ids follow the order of `gids`.
    for (&ch, &old) in used {
        let expected = Some(position(&gids, old));
        let found = font.lookup_glyph_index(u32::from(ch));
        if found != expected {
            return Err(fail(format!(
                "'{ch}' maps to glyph {found:?} in the subset, expected {expected:?}"
            )));
        }
    }
    // The PDF reaches glyphs by id; its readers never look at the font's `cmap`.
    if let Some(smaller) = without_tables(&font.original_bytes, &[tag::CMAP]) {
        font.original_bytes = smaller;
    }
    font.font_name = Some(subset_name(face, &gids));
    Ok(font)
}

/// A font's tables with some replaced (`Some`) or hidden (`None`).
struct Overlay<'a, P: ?Sized> {
    inner: &'a P,
    tables: Tables,
}

impl<P: FontTableProvider + ?Sized> FontTableProvider for Overlay<'_, P> {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        match self.tables.iter().find(|(t, _)| *t == tag) {
            Some((_, table)) => Ok(table.as_deref().map(Cow::Borrowed)),
            None => self.inner.table_data(tag),
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        match self.tables.iter().find(|(t, _)| *t == tag) {
            Some((_, table)) => table.is_some(),
            None => self.inner.has_table(tag),
        }
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        let mut tags = self.inner.table_tags()?;
        tags.retain(|t| self.has_table(*t));
        Some(tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::fonts::{FontSet, Slot};

    #[test]
    fn subset_keeps_only_used_glyphs_and_maps_them() {
        let fonts = FontSet::embedded().unwrap();
        let face = fonts.face(Slot::Regular).unwrap();
        let used: UsedGlyphs = "材料清单 2026"
            .chars()
            .map(|c| (c, face.glyph_index(c).unwrap_or(0)))
            .collect();
        let font = cut(face, &used).unwrap();
        assert_eq!(font.glyph_widths.len(), used.len() + 1);
        assert_eq!(
            font.get_glyph_width(1),
            Some(face.advance_units(used[&' ']))
        );
        assert!(
            font.original_bytes.len() < 10_000,
            "{}",
            font.original_bytes.len()
        );
        let mapped = font
            .codepoint_to_glyph
            .values()
            .filter(|&&g| g != 0)
            .count();
        assert_eq!(mapped, used.len());
        let name = font.font_name.unwrap();
        assert!(name.ends_with("+NotoSansSC-Regular"), "{name}");
        assert_eq!(name.find('+'), Some(6));
    }
}
