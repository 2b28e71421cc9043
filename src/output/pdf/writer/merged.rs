//! The merged print file, written as it is made: each person's pages go to the output
//! as soon as they are added, and only the page object ids, the bookmarks and the union
//! of the glyphs used stay in memory. The shared fonts (see `cidfont`), the page tree,
//! the bookmarks, the document info and the cross-reference table are written at the end.
//!
//! Every person starts on a new page (on a front side with duplex) and keeps their own
//! header, footer and page numbers.

use std::io::Write;

use super::cidfont;
use super::piece::{Content, Piece};
use crate::output::pdf::error::PdfError;
use crate::output::pdf::fnv::Fnv;
use crate::output::pdf::fonts::set::{FontSet, Slot};
use crate::output::pdf::fonts::used::UsedGlyphs;
use crate::output::pdf::typeset::theme::{PAGE_H, PAGE_W};

/// Object numbers reserved at the start, written at the end.
const PAGES: u32 = 1;
const RESOURCES: u32 = 2;
const FIRST_FONT: u32 = 3;
/// Pages per node of the page tree (the root holds the nodes).
const NODE: usize = 256;

/// A merged print file being written to `W`.
pub struct Merged<W: Write> {
    out: Counted<W>,
    /// Byte offset of each object, by object number − 1 (0 = not written yet).
    offsets: Vec<u64>,
    /// Page object numbers, in order.
    pages: Vec<u32>,
    /// Page tree node of each run of `NODE` pages.
    nodes: Vec<u32>,
    /// Bookmark text and first page of each person.
    marks: Vec<(String, u32)>,
    used: [UsedGlyphs; 3],
    duplex: bool,
    date: Option<chrono::NaiveDate>,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedInfo {
    /// People (documents) in the file.
    pub people: usize,
    /// Pages, blank duplex pages included.
    pub pages: usize,
}

impl<W: Write> Merged<W> {
    /// Starts a merged file; with `duplex`, blank pages make each person start on a
    /// front side.
    pub fn new(out: W, duplex: bool) -> std::io::Result<Merged<W>> {
        let mut m = Merged {
            out: Counted {
                inner: out,
                at: 0,
                hash: Fnv::new(),
            },
            offsets: vec![0; FIRST_FONT as usize + Slot::ALL.len() - 1],
            pages: Vec::new(),
            nodes: Vec::new(),
            marks: Vec::new(),
            used: Default::default(),
            duplex,
            date: None,
        };
        // The binary comment line tells transfer programs the file is not text.
        m.out.write_all(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(m)
    }

    /// Appends one person's pages.
    pub fn add(&mut self, piece: &Piece) -> std::io::Result<()> {
        if piece.pages.is_empty() {
            return Ok(());
        }
        if self.duplex && self.pages.len() % 2 == 1 {
            self.page(None)?;
        }
        let first = self.pages.len();
        for content in &piece.pages {
            self.page(Some(content))?;
        }
        self.marks.push((piece.label.clone(), self.pages[first]));
        for (all, own) in self.used.iter_mut().zip(&piece.used) {
            all.extend(own.iter().map(|(&c, &g)| (c, g)));
        }
        self.date = self.date.or(piece.date);
        Ok(())
    }

    /// Adds glyphs to the shared fonts (for pages added without their own).
    pub(crate) fn use_glyphs(&mut self, used: &[UsedGlyphs; 3]) {
        for (all, more) in self.used.iter_mut().zip(used) {
            all.extend(more.iter().map(|(&c, &g)| (c, g)));
        }
    }

    /// Sets the date of the document info (otherwise the first person's).
    pub fn set_date(&mut self, date: chrono::NaiveDate) {
        self.date = Some(date);
    }

    /// People added so far.
    pub fn people(&self) -> usize {
        self.marks.len()
    }

    /// Writes the fonts, page tree, bookmarks, info and cross-reference table, titled
    /// `title`; returns the output and what it holds.
    pub fn finish(mut self, title: &str, fonts: &FontSet) -> Result<(W, MergedInfo), PdfError> {
        let io = |e: std::io::Error| PdfError::Write(e.to_string());
        self.write_fonts(fonts)?;
        let pages = self.write_page_tree().map_err(io)?;
        let people = self.marks.len();
        let outline = self.write_outline().map_err(io)?;
        let (catalog, info) = self.write_catalog(outline, title).map_err(io)?;
        self.write_xref(catalog, info).map_err(io)?;
        Ok((self.out.inner, MergedInfo { people, pages }))
    }

    /// The fonts every page shares, with the glyphs any person used, and the resources
    /// that name them.
    fn write_fonts(&mut self, fonts: &FontSet) -> Result<(), PdfError> {
        let io = |e: std::io::Error| PdfError::Write(e.to_string());
        let mut names = String::new();
        for slot in Slot::ALL {
            let id = FIRST_FONT + slot as u32;
            let used = &self.used[slot as usize];
            match fonts.face(slot).filter(|_| !used.is_empty()) {
                Some(face) => {
                    let first = self.offsets.len() as u32 + 1;
                    let objects = cidfont::objects(face, used, first)?;
                    for (i, part) in objects.parts.iter().enumerate() {
                        self.object(first + i as u32, part).map_err(io)?;
                    }
                    self.object_bytes(id, objects.font.as_bytes()).map_err(io)?;
                    names.push_str(&format!("/{} {id} 0 R ", font_name(slot)));
                }
                None => self.object_bytes(id, b"null").map_err(io)?,
            }
        }
        let resources = format!("<</Font <<{names}>> /ProcSet [/PDF /Text]>>");
        self.object_bytes(RESOURCES, resources.as_bytes())
            .map_err(io)?;
        Ok(())
    }

    /// The page tree: the root holds nodes of up to `NODE` pages each. Returns the number
    /// of pages.
    fn write_page_tree(&mut self) -> std::io::Result<usize> {
        let nodes = std::mem::take(&mut self.nodes);
        let pages = std::mem::take(&mut self.pages);
        for (node, kids) in nodes.iter().zip(pages.chunks(NODE)) {
            let mut dict = format!(
                "<</Type /Pages /Parent {PAGES} 0 R /Count {} /Kids [",
                kids.len()
            );
            for kid in kids {
                dict.push_str(&format!("{kid} 0 R "));
            }
            dict.push_str("]>>");
            self.object_bytes(*node, dict.as_bytes())?;
        }
        let mut root = format!("<</Type /Pages /Count {} /Kids [", pages.len());
        for node in &nodes {
            root.push_str(&format!("{node} 0 R "));
        }
        root.push_str("]>>");
        self.object_bytes(PAGES, root.as_bytes())?;
        Ok(pages.len())
    }

    /// The bookmarks: one per person, at their first page; the outline's root, if any.
    fn write_outline(&mut self) -> std::io::Result<Option<u32>> {
        let marks = std::mem::take(&mut self.marks);
        let outline = if marks.is_empty() {
            None
        } else {
            let root = self.reserve();
            let first = self.offsets.len() as u32 + 1;
            let last = first + marks.len() as u32 - 1;
            for (i, (label, page)) in marks.iter().enumerate() {
                let id = first + i as u32;
                let mut dict = format!(
                    "<</Title {} /Parent {root} 0 R /Dest [{page} 0 R /XYZ null null null]",
                    text_string(label)
                );
                if id > first {
                    dict.push_str(&format!(" /Prev {} 0 R", id - 1));
                }
                if id < last {
                    dict.push_str(&format!(" /Next {} 0 R", id + 1));
                }
                dict.push_str(">>");
                let own = self.reserve();
                debug_assert_eq!(own, id);
                self.object_bytes(id, dict.as_bytes())?;
            }
            let dict = format!(
                "<</Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {}>>",
                marks.len()
            );
            self.object_bytes(root, dict.as_bytes())?;
            Some(root)
        };
        Ok(outline)
    }

    /// The catalog and the document information; their object ids.
    fn write_catalog(&mut self, outline: Option<u32>, title: &str) -> std::io::Result<(u32, u32)> {
        let catalog = self.reserve();
        let dict = match outline {
            Some(o) => format!(
                "<</Type /Catalog /Pages {PAGES} 0 R /Outlines {o} 0 R /PageMode /UseOutlines>>"
            ),
            None => format!("<</Type /Catalog /Pages {PAGES} 0 R>>"),
        };
        self.object_bytes(catalog, dict.as_bytes())?;

        let info = self.reserve();
        let mut dict = format!(
            "<</Title {} /Creator (doclist) /Producer (doclist)",
            text_string(title)
        );
        if let Some(date) = self.date {
            let d = format!("D:{}000000Z", date.format("%Y%m%d"));
            dict.push_str(&format!(" /CreationDate ({d}) /ModDate ({d})"));
        }
        dict.push_str(">>");
        self.object_bytes(info, dict.as_bytes())?;
        Ok((catalog, info))
    }

    /// The cross-reference table and trailer; the file id is a hash of all before it.
    fn write_xref(&mut self, catalog: u32, info: u32) -> std::io::Result<()> {
        let xref = self.out.at;
        let hash = self.out.hash.finish();
        let id = format!("{hash:016X}{:016X}", hash.rotate_left(32));
        let size = self.offsets.len() + 1;
        let mut table = Vec::with_capacity(20 * size + 64);
        table.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for &offset in &self.offsets {
            table.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
            if table.len() >= 1 << 16 {
                self.out.write_all(&table)?;
                table.clear();
            }
        }
        table.extend_from_slice(
            format!(
                "trailer\n<</Size {size} /Root {catalog} 0 R /Info {info} 0 R /ID [<{id}> <{id}>]>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        self.out.write_all(&table)?;
        self.out.flush()?;
        Ok(())
    }

    /// A page (blank without `content`), with its content stream before it.
    fn page(&mut self, content: Option<&Content>) -> std::io::Result<()> {
        let contents = match content {
            Some(c) => {
                let id = self.reserve();
                let filter = if c.deflated {
                    " /Filter /FlateDecode"
                } else {
                    ""
                };
                self.start(id)?;
                write!(self.out, "<</Length {}{filter}>>\nstream\n", c.bytes.len())?;
                self.out.write_all(&c.bytes)?;
                self.out.write_all(b"\nendstream\nendobj\n")?;
                format!(" /Contents {id} 0 R")
            }
            None => String::new(),
        };
        if self.pages.len().is_multiple_of(NODE) {
            let node = self.reserve();
            self.nodes.push(node);
        }
        let parent = *self.nodes.last().expect("a node was just made");
        let id = self.reserve();
        let dict = format!(
            "<</Type /Page /Parent {parent} 0 R /MediaBox [0 0 {PAGE_W:.2} {PAGE_H:.2}] /Resources {RESOURCES} 0 R{contents}>>"
        );
        self.object_bytes(id, dict.as_bytes())?;
        self.pages.push(id);
        Ok(())
    }

    /// A new object number, written later.
    fn reserve(&mut self) -> u32 {
        self.offsets.push(0);
        self.offsets.len() as u32
    }

    fn start(&mut self, id: u32) -> std::io::Result<()> {
        self.offsets[id as usize - 1] = self.out.at;
        writeln!(self.out, "{id} 0 obj")
    }

    fn object_bytes(&mut self, id: u32, body: &[u8]) -> std::io::Result<()> {
        self.start(id)?;
        self.out.write_all(body)?;
        self.out.write_all(b"\nendobj\n")
    }

    /// A font part: a dictionary, or a stream (dictionary then data).
    fn object(&mut self, id: u32, part: &cidfont::Part) -> std::io::Result<()> {
        if id as usize > self.offsets.len() {
            self.offsets.resize(id as usize, 0);
        }
        match part {
            cidfont::Part::Dict(d) => self.object_bytes(id, d.as_bytes()),
            cidfont::Part::Stream { dict, data } => {
                self.start(id)?;
                write!(self.out, "<<{dict} /Length {}>>\nstream\n", data.len())?;
                self.out.write_all(data)?;
                self.out.write_all(b"\nendstream\nendobj\n")
            }
        }
    }
}

/// The resource name of the face in `slot`, as the content streams use it.
fn font_name(slot: Slot) -> String {
    super::draw::font_id(slot).0
}

/// A PDF text string: UTF-16BE with a byte order mark, in hex.
pub(crate) fn text_string(text: &str) -> String {
    let mut s = String::with_capacity(6 + text.len() * 4);
    s.push_str("<FEFF");
    for unit in text.encode_utf16() {
        s.push_str(&format!("{unit:04X}"));
    }
    s.push('>');
    s
}

/// The output, counting its bytes (for the offsets) and hashing them (for the file id).
struct Counted<W: Write> {
    inner: W,
    at: u64,
    hash: Fnv,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.at += n as u64;
        self.hash.write(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
