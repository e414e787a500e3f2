//! Lemma-level forms of a stem: what the Snowball stemmer merged, taken apart again.
//!
//! The stemmer gives "like" and "likely", "collective" and "collection", "universe" and
//! "universal", "generated" and "generation" one stem each. A characteristic is a concept, so
//! the clusters look at the *form* of a word: its stem plus the derivational ending the
//! stemmer took off, with inflection ("-s", "-ed", "-ing") ignored. "collections" and
//! "collection" are one form, "collective" another; "immersive" and "immersion" are two forms
//! of one stem that join again when both are characteristics (see `grouping`).

/// The derivational ending of a folded word over its stem, inflection removed: "" for the base
/// form ("users", "generated", "universes"), otherwise the ending ("ive", "ion", "al", "ly").
pub fn form_class(folded: &str, stem: &str) -> String {
    let common = folded
        .char_indices()
        .zip(stem.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8());
    let mut rest = folded[common..].to_string();
    if let Some(r) = rest.strip_suffix("ies") {
        rest = format!("{r}y");
    } else if rest.ends_with('s')
        && !rest.ends_with("ss")
        && !rest.ends_with("us")
        && !rest.ends_with("is")
    {
        rest.pop();
    }
    // Inflection of the ending itself: "integrating", "integrated", "integrates" and
    // "integrate" are one form; "integration" is another.
    for inflection in ["ing", "ied", "ed", "ie", "e", "d", "y", "i"] {
        if let Some(r) = rest.strip_suffix(inflection) {
            rest = r.to_string();
            break;
        }
    }
    rest
}

/// The key of a single word as the clusters count it: its stem, with the derivational ending
/// after a `~` when it has one ("immers~ive", "collect~ion"; "user" for "users").
pub fn form_key(stem: &str, folded: &str) -> String {
    if !folded.chars().all(char::is_alphabetic) {
        return stem.to_string();
    }
    let class = form_class(folded, stem);
    if class.is_empty() {
        stem.to_string()
    } else {
        format!("{stem}~{class}")
    }
}

/// The stem of a form key.
pub fn stem_of(key: &str) -> &str {
    key.split_once('~').map_or(key, |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::EnglishStemmer;

    fn key(word: &str) -> String {
        let stem = EnglishStemmer::default().stem(word);
        form_key(&stem, word)
    }

    #[test]
    fn inflections_are_one_form() {
        assert_eq!(key("users"), key("user"));
        assert_eq!(key("collections"), key("collection"));
        assert_eq!(key("universes"), key("universe"));
        assert_eq!(key("generated"), key("generate"));
        assert_eq!(key("communities"), key("community"));
        assert_eq!(key("immersive"), key("immersive"));
        assert_eq!(key("integrating"), key("integrates"));
        assert_eq!(key("integrated"), key("integrate"));
        assert_ne!(key("integration"), key("integrate"));
    }

    #[test]
    fn what_the_stemmer_merged_is_taken_apart() {
        for (a, b) in [
            ("like", "likely"),
            ("collective", "collection"),
            ("universe", "universal"),
            ("generated", "generation"),
            ("immersive", "immersion"),
        ] {
            let stemmer = EnglishStemmer::default();
            assert_eq!(stemmer.stem(a), stemmer.stem(b), "{a} {b}");
            assert_ne!(key(a), key(b), "{a} {b}");
            assert_eq!(stem_of(&key(a)), stem_of(&key(b)));
        }
    }

    #[test]
    fn words_with_digits_keep_their_stem() {
        assert_eq!(form_key("3d", "3d"), "3d");
    }
}
