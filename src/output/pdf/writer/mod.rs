//! Writing PDF files from typeset pages: `draw` makes PDF operations, `document` writes a
//! person's file (font programs from `embed`, widths from `widths`, streams deflated by
//! `deflate`). For a print file of many
//! documents, `piece` makes each document's content streams and `merged` writes them as
//! they come, with the shared fonts of `cidfont` at the end; `rejoin` reads such files
//! back to join the shards of a batch. It reads pages and document info, never markup.

pub(crate) mod cidfont;
pub(crate) mod deflate;
pub(crate) mod document;
pub(crate) mod draw;
pub(crate) mod embed;
mod file_id;
pub(crate) mod merged;
pub(crate) mod piece;
pub(crate) mod rejoin;
mod renumber;
pub(crate) mod widths;
