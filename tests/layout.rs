//! The shape of the source: no file under `src/` longer than 600 lines, no function outside
//! the tests longer than 120 lines. Each failure lists every offender, longest first.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 120;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `path` from the repository's root, for the messages.
fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Fails with one `<lines>  <name>` line per offender, longest first.
fn assert_none(mut offenders: Vec<(usize, String)>, what: &str) {
    offenders.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let list: Vec<String> = offenders
        .iter()
        .map(|(n, name)| format!("{n:6}  {name}"))
        .collect();
    assert!(
        offenders.is_empty(),
        "{} {what}:\n{}",
        offenders.len(),
        list.join("\n")
    );
}

#[test]
fn no_file_under_src_is_longer_than_600_lines() {
    let offenders = files(&src())
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let lines = bytes.split(|&b| b == b'\n').count() - usize::from(bytes.ends_with(b"\n"));
            (lines > MAX_FILE_LINES).then(|| (lines, shown(&p)))
        })
        .collect();
    assert_none(
        offenders,
        &format!("files under src/ have more than {MAX_FILE_LINES} lines"),
    );
}

/// What the function finder needs of Rust's tokens, each with its line.
#[derive(Debug, PartialEq)]
enum Token {
    /// `fn name`.
    Fn(String),
    /// Another word (a keyword or a name).
    Word(String),
    Open,
    Close,
    Semicolon,
    /// `#[test]` or `#[cfg(test)]`: the next item is a test.
    TestAttribute,
}

/// The tokens of `text` the finder needs, with comments, strings and character literals
/// left out (so a brace in them counts for nothing). Not a parser, but nothing in a string
/// or a comment can fool it.
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let c: Vec<char> = text.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let word_char = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    // Moves `i` past the closing quote of a string whose text starts at `i`, ended by `"`
    // and `hashes` `#` (a raw string when `raw`, without escapes).
    let skip_string = |i: &mut usize, line: &mut usize, raw: bool, hashes: usize| {
        while *i < c.len() {
            match c[*i] {
                '\n' => *line += 1,
                '\\' if !raw => {
                    *i += 1;
                    if at(*i) == '\n' {
                        *line += 1;
                    }
                }
                '"' if (1..=hashes).all(|h| at(*i + h) == '#') => {
                    *i += 1 + hashes;
                    return;
                }
                _ => {}
            }
            *i += 1;
        }
    };
    while i < c.len() {
        let ch = c[i];
        match ch {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(c[i] == '\n');
                        i += 1;
                    }
                }
            }
            '"' => {
                i += 1;
                skip_string(&mut i, &mut line, false, 0);
            }
            // A character literal ('x', '\n', '\u{7b}'); otherwise a lifetime or a label.
            '\'' if at(i + 1) == '\\' => {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            '\'' if at(i + 2) == '\'' => i += 3,
            '{' | '}' | ';' => {
                out.push((
                    line,
                    match ch {
                        '{' => Token::Open,
                        '}' => Token::Close,
                        _ => Token::Semicolon,
                    },
                ));
                i += 1;
            }
            '#' => {
                let rest: String = c[i..c.len().min(i + 16)].iter().collect();
                if rest.starts_with("#[test]") || rest.starts_with("#[cfg(test)]") {
                    out.push((line, Token::TestAttribute));
                }
                i += 1;
            }
            ch if word_char(ch) => {
                let start = i;
                while word_char(at(i)) {
                    i += 1;
                }
                let word: String = c[start..i].iter().collect();
                // A raw string: r"…", r#"…"#, br"…".
                if word == "r" || word == "br" {
                    let hashes = (i..).take_while(|&j| at(j) == '#').count();
                    if at(i + hashes) == '"' {
                        i += hashes + 1;
                        skip_string(&mut i, &mut line, true, hashes);
                        continue;
                    }
                }
                if word == "fn" {
                    let mut j = i;
                    while at(j) == ' ' {
                        j += 1;
                    }
                    if word_char(at(j)) {
                        let name_start = j;
                        while word_char(at(j)) {
                            j += 1;
                        }
                        out.push((line, Token::Fn(c[name_start..j].iter().collect())));
                        i = j;
                        continue;
                    }
                }
                out.push((line, Token::Word(word)));
            }
            _ => i += 1,
        }
    }
    out
}

/// The index of the token that ends the item whose tokens start at `k`: the `}` matching
/// its first `{`, or its `;` when that comes first (a function without a body).
fn item_end(tokens: &[(usize, Token)], k: usize) -> Option<(usize, bool)> {
    let open = k + tokens[k..]
        .iter()
        .position(|(_, t)| matches!(t, Token::Open | Token::Semicolon))?;
    if tokens[open].1 == Token::Semicolon {
        return Some((open, false));
    }
    let mut depth = 0usize;
    for (j, (_, t)) in tokens.iter().enumerate().skip(open) {
        match t {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if depth == 0 {
                    return Some((j, true));
                }
            }
            _ => {}
        }
    }
    None
}

/// The functions with a body in `text`, as `(first line, line count, name)`, from the line
/// of `fn` to the line of its closing brace; a `#[test]` function and a `#[cfg(test)]` item
/// (a `mod tests { … }`) are left out.
fn functions(text: &str) -> Vec<(usize, usize, String)> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    let mut test_item = false;
    let mut k = 0;
    while k < tokens.len() {
        let (line, token) = &tokens[k];
        let item = match token {
            Token::TestAttribute => {
                test_item = true;
                k += 1;
                continue;
            }
            Token::Fn(_) => true,
            Token::Word(w) => {
                test_item
                    && [
                        "mod", "impl", "use", "const", "static", "struct", "enum", "trait", "type",
                    ]
                    .contains(&&**w)
            }
            _ => false,
        };
        if !item {
            k += 1;
            continue;
        }
        let Some((end, body)) = item_end(&tokens, k) else {
            break;
        };
        if test_item {
            test_item = false;
            k = end + 1;
            continue;
        }
        if let (Token::Fn(name), true) = (token, body) {
            out.push((*line, tokens[end].0 - line + 1, name.clone()));
        }
        // On to the next token, not past the body: functions inside count on their own.
        k += 1;
    }
    out
}

#[test]
fn the_function_finder_sees_bodies_and_skips_strings_comments_and_tests() {
    let text = r####"
/// A doc comment { with a brace.
pub(crate) fn one<'a>(
    a: &'a str,
    f: fn(u8) -> u8,
) -> &'a str {
    let s = "}\"}";
    let r = r#"}"# ;
    let c = ('{', '\'', '\u{7d}', b'}');
    /* } /* nested } */ } */
    a
}

trait T {
    fn declared(&self);
    fn with_default(&self) {}
    fn two(&self) {
        inner();
    }
}

#[cfg(test)]
mod tests {
    fn in_tests() {
        x();
    }
}

#[test]
fn a_test() {
    y();
}

pub async unsafe extern "C" fn three() {
    fn inner() {}
    z();
}
"####;
    let found: Vec<(usize, usize, String)> = functions(text);
    let want = [
        (3, 10, "one"),
        (16, 1, "with_default"),
        (17, 3, "two"),
        (34, 4, "three"),
        (35, 1, "inner"),
    ];
    assert_eq!(found, want.map(|(l, n, s)| (l, n, s.to_string())));
}

#[test]
fn no_function_outside_the_tests_is_longer_than_120_lines() {
    let offenders = files(&src())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        // A module's tests in their own file (`mod tests;` under `#[cfg(test)]`).
        .filter(|p| p.file_stem().is_some_and(|s| s != "tests"))
        .flat_map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            functions(&text)
                .into_iter()
                .filter(|(_, n, _)| *n > MAX_FN_LINES)
                .map(|(line, n, name)| (n, format!("{}:{line} {name}", shown(&p))))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_none(
        offenders,
        &format!("functions outside the tests have more than {MAX_FN_LINES} lines"),
    );
}
