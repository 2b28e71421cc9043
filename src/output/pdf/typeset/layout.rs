//! Laying out blocks: markup blocks → chunks for the paginator.

use super::markup::{Block, Field, Level, Markup};
use super::page::Mark;
use super::paginate::{Chunk, Frame};
use super::text::{measure, set, SetLine, Span, Weight};
use super::theme::*;
use crate::output::pdf::fonts::set::FontSet;

/// Fixed label of a `notice block`.
pub(crate) const LABEL_BLOCK: &str = "不符合办理条件";
/// Fixed label of a `notice warn`.
pub(crate) const LABEL_WARN: &str = "注意：";
/// Fixed label of a `notice info`.
pub(crate) const LABEL_INFO: &str = "提示：";
/// Space between a check item's name and its marks.
const MARKS_GAP: &str = "   ";

/// Lay out the body blocks of `doc` as chunks, in order.
pub(crate) fn layout(doc: &Markup, fonts: &FontSet) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut prev: Option<&Block> = None;
    let mut extra_space = 0.0;
    let mut break_next = false;
    let blocks = &doc.blocks;
    let strong = Weight::strong(doc.meta.strong);
    let headings = Weight::strong(doc.meta.headings);
    let body_w = doc.meta.geometry().body_w();
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Space => {
                extra_space += SPACE_GAP;
                continue;
            }
            Block::PageBreak => {
                break_next = true;
                extra_space = 0.0;
                continue;
            }
            _ => {}
        }
        let mut chunks = match block {
            Block::Title(f) => title(f, headings, body_w, fonts),
            Block::Subtitle(f) => plain(
                f,
                SUBTITLE_SIZE,
                SUBTITLE_LEADING,
                GREY_TEXT,
                body_w,
                fonts,
                true,
            ),
            Block::Heading(f) => heading(f, headings, body_w, fonts),
            Block::Para(f) => plain(f, BODY_SIZE, BODY_LEADING, INK, body_w, fonts, false),
            // A note right under a heading (a group's hint) stays with what follows it.
            Block::Note(f) => {
                let under_heading = matches!(prev, Some(Block::Heading(_)));
                plain(
                    f,
                    NOTE_SIZE,
                    NOTE_LEADING,
                    GREY_TEXT,
                    body_w,
                    fonts,
                    under_heading,
                )
            }
            Block::Notice { level, text } => notice(*level, text, index, strong, body_w, fonts),
            Block::Kv { key, value } => {
                // A table right under a heading uses the heading's rule as its top border.
                let top_rule = !matches!(prev, Some(Block::Kv { .. } | Block::Heading(_)));
                let key_w = key_column(blocks, index, strong, fonts);
                kv_row(key, value, key_w, body_w, top_rule, strong, fonts)
            }
            Block::Check { name, marks, note } => check(name, marks, note, strong, body_w, fonts),
            Block::Rule => vec![rule(body_w)],
            Block::Space | Block::PageBreak => Vec::new(),
        };
        if let Some(first) = chunks.first_mut() {
            first.space_before = spacing(prev, block) + extra_space;
            first.break_before = break_next;
            extra_space = 0.0;
            break_next = false;
        }
        out.extend(chunks);
        prev = Some(block);
    }
    out
}

/// Space between the previous block and `cur`.
fn spacing(prev: Option<&Block>, cur: &Block) -> f32 {
    let own = match cur {
        Block::Title(_) => 0.0,
        Block::Subtitle(_) => SPACE_SUBTITLE,
        Block::Heading(_) => SPACE_HEADING,
        Block::Para(_) | Block::Note(_) => SPACE_PARA,
        Block::Notice { .. } => SPACE_NOTICE,
        Block::Kv { .. } => SPACE_TABLE,
        Block::Check { .. } => SPACE_CHECK,
        Block::Rule => SPACE_RULE,
        Block::Space | Block::PageBreak => 0.0,
    };
    match (prev, cur) {
        (None, _) => 0.0,
        (Some(Block::Title(_)), Block::Subtitle(_)) => SPACE_SUBTITLE,
        (Some(Block::Title(_) | Block::Subtitle(_)), Block::Heading(_)) => SPACE_HEADING,
        (Some(Block::Title(_) | Block::Subtitle(_)), _) => own.max(SPACE_AFTER_TITLE),
        (Some(Block::Heading(_)), _) => SPACE_UNDER_HEADING,
        (Some(Block::Kv { .. }), Block::Kv { .. }) => 0.0,
        (Some(Block::Kv { .. } | Block::Notice { .. }), _) => own.max(SPACE_TABLE),
        _ => own,
    }
}

/// Text lines as chunks, one per line, with the first two and last two lines
/// kept together (no single line left alone at a page break).
fn line_chunks(
    lines: &[SetLine],
    x: f32,
    size: f32,
    leading: f32,
    frame: Option<Frame>,
) -> Vec<Chunk> {
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| Chunk {
            height: leading,
            keep_with_next: n >= 2 && (i == 0 || i + 2 == n),
            frame,
            marks: vec![line.mark(x, baseline(0.0, leading, size), size)],
            ..Chunk::default()
        })
        .collect()
}

/// Stack lines into one chunk's marks, starting at `top`; returns the bottom.
fn stack(
    marks: &mut Vec<Mark>,
    lines: &[SetLine],
    x: f32,
    top: f32,
    size: f32,
    leading: f32,
) -> f32 {
    let mut y = top;
    for line in lines {
        marks.push(line.mark(x, baseline(y, leading, size), size));
        y += leading;
    }
    y
}

/// Regular text in `grey`, one chunk per line (all kept together with what
/// follows when `keep_with_next`).
fn plain(
    field: &Field,
    size: f32,
    leading: f32,
    grey: f32,
    body_w: f32,
    fonts: &FontSet,
    keep_with_next: bool,
) -> Vec<Chunk> {
    let lines = set(&[Span::regular(&field.text, grey)], size, body_w, fonts);
    let mut chunks = line_chunks(&lines, MARGIN_X, size, leading, None);
    if keep_with_next {
        chunks.iter_mut().for_each(|c| c.keep_with_next = true);
    }
    chunks
}

fn title(field: &Field, weight: Weight, body_w: f32, fonts: &FontSet) -> Vec<Chunk> {
    let lines = set(
        &[Span::new(&field.text, weight, INK)],
        TITLE_SIZE,
        body_w,
        fonts,
    );
    let mut marks = Vec::new();
    let bottom = stack(&mut marks, &lines, MARGIN_X, 0.0, TITLE_SIZE, TITLE_LEADING);
    vec![Chunk {
        height: bottom,
        keep_with_next: true,
        marks,
        ..Chunk::default()
    }]
}

fn heading(field: &Field, weight: Weight, body_w: f32, fonts: &FontSet) -> Vec<Chunk> {
    let lines = set(
        &[Span::new(&field.text, weight, INK)],
        HEADING_SIZE,
        body_w,
        fonts,
    );
    let mut marks = Vec::new();
    let bottom = stack(
        &mut marks,
        &lines,
        MARGIN_X,
        0.0,
        HEADING_SIZE,
        HEADING_LEADING,
    );
    let rule_y = bottom + 1.5;
    marks.push(Mark::Line {
        x1: MARGIN_X,
        y1: rule_y,
        x2: MARGIN_X + body_w,
        y2: rule_y,
        stroke: HAIRLINE,
        grey: HAIRLINE_GREY,
    });
    vec![Chunk {
        height: rule_y + HAIRLINE,
        keep_with_next: true,
        marks,
        ..Chunk::default()
    }]
}

fn rule(body_w: f32) -> Chunk {
    Chunk {
        height: SPACE_RULE,
        marks: vec![Mark::Line {
            x1: MARGIN_X,
            y1: 0.0,
            x2: MARGIN_X + body_w,
            y2: 0.0,
            stroke: HAIRLINE,
            grey: HAIRLINE_GREY,
        }],
        ..Chunk::default()
    }
}

fn notice(
    level: Level,
    text: &Field,
    id: usize,
    strong: Weight,
    body_w: f32,
    fonts: &FontSet,
) -> Vec<Chunk> {
    let (stroke, label) = match level {
        Level::Block => (BLOCK_BORDER, LABEL_BLOCK),
        Level::Warn => (WARN_BORDER, LABEL_WARN),
        Level::Info => (0.0, LABEL_INFO),
    };
    let frame = (stroke > 0.0).then_some(Frame {
        id,
        pad: NOTICE_PAD,
        stroke,
        x: MARGIN_X + stroke / 2.0,
        w: body_w - stroke,
    });
    let inset = if frame.is_some() {
        NOTICE_PAD + stroke
    } else {
        0.0
    };
    let (x, width) = (MARGIN_X + inset, body_w - 2.0 * inset);
    let mut chunks = Vec::new();
    let lines = match level {
        Level::Block => {
            let label = set(&[Span::new(label, strong, INK)], LABEL_SIZE, width, fonts);
            let mut label_chunks = line_chunks(&label, x, LABEL_SIZE, LABEL_LEADING, frame);
            label_chunks
                .iter_mut()
                .for_each(|c| c.keep_with_next = true);
            chunks.extend(label_chunks);
            set(
                &[Span::new(&text.text, strong, INK)],
                BODY_SIZE,
                width,
                fonts,
            )
        }
        Level::Warn | Level::Info => set(
            &[
                Span::new(label, strong, INK),
                Span::regular(&text.text, INK),
            ],
            BODY_SIZE,
            width,
            fonts,
        ),
    };
    chunks.extend(line_chunks(&lines, x, BODY_SIZE, BODY_LEADING, frame));
    let pads = frame.map_or(0.0, |f| 2.0 * f.pad);
    let total: f32 = chunks.iter().map(|c| c.height).sum::<f32>() + pads;
    if let Some(first) = chunks.first_mut() {
        first.whole = Some(total);
    }
    chunks
}

/// Width of the key column for the run of `kv` rows around `index`: the
/// widest key plus a gap, within fixed limits.
fn key_column(blocks: &[Block], index: usize, strong: Weight, fonts: &FontSet) -> f32 {
    let is_kv = |b: &Block| matches!(b, Block::Kv { .. });
    let start = blocks[..index]
        .iter()
        .rposition(|b| !is_kv(b))
        .map_or(0, |p| p + 1);
    let end = blocks[index..]
        .iter()
        .position(|b| !is_kv(b))
        .map_or(blocks.len(), |p| index + p);
    let widest = blocks[start..end]
        .iter()
        .filter_map(|b| match b {
            Block::Kv { key, .. } => Some(measure(&key.text, strong, BODY_SIZE, fonts)),
            _ => None,
        })
        .fold(0.0f32, f32::max);
    (widest + KEY_GAP).clamp(KEY_MIN, KEY_MAX)
}

fn kv_row(
    key: &Field,
    value: &Field,
    key_w: f32,
    body_w: f32,
    top_rule: bool,
    strong: Weight,
    fonts: &FontSet,
) -> Vec<Chunk> {
    let keys = set(
        &[Span::new(&key.text, strong, INK)],
        BODY_SIZE,
        key_w - KEY_GAP,
        fonts,
    );
    let values = set(
        &[Span::regular(&value.text, INK)],
        BODY_SIZE,
        body_w - key_w,
        fonts,
    );
    let n = keys.len().max(values.len()).max(1);
    let hairline = |y: f32| Mark::Line {
        x1: MARGIN_X,
        y1: y,
        x2: MARGIN_X + body_w,
        y2: y,
        stroke: HAIRLINE,
        grey: HAIRLINE_GREY,
    };
    let mut chunks: Vec<Chunk> = (0..n)
        .map(|i| {
            let top = if i == 0 { CELL_PAD } else { 0.0 };
            let base = baseline(top, BODY_LEADING, BODY_SIZE);
            let mut marks = Vec::new();
            if i == 0 && top_rule {
                marks.push(hairline(0.0));
            }
            if let Some(line) = keys.get(i) {
                marks.push(line.mark(MARGIN_X, base, BODY_SIZE));
            }
            if let Some(line) = values.get(i) {
                marks.push(line.mark(MARGIN_X + key_w, base, BODY_SIZE));
            }
            let mut height = top + BODY_LEADING;
            if i + 1 == n {
                height += CELL_PAD;
                marks.push(hairline(height));
            }
            Chunk {
                height,
                keep_with_next: n >= 2 && (i == 0 || i + 2 == n),
                marks,
                ..Chunk::default()
            }
        })
        .collect();
    let total = chunks.iter().map(|c| c.height).sum();
    chunks[0].whole = Some(total);
    chunks
}

fn check(
    name: &Field,
    marks: &Field,
    note: &Field,
    strong: Weight,
    body_w: f32,
    fonts: &FontSet,
) -> Vec<Chunk> {
    let x = MARGIN_X + CHECK_INDENT;
    let width = body_w - CHECK_INDENT;
    let gap_and_marks = format!("{MARKS_GAP}{}", marks.text);
    let mut spans = vec![Span::new(&name.text, strong, INK)];
    if !marks.text.is_empty() {
        spans.push(Span::regular(&gap_and_marks, MARKS_GREY));
    }
    let head = set(&spans, BODY_SIZE, width, fonts);
    let notes = set(
        &[Span::regular(&note.text, GREY_TEXT)],
        NOTE_SIZE,
        width,
        fonts,
    );

    let mut first = Vec::new();
    // The square sits on the em box of the first line: centred on it.
    let first_base = baseline(0.0, BODY_LEADING, BODY_SIZE);
    let centre = first_base - (EM_ASCENT - 0.5) * BODY_SIZE;
    first.push(Mark::Frame {
        x: MARGIN_X + BOX_STROKE / 2.0,
        y: centre - BOX_SIDE / 2.0,
        w: BOX_SIDE,
        h: BOX_SIDE,
        stroke: BOX_STROKE,
        grey: INK,
    });
    let mut bottom = stack(&mut first, &head, x, 0.0, BODY_SIZE, BODY_LEADING);
    if let Some(line) = notes.first() {
        first.push(line.mark(x, baseline(bottom, NOTE_LEADING, NOTE_SIZE), NOTE_SIZE));
        bottom += NOTE_LEADING;
    }
    let mut chunks = vec![Chunk {
        height: bottom,
        keep_with_next: notes.len() == 2,
        marks: first,
        ..Chunk::default()
    }];
    let rest = line_chunks(
        notes.get(1..).unwrap_or(&[]),
        x,
        NOTE_SIZE,
        NOTE_LEADING,
        None,
    );
    let n = rest.len();
    chunks.extend(rest.into_iter().enumerate().map(|(i, mut c)| {
        // Keep the last two note lines together; the first rest line may go alone.
        c.keep_with_next = n >= 2 && i + 2 == n;
        c
    }));
    let total = chunks.iter().map(|c| c.height).sum();
    chunks[0].whole = Some(total);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::typeset::markup::parse;
    use crate::output::pdf::typeset::paginate::paginate;

    fn text_of(marks: &[Mark]) -> Vec<String> {
        marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { runs, .. } => Some(runs.iter().map(|r| r.text.as_str()).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn check_row_draws_a_square_on_the_first_line() {
        let fonts = FontSet::embedded().unwrap();
        let doc = parse("check 居民身份证 | 原件 · 复印件 1 份 | 有效期内").unwrap();
        let chunks = layout(&doc, &fonts);
        assert_eq!(chunks.len(), 1);
        let marks = &chunks[0].marks;
        let Some(Mark::Frame { y, h, .. }) = marks.first() else {
            panic!("no square: {marks:?}")
        };
        let Some(Mark::Text { baseline, .. }) = marks.get(1) else {
            panic!()
        };
        // The square spans the em box: from about 0.88 em above the baseline to 0.12 below.
        assert!(*y < baseline - 0.5 * BODY_SIZE && y + h > *baseline - 0.2 * BODY_SIZE);
        assert!(y + h < baseline + 0.2 * BODY_SIZE);
        assert_eq!(
            text_of(marks),
            ["居民身份证   原件 · 复印件 1 份", "有效期内"]
        );
    }

    #[test]
    fn heading_keeps_with_next_across_a_page() {
        let fonts = FontSet::embedded().unwrap();
        let mut src = String::new();
        for i in 0..32 {
            src.push_str(&format!("para 第{i}段\n"));
        }
        src.push_str("heading 需出示的原件\ncheck 居民身份证 | 原件 | 有效期内\n");
        let pages = paginate(&layout(&parse(&src).unwrap(), &fonts), Geometry::NORMAL);
        let last = pages.last().unwrap();
        let texts = text_of(&last.marks);
        assert!(texts.contains(&"需出示的原件".to_string()), "{texts:?}");
        assert!(texts.iter().any(|t| t.starts_with("居民身份证")));
    }

    #[test]
    fn a_heading_and_its_hint_never_end_a_page_without_the_first_item() {
        let fonts = FontSet::embedded().unwrap();
        // Move the heading down the page line by line, across the page end.
        for n in 24..40 {
            let mut src = String::new();
            for i in 0..n {
                src.push_str(&format!("para 第{i}段\n"));
            }
            src.push_str("heading 代办人材料\nnote 由监护人或受托人代为办理时提供\n");
            src.push_str("check 监护人的居民身份证 | 原件 | 由监护人提供\n");
            let pages = paginate(&layout(&parse(&src).unwrap(), &fonts), Geometry::NORMAL);
            let page = pages
                .iter()
                .map(|p| text_of(&p.marks))
                .find(|t| t.contains(&"代办人材料".to_string()))
                .unwrap();
            assert!(
                page.iter().any(|t| t.starts_with("由监护人或受托人"))
                    && page.iter().any(|t| t.starts_with("监护人的居民身份证")),
                "{n} paragraphs: {page:?}"
            );
        }
    }

    #[test]
    fn marks_and_lines_stay_inside_the_text_column() {
        let fonts = FontSet::embedded().unwrap();
        let long = "请携带本人居民身份证原件及复印件，复印件需清晰完整；详见www.962222.net或拨打0571-87280478咨询。".repeat(3);
        let src = format!(
            "title 上海市居住证申领 材料清单\nnotice block | {long}\nnotice warn | {long}\nkv 办理地点 | {long}\ncheck 名称 | 原件 | {long}\npara {long}"
        );
        for page in paginate(&layout(&parse(&src).unwrap(), &fonts), Geometry::NORMAL) {
            for mark in &page.marks {
                if let Mark::Text {
                    x,
                    baseline,
                    size,
                    runs,
                } = mark
                {
                    let last = runs.last().unwrap();
                    let right = x
                        + last.dx
                        + measure(
                            &last.text,
                            if last.slot == crate::output::pdf::fonts::Slot::Regular {
                                Weight::Regular
                            } else {
                                Weight::Bold
                            },
                            *size,
                            &fonts,
                        );
                    assert!(
                        *x >= MARGIN_X - 1e-3
                            && right <= MARGIN_X + Geometry::NORMAL.body_w() + 1e-3,
                        "{mark:?}"
                    );
                    assert!(
                        *baseline <= BODY_BOTTOM && *baseline >= BODY_TOP,
                        "{mark:?}"
                    );
                }
            }
        }
    }
}
