//! One definition as a card: the entry's term, definition, notes and full source, the way the
//! entry page, the term page and lists of definitions side by side show it.

use super::link;
use super::markup::safe_url;
use crate::model::{Entry, Source};

/// An entry as shown.
pub struct Card {
    pub id: String,
    pub href: String,
    pub term: String,
    pub term_href: String,
    /// `lang` of the term, definition and notes when they are not English.
    pub lang: Option<String>,
    pub definition: String,
    pub notes: Vec<String>,
    pub abbreviation: Option<String>,
    pub status: &'static str,
    pub kind: Option<&'static str>,
    pub year: Option<i32>,
    pub collection: &'static str,
    pub author: Option<String>,
    pub title: Option<String>,
    pub document: Option<String>,
    pub clause: Option<String>,
    /// The source's URL when it may be a link (`http`/`https`).
    pub url: Option<String>,
    /// A URL that may not be a link (`javascript:`, relative), shown as text.
    pub url_text: Option<String>,
    pub cited_via: Option<String>,
    /// Where the collector read the definition, when it may be a link.
    pub seen_at: Option<String>,
    /// Where the collector read it, when that may not be a link.
    pub seen_at_text: Option<String>,
    /// The entry the page is about (drawn out among others).
    pub current: bool,
    /// A short line naming the source ([`source_line`]).
    pub source: String,
}

impl Card {
    pub fn of(entry: &Entry) -> Card {
        let s = &entry.source;
        let url = s.url.as_deref().and_then(safe_url).map(str::to_string);
        Card {
            id: entry.id.clone(),
            href: link::entry(&entry.id),
            term: entry.term.clone(),
            term_href: link::term(&entry.term),
            lang: (entry.lang != "en").then(|| entry.lang.clone()),
            definition: entry.definition.clone(),
            notes: entry.notes.clone(),
            abbreviation: entry.abbreviation.clone(),
            status: entry.status.as_str(),
            kind: entry.kind.map(|k| k.as_str()),
            year: entry.year,
            collection: entry.collection.as_str(),
            author: s.author.clone(),
            title: s.title.clone(),
            document: s.document.clone(),
            clause: s.clause.clone(),
            url_text: if url.is_none() { s.url.clone() } else { None },
            url,
            cited_via: s.cited_via.clone(),
            seen_at: s.seen_at.as_deref().and_then(safe_url).map(str::to_string),
            seen_at_text: s
                .seen_at
                .as_deref()
                .filter(|u| safe_url(u).is_none())
                .map(str::to_string),
            current: false,
            source: source_line(s, &entry.id),
        }
    }
}

/// "Author · document": who published a definition and where, for a line under its term; the
/// title, else the entry id, when the source names neither.
pub fn source_line(source: &Source, id: &str) -> String {
    let parts: Vec<&str> = [source.author.as_deref(), source.document.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        source.title.as_deref().unwrap_or(id).to_string()
    } else {
        parts.join(" · ")
    }
}
