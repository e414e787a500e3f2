//! Document codes as editors write them: `FGMV-20`, `FGMV 20` and `FGMV20`; `ITU-T Y.3090` and
//! `ITU-T Y3090`; `3GPP TR 23.700`. The source fields of the index take each word folded and,
//! stacked at the same position, each two adjacent words joined when only a hyphen, a slash, a
//! dot or a space separates them, so a code is found with or without its separator.

use super::normalize::fold;
use super::segment;

/// The terms of a source text: (position, term), joined pairs stacked on their first word.
pub fn source_terms(text: &str) -> Vec<(usize, String)> {
    let words = segment::words(text);
    let mut out = Vec::with_capacity(words.len() * 2);
    for (i, w) in words.iter().enumerate() {
        out.push((i, fold(w.text)));
        if let Some(next) = words.get(i + 1) {
            let gap = segment::gap(text, w, next);
            if matches!(gap, "-" | "‑" | "/" | "." | " " | "") {
                out.push((i, fold(&format!("{}{}", w.text, next.text))));
            }
        }
    }
    out
}

/// The words of a query stretch as source terms: folded, one per word.
pub fn query_terms(text: &str) -> Vec<(usize, String)> {
    segment::words(text)
        .iter()
        .enumerate()
        .map(|(i, w)| (i, fold(w.text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_with_or_without_their_separator() {
        let terms: Vec<String> = source_terms("ITU-T Y.3090 FGMV-20")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        for t in [
            "itu", "t", "itut", "y", "3090", "y3090", "fgmv", "20", "fgmv20",
        ] {
            assert!(terms.contains(&t.to_string()), "{t} in {terms:?}");
        }
        assert_eq!(query_terms("FGMV20"), vec![(0, "fgmv20".to_string())]);
    }
}
