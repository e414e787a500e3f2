//! Building located text from a source line piece by piece: readers say which byte ranges of the
//! line are live text and what synthetic text replaces markup, and get a [`Located`] whose offsets
//! map back to the right columns.

use crate::check::draft::located::{Located, Pos};
use std::ops::Range;

/// Collects the live pieces of one source line.
#[derive(Debug)]
pub struct LineText<'a> {
    line: &'a str,
    line_no: usize,
    out: Located,
}

impl<'a> LineText<'a> {
    /// Starts on `line`, which is line `line_no` of the draft.
    pub fn new(line: &'a str, line_no: usize) -> Self {
        LineText {
            line,
            line_no,
            out: Located::new("", Pos::new(line_no, 1)),
        }
    }

    /// Keeps `range` of the line as live text.
    pub fn keep(&mut self, range: Range<usize>) {
        if range.start >= range.end || range.end > self.line.len() {
            return;
        }
        let (Some(piece), Some(before)) =
            (self.line.get(range.clone()), self.line.get(..range.start))
        else {
            return;
        };
        let column = before.chars().count() + 1;
        self.out.push(piece, Pos::new(self.line_no, column));
    }

    /// Adds text that is not in the line (a space standing for removed markup).
    pub fn insert(&mut self, text: &str) {
        self.out.push_synthetic(text);
    }

    /// The live text built so far.
    pub fn finish(self) -> Located {
        self.out
    }
}

/// The lines of the paragraph a reader is assembling, and the length they will have once joined
/// (what [`crate::check::bounds::Reading`] measures while the draft is read).
#[derive(Debug, Default)]
pub struct ParagraphLines {
    lines: Vec<Located>,
    joined: usize,
}

impl ParagraphLines {
    /// Adds a line.
    pub fn push(&mut self, line: Located) {
        self.joined += line.text().len() + usize::from(!self.lines.is_empty());
        self.lines.push(line);
    }

    /// True when no line is waiting.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// How many lines are waiting.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The last line added.
    pub fn last(&self) -> Option<&Located> {
        self.lines.last()
    }

    /// The bytes of the paragraph once joined, and the line it starts on; `None` when empty.
    pub fn size(&self) -> Option<(usize, usize)> {
        let first = self.lines.first()?;
        Some((self.joined, first.start().line))
    }

    /// The lines joined with single spaces ([`join_lines`]); empties the paragraph.
    pub fn join(&mut self) -> Located {
        self.joined = 0;
        join_lines(std::mem::take(&mut self.lines))
    }
}

/// Joins the located lines of one paragraph with single spaces.
pub fn join_lines(lines: Vec<Located>) -> Located {
    let mut out = Located::default();
    for (i, l) in lines.into_iter().enumerate() {
        if i == 0 {
            out = l;
        } else {
            out.push_synthetic(" ");
            out.append(&l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_pieces_keep_their_columns() {
        let line = "**3.2.1 metaverse**: An ecosystem.";
        let mut t = LineText::new(line, 4);
        t.keep(2..17);
        t.keep(19..line.len());
        let l = t.finish();
        assert_eq!(l.text(), "3.2.1 metaverse: An ecosystem.");
        let at = l.text().find(':').unwrap();
        assert_eq!(l.pos(at), Pos::new(4, 20));
    }

    #[test]
    fn out_of_range_pieces_are_ignored() {
        let mut t = LineText::new("abc", 1);
        t.keep(2..9);
        t.keep(1..2);
        assert_eq!(t.finish().text(), "b");
    }
}
