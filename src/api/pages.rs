//! The HTML pages for editors (`/`, `/entries/{id}`, `/terms/{term}`, `/about`, …) and the
//! stylesheet. Handlers parse the request as the API does (same parameters, same stable error
//! codes), call the same core, and render with [`crate::pages`]. Errors are HTML pages with the
//! API's status and code; every page carries the security headers of [`html`].

use super::AppState;
use super::error::{ApiError, blocking};
use super::params::{PathParam, QueryPairs};
use crate::cancel::Cancel;
use crate::compare::ItemInput;
use crate::error::Error;
use crate::model::{Collection, Entry};
use crate::pages::about::{AboutPage, Counts};
use crate::pages::entry::{EntryFacts, EntryPage, SIDE_BY_SIDE};
use crate::pages::search::{FacetLink, Intro, SearchPage};
use crate::pages::term::TermPage;
use crate::pages::{self, error::ErrorPage, link};
use crate::terms::{entries_for, resolve, suggestions, term_key};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(search))
        .route("/entries/{id}", get(entry))
        .route("/terms/{term}", get(term))
        .route("/about", get(about))
        .route(pages::STYLE_PATH, get(style))
        .merge(super::pages_analysis::router())
}

/// What a page may load: its own stylesheet and inline images, nothing else; no scripts at all.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An HTML answer with the headers every page carries.
pub fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    security_headers(headers);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn security_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// An error answered as a page: the API's status, code, message and suggestions.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(err: ApiError) -> Self {
        PageError(err)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let err = self.0;
        let mut page = ErrorPage::new(err.status.as_u16(), err.code, &err.message);
        page.suggestions = err
            .suggestions
            .iter()
            .map(|s| FacetLink {
                label: s.clone(),
                href: link::term(s),
            })
            .collect();
        let body = match pages::render(&page) {
            Ok(body) => body,
            Err(e) => {
                tracing::error!("{e:#}");
                format!("error {}: {}", err.status.as_u16(), err.code)
            }
        };
        let mut response = html(err.status, body);
        if let Some(seconds) = err.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// The HTML 404 page of a path that is no page.
pub fn not_found(request: &Request) -> Response {
    PageError(ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "there is no page at {}; search the registry below, or see the API at /openapi.json",
            request.uri().path()
        ),
    ))
    .into_response()
}

/// Whether an unknown path is answered as a page (a browser's request) rather than the API's
/// JSON error: everything outside the API's space (`/v1/…`, any `/vN/…`, `….json`), unless
/// the client asks for JSON and not HTML.
pub fn wants_html(request: &Request) -> bool {
    let path = request.uri().path();
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let versioned =
        first.len() > 1 && first.starts_with('v') && first[1..].bytes().all(|b| b.is_ascii_digit());
    if versioned || path.ends_with(".json") {
        return false;
    }
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !accept.contains("application/json") || accept.contains("text/html")
}

/// `GET /assets/style.css`: the stylesheet, cached for a year (its link carries its version)
/// and revalidated by its `ETag`.
async fn style(headers: HeaderMap) -> Response {
    let etag = format!("\"{}\"", pages::style_version());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, pages::STYLE).into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, value);
    }
    security_headers(h);
    response
}

/// `GET /`: the search page. Parameters are the API's (`/v1/search`), so a page's URL and the
/// API's differ only by their path.
async fn search(
    State(state): State<AppState>,
    cancel: Cancel,
    query: Result<QueryPairs, ApiError>,
) -> Result<Response, PageError> {
    let QueryPairs(query) = query?;
    if query.values().all(|v| v.trim().is_empty()) && query.keys().all(|k| k == "q") {
        let corpus = state.registry.corpus();
        let count = |c| corpus.collection(c).count();
        let examples = [
            "avatar",
            "digital twin",
            "immersive persistent virtual world",
            "XR",
        ]
        .into_iter()
        .map(|q| FacetLink {
            label: q.to_string(),
            href: format!(
                "/?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("q", q)
                    .finish()
            ),
        })
        .collect();
        let page = SearchPage::empty(Intro {
            entries: corpus.entries().len(),
            metaverse: count(Collection::Metaverse),
            vocabulary: count(Collection::Vocabulary),
            examples,
        });
        return Ok(html(
            StatusCode::OK,
            pages::render(&page).map_err(ApiError::from)?,
        ));
    }
    let request = super::search::request(query)?;
    let registry = state.registry.clone();
    let body = blocking(move || {
        let results = registry.search(&request, &cancel)?;
        let suggestions = if results.total == 0 {
            let asked = request.term.as_deref().unwrap_or(&request.q);
            crate::terms::suggestions(registry.concepts(), asked, 5)
        } else {
            Vec::new()
        };
        pages::render(&SearchPage::results(&request, &results, suggestions))
    })
    .await?;
    Ok(html(StatusCode::OK, body))
}

/// `GET /entries/{id}`: the entry, its characteristics and concept, the other definitions of
/// its term (the nearest [`SIDE_BY_SIDE`] when there are more), its history.
async fn entry(
    State(state): State<AppState>,
    path: Result<PathParam, ApiError>,
) -> Result<Response, PageError> {
    let PathParam(id) = path?;
    let body = blocking(move || {
        let corpus = state.registry.corpus();
        let Some(p) = corpus.position(&id) else {
            return Err(Error::EntryNotFound(id));
        };
        let entry = &corpus.entries()[p];
        let same_term = entries_for(corpus, &entry.term);
        let term_total = same_term.len();
        let others: Vec<&Entry> = if term_total <= SIDE_BY_SIDE + 1 {
            same_term.into_iter().filter(|e| e.id != id).collect()
        } else {
            // Many definitions (metaverse has ~150): the nearest of them, by the same measure
            // as compare.
            let key = term_key(&entry.term);
            state
                .comparer
                .nearest(
                    &ItemInput::Id(id.clone()),
                    crate::compare::MAX_NEAREST,
                    Some(entry.collection),
                )?
                .iter()
                .filter(|n| term_key(&n.term) == key)
                .filter_map(|n| corpus.get(&n.id))
                .take(SIDE_BY_SIDE)
                .collect()
        };
        let history = state
            .history
            .get()
            .and_then(|h| h.entry(corpus, &id).cloned());
        pages::render(&EntryPage::new(EntryFacts {
            entry,
            concept: state
                .registry
                .concepts()
                .of_entry(p)
                .map(|c| state.registry.concepts().view(corpus, c)),
            item: state.comparer.entry_item(&id).ok(),
            others,
            term_total,
            history,
            fingerprint: corpus.fingerprint(),
        }))
    })
    .await?;
    Ok(html(StatusCode::OK, body))
}

/// `GET /terms/{term}`: every definition of a term, resolved as `/v1/terms/{term}` resolves
/// it; an unknown term is a 404 page with "did you mean" links.
async fn term(
    State(state): State<AppState>,
    path: Result<PathParam, ApiError>,
) -> Result<Response, PageError> {
    let PathParam(term) = path?;
    let r = &state.registry;
    let found = resolve(r.corpus(), r.analyzer(), r.concepts(), &term);
    // As `/v1/terms/{term}`: not found only when neither an entry nor a concept names it (a
    // curated designation without a definition yet is a page that says so).
    if found.entries.is_empty() && found.concepts.is_empty() {
        let suggested = suggestions(r.concepts(), &term, 5);
        return Err(ApiError::from(Error::TermNotFound(term))
            .with_suggestions(suggested)
            .into());
    }
    let page = TermPage::new(&term, &found.entries, found.expanded_to);
    Ok(html(
        StatusCode::OK,
        pages::render(&page).map_err(ApiError::from)?,
    ))
}

/// `GET /about`: counts, the corpus version, how search and the analysis work, citing, the API.
async fn about(State(state): State<AppState>) -> Result<Response, PageError> {
    let body = blocking(move || {
        let corpus = state.registry.corpus();
        let example = corpus
            .entries()
            .iter()
            .find(|e| e.source.document.as_deref() == Some("FGMV-20"))
            .or(corpus.entries().first())
            .map_or("", |e| e.id.as_str());
        let counts = Counts {
            entries: corpus.entries().len(),
            metaverse: corpus.collection(Collection::Metaverse).count(),
            vocabulary: corpus.collection(Collection::Vocabulary).count(),
            terms: state.terms.len(),
            abbreviations: corpus.abbreviations().len(),
            concepts: state.registry.concepts().len(),
            characteristics: state.comparer.clusters().table().count(),
        };
        let commit = state.history.get().map(|h| h.head.clone());
        pages::render(&AboutPage::new(
            counts,
            corpus.fingerprint(),
            commit,
            example,
        ))
    })
    .await?;
    Ok(html(StatusCode::OK, body))
}
