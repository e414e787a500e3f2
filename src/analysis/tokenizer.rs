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

/// The tokens of one text, handed out one by one.
pub struct PipelineTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl Tokenizer for PipelineTokenizer {
    type TokenStream<'a> = PipelineTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PipelineTokenStream {
        let tokens: Vec<Token> = self
            .analyzer
            .terms(text, self.lang)
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.term,
                position_length: t.span,
            })
            .collect();
        PipelineTokenStream {
            tokens: tokens.into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for PipelineTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = token;
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
