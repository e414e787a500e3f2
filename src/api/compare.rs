//! `POST /v1/compare`, `GET /v1/entries/{id}/similar` and `GET /v1/entries/{id}/characteristics`

use super::AppState;
use super::admission;
use super::error::{ApiError, ErrorBody, blocking};
use super::params::{Params, PathParam, QueryPairs};
use crate::cancel::Cancel;
use crate::compare::{CompareOptions, Comparison, Item, ItemInput, Neighbour};
use crate::error::Error;
use crate::model::Collection;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/compare", post(compare))
        .route("/v1/entries/{id}/similar", get(similar))
        .route("/v1/entries/{id}/characteristics", get(characteristics))
}

/// Free texts longer than this in all make a comparison a heavy request ([`admission`]).
pub const HEAVY_TEXT_BYTES: usize = 2_000;

/// What to compare: entries by id and/or free texts (items are the ids, then the texts).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ids": ["ball-2021-primer", "ball-2022"], "texts": ["A persistent network of shared virtual worlds."]}))]
pub struct CompareBody {
    /// Entry ids, e.g. `["ball-2021-primer", "ball-2022"]`.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub ids: Vec<String>,
    /// Free texts, e.g. a draft definition: each with at least one word, at most 10000
    /// characters.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub texts: Vec<String>,
    /// Also list this many nearest corpus definitions for each item (then one item is enough),
    /// 0 to 100.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub nearest: usize,
    /// Restrict nearest definitions to `metaverse` or `vocabulary`.
    #[serde(default)]
    #[schema(value_type = Option<Collection>)]
    pub collection: Option<String>,
}

/// Bad items are the body's fault: 400 `invalid_body`; unknown ids stay 404 `entry_not_found`.
fn body_error(err: Error) -> ApiError {
    match err {
        Error::InvalidArgument(message) => ApiError::invalid_body(message),
        other => other.into(),
    }
}

/// Two or more entries and/or texts side by side: characteristics, FGMV-20 coverage, pairwise
/// similarity, shared and distinct characteristics, word diffs against the first item.
///
/// Rules that join the fields and answer 400 `invalid_body`: at least two items (ids and texts
/// together) unless `nearest` is 1 or more, at most 20 items in all, and every text with at
/// least one word.
#[utoipa::path(post, path = "/v1/compare", tag = "compare", request_body = CompareBody,
    responses(
        (status = 200, description = "The comparison", body = Comparison),
        (status = 400, description = "`invalid_body`: fewer than two items, an empty or overlong text, too many items", body = ErrorBody),
        (status = 404, description = "`entry_not_found`: an unknown id", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
    ))]
pub async fn compare(
    State(state): State<AppState>,
    cancel: Cancel,
    body: Result<Json<CompareBody>, JsonRejection>,
) -> Result<Json<Comparison>, ApiError> {
    let Json(body) = body?;
    // The whole corpus, or long free texts (word diffs are quadratic in their length), are
    // heavy work; a few definitions side by side are not.
    let text_bytes: usize = body.texts.iter().map(String::len).sum();
    let heavy = body.nearest > 0 || text_bytes > HEAVY_TEXT_BYTES;
    let collection = match body.collection.as_deref() {
        None => None,
        Some(c) => Some(
            c.parse::<Collection>()
                .map_err(|e| ApiError::invalid_body(format!("collection: {e}")))?,
        ),
    };
    let items: Vec<ItemInput> = body
        .ids
        .into_iter()
        .map(ItemInput::Id)
        .chain(body.texts.into_iter().map(ItemInput::Text))
        .collect();
    let options = CompareOptions {
        nearest: body.nearest,
        collection,
    };
    let comparer = state.comparer.clone();
    // The comparison's own errors are mapped by `body_error`, so they travel as the inner result.
    let work = blocking(move || Ok(comparer.compare_cancellable(&items, &options, &cancel)));
    let result = if heavy {
        // Its texts (the body, as far as it weighs) count against the bodies heavy requests hold.
        let mut held = admission::HeldBody::default();
        state.admission.hold(&mut held, text_bytes)?;
        admission::within(state.admission.admit_holding(Some(held)).await?, work).await
    } else {
        work.await
    };
    Ok(Json(result?.map_err(body_error)?))
}

/// The nearest definitions of an entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Similar {
    /// The entry.
    pub id: String,
    /// How similarity is computed.
    pub method: &'static str,
    /// Most similar first.
    pub similar: Vec<Neighbour>,
}

/// Parameters of `/v1/entries/{id}/similar`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// How many, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100, default = 10)]
    limit: Option<usize>,
    /// Only `metaverse` or `vocabulary` entries.
    #[param(value_type = Option<Collection>)]
    collection: Option<String>,
}

/// The corpus definitions most similar to an entry, with the characteristics they share.
#[utoipa::path(get, path = "/v1/entries/{id}/similar", tag = "compare", params(
        ("id" = String, Path, description = "Entry id, e.g. `ball-2022`"),
        SimilarParams
    ),
    responses(
        (status = 200, description = "The nearest definitions", body = Similar),
        (status = 400, description = "`invalid_parameter`", body = ErrorBody),
        (status = 404, description = "`entry_not_found`", body = ErrorBody),
    ))]
pub async fn similar(
    State(state): State<AppState>,
    cancel: Cancel,
    PathParam(id): PathParam,
    QueryPairs(query): QueryPairs,
) -> Result<Json<Similar>, ApiError> {
    let p = Params::new(query, &["limit", "collection"])?;
    let limit = p
        .number("limit", "a whole number from 1 to 100")?
        .unwrap_or(10);
    let collection = p.named::<Collection>("collection")?;
    let comparer = state.comparer.clone();
    let input = ItemInput::Id(id.clone());
    let similar =
        blocking(move || comparer.nearest_cancellable(&input, limit, collection, &cancel)).await?;
    Ok(Json(Similar {
        id,
        method: crate::compare::similarity::METHOD,
        similar,
    }))
}

/// The characteristics an entry expresses and its FGMV-20 coverage (expresses, lacks, adds).
#[utoipa::path(get, path = "/v1/entries/{id}/characteristics", tag = "compare",
    params(("id" = String, Path, description = "Entry id, e.g. `ball-2022`")),
    responses(
        (status = 200, description = "The entry read against the clusters", body = Item),
        (status = 404, description = "`entry_not_found`", body = ErrorBody),
    ))]
pub async fn characteristics(
    State(state): State<AppState>,
    PathParam(id): PathParam,
) -> Result<Json<Item>, ApiError> {
    let comparer = state.comparer.clone();
    Ok(Json(blocking(move || comparer.entry_item(&id)).await?))
}
