//! Normalization of single words: case folding, English stop words and English stemming.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Case-folds a word and unifies typographic apostrophes.
pub fn fold(word: &str) -> String {
    fold_cow(word).into_owned()
}

/// [`fold`] without a copy when the word is already folded (lower-case ASCII, the common case
/// in running text): the pipeline folds every word of every text it indexes or highlights.
pub fn fold_cow(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == '’' { '\'' } else { c })
            .collect(),
    )
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
    // Asked once per word of every English text: a hash lookup costs a fraction of the seven
    // string comparisons of a binary search over the list.
    static SET: LazyLock<foldhash::HashSet<&'static str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    folded.len() <= LONGEST_STOP_WORD && SET.contains(folded)
}

/// Bytes in the longest stop word ("yourselves").
const LONGEST_STOP_WORD: usize = 10;

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

/// Most stems remembered per thread before the memo starts afresh (about 1.5 MB at most; the
/// real corpus has about 5 000 distinct words).
const STEM_MEMO_LIMIT: usize = 1 << 14;

thread_local! {
    /// Stems already computed on this thread, by folded word. Snowball is a pure function of the
    /// word, and running text repeats its words (and highlighting re-reads the same definitions),
    /// so a lookup replaces most stemmer runs; it was a fifth of the cost of a search.
    /// Thread-local, so indexing threads and request threads never wait on each other.
    static STEMS: RefCell<foldhash::HashMap<Box<str>, Box<str>>> = RefCell::default();
}

/// Whether the stemmer applies to a folded word: letters (and apostrophes) only.
fn is_stemmed(folded: &str) -> bool {
    folded.chars().all(|c| c.is_alphabetic() || c == '\'')
}

impl EnglishStemmer {
    /// The stem of a folded word.
    pub fn stem(&self, folded: &str) -> String {
        let mut out = String::new();
        self.stem_into(folded, &mut out);
        out
    }

    /// The stem of a folded word, computed (not looked up): the word itself when it is not
    /// alphabetic.
    pub fn stem_unremembered<'w>(&self, folded: &'w str) -> Cow<'w, str> {
        if !is_stemmed(folded) {
            return Cow::Borrowed(folded);
        }
        self.0.stem(folded)
    }

    /// Appends the stem of a folded word to `out`.
    pub fn stem_into(&self, folded: &str, out: &mut String) {
        if !is_stemmed(folded) {
            out.push_str(folded);
            return;
        }
        STEMS.with(|memo| {
            let mut memo = memo.borrow_mut();
            if let Some(stem) = memo.get(folded) {
                out.push_str(stem);
                return;
            }
            let stem = self.0.stem(folded);
            out.push_str(&stem);
            if memo.len() >= STEM_MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(folded.into(), stem.as_ref().into());
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_word_list_is_sorted_and_every_word_is_one() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
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
        assert_eq!(fold("world"), "world");
        assert!(matches!(fold_cow("world"), Cow::Borrowed(_)));
        assert_eq!(fold_cow("World"), "world");
    }

    #[test]
    fn a_remembered_stem_is_the_stem() {
        let s = EnglishStemmer::default();
        for _ in 0..2 {
            assert_eq!(s.stem("environments"), "environ");
            assert_eq!(s.stem("generalizations"), "general");
        }
    }
}
