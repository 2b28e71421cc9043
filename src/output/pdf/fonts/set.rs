//! The fonts a document is set in: each face read once per process, when first
//! used, straight from its bytes, and shared by every render.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use super::embedded;
use super::shrink;
use super::truetype::GlyfIndex;
use crate::output::pdf::error::{FontFault, PdfError};

/// The fonts a document is set in: a regular and a bold face, and optionally
/// a fallback face for characters those two cannot draw.
///
/// Make it once per process ([`FontSet::embedded`]) and share it: it is
/// `Send + Sync` and a render only reads it. The built-in faces are read from
/// the bytes in the binary when a document first uses them (a document set
/// without bold never reads the bold face); reading one is a look at its table
/// directory, and characters are looked up in its `cmap` in place.
pub struct FontSet {
    regular: OnceLock<Option<Face>>,
    bold: OnceLock<Option<Face>>,
    fallback: Option<Face>,
}

impl std::fmt::Debug for FontSet {
    /// Lists the faces by label.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels = [REGULAR_LABEL, BOLD_LABEL]
            .into_iter()
            .chain(self.fallback.as_ref().map(|face| face.label.as_str()));
        f.debug_list().entries(labels).finish()
    }
}

const REGULAR_LABEL: &str = "Noto Sans SC Regular (built in)";
const BOLD_LABEL: &str = "Noto Sans SC Bold (built in)";

/// Which face of a [`FontSet`] a glyph comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Slot {
    Regular = 0,
    Bold = 1,
    Fallback = 2,
}

impl Slot {
    /// All slots, in the order their faces are stored.
    pub const ALL: [Slot; 3] = [Slot::Regular, Slot::Bold, Slot::Fallback];
}

/// Where a character is drawn from and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GlyphRef {
    pub slot: Slot,
    pub gid: u16,
    /// Advance width in em (1.0 = the font size).
    pub advance: f32,
}

/// One font face, read in place from its bytes.
pub(crate) struct Face {
    /// How the face is named in messages: a file name or a built-in name.
    pub label: String,
    /// PostScript name, cleaned to be a PDF name (used as /BaseFont after the subset tag).
    pub ps_name: String,
    /// The face's tables, read on demand from `bytes`.
    face: ttf_parser::Face<'static>,
    /// The font file (the whole collection for a TTC).
    bytes: &'static [u8],
    /// Outline index of a TrueType face (`None` for CFF), for fast subsetting.
    pub glyf: Option<GlyfIndex<'static>>,
    /// Font units per em.
    pub units_per_em: u16,
    /// Glyphs of the Basic Multilingual Plane already looked up in `cmap`: 0 not yet,
    /// 1 none, else the glyph id + 2. Shared by the threads of a batch.
    bmp: Box<[AtomicU32]>,
    /// Glyphs made ready for font programs, each once per process (see `program`).
    prepared: OnceLock<Prepared>,
    /// The `name` table subsets keep (see `tables::small_name`).
    small_name: OnceLock<Option<Vec<u8>>>,
}

/// A face's glyphs as `program` wants them, by glyph id, made when first used.
pub(crate) struct Prepared {
    /// The largest grid the face allows (see [`shrink::largest_grid`]).
    pub cap: i32,
    glyphs: Box<[OnceLock<shrink::Prepared>]>,
}

impl Prepared {
    /// Glyph `gid` prepared (now, if no document used it before); `None` if the face
    /// has no such glyph.
    pub(crate) fn glyph(&self, index: &GlyfIndex<'_>, gid: u16) -> Option<&shrink::Prepared> {
        let slot = self.glyphs.get(usize::from(gid))?;
        Some(slot.get_or_init(|| match index.outline(gid) {
            Some(outline) => shrink::prepare(outline, self.cap),
            None => shrink::Prepared::Other,
        }))
    }
}

impl FontSet {
    /// The built-in fonts: Noto Sans SC Regular and Bold (read when first used).
    pub fn embedded() -> Result<FontSet, PdfError> {
        Ok(FontSet {
            regular: OnceLock::new(),
            bold: OnceLock::new(),
            fallback: None,
        })
    }

    /// Add a fallback font (for `--font FILE`), used for characters the regular
    /// or bold face cannot draw, in both regular and bold text.
    ///
    /// Static TrueType and OpenType (CFF) fonts are accepted; of a collection
    /// (TTC) face 0 is used. Variable fonts (`fvar`) and CFF2 fonts are refused.
    /// The bytes are kept for the rest of the process. Unlike the built-in faces,
    /// whose outlines are rounded once when the font files are made (see
    /// `scripts/derive-fonts.sh`), a fallback face is embedded as it is.
    pub fn with_fallback(mut self, bytes: Vec<u8>, label: &str) -> Result<FontSet, PdfError> {
        // A fallback font lives as long as the process (it is given once, at start),
        // so its bytes are kept for good and the face borrows them.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        self.fallback = Some(Face::load(bytes, label)?);
        Ok(self)
    }

    /// Whether the set can draw `ch` in both regular and bold text.
    pub fn can_draw(&self, ch: char) -> bool {
        self.glyph(ch, false).is_some() && self.glyph(ch, true).is_some()
    }

    /// The face stored in `slot`, if the set has one (read now if not yet).
    pub(crate) fn face(&self, slot: Slot) -> Option<&Face> {
        match slot {
            Slot::Regular => self
                .regular
                .get_or_init(|| Face::load(embedded::REGULAR, REGULAR_LABEL).ok())
                .as_ref(),
            Slot::Bold => self
                .bold
                .get_or_init(|| Face::load(embedded::BOLD, BOLD_LABEL).ok())
                .as_ref(),
            Slot::Fallback => self.fallback.as_ref(),
        }
    }

    /// The glyph to draw `ch` with in regular or bold text, or `None` if no
    /// face of the set has it.
    pub(crate) fn glyph(&self, ch: char, bold: bool) -> Option<GlyphRef> {
        let first = if bold { Slot::Bold } else { Slot::Regular };
        [first, Slot::Fallback].into_iter().find_map(|slot| {
            let face = self.face(slot)?;
            let gid = face.glyph_index(ch)?;
            Some(GlyphRef {
                slot,
                gid,
                advance: face.advance(gid),
            })
        })
    }
}

impl Face {
    /// Read and check one face; `label` names it in error messages.
    pub(crate) fn load(bytes: &'static [u8], label: &str) -> Result<Face, PdfError> {
        let refuse = |fault: FontFault| PdfError::Font {
            label: label.to_string(),
            fault,
        };
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| refuse(FontFault::NotAFont(e.to_string())))?;
        let raw = face.raw_face();
        let has = |name: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(name)).is_some();
        if has(b"fvar") || has(b"CFF2") {
            return Err(refuse(FontFault::Variable));
        }
        if !has(b"glyf") && !has(b"CFF ") {
            return Err(refuse(FontFault::NoOutlines));
        }
        let unicode = face
            .tables()
            .cmap
            .is_some_and(|cmap| cmap.subtables.into_iter().any(|s| s.is_unicode()));
        if !unicode {
            return Err(refuse(FontFault::NoUnicode));
        }
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(refuse(FontFault::ZeroUnitsPerEm));
        }
        let ps_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .map(|n| pdf_name(&n))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Font".to_string());
        let glyf = GlyfIndex::read(|name| raw.table(ttf_parser::Tag::from_bytes(name)));
        Ok(Face {
            label: label.to_string(),
            ps_name,
            face,
            bytes,
            glyf,
            units_per_em,
            bmp: (0..=u16::MAX).map(|_| AtomicU32::new(0)).collect(),
            prepared: OnceLock::new(),
            small_name: OnceLock::new(),
        })
    }

    /// One of the face's tables, by tag.
    pub(crate) fn table(&self, tag: &[u8; 4]) -> Option<&'static [u8]> {
        self.face.raw_face().table(ttf_parser::Tag::from_bytes(tag))
    }

    /// The names a subset of the face keeps: those that identify it and its licence.
    pub(crate) fn small_name(&self) -> Option<&[u8]> {
        self.small_name
            .get_or_init(|| super::tables::small_name(self.table(b"name")?))
            .as_deref()
    }

    /// The face's glyphs as font programs take them (`None` for a face without `glyf`
    /// outlines).
    pub(crate) fn prepared(&self) -> Option<&Prepared> {
        let index = self.glyf.as_ref()?;
        Some(self.prepared.get_or_init(|| {
            let hinted = self.table(b"fpgm").is_some() || self.table(b"cvt ").is_some();
            Prepared {
                cap: shrink::largest_grid(self.units_per_em, hinted),
                glyphs: (0..index.len()).map(|_| OnceLock::new()).collect(),
            }
        }))
    }

    /// The metrics of the font descriptor, in thousandths of an em: bounding box,
    /// ascent and descent.
    pub(crate) fn descriptor_metrics(&self) -> ([i64; 4], i64, i64) {
        let b = self.face.global_bounding_box();
        (
            [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| self.per_mille(f64::from(v))),
            self.per_mille(f64::from(self.face.ascender())),
            self.per_mille(f64::from(self.face.descender())),
        )
    }

    /// The advance of glyph `gid` in thousandths of an em, as PDF font widths are given.
    pub(crate) fn width(&self, gid: u16) -> i64 {
        self.per_mille(f64::from(self.advance_units(gid)))
    }

    /// `units` of this face in thousandths of an em, rounded.
    fn per_mille(&self, units: f64) -> i64 {
        (units * 1000.0 / f64::from(self.units_per_em)).round() as i64
    }

    /// The glyph of `ch` in this face; `None` if the face cannot draw it.
    ///
    /// A layout asks for each character several times (measuring, checking, drawing);
    /// characters of the Basic Multilingual Plane are looked up in `cmap` once per process.
    pub(crate) fn glyph_index(&self, ch: char) -> Option<u16> {
        let lookup = || self.face.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0);
        let Some(slot) = self.bmp.get(ch as usize) else {
            return lookup();
        };
        match slot.load(Ordering::Relaxed) {
            0 => {
                let gid = lookup();
                slot.store(gid.map_or(1, |g| u32::from(g) + 2), Ordering::Relaxed);
                gid
            }
            1 => None,
            known => Some((known - 2) as u16),
        }
    }

    /// Advance of glyph `gid` in font units.
    pub(crate) fn advance_units(&self, gid: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }

    /// Advance of glyph `gid` in em.
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        f32::from(self.advance_units(gid)) / f32::from(self.units_per_em)
    }

    /// The font file bytes (the whole collection for a TTC).
    pub(crate) fn bytes(&self) -> &'static [u8] {
        self.bytes
    }
}

/// Keep only the characters a PDF name and a PostScript font name may hold.
fn pdf_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(63)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn embedded_fonts_load_and_are_shareable() {
        assert_send_sync::<FontSet>();
        let fonts = FontSet::embedded().unwrap();
        assert_eq!(
            fonts.face(Slot::Regular).unwrap().ps_name,
            "NotoSansSC-Regular"
        );
        assert_eq!(fonts.face(Slot::Bold).unwrap().ps_name, "NotoSansSC-Bold");
        let g = fonts.glyph('中', true).unwrap();
        assert_eq!(g.slot, Slot::Bold);
        assert!((g.advance - 1.0).abs() < 1e-6);
        assert!(fonts.glyph('한', false).is_none());
        assert_eq!(
            format!("{fonts:?}"),
            r#"["Noto Sans SC Regular (built in)", "Noto Sans SC Bold (built in)"]"#
        );
    }

    #[test]
    fn a_face_is_read_only_when_a_document_needs_it() {
        let fonts = FontSet::embedded().unwrap();
        assert!(fonts.regular.get().is_none() && fonts.bold.get().is_none());
        assert!(fonts.glyph('材', false).is_some());
        assert!(fonts.regular.get().is_some_and(Option::is_some));
        assert!(
            fonts.bold.get().is_none(),
            "regular text leaves the bold face unread"
        );
        let doc = crate::output::pdf::render(
            "meta strong outline\nkv 姓名 | 李小雨\npara 材料清单",
            &fonts,
        );
        assert!(doc.is_ok(), "{doc:?}");
        assert!(
            fonts.bold.get().is_none(),
            "outlined strong text is the regular face"
        );
        let doc = crate::output::pdf::render(
            "meta strong outline\nmeta headings outline\ntitle 清单\nheading 原件\npara 材料",
            &fonts,
        );
        assert!(doc.is_ok(), "{doc:?}");
        assert!(
            fonts.bold.get().is_none(),
            "outlined titles and headings are the regular face"
        );
    }

    #[test]
    fn looked_up_glyphs_are_remembered_and_agree_with_cmap() {
        let fonts = FontSet::embedded().unwrap();
        let face = fonts.face(Slot::Regular).unwrap();
        for ch in ['材', 'a', ' ', '\u{E000}', '\u{1F600}', '𠀀'] {
            let direct = face.face.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0);
            assert_eq!(face.glyph_index(ch), direct, "{ch:?}, first");
            assert_eq!(face.glyph_index(ch), direct, "{ch:?}, remembered");
        }
        assert!(face.glyph_index('材').is_some());
        assert_eq!(face.glyph_index('\u{E000}'), None);
    }

    #[test]
    fn garbage_is_refused_with_the_label() {
        let fonts = FontSet::embedded().unwrap();
        let err = fonts
            .with_fallback(b"not a font".to_vec(), "junk.ttf")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("font junk.ttf is not a TrueType/OpenType font"),
            "{err}"
        );
    }

    #[test]
    fn pdf_names_are_clean() {
        assert_eq!(pdf_name("Noto Sans/SC (Bold)"), "NotoSansSCBold");
    }
}
