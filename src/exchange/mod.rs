//! Exchange: the concept layer written in the interchange formats of terminology work, and TBX
//! read back into corpus files.
//!
//! - [`Format::Tbx`]: TBX-Basic (ISO 30042:2019, DCA style), what ISO/ITU/EU termbases import.
//! - [`Format::Skos`] / [`Format::SkosJsonLd`]: SKOS in Turtle / JSON-LD (W3C), for Skosmos,
//!   SkoHub and linked-data catalogues.
//! - [`Format::JsonLd`]: Schema.org `DefinedTermSet` / `DefinedTerm`, what search engines read.
//! - [`Format::Csv`]: one row per definition, for spreadsheets (RFC 4180, UTF-8).
//!
//! Every writer streams: it writes concept by concept to the `Write` it is given and holds no
//! more than one concept's output at a time. [`import`] reads a TBX file into entries and
//! curation, refusing a malformed or invalid file with its line.

pub(crate) mod csv;
pub mod import;
mod schema_org;
mod skos;
mod tbx;

use crate::concepts::{Concept, Concepts};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::model::Collection;
use std::io::Write;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Tbx,
    Skos,
    SkosJsonLd,
    JsonLd,
    Csv,
}

impl Format {
    /// Every format, in the order they are listed.
    pub const ALL: &'static [Format] = &[
        Format::Tbx,
        Format::Skos,
        Format::SkosJsonLd,
        Format::JsonLd,
        Format::Csv,
    ];

    /// The name used on the command line and in `?format=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Tbx => "tbx",
            Format::Skos => "skos",
            Format::SkosJsonLd => "skos-jsonld",
            Format::JsonLd => "jsonld",
            Format::Csv => "csv",
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Tbx => "application/x-tbx+xml; charset=utf-8",
            Format::Skos => "text/turtle; charset=utf-8",
            Format::SkosJsonLd | Format::JsonLd => "application/ld+json",
            Format::Csv => "text/csv; charset=utf-8; header=present",
        }
    }

    /// The file name a download gets.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Tbx => "mvterms-concepts.tbx",
            Format::Skos => "mvterms-concepts.ttl",
            Format::SkosJsonLd => "mvterms-concepts.skos.jsonld",
            Format::JsonLd => "mvterms-concepts.schema.jsonld",
            Format::Csv => "mvterms-concepts.csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown format '{s}'; expected one of: {}",
                    Format::ALL
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

/// The IRIs of the RDF exports start with this unless another base is given.
pub const DEFAULT_BASE: &str = "urn:mvterms:";

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Only the concepts (and definitions) of this collection.
    pub collection: Option<Collection>,
    /// Base of the IRIs of concepts, definitions and the scheme (RDF formats).
    pub base: String,
}

impl ExportOptions {
    /// The whole registry in `format`.
    pub fn new(format: Format) -> ExportOptions {
        ExportOptions {
            format,
            collection: None,
            base: DEFAULT_BASE.to_string(),
        }
    }
}

/// The concepts and definitions an export writes: every concept, or those with a definition in
/// the collection asked for (and only those definitions).
pub(crate) struct Selection<'a> {
    pub corpus: &'a Corpus,
    pub concepts: &'a Concepts,
    pub collection: Option<Collection>,
    included: Vec<bool>,
}

impl<'a> Selection<'a> {
    fn new(corpus: &'a Corpus, concepts: &'a Concepts, collection: Option<Collection>) -> Self {
        let included = concepts
            .all()
            .iter()
            .map(|c| collection.is_none_or(|col| c.collections.contains(&col)))
            .collect();
        Selection {
            corpus,
            concepts,
            collection,
            included,
        }
    }

    /// The concepts written, in id order, with their index.
    pub fn concepts(&self) -> impl Iterator<Item = (usize, &'a Concept)> + '_ {
        self.concepts
            .all()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.included[*i])
    }

    /// True when concept `i` is written (a relation to it can be written).
    pub fn includes(&self, i: usize) -> bool {
        self.included.get(i).copied().unwrap_or(false)
    }

    /// True when the definition from entry `p` is written.
    pub fn includes_entry(&self, p: usize) -> bool {
        self.collection
            .is_none_or(|col| self.corpus.entries()[p].collection == col)
    }
}

/// Writes the concepts of `corpus` in the format of `options` to `out`.
pub fn export(
    corpus: &Corpus,
    concepts: &Concepts,
    options: &ExportOptions,
    out: impl Write,
) -> Result<()> {
    let selection = Selection::new(corpus, concepts, options.collection);
    let written = match options.format {
        Format::Tbx => tbx::write(&selection, out),
        Format::Skos => skos::write_turtle(&selection, &options.base, out),
        Format::SkosJsonLd => skos::write_jsonld(&selection, &options.base, out),
        Format::JsonLd => schema_org::write(&selection, &options.base, out),
        Format::Csv => csv::write(&selection, out),
    };
    written.map_err(|e| {
        Error::io(
            "write",
            format!("the {} export", options.format.as_str()),
            e,
        )
    })
}

/// IRI of a concept.
pub(crate) fn concept_iri(base: &str, id: &str) -> String {
    format!("{base}concept/{id}")
}

/// IRI of a definition (its corpus entry).
pub(crate) fn entry_iri(base: &str, id: &str) -> String {
    format!("{base}entry/{id}")
}

/// IRI of the concept scheme.
pub(crate) fn scheme_iri(base: &str) -> String {
    format!("{base}scheme")
}

/// Title of the exported vocabulary.
pub(crate) const TITLE: &str =
    "mvterms: terminology and definitions registry for metaverse standardization (ITU-T FG-MV)";

#[cfg(test)]
mod tests;
