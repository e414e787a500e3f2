//! The general-English background the keyness of a word is measured against: how often each
//! word form is used in English at large, per billion words.
//!
//! The table `data/background/english-frequency.tsv` (the 30 000 most frequent English words of
//! the `wordfreq` package, CC BY-SA 4.0; made by `data/background/make_english_frequency.py`)
//! is compiled into the binary, so the measure needs no file at run time. Its words are read
//! with the registry's pipeline (folded, stemmed) and summed by form ([`super::forms`]).

use super::forms::form_key;
use crate::analysis::normalize::{EnglishStemmer, fold};
use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/background/english-frequency.tsv");

/// Frequencies per billion words, by form key and by stem.
#[derive(Debug, Default)]
pub struct Background {
    forms: HashMap<String, f64>,
    stems: HashMap<String, f64>,
    /// Frequency of the rarest word listed: a word not in the table is rarer than that.
    floor: f64,
}

static ENGLISH: LazyLock<Background> = LazyLock::new(|| Background::parse(TABLE));

impl Background {
    /// The compiled-in general-English table.
    pub fn english() -> &'static Background {
        &ENGLISH
    }

    /// Reads `word<TAB>per-billion` lines (`#` lines are comments).
    pub fn parse(table: &str) -> Background {
        let stemmer = EnglishStemmer::default();
        let mut out = Background::default();
        let mut floor = f64::MAX;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, freq)) = line.split_once('\t') else {
                continue;
            };
            let Ok(freq) = freq.trim().parse::<f64>() else {
                continue;
            };
            let folded = fold(word);
            let stem = stemmer.stem(&folded);
            *out.forms.entry(form_key(&stem, &folded)).or_default() += freq;
            *out.stems.entry(stem).or_default() += freq;
            floor = floor.min(freq);
        }
        out.floor = if floor == f64::MAX { 1.0 } else { floor };
        out
    }

    /// Per-billion frequency of a form key (a word's stem, or `stem~ending`); half the rarest
    /// listed frequency for a form the table does not have.
    pub fn per_billion(&self, form: &str) -> f64 {
        self.forms.get(form).copied().unwrap_or(self.floor / 2.0)
    }

    /// Per-billion frequency of every form of a stem.
    pub fn stem_per_billion(&self, stem: &str) -> f64 {
        self.stems.get(stem).copied().unwrap_or(self.floor / 2.0)
    }

    /// Number of forms listed.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_table_is_there_and_sums_forms() {
        let b = Background::english();
        assert!(b.len() > 10_000, "{}", b.len());
        // "the" is the most frequent English word; "users" and "user" are one form.
        assert!(b.per_billion("the") > 10_000_000.0);
        assert!(b.per_billion("user") > b.per_billion("immers~ive"));
        assert!(b.per_billion("zzzzunlisted") < 1000.0);
    }
}
