//! The look of the document: page geometry, type sizes, spacing and greys.
//!
//! All lengths are in PDF points (1/72 inch); greys run from 0.0 (black) to 1.0 (white).

/// Millimetres to points.
pub(crate) const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 width.
pub(crate) const PAGE_W: f32 = mm(210.0);
/// A4 height.
pub(crate) const PAGE_H: f32 = mm(297.0);
/// Left and right margin.
pub(crate) const MARGIN_X: f32 = mm(18.0);
/// Top of the body, from the top edge of the page.
pub(crate) const BODY_TOP: f32 = mm(22.0);
/// Bottom of the body, from the top edge of the page.
pub(crate) const BODY_BOTTOM: f32 = PAGE_H - mm(20.0);

/// Running header and footer: size, grey and where they sit (from the top edge).
pub(crate) const RUNNING_SIZE: f32 = 8.0;
pub(crate) const RUNNING_GREY: f32 = 0.4;
pub(crate) const HEADER_BASELINE: f32 = mm(13.0);
pub(crate) const HEADER_RULE: f32 = mm(15.0);
pub(crate) const FOOTER_BASELINE: f32 = PAGE_H - mm(11.0);

/// Text colours.
pub(crate) const INK: f32 = 0.0;
pub(crate) const GREY_TEXT: f32 = 0.35;
pub(crate) const MARKS_GREY: f32 = 0.25;
/// Hairlines (table rows, rules under headings, running rules).
pub(crate) const HAIRLINE: f32 = 0.5;
pub(crate) const HAIRLINE_GREY: f32 = 0.6;

/// Type sizes and line heights.
pub(crate) const TITLE_SIZE: f32 = 18.0;
pub(crate) const TITLE_LEADING: f32 = 26.0;
pub(crate) const SUBTITLE_SIZE: f32 = 10.0;
pub(crate) const SUBTITLE_LEADING: f32 = 15.0;
pub(crate) const HEADING_SIZE: f32 = 12.5;
pub(crate) const HEADING_LEADING: f32 = 19.0;
pub(crate) const BODY_SIZE: f32 = 10.5;
pub(crate) const BODY_LEADING: f32 = 16.5;
pub(crate) const NOTE_SIZE: f32 = 9.0;
pub(crate) const NOTE_LEADING: f32 = 14.0;
pub(crate) const LABEL_SIZE: f32 = 11.5;
pub(crate) const LABEL_LEADING: f32 = 18.0;

/// Space above each kind of block.
pub(crate) const SPACE_SUBTITLE: f32 = 2.0;
pub(crate) const SPACE_AFTER_TITLE: f32 = 10.0;
pub(crate) const SPACE_HEADING: f32 = 16.0;
pub(crate) const SPACE_UNDER_HEADING: f32 = 7.0;
pub(crate) const SPACE_PARA: f32 = 5.0;
pub(crate) const SPACE_CHECK: f32 = 7.0;
pub(crate) const SPACE_TABLE: f32 = 6.0;
pub(crate) const SPACE_NOTICE: f32 = 9.0;
pub(crate) const SPACE_GAP: f32 = 9.0;
pub(crate) const SPACE_RULE: f32 = 10.0;

/// Checkbox: side, stroke, and where the text column starts after it.
pub(crate) const BOX_SIDE: f32 = 9.5;
pub(crate) const BOX_STROKE: f32 = 0.8;
pub(crate) const CHECK_INDENT: f32 = mm(6.5);

/// Key/value table: cell padding above and below, key column limits, gap.
pub(crate) const CELL_PAD: f32 = 4.0;
pub(crate) const KEY_MIN: f32 = mm(20.0);
pub(crate) const KEY_MAX: f32 = mm(45.0);
pub(crate) const KEY_GAP: f32 = mm(4.0);

/// Notice boxes: inner padding and border widths.
pub(crate) const NOTICE_PAD: f32 = 7.0;
pub(crate) const BLOCK_BORDER: f32 = 2.0;
pub(crate) const WARN_BORDER: f32 = 0.75;

/// Where a CJK glyph's em box sits: its top is this far above the baseline, in em.
pub(crate) const EM_ASCENT: f32 = 0.88;

/// The baseline of a line `leading` tall whose top is at `top`, for type of `size`:
/// the em box is centred in the line.
pub(crate) fn baseline(top: f32, leading: f32, size: f32) -> f32 {
    top + (leading - size) / 2.0 + EM_ASCENT * size
}

/// The page the typesetter fills: A4, or for large print an A4 page a third smaller that
/// the writer draws enlarged to A4. The margins stay as they are on it, so on paper they
/// grow with the type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    /// How much larger the page is drawn than it is laid out.
    pub scale: f32,
}

impl Geometry {
    /// A4 as it is.
    #[cfg(test)]
    pub(crate) const NORMAL: Geometry = Geometry { scale: 1.0 };

    /// Height of the page laid out.
    pub(crate) fn page_h(self) -> f32 {
        PAGE_H / self.scale
    }
    /// Width of the text column.
    pub(crate) fn body_w(self) -> f32 {
        PAGE_W / self.scale - 2.0 * MARGIN_X
    }
    /// Bottom of the body, from the top edge.
    pub(crate) fn body_bottom(self) -> f32 {
        self.page_h() - (PAGE_H - BODY_BOTTOM)
    }
    /// The footer's baseline, from the top edge.
    pub(crate) fn footer_baseline(self) -> f32 {
        self.page_h() - (PAGE_H - FOOTER_BASELINE)
    }
}

/// The page size, in millimetres (A4).
pub(crate) const PAGE_MM: (f32, f32) = (210.0, 297.0);
