//! The one text pipeline. Search (as the tantivy tokenizer), compare, clusters and check all call
//! it, so they agree on what a word and a term are.
//!
//! For English text: Unicode words with byte offsets → registry abbreviations recognised as
//! written → case folding → English stemming → orthographic equivalences ("3-D" = "3D") and
//! abbreviation/expansion equivalences from the corpus → English stop words dropped (their
//! positions are kept as gaps, so phrase queries stay exact). For other languages only words and
//! case folding apply: Japanese and Italian text is found by its own words.

pub mod codes;
pub mod equivalence;
pub mod normalize;
pub mod phrases;
pub mod segment;
pub mod tokenizer;

pub use segment::Word;

use crate::corpus::Corpus;
use equivalence::{Effect, ORTHOGRAPHIC, Rule, RuleSet};
use normalize::EnglishStemmer;
use std::borrow::Cow;
use std::sync::Arc;

/// What produced a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenKind {
    /// An ordinary word (stemmed in English).
    Word,
    /// A canonical orthographic form that replaced its words ("3d" for "three-dimensional").
    Variant,
    /// A registry abbreviation, as written or stacked on its expansion.
    Abbreviation,
}

/// One term of an analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized term (a stem, a canonical variant, or an abbreviation token).
    pub term: String,
    /// Byte offset of the first word it covers.
    pub start: usize,
    /// Byte offset past the last word it covers.
    pub end: usize,
    /// Word position (stop words keep their positions, so gaps show where they were).
    pub position: usize,
    /// Number of positions the token spans (more than 1 for a stacked abbreviation).
    pub span: usize,
    /// What produced it.
    pub kind: TokenKind,
}

/// The text pipeline, configured with the registry's abbreviations. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    stemmer: EnglishStemmer,
    /// Abbreviations as written (case-sensitive surface words) → abbreviation token.
    surface: RuleSet,
    /// Normalized word sequences: orthographic variants and abbreviation expansions.
    normalized: RuleSet,
}

/// Languages whose text gets English stemming and stop words.
pub fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::with_abbreviations(std::iter::empty::<(&str, &str)>())
    }
}

impl Analyzer {
    /// The pipeline with the corpus's abbreviations: `abbreviations.toml` and every entry's
    /// `abbreviation` with its term.
    pub fn new(corpus: &Corpus) -> Analyzer {
        Analyzer::with_abbreviations(corpus.abbreviation_pairs())
    }

    /// The pipeline with the given (abbreviation, expansion) pairs.
    pub fn with_abbreviations<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Analyzer {
        let stemmer = EnglishStemmer::default();
        let mut surface = RuleSet::default();
        let mut normalized = RuleSet::default();
        for (words, token) in ORTHOGRAPHIC {
            normalized.add(Rule {
                words: words.iter().map(|w| w.to_string()).collect(),
                token: token.to_string(),
                effect: Effect::Replace,
                tight: true,
            });
        }
        for (abbreviation, expansion) in pairs {
            let token = equivalence::abbreviation_token(abbreviation);
            if token.is_empty() {
                continue;
            }
            let written: Vec<String> = segment::words(abbreviation)
                .iter()
                .map(|w| w.text.to_string())
                .collect();
            // An abbreviation that is an ordinary lower-case word ("ar") would turn that word
            // into an abbreviation; only forms with a capital or a digit are recognised as written.
            if !written.is_empty()
                && abbreviation
                    .chars()
                    .any(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                // The plural of a one-word abbreviation ending in a capital ("HMDs", "XRs",
                // "DoFs") is the abbreviation too.
                if let [word] = written.as_slice()
                    && let Some(plural) = equivalence::abbreviation_plural(word)
                {
                    surface.add(Rule {
                        words: vec![plural],
                        token: token.clone(),
                        effect: Effect::Replace,
                        tight: true,
                    });
                }
                surface.add(Rule {
                    words: written,
                    token: token.clone(),
                    effect: Effect::Replace,
                    tight: true,
                });
            }
            if equivalence::is_matchable_expansion(expansion) {
                let words: Vec<String> = segment::words(expansion)
                    .iter()
                    .map(|w| stemmer.stem(&normalize::fold(w.text)))
                    .collect();
                if words.len() > 1 {
                    normalized.add(Rule {
                        words,
                        token,
                        effect: Effect::Stack,
                        tight: false,
                    });
                }
            }
        }
        Analyzer {
            inner: Arc::new(Inner {
                stemmer,
                surface,
                normalized,
            }),
        }
    }

    /// The Unicode words of a text with byte offsets.
    pub fn words<'a>(&self, text: &'a str) -> Vec<Word<'a>> {
        segment::words(text)
    }

    /// Case folding of one word.
    pub fn fold(&self, word: &str) -> String {
        normalize::fold(word)
    }

    /// English stem of a folded word.
    pub fn stem(&self, folded: &str) -> String {
        self.inner.stemmer.stem(folded)
    }

    /// [`Analyzer::stem`] without the thread's stem memo, for callers that remember stems
    /// themselves (a look-up and a copy saved per new word).
    pub fn stem_unremembered<'w>(&self, folded: &'w str) -> Cow<'w, str> {
        self.inner.stemmer.stem_unremembered(folded)
    }

    /// The normalized form of a single word in English text (folded and stemmed).
    pub fn normalize_word(&self, word: &str) -> String {
        self.stem(&self.fold(word))
    }

    /// True for an English stop word.
    pub fn is_stop_word(&self, word: &str) -> bool {
        normalize::is_stop_word(&self.fold(word))
    }

    /// True when `word` is written as a registry abbreviation ("XR", "IoT", "3DoF").
    pub fn is_registry_abbreviation(&self, word: &str) -> bool {
        self.inner
            .surface
            .starting_with(word)
            .iter()
            .any(|r| r.words.len() == 1)
    }

    /// Number of equivalence rules in force (orthographic + abbreviation).
    pub fn rule_count(&self) -> usize {
        self.inner.surface.len() + self.inner.normalized.len()
    }

    /// The full pipeline: the terms of `text` in language `lang`.
    pub fn terms(&self, text: &str, lang: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.for_each_term(text, lang, |t| tokens.push(t.to_token()));
        tokens
    }

    /// [`Analyzer::terms`] without building them: each term is handed to `visit` borrowed, in
    /// order. Indexing and highlighting go through here, so they copy nothing per word (the
    /// copies and their allocations were a fifth of the cost of both).
    pub fn for_each_term(&self, text: &str, lang: &str, mut visit: impl FnMut(TermRef<'_>)) {
        if !is_english(lang) {
            for (position, (term, w)) in self.neutral_words(text).enumerate() {
                visit(TermRef::of(&term, &w, &w, position, 1, TokenKind::Word));
            }
            return;
        }
        let words = segment::words(text);
        let folded: Vec<Cow<'_, str>> = words.iter().map(|w| normalize::fold_cow(w.text)).collect();
        // Every stem in one buffer, sliced per word.
        let mut buffer = String::with_capacity(text.len());
        let mut ends = Vec::with_capacity(words.len());
        for f in &folded {
            self.inner.stemmer.stem_into(f, &mut buffer);
            ends.push(buffer.len());
        }
        let mut start = 0;
        let normalized: Vec<&str> = ends
            .iter()
            .map(|&end| {
                let stem = &buffer[start..end];
                start = end;
                stem
            })
            .collect();
        let surface: Vec<&str> = words.iter().map(|w| w.text).collect();
        let mut position = 0;
        let mut i = 0;
        while i < words.len() {
            if let Some((rule, n)) = self.find(&self.inner.surface, &surface, text, &words, i) {
                let (first, last) = (&words[i], &words[i + n - 1]);
                visit(TermRef::of(
                    &rule.token,
                    first,
                    last,
                    position,
                    1,
                    TokenKind::Abbreviation,
                ));
                position += 1;
                i += n;
                continue;
            }
            if let Some((rule, n)) = self.find(&self.inner.normalized, &normalized, text, &words, i)
            {
                let (first, last) = (&words[i], &words[i + n - 1]);
                match rule.effect {
                    Effect::Replace => {
                        visit(TermRef::of(
                            &rule.token,
                            first,
                            last,
                            position,
                            1,
                            TokenKind::Variant,
                        ));
                        position += 1;
                        i += n;
                        continue;
                    }
                    Effect::Stack => {
                        let kind = TokenKind::Abbreviation;
                        visit(TermRef::of(&rule.token, first, last, position, n, kind));
                    }
                }
            }
            if !normalize::is_stop_word(&folded[i]) {
                let w = &words[i];
                visit(TermRef::of(
                    normalized[i],
                    w,
                    w,
                    position,
                    1,
                    TokenKind::Word,
                ));
            }
            position += 1;
            i += 1;
        }
    }

    /// The language-neutral pipeline without building tokens: each word of `text` with its
    /// folded form (borrowed when the word is already folded). [`Analyzer::terms`] for a
    /// language other than English is exactly these, numbered.
    pub fn neutral_words<'a>(
        &self,
        text: &'a str,
    ) -> impl Iterator<Item = (Cow<'a, str>, Word<'a>)> + 'a {
        segment::words(text)
            .into_iter()
            .map(|w| (normalize::fold_cow(w.text), w))
    }

    /// The longest rule of `rules` matching the words starting at `i`; `forms` holds the form
    /// of each word the rules are written in (as written, or stemmed).
    fn find<'r>(
        &self,
        rules: &'r RuleSet,
        forms: &[&str],
        text: &str,
        words: &[Word<'_>],
        i: usize,
    ) -> Option<(&'r Rule, usize)> {
        rules.starting_with(forms[i]).iter().find_map(|rule| {
            let n = rule.words.len();
            if i + n > forms.len() || !rule.words.iter().zip(&forms[i..i + n]).all(|(a, b)| a == b)
            {
                return None;
            }
            let joined = words[i..i + n].windows(2).all(|pair| {
                let gap = segment::gap(text, &pair[0], &pair[1]);
                if rule.tight {
                    gap == "-" || gap == "‑" || gap.chars().all(|c| c == ' ')
                } else {
                    gap.chars()
                        .all(|c| c.is_whitespace() || c == '-' || c == '‑')
                }
            });
            joined.then_some((rule, n))
        })
    }
}

/// One term of an analysed text, borrowed for the time of a [`Analyzer::for_each_term`] visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef<'a> {
    /// The normalized term.
    pub term: &'a str,
    /// Byte offset of the first word it covers.
    pub start: usize,
    /// Byte offset past the last word it covers.
    pub end: usize,
    /// Word position.
    pub position: usize,
    /// Number of positions the term spans.
    pub span: usize,
    /// What produced it.
    pub kind: TokenKind,
}

impl<'a> TermRef<'a> {
    fn of(
        term: &'a str,
        first: &Word<'_>,
        last: &Word<'_>,
        position: usize,
        span: usize,
        kind: TokenKind,
    ) -> Self {
        TermRef {
            term,
            start: first.start,
            end: last.end,
            position,
            span,
            kind,
        }
    }

    /// The owned [`Token`].
    pub fn to_token(&self) -> Token {
        Token {
            term: self.term.to_string(),
            start: self.start,
            end: self.end,
            position: self.position,
            span: self.span,
            kind: self.kind,
        }
    }
}

#[cfg(test)]
mod tests;
