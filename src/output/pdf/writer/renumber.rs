//! A content stream's text taken from the glyph ids of the whole faces to those of a
//! document's subsets, following the font each `Tf` sets.

use super::document::Made;
use super::draw::font_id;
use crate::output::pdf::fonts::subset::position;
use lopdf::Object;

/// `content` with the glyph ids of its text strings taken from the whole faces to the
/// subsets of `made`, following the font each `Tf` sets.
pub(super) fn renumber(content: &[u8], made: &[Made<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut name: &[u8] = b"";
    let mut font: Option<&Made<'_>> = None;
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'/' => {
                let end = content[i + 1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"/[]<>()".contains(b))
                    .map_or(content.len(), |n| i + 1 + n);
                name = &content[i + 1..end];
                out.extend_from_slice(&content[i..end]);
                i = end;
            }
            b'T' if content.get(i + 1) == Some(&b'f') => {
                font = made.iter().find(|m| font_id(m.slot).0.as_bytes() == name);
                out.extend_from_slice(b"Tf");
                i += 2;
            }
            b'<' => {
                let end = content[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(content.len(), |n| i + n);
                let hex = &content[i + 1..end];
                match font {
                    Some(m) if hex.len().is_multiple_of(4) => {
                        let codes = hex.chunks_exact(4).flat_map(|code| {
                            let gid = code.iter().fold(0u16, |v, &h| {
                                let digit = char::from(h).to_digit(16).unwrap_or(0);
                                (v << 4) | digit as u16
                            });
                            position(&m.gids, gid).to_be_bytes()
                        });
                        out.extend_from_slice(&literal(codes.collect()));
                        i = (end + 1).min(content.len());
                    }
                    _ => {
                        out.push(b'<');
                        out.extend_from_slice(hex);
                        i = end;
                    }
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// `bytes` as a PDF literal string, `(…)` with what must be escaped escaped, as lopdf
/// writes the strings of page operations: a document's text is the same bytes whether its
/// pages were drawn for it or renumbered from a merged print file's.
fn literal(bytes: Vec<u8>) -> Vec<u8> {
    let show = lopdf::content::Operation::new("Tj", vec![Object::string_literal(bytes)]);
    let content = lopdf::content::Content {
        operations: vec![show],
    };
    // Writing to memory cannot fail; the operator after the string is dropped.
    let mut written = content.encode().unwrap_or_default();
    written.truncate(written.len().saturating_sub(b" Tj".len()));
    written
}
