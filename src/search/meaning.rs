//! Meaning in the ranking: for a description, the words' ranking is fused with a ranking by
//! meaning, how close the query is to each definition, by reciprocal rank fusion (Cormack,
//! Clarke & Büttcher, 2009):
//!
//! score = 1 / (K + rank by the words) + 1 / (K + rank by meaning)
//!
//! over the entries the request's filters admit: the candidates the words found, and the
//! [`CANDIDATES`] entries nearest in meaning (at least [`MIN_COSINE`]), which may share no word
//! with the query ("package for sending a character and its context to another system" →
//! *portable avatar*). An entry the words did not find has no words' term.
//!
//! How close an entry is: the cosine of the query's vector with that of the definition's
//! nearest passage, the whole definition or one of its stretches of a dozen words
//! ([`crate::semantic::passages`]). A definition of the metaverse says many things at once,
//! and a query asks about one of them ("being together despite physical distance"): by the
//! definitions as wholes, the metaverse definitions are all about equally near any query;
//! by their passages, the ones that say it stand out.
//!
//! Only descriptions get it (three or more words, [`super::query::Analysed::is_description`]),
//! and not a query that requires words (quoted, `+word`): those are about the words.

use super::query::{Analysed, Need};
use crate::corpus::Corpus;
use crate::semantic::{self, Meanings};
use std::collections::{BTreeMap, BTreeSet};

/// The rank constant of the fusion: how fast a lower rank counts less (chosen on the dev and
/// fresh-dev queries among 5, 10, 20 and 60).
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

/// A ranked entry: score, corpus position, why it matched.
type Ranked = (f32, usize, Vec<String>);

/// Fuses `ranked` (the words' ranking, best first) with the ranking by meaning over `pool`
/// (corpus positions the filters admit, sorted); returns the new order and how many entries
/// meaning brought in. `corpus` gives the passages' words for the `via`.
pub fn fuse(
    ranked: Vec<Ranked>,
    pool: &[usize],
    corpus: &Corpus,
    meanings: &Meanings,
    query: &[f32],
) -> (Vec<Ranked>, usize) {
    // Rank by meaning (1 = nearest) of every entry of the pool with a vector: the cosine of
    // its nearest passage.
    let mut by_meaning: Vec<(f32, usize, usize)> = pool
        .iter()
        .filter_map(|&p| meanings.nearest(p, query).map(|(c, k)| (c, p, k)))
        .collect();
    by_meaning.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let meaning_rank: BTreeMap<usize, (usize, f32, usize)> = by_meaning
        .iter()
        .enumerate()
        .map(|(r, &(c, p, k))| (p, (r + 1, c, k)))
        .collect();
    let found: BTreeSet<usize> = ranked.iter().map(|r| r.1).collect();
    let nearest: Vec<usize> = by_meaning
        .iter()
        .take_while(|&&(c, _, _)| c >= MIN_COSINE)
        .map(|&(_, p, _)| p)
        .filter(|p| !found.contains(p))
        .take(CANDIDATES)
        .collect();
    let added = nearest.len();
    let meaning_part = |p: usize| {
        meaning_rank.get(&p).map_or((0.0, None), |&(r, c, k)| {
            (1.0 / (K + r as f32), Some((r, c, k)))
        })
    };
    let why = |p: usize, rank: usize, c: f32, k: usize| {
        let near = format!(
            "meaning: {} nearest in meaning to the description (cosine {c:.2}",
            ordinal(rank)
        );
        if k == 0 {
            format!("{near})")
        } else {
            let text = semantic::passage(&corpus.entries()[p].definition, k);
            format!("{near}, in \u{201c}{text}\u{201d})")
        }
    };
    let mut fused: Vec<Ranked> = ranked
        .into_iter()
        .enumerate()
        .map(|(r, (_, p, mut via))| {
            let words = 1.0 / (K + (r + 1) as f32);
            let (meaning, seen) = meaning_part(p);
            if let Some((rank, c, k)) = seen
                && meaning > words
            {
                via.push(why(p, rank, c, k));
            }
            (words + meaning, p, via)
        })
        .chain(nearest.into_iter().map(|p| {
            let (meaning, seen) = meaning_part(p);
            let (rank, c, k) = seen.unwrap_or((0, 0.0, 0));
            (
                meaning,
                p,
                vec![format!("{}, without its words", why(p, rank, c, k))],
            )
        }))
        .collect();
    // Ties keep the words' order (a stable sort), the words being what the query said; the
    // entries meaning alone brought in follow, nearest first.
    fused.sort_by(|a, b| b.0.total_cmp(&a.0));
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
