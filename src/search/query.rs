//! From what an editor types to a tantivy query.
//!
//! The query text is split into plain text and "quoted phrases". Plain text is analysed with the
//! same pipeline as the index; each whitespace-separated word becomes a unit that must match
//! (in the English fields by stem — with typo tolerance for longer words — or in the
//! language-neutral fields by its folded form, so Japanese and Italian entries are found by their
//! own words). A word group the registry knows as an abbreviation's expansion ("extended
//! reality") also matches the abbreviation ("XR"), and the other way round.

use crate::analysis::{Analyzer, Token, TokenKind};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use std::sync::Arc;
use tantivy::Term;
use tantivy::query::{
    AutomatonWeight, BooleanQuery, BoostQuery, DfaWrapper, EnableScoring, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy_fst::Automaton;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most units (words and phrases) in one query.
pub const MAX_UNITS: usize = 32;

/// Field weights: a match in the term weighs most, then the definition, then the notes; the
/// language-neutral fields add a little for exact word forms and carry non-English entries.
const ENGLISH_WEIGHTS: [f32; 3] = [4.0, 1.5, 0.5];
const NEUTRAL_WEIGHTS: [f32; 3] = [2.0, 0.75, 0.25];
/// Weight of a typo-tolerant (fuzzy) match relative to an exact one.
const FUZZY_WEIGHT: f32 = 0.3;

/// What the editor's query asks for, after analysis.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    /// One entry per unit that must match.
    pub units: Vec<Unit>,
}

/// One word, word group or phrase of the query.
#[derive(Debug, Clone)]
pub struct Unit {
    /// English-pipeline terms with their positions (one term, or several for a phrase or a
    /// hyphenated word).
    pub english: Vec<(usize, String, TokenKind)>,
    /// Language-neutral terms with positions.
    pub neutral: Vec<(usize, String)>,
    /// An abbreviation that stands for this whole unit group ("xr" for "extended reality").
    pub abbreviation: Option<String>,
    /// Sub-units when the unit is an abbreviation group: all must match unless the
    /// abbreviation does.
    pub parts: Vec<Unit>,
    /// Whether the editor quoted it.
    pub phrase: bool,
}

/// A quoted or plain stretch of the query text.
fn segments(q: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut in_phrase = false;
    let mut start = 0;
    for (i, c) in q.char_indices() {
        if matches!(c, '"' | '“' | '”' | '„') {
            if start < i {
                out.push((in_phrase, &q[start..i]));
            }
            in_phrase = !in_phrase;
            start = i + c.len_utf8();
        }
    }
    if start < q.len() {
        out.push((in_phrase, &q[start..]));
    }
    out.into_iter()
        .filter(|(_, s)| !s.trim().is_empty())
        .collect()
}

/// Analyses a query. Errors name what is wrong with it.
pub fn analyse(analyzer: &Analyzer, q: &str) -> Result<Analysed> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(Error::InvalidQuery(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted",
            q.len()
        )));
    }
    let mut units = Vec::new();
    for (phrase, text) in segments(q) {
        if phrase {
            let english = english_terms(&analyzer.terms(text, "en"));
            let neutral = neutral_terms(&analyzer.terms(text, "und"));
            if !neutral.is_empty() {
                units.push(Unit {
                    english,
                    neutral,
                    abbreviation: None,
                    parts: vec![],
                    phrase: true,
                });
            }
        } else {
            units.extend(plain_units(analyzer, text));
        }
    }
    if units.len() > MAX_UNITS {
        return Err(Error::InvalidQuery(format!(
            "the query has {} words and phrases; at most {MAX_UNITS} are accepted",
            units.len()
        )));
    }
    Ok(Analysed { units })
}

fn english_terms(tokens: &[Token]) -> Vec<(usize, String, TokenKind)> {
    let base = tokens
        .iter()
        .filter(|t| t.span == 1)
        .map(|t| t.position)
        .min()
        .unwrap_or(0);
    tokens
        .iter()
        .filter(|t| t.span == 1)
        .map(|t| (t.position - base, t.term.clone(), t.kind))
        .collect()
}

fn neutral_terms(tokens: &[Token]) -> Vec<(usize, String)> {
    let base = tokens.first().map_or(0, |t| t.position);
    tokens
        .iter()
        .map(|t| (t.position - base, t.term.clone()))
        .collect()
}

/// Units of a plain stretch: one per whitespace-separated word, grouped under an abbreviation
/// where the pipeline stacked one over several words.
fn plain_units(analyzer: &Analyzer, text: &str) -> Vec<Unit> {
    let english = analyzer.terms(text, "en");
    let neutral = analyzer.terms(text, "und");
    // Whitespace-separated chunks with their byte ranges.
    let mut chunks = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                chunks.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let within = |t: &Token, (s, e): (usize, usize)| t.start >= s && t.end <= e;
    let mut units: Vec<(usize, usize, Unit)> = Vec::new();
    for &range in &chunks {
        let en: Vec<Token> = english
            .iter()
            .filter(|t| t.span == 1 && within(t, range))
            .cloned()
            .collect();
        let ne: Vec<Token> = neutral
            .iter()
            .filter(|t| within(t, range))
            .cloned()
            .collect();
        // A chunk of English stop words only ("the") asks for nothing.
        if en.is_empty() && ne.iter().all(|t| analyzer.is_stop_word(&t.term)) {
            continue;
        }
        if ne.is_empty() {
            continue;
        }
        units.push((
            range.0,
            range.1,
            Unit {
                english: english_terms(&en),
                neutral: neutral_terms(&ne),
                abbreviation: None,
                parts: vec![],
                phrase: false,
            },
        ));
    }
    // Group the words an abbreviation was stacked on.
    for stacked in english.iter().filter(|t| t.span > 1) {
        let members: Vec<usize> = units
            .iter()
            .enumerate()
            .filter(|(_, (s, e, _))| *s >= stacked.start && *e <= stacked.end)
            .map(|(i, _)| i)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let first = members[0];
        let parts: Vec<Unit> = members.iter().map(|&i| units[i].2.clone()).collect();
        let (s, e) = (units[first].0, units[*members.last().unwrap()].1);
        for &i in members.iter().rev() {
            units.remove(i);
        }
        units.insert(
            first,
            (
                s,
                e,
                Unit {
                    english: vec![],
                    neutral: vec![],
                    abbreviation: Some(stacked.term.clone()),
                    parts,
                    phrase: false,
                },
            ),
        );
    }
    units.into_iter().map(|(_, _, u)| u).collect()
}

fn boosted(q: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, weight))
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn phrase_or_term(field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
    if terms.len() == 1 {
        term_query(field, &terms[0].1)
    } else {
        let terms = terms
            .iter()
            .map(|(p, t)| (*p, Term::from_field_text(field, t)))
            .collect();
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// Edit distance allowed for a typo in a term of this many characters.
pub fn typo_distance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// A typo-tolerant match of one word in one field: what tantivy's `FuzzyTermQuery` matches
/// (the word within `distance` edits, a transposition counting as one edit; every match scores
/// the same), with the Levenshtein automaton built once per word and shared by the fields it is
/// looked up in. Building it was a tenth of the cost of a search on the real corpus.
#[derive(Clone)]
struct TypoQuery {
    field: Field,
    automaton: Arc<DfaWrapper>,
}

/// The words of a query that get typo tolerance, each with its Levenshtein automaton: built
/// once per word (building one was a tenth of the cost of a search on the real corpus), shared
/// by the fields it is looked up in and by the highlighter, so a snippet marks exactly the
/// words the query matched.
#[derive(Default)]
pub struct Typos {
    words: Vec<(String, Arc<DfaWrapper>)>,
}

impl Typos {
    /// The typo-tolerant words of `analysed` (see [`Unit::typo`]); `known` says whether an
    /// English word is in the index.
    pub fn new(analysed: &Analysed, known: &dyn Fn(&str) -> bool) -> Typos {
        fn collect<'a>(unit: &'a Unit, known: &dyn Fn(&str) -> bool, out: &mut Vec<(&'a str, u8)>) {
            out.extend(unit.typo(known));
            for part in &unit.parts {
                collect(part, known, out);
            }
        }
        let mut wanted = Vec::new();
        for unit in &analysed.units {
            collect(unit, known, &mut wanted);
        }
        let mut words: Vec<(String, Arc<DfaWrapper>)> = Vec::new();
        for (word, distance) in wanted {
            if words.iter().any(|(w, _)| w == word) {
                continue;
            }
            // The field only types the term; tantivy refuses an automaton only for distances
            // over 2, which are never asked for.
            let term = Term::from_field_text(Field::from_field_id(0), word);
            if let Ok(automaton) = FuzzyTermQuery::new(term, distance, true).automaton() {
                words.push((word.to_string(), Arc::new(automaton)));
            }
        }
        Typos { words }
    }

    fn automaton(&self, word: &str) -> Option<&Arc<DfaWrapper>> {
        self.words.iter().find(|(w, _)| w == word).map(|(_, a)| a)
    }

    /// Whether `term` is within the allowed edits of a typo-tolerant word (what the query
    /// matched: a transposition counts as one edit).
    pub fn matches(&self, term: &str) -> bool {
        self.words.iter().any(|(_, automaton)| {
            let automaton = automaton.as_ref();
            let mut state = automaton.start();
            for &byte in term.as_bytes() {
                state = automaton.accept(&state, byte);
                if !automaton.can_match(&state) {
                    return false;
                }
            }
            automaton.is_match(&state)
        })
    }
}

impl std::fmt::Debug for TypoQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypoQuery")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl Query for TypoQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<DfaWrapper>::new(
            self.field,
            Arc::clone(&self.automaton),
        )))
    }
}

impl Unit {
    /// The word of this unit that may be a typo, with the edit distance allowed: a single
    /// unquoted English word long enough for typos that the index does not contain (`known`
    /// says whether it does). A word the registry uses is taken as meant: looking for its
    /// neighbours too would match other words ("world" would find "word") and cost a walk of
    /// the term dictionary per field.
    pub fn typo(&self, known: &dyn Fn(&str) -> bool) -> Option<(&str, u8)> {
        if self.phrase {
            return None;
        }
        let [(_, term, TokenKind::Word)] = self.english.as_slice() else {
            return None;
        };
        let distance = typo_distance(term.chars().count());
        (distance > 0 && !known(term)).then_some((term.as_str(), distance))
    }

    /// The tantivy query matching this unit, with typo tolerance for the words in `typos`.
    pub fn to_query(&self, f: &Fields, typos: &Typos) -> Box<dyn Query> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(abbreviation) = &self.abbreviation {
            for (field, w) in [f.term, f.definition, f.notes]
                .into_iter()
                .zip(ENGLISH_WEIGHTS)
            {
                alternatives.push((Occur::Should, boosted(term_query(field, abbreviation), w)));
            }
            let all_parts = self
                .parts
                .iter()
                .map(|p| (Occur::Must, p.to_query(f, typos)))
                .collect();
            alternatives.push((Occur::Should, Box::new(BooleanQuery::new(all_parts))));
            return Box::new(BooleanQuery::new(alternatives));
        }
        let english: Vec<(usize, String)> = self
            .english
            .iter()
            .map(|(p, t, _)| (*p, t.clone()))
            .collect();
        if !english.is_empty() {
            for (field, w) in [f.term, f.definition, f.notes]
                .into_iter()
                .zip(ENGLISH_WEIGHTS)
            {
                alternatives.push((Occur::Should, boosted(phrase_or_term(field, &english), w)));
            }
            if let [(_, term, _)] = self.english.as_slice() {
                if let Some(automaton) = typos.automaton(term) {
                    for field in [f.term, f.definition] {
                        let typo = TypoQuery {
                            field,
                            automaton: Arc::clone(automaton),
                        };
                        alternatives.push((Occur::Should, boosted(Box::new(typo), FUZZY_WEIGHT)));
                    }
                }
            }
        }
        for (field, w) in [f.term_any, f.definition_any, f.notes_any]
            .into_iter()
            .zip(NEUTRAL_WEIGHTS)
        {
            alternatives.push((
                Occur::Should,
                boosted(phrase_or_term(field, &self.neutral), w),
            ));
        }
        Box::new(BooleanQuery::new(alternatives))
    }

    /// Every English term the unit may match, for highlighting.
    pub fn english_terms(&self) -> Vec<String> {
        let mut out: Vec<String> = self.english.iter().map(|(_, t, _)| t.clone()).collect();
        out.extend(self.abbreviation.iter().cloned());
        out.extend(self.parts.iter().flat_map(Unit::english_terms));
        out
    }

    /// Every neutral term the unit may match, for highlighting.
    pub fn neutral_terms(&self) -> Vec<String> {
        let mut out: Vec<String> = self.neutral.iter().map(|(_, t)| t.clone()).collect();
        out.extend(self.parts.iter().flat_map(Unit::neutral_terms));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyser() -> Analyzer {
        Analyzer::with_abbreviations([("XR", "Extended Reality")])
    }

    #[test]
    fn quoted_text_is_one_phrase_unit() {
        let a = analyse(&analyser(), "avatar \"virtual worlds\"").unwrap();
        assert_eq!(a.units.len(), 2);
        assert!(a.units[1].phrase);
        assert_eq!(
            a.units[1]
                .english
                .iter()
                .map(|(p, t, _)| (*p, t.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, "virtual"), (1, "world")]
        );
    }

    #[test]
    fn an_expansion_in_the_query_becomes_an_abbreviation_group() {
        let a = analyse(&analyser(), "extended reality headset").unwrap();
        assert_eq!(a.units.len(), 2);
        assert_eq!(a.units[0].abbreviation.as_deref(), Some("xr"));
        assert_eq!(a.units[0].parts.len(), 2);
    }

    #[test]
    fn stop_words_alone_ask_for_nothing() {
        assert!(analyse(&analyser(), "the of").unwrap().units.is_empty());
        assert_eq!(
            analyse(&analyser(), "the metaverse").unwrap().units.len(),
            1
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        let a = analyse(&analyser(), "\"persistent world").unwrap();
        assert_eq!(a.units.len(), 1);
        assert!(a.units[0].phrase);
    }

    #[test]
    fn overlong_queries_are_refused_with_the_reason() {
        let err = analyse(&analyser(), &"word ".repeat(40))
            .unwrap_err()
            .to_string();
        assert!(err.contains("40 words and phrases; at most 32"), "{err}");
        let err = analyse(&analyser(), &"x".repeat(2000))
            .unwrap_err()
            .to_string();
        assert!(err.contains("2000 bytes"), "{err}");
    }
}
