//! The about page (`/about`): what the registry holds, which corpus version is served, how
//! search and the analysis work in plain words, how to cite an entry, and the API.

use super::{Layout, Section};
use askama::Template;

/// The about page.
#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    pub layout: Layout,
    pub counts: Counts,
    /// The corpus fingerprint (a hash of every corpus file).
    pub fingerprint: String,
    /// The git commit the corpus was read at, when known.
    pub commit: Option<String>,
    /// The mvterms version.
    pub version: &'static str,
    /// An entry to show the citation with.
    pub example_id: String,
}

/// What the registry holds.
pub struct Counts {
    pub entries: usize,
    pub metaverse: usize,
    pub vocabulary: usize,
    pub terms: usize,
    pub abbreviations: usize,
    pub concepts: usize,
    pub characteristics: usize,
}

impl AboutPage {
    pub fn new(
        counts: Counts,
        fingerprint: &str,
        commit: Option<String>,
        example_id: &str,
    ) -> AboutPage {
        AboutPage {
            layout: Layout::new("About the registry", Section::About),
            counts,
            fingerprint: fingerprint.to_string(),
            commit,
            version: env!("CARGO_PKG_VERSION"),
            example_id: example_id.to_string(),
        }
    }
}
