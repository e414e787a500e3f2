//! `GET /v1/clusters`, `GET /v1/clusters.svg`

use super::AppState;
use super::error::ApiError;
use crate::clusters::{Clusters, chart};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/clusters", get(clusters))
        .route("/v1/clusters.svg", get(clusters_svg))
}

/// The concept clusters of the corpus (computed once at start-up): each with its terms, counts
/// and why, the entries expressing it and its share of the metaverse definitions; the FGMV-20
/// characteristics and every definition's coverage; how it was computed.
#[utoipa::path(get, path = "/v1/clusters", tag = "clusters",
    responses((status = 200, description = "The clusters", body = Clusters)))]
pub async fn clusters(State(state): State<AppState>) -> Result<Response, ApiError> {
    // Serialized once per server: the clusters do not change while it runs.
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        state.clusters_json.clone(),
    )
        .into_response())
}

/// The chart of the characteristic table: share of each characteristic by kind of source, as
/// an SVG image.
#[utoipa::path(get, path = "/v1/clusters.svg", tag = "clusters",
    responses((status = 200, description = "The chart", content_type = "image/svg+xml", body = String)))]
pub async fn clusters_svg(State(state): State<AppState>) -> Result<Response, ApiError> {
    let svg = chart::svg(state.comparer.clusters());
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        svg,
    )
        .into_response())
}
