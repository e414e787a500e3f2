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
    text.unicode_word_indices()
        .map(|(start, w)| {
            let trimmed = strip_possessive(w);
            Word {
                text: trimmed,
                start,
                end: start + trimmed.len(),
            }
        })
        .collect()
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
