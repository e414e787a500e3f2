//! Plain-text drafts (and the shared paragraph assembly that Markdown reuses): one block per
//! paragraph. A paragraph ends at a blank line, where a new item starts, and after a line that ends a
//! sentence (text saved from Word has one paragraph per line; hand-wrapped text breaks mid-sentence).
//! Headings are recognised from their clause numbers. A line starting with `//` is a comment.

use super::inline::{LineText, ParagraphLines};
use super::lines::{heading_line, leading_number, starts_item};
use super::suppression::parse_suppression;
use crate::check::bounds;
use crate::check::draft::SourceLines;
use crate::check::draft::block::{Block, BlockKind, ReadDraft};
use crate::check::draft::located::Located;

/// One source line after the format's own markup was interpreted.
#[derive(Debug, Clone)]
pub enum SourceLine {
    /// An empty line: ends the paragraph.
    Blank,
    /// Not live text (comment, code fence, front matter).
    Skip,
    /// A heading whose level and number the markup gave (`## 3.1 Terms`); the number may still be
    /// in the text.
    Heading {
        /// Level from the markup.
        level: usize,
        /// The title, markup removed.
        text: Located,
    },
    /// A line of live text.
    Text {
        /// The text, markup removed.
        text: Located,
        /// True when the line starts a new item even without a blank line before it (list item).
        new_item: bool,
    },
}

/// Reads a plain-text draft.
pub fn read(src: &str) -> ReadDraft {
    let mut lines = Assembler::new(false);
    let mut suppressions = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        if lines.stopped() {
            break;
        }
        let line_no = i + 1;
        let trimmed = raw.trim_start();
        if trimmed.starts_with("//") {
            if let Some(rules) = parse_suppression(trimmed) {
                suppressions.push((line_no, rules));
            }
            lines.push(SourceLine::Skip);
        } else if trimmed.trim_end().is_empty() {
            lines.push(SourceLine::Blank);
        } else {
            let mut t = LineText::new(raw, line_no);
            t.keep(0..raw.trim_end().len());
            lines.push(SourceLine::Text {
                text: t.finish(),
                new_item: false,
            });
        }
    }
    lines.finish(src, None, suppressions)
}

/// Groups source lines into blocks as a reader gives them, one at a time: headings (from markup
/// or from clause numbers), and paragraphs. Stops taking lines once the draft is over one of
/// the [`bounds`] measured while reading.
pub struct Assembler {
    /// Markdown: a paragraph ends only at a blank line, a list item or a line that starts an
    /// entry of its own; a soft-wrapped line after ";" or "." continues it.
    markdown: bool,
    blocks: Vec<Block>,
    para: ParagraphLines,
    /// ISO layout: the entry number alone on a line, the term on the next.
    pending_number: Option<Located>,
    reading: bounds::Reading,
    stopped: Option<bounds::Stopped>,
}

impl Assembler {
    /// For plain text (`markdown` false) or Markdown.
    pub fn new(markdown: bool) -> Self {
        Assembler {
            markdown,
            blocks: Vec::new(),
            para: ParagraphLines::default(),
            pending_number: None,
            reading: bounds::Reading::default(),
            stopped: None,
        }
    }

    /// True once the draft is over a bound: the reader stops giving lines.
    pub fn stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// Takes the next source line.
    pub fn push(&mut self, line: SourceLine) {
        if self.stopped.is_some() {
            return;
        }
        self.line(line);
        self.stopped = self.reading.over(&self.blocks, self.para.size());
    }

    /// The draft as read: its blocks, its source lines, what the markup said.
    pub fn finish(
        mut self,
        src: &str,
        doctype: Option<String>,
        suppressions: Vec<(usize, Vec<String>)>,
    ) -> ReadDraft {
        if self.stopped.is_none() {
            if let Some(number) = self.pending_number.take() {
                self.para.push(number);
            }
            self.flush();
            self.stopped = self.reading.over(&self.blocks, None);
        }
        ReadDraft {
            blocks: self.blocks,
            // A draft refused while read needs no excerpts.
            lines: if self.stopped.is_some() {
                SourceLines::default()
            } else {
                SourceLines::of(src)
            },
            doctype,
            suppressions,
            stopped: self.stopped,
        }
    }

    fn flush(&mut self) {
        if !self.para.is_empty() {
            let text = self.para.join().trim();
            self.blocks.push(Block::new(BlockKind::Paragraph, text));
        }
    }

    fn line(&mut self, line: SourceLine) {
        match line {
            SourceLine::Blank => self.flush(),
            SourceLine::Skip => {}
            SourceLine::Heading { level, text } => {
                self.flush();
                self.blocks.push(markup_heading(level, text));
            }
            SourceLine::Text { text, new_item } => {
                let text = text.trim();
                if let Some(number) = self.pending_number.take() {
                    let mut joined = number.clone();
                    joined.push_synthetic(" ");
                    joined.append(&text);
                    if let Some(h) = heading_line(joined.text()) {
                        self.flush();
                        self.blocks.push(text_heading(&joined, h));
                        return;
                    }
                    self.para.push(number);
                }
                if is_bare_number(text.text()) {
                    self.flush();
                    self.pending_number = Some(text);
                    return;
                }
                if let Some(h) = heading_line(text.text()) {
                    self.flush();
                    self.blocks.push(text_heading(&text, h));
                    return;
                }
                // A short line on its own ("Summary", "Keywords") is a title, not a wrapped line.
                let para = &self.para;
                let previous_ended = para.last().is_some_and(|p: &Located| {
                    p.text().ends_with(['.', ':', ';', '!', '?'])
                        || (para.len() == 1
                            && p.text().split_whitespace().count() <= 4
                            && text.text().starts_with(char::is_uppercase))
                });
                let starts = if self.markdown {
                    let t = text.text();
                    leading_number(t).is_some()
                        || t.starts_with("NOTE")
                        || t.starts_with("Note ")
                        || t.starts_with("EXAMPLE")
                } else {
                    previous_ended || starts_item(text.text())
                };
                if new_item || starts {
                    self.flush();
                }
                self.para.push(text);
            }
        }
    }
}

fn is_bare_number(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    !t.is_empty()
        && t.contains('.')
        && t.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn text_heading(text: &Located, h: super::lines::HeadingLine) -> Block {
    let title = text.slice(h.title_start..text.text().len()).trim();
    Block::new(
        BlockKind::Heading {
            level: h.level,
            number: h.number,
            role: h.role,
            unnumbered: h.unnumbered,
        },
        title,
    )
}

/// A heading the markup marked (`#`): the clause number, when written, gives the level.
pub fn markup_heading(level: usize, text: Located) -> Block {
    let text = text.trim();
    if let Some(h) = heading_line(text.text()).filter(|h| h.number.is_some()) {
        return text_heading(&text, h);
    }
    if let Some((number, start)) = leading_number(text.text()) {
        let level_from_number = number.split('.').count();
        let annex = !number.starts_with(|c: char| c.is_ascii_digit());
        return Block::new(
            BlockKind::Heading {
                level: level_from_number,
                number: Some(number),
                role: None,
                unnumbered: annex,
            },
            text.slice(start..text.text().len()).trim(),
        );
    }
    let h = heading_line(text.text());
    Block::new(
        BlockKind::Heading {
            level: h.as_ref().map_or(level, |h| h.level),
            number: h.as_ref().and_then(|h| h.number.clone()),
            role: h.as_ref().and_then(|h| h.role.clone()),
            unnumbered: h.as_ref().is_some_and(|h| h.unnumbered),
        },
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::located::Pos;

    #[test]
    fn paragraphs_headings_and_entries_are_told_apart() {
        let src = "3 Definitions\n\n3.1 Terms defined elsewhere\nThis Recommendation uses the following terms defined elsewhere:\n3.1.1 digital twin [b-ITU-T Y.4600]: A digital\nrepresentation of an object.\n\nNOTE – A note.\n";
        let d = read(src);
        let kinds: Vec<_> = d
            .blocks
            .iter()
            .map(|b| (b.is_heading(), b.text.text().to_string()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (true, "Definitions".into()),
                (true, "Terms defined elsewhere".into()),
                (
                    false,
                    "This Recommendation uses the following terms defined elsewhere:".into()
                ),
                (
                    false,
                    "3.1.1 digital twin [b-ITU-T Y.4600]: A digital representation of an object."
                        .into()
                ),
                (false, "NOTE – A note.".into()),
            ]
        );
        let entry = &d.blocks[3].text;
        let at = entry.text().find("representation").unwrap();
        assert_eq!(entry.pos(at), Pos::new(6, 1));
    }

    #[test]
    fn an_iso_entry_number_alone_on_its_line_heads_the_term() {
        let d = read("3.1\npaddy\nrice retaining its husk\n");
        match &d.blocks[0].kind {
            BlockKind::Heading { number, level, .. } => {
                assert_eq!(number.as_deref(), Some("3.1"));
                assert_eq!(*level, 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(d.blocks[0].text.text(), "paddy");
        assert_eq!(d.blocks[1].text.text(), "rice retaining its husk");
    }

    #[test]
    fn comment_lines_carry_suppressions_and_are_not_text() {
        let d = read("// mvterms-allow: term-case\n3.2.1 Foo: A bar.\n");
        assert_eq!(d.suppressions, vec![(1, vec!["term-case".to_string()])]);
        assert_eq!(d.blocks.len(), 1);
    }
}
