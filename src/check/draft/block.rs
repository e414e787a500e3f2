//! The flat sequence of blocks every format reader produces: headings, paragraphs, notes, list items
//! … with their live text located in the draft. The structurer ([`super::build`]) turns blocks into a
//! [`super::Draft`] the same way whatever the format was.

use super::located::Located;
use super::source::SourceLines;

/// What a block is, as far as the format itself tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading. `level` 1 is a top-level clause. `number` is the clause number when the format
    /// writes it ("3.2") or the reader computed it (AsciiDoc); `text` is the title without it.
    Heading {
        /// 1 = clause, 2 = sub-clause, …
        level: usize,
        /// "3", "3.1"… when known.
        number: Option<String>,
        /// The role the markup gives explicitly (AsciiDoc `[heading=terms and definitions]`,
        /// `[bibliography]`), which wins over the title.
        role: Option<String>,
        /// Annex, appendix or preface: never clause 3 or 4 of the document.
        unnumbered: bool,
    },
    /// Running text.
    Paragraph,
    /// A note block the markup renders with its own label (AsciiDoc `NOTE:`), so the label is not
    /// the author's to format.
    Note,
    /// The source of a term entry (AsciiDoc `[.source]`).
    Source,
    /// An admitted (`deprecated` false) or deprecated synonym of the term above (AsciiDoc `alt:[]`,
    /// `deprecated:[]`).
    AltTerm {
        /// True for `deprecated:[…]`.
        deprecated: bool,
    },
    /// An item of a definition list (`DS:: Digital Signage`); `text` is the description.
    DefinitionItem {
        /// The item's label (`DS`).
        label: Located,
    },
    /// A bibliographic entry with its citation tags (AsciiDoc `[[[anchor, label]]]`).
    Reference {
        /// The tags a citation may use for this entry.
        tags: Vec<String>,
    },
    /// An equation (not live text); only its place matters.
    Formula,
    /// An example block.
    Example,
}

/// One block of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its live text (markup, comments and struck-out text removed).
    pub text: Located,
    /// True when the block's text ends in an equation, so its own last character is not the end.
    pub ends_with_formula: bool,
}

impl Block {
    /// A block of `kind` with `text`.
    pub fn new(kind: BlockKind, text: Located) -> Self {
        Block {
            kind,
            text,
            ends_with_formula: false,
        }
    }

    /// True for a heading.
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// What a reader gives back: the blocks, the source lines (for excerpts) and what the markup says
/// about the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadDraft {
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// The draft's lines (for .docx, its paragraphs) as they read, for excerpts; index 0 = line 1.
    pub lines: SourceLines,
    /// The document type when the markup declares it (AsciiDoc `:doctype:`).
    pub doctype: Option<String>,
    /// Inline suppressions found in comments: (line of the comment, rule ids; empty = all rules).
    pub suppressions: Vec<(usize, Vec<String>)>,
    /// Set when the reader stopped because the draft was over a bound: the blocks are only
    /// those read up to there, and the draft is refused.
    pub stopped: Option<crate::check::bounds::Stopped>,
}
