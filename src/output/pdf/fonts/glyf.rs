//! Simple TrueType glyphs (`glyf` records) decoded into points and written back, in the
//! shortest form the format allows. The font program shrinks glyphs with it
//! (`shrink`), and the font preparation tool (`examples/round_font.rs`) rounds the
//! outlines of the built-in fonts with it.

const ON_CURVE: u8 = 0x01;
const X_SHORT: u8 = 0x02;
const Y_SHORT: u8 = 0x04;
const REPEAT: u8 = 0x08;
const X_SAME_OR_POSITIVE: u8 = 0x10;
const Y_SAME_OR_POSITIVE: u8 = 0x20;
const OVERLAP_SIMPLE: u8 = 0x40;

/// One point of a glyph outline, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
    pub on_curve: bool,
}

/// A simple (not composite) TrueType glyph, decoded.
pub struct Simple<'a> {
    /// Index of the last point of each contour.
    pub ends: Vec<u16>,
    /// Hinting instructions, which refer to points by index.
    pub instructions: &'a [u8],
    pub points: Vec<Point>,
    /// The first point's `OVERLAP_SIMPLE` flag.
    overlap: bool,
}

impl<'a> Simple<'a> {
    /// Decode a `glyf` record; `None` if it is not a well-formed simple glyph (empty
    /// and composite glyphs included).
    pub fn read(glyph: &'a [u8]) -> Option<Simple<'a>> {
        let mut r = Reader { data: glyph, at: 0 };
        let contours = r.i16()?;
        if contours <= 0 {
            return None;
        }
        r.at = 10;
        let ends: Vec<u16> = (0..contours).map(|_| r.u16()).collect::<Option<_>>()?;
        if ends.windows(2).any(|w| w[1] <= w[0]) {
            return None;
        }
        let points = usize::from(*ends.last()?) + 1;
        let instructions_len = r.u16()?;
        let instructions = r.take(usize::from(instructions_len))?;

        let mut flags = Vec::with_capacity(points);
        while flags.len() < points {
            let flag = r.u8()?;
            let times = if flag & REPEAT != 0 {
                r.u8()? as usize + 1
            } else {
                1
            };
            flags.extend(std::iter::repeat_n(flag, times));
        }
        flags.truncate(points);
        let xs = read_axis(&mut r, &flags, X_SHORT, X_SAME_OR_POSITIVE)?;
        let ys = read_axis(&mut r, &flags, Y_SHORT, Y_SAME_OR_POSITIVE)?;
        let points = (0..points)
            .map(|i| Point {
                x: xs[i],
                y: ys[i],
                on_curve: flags[i] & ON_CURVE != 0,
            })
            .collect();
        Some(Simple {
            ends,
            instructions,
            points,
            overlap: flags[0] & OVERLAP_SIMPLE != 0,
        })
    }

    /// The bounding box of the points: x min, y min, x max, y max.
    pub fn bbox(&self) -> Option<[i32; 4]> {
        let first = self.points.first()?;
        let start = [first.x, first.y, first.x, first.y];
        Some(self.points.iter().fold(start, |[x0, y0, x1, y1], p| {
            [x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y)]
        }))
    }

    /// Encode as a `glyf` record, each coordinate in its shortest form and the bounding
    /// box recomputed; `None` if a coordinate does not fit or the contours are empty.
    pub fn write(&self) -> Option<Vec<u8>> {
        let contours = i16::try_from(self.ends.len()).ok().filter(|&n| n > 0)?;
        if usize::from(*self.ends.last()?) + 1 != self.points.len() {
            return None;
        }
        let mut out = Vec::with_capacity(10 + 2 * self.ends.len() + 3 * self.points.len());
        out.extend_from_slice(&contours.to_be_bytes());
        for v in self.bbox()? {
            out.extend_from_slice(&i16::try_from(v).ok()?.to_be_bytes());
        }
        for end in &self.ends {
            out.extend_from_slice(&end.to_be_bytes());
        }
        out.extend_from_slice(&u16::try_from(self.instructions.len()).ok()?.to_be_bytes());
        out.extend_from_slice(self.instructions);

        let points = self.points.len();
        let mut x_bytes = Vec::with_capacity(2 * points);
        let mut y_bytes = Vec::with_capacity(2 * points);
        let (mut last_x, mut last_y) = (0, 0);
        // Flags go out as they are made, a run of equal ones as one with a repeat count.
        let mut run: Option<(u8, u8)> = None;
        for (i, p) in self.points.iter().enumerate() {
            let overlap = if i == 0 && self.overlap {
                OVERLAP_SIMPLE
            } else {
                0
            };
            let flag = (u8::from(p.on_curve) * ON_CURVE)
                | overlap
                | write_delta(p.x - last_x, X_SHORT, X_SAME_OR_POSITIVE, &mut x_bytes)?
                | write_delta(p.y - last_y, Y_SHORT, Y_SAME_OR_POSITIVE, &mut y_bytes)?;
            (last_x, last_y) = (p.x, p.y);
            run = match run {
                Some((f, n)) if f == flag && n < u8::MAX => Some((f, n + 1)),
                other => {
                    push_run(&mut out, other);
                    Some((flag, 0))
                }
            };
        }
        push_run(&mut out, run);
        out.extend_from_slice(&x_bytes);
        out.extend_from_slice(&y_bytes);
        Some(out)
    }
}

/// A flag and how many more times it repeats.
fn push_run(out: &mut Vec<u8>, run: Option<(u8, u8)>) {
    match run {
        Some((flag, 0)) => out.push(flag),
        Some((flag, more)) => out.extend_from_slice(&[flag | REPEAT, more]),
        None => {}
    }
}

/// Absolute coordinates along one axis.
fn read_axis(r: &mut Reader<'_>, flags: &[u8], short: u8, same: u8) -> Option<Vec<i32>> {
    let mut value = 0i32;
    let mut out = Vec::with_capacity(flags.len());
    for &flag in flags {
        let delta = if flag & short != 0 {
            let d = i32::from(r.u8()?);
            if flag & same != 0 {
                d
            } else {
                -d
            }
        } else if flag & same != 0 {
            0
        } else {
            i32::from(r.i16()?)
        };
        value += delta;
        out.push(value);
    }
    Some(out)
}

/// Writes one coordinate delta in its shortest form; returns its flag bits.
#[inline]
fn write_delta(delta: i32, short: u8, same: u8, out: &mut Vec<u8>) -> Option<u8> {
    if delta == 0 {
        return Some(same);
    }
    if delta.unsigned_abs() < 256 {
        out.push(delta.unsigned_abs() as u8);
        return Some(short | if delta > 0 { same } else { 0 });
    }
    out.extend_from_slice(&i16::try_from(delta).ok()?.to_be_bytes());
    Some(0)
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    fn i16(&mut self) -> Option<i16> {
        Some(i16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::fonts::embedded::{BOLD, REGULAR};
    use crate::output::pdf::fonts::truetype::{u16_at, GlyfIndex};

    /// The grid `examples/round_font.rs` rounds the built-in faces to.
    fn grid(units_per_em: u16) -> i32 {
        let target = i32::from(units_per_em / 62).max(1);
        1 << (31 - target.leading_zeros())
    }

    /// A glyph read, every point rounded to `grid` (a power of two), and written back.
    fn round(glyph: &[u8], grid: i32) -> Option<Vec<u8>> {
        let mut simple = Simple::read(glyph)?;
        let shift = grid.trailing_zeros();
        let snap = |v: i32| ((v + grid / 2) >> shift) << shift;
        for point in &mut simple.points {
            point.x = snap(point.x);
            point.y = snap(point.y);
        }
        simple.write()
    }

    /// A glyph with one contour of the given points, every coordinate a full i16.
    fn points(g: &[u8]) -> Vec<(i32, i32, bool)> {
        read_points(g, true)
    }

    fn glyph(points: &[(i16, i16, bool)]) -> Vec<u8> {
        let mut g = Vec::new();
        g.extend_from_slice(&1i16.to_be_bytes());
        g.extend_from_slice(&[0; 8]);
        g.extend_from_slice(&((points.len() - 1) as u16).to_be_bytes());
        g.extend_from_slice(&0u16.to_be_bytes());
        for &(_, _, on) in points {
            g.push(u8::from(on));
        }
        let mut last = (0, 0);
        for &(x, _, _) in points {
            g.extend_from_slice(&(x - last.0).to_be_bytes());
            last.0 = x;
        }
        for &(_, y, _) in points {
            g.extend_from_slice(&(y - last.1).to_be_bytes());
            last.1 = y;
        }
        g
    }

    /// The points of a simple glyph; with `exact`, every byte must be used (no padding).
    fn read_points(g: &[u8], exact: bool) -> Vec<(i32, i32, bool)> {
        let mut r = Reader { data: g, at: 0 };
        let contours = r.i16().unwrap();
        r.at = 10;
        let ends: Vec<u16> = (0..contours).map(|_| r.u16().unwrap()).collect();
        let n = usize::from(*ends.last().unwrap()) + 1;
        let skip = usize::from(r.u16().unwrap());
        r.take(skip).unwrap();
        let mut flags = Vec::new();
        while flags.len() < n {
            let f = r.u8().unwrap();
            let times = if f & REPEAT != 0 {
                r.u8().unwrap() as usize + 1
            } else {
                1
            };
            flags.extend(std::iter::repeat_n(f, times));
        }
        let xs = read_axis(&mut r, &flags, X_SHORT, X_SAME_OR_POSITIVE).unwrap();
        let ys = read_axis(&mut r, &flags, Y_SHORT, Y_SAME_OR_POSITIVE).unwrap();
        if exact {
            assert_eq!(r.at, g.len(), "every byte read");
        } else {
            assert!(
                r.at <= g.len() && g.len() - r.at < 4,
                "only padding after the points"
            );
        }
        (0..n)
            .map(|i| (xs[i], ys[i], flags[i] & ON_CURVE != 0))
            .collect()
    }

    #[test]
    fn points_are_rounded_and_written_short() {
        let g = glyph(&[
            (101, -3, true),
            (101, 700, false),
            (899, 702, true),
            (-301, 2, true),
        ]);
        let r = round(&g, 4).unwrap();
        assert_eq!(
            points(&r),
            [
                (100, -4, true),
                (100, 700, false),
                (900, 704, true),
                (-300, 4, true)
            ]
        );
        // Bounding box: xMin, yMin, xMax, yMax of the rounded points.
        let bbox: Vec<i16> = r[2..10]
            .chunks(2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(bbox, [-300, -4, 900, 704]);
        assert!(r.len() < g.len(), "{} vs {}", r.len(), g.len());
        // A grid of one keeps every point where it was.
        assert_eq!(
            points(&round(&g, 1).unwrap()),
            [
                (101, -3, true),
                (101, 700, false),
                (899, 702, true),
                (-301, 2, true)
            ]
        );
    }

    #[test]
    fn long_runs_of_one_flag_are_repeated() {
        let pts: Vec<(i16, i16, bool)> = (0..300).map(|i| (i * 8, 0, true)).collect();
        let r = round(&glyph(&pts), 4).unwrap();
        let back = points(&r);
        assert_eq!(back.len(), 300);
        assert!(back.iter().enumerate().all(|(i, p)| p.0 == i as i32 * 8));
    }

    #[test]
    fn empty_composite_and_broken_glyphs_are_left_alone() {
        assert!(round(&[], 4).is_none());
        assert!(round(&(-1i16).to_be_bytes(), 4).is_none());
        let mut g = glyph(&[(1, 1, true), (2, 2, true)]);
        g.truncate(g.len() - 1);
        assert!(round(&g, 4).is_none());
    }

    #[test]
    fn the_built_in_faces_are_rounded_already() {
        for font in [REGULAR, BOLD] {
            let raw = ttf_parser::RawFace::parse(font, 0).unwrap();
            let table = |name: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(name));
            assert_eq!(grid(u16_at(table(b"head").unwrap(), 18).unwrap()), 16);
            let index = GlyfIndex::read(table).unwrap();
            let mut checked = 0;
            for g in (0..index.len()).step_by(97) {
                let outline = index.outline(g).unwrap();
                if outline.len() < 10 || outline[0] & 0x80 != 0 {
                    continue;
                }
                let points = read_points(outline, false);
                assert!(points.iter().all(|p| p.0 % 16 == 0 && p.1 % 16 == 0), "{g}");
                // Rounding again changes nothing.
                let again = round(outline, 16).unwrap();
                assert_eq!(again, outline[..again.len()], "{g}");
                checked += 1;
            }
            assert!(checked > 300);
        }
    }
}
