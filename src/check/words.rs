//! The word-level view of text the rules share: where the words are and their normalized (folded,
//! stemmed) form, so "Virtual Worlds" and "virtual world" are the same term to every rule. A thin
//! adapter over the project's one text pipeline, [`crate::analysis::Analyzer`], so the check and
//! search agree on what a word is.

use crate::analysis::{Analyzer, Word};
use rustc_hash::FxHashMap;
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

    /// The words of `text`, exactly as [`Analyzer::words`] gives them, but cheaper on text that is
    /// mostly ASCII with a few other characters (dashes, curly quotes, accented names): the
    /// segmenter has a fast path for pure-ASCII input only, so the text is cut into ASCII and
    /// non-ASCII stretches at spaces that are word boundaries whatever the context (a space with
    /// ASCII on both sides, see [`split_point`]) and each stretch is segmented on its own.
    pub fn words<'a>(&self, text: &'a str) -> Vec<Word<'a>> {
        let mut out = Vec::with_capacity(text.len() / 5);
        let mut from = 0;
        for (start, end) in non_ascii_stretches(text) {
            ascii_words(text, from, start, &mut out);
            out.extend(
                self.analyzer
                    .words(&text[start..end])
                    .into_iter()
                    .map(|w| Word {
                        text: w.text,
                        start: w.start + start,
                        end: w.end + start,
                    }),
            );
            from = end;
        }
        ascii_words(text, from, text.len(), &mut out);
        out
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
        MEMO.with(|memo| {
            if let Some(n) = memo.borrow().get(word) {
                out.push_str(n);
                return;
            }
            // normalize_word is stem(fold(word)); for an ASCII word, folding is ASCII lower-casing.
            let n = if word.is_ascii() {
                self.analyzer.stem(&word.to_ascii_lowercase())
            } else {
                self.analyzer.normalize_word(word)
            };
            out.push_str(&n);
            let mut memo = memo.borrow_mut();
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(word.into(), n.into_boxed_str());
        })
    }

    /// Normalized forms of all the words of `text`, joined by single spaces.
    pub fn norm_phrase(&self, text: &str) -> String {
        self.analyzer
            .words(text)
            .into_iter()
            .map(|w| self.norm(w.text))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// True when byte `i` of `text` is a space that Unicode word segmentation (UAX #29) always
/// separates from what precedes it, with ASCII on both sides: nothing joins a character to a
/// following space except another space (WB3d), and nothing after the space looks back past it
/// (the look-behind rules WB7, WB11 and WB15/16 need a letter, digit, separator or regional
/// indicator there, and WB4 needs an Extend/Format/ZWJ character after it, never ASCII). Cutting
/// the text just before such a space therefore splits no word and changes no boundary; a run of
/// spaces may be cut, but spaces are never words.
fn split_point(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b' ' && i > 0 && bytes[i - 1] < 0x80 && i + 1 < bytes.len() && bytes[i + 1] < 0x80
}

/// The stretches of `text` (byte ranges, in order, not touching) that hold its non-ASCII
/// characters, each running from one split point (or the start) to the next (or the end).
fn non_ascii_stretches(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut q = 0;
    while let Some(off) = bytes[q..].iter().position(|&b| b >= 0x80) {
        let p = q + off;
        let mut a = p;
        while a > q && !split_point(bytes, a) {
            a -= 1;
        }
        let mut b = p + 1;
        while b < bytes.len() && !split_point(bytes, b) {
            b += 1;
        }
        match out.last_mut() {
            Some(last) if last.1 >= a => last.1 = b,
            _ => out.push((a, b)),
        }
        q = b;
    }
    out
}

/// The words of the ASCII stretch `text[from..to]`, appended to `out`: what the segmenter's
/// pure-ASCII path gives (unicode-segmentation's `AsciiWordBoundIter`, which that crate tests
/// against its Unicode path): a word is a run of letters, digits and '_' that also takes in a '.',
/// ',', ';' or '\'' between two digits and a '\'', '.' or ':' between two letters, and has a
/// letter or digit; a possessive "'s" is then left out as [`crate::analysis::segment::words`] does.
fn ascii_words<'a>(text: &'a str, from: usize, to: usize, out: &mut Vec<Word<'a>>) {
    let bytes = &text.as_bytes()[..to];
    let core = |b: u8| ASCII_CLASS[usize::from(b)] & CORE != 0;
    let mut i = from;
    while i < to {
        if !core(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = bytes[i] != b'_';
        i += 1;
        while i < to {
            let b = bytes[i];
            if core(b) {
                alnum |= b != b'_';
                i += 1;
                continue;
            }
            if i + 1 < to {
                let (prev, next) = (bytes[i - 1], bytes[i + 1]);
                let infix = match b {
                    b'.' | b',' | b';' | b'\''
                        if prev.is_ascii_digit() && next.is_ascii_digit() =>
                    {
                        true
                    }
                    b'\'' | b'.' | b':'
                        if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() =>
                    {
                        true
                    }
                    _ => false,
                };
                if infix {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        if alnum {
            let mut end = i;
            let w = &bytes[start..end];
            if w.len() > 2 && w[w.len() - 2] == b'\'' && matches!(w[w.len() - 1], b's' | b'S') {
                end -= 2;
            }
            out.push(Word {
                text: &text[start..end],
                start,
                end,
            });
        }
    }
}

/// [`ASCII_CLASS`] bit: an ASCII letter or digit.
pub(crate) const ALNUM: u8 = 1;
/// [`ASCII_CLASS`] bit: an ASCII capital letter.
pub(crate) const UPPER: u8 = 2;
/// [`ASCII_CLASS`] bit: a letter, digit or '_' (the core of a word for the segmenter).
const CORE: u8 = 4;

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
        if b.is_ascii_alphanumeric() || b == b'_' {
            t[i] |= CORE;
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
    fn words_cut_at_ascii_spaces_are_the_analyzers_words() {
        let w = Words::default();
        let mut samples: Vec<String> = [
            "Un ambiente «virtuale» – 3D, real-time",
            "the user’s avatar and the users’ avatars; ‘quoted’ text – a dash",
            "é e\u{301} \u{301}x a \u{200d}b 🇫🇷🇩🇪 x 👩\u{200d}💻 y",
            "メタバースとは 仮想空間 of 3.5 e.g. a:b 1,000 don’t",
            "  – ’s ’  x’s  ",
            "a.’ b ’.c d’e 3’4 x\u{a0}y z\u{2009}w",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random text over an alphabet of word characters, separators and non-ASCII marks.
        let alphabet: Vec<char> = "aZ9 _.,:;'’-–—«»\"é\u{301}\u{200d}\u{a0}日本🇫🇷x \n\t"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let len = (seed >> 58) as usize + 1;
            let mut s = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            samples.push(s);
        }
        for s in &samples {
            assert_eq!(w.words(s), w.analyzer().words(s), "{s:?}");
        }
    }

    #[test]
    fn words_skip_punctuation() {
        let w = Words::default();
        let t = "An ecosystem, of (virtual) worlds.";
        let words: Vec<_> = w.ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(words, vec!["An", "ecosystem", "of", "virtual", "worlds"]);
    }
}
