//! Limits on the request head answered in the JSON shape (`414 uri_too_long`, `431
//! headers_too_large`), set below the HTTP library's own limits, which answer with an empty body.

use super::error::ApiError;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest request target (path and query) answered by the app; longer is `414 uri_too_long`.
/// Beyond 65 534 bytes the HTTP library answers 414 itself, with an empty body.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of request headers (names and values) answered by the app; more is `431
/// headers_too_large`. Beyond 100 header lines the HTTP library answers 431 itself.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// `414 uri_too_long` and `431 headers_too_large` in the JSON shape, below the HTTP library's
/// own limits (which answer with an empty body).
pub async fn refuse_oversized_head(request: Request, next: Next) -> Response {
    let uri = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!(
                "the request's path and query are {uri} bytes; the limit is {MAX_URI_BYTES} (a search query is at most 1000 bytes)"
            ),
        )
        .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!("the request's headers are {headers} bytes; the limit is {MAX_HEADER_BYTES}"),
        )
        .into_response();
    }
    next.run(request).await
}
