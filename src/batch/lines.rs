//! `checklists.jsonl`: every person's checklist as one line of JSON, in sheet order.
//!
//! Workers finish chunks of rows out of order; the collector hands each chunk's lines
//! here with the chunk's number, and they are written as soon as every earlier chunk
//! has been.

use crate::Checklist;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// The file name in the output directory.
pub const FILE: &str = "checklists.jsonl";

/// One line: the sheet row and the checklist (the JSON contract of `render`).
#[derive(Serialize)]
struct Line<'a> {
    row: usize,
    checklist: &'a Checklist,
}

/// The line for `row`, ending in a newline.
pub fn line(row: usize, checklist: &Checklist) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 * 1024);
    serde_json::to_writer(&mut out, &Line { row, checklist })
        .expect("a checklist always serialises");
    out.push(b'\n');
    out
}

/// Writes chunks of lines in chunk order, whatever order they arrive in.
pub struct Ordered<W: Write> {
    out: W,
    next: usize,
    waiting: BTreeMap<usize, Vec<Vec<u8>>>,
}

impl<W: Write> Ordered<W> {
    pub fn new(out: W) -> Ordered<W> {
        Ordered {
            out,
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Chunk number `seq` (0, 1, 2, … each once; an empty chunk too) and its lines.
    pub fn put(&mut self, seq: usize, lines: Vec<Vec<u8>>) -> std::io::Result<()> {
        self.waiting.insert(seq, lines);
        while let Some(lines) = self.waiting.remove(&self.next) {
            for line in lines {
                self.out.write_all(&line)?;
            }
            self.next += 1;
        }
        Ok(())
    }

    /// The writer, once every chunk has been put.
    pub fn finish(self) -> W {
        debug_assert!(self.waiting.is_empty(), "a chunk is missing");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_out_in_order() {
        let mut o = Ordered::new(Vec::new());
        o.put(2, vec![b"e\n".to_vec()]).unwrap();
        o.put(0, vec![b"a\n".to_vec(), b"b\n".to_vec()]).unwrap();
        assert_eq!(o.out, b"a\nb\n");
        o.put(3, Vec::new()).unwrap();
        o.put(1, vec![b"c\n".to_vec(), b"d\n".to_vec()]).unwrap();
        assert_eq!(o.finish(), b"a\nb\nc\nd\ne\n");
    }
}
