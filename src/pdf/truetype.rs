//! Direct access to the outlines of a TrueType (`glyf`) face, to hand the
//! subsetter a compact font holding only a document's glyphs.
//!
//! A CJK face has some 30 000 glyphs; reading its whole `glyf` index on every
//! document is most of the cost of subsetting. The index is read once per
//! process here, and per document only the used glyphs are copied out.

use allsorts::tables::FontTableProvider;
use allsorts::tag;

use super::outline;
use std::sync::OnceLock;

/// Where each glyph of a TrueType face lies, and its horizontal metrics.
pub(crate) struct GlyfIndex {
    /// Byte offsets of the glyphs in `glyf`: glyph `g` is `loca[g]..loca[g + 1]`.
    loca: Vec<u32>,
    /// Advance width and left side bearing of each glyph.
    metrics: Vec<(u16, i16)>,
    /// Each glyph's rounded outline (see [`outline`]), made the first time a document
    /// uses it and shared by every later one; `None` where the outline is kept as is.
    rounded: Vec<OnceLock<Option<Box<[u8]>>>>,
}

/// Replacement tables for a compact font: `Some` replaces a table, `None` hides it.
pub(crate) type Tables = Vec<(u32, Option<Vec<u8>>)>;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn set_u16(data: &mut [u8], at: usize, value: u16) -> Option<()> {
    data.get_mut(at..at + 2)?
        .copy_from_slice(&value.to_be_bytes());
    Some(())
}

impl GlyfIndex {
    /// Read the index of a face with `glyf` outlines; `None` for CFF faces
    /// or tables that do not add up.
    pub fn read(provider: &(impl FontTableProvider + ?Sized)) -> Option<GlyfIndex> {
        if !provider.has_table(tag::GLYF) {
            return None;
        }
        let head = provider.read_table_data(tag::HEAD).ok()?;
        let maxp = provider.read_table_data(tag::MAXP).ok()?;
        let hhea = provider.read_table_data(tag::HHEA).ok()?;
        let loca = provider.read_table_data(tag::LOCA).ok()?;
        let hmtx = provider.read_table_data(tag::HMTX).ok()?;
        let glyf_len = provider.read_table_data(tag::GLYF).ok()?.len();
        let count = usize::from(u16_at(&maxp, 4)?);
        let long = u16_at(&head, 50)? == 1;
        let loca: Vec<u32> = (0..=count)
            .map(|i| {
                if long {
                    Some(u32::from_be_bytes(
                        loca.get(4 * i..4 * i + 4)?.try_into().ok()?,
                    ))
                } else {
                    u16_at(&loca, 2 * i).map(|half| u32::from(half) * 2)
                }
            })
            .collect::<Option<_>>()?;
        let ordered = loca.windows(2).all(|w| w[0] <= w[1]);
        if !ordered || loca.last().is_some_and(|&end| end as usize > glyf_len) {
            return None;
        }
        let long_metrics = usize::from(u16_at(&hhea, 34)?).clamp(1, count.max(1));
        let mut metrics = Vec::with_capacity(count);
        let mut advance = 0;
        for g in 0..count {
            let lsb = if g < long_metrics {
                advance = u16_at(&hmtx, 4 * g)?;
                u16_at(&hmtx, 4 * g + 2)?
            } else {
                u16_at(&hmtx, 4 * long_metrics + 2 * (g - long_metrics))?
            };
            metrics.push((advance, lsb as i16));
        }
        let rounded = (0..count).map(|_| OnceLock::new()).collect();
        Some(GlyfIndex {
            loca,
            metrics,
            rounded,
        })
    }

    /// The `glyf` record of glyph `gid` in `glyf`, the face's table.
    pub fn outline<'a>(&self, glyf: &'a [u8], gid: u16) -> Option<&'a [u8]> {
        let g = usize::from(gid);
        let (start, end) = (*self.loca.get(g)? as usize, *self.loca.get(g + 1)? as usize);
        glyf.get(start..end)
    }

    /// Tables of a font holding only `gids` (in that order, renumbered from
    /// 0), to lay over the face's own tables, with outlines rounded to the
    /// grid of [`outline::grid`]. `None` if a glyph is out of range or
    /// composite (then subset the whole face instead).
    pub fn compact(
        &self,
        provider: &(impl FontTableProvider + ?Sized),
        gids: &[u16],
    ) -> Option<Tables> {
        let glyf_table = provider.read_table_data(tag::GLYF).ok()?;
        let mut head = provider.read_table_data(tag::HEAD).ok()?.into_owned();
        let grid = outline::grid(u16_at(&head, 18)?);
        let count = u16::try_from(gids.len()).ok()?;
        let mut glyf = Vec::new();
        let mut ends = Vec::with_capacity(gids.len());
        let mut hmtx = Vec::with_capacity(4 * gids.len());
        for &gid in gids {
            let outline = self.outline(&glyf_table, gid)?;
            // A negative contour count marks a composite glyph, whose parts
            // are referenced by their old ids.
            if u16_at(outline, 0).is_some_and(|n| (n as i16) < 0) {
                return None;
            }
            let (advance, mut lsb) = *self.metrics.get(usize::from(gid))?;
            let rounded = self
                .rounded
                .get(usize::from(gid))?
                .get_or_init(|| outline::round(outline, grid).map(Vec::into_boxed_slice));
            match rounded {
                Some(rounded) => {
                    // The side bearing moves as xMin moved, so the glyph keeps its origin.
                    let moved = i32::from(u16_at(rounded, 2)? as i16)
                        - i32::from(u16_at(outline, 2)? as i16);
                    lsb = i16::try_from(i32::from(lsb) + moved).ok()?;
                    glyf.extend_from_slice(rounded);
                }
                None => glyf.extend_from_slice(outline),
            }
            // Even lengths, so that the short `loca` format can hold the offsets.
            glyf.resize(glyf.len().next_multiple_of(2), 0);
            ends.push(glyf.len());
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        // Short offsets (halved, 16 bits) when the outlines are small enough.
        let short = glyf.len() / 2 <= usize::from(u16::MAX);
        let mut loca = Vec::with_capacity(4 * (gids.len() + 1));
        for offset in std::iter::once(0).chain(ends) {
            if short {
                loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
            } else {
                loca.extend_from_slice(&(offset as u32).to_be_bytes());
            }
        }

        set_u16(&mut head, 50, if short { 0 } else { 1 })?;
        let mut maxp = provider.read_table_data(tag::MAXP).ok()?.into_owned();
        set_u16(&mut maxp, 4, count)?;
        let mut hhea = provider.read_table_data(tag::HHEA).ok()?.into_owned();
        set_u16(&mut hhea, 34, count)?;
        Some(vec![
            (tag::HEAD, Some(head)),
            (tag::MAXP, Some(maxp)),
            (tag::HHEA, Some(hhea)),
            (tag::HMTX, Some(hmtx)),
            (tag::LOCA, Some(loca)),
            (tag::GLYF, Some(glyf)),
        ])
    }

    /// Number of glyphs in the face.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.metrics.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;

    #[test]
    fn reads_the_embedded_face_and_compacts_glyphs() {
        let bytes = crate::pdf::embedded::REGULAR;
        let data = ReadScope::new(bytes).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        let index = GlyfIndex::read(&provider).unwrap();
        assert_eq!(index.len(), 30898);
        let tables = index.compact(&provider, &[0, 11243, 3]).unwrap();
        let hmtx = &tables[3].1.as_ref().unwrap();
        assert_eq!(hmtx.len(), 12);
        // 堃 (glyph 11243) is one em wide.
        assert_eq!(u16_at(hmtx, 4), Some(1000));
        assert!(index.compact(&provider, &[0, 40000]).is_none());
    }
}
