//! Names: output file names that are safe on every file system and unique within a
//! batch, and column letters as spreadsheets show them.

/// The longest name part kept, in characters.
const MAX_NAME: usize = 40;

/// `00012-张三`: the row number keeps names unique and in sheet order; the name is cleaned
/// of path separators, characters file systems refuse, control characters and leading dots.
pub fn file_stem(row: usize, name: Option<&str>) -> String {
    let mut clean = String::new();
    for c in name.unwrap_or_default().chars() {
        let bad = c.is_control()
            || matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{7f}'
            );
        let c = if bad || c.is_whitespace() { '_' } else { c };
        if c == '_' && clean.ends_with('_') {
            continue;
        }
        clean.push(c);
    }
    let trimmed: String = clean
        .trim_matches(|c: char| c == '.' || c == '_' || c == ' ')
        .chars()
        .take(MAX_NAME)
        .collect();
    let trimmed = trimmed.trim_end_matches(['.', '_']);
    if trimmed.is_empty() {
        format!("{row:05}")
    } else {
        format!("{row:05}-{trimmed}")
    }
}

/// Whether a file name in the output folder is one the batch writes itself: a person's
/// checklist (`00024-张三.pdf`, `00024.json`), a report file or a line file. A merge
/// file must not take such a name: it would replace what the batch wrote there.
pub fn is_batch_file(name: &str) -> bool {
    let person = name.len() > 5
        && name.as_bytes()[..5].iter().all(u8::is_ascii_digit)
        && matches!(name.as_bytes()[5], b'-' | b'.');
    person
        || super::report_files::NAMES.contains(&name)
        || [super::jsonl::FILE, super::shard::FILE].contains(&name)
}

/// `A` for the first column, `Z`, `AA`, … as spreadsheets name them.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn hostile_names_are_tamed() {
        assert_eq!(file_stem(2, Some("张三")), "00002-张三");
        assert_eq!(file_stem(3, Some("../../etc/passwd")), "00003-etc_passwd");
        assert_eq!(
            file_stem(4, Some("a<b>c:d\"e|f?g*h")),
            "00004-a_b_c_d_e_f_g_h"
        );
        assert_eq!(file_stem(5, Some("..")), "00005");
        assert_eq!(file_stem(6, None), "00006");
        assert_eq!(
            file_stem(7, Some("line\nbreak\ttab")),
            "00007-line_break_tab"
        );
        let long = "长".repeat(100);
        assert_eq!(file_stem(8, Some(&long)).chars().count(), 6 + 40);
        assert_eq!(file_stem(9, Some("CON")), "00009-CON");
    }
}
