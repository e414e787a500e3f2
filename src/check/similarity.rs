//! How close two definitions are, in words an editor can check: the overlap of their content words
//! (stems, stop words left out), the words one has and the other lacks, and a word-level diff.
//! Used until a shared `compare` module exists; the method is named in messages.

use super::words::Words;
use std::collections::BTreeMap;

/// English function words that carry no characteristic of a concept.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "from", "that",
    "which", "who", "is", "are", "be", "as", "at", "it", "its", "this", "these", "those", "their",
    "can", "may", "other", "such", "into", "than", "through", "using", "used", "based", "etc", "e",
    "g", "i",
];

/// Content words of `text`: stem → the word as first written.
pub fn content_words(w: &Words, text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in w.ranges(text) {
        let word = &text[r];
        let folded = w.fold(word);
        if STOP.contains(&folded.as_str()) || folded.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.entry(w.norm(word)).or_insert(folded);
    }
    out
}

/// Jaccard overlap of the content words of `a` and `b`, in [0, 1].
pub fn similarity(w: &Words, a: &str, b: &str) -> f64 {
    let (x, y) = (content_words(w, a), content_words(w, b));
    let inter = x.keys().filter(|k| y.contains_key(*k)).count();
    let union = x.len() + y.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// A compact word diff of `draft` against `source`: `[-removed-]` and `{+added+}` runs.
pub fn word_diff(draft: &str, source: &str) -> String {
    let a: Vec<&str> = source.split_whitespace().take(300).collect();
    let b: Vec<&str> = draft.split_whitespace().take(300).collect();
    let eq = |x: &str, y: &str| {
        x.trim_matches(|c: char| !c.is_alphanumeric())
            .eq_ignore_ascii_case(y.trim_matches(|c: char| !c.is_alphanumeric()))
    };
    // Longest common subsequence table.
    let mut l = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            l[i][j] = if eq(a[i], b[j]) {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out: Vec<String> = Vec::new();
    let (mut del, mut add): (Vec<&str>, Vec<&str>) = (vec![], vec![]);
    let flush = |out: &mut Vec<String>, del: &mut Vec<&str>, add: &mut Vec<&str>| {
        if !del.is_empty() {
            out.push(format!("[-{}-]", del.join(" ")));
            del.clear();
        }
        if !add.is_empty() {
            out.push(format!("{{+{}+}}", add.join(" ")));
            add.clear();
        }
    };
    let mut kept = 0;
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && eq(a[i], b[j]) {
            flush(&mut out, &mut del, &mut add);
            if a[i] != b[j] {
                out.push(format!("[-{}-]{{+{}+}}", a[i], b[j]));
            } else {
                out.push(a[i].to_string());
                kept += 1;
            }
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || l[i][j + 1] >= l[i + 1][j]) {
            add.push(b[j]);
            j += 1;
        } else {
            del.push(a[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut del, &mut add);
    let _ = kept;
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_definitions_are_fully_similar_and_unrelated_ones_not() {
        let w = Words::default();
        assert_eq!(
            similarity(
                &w,
                "A digital twin of a thing.",
                "a digital twin of the thing"
            ),
            1.0
        );
        assert!(
            similarity(
                &w,
                "An ecosystem of virtual worlds.",
                "A fruit of the tree."
            ) < 0.2
        );
    }

    #[test]
    fn the_diff_shows_removed_and_added_words() {
        assert_eq!(
            word_diff(
                "A digital model of a thing.",
                "A digital representation of a thing."
            ),
            "A digital [-representation-] {+model+} of a thing."
        );
        assert_eq!(word_diff("a thing", "A thing"), "[-A-]{+a+} thing");
    }
}
