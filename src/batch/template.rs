//! The sheet template HR fills in: the columns of one policy (or of every policy, with a
//! `办理事项` column), as `.xlsx` with an explanation sheet and drop-down lists, or as CSV.

use crate::expr::FactTable;
use crate::fact::{Fact, FactType};
use crate::policy::Library;
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The header of the policy column in templates (an alias `batch` reads).
pub const POLICY_HEADER: &str = "办理事项";

/// Rows of the data sheet that get drop-down lists and text formatting.
const DATA_ROWS: u32 = 20_000;

/// One column of the template.
pub struct Column<'a> {
    /// The header: the fact's Chinese label, or [`POLICY_HEADER`].
    pub header: String,
    /// The fact, or None for the policy column.
    pub fact: Option<&'a Fact>,
}

/// The columns for `policy` (or for every policy, with a policy column first).
pub fn columns<'a>(lib: &'a Library, policy: Option<&str>) -> Result<Vec<Column<'a>>, String> {
    let mut out = Vec::new();
    let mut keys: Vec<&str> = vec!["name", "id_number", "birth_date"];
    match policy {
        Some(id) => {
            let p = lib.get(id).map_err(|m| m.text(crate::i18n::Lang::Zh))?;
            keys.extend(p.asked_facts().map(|f| f.key.as_str()));
        }
        None => {
            out.push(Column {
                header: POLICY_HEADER.to_string(),
                fact: None,
            });
            for p in lib.policies() {
                for f in p.asked_facts() {
                    if !keys.contains(&f.key.as_str()) {
                        keys.push(f.key.as_str());
                    }
                }
            }
        }
    }
    for key in keys {
        // The library's fact, so that the header is the label `batch` maps back.
        if let Some(f) = lib.fact(key) {
            out.push(Column {
                header: f.label.clone(),
                fact: Some(f),
            });
        }
    }
    Ok(out)
}

/// The values a cell of this column may hold, as the sheet is read (Chinese labels for
/// choices, 是/否 for yes-or-no); empty when any text goes.
fn allowed(lib: &Library, c: &Column<'_>) -> Vec<String> {
    match c.fact.map(|f| &f.ty) {
        None => {
            let mut ids: Vec<String> = lib.policies().iter().map(|p| p.id.clone()).collect();
            ids.dedup();
            ids
        }
        Some(FactType::Enum(choices)) => choices.iter().map(|c| c.label.clone()).collect(),
        Some(FactType::Bool) => vec!["是".into(), "否".into()],
        Some(_) => Vec::new(),
    }
}

fn kind(c: &Column<'_>) -> &'static str {
    match c.fact.map(|f| &f.ty) {
        None => "办理事项编号",
        Some(FactType::Bool) => "是 / 否",
        Some(FactType::Integer) => "整数（0 或以上）",
        Some(FactType::Date) => "日期（YYYY-MM-DD）",
        Some(FactType::Text) => "文字",
        Some(FactType::Enum(_)) => "从下拉列表中选择",
    }
}

fn what(lib: &Library, c: &Column<'_>) -> String {
    match c.fact {
        None => {
            let titles: Vec<String> = lib
                .policies()
                .iter()
                .map(|p| format!("{} = {}", p.id, p.title))
                .collect();
            format!("每个人要办理的事项：{}", titles.join("；"))
        }
        Some(f) => match &f.help {
            Some(h) => format!("{} {}", f.question, h),
            None => f.question.clone(),
        },
    }
}

/// The CSV template: the header row only, UTF-8 with a BOM so that Excel reads it.
pub fn csv(lib: &Library, policy: Option<&str>) -> Result<Vec<u8>, String> {
    let cols = columns(lib, policy)?;
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(cols.iter().map(|c| c.header.as_str()))
        .map_err(|e| e.to_string())?;
    w.into_inner().map_err(|e| e.to_string())
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

    let sheet = book.add_worksheet();
    sheet.set_name("人员名单")?;
    for (i, c) in cols.iter().enumerate() {
        let col = i as u16;
        sheet.write_string_with_format(0, col, &c.header, &bold)?;
        sheet.set_column_width(col, 16)?;
        // Text cells keep ID numbers whole (Excel would round 18 digits) and leading zeros.
        if !matches!(
            c.fact.map(|f| &f.ty),
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
            "='选项'!${}$1:${}${}",
            super::check::column_letter(list_col as usize),
            super::check::column_letter(list_col as usize),
            list.len()
        );
        list_col += 1;
        let v = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_title("填写有误")?
            .set_error_message(format!("「{}」只能从下拉列表中选择。", c.header))?;
        sheet.add_data_validation(1, i as u16, DATA_ROWS, i as u16, &v)?;
    }

    let help = book.add_worksheet();
    help.set_name("填写说明")?;
    for (i, h) in ["列名", "字段", "填写方式", "必填", "可填的值", "说明"]
        .iter()
        .enumerate()
    {
        help.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (i, (c, list)) in cols.iter().zip(&lists).enumerate() {
        let r = i as u32 + 1;
        let required = c.fact.is_none_or(|f| f.required);
        help.write_string(r, 0, &c.header)?;
        help.write_string(r, 1, c.fact.map_or("policy", |f| f.key.as_str()))?;
        help.write_string(r, 2, kind(c))?;
        help.write_string(r, 3, if required { "是" } else { "否" })?;
        help.write_string_with_format(r, 4, list.join("、"), &wrap)?;
        help.write_string_with_format(r, 5, what(lib, c), &wrap)?;
    }
    let note = cols.len() as u32 + 2;
    help.write_string(
        note,
        0,
        "第一行是列名，请勿修改；每人一行。日期写成 2026-11-23；不知道的可以留空，清单会列出可能需要的材料。",
    )?;
    help.set_column_width(0, 16)?;
    help.set_column_width(1, 22)?;
    help.set_column_width(2, 18)?;
    help.set_column_width(4, 40)?;
    help.set_column_width(5, 60)?;

    let options = book.add_worksheet();
    options.set_name("选项")?;
    for (col, list) in lists.iter().filter(|l| !l.is_empty()).enumerate() {
        for (r, v) in list.iter().enumerate() {
            options.write_string(r as u32, col as u16, v)?;
        }
    }
    options.set_hidden(true);
    book.save_to_buffer()
}
