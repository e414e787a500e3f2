//! Finding designations: by normalized form (see [`Concepts::by_norm`]), by short form as
//! written ([`Concepts::expansions`]), and in running text with one multi-pattern matcher over
//! every normalized designation ([`Concepts::matcher`]). What the draft check reads; built on
//! first use, so a registry that never checks a draft never pays for it.

use super::{Concepts, DesignationType, status_rank};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;

/// The lookups built on first use.
#[derive(Debug, Clone)]
pub(super) struct Lookup {
    /// Over ` {norm} ` of every normalized designation, pattern `i` for `norms[i]`.
    matcher: Option<AhoCorasick>,
    norms: Vec<String>,
    /// Abbreviations and symbols as written → (concept, designation).
    shorts: BTreeMap<String, Vec<(usize, usize)>>,
}

/// A long form the registry gives for a short form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expansion<'a> {
    /// The long form (a term or variant designation of the concept).
    pub text: &'a str,
    /// The source that gives the short form, else one that uses the long form.
    pub source: Option<&'a str>,
    /// Index of the concept in [`Concepts::all`].
    pub concept: usize,
}

/// True for the designations written as they are (case-sensitive): abbreviations and symbols.
pub fn is_short(kind: DesignationType) -> bool {
    matches!(
        kind,
        DesignationType::Abbreviation | DesignationType::Symbol
    )
}

impl Concepts {
    fn lookup(&self) -> &Lookup {
        self.lookup.get_or_init(|| {
            let norms: Vec<String> = self.by_norm.keys().cloned().collect();
            let patterns: Vec<String> = norms.iter().map(|n| format!(" {n} ")).collect();
            // A DFA: built once per registry, it scans every word of every draft checked.
            let matcher = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .ok();
            let mut shorts: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
            for (ci, c) in self.concepts.iter().enumerate() {
                for (di, d) in c.designations.iter().enumerate() {
                    if is_short(d.kind) {
                        shorts.entry(d.text.clone()).or_default().push((ci, di));
                    }
                }
            }
            for list in shorts.values_mut() {
                list.sort_by_key(|&(c, d)| {
                    let x = &self.concepts[c].designations[d];
                    (status_rank(x.status), std::cmp::Reverse(x.sources.len()), c)
                });
            }
            Lookup {
                matcher,
                norms,
                shorts,
            }
        })
    }

    /// Builds the lookups now (they are otherwise built on first use).
    pub fn warm_up(&self) {
        self.lookup();
    }

    /// The matcher over every normalized designation: pattern `i` is ` {norm} ` (one space either
    /// side, so only whole words match), its norm given by [`Concepts::pattern_norm`]. `None`
    /// when there are no designations.
    pub fn matcher(&self) -> Option<&AhoCorasick> {
        self.lookup().matcher.as_ref()
    }

    /// The normalized designation of pattern `i` of [`Concepts::matcher`].
    pub fn pattern_norm(&self, i: usize) -> &str {
        &self.lookup().norms[i]
    }

    /// The abbreviations and symbols written exactly `short`, as (concept, designation), the
    /// best status first.
    pub fn by_short(&self, short: &str) -> &[(usize, usize)] {
        self.lookup().shorts.get(short).map_or(&[], Vec::as_slice)
    }

    /// The abbreviations and symbols written `short` in any case (`xr` → `XR`).
    pub fn by_short_ignoring_case<'s>(
        &'s self,
        short: &'s str,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        self.lookup()
            .shorts
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(short) || fold_eq(k, short))
            .flat_map(|(_, v)| v.iter().copied())
    }

    /// The long forms the registry gives for the short form `short` (as written): the term and
    /// variant designations of each concept it abbreviates, the preferred one first, each long
    /// form once (case-insensitively).
    pub fn expansions(&self, short: &str) -> Vec<Expansion<'_>> {
        let mut out: Vec<Expansion<'_>> = Vec::new();
        for &(c, d) in self.by_short(short) {
            let concept = &self.concepts[c];
            let abbreviation = &concept.designations[d];
            for long in concept.designations.iter().filter(|x| !is_short(x.kind)) {
                if out.iter().any(|x| x.text.eq_ignore_ascii_case(&long.text)) {
                    continue;
                }
                out.push(Expansion {
                    text: &long.text,
                    source: abbreviation
                        .sources
                        .first()
                        .or(long.sources.first())
                        .map(String::as_str),
                    concept: c,
                });
            }
        }
        out
    }
}

/// Equal after case folding (for short forms beyond ASCII).
fn fold_eq(a: &str, b: &str) -> bool {
    crate::analysis::normalize::fold(a) == crate::analysis::normalize::fold(b)
}
