//! Meaning in the ranking: for a description, the words' ranking is fused with a ranking by
//! meaning, how close the query is to each definition (the cosine of their vectors,
//! [`crate::semantic`]), by reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009):
//!
//! score = 1 / (K + rank by the words) + d / (K + rank by meaning)
//!
//! over the entries the request's filters admit: the candidates the words found, and the
//! [`CANDIDATES`] entries nearest in meaning (at least [`MIN_COSINE`]), which may share no word
//! with the query ("package for sending a character and its context to another system" →
//! *portable avatar*). An entry the words did not find has no words' term.
//!
//! `d` is the share of distinct terms among the entries searched ([`weight`]). The encoder
//! tells notions apart: where the entries define many terms (the vocabulary: 148 terms over
//! 188 entries) meaning counts almost as much as the words; where they are definitions of one
//! notion (the metaverse collection: 4 terms over 151 entries, all near each other in
//! meaning), the words must tell them apart, and meaning counts little.
//!
//! Only descriptions get it (three or more words, [`super::query::Analysed::is_description`]),
//! and not a query that requires words (quoted, `+word`): those are about the words.

use super::Lexicon;
use super::query::{Analysed, Need};
use crate::semantic::{self, Meanings};
use std::collections::{BTreeMap, BTreeSet};

/// The rank constant of the fusion: how fast a lower rank counts less (chosen on the dev
/// queries among 5, 10, 20 and 60).
pub const K: f32 = 10.0;
/// Entries nearest in meaning that join the candidates the words found.
pub const CANDIDATES: usize = 20;
/// How near in meaning (cosine) an entry must be to join them without the query's words: on
/// the dev reverse lookups, 99 % of the entries graded relevant (2 or 3) are nearer, and 72 %
/// of the others are not.
pub const MIN_COSINE: f32 = 0.2;

/// Whether a query gets meaning in its ranking.
pub fn applies(analysed: &Analysed) -> bool {
    analysed.is_description()
        && analysed
            .units
            .iter()
            .all(|u| u.need == Need::Optional && !u.phrase)
}

/// The text the query's vector is made of: its words, without the excluded ones.
pub fn query_text(analysed: &Analysed) -> String {
    analysed
        .units
        .iter()
        .filter(|u| u.need != Need::Excluded)
        .map(|u| u.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How much meaning's ranking counts against the words' over the entries at these positions:
/// their distinct terms / their number.
pub fn weight(lexicon: &Lexicon, pool: &[usize]) -> f32 {
    if pool.is_empty() {
        return 0.0;
    }
    let mut terms: Vec<u32> = pool.iter().filter_map(|&p| lexicon.term_id(p)).collect();
    terms.sort_unstable();
    terms.dedup();
    terms.len() as f32 / pool.len() as f32
}

/// A ranked entry: score, corpus position, why it matched.
type Ranked = (f32, usize, Vec<String>);

/// Fuses `ranked` (the words' ranking, best first) with the ranking by meaning over `pool`
/// (corpus positions the filters admit, sorted); returns the new order and how many entries
/// meaning brought in.
pub fn fuse(
    ranked: Vec<Ranked>,
    pool: &[usize],
    meanings: &Meanings,
    query: &[f32],
    weight: f32,
) -> (Vec<Ranked>, usize) {
    // Rank by meaning (1 = nearest) of every entry of the pool with a vector.
    let mut by_meaning: Vec<(f32, usize)> = pool
        .iter()
        .filter_map(|&p| meanings.get(p).map(|v| (semantic::cosine(query, v), p)))
        .collect();
    by_meaning.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let meaning_rank: BTreeMap<usize, (usize, f32)> = by_meaning
        .iter()
        .enumerate()
        .map(|(r, &(c, p))| (p, (r + 1, c)))
        .collect();
    let found: BTreeSet<usize> = ranked.iter().map(|r| r.1).collect();
    let nearest: Vec<usize> = by_meaning
        .iter()
        .take_while(|&&(c, _)| c >= MIN_COSINE)
        .map(|&(_, p)| p)
        .filter(|p| !found.contains(p))
        .take(CANDIDATES)
        .collect();
    let added = nearest.len();
    let meaning_part = |p: usize| {
        meaning_rank.get(&p).map_or((0.0, None), |&(r, c)| {
            (weight / (K + r as f32), Some((r, c)))
        })
    };
    let mut fused: Vec<Ranked> = ranked
        .into_iter()
        .enumerate()
        .map(|(r, (_, p, mut via))| {
            let words = 1.0 / (K + (r + 1) as f32);
            let (meaning, seen) = meaning_part(p);
            if let Some((rank, c)) = seen
                && meaning > words
            {
                via.push(format!(
                    "meaning: {} nearest in meaning to the description (cosine {c:.2})",
                    ordinal(rank)
                ));
            }
            (words + meaning, p, via)
        })
        .chain(nearest.into_iter().map(|p| {
            let (meaning, seen) = meaning_part(p);
            let (rank, c) = seen.unwrap_or((0, 0.0));
            let via = format!(
                "meaning: {} nearest in meaning to the description (cosine {c:.2}), without its words",
                ordinal(rank)
            );
            (meaning, p, vec![via])
        }))
        .collect();
    fused.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    (fused, added)
}

/// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st …
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .map(ordinal)
            .into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
