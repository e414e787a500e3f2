//! The draft document model every rule reads, whatever the format: sections with numbers and
//! titles, the clause 3 term entries (number, term, citation tag, definition, notes), the clause 4
//! abbreviations, the references, and the running text — each piece located in the source.

pub mod block;
mod build;
mod clause3;
mod clause4;
mod entry;
pub mod located;
pub mod outline;
pub mod source;

pub use build::{build, is_abbreviations_title};
pub use located::{Located, Pos};
pub use source::SourceLines;

/// Where a piece of running text sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Zone {
    /// Before the first numbered clause: title page, summary, keywords, foreword.
    Front,
    /// A numbered clause other than 2, 3 and 4.
    Body,
    /// Clause 2 (References) or the Bibliography.
    References,
    /// Clause 3 (Definitions).
    Definitions,
    /// Clause 4 (Abbreviations).
    Abbreviations,
    /// An annex (normative in ITU-T texts).
    Annex,
    /// An appendix (informative in ITU-T texts).
    Appendix,
}

/// What kind of running text a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A heading's title.
    Heading,
    /// A paragraph or list item.
    Paragraph,
    /// A note.
    Note,
    /// An example.
    Example,
}

/// A piece of running text with its zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// Where it sits.
    pub zone: Zone,
    /// What it is.
    pub kind: TextKind,
    /// The live text.
    pub text: Located,
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// "3.1", when numbered.
    pub number: Option<String>,
    /// The title, located.
    pub title: Located,
    /// 1 = clause.
    pub level: usize,
    /// Inside an annex, appendix or preface.
    pub unnumbered: bool,
}

/// Whether a term entry is quoted from elsewhere (3.1), defined by the draft (3.2), or the clause
/// is not split that way (ISO, or clauses grouped by topic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// 3.1 Terms defined elsewhere.
    Elsewhere,
    /// 3.2 Terms defined in this Recommendation.
    Here,
    /// No elsewhere/here split.
    Unsplit,
}

/// A note to a term entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The full text as written, label included ("NOTE 1 – …").
    pub text: Located,
    /// True when the markup renders the label itself (AsciiDoc `NOTE:`), so its form is not the
    /// author's.
    pub generated_label: bool,
}

/// One entry of clause 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    /// "3.2.1", when written or computed.
    pub number: Option<String>,
    /// The term as written (with any parenthesised part).
    pub term: Located,
    /// Admitted synonyms given with the term.
    pub admitted: Vec<Located>,
    /// Deprecated synonyms given with the term.
    pub deprecated: Vec<Located>,
    /// The citation tag without its brackets ("b-ITU-T Y.4600"), where one is given.
    pub citation: Option<Located>,
    /// The definition's first paragraph.
    pub definition: Option<Located>,
    /// Further paragraphs of definition text before any note.
    pub more: Vec<Located>,
    /// True when the definition ends in an equation.
    pub ends_with_formula: bool,
    /// Notes to the entry.
    pub notes: Vec<Note>,
    /// 3.1, 3.2, or neither.
    pub origin: Origin,
    /// Index of the group ([`TermGroup`]) the entry belongs to.
    pub group: usize,
}

/// A sub-clause of clause 3 (3.1, 3.2, or a topic group), or clause 3 itself when not split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermGroup {
    /// "3.1".
    pub number: Option<String>,
    /// The heading's title.
    pub title: Located,
    /// What the title says the group holds.
    pub origin: Origin,
    /// The paragraphs between the heading and the first entry (lead-in sentence, "None.").
    pub intro: Vec<Located>,
    /// True when it is a heading over other groups only (G.650.1 "mode field definitions").
    pub has_subgroups: bool,
}

/// Clause 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause3 {
    /// Its heading.
    pub heading: Section,
    /// The sub-clauses, clause 3 itself first.
    pub groups: Vec<TermGroup>,
    /// The entries in document order.
    pub entries: Vec<TermEntry>,
}

/// One abbreviation listed in clause 4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// The short form.
    pub short: Located,
    /// The expansion.
    pub long: Located,
}

/// Clause 4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause4 {
    /// Its heading.
    pub heading: Section,
    /// Paragraphs that are not list items (lead-in, "None.").
    pub intro: Vec<Located>,
    /// The listed abbreviations, in order.
    pub items: Vec<Abbreviation>,
}

/// A draft, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// The source lines (for .docx, paragraphs), for excerpts; index 0 = line 1.
    pub lines: SourceLines,
    /// "Recommendation", "Technical Paper", "Technical Report", "International Standard" …
    pub doc_type: String,
    /// Every heading in order.
    pub sections: Vec<Section>,
    /// Clause 3, when found.
    pub clause3: Option<Clause3>,
    /// Clause 4, when found.
    pub clause4: Option<Clause4>,
    /// Citation tags the references and the bibliography define.
    pub reference_tags: Vec<String>,
    /// All running text outside the clause 3 entries and the clause 4 list, in order.
    pub text: Vec<TextBlock>,
    /// Inline suppressions: (first line, last line, rule ids; empty = every rule).
    pub suppressions: Vec<(usize, usize, Vec<String>)>,
}

impl Draft {
    /// True when the document is informative as a whole (Technical Paper, Technical Report,
    /// Supplement …), where requirements have no place.
    pub fn is_informative(&self) -> bool {
        let t = self.doc_type.to_ascii_lowercase();
        [
            "technical paper",
            "technical report",
            "supplement",
            "implementers' guide",
            "handbook",
        ]
        .iter()
        .any(|k| t.contains(k))
    }

    /// The term entries, or none when there is no clause 3.
    pub fn entries(&self) -> &[TermEntry] {
        self.clause3.as_ref().map_or(&[], |c| &c.entries)
    }
}
