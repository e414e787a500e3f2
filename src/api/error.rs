//! The one HTTP error type: every failure answers `{"error":{"code","message"}}` with a stable
//! snake_case code (listed in the README). 5xx bodies reveal nothing internal.

use crate::error::Error;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to a client.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds after which the client may try again (`Retry-After`), for `503 overloaded`.
    pub retry_after: Option<u64>,
    /// "Did you mean" alternatives (e.g. for `term_not_found`); empty for most errors.
    pub suggestions: Vec<String>,
}

/// The JSON body of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The code and message of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `invalid_query`, `entry_not_found`.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// What the client may have meant (`term_not_found`: the nearest terms and
    /// abbreviations of the registry); absent when there is nothing to suggest.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            suggestions: Vec::new(),
        }
    }

    /// The same error, answered with `Retry-After: seconds`.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The same error with "did you mean" suggestions.
    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", message)
    }

    pub fn invalid_body(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", message)
    }

    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer; the failure is logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                suggestions: self.suggestions,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::InvalidQuery(reason) => {
                ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", reason)
            }
            Error::InvalidArgument(message) => ApiError::invalid_parameter(message),
            Error::EntryNotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "entry_not_found", err.to_string())
            }
            Error::ConceptNotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "concept_not_found", err.to_string())
            }
            Error::TermNotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "term_not_found", err.to_string())
            }
            Error::Unreadable { .. } => ApiError::invalid_body(err.to_string()),
            Error::DraftTooComplex { .. } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "draft_too_complex",
                err.to_string(),
            ),
            Error::Cancelled => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "the request was stopped before it finished",
            ),
            Error::Invalid { .. }
            | Error::Io { .. }
            | Error::Index { .. }
            | Error::IndexUnusable { .. }
            | Error::Encoder(_) => {
                tracing::error!("{err:#}");
                ApiError::internal()
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected a JSON body with the header Content-Type: application/json",
            ),
            _ => ApiError::invalid_body(format!(
                "the JSON body is not valid: {}",
                rejection.body_text()
            )),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::invalid_parameter(format!(
            "the query string is not valid: {}",
            rejection.body_text()
        ))
    }
}

/// The answer to a body over the size limit.
pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "the request body is larger than the limit of {} bytes",
            super::BODY_LIMIT
        ),
    )
}

/// Runs blocking core work (index reads, analysis) off the async threads. Inside a heavy
/// request the work holds the request's admission ([`super::admission`]) until it has ended,
/// even when the request itself was answered (timeout) or dropped (client gone) before.
pub async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    let admitted = super::admission::held();
    let work = move || {
        let result = work();
        drop(admitted);
        result
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(join) => {
            tracing::error!("blocking task failed: {join}");
            Err(ApiError::internal())
        }
    }
}
