//! What the corpus says about its key terms, before any grouping: in which definitions each
//! candidate occurs, how it is written, which modifiers each head word takes, and which
//! multi-word terms and abbreviations the registry itself defines.

use crate::analysis::phrases::{Candidate, CandidateKind, Candidates};
use crate::analysis::{Analyzer, equivalence, is_english};
use crate::corpus::Corpus;
use crate::model::{Collection, Entry};
use std::collections::{BTreeMap, BTreeSet};

/// Fewest other modifiers a head must take before its use is compared with another's.
pub const MIN_EVIDENCE: usize = 3;

/// Kind of a key term, as seen in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyKind {
    /// A word (stem).
    Word,
    /// A canonical spelling (`3d`).
    Variant,
    /// A registry abbreviation.
    Abbreviation,
    /// Two or more adjacent words.
    Phrase,
}

/// Corpus statistics the grouping works from.
#[derive(Debug, Default)]
pub struct Stats {
    /// Positions (in `corpus.entries()`) of the analysed definitions: the metaverse collection,
    /// English text.
    pub analysed: Vec<usize>,
    /// Key → positions of the analysed definitions it occurs in.
    pub df: BTreeMap<String, BTreeSet<usize>>,
    /// Key → written form → number of analysed definitions using that form.
    pub surfaces: BTreeMap<String, BTreeMap<String, usize>>,
    /// Key → kind.
    pub kinds: BTreeMap<String, KeyKind>,
    /// Head word → modifier word → number of two-word runs "modifier head" in every English
    /// definition of the corpus (both collections: more evidence of how words are used).
    pub modifiers: BTreeMap<String, BTreeMap<String, f64>>,
    /// Word → number of two-word runs it starts (it is the modifier).
    pub starts: BTreeMap<String, f64>,
    /// Multi-word keys the registry defines as terms or expansions → the designation as written.
    pub designations: BTreeMap<String, String>,
    /// Abbreviation key → (phrase key of its expansion, "AR = augmented reality").
    pub abbreviations: BTreeMap<String, BTreeMap<String, String>>,
    /// Key → occurrences in the analysed definitions.
    pub tokens: BTreeMap<String, f64>,
    /// Words (stop words included) of the analysed definitions.
    pub words_total: f64,
    /// Key → occurrences in the English definitions of the vocabulary collection.
    pub genre_tokens: BTreeMap<String, f64>,
    /// Words of the English definitions of the vocabulary collection.
    pub genre_words_total: f64,
    /// Key → the content words right before and after it, by position ("R1:physical"), in every
    /// English definition of the corpus: how each term is used, for the distributional
    /// similarity.
    pub contexts: BTreeMap<String, BTreeMap<String, f64>>,
    /// Key → how often it is inside a longer run (two words) of the analysed definitions, by run.
    pub inside: BTreeMap<String, BTreeMap<String, BTreeSet<usize>>>,
    /// Single-word key → its uses in every English definition.
    pub uses: BTreeMap<String, f64>,
    /// Single-word key → its uses next to a mention of the defined term: (definition, the key
    /// of the word it modifies in a run, if any).
    pub near_term: BTreeMap<String, Vec<(usize, Option<String>)>>,
    /// Pairs of single-word keys written as a coordination ("physical and digital"), sorted.
    pub coordinated: BTreeSet<(String, String)>,
    /// (kind, general term) → the English definitions saying the kind is one of the general
    /// term ("technologies such as virtual reality", "… or other technologies"), with the words
    /// of the first that did.
    pub hyponyms: BTreeMap<(String, String), (BTreeSet<usize>, String)>,
}

/// The words a text joins with "such as", "including", "like", "for example", "e.g.": the
/// general term stands before, its kinds after (Hearst 1992).
fn introduces_kinds(gap: &str) -> bool {
    let folded = crate::analysis::normalize::fold(gap.trim().trim_start_matches(',').trim());
    matches!(
        folded.trim_end_matches(',').trim(),
        "such as" | "including" | "like" | "for example" | "e.g." | "e.g"
    )
}

/// Words either side of a term that make its context.
/// Content words either side of a mention of the defined term that count as the definition's
/// frame ("metaverse *refers* to", "is *defined* as", "*term* used to describe").
pub const FRAME_WINDOW: usize = 2;

/// True when the text between two words only joins them in a coordination ("physical and
/// digital", "economic, social").
pub fn is_coordination(gap: &str) -> bool {
    let gap = gap.trim();
    let folded = crate::analysis::normalize::fold(gap);
    matches!(
        folded.as_str(),
        "," | "and" | "or" | ", and" | ", or" | "&" | "/" | "and/or" | "as well as"
    )
}

pub const CONTEXT_WINDOW: usize = 4;

/// The keys of an entry's own term: a definition of *metaverse* saying "metaverse" expresses no
/// characteristic by it.
pub fn own_term_keys(analyzer: &Analyzer, entry: &Entry) -> BTreeSet<String> {
    analyzer
        .terms(&entry.term, &entry.lang)
        .into_iter()
        .map(|t| t.term)
        .collect()
}

/// The candidates of a text with those touching a skipped key removed.
pub fn candidates_without(
    analyzer: &Analyzer,
    text: &str,
    lang: &str,
    max_words: usize,
    skip: &BTreeSet<String>,
) -> Vec<Candidate> {
    let Candidates { slots, items } = analyzer.candidates(text, lang, max_words);
    let mut skipped = vec![false; slots];
    for c in items.iter().filter(|c| c.kind.is_single()) {
        skipped[c.first] = skip.contains(&c.key);
    }
    items
        .into_iter()
        .filter(|c| !skipped[c.first..c.first + c.len].iter().any(|&s| s))
        .map(|mut c| {
            if c.kind == CandidateKind::Word && is_english(lang) {
                c.key = super::forms::form_key(&c.key, &c.surface);
            }
            c
        })
        .collect()
}

/// The key of a multi-word designation ("Virtual World" → "virtual world"), when its words form
/// one run of at most `max_words` words.
pub fn phrase_key(analyzer: &Analyzer, text: &str, max_words: usize) -> Option<String> {
    let c = analyzer.candidates(text, "en", max_words);
    c.items
        .into_iter()
        .find(|i| i.kind == CandidateKind::Phrase && i.first == 0 && i.len == c.slots)
        .map(|i| i.key)
}

impl Stats {
    /// Scans the corpus.
    pub fn gather(corpus: &Corpus, analyzer: &Analyzer, max_words: usize) -> Stats {
        let mut stats = Stats::default();
        for (position, entry) in corpus.entries().iter().enumerate() {
            if !is_english(&entry.lang) {
                continue;
            }
            let skip = own_term_keys(analyzer, entry);
            let found = candidates_without(analyzer, &entry.definition, "en", max_words, &skip);
            stats.gather_contexts(&found);
            stats.gather_frame(analyzer, entry, position, &found, &skip);
            stats.gather_kinds(&entry.definition, position, &found);
            let words = crate::analysis::segment::words(&entry.definition).len() as f64;
            if entry.collection == Collection::Vocabulary {
                stats.genre_words_total += words;
                for c in &found {
                    *stats.genre_tokens.entry(c.key.clone()).or_default() += 1.0;
                }
            }
            for c in found
                .iter()
                .filter(|c| c.kind == CandidateKind::Phrase && c.len == 2)
            {
                if let Some((modifier, head)) = c.key.split_once(' ') {
                    *stats.starts.entry(modifier.to_string()).or_default() += 1.0;
                    *stats
                        .modifiers
                        .entry(head.to_string())
                        .or_default()
                        .entry(modifier.to_string())
                        .or_default() += 1.0;
                }
            }
            if entry.collection != Collection::Metaverse {
                continue;
            }
            stats.analysed.push(position);
            stats.words_total += words;
            for c in &found {
                *stats.tokens.entry(c.key.clone()).or_default() += 1.0;
            }
            let singles: BTreeMap<usize, &Candidate> = found
                .iter()
                .filter(|c| c.kind.is_single())
                .map(|c| (c.first, c))
                .collect();
            for run in found
                .iter()
                .filter(|c| c.kind == CandidateKind::Phrase && c.len == 2)
            {
                for slot in run.first..run.first + run.len {
                    if let Some(single) = singles.get(&slot) {
                        stats
                            .inside
                            .entry(single.key.clone())
                            .or_default()
                            .entry(run.key.clone())
                            .or_default()
                            .insert(position);
                    }
                }
            }
            let mut forms: BTreeSet<(&str, &str)> = BTreeSet::new();
            for c in &found {
                let kind = match c.kind {
                    CandidateKind::Word => KeyKind::Word,
                    CandidateKind::Variant => KeyKind::Variant,
                    CandidateKind::Abbreviation => KeyKind::Abbreviation,
                    CandidateKind::Phrase => KeyKind::Phrase,
                    // "augmented reality" counts for the abbreviation AR too.
                    CandidateKind::Expansion => KeyKind::Abbreviation,
                };
                // A key written once as a variant ("three-dimensional" for 3d) is a variant key.
                let known = stats.kinds.entry(c.key.clone()).or_insert(kind);
                if kind == KeyKind::Variant {
                    *known = kind;
                }
                stats.df.entry(c.key.clone()).or_default().insert(position);
                forms.insert((&c.key, &c.surface));
            }
            for (key, surface) in forms {
                *stats
                    .surfaces
                    .entry(key.to_string())
                    .or_default()
                    .entry(surface.to_string())
                    .or_default() += 1;
            }
        }
        stats.gather_registry(corpus, analyzer, max_words);
        stats
    }

    /// Counts the uses of each word next to a mention of the entry's own term, and the
    /// coordinations of the text.
    fn gather_frame(
        &mut self,
        analyzer: &Analyzer,
        entry: &Entry,
        position: usize,
        found: &[Candidate],
        skip: &BTreeSet<String>,
    ) {
        let all = analyzer.candidates(&entry.definition, "en", 1);
        let own: Vec<usize> = all
            .items
            .iter()
            .filter(|c| c.kind.is_single() && skip.contains(&c.key))
            .map(|c| c.first)
            .collect();
        let singles: Vec<&Candidate> = found.iter().filter(|c| c.kind.is_single()).collect();
        for c in &singles {
            *self.uses.entry(c.key.clone()).or_default() += 1.0;
            if own.iter().any(|&o| o.abs_diff(c.first) <= FRAME_WINDOW) {
                let modifies = found
                    .iter()
                    .find(|r| r.kind == CandidateKind::Phrase && r.first == c.first && r.len == 2)
                    .and_then(|_| singles.iter().find(|s| s.first == c.first + 1))
                    .map(|s| s.key.clone());
                self.near_term
                    .entry(c.key.clone())
                    .or_default()
                    .push((position, modifies));
            }
        }
        for pair in singles.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.first == a.first + 1
                && a.key != b.key
                && is_coordination(&entry.definition[a.end..b.start])
            {
                let (x, y) = if a.key < b.key { (a, b) } else { (b, a) };
                self.coordinated.insert((x.key.clone(), y.key.clone()));
            }
        }
    }

    /// Finds "H such as X, Y and Z", "H including X", "X, Y or other H" in one text.
    fn gather_kinds(&mut self, text: &str, position: usize, found: &[Candidate]) {
        // Maximal runs of adjacent content words, as (first slot, last slot).
        let singles: BTreeMap<usize, &Candidate> = found
            .iter()
            .filter(|c| c.kind.is_single())
            .map(|c| (c.first, c))
            .collect();
        let joined: BTreeSet<usize> = found
            .iter()
            .filter(|c| c.kind == CandidateKind::Phrase && c.len == 2)
            .map(|c| c.first)
            .collect();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &slot in singles.keys() {
            match runs.last_mut() {
                Some(last) if last.1 + 1 == slot && joined.contains(&last.1) => last.1 = slot,
                _ => runs.push((slot, slot)),
            }
        }
        let key_of = |(a, b): (usize, usize)| -> String {
            if a == b {
                return singles[&a].key.clone();
            }
            found
                .iter()
                .find(|c| c.kind == CandidateKind::Phrase && c.first == a && c.len == b - a + 1)
                .map(|c| c.key.clone())
                .unwrap_or_else(|| singles[&b].key.clone())
        };
        let start = |r: (usize, usize)| singles[&r.0].start;
        let end = |r: (usize, usize)| singles[&r.1].end;
        // The runs that follow `i`, joined by coordination (an abbreviation in parentheses
        // after a run is part of it).
        let listed = |mut i: usize| -> Vec<(usize, usize)> {
            let mut out = vec![runs[i]];
            while i + 1 < runs.len() {
                let gap = &text[end(runs[i])..start(runs[i + 1])];
                let plain: String = gap.chars().filter(|c| *c != '(' && *c != ')').collect();
                if plain.trim().is_empty() {
                    // "virtual reality (VR)": the same thing again.
                    i += 1;
                    continue;
                }
                if !is_coordination(&plain) {
                    break;
                }
                i += 1;
                out.push(runs[i]);
            }
            out
        };
        let mut add = |kind: String, general: String, from: usize, to: usize| {
            if kind == general || kind.is_empty() || general.is_empty() {
                return;
            }
            let example: String = text[from..to]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let e = self
                .hyponyms
                .entry((kind, general))
                .or_insert_with(|| (BTreeSet::new(), example));
            e.0.insert(position);
        };
        let is_introducer =
            |slot: usize| matches!(singles[&slot].surface.as_str(), "including" | "like");
        for i in 0..runs.len().saturating_sub(1) {
            let gap = &text[end(runs[i])..start(runs[i + 1])];
            let general = singles[&runs[i].1].key.clone();
            if introduces_kinds(gap) {
                for kind in listed(i + 1) {
                    add(key_of(kind), general.clone(), start(runs[i]), end(kind));
                }
            } else if is_introducer(runs[i + 1].0) && (gap.trim().is_empty() || gap.trim() == ",") {
                // "technologies, including blockchain": the introducer is a content word.
                let (a, b) = runs[i + 1];
                let mut kinds = listed(i + 1);
                if a < b {
                    kinds[0] = (a + 1, b);
                } else {
                    kinds.remove(0);
                    if i + 2 < runs.len() {
                        kinds = listed(i + 2);
                    }
                }
                for kind in kinds {
                    add(key_of(kind), general.clone(), start(runs[i]), end(kind));
                }
            }
            // "X, Y or other H" ("other" is a stop word, so it is in the gap).
            let folded_gap = crate::analysis::normalize::fold(gap.trim());
            if matches!(
                folded_gap.as_str(),
                "or other" | "and other" | ", or other" | ", and other"
            ) {
                let general = singles[&runs[i + 1].1].key.clone();
                let mut j = i;
                loop {
                    add(
                        key_of(runs[j]),
                        general.clone(),
                        start(runs[j]),
                        end(runs[i + 1]),
                    );
                    if j == 0 {
                        break;
                    }
                    let before = &text[end(runs[j - 1])..start(runs[j])];
                    let plain: String = before.chars().filter(|c| *c != '(' && *c != ')').collect();
                    if plain.trim().is_empty() || is_coordination(&plain) {
                        j -= 1;
                    } else {
                        break;
                    }
                }
            }
        }
    }

    /// True when the two keys are written as a coordination somewhere in the corpus.
    pub fn are_coordinated(&self, a: &str, b: &str) -> bool {
        let (x, y) = if a < b { (a, b) } else { (b, a) };
        self.coordinated.contains(&(x.to_string(), y.to_string()))
    }

    /// Share of a word's uses that frame a definition, and in how many definitions it does: its
    /// uses next to a mention of the defined term, except where it modifies a word for which
    /// `is_key` holds ("a *collective* virtual space" is the genus, not the frame).
    pub fn frame_share(&self, key: &str, is_key: impl Fn(&str) -> bool) -> (f64, usize) {
        let all = self.uses.get(key).copied().unwrap_or(0.0);
        let framing: Vec<usize> = self
            .near_term
            .get(key)
            .map(|uses| {
                uses.iter()
                    .filter(|(_, modifies)| modifies.as_deref().is_none_or(|m| !is_key(m)))
                    .map(|(p, _)| *p)
                    .collect()
            })
            .unwrap_or_default();
        let share = if all > 0.0 {
            framing.len() as f64 / all
        } else {
            0.0
        };
        let definitions: BTreeSet<usize> = framing.into_iter().collect();
        (share, definitions.len())
    }

    /// Adds the context of every candidate of one text: the content words right before and
    /// after it, by position ("L1:sense" and "R1:physical", "R2:digital"). Position-specific
    /// neighbours say how a term is used (what it modifies, what it takes) rather than what the
    /// text is about, so that terms used alike in different definitions meet.
    fn gather_contexts(&mut self, found: &[Candidate]) {
        let singles: BTreeMap<usize, &Candidate> = found
            .iter()
            .filter(|c| c.kind.is_single())
            .map(|c| (c.first, c))
            .collect();
        for c in found.iter().filter(|c| c.len <= 2) {
            let context = self.contexts.entry(c.key.clone()).or_default();
            for d in 1..=CONTEXT_WINDOW {
                if let Some(before) = c.first.checked_sub(d).and_then(|s| singles.get(&s)) {
                    *context.entry(format!("L{d}:{}", before.key)).or_default() += 1.0;
                }
                if let Some(after) = singles.get(&(c.first + c.len - 1 + d)) {
                    *context.entry(format!("R{d}:{}", after.key)).or_default() += 1.0;
                }
            }
        }
    }

    /// Multi-word terms and abbreviations the registry defines.
    fn gather_registry(&mut self, corpus: &Corpus, analyzer: &Analyzer, max_words: usize) {
        for entry in corpus.entries().iter().filter(|e| is_english(&e.lang)) {
            if let Some(key) = phrase_key(analyzer, &entry.term, max_words) {
                self.designations
                    .entry(key)
                    .or_insert_with(|| entry.term.clone());
            }
        }
        let pairs = corpus
            .abbreviations()
            .iter()
            .map(|a| (a.abbreviation.as_str(), a.expansion.as_str()))
            .chain(corpus.entries().iter().filter_map(|e| {
                e.abbreviation
                    .as_deref()
                    .map(|a| (a, e.term.as_str()))
                    .filter(|_| is_english(&e.lang))
            }));
        for (abbreviation, expansion) in pairs {
            let abbreviation_key = equivalence::abbreviation_token(abbreviation);
            if abbreviation_key.is_empty() {
                continue;
            }
            if let Some(key) = phrase_key(analyzer, expansion, max_words) {
                self.designations
                    .entry(key.clone())
                    .or_insert_with(|| expansion.to_string());
                self.abbreviations
                    .entry(abbreviation_key)
                    .or_default()
                    .entry(key)
                    .or_insert_with(|| format!("{abbreviation} = {expansion}"));
            }
        }
    }

    /// Number of analysed definitions a key occurs in.
    pub fn count(&self, key: &str) -> usize {
        self.df.get(key).map_or(0, BTreeSet::len)
    }

    /// The most used written form of a key (ties: the alphabetically first).
    pub fn main_surface(&self, key: &str) -> Option<&str> {
        self.surfaces.get(key).and_then(|forms| {
            forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.as_str())
        })
    }

    /// True when `word` ends two-word runs at least as often as it starts them: a head ("world"
    /// in "virtual world"), not a modifier ("virtual"). Runs ending in a modifier ("3d virtual"
    /// of "3D virtual worlds") are fragments of longer terms, not terms.
    pub fn is_head(&self, word: &str) -> bool {
        let as_last: f64 = self.modifiers.get(word).map_or(0.0, |m| m.values().sum());
        let as_first = self.starts.get(word).copied().unwrap_or(0.0);
        as_last >= as_first
    }

    /// How alike two head words are used: cosine of the sets of modifiers they take in the
    /// corpus, leaving out `shared`, the modifier the two runs have in common (it would make any
    /// two heads look alike). Sets rather than counts, so that one very frequent modifier
    /// ("virtual") does not decide alone. `None` when either head takes fewer than
    /// [`MIN_EVIDENCE`] other modifiers: too little evidence to compare.
    pub fn head_similarity(&self, a: &str, b: &str, shared: &str) -> Option<f64> {
        let others = |h: &str| -> Option<BTreeSet<&str>> {
            let set: BTreeSet<&str> = self
                .modifiers
                .get(h)?
                .keys()
                .map(String::as_str)
                .filter(|m| *m != shared)
                .collect();
            (set.len() >= MIN_EVIDENCE).then_some(set)
        };
        let (sa, sb) = (others(a)?, others(b)?);
        let common = sa.intersection(&sb).count() as f64;
        Some(common / ((sa.len() * sb.len()) as f64).sqrt())
    }
}
