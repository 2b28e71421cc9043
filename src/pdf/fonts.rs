//! The fonts a document is set in: parsed once per process, shared by every render.

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::tag;
use printpdf::ParsedFont;

use super::embedded;
use super::error::PdfError;
use super::truetype::GlyfIndex;

/// The fonts a document is set in: a regular and a bold face, and optionally
/// a fallback face for characters those two cannot draw.
///
/// Parse it once per process ([`FontSet::embedded`]) and share it: it is
/// `Send + Sync` and a render only reads it.
pub struct FontSet {
    faces: Vec<Face>,
}

impl std::fmt::Debug for FontSet {
    /// Lists the faces by label (the parsed fonts are megabytes).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.faces.iter().map(|face| &face.label))
            .finish()
    }
}

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

/// One parsed font face.
pub(crate) struct Face {
    /// How the face is named in messages: a file name or a built-in name.
    pub label: String,
    /// PostScript name, cleaned to be a PDF name (used as /BaseFont after the subset tag).
    pub ps_name: String,
    /// Parsed character map, advances and metrics; also owns the font bytes.
    pub font: ParsedFont,
    /// Outline index of a TrueType face (`None` for CFF), for fast subsetting.
    pub glyf: Option<GlyfIndex>,
}

impl FontSet {
    /// The built-in fonts: Noto Sans SC Regular and Bold.
    pub fn embedded() -> Result<FontSet, PdfError> {
        Ok(FontSet {
            faces: vec![
                Face::load(embedded::REGULAR, "Noto Sans SC Regular (built in)")?,
                Face::load(embedded::BOLD, "Noto Sans SC Bold (built in)")?,
            ],
        })
    }

    /// Add a fallback font (for `--font FILE`), used for characters the regular
    /// or bold face cannot draw, in both regular and bold text.
    ///
    /// Static TrueType and OpenType (CFF) fonts are accepted; of a collection
    /// (TTC) face 0 is used. Variable fonts (`fvar`) and CFF2 fonts are refused.
    pub fn with_fallback(mut self, bytes: Vec<u8>, label: &str) -> Result<FontSet, PdfError> {
        let face = Face::load(&bytes, label)?;
        self.faces.truncate(2);
        self.faces.push(face);
        Ok(self)
    }

    /// Whether the set can draw `ch` in both regular and bold text.
    pub fn can_draw(&self, ch: char) -> bool {
        self.glyph(ch, false).is_some() && self.glyph(ch, true).is_some()
    }

    /// The face stored in `slot`, if the set has one.
    pub(crate) fn face(&self, slot: Slot) -> Option<&Face> {
        self.faces.get(slot as usize)
    }

    /// The glyph to draw `ch` with in regular or bold text, or `None` if no
    /// face of the set has it.
    pub(crate) fn glyph(&self, ch: char, bold: bool) -> Option<GlyphRef> {
        let first = if bold { Slot::Bold } else { Slot::Regular };
        [first, Slot::Fallback].into_iter().find_map(|slot| {
            let face = self.face(slot)?;
            let gid = face
                .font
                .lookup_glyph_index(u32::from(ch))
                .filter(|&g| g != 0)?;
            Some(GlyphRef {
                slot,
                gid,
                advance: face.advance(gid),
            })
        })
    }
}

impl Face {
    /// Parse and check one face; `label` names it in error messages.
    pub(crate) fn load(bytes: &[u8], label: &str) -> Result<Face, PdfError> {
        let refuse = |reason: &str| PdfError::Font {
            label: label.to_string(),
            reason: reason.to_string(),
        };
        let data = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|e| refuse(&format!("is not a TrueType/OpenType font ({e})")))?;
        let provider = data
            .table_provider(0)
            .map_err(|e| refuse(&format!("cannot be read ({e})")))?;
        if provider.has_table(tag::FVAR) {
            return Err(refuse(
                "is a variable font; doclist needs a static TrueType/OpenType font",
            ));
        }
        if provider.has_table(tag::CFF2) {
            return Err(refuse(
                "is a CFF2 (variable) font; doclist needs a static TrueType/OpenType font",
            ));
        }
        if !provider.has_table(tag::GLYF) && !provider.has_table(tag::CFF) {
            return Err(refuse(
                "has no TrueType or CFF outlines; doclist needs a static TrueType/OpenType font",
            ));
        }
        let ps_name = provider
            .read_table_data(tag::NAME)
            .ok()
            .and_then(|d| {
                let table = ReadScope::new(&d).read::<NameTable<'_>>().ok()?;
                table.string_for_id(NameTable::POSTSCRIPT_NAME)
            })
            .map(|n| pdf_name(&n))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Font".to_string());
        let glyf = GlyfIndex::read(&provider);
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| refuse("cannot be read (damaged head, hhea or maxp table)"))?;
        if font.codepoint_to_glyph.is_empty() {
            return Err(refuse("has no Unicode character map"));
        }
        if font.units_per_em == 0 {
            return Err(refuse("has units per em of 0"));
        }
        Ok(Face {
            label: label.to_string(),
            ps_name,
            font,
            glyf,
        })
    }

    /// Advance of glyph `gid` in em.
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        let units = self.font.get_glyph_width(gid).unwrap_or(0);
        f32::from(units) / f32::from(self.font.units_per_em)
    }

    /// The font file bytes (the whole collection for a TTC).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.font.original_bytes
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
