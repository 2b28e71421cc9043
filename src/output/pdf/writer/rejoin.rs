//! Reading back merged print files that [`super::Merged`] wrote, to join the shards of
//! a batch into one file: each person's page run is copied as it is (content streams
//! stay compressed; their text is in whole-face glyph ids, the same in every shard), and
//! the glyphs every shard used are read from its fonts' `/ToUnicode` maps. Only object
//! offsets, page ids and bookmarks are held, so memory stays flat.
//!
//! This reads doclist's own layout of the file, not PDF in general; anything else is
//! refused with the file and what was not as expected. Every read is bounded.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::draw::font_id;
use super::merged::Merged;
use super::piece::{Content, Piece};
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fonts::set::{FontSet, Slot};
use crate::output::pdf::fonts::used::UsedGlyphs;

/// The largest dictionary read (a page tree node, the bookmarks' root).
const MAX_DICT: usize = 4 << 20;
/// The largest content stream or `/ToUnicode` map read.
const MAX_STREAM: usize = 32 << 20;
/// The most objects a file may have.
const MAX_OBJECTS: usize = 100_000_000;

/// One merged file, opened for copying.
pub struct Source {
    path: PathBuf,
    file: BufReader<File>,
    len: u64,
    offsets: Vec<u64>,
    /// Each page's content stream object (`None`: a blank page).
    pages: Vec<Option<u32>>,
    /// Each person's bookmark and first page (index into `pages`), in file order.
    marks: Vec<(String, usize)>,
    next: usize,
    used: [UsedGlyphs; 3],
}

impl Source {
    /// Opens `path` and reads its page tree, bookmarks and fonts.
    pub fn open(path: &Path, fonts: &FontSet) -> Result<Source, PdfError> {
        let file = File::open(path).map_err(|e| bad(path, e.to_string()))?;
        let len = file.metadata().map_err(|e| bad(path, e.to_string()))?.len();
        let mut s = Source {
            path: path.to_path_buf(),
            file: BufReader::with_capacity(1 << 16, file),
            len,
            offsets: Vec::new(),
            pages: Vec::new(),
            marks: Vec::new(),
            next: 0,
            used: Default::default(),
        };
        let trailer = s.read_xref()?;
        let root = s.reference(&trailer, "/Root")?;
        let catalog = s.dict(root)?;
        let tree = s.reference(&catalog, "/Pages")?;
        let mut page_ids = Vec::new();
        let root_node = s.dict(tree)?;
        for node in s.refs(&root_node, "/Kids")? {
            let node = s.dict(node)?;
            page_ids.extend(s.refs(&node, "/Kids")?);
        }
        let mut index = std::collections::HashMap::with_capacity(page_ids.len());
        for (i, &id) in page_ids.iter().enumerate() {
            let page = s.dict(id)?;
            let contents = find(&page, "/Contents").map(|_| s.reference(&page, "/Contents"));
            s.pages.push(contents.transpose()?);
            index.insert(id, i);
        }
        if find(&catalog, "/Outlines").is_some() {
            let outlines = s.reference(&catalog, "/Outlines")?;
            let outlines = s.dict(outlines)?;
            let mut next = Some(s.reference(&outlines, "/First")?);
            while let Some(id) = next {
                if s.marks.len() > page_ids.len() {
                    return Err(bad(path, "more bookmarks than pages".into()));
                }
                let item = s.dict(id)?;
                let title =
                    title(&item).ok_or_else(|| bad(path, format!("bookmark {id}: no /Title")))?;
                let dest = s.refs(&item, "/Dest")?;
                let page = dest
                    .first()
                    .and_then(|p| index.get(p))
                    .ok_or_else(|| bad(path, format!("bookmark {id}: not a page")))?;
                s.marks.push((title, *page));
                next = find(&item, "/Next")
                    .map(|_| s.reference(&item, "/Next"))
                    .transpose()?;
            }
        }
        let resources = s.dict(2)?;
        for slot in Slot::ALL {
            let name = format!("/{}", font_id(slot).0);
            let Some(at) = find(&resources, &name) else {
                continue;
            };
            let id = number(&resources[at + name.len()..])
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| bad(path, format!("{name}: no font")))?;
            let font = s.dict(id)?;
            let base = text_after(&font, "/BaseFont /").unwrap_or_default();
            let face = fonts.face(slot).ok_or_else(|| {
                bad(
                    path,
                    format!("uses a font ({base}) that was not given (--font)"),
                )
            })?;
            if base.split_once('+').map(|(_, n)| n) != Some(face.ps_name.as_str()) {
                return Err(bad(
                    path,
                    format!(
                        "uses {base}, not {}: join with the fonts of the batch",
                        face.ps_name
                    ),
                ));
            }
            let map = s.reference(&font, "/ToUnicode")?;
            let cmap = s.stream(map)?;
            s.used[slot as usize] = parse_to_unicode(&cmap.1);
        }
        Ok(s)
    }

    /// The row number the next person's bookmark starts with.
    pub fn next_row(&self) -> Option<usize> {
        let (label, _) = self.marks.get(self.next)?;
        let digits: String = label.chars().take_while(char::is_ascii_digit).collect();
        Some(digits.parse().unwrap_or(usize::MAX))
    }

    /// The next person's pages (blank duplex pages left out).
    pub fn take(&mut self) -> Result<Option<Piece>, PdfError> {
        let Some((label, first)) = self.marks.get(self.next).cloned() else {
            return Ok(None);
        };
        self.next += 1;
        let end = self
            .marks
            .get(self.next)
            .map_or(self.pages.len(), |(_, p)| *p);
        let mut pages = Vec::new();
        for i in first..end {
            if let Some(id) = self.pages[i] {
                let (dict, bytes) = self.stream(id)?;
                pages.push(Content {
                    deflated: dict.contains("/FlateDecode"),
                    bytes,
                });
            }
        }
        Ok(Some(Piece {
            pages,
            used: Default::default(),
            label,
            date: None,
        }))
    }

    /// The glyphs the file's fonts hold.
    pub fn used(&self) -> &[UsedGlyphs; 3] {
        &self.used
    }

    fn read_xref(&mut self) -> Result<String, PdfError> {
        let tail_len = self.len.min(1024);
        let tail = self.read_at(self.len - tail_len, tail_len as usize)?;
        let tail = String::from_utf8_lossy(&tail).into_owned();
        let at = tail
            .rfind("startxref")
            .ok_or_else(|| self.bad("no startxref".into()))?;
        let xref = number(&tail[at + 9..]).ok_or_else(|| self.bad("bad startxref".into()))?;
        if xref >= self.len {
            return Err(self.bad("startxref past the end".into()));
        }
        let head = self.read_at(xref, 64.min((self.len - xref) as usize))?;
        let head = String::from_utf8_lossy(&head).into_owned();
        let mut lines = head.split('\n');
        let size = match (lines.next(), lines.next()) {
            (Some("xref"), Some(range)) => range
                .strip_prefix("0 ")
                .and_then(|n| n.trim().parse::<usize>().ok()),
            _ => None,
        }
        .ok_or_else(|| self.bad("not a cross-reference table of one section".into()))?;
        let table_at = xref + 5 + 2 + size.to_string().len() as u64 + 1;
        if size > MAX_OBJECTS || size as u64 * 20 > self.len - table_at {
            return Err(self.bad(format!("{size} objects do not fit the file")));
        }
        self.file
            .seek(SeekFrom::Start(table_at))
            .map_err(|e| self.bad(e.to_string()))?;
        self.offsets = Vec::with_capacity(size);
        let mut entry = [0u8; 20];
        for _ in 0..size {
            self.file
                .read_exact(&mut entry)
                .map_err(|e| self.bad(e.to_string()))?;
            let text = std::str::from_utf8(&entry[..10]).ok();
            let offset = text.and_then(|t| t.parse::<u64>().ok());
            match (offset, entry[17]) {
                (Some(o), b'n') if o < self.len => self.offsets.push(o),
                (Some(_), b'f') => self.offsets.push(0),
                _ => return Err(self.bad("a bad cross-reference entry".into())),
            }
        }
        let trailer = self.read_at(table_at + size as u64 * 20, 4096)?;
        let trailer = String::from_utf8_lossy(&trailer).into_owned();
        if !trailer.starts_with("trailer") {
            return Err(self.bad("no trailer after the cross-reference table".into()));
        }
        Ok(trailer)
    }

    /// Up to `max` bytes from `at` (fewer at the end of the file).
    fn read_at(&mut self, at: u64, max: usize) -> Result<Vec<u8>, PdfError> {
        self.file
            .seek(SeekFrom::Start(at))
            .map_err(|e| self.bad(e.to_string()))?;
        let mut buf = Vec::with_capacity(max.min(1 << 16));
        (&mut self.file)
            .take(max as u64)
            .read_to_end(&mut buf)
            .map_err(|e| self.bad(e.to_string()))?;
        Ok(buf)
    }

    /// Where object `id` starts, after its `id 0 obj` line.
    fn start(&mut self, id: u32) -> Result<u64, PdfError> {
        let at = match self.offsets.get(id as usize) {
            Some(&at) if at > 0 => at,
            _ => return Err(self.bad(format!("object {id} is missing"))),
        };
        let head = format!("{id} 0 obj\n");
        let found = self.read_at(at, head.len())?;
        if found != head.as_bytes() {
            return Err(self.bad(format!("object {id} is not where the table says")));
        }
        Ok(at + head.len() as u64)
    }

    /// Object `id`, a dictionary, as text.
    fn dict(&mut self, id: u32) -> Result<String, PdfError> {
        let at = self.start(id)?;
        self.file
            .seek(SeekFrom::Start(at))
            .map_err(|e| self.bad(e.to_string()))?;
        let mut body = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = self
                .file
                .read(&mut chunk)
                .map_err(|e| self.bad(e.to_string()))?;
            if n == 0 {
                return Err(self.bad(format!("object {id} has no end")));
            }
            let from = body.len().saturating_sub(8);
            body.extend_from_slice(&chunk[..n]);
            if let Some(end) = find_bytes(&body[from..], b"\nendobj").map(|e| e + from) {
                body.truncate(end);
                break;
            }
            if body.len() > MAX_DICT {
                return Err(self.bad(format!("object {id} is larger than {MAX_DICT} bytes")));
            }
        }
        String::from_utf8(body).map_err(|_| self.bad(format!("object {id} is not text")))
    }

    /// Object `id`, a stream: its dictionary and its (still encoded) data.
    fn stream(&mut self, id: u32) -> Result<(String, Vec<u8>), PdfError> {
        let at = self.start(id)?;
        let head = self.read_at(at, 256)?;
        let Some(end) = find_bytes(&head, b">>\nstream\n") else {
            return Err(self.bad(format!("object {id} is not a stream")));
        };
        let dict = String::from_utf8_lossy(&head[..end + 2]).into_owned();
        let length = find(&dict, "/Length ")
            .and_then(|i| number(&dict[i + 8..]))
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| self.bad(format!("object {id}: no /Length")))?;
        if length > MAX_STREAM {
            return Err(self.bad(format!("object {id} is larger than {MAX_STREAM} bytes")));
        }
        let data = self.read_at(at + end as u64 + 10, length)?;
        if data.len() != length {
            return Err(self.bad(format!("object {id} is cut short")));
        }
        Ok((dict, data))
    }

    /// The object a `key N 0 R` entry refers to.
    fn reference(&self, dict: &str, key: &str) -> Result<u32, PdfError> {
        find(dict, &format!("{key} "))
            .and_then(|i| number(&dict[i + key.len() + 1..]))
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| self.bad(format!("no {key}")))
    }

    /// The objects an array entry `key [a 0 R b 0 R …]` refers to.
    fn refs(&self, dict: &str, key: &str) -> Result<Vec<u32>, PdfError> {
        let at = find(dict, &format!("{key} [")).ok_or_else(|| self.bad(format!("no {key}")))?;
        let rest = &dict[at + key.len() + 2..];
        let end = rest
            .find(']')
            .ok_or_else(|| self.bad(format!("{key} has no end")))?;
        let words: Vec<&str> = rest[..end].split_whitespace().collect();
        let mut out = Vec::with_capacity(words.len() / 3);
        for triple in words.chunks(3) {
            match triple {
                [n, "0", "R"] => match n.parse() {
                    Ok(n) => out.push(n),
                    Err(_) => return Err(self.bad(format!("{key}: {n} is not an object"))),
                },
                // A bookmark's destination: the page, then how to show it.
                _ if key == "/Dest" && !out.is_empty() => break,
                _ => return Err(self.bad(format!("{key} is not a list of objects"))),
            }
        }
        Ok(out)
    }

    fn bad(&self, reason: String) -> PdfError {
        bad(&self.path, reason)
    }
}

/// Copies every person of `sources` into `out` in row order (each source holds its
/// people in row order; the rows of two sources interleave), and adds the glyphs they
/// use. Returns the number of people.
pub fn copy_in_row_order<W: std::io::Write>(
    sources: &mut [Source],
    out: &mut Merged<W>,
) -> Result<usize, PdfError> {
    for s in sources.iter() {
        out.use_glyphs(s.used());
    }
    let mut people = 0;
    loop {
        let Some(i) = (0..sources.len())
            .filter_map(|i| sources[i].next_row().map(|r| (r, i)))
            .min()
            .map(|(_, i)| i)
        else {
            return Ok(people);
        };
        if let Some(piece) = sources[i].take()? {
            out.add(&piece)
                .map_err(|e| PdfError::Write(e.to_string()))?;
            people += 1;
        }
    }
}

/// What is wrong with the file (its name is for the caller to give).
fn bad(_path: &Path, reason: String) -> PdfError {
    PdfError::NotMerged(reason)
}

fn find(text: &str, key: &str) -> Option<usize> {
    text.find(key)
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The number at the start of `text` (after spaces).
fn number(text: &str) -> Option<u64> {
    let t = text.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The name after `key` (up to a space, `/` or `>`).
fn text_after(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)? + key.len();
    Some(
        text[at..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect(),
    )
}

/// A bookmark's `/Title <FEFF…>`.
fn title(dict: &str) -> Option<String> {
    let at = dict.find("/Title <FEFF")? + 12;
    let end = dict[at..].find('>')? + at;
    let hex = &dict[at..end];
    if !hex.len().is_multiple_of(4) {
        return None;
    }
    let units: Option<Vec<u16>> = (0..hex.len() / 4)
        .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16(&units?).ok()
}

/// The glyphs of a `/ToUnicode` map (deflated or not): `bfrange` lines with an array
/// (`<0003> <0005> [<6750><6599><6E05>]`, as [`super::cidfont::to_unicode`] writes them)
/// and `bfchar` pairs (`<0003> <6750>`).
fn parse_to_unicode(data: &[u8]) -> UsedGlyphs {
    let text = inflate(data).unwrap_or_else(|| data.to_vec());
    let text = String::from_utf8_lossy(&text);
    let mut used = UsedGlyphs::new();
    for line in text.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix('<') else {
            continue;
        };
        let Some((first, rest)) = rest.split_once('>') else {
            continue;
        };
        let Ok(first) = u16::from_str_radix(first, 16) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('<') else {
            continue;
        };
        let Some((second, rest)) = rest.split_once('>') else {
            continue;
        };
        let values: Vec<&str> = match rest.trim().strip_prefix('[') {
            // A range: the second code is its last; one value per code.
            Some(array) => array
                .trim_end_matches(']')
                .split('<')
                .filter_map(|v| v.split('>').next())
                .filter(|v| !v.is_empty())
                .collect(),
            None => vec![second],
        };
        for (i, value) in values.into_iter().enumerate() {
            let Some(gid) = u16::try_from(i).ok().and_then(|i| first.checked_add(i)) else {
                break;
            };
            if gid == 0 {
                continue;
            }
            if let Some(ch) = utf16_char(value) {
                used.insert(ch, gid);
            }
        }
    }
    used
}

/// The first character of hexadecimal UTF-16 code units (`6750`, `D840DC00`).
fn utf16_char(hex: &str) -> Option<char> {
    if hex.is_empty() || !hex.len().is_multiple_of(4) {
        return None;
    }
    let units: Option<Vec<u16>> = (0..hex.len() / 4)
        .map(|i| u16::from_str_radix(hex.get(i * 4..i * 4 + 4)?, 16).ok())
        .collect();
    String::from_utf16(&units?).ok()?.chars().next()
}

/// zlib data inflated, at most [`MAX_STREAM`] bytes; `None` if it is not zlib data.
fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut d = libdeflater::Decompressor::new();
    let mut size = (data.len() * 8).clamp(1 << 12, MAX_STREAM);
    loop {
        let mut out = vec![0; size];
        match d.zlib_decompress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                return Some(out);
            }
            Err(libdeflater::DecompressionError::InsufficientSpace) if size < MAX_STREAM => {
                size = (size * 4).min(MAX_STREAM);
            }
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glyphs_a_to_unicode_map_was_written_from_are_read_back() {
        let used: UsedGlyphs = [
            ('材', 3),
            ('料', 4),
            ('清', 5),
            ('单', 9),
            ('𠀀', 300),
            ('A', 0),
        ]
        .into_iter()
        .collect();
        let map = super::super::cidfont::to_unicode(&used);
        let mut want = used.clone();
        want.remove(&'A');
        assert_eq!(parse_to_unicode(map.as_bytes()), want);
        let pairs = "2 beginbfchar\n<0003> <6750>\n<012C> <D840DC00>\nendbfchar\n";
        let read = parse_to_unicode(pairs.as_bytes());
        assert_eq!(read.get(&'材'), Some(&3));
        assert_eq!(read.get(&'𠀀'), Some(&300));
    }
}
