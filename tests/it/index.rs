//! The index on disk: damage at rest is noticed at start-up and repaired, files truncated under a
//! running registry do not touch it, and a valid index on read-only storage is served.

use crate::helpers::{root, stderr, stdout};
use mvterms::cancel::Cancel;
use mvterms::index::Opened;
use mvterms::index::storage::Storage;
use mvterms::registry::Registry;
use mvterms::search::SearchRequest;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Queries that go through every part of a segment: postings and positions (a phrase), the term
/// dictionary (typos), field norms (ranking), fast fields (filters, facets) and the doc store.
fn answers(registry: &Registry) -> Vec<Value> {
    let mut requests: Vec<SearchRequest> = [
        "avatar",
        "imersive persistant enviroment",
        "\"virtual world\"",
        "XR",
        "digital twin interoperability",
    ]
    .into_iter()
    .map(SearchRequest::new)
    .collect();
    let mut filtered = SearchRequest::new("");
    filtered.term = Some("metaverse".into());
    filtered.year_from = Some(2020);
    filtered.limit = 100;
    requests.push(filtered);
    requests
        .iter()
        .map(|r| serde_json::to_value(registry.search(r, &Cancel::never()).unwrap()).unwrap())
        .collect()
}

fn corpus() -> PathBuf {
    root().join("corpus")
}

/// The generation folder `index/CURRENT` names.
fn generation(index: &Path) -> PathBuf {
    index.join(fs::read_to_string(index.join("CURRENT")).unwrap().trim())
}

/// The one file of the generation ending in `.ext`.
fn segment_file(index: &Path, ext: &str) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(generation(index))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert_eq!(files.len(), 1, "one .{ext} file: {files:?}");
    files.into_iter().next().unwrap()
}

/// Flips 50 bytes a third of the way into the file.
fn flip_bytes(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let start = bytes.len() / 3;
    let end = (start + 50).min(bytes.len());
    assert!(end > start, "{} is empty", path.display());
    for b in &mut bytes[start..end] {
        *b ^= 0x5a;
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn flipped_bytes_in_any_segment_file_are_noticed_at_start_up_and_repaired() {
    let fresh_dir = tempfile::tempdir().unwrap();
    let (fresh, _) = Registry::open(&corpus(), fresh_dir.path()).unwrap();
    let expected = answers(&fresh);
    assert_eq!(fresh.index().storage(), Storage::Memory);

    for ext in ["idx", "pos", "fast", "fieldnorm", "term", "store"] {
        let dir = tempfile::tempdir().unwrap();
        Registry::open(&corpus(), dir.path()).unwrap();
        let damaged = segment_file(dir.path(), ext);
        flip_bytes(&damaged);
        let (registry, opened) = Registry::open(&corpus(), dir.path()).unwrap();
        let name = damaged.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            matches!(&opened, Opened::Repaired(why) if why.contains(&name)),
            ".{ext}: the damage is noticed and names the file: {opened:?}"
        );
        assert!(!damaged.exists(), ".{ext}: the damaged generation is gone");
        assert_eq!(
            answers(&registry),
            expected,
            ".{ext}: answers as a fresh index"
        );
        let (_, opened) = Registry::open(&corpus(), dir.path()).unwrap();
        assert_eq!(
            opened,
            Opened::Reused,
            ".{ext}: the repaired index is reused"
        );
    }
}

/// Something done to an index folder.
type Breakage = fn(&Path);

#[test]
fn truncated_missing_or_garbled_index_files_are_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let (fresh, _) = Registry::open(&corpus(), dir.path()).unwrap();
    let expected = answers(&fresh);
    let breakages: [(&str, Breakage); 6] = [
        ("truncated .idx", |index| {
            fs::write(segment_file(index, "idx"), b"").unwrap()
        }),
        ("missing .term", |index| {
            fs::remove_file(segment_file(index, "term")).unwrap()
        }),
        ("garbled meta.json", |index| {
            flip_bytes(&generation(index).join("meta.json"))
        }),
        ("missing .managed.json", |index| {
            fs::remove_file(generation(index).join(".managed.json")).unwrap()
        }),
        ("garbled definitions' vectors", |index| {
            flip_bytes(&generation(index).join("mvterms-meanings"))
        }),
        ("missing definitions' vectors", |index| {
            fs::remove_file(generation(index).join("mvterms-meanings")).unwrap()
        }),
    ];
    for (what, breakage) in breakages {
        breakage(dir.path());
        let (registry, opened) = Registry::open(&corpus(), dir.path()).unwrap();
        assert!(matches!(opened, Opened::Repaired(_)), "{what}: {opened:?}");
        if what.contains("vectors") {
            assert!(
                matches!(&opened, Opened::Repaired(why) if why.contains("mvterms-meanings")),
                "{what}: names the file: {opened:?}"
            );
        }
        assert_eq!(answers(&registry), expected, "{what}");
    }
}

#[test]
fn a_small_index_is_served_from_memory_whatever_happens_to_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let (registry, _) = Registry::open(&corpus(), dir.path()).unwrap();
    let expected = answers(&registry);
    // What killed the server with SIGBUS when the files were mapped: truncating them under it.
    for item in fs::read_dir(generation(dir.path())).unwrap().flatten() {
        fs::write(item.path(), b"").unwrap();
    }
    assert_eq!(answers(&registry), expected);
}

#[test]
fn the_cli_says_what_was_damaged_when_it_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let run = |args: &[&str]| mvterms_with_index(&index, args);
    assert!(run(&["index"]).status.success());
    let damaged = segment_file(&index, "fieldnorm");
    flip_bytes(&damaged);
    let out = run(&["search", "avatar", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("damaged") && err.contains(&damaged.display().to_string()),
        "{err}"
    );
}

fn mvterms_with_index(index: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    let index = index.to_str().unwrap();
    all.extend(["--corpus", "corpus", "--index", index]);
    crate::helpers::mvterms(&all)
}

/// Read-only storage, for real: the kernel refuses every write, as on a read-only volume.
/// - As root where mounting is allowed (a container with CAP_SYS_ADMIN, a CI runner): a tmpfs
///   mounted on a temporary folder and remounted read-only.
/// - As root where it is not: the folder's write permission is removed and mvterms runs as the
///   unprivileged user `nobody` (`setpriv`), whom permissions bind.
/// - As any other user: the folder's write permission is removed.
struct ReadOnlyStorage {
    dir: tempfile::TempDir,
    how: Protection,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Protection {
    Remount,
    /// Permissions, and mvterms run as `nobody`.
    PermissionsAsNobody,
    Permissions,
}

fn run_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

const NOBODY: [&str; 4] = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];

impl ReadOnlyStorage {
    /// A writable folder that [`ReadOnlyStorage::set_writable`] makes read-only.
    fn new() -> ReadOnlyStorage {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_str().unwrap();
        let how = if !is_root() {
            Protection::Permissions
        } else if run_ok("mount", &["-t", "tmpfs", "-o", "size=32m", "tmpfs", path]) {
            Protection::Remount
        } else {
            let mut probe = NOBODY.to_vec();
            probe.push("true");
            assert!(
                run_ok("setpriv", &probe),
                "as root the test needs to mount a tmpfs or to run a command as nobody \
                 (setpriv); neither works here"
            );
            // nobody must reach the folder.
            assert!(run_ok("chmod", &["0755", path]));
            Protection::PermissionsAsNobody
        };
        ReadOnlyStorage { dir, how }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The mvterms binary, run by whom the protection binds.
    fn mvterms(&self) -> Command {
        let mut command = if self.how == Protection::PermissionsAsNobody {
            let mut c = Command::new("setpriv");
            c.args(NOBODY).arg(env!("CARGO_BIN_EXE_mvterms"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_mvterms"))
        };
        command.current_dir(root());
        command
    }

    fn run(&self, index: &Path, args: &[&str]) -> Output {
        self.mvterms()
            .args(args)
            .args(["--corpus", "corpus", "--index"])
            .arg(index)
            .output()
            .unwrap()
    }

    fn set_writable(&self, writable: bool) {
        let path = self.path().to_str().unwrap();
        match self.how {
            Protection::Remount => {
                let opts = if writable { "remount,rw" } else { "remount,ro" };
                assert!(run_ok("mount", &["-o", opts, path]), "mount -o {opts}");
            }
            Protection::Permissions | Protection::PermissionsAsNobody => {
                let mode = if writable { "a+w" } else { "a-w" };
                assert!(run_ok("chmod", &["-R", mode, path]), "chmod -R {mode}");
            }
        }
        // The kernel, not the program, must refuse, and refuse whom runs mvterms.
        let probe = self.path().join("probe");
        let wrote = if self.how == Protection::PermissionsAsNobody {
            let mut args = NOBODY.to_vec();
            let probe = probe.to_str().unwrap();
            args.extend(["touch", probe]);
            run_ok("setpriv", &args)
        } else {
            fs::write(&probe, b"").is_ok()
        };
        assert_eq!(wrote, writable, "{:?}", self.how);
        let _ = fs::remove_file(probe);
    }
}

impl Drop for ReadOnlyStorage {
    fn drop(&mut self) {
        let path = self.path().to_str().unwrap().to_string();
        match self.how {
            Protection::Remount => {
                let _ = run_ok("umount", &[&path]);
            }
            Protection::Permissions | Protection::PermissionsAsNobody => {
                let _ = run_ok("chmod", &["-R", "u+w", &path]);
            }
        }
    }
}

#[test]
fn a_valid_index_on_read_only_storage_is_served_and_a_damaged_one_is_refused_by_name() {
    let storage = ReadOnlyStorage::new();
    check_read_only_storage(&storage);
}

fn check_read_only_storage(storage: &ReadOnlyStorage) {
    let index = storage.path().join("index");
    let run = |args: &[&str]| storage.run(&index, args);
    storage.set_writable(true);
    let built = run(&["index"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let writable = run(&["search", "avatar", "--json"]);
    assert!(writable.status.success(), "{}", stderr(&writable));

    storage.set_writable(false);
    let read_only = run(&["search", "avatar", "--json"]);
    assert!(read_only.status.success(), "{}", stderr(&read_only));
    assert_eq!(stdout(&read_only), stdout(&writable));
    assert_eq!(stderr(&read_only), "", "nothing to say about a valid index");
    serve_answers(storage.mvterms(), &index);

    storage.set_writable(true);
    let damaged = segment_file(&index, "term");
    flip_bytes(&damaged);
    storage.set_writable(false);
    let refused = run(&["search", "avatar"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains(&damaged.display().to_string()) && err.contains("cannot be rebuilt"),
        "the message names the damaged file and why it stays: {err}"
    );
    assert!(damaged.exists(), "nothing was removed");
}

/// `mvterms serve` on the index, one search over HTTP, then the server is stopped.
fn serve_answers(mut mvterms: Command, index: &Path) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = mvterms
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--corpus",
            "corpus",
            "--index",
        ])
        .arg(index)
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            panic!("serve stopped before listening");
        };
        if let Some(rest) = line.split("on http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /v1/search?q=avatar HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"hits\""), "{answer}");
}
