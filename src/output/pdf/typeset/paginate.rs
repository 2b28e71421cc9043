//! Distributing laid-out chunks over pages.
//!
//! A [`Chunk`] is a piece of a block that must not be split (a line, a table
//! row, a checkbox with its name). Chunks say whether they stay with the next
//! chunk (headings), whether their whole block should move to the next page
//! rather than split when it fits on one page (notices, rows), and whether
//! they sit inside a framed box (notices), whose border is drawn around the
//! part of the box on each page.

use super::page::{Mark, Page};
use super::theme::{Geometry, BODY_TOP};

/// A box drawn around consecutive chunks that share its `id`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub id: usize,
    /// Space between the border and the content, above and below.
    pub pad: f32,
    pub stroke: f32,
    pub x: f32,
    pub w: f32,
}

/// An unsplittable piece of a block. Marks are relative to the chunk's top.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Chunk {
    pub height: f32,
    /// Space above the chunk; dropped at the top of a page.
    pub space_before: f32,
    /// Never end a page after this chunk.
    pub keep_with_next: bool,
    /// On the first chunk of a block that should move whole to a new page
    /// rather than split (if not too tall): the block's total height,
    /// including frame padding.
    pub whole: Option<f32>,
    pub frame: Option<Frame>,
    /// A forced page break before this chunk.
    pub break_before: bool,
    pub marks: Vec<Mark>,
}

/// Cursor over the page being filled.
struct Cursor {
    pages: Vec<Page>,
    /// Bottom of the body on the page.
    bottom: f32,

    y: f32,
    empty: bool,
    /// The frame open on this page and the y of its top border.
    open: Option<(Frame, f32)>,
}

impl Cursor {
    fn new_page(&mut self) {
        self.close_frame();
        self.pages.push(Page::default());
        self.y = BODY_TOP;
        self.empty = true;
    }

    fn close_frame(&mut self) {
        if let Some((frame, top)) = self.open.take() {
            let bottom = self.y + frame.pad;
            if let Some(page) = self.pages.last_mut() {
                page.marks.push(Mark::Frame {
                    x: frame.x,
                    y: top,
                    w: frame.w,
                    h: bottom - top,
                    stroke: frame.stroke,
                    grey: 0.0,
                });
            }
            self.y = bottom;
        }
    }

    fn room(&self) -> f32 {
        self.bottom - self.y
    }
}

/// Height `chunks[i]` needs on the current page, with its space before
/// (unless the page is empty) and the padding of a frame it opens or closes.
fn need(chunks: &[Chunk], i: usize, first_on_page: bool, open: Option<usize>) -> f32 {
    let c = &chunks[i];
    let mut h = c.height;
    if !first_on_page {
        h += c.space_before;
    }
    if let Some(f) = c.frame {
        if open != Some(f.id) {
            h += f.pad;
        }
        h += f.pad;
    }
    h
}

/// Height the chain of chunks starting at `i` needs to stay together:
/// `i` and every chunk it keeps with, plus a whole block at the end when it is at most
/// `with_whole` tall.
fn chain_need(
    chunks: &[Chunk],
    i: usize,
    first_on_page: bool,
    open: Option<usize>,
    with_whole: Option<f32>,
) -> f32 {
    let mut total = 0.0;
    let mut j = i;
    let mut open = open;
    loop {
        let whole = chunks[j]
            .whole
            .filter(|w| with_whole.is_some_and(|max| *w <= max));
        match whole {
            Some(w) => {
                total += w + if j == i && first_on_page {
                    0.0
                } else {
                    chunks[j].space_before
                };
            }
            None => total += need(chunks, j, j == i && first_on_page, open),
        }
        open = chunks[j].frame.map(|f| f.id);
        if !chunks[j].keep_with_next || j + 1 >= chunks.len() || chunks[j + 1].break_before {
            return total;
        }
        if whole.is_some() {
            return total;
        }
        // Padding of a frame that stays open is counted once, at its close.
        if let (Some(a), Some(b)) = (chunks[j].frame, chunks[j + 1].frame) {
            if a.id == b.id {
                total -= a.pad;
            }
        }
        j += 1;
    }
}

/// Lay `chunks` out on as many pages as they need (at least one).
pub(crate) fn paginate(chunks: &[Chunk], geometry: Geometry) -> Vec<Page> {
    let bottom = geometry.body_bottom();
    let full = bottom - BODY_TOP;
    // Blocks up to half a page move whole to the next page rather than split; taller
    // ones split, so that a page is not left mostly empty.
    let whole = Some(full * 0.5);
    let mut cur = Cursor {
        pages: vec![Page::default()],
        bottom,
        y: BODY_TOP,
        empty: true,
        open: None,
    };
    for (i, chunk) in chunks.iter().enumerate() {
        if chunk.break_before && !cur.empty {
            cur.new_page();
        }
        let open_id = cur.open.map(|(f, _)| f.id);
        if !cur.empty {
            let with_whole = chain_need(chunks, i, false, open_id, whole);
            let plain = chain_need(chunks, i, false, open_id, None);
            let fresh_whole = chain_need(chunks, i, true, None, whole);
            let fresh_plain = chain_need(chunks, i, true, None, None);
            let move_on = (with_whole > cur.room() && fresh_whole <= full)
                || (plain > cur.room() && fresh_plain <= full)
                || need(chunks, i, false, open_id) > cur.room();
            if move_on {
                cur.new_page();
            }
        }
        place(&mut cur, chunk);
    }
    cur.close_frame();
    cur.pages
}

fn place(cur: &mut Cursor, chunk: &Chunk) {
    let open_id = cur.open.map(|(f, _)| f.id);
    if open_id.is_some() && chunk.frame.map(|f| f.id) != open_id {
        cur.close_frame();
    }
    if !cur.empty {
        cur.y += chunk.space_before;
    }
    if let Some(frame) = chunk.frame {
        if cur.open.is_none() {
            cur.open = Some((frame, cur.y));
            cur.y += frame.pad;
        }
    }
    let y = cur.y;
    if let Some(page) = cur.pages.last_mut() {
        page.marks
            .extend(chunk.marks.iter().cloned().map(|m| m.shifted(y)));
    }
    cur.y += chunk.height;
    cur.empty = false;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::typeset::theme::BODY_BOTTOM;

    fn line(h: f32, tag: f32) -> Chunk {
        Chunk {
            height: h,
            marks: vec![Mark::Line {
                x1: tag,
                y1: 0.0,
                x2: tag,
                y2: h,
                stroke: 1.0,
                grey: 0.0,
            }],
            ..Chunk::default()
        }
    }

    /// The tags (x1 of each line mark) on each page.
    fn tags(pages: &[Page]) -> Vec<Vec<f32>> {
        pages
            .iter()
            .map(|p| {
                p.marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Line { x1, .. } => Some(*x1),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fills_pages_in_order() {
        let full = BODY_BOTTOM - BODY_TOP;
        let chunks: Vec<Chunk> = (0..5).map(|i| line(full / 2.0 - 1.0, i as f32)).collect();
        let pages = paginate(&chunks, Geometry::NORMAL);
        assert_eq!(tags(&pages), [vec![0.0, 1.0], vec![2.0, 3.0], vec![4.0]]);
    }

    #[test]
    fn heading_is_never_last_on_a_page() {
        let full = BODY_BOTTOM - BODY_TOP;
        let mut heading = line(20.0, 9.0);
        heading.keep_with_next = true;
        let chunks = vec![line(full - 30.0, 0.0), heading, line(20.0, 1.0)];
        assert_eq!(
            tags(&paginate(&chunks, Geometry::NORMAL)),
            [vec![0.0], vec![9.0, 1.0]]
        );
    }

    #[test]
    fn whole_block_moves_if_it_fits_a_page() {
        let full = BODY_BOTTOM - BODY_TOP;
        let mut first = line(20.0, 1.0);
        first.whole = Some(60.0);
        let chunks = vec![
            line(full - 50.0, 0.0),
            first,
            line(20.0, 2.0),
            line(20.0, 3.0),
        ];
        assert_eq!(
            tags(&paginate(&chunks, Geometry::NORMAL)),
            [vec![0.0], vec![1.0, 2.0, 3.0]]
        );
    }

    #[test]
    fn block_taller_than_half_a_page_splits_instead_of_moving() {
        let full = BODY_BOTTOM - BODY_TOP;
        let line_h = full / 20.0;
        let mut chunks = vec![line(full / 2.0, 0.0)];
        for i in 1..=12 {
            chunks.push(line(line_h, i as f32));
        }
        chunks[1].whole = Some(12.0 * line_h);
        let pages = paginate(&chunks, Geometry::NORMAL);
        assert_eq!(pages.len(), 2);
        assert_eq!(tags(&pages)[0].len(), 1 + 10, "{:?}", tags(&pages));
    }

    #[test]
    fn framed_block_split_gets_a_border_on_each_page() {
        let full = BODY_BOTTOM - BODY_TOP;
        let frame = Frame {
            id: 7,
            pad: 5.0,
            stroke: 2.0,
            x: 0.0,
            w: 100.0,
        };
        let framed: Vec<Chunk> = (0..40)
            .map(|i| Chunk {
                frame: Some(frame),
                ..line(full / 30.0, i as f32)
            })
            .collect();
        let pages = paginate(&framed, Geometry::NORMAL);
        assert_eq!(pages.len(), 2);
        for page in &pages {
            let frames: Vec<(f32, f32)> = page
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Frame { y, h, .. } => Some((*y, *h)),
                    _ => None,
                })
                .collect();
            assert_eq!(frames.len(), 1);
            let (y, h) = frames[0];
            assert!(
                y >= BODY_TOP - 1e-3 && y + h <= BODY_BOTTOM + 1e-3,
                "{y} {h}"
            );
        }
    }

    #[test]
    fn forced_break_starts_a_page_unless_empty() {
        let mut brk = line(10.0, 1.0);
        brk.break_before = true;
        let mut brk0 = line(10.0, 0.0);
        brk0.break_before = true;
        assert_eq!(
            tags(&paginate(&[brk0, brk], Geometry::NORMAL)),
            [vec![0.0], vec![1.0]]
        );
    }
}
