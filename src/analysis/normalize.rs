//! Normalization of single words: case folding, English stop words and English stemming.

use rust_stemmers::{Algorithm, Stemmer};

/// Case-folds a word and unifies typographic apostrophes.
pub fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// English stop words: function words that carry no concept. The list is Snowball's English list
/// trimmed of words that matter in definitions' content ("not" stays out on purpose: search does
/// not need it, and the check reads words, not terms).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// True for an English stop word (the word must already be folded).
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// The English Snowball stemmer, applied to folded alphabetic words only: words with digits
/// ("3d", "5g") and abbreviations are kept as they are.
pub struct EnglishStemmer(Stemmer);

impl Default for EnglishStemmer {
    fn default() -> Self {
        EnglishStemmer(Stemmer::create(Algorithm::English))
    }
}

impl std::fmt::Debug for EnglishStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnglishStemmer")
    }
}

impl EnglishStemmer {
    /// The stem of a folded word.
    pub fn stem(&self, folded: &str) -> String {
        if folded.chars().all(|c| c.is_alphabetic() || c == '\'') {
            self.0.stem(folded).into_owned()
        } else {
            folded.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_word_list_is_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the"));
        assert!(!is_stop_word("world"));
    }

    #[test]
    fn inflections_share_a_stem() {
        let s = EnglishStemmer::default();
        assert_eq!(s.stem("immersive"), s.stem("immersion"));
        assert_eq!(s.stem("worlds"), s.stem("world"));
        assert_eq!(s.stem("persistent"), s.stem("persistence"));
        assert_eq!(s.stem("3d"), "3d");
    }

    #[test]
    fn folding_lowercases_unicode() {
        assert_eq!(fold("Ünïcode’S"), "ünïcode's");
    }
}
