//! Aho-Corasick automata over patterns that come from the draft (its terms, its abbreviations).
//!
//! A DFA is the fastest to search, but `aho-corasick` builds its transition table by following
//! failure links for every state and byte class: time grows with the states times the length of
//! the longest pattern (quadratic for one long repetitive term such as `a-a-a-…`), and memory
//! with the states times the alphabet (hundreds of bytes per byte of pattern). A draft chooses
//! its own terms, so a DFA is built only while both stay small; otherwise a contiguous NFA, built
//! and searched in time linear in its input, finds the same matches.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, BuildError};

/// Longest pattern, in bytes, for which a DFA is built.
const DFA_MAX_PATTERN: usize = 64;
/// Most pattern bytes in all for which a DFA is built (≤ 64 Ki states: a table of a few MB).
const DFA_MAX_TOTAL: usize = 64 * 1024;

/// Builds `builder`'s automaton over `patterns`: a DFA when the patterns are short and few
/// enough for its build to stay cheap, else a contiguous NFA. The matches are the same.
pub fn build<P: AsRef<[u8]>>(
    builder: &mut AhoCorasickBuilder,
    patterns: &[P],
) -> Result<AhoCorasick, BuildError> {
    let (longest, total) = patterns.iter().fold((0, 0), |(longest, total), p| {
        let n = p.as_ref().len();
        (longest.max(n), total + n)
    });
    let kind = if longest <= DFA_MAX_PATTERN && total <= DFA_MAX_TOTAL {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    };
    builder.kind(Some(kind)).build(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_repetitive_pattern_gets_an_nfa_with_the_same_matches() {
        let long = "a-".repeat(5000);
        let patterns = [long.as_str(), "a-a"];
        let hay = format!("x {long} y a-a");
        let ac = build(&mut AhoCorasickBuilder::new(), &patterns).unwrap();
        assert_eq!(ac.kind(), AhoCorasickKind::ContiguousNFA);
        let dfa = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns)
            .unwrap();
        let found = |ac: &AhoCorasick| {
            ac.find_overlapping_iter(&hay)
                .map(|m| (m.pattern(), m.range()))
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&ac), found(&dfa));
    }

    #[test]
    fn ordinary_terms_get_a_dfa() {
        let ac = build(&mut AhoCorasickBuilder::new(), &["virtual world", "avatar"]).unwrap();
        assert_eq!(ac.kind(), AhoCorasickKind::DFA);
    }
}
