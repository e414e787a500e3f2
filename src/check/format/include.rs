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
    };
    let mut stack = vec![start];
    expand_into(&text, path, &root, &mut stack, &mut out);
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
                expand_into(&t, &wanted, root, stack, out);
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
    }
}
