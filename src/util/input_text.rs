//! Outside YAML and JSON text before it is parsed: a leading byte-order mark is dropped,
//! and nesting deeper than [`MAX_DEPTH`] is refused before the parser sees it (the YAML
//! parser's time grows with the square of the depth: 100,000 levels take minutes).

/// The deepest nesting read. Policies nest about eight levels; an applicant two.
pub const MAX_DEPTH: usize = 64;

/// Nesting too deep to parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("nested more than {MAX_DEPTH} levels deep at line {line}; doclist reads at most {MAX_DEPTH} levels")]
pub struct TooDeep {
    /// The line (1-based) where the limit was passed.
    pub line: usize,
}

impl TooDeep {
    /// A stable name for the kind of error.
    pub fn code(&self) -> &'static str {
        "too-deep"
    }
}

/// Whether `path`, links followed, lies inside `root` (links followed too): a folder's
/// files are read, never what a link in it points at elsewhere. A dangling link counts as
/// inside (reading it fails with its own error).
pub fn resolves_inside(root: &std::path::Path, path: &std::path::Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => true,
    }
}

/// `text` without a UTF-8 byte-order mark at its start (editors on Windows add one).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses YAML or JSON text that nests more than [`MAX_DEPTH`] levels.
///
/// The depth counted is at least the parser's: open flow brackets (`[`, `{`) outside
/// quotes and comments, plus the block levels (each deeper indentation, and each `- `
/// or `? ` starting an entry on the same line). It may count more than the parser for
/// odd plain text (an unclosed `[` inside a value), never less.
pub fn check_depth(text: &str) -> Result<(), TooDeep> {
    check_depth_max(text, MAX_DEPTH)
}

fn check_depth_max(text: &str, max: usize) -> Result<(), TooDeep> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char>;
    for (i, line) in text.lines().enumerate() {
        let too_deep = || TooDeep { line: i + 1 };
        // A quote is taken to end with its line: text that only looks like an open quote
        // (in a block scalar, say) must not hide the brackets after it.
        quote = None;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        // Block structure only outside flow collections.
        let mut depth_here = 0;
        if flow == 0 && !body.is_empty() && !body.starts_with('#') {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            let mut rest = body;
            while let Some(r) = rest
                .strip_prefix("- ")
                .or_else(|| rest.strip_prefix("? "))
                .or_else(|| (rest == "-").then_some(""))
            {
                depth_here += 1;
                rest = r.trim_start_matches(' ');
            }
            if indents.len() + depth_here > max {
                return Err(too_deep());
            }
        }
        let mut prev = ' ';
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => match c {
                    '#' if prev == ' ' || prev == '\t' => break,
                    '"' | '\'' if matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':') => {
                        quote = Some(c)
                    }
                    '[' | '{' => {
                        flow += 1;
                        if indents.len() + depth_here + flow > max {
                            return Err(too_deep());
                        }
                    }
                    ']' | '}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    Ok(())
}

/// The first YAML tag in `text` (`!shell`, `!!str`, `!!binary`, `!<…>`), with its line
/// (1-based). The parser resolves the tags of the core schema (`!!str 1` reads as the text
/// `1`) so they cannot be seen in the value read: the text is looked at instead. A `!`
/// counts where a node may begin (a line's start, after `- `, `? `, `: `, an anchor, or
/// `[`, `{`, `,` in a flow), never inside quotes, comments or a block scalar's lines.
pub fn first_tag(text: &str) -> Option<(usize, String)> {
    let mut quote: Option<char> = None;
    let mut flow = 0usize;
    // The indentation of the line that opened a block scalar (`|`, `>`) still running.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(open) = block {
            if line.trim().is_empty() || indent > open {
                continue;
            }
            block = None;
        }
        let body = line[indent..]
            .strip_prefix("---")
            .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
            .unwrap_or(&line[indent..]);
        let mut start = quote.is_none();
        let mut prev = ' ';
        let mut chars = body.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |(_, n)| *n);
            if let Some(q) = quote {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q && !(q == '\'' && next == '\'') {
                    quote = None;
                } else if c == q {
                    chars.next();
                }
                prev = c;
                continue;
            }
            let blank = |ch: char| ch == ' ' || ch == '\t';
            if blank(c) {
                prev = c;
                continue;
            }
            if c == '#' && blank(prev) {
                break;
            }
            match c {
                '!' if start => {
                    let tag = body[at..]
                        .split(|ch: char| ch.is_whitespace() || matches!(ch, ',' | ']' | '}'))
                        .next()
                        .unwrap_or("!");
                    return Some((i + 1, tag.to_string()));
                }
                '"' | '\'' if start => {
                    quote = Some(c);
                    start = false;
                }
                '-' | '?' if start && blank(next) => {}
                '&' if start => {
                    // An anchor: the node (and its tag) follows it.
                    while chars.peek().is_some_and(|(_, n)| !blank(*n)) {
                        chars.next();
                    }
                }
                '|' | '>' if start && flow == 0 => {
                    block = Some(indent);
                    break;
                }
                '[' | '{' if start || flow > 0 => {
                    flow += 1;
                    start = true;
                }
                ']' | '}' if flow > 0 => {
                    flow -= 1;
                    start = false;
                }
                ',' if flow > 0 => start = true,
                ':' if flow > 0 || blank(next) => start = true,
                _ => start = false,
            }
            prev = c;
        }
    }
    None
}

/// `text` with what could rewrite a terminal or split a log line shown as `\u{..}`:
/// control characters (line breaks too, unless `keep_lines`) and direction overrides.
pub fn escape_hidden(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && !(keep_lines && c == '\n'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Outside text as a page, an answer or a log line may show it: on one line (see
/// [`escape_hidden`]) and cut to `max` characters, with `…` after.
pub fn shown(text: &str, max: usize) -> String {
    let mut cut: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        cut.push('…');
    }
    escape_hidden(&cut, false).into_owned()
}

/// The most bytes of one applicant file (a real one is a few hundred).
pub const MAX_APPLICANT: u64 = 1 << 20;

/// The most bytes of one policy file (the largest shipped one is under 40 KB).
pub const MAX_POLICY_FILE: u64 = 4 << 20;

/// The most bytes of one source document's text.
pub const MAX_SOURCE_TEXT: u64 = 16 << 20;

/// Reads all of `r` as UTF-8 text, refusing it (`FileTooLarge`, saying the limit) when
/// it holds more than `max` bytes, or (`InvalidData`) when it is not UTF-8: a file is
/// never read whole before its size is known to be sane.
pub fn read_bounded(r: impl std::io::Read, max: u64) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    r.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {} MB", max >> 20),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// [`read_bounded`] of a file.
pub fn read_file_bounded(path: &std::path::Path, max: u64) -> std::io::Result<String> {
    read_bounded(std::fs::File::open(path)?, max)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_are_found_where_a_node_begins_and_only_there() {
        use super::first_tag;
        for (yaml, tag) in [
            ("a: !!str 1\n", "!!str"),
            ("a: 1\nb: !!binary aGk=\n", "!!binary"),
            ("- &x !shell rm\n", "!shell"),
            ("a: [1, !<tag:x> 2]\n", "!<tag:x>"),
            ("--- !!map\na: 1\n", "!!map"),
            ("a:\n  - b: {c: !t d}\n", "!t"),
        ] {
            assert_eq!(
                first_tag(yaml).map(|t| t.1),
                Some(tag.to_string()),
                "{yaml}"
            );
        }
        for yaml in [
            "a: hello !world\n",
            "a: \"!x\"\nb: '!y'\n",
            "a: 1 # !not\n",
            "a: |\n  !text\n  more !text\nb: 1\n",
            "a: \"two\n  !lines\"\n",
            "url: http://x!y\n",
        ] {
            assert_eq!(first_tag(yaml), None, "{yaml}");
        }
        assert_eq!(
            first_tag("a: 1\nb: |\n  x\nc: !!str 2\n").map(|t| t.0),
            Some(4)
        );
    }

    use super::*;

    #[test]
    fn deep_flow_and_block_nesting_are_refused() {
        let flow = "a: ".to_string() + &"[".repeat(100_000);
        assert_eq!(check_depth(&flow), Err(TooDeep { line: 1 }));
        let json = "{\"a\":".repeat(65) + "1" + &"}".repeat(65);
        assert!(check_depth(&json).is_err());
        let json = "{\"a\":".repeat(60) + "1" + &"}".repeat(60);
        assert!(check_depth(&json).is_ok());
        let block: String = (0..70)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(check_depth(&block), Err(TooDeep { line: 65 }));
        let dashes = "- ".repeat(70) + "x";
        assert!(check_depth(&dashes).is_err());
    }

    #[test]
    fn brackets_in_quotes_and_comments_and_ordinary_files_pass() {
        let text = "name: \"[[[[[[\"\nnote: '{{{{ it''s'  # [[[[\nlist: [a, [b, c], {d: e}]\n";
        assert!(check_depth_max(text, 4).is_ok());
        assert!(check_depth_max("a:\n  b:\n    c: [1]\n", 4).is_ok());
        assert!(check_depth_max("a:\n  b:\n    c: [[1]]\n", 4).is_err());
    }

    #[test]
    fn a_bom_is_dropped() {
        assert_eq!(without_bom("\u{feff}name: 张三"), "name: 张三");
        assert_eq!(without_bom("name: 张三"), "name: 张三");
    }
}
