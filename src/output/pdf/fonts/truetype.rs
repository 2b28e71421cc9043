//! Direct access to the outlines of a TrueType (`glyf`) face, to hand the
//! subsetter a compact font holding only a document's glyphs.
//!
//! A CJK face has some 30 000 glyphs; reading its whole `glyf` index on every
//! document is most of the cost of subsetting. Here nothing is read ahead: the
//! offsets and metrics of a glyph are looked up in the face's own `loca` and
//! `hmtx` tables when a document uses it, and only the used glyphs are copied out.

/// Where each glyph of a TrueType face lies, and its horizontal metrics: the face's
/// own tables, borrowed.
pub struct GlyfIndex<'a> {
    head: &'a [u8],
    maxp: &'a [u8],
    hhea: &'a [u8],
    hmtx: &'a [u8],
    loca: &'a [u8],
    glyf: &'a [u8],
    /// Whether `loca` holds 32-bit offsets (else halved 16-bit ones).
    long: bool,
    /// Number of glyphs.
    count: u16,
    /// Number of full (advance, side bearing) records in `hmtx`.
    long_metrics: u16,
}

/// Replacement tables for a compact font: `Some` replaces a table, `None` hides it.
pub(crate) type Tables = Vec<(u32, Option<Vec<u8>>)>;

pub fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

pub fn set_u16(data: &mut [u8], at: usize, value: u16) -> Option<()> {
    data.get_mut(at..at + 2)?
        .copy_from_slice(&value.to_be_bytes());
    Some(())
}

impl<'a> GlyfIndex<'a> {
    /// The index of a face with `glyf` outlines, given a way to find its tables;
    /// `None` for CFF faces or tables that do not add up.
    pub fn read(table: impl Fn(&[u8; 4]) -> Option<&'a [u8]>) -> Option<GlyfIndex<'a>> {
        let glyf = table(b"glyf")?;
        let head = table(b"head")?;
        let maxp = table(b"maxp")?;
        let hhea = table(b"hhea")?;
        let hmtx = table(b"hmtx")?;
        let loca = table(b"loca")?;
        let count = u16_at(maxp, 4)?;
        let long = u16_at(head, 50)? == 1;
        let long_metrics = u16_at(hhea, 34)?.clamp(1, count.max(1));
        let entry = if long { 4 } else { 2 };
        let fits = loca.len() >= entry * (usize::from(count) + 1)
            && hmtx.len() >= 4 * usize::from(long_metrics);
        fits.then_some(GlyfIndex {
            head,
            maxp,
            hhea,
            hmtx,
            loca,
            glyf,
            long,
            count,
            long_metrics,
        })
    }

    /// Byte offset of glyph `g` in `glyf` (`g` = count gives the end).
    fn offset(&self, g: usize) -> Option<usize> {
        if self.long {
            let b = self.loca.get(4 * g..4 * g + 4)?;
            Some(u32::from_be_bytes(b.try_into().ok()?) as usize)
        } else {
            u16_at(self.loca, 2 * g).map(|half| usize::from(half) * 2)
        }
    }

    /// The `glyf` record of glyph `gid`.
    pub fn outline(&self, gid: u16) -> Option<&'a [u8]> {
        if gid >= self.count {
            return None;
        }
        let g = usize::from(gid);
        let (start, end) = (self.offset(g)?, self.offset(g + 1)?);
        self.glyf.get(start..end)
    }

    /// Advance width and left side bearing of glyph `gid`.
    pub fn metrics(&self, gid: u16) -> Option<(u16, i16)> {
        let long = usize::from(self.long_metrics);
        let g = usize::from(gid);
        if g < long {
            Some((
                u16_at(self.hmtx, 4 * g)?,
                u16_at(self.hmtx, 4 * g + 2)? as i16,
            ))
        } else {
            let advance = u16_at(self.hmtx, 4 * (long - 1))?;
            let lsb = u16_at(self.hmtx, 4 * long + 2 * (g - long))?;
            Some((advance, lsb as i16))
        }
    }

    /// Tables of a font holding only `gids` (in that order, renumbered from
    /// 0), to lay over the face's own tables. `None` if a glyph is out of
    /// range or composite (then subset the whole face instead).
    pub fn compact(&self, gids: &[u16]) -> Option<Tables> {
        let count = u16::try_from(gids.len()).ok()?;
        let mut glyf = Vec::new();
        let mut ends = Vec::with_capacity(gids.len());
        let mut hmtx = Vec::with_capacity(4 * gids.len());
        for &gid in gids {
            let outline = self.outline(gid)?;
            // A negative contour count marks a composite glyph, whose parts
            // are referenced by their old ids.
            if u16_at(outline, 0).is_some_and(|n| (n as i16) < 0) {
                return None;
            }
            let (advance, lsb) = self.metrics(gid)?;
            glyf.extend_from_slice(outline);
            // Even lengths, so that the short `loca` format can hold the offsets.
            glyf.resize(glyf.len().next_multiple_of(2), 0);
            ends.push(glyf.len());
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        let (loca, short) = loca_for(&ends);
        let mut head = self.head.to_vec();
        set_u16(&mut head, 50, if short { 0 } else { 1 })?;
        let mut maxp = self.maxp.to_vec();
        set_u16(&mut maxp, 4, count)?;
        let mut hhea = self.hhea.to_vec();
        set_u16(&mut hhea, 34, count)?;
        Some(vec![
            (tag(b"head"), Some(head)),
            (tag(b"maxp"), Some(maxp)),
            (tag(b"hhea"), Some(hhea)),
            (tag(b"hmtx"), Some(hmtx)),
            (tag(b"loca"), Some(loca)),
            (tag(b"glyf"), Some(glyf)),
        ])
    }

    /// Whether the face has no glyphs.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of glyphs in the face.
    pub fn len(&self) -> u16 {
        self.count
    }
}

/// A `loca` table for glyphs ending at `ends` (even offsets into `glyf`), short
/// (halved, 16 bits) when the outlines are small enough; and whether it is short.
pub fn loca_for(ends: &[usize]) -> (Vec<u8>, bool) {
    let total = ends.last().copied().unwrap_or(0);
    let short = total / 2 <= usize::from(u16::MAX);
    let mut loca = Vec::with_capacity(4 * (ends.len() + 1));
    for &offset in std::iter::once(&0).chain(ends) {
        if short {
            loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
        } else {
            loca.extend_from_slice(&(offset as u32).to_be_bytes());
        }
    }
    (loca, short)
}

/// A table tag as a number.
pub fn tag(name: &[u8; 4]) -> u32 {
    u32::from_be_bytes(*name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_embedded_face_and_compacts_glyphs() {
        let fonts = crate::output::pdf::FontSet::embedded().unwrap();
        let face = fonts
            .face(crate::output::pdf::fonts::Slot::Regular)
            .unwrap();
        let index = face.glyf.as_ref().unwrap();
        assert_eq!(index.len(), 30898);
        let tables = index.compact(&[0, 11243, 3]).unwrap();
        let hmtx = &tables[3].1.as_ref().unwrap();
        assert_eq!(hmtx.len(), 12);
        // 堃 (glyph 11243) is one em wide.
        assert_eq!(u16_at(hmtx, 4), Some(1000));
        assert!(index.compact(&[0, 40000]).is_none());
        // Glyphs past the long metrics repeat the last advance.
        assert_eq!(index.metrics(11243).map(|m| m.0), Some(1000));
    }
}
