//! The index schema: which entry fields are searchable, filterable and countable, and how.

use crate::analysis::tokenizer::{ENGLISH, NEUTRAL};
use crate::model::{Collection, Kind};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bump when the schema or the text pipeline changes meaning: an index built by another
/// version is then rebuilt rather than misread.
pub const FORMAT: &str = "mvterms-index-7";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the entry in the corpus (sorted by id): the link back to the entry and the
    /// tie-break that keeps equal scores in id order.
    pub ord: Field,
    /// The entry id (stored, for diagnostics).
    pub id: Field,
    /// Collection code (see [`collection_code`]).
    pub collection: Field,
    /// Kind code (see [`kind_code`]); 0 when the entry has no kind.
    pub kind: Field,
    /// Year of the source, when known.
    pub year: Field,
    /// The term, case-folded, for the exact `term` filter.
    pub term_key: Field,
    /// English pipeline over term, definition and notes (English entries only).
    pub term: Field,
    pub definition: Field,
    pub notes: Field,
    /// Language-neutral pipeline (words and case folding) over the same texts, all entries.
    pub term_any: Field,
    pub definition_any: Field,
    pub notes_any: Field,
    /// The source (document, author, title) and the entry id: words folded, and adjacent
    /// words of a code also joined ("FGMV-20" is `fgmv`, `20` and `fgmv20`), see
    /// [`crate::analysis::codes`].
    pub source: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

impl Fields {
    /// The schema and its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let fields = Fields {
            ord: b.add_u64_field("ord", FAST),
            id: b.add_text_field("id", STRING | STORED),
            collection: b.add_u64_field("collection", INDEXED | FAST),
            kind: b.add_u64_field("kind", INDEXED | FAST),
            year: b.add_i64_field("year", INDEXED | FAST),
            term_key: b.add_text_field("term_key", STRING),
            term: b.add_text_field("term", text(ENGLISH)),
            definition: b.add_text_field("definition", text(ENGLISH)),
            notes: b.add_text_field("notes", text(ENGLISH)),
            term_any: b.add_text_field("term_any", text(NEUTRAL)),
            definition_any: b.add_text_field("definition_any", text(NEUTRAL)),
            notes_any: b.add_text_field("notes_any", text(NEUTRAL)),
            source: b.add_text_field("source", text(NEUTRAL)),
        };
        (b.build(), fields)
    }

    /// Looks the fields up in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            ord: f("ord")?,
            id: f("id")?,
            collection: f("collection")?,
            kind: f("kind")?,
            year: f("year")?,
            term_key: f("term_key")?,
            term: f("term")?,
            definition: f("definition")?,
            notes: f("notes")?,
            term_any: f("term_any")?,
            definition_any: f("definition_any")?,
            notes_any: f("notes_any")?,
            source: f("source")?,
        })
    }
}

/// The indexed code of a collection.
pub fn collection_code(collection: Collection) -> u64 {
    Collection::ALL
        .iter()
        .position(|&c| c == collection)
        .unwrap_or(0) as u64
}

/// The collection of an indexed code.
pub fn collection_of(code: u64) -> Option<Collection> {
    Collection::ALL.get(code as usize).copied()
}

/// The indexed code of a kind (0 = none).
pub fn kind_code(kind: Option<Kind>) -> u64 {
    kind.and_then(|k| Kind::ALL.iter().position(|&x| x == k))
        .map_or(0, |i| i as u64 + 1)
}

/// The kind of an indexed code.
pub fn kind_of(code: u64) -> Option<Kind> {
    code.checked_sub(1)
        .and_then(|i| Kind::ALL.get(i as usize).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &c in Collection::ALL {
            assert_eq!(collection_of(collection_code(c)), Some(c));
        }
        for &k in Kind::ALL {
            assert_eq!(kind_of(kind_code(Some(k))), Some(k));
        }
        assert_eq!(kind_of(kind_code(None)), None);
    }
}
