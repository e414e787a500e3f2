//! The HTTP API: the only module that imports axum and tower. One file per resource, each with
//! its `router()`; [`router`] joins them with the cross-cutting layers (body limit, timeout, one
//! log line per request, JSON errors for unknown routes and methods, URI and header limits,
//! admission control for heavy routes); [`serve`] runs it on hyper with a header-read timeout
//! and a bounded shutdown.

pub mod admission;
pub mod check;
pub mod clusters;
pub mod compare;
pub mod concepts;
pub mod entries;
pub mod error;
pub mod export;
pub mod limits;
pub mod meta;
pub mod pages;
pub mod pages_analysis;
pub mod params;
pub mod search;
pub mod server;
pub mod terms;

pub use server::{ServeOptions, serve, serve_with, shutdown_signal};

use crate::cancel::Cancel;
use crate::clusters::Clusters;
use crate::compare::Comparer;
use crate::registry::Registry;
use crate::terms::TermSummary;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use error::ApiError;
use std::sync::Arc;
use std::time::{Duration, Instant};
use utoipa::OpenApi;

/// Largest request body accepted (a large draft, a .docx).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Longest a request may take before it is answered `503 timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// What every handler shares: the registry and data computed once from it.
#[derive(Clone)]
pub struct AppState {
    pub registry: Arc<Registry>,
    pub terms: Arc<Vec<TermSummary>>,
    /// Compare and nearest definitions, with the clusters computed once.
    pub comparer: Arc<Comparer>,
    /// `GET /v1/clusters`, serialized once.
    pub clusters_json: axum::body::Bytes,
    /// Longest a request may take before it is answered `503 timeout` ([`REQUEST_TIMEOUT`]).
    pub request_timeout: Duration,
    /// The places for heavy requests (checks, comparisons with long texts or the corpus).
    pub admission: admission::Admission,
    /// Cancelled when the server stops; every request's [`Cancel`] is a child of it.
    pub shutdown: Cancel,
    /// When entries and concepts were added and changed (git), read on first use; empty unless
    /// [`AppState::with_history`] named the corpus folder.
    pub history: Arc<crate::history::LazyHistory>,
}

impl AppState {
    /// Prepares the state for a registry (computes what handlers reuse).
    pub fn new(registry: Registry) -> Self {
        let terms = Arc::new(terms::precompute(&registry));
        // The draft check's matcher over every designation, built now rather than inside the
        // first check (where it could not be cancelled).
        registry.concepts().warm_up();
        let clusters = Arc::new(Clusters::compute_with(
            registry.corpus(),
            registry.analyzer(),
            &Default::default(),
        ));
        let clusters_json = axum::body::Bytes::from(
            serde_json::to_vec(clusters.as_ref()).expect("clusters always serialize to JSON"),
        );
        let comparer = Arc::new(Comparer::with_clusters(
            registry.corpus(),
            registry.analyzer().clone(),
            clusters,
        ));
        AppState {
            history: Arc::new(crate::history::LazyHistory::none()),
            registry: Arc::new(registry),
            terms,
            comparer,
            clusters_json,
            request_timeout: REQUEST_TIMEOUT,
            admission: admission::Admission::new(admission::Limits::for_this_machine()),
            shutdown: Cancel::never(),
        }
    }
}

impl AppState {
    /// The same state, with the git history of the corpus under `corpus_dir` (when it is in a
    /// checkout) shown on entries and concepts.
    pub fn with_history(mut self, corpus_dir: &std::path::Path) -> Self {
        self.history = Arc::new(crate::history::LazyHistory::of(corpus_dir));
        self
    }
}

/// The OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "mvterms",
        description = "Terminology and definitions registry for metaverse standardization (ITU-T FG-MV). Errors answer {\"error\":{\"code\",\"message\"}}."
    ),
    paths(
        search::search,
        entries::entry,
        terms::terms,
        terms::term,
        compare::compare,
        compare::similar,
        compare::characteristics,
        clusters::clusters,
        clusters::clusters_svg,
        concepts::concepts,
        concepts::concept,
        export::export_registry,
        check::check,
        meta::healthz,
        meta::openapi
    )
)]
pub struct ApiDoc;

/// The application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(search::router())
        .merge(entries::router())
        .merge(terms::router())
        .merge(compare::router())
        .merge(clusters::router())
        .merge(concepts::router())
        .merge(export::router().route_layer(middleware::from_fn_with_state(
            state.clone(),
            admission::heavy,
        )))
        .merge(check::router().route_layer(middleware::from_fn_with_state(
            state.clone(),
            admission::heavy,
        )))
        .merge(meta::router())
        .merge(pages::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(limits::refuse_oversized_head))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            log_and_time_out,
        ))
        .with_state(state)
}

async fn not_found(request: Request) -> Response {
    if pages::wants_html(&request) {
        return pages::not_found(&request);
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no endpoint at {}; see /openapi.json", request.uri().path()),
    )
    .into_response()
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
}

/// The request's [`Cancel`]: cancelled when the request times out, when its client goes away
/// (the request's future is dropped) and when the server stops. Work that may take long takes
/// it and asks it in its loops.
impl<S: Send + Sync> FromRequestParts<S> for Cancel {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Cancel>()
            .cloned()
            .unwrap_or_default())
    }
}

/// One log line per request, the request timeout, and the request's [`Cancel`].
async fn log_and_time_out(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let limit = state.request_timeout;
    let started = Instant::now();
    let method = request.method().clone();
    let uri = shown(request.uri());
    // The guard lives in this future: a timeout or a client gone (both drop it) cancels.
    let (cancel, _cancel_on_drop) = state.shutdown.child();
    request
        .extensions_mut()
        .insert(cancel.with_deadline(started + limit));
    let response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {:.1} s and was stopped",
                limit.as_secs_f64()
            ),
        )
        .into_response(),
    };
    tracing::info!(
        target: "mvterms::request",
        "{method} {uri} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// The request target for the log, cut to a readable length.
fn shown(uri: &axum::http::Uri) -> String {
    let text = uri.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text,
    }
}
