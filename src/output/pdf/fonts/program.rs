//! The font program one document embeds: the glyphs it uses of a TrueType face,
//! renumbered in glyph id order, put together straight from the face's tables.
//!
//! Each glyph is made smaller once per process (`shrink`, through [`Face::prepared`]) and
//! copied into every document that uses it, so a batch pays for a glyph once. The file
//! holds what a PDF reader needs of a font reached by glyph id (`glyf`, `loca`, `hmtx`,
//! `head`, `hhea`, `maxp`, `post`), the face's hinting programs if it has any, and the
//! names that identify the font and its licence; no `cmap`, since text extraction uses
//! the PDF's ToUnicode map.
//!
//! A face with CFF outlines, and a document using a composite glyph, are not taken here:
//! `subset` gives those to allsorts.

use super::set::Face;
use super::sfnt::assemble;
use super::shrink::{self, Prepared};
use super::truetype::{loca_for, set_u16, tag, u16_at};

/// The font file of glyphs `gids` of `face` (sorted, without repeats, `.notdef` first),
/// glyph `gids[i]` becoming glyph `i`; `None` when this path cannot take the face or
/// one of the glyphs.
pub(crate) fn build(face: &Face, gids: &[u16]) -> Option<Vec<u8>> {
    let index = face.glyf.as_ref()?;
    let prepared = face.prepared()?;
    let glyphs: Vec<&Prepared> = gids
        .iter()
        .map(|&gid| prepared.glyph(index, gid))
        .collect::<Option<_>>()?;
    let mut grid = prepared.cap;
    for glyph in &glyphs {
        match glyph {
            Prepared::Other => return None,
            Prepared::Simple { grid: g, .. } => grid = grid.min(*g),
            Prepared::Empty => {}
        }
    }
    let div = |v: i32| scaled(v, grid);

    let mut glyf = Vec::new();
    let mut ends = Vec::with_capacity(glyphs.len());
    let mut metrics = Vec::with_capacity(glyphs.len());
    let mut advance_max = 0;
    let (mut min_lsb, mut min_rsb, mut max_extent) = (i32::MAX, i32::MAX, i32::MIN);
    for (&gid, glyph) in gids.iter().zip(&glyphs) {
        let (advance, lsb) = index.metrics(gid)?;
        let advance = div(i32::from(advance));
        let lsb = if let Prepared::Empty = glyph {
            div(i32::from(lsb))
        } else {
            let outline = index.outline(gid)?;
            // Readers place an outline by its box's xMin less the side bearing (zero for
            // the built-in faces); that stays as the face has it, in the new units, or
            // the face is left to allsorts.
            let origin = i32::from(u16_at(outline, 2)? as i16) - i32::from(lsb);
            if origin % grid != 0 {
                return None;
            }
            let [x_min, _, x_max, _] = match glyph {
                Prepared::Simple {
                    grid: g,
                    record,
                    bbox,
                } if *g == grid => {
                    glyf.extend_from_slice(record);
                    *bbox
                }
                _ => {
                    let (record, bbox) = shrink::rewrite(outline, grid)?;
                    glyf.extend_from_slice(&record);
                    bbox
                }
            };
            let lsb = x_min - origin / grid;
            min_lsb = min_lsb.min(lsb);
            min_rsb = min_rsb.min(advance - lsb - (x_max - x_min));
            max_extent = max_extent.max(lsb + (x_max - x_min));
            lsb
        };
        // Even lengths, so that the short `loca` format can hold the offsets.
        glyf.resize(glyf.len().next_multiple_of(2), 0);
        ends.push(glyf.len());
        advance_max = advance_max.max(advance);
        metrics.push((u16::try_from(advance).ok()?, i16::try_from(lsb).ok()?));
    }
    // The glyphs at the end that share one advance (in a CJK face, the ideographs) give
    // only their side bearings.
    let last = metrics.last()?.0;
    let long = metrics.len() - metrics.iter().rev().take_while(|m| m.0 == last).count() + 1;
    let mut hmtx = Vec::with_capacity(4 * long + 2 * (metrics.len() - long));
    for (i, (advance, lsb)) in metrics.iter().enumerate() {
        if i < long {
            hmtx.extend_from_slice(&advance.to_be_bytes());
        }
        hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let (loca, short) = loca_for(&ends);
    let count = u16::try_from(gids.len()).ok()?;

    let head = scaled_head(face, grid, short)?;
    let hhea = scaled_hhea(
        face,
        grid,
        advance_max,
        (min_lsb, min_rsb, max_extent),
        long,
    )?;
    let mut maxp = face.table(b"maxp")?.to_vec();
    set_u16(&mut maxp, 4, count)?;
    let post = scaled_post(face, grid)?;

    let mut tables: Vec<(u32, &[u8])> = vec![
        (tag(b"glyf"), &glyf),
        (tag(b"loca"), &loca),
        (tag(b"hmtx"), &hmtx),
        (tag(b"head"), &head),
        (tag(b"hhea"), &hhea),
        (tag(b"maxp"), &maxp),
        (tag(b"post"), &post),
    ];
    let name = face.small_name();
    if let Some(name) = name {
        tables.push((tag(b"name"), name));
    }
    for hinting in [b"cvt ", b"fpgm", b"prep"] {
        if let Some(table) = face.table(hinting) {
            tables.push((tag(hinting), table));
        }
    }
    assemble(0x0001_0000, tables)
}

/// `v` font units in units of `grid`, rounded.
fn scaled(v: i32, grid: i32) -> i32 {
    (f64::from(v) / f64::from(grid)).round() as i32
}

/// A signed 16-bit value of a table.
fn get_i16(data: &[u8], at: usize) -> Option<i32> {
    u16_at(data, at).map(|v| i32::from(v as i16))
}

/// Sets a signed 16-bit value of a table; `None` when `v` does not fit.
fn set_i16(data: &mut [u8], at: usize, v: i32) -> Option<()> {
    set_u16(data, at, i16::try_from(v).ok()? as u16)
}

/// `head` in units of `grid`: units per em, the font's box (lower corner rounded down,
/// upper one up) and the `loca` format.
fn scaled_head(face: &Face, grid: i32, short: bool) -> Option<Vec<u8>> {
    let mut head = face.table(b"head")?.get(..54)?.to_vec();
    set_u16(
        &mut head,
        18,
        u16::try_from(i32::from(face.units_per_em) / grid).ok()?,
    )?;
    for (at, up) in [(36, false), (38, false), (40, true), (42, true)] {
        let v = get_i16(&head, at)?;
        let v = if up {
            -(-v).div_euclid(grid)
        } else {
            v.div_euclid(grid)
        };
        set_i16(&mut head, at, v)?;
    }
    set_u16(&mut head, 50, if short { 0 } else { 1 })?;
    Some(head)
}

/// `hhea` in units of `grid`: ascender, descender and line gap, the widest advance, the
/// side bearings' extremes `(min_lsb, min_rsb, max_extent)` and the number of advances.
fn scaled_hhea(
    face: &Face,
    grid: i32,
    advance_max: i32,
    (min_lsb, min_rsb, max_extent): (i32, i32, i32),
    long: usize,
) -> Option<Vec<u8>> {
    let mut hhea = face.table(b"hhea")?.get(..36)?.to_vec();
    for at in [4, 6, 8] {
        let v = get_i16(&hhea, at)?;
        set_i16(&mut hhea, at, scaled(v, grid))?;
    }
    set_u16(&mut hhea, 10, u16::try_from(advance_max).ok()?)?;
    if max_extent >= min_lsb {
        for (at, v) in [(12, min_lsb), (14, min_rsb), (16, max_extent)] {
            set_i16(&mut hhea, at, v)?;
        }
    }
    set_u16(&mut hhea, 34, u16::try_from(long).ok()?)?;
    Some(hhea)
}

/// `post` version 3 (no glyph names), underline position and thickness in units of
/// `grid`.
fn scaled_post(face: &Face, grid: i32) -> Option<Vec<u8>> {
    let mut post = face.table(b"post")?.get(..32)?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    for at in [8, 10] {
        let v = get_i16(&post, at)?;
        set_i16(&mut post, at, scaled(v, grid))?;
    }
    Some(post)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::fonts::set::Face;
    use crate::output::pdf::fonts::used::{gids, UsedGlyphs};
    use crate::output::pdf::fonts::{FontSet, Slot};
    use crate::output::pdf::writer::embed::cut;

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

    fn packed(f: &[u8]) -> usize {
        let level = libdeflater::CompressionLvl::new(6).unwrap();
        let mut compressor = libdeflater::Compressor::new(level);
        let mut out = vec![0; compressor.zlib_compress_bound(f.len())];
        compressor.zlib_compress(f, &mut out).unwrap()
    }

    /// Against the glyphs as allsorts cuts them from the face, in its own units: the
    /// same outline for every glyph, in fewer bytes, and the same glyph order.
    #[test]
    fn a_program_of_the_built_in_face_draws_what_the_face_draws_in_fewer_bytes() {
        let fonts = FontSet::embedded().unwrap();
        for slot in [Slot::Regular, Slot::Bold] {
            let face = fonts.face(slot).unwrap();
            let used: UsedGlyphs =
                "上海市居住证申领材料清单、（）《》：；。0123456789 ABCabc@圆圈回口"
                    .chars()
                    .filter_map(|c| Some((c, face.glyph_index(c)?)))
                    .collect();
            let before = cut(face, &used).unwrap().original_bytes;
            let after = build(face, &gids(&used)).unwrap();
            let (a, b) = (packed(&before), packed(&after));
            assert!(b * 100 < a * 95, "{a} → {b} compressed");
            let units = |f: &[u8]| ttf_parser::Face::parse(f, 0).unwrap().units_per_em();
            assert_eq!((units(&before), units(&after)), (1000, 125));
            let count = |f: &[u8]| ttf_parser::Face::parse(f, 0).unwrap().number_of_glyphs();
            assert_eq!(count(&after), count(&before));
            for gid in 0..count(&after) {
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
            // Advances in the new units, side bearings where the outlines begin.
            let read = ttf_parser::Face::parse(&after, 0).unwrap();
            for (i, &gid) in gids(&used).iter().enumerate() {
                let id = ttf_parser::GlyphId(i as u16);
                let advance = f64::from(face.advance_units(gid)) / 8.0;
                assert_eq!(read.glyph_hor_advance(id), Some(advance.round() as u16));
                if let Some(bbox) = read.glyph_bounding_box(id) {
                    assert_eq!(read.glyph_hor_side_bearing(id), Some(bbox.x_min), "{i}");
                }
            }
            // A font that a second reader takes too, with the face's names and licence.
            let parsed = printpdf::ParsedFont::from_bytes(&after, 0, &mut Vec::new()).unwrap();
            assert_eq!(parsed.glyph_widths.len(), used.len() + 1);
            assert!(read
                .names()
                .into_iter()
                .any(|n| n.name_id == ttf_parser::name_id::LICENSE));
        }
    }

    /// A `--font` face keeps where each outline sits against its origin (its box's xMin
    /// less its side bearing), whatever units its program is written in.
    #[test]
    fn a_fallback_face_keeps_its_outlines_origins() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pdf/fallback-latin.ttf"
        );
        let mut font = std::fs::read(path).unwrap();
        // Every side bearing 5 units short of its glyph's xMin, as some fonts have them.
        let raw = ttf_parser::RawFace::parse(&font, 0).unwrap();
        let hmtx = raw.table(ttf_parser::Tag::from_bytes(b"hmtx")).unwrap();
        let (at, len) = (hmtx.as_ptr() as usize - font.as_ptr() as usize, hmtx.len());
        let hhea = raw.table(ttf_parser::Tag::from_bytes(b"hhea")).unwrap();
        let long = usize::from(u16_at(hhea, 34).unwrap());
        let sides: Vec<usize> = (0..long)
            .map(|g| 4 * g + 2)
            .chain((4 * long..len).step_by(2))
            .collect();
        for side in sides {
            let v = u16_at(&font, at + side).unwrap() as i16 - 5;
            set_u16(&mut font, at + side, v as u16).unwrap();
        }
        let bytes: &'static [u8] = Box::leak(font.into_boxed_slice());
        let face = Face::load(bytes, "fallback-latin.ttf").unwrap();
        // The face's simple glyphs (its composite ones are left to allsorts).
        let used: UsedGlyphs =
            "ĄąĆćĘęŁłŃńŚśŹźŻżóabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                .chars()
                .filter_map(|c| Some((c, face.glyph_index(c)?)))
                .filter(|&(_, g)| build(&face, &[0, g]).is_some())
                .collect();
        assert!(used.len() >= 3, "{used:?}");
        let ids = gids(&used);
        let program = build(&face, &ids).unwrap();
        let (before, after) = (
            ttf_parser::Face::parse(bytes, 0).unwrap(),
            ttf_parser::Face::parse(&program, 0).unwrap(),
        );
        let scale = f64::from(after.units_per_em()) / f64::from(before.units_per_em());
        for (i, &gid) in ids.iter().enumerate().skip(1) {
            let origin = |f: &ttf_parser::Face<'_>, g: u16| {
                let g = ttf_parser::GlyphId(g);
                Some(
                    f64::from(f.glyph_bounding_box(g)?.x_min)
                        - f64::from(f.glyph_hor_side_bearing(g)?),
                )
            };
            let (a, b) = (origin(&before, gid), origin(&after, i as u16));
            assert_eq!(a.map(|a| a * scale), b, "glyph {gid}");
        }
    }

    /// A batch uses the same glyphs again and again: the second document is made from
    /// what the first prepared, and comes out the same.
    #[test]
    fn the_same_glyphs_give_the_same_program_every_time() {
        let fonts = FontSet::embedded().unwrap();
        let face = fonts.face(Slot::Regular).unwrap();
        let used: UsedGlyphs = "居住证 ABC"
            .chars()
            .map(|c| (c, face.glyph_index(c).unwrap_or(0)))
            .collect();
        let first = build(face, &gids(&used)).unwrap();
        assert_eq!(build(face, &gids(&used)).unwrap(), first);
    }
}
