//! The running header and footer drawn on every page once the page count is known.

use super::markup::Meta;
use super::page::Mark;
use super::text::{measure, set, Span, Weight};
use super::theme::*;
use crate::output::pdf::fonts::set::FontSet;

/// Every character the page number can use (checked against the fonts in tests).
#[cfg(test)]
pub(crate) const PAGE_NUMBER_CHARS: &str = "第页共/ 0123456789";

/// Smallest size a too-long header or footer is shrunk to.
const MIN_RUNNING_SIZE: f32 = 5.0;

/// `第 X 页 / 共 Y 页`.
pub(crate) fn page_number(page: usize, total: usize) -> String {
    format!("第 {page} 页 / 共 {total} 页")
}

/// Header (right-aligned, with a rule below) and footer (text left, page number
/// right) for page `page` of `total`.
pub(crate) fn running_marks(meta: &Meta, page: usize, total: usize, fonts: &FontSet) -> Vec<Mark> {
    let mut marks = Vec::new();
    let geometry = meta.geometry();
    let (body_w, footer) = (geometry.body_w(), geometry.footer_baseline());
    let right = MARGIN_X + body_w;
    if let Some(header) = &meta.header {
        if let Some((mark, width)) =
            one_line(&header.text, body_w, right, HEADER_BASELINE, fonts, true)
        {
            debug_assert!(width <= body_w + 1e-3);
            marks.push(mark);
        }
        marks.push(Mark::Line {
            x1: MARGIN_X,
            y1: HEADER_RULE,
            x2: right,
            y2: HEADER_RULE,
            stroke: HAIRLINE,
            grey: HAIRLINE_GREY,
        });
    }
    let number = page_number(page, total);
    let number_w = measure(&number, Weight::Regular, RUNNING_SIZE, fonts);
    if let Some((mark, _)) = one_line(&number, body_w, right, footer, fonts, true) {
        marks.push(mark);
    }
    if let Some(text) = &meta.footer {
        let room = body_w - number_w - mm(8.0);
        if let Some((mark, _)) = one_line(&text.text, room, MARGIN_X, footer, fonts, false) {
            marks.push(mark);
        }
    }
    marks
}

/// `text` on one line at most `max` wide (shrunk if needed), starting at `x`
/// or, if `right_aligned`, ending at `x`.
fn one_line(
    text: &str,
    max: f32,
    x: f32,
    baseline: f32,
    fonts: &FontSet,
    right_aligned: bool,
) -> Option<(Mark, f32)> {
    let natural = measure(text, Weight::Regular, RUNNING_SIZE, fonts);
    let size = if natural > max {
        (RUNNING_SIZE * max / natural).max(MIN_RUNNING_SIZE)
    } else {
        RUNNING_SIZE
    };
    let line = set(&[Span::regular(text, RUNNING_GREY)], size, max, fonts)
        .into_iter()
        .next()?;
    let left = if right_aligned { x - line.width } else { x };
    Some((line.mark(left, baseline, size), line.width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::typeset::markup::parse;

    #[test]
    fn footer_has_text_left_and_page_number_right() {
        let fonts = FontSet::embedded().unwrap();
        let doc = parse("meta header 上海市居住证 材料清单\nmeta footer 由 doclist 生成").unwrap();
        let marks = running_marks(&doc.meta, 2, 3, &fonts);
        let texts: Vec<(f32, String)> = marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { x, runs, .. } => {
                    Some((*x, runs.iter().map(|r| r.text.clone()).collect()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(texts.len(), 3);
        assert_eq!(texts[1].1, "第 2 页 / 共 3 页");
        assert!(texts[1].0 > PAGE_W / 2.0);
        assert_eq!(texts[2], (MARGIN_X, "由 doclist 生成".to_string()));
        assert_eq!(
            marks
                .iter()
                .filter(|m| matches!(m, Mark::Line { .. }))
                .count(),
            1
        );
    }
}
