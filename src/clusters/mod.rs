//! Concept clusters: the FGMV-02 analysis, reproducible. The key terms of the collected
//! definitions of *metaverse* (single words and multi-word terms) are grouped so that one cluster
//! is one concept, and each cluster reports its terms (with counts and why each is there), the
//! definitions that express it, and its share of the metaverse definitions: the characteristic
//! frequency table FGMV-02 built FGMV-20 from.
//!
//! Everything comes from the corpus and the one text pipeline ([`crate::analysis`]); see
//! [`grouping`] for the steps. Editors may pin, merge or split clusters in
//! `corpus/clusters.toml` ([`crate::corpus::curated`]), which wins. Results are deterministic: the
//! same corpus gives the same clusters, in the same order, with the same ids.
//!
//! [`Clusters::read_text`] reads any text against the clusters: compare, nearest definitions and
//! the FGMV-20 coverage ([`coverage`]) are built on it.

pub mod background;
pub mod chart;
pub mod cluster;
pub mod coverage;
pub mod forms;
pub mod grouping;
pub mod keyness;
pub mod reading;
pub mod report;
pub mod stats;

use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::model::{Collection, Entry};
use cluster::cluster_terms;
pub use cluster::{Cluster, ClusterRef, ClusterTerm, ExpressedBy, Expression, GroupShare, Reason};
pub use coverage::{Coverage, EntryCharacteristics, FGMV20_ID, Fgmv20};
use grouping::Grouping;
use reading::Reader;
pub use reading::{Reading, TermHit};
use serde::Serialize;
use stats::{Stats, candidates_without, own_term_keys};
use std::collections::{BTreeMap, BTreeSet};

/// Parameters of the computation. The defaults are what `mvterms clusters` and the API use.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClusterOptions {
    /// A key term must occur in at least this many analysed definitions (and so must a cluster,
    /// unless the editors fixed it).
    pub min_entries: usize,
    /// Two heads with the same modifier join when the cosine of the modifiers they take reaches
    /// this value.
    pub head_threshold: f64,
    /// Two terms used in the same contexts (and never together) join when the cosine of their
    /// positive-PMI context vectors reaches this value.
    pub similarity_threshold: f64,
    /// Fewest distinct context words a term needs before its contexts are compared.
    pub min_contexts: usize,
    /// A two-word run is a concept of its own when at least this fraction of the definitions
    /// using its head word use the run.
    pub bound_ratio: f64,
    /// When a word is a characteristic rather than everyday English or the wording of
    /// definitions.
    pub keyness: keyness::Thresholds,
    /// Most characteristics in the table (the editors' ones count first).
    pub table_size: usize,
    /// A computed characteristic is in the table when at least this many definitions express it…
    pub table_min_count: usize,
    /// …and at least this share of them.
    pub table_min_share: f64,
    /// A corpus of more entries is read through this many spread evenly over it (every k-th
    /// in id order, FGMV-20 always): the statistics are estimated from them, so that a very
    /// large registry still starts in seconds.
    pub max_entries: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_entries: 2,
            head_threshold: 0.3,
            similarity_threshold: 0.112,
            min_contexts: 4,
            bound_ratio: 0.5,
            keyness: keyness::Thresholds::default(),
            table_size: 30,
            table_min_count: 4,
            table_min_share: 0.03,
            max_entries: 5_000,
        }
    }
}

/// A definition left out of the share's denominator, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Excluded {
    /// Entry id.
    pub id: String,
    /// Why it is not counted.
    pub reason: String,
}

/// The definitions `share` is computed over.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Base {
    /// Number of metaverse definitions counted.
    pub definitions: usize,
    /// Definitions of the metaverse collection each FGMV-02 group has among them.
    pub by_kind: BTreeMap<String, usize>,
    /// Entries of the metaverse collection that are not counted, with the reason.
    pub excluded: Vec<Excluded>,
}

/// How the clusters were computed, for the report and the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Method {
    /// The parameters.
    pub options: ClusterOptions,
    /// The steps, in words.
    pub steps: Vec<String>,
    /// Number of definitions read (metaverse collection, English).
    pub analysed: usize,
    /// When the corpus has more than `options.max_entries` entries: how many it has (the
    /// clusters are then computed from that many spread evenly over it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampled_from: Option<usize>,
    /// Fingerprint of the corpus the clusters come from.
    pub corpus_fingerprint: String,
}

impl PartialEq for ClusterOptions {
    fn eq(&self, other: &Self) -> bool {
        self.min_entries == other.min_entries
            && self.head_threshold == other.head_threshold
            && self.similarity_threshold == other.similarity_threshold
            && self.min_contexts == other.min_contexts
            && self.bound_ratio == other.bound_ratio
            && self.keyness == other.keyness
            && self.table_size == other.table_size
            && self.table_min_count == other.table_min_count
            && self.table_min_share == other.table_min_share
            && self.max_entries == other.max_entries
    }
}

/// The clusters of a corpus, with everything needed to read new texts against them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Clusters {
    /// The clusters, largest share first (ties: label).
    pub clusters: Vec<Cluster>,
    /// What `share` counts.
    pub base: Base,
    /// FGMV-20's characteristics, when the corpus has FGMV-20.
    pub fgmv20: Option<Fgmv20>,
    /// Characteristics of every analysed definition, and its FGMV-20 coverage.
    pub coverage: Vec<EntryCharacteristics>,
    /// How it was computed.
    pub method: Method,
    /// Editors' decisions that could not be applied.
    pub warnings: Vec<String>,
    /// Terms of the definitions that are not characteristics, and why (most used first).
    pub left_out: Vec<grouping::LeftOut>,
    /// Fraction of the counted definitions expressing at least one characteristic of the table.
    pub table_coverage: f64,
    #[serde(skip)]
    reader: Reader,
}

/// True when the entry counts in the share's denominator; otherwise why not.
fn base_exclusion(entry: &Entry) -> Option<String> {
    if !crate::analysis::is_english(&entry.lang) {
        return Some(format!(
            "not in English ({}): the English pipeline cannot read it",
            entry.lang
        ));
    }
    if crate::analysis::normalize::fold(entry.term.trim()) != "metaverse" {
        return Some(format!("defines '{}', not 'metaverse'", entry.term));
    }
    if entry.flags.iter().any(|f| f == "characterisation") {
        return Some(
            "flagged 'characterisation': a remark about the metaverse, not a definition".into(),
        );
    }
    None
}

/// A URL- and file-safe id made from a label.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in crate::analysis::normalize::fold(label).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "cluster".into()
    } else {
        out
    }
}

impl Clusters {
    /// Computes the clusters of `corpus` with the default options.
    pub fn compute(corpus: &Corpus) -> Clusters {
        Clusters::compute_with(corpus, &Analyzer::new(corpus), &ClusterOptions::default())
    }

    /// Computes the clusters of `corpus` read with `analyzer`.
    pub fn compute_with(
        corpus: &Corpus,
        analyzer: &Analyzer,
        options: &ClusterOptions,
    ) -> Clusters {
        let whole = corpus.entries().len();
        let sample;
        let (corpus, sampled_from) = if whole > options.max_entries {
            sample = corpus.evenly_spread(options.max_entries, FGMV20_ID);
            (&sample, Some(whole))
        } else {
            (corpus, None)
        };
        let stats = Stats::gather(corpus, analyzer, 3);
        // FGMV-20's own words are characteristics even where no other definition uses them, so
        // that its coverage can say what the others lack.
        let reference: BTreeSet<String> = corpus
            .get(FGMV20_ID)
            .map(|e| {
                candidates_without(
                    analyzer,
                    &e.definition,
                    &e.lang,
                    1,
                    &own_term_keys(analyzer, e),
                )
                .into_iter()
                .filter(|c| c.kind.is_single())
                .map(|c| c.key)
                .collect()
            })
            .unwrap_or_default();
        let Grouping {
            groups,
            ignored,
            max_words,
            warnings,
            left_out,
        } = grouping::group(
            &stats,
            analyzer,
            corpus.curated_clusters(),
            options,
            &reference,
        );

        // Read every analysed definition with the provisional groups.
        let provisional = Reader {
            analyzer: Some(analyzer.clone()),
            index: groups
                .iter()
                .enumerate()
                .flat_map(|(i, g)| g.members.iter().map(move |m| (m.key.clone(), i)))
                .collect(),
            ignored: ignored.clone(),
            max_words,
        };
        let entries = corpus.entries();
        let mut expressed: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); groups.len()];
        // group → written form → (key, entries)
        let mut forms: Vec<BTreeMap<String, (String, BTreeSet<usize>)>> =
            vec![BTreeMap::new(); groups.len()];
        // group → entry → the words that expressed it there.
        let mut words: Vec<BTreeMap<usize, Vec<ExpressedBy>>> = vec![BTreeMap::new(); groups.len()];
        for &position in &stats.analysed {
            let entry = &entries[position];
            let skip = own_term_keys(analyzer, entry);
            let (hits, _) = provisional.read(&entry.definition, &entry.lang, &skip);
            for hit in hits {
                if let Some(g) = hit.cluster {
                    expressed[g].insert(position);
                    words[g].entry(position).or_default().push(ExpressedBy {
                        term: entry.definition[hit.start..hit.end].to_string(),
                        start: hit.start,
                        end: hit.end,
                    });
                    forms[g]
                        .entry(hit.term)
                        .or_insert_with(|| (hit.key, BTreeSet::new()))
                        .1
                        .insert(position);
                }
            }
        }

        let base_positions: BTreeSet<usize> = stats
            .analysed
            .iter()
            .copied()
            .filter(|&p| base_exclusion(&entries[p]).is_none())
            .collect();
        let group_of = |p: usize| entries[p].kind.and_then(|k| k.fgmv02_group());
        let mut base_by_kind: BTreeMap<String, usize> =
            ["academic", "industry", "standards_government"]
                .iter()
                .map(|g| (g.to_string(), 0))
                .collect();
        for &p in &base_positions {
            if let Some(g) = group_of(p) {
                *base_by_kind.entry(g.to_string()).or_default() += 1;
            }
        }
        let excluded: Vec<Excluded> = corpus
            .collection(Collection::Metaverse)
            .filter_map(|e| {
                base_exclusion(e).map(|reason| Excluded {
                    id: e.id.clone(),
                    reason,
                })
            })
            .collect();

        let mut built: Vec<(usize, Cluster)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let of_reference = group.members.iter().any(|m| reference.contains(&m.key));
            if group.curation.is_none()
                && !of_reference
                && expressed[g].len() < options.min_entries.max(1)
            {
                continue;
            }
            let count = expressed[g].intersection(&base_positions).count();
            let by_kind = base_by_kind
                .iter()
                .map(|(name, &definitions)| {
                    let expressing = expressed[g]
                        .iter()
                        .filter(|&&p| {
                            base_positions.contains(&p) && group_of(p) == Some(name.as_str())
                        })
                        .count();
                    (
                        name.clone(),
                        GroupShare {
                            definitions,
                            expressing,
                            share: ratio(expressing, definitions),
                        },
                    )
                })
                .collect();
            built.push((
                g,
                Cluster {
                    id: String::new(),
                    label: group.label.clone(),
                    terms: cluster_terms(&stats, group, &forms[g]),
                    entries: expressed[g]
                        .iter()
                        .map(|&p| entries[p].id.clone())
                        .collect(),
                    share: ratio(count, base_positions.len()),
                    count,
                    by_kind,
                    curated: group.curation.is_some(),
                    note: group.curation.as_ref().and_then(|c| c.note.clone()),
                    scope: String::new(),
                    in_table: false,
                    expressions: words[g]
                        .iter()
                        .map(|(&p, by)| Expression {
                            id: entries[p].id.clone(),
                            words: by.clone(),
                        })
                        .collect(),
                },
            ));
        }
        built.sort_by(|a, b| {
            b.1.count
                .cmp(&a.1.count)
                .then(b.1.entries.len().cmp(&a.1.entries.len()))
                .then(a.1.label.cmp(&b.1.label))
        });
        // The characteristic table: the editors' characteristics and the computed ones that
        // enough definitions express, largest share first, at most `table_size`; then the rest.
        let least = options
            .table_min_count
            .max((options.table_min_share * base_positions.len() as f64).ceil() as usize);
        let mut room = options.table_size;
        let curated_count = built.iter().filter(|(_, c)| c.curated).count();
        let mut computed_room = room.saturating_sub(curated_count);
        for (_, c) in built.iter_mut() {
            let take = if c.curated {
                true
            } else if c.count >= least && computed_room > 0 {
                computed_room -= 1;
                true
            } else {
                false
            };
            if take && room > 0 {
                room -= 1;
                c.in_table = true;
            }
        }
        built.sort_by_key(|(_, c)| !c.in_table);
        for (_, c) in built.iter_mut() {
            c.scope = match &c.note {
                Some(note) => note.clone(),
                None => cluster::scope_note(c),
            };
        }
        // Ids: the editors' ids first, then slugs of labels, made unique in order.
        let mut taken: BTreeSet<String> = groups
            .iter()
            .filter_map(|g| g.curation.as_ref().and_then(|c| c.id.clone()))
            .collect();
        for (g, cluster) in built.iter_mut() {
            cluster.id = match groups[*g].curation.as_ref().and_then(|c| c.id.clone()) {
                Some(id) => id,
                None => {
                    let base = slug(&cluster.label);
                    let mut id = base.clone();
                    let mut n = 2;
                    while taken.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    taken.insert(id.clone());
                    id
                }
            };
        }

        let final_of: BTreeMap<usize, usize> = built
            .iter()
            .enumerate()
            .map(|(i, (g, _))| (*g, i))
            .collect();
        let reader = Reader {
            analyzer: Some(analyzer.clone()),
            index: provisional
                .index
                .into_iter()
                .filter_map(|(k, g)| final_of.get(&g).map(|&i| (k, i)))
                .collect(),
            ignored,
            max_words,
        };
        let mut clusters = Clusters {
            clusters: built.into_iter().map(|(_, c)| c).collect(),
            base: Base {
                definitions: base_positions.len(),
                by_kind: base_by_kind,
                excluded,
            },
            fgmv20: None,
            coverage: Vec::new(),
            method: Method {
                options: options.clone(),
                steps: method_steps(),
                analysed: stats.analysed.len(),
                sampled_from,
                corpus_fingerprint: corpus.fingerprint().to_string(),
            },
            warnings,
            left_out,
            table_coverage: 0.0,
            reader,
        };
        coverage::fill(&mut clusters, corpus, &stats.analysed);
        let table: BTreeSet<&str> = clusters
            .clusters
            .iter()
            .filter(|c| c.in_table)
            .map(|c| c.id.as_str())
            .collect();
        let covered = clusters
            .coverage
            .iter()
            .filter(|e| e.counted && e.characteristics.iter().any(|c| table.contains(c.as_str())))
            .count();
        clusters.table_coverage = ratio(covered, clusters.base.definitions);
        clusters
    }

    /// The characteristics of the table, in order.
    pub fn table(&self) -> impl Iterator<Item = &Cluster> {
        self.clusters.iter().filter(|c| c.in_table)
    }

    /// The expressions of a characteristic an editor reads (its terms as written, most used
    /// first): what a query word may be expanded to. Empty for an unknown id.
    pub fn expressions_of(&self, id: &str) -> Vec<&str> {
        self.get(id)
            .map(|c| c.terms.iter().map(|t| t.term.as_str()).collect())
            .unwrap_or_default()
    }

    /// The characteristic a term (as written, read with the registry's pipeline) expresses.
    pub fn characteristic_of(&self, term: &str) -> Option<&Cluster> {
        let reading = self.read_text(term, "en");
        reading
            .characteristics
            .first()
            .and_then(|&i| self.clusters.get(i))
    }

    /// Reads another text of an entry (a note) with the entry's own term left out.
    pub fn read_entry_text(&self, entry: &Entry, text: &str) -> Reading {
        let skip = match &self.reader.analyzer {
            Some(analyzer) => own_term_keys(analyzer, entry),
            None => BTreeSet::new(),
        };
        let (terms, characteristics) = self.reader.read(text, &entry.lang, &skip);
        Reading {
            terms,
            characteristics: characteristics.into_iter().collect(),
        }
    }

    /// Reads a free text (no defined term to leave out).
    pub fn read_text(&self, text: &str, lang: &str) -> Reading {
        let (terms, characteristics) = self.reader.read(text, lang, &BTreeSet::new());
        Reading {
            terms,
            characteristics: characteristics.into_iter().collect(),
        }
    }

    /// Reads an entry's definition, leaving out the words of its own term (a definition of
    /// *metaverse* saying "metaverse" expresses nothing by it).
    pub fn read_entry(&self, entry: &Entry) -> Reading {
        let skip = match &self.reader.analyzer {
            Some(analyzer) => own_term_keys(analyzer, entry),
            None => BTreeSet::new(),
        };
        let (terms, characteristics) = self.reader.read(&entry.definition, &entry.lang, &skip);
        Reading {
            terms,
            characteristics: characteristics.into_iter().collect(),
        }
    }

    /// The cluster with this id.
    pub fn get(&self, id: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.id == id)
    }

    /// Id and label of the clusters at these indices.
    pub fn refs(&self, indices: &[usize]) -> Vec<ClusterRef> {
        indices
            .iter()
            .filter_map(|&i| self.clusters.get(i))
            .map(|c| ClusterRef {
                id: c.id.clone(),
                label: c.label.clone(),
            })
            .collect()
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0
    }
}

fn method_steps() -> Vec<String> {
    [
        "Read the definitions of the metaverse collection written in English with the registry's text pipeline (Unicode words, case folding, English stemming, stop words, '3-D' = '3D' = 'three-dimensional', registry abbreviations and their expansions). Words of the defined term itself are left out.",
        "Forms, not stems: a word counts as its stem plus the derivational ending the stemmer took off, inflection aside ('collective' and 'collection', 'generated' and 'generation', 'like' and 'likely' are different forms of one stem).",
        "No junk: a word is a candidate characteristic when it is key against general English (log-likelihood G² of its count against its frequency in the wordfreq English table, and log ratio: how many times more often the definitions use it) and is not the wording of definitions (at most half of its uses next to a mention of the defined term, as in 'refers to', 'is defined as'). Numbers and years never are.",
        "Multi-word terms first: runs of two adjacent words (longer ones when the registry defines them) are concepts of their own when the registry defines them or when they are how their head word is mostly used ('real time', 'virtual world'), with the runs of the same modifier whose heads take alike modifiers across the corpus ('virtual space', 'virtual environment'). A word used mostly inside such runs is not a characteristic of its own ('world', 'virtual').",
        "Synonyms from the corpus's evidence: forms of one stem that are each a characteristic ('immersive', 'immersion'); an abbreviation and its expansion as the registry lists them ('AR' = 'augmented reality'); the kinds the definitions name of a general term ('technologies such as virtual reality', '… or other technologies'), in at least two definitions; and terms used in the same contexts (cosine of positive-PMI vectors of their neighbouring words, by position) that are never coordinated with each other and not found together more than chance would have it (average linkage). Two terms the registry defines separately are never joined by similarity.",
        "Runs that are no concept of their own are listed under the characteristic of their words ('immersive experience' under 'immersive'), and a modifier is named by the run it mostly forms ('physical' as 'physical world').",
        "The editors' decisions in corpus/clusters.toml are applied last and win.",
        "A definition expresses a characteristic when it contains one of its expressions; a word inside a longer term of another characteristic counts for that term only; a modifier coordinated with the modifier of a run counts with the run's head ('virtual and physical worlds'). share = definitions of 'metaverse' expressing it / all definitions of 'metaverse' (English, not flagged 'characterisation').",
        "The table holds the editors' characteristics and the computed ones expressed by at least table_min_count definitions and table_min_share of them, largest share first, at most table_size.",
        "FGMV-20 is read structurally: its genus (the first run of content words) and its constituents, cut at the words that are no characteristic, coordinated words kept together; each definition's coverage says which it expresses, lacks and adds.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[cfg(test)]
pub(crate) mod tests;
