//! The page model between layout and drawing: what is drawn where.
//!
//! Coordinates are points from the top-left corner of the page, y downwards
//! (drawing flips them for PDF).

use crate::output::pdf::fonts::set::Slot;

/// A run of text in one face and colour, part of a [`Mark::Text`] line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub slot: Slot,
    pub grey: f32,
    /// Offset from the line's x.
    pub dx: f32,
    pub text: String,
    /// Bold text drawn from a face without a bold weight (the fallback):
    /// thickened with an outline of the text colour.
    pub embolden: bool,
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A line of text at `x` with its baseline at `baseline`.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        runs: Vec<Run>,
    },
    /// A stroked rectangle.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: f32,
        grey: f32,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: f32,
        grey: f32,
    },
}

impl Mark {
    /// The same mark moved down by `dy`.
    pub fn shifted(mut self, dy: f32) -> Mark {
        match &mut self {
            Mark::Text { baseline, .. } => *baseline += dy,
            Mark::Frame { y, .. } => *y += dy,
            Mark::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub marks: Vec<Mark>,
}
