//! `GET /v1/terms` and `GET /v1/terms/{term}`

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::params::{Params, PathParam, QueryPairs};
use crate::error::Error;
use crate::model::Entry;
use crate::terms::{TermSummary, all_terms, resolve, suggestions, term_key};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/terms", get(terms))
        .route("/v1/terms/{term}", get(term))
}

/// A page of terms.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TermsPage {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub terms: Vec<TermSummary>,
}

/// Every entry defining one term.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TermEntries {
    /// The term, case-folded.
    pub term: String,
    /// Abbreviations the entries give for it.
    pub abbreviations: Vec<String>,
    /// When the path was an abbreviation no entry defines as a term (`XR`): the terms it
    /// stands for, whose entries are listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expanded_to: Vec<String>,
    pub entries: Vec<Entry>,
}

/// Pagination of `/v1/terms`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Terms per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000, default = 100)]
    limit: Option<usize>,
    /// Terms to skip, 0 to 1000000000 (default 0); past the last term the page is empty.
    #[param(minimum = 0, maximum = 1000000000, default = 0)]
    offset: Option<usize>,
}

/// Most terms per page of `/v1/terms`.
pub const MAX_TERMS_LIMIT: usize = 1000;
/// Deepest offset of `/v1/terms`.
pub const MAX_TERMS_OFFSET: usize = 1_000_000_000;

/// All terms of the registry, sorted, paginated.
#[utoipa::path(get, path = "/v1/terms", tag = "terms", params(PageParams),
    responses(
        (status = 200, description = "A page of terms", body = TermsPage),
        (status = 400, description = "`invalid_parameter`", body = ErrorBody),
    ))]
pub async fn terms(
    State(state): State<AppState>,
    QueryPairs(query): QueryPairs,
) -> Result<Json<TermsPage>, ApiError> {
    let p = Params::new(query, &["limit", "offset"])?;
    let limit = p
        .number(
            "limit",
            &format!("a whole number from 1 to {MAX_TERMS_LIMIT}"),
        )?
        .unwrap_or(100);
    let offset = p
        .number(
            "offset",
            &format!("a whole number from 0 to {MAX_TERMS_OFFSET}"),
        )?
        .unwrap_or(0);
    if !(1..=MAX_TERMS_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "limit {limit} is out of range; expected 1 to {MAX_TERMS_LIMIT}"
        )));
    }
    if offset > MAX_TERMS_OFFSET {
        return Err(ApiError::invalid_parameter(format!(
            "offset {offset} is out of range; expected 0 to {MAX_TERMS_OFFSET}"
        )));
    }
    let all = &state.terms;
    Ok(Json(TermsPage {
        total: all.len(),
        offset,
        limit,
        terms: all.iter().skip(offset).take(limit).cloned().collect(),
    }))
}

/// Every entry that defines a term (case-insensitive), with the abbreviations given for it; an
/// abbreviation (`XR`) resolves to the terms it stands for. A term not found answers 404
/// `term_not_found` with `error.suggestions`.
#[utoipa::path(get, path = "/v1/terms/{term}", tag = "terms",
    params(("term" = String, Path, description = "The term, e.g. `avatar` or `digital twin`")),
    responses(
        (status = 200, description = "The entries defining the term", body = TermEntries),
        (status = 404, description = "`term_not_found`", body = ErrorBody),
    ))]
pub async fn term(
    State(state): State<AppState>,
    PathParam(term): PathParam,
) -> Result<Json<TermEntries>, ApiError> {
    let corpus = state.registry.corpus();
    let (found, expanded_to) = resolve(corpus, &term);
    let entries: Vec<Entry> = found.into_iter().cloned().collect();
    if entries.is_empty() {
        let suggested = suggestions(corpus, &term, 5);
        return Err(ApiError::from(Error::TermNotFound(term)).with_suggestions(suggested));
    }
    let abbreviations = crate::terms::abbreviations_of(&entries);
    Ok(Json(TermEntries {
        term: expanded_to
            .first()
            .cloned()
            .unwrap_or_else(|| term_key(&term)),
        abbreviations,
        expanded_to,
        entries,
    }))
}

/// Computed once per registry: the term list does not change while the server runs.
pub fn precompute(registry: &crate::registry::Registry) -> Vec<TermSummary> {
    all_terms(registry.corpus())
}
