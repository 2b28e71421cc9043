//! FNV-1a, the one hash behind the names and identifiers that make output reproducible
//! (subset tags, file ids): same bytes, same name.

/// A running FNV-1a (64-bit) hash.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Adds `bytes` to the hash.
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds `bytes` a little-endian 64-bit word per step (the last few bytes one by
    /// one): for long inputs such as a whole file, an eighth of the steps of [`write`]
    /// (and not the same values). A product carries a word's high bits only upwards, so
    /// each step also rotates them down into the next word's.
    ///
    /// [`write`]: Fnv::write
    pub(crate) fn write_words(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word: [u8; 8] = word.try_into().unwrap_or_default();
            self.0 ^= u64::from_le_bytes(word);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        }
        self.write(words.remainder());
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Fnv;

    #[test]
    fn known_values() {
        assert_eq!(Fnv::new().finish(), 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        let mut split = Fnv::new();
        split.write(b"foo");
        split.write(b"bar");
        let mut whole = Fnv::new();
        whole.write(b"foobar");
        assert_eq!(split.finish(), whole.finish());
    }

    #[test]
    fn words_hash_every_byte() {
        let text = b"%PDF-1.5 a file of some length, longer than a few words";
        let hash = |bytes: &[u8]| {
            let mut h = Fnv::new();
            h.write_words(bytes);
            h.finish()
        };
        let whole = hash(text);
        for at in 0..text.len() {
            let mut changed = text.to_vec();
            changed[at] ^= 0x80;
            assert_ne!(hash(&changed), whole, "byte {at}");
        }
        // The top bits of two words: without the rotation their changes would cancel.
        let mut twice = text.to_vec();
        twice[7] ^= 0x80;
        twice[15] ^= 0x80;
        assert_ne!(hash(&twice), whole);
        let mut split = Fnv::new();
        split.write_words(&text[..16]);
        split.write_words(&text[16..]);
        assert_eq!(split.finish(), whole);
    }
}
