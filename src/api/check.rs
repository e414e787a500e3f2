//! `POST /v1/check`: checks the draft in the request body and answers
//! `{findings:[{rule,severity,message,line,column,end_line,end_column,excerpt,suggestion}],summary}`.
//!
//! Bodies: `text/plain`, `text/markdown`, `text/asciidoc` (profile in `?profile=`), JSON
//! `{text, format?, profile?}`, or a Word file as `application/vnd.openxmlformats-officedocument.
//! wordprocessingml.document` (or `application/octet-stream`). Over [`super::BODY_LIMIT`]: 413
//! `payload_too_large`; another media type: 415 `unsupported_media_type`; a draft that cannot be
//! read (corrupt .docx, binary, invalid UTF-8) or a bad JSON body: 400 `invalid_body`; a draft
//! over one of the check's bounds ([`crate::check::bounds`]): 422 `draft_too_complex`; a bad
//! profile or format: 400 `invalid_parameter`. The check runs on the blocking pool and stops
//! (503 `timeout`) when the request times out or its client goes away.

use super::AppState;
use super::error::{ApiError, ErrorBody, blocking, payload_too_large};
use crate::cancel::Cancel;
use crate::check::{CheckOptions, DraftInput, Finding, Format, Profile, Summary, check_draft_with};
use axum::body::{Body, to_bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::time::Instant;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/check", post(check))
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The answer: the findings, sorted by place then rule, and their counts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckAnswer {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// Query parameters for non-JSON bodies.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckParams {
    /// `itu` (default) or `iso`, in any case.
    #[param(pattern = "^(?:[iI][tT][uU]|[iI][sS][oO])$")]
    profile: Option<String>,
    /// `text`, `markdown`, `asciidoc` or `docx` (or `txt`, `plain`, `md`, `adoc`), in any case,
    /// when the media type does not say.
    #[param(
        pattern = "^(?:[tT][eE][xX][tT]|[tT][xX][tT]|[pP][lL][aA][iI][nN]|[mM][aA][rR][kK][dD][oO][wW][nN]|[mM][dD]|[aA][sS][cC][iI][iI][dD][oO][cC]|[aA][dD][oO][cC]|[dD][oO][cC][xX])$"
    )]
    format: Option<String>,
}

/// The JSON body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    /// The draft.
    text: String,
    /// `text` (default), `markdown` or `asciidoc` (or `txt`, `plain`, `md`, `adoc`), in any case.
    #[schema(
        pattern = "^(?:[tT][eE][xX][tT]|[tT][xX][tT]|[pP][lL][aA][iI][nN]|[mM][aA][rR][kK][dD][oO][wW][nN]|[mM][dD]|[aA][sS][cC][iI][iI][dD][oO][cC]|[aA][dD][oO][cC])$"
    )]
    format: Option<String>,
    /// `itu` (default) or `iso`, in any case.
    #[schema(pattern = "^(?:[iI][tT][uU]|[iI][sS][oO])$")]
    profile: Option<String>,
}

fn parse<T: std::str::FromStr<Err = String>>(value: Option<&str>) -> Result<Option<T>, ApiError> {
    value
        .map(|v| v.parse::<T>())
        .transpose()
        .map_err(ApiError::invalid_parameter)
}

/// Checks a draft against the drafting rules and the registry.
#[utoipa::path(post, path = "/v1/check", tag = "check",
    params(CheckParams),
    request_body(description = "The draft: text/plain, text/markdown, text/asciidoc, a .docx file (application/vnd.openxmlformats-officedocument.wordprocessingml.document), or JSON {text, format, profile}. No body is an empty draft.",
        content(
            (CheckBody = "application/json"),
            (serde_json::Value = "text/plain"),
            (serde_json::Value = "text/markdown"),
            (serde_json::Value = "text/asciidoc"),
        )),
    responses(
        (status = 200, description = "The findings", body = CheckAnswer),
        (status = 400, description = "`invalid_body` (unreadable draft, bad JSON) or `invalid_parameter` (a profile or format not listed, a parameter given twice, `format=docx` with a JSON body)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "`draft_too_complex`: the draft passes one of the check's bounds — `max_word_chars` (10 000 characters in one word), `max_paragraph_bytes` (262 144 bytes in one paragraph), `max_paragraphs` (200 000 paragraphs), `max_text_bytes` (8 388 608 bytes of text: a .docx whose text unpacks to more), `max_definitions` (10 000 in clause 3), `max_term_words` (50 words in one term); the message names the limit, its value, what the draft holds (or \"more than\" the limit when reading stopped there) and the line", body = ErrorBody),
        (status = 503, description = "`timeout`: the check was stopped at the request's time limit; `overloaded` (with `Retry-After`): the queue of heavy requests was full, this one waited 15 s for its turn, or its body did not fit in the 64 MiB the bodies of heavy requests may hold", body = ErrorBody),
    ))]
pub async fn check(
    State(state): State<AppState>,
    params: Result<Query<CheckParams>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CheckAnswer>, ApiError> {
    let Query(params) = params?;
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
    let from_media = match media.as_str() {
        // text/plain says only "text": whether it is Markdown or AsciiDoc is read from the content.
        "text/plain" | "" => None,
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        "text/asciidoc" | "text/x-asciidoc" => Some(Format::Asciidoc),
        DOCX => Some(Format::Docx),
        "application/json" | "application/octet-stream" => None,
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
    // The raw body is not under DefaultBodyLimit: read it with the same limit.
    let bytes = to_bytes(body, super::BODY_LIMIT)
        .await
        .map_err(|_| payload_too_large())?;
    let mut profile = parse::<Profile>(params.profile.as_deref())?;
    let mut format = from_media.or(parse::<Format>(params.format.as_deref())?);
    // The body as read, not a copy of it (8 MiB less per large draft).
    let bytes: axum::body::Bytes = if media == "application/json" {
        let wire: CheckBody = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::invalid_body(format!("the JSON body is not valid: {e}; expected {{\"text\": \"…\", \"format\": \"markdown\", \"profile\": \"itu\"}}"))
        })?;
        profile = parse::<Profile>(wire.profile.as_deref())?.or(profile);
        format = parse::<Format>(wire.format.as_deref())?.or(format);
        if format == Some(Format::Docx) {
            return Err(ApiError::invalid_parameter(format!(
                "a .docx cannot travel as JSON text; send the file itself as {DOCX}"
            )));
        }
        wire.text.into_bytes().into()
    } else {
        bytes
    };
    let registry = state.registry.clone();
    let options = CheckOptions {
        profile: profile.unwrap_or_default(),
        ..CheckOptions::default()
    };
    // The work stops when this request's future is dropped (the timeout answered 503, or the
    // client went away): the guard lives in the future, the token goes to the blocking thread,
    // which also stops by itself at the request's deadline.
    let (cancel, _stop_on_drop) = Cancel::new();
    let cancel = cancel.with_deadline(Instant::now() + state.request_timeout);
    let report = blocking(move || {
        let input = DraftInput {
            name: "<request body>".into(),
            bytes: &bytes,
            format,
        };
        check_draft_with(&input, &options, (&*registry).into(), &cancel)
    })
    .await?;
    Ok(Json(CheckAnswer {
        findings: report.findings,
        summary: report.summary,
    }))
}
