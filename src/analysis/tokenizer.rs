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
/// into the current token's reused `text`, so a text costs a few allocations, not one per term.
pub struct PipelineTokenStream {
    terms: String,
    tokens: std::vec::IntoIter<(std::ops::Range<usize>, Token)>,
    current: Token,
}

impl Tokenizer for PipelineTokenizer {
    type TokenStream<'a> = PipelineTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PipelineTokenStream {
        let mut terms = String::with_capacity(text.len());
        let mut tokens = Vec::new();
        self.analyzer.for_each_term(text, self.lang, |t| {
            let start = terms.len();
            terms.push_str(t.term);
            let token = Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: String::new(),
                position_length: t.span,
            };
            tokens.push((start..terms.len(), token));
        });
        PipelineTokenStream {
            terms,
            tokens: tokens.into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for PipelineTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some((range, token)) => {
                let mut text = std::mem::take(&mut self.current.text);
                text.clear();
                text.push_str(&self.terms[range]);
                self.current = Token { text, ..token };
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
