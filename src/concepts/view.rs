//! What the API and the CLI's `--json` print for a concept: plain serializable values with the
//! entries' texts and ids filled in from the corpus (the concept layer itself holds positions).

use super::{Concept, Concepts, Grouping, source_label};
use crate::corpus::Corpus;
use crate::model::{Collection, Status};
use serde::Serialize;

/// One designation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DesignationView {
    /// As written.
    pub term: String,
    /// `term`, `abbreviation`, `symbol` or `variant`.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub kind: super::DesignationType,
    pub status: Status,
    pub lang: String,
    /// Sources that use it.
    pub sources: Vec<String>,
    /// Ids of the entries that use it.
    pub entries: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One definition (a corpus entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DefinitionView {
    /// The entry id.
    pub entry: String,
    pub text: String,
    pub lang: String,
    /// The entry's source, short.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    pub collection: Collection,
    /// The concept's preferred definition.
    pub preferred: bool,
    /// Entry id of the same source's earlier definition this one replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// Entry id of the same source's later definition that replaces this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
}

/// A relation to another concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RelationView {
    /// `broader`, `narrower`, `related` or `see_also`.
    #[schema(value_type = String)]
    pub kind: super::RelationKind,
    /// The other concept's id.
    pub concept: String,
    /// Its preferred designation.
    pub label: String,
}

/// How the concept was formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GroupingView {
    /// `curated`, `computed` or `abbreviation`.
    pub method: &'static str,
    /// For `curated`: the file and line of the decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Why: the coordinator's reason, or how the computation joined the entries.
    pub reason: String,
}

/// A concept with everything about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ConceptView {
    pub id: String,
    /// The preferred designation.
    pub label: String,
    /// The best status of its designations.
    pub status: Status,
    pub collections: Vec<Collection>,
    pub designations: Vec<DesignationView>,
    pub definitions: Vec<DefinitionView>,
    pub notes: Vec<String>,
    pub relations: Vec<RelationView>,
    /// Id of the concept that replaces this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    pub grouping: GroupingView,
}

/// A concept in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ConceptSummary {
    pub id: String,
    pub label: String,
    pub status: Status,
    pub collections: Vec<Collection>,
    /// Every designation as written, in the concept's order.
    pub designations: Vec<String>,
    /// Number of definitions.
    pub definitions: usize,
    /// `curated`, `computed` or `abbreviation`.
    pub grouping: &'static str,
}

fn method(g: &Grouping) -> &'static str {
    match g {
        Grouping::Curated { .. } => "curated",
        Grouping::Computed => "computed",
        Grouping::Abbreviation => "abbreviation",
    }
}

impl Concepts {
    /// The full view of a concept.
    pub fn view(&self, corpus: &Corpus, c: &Concept) -> ConceptView {
        let entries = corpus.entries();
        let id_of = |p: usize| entries[p].id.clone();
        ConceptView {
            id: c.id.clone(),
            label: c.label().to_string(),
            status: c.status(),
            collections: c.collections.clone(),
            designations: c
                .designations
                .iter()
                .map(|d| DesignationView {
                    term: d.text.clone(),
                    kind: d.kind,
                    status: d.status,
                    lang: d.lang.clone(),
                    sources: d.sources.clone(),
                    entries: d.entries.iter().map(|&p| id_of(p)).collect(),
                    replaced_by: d.replaced_by.clone(),
                    reason: d.reason.clone(),
                })
                .collect(),
            definitions: c
                .definitions
                .iter()
                .map(|d| {
                    let e = &entries[d.entry];
                    DefinitionView {
                        entry: e.id.clone(),
                        text: e.definition.clone(),
                        lang: e.lang.clone(),
                        source: source_label(e),
                        year: e.year,
                        collection: e.collection,
                        preferred: d.preferred,
                        supersedes: d.supersedes.map(id_of),
                        superseded_by: d.superseded_by.map(id_of),
                    }
                })
                .collect(),
            notes: c.notes.clone(),
            relations: c
                .relations
                .iter()
                .map(|r| RelationView {
                    kind: r.kind,
                    concept: self.all()[r.target].id.clone(),
                    label: self.all()[r.target].label().to_string(),
                })
                .collect(),
            replaced_by: c.replaced_by.map(|t| self.all()[t].id.clone()),
            grouping: match &c.grouping {
                Grouping::Curated { place, reason } => GroupingView {
                    method: "curated",
                    place: Some(place.to_string()),
                    reason: reason.clone(),
                },
                Grouping::Computed => GroupingView {
                    method: "computed",
                    place: None,
                    reason: if c.definitions.len() > 1 {
                        format!(
                            "entries with the same designation whose definitions agree (word-bigram Dice ≥ {})",
                            super::AGREEMENT
                        )
                    } else {
                        "one entry; no other entry with its designation has an agreeing definition"
                            .into()
                    },
                },
                Grouping::Abbreviation => GroupingView {
                    method: "abbreviation",
                    place: None,
                    reason:
                        "an abbreviation of abbreviations.toml whose expansion no entry defines"
                            .into(),
                },
            },
        }
    }

    /// The short view of a concept, for lists.
    pub fn summary(&self, c: &Concept) -> ConceptSummary {
        ConceptSummary {
            id: c.id.clone(),
            label: c.label().to_string(),
            status: c.status(),
            collections: c.collections.clone(),
            designations: {
                let mut seen = std::collections::BTreeSet::new();
                c.designations
                    .iter()
                    .filter(|d| seen.insert(d.text.as_str()))
                    .map(|d| d.text.clone())
                    .collect()
            },
            definitions: c.definitions.len(),
            grouping: method(&c.grouping),
        }
    }
}
