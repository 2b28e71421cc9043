//! The fonts built into the binary, so doclist works from any directory.
//!
//! Noto Sans SC (Regular 400 and Bold 700), SIL Open Font License 1.1; the
//! licence text ships with the binary as [`FONT_LICENSE`].

/// Noto Sans SC Regular, a static TrueType font.
pub(crate) const REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/NotoSansSC_400Regular.ttf"
));

/// Noto Sans SC Bold, a static TrueType font.
pub(crate) const BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/NotoSansSC_700Bold.ttf"
));

/// The SIL Open Font License of the built-in fonts (to print with `--licenses` or similar).
pub const FONT_LICENSE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/OFL.txt"));
