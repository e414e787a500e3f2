//! Search: an editor's query and filters → ranked hits with highlights and facet counts.
//!
//! Ranking is BM25 over the fields of the index (see [`query`] for the weights): a match in the
//! term weighs most, then the definition, then the notes; exact word forms add a little; typo
//! matches count for less than exact ones. All words must match; if nothing does, any word may
//! (and the answer says `"matched": "any"`). Equal scores are ordered by id, so the order is
//! always the same for the same corpus.

pub mod facets;
pub mod highlight;
pub mod query;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::index::schema::{Fields, collection_code, kind_code};
use crate::model::{Collection, Entry, Kind, Source, Status};
use facets::{FacetCollector, Facets};
use highlight::{Highlight, Matcher};
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

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
    }
}

/// Whether every query word had to match, or (when that found nothing) any word.
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
}

/// A page of results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub query: String,
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub matched: Matched,
    pub hits: Vec<Hit>,
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

/// Top documents with their (score, tie-break) keys.
type Ranked = Vec<((Score, u64), tantivy::DocAddress)>;

/// Runs a search.
pub fn search(index: &SearchIndex, corpus: &Corpus, req: &SearchRequest) -> Result<SearchResults> {
    req.validate()?;
    let analysed = query::analyse(index.analyzer(), &req.q)?;
    if analysed.units.is_empty() && !req.has_filter() {
        let reason = if req.q.trim().is_empty() {
            "the query is empty; type one or more words, or give a filter (collection, kind, year_from, year_to, term)".to_string()
        } else {
            format!(
                "the query '{}' has no words to search for (only punctuation or common words such as 'the')",
                req.q.trim()
            )
        };
        return Err(Error::InvalidQuery(reason));
    }
    let f = index.fields();
    let searcher = index.reader().searcher();
    // Built once: the any-word fallback below reuses them (and so the typo automata).
    // A word is known when an English entry has it in its term or definition.
    let known = |word: &str| {
        [f.term, f.definition].into_iter().any(|field| {
            searcher
                .doc_freq(&Term::from_field_text(field, word))
                .is_ok_and(|n| n > 0)
        })
    };
    let typos = query::Typos::new(&analysed, &known);
    let units: Vec<Box<dyn Query>> = analysed
        .units
        .iter()
        .map(|u| u.to_query(f, &typos))
        .collect();
    let run = |occur: Occur| -> Result<(Ranked, facets::Counts)> {
        let mut clauses = filters(f, req);
        if units.is_empty() {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        } else {
            let words: Vec<_> = units.iter().map(|q| (occur, q.box_clone())).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
        }
        let q = BooleanQuery::new(clauses);
        let top = TopDocs::with_limit(req.limit)
            .and_offset(req.offset)
            .tweak_score(|segment: &SegmentReader| {
                // Present in every index this version builds (checked when the index is opened).
                let ord = segment
                    .fast_fields()
                    .u64("ord")
                    .expect("the index has an ord fast field")
                    .first_or_default_col(0);
                move |doc: DocId, score: Score| (score, u64::MAX - ord.get_val(doc))
            });
        searcher
            .search(&q, &(top, FacetCollector))
            .map_err(|e| Error::index(index.dir(), e))
    };
    let (mut top, mut counts) = run(Occur::Must)?;
    let mut matched = Matched::All;
    if counts.total == 0 && analysed.units.len() > 1 {
        (top, counts) = run(Occur::Should)?;
        matched = Matched::Any;
    }

    let matcher = Matcher {
        english: analysed
            .units
            .iter()
            .flat_map(|u| u.english_terms())
            .collect(),
        typos: &typos,
        neutral: analysed
            .units
            .iter()
            .flat_map(|u| u.neutral_terms())
            .collect(),
    };
    let hits = top
        .into_iter()
        .filter_map(|((score, key), _)| {
            let ord = (u64::MAX - key) as usize;
            let entry = corpus.entries().get(ord)?;
            let vector = index.vectors().get(ord, index.analyzer(), entry);
            Some(hit(entry, score, matcher.highlight(entry, &vector)))
        })
        .collect();
    Ok(SearchResults {
        query: req.q.clone(),
        total: counts.total,
        offset: req.offset,
        limit: req.limit,
        matched,
        hits,
        facets: counts.named(),
    })
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
        // Rounded so JSON output does not change with the last bits of float arithmetic.
        score: (score * 1000.0).round() / 1000.0,
        highlight,
    }
}

#[cfg(test)]
mod tests;
