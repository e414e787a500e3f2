//! The library's one error type and its `Result` alias.
//!
//! Messages are written for editors, not Rust programmers: they say what was wrong, where, and what
//! was expected. The CLI prints them as they are; the API maps each variant to a stable error code.

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem found in a corpus or import file, located to the line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// File the problem is in.
    pub path: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// A list of problems, printed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the mvterms library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus (or a file being imported) has bad entries; every one is listed.
    #[error("{count} problem(s) in {what}:\n{problems}", count = .problems.0.len())]
    Invalid {
        /// What was being read ("the corpus", "import file x.jsonl").
        what: String,
        /// Every problem found, sorted by path and line.
        problems: Problems,
    },

    /// A file or folder could not be read or written.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// "read", "write", "create", …
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying cause.
        #[source]
        source: std::io::Error,
    },

    /// A search query that cannot be run; the message says why.
    #[error("invalid query: {0}")]
    InvalidQuery(String),

    /// A request argument (limit, filter, …) out of its range.
    #[error("{0}")]
    InvalidArgument(String),

    /// No entry with this id.
    #[error("no entry with id '{0}' in the registry")]
    EntryNotFound(String),

    /// No concept with this id.
    #[error("no concept with id '{0}' in the registry")]
    ConceptNotFound(String),

    /// No entry defines this term.
    #[error("no entry defines the term '{0}'")]
    TermNotFound(String),

    /// A draft that could not be read or parsed at all.
    #[error("cannot check {path}: {reason}")]
    Unreadable {
        /// The draft's path (or `<stdin>`, `<request body>`).
        path: String,
        /// Why it could not be read.
        reason: String,
    },

    /// A draft over one of the check's bounds ([`crate::check::bounds`]): a word, a paragraph,
    /// a term, the paragraphs or the definitions beyond what any published standard holds.
    #[error(
        "cannot check {path}: {where_}{found_} {unit}, over the limit {limit} of {value}; \
         no published standard comes near it: look there for text pasted by mistake, or \
         split the draft",
        where_ = .line.map(|l| format!("line {l}: ")).unwrap_or_default(),
        found_ = .found.map_or_else(|| format!("more than {value}"), |f| f.to_string())
    )]
    DraftTooComplex {
        /// The draft's path (or `<stdin>`, `<request body>`).
        path: String,
        /// The limit's name (`max_word_chars` …).
        limit: &'static str,
        /// The limit's value.
        value: usize,
        /// What it counts ("characters in one word").
        unit: &'static str,
        /// What the draft holds; `None` when reading stopped as soon as the draft was over
        /// the limit (the message says "more than" the limit).
        found: Option<usize>,
        /// The line (for .docx, paragraph) where the limit was passed.
        line: Option<usize>,
    },

    /// The work was stopped before it finished: its request timed out, its client went away, or
    /// the process is shutting down ([`crate::cancel`]).
    #[error("the work was stopped before it finished (timed out or cancelled)")]
    Cancelled,

    /// The sentence encoder of [`crate::semantic`] could not be loaded or run (a fault of the
    /// build, not of any input: its weights are embedded).
    #[error("the sentence encoder failed: {0}")]
    Encoder(String),

    /// The search index failed (corrupt files, disk full …).
    #[error("index error at {}: {source}", .path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The underlying tantivy error.
        #[source]
        source: tantivy::TantivyError,
    },

    /// The index on disk cannot be served (damaged, or built from another corpus) and cannot
    /// be rebuilt where it is (read-only storage …); the problem names the damaged file.
    #[error("cannot use the index in {}: {problem}", .path.display())]
    IndexUnusable {
        /// The generation folder (or the index folder).
        path: PathBuf,
        /// What is wrong with it and why it could not be rebuilt.
        problem: String,
    },
}

impl Error {
    /// Shorthand for an I/O error on a path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Shorthand for a tantivy error on the index at `path`.
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Self {
        Error::Index {
            path: path.into(),
            source,
        }
    }
}
