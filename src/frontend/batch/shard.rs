//! A batch split over machines: `--shard K/N` makes only the rows whose row number
//! (the sheet's own numbering, the header being row 1; the number in file names and
//! `summary.csv`) leaves K when divided by N. K counts from 0, so it can be an array
//! job's index directly (`JOB_COMPLETION_INDEX`, `SLURM_ARRAY_TASK_ID` with `--array=0-…`).
//!
//! Besides its usual files, a shard writes `shard.jsonl`: a first line saying which
//! shard it is, then each person's summary line and each errors.csv line, from which
//! `doclist join` makes the summary, error list and calendar of the whole sheet, exactly
//! as one run would have.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::summary::{Record, Status};
use crate::msg;
use crate::util::i18n::Msg;

/// The file a shard writes for the join.
pub const FILE: &str = "shard.jsonl";

/// The longest line of a shard file that is read (a person's summary line is far shorter).
const MAX_LINE: usize = 1 << 20;

/// Which rows a run makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// From 0 to `n` − 1.
    pub k: usize,
    pub n: usize,
}

/// The most shards a sheet is split into.
pub const MAX_SHARDS: usize = 100_000;

impl Shard {
    /// `K/N`, with 0 ≤ K < N ≤ [`MAX_SHARDS`].
    pub fn parse(text: &str) -> Result<Shard, Msg> {
        let bad = || msg!("shard-bad", given = text, max = MAX_SHARDS);
        let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || n > MAX_SHARDS || k >= n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether sheet row `row` is this shard's.
    pub fn has(&self, row: usize) -> bool {
        row % self.n == self.k
    }
}

/// What made a shard, so that `join` takes only the shards of one batch: the sheet, and
/// every option that changes what a shard writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The SHA-256 of the sheet file, in hex.
    pub sheet: String,
    /// The SHA-256, in hex, of the options that change the output (format, forms, duplex,
    /// plans, ID numbers in full) and of the rules and templates used.
    pub options: String,
}

/// The SHA-256 of a file, in hex, read a piece at a time.
pub fn file_digest(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The SHA-256 of some texts, in hex.
pub fn text_digest(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One line of a shard file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// The first line.
    Shard {
        shard: Shard,
        as_of: chrono::NaiveDate,
        /// The merge file's name, when the shard wrote one.
        merge: Option<String>,
        #[serde(default)]
        identity: Identity,
    },
    /// The last line: how many rows the sheet has (every shard reads them all), how many
    /// lines of people this file holds, and the merge file's SHA-256.
    End {
        rows: usize,
        people: usize,
        merge: Option<String>,
    },
    /// A person whose checklist was made.
    Person(Record),
    /// A row that could not be used: its summary line.
    Failed {
        row: usize,
        name: String,
        policy: String,
        message: String,
    },
    /// A line of `errors.csv` (row, name, field, message, code).
    Error([String; 5]),
}

impl Line {
    /// The sheet row the line is about (0 for the first line).
    pub fn row(&self) -> usize {
        match self {
            Line::Shard { .. } | Line::End { .. } => 0,
            Line::Person(r) => r.row,
            Line::Failed { row, .. } => *row,
            Line::Error(cells) => cells[0].parse().unwrap_or(usize::MAX),
        }
    }

    /// Whether the line is a failed row's.
    pub fn is_failed(&self) -> bool {
        matches!(self, Line::Failed { .. })
            || matches!(self, Line::Person(r) if r.status == Status::Error)
    }
}

/// Writes `line` as one line of JSON.
pub fn write_line(w: &mut dyn Write, line: &Line) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, line).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Reads a shard file's lines, each at most [`MAX_LINE`] bytes. Errors name the file and
/// line.
pub fn read(path: &Path, mut each: impl FnMut(Line) -> Result<(), Msg>) -> Result<(), Msg> {
    let file = path.display().to_string();
    let fail = |line: usize, detail: String| {
        msg!(
            "join-bad-shard-file",
            file = file.as_str(),
            line = line,
            detail = detail
        )
    };
    let f = std::fs::File::open(path).map_err(|e| fail(0, e.to_string()))?;
    let mut r = std::io::BufReader::new(f);
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        number += 1;
        let n = (&mut r)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| fail(number, e.to_string()))?;
        if n == 0 {
            return Ok(());
        }
        if buf.len() > MAX_LINE {
            return Err(fail(number, format!("longer than {MAX_LINE} bytes")));
        }
        let line: Line = serde_json::from_slice(&buf).map_err(|e| fail(number, e.to_string()))?;
        if (number == 1) != matches!(line, Line::Shard { .. }) {
            return Err(fail(
                number,
                "the first line, and only it, names the shard".into(),
            ));
        }
        each(line)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_counts_from_zero_and_must_be_below_n() {
        assert_eq!(Shard::parse("0/4"), Ok(Shard { k: 0, n: 4 }));
        assert_eq!(Shard::parse(" 3 / 4 "), Ok(Shard { k: 3, n: 4 }));
        for bad in ["4/4", "1/0", "-1/4", "1", "a/b", "1/2/3", "", "0/100001"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let s = Shard { k: 1, n: 3 };
        let rows: Vec<usize> = (2..12).filter(|r| s.has(*r)).collect();
        assert_eq!(rows, [4, 7, 10]);
    }

    #[test]
    fn every_row_is_in_exactly_one_shard() {
        for n in 1..6 {
            for row in 2..50 {
                let owners = (0..n).filter(|&k| Shard { k, n }.has(row)).count();
                assert_eq!(owners, 1);
            }
        }
    }
}
