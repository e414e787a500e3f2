//! From what an editor types to a tantivy query.
//!
//! The query text is split into plain text and "quoted phrases". Plain text is analysed with the
//! same pipeline as the index; each whitespace-separated word becomes a [`Unit`]. No unit is
//! required: an entry matching any of them is found, and ranking ([`super::rank`]) puts first
//! the entries matching more of the query, closer together, in the term. A quoted phrase or a
//! word marked `+word` is required; `-word` excludes entries with that word.
//!
//! Each unit matches through [`Alternative`]s: the words as typed (by stem in English text, as
//! written in the language-neutral fields, and in the source), then, weighted below, a typo's
//! nearest words of the registry and the known words a prefix starts ([`expand`]), the
//! initials of a registry term (`DT` → "digital twin") and the other expressions of its notion
//! from the [`Lexicon`]. Runs of consecutive words that form a registry term ("virtual world")
//! or an expression with equivalents become [`Span`]s: the phrase itself scores on top of its
//! words, and its equivalents count for all its words.

use super::lexicon::{self, INITIALS_WEIGHT, Lexicon, Terms};
use crate::analysis::{Analyzer, Token, TokenKind, codes};
use crate::cancel::Cancel;
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use std::collections::BTreeMap;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most units (words and phrases) in one query.
pub const MAX_UNITS: usize = 32;
/// Most expansion clauses (typo, prefix, initials, equivalents) one query may add; past it the
/// weakest are left out and the answer says `"capped": true`.
pub const MAX_EXPANSIONS: usize = 48;
/// Most registry words one typo or prefix is expanded to.
pub const MAX_WORD_EXPANSIONS: usize = 8;

/// Field weights: a match in the term weighs most, then the definition, then the notes; the
/// language-neutral fields add a little for exact word forms and carry non-English entries.
/// (The term weighed 4 before the second stage judged how well the term fits the query; 2 did
/// better on the dev queries, 1 lost typo and abbreviation lookups.)
const ENGLISH_WEIGHTS: [f32; 3] = [2.0, 1.5, 0.5];
const NEUTRAL_WEIGHTS: [f32; 3] = [1.0, 0.75, 0.25];
/// Units from which a query is a description of a notion rather than a name for it.
pub const DESCRIPTION_UNITS: usize = 3;
/// Weight of a match in the source (document, author, title, id): low, so an id or a title
/// with "virtual worlds" does not outrank definitions that say it.
const SOURCE_WEIGHT: f32 = 0.25;
/// Extra weight of a registry term found as a phrase ("virtual world" as one unit).
const SPAN_WEIGHT: f32 = 1.0;
/// Weight of a word a prefix stands for ("metavers" → "metaverse").
const PREFIX_WEIGHT: f32 = 0.7;
/// Weight of a typo's neighbour, by edit distance.
const TYPO_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.3];

/// Whether a unit must, may or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Counts for ranking; not required.
    Optional,
    /// Quoted, or marked `+word`.
    Required,
    /// Marked `-word`.
    Excluded,
}

/// One way a unit (or span) matches, with its weight and the reason shown when it is not the
/// words as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// English-pipeline terms with relative positions.
    pub english: Terms,
    /// Language-neutral terms with relative positions.
    pub neutral: Terms,
    /// Weight relative to an exact match.
    pub weight: f32,
    /// Why it matches, for `via` (`None` for the words as typed).
    pub via: Option<String>,
}

/// One word or quoted phrase of the query.
#[derive(Debug, Clone)]
pub struct Unit {
    /// As typed.
    pub text: String,
    /// English-pipeline terms with their positions and kinds.
    pub english: Vec<(usize, String, TokenKind)>,
    /// Language-neutral terms with positions.
    pub neutral: Terms,
    /// Source terms (folded words, see [`codes`]).
    pub source: Terms,
    pub need: Need,
    /// Whether the editor quoted it.
    pub phrase: bool,
    /// How it may match; the first is the words as typed. Filled by [`expand`].
    pub alternatives: Vec<Alternative>,
}

/// Consecutive units forming a registry term or an expression with equivalents.
#[derive(Debug, Clone)]
pub struct Span {
    /// First and last unit (inclusive).
    pub first: usize,
    pub last: usize,
    /// The expression's terms.
    pub english: Terms,
    /// The registry term it is, as written.
    pub registry_term: Option<String>,
    /// Other expressions of it (they count for every unit of the span).
    pub alternatives: Vec<Alternative>,
}

/// What the editor's query asks for, after analysis.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    pub units: Vec<Unit>,
    pub spans: Vec<Span>,
    /// The plain text's source terms, for a match of the whole query in a source.
    pub source: Terms,
    /// Whether expansion left clauses out ([`MAX_EXPANSIONS`]).
    pub capped: bool,
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
    let mut out = Analysed::default();
    let mut plain = String::new();
    for (phrase, text) in segments(q) {
        if phrase {
            let english = english_terms(&analyzer.terms(text, "en"));
            let neutral = neutral_terms(&analyzer.terms(text, "und"));
            if !neutral.is_empty() {
                out.units.push(Unit {
                    text: text.trim().to_string(),
                    english,
                    neutral,
                    source: codes::query_terms(text),
                    need: Need::Required,
                    phrase: true,
                    alternatives: vec![],
                });
            }
        } else {
            plain_units(analyzer, text, &mut out);
            plain.push_str(text);
            plain.push(' ');
        }
    }
    if out.units.len() > MAX_UNITS {
        return Err(Error::InvalidQuery(format!(
            "the query has {} words and phrases; at most {MAX_UNITS} are accepted",
            out.units.len()
        )));
    }
    let source = codes::query_terms(&plain);
    if source.len() > 1 {
        out.source = source;
    }
    Ok(out)
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

fn neutral_terms(tokens: &[Token]) -> Terms {
    let base = tokens.first().map_or(0, |t| t.position);
    tokens
        .iter()
        .map(|t| (t.position - base, t.term.clone()))
        .collect()
}

fn plain(terms: &[(usize, String, TokenKind)]) -> Terms {
    terms.iter().map(|(p, t, _)| (*p, t.clone())).collect()
}

/// Units of a plain stretch: one per whitespace-separated word; words an abbreviation was
/// stacked on ("extended reality" → XR) become a span matching the abbreviation too.
fn plain_units(analyzer: &Analyzer, text: &str, out: &mut Analysed) {
    let english = analyzer.terms(text, "en");
    let neutral = analyzer.terms(text, "und");
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
    let first_unit = out.units.len();
    let mut ranges = Vec::new();
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
        if ne.is_empty() || (en.is_empty() && ne.iter().all(|t| analyzer.is_stop_word(&t.term))) {
            continue;
        }
        let written = &text[range.0..range.1];
        let need = match written.chars().next() {
            Some('+') if written.len() > 1 => Need::Required,
            Some('-') if written.len() > 1 => Need::Excluded,
            _ => Need::Optional,
        };
        ranges.push(range);
        out.units.push(Unit {
            text: written.trim_start_matches(['+', '-']).to_string(),
            english: english_terms(&en),
            neutral: neutral_terms(&ne),
            source: codes::query_terms(written),
            need,
            phrase: false,
            alternatives: vec![],
        });
    }
    for stacked in english.iter().filter(|t| t.span > 1) {
        let members: Vec<usize> = ranges
            .iter()
            .enumerate()
            .filter(|(_, (s, e))| *s >= stacked.start && *e <= stacked.end)
            .map(|(i, _)| first_unit + i)
            .collect();
        let (Some(&first), Some(&last)) = (members.first(), members.last()) else {
            continue;
        };
        if members.len() < 2 {
            continue;
        }
        let words: Terms = members
            .iter()
            .flat_map(|&i| plain(&out.units[i].english))
            .enumerate()
            .map(|(p, (_, t))| (p, t))
            .collect();
        out.spans.push(Span {
            first,
            last,
            english: words,
            registry_term: None,
            alternatives: vec![Alternative {
                english: vec![(0, stacked.term.clone())],
                neutral: vec![],
                weight: 1.0,
                via: Some(format!(
                    "{} = {}",
                    text[stacked.start..stacked.end].to_lowercase(),
                    stacked.term.to_uppercase()
                )),
            }],
        });
    }
}

/// Whether a word is in the index (as written in any text, or by its English stem).
fn known(searcher: &Searcher, f: &Fields, unit: &Unit) -> bool {
    let df = |field: Field, t: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, t))
            .unwrap_or(0)
    };
    let english = unit
        .english
        .iter()
        .all(|(_, t, _)| df(f.term, t) + df(f.definition, t) > 0);
    let neutral = unit
        .neutral
        .iter()
        .all(|(_, t)| df(f.term_any, t) + df(f.definition_any, t) + df(f.source, t) > 0);
    (english && !unit.english.is_empty()) || neutral
}

/// Edit distance allowed for a typo in a word of this many characters.
pub fn typo_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// Optimal string alignment distance (a transposition counts as one edit).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Registry words (language-neutral fields) within `distance` edits of `word`, or starting
/// with it (`prefix`), with their document frequencies summed over segments and fields.
fn dictionary_words(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    distance: u8,
    prefix: bool,
) -> BTreeMap<String, u64> {
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    let automaton = if prefix {
        None
    } else {
        let term = Term::from_field_text(Field::from_field_id(0), word);
        match FuzzyTermQuery::new(term, distance, true).automaton() {
            Ok(a) => Some(a),
            Err(_) => return found,
        }
    };
    let mut upper = word.as_bytes().to_vec();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    for segment in searcher.segment_readers() {
        for &field in fields {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let dictionary = inverted.terms();
            let _ = match &automaton {
                Some(a) => dictionary
                    .search(a)
                    .into_stream()
                    .map(|stream| gather(stream, &mut found)),
                None => dictionary
                    .range()
                    .ge(word.as_bytes())
                    .lt(&upper)
                    .into_stream()
                    .map(|stream| gather(stream, &mut found)),
            };
        }
    }
    found.remove(word);
    found
}

fn gather<A: tantivy_fst::Automaton>(
    mut stream: tantivy::termdict::TermStreamer<'_, A>,
    found: &mut BTreeMap<String, u64>,
) {
    while stream.advance() {
        if let Ok(key) = std::str::from_utf8(stream.key()) {
            *found.entry(key.to_string()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
}

/// Fills in every unit's and span's alternatives: the words as typed, typo and prefix
/// neighbours, initials, and the lexicon's equivalents; at most [`MAX_EXPANSIONS`] beyond the
/// words as typed (the weakest are left out, and `capped` says so). Stops with
/// [`Error::Cancelled`] when `cancel` says so, asked before each unit's expansion.
pub fn expand(
    analysed: &mut Analysed,
    analyzer: &Analyzer,
    lexicon: &Lexicon,
    searcher: &Searcher,
    f: &Fields,
    cancel: &Cancel,
) -> Result<()> {
    let neutral_fields = [f.term_any, f.definition_any];
    for unit in &mut analysed.units {
        cancel.check()?;
        unit.alternatives = vec![Alternative {
            english: plain(&unit.english),
            neutral: unit.neutral.clone(),
            weight: 1.0,
            via: None,
        }];
        if unit.phrase || unit.need == Need::Excluded {
            continue;
        }
        let single = match unit.english.as_slice() {
            [(_, t, kind)] => Some((t.clone(), *kind)),
            [] => None,
            _ => continue,
        };
        let [(_, word)] = unit.neutral.as_slice() else {
            continue;
        };
        let word = word.clone();
        if let Some((stem, kind)) = &single {
            for e in lexicon.equivalents(stem) {
                unit.alternatives.push(Alternative {
                    english: e.terms.clone(),
                    neutral: vec![],
                    weight: e.weight,
                    via: Some(format!(
                        "{} ≈ {} ({})",
                        unit.text.to_lowercase(),
                        e.text,
                        e.why
                    )),
                });
            }
            if *kind == TokenKind::Abbreviation {
                continue;
            }
        }
        if known(searcher, f, unit) {
            continue;
        }
        let chars = word.chars().count();
        // A capitalised short word the registry does not have may be the initials of one of its
        // terms: DT = digital twin.
        let capitals = unit.text.chars().filter(|c| c.is_uppercase()).count();
        if (2..=6).contains(&chars) && capitals >= 2 {
            for (terms, written) in lexicon.by_initials(&word) {
                unit.alternatives.push(Alternative {
                    english: terms.clone(),
                    neutral: vec![],
                    weight: INITIALS_WEIGHT,
                    via: Some(format!(
                        "{} = {written}? (initials of the registry term)",
                        unit.text
                    )),
                });
            }
        }
        let mut words: Vec<(String, f32, u64)> = Vec::new();
        if chars >= 4 {
            for (w, df) in dictionary_words(searcher, &neutral_fields, &word, 0, true) {
                words.push((w, PREFIX_WEIGHT, df));
            }
        }
        let distance = typo_distance(chars);
        if distance > 0 {
            for (w, df) in dictionary_words(searcher, &neutral_fields, &word, distance, false) {
                let d = edit_distance(&word, &w).min(2);
                if !words.iter().any(|(x, _, _)| *x == w) {
                    words.push((w, TYPO_WEIGHTS[d], df));
                }
            }
        }
        words.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        words.truncate(MAX_WORD_EXPANSIONS);
        for (w, weight, _) in words {
            let english = lexicon::analyse(analyzer, &w);
            let how = if weight == PREFIX_WEIGHT {
                "completes"
            } else {
                "spelling"
            };
            unit.alternatives.push(Alternative {
                english,
                neutral: vec![(0, w.clone())],
                weight,
                via: Some(format!("{} → {w} ({how})", unit.text)),
            });
        }
    }
    // Runs of consecutive plain words: registry terms and expressions with equivalents.
    let n = analysed.units.len();
    let mut covered = vec![false; n];
    for len in (2..=lexicon::MAX_WORDS.min(n)).rev() {
        for first in 0..=n - len {
            let last = first + len - 1;
            let run = &analysed.units[first..=last];
            if run
                .iter()
                .any(|u| u.phrase || u.need == Need::Excluded || u.english.len() != 1)
                || covered[first..=last].iter().all(|&c| c)
            {
                continue;
            }
            let english: Terms = run
                .iter()
                .enumerate()
                .map(|(p, u)| (p, u.english[0].1.clone()))
                .collect();
            let key = lexicon::key(&english);
            let registry_term = lexicon.registry_term(&key).map(str::to_string);
            let text = run
                .iter()
                .map(|u| u.text.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            let alternatives: Vec<Alternative> = lexicon
                .equivalents(&key)
                .iter()
                .map(|e| Alternative {
                    english: e.terms.clone(),
                    neutral: vec![],
                    weight: e.weight,
                    via: Some(format!("{text} ≈ {} ({})", e.text, e.why)),
                })
                .collect();
            if registry_term.is_none() && alternatives.is_empty() {
                continue;
            }
            covered[first..=last].iter_mut().for_each(|c| *c = true);
            analysed.spans.push(Span {
                first,
                last,
                english,
                registry_term,
                alternatives,
            });
        }
    }
    // The cap: keep the strongest expansions.
    let mut weights: Vec<f32> = analysed
        .units
        .iter()
        .flat_map(|u| u.alternatives.iter().skip(1).map(|a| a.weight))
        .chain(
            analysed
                .spans
                .iter()
                .flat_map(|s| s.alternatives.iter().map(|a| a.weight)),
        )
        .collect();
    if weights.len() > MAX_EXPANSIONS {
        analysed.capped = true;
        weights.sort_by(|a, b| b.total_cmp(a));
        let floor = weights[MAX_EXPANSIONS - 1];
        let mut budget = MAX_EXPANSIONS;
        let mut keep = |a: &Alternative| {
            let ok = a.weight > floor || (a.weight == floor && budget > 0);
            if ok {
                budget = budget.saturating_sub(1);
            }
            ok
        };
        for unit in &mut analysed.units {
            let mut first = true;
            unit.alternatives
                .retain(|a| std::mem::take(&mut first) || keep(a));
        }
        for span in &mut analysed.spans {
            span.alternatives.retain(&mut keep);
        }
    }
    Ok(())
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

/// One term, or the terms as a phrase at their relative positions.
pub fn phrase_or_term(field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
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

/// How the words of a query weigh in the fields of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A name or a few words: a match in the term weighs most.
    Name,
    /// A description ([`Analysed::is_description`]): a word of it, or a registry term of it,
    /// found in an entry's term adds nothing in the first stage; the definitions are what a
    /// description is compared with. A description names a notion's
    /// characteristics, and the entry whose term is one of its words ("virtual world" in
    /// "three-dimensional virtual worlds", "avatar" in "the person controlling an avatar") is
    /// most often another notion; how well the term answers the whole description is judged
    /// in the second stage (`rank::Features::in_term`).
    Description,
}

impl Reading {
    /// The first-stage weight of a field whose usual weight is `w`.
    fn weight(self, field_is_term: bool, w: f32) -> f32 {
        match (self, field_is_term) {
            (Reading::Description, true) => 0.0,
            _ => w,
        }
    }
}

impl Alternative {
    /// The tantivy query of this alternative over the text fields.
    pub fn to_query(&self, f: &Fields, reading: Reading) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !self.english.is_empty() {
            for (field, w) in [f.term, f.definition, f.notes]
                .into_iter()
                .zip(ENGLISH_WEIGHTS)
            {
                let w = reading.weight(field == f.term, w);
                clauses.push((
                    Occur::Should,
                    boosted(phrase_or_term(field, &self.english), w * self.weight),
                ));
            }
        }
        if !self.neutral.is_empty() {
            for (field, w) in [f.term_any, f.definition_any, f.notes_any]
                .into_iter()
                .zip(NEUTRAL_WEIGHTS)
            {
                let w = reading.weight(field == f.term_any, w);
                clauses.push((
                    Occur::Should,
                    boosted(phrase_or_term(field, &self.neutral), w * self.weight),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

impl Unit {
    /// The tantivy query of this unit: any of its alternatives, or its words in a source.
    pub fn to_query(&self, f: &Fields, reading: Reading) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .alternatives
            .iter()
            .map(|a| (Occur::Should, a.to_query(f, reading)))
            .collect();
        if !self.source.is_empty() {
            clauses.push((
                Occur::Should,
                boosted(phrase_or_term(f.source, &self.source), SOURCE_WEIGHT),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every English term the unit may match, for highlighting.
    pub fn english_terms(&self) -> impl Iterator<Item = &str> {
        self.alternatives
            .iter()
            .flat_map(|a| a.english.iter().map(|(_, t)| t.as_str()))
    }

    /// Every neutral term the unit may match, for highlighting.
    pub fn neutral_terms(&self) -> impl Iterator<Item = &str> {
        self.alternatives
            .iter()
            .flat_map(|a| a.neutral.iter().map(|(_, t)| t.as_str()))
    }
}

impl Span {
    /// The tantivy query of this span: the registry term as a phrase, and its equivalents.
    pub fn to_query(&self, f: &Fields, reading: Reading) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .alternatives
            .iter()
            .map(|a| (Occur::Should, a.to_query(f, reading)))
            .collect();
        if self.registry_term.is_some() {
            for (field, w) in [f.term, f.definition].into_iter().zip(ENGLISH_WEIGHTS) {
                let w = reading.weight(field == f.term, w);
                clauses.push((
                    Occur::Should,
                    boosted(phrase_or_term(field, &self.english), w * SPAN_WEIGHT),
                ));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }
}

impl Analysed {
    /// The whole query: required units must match, excluded ones must not, and at least one
    /// of the others (or a span, or the whole query in a source) must.
    pub fn to_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        let reading = if self.is_description() {
            Reading::Description
        } else {
            Reading::Name
        };
        for unit in &self.units {
            let occur = match unit.need {
                Need::Optional => Occur::Should,
                Need::Required => Occur::Must,
                Need::Excluded => Occur::MustNot,
            };
            positive |= unit.need != Need::Excluded;
            let q = if unit.need == Need::Excluded {
                unit.alternatives.first()?.to_query(f, Reading::Name)
            } else {
                unit.to_query(f, reading)
            };
            clauses.push((occur, q));
        }
        for span in &self.spans {
            if let Some(q) = span.to_query(f, reading) {
                clauses.push((Occur::Should, q));
            }
        }
        if !self.source.is_empty() {
            clauses.push((
                Occur::Should,
                boosted(phrase_or_term(f.source, &self.source), SOURCE_WEIGHT * 2.0),
            ));
        }
        positive.then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// Whether the query describes a notion ([`DESCRIPTION_UNITS`] or more units it looks
    /// for) rather than naming it.
    /// A query that is itself a registry term ("user interaction delay") names it, however
    /// many words it has.
    pub fn is_description(&self) -> bool {
        let looked_for = self
            .units
            .iter()
            .filter(|u| u.need != Need::Excluded)
            .count();
        let whole_term = self
            .spans
            .iter()
            .any(|s| s.registry_term.is_some() && s.first == 0 && s.last + 1 == self.units.len());
        looked_for >= DESCRIPTION_UNITS && !whole_term
    }

    /// Whether the query has anything to look for besides excluded words.
    pub fn has_positive(&self) -> bool {
        self.units.iter().any(|u| u.need != Need::Excluded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyser() -> Analyzer {
        Analyzer::with_abbreviations([("XR", "Extended Reality")])
    }

    #[test]
    fn quoted_text_is_one_required_phrase_unit() {
        let a = analyse(&analyser(), "avatar \"virtual worlds\"").unwrap();
        assert_eq!(a.units.len(), 2);
        assert!(a.units[1].phrase);
        assert_eq!(a.units[0].need, Need::Optional);
        assert_eq!(a.units[1].need, Need::Required);
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
    fn plus_requires_and_minus_excludes() {
        let a = analyse(&analyser(), "+avatar -game world").unwrap();
        let needs: Vec<Need> = a.units.iter().map(|u| u.need).collect();
        assert_eq!(needs, [Need::Required, Need::Excluded, Need::Optional]);
        assert_eq!(a.units[1].text, "game");
    }

    #[test]
    fn an_expansion_in_the_query_becomes_a_span_matching_the_abbreviation() {
        let a = analyse(&analyser(), "extended reality headset").unwrap();
        assert_eq!(a.units.len(), 3);
        assert_eq!(a.spans.len(), 1);
        assert_eq!((a.spans[0].first, a.spans[0].last), (0, 1));
        assert_eq!(
            a.spans[0].alternatives[0].english,
            vec![(0, "xr".to_string())]
        );
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

    #[test]
    fn edit_distance_counts_a_transposition_once() {
        assert_eq!(edit_distance("digtal", "digital"), 1);
        assert_eq!(edit_distance("avtar", "avatar"), 1);
        assert_eq!(edit_distance("interoperabilty", "interoperability"), 1);
        assert_eq!(edit_distance("wrold", "world"), 1);
        assert_eq!(typo_distance(4), 0);
        assert_eq!(typo_distance(5), 1);
        assert_eq!(typo_distance(9), 2);
    }
}
