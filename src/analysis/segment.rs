//! Word segmentation: Unicode words (UAX #29, via unicode-segmentation) with their byte offsets.

use unicode_segmentation::UnicodeSegmentation;

/// One word of a text, as written, with its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Word<'_> {
    /// True when the word contains a decimal digit ("3D", "5G", "2023").
    pub fn has_digit(&self) -> bool {
        self.text.chars().any(|c| c.is_ascii_digit())
    }
}

/// The Unicode words of `text` in order. An English possessive ending ("user's", "users'") is left
/// out of the word, so "user's" and "user" are the same word.
pub fn words(text: &str) -> Vec<Word<'_>> {
    fn word(offset: usize) -> impl Fn((usize, &str)) -> Word<'_> {
        move |(start, w)| {
            let trimmed = strip_possessive(w);
            Word {
                text: trimmed,
                start: offset + start,
                end: offset + start + trimmed.len(),
            }
        }
    }
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    // UAX #29 always breaks around a space whose next character is ASCII (no rule joins across
    // it: only WB3d joins spaces, only WB4 attaches what follows), so a text can be cut at such
    // spaces into pieces segmented on their own. Only the pieces around non-ASCII characters
    // need the Unicode tables; the ASCII stretches between them take the fast path whole.
    let bytes = text.as_bytes();
    let safe = |i: usize| bytes[i] == b' ' && bytes.get(i + 1).is_none_or(u8::is_ascii);
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|b| !b.is_ascii()) {
        let first = from + offset;
        let start = (from..first)
            .rev()
            .find(|&i| safe(i))
            .map_or(from, |i| i + 1);
        let end = (first + 1..bytes.len())
            .find(|&i| safe(i))
            .unwrap_or(bytes.len());
        out.extend(ascii_word_indices(&text[from..start]).map(word(from)));
        out.extend(text[start..end].unicode_word_indices().map(word(start)));
        from = (end + 1).min(bytes.len());
    }
    out.extend(ascii_word_indices(&text[from..]).map(word(from)));
    out
}

/// `unicode_word_indices` for ASCII text (nearly every text of the corpus), without its
/// per-character table lookups: segmentation was a tenth of the cost of indexing. In ASCII the
/// UAX #29 rules come down to: letters, digits and `_` never break between them (WB5, WB8–10,
/// WB13a/b); `:` joins two letters (WB6/7); `,` and `;` join two digits (WB11/12); `.` and `'`
/// join two letters or two digits. A word is a segment with a letter or digit in it. The test
/// below checks this against unicode-segmentation on random ASCII text.
fn ascii_word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while i < b.len() && !is_word_byte(b[i]) {
                i += 1;
            }
            if i == b.len() {
                return None;
            }
            let start = i;
            let mut alphanumeric = false;
            loop {
                while i < b.len() && WORD_BYTE[usize::from(b[i])] != 0 {
                    alphanumeric |= WORD_BYTE[usize::from(b[i])] == ALNUM;
                    i += 1;
                }
                if i + 1 < b.len() && joins(b[i - 1], b[i], b[i + 1]) {
                    i += 1;
                    continue;
                }
                break;
            }
            if alphanumeric {
                return Some((start, &text[start..i]));
            }
        }
    })
}

fn is_word_byte(b: u8) -> bool {
    WORD_BYTE[usize::from(b)] != 0
}

/// [`WORD_BYTE`] of an ASCII letter or digit.
const ALNUM: u8 = 1;

/// Of every byte value: [`ALNUM`] for an ASCII letter or digit, 2 for `_`, 0 for the others;
/// one table read a byte in the segmenter's inner loop.
static WORD_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        if (i as u8).is_ascii_alphanumeric() {
            t[i] = ALNUM;
        }
        i += 1;
    }
    t[b'_' as usize] = 2;
    t
};

/// Whether the punctuation `mid` between `before` and `after` keeps them in one word.
fn joins(before: u8, mid: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    match mid {
        b':' => letters,
        b',' | b';' => digits,
        b'.' | b'\'' => letters || digits,
        _ => false,
    }
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    w
}

/// The text between two words: used to tell "3-D" (joined by a hyphen) from "3, D".
pub fn gap<'a>(text: &'a str, before: &Word<'_>, after: &Word<'_>) -> &'a str {
    &text[before.end..after.start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_byte_offsets_in_non_ascii_text() {
        let text = "Un ambiente «virtuale» – 3D, real-time";
        let found: Vec<_> = words(text)
            .iter()
            .map(|w| (w.text, w.start, w.end))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Un", 0, 2),
                ("ambiente", 3, 11),
                ("virtuale", 14, 22),
                ("3D", 29, 31),
                ("real", 33, 37),
                ("time", 38, 42)
            ]
        );
        for (w, s, e) in found {
            assert_eq!(&text[s..e], w);
        }
    }

    #[test]
    fn text_is_split_exactly_as_unicode_segmentation_splits_it() {
        // SplitMix64, so the cases are the same on every run.
        let mut state = 0x5EED_u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let alphabet = b"aZk09_.':,;- \"\n\r\t!?()/&x1";
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect();
            let fast: Vec<_> = ascii_word_indices(&text).collect();
            let reference: Vec<_> = text.unicode_word_indices().collect();
            assert_eq!(fast, reference, "{text:?}");
        }
        // Mixed text: ASCII with typographic punctuation, accents (precomposed and combining),
        // other scripts, no-break and ideographic spaces, joiners and flags.
        let pieces = [
            "a", "Z", "9", "_", ".", "'", ":", ",", " ", " ", "-", "\n", "é", "e\u{301}",
            "\u{301}", "–", "’", "«", "»", "\u{a0}", "\u{3000}", "日本", "メタ", "\u{200d}", "👍",
            "🇮🇹", "\u{ad}", "x", "3", "ü", "\u{fe0f}",
        ];
        for _ in 0..20_000 {
            let len = (next() % 16) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let fast: Vec<_> = words(&text).iter().map(|w| (w.start, w.text)).collect();
            let reference: Vec<_> = text
                .unicode_word_indices()
                .map(|(i, w)| (i, strip_possessive(w)))
                .collect();
            assert_eq!(fast, reference, "{text:?}");
        }
        for text in [
            "Un ambiente «virtuale» – 3D, real-time",
            "the user’s avatar and the users’ avatars; ‘quoted’ text – a dash",
            "é e\u{301} \u{301}x a \u{200d}b 🇫🇷🇩🇪 x 👩\u{200d}💻 y",
            "メタバースとは 仮想空間 of 3.5 e.g. a:b 1,000 don’t",
            "  – ’s ’  x’s  ",
            "a.’ b ’.c d’e 3’4 x\u{a0}y z\u{2009}w é",
        ] {
            let fast: Vec<_> = words(text).iter().map(|w| (w.start, w.text)).collect();
            let reference: Vec<_> = text
                .unicode_word_indices()
                .map(|(i, w)| (i, strip_possessive(w)))
                .collect();
            assert_eq!(fast, reference, "{text:?}");
        }
        let text = "e.g. 3.5D, 1,000.5 can't a:b a1.b __ _a x.y.z 'q' 9;9";
        let fast: Vec<_> = ascii_word_indices(text).collect();
        assert_eq!(fast, text.unicode_word_indices().collect::<Vec<_>>());
    }

    #[test]
    fn possessives_are_not_part_of_the_word() {
        let found: Vec<_> = words("the user's avatar").iter().map(|w| w.text).collect();
        assert_eq!(found, vec!["the", "user", "avatar"]);
    }

    #[test]
    fn japanese_text_is_split_into_unicode_words() {
        let text = "メタバースとは仮想空間";
        let found = words(text);
        assert_eq!(found[0].text, "メタバース");
        assert!(found.iter().all(|w| &text[w.start..w.end] == w.text));
        assert!(found.len() > 2);
    }
}
