//! Small `cmap` and `name` tables for subset fonts.

use super::used::UsedGlyphs;

/// A `cmap` table with one format 12 subtable (Windows, Unicode full
/// repertoire) mapping exactly the characters of `used`.
pub(crate) fn small_cmap(used: &UsedGlyphs) -> Vec<u8> {
    let groups = used.len() as u32;
    let sub_len = 16 + 12 * groups;
    let mut out = Vec::with_capacity(12 + sub_len as usize);
    // cmap header: version 0, one encoding record (3, 10) at offset 12.
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&3u16.to_be_bytes());
    out.extend_from_slice(&10u16.to_be_bytes());
    out.extend_from_slice(&12u32.to_be_bytes());
    // Format 12: format, reserved, length, language, number of groups.
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&sub_len.to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&groups.to_be_bytes());
    // One group per character; `used` iterates in character order.
    for (&ch, &gid) in used {
        let code = u32::from(ch);
        out.extend_from_slice(&code.to_be_bytes());
        out.extend_from_slice(&code.to_be_bytes());
        out.extend_from_slice(&u32::from(gid).to_be_bytes());
    }
    out
}

/// Name ids kept in a subset: copyright, family, subfamily, full name,
/// PostScript name, licence and licence URL.
const KEPT_NAMES: [u16; 7] = [0, 1, 2, 4, 6, 13, 14];

/// A `name` table with only the Windows-platform records of [`KEPT_NAMES`]
/// from `name` (a format 0 or 1 table); `None` if it cannot be read or has none.
pub(crate) fn small_name(name: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| {
        name.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let count = usize::from(u16_at(2)?);
    let storage = usize::from(u16_at(4)?);
    let mut records = Vec::new();
    for i in 0..count {
        let at = 6 + 12 * i;
        let mut fields = [0u16; 6];
        for (k, field) in fields.iter_mut().enumerate() {
            *field = u16_at(at + 2 * k)?;
        }
        let [platform, encoding, language, name_id, len, offset] = fields;
        if platform == 3 && KEPT_NAMES.contains(&name_id) {
            let start = storage + usize::from(offset);
            let text = name.get(start..start + usize::from(len))?;
            records.push(([platform, encoding, language, name_id], text));
        }
    }
    if records.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let header_len = 6 + 12 * records.len();
    for value in [0, records.len() as u16, header_len as u16] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut strings = Vec::new();
    for (ids, text) in &records {
        for value in ids
            .iter()
            .copied()
            .chain([text.len() as u16, strings.len() as u16])
        {
            out.extend_from_slice(&value.to_be_bytes());
        }
        strings.extend_from_slice(text);
    }
    out.extend_from_slice(&strings);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use allsorts::binary::read::ReadScope;
    use allsorts::tables::NameTable;

    #[test]
    fn small_name_keeps_identity_and_licence() {
        let data = ReadScope::new(crate::output::pdf::fonts::embedded::REGULAR)
            .read::<allsorts::font_data::FontData<'_>>()
            .unwrap();
        let provider = data.table_provider(0).unwrap();
        use allsorts::tables::FontTableProvider;
        let full = provider.read_table_data(allsorts::tag::NAME).unwrap();
        let small = small_name(&full).unwrap();
        assert!(small.len() < 1000, "{}", small.len());
        let table = ReadScope::new(&small).read::<NameTable<'_>>().unwrap();
        assert_eq!(
            table.string_for_id(NameTable::POSTSCRIPT_NAME).as_deref(),
            Some("NotoSansSC-Regular")
        );
        assert!(table
            .string_for_id(13)
            .unwrap()
            .contains("Open Font License"));
        assert!(table.string_for_id(9).is_none());
    }

    #[test]
    fn small_cmap_is_a_valid_table() {
        let used: UsedGlyphs = [('中', 3), ('a', 1)].into_iter().collect();
        let cmap = small_cmap(&used);
        assert_eq!(cmap.len(), 12 + 16 + 24);
        let parsed = ReadScope::new(&cmap)
            .read::<allsorts::tables::cmap::Cmap<'_>>()
            .unwrap();
        let (_, sub) = allsorts::font::read_cmap_subtable(&parsed)
            .unwrap()
            .unwrap();
        assert_eq!(sub.map_glyph(u32::from('中')).unwrap(), Some(3));
    }
}
