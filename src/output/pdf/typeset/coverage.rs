//! Checking, before any layout, that the fonts can draw every character.

use super::markup::Markup;
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::set::FontSet;

/// Fail with the first character of `doc` (in markup order) that no face of
/// `fonts` can draw, naming its line, directive and field.
pub(crate) fn check(doc: &Markup, fonts: &FontSet) -> Result<(), PdfError> {
    for (field, bold) in doc.fields() {
        if let Some(ch) = field.text.chars().find(|&c| fonts.glyph(c, bold).is_none()) {
            return Err(PdfError::MissingGlyph {
                line: field.line,
                directive: field.directive.to_string(),
                field: field.name.to_string(),
                ch,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::typeset::layout::{LABEL_BLOCK, LABEL_INFO, LABEL_WARN};
    use crate::output::pdf::typeset::markup::parse;
    use crate::output::pdf::typeset::running::PAGE_NUMBER_CHARS;

    #[test]
    fn fixed_texts_are_drawable_in_both_faces() {
        let fonts = FontSet::embedded().unwrap();
        for text in [LABEL_BLOCK, LABEL_WARN, LABEL_INFO, PAGE_NUMBER_CHARS, " ·"] {
            for ch in text.chars() {
                assert!(
                    fonts.glyph(ch, true).is_some() && fonts.glyph(ch, false).is_some(),
                    "{ch}"
                );
            }
        }
    }

    #[test]
    fn missing_glyph_names_line_directive_field_and_char() {
        let fonts = FontSet::embedded().unwrap();
        let doc = parse("title 清单\n\ncheck 张𠀀的证件 | 原件 | 说明").unwrap();
        let err = check(&doc, &fonts).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3 (check, field name): the fonts cannot draw '𠀀' (U+20000); \
             give a font that has it with --font FILE"
        );
    }
}
