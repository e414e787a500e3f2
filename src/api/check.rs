//! `POST /v1/check`: checks the draft in the request body and answers
//! `{findings:[{rule,severity,message,line,column,end_line,end_column,excerpt,suggestion}],summary}`.
//!
//! Bodies: `text/plain`, `text/markdown`, `text/asciidoc` (profile in `?profile=`), JSON
//! `{text, format?, profile?}`, or a Word file as `application/vnd.openxmlformats-officedocument.
//! wordprocessingml.document` (or `application/octet-stream`). Over [`CheckState::max_body`] bytes:
//! 413 `payload_too_large`; another media type: 415 `unsupported_media_type`; an unreadable draft
//! (corrupt .docx, binary, invalid UTF-8): 400 `unreadable_draft`. The check runs on the blocking
//! pool, never on the async threads.

use crate::check::report::json::single;
use crate::check::{CheckOptions, DraftInput, Format, Profile, Registry, check_draft};
use crate::error::Error;
use axum::Json;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Default largest draft accepted: 16 MiB (a large Word Recommendation is a few MB).
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// What the handler needs: the registry (built once) and the body limit.
#[derive(Debug, Clone)]
pub struct CheckState {
    /// The registry the drafts are checked against.
    pub registry: Arc<Registry>,
    /// Largest body accepted, in bytes.
    pub max_body: usize,
}

impl CheckState {
    /// State with the default body limit.
    pub fn new(registry: Arc<Registry>) -> Self {
        CheckState {
            registry,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

/// The `/v1/check` route with its state applied, ready to be merged into the app's router.
pub fn router(state: CheckState) -> Router {
    Router::new()
        .route("/v1/check", post(check))
        .with_state(state)
}

/// An error answer: `{"error":{"code","message"}}` with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "error": { "code": self.code, "message": self.message } })),
        )
            .into_response()
    }
}

#[derive(Debug, Deserialize)]
struct Params {
    profile: Option<String>,
    format: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBody {
    text: String,
    format: Option<String>,
    profile: Option<String>,
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn parse<T: std::str::FromStr<Err = String>>(value: Option<&str>) -> Result<Option<T>, ApiError> {
    value
        .map(|v| v.parse::<T>())
        .transpose()
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_argument", e))
}

async fn check(
    State(state): State<CheckState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let fixed_format = match media.as_str() {
        "text/plain" | "" => Some(Format::Text),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        "text/asciidoc" | "text/x-asciidoc" => Some(Format::Asciidoc),
        "application/json" => None,
        DOCX => Some(Format::Docx),
        "application/octet-stream" => None,
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "cannot check a body of type '{other}'; send text/plain, text/markdown, text/asciidoc, application/json {{text, format, profile}} or a .docx ({DOCX})"
                ),
            ));
        }
    };
    let bytes = to_bytes(body, state.max_body).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!(
                "the draft is larger than the limit of {} bytes",
                state.max_body
            ),
        )
    })?;
    let mut profile = parse::<Profile>(params.profile.as_deref())?;
    let mut format = fixed_format.or(parse::<Format>(params.format.as_deref())?);
    let bytes: Vec<u8> = if media == "application/json" {
        let wire: JsonBody = serde_json::from_slice(&bytes).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", format!("invalid JSON body: {e}; expected {{\"text\": \"…\", \"format\": \"markdown\", \"profile\": \"itu\"}}")))?;
        profile = parse::<Profile>(wire.profile.as_deref())?.or(profile);
        format = parse::<Format>(wire.format.as_deref())?
            .or(format)
            .or(Some(Format::Text));
        if format == Some(Format::Docx) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_argument",
                format!("a .docx cannot travel in JSON text; send the file itself as {DOCX}"),
            ));
        }
        wire.text.into_bytes()
    } else {
        bytes.to_vec()
    };
    let registry = state.registry.clone();
    let options = CheckOptions {
        profile: profile.unwrap_or_default(),
        ..CheckOptions::default()
    };
    let result = tokio::task::spawn_blocking(move || {
        let input = DraftInput {
            name: "<request body>".into(),
            bytes: &bytes,
            format,
        };
        check_draft(&input, &options, &registry)
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the check failed unexpectedly",
        )
    })?;
    match result {
        Ok(report) => Ok(Json(single(&report)).into_response()),
        Err(Error::Unreadable { reason, .. }) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "unreadable_draft",
            format!("cannot check the draft: {reason}"),
        )),
        Err(other) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_argument",
            other.to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    async fn post(
        app: Router,
        content_type: &str,
        uri: &str,
        body: impl Into<Body>,
    ) -> (StatusCode, serde_json::Value) {
        let req = Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    fn app(max_body: usize) -> Router {
        router(CheckState {
            registry: Arc::new(Registry::empty()),
            max_body,
        })
    }

    const DRAFT: &str = "1 Scope\nThis Recommendation covers widgets.\n\n3 Definitions\n3.1 Terms defined elsewhere\nNone.\n3.2 Terms defined in this Recommendation\nThis Recommendation defines the following term:\n3.2.1 Widget: a widget is a thing\n";

    #[tokio::test]
    async fn a_plain_text_draft_gets_its_findings() {
        let (status, body) = post(app(DEFAULT_MAX_BODY), "text/plain", "/v1/check", DRAFT).await;
        assert_eq!(status, StatusCode::OK);
        let rules: Vec<&str> = body["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"term-case") && rules.contains(&"definition-end"),
            "{rules:?}"
        );
        assert!(body["summary"]["warnings"].as_u64().unwrap() >= 2);
        let f = &body["findings"][0];
        for key in [
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "excerpt",
            "suggestion",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }

    #[tokio::test]
    async fn a_json_body_chooses_format_and_profile() {
        let body = json!({ "text": "## 3 Definitions\n\n**3.1 widget**: A thing.\n", "format": "markdown", "profile": "iso" });
        let (status, out) = post(
            app(DEFAULT_MAX_BODY),
            "application/json",
            "/v1/check",
            body.to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let rules: Vec<&str> = out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"definition-end") && rules.contains(&"definition-start"),
            "{rules:?}"
        );
    }

    #[tokio::test]
    async fn a_docx_body_is_checked() {
        let docx = crate::check::format::docx::tests::docx(
            r#"<w:p><w:r><w:t>3 Definitions</w:t></w:r></w:p><w:p><w:r><w:t>3.1 Widget: a thing</w:t></w:r></w:p>"#,
            None,
        );
        let (status, out) = post(app(DEFAULT_MAX_BODY), DOCX, "/v1/check", docx).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["findings"][0]["line"], 2);
    }

    #[tokio::test]
    async fn errors_have_one_shape_and_the_right_status() {
        let (s, b) = post(app(10), "text/plain", "/v1/check", DRAFT).await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
        );
        let (s, b) = post(app(DEFAULT_MAX_BODY), "image/png", "/v1/check", "x").await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Some("unsupported_media_type")
            )
        );
        let (s, b) = post(app(DEFAULT_MAX_BODY), DOCX, "/v1/check", "PK\x03\x04junk").await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("unreadable_draft"))
        );
        let (s, b) = post(app(DEFAULT_MAX_BODY), "application/json", "/v1/check", "{").await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_body"))
        );
        let (s, b) = post(
            app(DEFAULT_MAX_BODY),
            "text/plain",
            "/v1/check?profile=ansi",
            "x",
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_argument"))
        );
        let (s, b) = post(
            app(DEFAULT_MAX_BODY),
            "text/plain",
            "/v1/check",
            vec![0u8, 159, 146, 150],
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("unreadable_draft"))
        );
    }
}
