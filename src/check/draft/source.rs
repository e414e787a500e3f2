//! The draft's lines as they read (for .docx, its paragraphs), kept for excerpts: one string and
//! where each line starts, so a draft of millions of short or empty lines costs four bytes a
//! line and no allocation of its own (a `Vec<String>` costs 24 bytes a line and a heap block for
//! each line that is not empty: 8 MiB of blank lines took 200 MB).

/// The source lines of a draft; index 0 = line 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLines {
    /// Every line, each followed by `\n`.
    text: String,
    /// Where each line starts in `text`.
    starts: Vec<u32>,
}

impl SourceLines {
    /// The lines of `src`, split as [`str::lines`] splits them.
    pub fn of(src: &str) -> SourceLines {
        let mut lines = SourceLines {
            text: String::with_capacity(src.len() + 1),
            starts: Vec::with_capacity(memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1),
        };
        for line in src.lines() {
            lines.push(line);
        }
        lines
    }

    /// Adds a line. Beyond 4 GiB of text in all (no body the server takes comes near it) a
    /// line is counted but its text is not kept: its excerpt is empty.
    pub fn push(&mut self, line: &str) {
        match u32::try_from(self.text.len() + line.len() + 1) {
            Ok(_) => {
                self.starts.push(self.text.len() as u32);
                self.text.push_str(line);
                self.text.push('\n');
            }
            Err(_) => self.starts.push(u32::MAX),
        }
    }

    /// Line `i + 1`, without its line break.
    pub fn get(&self, i: usize) -> Option<&str> {
        let start = *self.starts.get(i)? as usize;
        if start > self.text.len() {
            return Some("");
        }
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&s| (s as usize).min(self.text.len()));
        // Every kept line is followed by its `\n`.
        Some(&self.text[start..end.saturating_sub(1).max(start)])
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when there is no line.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The lines in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_as_str_lines_splits_them() {
        for src in [
            "",
            "a",
            "a\n",
            "a\r\nb\n\nc",
            "\n\n\n",
            "é語\n\u{2028}x\r\n",
        ] {
            let lines = SourceLines::of(src);
            let expected: Vec<&str> = src.lines().collect();
            assert_eq!(lines.iter().collect::<Vec<_>>(), expected, "{src:?}");
            assert_eq!(lines.len(), expected.len());
            assert_eq!(lines.get(expected.len()), None);
        }
    }

    #[test]
    fn pushed_lines_may_hold_anything_but_a_line_break() {
        let mut lines = SourceLines::default();
        for l in ["one", "", "three\ttabs", ""] {
            lines.push(l);
        }
        assert_eq!(
            lines.iter().collect::<Vec<_>>(),
            ["one", "", "three\ttabs", ""]
        );
        assert!(!lines.is_empty());
    }
}
