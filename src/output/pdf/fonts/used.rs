//! The glyphs a document draws from one face, and the glyph ids its subset keeps.

use std::collections::BTreeMap;

/// The characters a document draws from one face, with their glyph ids in that face.
pub(crate) type UsedGlyphs = BTreeMap<char, u16>;

/// The glyph ids of a subset of `used`: the used ones and `.notdef`, sorted; the
/// subset's glyph `i` is the face's glyph `gids[i]`.
pub(crate) fn gids(used: &UsedGlyphs) -> Vec<u16> {
    let mut gids: Vec<u16> = used.values().copied().filter(|&g| g != 0).collect();
    gids.push(0);
    gids.sort_unstable();
    gids.dedup();
    gids
}
