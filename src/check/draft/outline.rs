//! Where a place of the draft sits in its clause structure, the way an editor finds it: the
//! innermost clause (heading or numbered term entry) that starts at or before a line.

use super::Draft;

/// A clause start: a heading, or a numbered entry of clause 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The line (for .docx, the paragraph) the clause starts on.
    pub line: usize,
    /// "3.2", "3.2.1", "A.1"; `None` for an unnumbered heading ("Foreword", "Bibliography").
    pub number: Option<String>,
    /// The heading's title, or the entry's term.
    pub title: String,
}

/// The clause starts of a draft in line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    marks: Vec<Mark>,
}

impl Outline {
    /// The outline of `draft`: every heading and every numbered term entry.
    pub fn of(draft: &Draft) -> Outline {
        let mut marks: Vec<Mark> = draft
            .sections
            .iter()
            // A sentence given an outline level in Word is a heading to the reader but not a
            // clause an editor would name: the finding stays in the clause above it.
            .filter(|s| s.number.is_some() || !reads_as_sentence(s.title.text()))
            .map(|s| Mark {
                line: s.title.start().line,
                number: s.number.clone().filter(|n| !n.is_empty()),
                title: s.title.text().trim().to_string(),
            })
            .collect();
        marks.extend(draft.entries().iter().filter_map(|e| {
            Some(Mark {
                line: e.term.start().line,
                number: Some(e.number.clone().filter(|n| !n.is_empty())?),
                title: e.term.text().trim().to_string(),
            })
        }));
        // Stable: on one line a heading comes before an entry written on it.
        marks.sort_by_key(|m| m.line);
        Outline { marks }
    }

    /// The innermost clause that `line` is in, if any starts at or before it.
    pub fn at(&self, line: usize) -> Option<&Mark> {
        let i = self.marks.partition_point(|m| m.line <= line);
        i.checked_sub(1).map(|i| &self.marks[i])
    }
}

/// True for a title that is a sentence rather than a heading: long, or ending with a full stop.
fn reads_as_sentence(title: &str) -> bool {
    let t = title.trim();
    t.split_whitespace().count() > 14 || (t.ends_with('.') && t.split_whitespace().count() > 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::format::{Format, read};

    #[test]
    fn a_line_is_in_the_innermost_clause_or_entry_above_it() {
        let src = "# Title\n\nFront text.\n\n## 3 Definitions\n\n### 3.2 Terms defined here\n\n**3.2.1 widget**: A thing.\n\nNOTE – About widgets.\n\n## 4 Abbreviations\n\nXR  extended reality\n";
        let d = crate::check::draft::build(read(src.as_bytes(), Format::Markdown, "d.md").unwrap());
        let o = Outline::of(&d);
        assert_eq!(o.at(3).map(|m| m.number.as_deref()), Some(None));
        assert_eq!(o.at(3).unwrap().title, "Title");
        let at = |line| o.at(line).and_then(|m| m.number.clone());
        assert_eq!(at(7).as_deref(), Some("3.2"));
        assert_eq!(at(9).as_deref(), Some("3.2.1"));
        assert_eq!(o.at(11).unwrap().title, "widget");
        assert_eq!(at(15).as_deref(), Some("4"));
        assert!(reads_as_sentence(
            "A buffermap of a buffer represents the possession status of fragments."
        ));
        assert!(!reads_as_sentence("Terms defined elsewhere"));
        let empty = Outline::default();
        assert!(empty.at(1).is_none());
    }
}
