//! How a built generation is opened for reading, and how it is checked before it is served.
//!
//! A generation is written once by a build and never changed afterwards, so reading it needs no
//! lock and writes nothing: an index on read-only storage (a container's read-only volume) is
//! served as it is. A small generation (up to [`IN_MEMORY_UP_TO`]; the real corpus's is about
//! 0.1 MB) is read whole into memory, so that its files being truncated or replaced from outside
//! while the server runs cannot touch the process; a larger one is memory-mapped (see "The
//! index" in the README for what that means).
//!
//! Before a generation is used, every file of its segments is checked against the checksum
//! tantivy wrote in its footer ([`validate`]): damage at rest (flipped bytes, a truncated or
//! missing file) is noticed at start-up rather than answered from.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::Index;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, RamDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// Generations up to this size (all files together) are read into memory; larger ones are
/// memory-mapped. The real corpus's index is about 0.15 MB and a synthetic one of 100 000
/// entries made from it 21 MB, so 64 MiB is reached near 300 000 entries.
pub const IN_MEMORY_UP_TO: u64 = 64 << 20;

/// Where the files of an opened generation are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Read whole into memory at start-up.
    Memory,
    /// Memory-mapped from disk.
    Mapped,
}

/// Why a generation cannot be served as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// It was built from another corpus or by another index format.
    Outdated,
    /// Its files are damaged; the text names them.
    Damaged(String),
}

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unfit::Outdated => f.write_str("it was built from another version of the corpus"),
            Unfit::Damaged(what) => write!(f, "it is damaged: {what}"),
        }
    }
}

/// Opens the generation in `dir` for reading, without taking a lock or writing anything.
pub fn open(dir: &Path) -> Result<(Index, Storage), Unfit> {
    open_within(dir, IN_MEMORY_UP_TO)
}

/// [`open`], reading the generation into memory when its files total at most `in_memory_up_to`
/// bytes.
fn open_within(dir: &Path, in_memory_up_to: u64) -> Result<(Index, Storage), Unfit> {
    let damaged = |what: String| Unfit::Damaged(what);
    let files =
        list_files(dir).map_err(|e| damaged(format!("cannot list {}: {e}", dir.display())))?;
    let size: u64 = files.iter().map(|(_, len)| len).sum();
    if size <= in_memory_up_to {
        let ram = RamDirectory::create();
        for (path, _) in &files {
            let bytes = fs::read(path)
                .map_err(|e| damaged(format!("cannot read {}: {e}", path.display())))?;
            let name = path.file_name().map(Path::new).unwrap_or(path);
            ram.atomic_write(name, &bytes)
                .map_err(|e| damaged(format!("cannot read {}: {e}", path.display())))?;
        }
        let index = Index::open(ReadOnly(ram)).map_err(|e| damaged(describe(dir, &e)))?;
        Ok((index, Storage::Memory))
    } else {
        let mmap = MmapDirectory::open(dir)
            .map_err(|e| damaged(format!("cannot open {}: {e}", dir.display())))?;
        let index = Index::open(ReadOnly(mmap)).map_err(|e| damaged(describe(dir, &e)))?;
        Ok((index, Storage::Mapped))
    }
}

/// Checks every file of the generation's segments against its footer's checksum; the error
/// names the damaged files (paths under `dir`).
pub fn validate(index: &Index, dir: &Path) -> Result<(), Unfit> {
    let managed = index.directory().list_managed_files();
    let segments = index
        .searchable_segment_metas()
        .map_err(|e| Unfit::Damaged(describe(dir, &e)))?;
    if managed.is_empty() && !segments.is_empty() {
        // Without the list of its files tantivy would check nothing.
        return Err(Unfit::Damaged(format!(
            "{} is missing or empty",
            dir.join(".managed.json").display()
        )));
    }
    match index.validate_checksum() {
        Ok(bad) if bad.is_empty() => Ok(()),
        Ok(bad) => {
            let mut bad: Vec<String> = bad
                .iter()
                .map(|p| dir.join(p).display().to_string())
                .collect();
            bad.sort();
            Err(Unfit::Damaged(format!(
                "{} {} its checksum",
                bad.join(", "),
                if bad.len() == 1 { "fails" } else { "fail" }
            )))
        }
        Err(e) => Err(Unfit::Damaged(describe(dir, &e))),
    }
}

/// A tantivy error on a generation, with the file it concerns as a path under `dir`.
fn describe(dir: &Path, err: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError as E;
    let file = |p: &Path| dir.join(p).display().to_string();
    match err {
        E::OpenReadError(OpenReadError::FileDoesNotExist(p)) => format!("{} is missing", file(p)),
        E::OpenReadError(OpenReadError::IoError { filepath, io_error }) => {
            format!("{} cannot be read ({io_error})", file(filepath))
        }
        E::DataCorruption(_) => format!("{} holds corrupt data ({err})", dir.display()),
        other => format!("{} cannot be opened ({other})", dir.display()),
    }
}

/// The regular files of a generation with their sizes (lock files left by older versions are
/// skipped).
fn list_files(dir: &Path) -> io::Result<Vec<(PathBuf, u64)>> {
    let mut files = Vec::new();
    for item in fs::read_dir(dir)? {
        let item = item?;
        let meta = item.metadata()?;
        let name = item.file_name().to_string_lossy().into_owned();
        if meta.is_file() && !(name.starts_with(".tantivy-") && name.ends_with(".lock")) {
            files.push((item.path(), meta.len()));
        }
    }
    files.sort();
    Ok(files)
}

/// A tantivy directory for reading a finished generation: reads go to the inner directory;
/// locks are granted without touching storage (nothing writes a finished generation, so there
/// is nothing to exclude) and every write is refused.
#[derive(Debug, Clone)]
struct ReadOnly<D>(D);

fn refused(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{} belongs to a finished index, which is never written",
            path.display()
        ),
    )
}

impl<D: Directory + Clone> Directory for ReadOnly<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(refused(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(refused(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(refused(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        // A finished generation never changes; a new build is a new generation.
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_generation_is_never_written_and_locks_touch_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let ro = ReadOnly(MmapDirectory::open(dir.path()).unwrap());
        let lock = ro.acquire_lock(&tantivy::directory::META_LOCK).unwrap();
        drop(lock);
        assert!(ro.open_write(Path::new("x")).is_err());
        assert!(ro.atomic_write(Path::new("x"), b"x").is_err());
        assert!(ro.delete(Path::new("x")).is_err());
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(left.is_empty(), "nothing written: {left:?}");
    }

    /// A generation of the real corpus, built into a temporary folder.
    fn built() -> (tempfile::TempDir, PathBuf, u64) {
        let corpus =
            crate::corpus::Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
                .unwrap();
        let analyzer = crate::analysis::Analyzer::new(&corpus);
        let dir = tempfile::tempdir().unwrap();
        let index = crate::index::SearchIndex::build(&corpus, &analyzer, dir.path()).unwrap();
        let generation = index.dir().to_path_buf();
        (dir, generation, corpus.entries().len() as u64)
    }

    #[test]
    fn a_large_generation_is_mapped_and_checked_like_a_small_one() {
        let (_dir, generation, entries) = built();
        let (small, storage) = open_within(&generation, IN_MEMORY_UP_TO).unwrap();
        assert_eq!(storage, Storage::Memory);
        let (large, storage) = open_within(&generation, 0).unwrap();
        assert_eq!(storage, Storage::Mapped);
        for index in [&small, &large] {
            validate(index, &generation).unwrap();
            let reader = index.reader().unwrap();
            assert_eq!(reader.searcher().num_docs(), entries);
        }
        drop((small, large));
        let store = fs::read_dir(&generation)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .unwrap();
        let mut bytes = fs::read(&store).unwrap();
        bytes[10] ^= 0xff;
        fs::write(&store, bytes).unwrap();
        for limit in [IN_MEMORY_UP_TO, 0] {
            let (index, _) = open_within(&generation, limit).unwrap();
            let Err(Unfit::Damaged(why)) = validate(&index, &generation) else {
                panic!("the flipped byte is noticed");
            };
            assert!(why.contains(&store.display().to_string()), "{why}");
        }
    }

    #[test]
    fn lock_files_are_not_part_of_a_generation() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".tantivy-meta.lock"), "").unwrap();
        fs::write(dir.path().join("meta.json"), "{}").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let files = list_files(dir.path()).unwrap();
        assert_eq!(files, vec![(dir.path().join("meta.json"), 2)]);
    }
}
