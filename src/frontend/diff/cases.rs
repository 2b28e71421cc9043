//! The situations a diff compares: the policies' scenarios, a sheet's rows, or one
//! applicant file.

use super::Case;
use crate::frontend::batch::columns::Columns;
use crate::frontend::batch::sheet;
use crate::frontend::scenario::{self, policy_id};
use crate::model::applicant::parse_input;
use crate::model::policy::{Library, PolicyFile};
use crate::msg;
use crate::util::i18n::{Lang, Msg};
use chrono::NaiveDate;
use std::path::Path;

/// Every scenario of every policy, from the scenario files of both folders (a scenario
/// in both, by file and name, once). A scenario file that does not read is left to
/// `doclist check`.
pub fn scenarios(sides: &[&[PolicyFile]]) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for files in sides {
        for f in files.iter().filter(|f| f.path.ends_with(".scenarios.yaml")) {
            let Ok(parsed) = scenario::parse(&f.text, &f.path) else {
                continue;
            };
            for s in parsed.scenarios {
                let Ok(as_of) = crate::model::answer::parse_date(&s.date) else {
                    continue;
                };
                if out.iter().any(|c| c.origin == f.path && c.label == s.name) {
                    continue;
                }
                out.push(Case {
                    label: s.name.clone(),
                    origin: f.path.clone(),
                    policy: Some(policy_id(&f.path).to_string()),
                    as_of,
                    raw: s.raw_input(),
                });
            }
        }
    }
    out
}

/// Every row of a sheet, read as `batch` reads it (its columns named by `lib`'s facts).
/// A row that cannot be read is left out: it reads the same under any rules.
pub fn sheet(
    path: &Path,
    lib: &Library,
    policy: Option<&str>,
    as_of: NaiveDate,
) -> Result<Vec<Case>, Msg> {
    let name = path.display().to_string();
    let sheet = sheet::open(path, None)
        .map_err(|e| msg!("input-error", origin = e.file, message = e.message))?;
    let columns = Columns::from_headers(&sheet.headers, lib)
        .map_err(|m| msg!("input-error", origin = name.as_str(), message = m))?;
    let mut out = Vec::new();
    for row in sheet.flatten() {
        if row.refused.is_some() {
            continue;
        }
        let raw = columns.input(&row.cells);
        let person = raw
            .iter()
            .find(|(k, _)| k == "name")
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default()
            .to_string();
        out.push(Case {
            label: msg!("diff-row", row = row.number, name = person).text(Lang::Zh),
            origin: msg!("diff-row-origin", file = name.as_str(), row = row.number).text(Lang::Zh),
            policy: policy.map(str::to_string),
            as_of,
            raw,
        });
    }
    Ok(out)
}

/// One applicant file's situation.
pub fn applicant(
    origin: &str,
    text: &str,
    policy: Option<&str>,
    as_of: NaiveDate,
) -> Result<Case, Msg> {
    let raw = parse_input(text, origin)
        .map_err(|e| msg!("input-error", origin = origin, message = e.to_string()))?;
    Ok(Case {
        label: origin.to_string(),
        origin: origin.to_string(),
        policy: policy.map(str::to_string),
        as_of,
        raw,
    })
}
