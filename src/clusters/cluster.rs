//! One concept cluster as users see it: its label, its terms with counts and why each is there,
//! the definitions expressing it and its share.

use super::grouping::{Group, GroupMember, key_kind};
use super::stats::{KeyKind, Stats};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why a term is in its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The term the cluster is named after.
    Label,
    /// Another form of the same stem, itself a characteristic ("immersion" for "immersive").
    SameStem,
    /// Another spelling of the same term ("three-dimensional" for "3D").
    SpellingVariant,
    /// An abbreviation and its expansion, as the registry lists them.
    RegistryAbbreviation,
    /// Used like another member across the corpus (same modifier, alike heads).
    Distributional,
    /// Used in the same contexts as another member, and not together with it.
    SharedContexts,
    /// A kind of the general term the cluster is about, as the corpus says ("technologies such
    /// as virtual reality").
    KindOf,
    /// A phrase built on the cluster's term, listed to show how the term is used.
    PhraseOf,
    /// Placed by the editors in `corpus/clusters.toml`.
    Curated,
}

/// One term of a cluster, as written in the definitions.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ClusterTerm {
    /// The term as written (case-folded).
    pub term: String,
    /// Number of analysed definitions in which it expresses the cluster.
    pub count: usize,
    /// Why it is in the cluster, in words.
    pub why: String,
    /// Why, as a stable code.
    pub reason: Reason,
}

/// Share of one FGMV-02 source group (academic, industry, standards and government).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GroupShare {
    /// Metaverse definitions of that group.
    pub definitions: usize,
    /// How many of them express the cluster.
    pub expressing: usize,
    /// `expressing / definitions` (0 when the group is empty).
    pub share: f64,
}

/// One concept cluster.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Cluster {
    /// Stable id (a slug of the label, or the editors' id).
    pub id: String,
    /// The label.
    pub label: String,
    /// Its terms, most used first.
    pub terms: Vec<ClusterTerm>,
    /// Ids of the analysed definitions that express it, sorted.
    pub entries: Vec<String>,
    /// Fraction of the metaverse definitions (see [`Base`]) that express it.
    pub share: f64,
    /// Number of metaverse definitions that express it (numerator of `share`).
    pub count: usize,
    /// Share within each FGMV-02 source group.
    pub by_kind: BTreeMap<String, GroupShare>,
    /// True when the editors fixed this cluster in `corpus/clusters.toml`.
    pub curated: bool,
    /// The editors' note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One sentence saying what the characteristic covers (the editors' note, or made from its
    /// expressions).
    pub scope: String,
    /// True when it is in the characteristic table (the inventory); the others are in the JSON
    /// and under `--all` only.
    pub in_table: bool,
    /// For each definition expressing it, the words that did, with byte offsets into the
    /// definition.
    pub expressions: Vec<Expression>,
}

/// The words of one definition that expressed a characteristic.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Expression {
    /// Entry id.
    pub id: String,
    /// The words, in text order.
    pub words: Vec<ExpressedBy>,
}

/// Words of a definition, with their byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExpressedBy {
    /// As written in the definition.
    pub term: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset past the last byte.
    pub end: usize,
}

/// The computed scope note of a characteristic: one sentence from its expressions.
pub fn scope_note(c: &Cluster) -> String {
    let shown: Vec<String> = c
        .terms
        .iter()
        .filter(|t| t.reason != Reason::PhraseOf)
        .take(4)
        .map(|t| format!("“{}”", t.term))
        .collect();
    let phrases: Vec<String> = c
        .terms
        .iter()
        .filter(|t| t.reason == Reason::PhraseOf)
        .take(2)
        .map(|t| format!("“{}”", t.term))
        .collect();
    let mut out = format!(
        "Definitions that speak of {} ({})",
        c.label,
        shown.join(", ")
    );
    if !phrases.is_empty() {
        out.push_str(&format!(", as in {}", phrases.join(" or ")));
    }
    out.push('.');
    out
}

/// A cluster named by id and label, as items of compare and coverage show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
pub struct ClusterRef {
    /// Cluster id.
    pub id: String,
    /// Cluster label.
    pub label: String,
}

/// The rows of a cluster: every written form that expressed it, with its count and why.
pub(super) fn cluster_terms(
    stats: &Stats,
    group: &Group,
    forms: &BTreeMap<String, (String, BTreeSet<usize>)>,
) -> Vec<ClusterTerm> {
    let member: BTreeMap<&str, &GroupMember> =
        group.members.iter().map(|m| (m.key.as_str(), m)).collect();
    // The main written form of each key carries the key's reason; other forms share its stem.
    let mut rows: Vec<ClusterTerm> = Vec::new();
    let mut by_key: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (surface, (key, entries)) in forms {
        by_key
            .entry(key)
            .or_default()
            .push((surface, entries.len()));
    }
    for (key, mut written) in by_key {
        written.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let Some(m) = member.get(key) else { continue };
        let main = written[0].0;
        for (i, (surface, count)) in written.iter().enumerate() {
            let (reason, why) = if i == 0 {
                (m.reason, m.why.clone())
            } else if key_kind(stats, key) == KeyKind::Variant {
                (
                    Reason::SpellingVariant,
                    format!("another spelling of '{main}'"),
                )
            } else if m.reason == Reason::RegistryAbbreviation || m.reason == Reason::Curated {
                (m.reason, m.why.clone())
            } else {
                (
                    Reason::SameStem,
                    format!(
                        "same stem{} as '{main}'",
                        if key.contains(' ') { "s" } else { "" }
                    ),
                )
            };
            rows.push(ClusterTerm {
                term: surface.to_string(),
                count: *count,
                why,
                reason,
            });
        }
    }
    for attached in &group.attached {
        rows.push(ClusterTerm {
            term: stats
                .main_surface(&attached.key)
                .unwrap_or(&attached.key)
                .to_string(),
            count: stats.count(&attached.key),
            why: attached.why.clone(),
            reason: attached.reason,
        });
    }
    rows.sort_by(|a, b| {
        (a.reason == Reason::PhraseOf)
            .cmp(&(b.reason == Reason::PhraseOf))
            .then(b.count.cmp(&a.count))
            .then(a.term.cmp(&b.term))
    });
    rows.dedup_by(|a, b| a.term == b.term);
    rows
}
