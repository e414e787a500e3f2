//! The web pages for editors: view models built from the core's values, rendered by compiled
//! askama templates (`templates/`, HTML auto-escaped). This module knows nothing of HTTP: the
//! handlers in `api::pages` parse the request, call the core, and hand its values here.
//!
//! Everything a page shows from the corpus, a query or a draft goes through the templates'
//! escaping; the only markup written by hand is [`markup`]'s (the `<mark>` of highlighted
//! snippets), which escapes the text itself. Links to sources are emitted only for `http(s)`
//! URLs ([`markup::safe_url`]).

pub mod about;
pub mod card;
pub mod characteristics;
pub mod check;
pub mod compare;
pub mod entry;
pub mod error;
pub mod link;
pub mod markup;
pub mod search;
pub mod term;

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The stylesheet, embedded in the binary and served at [`STYLE_PATH`].
pub const STYLE: &str = include_str!("../../assets/style.css");
/// Where the stylesheet is served.
pub const STYLE_PATH: &str = "/assets/style.css";

/// A short hash of the stylesheet: its `ETag`, and the `?v=` of its link, so a changed stylesheet
/// is fetched anew although it is cached for a long time.
pub fn style_version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let digest = Sha256::digest(STYLE.as_bytes());
        digest[..6].iter().map(|b| format!("{b:02x}")).collect()
    });
    &VERSION
}

/// The sections of the site, in the order of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Search,
    Characteristics,
    Compare,
    Check,
    About,
    /// A page outside the navigation (an entry, a term, an error).
    None,
}

/// One link of the main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub label: &'static str,
    pub href: &'static str,
    pub current: bool,
}

/// What the base template (`templates/base.html`) needs: the title and the current section.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page's own title (the site name is added after it).
    pub title: String,
    /// The stylesheet's link, with its version.
    pub style: String,
    pub nav: Vec<NavItem>,
}

impl Layout {
    pub fn new(title: impl Into<String>, section: Section) -> Layout {
        let items = [
            ("Search", "/", Section::Search),
            (
                "Characteristics",
                "/characteristics",
                Section::Characteristics,
            ),
            ("Compare", "/compare", Section::Compare),
            ("Check", "/check", Section::Check),
            ("About", "/about", Section::About),
        ];
        Layout {
            title: title.into(),
            style: format!("{STYLE_PATH}?v={}", style_version()),
            nav: items
                .into_iter()
                .map(|(label, href, s)| NavItem {
                    label,
                    href,
                    current: s == section,
                })
                .collect(),
        }
    }
}

/// Renders a page's template. A template only fails when a value's `Display` fails, which
/// none of ours does; the error is reported rather than unwrapped all the same.
pub fn render(template: &impl askama::Template) -> Result<String> {
    template.render().map_err(|e| Error::Io {
        action: "render",
        path: "templates/".into(),
        source: std::io::Error::other(e.to_string()),
    })
}
