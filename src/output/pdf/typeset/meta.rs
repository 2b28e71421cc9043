//! What a document says about itself (its `meta` lines): title, subject, creator,
//! running header and footer, date, and how bold text is drawn. The markup fills it in;
//! the typesetter and the writer read it.

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
