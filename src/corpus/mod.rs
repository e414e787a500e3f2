//! The corpus: the registry's data of record, one TOML file per entry under
//! `corpus/metaverse/` and `corpus/vocabulary/`, plus `corpus/abbreviations.toml` and the editors'
//! cluster decisions in `corpus/clusters.toml` ([`curated`]). Every one of these files is read
//! through [`toml_file`], so its problems name the path and line the same way.
//!
//! [`Corpus::load`] reads and validates all of it and reports every bad file with its path and
//! line; a corpus is only ever used whole. [`import`] turns JSONL material into corpus files.

pub mod abbreviations;
pub mod concepts;
pub mod curated;
pub mod file;
pub mod import;
pub mod synonyms;
pub mod toml_file;
pub mod validate;

use crate::error::{Error, Problem, Problems, Result};
use crate::model::{Abbreviation, Collection, Entry};
use concepts::ConceptCuration;
use curated::CuratedClusters;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The loaded, validated registry.
#[derive(Debug, Clone)]
pub struct Corpus {
    entries: Vec<Entry>,
    by_id: BTreeMap<String, usize>,
    abbreviations: Vec<Abbreviation>,
    curated: CuratedClusters,
    concept_curation: ConceptCuration,
    synonyms: Vec<synonyms::SynonymSet>,
    fingerprint: String,
}

/// Files a collection folder may hold besides entries.
fn is_ignorable(name: &str) -> bool {
    name.starts_with('.') || name.eq_ignore_ascii_case("README.md")
}

impl Corpus {
    /// Loads and validates the corpus under `dir`. Every problem of every file is reported in one
    /// [`Error::Invalid`], sorted by path and line.
    pub fn load(dir: &Path) -> Result<Corpus> {
        if !dir.is_dir() {
            return Err(Error::Invalid {
                what: "the corpus".into(),
                problems: Problems(vec![Problem {
                    path: dir.to_path_buf(),
                    line: None,
                    message: "corpus folder not found; expected a folder with metaverse/ and \
                              vocabulary/ inside (one .toml file per entry)"
                        .into(),
                }]),
            });
        }
        let mut problems = Vec::new();
        let mut entries = Vec::new();
        let mut hasher = Sha256::new();
        let mut hash_file = |rel: &str, bytes: &[u8]| {
            hasher.update((rel.len() as u64).to_le_bytes());
            hasher.update(rel.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };

        for &collection in Collection::ALL {
            let folder = dir.join(collection.as_str());
            for path in entry_files(&folder, &mut problems)? {
                let bytes = fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
                hash_file(&format!("{collection}/{}", file_name(&path)), &bytes);
                let Ok(text) = String::from_utf8(bytes) else {
                    problems.push(Problem {
                        path: path.clone(),
                        line: None,
                        message: "not valid UTF-8; expected a UTF-8 text file".into(),
                    });
                    continue;
                };
                let stem = file_name(&path).trim_end_matches(".toml").to_string();
                match file::parse(&path, &text, collection, &stem) {
                    Ok(entry) => entries.push((entry, path)),
                    Err(found) => problems.extend(found),
                }
            }
        }

        let abbreviations = read_curation(
            &dir.join(abbreviations::FILE_NAME),
            abbreviations::FILE_NAME,
            &mut hash_file,
            &mut problems,
            abbreviations::parse,
        )?
        .unwrap_or_default();
        let curated = read_curation(
            &dir.join(curated::FILE_NAME),
            curated::FILE_NAME,
            &mut hash_file,
            &mut problems,
            curated::parse,
        )?
        .unwrap_or_default();

        let mut concept_curation = ConceptCuration::default();
        let concepts_dir = dir.join(concepts::FOLDER);
        for path in curation_files(&concepts_dir, &mut problems)? {
            let rel = format!("{}/{}", concepts::FOLDER, file_name(&path));
            if let Some(found) =
                read_curation(&path, &rel, &mut hash_file, &mut problems, concepts::parse)?
            {
                concept_curation.extend(found);
            }
        }
        {
            let ids: std::collections::BTreeSet<&str> =
                entries.iter().map(|(e, _)| e.id.as_str()).collect();
            problems.extend(concepts::check_references(&concept_curation, &ids));
        }
        let synonym_sets = read_curation(
            &dir.join(synonyms::FILE_NAME),
            synonyms::FILE_NAME,
            &mut hash_file,
            &mut problems,
            synonyms::parse,
        )?
        .unwrap_or_default();

        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        for (entry, path) in &entries {
            if let Some(first) = seen.insert(&entry.id, path) {
                problems.push(Problem {
                    path: path.clone(),
                    line: Some(1),
                    message: format!(
                        "duplicate id '{}': {} has it already; ids must be unique across the corpus",
                        entry.id,
                        first.display()
                    ),
                });
            }
        }
        if entries.is_empty() && problems.is_empty() {
            problems.push(Problem {
                path: dir.to_path_buf(),
                line: None,
                message: "the corpus has no entries; expected .toml files under metaverse/ or \
                          vocabulary/ (see `mvterms import --help`)"
                    .into(),
            });
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(Error::Invalid {
                what: format!("the corpus at {}", dir.display()),
                problems: Problems(problems),
            });
        }
        let fingerprint = format!("{:x}", hasher.finalize());
        Ok(Corpus::assemble(
            entries.into_iter().map(|(e, _)| e).collect(),
            abbreviations,
            curated,
            fingerprint,
        )
        .with_concepts_decided(concept_curation)
        .with_synonym_sets(synonym_sets))
    }

    /// Builds a corpus from entries held in memory (tests, benchmarks, generated corpora).
    /// Ids must be unique; the fingerprint is taken from the entries' rendered files.
    pub fn from_parts(entries: Vec<Entry>, abbreviations: Vec<Abbreviation>) -> Result<Corpus> {
        let mut hasher = Sha256::new();
        let mut seen = BTreeMap::new();
        let mut problems = Vec::new();
        for entry in &entries {
            if seen.insert(entry.id.clone(), ()).is_some() {
                problems.push(Problem {
                    path: PathBuf::from(format!("{}/{}.toml", entry.collection, entry.id)),
                    line: None,
                    message: format!("duplicate id '{}'", entry.id),
                });
            }
            hasher.update(file::render(entry).as_bytes());
        }
        if !problems.is_empty() {
            return Err(Error::Invalid {
                what: "the in-memory corpus".into(),
                problems: Problems(problems),
            });
        }
        hasher.update(abbreviations::render(&abbreviations).as_bytes());
        let fingerprint = format!("{:x}", hasher.finalize());
        Ok(Corpus::assemble(
            entries,
            abbreviations,
            CuratedClusters::default(),
            fingerprint,
        ))
    }

    /// At most `n` entries spread evenly over the corpus (every k-th in id order, and `keep`
    /// always), with the same abbreviations, decisions, synonyms and fingerprint: what a
    /// statistic of a very large corpus is estimated from. The whole corpus when it is no larger.
    pub fn evenly_spread(&self, n: usize, keep: &str) -> Corpus {
        let total = self.entries.len();
        if total <= n {
            return self.clone();
        }
        let stride = total.div_ceil(n.max(1));
        let mut entries: Vec<Entry> = self.entries.iter().step_by(stride).cloned().collect();
        if let Some(kept) = self.get(keep)
            && !entries.iter().any(|e| e.id == kept.id)
        {
            entries.push(kept.clone());
        }
        let mut sample = Corpus::assemble(
            entries,
            self.abbreviations.clone(),
            self.curated.clone(),
            self.fingerprint.clone(),
        );
        sample.concept_curation = self.concept_curation.clone();
        sample.synonyms = self.synonyms.clone();
        sample
    }

    /// The same corpus with the editors' cluster decisions replaced (tests and tools that build a
    /// corpus in memory). The fingerprint changes with them, as it does when `clusters.toml` changes.
    pub fn with_curated_clusters(mut self, curated: CuratedClusters) -> Corpus {
        self.refingerprint(&curated);
        self.curated = curated;
        self
    }

    /// The same corpus with the coordinator's concept decisions replaced (tests and tools that
    /// build a corpus in memory); the fingerprint changes with them. The decisions are not
    /// checked against the entries here: see [`concepts::check_references`].
    pub fn with_concept_curation(mut self, curation: ConceptCuration) -> Corpus {
        self.refingerprint(&curation);
        self.concept_curation = curation;
        self
    }

    /// Folds decisions set in memory into the fingerprint, so that it changes with them as it
    /// does when their file changes.
    fn refingerprint(&mut self, decisions: &impl std::fmt::Debug) {
        let mut hasher = Sha256::new();
        hasher.update(self.fingerprint.as_bytes());
        hasher.update(format!("{decisions:?}").as_bytes());
        self.fingerprint = format!("{:x}", hasher.finalize());
    }

    /// Sets the decisions read from `corpus/concepts/` (already part of the fingerprint).
    fn with_concepts_decided(mut self, curation: ConceptCuration) -> Corpus {
        self.concept_curation = curation;
        self
    }

    /// The same corpus with these curated synonym sets (`synonyms.toml`), for corpora built in
    /// memory. Loading from disk fingerprints the file itself.
    pub fn with_synonyms(mut self, sets: Vec<synonyms::SynonymSet>) -> Corpus {
        self.refingerprint(&sets);
        self.synonyms = sets;
        self
    }

    fn with_synonym_sets(mut self, sets: Vec<synonyms::SynonymSet>) -> Corpus {
        self.synonyms = sets;
        self
    }

    /// The editors' synonym sets (`synonyms.toml`); empty when the file is absent.
    pub fn synonyms(&self) -> &[synonyms::SynonymSet] {
        &self.synonyms
    }

    fn assemble(
        mut entries: Vec<Entry>,
        abbreviations: Vec<Abbreviation>,
        curated: CuratedClusters,
        fingerprint: String,
    ) -> Corpus {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Corpus {
            entries,
            by_id,
            abbreviations,
            curated,
            concept_curation: ConceptCuration::default(),
            synonyms: Vec::new(),
            fingerprint,
        }
    }

    /// All entries, sorted by id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The position of the entry in [`Corpus::entries`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every (abbreviation, expansion) pair the registry gives: `abbreviations.toml`, then each
    /// entry's `abbreviation` with its term.
    pub fn abbreviation_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.abbreviations
            .iter()
            .map(|a| (a.abbreviation.as_str(), a.expansion.as_str()))
            .chain(
                self.entries
                    .iter()
                    .filter_map(|e| e.abbreviation.as_deref().map(|a| (a, e.term.as_str()))),
            )
    }

    /// The abbreviation list of `abbreviations.toml`, in file order.
    pub fn abbreviations(&self) -> &[Abbreviation] {
        &self.abbreviations
    }

    /// The editors' cluster decisions (`clusters.toml`); empty when the file is absent.
    pub fn curated_clusters(&self) -> &CuratedClusters {
        &self.curated
    }

    /// The coordinator's concept decisions (`concepts/*.toml`); empty when there are none.
    pub fn concept_curation(&self) -> &ConceptCuration {
        &self.concept_curation
    }

    /// A hash of every file the corpus was loaded from: it changes whenever the corpus does.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Entries of one collection, sorted by id.
    pub fn collection(&self, collection: Collection) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| e.collection == collection)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads one curation file (`abbreviations.toml`, `clusters.toml`, `synonyms.toml`, a file of
/// `concepts/`), adds it to the fingerprint as `rel` and parses it. `None` when the file is
/// absent or has problems; its problems go to `problems`. A file that cannot be read (or is not
/// UTF-8) is an error.
fn read_curation<T>(
    path: &Path,
    rel: &str,
    hash_file: &mut impl FnMut(&str, &[u8]),
    problems: &mut Vec<Problem>,
    parse: impl FnOnce(&Path, &str) -> std::result::Result<T, Vec<Problem>>,
) -> Result<Option<T>> {
    if !path.is_file() {
        return Ok(None);
    }
    let text = fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    hash_file(rel, text.as_bytes());
    match parse(path, &text) {
        Ok(found) => Ok(Some(found)),
        Err(found) => {
            problems.extend(found);
            Ok(None)
        }
    }
}

/// The `.toml` files of `corpus/concepts/`, sorted; a missing folder has none.
fn curation_files(folder: &Path, problems: &mut Vec<Problem>) -> Result<Vec<PathBuf>> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    entry_files(folder, problems)
}

/// The `.toml` files of a collection folder, sorted; other files are reported as problems.
/// A missing folder is an empty collection.
fn entry_files(folder: &Path, problems: &mut Vec<Problem>) -> Result<Vec<PathBuf>> {
    let read = match fs::read_dir(folder) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", folder, e)),
    };
    let mut files = Vec::new();
    for item in read {
        let item = item.map_err(|e| Error::io("read", folder, e))?;
        let path = item.path();
        let name = file_name(&path);
        if is_ignorable(&name) {
            continue;
        }
        if path.is_file() && name.ends_with(".toml") {
            files.push(path);
        } else {
            problems.push(Problem {
                path,
                line: None,
                message: "not a corpus entry file; expected <id>.toml".into(),
            });
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn entry_toml(id: &str) -> String {
        format!("id = \"{id}\"\nterm = \"metaverse\"\ndefinition = \"A world.\"\n")
    }

    #[test]
    fn an_even_spread_takes_every_kth_entry_keeps_the_named_one_and_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..10 {
            write(
                dir.path(),
                &format!("metaverse/e{i}.toml"),
                &entry_toml(&format!("e{i}")),
            );
        }
        let corpus = Corpus::load(dir.path()).unwrap();
        let ids = |c: &Corpus| c.entries().iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        let sample = corpus.evenly_spread(4, "e7");
        assert_eq!(ids(&sample), ["e0", "e3", "e6", "e7", "e9"]);
        assert_eq!(sample.fingerprint(), corpus.fingerprint());
        assert_eq!(ids(&corpus.evenly_spread(10, "e7")), ids(&corpus));
        assert_eq!(
            ids(&corpus.evenly_spread(5, "nowhere")),
            ["e0", "e2", "e4", "e6", "e8"]
        );
    }

    #[test]
    fn loading_reports_every_bad_file_sorted_by_path() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "metaverse/good.toml", &entry_toml("good"));
        write(
            dir.path(),
            "metaverse/b.toml",
            "id = \"b\"\nterm = \"t\"\ndefinition = \"d\"\nkind = \"acadmic\"\n",
        );
        write(
            dir.path(),
            "vocabulary/a.toml",
            "id = \"a\"\nterm = \"t\"\n",
        );
        let err = Corpus::load(dir.path()).unwrap_err();
        let Error::Invalid { problems, .. } = err else {
            panic!("{err}")
        };
        let where_: Vec<_> = problems
            .0
            .iter()
            .map(|p| (file_name(&p.path), p.line))
            .collect();
        assert_eq!(
            where_,
            vec![("b.toml".into(), Some(4)), ("a.toml".into(), Some(1))]
        );
    }

    #[test]
    fn the_same_id_in_two_collections_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "metaverse/x.toml", &entry_toml("x"));
        write(dir.path(), "vocabulary/x.toml", &entry_toml("x"));
        let err = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("duplicate id 'x'"), "{err}");
    }

    #[test]
    fn the_fingerprint_changes_with_any_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "metaverse/x.toml", &entry_toml("x"));
        let before = Corpus::load(dir.path()).unwrap().fingerprint().to_string();
        assert_eq!(before, Corpus::load(dir.path()).unwrap().fingerprint());
        write(
            dir.path(),
            "metaverse/x.toml",
            &entry_toml("x").replace("world", "place"),
        );
        assert_ne!(before, Corpus::load(dir.path()).unwrap().fingerprint());
    }

    #[test]
    fn a_bad_clusters_file_is_reported_and_a_good_one_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "metaverse/x.toml", &entry_toml("x"));
        let before = Corpus::load(dir.path()).unwrap().fingerprint().to_string();
        write(dir.path(), "clusters.toml", "[[cluster]]\nlabel = \"a\"\n");
        let err = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("clusters.toml:1: cluster 'a': field 'terms'"),
            "{err}"
        );
        write(
            dir.path(),
            "clusters.toml",
            "[[cluster]]\nlabel = \"a\"\nterms = [\"world\"]\n",
        );
        let corpus = Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.curated_clusters().clusters[0].label, "a");
        assert_ne!(before, corpus.fingerprint());
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let err = Corpus::load(Path::new("/nonexistent/corpus"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("corpus folder not found"), "{err}");
    }
}
