//! Deflating PDF streams with libdeflate, one compressor per level and thread.

/// The libdeflate levels a document's streams are deflated at: the first whose file
/// stays within the size budget (`document::SIZE_BUDGET`), else the last. Level 1 deflates the streams of the
/// shipped examples in 46% of level 6's time for 6% more bytes (level 4: 71%, for 3%
/// more); the documents that would then pass the budget are deflated again at level 6,
/// and those still over it at level 12 (4% smaller again, for ten times the time).
/// Measured with `cargo bench --bench deflate`.
pub(crate) const LEVELS: [i32; 3] = [1, 6, 12];

/// `data` deflated in zlib format at the first of [`LEVELS`], or `None` when that would
/// not make it smaller (for the streams of a merged print file, whose size has no budget).
pub(crate) fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    deflate_at(data, LEVELS[0])
}

/// `data` deflated in zlib format at `level` (1–12), or `None` when that would not make
/// it smaller.
///
/// Each thread keeps one compressor per level and one output buffer for all its streams:
/// a libdeflate compressor holds about a megabyte of match-finder tables, and making (and
/// zeroing) it anew for every stream cost more than a tenth of a batch's time.
pub(crate) fn deflate_at(data: &[u8], level: i32) -> Option<Vec<u8>> {
    type Compressors = Vec<(i32, libdeflater::Compressor)>;
    thread_local! {
        static DEFLATE: std::cell::RefCell<(Compressors, Vec<u8>)> =
            const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    DEFLATE.with(|cell| {
        let (compressors, out) = &mut *cell.borrow_mut();
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = libdeflater::CompressionLvl::new(level).ok()?;
                compressors.push((level, libdeflater::Compressor::new(lvl)));
                compressors.len() - 1
            }
        };
        let compressor = &mut compressors[at].1;
        let bound = compressor.zlib_compress_bound(data.len());
        if out.len() < bound {
            out.resize(bound, 0);
        }
        let len = compressor.zlib_compress(data, out).ok()?;
        (len < data.len()).then(|| out[..len].to_vec())
    })
}
