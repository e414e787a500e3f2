//! What search knows about the registry's own words, beyond the index: its multi-word terms
//! (so "virtual world" in a query counts as one unit), the initials of those terms (so `DT`
//! finds *digital twin*), the expressions of one notion it may expand a query to, and the
//! document series of each entry's source (for the facet).
//!
//! The equivalences come from three places, none typed into code:
//! - the editors' `corpus/synonyms.toml` (each set with its reason);
//! - the characteristics the registry computes from its own definitions ([`crate::clusters`]:
//!   terms of one cluster are expressions of one characteristic, e.g. "virtual world",
//!   "virtual environment", "virtual space");
//! - the registry's abbreviations (`XR` = "extended reality"), which the pipeline already
//!   matches both ways; the lexicon only keeps their expansions to say so in `via`.
//!
//! Built once per registry (lazily, on the first search that needs it) from the corpus.

use crate::analysis::Analyzer;
use crate::clusters::Clusters;
use crate::corpus::Corpus;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Weight of a match through a curated synonym, relative to the words as typed.
pub const SYNONYM_WEIGHT: f32 = 0.5;
/// Weight of a match through another expression of the same computed characteristic.
pub const CHARACTERISTIC_WEIGHT: f32 = 0.35;
/// Weight of a match through the initials of a registry term (`DT` → "digital twin").
pub const INITIALS_WEIGHT: f32 = 0.8;
/// Expressions one query expression may expand to.
pub const MAX_PER_EXPRESSION: usize = 6;
/// Longest expression (in words) looked for in a query.
pub const MAX_WORDS: usize = 4;

/// An analysed expression: English terms with their relative positions (stop words leave gaps).
pub type Terms = Vec<(usize, String)>;

/// Another expression of the notion a query expression stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Equivalent {
    /// Its analysed terms.
    pub terms: Terms,
    /// How it is written (for `via`).
    pub text: String,
    /// Why it is equivalent: "curated: …" or "characteristic '…'".
    pub why: String,
    /// Weight relative to an exact match.
    pub weight: f32,
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Key (terms joined by spaces) of every multi-word registry term → the term as written.
    terms: BTreeMap<String, String>,
    /// Initials (lower case) of multi-word registry terms → (terms, term as written).
    initials: BTreeMap<String, Vec<(Terms, String)>>,
    /// Key of an expression → its equivalents, best first.
    equivalents: BTreeMap<String, Vec<Equivalent>>,
    /// Abbreviation token → expansions as written.
    expansions: BTreeMap<String, Vec<String>>,
    /// Abbreviation token → the analysed words of its expansions.
    expansion_terms: BTreeMap<String, BTreeSet<String>>,
    /// Series index of each entry (by corpus position); `None` when no series is known.
    series_of: Arc<[Option<u32>]>,
    /// Series names, by index.
    series: Arc<[String]>,
}

/// The key of analysed terms.
pub fn key(terms: &[(usize, String)]) -> String {
    terms
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English terms of a text, positions made relative to the first.
pub fn analyse(analyzer: &Analyzer, text: &str) -> Terms {
    let tokens = analyzer.terms(text, "en");
    let words: Vec<_> = tokens.iter().filter(|t| t.span == 1).collect();
    let base = words.first().map_or(0, |t| t.position);
    words
        .iter()
        .map(|t| (t.position - base, t.term.clone()))
        .collect()
}

impl Lexicon {
    /// Builds the lexicon of a corpus.
    pub fn new(corpus: &Corpus, analyzer: &Analyzer) -> Lexicon {
        Self::with_clusters(corpus, analyzer, Some(&Clusters::compute(corpus)))
    }

    /// Builds the lexicon with the given characteristics (or none).
    pub fn with_clusters(
        corpus: &Corpus,
        analyzer: &Analyzer,
        clusters: Option<&Clusters>,
    ) -> Lexicon {
        let mut lexicon = Lexicon::default();
        let mut seen_terms = BTreeSet::new();
        for entry in corpus.entries().iter().filter(|e| e.is_english()) {
            if !seen_terms.insert(entry.term.as_str()) {
                continue;
            }
            let terms = analyse(analyzer, &entry.term);
            let words = crate::analysis::segment::words(&entry.term);
            if terms.len() < 2 || terms.len() > MAX_WORDS || words.len() != terms.len() {
                continue;
            }
            let k = key(&terms);
            lexicon
                .terms
                .entry(k.clone())
                .or_insert_with(|| entry.term.clone());
            let initials: String = words
                .iter()
                .filter_map(|w| w.text.chars().next())
                .flat_map(char::to_lowercase)
                .collect();
            let list = lexicon.initials.entry(initials).or_default();
            if !list.iter().any(|(t, _)| key(t) == k) {
                list.push((terms, entry.term.to_lowercase()));
            }
        }
        for set in corpus.synonyms() {
            let analysed: Vec<(Terms, &str)> = set
                .terms
                .iter()
                .map(|t| (analyse(analyzer, t), t.as_str()))
                .filter(|(t, _)| !t.is_empty())
                .collect();
            for (a, _) in &analysed {
                for (b, b_text) in &analysed {
                    if key(a) != key(b) {
                        lexicon.add(
                            a,
                            Equivalent {
                                terms: b.clone(),
                                text: b_text.to_string(),
                                why: format!("curated: {}", set.reason),
                                weight: SYNONYM_WEIGHT,
                            },
                        );
                    }
                }
            }
        }
        if let Some(clusters) = clusters {
            for cluster in &clusters.clusters {
                let analysed: Vec<(Terms, &str)> = cluster
                    .terms
                    .iter()
                    .map(|t| (analyse(analyzer, &t.term), t.term.as_str()))
                    .filter(|(t, _)| !t.is_empty() && t.len() <= MAX_WORDS)
                    .collect();
                for (a, _) in &analysed {
                    for (b, b_text) in &analysed {
                        // An expression containing the other adds nothing it does not match already.
                        if contains(a, b) || contains(b, a) {
                            continue;
                        }
                        lexicon.add(
                            a,
                            Equivalent {
                                terms: b.clone(),
                                text: b_text.to_string(),
                                why: format!("characteristic '{}'", cluster.label),
                                weight: CHARACTERISTIC_WEIGHT,
                            },
                        );
                    }
                }
            }
        }
        for (abbreviation, expansion) in corpus.abbreviation_pairs() {
            let token = crate::analysis::equivalence::abbreviation_token(abbreviation);
            let words = lexicon.expansion_terms.entry(token.clone()).or_default();
            words.extend(analyse(analyzer, expansion).into_iter().map(|(_, t)| t));
            let list = lexicon.expansions.entry(token).or_default();
            let expansion = expansion.to_lowercase();
            if !list.contains(&expansion) {
                list.push(expansion);
            }
        }
        let mut names: BTreeMap<String, u32> = BTreeMap::new();
        let mut of = Vec::with_capacity(corpus.entries().len());
        for entry in corpus.entries() {
            let series = entry.source.document.as_deref().and_then(series_of);
            let index = series.map(|name| {
                let next = names.len() as u32;
                *names.entry(name).or_insert(next)
            });
            of.push(index);
        }
        let mut series = vec![String::new(); names.len()];
        for (name, i) in names {
            series[i as usize] = name;
        }
        lexicon.series_of = of.into();
        lexicon.series = series.into();
        lexicon
    }

    fn add(&mut self, from: &Terms, equivalent: Equivalent) {
        let list = self.equivalents.entry(key(from)).or_default();
        if list.iter().any(|e| key(&e.terms) == key(&equivalent.terms)) {
            return;
        }
        if list.len() < MAX_PER_EXPRESSION || equivalent.weight > CHARACTERISTIC_WEIGHT {
            list.push(equivalent);
            list.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            list.truncate(MAX_PER_EXPRESSION);
        }
    }

    /// The registry term (as written) whose key this is, if it has several words.
    pub fn registry_term(&self, key: &str) -> Option<&str> {
        self.terms.get(key).map(String::as_str)
    }

    /// The other expressions of the notion `key` stands for.
    pub fn equivalents(&self, key: &str) -> &[Equivalent] {
        self.equivalents.get(key).map_or(&[], Vec::as_slice)
    }

    /// Multi-word registry terms with these initials (lower case).
    pub fn by_initials(&self, initials: &str) -> &[(Terms, String)] {
        self.initials.get(initials).map_or(&[], Vec::as_slice)
    }

    /// Expansions of an abbreviation token, as the corpus writes them (lower case).
    pub fn expansions(&self, token: &str) -> &[String] {
        self.expansions.get(token).map_or(&[], Vec::as_slice)
    }

    /// The analysed words an abbreviation token stands for, if it is one.
    pub fn expansion_terms(&self, token: &str) -> Option<&BTreeSet<String>> {
        self.expansion_terms.get(token)
    }

    /// The document series of the entry at corpus position `ord`.
    pub fn series(&self, ord: usize) -> Option<&str> {
        self.series_of
            .get(ord)
            .copied()
            .flatten()
            .map(|i| self.series[i as usize].as_str())
    }

    /// Series index per corpus position, and the names (for the facet collector).
    pub fn series_table(&self) -> (&Arc<[Option<u32>]>, &Arc<[String]>) {
        (&self.series_of, &self.series)
    }
}

/// Whether `inner`'s terms occur in order inside `outer`.
fn contains(outer: &Terms, inner: &Terms) -> bool {
    let o: Vec<&str> = outer.iter().map(|(_, t)| t.as_str()).collect();
    let i: Vec<&str> = inner.iter().map(|(_, t)| t.as_str()).collect();
    i.len() <= o.len() && o.windows(i.len()).any(|w| w == i.as_slice())
}

/// The series a document belongs to, from its designation: the leading code of the document
/// ("3GPP TS 26.118 …" → `3GPP`, "ITU-T Y.3090" → `ITU-T`, "ISO/IEC 23005" → `ISO/IEC`,
/// "MPAI-PAF V1.5" → `MPAI`, "FGMV-20" → `FG-MV`). A first word that is not a code (no two
/// capitals or digit in it) gives no series.
pub fn series_of(document: &str) -> Option<String> {
    let first = document.split_whitespace().next()?;
    let first = first.trim_end_matches([',', ':', ';']);
    let code_like = first.chars().filter(|c| c.is_uppercase()).count() >= 2
        || (first.chars().any(|c| c.is_ascii_digit()) && first.chars().any(char::is_alphabetic));
    if !code_like {
        return None;
    }
    let mut parts = first.split('-');
    let head = parts.next()?;
    let name = match parts.next() {
        // A sector letter belongs to the name (ITU-T, ITU-R).
        Some(tail) if tail.len() == 1 && tail.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("{head}-{tail}")
        }
        // FG-MV: a short code of capitals on both sides.
        Some(tail)
            if head.len() <= 3
                && tail.len() <= 3
                && !tail.is_empty()
                && tail.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            format!("{head}-{tail}")
        }
        _ => head.to_string(),
    };
    // The focus group writes its documents both as FGMV-nn and FG-MV.
    Some(if name == "FGMV" {
        "FG-MV".to_string()
    } else {
        name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_come_from_the_documents_leading_code() {
        let s = |d: &str| series_of(d);
        assert_eq!(
            s("3GPP TS 26.118 (Rel-17) Virtual Reality").as_deref(),
            Some("3GPP")
        );
        assert_eq!(
            s("ITU-T Y.3090 (02/2022) Digital twin").as_deref(),
            Some("ITU-T")
        );
        assert_eq!(s("ISO/IEC 23005-1").as_deref(), Some("ISO/IEC"));
        assert_eq!(
            s("MPAI-PAF (Portable Avatar Format) V1.5").as_deref(),
            Some("MPAI")
        );
        assert_eq!(s("FGMV-20").as_deref(), Some("FG-MV"));
        assert_eq!(
            s("FG-MV draft Technical Specification").as_deref(),
            Some("FG-MV")
        );
        assert_eq!(s("W3C WebXR Device API").as_deref(), Some("W3C"));
        assert_eq!(
            s("IEEE CTS Metaverse Standards Committee").as_deref(),
            Some("IEEE")
        );
        assert_eq!(s("Khronos OpenXR Specification"), None);
        assert_eq!(s("Blog post 'An overview'"), None);
    }
}
