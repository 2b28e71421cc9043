//! How a document's subset of a face is numbered and named.

use super::set::Face;

/// The glyph id in the subset of the face's glyph `gid` (one of `gids`).
pub(crate) fn position(gids: &[u16], gid: u16) -> u16 {
    gids.binary_search(&gid).map_or(0, |i| i as u16)
}

/// The subset's PostScript name: `TAG+Name`, where `TAG` is six capitals derived from
/// the glyph set.
pub(crate) fn subset_name(face: &Face, gids: &[u16]) -> String {
    format!("{}+{}", subset_tag(&face.ps_name, gids), face.ps_name)
}

/// Six capital letters derived from the font name and glyph set (FNV-1a), so
/// the same document always gets the same tag and different subsets differ.
pub(crate) fn subset_tag(ps_name: &str, gids: &[u16]) -> String {
    let mut fnv = crate::output::pdf::fnv::Fnv::new();
    fnv.write(ps_name.as_bytes());
    for g in gids {
        fnv.write(&g.to_le_bytes());
    }
    let mut hash = fnv.finish();
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

    #[test]
    fn tag_is_six_capitals_and_deterministic() {
        let a = subset_tag("NotoSansSC-Regular", &[0, 5, 9]);
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("NotoSansSC-Regular", &[0, 5, 9]));
        assert_ne!(a, subset_tag("NotoSansSC-Regular", &[0, 5, 10]));
        assert_ne!(a, subset_tag("NotoSansSC-Bold", &[0, 5, 9]));
    }
}
