//! Schema.org JSON-LD: one `DefinedTermSet` whose `hasDefinedTerm` lists a `DefinedTerm` per
//! concept (name, alternate names, the preferred or first definition as description, the
//! concept id as `termCode`), what search engines and web catalogues read.

use super::{Selection, concept_iri, scheme_iri};
use crate::concepts::source_label;
use serde_json::{Value, json};
use std::io::{self, Write};

pub fn write(sel: &Selection<'_>, base: &str, out: impl Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    let scheme = scheme_iri(base);
    let head = json!({
        "@context": "https://schema.org/",
        "@type": "DefinedTermSet",
        "@id": scheme,
        "name": super::TITLE,
    });
    // The set's fields, then its terms written one at a time so the file streams.
    let head = serde_json::to_string(&head)?;
    w.write_all(&head.as_bytes()[..head.len() - 1])?;
    w.write_all(b",\"hasDefinedTerm\":[")?;
    let entries = sel.corpus.entries();
    for (n, (_, c)) in sel.concepts().enumerate() {
        if n > 0 {
            w.write_all(b",")?;
        }
        w.write_all(b"\n")?;
        let mut alternate: Vec<&str> = Vec::new();
        for d in &c.designations[1..] {
            if d.text != c.label() && !alternate.contains(&d.text.as_str()) {
                alternate.push(&d.text);
            }
        }
        let definition = c
            .definitions
            .iter()
            .find(|d| sel.includes_entry(d.entry) && entries[d.entry].lang == "en")
            .or_else(|| c.definitions.iter().find(|d| sel.includes_entry(d.entry)))
            .map(|d| &entries[d.entry]);
        let mut term = json!({
            "@type": "DefinedTerm",
            "@id": concept_iri(base, &c.id),
            "termCode": c.id,
            "name": c.label(),
            "inDefinedTermSet": scheme,
        });
        let object = term.as_object_mut().expect("a JSON object");
        if !alternate.is_empty() {
            object.insert("alternateName".into(), json!(alternate));
        }
        if let Some(e) = definition {
            object.insert(
                "description".into(),
                json!({"@value": e.definition, "@language": e.lang}),
            );
            let mut citation = json!({"@type": "CreativeWork", "name": source_label(e)});
            if let Some(url) = &e.source.url {
                citation["url"] = Value::String(url.clone());
            }
            object.insert("citation".into(), citation);
        }
        serde_json::to_writer(&mut w, &term)?;
    }
    w.write_all(b"\n]}\n")?;
    w.flush()
}
