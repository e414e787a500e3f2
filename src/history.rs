//! When the corpus changed: read from git when `corpus/` is in a git checkout.
//!
//! [`History::read`] walks the log once (`git log --name-status` over the corpus folder: one
//! process, however many files) and keeps, for each corpus file, the commit that added it and
//! the last commit that changed it. Without git, or outside a checkout, there is no history and
//! the fields that would show it are left out (absent, never guessed). [`changes`] compares two
//! versions of the corpus (`git archive` of each, loaded and built like the live one): the
//! entries and concepts added, changed and removed.

use crate::analysis::Analyzer;
use crate::concepts::Concepts;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A commit: its id and committer date (ISO 8601).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Commit {
    pub commit: String,
    pub date: String,
}

/// When a file (an entry, a curation file) was added and last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Dates {
    pub added: Commit,
    pub changed: Commit,
}

/// The corpus files' history at one HEAD.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The HEAD commit this was read at.
    pub head: String,
    /// Path relative to the corpus folder (`metaverse/ball-2022.toml`) → dates.
    files: BTreeMap<String, Dates>,
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The HEAD commit of the checkout `dir` is in, if it is in one.
pub fn head(dir: &Path) -> Option<String> {
    git(dir, &["rev-parse", "HEAD"]).map(|s| s.trim().to_string())
}

impl History {
    /// Reads the history of the corpus under `corpus_dir`; `None` without git or a checkout.
    pub fn read(corpus_dir: &Path) -> Option<History> {
        let head = head(corpus_dir)?;
        let log = git(
            corpus_dir,
            &[
                "log",
                "--no-renames",
                "--format=%x01%H %cI",
                "--name-status",
                "--relative",
                "--",
                ".",
            ],
        )?;
        Some(History {
            head,
            files: parse_log(&log),
        })
    }

    /// The dates of a corpus file, by its path relative to the corpus folder.
    pub fn file(&self, rel: &str) -> Option<&Dates> {
        self.files.get(rel)
    }

    /// The dates of an entry.
    pub fn entry(&self, corpus: &Corpus, id: &str) -> Option<&Dates> {
        let e = corpus.get(id)?;
        self.file(&format!("{}/{}.toml", e.collection, e.id))
    }

    /// The dates of a concept: added with its first entry (or its curation file), changed with
    /// the last change to any of its entries or to the file that curates it.
    pub fn concept(&self, corpus: &Corpus, concepts: &Concepts, id: &str) -> Option<Dates> {
        let c = concepts.get(id)?;
        let mut files: Vec<&Dates> = c
            .definitions
            .iter()
            .filter_map(|d| self.entry(corpus, &corpus.entries()[d.entry].id))
            .collect();
        if let crate::concepts::Grouping::Curated { place, .. } = &c.grouping {
            if let Some(name) = place.path.file_name() {
                let rel = format!(
                    "{}/{}",
                    crate::corpus::concepts::FOLDER,
                    name.to_string_lossy()
                );
                files.extend(self.file(&rel));
            }
        }
        let added = files
            .iter()
            .map(|d| &d.added)
            .min_by(|a, b| a.date.cmp(&b.date))?;
        let changed = files
            .iter()
            .map(|d| &d.changed)
            .max_by(|a, b| a.date.cmp(&b.date))?;
        Some(Dates {
            added: added.clone(),
            changed: changed.clone(),
        })
    }
}

/// The history of a corpus folder, read on first use (a server starts without waiting for git).
#[derive(Debug, Default)]
pub struct LazyHistory {
    dir: Option<PathBuf>,
    cell: std::sync::OnceLock<Option<History>>,
}

impl LazyHistory {
    /// No history (a corpus held in memory).
    pub fn none() -> LazyHistory {
        LazyHistory::default()
    }

    /// The history of the corpus under `dir`, read when first asked for.
    pub fn of(dir: &Path) -> LazyHistory {
        LazyHistory {
            dir: Some(dir.to_path_buf()),
            cell: std::sync::OnceLock::new(),
        }
    }

    /// The history, reading it the first time; `None` without git or a checkout.
    pub fn get(&self) -> Option<&History> {
        self.cell
            .get_or_init(|| self.dir.as_deref().and_then(History::read))
            .as_ref()
    }
}

/// Parses `git log --format=%x01%H %cI --name-status` (newest commit first).
fn parse_log(log: &str) -> BTreeMap<String, Dates> {
    let mut files: BTreeMap<String, Dates> = BTreeMap::new();
    let mut current: Option<Commit> = None;
    // Files whose newest change is their removal: gone from the corpus, no dates.
    let mut removed: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix('\u{1}') {
            let (commit, date) = rest.split_once(' ').unwrap_or((rest, ""));
            current = Some(Commit {
                commit: commit.to_string(),
                date: date.to_string(),
            });
            continue;
        }
        let (Some(commit), Some((status, path))) = (&current, line.split_once('\t')) else {
            continue;
        };
        match files.get_mut(path) {
            // Older commits come later: each one moves "added" back.
            // A removal older than the file's newest life: that life began after it.
            Some(_) if removed.contains(path) => {}
            Some(_) if status.starts_with('D') => {
                removed.insert(path.to_string());
            }
            Some(d) => d.added = commit.clone(),
            None if removed.contains(path) => {}
            None if status.starts_with('D') => {
                removed.insert(path.to_string());
            }
            None => {
                files.insert(
                    path.to_string(),
                    Dates {
                        added: commit.clone(),
                        changed: commit.clone(),
                    },
                );
            }
        }
    }
    files
}

/// What changed between two versions of the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Changes {
    pub from: String,
    pub to: String,
    pub entries: ChangeList,
    pub concepts: ChangeList,
}

/// Ids added, changed and removed, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ChangeList {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

/// The corpus folder as it was at `rev`, unpacked into `into` (one `git archive`).
fn corpus_at(corpus_dir: &Path, rev: &str, into: &Path) -> Result<PathBuf> {
    let fail =
        |why: String| Error::InvalidArgument(format!("cannot read the corpus at '{rev}': {why}"));
    if head(corpus_dir).is_none() {
        return Err(fail("the corpus folder is not in a git checkout".into()));
    }
    let archive = Command::new("git")
        .arg("-C")
        .arg(corpus_dir)
        .args(["archive", "--format=tar", rev, "--", "."])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| fail(e.to_string()))?;
    if !archive.status.success() {
        return Err(fail(
            String::from_utf8_lossy(&archive.stderr).trim().to_string(),
        ));
    }
    let mut tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("tar: {e}")))?;
    {
        use std::io::Write;
        let mut stdin = tar.stdin.take().expect("piped");
        stdin
            .write_all(&archive.stdout)
            .map_err(|e| fail(e.to_string()))?;
    }
    let status = tar.wait().map_err(|e| fail(e.to_string()))?;
    if !status.success() {
        return Err(fail("tar could not unpack it".into()));
    }
    // Run inside the corpus folder, `git archive` holds that folder's content only, relative to it.
    Ok(into.to_path_buf())
}

fn diff<T: PartialEq>(a: &BTreeMap<String, T>, b: &BTreeMap<String, T>) -> ChangeList {
    let mut out = ChangeList::default();
    for (id, x) in a {
        match b.get(id) {
            None => out.removed.push(id.clone()),
            Some(y) if x != y => out.changed.push(id.clone()),
            _ => {}
        }
    }
    out.added = b.keys().filter(|k| !a.contains_key(*k)).cloned().collect();
    out
}

/// Entries and concepts added, changed and removed from `from` to `to` (git revisions of the
/// checkout `corpus_dir` is in).
pub fn changes(corpus_dir: &Path, from: &str, to: &str) -> Result<Changes> {
    let tmp = tempfile::tempdir().map_err(|e| Error::io("create", std::env::temp_dir(), e))?;
    let mut versions = Vec::new();
    for (n, rev) in [from, to].into_iter().enumerate() {
        let dir = tmp.path().join(n.to_string());
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        let corpus = Corpus::load(&corpus_at(corpus_dir, rev, &dir)?)?;
        let analyzer = Analyzer::new(&corpus);
        let concepts = Concepts::build(&corpus, &analyzer);
        let entries: BTreeMap<String, String> = corpus
            .entries()
            .iter()
            .map(|e| (e.id.clone(), format!("{e:?}")))
            .collect();
        let views: BTreeMap<String, String> = concepts
            .all()
            .iter()
            .map(|c| {
                let v = concepts.view(&corpus, c);
                (c.id.clone(), serde_json::to_string(&v).unwrap_or_default())
            })
            .collect();
        versions.push((entries, views));
    }
    Ok(Changes {
        from: from.to_string(),
        to: to.to_string(),
        entries: diff(&versions[0].0, &versions[1].0),
        concepts: diff(&versions[0].1, &versions[1].1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_gives_each_file_its_first_and_last_commit() {
        let log = "\u{1}c3 2026-03-01T00:00:00+00:00\n\nM\tmetaverse/a.toml\nD\tvocabulary/gone.toml\n\u{1}c2 2026-02-01T00:00:00+00:00\n\nA\tvocabulary/b.toml\nM\tmetaverse/a.toml\n\u{1}c1 2026-01-01T00:00:00+00:00\n\nA\tmetaverse/a.toml\nA\tvocabulary/gone.toml\n";
        let files = parse_log(log);
        assert_eq!(files["metaverse/a.toml"].added.commit, "c1");
        assert_eq!(files["metaverse/a.toml"].changed.commit, "c3");
        assert_eq!(
            files["vocabulary/b.toml"].added.date,
            "2026-02-01T00:00:00+00:00"
        );
        assert!(
            !files.contains_key("vocabulary/gone.toml"),
            "a deleted file has no dates"
        );
    }

    #[test]
    fn outside_a_checkout_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert!(History::read(dir.path()).is_none());
        assert!(LazyHistory::none().get().is_none());
    }
}
