//! What a document says about itself (its `meta` lines): title, subject, creator,
//! running header and footer, date, and how bold text is drawn. The markup fills it in;
//! the typesetter and the writer read it.

use super::theme::Geometry;
use chrono::NaiveDate;

/// The `meta` directives of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Meta {
    pub title: Option<Field>,
    pub subject: Option<Field>,
    pub creator: Option<Field>,
    pub header: Option<Field>,
    pub footer: Option<Field>,
    pub date: Option<NaiveDate>,
    /// How bold text inside blocks is drawn (`meta strong`).
    pub strong: Strong,
    /// How the title and headings are drawn (`meta headings`).
    pub headings: Strong,
    /// The type size of the whole document (`meta size`).
    pub size: Size,
}

/// The type size of a document. Large print sets everything a third larger (body text
/// 14 pt) on the same A4 paper: the page is laid out a third smaller and drawn enlarged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Size {
    #[default]
    Normal,
    Large,
}

impl Meta {
    /// The page the body is laid out on.
    pub(crate) fn geometry(&self) -> Geometry {
        Geometry {
            scale: self.size.scale(),
        }
    }
}

impl Size {
    /// How much larger than normal everything is drawn.
    pub(crate) fn scale(self) -> f32 {
        match self {
            Size::Normal => 1.0,
            Size::Large => 4.0 / 3.0,
        }
    }
}

/// How bold text is drawn: inside blocks (key/value keys, checkbox names, notice labels
/// and blocking notices) as `meta strong` says, the title and headings as `meta headings`
/// says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Strong {
    /// In the Bold face.
    #[default]
    Face,
    /// In the regular face, thickened with a thin outline: the document embeds no Bold
    /// glyphs for that text, which keeps the file small.
    Outline,
}

/// One text field of the markup, with where it came from (for error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub text: String,
    pub line: usize,
    pub directive: &'static str,
    pub name: &'static str,
}
