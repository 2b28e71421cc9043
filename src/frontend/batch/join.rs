//! Joining the shards of a batch (see [`super::shard`]): their `shard.jsonl` files give
//! the summary and error list of the whole sheet, in row order, the same as one run's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::shard::{self, Identity, Line, Shard};
use super::summary::Summary;
use crate::msg;
use crate::util::i18n::Msg;

/// The shards read together.
pub struct Joined {
    pub summary: Summary,
    /// The lines of `errors.csv`, in row order.
    pub errors: Vec<[String; 5]>,
    pub as_of: NaiveDate,
    /// The merge file's name, when the shards wrote one.
    pub merge: Option<String>,
    /// Each shard's directory with the SHA-256 its merge file had when written.
    pub merge_digests: Vec<(PathBuf, Option<String>)>,
}

/// One shard as its file tells it.
struct Head<'a> {
    shard: Shard,
    as_of: NaiveDate,
    merge: Option<String>,
    identity: Identity,
    dir: &'a Path,
    /// The last line: the sheet's rows, the lines of people, the merge file's digest.
    end: Option<(usize, usize, Option<String>)>,
    /// The lines of people read.
    people: usize,
}

/// Reads the shard file of every directory in `dirs` (every shard of one batch, each
/// once). Refused: shards of another sheet or with other options, a file cut short or with
/// a line added or removed, a row outside its shard or in two, and a merge file that is
/// not the one its shard wrote.
pub fn read(dirs: &[PathBuf]) -> Result<Joined, Msg> {
    let mut heads: Vec<Head> = Vec::new();
    let mut people: Vec<Line> = Vec::new();
    let mut errors: Vec<[String; 5]> = Vec::new();
    for dir in dirs {
        let path = dir.join(shard::FILE);
        let file = path.display().to_string();
        let mut ended = false;
        shard::read(&path, |line| {
            if ended {
                return Err(msg!("join-shard-after-end", file = file.as_str()));
            }
            match line {
                Line::Shard {
                    shard,
                    as_of,
                    merge,
                    identity,
                } => heads.push(Head {
                    shard,
                    as_of,
                    merge,
                    identity,
                    dir,
                    end: None,
                    people: 0,
                }),
                Line::End {
                    rows,
                    people: n,
                    merge,
                } => {
                    ended = true;
                    if let Some(h) = heads.last_mut() {
                        h.end = Some((rows, n, merge));
                    }
                }
                Line::Error(cells) => errors.push(cells),
                other => {
                    if let Some(h) = heads.last_mut() {
                        if !h.shard.has(other.row()) {
                            return Err(msg!(
                                "join-row-outside",
                                file = file.as_str(),
                                row = other.row(),
                                shard = format!("{}/{}", h.shard.k, h.shard.n)
                            ));
                        }
                        h.people += 1;
                    }
                    people.push(other);
                }
            }
            Ok(())
        })?;
    }
    check_heads(&heads)?;
    let mut seen_rows: BTreeSet<usize> = BTreeSet::new();
    for line in &people {
        if !seen_rows.insert(line.row()) {
            return Err(msg!("join-row-twice", row = line.row()));
        }
    }
    let first = &heads[0];
    let (as_of, merge) = (first.as_of, first.merge.clone());
    people.sort_by_key(Line::row);
    let mut summary = Summary::default();
    for line in people {
        match line {
            Line::Person(record) => summary.add(record),
            Line::Failed {
                row,
                name,
                policy,
                message,
            } => summary.add_error(row, name, policy, message),
            Line::Shard { .. } | Line::End { .. } | Line::Error(_) => {}
        }
    }
    summary.sort();
    // A sheet that stopped is reported by every shard: once is enough.
    errors.sort_by(|a, b| {
        let row = |c: &[String; 5]| c[0].parse::<usize>().unwrap_or(usize::MAX);
        (row(a), &a[2]).cmp(&(row(b), &b[2]))
    });
    errors.dedup();
    Ok(Joined {
        summary,
        errors,
        as_of,
        merge,
        merge_digests: heads
            .iter()
            .map(|h| {
                (
                    h.dir.to_path_buf(),
                    h.end.as_ref().and_then(|e| e.2.clone()),
                )
            })
            .collect(),
    })
}

/// The shards agree with each other and each is whole: one batch, every shard once.
fn check_heads(heads: &[Head]) -> Result<(), Msg> {
    let Some(first) = heads.first() else {
        return Err(msg!("join-no-shards"));
    };
    let mut seen = BTreeSet::new();
    for h in heads {
        let differs = |what: &str| {
            msg!(
                "join-shards-differ",
                first = first.dir.display().to_string(),
                other = h.dir.display().to_string(),
                what = what
            )
        };
        if h.shard.n != first.shard.n {
            return Err(differs("N"));
        }
        if h.as_of != first.as_of {
            return Err(differs("--date"));
        }
        if h.merge != first.merge {
            return Err(differs("--merge"));
        }
        if h.identity.sheet != first.identity.sheet {
            return Err(differs("SHEET"));
        }
        if h.identity.options != first.identity.options {
            return Err(differs("--format, --no-forms, --duplex, --plan, --show-id, --policy, --policies, --templates, --font"));
        }
        let file = h.dir.join(shard::FILE).display().to_string();
        let Some((rows, lines, _)) = &h.end else {
            return Err(msg!("join-shard-cut-short", file = file));
        };
        if *lines != h.people {
            return Err(msg!(
                "join-shard-lines",
                file = file,
                said = *lines,
                found = h.people
            ));
        }
        if first.end.as_ref().is_some_and(|e| e.0 != *rows) {
            return Err(differs("SHEET"));
        }
        if !seen.insert(h.shard.k) {
            return Err(msg!(
                "join-shard-twice",
                shard = format!("{}/{}", h.shard.k, h.shard.n)
            ));
        }
    }
    let missing: Vec<String> = (0..first.shard.n)
        .filter(|k| !seen.contains(k))
        .map(|k| format!("{k}/{}", first.shard.n))
        .collect();
    if !missing.is_empty() {
        return Err(msg!("join-shards-missing", missing = missing.join(", ")));
    }
    let total: usize = heads.iter().map(|h| h.people).sum();
    let rows = first.end.as_ref().map_or(0, |e| e.0);
    if total != rows {
        return Err(msg!("join-rows-missing", rows = rows, found = total));
    }
    Ok(())
}
