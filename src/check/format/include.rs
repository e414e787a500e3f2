//! Metanorma AsciiDoc `include::` directives, followed the way Metanorma publishes a document: a
//! `document.adoc` that includes its sections is checked as the whole document. Paths are
//! relative to the including file; a path that leaves the document's folder tree is refused, a
//! cycle is cut, and a missing or refused include is reported with the line that asks for it.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Deepest nesting of includes followed.
const MAX_DEPTH: usize = 16;

/// A document with its includes expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The text, each `include::` line replaced by the included file's text.
    pub text: String,
    /// Includes that could not be followed, one line each ("doc.adoc:12: include … not found").
    pub problems: Vec<String>,
    /// Where each line of `text` comes from.
    pub sources: SourceMap,
}

/// Where each line of an expanded document comes from: which file and which line of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// The files, as they are named to the user (relative to the main file as it was given);
    /// index 0 is the main file.
    files: Vec<String>,
    /// For line `i + 1` of the expanded text: (index into `files`, 1-based line in that file).
    lines: Vec<(usize, usize)>,
}

impl SourceMap {
    /// The file and its own line that `line` (1-based, of the expanded text) comes from. A line
    /// past the end maps to the main file unchanged.
    pub fn locate(&self, line: usize) -> (Option<&str>, usize) {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(file, own)) if file > 0 => (Some(self.files[file].as_str()), own),
            Some(&(_, own)) => (None, own),
            None => (None, line),
        }
    }

    /// True when some line comes from an included file.
    pub fn has_includes(&self) -> bool {
        self.files.len() > 1
    }
}

/// How an included file is named to the user: beside the including file as that one is named.
fn shown_path(including: &Path, target: &str) -> PathBuf {
    let joined = including
        .parent()
        .map_or_else(|| PathBuf::from(target), |p| p.join(target));
    // Lexically drop "." and fold "dir/.." so the name reads as a plain relative path.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if out
                    .components()
                    .next_back()
                    .is_some_and(|l| matches!(l, std::path::Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Expands the `include::` lines of `bytes`, the content of the AsciiDoc file at `path`.
pub fn expand(path: &Path, bytes: &[u8]) -> Result<Expanded> {
    let text = super::decode(bytes, &path.display().to_string())?;
    let root = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let root = root.canonicalize().unwrap_or(root);
    let start = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut out = Expanded {
        text: String::with_capacity(text.len()),
        problems: Vec::new(),
        sources: SourceMap {
            files: vec![path.display().to_string()],
            lines: Vec::new(),
        },
    };
    let mut stack = vec![start];
    expand_into(&text, path, 0, &root, &mut stack, &mut out);
    Ok(out)
}

/// The target of an `include::target[attrs]` line.
fn include_target(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_prefix("include::")?;
    let open = rest.find('[')?;
    rest.ends_with(']').then(|| &rest[..open])
}

fn expand_into(
    text: &str,
    shown: &Path,
    file_index: usize,
    root: &Path,
    stack: &mut Vec<PathBuf>,
    out: &mut Expanded,
) {
    let dir = stack
        .last()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.to_path_buf());
    let mut in_listing = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        // Inside a listing or literal block an include line is example text, not a directive.
        if bare == "----" || bare == "...." {
            in_listing = !in_listing;
        }
        let Some(target) = include_target(line).filter(|_| !in_listing) else {
            out.text.push_str(line);
            out.sources.lines.push((file_index, i + 1));
            continue;
        };
        let at = format!("{}:{}", shown.display(), i + 1);
        if target.contains("{") || target.starts_with("http://") || target.starts_with("https://") {
            out.problems.push(format!(
                "{at}: include::{target}[] not followed (an attribute or a URL)"
            ));
            continue;
        }
        let wanted = dir.join(target);
        let Ok(file) = wanted.canonicalize() else {
            out.problems.push(format!(
                "{at}: include::{target}[]: no such file ({})",
                wanted.display()
            ));
            continue;
        };
        if !file.starts_with(root) {
            out.problems.push(format!(
                "{at}: include::{target}[] refused: it is outside the document's folder {}",
                root.display()
            ));
            continue;
        }
        if stack.contains(&file) {
            out.problems.push(format!(
                "{at}: include::{target}[] not followed: it includes itself (a cycle)"
            ));
            continue;
        }
        if stack.len() > MAX_DEPTH {
            out.problems.push(format!(
                "{at}: include::{target}[] not followed: includes nested deeper than {MAX_DEPTH}"
            ));
            continue;
        }
        let included = std::fs::read(&file)
            .map_err(|source| Error::Io {
                action: "read",
                path: file.clone(),
                source,
            })
            .and_then(|b| super::decode(&b, &file.display().to_string()));
        match included {
            Ok(t) => {
                stack.push(file);
                let child = shown_path(shown, target);
                out.sources.files.push(child.display().to_string());
                let index = out.sources.files.len() - 1;
                expand_into(&t, &child, index, root, stack, out);
                stack.pop();
                if !out.text.ends_with('\n') {
                    out.text.push('\n');
                }
            }
            Err(e) => out.problems.push(format!("{at}: include::{target}[]: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_followed_relative_to_the_including_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("parts/deeper")).unwrap();
        std::fs::write(
            d.join("parts/one.adoc"),
            "== Scope\ninclude::deeper/two.adoc[]\n",
        )
        .unwrap();
        std::fs::write(d.join("parts/deeper/two.adoc"), "Text two.\n").unwrap();
        std::fs::write(d.join("parts/loop.adoc"), "include::loop.adoc[]\n").unwrap();
        std::fs::write(
            dir.path().parent().unwrap().join("mvterms-outside.adoc"),
            "secret\n",
        )
        .ok();
        let main = "= Title\ninclude::parts/one.adoc[]\ninclude::parts/missing.adoc[]\ninclude::../mvterms-outside.adoc[]\ninclude::parts/loop.adoc[]\n----\ninclude::parts/one.adoc[]\n----\n";
        std::fs::write(d.join("doc.adoc"), main).unwrap();
        let e = expand(&d.join("doc.adoc"), main.as_bytes()).unwrap();
        assert!(
            e.text.starts_with("= Title\n== Scope\nText two.\n"),
            "{}",
            e.text
        );
        assert!(!e.text.contains("secret"));
        assert!(e.text.contains("----\ninclude::parts/one.adoc[]\n----"));
        assert_eq!(e.problems.len(), 3, "{:?}", e.problems);
        assert!(e.problems[0].contains("doc.adoc:3") && e.problems[0].contains("no such file"));
        assert!(e.problems[1].contains("doc.adoc:4") && e.problems[1].contains("outside"));
        assert!(e.problems[2].contains("loop.adoc:1") && e.problems[2].contains("cycle"));
        // Each line of the expanded text knows its file and its own line there.
        let main_name = d.join("doc.adoc").display().to_string();
        assert_eq!(e.sources.locate(1), (None, 1));
        let two = d.join("parts/deeper/two.adoc").display().to_string();
        let one = d.join("parts/one.adoc").display().to_string();
        assert_eq!(e.sources.locate(2), (Some(one.as_str()), 1));
        assert_eq!(e.sources.locate(3), (Some(two.as_str()), 1));
        assert_eq!(e.text.lines().nth(3), Some("----"));
        assert_eq!(e.sources.locate(4), (None, 6));
        assert!(e.sources.has_includes());
        assert_ne!(main_name, one);
    }

    #[test]
    fn included_files_are_named_beside_the_including_file() {
        assert_eq!(
            shown_path(
                Path::new("doc/document.adoc"),
                "sections/../sections/03.adoc"
            ),
            PathBuf::from("doc/sections/03.adoc")
        );
        assert_eq!(
            shown_path(Path::new("document.adoc"), "./a.adoc"),
            PathBuf::from("a.adoc")
        );
    }
}
