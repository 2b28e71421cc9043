//! The check before a batch: every row made into a checklist without rendering it, so that
//! HR sees what was read and every bad row (with its cell) before anything is made.

use super::columns::Columns;
use super::names::column_letter;
use super::sheet::{Row, Sheet};
use super::summary::{standing, Counts, Status};
use super::{build, BatchError};
use crate::model::policy::Library;
use crate::msg;
use crate::util::i18n::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One problem of the sheet, placed on its cell as far as it can be.
#[derive(Debug, Clone, Serialize)]
pub struct CellProblem {
    /// A stable code for programs: `invalid_value`, `invalid_row`, `no_policy`,
    /// `unknown_policy`, `stray_cells`, `unreadable_row`.
    pub code: &'static str,
    /// The sheet's row number as a spreadsheet shows it (the header is row 1); 0 when the
    /// problem has no row.
    pub row: usize,
    /// The column letter (`A`, `B`, …, `AA`), when the problem is one field's.
    pub column: Option<String>,
    /// The column's header as written in the sheet.
    pub header: Option<String>,
    /// The applicant field (`id_number`, …), or empty for the row as a whole.
    pub field: String,
    /// What is wrong, in a few Chinese words, for the clerk who fixes the sheet.
    pub title: String,
    pub message: String,
}

/// The Chinese heading of a problem of this code, about the column `header`.
pub fn title(code: &str, header: Option<&str>) -> String {
    let m = match (code, header) {
        ("invalid_value", Some(h)) => msg!("check-title-invalid-value", header = h),
        ("invalid_value", None) => msg!("check-title-invalid-value-somewhere"),
        ("no_policy", _) => msg!("check-title-no-policy"),
        ("unknown_policy", _) => msg!("check-title-unknown-policy"),
        ("stray_cells", _) => msg!("check-title-stray-cells"),
        ("unreadable_row", _) => msg!("check-title-unreadable-row"),
        _ => msg!("check-title-invalid-row"),
    };
    m.text(Lang::Zh)
}

/// What the check found.
#[derive(Debug, Default, Serialize)]
pub struct DryRun {
    /// Data rows read (empty rows are skipped).
    pub rows: usize,
    /// Rows that make a checklist, per policy id.
    pub per_policy: BTreeMap<String, usize>,
    /// Rows that make a checklist.
    pub good: usize,
    /// How the good rows stand: may apply, may not yet, or to be confirmed.
    pub standing: Counts,
    /// Rows with at least one problem.
    pub bad: usize,
    /// The first [`LISTED_PROBLEMS`] problems, in row order.
    pub problems: Vec<CellProblem>,
    /// The problems found past those listed.
    pub unlisted: usize,
    /// The sheet has more than the allowed rows; reading stopped there.
    pub too_many_rows: bool,
    /// The output file stems of the good rows (see [`super::names::file_stem`]), in order.
    #[serde(skip)]
    pub stems: Vec<(usize, String)>,
}

/// The problems the check lists; the rest are counted.
pub const LISTED_PROBLEMS: usize = 200;

impl DryRun {
    /// A problem found: listed while fewer than [`LISTED_PROBLEMS`] are, else counted.
    fn found(&mut self, p: CellProblem) {
        if self.problems.len() < LISTED_PROBLEMS {
            self.problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }
}

/// What the check needs besides the sheet.
pub struct DryRunOptions<'a> {
    pub policy: Option<&'a str>,
    pub as_of: NaiveDate,
    pub max_rows: usize,
}

/// Reads every row (up to `max_rows`) and makes its checklist, rendering nothing.
pub fn run(
    sheet: Sheet,
    sheet_name: &str,
    lib: &Library,
    opts: &DryRunOptions<'_>,
) -> Result<DryRun, BatchError> {
    let columns =
        Columns::from_headers(&sheet.headers, lib).map_err(|message| BatchError::Header {
            file: sheet_name.to_string(),
            message,
        })?;
    let headers = sheet.headers.clone();
    let mut c = DryRun::default();
    for row in sheet {
        if c.rows >= opts.max_rows {
            c.too_many_rows = true;
            break;
        }
        c.rows += 1;
        match row {
            Ok(row) => take(&mut c, &row, &columns, &headers, lib, opts, sheet_name),
            Err(e) => {
                c.bad += 1;
                c.found(CellProblem {
                    code: "unreadable_row",
                    row: e.row.unwrap_or(0),
                    column: None,
                    header: None,
                    field: String::new(),
                    title: title("unreadable_row", None),
                    message: e.message.text(Lang::Zh),
                });
            }
        }
    }
    Ok(c)
}

fn take(
    c: &mut DryRun,
    row: &Row,
    columns: &Columns,
    headers: &[String],
    lib: &Library,
    opts: &DryRunOptions<'_>,
    sheet_name: &str,
) {
    match build(
        row,
        columns,
        lib,
        opts.policy,
        opts.as_of,
        crate::engine::Options::default(),
        sheet_name,
    ) {
        Ok(b) => {
            c.good += 1;
            match standing(&b.checklist).0 {
                Status::Eligible => c.standing.eligible += 1,
                Status::NotYet => c.standing.not_yet += 1,
                Status::Depends => c.standing.depends += 1,
                Status::Error => c.standing.failed += 1,
            }
            *c.per_policy
                .entry(b.checklist.policy.id.clone())
                .or_default() += 1;
            c.stems.push((
                row.number,
                super::names::file_stem(row.number, Some(&b.name)),
            ));
        }
        Err(mut u) => {
            c.bad += 1;
            // The check before a batch is the web page's.
            super::for_page(&mut u.problems, lib);
            for p in u.problems {
                let field = p.field.clone();
                let message = p.message(Lang::Zh);
                let index = (!field.is_empty())
                    .then(|| columns.position(&field))
                    .flatten();
                let code = match (p.code(), field.as_str()) {
                    ("row-stray-cells", _) => "stray_cells",
                    ("row-no-policy" | "row-no-policy-page", _) => "no_policy",
                    (_, "policy") => "unknown_policy",
                    (_, "") => "invalid_row",
                    _ => "invalid_value",
                };
                let header = index.and_then(|i| headers.get(i).cloned());
                c.found(CellProblem {
                    code,
                    row: row.number,
                    column: index.map(column_letter),
                    title: title(code, header.as_deref()),
                    header,
                    field,
                    message,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::names::column_letter;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
