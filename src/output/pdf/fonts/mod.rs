//! Fonts: the built-in faces and a `--font` face read in place (`set`), their metrics,
//! and the font programs a document embeds: `subset` numbers and names a document's
//! subset, `program` puts its glyphs together, each made smaller once per process by
//! `shrink` (with `glyf` decoding outlines, `truetype` and `tables` reading and writing
//! tables), and `sfnt` assembles the file. It knows nothing of markup or PDF objects.

pub(crate) mod embedded;
pub mod glyf;
pub(crate) mod program;
pub(crate) mod set;
pub mod sfnt;
pub(crate) mod shrink;
pub(crate) mod subset;
pub(crate) mod tables;
pub mod truetype;
pub(crate) mod used;

pub use set::FontSet;
pub(crate) use set::Slot;
