//! Deterministic synthetic corpora generated from the real one, for measuring at scale.
//!
//! Every synthetic entry takes a real entry as its template (collection, kind, year, status,
//! source, language, and usually its term and abbreviation); English definitions and notes are
//! new text, walked through a word-bigram chain of the real English definitions and notes, so
//! the words, their frequencies and their neighbours are those of the real vocabulary. Non-English
//! templates keep their own text (the same share of Japanese and Italian as the real corpus).
//! The same seed gives the same corpus, byte for byte, on every machine: the random numbers come
//! from SplitMix64 and every table is built in corpus order.

use mvterms::corpus::Corpus;
use mvterms::model::Entry;
use std::collections::HashMap;

/// SplitMix64: small, fast, and the same everywhere (no dependency whose output may change).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Word bigrams of the real English texts (whitespace-separated words, punctuation kept, so
/// sentences end where real ones do).
struct Chain {
    words: Vec<String>,
    /// Successors of each word, with repetitions (sampling one is sampling by frequency).
    next: Vec<Vec<u32>>,
    /// Words that start a real text.
    starts: Vec<u32>,
}

impl Chain {
    fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Chain {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut chain = Chain {
            words: Vec::new(),
            next: Vec::new(),
            starts: Vec::new(),
        };
        for text in texts {
            let mut previous: Option<u32> = None;
            for word in text.split_whitespace() {
                let id = *ids.entry(word).or_insert_with(|| {
                    chain.words.push(word.to_string());
                    chain.next.push(Vec::new());
                    (chain.words.len() - 1) as u32
                });
                match previous {
                    Some(p) => chain.next[p as usize].push(id),
                    None => chain.starts.push(id),
                }
                previous = Some(id);
            }
        }
        chain
    }

    /// About `length` words of text, ending at the end of a sentence when one comes soon.
    fn walk(&self, rng: &mut Rng, length: usize) -> String {
        let mut out = String::new();
        let mut word = self.starts[rng.below(self.starts.len())];
        let mut count = 0;
        loop {
            if !out.is_empty() {
                out.push(' ');
            }
            let text = &self.words[word as usize];
            out.push_str(text);
            count += 1;
            let ends_sentence = text.ends_with('.');
            if count >= length && (ends_sentence || count >= length + 30) {
                if !ends_sentence {
                    out.push('.');
                }
                return out;
            }
            let next = &self.next[word as usize];
            word = if next.is_empty() {
                self.starts[rng.below(self.starts.len())]
            } else {
                next[rng.below(next.len())]
            };
        }
    }

    /// A random plain word of four letters or more, lower-cased (a modifier for a term).
    fn plain_word(&self, rng: &mut Rng) -> String {
        loop {
            let word = &self.words[rng.below(self.words.len())];
            if word.len() >= 4 && word.chars().all(|c| c.is_ascii_alphabetic()) {
                return word.to_lowercase();
            }
        }
    }
}

/// The generator: templates and the chain, built once from the real corpus.
pub struct Generator {
    templates: Vec<Entry>,
    chain: Chain,
    /// Word counts of real English definitions (sampled for the length of a new one).
    lengths: Vec<usize>,
    /// Share of real English entries that have notes.
    notes_share: f64,
}

impl Generator {
    pub fn new(real: &Corpus) -> Generator {
        let templates = real.entries().to_vec();
        let english: Vec<&Entry> = templates.iter().filter(|e| e.is_english()).collect();
        let chain = Chain::new(english.iter().flat_map(|e| {
            std::iter::once(e.definition.as_str()).chain(e.notes.iter().map(String::as_str))
        }));
        let lengths = english
            .iter()
            .map(|e| e.definition.split_whitespace().count().max(5))
            .collect();
        let notes_share =
            english.iter().filter(|e| !e.notes.is_empty()).count() as f64 / english.len() as f64;
        Generator {
            templates,
            chain,
            lengths,
            notes_share,
        }
    }

    /// Entry number `i` of the stream drawn from `rng`.
    pub fn entry(&self, rng: &mut Rng, i: usize) -> Entry {
        let template = &self.templates[rng.below(self.templates.len())];
        let mut entry = Entry {
            id: format!("syn-{i:07}"),
            flags: Vec::new(),
            ..template.clone()
        };
        if template.is_english() {
            let length = self.lengths[rng.below(self.lengths.len())];
            entry.definition = self.chain.walk(rng, length);
            entry.notes = if rng.chance(self.notes_share) {
                vec![format!("NOTE – {}", self.chain.walk(rng, 20))]
            } else {
                Vec::new()
            };
            // Three in ten terms are new compounds ("immersive avatar"), so the term field is not
            // only the few hundred real designations repeated.
            if rng.chance(0.3) {
                entry.term = format!("{} {}", self.chain.plain_word(rng), template.term);
                entry.abbreviation = None;
            }
        }
        entry
    }
}
