//! Rewriting a TrueType font file (sfnt) with some of its tables replaced or left out.
//!
//! A font embedded for a CID font with an identity glyph map is reached by glyph id
//! only: its `cmap` (characters to glyphs) is never read by a PDF reader, since text
//! extraction uses the ToUnicode map. Leaving it out makes every file smaller.

/// `font` with the tables tagged in `drop` left out: table directory and checksums
/// rebuilt, tables 4-byte aligned. `None` if `font` is not a well-formed sfnt (or no
/// table would be left).
pub(crate) fn without_tables(font: &[u8], drop: &[u32]) -> Option<Vec<u8>> {
    let changes: Vec<(u32, Option<&[u8]>)> = drop.iter().map(|&tag| (tag, None)).collect();
    rebuild(font, &changes)
}

/// `font` with each table tagged in `changes` replaced (`Some`) or left out (`None`):
/// table directory and checksums rebuilt, tables 4-byte aligned. Only tables the font
/// has are replaced. `None` if `font` is not a well-formed sfnt (or no table would be
/// left).
pub fn rebuild(font: &[u8], changes: &[(u32, Option<&[u8]>)]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| {
        font.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        font.get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let version = u32_at(0)?;
    let count = usize::from(u16_at(4)?);
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let at = 12 + 16 * i;
        let tag = u32_at(at)?;
        let offset = u32_at(at + 8)? as usize;
        let len = u32_at(at + 12)? as usize;
        let data = font.get(offset..offset.checked_add(len)?)?;
        match changes.iter().find(|(t, _)| *t == tag) {
            Some((_, Some(new))) => tables.push((tag, *new)),
            Some((_, None)) => {}
            None => tables.push((tag, data)),
        }
    }
    assemble(version, tables)
}

/// A font file of `tables` (tag and data, any order): table directory sorted by tag,
/// checksums and `head`'s checksum adjustment computed, tables 4-byte aligned. `None`
/// if there is no table (or more than an sfnt can list).
pub(crate) fn assemble(version: u32, mut tables: Vec<(u32, &[u8])>) -> Option<Vec<u8>> {
    tables.sort_by_key(|(tag, _)| *tag);
    // The largest power of two not above the table count, as the directory header wants.
    let n = u16::try_from(tables.len())
        .ok()
        .filter(|&n| n > 0 && n < 4096)?;
    let power = 1u16 << (15 - n.leading_zeros());
    let search_range = power * 16;
    let entry_selector = power.trailing_zeros() as u16;
    let range_shift = n * 16 - search_range;
    let size: usize = tables
        .iter()
        .map(|(_, d)| d.len().next_multiple_of(4))
        .sum();
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + size);
    out.extend_from_slice(&version.to_be_bytes());
    for v in [n, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        let mut sum = checksum(data);
        if *tag == HEAD {
            // The checksum of `head` is taken with its checkSumAdjustment at zero.
            sum = sum.wrapping_sub(checksum(data.get(8..12)?));
            head_at = Some(offset);
        }
        for v in [*tag, sum, offset as u32, data.len() as u32] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in &tables {
        let start = out.len();
        out.extend_from_slice(data);
        if *tag == HEAD {
            out[start + 8..start + 12].fill(0);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

const HEAD: u32 = u32::from_be_bytes(*b"head");

/// The sfnt checksum: the sum of big-endian 32-bit words, the last one zero-padded.
fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let rest = words.remainder();
    let mut last = [0u8; 4];
    last[..rest.len()].copy_from_slice(rest);
    words.fold(u32::from_be_bytes(last), |sum, word| {
        sum.wrapping_add(u32::from_be_bytes([word[0], word[1], word[2], word[3]]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    use allsorts::tag;

    #[test]
    fn dropping_a_table_keeps_the_others_intact() {
        let full = crate::output::pdf::fonts::embedded::BOLD;
        let small = without_tables(full, &[tag::CMAP, tag::GSUB]).unwrap();
        assert!(small.len() < full.len());
        let read = |bytes: &[u8], t: u32| {
            let data = ReadScope::new(bytes).read::<FontData<'_>>().unwrap();
            let provider = data.table_provider(0).unwrap();
            provider.table_data(t).unwrap().map(|d| d.into_owned())
        };
        assert!(read(&small, tag::CMAP).is_none());
        assert!(read(&small, tag::GSUB).is_none());
        assert_eq!(read(&small, tag::GLYF), read(full, tag::GLYF));
        assert_eq!(read(&small, tag::HMTX), read(full, tag::HMTX));
        // The whole file sums to the magic number, as the OpenType spec requires.
        assert_eq!(checksum(&small), 0xB1B0_AFBA);
        // Still a font printpdf can read.
        assert!(printpdf::ParsedFont::from_bytes(&small, 0, &mut Vec::new()).is_some());
    }

    #[test]
    fn not_a_font_is_refused() {
        assert!(without_tables(b"\0\x01\0\0\0\x05", &[]).is_none());
        assert!(without_tables(b"", &[]).is_none());
    }
}
