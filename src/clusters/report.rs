//! The Markdown report of `mvterms clusters --format md`.
