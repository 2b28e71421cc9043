//! `errors.csv` written as a batch goes: every problem of every row, in sheet order. Past
//! its first megabyte it goes to a file beside the batch's output, so that a sheet of a
//! million bad rows takes no more memory than a sheet of good ones. The report files copy
//! it where it belongs.
//!
//! The file is in Chinese for HR: row, name, field (key), message, code (UTF-8 with BOM,
//! so Excel reads it; no cell is read as a formula).

use super::cells;
use super::jsonl::Ordered;
use crate::util::i18n::{tr, Lang};
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes held in memory before they go to a file.
const IN_MEMORY: usize = 1 << 20;

/// Bytes in memory up to [`IN_MEMORY`], then in a file with no name in `dir` (it goes
/// when it is dropped).
struct Spill {
    dir: PathBuf,
    memory: Vec<u8>,
    file: Option<File>,
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > IN_MEMORY {
            let mut file = tempfile::tempfile_in(&self.dir)?;
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(file);
        }
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => {
                self.memory.extend_from_slice(buf);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

/// `errors.csv` being written: chunks of lines, put in chunk order whatever order they
/// come in.
pub struct ErrorsFile {
    out: Ordered<BufWriter<Spill>>,
    lines: usize,
}

/// `errors.csv` written whole, ready to be copied.
pub struct Errors {
    bytes: Spill,
    /// The lines of problems (the header not counted).
    pub lines: usize,
}

impl ErrorsFile {
    /// A new `errors.csv` with its header; a large one is kept in `dir`.
    pub fn create(dir: &Path) -> io::Result<ErrorsFile> {
        let mut w = BufWriter::new(Spill {
            dir: dir.to_path_buf(),
            memory: Vec::new(),
            file: None,
        });
        let mut head = cells::BOM.to_vec();
        head.extend(cells::line([
            tr(Lang::Zh, "errors-csv-row"),
            tr(Lang::Zh, "errors-csv-name"),
            tr(Lang::Zh, "errors-csv-field"),
            tr(Lang::Zh, "errors-csv-message"),
            tr(Lang::Zh, "errors-csv-code"),
        ]));
        w.write_all(&head)?;
        Ok(ErrorsFile {
            out: Ordered::new(w),
            lines: 0,
        })
    }

    /// The lines of chunk `seq` (0, 1, 2, … each once; an empty chunk too), in row order.
    pub fn put(&mut self, seq: usize, lines: Vec<[String; 5]>) -> io::Result<()> {
        self.lines += lines.len();
        let lines = lines.into_iter().map(cells::line).collect();
        self.out.put(seq, lines).map(drop)
    }

    /// Every chunk put, and `last` after them (the place the sheet stopped): the file.
    pub fn finish(self, last: Option<[String; 5]>) -> io::Result<Errors> {
        let mut w = self.out.finish()?;
        let mut lines = self.lines;
        if let Some(last) = last {
            w.write_all(&cells::line(last))?;
            lines += 1;
        }
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        Ok(Errors { bytes, lines })
    }
}

impl Errors {
    /// A file of `lines`, in this order, made in `dir`.
    pub fn of(dir: &Path, lines: Vec<[String; 5]>) -> io::Result<Errors> {
        let mut f = ErrorsFile::create(dir)?;
        f.put(0, lines)?;
        f.finish(None)
    }

    /// Writes the whole file to `w`.
    pub fn copy_to(&self, w: &mut dyn Write) -> io::Result<()> {
        let Some(mut file) = self.bytes.file.as_ref() else {
            return w.write_all(&self.bytes.memory);
        };
        file.seek(SeekFrom::Start(0))?;
        io::copy(&mut file, w).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(row: &str) -> [String; 5] {
        [row, "张三", "housing", "=坏", "x"].map(String::from)
    }

    #[test]
    fn chunks_are_written_in_sheet_order_and_copied_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = ErrorsFile::create(dir.path()).unwrap();
        f.put(1, vec![line("40")]).unwrap();
        f.put(0, vec![line("2"), line("3")]).unwrap();
        f.put(2, Vec::new()).unwrap();
        let errors = f.finish(Some(line("99"))).unwrap();
        assert_eq!(errors.lines, 4);
        let mut out = Vec::new();
        errors.copy_to(&mut out).unwrap();
        errors.copy_to(&mut Vec::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}行号,姓名,字段,问题,代码\n2,张三,housing,'=坏,x\n3,张三,housing,'=坏,x\n40,张三,housing,'=坏,x\n99,张三,housing,'=坏,x\n"
        );
        assert!(errors.bytes.file.is_none(), "a small file stays in memory");
    }

    #[test]
    fn a_large_file_goes_to_the_disk_and_comes_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = ErrorsFile::create(dir.path()).unwrap();
        let rows = 40_000;
        for seq in 0..rows {
            f.put(seq, vec![line(&seq.to_string())]).unwrap();
        }
        let errors = f.finish(None).unwrap();
        assert!(errors.bytes.file.is_some() && errors.bytes.memory.is_empty());
        let mut out = Vec::new();
        errors.copy_to(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), rows + 1);
        assert!(text.ends_with("39999,张三,housing,'=坏,x\n"));
    }
}
