//! TBX-Basic (ISO 30042:2019, DCA style): one `conceptEntry` per concept, one `langSec` per
//! language, definitions (`descripGrp` with `descrip type="definition"` and its `admin
//! type="source"`) before the terms (`termSec` with `termType` and `administrativeStatus`).
//!
//! Data categories TBX-Basic lacks are written so a reader (and [`super::import`]) can recover
//! them: relations are `ref type="crossReference"` whose text starts with the relation
//! (`broader: virtual world`); the designation that replaces a deprecated one is a
//! crossReference to its `termSec`; a superseded definition and the preferred definition carry
//! a `note` of fixed wording ([`SUPERSEDED_BY`], [`PREFERRED`]).

use super::Selection;
use crate::concepts::{Concept, DesignationType, RelationKind, source_label};
use crate::model::Status;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The TBX namespace (ISO 30042:2019).
pub const NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";
/// Note on a definition that a later one of the same source replaces; the entry id follows.
pub const SUPERSEDED_BY: &str = "Superseded by the same source's definition ";
/// Note on the concept's preferred definition.
pub const PREFERRED: &str = "Preferred definition of the concept.";
/// The text of the header's source description.
pub const SOURCE_DESC: &str = "Concepts of the mvterms registry: the definitions of metaverse collected by ITU-T FG-MV (FGMV-02) and the FG-MV vocabulary, with their designations, statuses and sources.";

/// `termType` of a designation.
pub fn term_type(kind: DesignationType) -> &'static str {
    match kind {
        DesignationType::Term => "fullForm",
        DesignationType::Abbreviation => "abbreviation",
        DesignationType::Symbol => "shortForm",
        DesignationType::Variant => "variant",
    }
}

/// `administrativeStatus` of a status.
pub fn admin_status(status: Status) -> &'static str {
    match status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated => "deprecatedTerm-admn-sts",
        Status::Superseded => "supersededTerm-admn-sts",
    }
}

/// The text that starts a relation's crossReference.
pub fn relation_text(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Broader => "broader",
        RelationKind::Narrower => "narrower",
        RelationKind::Related => "related",
        RelationKind::SeeAlso => "see also",
    }
}

/// The text that starts the crossReference to the concept replacing this one.
pub const REPLACED_BY: &str = "replaced by";

/// `xml:id` of a concept entry.
pub fn concept_id(id: &str) -> String {
    format!("c-{id}")
}

/// `xml:id` of a definition.
pub fn definition_id(entry: &str) -> String {
    format!("e-{entry}")
}

/// `xml:id` of a term section: the concept and the designation's 1-based position.
pub fn term_id(concept: &str, n: usize) -> String {
    format!("t-{concept}-{n}")
}

struct Xml<W: Write>(Writer<W>);

impl<W: Write> Xml<W> {
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let mut e = BytesStart::new(name);
        for a in attrs {
            e.push_attribute(*a);
        }
        self.0.write_event(Event::Start(e))
    }
    fn end(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::End(BytesEnd::new(name)))
    }
    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.start(name, attrs)?;
        self.0.write_event(Event::Text(BytesText::new(text)))?;
        self.end(name)
    }
}

pub fn write(sel: &Selection<'_>, out: impl Write) -> io::Result<()> {
    let mut x = Xml(Writer::new_with_indent(io::BufWriter::new(out), b' ', 2));
    x.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    x.start(
        "tbx",
        &[
            ("type", "TBX-Basic"),
            ("style", "dca"),
            ("xml:lang", "en"),
            ("xmlns", NAMESPACE),
        ],
    )?;
    x.start("tbxHeader", &[])?;
    x.start("fileDesc", &[])?;
    x.start("titleStmt", &[])?;
    x.leaf("title", &[], super::TITLE)?;
    x.end("titleStmt")?;
    x.start("sourceDesc", &[])?;
    x.leaf("p", &[], SOURCE_DESC)?;
    x.end("sourceDesc")?;
    x.end("fileDesc")?;
    x.end("tbxHeader")?;
    x.start("text", &[])?;
    x.start("body", &[])?;
    for (_, c) in sel.concepts() {
        concept(&mut x, sel, c)?;
    }
    x.end("body")?;
    x.end("text")?;
    x.end("tbx")?;
    let mut inner = x.0.into_inner();
    inner.write_all(b"\n")?;
    inner.flush()
}

fn concept<W: Write>(x: &mut Xml<W>, sel: &Selection<'_>, c: &Concept) -> io::Result<()> {
    let entries = sel.corpus.entries();
    let all = sel.concepts.all();
    x.start("conceptEntry", &[("id", &concept_id(&c.id))])?;
    for note in &c.notes {
        x.leaf("note", &[], note)?;
    }
    for r in &c.relations {
        if sel.includes(r.target) {
            let other = &all[r.target];
            x.leaf(
                "ref",
                &[
                    ("type", "crossReference"),
                    ("target", &concept_id(&other.id)),
                ],
                &format!("{}: {}", relation_text(r.kind), other.label()),
            )?;
        }
    }
    if let Some(t) = c.replaced_by.filter(|&t| sel.includes(t)) {
        x.leaf(
            "ref",
            &[
                ("type", "crossReference"),
                ("target", &concept_id(&all[t].id)),
            ],
            &format!("{REPLACED_BY}: {}", all[t].label()),
        )?;
    }
    // Languages: those of the designations, in order of first use (the preferred one first).
    let mut langs: Vec<&str> = Vec::new();
    for d in &c.designations {
        if !langs.contains(&d.lang.as_str()) {
            langs.push(&d.lang);
        }
    }
    let mut written_terms: BTreeSet<(&str, &str)> = BTreeSet::new();
    for lang in langs {
        x.start("langSec", &[("xml:lang", lang)])?;
        for d in c
            .definitions
            .iter()
            .filter(|d| sel.includes_entry(d.entry) && entries[d.entry].lang == lang)
        {
            let e = &entries[d.entry];
            x.start("descripGrp", &[("id", &definition_id(&e.id))])?;
            x.leaf("descrip", &[("type", "definition")], &e.definition)?;
            x.leaf("admin", &[("type", "source")], &source_label(e))?;
            if d.preferred {
                x.leaf("note", &[], PREFERRED)?;
            }
            if let Some(newer) = d.superseded_by.filter(|&n| sel.includes_entry(n)) {
                x.leaf(
                    "note",
                    &[],
                    &format!("{SUPERSEDED_BY}{}.", definition_id(&entries[newer].id)),
                )?;
            }
            for note in &e.notes {
                x.leaf("note", &[], note)?;
            }
            x.end("descripGrp")?;
        }
        for (n, d) in c.designations.iter().enumerate() {
            if d.lang != lang || !written_terms.insert((&d.text, &d.lang)) {
                continue;
            }
            x.start("termSec", &[("id", &term_id(&c.id, n + 1))])?;
            x.leaf("term", &[], &d.text)?;
            x.leaf("termNote", &[("type", "termType")], term_type(d.kind))?;
            x.leaf(
                "termNote",
                &[("type", "administrativeStatus")],
                admin_status(d.status),
            )?;
            for s in &d.sources {
                x.leaf("admin", &[("type", "source")], s)?;
            }
            if let Some(r) = &d.replaced_by {
                if let Some(m) = c.designations.iter().position(|o| &o.text == r) {
                    x.leaf(
                        "ref",
                        &[
                            ("type", "crossReference"),
                            ("target", &term_id(&c.id, m + 1)),
                        ],
                        &format!("{REPLACED_BY}: {r}"),
                    )?;
                }
            }
            x.end("termSec")?;
        }
        x.end("langSec")?;
    }
    x.end("conceptEntry")
}
