//! `GET /v1/search`

use super::AppState;
use super::error::{ApiError, ErrorBody, blocking};
use super::params::{Params, QueryPairs};
use crate::cancel::Cancel;
use crate::model::{Collection, Kind};
use crate::search::{MAX_LIMIT, MAX_OFFSET, PARAMETERS, SearchRequest, SearchResults};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/search", get(search))
}

/// The search parameters, as documented in the OpenAPI document.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words and "quoted phrases"; no word is required unless quoted or marked `+word` (`-word`
    /// excludes); typos, prefixes, abbreviations and equivalents match below the words as typed.
    /// At most 1000 bytes and 32 words. Needed unless a filter (`collection`, `kind`, `year_from`,
    /// `year_to`, `term`, `source`) is given; a query of nothing but punctuation, common words or
    /// `-words` is refused (`invalid_query`).
    #[param(max_length = 1000)]
    q: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100, default = 10)]
    limit: Option<usize>,
    /// Hits to skip, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000, default = 0)]
    offset: Option<usize>,
    /// `metaverse` or `vocabulary`.
    #[param(value_type = Option<Collection>)]
    collection: Option<String>,
    /// Kind of source.
    #[param(value_type = Option<Kind>)]
    kind: Option<String>,
    /// Only sources from this year on (entries without a year are left out); not after `year_to`.
    year_from: Option<i32>,
    /// Only sources up to this year; not before `year_from`.
    year_to: Option<i32>,
    /// Only entries whose term is exactly this (case-insensitive), e.g. `metaverse`.
    term: Option<String>,
    /// Only entries whose source (document, author, title) or id has these words, e.g. `ITU-T`, `FGMV-20`.
    source: Option<String>,
    /// `term`: group the hits by term (reverse lookup: which terms name the notion described).
    group: Option<String>,
}

/// Parses the query string into a search request.
pub fn request(query: BTreeMap<String, String>) -> Result<SearchRequest, ApiError> {
    let p = Params::new(query, &PARAMETERS)?;
    let request = SearchRequest {
        q: p.text("q").unwrap_or_default(),
        limit: p
            .number("limit", &format!("a whole number from 1 to {MAX_LIMIT}"))?
            .unwrap_or(10),
        offset: p
            .number("offset", &format!("a whole number from 0 to {MAX_OFFSET}"))?
            .unwrap_or(0),
        collection: p.named("collection")?,
        kind: p.named("kind")?,
        year_from: p.number("year_from", "a year such as 2022")?,
        year_to: p.number("year_to", "a year such as 2023")?,
        term: p.text("term").filter(|t| !t.trim().is_empty()),
        source: p.text("source").filter(|t| !t.trim().is_empty()),
        group: p.named("group")?,
    };
    request.validate()?;
    Ok(request)
}

/// Ranked full-text search over terms, definitions and notes.
///
/// Give `q`, a filter, or both. Besides the ranges of each parameter, two rules join
/// parameters and answer 400: no `q` and no filter, or a `q` of nothing but punctuation or
/// common words (`invalid_query`); `year_from` after `year_to` (`invalid_parameter`).
#[utoipa::path(get, path = "/v1/search", tag = "search", params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits with highlights and facet counts", body = SearchResults),
        (status = 400, description = "`invalid_query` (no query and no filter; a query of nothing but punctuation or common words; over 1000 bytes or 32 words) or `invalid_parameter` (a value out of its range, an empty value such as `limit=`, an unknown or repeated parameter, `year_from` after `year_to`)", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    cancel: Cancel,
    QueryPairs(query): QueryPairs,
) -> Result<Json<SearchResults>, ApiError> {
    let request = request(query)?;
    let registry = state.registry.clone();
    let results = blocking(move || registry.search(&request, &cancel)).await?;
    Ok(Json(results))
}
