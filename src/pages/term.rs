//! The term page (`/terms/{term}`): every definition of a term side by side with its source,
//! resolved the way `/v1/terms/{term}` resolves it (case-insensitive; an abbreviation such as
//! `XR` to the terms it stands for).

use super::card::Card;
use super::link;
use super::search::FacetLink;
use super::{Layout, Section};
use crate::model::Entry;
use askama::Template;

/// The term page.
#[derive(Template)]
#[template(path = "term.html")]
pub struct TermPage {
    pub layout: Layout,
    /// The term as asked.
    pub asked: String,
    /// The term shown (the spelling the entries use most).
    pub term: String,
    /// When `asked` was an abbreviation: the terms it stands for.
    pub expanded_to: Vec<FacetLink>,
    pub abbreviations: Vec<String>,
    pub cards: Vec<Card>,
    /// `/compare?ids=…` for the first definitions (two or more).
    pub compare_href: Option<String>,
    /// How many definitions the compare link takes.
    pub compare_count: usize,
    pub json_href: String,
    pub search_href: String,
}

/// Definitions the term page's compare link takes at most.
pub const COMPARE_AT_MOST: usize = 6;

impl TermPage {
    /// The page of the entries `resolve` found for `asked`.
    pub fn new(asked: &str, entries: &[&Entry], expanded_to: Vec<String>) -> TermPage {
        let abbreviations = crate::terms::abbreviations_of(entries.iter().copied());
        let term = most_used_spelling(entries).unwrap_or_else(|| asked.trim().to_string());
        let cards: Vec<Card> = entries.iter().map(|e| Card::of(e)).collect();
        let compare_count = cards.len().min(COMPARE_AT_MOST);
        let compare_href = (cards.len() >= 2)
            .then(|| link::compare(cards.iter().take(COMPARE_AT_MOST).map(|c| c.id.as_str())));
        let title = format!(
            "{term} — {} definition{}",
            cards.len(),
            if cards.len() == 1 { "" } else { "s" }
        );
        TermPage {
            layout: Layout::new(title, Section::None),
            asked: asked.to_string(),
            json_href: format!("/v1/terms/{}", link::segment(asked)),
            search_href: format!(
                "/?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("term", &term)
                    .finish()
            ),
            term,
            expanded_to: expanded_to
                .iter()
                .map(|t| FacetLink {
                    label: t.clone(),
                    href: link::term(t),
                })
                .collect(),
            abbreviations,
            cards,
            compare_href,
            compare_count,
        }
    }
}

/// The spelling most entries use (ties: the first in sort order).
fn most_used_spelling(entries: &[&Entry]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for e in entries {
        *counts.entry(e.term.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.to_string())
}
