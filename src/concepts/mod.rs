//! Concepts: the entries that define one notion, with its designations (each with a status and
//! the sources that use it), its definitions (each a corpus entry), notes and relations to other
//! concepts (ISO 704 / ISO 1087; what TBX and SKOS exchange).
//!
//! [`Concepts::build`] computes them once from the [`Corpus`] with the one [`Analyzer`]:
//!
//! 1. The coordinator's decisions in `corpus/concepts/*.toml` come first and win: their entries
//!    are one concept, their designations and statuses stand.
//! 2. Every other entry joins the entries that share its normalized designation (words folded
//!    and stemmed: "Virtual worlds" = "virtual world", "real-time" = "real time") **and** whose
//!    definition agrees with its own: identical or near-identical text ([`AGREEMENT`]). Entries
//!    that only share a spelling (two "region"s) stay two concepts.
//! 3. Abbreviations are attached as designations: an entry's `abbreviation` to its concept; a row
//!    of `abbreviations.toml` to every concept with its expansion as a designation, else to the
//!    concept that already has the short form, else it forms a concept of its own (a designation
//!    pair without a definition).
//! 4. Successive definitions of one source (`[[succession]]`) are linked: each supersedes the one
//!    before.
//!
//! Ids are deterministic: a curated id, or the slug of the preferred designation, with the first
//! entry id added when several concepts would share the slug.

pub mod grouping;
pub mod lookup;
pub mod view;

#[cfg(test)]
mod tests;

use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::corpus::concepts::{CuratedConcept, Place};
pub use crate::corpus::concepts::{DesignationType, RelationKind};
use crate::model::{Collection, Entry, Status};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

pub use lookup::Expansion;

/// Two definitions of one designation agree (are one concept) when the Dice coefficient of
/// their sets of word bigrams is at least this. Measured on the corpus: pairs of entries with the
/// same designation score either ≥ 0.958 (copies, a one-word edit) or ≤ 0.831 (other wording).
pub const AGREEMENT: f64 = 0.9;

/// One designation of a concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Designation {
    /// As written (the most used spelling when sources differ only in case or plural).
    pub text: String,
    /// Normalized form: words folded and stemmed, joined by one space.
    pub norm: String,
    pub kind: DesignationType,
    pub status: Status,
    /// BCP 47 language tag.
    pub lang: String,
    /// The sources that use it (documents, authors), sorted.
    pub sources: Vec<String>,
    /// The entries (positions in [`Corpus::entries`]) that use it, sorted.
    pub entries: Vec<usize>,
    /// For a deprecated or superseded designation: the designation that replaces it.
    pub replaced_by: Option<String>,
    /// Why, when the coordinator decided its status.
    pub reason: Option<String>,
}

/// One definition of a concept: a corpus entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Position of the entry in [`Corpus::entries`].
    pub entry: usize,
    /// The preferred definition of the concept.
    pub preferred: bool,
    /// The same source's earlier definition this one replaces (entry position).
    pub supersedes: Option<usize>,
    /// The same source's later definition that replaces this one (entry position).
    pub superseded_by: Option<usize>,
}

/// A relation to another concept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub kind: RelationKind,
    /// Index of the other concept in [`Concepts::all`].
    pub target: usize,
}

/// How a concept was formed, for the editor who asks why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    /// Decided in `corpus/concepts/`: where, and why.
    Curated { place: Place, reason: String },
    /// Entries sharing a designation whose definitions agree.
    Computed,
    /// An abbreviation of `abbreviations.toml` whose expansion no entry defines.
    Abbreviation,
}

/// One concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// Stable id (a slug).
    pub id: String,
    /// Designations, the preferred one first, then by status, type and text.
    pub designations: Vec<Designation>,
    /// Definitions, the preferred one first, then by entry id.
    pub definitions: Vec<Definition>,
    /// Notes the coordinator gave the concept (the entries' own notes stay with the entries).
    pub notes: Vec<String>,
    /// Relations, sorted by kind then target.
    pub relations: Vec<Relation>,
    /// The concept that replaces this one, when it is superseded as a whole.
    pub replaced_by: Option<usize>,
    /// The collections its entries are in, sorted.
    pub collections: Vec<Collection>,
    pub grouping: Grouping,
}

impl Concept {
    /// The preferred designation (the first).
    pub fn preferred(&self) -> &Designation {
        &self.designations[0]
    }

    /// The designation shown as the concept's name.
    pub fn label(&self) -> &str {
        &self.preferred().text
    }

    /// The best status any of its designations has.
    pub fn status(&self) -> Status {
        self.designations
            .iter()
            .map(|d| d.status)
            .min_by_key(|s| status_rank(*s))
            .unwrap_or(Status::Admitted)
    }
}

/// Preferred before admitted before superseded before deprecated.
pub fn status_rank(s: Status) -> u8 {
    match s {
        Status::Preferred => 0,
        Status::Admitted => 1,
        Status::Superseded => 2,
        Status::Deprecated => 3,
    }
}

/// The concept layer: every concept of the corpus, built once.
#[derive(Debug, Clone, Default)]
pub struct Concepts {
    concepts: Vec<Concept>,
    by_id: BTreeMap<String, usize>,
    /// Entry position → concept index.
    of_entry: Vec<usize>,
    /// Normalized designation → (concept, designation index), sorted.
    by_norm: BTreeMap<String, Vec<(usize, usize)>>,
    /// The matcher and short-form table, built on first use ([`lookup`]).
    lookup: OnceLock<lookup::Lookup>,
}

/// Filters of [`Concepts::list`].
#[derive(Debug, Clone, Default)]
pub struct ConceptFilter {
    /// Only concepts with an entry in this collection.
    pub collection: Option<Collection>,
    /// Only concepts with a designation of this status.
    pub status: Option<Status>,
    /// Only concepts with a designation starting with this (case-insensitive).
    pub prefix: Option<String>,
}

impl Concepts {
    /// Computes the concepts of `corpus` with its analyzer (see the module documentation).
    pub fn build(corpus: &Corpus, analyzer: &Analyzer) -> Concepts {
        grouping::build(corpus, analyzer)
    }

    /// Every concept, sorted by id.
    pub fn all(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept with this id.
    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.by_id.get(id).map(|&i| &self.concepts[i])
    }

    /// The index of the concept with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The concept an entry (by position in [`Corpus::entries`]) defines.
    pub fn of_entry(&self, entry: usize) -> Option<&Concept> {
        self.of_entry.get(entry).map(|&c| &self.concepts[c])
    }

    /// The concepts with a designation of this normalized form, with the designation's index:
    /// what the draft check looks up for a term it found.
    pub fn by_norm(&self, norm: &str) -> &[(usize, usize)] {
        self.by_norm.get(norm).map_or(&[], Vec::as_slice)
    }

    /// Every normalized designation, sorted, with its (concept, designation) pairs.
    pub fn norms(&self) -> impl Iterator<Item = (&str, &[(usize, usize)])> {
        self.by_norm.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The other designations of the concept of designation `d` of concept `c`: its synonyms.
    pub fn synonyms(&self, c: usize, d: usize) -> impl Iterator<Item = &Designation> {
        self.concepts[c]
            .designations
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != d)
            .map(|(_, x)| x)
    }

    /// Concepts matching `filter`, in id order.
    pub fn list<'a>(
        &'a self,
        corpus: &'a Corpus,
        filter: &'a ConceptFilter,
    ) -> impl Iterator<Item = &'a Concept> + 'a {
        let prefix = filter
            .prefix
            .as_deref()
            .map(crate::analysis::normalize::fold);
        self.concepts.iter().filter(move |c| {
            filter
                .collection
                .is_none_or(|col| c.collections.contains(&col))
                && filter
                    .status
                    .is_none_or(|s| c.designations.iter().any(|d| d.status == s))
                && prefix.as_deref().is_none_or(|p| {
                    c.designations.iter().any(|d| {
                        crate::analysis::normalize::fold(&d.text).starts_with(p)
                            || d.norm.starts_with(p)
                    }) || c
                        .definitions
                        .iter()
                        .any(|def| corpus.entries()[def.entry].id.starts_with(p))
                })
        })
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }
}

/// The short name of an entry's source: its document, else its author, else its title, else the
/// entry id.
pub fn source_label(entry: &Entry) -> String {
    let s = &entry.source;
    s.document
        .as_deref()
        .or(s.author.as_deref())
        .or(s.title.as_deref())
        .unwrap_or(&entry.id)
        .to_string()
}

/// A slug of a designation: lower-case ASCII letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        let c = ch.to_ascii_lowercase();
        if c == '+' {
            // "3DoF+" is not "3DoF".
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push_str("plus");
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("concept");
    }
    out.truncate(80);
    out
}

/// Curated concept ids in the order given, for lookups during the build.
fn curated_ids(curated: &[CuratedConcept]) -> BTreeSet<&str> {
    curated.iter().map(|c| c.id.as_str()).collect()
}
