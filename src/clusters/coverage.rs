//! FGMV-20 read as a terminologist reads it, and every definition's coverage of it.
//!
//! FGMV-20 (entry [`FGMV20_ID`]) defines *metaverse* by a genus ("integrative ecosystem") and
//! delimiting characteristics. Its characteristics are not a list typed into code: they come from
//! reading its definition and NOTE with the clusters, structurally (ISO 704):
//!
//! - the **genus** is the first run of content words of the definition; another definition
//!   expresses it when it uses one of the genus's words or a characteristic they belong to;
//! - the rest is cut into **constituents** at the words that are no characteristic ("offering",
//!   "to", "from", "that"): "virtual worlds", "immersive experiences", "users", "modify
//!   pre-existing and create new value", "economic, environmental, social and cultural
//!   perspectives", and from the NOTE "physical world". Words joined by "and", "or" or commas
//!   stay one constituent; each of its items stands for the characteristic of its first word
//!   that is one. A constituent is expressed when one of its items is, or two when it lists
//!   three or more (a list of perspectives is expressed by a definition taking two of them);
//! - a constituent with no characteristic, or only characteristics an earlier one has, is left
//!   out.

use super::{ClusterRef, Clusters, TermHit, base_exclusion};
use crate::corpus::Corpus;
use crate::model::{Entry, Kind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Id of the FGMV-20 entry, the registry's preferred definition of *metaverse*.
pub const FGMV20_ID: &str = "itu-fgmv-20-2023";

/// One characteristic of FGMV-20: its genus or a delimiting characteristic.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Fgmv20Characteristic {
    /// Stable id within FGMV-20's characteristics (`genus`, or the id of its first cluster).
    pub id: String,
    /// FGMV-20's own words for it.
    pub label: String,
    /// `genus` or `delimiting`.
    pub role: String,
    /// Where FGMV-20 says it: `definition` or `note`.
    pub from: String,
    /// The clusters that express it.
    pub clusters: Vec<ClusterRef>,
    /// How many of its clusters a definition must express (1, or 2 for a list of three or more).
    pub needs: usize,
    /// Metaverse definitions (counted) expressing it.
    pub count: usize,
    /// `count` over the counted metaverse definitions.
    pub share: f64,
    #[serde(skip)]
    keys: BTreeSet<String>,
    #[serde(skip)]
    indices: Vec<usize>,
}

/// How the counted definitions cover FGMV-20, in numbers an editor can quote.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Fgmv20Summary {
    /// Number of FGMV-20 characteristics (genus included).
    pub characteristics: usize,
    /// Definitions counted.
    pub definitions: usize,
    /// `by_expressed[k]`: definitions expressing exactly k of them.
    pub by_expressed: Vec<usize>,
    /// Median number expressed.
    pub median_expressed: f64,
    /// Mean share expressed.
    pub mean_share: f64,
    /// Fraction of the definitions expressing at least half of them.
    pub at_least_half_share: f64,
}

/// FGMV-20 and its characteristics.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Fgmv20 {
    /// Entry id.
    pub id: String,
    /// The definition.
    pub definition: String,
    /// Its notes.
    pub notes: Vec<String>,
    /// The genus, as written.
    pub genus: String,
    /// Genus first, then the delimiting characteristics in FGMV-20's order.
    pub characteristics: Vec<Fgmv20Characteristic>,
    /// Fraction of the metaverse definitions expressing at least half of them (kept for
    /// compatibility; the same as `summary.at_least_half_share`).
    pub half_covered_share: f64,
    /// The coverage of the counted definitions.
    pub summary: Fgmv20Summary,
}

/// How much of FGMV-20 one definition or text expresses.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    /// FGMV-20 characteristics it expresses (id and FGMV-20's words).
    pub expresses: Vec<ClusterRef>,
    /// FGMV-20 characteristics it lacks.
    pub lacks: Vec<ClusterRef>,
    /// Characteristics of the inventory it has that FGMV-20 has not.
    pub adds: Vec<ClusterRef>,
    /// `expresses / (expresses + lacks)`.
    pub share: f64,
    /// The same in words: "expresses 4 of 7; lacks …; adds …".
    pub summary: String,
}

/// The characteristics of one analysed definition.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EntryCharacteristics {
    /// Entry id.
    pub id: String,
    /// The term it defines.
    pub term: String,
    /// Kind of source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// FGMV-02 source group (academic, industry, standards_government), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// True when it counts in the share of the metaverse definitions.
    pub counted: bool,
    /// Ids of the clusters it expresses.
    pub characteristics: Vec<String>,
    /// Its FGMV-20 coverage (absent when the corpus has no FGMV-20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fgmv20: Option<Coverage>,
}

/// Two hits are parts of one run ("virtual worlds", "real-time").
fn joined(gap: &str) -> bool {
    gap.chars()
        .all(|c| c.is_whitespace() || c == '-' || c == '‑')
}

/// One item of a constituent: its words and the cluster of its first word that has one.
struct Item {
    start: usize,
    end: usize,
    /// End of its last word with a characteristic.
    clustered_end: usize,
    cluster: Option<usize>,
}

impl Item {
    /// An item of one word.
    fn of(h: &TermHit) -> Item {
        Item {
            start: h.start,
            end: h.end,
            clustered_end: h.end,
            cluster: h.cluster,
        }
    }
}

/// FGMV-20's genus: its words, their keys, and the clusters they belong to.
type Genus = (String, BTreeSet<String>, Vec<usize>);
/// A delimiting constituent: its words, its clusters, and how many of them are needed.
type Constituent = (String, Vec<usize>, usize);

/// Reads FGMV-20's genus and constituents from its hits.
fn constituents(text: &str, hits: &[TermHit]) -> (Option<Genus>, Vec<Constituent>) {
    let mut hits: Vec<&TermHit> = hits.iter().collect();
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    // Drop hits inside a longer hit (a word of a run already read as the run).
    let mut flat: Vec<&TermHit> = Vec::new();
    for h in hits {
        if flat.last().is_some_and(|l| h.start < l.end) {
            continue;
        }
        flat.push(h);
    }
    if flat.is_empty() {
        return (None, Vec::new());
    }
    // The genus: the first run of content words.
    let mut genus_end = 0;
    while genus_end + 1 < flat.len()
        && joined(&text[flat[genus_end].end..flat[genus_end + 1].start])
    {
        genus_end += 1;
    }
    let genus_text = text[flat[0].start..flat[genus_end].end].to_string();
    let genus_keys: BTreeSet<String> = flat[..=genus_end].iter().map(|h| h.key.clone()).collect();
    let genus_clusters: Vec<usize> = flat[..=genus_end]
        .iter()
        .filter_map(|h| h.cluster)
        .collect();
    let genus = Some((genus_text, genus_keys, genus_clusters));

    // Segments of items: a run is cut at a word with no characteristic that stands between two
    // words with one; coordination joins items into one constituent.
    let rest = &flat[genus_end + 1..];
    let mut out: Vec<Constituent> = Vec::new();
    let mut constituent: Vec<Item> = Vec::new();
    let mut item: Option<Item> = None;
    let close = |constituent: &mut Vec<Item>, out: &mut Vec<Constituent>| {
        if constituent.is_empty() {
            return;
        }
        let clusters: Vec<usize> = constituent.iter().filter_map(|i| i.cluster).collect();
        let start = constituent[0].start;
        let end = constituent[constituent.len() - 1].end;
        let items = constituent.len();
        constituent.clear();
        if !clusters.is_empty() {
            let needs = if items >= 3 { 2.min(clusters.len()) } else { 1 };
            out.push((text[start..end].trim().to_string(), clusters, needs));
        }
    };
    for (i, h) in rest.iter().enumerate() {
        let gap = if i == 0 {
            ""
        } else {
            &text[rest[i - 1].end..h.start]
        };
        let continues_run = i > 0 && joined(gap);
        let coordinated = i > 0 && !continues_run && super::stats::is_coordination(gap);
        if continues_run {
            let current = item.as_mut().expect("an item is open");
            // "worlds offering immersive": cut at the word with no characteristic.
            let previous_plain = rest[i - 1].cluster.is_none();
            if previous_plain && h.cluster.is_some() && current.cluster.is_some() {
                let mut done = item.take().expect("open");
                done.end = done.clustered_end;
                constituent.push(done);
                close(&mut constituent, &mut out);
                item = Some(Item::of(h));
            } else {
                current.end = h.end;
                if h.cluster.is_some() {
                    current.clustered_end = h.end;
                }
                if current.cluster.is_none() {
                    current.cluster = h.cluster;
                }
            }
            continue;
        }
        if let Some(done) = item.take() {
            constituent.push(done);
        }
        if !coordinated {
            close(&mut constituent, &mut out);
        }
        item = Some(Item::of(h));
    }
    if let Some(done) = item.take() {
        constituent.push(done);
    }
    close(&mut constituent, &mut out);
    (genus, out)
}

impl Clusters {
    /// The FGMV-20 coverage of what a reading found (`None` when the corpus has no FGMV-20).
    pub fn coverage_of(&self, reading: &super::Reading) -> Option<Coverage> {
        let fgmv20 = self.fgmv20.as_ref()?;
        let has: BTreeSet<usize> = reading.characteristics.iter().copied().collect();
        let keys: BTreeSet<&str> = reading.terms.iter().map(|t| t.key.as_str()).collect();
        let mut expresses = Vec::new();
        let mut lacks = Vec::new();
        let mut covered: BTreeSet<usize> = BTreeSet::new();
        for c in &fgmv20.characteristics {
            let found = c.indices.iter().filter(|i| has.contains(i)).count();
            let by_word = c.keys.iter().any(|k| keys.contains(k.as_str()));
            covered.extend(c.indices.iter().copied());
            let r = ClusterRef {
                id: c.id.clone(),
                label: c.label.clone(),
            };
            if found >= c.needs.max(1) || by_word {
                expresses.push(r);
            } else {
                lacks.push(r);
            }
        }
        let adds: Vec<usize> = reading
            .characteristics
            .iter()
            .copied()
            .filter(|i| !covered.contains(i))
            .filter(|&i| self.clusters.get(i).is_some_and(|c| c.in_table))
            .collect();
        let adds = self.refs(&adds);
        let n = expresses.len() + lacks.len();
        let names = |r: &[ClusterRef]| {
            r.iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut summary = format!("expresses {} of {n}", expresses.len());
        if !lacks.is_empty() {
            summary.push_str(&format!("; lacks {}", names(&lacks)));
        }
        if !adds.is_empty() {
            summary.push_str(&format!("; adds {}", names(&adds)));
        }
        Some(Coverage {
            share: super::ratio(expresses.len(), n),
            expresses,
            lacks,
            adds,
            summary,
        })
    }
}

/// Reads FGMV-20 (definition, then NOTE) into its characteristics.
fn read_fgmv20(clusters: &Clusters, entry: &Entry) -> Fgmv20 {
    let mut characteristics: Vec<Fgmv20Characteristic> = Vec::new();
    let mut claimed: BTreeSet<usize> = BTreeSet::new();
    let mut genus_text = String::new();
    let texts = std::iter::once(("definition", entry.definition.as_str()))
        .chain(entry.notes.iter().map(|n| ("note", n.as_str())));
    for (from, raw) in texts {
        // A NOTE's "NOTE –" is not part of what it says.
        let text = raw
            .strip_prefix("NOTE")
            .map(|t| {
                t.trim_start_matches(|c: char| {
                    c.is_ascii_digit() || c.is_whitespace() || "–-:".contains(c)
                })
            })
            .unwrap_or(raw);
        let reading = clusters.read_entry_text(entry, text);
        let (genus, parts) = constituents(text, &reading.terms);
        if from == "definition" {
            if let Some((words, keys, indices)) = genus {
                genus_text = words.clone();
                claimed.extend(indices.iter().copied());
                characteristics.push(Fgmv20Characteristic {
                    id: "genus".into(),
                    label: words,
                    role: "genus".into(),
                    from: from.into(),
                    clusters: clusters.refs(&indices),
                    needs: 1,
                    count: 0,
                    share: 0.0,
                    keys,
                    indices,
                });
            }
        }
        for (label, indices, needs) in parts {
            let fresh: Vec<usize> = indices
                .iter()
                .copied()
                .filter(|i| !claimed.contains(i))
                .collect();
            if fresh.is_empty() {
                continue;
            }
            claimed.extend(fresh.iter().copied());
            let id = clusters.clusters.get(indices[0]).map_or_else(
                || format!("fgmv20-{}", characteristics.len()),
                |c| c.id.clone(),
            );
            characteristics.push(Fgmv20Characteristic {
                id,
                label,
                role: "delimiting".into(),
                from: from.into(),
                clusters: clusters.refs(&indices),
                needs: needs.min(indices.len()),
                count: 0,
                share: 0.0,
                keys: BTreeSet::new(),
                indices,
            });
        }
    }
    Fgmv20 {
        id: entry.id.clone(),
        definition: entry.definition.clone(),
        notes: entry.notes.clone(),
        genus: genus_text,
        characteristics,
        half_covered_share: 0.0,
        summary: Fgmv20Summary {
            characteristics: 0,
            definitions: 0,
            by_expressed: Vec::new(),
            median_expressed: 0.0,
            mean_share: 0.0,
            at_least_half_share: 0.0,
        },
    }
}

/// Fills FGMV-20's characteristics and every analysed definition's coverage.
pub(super) fn fill(clusters: &mut Clusters, corpus: &Corpus, analysed: &[usize]) {
    if let Some(entry) = corpus.get(FGMV20_ID) {
        clusters.fgmv20 = Some(read_fgmv20(clusters, entry));
    }
    let mut coverage = Vec::with_capacity(analysed.len());
    let mut expressed_counts: Vec<usize> = Vec::new();
    let mut per_characteristic: BTreeMap<String, usize> = BTreeMap::new();
    for &position in analysed {
        let entry = &corpus.entries()[position];
        let reading = clusters.read_entry(entry);
        let fgmv20 = clusters.coverage_of(&reading);
        let in_base = base_exclusion(entry).is_none();
        if in_base {
            if let Some(f) = &fgmv20 {
                expressed_counts.push(f.expresses.len());
                for r in &f.expresses {
                    *per_characteristic.entry(r.label.clone()).or_default() += 1;
                }
            }
        }
        coverage.push(EntryCharacteristics {
            id: entry.id.clone(),
            term: entry.term.clone(),
            kind: entry.kind,
            group: entry
                .kind
                .and_then(|k| k.fgmv02_group())
                .map(str::to_string),
            counted: in_base,
            characteristics: reading
                .characteristics
                .iter()
                .map(|&i| clusters.clusters[i].id.clone())
                .collect(),
            fgmv20,
        });
    }
    if let Some(f) = clusters.fgmv20.as_mut() {
        let n = f.characteristics.len();
        let definitions = expressed_counts.len();
        for c in f.characteristics.iter_mut() {
            c.count = per_characteristic.get(&c.label).copied().unwrap_or(0);
            c.share = super::ratio(c.count, definitions);
        }
        let mut by_expressed = vec![0; n + 1];
        for &k in &expressed_counts {
            by_expressed[k.min(n)] += 1;
        }
        let mut sorted = expressed_counts.clone();
        sorted.sort_unstable();
        let median = match sorted.len() {
            0 => 0.0,
            len if len % 2 == 1 => sorted[len / 2] as f64,
            len => (sorted[len / 2 - 1] + sorted[len / 2]) as f64 / 2.0,
        };
        let half = expressed_counts
            .iter()
            .filter(|&&k| 2 * k >= n && n > 0)
            .count();
        let mean = if definitions == 0 || n == 0 {
            0.0
        } else {
            expressed_counts.iter().sum::<usize>() as f64 / (definitions * n) as f64
        };
        f.summary = Fgmv20Summary {
            characteristics: n,
            definitions,
            by_expressed,
            median_expressed: median,
            mean_share: (mean * 10_000.0).round() / 10_000.0,
            at_least_half_share: super::ratio(half, definitions),
        };
        f.half_covered_share = f.summary.at_least_half_share;
    }
    clusters.coverage = coverage;
}
