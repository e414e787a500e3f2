//! The pipeline as a tantivy tokenizer, so the index sees exactly the terms compare, clusters and
//! check see.

use super::Analyzer;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the English pipeline is registered with the index.
pub const ENGLISH: &str = "mv_en";
/// Name under which the language-neutral pipeline (words and case folding only) is registered.
pub const NEUTRAL: &str = "mv_neutral";

/// A tantivy tokenizer running the pipeline for one language.
#[derive(Clone)]
pub struct PipelineTokenizer {
    analyzer: Analyzer,
    lang: &'static str,
}

impl PipelineTokenizer {
    /// The English pipeline (stemming, stop words, equivalences).
    pub fn english(analyzer: Analyzer) -> Self {
        PipelineTokenizer {
            analyzer,
            lang: "en",
        }
    }

    /// The language-neutral pipeline (words and case folding), for text in any language.
    pub fn neutral(analyzer: Analyzer) -> Self {
        PipelineTokenizer {
            analyzer,
            lang: "und",
        }
    }
}

/// The tokens of one text, handed out one by one. The terms are kept in one buffer and copied
/// into the current token's reused `text`, so a text costs a few allocations, not one per term;
/// the rest of each token is kept compact until it is handed out.
pub struct PipelineTokenStream {
    terms: String,
    tokens: std::vec::IntoIter<Compact>,
    /// Where the previous term ended in `terms`.
    term_start: usize,
    current: Token,
}

/// A token without its text: where its term ends in the buffer, its offsets and position.
struct Compact {
    term_end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
    span: usize,
}

impl Tokenizer for PipelineTokenizer {
    type TokenStream<'a> = PipelineTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PipelineTokenStream {
        let mut terms = String::with_capacity(text.len());
        let mut tokens = Vec::with_capacity(text.len() / 6);
        self.analyzer.for_each_term(text, self.lang, |t| {
            terms.push_str(t.term);
            tokens.push(Compact {
                term_end: terms.len(),
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                span: t.span,
            });
        });
        PipelineTokenStream {
            terms,
            tokens: tokens.into_iter(),
            term_start: 0,
            current: Token::default(),
        }
    }
}

impl TokenStream for PipelineTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                let current = &mut self.current;
                current.text.clear();
                current
                    .text
                    .push_str(&self.terms[self.term_start..t.term_end]);
                self.term_start = t.term_end;
                current.offset_from = t.offset_from;
                current.offset_to = t.offset_to;
                current.position = t.position;
                current.position_length = t.span;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
