//! The search page (`/`): the query box, facets with counts, highlighted hits with why they
//! matched, notices (typos, any word, capped expansions) and pagination.

use super::link::{self, SearchState};
use super::markup::{marked, safe_url};
use super::{Layout, Section};
use crate::model::{Collection, Kind};
use crate::search::{Hit, MAX_OFFSET, Matched, SearchRequest, SearchResults};
use askama::Template;

/// The search page: the form alone (no query yet), or the form with results.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub form: Form,
    pub results: Option<Results>,
    /// Registry counts for the page without a query.
    pub intro: Option<Intro>,
}

/// What the page says before a query: what the registry holds, and a few queries to try.
pub struct Intro {
    pub entries: usize,
    pub metaverse: usize,
    pub vocabulary: usize,
    pub examples: Vec<FacetLink>,
}

/// The values of the search form, as given.
#[derive(Default)]
pub struct Form {
    pub q: String,
    pub collection: String,
    pub kind: String,
    pub year_from: String,
    pub year_to: String,
    pub term: String,
    pub source: String,
    pub group: bool,
    pub limit: String,
    pub collections: Vec<Choice>,
    pub kinds: Vec<Choice>,
}

/// One option of a `<select>`.
pub struct Choice {
    pub value: &'static str,
    pub selected: bool,
}

/// A page of results.
pub struct Results {
    pub query: String,
    pub total: u64,
    pub first: usize,
    pub last: usize,
    /// No entry matched every word.
    pub any_word: bool,
    /// The query's expansions were capped.
    pub capped: bool,
    /// Spellings the search corrected ("imersive → immersive").
    pub typos: Vec<String>,
    pub hits: Vec<HitView>,
    pub groups: Option<Vec<GroupView>>,
    pub facets: Vec<FacetGroup>,
    /// Filters in force, each with the link that removes it.
    pub active: Vec<FacetLink>,
    pub pages: Vec<PageLink>,
    /// When nothing was found: the nearest terms of the registry.
    pub suggestions: Vec<FacetLink>,
    /// The same query in the API.
    pub json_href: String,
    /// The link that toggles the grouping by term.
    pub group_toggle: FacetLink,
    /// `/compare?ids=…` for the hits on the page (two or more).
    pub compare_href: Option<String>,
}

/// One hit as shown.
pub struct HitView {
    pub rank: usize,
    pub id: String,
    pub href: String,
    pub term: String,
    pub term_href: String,
    /// The language of the term and snippet when not English (`lang` attribute).
    pub lang: Option<String>,
    /// The snippet as HTML: escaped text with our own `<mark>` only ([`marked`]).
    pub snippet: String,
    /// `notes` or `term` when the snippet does not come from the definition.
    pub snippet_field: Option<&'static str>,
    pub source: String,
    pub source_url: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<&'static str>,
    pub collection: &'static str,
    pub status: &'static str,
    pub abbreviation: Option<String>,
    /// Why it matched when not only through the words as typed.
    pub via: Vec<String>,
}

/// One term of the grouped view (`group=term`).
pub struct GroupView {
    pub rank: usize,
    pub term: String,
    pub href: String,
    pub count: usize,
    pub entries: Vec<FacetLink>,
}

/// A facet (collection, kind, decade, series) with its values.
pub struct FacetGroup {
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

/// One value of a facet: its count, and the link that selects it (or unselects it).
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    /// `None` for a value that cannot be chosen as a filter (no kind, unknown year).
    pub href: Option<String>,
    pub selected: bool,
}

/// A labelled link.
pub struct FacetLink {
    pub label: String,
    pub href: String,
}

/// One link of the pagination.
pub struct PageLink {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
    /// For "previous"/"next": a word for screen readers.
    pub rel: Option<&'static str>,
}

impl Form {
    /// The form filled with a request's values.
    pub fn of(request: &SearchRequest) -> Form {
        let collection = request.collection.map(|c| c.as_str()).unwrap_or_default();
        let kind = request.kind.map(|k| k.as_str()).unwrap_or_default();
        Form {
            q: request.q.clone(),
            collection: collection.to_string(),
            kind: kind.to_string(),
            year_from: request.year_from.map(|y| y.to_string()).unwrap_or_default(),
            year_to: request.year_to.map(|y| y.to_string()).unwrap_or_default(),
            term: request.term.clone().unwrap_or_default(),
            source: request.source.clone().unwrap_or_default(),
            group: request.group.is_some(),
            limit: if request.limit != 10 {
                request.limit.to_string()
            } else {
                String::new()
            },
            collections: Collection::ALL
                .iter()
                .map(|c| Choice {
                    value: c.as_str(),
                    selected: c.as_str() == collection,
                })
                .collect(),
            kinds: Kind::ALL
                .iter()
                .map(|k| Choice {
                    value: k.as_str(),
                    selected: k.as_str() == kind,
                })
                .collect(),
        }
    }

    /// The form with only the query text (an error page's form).
    pub fn with_query(q: &str) -> Form {
        let mut form = Form::of(&SearchRequest::new(q));
        form.q = q.to_string();
        form
    }
}

impl SearchPage {
    /// The page before any query.
    pub fn empty(intro: Intro) -> SearchPage {
        SearchPage {
            layout: Layout::new("Search the registry", Section::Search),
            form: Form::of(&SearchRequest::new("")),
            results: None,
            intro: Some(intro),
        }
    }

    /// The page of a request's results. `suggestions` are the nearest terms, shown when nothing
    /// was found.
    pub fn results(
        request: &SearchRequest,
        results: &SearchResults,
        suggestions: Vec<String>,
    ) -> SearchPage {
        let state = SearchState::of(request);
        let title = if request.q.trim().is_empty() {
            "Search results".to_string()
        } else {
            format!("{} — search", request.q.trim())
        };
        let first = if results.hits.is_empty() && results.groups.is_none() {
            0
        } else {
            results.offset + 1
        };
        let shown = results.groups.as_ref().map_or(results.hits.len(), Vec::len);
        let hits: Vec<HitView> = results
            .hits
            .iter()
            .enumerate()
            .map(|(i, hit)| hit_view(results.offset + i + 1, hit))
            .collect();
        let compare_href = (hits.len() >= 2 && results.groups.is_none())
            .then(|| link::compare(hits.iter().take(5).map(|h| h.id.as_str())));
        let group_toggle = if request.group.is_some() {
            FacetLink {
                label: "Show definitions".into(),
                href: state.with("group", None).href(),
            }
        } else {
            FacetLink {
                label: "Group by term".into(),
                href: state.with("group", Some("term")).href(),
            }
        };
        let json_href = format!("/v1/search{}", &state.href_at(results.offset)[1..]);
        SearchPage {
            layout: Layout::new(title, Section::Search),
            form: Form::of(request),
            intro: None,
            results: Some(Results {
                query: results.query.clone(),
                total: results.total,
                first,
                last: results.offset + shown,
                any_word: results.matched == Matched::Any && results.hits.len() > 1,
                capped: results.capped,
                typos: typos(&results.hits),
                groups: results.groups.as_ref().map(|groups| {
                    groups
                        .iter()
                        .enumerate()
                        .map(|(i, g)| GroupView {
                            rank: results.offset + i + 1,
                            term: g.term.clone(),
                            href: link::term(&g.term),
                            count: g.count,
                            entries: g
                                .ids
                                .iter()
                                .zip(&g.sources)
                                .map(|(id, source)| FacetLink {
                                    label: source.clone(),
                                    href: link::entry(id),
                                })
                                .collect(),
                        })
                        .collect()
                }),
                hits,
                facets: facets(&state, results),
                active: active(&state),
                pages: pages(&state, results),
                // Suggestions replace what they were found for: the term filter, else the query.
                suggestions: suggestions
                    .into_iter()
                    .map(|s| FacetLink {
                        href: state
                            .with(if request.term.is_some() { "term" } else { "q" }, Some(&s))
                            .href(),
                        label: s,
                    })
                    .collect(),
                json_href,
                group_toggle,
                compare_href,
            }),
        }
    }
}

fn hit_view(rank: usize, hit: &Hit) -> HitView {
    HitView {
        rank,
        id: hit.id.clone(),
        href: link::entry(&hit.id),
        term: hit.term.clone(),
        term_href: link::term(&hit.term),
        lang: (hit.lang != "en").then(|| hit.lang.clone()),
        snippet: marked(&hit.highlight),
        snippet_field: (hit.highlight.field != "definition").then_some(hit.highlight.field),
        source: super::card::source_line(&hit.source, &hit.id),
        source_url: hit
            .source
            .url
            .as_deref()
            .and_then(safe_url)
            .map(str::to_string),
        year: hit.year,
        kind: hit.kind.map(Kind::as_str),
        collection: hit.collection.as_str(),
        status: hit.status.as_str(),
        abbreviation: hit.abbreviation.clone(),
        via: hit.via.clone(),
    }
}

/// The corrected spellings the hits were found through, each once.
fn typos(hits: &[Hit]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for via in hits.iter().flat_map(|h| &h.via) {
        if let Some(fix) = via.strip_suffix(" (spelling)") {
            if !out.iter().any(|o| o == fix) {
                out.push(fix.to_string());
            }
        }
    }
    out
}

fn facets(state: &SearchState, results: &SearchResults) -> Vec<FacetGroup> {
    let f = &results.facets;
    let toggle = |name: &'static str, value: &str| -> (Option<String>, bool) {
        let selected = state.get(name) == Some(value);
        let next = if selected {
            state.with(name, None)
        } else {
            state.with(name, Some(value))
        };
        (Some(next.href()), selected)
    };
    let simple = |label: &'static str,
                  name: &'static str,
                  counts: &std::collections::BTreeMap<String, u64>,
                  unlinked: &str| {
        FacetGroup {
            label,
            values: counts
                .iter()
                .map(|(value, &count)| {
                    let (href, selected) = if value == unlinked {
                        (None, false)
                    } else {
                        toggle(name, value)
                    };
                    FacetValue {
                        label: if value == unlinked {
                            "not given".to_string()
                        } else {
                            value.clone()
                        },
                        count,
                        href,
                        selected,
                    }
                })
                .collect(),
        }
    };
    let decades = FacetGroup {
        label: "Decade",
        values: f
            .decade
            .iter()
            .map(|(label, &count)| {
                let decade: Option<i32> = label.strip_suffix('s').and_then(|d| d.parse().ok());
                let (href, selected) = match decade {
                    None => (None, false),
                    Some(from) => {
                        let (from_s, to_s) = (from.to_string(), (from + 9).to_string());
                        let selected = state.get("year_from") == Some(from_s.as_str())
                            && state.get("year_to") == Some(to_s.as_str());
                        let next = if selected {
                            state.with("year_from", None).with("year_to", None)
                        } else {
                            state
                                .with("year_from", Some(&from_s))
                                .with("year_to", Some(&to_s))
                        };
                        (Some(next.href()), selected)
                    }
                };
                FacetValue {
                    label: if decade.is_some() {
                        label.clone()
                    } else {
                        "year not given".to_string()
                    },
                    count,
                    href,
                    selected,
                }
            })
            .collect(),
    };
    let mut series = simple("Source series", "source", &f.series, "");
    // The most frequent series first: there are many.
    series
        .values
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    series.values.truncate(12);
    vec![
        simple("Collection", "collection", &f.collection, "unknown"),
        simple("Kind of source", "kind", &f.kind, "none"),
        decades,
        series,
    ]
    .into_iter()
    .filter(|g| !g.values.is_empty())
    .collect()
}

/// The filters in force, each with the link that removes it.
fn active(state: &SearchState) -> Vec<FacetLink> {
    let mut out = Vec::new();
    for (name, label) in [
        ("collection", "collection"),
        ("kind", "kind"),
        ("term", "term"),
        ("source", "source"),
    ] {
        if let Some(value) = state.get(name) {
            out.push(FacetLink {
                label: format!("{label}: {value}"),
                href: state.with(name, None).href(),
            });
        }
    }
    match (state.get("year_from"), state.get("year_to")) {
        (None, None) => {}
        (from, to) => out.push(FacetLink {
            label: format!("years: {}–{}", from.unwrap_or(""), to.unwrap_or("")),
            href: state.with("year_from", None).with("year_to", None).href(),
        }),
    }
    out
}

/// Previous, up to seven numbered pages around the current one, next.
fn pages(state: &SearchState, results: &SearchResults) -> Vec<PageLink> {
    let limit = results.limit.max(1);
    let total = (results.total as usize).min(MAX_OFFSET + limit);
    if total <= limit {
        return Vec::new();
    }
    let count = total.div_ceil(limit);
    let current = results.offset / limit;
    let first = current.saturating_sub(3);
    let last = (first + 7).min(count);
    let first = last.saturating_sub(7);
    let mut out = Vec::new();
    let at = |page: usize| state.href_at(page * limit);
    out.push(PageLink {
        label: "Previous".into(),
        href: (current > 0).then(|| at(current - 1)),
        current: false,
        rel: Some("prev"),
    });
    for page in first..last {
        out.push(PageLink {
            label: (page + 1).to_string(),
            href: Some(at(page)),
            current: page == current,
            rel: None,
        });
    }
    out.push(PageLink {
        label: "Next".into(),
        href: (current + 1 < count && (current + 1) * limit <= MAX_OFFSET).then(|| at(current + 1)),
        current: false,
        rel: Some("next"),
    });
    out
}
