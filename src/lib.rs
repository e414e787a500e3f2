//! mvterms: a terminology and definitions registry for metaverse standardization.
//!
//! # Layout
//!
//! - [`error`]: the one error enum and `Result` alias.
//! - [`model`]: validated domain types (`Entry`, `Kind`, `Status`, `Abbreviation`, …).
//! - [`corpus`]: load and validate `corpus/` (the data of record), import JSONL into it.
//! - [`analysis`]: the one text pipeline (words, folding, stemming, equivalences), also the tantivy tokenizer.

pub mod error;
pub mod model;

pub use error::{Error, Result};
pub mod analysis;
pub mod cli;
pub mod clusters;
pub mod corpus;
