//! The error page: what went wrong in words, the stable code (the API's), and a way on
//! (suggestions, the search box).

use super::search::Form;
use super::{Layout, Section};
use askama::Template;

/// An error page (400, 404, 413, 503, …).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    /// The API's stable code (`invalid_query`, `entry_not_found`, …).
    pub code: String,
    pub message: String,
    /// "Did you mean" links.
    pub suggestions: Vec<super::search::FacetLink>,
    /// The search box, with the query that failed when there was one.
    pub form: Form,
}

impl ErrorPage {
    pub fn new(status: u16, code: &str, message: &str) -> ErrorPage {
        let title = match status {
            400 => "The request could not be understood",
            404 => "Not found",
            413 => "Too large",
            415 => "Unsupported file type",
            503 => "Try again shortly",
            s if s >= 500 => "The server failed to answer",
            _ => "The request was refused",
        };
        ErrorPage {
            layout: Layout::new(title, Section::None),
            status,
            code: code.to_string(),
            message: message.to_string(),
            suggestions: Vec::new(),
            form: Form::with_query(""),
        }
    }
}
