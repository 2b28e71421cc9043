//! Reads an office file (`serve --office FILE`, `render --office FILE`): YAML or JSON
//! with `name` and, if wanted, `address`, `hours` and `phone`, each one line of text.

use crate::model::answer::{check_text, yaml_text};
use crate::model::applicant::{parse_input, FieldProblem};
use crate::msg;
use crate::output::pdf::FontSet;
use crate::output::render::office::Office;
use crate::util::i18n::Msg;
use crate::util::input_text::read_file_bounded;
use crate::util::suggest::hint;

/// The most bytes of an office file (a real one is a few hundred).
pub const MAX_OFFICE_FILE: u64 = 64 << 10;

/// Reads and checks the office file at `path`; every character must be one `fonts` can
/// print. The error names the file, and the key when one is at fault.
pub fn load(path: &std::path::Path, fonts: &FontSet) -> Result<Office, Msg> {
    let file = path.display().to_string();
    let text = read_file_bounded(path, MAX_OFFICE_FILE).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => msg!(
            "office-too-large",
            file = file.as_str(),
            max = (MAX_OFFICE_FILE >> 10) as usize
        ),
        _ => msg!(
            "cli-cannot-read",
            file = file.as_str(),
            detail = e.to_string()
        ),
    })?;
    let raw = parse_input(&text, &file).map_err(|e| first(&file, &e.problems))?;
    let mut office = Office::default();
    for (key, value) in &raw {
        let wrong = |m: Msg| {
            msg!(
                "office-bad",
                file = file.as_str(),
                key = key.as_str(),
                message = m
            )
        };
        let text = yaml_text(value).trim().to_string();
        check_text(&text).map_err(wrong)?;
        if let Some(c) = text
            .chars()
            .find(|c| !c.is_whitespace() && !fonts.can_draw(*c))
        {
            let code = format!("U+{:04X}", u32::from(c));
            return Err(wrong(msg!("office-undrawable", code = code)));
        }
        let value = (!text.is_empty()).then_some(text);
        match key.as_str() {
            "name" => office.name = value.unwrap_or_default(),
            "address" => office.address = value,
            "hours" => office.hours = value,
            "phone" => office.phone = value,
            other => {
                let hint = hint(other, Office::KEYS);
                return Err(msg!(
                    "office-unknown-key",
                    file = file.as_str(),
                    key = other,
                    hint = hint,
                    allowed = Office::KEYS.map(String::from).to_vec()
                ));
            }
        }
    }
    if office.name.is_empty() {
        return Err(msg!("office-no-name", file = file.as_str()));
    }
    Ok(office)
}

/// The first problem of a file that is not YAML or JSON, with the file's name.
fn first(file: &str, problems: &[FieldProblem]) -> Msg {
    match problems.first() {
        Some(p) => msg!("input-error", origin = file, message = p.msg.clone()),
        None => msg!("office-no-name", file = file),
    }
}
