//! `GET /healthz` and `GET /openapi.json`

use super::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
}

/// Liveness and what is being served.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// Number of entries in the registry.
    pub entries: usize,
    /// Fingerprint of the corpus being served.
    pub corpus_fingerprint: String,
    /// mvterms version.
    pub version: &'static str,
}

/// Liveness.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, description = "The server is up", body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    let corpus = state.registry.corpus();
    Json(Health {
        status: "ok",
        entries: corpus.entries().len(),
        corpus_fingerprint: corpus.fingerprint().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The OpenAPI document of every endpoint, generated from the handlers.
#[utoipa::path(get, path = "/openapi.json", tag = "meta", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(super::ApiDoc::openapi())
}
