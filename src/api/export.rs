//! `GET /v1/export?format=…`: the whole registry (or one collection) as a download, streamed:
//! the export runs on a blocking thread and hands the body over in chunks, so memory stays
//! bounded whatever the size, and a client that goes away stops the work.

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::params::{Params, QueryPairs};
use crate::exchange::{DEFAULT_BASE, ExportOptions, Format, export};
use crate::model::Collection;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::io;
use tokio::sync::mpsc;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/export", get(export_registry))
}

/// Parameters of `/v1/export`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `tbx` (TBX-Basic, ISO 30042), `skos` (Turtle), `skos-jsonld`, `jsonld` (Schema.org) or `csv`.
    #[param(pattern = "^(tbx|skos|skos-jsonld|jsonld|csv)$")]
    format: String,
    /// Only the concepts and definitions of this collection.
    #[param(value_type = Option<Collection>)]
    collection: Option<String>,
    /// Base of the concept and definition IRIs in the RDF formats (default `urn:mvterms:`).
    base: Option<String>,
}

/// Chunks of this size are handed to the client.
const CHUNK: usize = 64 * 1024;

/// A `Write` that sends full chunks down a channel.
struct ChunkWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl io::Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The concepts of the registry in an exchange format, as a file download.
#[utoipa::path(get, path = "/v1/export", tag = "concepts", params(ExportParams),
    responses(
        (status = 200, description = "The export (TBX-Basic XML, Turtle, JSON-LD or CSV), with Content-Disposition naming the file"),
        (status = 400, description = "`invalid_parameter`", body = ErrorBody),
    ))]
pub async fn export_registry(
    State(state): State<AppState>,
    QueryPairs(query): QueryPairs,
) -> Result<Response, ApiError> {
    let p = Params::new(query, &["format", "collection", "base"])?;
    let expected = Format::ALL
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let format = p
        .text("format")
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "parameter 'format' is required; expected one of: {expected}"
            ))
        })?
        .parse::<Format>()
        .map_err(ApiError::invalid_parameter)?;
    let collection = p.named::<Collection>("collection")?;
    let base = p.text("base").unwrap_or_else(|| DEFAULT_BASE.to_string());
    if oxrdf::NamedNode::new(format!("{base}x")).is_err() {
        return Err(ApiError::invalid_parameter(format!(
            "base '{base}' is not an IRI; expected e.g. https://example.org/terms/"
        )));
    }
    let options = ExportOptions {
        format,
        collection,
        base,
    };
    let (tx, mut rx) = mpsc::channel::<io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut writer = ChunkWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let written = export(
            state.registry.corpus(),
            state.registry.concepts(),
            &options,
            &mut writer,
        )
        .map_err(|e| e.to_string())
        .and_then(|()| io::Write::flush(&mut writer).map_err(|e| e.to_string()));
        if let Err(e) = written {
            // The status line is sent; breaking the body is how the client learns of it.
            tracing::warn!("export {} stopped: {e}", options.format.as_str());
            let _ = tx.blocking_send(Err(io::Error::other(e)));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.file_name()),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
