//! Making a font's glyphs smaller without changing a single drawn outline.
//!
//! Two exact rewrites of each `glyf` outline, done once per glyph and process (see
//! `program`, which puts a document's glyphs together):
//!
//! - **Points that add nothing are left out**: an on-curve point repeating the one before
//!   it, an on-curve point on the straight line between its on-curve neighbours, an
//!   on-curve point halfway between two off-curve points (TrueType implies it there) and
//!   an off-curve point on the straight line between two on-curve points. Rounding the
//!   outlines to a grid (`outline`) makes many points fall so.
//! - **Units of the grid**: when every coordinate is a multiple of a power of two `s` that
//!   also divides the units per em (the built-in faces: every point on 16 units, 1000 per em,
//!   so `s` = 8), the glyph is written in units of `s` (125 per em). Every point stays
//!   exactly where it was on the page; the numbers get small enough that nearly every
//!   coordinate takes one byte instead of two, and they compress better.
//!
//! Glyphs with hinting instructions keep their points (instructions refer to points by
//! index) and their units.

use super::glyf::{Point, Simple};

/// The smallest units per em a font is given (the OpenType minimum).
const MIN_UNITS_PER_EM: i32 = 16;

/// One glyph of a face, made ready once for every document that uses it.
pub(crate) enum Prepared {
    /// No outline (a space, for one).
    Empty,
    /// A simple glyph without the points that add nothing, written in units of `grid`
    /// font units: `record` is its `glyf` record and `bbox` its box in those units.
    Simple {
        grid: i32,
        record: Box<[u8]>,
        bbox: [i32; 4],
    },
    /// A composite or unreadable glyph, which only a whole-font subsetter can take.
    Other,
}

/// The largest grid a face allows: the largest power of two dividing its units per em
/// that leaves at least 16 units per em; 1 for a hinted face (its programs work in its
/// own units).
pub(crate) fn largest_grid(units_per_em: u16, hinted: bool) -> i32 {
    let units = i32::from(units_per_em);
    if hinted || units == 0 {
        return 1;
    }
    let mut grid = 1 << units.trailing_zeros().min(14);
    while grid > 1 && units / grid < MIN_UNITS_PER_EM {
        grid /= 2;
    }
    grid
}

/// `outline` (a `glyf` record) prepared, in units as large as its points and `cap` allow.
pub(crate) fn prepare(outline: &[u8], cap: i32) -> Prepared {
    // No outline, or a record of no contours.
    if outline.is_empty() || outline.get(..2) == Some(&[0, 0]) {
        return Prepared::Empty;
    }
    let Some(mut simple) = Simple::read(outline) else {
        return Prepared::Other;
    };
    let grid = if simple.instructions.is_empty() {
        drop_redundant_points(&mut simple);
        let bits = simple
            .points
            .iter()
            .fold(cap as u32, |b, p| b | p.x as u32 | p.y as u32);
        1 << bits.trailing_zeros().min(cap.trailing_zeros())
    } else {
        1
    };
    match written(simple, grid) {
        Some((record, bbox)) => Prepared::Simple {
            grid,
            record: record.into_boxed_slice(),
            bbox,
        },
        None => Prepared::Other,
    }
}

/// `outline` written in units of `grid`, a power of two dividing every coordinate once the
/// points that add nothing are left out (a smaller grid than [`prepare`] chose, when
/// another glyph of the same document needs it); with its box in those units.
pub(crate) fn rewrite(outline: &[u8], grid: i32) -> Option<(Vec<u8>, [i32; 4])> {
    let mut simple = Simple::read(outline)?;
    if simple.instructions.is_empty() {
        drop_redundant_points(&mut simple);
    } else if grid != 1 {
        return None;
    }
    written(simple, grid)
}

fn written(mut simple: Simple<'_>, grid: i32) -> Option<(Vec<u8>, [i32; 4])> {
    for p in &mut simple.points {
        if p.x % grid != 0 || p.y % grid != 0 {
            return None;
        }
        p.x /= grid;
        p.y /= grid;
    }
    Some((simple.write()?, simple.bbox()?))
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
        ends.push(u16::try_from(points.len() - 1).unwrap_or(u16::MAX));
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
    let (ax, ay, bx, by, cx, cy) = (
        i64::from(a.x),
        i64::from(a.y),
        i64::from(b.x),
        i64::from(b.y),
        i64::from(c.x),
        i64::from(c.y),
    );
    let cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    // `b` lies on the segment from `a` to `c` (end points included).
    let between = cross == 0
        && (a.x.min(c.x)..=a.x.max(c.x)).contains(&b.x)
        && (a.y.min(c.y)..=a.y.max(c.y)).contains(&b.y);
    match (a.on_curve, b.on_curve, c.on_curve) {
        // A repeated point, or a corner that is no corner.
        (true, true, true) => same(a, b) || between,
        // The point TrueType implies halfway between two off-curve points.
        (false, true, false) => 2 * bx == ax + cx && 2 * by == ay + cy,
        // A curve whose control point lies on its chord is that straight line.
        (true, false, true) => between && !same(a, c),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_grid_divides_the_units_and_every_coordinate() {
        assert_eq!(largest_grid(1000, false), 8);
        assert_eq!(largest_grid(2048, false), 128);
        assert_eq!(largest_grid(1000, true), 1);
        assert_eq!(largest_grid(17, false), 1);
        // A glyph on 16 units gets the face's largest grid; one with a point off it less.
        let glyph = |points: &[(i16, i16)]| {
            let mut g = Vec::new();
            g.extend_from_slice(&1i16.to_be_bytes());
            g.extend_from_slice(&[0; 8]);
            g.extend_from_slice(&(points.len() as u16 - 1).to_be_bytes());
            g.extend_from_slice(&0u16.to_be_bytes());
            g.extend(points.iter().map(|_| 1u8));
            let (mut x0, mut y0) = (0, 0);
            let mut xs = Vec::new();
            let mut ys = Vec::new();
            for &(x, y) in points {
                xs.extend_from_slice(&(x - x0).to_be_bytes());
                ys.extend_from_slice(&(y - y0).to_be_bytes());
                (x0, y0) = (x, y);
            }
            g.extend(xs);
            g.extend(ys);
            g
        };
        let on_grid = glyph(&[(0, 0), (160, 0), (160, 320)]);
        let Prepared::Simple { grid, bbox, .. } = prepare(&on_grid, 8) else {
            panic!("a simple glyph")
        };
        assert_eq!((grid, bbox), (8, [0, 0, 20, 40]));
        let off_grid = glyph(&[(0, 0), (164, 0), (164, 320)]);
        let Prepared::Simple { grid, .. } = prepare(&off_grid, 8) else {
            panic!("a simple glyph")
        };
        assert_eq!(grid, 4);
        let (_, bbox) = rewrite(&on_grid, 2).unwrap();
        assert_eq!(bbox, [0, 0, 80, 160]);
        assert!(matches!(prepare(&[], 8), Prepared::Empty));
        assert!(matches!(prepare(&[0xff, 0xff, 0, 0], 8), Prepared::Other));
    }
}
