//! Where things are in a YAML file: the line of every key and list item, for messages.
//!
//! serde_yaml tells the line of a syntax or type error, but a policy is checked after it
//! is parsed, when the spans are gone. This is a light scan of the text for block-style
//! YAML (the style policies are written in): it records the line of each mapping key and
//! each sequence item by its path (`rules` → 3 → `when`). Flow collections (`{doc: x}`),
//! block scalars (`|`, `>`) and continued lines are treated as one value on the line they
//! start on. When the scan cannot tell, a lookup gives the nearest enclosing line or none.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence item, counted from 0.
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Seg {
        Seg::Key(s.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// A path into a YAML document: `path!["rules", 3, "when"]`.
#[macro_export]
#[doc(hidden)]
macro_rules! yaml_path {
    ($($seg:expr),* $(,)?) => {
        [$($crate::model::policy::Seg::from($seg)),*]
    };
}

/// The line (1-based) of every key and item of a YAML text. The text is scanned when a
/// line is first asked for: the lines serve only messages about problems, so a file
/// without any is never scanned.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    text: String,
    at: OnceLock<HashMap<Vec<Seg>, usize>>,
}

struct Frame {
    col: usize,
    seq: bool,
    path: Vec<Seg>,
    count: usize,
    last: Option<Vec<Seg>>,
}

/// A line's content split into its leading key (if any) and the rest.
fn split_key(content: &str) -> Option<(String, &str)> {
    let bytes = content.as_bytes();
    let (key, after) = match bytes.first()? {
        b'"' | b'\'' => {
            let q = bytes[0];
            let end = content[1..].find(q as char)? + 1;
            (content[1..end].to_string(), &content[end + 1..])
        }
        b'{' | b'[' | b'|' | b'>' | b'#' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' => {
            return None
        }
        _ => {
            let mut pos = None;
            for (i, c) in content.char_indices() {
                if c == ':' {
                    let next = content[i + 1..].chars().next();
                    if next.is_none() || next.is_some_and(char::is_whitespace) {
                        pos = Some(i);
                        break;
                    }
                }
                if c == '#' && i > 0 && content[..i].ends_with(char::is_whitespace) {
                    return None;
                }
            }
            let i = pos?;
            (content[..i].trim_end().to_string(), &content[i..])
        }
    };
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((key, rest.trim()))
}

/// Whether a value written after `key:` or `- ` is empty (a nested block follows).
fn is_empty_value(v: &str) -> bool {
    v.is_empty() || v.starts_with('#')
}

impl Lines {
    /// The lines of a YAML text, scanned on first use.
    pub fn new(text: &str) -> Lines {
        Lines {
            text: text.to_string(),
            at: OnceLock::new(),
        }
    }

    /// The line of this key or item, if the scan found it.
    pub fn get(&self, path: &[Seg]) -> Option<usize> {
        self.at.get_or_init(|| scan(&self.text)).get(path).copied()
    }

    /// The line of this path, or of the nearest enclosing key or item that was found.
    pub fn near(&self, path: &[Seg]) -> Option<usize> {
        (0..=path.len()).rev().find_map(|n| self.get(&path[..n]))
    }
}

/// Scans a YAML text for the line of every key and item.
fn scan(text: &str) -> HashMap<Vec<Seg>, usize> {
    let mut at = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Lines indented deeper than this column belong to the value before them.
    let mut skip_deeper: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.trim().is_empty() {
            continue;
        }
        let mut col = raw.len() - trimmed.len();
        if let Some(limit) = skip_deeper {
            if col > limit {
                continue;
            }
            skip_deeper = None;
        }
        if trimmed.starts_with('#') || trimmed.starts_with("---") || trimmed.starts_with("...") {
            continue;
        }
        let mut content = trimmed.trim_end();
        loop {
            let is_dash = content == "-" || content.starts_with("- ");
            let key = if is_dash { None } else { split_key(content) };
            if !is_dash && key.is_none() {
                // A scalar where a key was expected (or a stray line): nothing to record.
                skip_deeper = Some(col);
                break;
            }
            // Close the containers this token is not part of.
            let mut compact = None;
            while let Some(f) = stack.last() {
                if f.col > col {
                    stack.pop();
                } else if f.col == col && f.seq != is_dash {
                    if is_dash {
                        // `key:` followed by `- item` at the same column.
                        compact = Some(f.last.clone().unwrap_or_else(|| f.path.clone()));
                        break;
                    }
                    stack.pop();
                } else {
                    break;
                }
            }
            let need_new = match stack.last() {
                None => true,
                Some(f) => f.col < col || compact.is_some(),
            };
            if need_new {
                let path = compact.unwrap_or_else(|| {
                    stack
                        .last()
                        .and_then(|f| f.last.clone())
                        .unwrap_or_default()
                });
                stack.push(Frame {
                    col,
                    seq: is_dash,
                    path,
                    count: 0,
                    last: None,
                });
            }
            let Some(frame) = stack.last_mut() else {
                break;
            };
            let mut path = frame.path.clone();
            if is_dash {
                path.push(Seg::Index(frame.count));
                frame.count += 1;
            } else if let Some((k, _)) = &key {
                path.push(Seg::Key(k.clone()));
            }
            frame.last = Some(path.clone());
            at.entry(path).or_insert(line);
            if is_dash {
                let rest = content[1..].trim_start_matches(' ');
                if is_empty_value(rest) {
                    break;
                }
                let offset = content.len() - rest.len();
                let next_col = col + offset;
                if rest == "-" || rest.starts_with("- ") || split_key(rest).is_some() {
                    col = next_col;
                    content = rest;
                    continue;
                }
                skip_deeper = Some(col);
                break;
            }
            if let Some((_, value)) = key {
                if !is_empty_value(value) {
                    skip_deeper = Some(col);
                }
            }
            break;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml_path as p;

    const TEXT: &str = "\
id: a/b
# a comment: with a colon
summary: |
  text: that looks like a key
  - and an item
facts:
  - channel
  - key: housing
    only: [owned, rented]
rules:
  - id: one
    when: channel == offline
    items:
      - doc: x
        original: true
      - one_of: [y, z]
    source: {doc: s, section: \"1: 2\"}
  -   id: two
      when: >
        channel == online
      source:
        - doc: s
          section: a
documents:
  x:
    name: 证件
  \"quoted key\": {name: y}
checks:
- id: compact
  when: true
";

    #[test]
    fn finds_keys_items_and_nested_paths() {
        let l = Lines::new(TEXT);
        assert_eq!(l.get(&p!["id"]), Some(1));
        assert_eq!(l.get(&p!["summary"]), Some(3));
        assert_eq!(l.get(&p!["facts"]), Some(6));
        assert_eq!(l.get(&p!["facts", 0]), Some(7));
        assert_eq!(l.get(&p!["facts", 1]), Some(8));
        assert_eq!(l.get(&p!["facts", 1, "key"]), Some(8));
        assert_eq!(l.get(&p!["facts", 1, "only"]), Some(9));
        assert_eq!(l.get(&p!["rules", 0, "when"]), Some(12));
        assert_eq!(l.get(&p!["rules", 0, "items", 1]), Some(16));
        assert_eq!(l.get(&p!["rules", 0, "source"]), Some(17));
        assert_eq!(l.get(&p!["rules", 1]), Some(18));
        assert_eq!(l.get(&p!["rules", 1, "when"]), Some(19));
        assert_eq!(l.get(&p!["rules", 1, "source", 0, "section"]), Some(23));
        assert_eq!(l.get(&p!["documents", "x", "name"]), Some(26));
        assert_eq!(l.get(&p!["documents", "quoted key"]), Some(27));
        assert_eq!(l.get(&p!["checks", 0, "id"]), Some(29));
        assert_eq!(l.get(&p!["checks", 0, "when"]), Some(30));
        // Nothing from inside the block scalar.
        assert_eq!(l.get(&p!["text"]), None);
        assert_eq!(l.near(&p!["rules", 1, "items", 4]), Some(18));
    }

    #[test]
    fn odd_text_never_panics() {
        for t in [
            "",
            "-",
            "- - - a: b",
            ":",
            "\"unclosed: x",
            "  a: b\nc: d\n    - e",
            "a:\n- b\n- c: d\n  e: f\ng: h",
            "é: ü\n  - ß",
        ] {
            let _ = Lines::new(t);
        }
        let l = Lines::new("a:\n- b\n- c: d\n  e: f\ng: h");
        assert_eq!(l.get(&p!["a", 1, "e"]), Some(4));
        assert_eq!(l.get(&p!["g"]), Some(5));
    }
}
