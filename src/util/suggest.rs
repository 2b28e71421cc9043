//! "Did you mean …?" hints for misspelt keys and values.

use crate::msg;
use crate::util::i18n::Arg;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "Did you mean …?" for a misspelt word, or nothing.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Arg {
    match did_you_mean(word, candidates) {
        Some(s) => msg!("did-you-mean", word = s).into(),
        None => Arg::Text(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_words_are_suggested() {
        let keys = ["housing", "hukou", "channel"];
        assert_eq!(did_you_mean("housng", keys), Some("housing"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
