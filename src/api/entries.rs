//! `GET /v1/entries/{id}`

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::params::PathParam;
use crate::error::Error;
use crate::model::Entry;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/entries/{id}", get(entry))
}

/// One entry with all its fields.
#[utoipa::path(get, path = "/v1/entries/{id}", tag = "entries",
    params(("id" = String, Path, description = "Entry id, e.g. `itu-fgmv-20-2023`")),
    responses(
        (status = 200, description = "The entry", body = Entry),
        (status = 404, description = "`entry_not_found`", body = ErrorBody),
    ))]
pub async fn entry(
    State(state): State<AppState>,
    PathParam(id): PathParam,
) -> Result<Json<Entry>, ApiError> {
    match state.registry.corpus().get(&id) {
        Some(entry) => Ok(Json(entry.clone())),
        None => Err(Error::EntryNotFound(id).into()),
    }
}
