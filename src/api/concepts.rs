//! `GET /v1/concepts` and `GET /v1/concepts/{id}`

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::params::{Params, PathParam, QueryPairs};
use crate::concepts::ConceptFilter;
use crate::concepts::view::{ConceptSummary, ConceptView};
use crate::error::Error;
use crate::model::{Collection, Status};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/concepts", get(concepts))
        .route("/v1/concepts/{id}", get(concept))
}

/// A page of concepts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConceptsPage {
    /// Concepts matching the filters (all pages).
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub concepts: Vec<ConceptSummary>,
}

/// Filters and pagination of `/v1/concepts`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConceptParams {
    /// Concepts per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000, default = 100)]
    limit: Option<usize>,
    /// Concepts to skip, 0 to 10⁹ (default 0).
    #[param(minimum = 0, maximum = 1_000_000_000, default = 0)]
    offset: Option<usize>,
    /// Only concepts with an entry in this collection.
    #[param(value_type = Option<Collection>)]
    collection: Option<String>,
    /// Only concepts with a designation of this status.
    #[param(value_type = Option<Status>)]
    status: Option<String>,
    /// Only concepts with a designation (or entry id) starting with this, case-insensitive.
    q: Option<String>,
}

/// The registry's concepts, in id order, paginated and filtered.
#[utoipa::path(get, path = "/v1/concepts", tag = "concepts", params(ConceptParams),
    responses(
        (status = 200, description = "A page of concepts", body = ConceptsPage),
        (status = 400, description = "`invalid_parameter`", body = ErrorBody),
    ))]
pub async fn concepts(
    State(state): State<AppState>,
    QueryPairs(query): QueryPairs,
) -> Result<Json<ConceptsPage>, ApiError> {
    let p = Params::new(query, &["limit", "offset", "collection", "status", "q"])?;
    let limit = p
        .number("limit", "a whole number from 1 to 1000")?
        .unwrap_or(100);
    let offset = p
        .number("offset", "a whole number from 0 to 1000000000")?
        .unwrap_or(0);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "limit {limit} is out of range; expected 1 to 1000"
        )));
    }
    if offset > 1_000_000_000 {
        return Err(ApiError::invalid_parameter(format!(
            "offset {offset} is out of range; expected 0 to 1000000000"
        )));
    }
    let collection = p.named::<Collection>("collection")?;
    let status = p.named::<Status>("status")?;
    let filter = ConceptFilter {
        collection,
        status,
        prefix: p.text("q").filter(|q| !q.trim().is_empty()),
    };
    let corpus = state.registry.corpus();
    let mut total = 0;
    let mut page = Vec::new();
    for c in state.registry.concepts().list(corpus, &filter) {
        if total >= offset && page.len() < limit {
            page.push(state.registry.concepts().summary(c));
        }
        total += 1;
    }
    Ok(Json(ConceptsPage {
        total,
        offset,
        limit,
        concepts: page,
    }))
}

/// A concept with when it was added and last changed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConceptWithHistory {
    #[serde(flatten)]
    pub concept: ConceptView,
    /// Added with its first entry (or curation file), changed with the last change to any of
    /// them (git); absent without git.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::history::Dates>,
}

/// One concept: designations with status and sources, definitions, notes and relations.
#[utoipa::path(get, path = "/v1/concepts/{id}", tag = "concepts",
    params(("id" = String, Path, description = "Concept id, e.g. `metaverse`, `extended-reality`")),
    responses(
        (status = 200, description = "The concept", body = ConceptWithHistory),
        (status = 404, description = "`concept_not_found`", body = ErrorBody),
    ))]
pub async fn concept(
    State(state): State<AppState>,
    PathParam(id): PathParam,
) -> Result<Json<ConceptWithHistory>, ApiError> {
    let Some(c) = state.registry.concepts().get(&id) else {
        return Err(Error::ConceptNotFound(id).into());
    };
    let view = state.registry.concepts().view(state.registry.corpus(), c);
    let (history, registry) = (state.history.clone(), state.registry.clone());
    let dates = super::error::blocking(move || {
        Ok(history
            .get()
            .and_then(|h| h.concept(registry.corpus(), registry.concepts(), &id)))
    })
    .await?;
    Ok(Json(ConceptWithHistory {
        concept: view,
        history: dates,
    }))
}
