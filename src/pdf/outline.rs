//! Rounding glyph outlines to a coarse grid before they are embedded.
//!
//! Outline coordinates make up most of a CJK font subset, and much of their bytes are
//! the low bits that place a point to 1/1000 em. On a grid of 1/125 em a point moves
//! at most 1/250 em: 0.04 pt in 10.5 pt type, a third of a 600 dpi printer dot. The
//! pages look the same on paper and on screen (compared at 1200 dpi), and the
//! compressed font is about a quarter smaller.

/// Grid size in font units for a face of `units_per_em`: about 1/125 em, a power of two
/// (8 for the usual 1000 units, 16 for 2048), so that rounding is a shift.
pub(crate) fn grid(units_per_em: u16) -> i32 {
    let target = i32::from(units_per_em / 125).max(1);
    1 << (31 - target.leading_zeros())
}

const ON_CURVE: u8 = 0x01;
const X_SHORT: u8 = 0x02;
const Y_SHORT: u8 = 0x04;
const REPEAT: u8 = 0x08;
const X_SAME_OR_POSITIVE: u8 = 0x10;
const Y_SAME_OR_POSITIVE: u8 = 0x20;
const OVERLAP_SIMPLE: u8 = 0x40;

/// A simple TrueType glyph (`glyf` record) with every point rounded to `grid` units (a
/// power of two) and its bounding box recomputed; `None` if `glyph` is not a well-formed
/// simple glyph (empty and composite glyphs included), which the caller then keeps.
pub(crate) fn round(glyph: &[u8], grid: i32) -> Option<Vec<u8>> {
    let mut r = Reader { data: glyph, at: 0 };
    let contours = r.i16()?;
    if contours <= 0 {
        return None;
    }
    r.at = 10;
    let ends = r.take(2 * contours as usize)?;
    let points = usize::from(u16::from_be_bytes([
        ends[ends.len() - 2],
        ends[ends.len() - 1],
    ])) + 1;
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
    // `grid` is a power of two: an arithmetic shift rounds down, negatives too.
    let shift = grid.trailing_zeros();
    let snap = |v: i32| ((v + grid / 2) >> shift) << shift;
    let xs = read_axis(&mut r, &flags, X_SHORT, X_SAME_OR_POSITIVE, snap)?;
    let ys = read_axis(&mut r, &flags, Y_SHORT, Y_SAME_OR_POSITIVE, snap)?;
    let (x_min, x_max) = min_max(&xs)?;
    let (y_min, y_max) = min_max(&ys)?;

    let mut out = Vec::with_capacity(glyph.len());
    out.extend_from_slice(&contours.to_be_bytes());
    for v in [x_min, y_min, x_max, y_max] {
        out.extend_from_slice(&i16::try_from(v).ok()?.to_be_bytes());
    }
    out.extend_from_slice(ends);
    out.extend_from_slice(&instructions_len.to_be_bytes());
    out.extend_from_slice(instructions);

    let mut x_bytes = Vec::with_capacity(2 * points);
    let mut y_bytes = Vec::with_capacity(2 * points);
    let (mut last_x, mut last_y) = (0, 0);
    // Flags go out as they are made, a run of equal ones as one with a repeat count.
    let mut run: Option<(u8, u8)> = None;
    for i in 0..points {
        let (x, y) = (xs[i], ys[i]);
        let keep = ON_CURVE | if i == 0 { OVERLAP_SIMPLE } else { 0 };
        let flag = (flags[i] & keep)
            | write_delta(x - last_x, X_SHORT, X_SAME_OR_POSITIVE, &mut x_bytes)?
            | write_delta(y - last_y, Y_SHORT, Y_SAME_OR_POSITIVE, &mut y_bytes)?;
        (last_x, last_y) = (x, y);
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

/// A flag and how many more times it repeats.
fn push_run(out: &mut Vec<u8>, run: Option<(u8, u8)>) {
    match run {
        Some((flag, 0)) => out.push(flag),
        Some((flag, more)) => out.extend_from_slice(&[flag | REPEAT, more]),
        None => {}
    }
}

fn min_max(values: &[i32]) -> Option<(i32, i32)> {
    let first = *values.first()?;
    Some(
        values
            .iter()
            .fold((first, first), |(lo, hi), &v| (lo.min(v), hi.max(v))),
    )
}

/// Absolute coordinates along one axis, each passed through `map`.
fn read_axis(
    r: &mut Reader<'_>,
    flags: &[u8],
    short: u8,
    same: u8,
    map: impl Fn(i32) -> i32,
) -> Option<Vec<i32>> {
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
        out.push(map(value));
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
        let xs = read_axis(&mut r, &flags, X_SHORT, X_SAME_OR_POSITIVE, |v| v).unwrap();
        let ys = read_axis(&mut r, &flags, Y_SHORT, Y_SAME_OR_POSITIVE, |v| v).unwrap();
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
    fn every_glyph_of_the_built_in_face_survives_rounding() {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        let data = ReadScope::new(crate::pdf::embedded::REGULAR)
            .read::<FontData<'_>>()
            .unwrap();
        let provider = data.table_provider(0).unwrap();
        let head = provider.read_table_data(allsorts::tag::HEAD).unwrap();
        assert_eq!(grid(u16::from_be_bytes([head[18], head[19]])), 8);
        let index = super::super::truetype::GlyfIndex::read(&provider).unwrap();
        let glyf = provider.read_table_data(allsorts::tag::GLYF).unwrap();
        let mut checked = 0;
        for g in (0..index.len() as u16).step_by(97) {
            let outline = index.outline(&glyf, g).unwrap();
            if outline.is_empty() {
                continue;
            }
            let before = read_points(outline, false);
            let after = points(&round(outline, 8).unwrap());
            assert_eq!(before.len(), after.len());
            for (b, a) in before.iter().zip(&after) {
                assert!((b.0 - a.0).abs() <= 4 && (b.1 - a.1).abs() <= 4, "{g}");
                assert!(a.0 % 8 == 0 && a.1 % 8 == 0, "{g}");
                assert_eq!(b.2, a.2);
            }
            checked += 1;
        }
        assert!(checked > 300);
    }
}
