//! The tantivy index under `index/`: derived data, built from the corpus and rebuilt whenever the
//! corpus (or the index format) changed since it was built.
//!
//! Layout: each build goes into its own generation folder (`index/gen-…`); the file
//! `index/CURRENT` names the generation in use and is replaced atomically once a build is
//! complete. A crash mid-build leaves an unfinished folder that `CURRENT` never names, so a broken
//! index is never served; leftovers are removed by the next build.

pub mod schema;
pub mod storage;
pub mod vectors;

use crate::analysis::Analyzer;
use crate::analysis::tokenizer::{ENGLISH, NEUTRAL, PipelineTokenizer};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::semantic::Meanings;
use schema::{FORMAT, Fields, collection_code, kind_code};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use storage::{Storage, Unfit};
use tantivy::indexer::NoMergePolicy;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

/// File naming the generation in use.
const CURRENT: &str = "CURRENT";
/// File inside a generation holding the key it was built for.
const STAMP: &str = "mvterms-stamp";
/// File inside a generation holding the definitions' vectors ([`crate::semantic::Meanings`]).
const MEANINGS: &str = "mvterms-meanings";

/// The opened index, ready for searching.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
    dir: PathBuf,
    storage: Storage,
    vectors: Arc<vectors::TermVectors>,
    meanings: Option<Arc<Meanings>>,
}

/// How [`SearchIndex::open_or_build`] got its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The index on disk matched the corpus and passed its checks.
    Reused,
    /// There was no index: it was built.
    Built,
    /// The index on disk was built from another corpus (or index format): it was rebuilt.
    Rebuilt,
    /// The index on disk was damaged (a file failing its checksum, missing or unreadable): a new
    /// one was built aside and swapped in. The text says what was damaged.
    Repaired(String),
}

/// What `index/CURRENT` points at.
enum Current {
    Missing,
    Unfit { generation: PathBuf, why: Unfit },
    Ready(Box<SearchIndex>),
}

/// The key an index is built for: the corpus fingerprint and the index format.
fn build_key(corpus: &Corpus) -> String {
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    h.update([0]);
    h.update(corpus.fingerprint().as_bytes());
    format!("{:x}", h.finalize())
}

fn register_tokenizers(index: &Index, analyzer: &Analyzer) {
    let manager = index.tokenizers();
    manager.register(
        ENGLISH,
        TextAnalyzer::builder(PipelineTokenizer::english(analyzer.clone())).build(),
    );
    manager.register(
        NEUTRAL,
        TextAnalyzer::builder(PipelineTokenizer::neutral(analyzer.clone())).build(),
    );
}

impl SearchIndex {
    /// Opens the index under `dir` if it was built from this very corpus and passes its checks
    /// (the checksum of every segment file, the number of entries), or builds it. A damaged or
    /// outdated index that cannot be rebuilt (read-only storage) is an error that says what is
    /// wrong with it, naming the damaged file.
    pub fn open_or_build(
        corpus: &Corpus,
        analyzer: &Analyzer,
        dir: &Path,
    ) -> Result<(SearchIndex, Opened)> {
        let key = build_key(corpus);
        let (unfit, opened) = match Self::open_current(dir, &key, analyzer, corpus.entries().len())
        {
            Current::Ready(index) => return Ok((*index, Opened::Reused)),
            Current::Missing => (None, Opened::Built),
            Current::Unfit { generation, why } => {
                let opened = match &why {
                    Unfit::Outdated => Opened::Rebuilt,
                    Unfit::Damaged(what) => Opened::Repaired(what.clone()),
                };
                (Some((generation, why)), opened)
            }
        };
        match Self::build(corpus, analyzer, dir) {
            Ok(index) => Ok((index, opened)),
            Err(err) => match unfit {
                None => Err(err),
                Some((generation, why)) => Err(Error::IndexUnusable {
                    path: generation,
                    problem: format!(
                        "{why}; it cannot be rebuilt there ({err}). Rebuild it with `mvterms \
                         index --index DIR` where DIR is writable, or give serve a writable --index"
                    ),
                }),
            },
        }
    }

    /// The current generation, if its stamp matches `key`, its files pass their checksums and
    /// it holds `entries` entries.
    fn open_current(dir: &Path, key: &str, analyzer: &Analyzer, entries: usize) -> Current {
        let pointer = dir.join(CURRENT);
        let damaged = |generation: &Path, what: String| Current::Unfit {
            generation: generation.to_path_buf(),
            why: Unfit::Damaged(what),
        };
        let name = match fs::read_to_string(&pointer) {
            Ok(name) => name.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Current::Missing,
            Err(e) => return damaged(dir, format!("{} cannot be read: {e}", pointer.display())),
        };
        let generation = dir.join(&name);
        if !name.starts_with("gen-") || name.contains(['/', '\\']) || !generation.is_dir() {
            return damaged(
                dir,
                format!(
                    "{} names '{name}', which is not a generation folder there",
                    pointer.display()
                ),
            );
        }
        let stamp = match fs::read_to_string(generation.join(STAMP)) {
            Ok(stamp) => stamp,
            Err(e) => {
                let what = format!("{} cannot be read: {e}", generation.join(STAMP).display());
                return damaged(&generation, what);
            }
        };
        if stamp.trim() != key {
            return Current::Unfit {
                generation,
                why: Unfit::Outdated,
            };
        }
        let opened = storage::open(&generation).and_then(|(index, storage)| {
            storage::validate(&index, &generation)?;
            Self::ready(index, storage, analyzer, generation.clone())
                .map_err(|e| Unfit::Damaged(e.to_string()))
        });
        match opened {
            Ok(index) if usize::try_from(index.num_docs()).ok() == Some(entries) => {
                Current::Ready(Box::new(index))
            }
            Ok(index) => {
                let what = format!(
                    "it holds {} entries where the corpus has {entries}",
                    index.num_docs()
                );
                damaged(&generation, what)
            }
            Err(why) => Current::Unfit { generation, why },
        }
    }

    fn ready(
        index: Index,
        storage: Storage,
        analyzer: &Analyzer,
        dir: PathBuf,
    ) -> Result<SearchIndex> {
        register_tokenizers(&index, analyzer);
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::index(&dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&dir, e))?;
        let docs = usize::try_from(reader.searcher().num_docs()).unwrap_or(0);
        let meanings = if docs <= crate::semantic::MAX_ENTRIES {
            let read = Meanings::read(&dir.join(MEANINGS), docs).map_err(|problem| {
                Error::IndexUnusable {
                    path: dir.clone(),
                    problem,
                }
            })?;
            Some(Arc::new(read))
        } else {
            None
        };
        Ok(SearchIndex {
            index,
            reader,
            fields,
            analyzer: analyzer.clone(),
            dir,
            storage,
            vectors: Arc::new(vectors::TermVectors::new(docs, vectors::BUDGET)),
            meanings,
        })
    }

    /// Builds a new generation from the corpus and makes it current.
    pub fn build(corpus: &Corpus, analyzer: &Analyzer, dir: &Path) -> Result<SearchIndex> {
        fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        let building = tempfile::Builder::new()
            .prefix("building-")
            .tempdir_in(dir)
            .map_err(|e| Error::io("create", dir, e))?;
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_dir(building.path(), schema)
            .map_err(|e| Error::index(building.path(), e))?;
        register_tokenizers(&index, analyzer);
        write_documents(&index, &fields, corpus).map_err(|e| Error::index(building.path(), e))?;
        if let Some(meanings) = Meanings::compute(corpus)? {
            meanings.write(&building.path().join(MEANINGS))?;
        }

        let key = build_key(corpus);
        fs::write(building.path().join(STAMP), &key)
            .map_err(|e| Error::io("write", building.path().join(STAMP), e))?;
        let name = format!("gen-{}-{}", &key[..12], unique_suffix());
        let generation = dir.join(&name);
        let built = building.keep();
        fs::rename(&built, &generation).map_err(|e| Error::io("rename", &built, e))?;
        let mut pointer =
            tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("create", dir, e))?;
        pointer
            .write_all(name.as_bytes())
            .map_err(|e| Error::io("write", dir.join(CURRENT), e))?;
        pointer
            .as_file()
            .sync_all()
            .map_err(|e| Error::io("write", dir.join(CURRENT), e))?;
        pointer
            .persist(dir.join(CURRENT))
            .map_err(|e| Error::io("write", dir.join(CURRENT), e.error))?;
        remove_other_generations(dir, &name);

        let (index, storage) = storage::open(&generation).map_err(|why| Error::IndexUnusable {
            path: generation.clone(),
            problem: format!("the index just built cannot be opened: {why}"),
        })?;
        Self::ready(index, storage, analyzer, generation)
    }

    /// The tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The reader (one searcher per request: `reader().searcher()`).
    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// The schema fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The text pipeline the index was opened with.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The term vectors of the indexed entries, for highlighting.
    pub fn vectors(&self) -> &vectors::TermVectors {
        &self.vectors
    }

    /// The vectors of the entries' definitions; `None` for a registry too large to encode
    /// ([`crate::semantic::MAX_ENTRIES`]).
    pub fn meanings(&self) -> Option<&Meanings> {
        self.meanings.as_deref()
    }

    /// The generation folder in use.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the index is served from memory or memory-mapped from disk.
    pub fn storage(&self) -> Storage {
        self.storage
    }

    /// Number of indexed entries.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{}", std::process::id())
}

/// Removes earlier generations and unfinished builds; failures only leave garbage behind.
fn remove_other_generations(dir: &Path, keep: &str) {
    let Ok(read) = fs::read_dir(dir) else { return };
    for item in read.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if name != keep
            && (name.starts_with("gen-") || name.starts_with("building-"))
            && item.path().is_dir()
        {
            let _ = fs::remove_dir_all(item.path());
        }
    }
}

/// Up to this many entries the index is written by one thread, into one segment.
const ONE_WRITER_UP_TO: usize = 20_000;

fn write_documents(index: &Index, f: &Fields, corpus: &Corpus) -> tantivy::Result<()> {
    // A search does its per-term work (term lookups, a typo automaton's walk of the term
    // dictionary) once per segment. A small corpus is written by one thread into one segment,
    // which costs nothing noticeable (40 ms for the real corpus). A large one is written by a
    // thread per core, each into its own segments (ten at 1M entries), and they are left as
    // written: merging them into one took a quarter of the build (100k entries: 1.6 s with the
    // merge, 1.2 s without) while searches over a few segments stay far faster than FTS5's.
    let threads = if corpus.entries().len() <= ONE_WRITER_UP_TO {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4)
    };
    let mut writer =
        index.writer_with_num_threads::<TantivyDocument>(threads, 64_000_000 * threads)?;
    // No merges on the way either: a build is written once and never updated.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for (ord, entry) in corpus.entries().iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.ord, ord as u64);
        doc.add_text(f.id, &entry.id);
        doc.add_u64(f.collection, collection_code(entry.collection));
        doc.add_u64(f.kind, kind_code(entry.kind));
        if let Some(year) = entry.year {
            doc.add_i64(f.year, i64::from(year));
        }
        doc.add_text(
            f.term_key,
            crate::analysis::normalize::fold(entry.term.trim()),
        );
        if entry.is_english() {
            doc.add_text(f.term, &entry.term);
            doc.add_text(f.definition, &entry.definition);
            for note in &entry.notes {
                doc.add_text(f.notes, note);
            }
        }
        doc.add_text(f.term_any, &entry.term);
        doc.add_text(f.definition_any, &entry.definition);
        for note in &entry.notes {
            doc.add_text(f.notes_any, note);
        }
        doc.add_pre_tokenized_text(f.source, source_tokens(entry));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// The source of an entry as indexed: document, author, title and id (see [`Fields::source`]).
pub fn source_text(entry: &crate::model::Entry) -> String {
    let s = &entry.source;
    [
        s.document.as_deref(),
        s.author.as_deref(),
        s.title.as_deref(),
        Some(entry.id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" \n ")
}

fn source_tokens(entry: &crate::model::Entry) -> tantivy::tokenizer::PreTokenizedString {
    let text = source_text(entry);
    let tokens = crate::analysis::codes::source_terms(&text)
        .into_iter()
        .map(|(position, term)| tantivy::tokenizer::Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text: term,
            position_length: 1,
        })
        .collect();
    tantivy::tokenizer::PreTokenizedString { text, tokens }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Collection, Entry, Source, Status};

    fn corpus(definition: &str) -> Corpus {
        Corpus::from_parts(
            vec![Entry {
                id: "a".into(),
                collection: Collection::Metaverse,
                term: "metaverse".into(),
                definition: definition.into(),
                notes: vec![],
                abbreviation: None,
                status: Status::Admitted,
                kind: None,
                year: Some(2022),
                lang: "en".into(),
                source: Source::default(),
                flags: vec![],
            }],
            vec![],
        )
        .unwrap()
    }

    #[test]
    fn an_index_is_built_then_reused_then_rebuilt_when_the_corpus_changes() {
        let dir = tempfile::tempdir().unwrap();
        let analyzer = Analyzer::default();
        let first = corpus("A world.");
        let (_, how) = SearchIndex::open_or_build(&first, &analyzer, dir.path()).unwrap();
        assert_eq!(how, Opened::Built);
        let (index, how) = SearchIndex::open_or_build(&first, &analyzer, dir.path()).unwrap();
        assert_eq!(how, Opened::Reused);
        assert_eq!(index.num_docs(), 1);
        let (_, how) =
            SearchIndex::open_or_build(&corpus("A place."), &analyzer, dir.path()).unwrap();
        assert_eq!(how, Opened::Rebuilt);
        let generations: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
            .collect();
        assert_eq!(generations.len(), 1, "old generations are removed");
    }

    #[test]
    fn an_unfinished_build_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let analyzer = Analyzer::default();
        let c = corpus("A world.");
        SearchIndex::open_or_build(&c, &analyzer, dir.path()).unwrap();
        // A crash mid-build leaves a building-* folder; a garbled CURRENT points nowhere.
        fs::create_dir(dir.path().join("building-crashed")).unwrap();
        fs::write(dir.path().join(CURRENT), "gen-missing").unwrap();
        let (index, how) = SearchIndex::open_or_build(&c, &analyzer, dir.path()).unwrap();
        assert!(
            matches!(how, Opened::Repaired(ref why) if why.contains("gen-missing")),
            "{how:?}"
        );
        assert_eq!(index.num_docs(), 1);
        assert!(!dir.path().join("building-crashed").exists());
    }
}
