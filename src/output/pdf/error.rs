//! The one error type of the PDF typesetter.

use thiserror::Error;

/// Everything that can go wrong between block markup and PDF bytes.
///
/// Markup errors name the markup line (1-based), the directive and, where it
/// matters, the field; font errors name the font by the label it was given.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfError {
    /// A line starts with a word that is not a directive.
    #[error(
        "line {line}: unknown directive '{found}'; expected one of meta, title, subtitle, \
         heading, para, note, notice, kv, check, space, rule, pagebreak"
    )]
    UnknownDirective {
        /// Markup line number.
        line: usize,
        /// The word found at the start of the line.
        found: String,
    },

    /// `meta` with a key that is not known.
    #[error(
        "line {line} (meta): unknown key '{found}'; expected one of title, subject, creator, \
         date, header, footer, strong, headings"
    )]
    UnknownMetaKey {
        /// Markup line number.
        line: usize,
        /// The key found after `meta`.
        found: String,
    },

    /// The same `meta` key given twice.
    #[error("line {line} (meta {key}): given twice (first on line {first})")]
    DuplicateMeta {
        /// Markup line number of the second occurrence.
        line: usize,
        /// The meta key.
        key: String,
        /// Line of the first occurrence.
        first: usize,
    },

    /// A required field is absent or empty.
    #[error("line {line} ({directive}): missing field '{field}'")]
    MissingField {
        /// Markup line number.
        line: usize,
        /// Directive, e.g. `check` or `meta title`.
        directive: String,
        /// Name of the missing field.
        field: String,
    },

    /// More fields than the directive takes.
    #[error(
        "line {line} ({directive}): takes {expected} field(s) separated by ' | ', found {found}"
    )]
    TooManyFields {
        /// Markup line number.
        line: usize,
        /// Directive.
        directive: String,
        /// Number of fields the directive takes.
        expected: usize,
        /// Number of fields found.
        found: usize,
    },

    /// A `notice` whose level is not `block`, `warn` or `info`.
    #[error(
        "line {line} (notice, field level): '{found}' is not a level; expected block, warn or info"
    )]
    BadLevel {
        /// Markup line number.
        line: usize,
        /// The level found.
        found: String,
    },

    /// A `meta strong` or `meta headings` that is not `face` or `outline`.
    #[error("line {line} (meta {key}): '{found}' is not a way to draw bold text; expected face or outline")]
    BadStrong {
        /// Markup line number.
        line: usize,
        /// `strong` or `headings`.
        key: &'static str,
        /// The text found.
        found: String,
    },

    /// A `meta size` that is not `normal` or `large`.
    #[error("line {line} (meta size): '{found}' is not a type size; expected normal or large")]
    BadSize {
        /// Markup line number.
        line: usize,
        /// The text found.
        found: String,
    },

    /// A `meta date` that is not a real `YYYY-MM-DD` date.
    #[error("line {line} (meta date): '{found}' is not a date in the form YYYY-MM-DD")]
    BadDate {
        /// Markup line number.
        line: usize,
        /// The text found.
        found: String,
    },

    /// A control character (other than tab) inside a field.
    #[error(
        "line {line} ({directive}, field {field}): control character U+{code:04X} is not allowed",
        code = u32::from(*ch)
    )]
    ControlChar {
        /// Markup line number.
        line: usize,
        /// Directive.
        directive: String,
        /// Field name.
        field: String,
        /// The offending character.
        ch: char,
    },

    /// No font of the set can draw a character of the document.
    #[error(
        "line {line} ({directive}, field {field}): the fonts cannot draw '{ch}' (U+{code:04X}); \
         give a font that has it with --font FILE",
        code = u32::from(*ch)
    )]
    MissingGlyph {
        /// Markup line number.
        line: usize,
        /// Directive.
        directive: String,
        /// Field name.
        field: String,
        /// The character no font has.
        ch: char,
    },

    /// A font file that cannot be used.
    #[error("font {label} {fault}")]
    Font {
        /// How the font was named to us (file name or built-in name).
        label: String,
        /// What is wrong with it.
        fault: FontFault,
    },

    /// Subsetting a font for this document failed (a bug or a damaged font).
    #[error("font {label}: cannot subset for embedding: {reason}")]
    Subset {
        /// Font label.
        label: String,
        /// What went wrong.
        reason: String,
    },

    /// Writing the PDF file failed (a bug: the document is built in memory).
    #[error("cannot write the PDF: {0}")]
    Write(String),

    /// A file given as a merge file that doclist wrote is not one: what was not as expected.
    #[error("{0}")]
    NotMerged(String),
}

/// Why a font file cannot be used: each a kind of its own, so a caller can word it in
/// the reader's language.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FontFault {
    /// The bytes are no TrueType/OpenType font; the parser's reason.
    #[error("is not a TrueType/OpenType font ({0})")]
    NotAFont(String),
    /// A variable font (`fvar` or `CFF2`).
    #[error("is a variable font; doclist needs a static TrueType/OpenType font")]
    Variable,
    /// Neither `glyf` nor `CFF ` outlines.
    #[error("has no TrueType or CFF outlines; doclist needs a static TrueType/OpenType font")]
    NoOutlines,
    /// No Unicode subtable in `cmap`.
    #[error("has no Unicode character map")]
    NoUnicode,
    /// `head` gives 0 units per em.
    #[error("has units per em of 0")]
    ZeroUnitsPerEm,
}
