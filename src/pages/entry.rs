//! The entry page (`/entries/{id}`): one definition with its full source, status, kind and
//! notes; what it expresses (characteristics, FGMV-20 coverage); its concept and related
//! terms; other definitions of the same term side by side; links to compare and export.

use super::card::Card;
use super::link;
use super::search::FacetLink;
use super::{Layout, Section};
use crate::compare::Item;
use crate::concepts::view::ConceptView;
use crate::history::Dates;
use crate::model::Entry;
use askama::Template;

/// Definitions of the same term shown in full beside the entry; past this many, the nearest.
pub const SIDE_BY_SIDE: usize = 6;

/// The entry page.
#[derive(Template)]
#[template(path = "entry.html")]
pub struct EntryPage {
    pub layout: Layout,
    pub card: Card,
    pub flags: Vec<String>,
    pub concept: Option<ConceptBox>,
    pub characteristics: Vec<FacetLink>,
    pub coverage: Option<CoverageView>,
    /// Other definitions of the same term (all, or the nearest when there are many).
    pub others: Vec<Card>,
    /// How many definitions the term has in all (this one included).
    pub term_total: usize,
    /// True when `others` are the nearest of many, not all.
    pub others_nearest: bool,
    pub term_href: String,
    pub compare_href: Option<String>,
    pub exports: Vec<FacetLink>,
    pub history: Option<HistoryView>,
    /// A citation of the entry, to copy.
    pub cite: String,
}

/// The concept the entry defines.
pub struct ConceptBox {
    pub id: String,
    pub label: String,
    pub status: &'static str,
    /// Its designations (term, abbreviation, variant) with status.
    pub designations: Vec<DesignationLine>,
    /// Related concepts: kind of relation and a link to the term.
    pub relations: Vec<RelationLine>,
    /// How the concept was formed.
    pub grouping: String,
    pub definitions: usize,
}

/// One designation of the concept.
pub struct DesignationLine {
    pub term: String,
    pub href: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub lang: Option<String>,
}

/// One relation of the concept.
pub struct RelationLine {
    pub kind: String,
    pub label: String,
    pub href: String,
}

/// When the entry was added and last changed: the day and the short commit.
pub struct HistoryView {
    pub added: String,
    pub added_commit: String,
    pub changed: String,
    pub changed_commit: String,
}

impl HistoryView {
    fn of(dates: &Dates) -> HistoryView {
        let day = |d: &str| d.get(..10).unwrap_or(d).to_string();
        let short = |c: &str| c.get(..12).unwrap_or(c).to_string();
        HistoryView {
            added: day(&dates.added.date),
            added_commit: short(&dates.added.commit),
            changed: day(&dates.changed.date),
            changed_commit: short(&dates.changed.commit),
        }
    }
}

/// FGMV-20 coverage in words and links.
pub struct CoverageView {
    pub summary: String,
    pub percent: u32,
    pub expresses: Vec<FacetLink>,
    pub lacks: Vec<FacetLink>,
    pub adds: Vec<FacetLink>,
}

/// What the entry page is built from (the handler gathers it from the registry).
pub struct EntryFacts<'a> {
    pub entry: &'a Entry,
    pub concept: Option<ConceptView>,
    /// The entry read against the clusters (absent when it cannot be read, e.g. no words).
    pub item: Option<Item>,
    /// Other definitions of the same term to show, best first.
    pub others: Vec<&'a Entry>,
    /// Definitions of the term in all, this one included.
    pub term_total: usize,
    pub history: Option<Dates>,
    /// The corpus fingerprint, for the citation.
    pub fingerprint: &'a str,
}

fn links(refs: &[crate::clusters::ClusterRef]) -> Vec<FacetLink> {
    refs.iter()
        .map(|c| FacetLink {
            label: c.label.clone(),
            href: link::characteristic(&c.id),
        })
        .collect()
}

impl EntryPage {
    pub fn new(facts: EntryFacts<'_>) -> EntryPage {
        let entry = facts.entry;
        let mut card = Card::of(entry);
        card.current = true;
        let others: Vec<Card> = facts.others.iter().map(|e| Card::of(e)).collect();
        let compare_href = (!others.is_empty()).then(|| {
            link::compare(
                std::iter::once(entry.id.as_str()).chain(others.iter().map(|c| c.id.as_str())),
            )
        });
        let mut exports = vec![FacetLink {
            label: "This entry as JSON".into(),
            href: format!("/v1/entries/{}", link::segment(&entry.id)),
        }];
        exports.push(FacetLink {
            label: "Its characteristics as JSON".into(),
            href: format!("{}/characteristics", exports[0].href),
        });
        let concept = facts.concept.map(|c| {
            exports.push(FacetLink {
                label: "Its concept as JSON".into(),
                href: format!("/v1/concepts/{}", link::segment(&c.id)),
            });
            ConceptBox {
                status: c.status.as_str(),
                designations: c
                    .designations
                    .iter()
                    .map(|d| DesignationLine {
                        href: link::term(&d.term),
                        term: d.term.clone(),
                        kind: d.kind.as_str(),
                        status: d.status.as_str(),
                        lang: (d.lang != "en").then(|| d.lang.clone()),
                    })
                    .collect(),
                relations: c
                    .relations
                    .iter()
                    .map(|r| RelationLine {
                        kind: r.kind.as_str().replace('_', " "),
                        href: link::term(&r.label),
                        label: r.label.clone(),
                    })
                    .collect(),
                grouping: match c.grouping.place {
                    Some(place) => {
                        format!("{} ({}): {}", c.grouping.method, place, c.grouping.reason)
                    }
                    None => format!("{}: {}", c.grouping.method, c.grouping.reason),
                },
                definitions: c.definitions.len(),
                id: c.id,
                label: c.label,
            }
        });
        exports.push(FacetLink {
            label: "The whole registry as TBX".into(),
            href: "/v1/export?format=tbx".into(),
        });
        let (characteristics, coverage) = match facts.item {
            Some(item) => (
                links(&item.characteristics),
                item.fgmv20.map(|c| CoverageView {
                    percent: (c.share * 100.0).round() as u32,
                    summary: c.summary.clone(),
                    expresses: links(&c.expresses),
                    lacks: links(&c.lacks),
                    adds: links(&c.adds),
                }),
            ),
            None => (Vec::new(), None),
        };
        let cite = format!(
            "“{}”, {}{}. In: mvterms registry, entry {} (corpus {}).",
            entry.term,
            card.source,
            entry.year.map(|y| format!(", {y}")).unwrap_or_default(),
            entry.id,
            &facts.fingerprint[..facts.fingerprint.len().min(12)],
        );
        EntryPage {
            layout: Layout::new(format!("{} — {}", entry.term, card.source), Section::None),
            flags: entry.flags.clone(),
            term_href: link::term(&entry.term),
            others_nearest: facts.term_total > facts.others.len() + 1,
            term_total: facts.term_total,
            others,
            concept,
            characteristics,
            coverage,
            compare_href,
            exports,
            history: facts.history.as_ref().map(HistoryView::of),
            cite,
            card,
        }
    }
}
