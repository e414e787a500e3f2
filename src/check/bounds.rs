//! Bounds on what one draft may hold (issue 14): the longest word, the longest paragraph, the
//! most paragraphs, the most text, the most clause 3 definitions and the longest term the check
//! takes on. Measured on the draft as read (any format), before any rule runs; a draft over one
//! of them is refused with [`Error::DraftTooComplex`], which names the limit, its value and
//! where it was passed.
//!
//! The paragraphs, the text and the paragraph being assembled are also measured *while* the
//! draft is read ([`Reading`], asked by every format reader after each line or paragraph): a
//! reader stops as soon as the draft is over one of them, so a draft far over a bound (650 000
//! short paragraphs, or a .docx of ten million paragraphs that unpacks from 90 KB) is refused
//! before it is held whole in memory, and reading costs memory in proportion to the bound, not
//! to the input.
//!
//! The values are far above what published standards hold and low enough that any draft under
//! them is checked within the check's budget (BENCHMARKS.md, "Draft check on adversarial
//! drafts", has both measures). In the 54 real documents the check is run on (ITU-T, ISO,
//! 3GPP, OGC, OASIS, O-RAN, OIML; text, Markdown, AsciiDoc and Word) the longest word has 82
//! characters, the longest paragraph 2 016 bytes, the most paragraphs are 5 753 (a 500 KB
//! Recommendation in Word), the most definitions 89 and the longest term has 8 words; large vocabularies (ISO 5127, the parts
//! of IEC 60050) have a few thousand entries. The costs that grow are per paragraph (every rule
//! reads every paragraph: 200 000 short ones take about 1.5 s), per definition (the clause 3
//! rules compare each definition with the draft's terms) and, for one paragraph or word, the
//! structures built over it. A "word" is what the check itself takes as
//! a word (Unicode word boundaries, as [`crate::analysis::Analyzer::words`]): a run of Chinese
//! characters is many words, a letter with a hundred thousand combining marks is one, a URL is
//! cut at its slashes, a 4 096-bit key written in hexadecimal (1 024 characters) is one.

use super::draft::block::{Block, ReadDraft};
use super::draft::{Draft, Located};
use crate::error::{Error, Result};
use std::fmt;

/// One bound on a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Its stable name (in the README, the OpenAPI document and error messages).
    pub name: &'static str,
    /// Its value.
    pub value: usize,
    /// The unit, for messages ("characters in a word").
    pub unit: &'static str,
}

/// Most characters in one word.
pub const MAX_WORD_CHARS: Limit = Limit::new("max_word_chars", 10_000, "characters in one word");

/// Most bytes in one paragraph (a definition, a note, a list item, a heading, a line of running
/// text joined with the lines of its paragraph).
pub const MAX_PARAGRAPH_BYTES: Limit =
    Limit::new("max_paragraph_bytes", 256 * 1024, "bytes in one paragraph");

/// Most paragraphs in one draft.
pub const MAX_PARAGRAPHS: Limit = Limit::new("max_paragraphs", 200_000, "paragraphs in one draft");

/// Most bytes of text in one draft: its paragraphs as read (for a .docx, its paragraphs' text,
/// whitespace included). A text draft the API takes is always within it (it is the API's body
/// limit); a .docx unpacks to more text than it weighs (its XML is compressed: 90 KB can hold
/// 60 MB), and one whose text passes this is refused while it is read.
pub const MAX_TEXT_BYTES: Limit = Limit::new(
    "max_text_bytes",
    8 * 1024 * 1024,
    "bytes of text in one draft",
);

/// Most clause 3 definitions (term entries) in one draft.
pub const MAX_DEFINITIONS: Limit = Limit::new("max_definitions", 10_000, "definitions in clause 3");

/// Most words in one clause 3 term (a designation, not a sentence: the longest in the real
/// documents has 8). Every rule on terms works word by word over every term, so what they hold
/// grows with this times [`MAX_DEFINITIONS`]: at 100, 10 000 terms of 99 words (5.7 MB) peaked
/// at 209 MB; at 50, 10 000 terms of 49 words with long definitions (8 MiB) at 131 MB.
pub const MAX_TERM_WORDS: Limit = Limit::new("max_term_words", 50, "words in one term");

/// Every bound, in the order they are checked.
pub const LIMITS: [Limit; 6] = [
    MAX_DEFINITIONS,
    MAX_PARAGRAPHS,
    MAX_TEXT_BYTES,
    MAX_PARAGRAPH_BYTES,
    MAX_TERM_WORDS,
    MAX_WORD_CHARS,
];

impl Limit {
    const fn new(name: &'static str, value: usize, unit: &'static str) -> Limit {
        Limit { name, value, unit }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name, self.value, self.unit)
    }
}

/// How large a draft is, by the measures the bounds apply to; each with the line where its
/// largest instance starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    pub definitions: usize,
    pub paragraphs: usize,
    /// The longest paragraph, in bytes, and its first line.
    pub longest_paragraph: (usize, usize),
    /// The longest word, in characters, and its line.
    pub longest_word: (usize, usize),
    /// The longest term of clause 3, in words, and its line.
    pub longest_term: (usize, usize),
}

/// Every paragraph of the draft: headings, running text, the entries' parts, clause 4.
fn paragraphs(draft: &Draft) -> impl Iterator<Item = &Located> {
    let sections = draft.sections.iter().map(|s| &s.title);
    let text = draft.text.iter().map(|t| &t.text);
    let clause3 = draft.clause3.iter().flat_map(|c| {
        // Group titles are headings, already among the sections.
        c.groups
            .iter()
            .flat_map(|g| &g.intro)
            .chain(c.entries.iter().flat_map(|e| {
                std::iter::once(&e.term)
                    .chain(&e.admitted)
                    .chain(&e.deprecated)
                    .chain(&e.citation)
                    .chain(&e.definition)
                    .chain(&e.more)
                    .chain(e.notes.iter().map(|n| &n.text))
            }))
    });
    let clause4 = draft.clause4.iter().flat_map(|c| {
        c.intro
            .iter()
            .chain(c.items.iter().flat_map(|a| [&a.short, &a.long]))
    });
    sections.chain(text).chain(clause3).chain(clause4)
}

/// Measures `draft`. Words are measured only in paragraphs within [`MAX_PARAGRAPH_BYTES`], so
/// the measure itself stays cheap on any input.
pub fn measure(draft: &Draft) -> Size {
    measure_words_over(draft, 0)
}

/// [`measure`], with words measured only in paragraphs of more than `floor` bytes: a paragraph
/// of n bytes holds no word of more than n characters, so the longest word is still exact
/// whenever it is longer than `floor` (segmenting every paragraph was a third of reading a
/// large draft, for a bound that ordinary paragraphs cannot reach).
fn measure_words_over(draft: &Draft, floor: usize) -> Size {
    let mut size = Size {
        definitions: draft.entries().len(),
        ..Size::default()
    };
    for e in draft.entries() {
        let text = e.term.text();
        if text.len() > MAX_PARAGRAPH_BYTES.value {
            continue;
        }
        let words = crate::analysis::segment::words(text).len();
        if words > size.longest_term.0 {
            size.longest_term = (words, e.term.start().line);
        }
    }
    for p in paragraphs(draft) {
        size.paragraphs += 1;
        let len = p.text().len();
        if len > size.longest_paragraph.0 {
            size.longest_paragraph = (len, p.start().line);
        }
        if len > MAX_PARAGRAPH_BYTES.value || len <= floor {
            continue;
        }
        for w in crate::analysis::segment::words(p.text()) {
            // A word of n bytes has at most n characters: count only the candidates.
            if w.text.len() > size.longest_word.0 {
                let chars = w.text.chars().count();
                if chars > size.longest_word.0 {
                    size.longest_word = (chars, p.pos(w.start).line);
                }
            }
        }
    }
    size
}

/// Where a reader stopped because the draft was already over a bound: the blocks it gave are
/// not the whole draft, and [`check_read`] refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// The bound passed.
    pub limit: Limit,
    /// The line (for .docx, paragraph) where it was passed.
    pub line: usize,
}

/// The bounds a reader measures as it reads: the paragraphs and the text of the blocks it has
/// given so far, and the paragraph it is assembling. Each block is measured once, so asking
/// after every line costs nothing in proportion to the draft.
#[derive(Debug, Default)]
pub struct Reading {
    /// Blocks measured so far.
    seen: usize,
    /// Their text, in bytes.
    text: usize,
}

impl Reading {
    /// A reader's question after a line or a paragraph: `blocks` are those given so far (only
    /// ever added to), `pending` the bytes and first line of the paragraph being assembled.
    /// `Some` when the draft is over a bound: the reader stops there.
    pub fn over(&mut self, blocks: &[Block], pending: Option<(usize, usize)>) -> Option<Stopped> {
        for b in blocks.get(self.seen..).unwrap_or_default() {
            self.text += b.text.text().len();
        }
        self.seen = blocks.len();
        if let Some(over) = blocks.get(MAX_PARAGRAPHS.value) {
            return Some(Stopped {
                limit: MAX_PARAGRAPHS,
                line: over.text.start().line,
            });
        }
        if self.text > MAX_TEXT_BYTES.value {
            return Some(Stopped {
                limit: MAX_TEXT_BYTES,
                line: blocks.last().map_or(1, |b| b.text.start().line),
            });
        }
        match pending {
            Some((bytes, line)) if bytes > MAX_PARAGRAPH_BYTES.value => Some(Stopped {
                limit: MAX_PARAGRAPH_BYTES,
                line,
            }),
            _ => None,
        }
    }
}

/// The bounds a draft is measured against while it is read: refuses a draft its reader stopped
/// early ([`Stopped`]) or that has more paragraphs than [`MAX_PARAGRAPHS`], before its model
/// is built.
pub fn check_read(read: &ReadDraft, name: &str) -> Result<()> {
    let over = |limit: Limit, found: Option<usize>, line: usize| Error::DraftTooComplex {
        path: name.to_string(),
        limit: limit.name,
        value: limit.value,
        unit: limit.unit,
        found,
        line: Some(line),
    };
    if let Some(stopped) = read.stopped {
        return Err(over(stopped.limit, None, stopped.line));
    }
    match read.blocks.get(MAX_PARAGRAPHS.value) {
        Some(b) => Err(over(
            MAX_PARAGRAPHS,
            Some(read.blocks.len()),
            b.text.start().line,
        )),
        None => Ok(()),
    }
}

/// `Err(Error::DraftTooComplex)` naming the first bound `draft` (read from `name`) passes.
pub fn check(draft: &Draft, name: &str) -> Result<()> {
    // Only a word over the limit matters here, and only a longer paragraph can hold one.
    let size = measure_words_over(draft, MAX_WORD_CHARS.value);
    let over = |limit: Limit, found: usize, line: Option<usize>| Error::DraftTooComplex {
        path: name.to_string(),
        limit: limit.name,
        value: limit.value,
        unit: limit.unit,
        found: Some(found),
        line,
    };
    if size.definitions > MAX_DEFINITIONS.value {
        let line = draft.entries()[MAX_DEFINITIONS.value].term.start().line;
        return Err(over(MAX_DEFINITIONS, size.definitions, Some(line)));
    }
    if size.paragraphs > MAX_PARAGRAPHS.value {
        // Where the paragraph one over the limit starts, in document order.
        let mut starts: Vec<usize> = paragraphs(draft).map(|p| p.start().line).collect();
        let (_, &mut line, _) = starts.select_nth_unstable(MAX_PARAGRAPHS.value);
        return Err(over(MAX_PARAGRAPHS, size.paragraphs, Some(line)));
    }
    let (bytes, line) = size.longest_paragraph;
    if bytes > MAX_PARAGRAPH_BYTES.value {
        return Err(over(MAX_PARAGRAPH_BYTES, bytes, Some(line)));
    }
    let (words, line) = size.longest_term;
    if words > MAX_TERM_WORDS.value {
        return Err(over(MAX_TERM_WORDS, words, Some(line)));
    }
    let (chars, line) = size.longest_word;
    if chars > MAX_WORD_CHARS.value {
        return Err(over(MAX_WORD_CHARS, chars, Some(line)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{DraftInput, Format};

    fn read(text: &str) -> Draft {
        let input = DraftInput {
            name: "t.txt".into(),
            bytes: text.as_bytes(),
            format: Some(Format::Text),
        };
        let read = crate::check::format::read(input.bytes, Format::Text, "t.txt").unwrap();
        crate::check::draft::build(read)
    }

    const HEAD: &str = "1 Scope\nThis Recommendation defines terms.\n\n3 Definitions\n\n";

    /// The refusal of `text` as the check reads it (the bounds while reading, then the rest).
    fn refused(text: &str) -> Error {
        let input = DraftInput {
            name: "t.txt".into(),
            bytes: text.as_bytes(),
            format: Some(Format::Text),
        };
        crate::check::parse_draft(&input).unwrap_err()
    }

    #[test]
    fn an_ordinary_draft_passes() {
        let draft = read(&format!(
            "{HEAD}3.1 avatar: a representation of a user, see https://example.org/a/long/path.\n"
        ));
        assert!(check(&draft, "t.txt").is_ok());
        let size = measure(&draft);
        assert_eq!(size.definitions, 1);
        assert!(size.longest_word.0 < 20);
    }

    #[test]
    fn a_giant_word_is_refused_with_its_line() {
        let err = refused(&format!("{HEAD}3.1 a: {}\n", "x".repeat(12_000)));
        let Error::DraftTooComplex {
            limit, found, line, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (*limit, *found, *line),
            ("max_word_chars", Some(12_000), Some(6))
        );
        let message = err.to_string();
        assert!(
            message.contains("t.txt") && message.contains("line 6"),
            "{message}"
        );
        assert!(
            message.contains("max_word_chars") && message.contains("10000"),
            "{message}"
        );
    }

    #[test]
    fn combining_marks_make_one_word_cjk_many() {
        let marks = format!("{HEAD}3.1 a: a{}\n", "\u{301}".repeat(11_000));
        assert!(matches!(
            refused(&marks),
            Error::DraftTooComplex {
                limit: "max_word_chars",
                ..
            }
        ));
        let cjk = read(&format!("{HEAD}3.1 a: {}\n", "語".repeat(60_000)));
        assert!(check(&cjk, "t.txt").is_ok());
    }

    #[test]
    fn a_giant_paragraph_is_refused_before_its_words_are_read() {
        let err = refused(&format!("{HEAD}3.1 a: {}\n", "a-".repeat(200_000)));
        assert!(matches!(
            err,
            Error::DraftTooComplex {
                limit: "max_paragraph_bytes",
                line: Some(6),
                ..
            }
        ));
    }

    #[test]
    fn too_many_paragraphs_are_refused_where_the_count_passes_the_limit() {
        let text = format!(
            "{HEAD}5 Body\n\n{}",
            "x\n\n".repeat(MAX_PARAGRAPHS.value + 10)
        );
        let Error::DraftTooComplex { limit, line, .. } = refused(&text) else {
            unreachable!()
        };
        assert_eq!(limit, "max_paragraphs");
        // One "x" every two lines, after a few headings and paragraphs.
        let line = line.unwrap();
        let near = 2 * MAX_PARAGRAPHS.value - 20..2 * MAX_PARAGRAPHS.value + 20;
        assert!(near.contains(&line), "{line}");
    }

    #[test]
    fn a_term_that_is_a_sentence_is_refused() {
        // (A line of many words with spaces is read as a paragraph, not as a term.)
        let term = "a-".repeat(120);
        let Error::DraftTooComplex {
            limit, found, line, ..
        } = refused(&format!(
            "{HEAD}3.1.1 avatar: a user.\n3.1.2 {term}\nA thing.\n"
        ))
        else {
            unreachable!()
        };
        assert_eq!((limit, found, line), ("max_term_words", Some(120), Some(7)));
    }

    #[test]
    fn too_many_definitions_are_refused_at_the_first_one_over() {
        let mut text = HEAD.to_string();
        for i in 0..=MAX_DEFINITIONS.value {
            text.push_str(&format!("3.1.{i} term{i}: a thing.\n"));
        }
        let Error::DraftTooComplex {
            limit, found, line, ..
        } = refused(&text)
        else {
            unreachable!()
        };
        assert_eq!(limit, "max_definitions");
        assert_eq!(found, Some(MAX_DEFINITIONS.value + 1));
        assert_eq!(line, Some(6 + MAX_DEFINITIONS.value));
    }

    fn read_as(text: &[u8], format: Format) -> ReadDraft {
        crate::check::format::read(text, format, "t").unwrap()
    }

    #[test]
    fn every_reader_stops_one_paragraph_past_the_bound() {
        let n = MAX_PARAGRAPHS.value + 500;
        let text = "x.\n\n".repeat(n);
        let p = "<w:p><w:r><w:t>x.</w:t></w:r></w:p>".repeat(n);
        let docx = crate::check::format::docx::tests::docx(&p, None);
        for (format, bytes) in [
            (Format::Text, text.as_bytes()),
            (Format::Markdown, text.as_bytes()),
            (Format::Asciidoc, text.as_bytes()),
            (Format::Docx, &docx[..]),
        ] {
            let read = read_as(bytes, format);
            let line = if format == Format::Docx {
                MAX_PARAGRAPHS.value + 1
            } else {
                2 * MAX_PARAGRAPHS.value + 1
            };
            assert_eq!(
                read.stopped,
                Some(Stopped {
                    limit: MAX_PARAGRAPHS,
                    line
                }),
                "{format}"
            );
            // Nothing past the bound was kept.
            assert_eq!(read.blocks.len(), MAX_PARAGRAPHS.value + 1, "{format}");
            assert!(read.lines.is_empty(), "{format}");
        }
        let input = DraftInput {
            name: "t.txt".into(),
            bytes: text.as_bytes(),
            format: Some(Format::Text),
        };
        let message = crate::check::parse_draft(&input).unwrap_err().to_string();
        assert!(
            message.contains("line 400001: more than 200000 paragraphs")
                && message.contains("max_paragraphs"),
            "{message}"
        );
    }

    #[test]
    fn a_paragraph_of_many_short_lines_is_refused_while_it_is_read() {
        // Lines that never end a sentence are one paragraph, joined with spaces.
        let text = format!("{HEAD}5 Body\n\n{}", "ab\n".repeat(100_000));
        for format in [Format::Text, Format::Markdown, Format::Asciidoc] {
            let read = read_as(text.as_bytes(), format);
            assert_eq!(
                read.stopped,
                Some(Stopped {
                    limit: MAX_PARAGRAPH_BYTES,
                    line: 8
                }),
                "{format}"
            );
        }
    }

    #[test]
    fn a_docx_whose_text_unpacks_past_the_bound_is_refused_while_it_is_read() {
        // A few kilobytes of zip that unpack to more text than the API takes as a body.
        let run = format!("<w:r><w:t>{}</w:t></w:r>", "ab ".repeat(100_000));
        let body = format!(
            "<w:p><w:r><w:t>Title</w:t></w:r></w:p><w:p>{}</w:p>",
            run.repeat(30)
        );
        let docx = crate::check::format::docx::tests::docx(&body, None);
        assert!(docx.len() < 200_000, "{}", docx.len());
        let read = read_as(&docx, Format::Docx);
        assert_eq!(
            read.stopped,
            Some(Stopped {
                limit: MAX_TEXT_BYTES,
                line: 2
            })
        );
        assert!(read.blocks.len() <= 1);
    }

    #[test]
    fn many_blank_lines_are_read_without_a_string_each() {
        let text = format!("{HEAD}{}3.1 avatar: a user.\n", "\n".repeat(1_000_000));
        let read = read_as(text.as_bytes(), Format::Text);
        assert_eq!(read.stopped, None);
        assert_eq!(read.lines.len(), 1_000_006);
        assert_eq!(read.lines.get(1_000_005), Some("3.1 avatar: a user."));
    }
}
