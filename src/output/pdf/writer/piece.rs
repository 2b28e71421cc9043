//! One person's pages made ready for a merged print file: their content streams, with
//! text written in the glyph ids of the whole faces (so that every person's pages can
//! share one font subset made at the end), and the glyphs they use.

use lopdf::Object;
use printpdf::{PdfDocument, PdfPage, PdfWarnMsg};

use super::deflate::deflate;
use super::document;
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::used::UsedGlyphs;
use crate::output::pdf::typeset::meta::Meta;

/// One page's content stream.
pub(crate) struct Content {
    /// Deflated (`/FlateDecode`), or as it is when deflating would not make it smaller.
    pub deflated: bool,
    pub bytes: Vec<u8>,
}

/// One person's pages for a merged print file (see [`crate::output::pdf::Merged`]).
pub struct Piece {
    pub(crate) pages: Vec<Content>,
    /// The glyphs the pages show, by face, as glyph ids of the whole face.
    pub(crate) used: [UsedGlyphs; 3],
    /// The bookmark: the document's header line (the person's name first), else its
    /// subject or title.
    pub(crate) label: String,
    pub(crate) date: Option<chrono::NaiveDate>,
}

impl Piece {
    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Starts the bookmark with a sheet's row number, as the batch's file names do
    /// (`00017 张三 · …`); joining shards puts people in order by it.
    pub fn number(&mut self, row: usize) {
        self.label = format!("{row:05} {}", self.label);
    }

    /// The bookmark text for this person in the merged file.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// printpdf writes the operations, whose text is in the glyph ids of the whole faces
/// (only the content streams of its output are kept).
/// Also returns the content streams as written, before they are deflated.
pub(crate) fn make(
    pdf_pages: Vec<PdfPage>,
    used: [UsedGlyphs; 3],
    meta: &Meta,
) -> Result<(Piece, Vec<Vec<u8>>), PdfError> {
    let count = pdf_pages.len();
    let mut doc = PdfDocument::new("");
    doc.with_pages(pdf_pages);
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let lo = printpdf::serialize::to_lopdf_doc(&doc, &document::save_options(), &mut warnings);
    // Each page's content as printpdf wrote it (`get_page_content` would add a line feed).
    let written: Vec<Vec<u8>> = lo
        .get_pages()
        .values()
        .map(|&id| {
            let streams = lo.get_page_contents(id).into_iter().filter_map(|at| {
                let stream = lo.get_object(at).and_then(Object::as_stream).ok()?;
                Some(
                    stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone()),
                )
            });
            streams.collect::<Vec<_>>().join(&b'\n')
        })
        .collect();
    let pages: Vec<Content> = written
        .iter()
        .map(|raw| match deflate(raw) {
            Some(bytes) => Content {
                deflated: true,
                bytes,
            },
            None => Content {
                deflated: false,
                bytes: raw.clone(),
            },
        })
        .collect();
    if pages.len() != count {
        return Err(PdfError::Write(format!(
            "{count} pages typeset but {} written",
            pages.len()
        )));
    }
    let text = |f: &Option<crate::output::pdf::typeset::meta::Field>| {
        f.as_ref().map(|f| f.text.trim().to_string())
    };
    let label = [&meta.header, &meta.subject, &meta.title]
        .into_iter()
        .filter_map(text)
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let piece = Piece {
        pages,
        used,
        label,
        date: meta.date,
    };
    Ok((piece, written))
}

#[cfg(test)]
mod tests {
    use crate::output::pdf::{render_with_piece, FontSet};

    /// A person's own PDF is the same file whether it is made alone or beside a merged
    /// print file. With some 400 glyphs, the text codes hold every byte a literal string
    /// must escape (`(`, `)`, `\`, CR) and line feeds.
    #[test]
    fn a_document_is_the_same_file_with_or_without_a_merged_file() {
        let fonts = FontSet::embedded().unwrap();
        let text: String = (0x4E00u32..0x4E00 + 400)
            .filter_map(char::from_u32)
            .filter(|&c| fonts.can_draw(c))
            .collect();
        let markup = format!("title 材料清单\npara {text}\nkv 姓名 | 王(小)\\明)\n");
        let alone = crate::output::pdf::render(&markup, &fonts).unwrap();
        let (beside, info, piece) = render_with_piece(&markup, &fonts).unwrap();
        assert_eq!(piece.pages(), info.pages);
        assert!(alone == beside, "the two files differ");
    }
}
