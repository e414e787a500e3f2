//! Text that remembers where it came from: every byte offset of a cleaned-up string (markup removed,
//! lines joined) maps back to a 1-based line and column of the draft, so findings point at the source.

use std::ops::Range;

/// A 1-based place in a draft: line (for .docx, paragraph number) and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// 1-based line, or paragraph number for .docx.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Pos {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// Marks that the text from `offset` on was copied from the draft starting at `pos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    offset: usize,
    pos: Pos,
}

/// A piece of live text with the map back to the draft.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Located {
    text: String,
    anchors: Vec<Anchor>,
}

impl Located {
    /// Text copied verbatim from one place in the draft.
    pub fn new(text: impl Into<String>, pos: Pos) -> Self {
        Located {
            text: text.into(),
            anchors: vec![Anchor { offset: 0, pos }],
        }
    }

    /// The live text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends text copied verbatim from `pos` in the draft.
    pub fn push(&mut self, text: &str, pos: Pos) {
        if text.is_empty() {
            return;
        }
        if self.anchors.last().map(|a| a.offset) == Some(self.text.len()) {
            self.anchors.pop();
        }
        self.anchors.push(Anchor {
            offset: self.text.len(),
            pos,
        });
        self.text.push_str(text);
    }

    /// Appends text that is not in the draft (a joining space); it maps to the text before it.
    pub fn push_synthetic(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Appends another located text, keeping its map.
    pub fn append(&mut self, other: &Located) {
        let base = self.text.len();
        for a in &other.anchors {
            if self.anchors.last().map(|l| l.offset) == Some(base + a.offset) {
                self.anchors.pop();
            }
            self.anchors.push(Anchor {
                offset: base + a.offset,
                pos: a.pos,
            });
        }
        self.text.push_str(&other.text);
    }

    /// Where the byte `offset` of the text is in the draft (clamped to the text).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let i = self.anchors.partition_point(|a| a.offset <= offset);
        match i.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(a) => Pos {
                line: a.pos.line,
                column: a.pos.column + self.text[a.offset..offset].chars().count(),
            },
            None => Pos::new(1, 1),
        }
    }

    /// Where the text starts in the draft.
    pub fn start(&self) -> Pos {
        self.pos(0)
    }

    /// Where the text ends in the draft (one past its last character).
    pub fn end(&self) -> Pos {
        self.pos(self.text.len())
    }

    /// The sub-text in `range` (byte offsets, clamped to character boundaries), with its map.
    pub fn slice(&self, range: Range<usize>) -> Located {
        let start = floor_char_boundary(&self.text, range.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, range.end.min(self.text.len())).max(start);
        let mut out = Located {
            text: self.text[start..end].to_string(),
            anchors: vec![Anchor {
                offset: 0,
                pos: self.pos(start),
            }],
        };
        // Anchors are sorted by offset: find the inner ones by binary search, not a scan of all
        // (a paragraph joined from many lines is sliced once per word by some rules).
        let from = self.anchors.partition_point(|a| a.offset <= start);
        let to = self.anchors.partition_point(|a| a.offset < end);
        out.anchors
            .extend(self.anchors[from..to.max(from)].iter().map(|a| Anchor {
                offset: a.offset - start,
                pos: a.pos,
            }));
        out
    }

    /// The text without leading and trailing white space.
    pub fn trim(&self) -> Located {
        let lead = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(lead);
        self.slice(lead..end)
    }
}

/// The largest char boundary at or below `i`.
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_across_joined_lines() {
        let mut t = Located::new("first line", Pos::new(3, 5));
        t.push_synthetic(" ");
        t.push("second", Pos::new(4, 1));
        assert_eq!(t.pos(0), Pos::new(3, 5));
        assert_eq!(t.pos(6), Pos::new(3, 11));
        let at = t.text().find("second").unwrap();
        assert_eq!(t.pos(at + 2), Pos::new(4, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = Located::new("é – x", Pos::new(1, 1));
        let at = t.text().find('x').unwrap();
        assert_eq!(t.pos(at), Pos::new(1, 5));
    }

    #[test]
    fn a_slice_keeps_its_place() {
        let mut t = Located::new("3.2.1 metaverse:", Pos::new(7, 1));
        t.push(" An ecosystem.", Pos::new(8, 1));
        let s = t.slice(6..15);
        assert_eq!(s.text(), "metaverse");
        assert_eq!(s.start(), Pos::new(7, 7));
        let d = t.slice(16..t.text().len()).trim();
        assert_eq!(d.text(), "An ecosystem.");
        assert_eq!(d.start(), Pos::new(8, 2));
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let t = Located::new("ab–cd", Pos::new(1, 1));
        let _ = t.pos(3);
        let _ = t.slice(3..4);
        assert_eq!(t.pos(999), Pos::new(1, 6));
    }
}
