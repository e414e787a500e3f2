//! Search: an editor's query and filters → ranked hits with highlights and facet counts.
//!
//! Two stages. First, BM25 over the fields of the index (see [`query`] for the weights and the
//! alternatives each word matches through): no word is required unless quoted or marked
//! `+word`, so an entry matching any word is a candidate; a match in the term weighs most, then
//! the definition, then the notes and the source; expansions (typos, prefixes, equivalents of
//! [`lexicon`]) weigh less than the words as typed. Second, the best [`RERANK_WINDOW`]
//! candidates are re-scored by how much of the query they match, how close together and
//! whether in the term ([`rank`]). A description of three or more words is then run again
//! with the words its best hits share ([`feedback`]), and its ranking fused with a ranking by
//! meaning ([`meaning`]). Equal scores are ordered by id, so the order is always the same for
//! the same corpus.

pub mod facets;
pub mod feedback;
pub mod highlight;
pub mod lexicon;
pub mod meaning;
pub mod query;
pub mod rank;

use crate::cancel::Cancel;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::index::schema::{Fields, collection_code, kind_code};
use crate::model::{Collection, Entry, Kind, Source, Status};
use facets::{FacetCollector, Facets};
use highlight::{Highlight, Matcher};
pub use lexicon::Lexicon;
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// The parameters of a search, by their names in URLs (the API's and the search page's).
pub const PARAMETERS: [&str; 10] = [
    "q",
    "limit",
    "offset",
    "collection",
    "kind",
    "year_from",
    "year_to",
    "term",
    "source",
    "group",
];

/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset served: paging further is a sign the query should be narrowed.
pub const MAX_OFFSET: usize = 10_000;

/// A validated search request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query text (words and "quoted phrases"); may be empty when a filter is given.
    pub q: String,
    pub limit: usize,
    pub offset: usize,
    pub collection: Option<Collection>,
    pub kind: Option<Kind>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// Only entries whose term is exactly this (case-insensitive), e.g. `metaverse`.
    pub term: Option<String>,
    /// Only entries whose source (document, author, title) or id has these words, e.g.
    /// `ITU-T`, `FGMV-20`, `Matthew Ball`.
    pub source: Option<String>,
    /// Group hits (`term`: by term).
    pub group: Option<Group>,
}

impl SearchRequest {
    /// A request for `q` with default paging and no filters.
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            limit: 10,
            offset: 0,
            collection: None,
            kind: None,
            year_from: None,
            year_to: None,
            term: None,
            source: None,
            group: None,
        }
    }

    /// Checks ranges; the message names the parameter and what is accepted.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return Err(Error::InvalidArgument(format!(
                "limit {} is out of range; expected 1 to {MAX_LIMIT}",
                self.limit
            )));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::InvalidArgument(format!(
                "offset {} is out of range; expected 0 to {MAX_OFFSET}",
                self.offset
            )));
        }
        if let (Some(from), Some(to)) = (self.year_from, self.year_to) {
            if from > to {
                return Err(Error::InvalidArgument(format!(
                    "year_from {from} is after year_to {to}"
                )));
            }
        }
        Ok(())
    }

    fn has_filter(&self) -> bool {
        self.collection.is_some()
            || self.kind.is_some()
            || self.year_from.is_some()
            || self.year_to.is_some()
            || self.term.is_some()
            || self.source.is_some()
    }
}

/// Whether some hit matches every word of the query (`all`), or hits match only some (`any`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    All,
    Any,
}

/// One ranked hit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub collection: Collection,
    pub kind: Option<Kind>,
    pub year: Option<i32>,
    pub source: Source,
    pub status: Status,
    pub lang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    pub score: f32,
    pub highlight: Highlight,
    /// Why the entry matched when it was not (only) the words as typed: an equivalent
    /// ("real world ≈ physical world (curated: …)"), a typo's neighbour, an abbreviation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Id of the concept the entry defines (`GET /v1/concepts/{id}`), as on `/v1/entries/{id}`;
    /// set by [`crate::registry::Registry::search`].
    pub concept: Option<String>,
}

/// Hits grouped by their term (`group=term`): a reverse lookup from a described notion to the
/// terms that name it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TermGroup {
    /// The term, case-folded (as in `/v1/terms/{term}`).
    pub term: String,
    /// Matching definitions of it.
    pub count: usize,
    /// The best hit's score.
    pub score: f32,
    /// Their ids, best first.
    pub ids: Vec<String>,
    /// Their sources (document designation, else author), in the order of the ids.
    pub sources: Vec<String>,
    /// Ids of the concepts these definitions define (`GET /v1/concepts/{id}`), each once, in
    /// the order of the ids: one when the term names one concept, more when it is a homonym
    /// across the registry. Set by [`crate::registry::Registry::search`].
    pub concepts: Vec<String>,
}

/// How hits are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// By term (reverse lookup).
    Term,
}

impl std::str::FromStr for Group {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "term" => Ok(Group::Term),
            _ => Err(format!("unknown group '{s}'; expected: term")),
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub query: String,
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub matched: Matched,
    /// True when the query's expansions (typos, equivalents) were more than
    /// [`query::MAX_EXPANSIONS`] and the weakest were left out.
    pub capped: bool,
    pub hits: Vec<Hit>,
    /// With `group=term`: the page of terms, each with its matching definitions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<TermGroup>>,
    pub facets: Facets,
}

fn filters(f: &Fields, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
    let exact = |term: Term| -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            0.0,
        ))
    };
    let mut out = Vec::new();
    if let Some(c) = req.collection {
        out.push((
            Occur::Must,
            exact(Term::from_field_u64(f.collection, collection_code(c))),
        ));
    }
    if let Some(k) = req.kind {
        out.push((
            Occur::Must,
            exact(Term::from_field_u64(f.kind, kind_code(Some(k)))),
        ));
    }
    if let Some(term) = &req.term {
        out.push((
            Occur::Must,
            exact(Term::from_field_text(
                f.term_key,
                &crate::analysis::normalize::fold(term.trim()),
            )),
        ));
    }
    if req.year_from.is_some() || req.year_to.is_some() {
        let bound = |y: Option<i32>| {
            y.map_or(Bound::Unbounded, |y| {
                Bound::Included(Term::from_field_i64(f.year, i64::from(y)))
            })
        };
        let range = RangeQuery::new(bound(req.year_from), bound(req.year_to));
        out.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
        ));
    }
    out
}

/// Candidates re-scored by the second stage of ranking ([`rank`]).
pub const RERANK_WINDOW: usize = 100;

/// Runs a search. `cancel` is asked between the stages (expansion, each pass, feedback), so a
/// request that timed out or whose client went away stops at the next one.
pub fn search(
    index: &SearchIndex,
    corpus: &Corpus,
    lexicon: &Lexicon,
    req: &SearchRequest,
    cancel: &Cancel,
) -> Result<SearchResults> {
    req.validate()?;
    let mut analysed = query::analyse(index.analyzer(), &req.q)?;
    if analysed.units.is_empty() && !req.has_filter() {
        let reason = if req.q.trim().is_empty() {
            "the query is empty; type one or more words, or give a filter (collection, kind, year_from, year_to, term, source)".to_string()
        } else {
            format!(
                "the query '{}' has no words to search for (only punctuation or common words such as 'the')",
                req.q.trim()
            )
        };
        return Err(Error::InvalidQuery(reason));
    }
    if !analysed.units.is_empty() && !analysed.has_positive() {
        return Err(Error::InvalidQuery(format!(
            "the query '{}' only excludes words (-word); add a word to look for",
            req.q.trim()
        )));
    }
    let f = index.fields();
    let searcher = index.reader().searcher();
    query::expand(
        &mut analysed,
        index.analyzer(),
        lexicon,
        &searcher,
        f,
        cancel,
    )?;

    let mut clauses = filters(f, req);
    if let Some(source) = &req.source {
        let terms = crate::analysis::codes::query_terms(source);
        if terms.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "source '{source}' has no words; expected a document, author or series such as 'ITU-T' or 'FGMV-20'"
            )));
        }
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(
                query::phrase_or_term(f.source, &terms),
                0.0,
            )),
        ));
    }
    let content: Box<dyn Query> = match analysed.to_query(f) {
        Some(q) => q,
        None => Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
    };
    let window = if analysed.units.is_empty() {
        req.offset + req.limit
    } else {
        RERANK_WINDOW.max(req.offset + req.limit)
    };
    let weights = unit_weights(&analysed, &searcher, f);
    // The first stage and the second over its best candidates; the facet counts only when
    // asked (a query that gets feedback counts them on its second pass).
    let retrieve = |content: Box<dyn Query>,
                    count: bool|
     -> Result<(Vec<Ranked>, bool, Option<facets::Counts>)> {
        let mut all: Vec<(Occur, Box<dyn Query>)> =
            clauses.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        all.push((Occur::Must, content));
        cancel.check()?;
        let q = BooleanQuery::new(all);
        let searched = if count {
            searcher
                .search(&q, &(top_docs(window), FacetCollector::new(lexicon)))
                .map(|(top, counts)| (top, Some(counts)))
        } else {
            searcher
                .search(&q, &top_docs(window))
                .map(|top| (top, None))
        };
        let (top, counts) = searched.map_err(|e| Error::index(index.dir(), e))?;
        cancel.check()?;
        let (ranked, all_matched) = rerank(index, corpus, lexicon, &analysed, &weights, top);
        Ok((ranked, all_matched, counts))
    };
    let mut fed_back: Vec<feedback::Word> = Vec::new();
    let (ranked, all_matched, counts) = if feedback::applies(&analysed) {
        let (first, _, _) = retrieve(content.box_clone(), false)?;
        let best: Vec<(f32, usize)> = first.iter().map(|r| (r.0, r.1)).collect();
        cancel.check()?;
        fed_back = feedback::words(index, corpus, &searcher, f, &analysed, &best);
        if fed_back.is_empty() {
            retrieve(content, true)?
        } else {
            retrieve(
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, content),
                    (Occur::Should, feedback::to_query(&fed_back, f)),
                ])),
                true,
            )?
        }
    } else {
        retrieve(content, true)?
    };
    let counts = counts.expect("the last pass counts the facets");
    let (ranked, brought) = match index.meanings() {
        Some(meanings) if meaning::applies(&analysed) => {
            let pool = admitted(index, &searcher, &clauses)?;
            cancel.check()?;
            let query = crate::semantic::encoder()?
                .encode(&[&meaning::query_text(&analysed)])?
                .remove(0);
            meaning::fuse(ranked, &pool, corpus, meanings, &query)
        }
        _ => (ranked, 0),
    };

    let english: Vec<String> = analysed
        .units
        .iter()
        .filter(|u| u.need != query::Need::Excluded)
        .flat_map(|u| u.english_terms().map(str::to_string).collect::<Vec<_>>())
        .chain(analysed.spans.iter().flat_map(|s| {
            s.alternatives
                .iter()
                .flat_map(|a| a.english.iter().map(|(_, t)| t.clone()))
        }))
        .collect();
    let neutral: Vec<String> = analysed
        .units
        .iter()
        .filter(|u| u.need != query::Need::Excluded)
        .flat_map(|u| u.neutral_terms().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let matcher = Matcher { english, neutral };
    let make_hit = |&(score, ord, ref via): &Ranked| {
        let entry = &corpus.entries()[ord];
        let vector = index.vectors().get(ord, index.analyzer(), entry);
        let mut h = hit(entry, score, matcher.highlight(entry, &vector));
        h.via = via.clone();
        let shared: Vec<&str> = fed_back
            .iter()
            .filter(|w| {
                (0..2 + entry.notes.len()).any(|i| vector.terms_of(i).any(|(t, _, _)| t == w.term))
            })
            .map(|w| w.written.as_str())
            .collect();
        if !shared.is_empty() {
            h.via.push(format!(
                "feedback: {} (words the best hits share)",
                shared.join(", ")
            ));
        }
        h
    };
    let groups = (req.group == Some(Group::Term)).then(|| group_by_term(&ranked, corpus));
    let hits: Vec<Hit> = match &groups {
        Some(groups) => groups
            .iter()
            .skip(req.offset)
            .take(req.limit)
            .filter_map(|g| ranked.iter().find(|r| corpus.entries()[r.1].id == g.ids[0]))
            .map(make_hit)
            .collect(),
        None => ranked
            .iter()
            .skip(req.offset)
            .take(req.limit)
            .map(make_hit)
            .collect(),
    };
    let groups = groups.map(|g| g.into_iter().skip(req.offset).take(req.limit).collect());
    Ok(SearchResults {
        query: req.q.clone(),
        total: counts.total + brought as u64,
        offset: req.offset,
        limit: req.limit,
        matched: if all_matched {
            Matched::All
        } else {
            Matched::Any
        },
        capped: analysed.capped,
        hits,
        groups,
        facets: counts.named(),
    })
}

/// The corpus positions of the entries the filters admit (every entry without filters).
fn admitted(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    clauses: &[(Occur, Box<dyn Query>)],
) -> Result<Vec<usize>> {
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(0);
    if clauses.is_empty() {
        return Ok((0..docs).collect());
    }
    let q = BooleanQuery::new(clauses.iter().map(|(o, q)| (*o, q.box_clone())).collect());
    let top = searcher
        .search(&q, &top_docs(docs.max(1)))
        .map_err(|e| Error::index(index.dir(), e))?;
    let mut positions: Vec<usize> = top
        .into_iter()
        .map(|((_, key), _)| (u64::MAX - key) as usize)
        .collect();
    positions.sort_unstable();
    Ok(positions)
}

/// A re-scored candidate: score, corpus position, why it matched.
type Ranked = (f32, usize, Vec<String>);

fn top_docs(
    window: usize,
) -> impl tantivy::collector::Collector<Fruit = Vec<((Score, u64), tantivy::DocAddress)>> {
    TopDocs::with_limit(window).tweak_score(|segment: &SegmentReader| {
        // Present in every index this version builds (checked when the index is opened).
        let ord = segment
            .fast_fields()
            .u64("ord")
            .expect("the index has an ord fast field")
            .first_or_default_col(0);
        move |doc: DocId, score: Score| (score, u64::MAX - ord.get_val(doc))
    })
}

/// Each unit's weight for the second stage: its IDF (of its best-known alternative), so rare
/// words count more; excluded units weigh nothing.
fn unit_weights(analysed: &query::Analysed, searcher: &tantivy::Searcher, f: &Fields) -> Vec<f32> {
    let docs = searcher.num_docs().max(1) as f32;
    analysed
        .units
        .iter()
        .map(|u| {
            if u.need == query::Need::Excluded {
                return 0.0;
            }
            let df = u
                .alternatives
                .iter()
                .filter_map(|a| a.english.first().or(a.neutral.first()))
                .map(|(_, t)| {
                    [f.definition, f.term, f.definition_any, f.term_any]
                        .iter()
                        .map(|&field| {
                            searcher
                                .doc_freq(&Term::from_field_text(field, t))
                                .unwrap_or(0)
                        })
                        .max()
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0) as f32;
            (1.0 + (docs - df + 0.5) / (df + 0.5)).ln().max(0.1)
        })
        .collect()
}

/// The second stage over the first stage's best candidates; whether some matched every unit.
fn rerank(
    index: &SearchIndex,
    corpus: &Corpus,
    lexicon: &Lexicon,
    analysed: &query::Analysed,
    weights: &[f32],
    top: Vec<((Score, u64), tantivy::DocAddress)>,
) -> (Vec<Ranked>, bool) {
    let mut all_matched = analysed.units.is_empty();
    let mut ranked: Vec<Ranked> = top
        .into_iter()
        .filter_map(|((score, key), _)| {
            let ord = (u64::MAX - key) as usize;
            let entry = corpus.entries().get(ord)?;
            if analysed.units.is_empty() {
                return Some((score, ord, vec![]));
            }
            let vector = index.vectors().get(ord, index.analyzer(), entry);
            let features = rank::features(lexicon, analysed, weights, entry, &vector);
            if features.all {
                all_matched = true;
            }
            Some((score * features.factor(), ord, features.via))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    (ranked, all_matched)
}

/// Hits grouped by term, in the order of each term's best hit.
fn group_by_term(ranked: &[Ranked], corpus: &Corpus) -> Vec<TermGroup> {
    let mut groups: Vec<TermGroup> = Vec::new();
    for &(score, ord, _) in ranked {
        let entry = &corpus.entries()[ord];
        let key = crate::terms::term_key(&entry.term);
        let source = entry
            .source
            .document
            .as_deref()
            .map(short_document)
            .or(entry.source.author.clone())
            .unwrap_or_else(|| "unknown source".to_string());
        match groups.iter_mut().find(|g| g.term == key) {
            Some(g) => {
                g.count += 1;
                g.ids.push(entry.id.clone());
                if !g.sources.contains(&source) {
                    g.sources.push(source);
                }
            }
            None => groups.push(TermGroup {
                term: key,
                count: 1,
                score: (score * 1000.0).round() / 1000.0,
                ids: vec![entry.id.clone()],
                sources: vec![source],
                concepts: Vec::new(),
            }),
        }
    }
    groups
}

/// A document's designation without its title: "IETF VWRAP (Virtual Worlds …)" → "IETF VWRAP".
fn short_document(document: &str) -> String {
    let cut = document
        .find([' ', ','])
        .map(|first| {
            document[first..]
                .find(['(', ',', '–', '—', ':'])
                .map_or(document.len(), |i| first + i)
        })
        .unwrap_or(document.len());
    document[..cut].trim().to_string()
}

fn hit(entry: &Entry, score: f32, highlight: Highlight) -> Hit {
    Hit {
        id: entry.id.clone(),
        term: entry.term.clone(),
        definition: entry.definition.clone(),
        collection: entry.collection,
        kind: entry.kind,
        year: entry.year,
        source: entry.source.clone(),
        status: entry.status,
        lang: entry.lang.clone(),
        abbreviation: entry.abbreviation.clone(),
        via: Vec::new(),
        concept: None,
        // Rounded so JSON output does not change with the last bits of float arithmetic.
        score: (score * 1000.0).round() / 1000.0,
        highlight,
    }
}

#[cfg(test)]
mod tests;
