//! mvterms: a terminology and definitions registry for metaverse standardization.
//!
//! # Layout
//!
//! - [`error`]: the one error enum and `Result` alias.
//! - [`cancel`]: cooperative cancellation of long work (timeouts, clients gone, shutdown).
//! - [`model`]: validated domain types (`Entry`, `Kind`, `Status`, `Abbreviation`, …).
//! - [`corpus`]: load and validate `corpus/` (the data of record), import JSONL into it.
//! - [`analysis`]: the one text pipeline (words, folding, stemming, equivalences), also the tantivy tokenizer.
//! - [`sparse`]: sparse weight vectors sorted by feature id: unit length and cosine (used by
//!   `clusters` and `compare`; depends on nothing).
//! - [`index`]: the tantivy index under `index/`, built from the corpus, swapped in atomically.
//! - [`search`]: queries → ranked hits with highlights and facet counts; query expansion
//!   (typos, prefixes, synonyms of `corpus/synonyms.toml`, characteristics) and two-stage ranking.
//! - [`semantic`]: the sentence encoder (all-MiniLM-L6-v2 through candle, embedded) and the
//!   definitions' vectors, whole and by 12-word passage, stored beside the index; `search`
//!   fuses them into the ranking of descriptions.
//! - [`terms`]: the registry's designations grouped case-insensitively.
//! - [`clusters`]: concept clusters of the definitions' key terms, the characteristic table,
//!   FGMV-20 coverage and the Markdown report (the FGMV-02 analysis).
//! - [`compare`]: definitions side by side (characteristics, similarity, diff) and nearest
//!   definitions.
//! - [`concepts`]: concepts (designations with status and sources, definitions, relations),
//!   computed from the corpus and curated in `corpus/concepts/`.
//! - [`exchange`]: the concepts exported as TBX-Basic, SKOS (Turtle, JSON-LD), Schema.org
//!   JSON-LD and CSV; TBX imported into corpus files.
//! - [`history`]: when entries and concepts were added and changed (git), and what changed
//!   between two corpus versions.
//! - [`registry`]: corpus + pipeline + index, opened once and shared.
//! - [`check`]: drafts (text, Markdown, AsciiDoc, .docx) checked against the drafting rules and the registry.
//! - [`pages`]: the web pages for editors: view models and compiled askama templates
//!   (`templates/`), the embedded stylesheet; no HTTP (served by `api::pages`).
//! - [`api`]: the HTTP API (axum, served on hyper), with admission control of heavy requests;
//!   the only module that imports axum/tower/hyper.
//! - [`cli`]: the command line (clap); the only module that imports clap.
//!
//! Dependencies point downward: `api` and `cli` use the core (`corpus`, `analysis`, `index`,
//! `search`, `terms`, `clusters`, `compare`, `registry`, `check`); the core never imports them, nor axum or clap.

pub mod analysis;
pub mod api;
pub mod cancel;
pub mod check;
pub mod cli;
pub mod clusters;
pub mod compare;
pub mod concepts;
pub mod corpus;
pub mod error;
pub mod exchange;
pub mod history;
pub mod index;
pub mod model;
pub mod pages;
pub mod registry;
pub mod search;
pub mod semantic;
pub mod sparse;
pub mod terms;

pub use error::{Error, Result};
