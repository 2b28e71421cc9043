//! Drawing: the page model → printpdf content operations; the glyphs used.

use printpdf::{
    Color, CurTransMat, DictItem, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode,
    PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, TextRenderingMode,
};

use crate::output::pdf::fonts::set::{Face, FontSet, Slot};
use crate::output::pdf::fonts::subset::position;
use crate::output::pdf::fonts::used::UsedGlyphs;
use crate::output::pdf::typeset::page::{Mark, Page};
use crate::output::pdf::typeset::theme::PAGE_H;
use crate::output::pdf::typeset::theme::PAGE_MM;

/// The PDF resource name of the font in `slot`.
pub(crate) fn font_id(slot: Slot) -> FontId {
    FontId(
        match slot {
            Slot::Regular => "FR",
            Slot::Bold => "FB",
            Slot::Fallback => "FX",
        }
        .to_string(),
    )
}

/// Outline width, in em, that thickens a regular glyph to pass for bold.
const EMBOLDEN: f32 = 0.035;

/// Graphics state already set in the content stream, to skip repeats.
#[derive(Default)]
struct State {
    fill: Option<f32>,
    stroke: Option<f32>,
    width: Option<f32>,
    /// The text font and size: part of the graphics state, so it holds from one text
    /// section to the next.
    font: Option<(Slot, f32)>,
}

/// How the text of a face is written.
pub(crate) enum Codes<'a> {
    /// As text that printpdf encodes with the font registered for the face.
    Text,
    /// In the glyph ids of the whole face.
    Whole(&'a Face),
    /// In the glyph ids of a subset of the face whose glyph `i` is the face's `gids[i]`
    /// (see [`gids`](crate::output::pdf::fonts::used::gids)).
    Subset(&'a Face, &'a [u16]),
}

/// The glyphs each face must embed for `pages`: every character of their text, with its
/// glyph id in the face it is drawn from.
pub(crate) fn used(pages: &[Page], fonts: &FontSet) -> [UsedGlyphs; 3] {
    // A bit per code point drawn from each slot, then one glyph lookup per character.
    let mut seen: [Vec<u64>; 3] = Default::default();
    for mark in pages.iter().flat_map(|page| &page.marks) {
        let Mark::Text { runs, .. } = mark else {
            continue;
        };
        for run in runs {
            let bits = &mut seen[run.slot as usize];
            for ch in run.text.chars() {
                let (word, bit) = (ch as usize / 64, ch as usize % 64);
                if word >= bits.len() {
                    bits.resize(word + 1, 0);
                }
                bits[word] |= 1 << bit;
            }
        }
    }
    Slot::ALL.map(|slot| {
        // A face no text is drawn from is not even read.
        let bits = &seen[slot as usize];
        let Some(face) = (!bits.is_empty()).then(|| fonts.face(slot)).flatten() else {
            return UsedGlyphs::new();
        };
        let mut glyphs = Vec::new();
        for (at, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let code = (at * 64) as u32 + rest.trailing_zeros();
                rest &= rest - 1;
                let glyph = char::from_u32(code).and_then(|ch| Some((ch, face.glyph_index(ch)?)));
                glyphs.extend(glyph);
            }
        }
        // In order of the characters already: the map is built without a search.
        glyphs.into_iter().collect()
    })
}

/// Content operations for `pages`, the text of each slot written as its `codes` say, each
/// page enlarged `scale` times from its top-left corner (large print; 1.0 for none).
pub(crate) fn draw(pages: &[Page], codes: &[Codes<'_>; 3], scale: f32) -> Vec<PdfPage> {
    pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            if scale != 1.0 {
                // (x, y) → (scale·x, scale·y + PAGE_H·(1 − scale)): the top-left corner
                // stays where it is.
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([scale, 0.0, 0.0, scale, 0.0, PAGE_H * (1.0 - scale)]),
                });
            }
            let mut state = State::default();
            for mark in &page.marks {
                draw_mark(mark, &mut ops, &mut state, codes);
            }
            PdfPage::new(Mm(PAGE_MM.0), Mm(PAGE_MM.1), ops)
        })
        .collect()
}

/// The operation that shows `text`: `Tj` with the codes of its characters, or text for
/// printpdf to encode.
///
/// The `Tj` is an operation printpdf does not type (`Op::Unknown`), which it writes when
/// the document is saved without `secure`; the project makes no other such operation.
fn show(text: &str, codes: &Codes<'_>) -> Op {
    let (face, subset) = match codes {
        Codes::Text => {
            return Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            }
        }
        Codes::Whole(face) => (face, None),
        Codes::Subset(face, gids) => (face, Some(gids)),
    };
    let mut data = Vec::with_capacity(text.len());
    for ch in text.chars() {
        // A character the face lacks is its `.notdef`, glyph 0 in the subset too.
        let gid = face.glyph_index(ch).unwrap_or(0);
        let code = subset.map_or(gid, |gids| position(gids, gid));
        data.extend_from_slice(&code.to_be_bytes());
    }
    // A subset's codes as a literal string, two bytes a glyph (the writer escapes what
    // must be); the whole face's in hexadecimal, which a merged file's pages are read in.
    Op::Unknown {
        key: "Tj".to_string(),
        value: vec![DictItem::String {
            data,
            literal: subset.is_some(),
        }],
    }
}

fn grey(g: f32) -> Color {
    Color::Greyscale(Greyscale::new(g, None))
}

/// A point from top-left page coordinates to PDF (bottom-left) coordinates.
fn point(x: f32, y: f32) -> Point {
    Point {
        x: Pt(hundredths(x)),
        y: Pt(hundredths(PAGE_H - y)),
    }
}

/// `v` to 1/100 pt (1/7200 inch, far below any printer dot), so that the content
/// stream writes `51.02`, not `51.023624`.
fn hundredths(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn set_stroke(ops: &mut Vec<Op>, state: &mut State, width: f32, g: f32) {
    if state.width != Some(width) {
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        state.width = Some(width);
    }
    if state.stroke != Some(g) {
        ops.push(Op::SetOutlineColor { col: grey(g) });
        state.stroke = Some(g);
    }
}

fn draw_mark(mark: &Mark, ops: &mut Vec<Op>, state: &mut State, codes: &[Codes<'_>; 3]) {
    match mark {
        Mark::Text {
            x,
            baseline,
            size,
            runs,
        } => {
            ops.push(Op::StartTextSection);
            let mut last_dx = 0.0;
            for (i, run) in runs.iter().enumerate() {
                if state.fill != Some(run.grey) {
                    ops.push(Op::SetFillColor {
                        col: grey(run.grey),
                    });
                    state.fill = Some(run.grey);
                }
                if state.font != Some((run.slot, *size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(run.slot)),
                        size: Pt(*size),
                    });
                    state.font = Some((run.slot, *size));
                }
                // `Td` moves relative to the start of the previous run.
                let pos = if i == 0 {
                    point(*x, *baseline)
                } else {
                    Point {
                        x: Pt(hundredths(run.dx - last_dx)),
                        y: Pt(0.0),
                    }
                };
                ops.push(Op::SetTextCursor { pos });
                last_dx = run.dx;
                if run.embolden {
                    set_stroke(ops, state, size * EMBOLDEN, run.grey);
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::FillStroke,
                    });
                }
                ops.push(show(&run.text, &codes[run.slot as usize]));
                if run.embolden {
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Fill,
                    });
                }
            }
            ops.push(Op::EndTextSection);
        }
        Mark::Frame {
            x,
            y,
            w,
            h,
            stroke,
            grey: g,
        } => {
            set_stroke(ops, state, *stroke, *g);
            let bottom_left = point(*x, y + h);
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: bottom_left.x,
                    y: bottom_left.y,
                    width: Pt(hundredths(*w)),
                    height: Pt(hundredths(*h)),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            });
        }
        Mark::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
            grey: g,
        } => {
            set_stroke(ops, state, *stroke, *g);
            let p = |x: f32, y: f32| LinePoint {
                p: point(x, y),
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![p(*x1, *y1), p(*x2, *y2)],
                    is_closed: false,
                },
            });
        }
    }
}
