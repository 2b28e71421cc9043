//! The file identifier (`/ID`): hashed from the file itself, so that the same document
//! is always the same file.

/// Replace the two 32-letter strings of the trailer's `/ID` with letters
/// hashed from the rest of the file. Same length, so no offset moves.
pub(super) fn set_file_id(bytes: &mut [u8]) {
    const KEY: &[u8] = b"/ID[(";
    let Some(at) = bytes.windows(KEY.len()).rposition(|w| w == KEY) else {
        return;
    };
    let first = at + KEY.len();
    let second = first + 32 + 2;
    let well_formed = bytes.len() >= second + 33
        && bytes[first + 32..second] == *b")("
        && bytes[second + 32] == b')'
        && bytes[first..first + 32].iter().all(u8::is_ascii_uppercase)
        && bytes[second..second + 32]
            .iter()
            .all(u8::is_ascii_uppercase);
    if !well_formed {
        return;
    }
    let mut fnv = crate::output::pdf::fnv::Fnv::new();
    fnv.write_words(&bytes[..at]);
    let mut hash = fnv.finish();
    let mut letters = [0u8; 32];
    for (i, letter) in letters.iter_mut().enumerate() {
        if i % 16 == 0 {
            // splitmix64 step: spreads the hash over the next 16 letters.
            hash = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = hash;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            hash = z ^ (z >> 31);
        }
        *letter = b'A' + ((hash >> ((i % 16) * 4)) & 0xF) as u8;
    }
    bytes[first..first + 32].copy_from_slice(&letters);
    bytes[second..second + 32].copy_from_slice(&letters);
}
