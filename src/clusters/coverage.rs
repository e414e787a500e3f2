//! FGMV-20 coverage: which of the characteristics of the FG-MV definition of *metaverse*
//! (FGMV-20, entry [`FGMV20_ID`]) a definition expresses and which it lacks.
//!
//! FGMV-20's characteristics are not a hand-written list: they are the clusters its own definition
//! expresses when read like every other definition.

use super::{ClusterRef, Clusters, Reading, base_exclusion};
use crate::corpus::Corpus;
use crate::model::Kind;
use serde::Serialize;

/// Id of the FGMV-20 entry, the registry's preferred definition of *metaverse*.
pub const FGMV20_ID: &str = "itu-fgmv-20-2023";

/// FGMV-20 and its characteristics.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Fgmv20 {
    /// Entry id.
    pub id: String,
    /// The definition.
    pub definition: String,
    /// The clusters its definition expresses.
    pub characteristics: Vec<ClusterRef>,
    /// Fraction of the metaverse definitions expressing at least half of them.
    pub half_covered_share: f64,
    #[serde(skip)]
    indices: Vec<usize>,
}

/// How much of FGMV-20 one definition or text expresses.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    /// FGMV-20 characteristics it expresses.
    pub expresses: Vec<ClusterRef>,
    /// FGMV-20 characteristics it lacks.
    pub lacks: Vec<ClusterRef>,
    /// Characteristics it has that FGMV-20 has not.
    pub adds: Vec<ClusterRef>,
    /// `expresses / (expresses + lacks)`.
    pub share: f64,
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

impl Clusters {
    /// The FGMV-20 coverage of what a reading found (`None` when the corpus has no FGMV-20).
    pub fn coverage_of(&self, reading: &Reading) -> Option<Coverage> {
        let fgmv20 = self.fgmv20.as_ref()?;
        let has = |i: &usize| reading.characteristics.contains(i);
        let expresses: Vec<usize> = fgmv20.indices.iter().copied().filter(has).collect();
        let lacks: Vec<usize> = fgmv20.indices.iter().copied().filter(|i| !has(i)).collect();
        let adds: Vec<usize> = reading
            .characteristics
            .iter()
            .copied()
            .filter(|i| !fgmv20.indices.contains(i))
            .collect();
        Some(Coverage {
            share: super::ratio(expresses.len(), fgmv20.indices.len()),
            expresses: self.refs(&expresses),
            lacks: self.refs(&lacks),
            adds: self.refs(&adds),
        })
    }
}

/// Fills FGMV-20's characteristics and every analysed definition's coverage.
pub(super) fn fill(clusters: &mut Clusters, corpus: &Corpus, analysed: &[usize]) {
    if let Some(entry) = corpus.get(FGMV20_ID) {
        let reading = clusters.read_entry(entry);
        clusters.fgmv20 = Some(Fgmv20 {
            id: entry.id.clone(),
            definition: entry.definition.clone(),
            characteristics: clusters.refs(&reading.characteristics),
            half_covered_share: 0.0,
            indices: reading.characteristics,
        });
    }
    let mut coverage = Vec::with_capacity(analysed.len());
    let (mut counted, mut half) = (0, 0);
    for &position in analysed {
        let entry = &corpus.entries()[position];
        let reading = clusters.read_entry(entry);
        let fgmv20 = clusters.coverage_of(&reading);
        let in_base = base_exclusion(entry).is_none();
        if in_base {
            counted += 1;
            if fgmv20.as_ref().is_some_and(|c| c.share >= 0.5) {
                half += 1;
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
        f.half_covered_share = super::ratio(half, counted);
    }
    clusters.coverage = coverage;
}
