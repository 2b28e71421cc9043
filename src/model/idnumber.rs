//! The 18-digit resident identity number (GB 11643-1999).

use crate::msg;
use crate::util::i18n::Msg;
use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character the first 17 digits call for.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    (first17.chars().count() == 17).then(|| CHECK[(sum % 11) as usize])
}

/// Checks an ID number and returns it normalised (upper-case X) with its birth date.
/// The messages name the field as `$label`, filled in where they are shown.
pub fn validate(raw: &str) -> Result<(String, NaiveDate), Msg> {
    let id: String = raw.trim().to_uppercase();
    if id.chars().count() != 18 {
        return Err(msg!("id-length", count = id.chars().count()));
    }
    // Split by characters, not bytes: the input may hold any text (全角 digits, names).
    let body: String = id.chars().take(17).collect();
    let last: String = id.chars().skip(17).collect();
    if !body.chars().all(|c| c.is_ascii_digit()) {
        return Err(msg!("id-digits"));
    }
    let body = body.as_str();
    let birth = NaiveDate::parse_from_str(&body[6..14], "%Y%m%d")
        .map_err(|_| msg!("id-birth", digits = &body[6..14]))?;
    let want = check_char(body).expect("17 digits");
    if !last.starts_with(want) {
        return Err(msg!("id-check-digit", want = want, got = last));
    }
    Ok((id, birth))
}

/// The number with its middle hidden: `3101**********1231`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// Reads an ID number as an answer: checked and normalised with its birth date, or, masked
/// as [`mask`] shows it (a page that carries answers on carries the number so), as given
/// with no birth date (that comes as `birth_date`).
pub fn read(raw: &str) -> Result<(String, Option<NaiveDate>), Msg> {
    if is_masked(raw) {
        return Ok((raw.trim().to_uppercase(), None));
    }
    validate(raw).map(|(id, birth)| (id, Some(birth)))
}

/// Whether `id` is a number as [`mask`] shows it (`3101**********1231`).
fn is_masked(id: &str) -> bool {
    let chars: Vec<char> = id.trim().chars().collect();
    chars.len() == 18
        && chars[..4].iter().all(char::is_ascii_digit)
        && chars[4..14].iter().all(|c| *c == '*')
        && chars[14..17].iter().all(char::is_ascii_digit)
        && (chars[17].is_ascii_digit() || chars[17].eq_ignore_ascii_case(&'x'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::i18n::Lang;

    #[test]
    fn check_digit() {
        // The worked example of GB 11643-1999.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert!(validate("11010519491231002X").is_ok());
        assert!(validate("11010519491231002x").is_ok());
        let e = validate("110105194912310021").unwrap_err();
        assert_eq!(e.id, "id-check-digit");
        let zh = e.arg("label", "身份证号").text(Lang::Zh);
        assert_eq!(
            zh,
            "身份证号第18位校验码应为 X，请核对是否有数字输错（现为 1）"
        );
    }

    #[test]
    fn bad_shapes() {
        assert_eq!(validate("1234").unwrap_err().id, "id-length");
        assert_eq!(validate("11010519490231002X").unwrap_err().id, "id-birth");
        assert_eq!(validate("1101051949123100AX").unwrap_err().id, "id-digits");
    }

    #[test]
    fn any_text_is_refused_without_panicking() {
        // Found by the csv_row fuzz target: 18 characters, some of them multi-byte.
        assert!(validate("34ÐÎÏÕ20160302窗口办理").is_err());
        assert!(validate("3401022016030201２1").is_err());
        assert_eq!(
            validate("34010220160302012窗").unwrap_err().id,
            "id-check-digit"
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
    }
}
