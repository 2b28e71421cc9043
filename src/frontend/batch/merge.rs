//! The merge file: every person's checklist in one PDF, each starting on a new page,
//! written while the batch runs. The workers typeset in parallel and finish rows out of
//! order; pieces wait here (a few chunks at most: as many as are being worked on) until
//! the rows before them are written.

use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::PathBuf;

use crate::output::pdf::{FontSet, Merged, MergedInfo, Piece};
use crate::util::atomic::Pending;

/// Where the merge file goes, and how.
#[derive(Debug, Clone)]
pub struct MergeTo {
    pub path: PathBuf,
    /// Blank pages so that each person starts on a front side.
    pub duplex: bool,
}

/// The merge file being written, with the pieces that wait for earlier rows.
pub(crate) struct Ordered {
    out: Merged<BufWriter<Pending>>,
    /// Chunks finished ahead of their turn, by chunk number.
    waiting: BTreeMap<usize, Vec<Piece>>,
    next: usize,
}

impl Ordered {
    pub fn new(to: &MergeTo) -> std::io::Result<Ordered> {
        let file = Pending::beside(&to.path)?;
        Ok(Ordered {
            out: Merged::new(BufWriter::with_capacity(1 << 16, file), to.duplex)?,
            waiting: BTreeMap::new(),
            next: 0,
        })
    }

    /// Takes chunk `seq`'s pieces (in row order) and writes every chunk whose turn it is.
    pub fn put(&mut self, seq: usize, pieces: Vec<Piece>) -> std::io::Result<()> {
        self.waiting.insert(seq, pieces);
        while let Some(pieces) = self.waiting.remove(&self.next) {
            for piece in &pieces {
                self.out.add(piece)?;
            }
            self.next += 1;
        }
        Ok(())
    }

    /// People written so far.
    pub fn people(&self) -> usize {
        self.out.people()
    }

    /// Writes the end of the file and gives it its name.
    pub fn finish(self, title: &str, fonts: &FontSet) -> std::io::Result<MergedInfo> {
        if !self.waiting.is_empty() {
            return Err(std::io::Error::other(
                "rows are missing from the merge file",
            ));
        }
        let (out, info) = self
            .out
            .finish(title, fonts)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        out.into_inner().map_err(|e| e.into_error())?.commit()?;
        Ok(info)
    }
}
