//! Making a subset font file smaller without changing a single drawn outline.
//!
//! Two exact rewrites of the `glyf` outlines, done on each document's subset:
//!
//! - **Points that add nothing are left out**: an on-curve point repeating the one before
//!   it, an on-curve point on the straight line between its on-curve neighbours, an
//!   on-curve point halfway between two off-curve points (TrueType implies it there) and
//!   an off-curve point on the straight line between two on-curve points. Rounding the
//!   outlines to a grid (`outline`) makes many points fall so.
//! - **Units of the grid**: when every coordinate is a multiple of a power of two `s` that
//!   also divides the units per em (the built-in faces: every point on 16 units, 1000 per em,
//!   so `s` = 8), the font is rewritten in units of `s` (125 per em). Every point stays
//!   exactly where it was on the page; the numbers get small enough that nearly every
//!   coordinate takes one byte instead of two, and they compress better.
//!
//! Glyph advances in the PDF come from the font dictionary's `/W` (written from the
//! face in its own units), never from the embedded `hmtx`, so its advances may be
//! rounded to the new units.
//!
//! Glyphs with hinting instructions keep their points (instructions refer to points by
//! index), and a font with hinting tables (`cvt `, `fpgm`), composite glyphs or tables
//! in font units this module does not rewrite keeps its units.

use super::outline::{Point, Simple};
use super::sfnt::rebuild;
use super::truetype::{loca_for, set_u16, tag, u16_at, GlyfIndex};

/// Tables a font may have for its units to be changed: all those in font units are
/// rewritten here, the others (`maxp`, `name`, `prep`: scan control, `cmap`) hold none.
const SCALABLE: [&[u8; 4]; 10] = [
    b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post", b"prep", b"cmap",
];

/// The smallest units per em a font is given (the OpenType minimum).
const MIN_UNITS_PER_EM: i32 = 16;

/// `font` (a TrueType font file with `glyf` outlines) with the same outlines in fewer
/// bytes; `None` if it cannot be read, has no `glyf` outlines or would not get smaller.
pub(crate) fn shrink(font: &[u8]) -> Option<Vec<u8>> {
    let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
    let table = |name: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(name));
    let index = GlyfIndex::read(table)?;
    let head = table(b"head")?;
    let hhea = table(b"hhea")?;
    let units_per_em = i32::from(u16_at(head, 18)?);

    let mut glyphs: Vec<Glyph<'_>> = Vec::with_capacity(usize::from(index.len()));
    for gid in 0..index.len() {
        let outline = index.outline(gid)?;
        glyphs.push(match Simple::read(outline) {
            Some(mut simple) => {
                if simple.instructions.is_empty() {
                    drop_redundant_points(&mut simple);
                }
                Glyph::Simple(simple)
            }
            None if outline.is_empty() => Glyph::Empty,
            None => Glyph::Other(outline),
        });
    }

    let only_scalable_tables = raw.table_records.into_iter().all(|r| {
        SCALABLE
            .iter()
            .any(|t| r.tag == ttf_parser::Tag::from_bytes(t))
    });
    let hinted_glyph = glyphs
        .iter()
        .any(|g| matches!(g, Glyph::Simple(s) if !s.instructions.is_empty()));
    let scale = if only_scalable_tables
        && !hinted_glyph
        && !glyphs.iter().any(|g| matches!(g, Glyph::Other(_)))
    {
        // The largest power of two dividing every coordinate and the units per em.
        let mut bits = units_per_em as u32;
        for glyph in &glyphs {
            if let Glyph::Simple(s) = glyph {
                bits = s
                    .points
                    .iter()
                    .fold(bits, |b, p| b | p.x as u32 | p.y as u32);
            }
        }
        let common = 1 << bits.trailing_zeros().min(14);
        if units_per_em / common >= MIN_UNITS_PER_EM {
            common
        } else {
            1
        }
    } else {
        1
    };

    let mut glyf = Vec::with_capacity(font.len());
    let mut ends = Vec::with_capacity(glyphs.len());
    let mut metrics = Vec::with_capacity(glyphs.len());
    let div = |v: i32| (f64::from(v) / f64::from(scale)).round() as i32;
    let mut advance_max = 0;
    let (mut min_lsb, mut min_rsb, mut max_extent) = (i32::MAX, i32::MAX, i32::MIN);
    for (gid, glyph) in glyphs.iter_mut().enumerate() {
        let (advance, lsb) = index.metrics(gid as u16)?;
        let advance = div(i32::from(advance));
        let mut lsb = div(i32::from(lsb));
        match glyph {
            Glyph::Simple(simple) => {
                for p in &mut simple.points {
                    p.x /= scale;
                    p.y /= scale;
                }
                glyf.extend_from_slice(&simple.write()?);
                let [x_min, _, x_max, _] = simple.bbox()?;
                // The side bearing is the glyph's xMin, as the original's was.
                lsb = x_min;
                min_lsb = min_lsb.min(x_min);
                min_rsb = min_rsb.min(advance - x_max);
                max_extent = max_extent.max(x_max);
            }
            Glyph::Other(record) => glyf.extend_from_slice(record),
            Glyph::Empty => {}
        }
        glyf.resize(glyf.len().next_multiple_of(2), 0);
        ends.push(glyf.len());
        advance_max = advance_max.max(advance);
        metrics.push((advance, lsb));
    }
    let (loca, short) = loca_for(&ends);
    let long_metrics = usize::from(u16_at(hhea, 34)?).clamp(1, metrics.len().max(1));
    let mut hmtx = Vec::with_capacity(4 * metrics.len());
    for (g, &(advance, lsb)) in metrics.iter().enumerate() {
        if g < long_metrics {
            hmtx.extend_from_slice(&u16::try_from(advance).ok()?.to_be_bytes());
        }
        hmtx.extend_from_slice(&i16::try_from(lsb).ok()?.to_be_bytes());
    }

    let mut head = head.to_vec();
    let mut hhea = hhea.to_vec();
    let set =
        |data: &mut Vec<u8>, at: usize, v: i32| set_u16(data, at, i16::try_from(v).ok()? as u16);
    let get = |data: &[u8], at: usize| u16_at(data, at).map(|v| i32::from(v as i16));
    set_u16(&mut head, 18, u16::try_from(units_per_em / scale).ok()?)?;
    // The font's box: lower corner rounded down, upper one up.
    for (at, up) in [(36, false), (38, false), (40, true), (42, true)] {
        let v = get(&head, at)?;
        let v = if up {
            -(-v).div_euclid(scale)
        } else {
            v.div_euclid(scale)
        };
        set(&mut head, at, v)?;
    }
    set_u16(&mut head, 50, if short { 0 } else { 1 })?;
    for at in [4, 6, 8] {
        // Ascender, descender, line gap.
        let v = get(&hhea, at)?;
        set(&mut hhea, at, div(v))?;
    }
    set_u16(&mut hhea, 10, u16::try_from(advance_max).ok()?)?;
    if max_extent >= min_lsb {
        for (at, v) in [(12, min_lsb), (14, min_rsb), (16, max_extent)] {
            set(&mut hhea, at, v)?;
        }
    }
    let mut changes: Vec<(u32, Option<&[u8]>)> = vec![
        (tag(b"glyf"), Some(&glyf)),
        (tag(b"loca"), Some(&loca)),
        (tag(b"hmtx"), Some(&hmtx)),
        (tag(b"head"), Some(&head)),
        (tag(b"hhea"), Some(&hhea)),
    ];
    let mut post = table(b"post").map(<[u8]>::to_vec);
    if let Some(post) = post.as_mut().filter(|p| p.len() >= 12) {
        // Underline position and thickness.
        for at in [8, 10] {
            let v = get(post, at)?;
            set(post, at, div(v))?;
        }
    }
    if let Some(post) = &post {
        changes.push((tag(b"post"), Some(post)));
    }
    let smaller = rebuild(font, &changes)?;
    (smaller.len() <= font.len()).then_some(smaller)
}

/// A glyph of the font being shrunk.
enum Glyph<'a> {
    Simple(Simple<'a>),
    Empty,
    /// A composite or unreadable glyph, copied as it is.
    Other(&'a [u8]),
}

/// Leave out the points of `glyph` that do not change its outline (see the module
/// comment). The first point of each contour is kept, and so is at least one on-curve
/// point and three points in all per contour.
fn drop_redundant_points(glyph: &mut Simple<'_>) {
    let mut points = Vec::with_capacity(glyph.points.len());
    let mut ends = Vec::with_capacity(glyph.ends.len());
    let mut start = 0;
    for &end in &glyph.ends {
        let contour = &glyph.points[start..=usize::from(end)];
        start = usize::from(end) + 1;
        let from = points.len();
        simplify(contour, &mut points);
        let kept = &points[from..];
        if kept.len() < 3 || !kept.iter().any(|p| p.on_curve) {
            points.truncate(from);
            points.extend_from_slice(contour);
        }
        ends.push(points.len() as u16 - 1);
    }
    glyph.points = points;
    glyph.ends = ends;
}

/// Append to `kept` the points of one closed contour that are needed to draw it.
fn simplify(contour: &[Point], kept: &mut Vec<Point>) {
    let from = kept.len();
    for (i, &p) in contour.iter().enumerate() {
        let before = kept[from..].last().copied();
        let after = contour.get(i + 1).or(kept.get(from)).copied();
        let (Some(before), Some(after)) = (before, after) else {
            kept.push(p);
            continue;
        };
        if !redundant(before, p, after) {
            kept.push(p);
        }
    }
}

/// Whether the outline through `a`, `b`, `c` is the same without `b`.
fn redundant(a: Point, b: Point, c: Point) -> bool {
    let same = |p: Point, q: Point| p.x == q.x && p.y == q.y;
    let cross =
        i64::from(b.x - a.x) * i64::from(c.y - a.y) - i64::from(b.y - a.y) * i64::from(c.x - a.x);
    // `b` lies on the segment from `a` to `c` (end points included).
    let between = cross == 0
        && (a.x.min(c.x)..=a.x.max(c.x)).contains(&b.x)
        && (a.y.min(c.y)..=a.y.max(c.y)).contains(&b.y);
    match (a.on_curve, b.on_curve, c.on_curve) {
        // A repeated point, or a corner that is no corner.
        (true, true, true) => same(a, b) || between,
        // The point TrueType implies halfway between two off-curve points.
        (false, true, false) => 2 * b.x == a.x + c.x && 2 * b.y == a.y + c.y,
        // A curve whose control point lies on its chord is that straight line.
        (true, false, true) => between && !same(a, c),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::{FontSet, Slot};
    use crate::pdf::subset::{cut, UsedGlyphs};

    fn pt(x: i32, y: i32, on_curve: bool) -> Point {
        Point { x, y, on_curve }
    }

    #[test]
    fn only_points_that_change_nothing_are_dropped() {
        let contour = [
            pt(0, 0, true),
            pt(0, 0, true),     // repeats the one before
            pt(50, 0, true),    // on the line from (0, 0) to (100, 0)
            pt(100, 0, true),   // a corner
            pt(100, 50, false), // on the chord from (100, 0) to (100, 100)
            pt(100, 100, true), // a corner
            pt(80, 120, false), // a real curve
            pt(60, 120, true),  // halfway between two off-curve points
            pt(40, 120, false), // a real curve
            pt(20, 100, true),  // kept: not halfway
            pt(0, 50, false),   // off the chord from (20, 100) to (0, 0)
        ];
        let mut kept = Vec::new();
        simplify(&contour, &mut kept);
        assert_eq!(
            kept,
            [
                pt(0, 0, true),
                pt(100, 0, true),
                pt(100, 100, true),
                pt(80, 120, false),
                pt(40, 120, false),
                pt(20, 100, true),
                pt(0, 50, false),
            ]
        );
        // A control point beyond the chord's end makes a curve that turns back: kept.
        let back = [
            pt(0, 0, true),
            pt(200, 0, false),
            pt(100, 0, true),
            pt(0, 50, true),
        ];
        let mut kept = Vec::new();
        simplify(&back, &mut kept);
        assert_eq!(kept.len(), 4);
    }

    /// Signed area and bounding box of every contour of `gid`, in em, from the outline
    /// as a reader draws it (ttf-parser resolves implied points).
    fn shape(font: &[u8], gid: u16) -> Option<(f64, [f64; 4])> {
        struct Area {
            em: f64,
            last: (f64, f64),
            area: f64,
            bbox: [f64; 4],
        }
        impl Area {
            fn go(&mut self, x: f32, y: f32) {
                let (x, y) = (f64::from(x) / self.em, f64::from(y) / self.em);
                self.bbox = [
                    self.bbox[0].min(x),
                    self.bbox[1].min(y),
                    self.bbox[2].max(x),
                    self.bbox[3].max(y),
                ];
                self.last = (x, y);
            }
        }
        impl ttf_parser::OutlineBuilder for Area {
            fn move_to(&mut self, x: f32, y: f32) {
                self.go(x, y);
            }
            fn line_to(&mut self, x: f32, y: f32) {
                let (x0, y0) = self.last;
                self.go(x, y);
                self.area += (x0 * self.last.1 - self.last.0 * y0) / 2.0;
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                let (x0, y0) = self.last;
                let (cx, cy) = (f64::from(x1) / self.em, f64::from(y1) / self.em);
                self.go(x, y);
                let (x2, y2) = self.last;
                let chord = (x0 * y2 - x2 * y0) / 2.0;
                let triangle = ((cx - x0) * (y2 - y0) - (cy - y0) * (x2 - x0)) / 2.0;
                self.area += chord + 2.0 / 3.0 * triangle;
            }
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
                unreachable!("TrueType outlines are quadratic")
            }
            fn close(&mut self) {}
        }
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        let mut area = Area {
            em: f64::from(face.units_per_em()),
            last: (0.0, 0.0),
            area: 0.0,
            bbox: [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
        };
        face.outline_glyph(ttf_parser::GlyphId(gid), &mut area)?;
        Some((area.area, area.bbox))
    }

    #[test]
    fn a_subset_of_the_built_in_face_draws_the_same_in_fewer_bytes() {
        let fonts = FontSet::embedded().unwrap();
        for slot in [Slot::Regular, Slot::Bold] {
            let face = fonts.face(slot).unwrap();
            let used: UsedGlyphs =
                "上海市居住证申领材料清单、（）《》：；。0123456789 ABCabc@圆圈回口"
                    .chars()
                    .filter_map(|c| Some((c, face.glyph_index(c)?)))
                    .collect();
            let before = cut(face, &used).unwrap().original_bytes;
            let after = shrink(&before).unwrap();
            let packed = |f: &[u8]| {
                let level = libdeflater::CompressionLvl::new(6).unwrap();
                let mut compressor = libdeflater::Compressor::new(level);
                let mut out = vec![0; compressor.zlib_compress_bound(f.len())];
                compressor.zlib_compress(f, &mut out).unwrap()
            };
            let (a, b) = (packed(&before), packed(&after));
            eprintln!(
                "{} → {} bytes, {a} → {b} compressed",
                before.len(),
                after.len()
            );
            assert!(b * 100 < a * 95, "{a} → {b}");
            let units = |f: &[u8]| ttf_parser::Face::parse(f, 0).unwrap().units_per_em();
            assert_eq!((units(&before), units(&after)), (1000, 125));
            for gid in 0..=used.len() as u16 {
                let (a, b) = (shape(&before, gid), shape(&after, gid));
                let Some((area, bbox)) = a else {
                    assert!(b.is_none(), "{gid}");
                    continue;
                };
                let (area2, bbox2) = b.unwrap();
                assert!(
                    (area - area2).abs() < 1e-9,
                    "glyph {gid}: area {area} → {area2}"
                );
                assert_eq!(bbox, bbox2, "glyph {gid}");
            }
            // Still a font printpdf can read, with the same glyphs.
            assert!(shrink(b"not a font").is_none());
            let parsed = printpdf::ParsedFont::from_bytes(&after, 0, &mut Vec::new()).unwrap();
            assert_eq!(parsed.glyph_widths.len(), used.len() + 1);
        }
    }
}
