//! One answer read by its fact's type: yes-or-no, whole numbers, dates as people write
//! them, checked text, and choices by value or label.

use crate::model::fact::{Fact, FactType, Value};
use crate::msg;
use crate::util::i18n::{Arg, Msg};
use crate::util::suggest::hint;
use chrono::{Datelike, NaiveDate};
use serde_yaml::Value as Yaml;

/// Converts one input value by the fact's type; `Ok(None)` for an empty value (unknown).
pub fn convert_opt(fact: &Fact, raw: &Yaml) -> Result<Option<Value>, Msg> {
    match raw {
        Yaml::Null => Ok(None),
        Yaml::String(s) if s.trim().is_empty() => Ok(None),
        other => convert(fact, other).map(Some),
    }
}

/// Converts one value by the fact's type, accepting the spellings people use. The
/// messages name the field as `$label`, filled in where they are shown.
pub fn convert(fact: &Fact, raw: &Yaml) -> Result<Value, Msg> {
    let text = yaml_text(raw);
    let text = text.trim();
    match &fact.ty {
        FactType::Bool => match raw {
            Yaml::Bool(b) => Ok(Value::Bool(*b)),
            _ => match text.to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "是" | "有" => Ok(Value::Bool(true)),
                "false" | "no" | "n" | "0" | "否" | "无" => Ok(Value::Bool(false)),
                _ => Err(msg!("value-bool", value = text)),
            },
        },
        FactType::Integer => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Value::Integer)
            .ok_or_else(|| msg!("value-integer", value = text)),
        FactType::Date => parse_date(text).map(Value::Date),
        FactType::Text => {
            if matches!(raw, Yaml::Mapping(_) | Yaml::Sequence(_)) {
                Err(msg!("value-text-nested"))
            } else {
                check_text(text)?;
                Ok(Value::Text(text.to_string()))
            }
        }
        FactType::Enum(choices) => {
            if let Some(c) = choices.iter().find(|c| c.value == text || c.label == text) {
                return Ok(Value::Text(c.value.clone()));
            }
            let allowed: Vec<Arg> = choices
                .iter()
                .map(|c| msg!("value-enum-choice", value = &c.value, choice = &c.label).into())
                .collect();
            let hint = hint(text, choices.iter().map(|c| c.value.as_str()));
            Err(match &fact.help {
                // The fact's help says what the values mean (近亲属包括…): quote it.
                Some(help) => msg!(
                    "value-enum-help",
                    value = text,
                    hint = hint,
                    help = help,
                    allowed = allowed
                ),
                None => msg!("value-enum", value = text, hint = hint, allowed = allowed),
            })
        }
    }
}

/// The most characters a text fact (a name) may have.
pub const MAX_TEXT_CHARS: usize = 100;

/// Refuses text no output can show as written: too long, or holding a control character,
/// a direction override, a zero-width or private-use character. The message names the
/// character by its code point, never by itself.
pub fn check_text(text: &str) -> Result<(), Msg> {
    let count = text.chars().count();
    if count > MAX_TEXT_CHARS {
        return Err(msg!(
            "value-text-too-long",
            count = count,
            max = MAX_TEXT_CHARS
        ));
    }
    for (i, c) in text.chars().enumerate() {
        if let Some(kind) = undrawable(c) {
            return Err(msg!(
                "value-text-invisible",
                position = i + 1,
                code = format!("U+{:04X}", u32::from(c)),
                kind = Msg::new(kind)
            ));
        }
    }
    Ok(())
}

/// What kind of character `c` is (a catalogue id), when it has no place in a printed name.
fn undrawable(c: char) -> Option<&'static str> {
    let u = u32::from(c);
    Some(match u {
        0..=0x1F | 0x7F..=0x9F => "char-control",
        0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C => "char-direction",
        0x200B..=0x200D | 0x2060..=0x2064 | 0xFEFF | 0x180E | 0x00AD | 0x034F => "char-invisible",
        0x2028 | 0x2029 => "char-separator",
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => "char-private-use",
        0xFFF9..=0xFFFB | 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF => "char-noncharacter",
        0xFE00..=0xFE0F | 0xE0000..=0xE0FFF => "char-variation",
        _ => return None,
    })
}

/// Reads a date written YYYY-MM-DD (or YYYY/MM/DD) and rejects impossible ones.
pub fn parse_date(text: &str) -> Result<NaiveDate, Msg> {
    // 1956-03-01, 1956/3/1, 1956.3.1, 1956年3月1日, and eight digits 19560301.
    let mut norm = text.replace(['/', '.', '年', '月'], "-");
    if let Some(day) = norm.strip_suffix('日') {
        norm = day.to_string();
    }
    if norm.len() == 8 && norm.bytes().all(|b| b.is_ascii_digit()) {
        norm = format!("{}-{}-{}", &norm[..4], &norm[4..6], &norm[6..]);
    }
    let parts: Vec<&str> = norm.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(msg!("value-date-shape", value = text));
    }
    let date = NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .map_err(|_| msg!("value-date-unreal", value = text))?;
    if date.year() < MIN_YEAR {
        return Err(msg!(
            "value-date-too-early",
            value = text,
            min = MIN_YEAR as i64
        ));
    }
    if date.year() > MAX_YEAR {
        return Err(msg!(
            "value-date-too-late",
            value = text,
            min = MIN_YEAR as i64,
            max = MAX_YEAR as i64
        ));
    }
    Ok(date)
}

/// The first year a date may have.
pub const MIN_YEAR: i32 = 1900;

/// The last year a date may have: far beyond any permit or registration, and far enough
/// from 9999 that a date computed from it (a permit's expiry, a window's end) is still
/// one every output can write.
pub const MAX_YEAR: i32 = 2200;

/// A value as text: a YAML string as written, anything else as YAML writes it.
pub(crate) fn yaml_text(v: &Yaml) -> String {
    match v {
        Yaml::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
