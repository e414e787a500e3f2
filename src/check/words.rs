//! The word-level view of text the rules share: where the words are and their normalized (folded,
//! stemmed) form, so "Virtual Worlds" and "virtual world" are the same term to every rule.
//!
//! This goes through [`Words`], which the [`crate::check::Registry`] builds once. It follows the
//! project's one text pipeline (Unicode word segmentation, case folding, English Snowball stemming).

use rust_stemmers::{Algorithm, Stemmer};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Word segmentation and normalization.
pub struct Words {
    stemmer: Stemmer,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Words")
    }
}

impl Default for Words {
    fn default() -> Self {
        Words { stemmer: Stemmer::create(Algorithm::English) }
    }
}

impl Words {
    /// Byte ranges of the words of `text` (Unicode word boundaries; punctuation is not a word).
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        text.split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(i, w)| i..i + w.len())
            .collect()
    }

    /// Case-folded form of a word.
    pub fn fold(&self, word: &str) -> String {
        word.to_lowercase().replace('’', "'")
    }

    /// Normalized form of a word: folded and stemmed.
    pub fn norm(&self, word: &str) -> String {
        let folded = self.fold(word);
        let folded = folded.strip_suffix("'s").unwrap_or(&folded);
        self.stemmer.stem(folded).into_owned()
    }

    /// Normalized forms of all the words of `text`, joined by single spaces.
    pub fn norm_phrase(&self, text: &str) -> String {
        self.ranges(text).into_iter().map(|r| self.norm(&text[r])).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_case_normalize_to_the_same_form() {
        let w = Words::default();
        assert_eq!(w.norm_phrase("Virtual Worlds"), w.norm_phrase("virtual world"));
        assert_eq!(w.norm_phrase("real-time"), w.norm_phrase("real time"));
        assert_ne!(w.norm_phrase("metaverse"), w.norm_phrase("universe"));
    }

    #[test]
    fn words_skip_punctuation() {
        let w = Words::default();
        let t = "An ecosystem, of (virtual) worlds.";
        let words: Vec<_> = w.ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(words, vec!["An", "ecosystem", "of", "virtual", "worlds"]);
    }
}
