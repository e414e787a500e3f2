//! SKOS (W3C) in Turtle and JSON-LD: a `skos:ConceptScheme` and its `skos:Concept`s with
//! `prefLabel` (one per language), `altLabel`, `hiddenLabel` (deprecated and superseded
//! designations), `definition`s (each the corpus entry as a resource with `rdf:value` and
//! `dct:source`; a superseded one `owl:deprecated` and `dct:isReplacedBy` its successor),
//! `scopeNote`, `broader` / `narrower` / `related`, `rdfs:seeAlso`, and `owl:deprecated` +
//! `dct:isReplacedBy` on a concept replaced as a whole. Literals carry their language tag.
//!
//! The triples are made with oxrdf and serialized with oxttl / oxjsonld, concept by concept.

use super::{Selection, concept_iri, entry_iri, scheme_iri};
use crate::concepts::{Concept, RelationKind, source_label};
use crate::model::Status;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{GraphNameRef, Literal, NamedNode, QuadRef, Triple};
use std::collections::BTreeSet;
use std::io::{self, Write};

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCT: &str = "http://purl.org/dc/terms/";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

fn skos(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SKOS}{local}"))
}
fn dct(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DCT}{local}"))
}
fn owl_deprecated() -> NamedNode {
    NamedNode::new_unchecked(format!("{OWL}deprecated"))
}

fn iri(text: String) -> io::Result<NamedNode> {
    NamedNode::new(text).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
}

fn lang_literal(text: &str, lang: &str) -> io::Result<Literal> {
    Literal::new_language_tagged_literal(text, lang)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
}

fn true_literal() -> Literal {
    Literal::new_typed_literal("true", xsd::BOOLEAN)
}

/// Every triple of the export, handed to `emit` subject by subject.
fn triples(
    sel: &Selection<'_>,
    base: &str,
    mut emit: impl FnMut(Triple) -> io::Result<()>,
) -> io::Result<()> {
    let scheme = iri(scheme_iri(base))?;
    emit(Triple::new(
        scheme.clone(),
        rdf::TYPE,
        skos("ConceptScheme"),
    ))?;
    emit(Triple::new(
        scheme.clone(),
        dct("title"),
        lang_literal(super::TITLE, "en")?,
    ))?;
    let all = sel.concepts.all();
    for (_, c) in sel.concepts() {
        let has_broader = c
            .relations
            .iter()
            .any(|r| r.kind == RelationKind::Broader && sel.includes(r.target));
        if !has_broader {
            emit(Triple::new(
                scheme.clone(),
                skos("hasTopConcept"),
                iri(concept_iri(base, &c.id))?,
            ))?;
        }
    }
    for (_, c) in sel.concepts() {
        concept(sel, base, &scheme, all, c, &mut emit)?;
    }
    Ok(())
}

fn concept(
    sel: &Selection<'_>,
    base: &str,
    scheme: &NamedNode,
    all: &[Concept],
    c: &Concept,
    emit: &mut impl FnMut(Triple) -> io::Result<()>,
) -> io::Result<()> {
    let entries = sel.corpus.entries();
    let me = iri(concept_iri(base, &c.id))?;
    emit(Triple::new(me.clone(), rdf::TYPE, skos("Concept")))?;
    emit(Triple::new(me.clone(), skos("inScheme"), scheme.clone()))?;
    emit(Triple::new(
        me.clone(),
        skos("notation"),
        Literal::new_simple_literal(&c.id),
    ))?;
    let mut pref_langs: BTreeSet<&str> = BTreeSet::new();
    let mut labels: BTreeSet<(&str, &str)> = BTreeSet::new();
    for d in &c.designations {
        if !labels.insert((&d.text, &d.lang)) {
            continue;
        }
        let property = match d.status {
            Status::Deprecated | Status::Superseded => "hiddenLabel",
            _ if pref_langs.insert(&d.lang) => "prefLabel",
            _ => "altLabel",
        };
        emit(Triple::new(
            me.clone(),
            skos(property),
            lang_literal(&d.text, &d.lang)?,
        ))?;
    }
    for d in c.definitions.iter().filter(|d| sel.includes_entry(d.entry)) {
        emit(Triple::new(
            me.clone(),
            skos("definition"),
            iri(entry_iri(base, &entries[d.entry].id))?,
        ))?;
    }
    for note in &c.notes {
        emit(Triple::new(
            me.clone(),
            skos("scopeNote"),
            lang_literal(note, "en")?,
        ))?;
    }
    for r in c.relations.iter().filter(|r| sel.includes(r.target)) {
        let property = match r.kind {
            RelationKind::Broader => skos("broader"),
            RelationKind::Narrower => skos("narrower"),
            RelationKind::Related => skos("related"),
            RelationKind::SeeAlso => NamedNode::new_unchecked(format!("{RDFS}seeAlso")),
        };
        emit(Triple::new(
            me.clone(),
            property,
            iri(concept_iri(base, &all[r.target].id))?,
        ))?;
    }
    if let Some(t) = c.replaced_by.filter(|&t| sel.includes(t)) {
        emit(Triple::new(me.clone(), owl_deprecated(), true_literal()))?;
        emit(Triple::new(
            me.clone(),
            dct("isReplacedBy"),
            iri(concept_iri(base, &all[t].id))?,
        ))?;
    }
    for d in c.definitions.iter().filter(|d| sel.includes_entry(d.entry)) {
        let e = &entries[d.entry];
        let node = iri(entry_iri(base, &e.id))?;
        emit(Triple::new(
            node.clone(),
            rdf::VALUE,
            lang_literal(&e.definition, &e.lang)?,
        ))?;
        emit(Triple::new(
            node.clone(),
            dct("source"),
            Literal::new_simple_literal(source_label(e)),
        ))?;
        if let Some(url) = e.source.url.as_deref().and_then(|u| NamedNode::new(u).ok()) {
            emit(Triple::new(node.clone(), dct("references"), url))?;
        }
        if let Some(newer) = d.superseded_by.filter(|&n| sel.includes_entry(n)) {
            emit(Triple::new(node.clone(), owl_deprecated(), true_literal()))?;
            emit(Triple::new(
                node.clone(),
                dct("isReplacedBy"),
                iri(entry_iri(base, &entries[newer].id))?,
            ))?;
        }
    }
    Ok(())
}

const PREFIXES: &[(&str, &str)] = &[
    ("skos", SKOS),
    ("dct", DCT),
    ("owl", OWL),
    ("rdfs", RDFS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

fn bad_prefix(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, e.to_string())
}

pub fn write_turtle(sel: &Selection<'_>, base: &str, out: impl Write) -> io::Result<()> {
    let mut serializer = oxttl::TurtleSerializer::new();
    for (p, ns) in PREFIXES {
        serializer = serializer.with_prefix(*p, *ns).map_err(bad_prefix)?;
    }
    let mut w = serializer.for_writer(io::BufWriter::new(out));
    triples(sel, base, |t| w.serialize_triple(&t))?;
    w.finish()?.flush()
}

pub fn write_jsonld(sel: &Selection<'_>, base: &str, out: impl Write) -> io::Result<()> {
    let mut serializer = oxjsonld::JsonLdSerializer::new();
    for (p, ns) in PREFIXES {
        serializer = serializer.with_prefix(*p, *ns).map_err(bad_prefix)?;
    }
    let mut w = serializer.for_writer(io::BufWriter::new(out));
    triples(sel, base, |t| {
        w.serialize_quad(QuadRef::new(
            &t.subject,
            &t.predicate,
            &t.object,
            GraphNameRef::DefaultGraph,
        ))
    })?;
    let mut inner = w.finish()?;
    inner.write_all(b"\n")?;
    inner.flush()
}
