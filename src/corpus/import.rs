//! `mvterms import`: JSONL material (one JSON object per line) into corpus files.
//!
//! All or nothing: every row is parsed and validated, and ids are checked against the corpus and
//! each other, before a single file is written; a failed write removes what was written.

use super::abbreviations::{self, AbbreviationRow};
use super::validate::{RawEntry, check_id, validate};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::{Abbreviation, Collection, Source};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What an import file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Entries of a collection, one file each under `corpus/<collection>/`.
    Entries(Collection),
    /// Rows for `corpus/abbreviations.toml`.
    Abbreviations,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Rows imported.
    pub rows: usize,
    /// Files created or rewritten.
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryRow {
    id: String,
    term: String,
    definition: String,
    #[serde(default)]
    notes: Vec<String>,
    abbreviation: Option<String>,
    status: Option<String>,
    kind: Option<String>,
    year: Option<i64>,
    lang: Option<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    source: Option<Source>,
}

/// The non-blank lines of a JSONL file with their 1-based numbers.
fn rows(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

/// Imports `file` into the corpus at `corpus_dir`.
pub fn import(corpus_dir: &Path, file: &Path, target: Target) -> Result<Imported> {
    let bytes = fs::read(file).map_err(|e| Error::io("read", file, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        invalid(
            file,
            vec![problem(
                file,
                None,
                "not valid UTF-8; expected a UTF-8 JSONL file (one JSON object per line)".into(),
            )],
        )
    })?;
    match target {
        Target::Entries(collection) => import_entries(corpus_dir, file, &text, collection),
        Target::Abbreviations => import_abbreviations(corpus_dir, file, &text),
    }
}

fn problem(path: &Path, line: Option<usize>, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn invalid(file: &Path, problems: Vec<Problem>) -> Error {
    Error::Invalid {
        what: format!("import file {} (nothing was written)", file.display()),
        problems: Problems(problems),
    }
}

/// All or nothing: `Ok` only when the file had rows to import and no problem; otherwise every
/// problem (or "no rows"), before anything is written.
fn all_or_nothing(file: &Path, mut problems: Vec<Problem>, rows: usize) -> Result<()> {
    if rows == 0 && problems.is_empty() {
        problems.push(problem(
            file,
            None,
            "no rows; expected one JSON object per line".into(),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(file, problems))
    }
}

/// Ids already in the corpus, with the file that holds each.
fn existing_ids(corpus_dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut ids = BTreeMap::new();
    for &collection in Collection::ALL {
        let folder = corpus_dir.join(collection.as_str());
        let read = match fs::read_dir(&folder) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read", &folder, e)),
        };
        for item in read {
            let path = item.map_err(|e| Error::io("read", &folder, e))?.path();
            if let Some(stem) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".toml"))
            {
                ids.insert(stem.to_string(), path.clone());
            }
        }
    }
    Ok(ids)
}

fn import_entries(
    corpus_dir: &Path,
    file: &Path,
    text: &str,
    collection: Collection,
) -> Result<Imported> {
    let existing = existing_ids(corpus_dir)?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut in_file: BTreeMap<String, usize> = BTreeMap::new();
    for (line, row) in rows(text) {
        let row: EntryRow = match serde_json::from_str(row) {
            Ok(row) => row,
            Err(e) => {
                problems.push(problem(file, Some(line), format!("{e}; expected one JSON object per line with id, term, definition and optional fields of the corpus format")));
                continue;
            }
        };
        if check_id(&row.id).is_ok() {
            if let Some(path) = existing.get(&row.id) {
                problems.push(problem(file, Some(line), format!("id '{}' is already in the corpus ({}); choose another id or edit that file", row.id, path.display())));
            }
            if let Some(first) = in_file.insert(row.id.clone(), line) {
                problems.push(problem(
                    file,
                    Some(line),
                    format!(
                        "id '{}' appears twice in this file (first at line {first})",
                        row.id
                    ),
                ));
            }
        }
        let raw = RawEntry {
            id: row.id,
            term: row.term,
            definition: row.definition,
            notes: row.notes,
            abbreviation: row.abbreviation,
            status: row.status,
            kind: row.kind,
            year: row.year,
            lang: row.lang,
            flags: row.flags,
            source: row.source.unwrap_or_default(),
        };
        match validate(raw, collection) {
            Ok(entry) => entries.push(entry),
            Err(found) => {
                problems.extend(found.into_iter().map(|(_, m)| problem(file, Some(line), m)))
            }
        }
    }
    all_or_nothing(file, problems, entries.len())?;
    let folder = corpus_dir.join(collection.as_str());
    fs::create_dir_all(&folder).map_err(|e| Error::io("create", &folder, e))?;
    let mut written = Vec::new();
    for entry in &entries {
        let path = folder.join(format!("{}.toml", entry.id));
        if let Err(err) = write_atomically(&path, &super::file::render(entry), false) {
            for done in &written {
                let _ = fs::remove_file(done);
            }
            return Err(err);
        }
        written.push(path);
    }
    Ok(Imported {
        rows: entries.len(),
        files: written,
    })
}

fn import_abbreviations(corpus_dir: &Path, file: &Path, text: &str) -> Result<Imported> {
    let path = corpus_dir.join(abbreviations::FILE_NAME);
    let mut all = if path.is_file() {
        let existing = fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        abbreviations::parse(&path, &existing).map_err(|problems| Error::Invalid {
            what: format!(
                "{} (fix it before importing; nothing was written)",
                path.display()
            ),
            problems: Problems(problems),
        })?
    } else {
        Vec::new()
    };
    let key = |a: &Abbreviation| {
        (
            a.abbreviation.clone(),
            a.expansion.clone(),
            a.source_document.clone(),
        )
    };
    let mut seen: BTreeSet<_> = all.iter().map(key).collect();
    let mut problems = Vec::new();
    let mut added = 0;
    for (line, row) in rows(text) {
        let row: AbbreviationRow = match serde_json::from_str(row) {
            Ok(row) => row,
            Err(e) => {
                problems.push(problem(file, Some(line), format!("{e}; expected {{\"abbreviation\", \"expansion\", \"source_document\", \"seen_at\"}}")));
                continue;
            }
        };
        let row = match row.validate() {
            Ok(row) => row,
            Err(message) => {
                problems.push(problem(file, Some(line), message));
                continue;
            }
        };
        if !seen.insert(key(&row)) {
            problems.push(problem(
                file,
                Some(line),
                format!(
                    "'{} = {}' from the same source is already in the registry",
                    row.abbreviation, row.expansion
                ),
            ));
            continue;
        }
        all.push(row);
        added += 1;
    }
    all_or_nothing(file, problems, added)?;
    fs::create_dir_all(corpus_dir).map_err(|e| Error::io("create", corpus_dir, e))?;
    write_atomically(&path, &abbreviations::render(&all), true)?;
    Ok(Imported {
        rows: added,
        files: vec![path],
    })
}

/// Writes a file atomically (written aside, then renamed into place). With `replace` false, a
/// file that appeared meanwhile is not overwritten.
fn write_atomically(path: &Path, text: &str, replace: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("create", dir, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::io("write", path, e))?;
    let persisted = if replace {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    const GOOD: &str = r#"{"id": "a-2022", "term": "metaverse", "definition": "A world.", "notes": [], "lang": "en", "kind": "academic", "year": 2022, "source": {"author": "A", "title": "T", "cited_via": null, "seen_at": "x"}, "flags": ["second-hand"]}"#;

    fn jsonl(dir: &Path, lines: &[&str]) -> PathBuf {
        let path = dir.join("in.jsonl");
        fs::write(&path, lines.join("\n")).unwrap();
        path
    }

    #[test]
    fn imported_rows_load_back_as_entries_with_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let file = jsonl(dir.path(), &[GOOD]);
        let done = import(&corpus, &file, Target::Entries(Collection::Metaverse)).unwrap();
        assert_eq!(done.rows, 1);
        let loaded = Corpus::load(&corpus).unwrap();
        let entry = loaded.get("a-2022").unwrap();
        assert_eq!(entry.flags, vec!["second-hand"]);
        assert_eq!(entry.source.seen_at.as_deref(), Some("x"));
        assert_eq!(entry.year, Some(2022));
    }

    #[test]
    fn a_bad_row_writes_nothing_and_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let bad = GOOD
            .replace("a-2022", "b-2022")
            .replace("academic", "acadmic");
        let file = jsonl(dir.path(), &[GOOD, "", &bad]);
        let err = import(&corpus, &file, Target::Entries(Collection::Metaverse))
            .unwrap_err()
            .to_string();
        assert!(err.contains("in.jsonl:3: unknown kind 'acadmic'"), "{err}");
        assert!(!corpus.join("metaverse/a-2022.toml").exists());
    }

    #[test]
    fn duplicate_ids_are_refused_within_the_file_and_against_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let file = jsonl(dir.path(), &[GOOD, GOOD]);
        let err = import(&corpus, &file, Target::Entries(Collection::Metaverse))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("in.jsonl:2: id 'a-2022' appears twice in this file (first at line 1)"),
            "{err}"
        );
        let file = jsonl(dir.path(), &[GOOD]);
        import(&corpus, &file, Target::Entries(Collection::Metaverse)).unwrap();
        let err = import(&corpus, &file, Target::Entries(Collection::Vocabulary))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("id 'a-2022' is already in the corpus"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_field_is_refused_rather_than_lost() {
        let dir = tempfile::tempdir().unwrap();
        let file = jsonl(dir.path(), &[&GOOD.replace("\"notes\"", "\"remarks\"")]);
        let err = import(dir.path(), &file, Target::Entries(Collection::Metaverse))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `remarks`"), "{err}");
    }

    #[test]
    fn abbreviations_append_and_refuse_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let row = r#"{"abbreviation": "XR", "expansion": "Extended Reality", "source_document": "3GPP", "seen_at": null}"#;
        let file = jsonl(dir.path(), &[row]);
        import(dir.path(), &file, Target::Abbreviations).unwrap();
        let err = import(dir.path(), &file, Target::Abbreviations)
            .unwrap_err()
            .to_string();
        assert!(err.contains("already in the registry"), "{err}");
    }
}
