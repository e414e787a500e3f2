//! The pages where editors analyse definitions and drafts: `/compare` (GET by ids, POST pasted
//! texts), `/characteristics`, `/check` (GET the form, POST a pasted or uploaded draft) and
//! `/check/rules`. Same core, limits and admission control as the API's `/v1/compare`,
//! `/v1/clusters` and `/v1/check`; errors are the pages of [`super::pages::PageError`] with the
//! API's status and code, never a 500 for anything a client sent.

use super::AppState;
use super::admission;
use super::error::{ApiError, blocking, payload_too_large};
use super::pages::{PageError, html};
use crate::cancel::Cancel;
use crate::check::{CheckOptions, DraftInput, Profile, check_parsed_with, parse_draft};
use crate::compare::{CompareOptions, ItemInput};
use crate::error::Error;
use crate::pages::characteristics::CharacteristicsPage;
use crate::pages::check::{CheckPage, CheckView, RulesPage, format_of};
use crate::pages::compare::{ComparePage, CompareView};
use crate::pages::{self};
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Multipart, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use std::time::Instant;

/// Room for the check form's other fields and the multipart framing, beyond the draft itself
/// (which has the API's limit, [`super::BODY_LIMIT`]).
const FORM_OVERHEAD: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/compare", get(compare_ids).post(compare_texts))
        .route("/characteristics", get(characteristics))
        .route(
            "/check",
            get(check_form)
                .post(check)
                .layer(DefaultBodyLimit::max(super::BODY_LIMIT + FORM_OVERHEAD)),
        )
        .route("/check/rules", get(check_rules))
}

fn page(body: crate::Result<String>) -> Result<Response, PageError> {
    Ok(html(StatusCode::OK, body.map_err(ApiError::from)?))
}

/// Bad items are the request's fault: 400 `invalid_parameter`; unknown ids stay 404.
fn compare_error(err: Error) -> ApiError {
    match err {
        Error::InvalidArgument(message) => ApiError::invalid_parameter(message),
        other => other.into(),
    }
}

/// Compares the items (heavy ones under admission control, as `/v1/compare`) and renders.
async fn compare_page(
    state: AppState,
    cancel: Cancel,
    ids: Vec<String>,
    texts: Vec<String>,
) -> Result<Response, PageError> {
    if ids.len() + texts.len() < 2 {
        let mut page = ComparePage::new(&ids, &texts, None);
        if ids.is_empty() && texts.is_empty() {
            return page_response(StatusCode::OK, &page);
        }
        page.layout.title = "Compare needs two or more definitions".into();
        return page_response(StatusCode::BAD_REQUEST, &page);
    }
    let heavy = texts.iter().map(String::len).sum::<usize>() > super::compare::HEAVY_TEXT_BYTES;
    let items: Vec<ItemInput> = ids
        .iter()
        .cloned()
        .map(ItemInput::Id)
        .chain(texts.iter().cloned().map(ItemInput::Text))
        .collect();
    let comparer = state.comparer.clone();
    let work = blocking(move || {
        Ok(comparer.compare_cancellable(&items, &CompareOptions::default(), &cancel))
    });
    let result = if heavy {
        admission::within(state.admission.admit().await?, work).await
    } else {
        work.await
    };
    let comparison = result?.map_err(compare_error)?;
    let page = ComparePage::new(
        &ids,
        &texts,
        Some(CompareView::of(&comparison, state.registry.corpus())),
    );
    page_response(StatusCode::OK, &page)
}

fn page_response(status: StatusCode, page: &impl askama::Template) -> Result<Response, PageError> {
    Ok(html(status, pages::render(page).map_err(ApiError::from)?))
}

/// The non-empty values of `name` among `pairs`, trimmed.
fn values(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn refuse_unknown(pairs: &[(String, String)], known: &[&str]) -> Result<(), ApiError> {
    match pairs.iter().find(|(n, _)| !known.contains(&n.as_str())) {
        Some((name, _)) => Err(ApiError::invalid_parameter(format!(
            "unknown parameter '{name}'; expected: {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

/// `GET /compare?ids=…&ids=…`: the entries side by side (the form when none is given).
async fn compare_ids(
    State(state): State<AppState>,
    cancel: Cancel,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    refuse_unknown(&pairs, &["ids"])?;
    compare_page(state, cancel, values(&pairs, "ids"), Vec::new()).await
}

/// `POST /compare` (form): pasted texts, and ids, side by side.
async fn compare_texts(
    State(state): State<AppState>,
    cancel: Cancel,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(pairs) =
        form.map_err(|e| ApiError::invalid_body(format!("the form is not valid: {e}")))?;
    refuse_unknown(&pairs, &["ids", "texts"])?;
    compare_page(
        state,
        cancel,
        values(&pairs, "ids"),
        values(&pairs, "texts"),
    )
    .await
}

/// `GET /characteristics`: the characteristic table and its chart.
async fn characteristics(State(state): State<AppState>) -> Result<Response, PageError> {
    let clusters = state.comparer.clusters().clone();
    let fingerprint = state.registry.corpus().fingerprint().to_string();
    page(pages::render(&CharacteristicsPage::of(
        &clusters,
        &fingerprint,
    )))
}

/// `GET /check`: the form.
async fn check_form() -> Result<Response, PageError> {
    page(pages::render(&CheckPage::new(
        String::new(),
        Profile::default(),
        None,
    )))
}

/// `GET /check/rules`: each rule id explained.
async fn check_rules() -> Result<Response, PageError> {
    page(pages::render(&RulesPage::new()))
}

/// What the check form sent.
#[derive(Default)]
struct Submission {
    text: String,
    file: Option<(String, Vec<u8>)>,
    profile: Profile,
}

/// Reads the multipart form: `file` (an upload), `text` (pasted), `profile` (`itu`/`iso`).
async fn read_form(mut form: Multipart) -> Result<Submission, ApiError> {
    let mut out = Submission::default();
    let unreadable = |e: axum::extract::multipart::MultipartError| -> ApiError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            payload_too_large()
        } else {
            ApiError::invalid_body(format!("the form could not be read: {}", e.body_text()))
        }
    };
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(unreadable)?;
                if bytes.len() > super::BODY_LIMIT {
                    return Err(payload_too_large());
                }
                if !bytes.is_empty() || !file_name.is_empty() {
                    out.file = Some((file_name, bytes.to_vec()));
                }
            }
            "text" => {
                let text = field.text().await.map_err(unreadable)?;
                if text.len() > super::BODY_LIMIT {
                    return Err(payload_too_large());
                }
                out.text = text;
            }
            "profile" => {
                let value = field.text().await.map_err(unreadable)?;
                out.profile = value
                    .trim()
                    .parse::<Profile>()
                    .map_err(ApiError::invalid_parameter)?;
            }
            other => {
                return Err(ApiError::invalid_body(format!(
                    "unknown form field '{other}'; expected: file, text, profile"
                )));
            }
        }
    }
    Ok(out)
}

/// `POST /check` (multipart form): checks the uploaded or pasted draft, under the same
/// admission control and time limit as `/v1/check`, and shows its findings.
async fn check(
    State(state): State<AppState>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let form = form.map_err(|e| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "the check form is sent as multipart/form-data: {}",
                e.body_text()
            ),
        )
    })?;
    // The body is read before a place is taken, as the API's heavy routes do.
    let submission = read_form(form).await?;
    let text = submission.text;
    let profile = submission.profile;
    let (name, bytes, format) = match submission.file {
        Some((file_name, bytes)) if !bytes.is_empty() => {
            let name = if file_name.is_empty() {
                "uploaded file".to_string()
            } else {
                file_name
            };
            let format = format_of(&name);
            (name, bytes, format)
        }
        Some((file_name, _)) if text.trim().is_empty() => {
            return Err(ApiError::invalid_body(format!(
                "the file '{file_name}' is empty; upload a draft or paste its text"
            ))
            .into());
        }
        _ if text.trim().is_empty() => {
            return Err(ApiError::invalid_body(
                "nothing to check: upload a draft (.docx, .md, .adoc, .txt) or paste its text",
            )
            .into());
        }
        _ => ("pasted text".to_string(), text.clone().into_bytes(), None),
    };
    let admitted = state.admission.admit().await?;
    let registry = state.registry.clone();
    let options = CheckOptions {
        profile,
        ..CheckOptions::default()
    };
    // Stopped when this request's future is dropped (timeout, client gone) or at its deadline,
    // as in `/v1/check`.
    let (cancel, _stop_on_drop) = Cancel::new();
    let cancel = cancel.with_deadline(Instant::now() + state.request_timeout);
    let view = admission::within(
        admitted,
        blocking(move || {
            let input = DraftInput {
                name,
                bytes: &bytes,
                format,
            };
            let draft = parse_draft(&input)?;
            let report = check_parsed_with(&input, &draft, &options, (&*registry).into(), &cancel)?;
            Ok(CheckView::of(&draft, &report, options.profile))
        }),
    )
    .await?;
    // A pasted draft stays in the box; an uploaded one is not echoed back.
    let page = CheckPage::new(text, profile, Some(view));
    page_response(StatusCode::OK, &page)
}
