//! The word-level view of text the rules share: where the words are and their normalized (folded,
//! stemmed) form, so "Virtual Worlds" and "virtual world" are the same term to every rule. A thin
//! adapter over the project's one text pipeline, [`crate::analysis::Analyzer`], so the check and
//! search agree on what a word is.

use crate::analysis::{Analyzer, Word};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

/// Most words of a draft repeat; stemming each once per thread saves most of the rules' time.
/// (The stem of a word depends only on the word: the pipeline's stemmer is always English.)
const MEMO_LIMIT: usize = 200_000;

thread_local! {
    static MEMO: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::new(FxHashMap::default());
}

/// Word segmentation and normalization, as the analysis pipeline does them.
#[derive(Debug, Clone, Default)]
pub struct Words {
    analyzer: Analyzer,
}

impl Words {
    /// The adapter over `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        Words { analyzer }
    }

    /// The analyzer underneath.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The words of `text`, as [`Analyzer::words`] gives them.
    pub fn words<'a>(&self, text: &'a str) -> Vec<Word<'a>> {
        self.analyzer.words(text)
    }

    /// Byte ranges of the words of `text` (Unicode word boundaries; punctuation is not a word).
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.analyzer
            .words(text)
            .into_iter()
            .map(|w| w.start..w.end)
            .collect()
    }

    /// Case-folded form of a word.
    pub fn fold(&self, word: &str) -> String {
        self.analyzer.fold(word)
    }

    /// Normalized form of a word: folded and stemmed.
    pub fn norm(&self, word: &str) -> String {
        let mut out = String::new();
        self.push_norm(word, &mut out);
        out
    }

    /// Appends the normalized form of a word to `out` (no allocation when the word was seen).
    pub fn push_norm(&self, word: &str, out: &mut String) {
        MEMO.with(|memo| self.push_norm_in(&mut memo.borrow_mut(), word, out));
    }

    /// Appends the normalized form of each word to `norm`, each followed by a space, and where
    /// each starts to `starts`; the memo is looked up once for all of them, not once a word.
    pub fn push_norms(&self, words: &[Word<'_>], norm: &mut String, starts: &mut Vec<usize>) {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            for w in words {
                starts.push(norm.len());
                self.push_norm_in(&mut memo, w.text, norm);
                norm.push(' ');
            }
        });
    }

    fn push_norm_in(&self, memo: &mut FxHashMap<Box<str>, Box<str>>, word: &str, out: &mut String) {
        if let Some(n) = memo.get(word) {
            out.push_str(n);
            return;
        }
        // normalize_word is stem(fold(word)); for an ASCII word, folding is ASCII lower-casing,
        // and the stem is computed directly (this memo remembers it: not the stemmer's too).
        let n: Box<str> = if word.is_ascii() {
            let folded = word.to_ascii_lowercase();
            match self.analyzer.stem_unremembered(&folded) {
                Cow::Borrowed(stem) => stem.into(),
                Cow::Owned(stem) => stem.into_boxed_str(),
            }
        } else {
            self.analyzer.normalize_word(word).into_boxed_str()
        };
        out.push_str(&n);
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(word.into(), n);
    }

    /// Normalized forms of all the words of `text`, joined by single spaces.
    pub fn norm_phrase(&self, text: &str) -> String {
        // Into one string, with one memo look-up for the whole phrase: not a string per word
        // and a join (a term or paragraph of a million words made that millions of allocations).
        let words = self.analyzer.words(text);
        let mut out = String::with_capacity(text.len());
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                self.push_norm_in(&mut memo, w.text, &mut out);
            }
        });
        out
    }
}

/// [`ASCII_CLASS`] bit: an ASCII letter or digit.
pub(crate) const ALNUM: u8 = 1;
/// [`ASCII_CLASS`] bit: an ASCII capital letter.
pub(crate) const UPPER: u8 = 2;

/// Class bits of every byte value (0 for bytes of non-ASCII characters), so that the scanners'
/// inner loops test a byte with one table read.
pub(crate) static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] |= ALNUM;
        }
        if b.is_ascii_uppercase() {
            t[i] |= UPPER;
        }
        i += 1;
    }
    t
};

/// Whether the character at byte `i` of `s` (a char boundary) is alphanumeric, and its length in
/// bytes: `char::is_alphanumeric`, with ASCII answered without decoding.
#[inline(always)]
pub(crate) fn alnum_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (ASCII_CLASS[usize::from(b)] & ALNUM != 0, 1)
    } else {
        alnum_at_non_ascii(s, i)
    }
}

#[inline(never)]
fn alnum_at_non_ascii(s: &str, i: usize) -> (bool, usize) {
    let c = s[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_case_normalize_to_the_same_form() {
        let w = Words::default();
        assert_eq!(
            w.norm_phrase("Virtual Worlds"),
            w.norm_phrase("virtual world")
        );
        assert_eq!(w.norm_phrase("real-time"), w.norm_phrase("real time"));
        assert_eq!(w.norm_phrase("user's"), w.norm_phrase("users"));
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
