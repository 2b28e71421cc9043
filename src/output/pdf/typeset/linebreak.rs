//! Line breaking for Chinese mixed with Latin text.
//!
//! Rules:
//! - a line may break between any two CJK characters, between CJK and Latin,
//!   and after a space;
//! - Latin words and numbers (`2026-05-01`, `0571-87280478`, `www.962222.net`)
//!   are never split, and a number stays with the CJK character after it (`15元`);
//! - kinsoku: no line starts with closing punctuation (`，。、；：？！）》」』】〕,.;:?!)%` …)
//!   and no line ends with opening punctuation (`（《「『【〔(` …);
//! - a piece longer than the line is hard-broken by character as a last resort.

use std::ops::Range;

/// Characters that must not start a line.
const NO_START: &str = "，。、；：？！）》」』】〕〉］｝〗〙,.;:?!)]}%％’”·・…‥—～ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ℃";

/// Characters that must not end a line.
const NO_END: &str = "（《「『【〔〈［｛〖〘([{‘“";

/// How a character takes part in line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A space: a break opportunity, dropped at line ends.
    Space,
    /// An ideograph, kana, hangul or full-width form: breakable on both sides.
    Cjk,
    /// Anything else (Latin letters, digits, ASCII punctuation): part of a word.
    Word,
}

fn class(ch: char) -> Class {
    if ch == ' ' || ch == '\u{00A0}' {
        return Class::Space;
    }
    let cp = u32::from(ch);
    let cjk = matches!(cp,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x31FF    // Bopomofo, compatibility Jamo, Katakana extensions
        | 0x3200..=0x33FF    // enclosed CJK, compatibility
        | 0x3400..=0x4DBF    // Extension A
        | 0x4E00..=0x9FFF    // Unified ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // Compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF    // Half-width and full-width forms
        | 0x20000..=0x3FFFF  // Extensions B and later
    ) || matches!(ch, '“' | '”' | '‘' | '’' | '—' | '…' | '·');
    if cjk {
        Class::Cjk
    } else {
        Class::Word
    }
}

fn no_start(ch: char) -> bool {
    !in_neither(ch) && NO_START.contains(ch)
}

fn no_end(ch: char) -> bool {
    !in_neither(ch) && NO_END.contains(ch)
}

/// Most characters of a checklist, CJK ideographs and ASCII letters and digits, are in
/// neither list: answered without searching them.
fn in_neither(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&ch)
}

/// May a line break between `chars[i - 1]` and `chars[i]` (with `chars[i]`
/// starting the next line)? Spaces before `i` are dropped at the break.
fn break_allowed(chars: &[char], i: usize) -> bool {
    let (a, b) = (chars[i - 1], chars[i]);
    let (ca, cb) = (class(a), class(b));
    if cb == Class::Space {
        return false;
    }
    if no_start(b) {
        return false;
    }
    // The last character left on the line once trailing spaces are dropped.
    let Some(last) = chars[..i]
        .iter()
        .rev()
        .copied()
        .find(|c| class(*c) != Class::Space)
    else {
        return false;
    };
    if no_end(last) {
        return false;
    }
    // Dashes and ellipses come in pairs that stay together.
    if a == b && matches!(a, '—' | '…') {
        return false;
    }
    match (ca, cb) {
        (Class::Space, _) => true,
        (Class::Word, Class::Word) => false,
        // A number stays with the unit or counter after it: 15元, 3份, 2026年.
        (Class::Word, Class::Cjk) => !a.is_ascii_digit(),
        _ => true,
    }
}

/// Break `chars` (with their advance `widths`, same length, in any unit) into
/// lines no wider than `max`. Returns the character range of each line with
/// spaces at the break removed. An empty input gives no lines.
pub(crate) fn break_lines(chars: &[char], widths: &[f32], max: f32) -> Vec<Range<usize>> {
    debug_assert_eq!(chars.len(), widths.len());
    let n = chars.len();
    let mut lines = Vec::new();
    let mut start = skip_spaces(chars, 0);
    while start < n {
        let end = fit_line(chars, widths, start, max);
        let mut trimmed = end;
        while trimmed > start && class(chars[trimmed - 1]) == Class::Space {
            trimmed -= 1;
        }
        lines.push(start..trimmed);
        start = skip_spaces(chars, end);
    }
    lines
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && class(chars[i]) == Class::Space {
        i += 1;
    }
    i
}

/// The end (exclusive) of the line starting at `start`.
fn fit_line(chars: &[char], widths: &[f32], start: usize, max: f32) -> usize {
    const EPSILON: f32 = 1e-3;
    let n = chars.len();
    let mut width = 0.0f32;
    // Width up to the last non-space character, to test the fit.
    let mut best_break: Option<usize> = None;
    let mut i = start;
    while i < n {
        if i > start && break_allowed(chars, i) {
            best_break = Some(i);
        }
        let w = widths[i];
        if class(chars[i]) != Class::Space && width + w > max + EPSILON {
            // chars[i] does not fit: break at the last opportunity, or hard-break.
            return match best_break {
                Some(at) => at,
                None => hard_break(chars, start, i),
            };
        }
        width += w;
        i += 1;
    }
    n
}

/// Last resort for a piece wider than the line: cut before `overflow`, moving
/// the cut back a little so the next line does not start with closing punctuation.
fn hard_break(chars: &[char], start: usize, overflow: usize) -> usize {
    let mut at = overflow.max(start + 1);
    let earliest = (start + 1).max(at.saturating_sub(3));
    while at > earliest && at < chars.len() && no_start(chars[at]) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_answer_is_never_wrong() {
        for ch in NO_START.chars().chain(NO_END.chars()) {
            assert!(!in_neither(ch), "{ch} is in a list");
        }
        assert!(no_start('。') && no_end('（') && !no_start('材') && !no_end('A'));
    }

    /// Break with CJK = 1 em, Latin and spaces = 0.5 em.
    fn lines(text: &str, max_em: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| if class(*c) == Class::Cjk { 1.0 } else { 0.5 })
            .collect();
        break_lines(&chars, &widths, max_em)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn breaks_between_cjk_characters() {
        assert_eq!(
            lines("居住证申领材料清单", 4.0),
            ["居住证申", "领材料清", "单"]
        );
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // "，" would start line 2: the character before it moves down with it.
        let out = lines("身份证原件，户口簿原件。", 5.0);
        assert_eq!(out, ["身份证原", "件，户口簿", "原件。"]);
        for text in [
            "材料一、材料二；材料三：材料四？是的！（好）》",
            "甲乙丙丁，戊己庚辛。壬癸",
        ] {
            for width in 3..8 {
                let out = lines(text, width as f32);
                for line in &out[1..] {
                    let first = line.chars().next().unwrap();
                    assert!(!no_start(first), "{line:?} starts with {first} in {out:?}");
                }
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        for width in 2..9 {
            let out = lines("请携带居住证（原件）和《登记表》「一份」", width as f32);
            for line in &out {
                let last = line.chars().last().unwrap();
                assert!(!no_end(last), "{line:?} ends with {last} in {out:?}");
            }
        }
        assert_eq!(lines("甲乙丙（丁）", 4.0), ["甲乙丙", "（丁）"]);
    }

    #[test]
    fn dates_phones_and_urls_are_not_split() {
        for word in [
            "2026-05-01",
            "0571-87280478",
            "www.962222.net",
            "https://example.org/a-b",
        ] {
            let text = format!("请于办理日期前登录{word}查询进度");
            // Wide enough for the word (and, for a number, the character it keeps).
            let needed = word.len() / 2 + 2;
            for width in needed..20 {
                let out = lines(&text, width as f32);
                assert!(
                    out.iter().any(|l| l.contains(word)),
                    "{word} split at {width}: {out:?}"
                );
            }
        }
    }

    #[test]
    fn number_stays_with_its_unit() {
        for width in 3..8 {
            let out = lines("工本费每张收取15元整", width as f32);
            assert!(out.iter().any(|l| l.contains("15元")), "{out:?}");
        }
    }

    #[test]
    fn spaces_are_break_points_and_dropped_at_ends() {
        assert_eq!(lines("one two three", 4.0), ["one two", "three"]);
        assert_eq!(lines("one two three", 3.0), ["one", "two", "three"]);
        assert_eq!(lines("  lead", 10.0), ["lead"]);
        assert!(lines("", 10.0).is_empty());
        assert!(lines("   ", 10.0).is_empty());
    }

    #[test]
    fn overlong_word_is_hard_broken() {
        let out = lines("abcdefghij", 2.0);
        assert_eq!(out, ["abcd", "efgh", "ij"]);
        // Even a line narrower than one character makes progress.
        assert_eq!(lines("甲乙", 0.5), ["甲", "乙"]);
    }

    #[test]
    fn em_dash_pairs_stay_together() {
        for width in 3..6 {
            let out = lines("甲乙丙——丁戊", width as f32);
            assert!(out.iter().all(|l| !l.starts_with('—')), "{out:?}");
        }
    }
}
