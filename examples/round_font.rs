//! `cargo run --release --example round_font -- ORIGINAL.ttf OUT.ttf`: rounds glyph outlines
//! to a coarse grid, once, when the built-in font files are made.
//!
//! Outline coordinates make up most of a CJK font subset, and much of their bytes are
//! the low bits that place a point to 1/1000 em. On a grid of 1/62.5 em a point moves
//! at most 1/125 em: 0.08 pt (0.03 mm) in 10.5 pt type, a third of a 300 dpi printer
//! dot, 0.15 pt in the 18 pt title. The pages look the same on paper and on screen
//! (compared at 300 dpi), and the compressed font is about a third smaller than the
//! original (a grid of 1/125 em saves a quarter).
//!
//! This tool rounds a whole font file; `scripts/derive-fonts.sh` runs it on the
//! original Noto Sans SC files to make the ones built into doclist, so documents embed
//! rounded outlines at no cost. A `--font FILE` face is embedded as it is.

use doclist::output::pdf::fonts::glyf::Simple;
use doclist::output::pdf::fonts::sfnt::rebuild;
use doclist::output::pdf::fonts::truetype::{loca_for, set_u16, tag, u16_at, GlyfIndex};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: round_font ORIGINAL.ttf OUT.ttf");
        return ExitCode::from(2);
    };
    let rounded = std::fs::read(input)
        .map_err(|e| format!("cannot read {input}: {e}"))
        .and_then(|bytes| round_font(&bytes).map_err(|e| format!("{input}: {e}")))
        .and_then(|rounded| {
            std::fs::write(output, &rounded).map_err(|e| format!("cannot write {output}: {e}"))
        });
    match rounded {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Grid size in font units for a face of `units_per_em`: about 1/62.5 em, a power of two
/// (16 for the usual 1000 units, 32 for 2048), so that rounding is a shift.
fn grid(units_per_em: u16) -> i32 {
    let target = i32::from(units_per_em / 62).max(1);
    1 << (31 - target.leading_zeros())
}

/// A simple TrueType glyph (`glyf` record) with every point rounded to `grid` units (a
/// power of two) and its bounding box recomputed; `None` if `glyph` is not a well-formed
/// simple glyph (empty and composite glyphs included), which the caller then keeps.
fn round(glyph: &[u8], grid: i32) -> Option<Vec<u8>> {
    let mut simple = Simple::read(glyph)?;
    // `grid` is a power of two: an arithmetic shift rounds down, negatives too.
    let shift = grid.trailing_zeros();
    let snap = |v: i32| ((v + grid / 2) >> shift) << shift;
    for point in &mut simple.points {
        point.x = snap(point.x);
        point.y = snap(point.y);
    }
    simple.write()
}

/// The font file `font` (a single TrueType face) with every simple glyph rounded to the
/// grid of [`grid`], each side bearing moved with its glyph's `xMin` so that glyphs keep
/// their origin, and the bounding boxes in `head` and `hhea` recomputed; a digital
/// signature (`DSIG`), which no longer matches, is left out. Rounding a rounded font
/// changes nothing.
///
/// The built-in fonts are made with this once, when the font files are derived from the
/// originals (`scripts/derive-fonts.sh`), so no document pays for it.
fn round_font(font: &[u8]) -> Result<Vec<u8>, String> {
    let raw = ttf_parser::RawFace::parse(font, 0).map_err(|e| e.to_string())?;
    let table = |name: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(name));
    let index = GlyfIndex::read(table).ok_or("not a TrueType font with glyf outlines")?;
    let head = table(b"head").ok_or("no head table")?;
    let hhea = table(b"hhea").ok_or("no hhea table")?;
    let grid = grid(u16_at(head, 18).ok_or("short head table")?);
    let i16_at = |data: &[u8], at: usize| u16_at(data, at).map(|v| v as i16);

    let mut glyf = Vec::new();
    let mut ends = Vec::with_capacity(usize::from(index.len()));
    let mut metrics = Vec::with_capacity(usize::from(index.len()));
    let (mut x_min, mut y_min, mut x_max, mut y_max) = (i16::MAX, i16::MAX, i16::MIN, i16::MIN);
    let (mut min_lsb, mut min_rsb, mut max_extent) = (i16::MAX, i16::MAX, i16::MIN);
    for gid in 0..index.len() {
        let outline = index
            .outline(gid)
            .ok_or(format!("glyph {gid} lies outside glyf"))?;
        let (advance, mut lsb) = index
            .metrics(gid)
            .ok_or(format!("no metrics for glyph {gid}"))?;
        let rounded = round(outline, grid);
        let record = match &rounded {
            Some(r) => {
                let moved = i32::from(i16_at(r, 2).unwrap_or(0))
                    - i32::from(i16_at(outline, 2).unwrap_or(0));
                lsb = i16::try_from(i32::from(lsb) + moved)
                    .map_err(|_| format!("side bearing of glyph {gid} out of range"))?;
                r.as_slice()
            }
            None => outline,
        };
        if let [Some(x0), Some(y0), Some(x1), Some(y1)] = [2, 4, 6, 8].map(|at| i16_at(record, at))
        {
            x_min = x_min.min(x0);
            y_min = y_min.min(y0);
            x_max = x_max.max(x1);
            y_max = y_max.max(y1);
            let width = i32::from(x1) - i32::from(x0);
            min_lsb = min_lsb.min(lsb);
            let rsb = i32::from(advance) - i32::from(lsb) - width;
            min_rsb = min_rsb.min(rsb.clamp(-32768, 32767) as i16);
            max_extent = max_extent.max((i32::from(lsb) + width).clamp(-32768, 32767) as i16);
        }
        glyf.extend_from_slice(record);
        glyf.resize(glyf.len().next_multiple_of(2), 0);
        ends.push(glyf.len());
        metrics.push((advance, lsb));
    }
    let (loca, short) = loca_for(&ends);
    let long_metrics =
        usize::from(u16_at(hhea, 34).ok_or("short hhea table")?).clamp(1, metrics.len().max(1));
    let mut hmtx = Vec::with_capacity(4 * metrics.len());
    for (g, (advance, lsb)) in metrics.iter().enumerate() {
        if g < long_metrics {
            hmtx.extend_from_slice(&advance.to_be_bytes());
        }
        hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let mut head = head.to_vec();
    let mut hhea = hhea.to_vec();
    let set = |data: &mut Vec<u8>, at: usize, v: i16| set_u16(data, at, v as u16);
    if x_min <= x_max {
        for (at, v) in [(36, x_min), (38, y_min), (40, x_max), (42, y_max)] {
            set(&mut head, at, v).ok_or("short head table")?;
        }
        for (at, v) in [(12, min_lsb), (14, min_rsb), (16, max_extent)] {
            set(&mut hhea, at, v).ok_or("short hhea table")?;
        }
    }
    set(&mut head, 50, if short { 0 } else { 1 }).ok_or("short head table")?;
    let changes: Vec<(u32, Option<&[u8]>)> = vec![
        (tag(b"glyf"), Some(&glyf)),
        (tag(b"loca"), Some(&loca)),
        (tag(b"hmtx"), Some(&hmtx)),
        (tag(b"head"), Some(&head)),
        (tag(b"hhea"), Some(&hhea)),
        (tag(b"DSIG"), None),
    ];
    rebuild(font, &changes).ok_or_else(|| "the font's table directory is damaged".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../fonts/NotoSansSC_400Regular.ttf");

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

    fn read_points(g: &[u8], _exact: bool) -> Vec<(i32, i32, bool)> {
        Simple::read(g)
            .unwrap()
            .points
            .iter()
            .map(|p| (p.x, p.y, p.on_curve))
            .collect()
    }

    #[test]
    fn a_font_is_rounded_with_its_metrics_and_keeps_its_origins() {
        // The original-shaped glyph: one contour off the grid, in a tiny font made of
        // the built-in face's other tables.
        let g = glyph(&[(101, -3, true), (101, 700, false), (899, 702, true)]);
        let regular = REGULAR;
        let raw = ttf_parser::RawFace::parse(regular, 0).unwrap();
        let table = |name: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(name)).unwrap();
        let mut record = g.clone();
        for (at, v) in [(2, 101i16), (4, -3), (6, 899), (8, 702)] {
            record[at..at + 2].copy_from_slice(&v.to_be_bytes());
        }
        record.resize(record.len().next_multiple_of(2), 0);
        let (loca, short) = loca_for(&[0, record.len()]);
        let mut head = table(b"head").to_vec();
        head[50..52].copy_from_slice(&(u16::from(!short)).to_be_bytes());
        let mut maxp = table(b"maxp").to_vec();
        maxp[4..6].copy_from_slice(&2u16.to_be_bytes());
        let mut hhea = table(b"hhea").to_vec();
        hhea[34..36].copy_from_slice(&2u16.to_be_bytes());
        let mut hmtx = Vec::new();
        for (advance, lsb) in [(500u16, 0i16), (1000, 51)] {
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        let tiny = rebuild(
            regular,
            &[
                (tag(b"glyf"), Some(record.as_slice())),
                (tag(b"loca"), Some(&loca)),
                (tag(b"head"), Some(&head)),
                (tag(b"maxp"), Some(&maxp)),
                (tag(b"hhea"), Some(&hhea)),
                (tag(b"hmtx"), Some(&hmtx)),
            ],
        )
        .unwrap();
        let rounded = round_font(&tiny).unwrap();
        let raw = ttf_parser::RawFace::parse(&rounded, 0).unwrap();
        let index = GlyfIndex::read(|name| raw.table(ttf_parser::Tag::from_bytes(name))).unwrap();
        let outline = index.outline(1).unwrap();
        assert_eq!(
            read_points(outline, false),
            [(96, 0, true), (96, 704, false), (896, 704, true)]
        );
        // xMin moved from 101 to 96, so the side bearing moved by -5: same origin.
        assert_eq!(index.metrics(1), Some((1000, 46)));
        let head = raw.table(ttf_parser::Tag::from_bytes(b"head")).unwrap();
        let bbox: Vec<i16> = (0..4)
            .map(|k| u16_at(head, 36 + 2 * k).unwrap() as i16)
            .collect();
        assert_eq!(bbox, [96, 0, 896, 704]);
        // Rounding again changes nothing, byte for byte.
        assert_eq!(round_font(&rounded).unwrap(), rounded);
        // Still a font the subsetter and printpdf can read.
        assert!(printpdf::ParsedFont::from_bytes(&rounded, 0, &mut Vec::new()).is_some());
        assert!(round_font(b"not a font").is_err());
    }
}
