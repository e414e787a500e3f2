//! CSV for spreadsheets: one row per definition (a concept without a definition gets one row
//! with the definition columns empty), the columns of [`HEADER`] in that order, RFC 4180
//! quoting, UTF-8.

use super::Selection;
use crate::concepts::source_label;
use std::io::{self, Write};

/// The columns, in order (documented in the README).
pub const HEADER: &[&str] = &[
    "concept_id",
    "preferred_designation",
    "designations",
    "entry_id",
    "collection",
    "term",
    "lang",
    "definition",
    "source",
    "year",
    "kind",
    "preferred_definition",
    "supersedes",
    "superseded_by",
];

pub fn write(sel: &Selection<'_>, out: impl Write) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(io::BufWriter::new(out));
    w.write_record(HEADER)?;
    let entries = sel.corpus.entries();
    for (_, c) in sel.concepts() {
        let designations = c
            .designations
            .iter()
            .map(|d| format!("{} ({}, {}, {})", d.text, d.kind.as_str(), d.status, d.lang))
            .collect::<Vec<_>>()
            .join("; ");
        let mut rows = 0;
        for d in c.definitions.iter().filter(|d| sel.includes_entry(d.entry)) {
            let e = &entries[d.entry];
            let id_of = |p: Option<usize>| p.map(|p| entries[p].id.clone()).unwrap_or_default();
            w.write_record([
                c.id.as_str(),
                c.label(),
                &designations,
                &e.id,
                e.collection.as_str(),
                &e.term,
                &e.lang,
                &e.definition,
                &source_label(e),
                &e.year.map(|y| y.to_string()).unwrap_or_default(),
                e.kind.map(|k| k.as_str()).unwrap_or_default(),
                if d.preferred { "yes" } else { "" },
                &id_of(d.supersedes),
                &id_of(d.superseded_by),
            ])?;
            rows += 1;
        }
        if rows == 0 {
            let mut record = vec![c.id.as_str(), c.label(), &designations];
            record.resize(HEADER.len(), "");
            w.write_record(&record)?;
        }
    }
    w.flush()?;
    Ok(())
}
