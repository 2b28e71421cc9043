//! Compact glyph width arrays (`/W`) for the CID fonts of a finished document.
//!
//! A CJK font's glyphs are nearly all one em wide, the font's default width (`/DW`).
//! Widths equal to the default need no entry, so only the others (Latin letters,
//! digits, punctuation) are listed, each run of consecutive glyph ids as `c [w …]`.

use lopdf::{Dictionary, Object};

/// Rewrite the `/W` array of every CID font in `doc` to list only non-default widths.
pub(crate) fn compact(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let Object::Dictionary(font) = object else {
            continue;
        };
        let Ok(Object::Array(descendants)) = font.get_mut(b"DescendantFonts") else {
            continue;
        };
        for descendant in descendants {
            if let Object::Dictionary(cid_font) = descendant {
                compact_one(cid_font);
            }
        }
    }
}

fn compact_one(font: &mut Dictionary) {
    let default = match font.get(b"DW") {
        Ok(Object::Integer(w)) => *w,
        Ok(_) => return,
        Err(_) => 1000,
    };
    let Ok(Object::Array(list)) = font.get(b"W") else {
        return;
    };
    let Some(widths) = parse(list) else {
        return;
    };
    font.set("W", Object::Array(write(&widths, default)));
}

/// `(cid, width)` pairs in the order the array gives them, or `None` when the array is
/// not well formed (it is then left as it is).
fn parse(list: &[Object]) -> Option<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let first = list[i].as_i64().ok()?;
        match list.get(i + 1)? {
            Object::Array(ws) => {
                for (k, w) in ws.iter().enumerate() {
                    out.push((first + k as i64, number(w)?));
                }
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let w = number(list.get(i + 2)?)?;
                out.extend((first..=last).map(|c| (c, w)));
                i += 3;
            }
        }
    }
    Some(out)
}

fn number(o: &Object) -> Option<i64> {
    match o {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(r.round() as i64),
        _ => None,
    }
}

/// The widths other than `default`, as `c [w …]` runs of consecutive ids.
pub(crate) fn write(widths: &[(i64, i64)], default: i64) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(i64, Vec<Object>)> = None;
    let mut next = None;
    for &(cid, w) in widths.iter().filter(|(_, w)| *w != default) {
        if next != Some(cid) {
            if let Some((start, ws)) = run.take() {
                out.push(Object::Integer(start));
                out.push(Object::Array(ws));
            }
            run = Some((cid, Vec::new()));
        }
        if let Some((_, ws)) = run.as_mut() {
            ws.push(Object::Integer(w));
        }
        next = Some(cid + 1);
    }
    if let Some((start, ws)) = run {
        out.push(Object::Integer(start));
        out.push(Object::Array(ws));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64]) -> Vec<Object> {
        v.iter().map(|&i| Object::Integer(i)).collect()
    }

    #[test]
    fn only_widths_other_than_the_default_are_listed() {
        // 1: 224, 2: 467, 3–5: 1000, 6: 555, 7–9: 1000 (as a range), 10: 300.
        let list = vec![
            Object::Integer(1),
            Object::Array(ints(&[224, 467, 1000, 1000, 1000, 555])),
            Object::Integer(7),
            Object::Integer(9),
            Object::Integer(1000),
            Object::Integer(10),
            Object::Array(ints(&[300])),
        ];
        let widths = parse(&list).unwrap();
        assert_eq!(widths.len(), 10);
        let out = write(&widths, 1000);
        assert_eq!(
            out,
            vec![
                Object::Integer(1),
                Object::Array(ints(&[224, 467])),
                Object::Integer(6),
                Object::Array(ints(&[555])),
                Object::Integer(10),
                Object::Array(ints(&[300])),
            ]
        );
        assert!(write(&[(1, 1000), (2, 1000)], 1000).is_empty());
    }

    #[test]
    fn a_malformed_array_is_left_alone() {
        let mut font = Dictionary::new();
        let odd = vec![Object::Integer(1), Object::Name(b"x".to_vec())];
        font.set("W", Object::Array(odd.clone()));
        compact_one(&mut font);
        assert_eq!(font.get(b"W").unwrap(), &Object::Array(odd));
    }
}
