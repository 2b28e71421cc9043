//! The sheet template HR fills in: the columns of one policy (or of every policy, with a
//! `办理事项` column), as `.xlsx` with an explanation sheet and drop-down lists, or as CSV.

use crate::model::expr::FactTable;
use crate::model::fact::{Fact, FactType};
use crate::model::policy::{Library, Policy};
use crate::msg;
use crate::util::i18n::{Arg, Lang, Msg};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The header of the policy column in templates (an alias `batch` reads).
pub const POLICY_HEADER: &str = "办理事项";

/// Rows of the data sheet that get drop-down lists and text formatting.
const DATA_ROWS: u32 = 20_000;

/// One column of the template.
pub struct Column<'a> {
    /// The header: the fact's Chinese label, or [`POLICY_HEADER`].
    pub header: String,
    /// Each policy of the template with the fact as it declares it (label, question,
    /// choices); empty for the policy column.
    pub declared: Vec<(&'a Policy, &'a Fact)>,
}

impl<'a> Column<'a> {
    /// The fact as the first policy of the template declares it.
    fn fact(&self) -> Option<&'a Fact> {
        self.declared.first().map(|(_, f)| *f)
    }
}

/// The columns for `policy`, in its words (or for every policy, with a policy column first
/// and each fact's choices as any policy offers them).
pub fn columns<'a>(lib: &'a Library, policy: Option<&str>) -> Result<Vec<Column<'a>>, String> {
    let policies: Vec<&Policy> = match policy {
        Some(id) => vec![lib
            .get(id)
            .map_err(|m| m.text(crate::util::i18n::Lang::Zh))?],
        None => lib.policies().iter().collect(),
    };
    let mut out = Vec::new();
    if policy.is_none() {
        out.push(Column {
            header: POLICY_HEADER.to_string(),
            declared: Vec::new(),
        });
    }
    let mut keys: Vec<&str> = vec!["name", "id_number", "birth_date"];
    for p in &policies {
        for f in p.asked_facts() {
            if !keys.contains(&f.key.as_str()) {
                keys.push(f.key.as_str());
            }
        }
    }
    for key in keys {
        let declared: Vec<(&Policy, &Fact)> = policies
            .iter()
            .filter_map(|p| Some((*p, p.fact(key)?)))
            .collect();
        if let Some((_, first)) = declared.first() {
            out.push(Column {
                header: first.label.clone(),
                declared,
            });
        }
    }
    Ok(out)
}

/// The values a cell of this column may hold, as the sheet is read (Chinese labels for
/// choices, 是/否 for yes-or-no); empty when any text goes.
fn allowed(lib: &Library, c: &Column<'_>) -> Vec<String> {
    match c.fact().map(|f| &f.ty) {
        None => lib.policies().iter().map(|p| p.title.clone()).collect(),
        Some(FactType::Enum(_)) => {
            let mut labels: Vec<String> = Vec::new();
            for choice in c.declared.iter().flat_map(|(_, f)| f.choices()) {
                if !labels.contains(&choice.label) {
                    labels.push(choice.label.clone());
                }
            }
            labels
        }
        Some(FactType::Bool) => vec![zh(msg!("template-yes")), zh(msg!("template-no"))],
        Some(_) => Vec::new(),
    }
}

fn kind(c: &Column<'_>) -> String {
    zh(match c.fact().map(|f| &f.ty) {
        None | Some(FactType::Enum(_)) => msg!("template-kind-choice"),
        Some(FactType::Bool) => msg!("template-kind-bool"),
        Some(FactType::Integer) => msg!("template-kind-integer"),
        Some(FactType::Date) => msg!("template-kind-date"),
        Some(FactType::Text) => msg!("template-kind-text"),
    })
}

/// A message of the template, which is for Chinese-reading HR clerks.
fn zh(m: Msg) -> String {
    m.text(Lang::Zh)
}

/// What the column asks: the question (and help) each policy words, told apart by the
/// policies' titles where they differ.
fn what(lib: &Library, c: &Column<'_>) -> String {
    if c.declared.is_empty() {
        let example = lib.ids().into_iter().next().unwrap_or_default();
        return zh(msg!("template-policy-what", example = example));
    }
    let asked = |f: &Fact| match &f.help {
        Some(h) => format!("{} {}", f.question, h),
        None => f.question.clone(),
    };
    let mut wordings: Vec<(String, Vec<&str>)> = Vec::new();
    for (p, f) in &c.declared {
        let text = asked(f);
        match wordings.iter_mut().find(|(t, _)| *t == text) {
            Some((_, titles)) => titles.push(&p.title),
            None => wordings.push((text, vec![&p.title])),
        }
    }
    match wordings.as_slice() {
        [(only, _)] => only.clone(),
        _ => wordings
            .iter()
            .map(|(text, titles)| {
                let titles: Vec<Arg> = titles.iter().map(|t| Arg::from(*t)).collect();
                zh(msg!("template-asked-by", titles = titles, question = text))
            })
            .collect::<Vec<_>>()
            .join(&zh(msg!("template-wording-separator"))),
    }
}

/// The CSV template, UTF-8 with a BOM so that Excel reads it: the header row, a row saying
/// how each column is filled and an example person. Both start with a mark
/// ([`is_note`]) that `batch` reads past, so a sheet that keeps them is read the same.
pub fn csv(lib: &Library, policy: Option<&str>) -> Result<Vec<u8>, String> {
    let cols = columns(lib, policy)?;
    let how: Vec<String> = cols
        .iter()
        .map(|c| {
            let list = allowed(lib, c);
            match list.is_empty() {
                true => kind(c),
                false => format!("{}：{}", kind(c), list.join(" / ")),
            }
        })
        .collect();
    let example: Vec<String> = cols.iter().map(|c| example(lib, c)).collect();
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut write = |cells: Vec<String>| w.write_record(&cells).map_err(|e| e.to_string());
    write(cols.iter().map(|c| c.header.clone()).collect())?;
    write(marked("template-note-mark", how))?;
    write(marked("template-example-mark", example))?;
    w.into_inner().map_err(|e| e.to_string())
}

/// `cells` with the catalogue's mark `mark` before the first.
fn marked(mark: &'static str, mut cells: Vec<String>) -> Vec<String> {
    if let Some(first) = cells.first_mut() {
        *first = format!("{}{first}", zh(Msg::new(mark)));
    }
    cells
}

/// Whether a row explains the sheet rather than naming a person: its first filled cell
/// starts with the mark of the template's note row or example row.
pub fn is_note(cells: &[String]) -> bool {
    let Some(first) = cells.iter().find(|c| !c.trim().is_empty()) else {
        return false;
    };
    static MARKS: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let marks = MARKS.get_or_init(|| {
        [
            zh(Msg::new("template-note-mark")),
            zh(Msg::new("template-example-mark")),
        ]
    });
    marks.iter().any(|m| first.trim_start().starts_with(m))
}

/// An example value for the column, as a person's row would hold it.
fn example(lib: &Library, c: &Column<'_>) -> String {
    let Some(f) = c.fact() else {
        return lib
            .policies()
            .first()
            .map(|p| p.title.clone())
            .unwrap_or_default();
    };
    match (f.key.as_str(), &f.ty) {
        ("name", _) => zh(msg!("template-example-name")),
        ("id_number", _) => {
            let first17 = "11010519900307002";
            let check = crate::model::idnumber::check_char(first17).unwrap_or('0');
            format!("{first17}{check}")
        }
        ("birth_date", _) => "1990-03-07".to_string(),
        (_, FactType::Enum(_)) => allowed(lib, c).into_iter().next().unwrap_or_default(),
        (_, FactType::Bool) => zh(msg!("template-no")),
        (_, FactType::Date) => "2026-01-15".to_string(),
        (_, FactType::Integer) => "6".to_string(),
        (_, FactType::Text) => String::new(),
    }
}

/// The `.xlsx` template: sheet 「人员名单」 to fill (first, as `batch` reads the first
/// sheet), 「填写说明」 explaining every column, and a hidden sheet of the lists.
pub fn xlsx(lib: &Library, policy: Option<&str>) -> Result<Vec<u8>, String> {
    let cols = columns(lib, policy)?;
    build_xlsx(lib, &cols).map_err(|e| format!("cannot write the template: {e}"))
}

fn build_xlsx(lib: &Library, cols: &[Column<'_>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap();
    let lists: Vec<Vec<String>> = cols.iter().map(|c| allowed(lib, c)).collect();
    let lists_name = zh(msg!("template-sheet-lists"));

    let sheet = book.add_worksheet();
    sheet.set_name(zh(msg!("template-sheet-people")))?;
    for (i, c) in cols.iter().enumerate() {
        let col = i as u16;
        sheet.write_string_with_format(0, col, &c.header, &bold)?;
        sheet.set_column_width(col, 16)?;
        // Text cells keep ID numbers whole (Excel would round 18 digits) and leading zeros.
        if !matches!(
            c.fact().map(|f| &f.ty),
            Some(FactType::Date | FactType::Integer)
        ) {
            sheet.set_column_format(col, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut list_col = 0u16;
    for (i, (c, list)) in cols.iter().zip(&lists).enumerate() {
        if list.is_empty() {
            continue;
        }
        let range = format!(
            "='{}'!${}$1:${}${}",
            lists_name,
            super::names::column_letter(list_col as usize),
            super::names::column_letter(list_col as usize),
            list.len()
        );
        list_col += 1;
        let v = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_title(zh(msg!("template-invalid-title")))?
            .set_error_message(zh(msg!("template-invalid-message", header = &c.header)))?;
        sheet.add_data_validation(1, i as u16, DATA_ROWS, i as u16, &v)?;
    }

    let help = book.add_worksheet();
    help.set_name(zh(msg!("template-sheet-help")))?;
    let headings = [
        "template-head-header",
        "template-head-field",
        "template-head-kind",
        "template-head-required",
        "template-head-values",
        "template-head-what",
    ];
    for (i, h) in headings.into_iter().enumerate() {
        help.write_string_with_format(0, i as u16, zh(Msg::new(h)), &bold)?;
    }
    for (i, (c, list)) in cols.iter().zip(&lists).enumerate() {
        let r = i as u32 + 1;
        let required = c.declared.iter().all(|(_, f)| f.required);
        help.write_string(r, 0, &c.header)?;
        help.write_string(r, 1, c.fact().map_or("policy", |f| f.key.as_str()))?;
        help.write_string(r, 2, kind(c))?;
        let yes_no = if required {
            "template-yes"
        } else {
            "template-no"
        };
        help.write_string(r, 3, zh(Msg::new(yes_no)))?;
        help.write_string_with_format(r, 4, list.join("、"), &wrap)?;
        help.write_string_with_format(r, 5, what(lib, c), &wrap)?;
    }
    let note = cols.len() as u32 + 2;
    help.write_string(note, 0, zh(msg!("template-note")))?;
    help.set_column_width(0, 16)?;
    help.set_column_width(1, 22)?;
    help.set_column_width(2, 18)?;
    help.set_column_width(4, 40)?;
    help.set_column_width(5, 60)?;

    let options = book.add_worksheet();
    options.set_name(&lists_name)?;
    for (col, list) in lists.iter().filter(|l| !l.is_empty()).enumerate() {
        for (r, v) in list.iter().enumerate() {
            options.write_string(r as u32, col as u16, v)?;
        }
    }
    options.set_hidden(true);
    book.save_to_buffer()
}
