//! Joining the shards of a batch (see [`super::shard`]): their `shard.jsonl` files give
//! the summary and error list of the whole sheet, in row order, the same as one run's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::shard::{self, Line, Shard};
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
}

/// Reads the shard file of every directory in `dirs` (every shard of one batch, each
/// once).
pub fn read(dirs: &[PathBuf]) -> Result<Joined, Msg> {
    let mut heads: Vec<(Shard, NaiveDate, Option<String>, &Path)> = Vec::new();
    let mut people: Vec<Line> = Vec::new();
    let mut errors: Vec<[String; 5]> = Vec::new();
    for dir in dirs {
        let path = dir.join(shard::FILE);
        shard::read(&path, |line| {
            match line {
                Line::Shard {
                    shard,
                    as_of,
                    merge,
                } => heads.push((shard, as_of, merge, dir)),
                Line::Error(cells) => errors.push(cells),
                other => people.push(other),
            }
            Ok(())
        })?;
    }
    let Some(&(first, as_of, ref merge, first_dir)) = heads.first() else {
        return Err(msg!("join-no-shards"));
    };
    let mut seen = BTreeSet::new();
    for (shard, date, m, dir) in &heads {
        let differs = |what: &str| {
            msg!(
                "join-shards-differ",
                first = first_dir.display().to_string(),
                other = dir.display().to_string(),
                what = what
            )
        };
        if shard.n != first.n {
            return Err(differs("N"));
        }
        if *date != as_of {
            return Err(differs("--date"));
        }
        if m != merge {
            return Err(differs("--merge"));
        }
        if !seen.insert(shard.k) {
            return Err(msg!(
                "join-shard-twice",
                shard = format!("{}/{}", shard.k, shard.n)
            ));
        }
    }
    let missing: Vec<String> = (0..first.n)
        .filter(|k| !seen.contains(k))
        .map(|k| format!("{k}/{}", first.n))
        .collect();
    if !missing.is_empty() {
        return Err(msg!("join-shards-missing", missing = missing.join(", ")));
    }
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
            Line::Shard { .. } | Line::Error(_) => {}
        }
    }
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
        merge: merge.clone(),
    })
}
