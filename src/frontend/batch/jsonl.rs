//! `checklists.jsonl`: every person's checklist as one line of JSON, in sheet order.
//!
//! Workers finish chunks of rows out of order; the collector hands each chunk's lines
//! here with the chunk's number, and they are written as soon as every earlier chunk
//! has been. A [`Window`] keeps the sheet reader a bounded number of chunks ahead of the
//! writing, so that few lines ever wait.

use crate::Checklist;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Condvar, Mutex};

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
    /// Returns how many chunks are written so far.
    pub fn put(&mut self, seq: usize, lines: Vec<Vec<u8>>) -> std::io::Result<usize> {
        self.waiting.insert(seq, lines);
        while let Some(lines) = self.waiting.remove(&self.next) {
            for line in lines {
                self.out.write_all(&line)?;
            }
            self.next += 1;
        }
        Ok(self.next)
    }

    /// The writer, once every chunk has been put; an error if one never came.
    pub fn finish(self) -> std::io::Result<W> {
        match self.waiting.keys().next() {
            None => Ok(self.out),
            Some(_) => Err(std::io::Error::other(format!(
                "rows of chunk {} never arrived; the file would be incomplete",
                self.next
            ))),
        }
    }
}

/// Opens a [`Window`] when dropped.
pub struct Release<'a>(pub &'a Window);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.open();
    }
}

/// How far the sheet reader may run ahead of the writing, in chunks.
pub struct Window {
    written: Mutex<usize>,
    moved: Condvar,
    size: usize,
}

impl Window {
    pub fn new(size: usize) -> Window {
        Window {
            written: Mutex::new(0),
            moved: Condvar::new(),
            size: size.max(1),
        }
    }

    /// Waits until chunk `seq` may be handed out.
    pub fn admit(&self, seq: usize) {
        let mut written = self.written.lock().expect("window lock");
        while seq >= written.saturating_add(self.size) {
            written = self.moved.wait(written).expect("window lock");
        }
    }

    /// Chunks before `written` are written.
    pub fn advance(&self, written: usize) {
        *self.written.lock().expect("window lock") = written;
        self.moved.notify_all();
    }

    /// No more waiting: the writing stopped (finished, failed or gone).
    pub fn open(&self) {
        self.advance(usize::MAX);
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
        assert_eq!(o.put(1, vec![b"c\n".to_vec(), b"d\n".to_vec()]).unwrap(), 4);
        assert_eq!(o.finish().unwrap(), b"a\nb\nc\nd\ne\n");
    }

    #[test]
    fn a_missing_chunk_is_an_error() {
        let mut o = Ordered::new(Vec::new());
        o.put(0, vec![b"a\n".to_vec()]).unwrap();
        o.put(2, vec![b"c\n".to_vec()]).unwrap();
        let err = o.finish().unwrap_err().to_string();
        assert!(err.contains("chunk 1 never arrived"), "{err}");
    }

    #[test]
    fn the_window_holds_the_reader_until_writing_catches_up() {
        let w = Window::new(2);
        w.admit(0);
        w.admit(1);
        std::thread::scope(|s| {
            let reader = s.spawn(|| {
                w.admit(3);
                true
            });
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert!(
                !reader.is_finished(),
                "chunk 3 waits while only 0 are written"
            );
            w.advance(1);
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert!(!reader.is_finished(), "still waits with 1 written");
            w.advance(2);
            assert!(reader.join().unwrap());
        });
        w.open();
        w.admit(1_000_000);
    }
}
