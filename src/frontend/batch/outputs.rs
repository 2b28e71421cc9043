//! The files a batch writes for everyone at once, in sheet order, as chunks of rows come
//! back from the workers: `checklists.jsonl` and the merged print file. One that cannot be
//! written is dropped unnamed and no longer written to; the run reports why at its end.

use super::collector::Done;
use super::{jsonl, merge, BatchError, BatchOptions, Output};
use crate::msg;
use crate::output::pdf::MergedInfo;
use crate::output::render::{RenderError, Renderer};
use crate::util::atomic;
use crate::util::i18n::{Lang, MsgError};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// `checklists.jsonl` and the merged print file, each when the batch makes it.
pub(super) struct Outputs {
    lines: Option<jsonl::Ordered<BufWriter<atomic::Pending>>>,
    lines_path: PathBuf,
    lines_failed: Option<std::io::Error>,
    merge: Option<merge::Ordered>,
    merge_failed: Option<std::io::Error>,
}

fn write_error(path: &Path, source: std::io::Error) -> BatchError {
    BatchError::Write {
        file: path.display().to_string(),
        source,
    }
}

impl Outputs {
    /// Opens the files `opts` asks for (a merge file only with fonts it can share).
    pub(super) fn open(opts: &BatchOptions, renderer: &Renderer) -> Result<Outputs, BatchError> {
        let lines_path = opts.out_dir.join(jsonl::FILE);
        let lines = match opts.output {
            Output::JsonLines => Some(jsonl::Ordered::new(BufWriter::new(
                atomic::Pending::beside(&lines_path).map_err(|e| write_error(&lines_path, e))?,
            ))),
            Output::Files(_) => None,
        };
        let merge = match &opts.merge {
            Some(to) => {
                if let Some(fonts) = &renderer.fonts {
                    crate::output::pdf::check_merge_fonts(fonts).map_err(|font| {
                        let refused = MsgError(msg!("merge-font-not-truetype", font = font));
                        write_error(&to.path, std::io::Error::other(refused))
                    })?;
                }
                Some(merge::Ordered::new(to).map_err(|e| write_error(&to.path, e))?)
            }
            None => None,
        };
        Ok(Outputs {
            lines,
            lines_path,
            lines_failed: None,
            merge,
            merge_failed: None,
        })
    }

    /// Whether lines are written in sheet order (the reader must then stay close ahead).
    pub(super) fn writes_lines(&self) -> bool {
        self.lines.is_some()
    }

    /// Takes the lines and merge pages of chunk `seq`; the window learns how far the
    /// lines are written.
    pub(super) fn put(&mut self, seq: usize, chunk: &mut [Done], window: Option<&jsonl::Window>) {
        if let Some(out) = self.lines.as_mut() {
            let lines = chunk.iter_mut().filter_map(Done::take_line).collect();
            match out.put(seq, lines) {
                Ok(written) => {
                    if let Some(w) = window {
                        w.advance(written);
                    }
                }
                Err(e) => {
                    self.lines_failed = Some(e);
                    self.lines = None;
                    if let Some(w) = window {
                        w.open();
                    }
                }
            }
        }
        if let Some(out) = self.merge.as_mut() {
            let pieces = chunk.iter_mut().filter_map(Done::take_piece).collect();
            if let Err(e) = out.put(seq, pieces) {
                self.merge_failed = Some(e);
                self.merge = None;
            }
        }
    }

    /// Names the files that were written whole; what the merge file holds.
    pub(super) fn finish(
        self,
        opts: &BatchOptions,
        renderer: &Renderer,
    ) -> Result<Option<MergedInfo>, BatchError> {
        let lines_error = |e| write_error(&self.lines_path, e);
        if let Some(e) = self.lines_failed {
            return Err(lines_error(e));
        }
        if let Some(out) = self.lines {
            out.finish()
                .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
                .and_then(atomic::Pending::commit)
                .map_err(lines_error)?;
        }
        let Some(to) = &opts.merge else {
            return Ok(None);
        };
        if let Some(e) = self.merge_failed {
            return Err(write_error(&to.path, e));
        }
        let Some(out) = self.merge else {
            return Ok(None);
        };
        let fonts = renderer.fonts.as_ref().ok_or_else(|| {
            write_error(
                &to.path,
                std::io::Error::other(RenderError::NoFonts.to_string()),
            )
        })?;
        let title = msg!("merge-title", people = out.people(), date = opts.as_of).text(Lang::Zh);
        out.finish(&title, fonts)
            .map(Some)
            .map_err(|e| write_error(&to.path, e))
    }
}
