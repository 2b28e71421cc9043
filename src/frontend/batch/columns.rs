//! Sheet columns: header names (keys or the Chinese labels policies declare) to input keys.

use crate::model::applicant::RawInput;
use crate::model::expr::FactTable;
use crate::model::policy::Library;
use crate::msg;
use crate::util::i18n::{Arg, Msg};
use crate::util::suggest::hint;
use serde_yaml::Value as Yaml;

/// Extra header spellings HR sheets use.
const ALIASES: &[(&str, &str)] = &[
    ("身份证号码", "id_number"),
    ("公民身份号码", "id_number"),
    ("证件号码", "id_number"),
    ("政策", "policy"),
    ("办理事项", "policy"),
];

/// The header's problems one message names; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// The input key of each column, in column order (None for an empty, unnamed column).
#[derive(Debug, Clone)]
pub struct Columns {
    keys: Vec<Option<String>>,
}

impl Columns {
    /// Maps headers to keys; an unknown header is an error naming it, with a suggestion.
    pub fn from_headers(headers: &[String], lib: &Library) -> Result<Columns, Msg> {
        // Every label any policy gives a fact: a sheet made for one policy has its words.
        let mut labels: Vec<(String, String)> = Vec::new();
        for key in lib.keys() {
            if lib.fact(key).is_some_and(|f| !f.derived) {
                labels.push((key.to_string(), key.to_string()));
                for f in lib.declarations(key) {
                    if !labels.iter().any(|(l, _)| *l == f.label) {
                        labels.push((f.label.clone(), key.to_string()));
                    }
                }
            }
        }
        labels.push(("policy".into(), "policy".into()));
        for (a, k) in ALIASES {
            labels.push((a.to_string(), k.to_string()));
        }
        let mut keys = Vec::new();
        let mut problems = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                keys.push(None);
                continue;
            }
            match labels.iter().find(|(l, _)| l == h) {
                Some((_, k)) => {
                    if keys.iter().flatten().any(|existing| existing == k) {
                        problems.push(msg!("column-twice", column = i + 1, header = h, key = k));
                    }
                    keys.push(Some(k.clone()));
                }
                None => {
                    let hint = hint(h, labels.iter().map(|(l, _)| l.as_str()));
                    problems.push(msg!(
                        "column-unknown",
                        column = i + 1,
                        header = h,
                        hint = hint
                    ));
                    keys.push(None);
                }
            }
        }
        if !problems.is_empty() {
            let mut known: Vec<&str> = lib
                .keys()
                .into_iter()
                .filter(|k| lib.fact(k).is_some_and(|f| !f.derived))
                .collect();
            known.push("policy");
            // The Chinese headers each column may have, as the templates write them.
            let mut headers: Vec<String> = vec![super::template::POLICY_HEADER.to_string()];
            for (label, key) in &labels {
                if label != key && !headers.contains(label) && !label.is_ascii() {
                    headers.push(label.clone());
                }
            }
            return Err(msg!(
                "columns-bad",
                problems = Arg::first_of(
                    problems.into_iter().map(Arg::from).collect(),
                    PROBLEMS_SHOWN
                ),
                known = known.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
                headers = headers
            ));
        }
        Ok(Columns { keys })
    }

    /// One row's cells as input; empty cells are left out (unknown).
    pub fn input(&self, cells: &[String]) -> RawInput {
        self.keys
            .iter()
            .zip(cells)
            .filter_map(|(k, v)| {
                let k = k.as_ref()?;
                (!v.trim().is_empty()).then(|| (k.clone(), Yaml::String(v.clone())))
            })
            .collect()
    }

    /// The index of the column for `key`, if the sheet has one.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k.as_deref() == Some(key))
    }

    /// Cells beyond the named columns that hold something.
    pub fn stray_cells(&self, cells: &[String]) -> usize {
        cells
            .iter()
            .skip(self.keys.len())
            .filter(|c| !c.trim().is_empty())
            .count()
    }
}
