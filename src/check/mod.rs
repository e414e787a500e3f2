//! The vocabulary consistency check of drafts (issue 4): reads a draft in any supported format into
//! one document model and applies the drafting rules of `docs/principles.md`.
//!
//! # Layout
//!
//! - [`format`]: readers for plain text, Markdown, Metanorma AsciiDoc and Word .docx.
//! - [`draft`]: the document model (sections, clause 3 entries, clause 4, references, text).

pub mod draft;
pub mod format;
