//! Setting a paragraph: styled spans → measured, broken lines of font runs.

use super::linebreak::break_lines;
use super::markup::Strong;
use super::page::{Mark, Run};
use crate::output::pdf::fonts::set::{FontSet, GlyphRef, Slot};

/// How heavy a span is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    /// In the Bold face.
    Bold,
    /// In the regular face, thickened with an outline.
    Outlined,
}

impl Weight {
    /// Bold text inside blocks, as the document's `meta strong` asks.
    pub fn strong(strong: Strong) -> Weight {
        match strong {
            Strong::Face => Weight::Bold,
            Strong::Outline => Weight::Outlined,
        }
    }

    /// Whether glyphs come from the Bold face.
    fn bold_face(self) -> bool {
        self == Weight::Bold
    }
}

/// A piece of a paragraph in one style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span<'a> {
    pub text: &'a str,
    pub weight: Weight,
    pub grey: f32,
}

impl<'a> Span<'a> {
    /// Regular text in `grey`.
    pub fn regular(text: &'a str, grey: f32) -> Span<'a> {
        Span::new(text, Weight::Regular, grey)
    }

    /// Text of `weight` in `grey`.
    pub fn new(text: &'a str, weight: Weight, grey: f32) -> Span<'a> {
        Span { text, weight, grey }
    }
}

/// One set line: its runs (offsets from the line start) and its width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SetLine {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl SetLine {
    /// This line as a mark at `x` with its baseline at `baseline`.
    pub fn mark(&self, x: f32, baseline: f32, size: f32) -> Mark {
        Mark::Text {
            x,
            baseline,
            size,
            runs: self.runs.clone(),
        }
    }
}

/// Width of `text` in points at `size`.
pub(crate) fn measure(text: &str, weight: Weight, size: f32, fonts: &FontSet) -> f32 {
    text.chars()
        .map(|c| glyph(fonts, c, weight.bold_face()).advance * size)
        .sum()
}

/// Break `spans` set at `size` into lines at most `max_width` wide.
pub(crate) fn set(spans: &[Span<'_>], size: f32, max_width: f32, fonts: &FontSet) -> Vec<SetLine> {
    let mut chars = Vec::new();
    let mut widths = Vec::new();
    let mut style = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        for ch in span.text.chars() {
            let g = glyph(fonts, ch, span.weight.bold_face());
            chars.push(ch);
            widths.push(g.advance * size);
            style.push((index, g.slot));
        }
    }
    break_lines(&chars, &widths, max_width)
        .into_iter()
        .map(|range| {
            let mut runs: Vec<Run> = Vec::new();
            let mut x = 0.0;
            let mut current = None;
            for i in range {
                if current != Some(style[i]) {
                    current = Some(style[i]);
                    let (span, slot) = (&spans[style[i].0], style[i].1);
                    runs.push(Run {
                        slot,
                        grey: span.grey,
                        dx: x,
                        text: String::new(),
                        embolden: span.weight == Weight::Outlined
                            || (span.weight == Weight::Bold && slot == Slot::Fallback),
                    });
                }
                if let Some(run) = runs.last_mut() {
                    run.text.push(chars[i]);
                }
                x += widths[i];
            }
            SetLine { runs, width: x }
        })
        .collect()
}

/// The glyph for `ch`. Coverage is checked before layout, so a miss here
/// cannot happen; it would fall back to `.notdef` rather than panic.
fn glyph(fonts: &FontSet, ch: char, bold: bool) -> GlyphRef {
    fonts.glyph(ch, bold).unwrap_or(GlyphRef {
        slot: if bold { Slot::Bold } else { Slot::Regular },
        gid: 0,
        advance: 0.5,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_by_style_and_widths_add_up() {
        let fonts = FontSet::embedded().unwrap();
        let lines = set(
            &[
                Span::new("身份证", Weight::Bold, 0.0),
                Span::regular("  原件 1 份", 0.3),
            ],
            10.0,
            400.0,
            &fonts,
        );
        assert_eq!(lines.len(), 1);
        let runs = &lines[0].runs;
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].text, "身份证");
        assert_eq!(runs[0].slot, Slot::Bold);
        assert!((runs[1].dx - 30.0).abs() < 1e-3);
        assert_eq!(runs[1].text, "  原件 1 份");
        let total = measure("身份证", Weight::Bold, 10.0, &fonts)
            + measure("  原件 1 份", Weight::Regular, 10.0, &fonts);
        assert!((lines[0].width - total).abs() < 1e-3);
    }

    #[test]
    fn lines_fit_the_width() {
        let fonts = FontSet::embedded().unwrap();
        let text = "请携带本人居民身份证原件及复印件，复印件需清晰完整；办理地址详见www.962222.net或拨打0571-87280478咨询。";
        for width in [80.0, 120.0, 200.0] {
            for line in set(&[Span::regular(text, 0.0)], 10.5, width, &fonts) {
                assert!(line.width <= width + 1e-3, "{} > {width}", line.width);
            }
        }
    }
}
