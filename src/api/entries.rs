//! `GET /v1/entries/{id}`

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::params::PathParam;
use crate::error::Error;
use crate::model::Entry;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/entries/{id}", get(entry))
}

/// An entry with the id of the concept it defines.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryWithConcept {
    #[serde(flatten)]
    pub entry: Entry,
    /// Id of the concept the entry defines (`GET /v1/concepts/{id}`).
    pub concept: Option<String>,
    /// When the entry's file was added and last changed (git); absent without git.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::history::Dates>,
}

/// One entry with all its fields, and its concept.
#[utoipa::path(get, path = "/v1/entries/{id}", tag = "entries",
    params(("id" = String, Path, description = "Entry id, e.g. `itu-fgmv-20-2023`")),
    responses(
        (status = 200, description = "The entry", body = EntryWithConcept),
        (status = 404, description = "`entry_not_found`", body = ErrorBody),
    ))]
pub async fn entry(
    State(state): State<AppState>,
    PathParam(id): PathParam,
) -> Result<Json<EntryWithConcept>, ApiError> {
    let corpus = state.registry.corpus();
    let Some(p) = corpus.position(&id) else {
        return Err(Error::EntryNotFound(id).into());
    };
    let (history, registry) = (state.history.clone(), state.registry.clone());
    let key = id.clone();
    let dates = super::error::blocking(move || {
        Ok(history
            .get()
            .and_then(|h| h.entry(registry.corpus(), &key).cloned()))
    })
    .await?;
    Ok(Json(EntryWithConcept {
        entry: corpus.entries()[p].clone(),
        concept: state.registry.concepts().of_entry(p).map(|c| c.id.clone()),
        history: dates,
    }))
}
