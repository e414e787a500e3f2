//! Part C of the principles, what a definition says: `definition-circular`,
//! `definition-requirement`, `definition-negative`, `definition-self-reference` and
//! `definition-unexpanded-abbreviation`.

use super::abbreviation::{is_exempt, short_forms};
use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::automaton;
use crate::check::draft::{Located, TermEntry};
use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// The definition's paragraphs: the first and any that follow before the notes.
pub fn paragraphs(e: &TermEntry) -> impl Iterator<Item = &Located> {
    e.definition.iter().chain(e.more.iter())
}

/// Byte ranges of `needle` (lower case) in `text` as a whole word or phrase, case-insensitive.
#[cfg(test)]
pub fn find_phrase(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    find_exact(&folded(text), needle)
}

/// The text [`find_phrase`] searches: lower-cased, or as it is when case folding changes byte
/// lengths (rare scripts; exact matching then). Computed once per paragraph by the rules that
/// look for several phrases, instead of once per phrase.
fn folded(text: &str) -> std::borrow::Cow<'_, str> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(lower)
    }
}

/// Byte ranges of `needle` in `hay` as a whole word or phrase, case-sensitive.
pub fn find_exact(hay: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push(s..e);
        }
        from = e;
    }
    out
}

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    // Clause 4's expansions by short form (the first item of each), looked up per abbreviation.
    let mut listed: BTreeMap<&str, String> = BTreeMap::new();
    for i in ctx.draft.clause4.iter().flat_map(|c| &c.items) {
        listed
            .entry(i.short.text())
            .or_insert_with(|| i.long.text().to_lowercase());
    }
    for e in ctx.draft.entries() {
        if ctx.cancelled() {
            return;
        }
        for p in paragraphs(e) {
            let lower = folded(p.text());
            requirement(sink, p, &lower);
            negative(sink, p, &lower);
            self_reference(ctx, sink, p, &lower);
            unexpanded(ctx, sink, e, p, &listed);
        }
    }
    circular(ctx, sink);
}

fn requirement(sink: &mut Sink, p: &Located, lower: &str) {
    for word in [
        "shall",
        "must",
        "should",
        "is required to",
        "are required to",
    ] {
        for r in find_exact(lower, word) {
            sink.range(
                "definition-requirement",
                p,
                r,
                format!("\"{word}\" in a definition: a definition describes a concept, it does not state a requirement"),
                Some("move the requirement into the body of the text".into()),
            );
        }
    }
}

fn negative(sink: &mut Sink, p: &Located, lower: &str) {
    let t = p.text();
    // Lower-cased text right after and before a hit: a lower-cased character is never shorter,
    // so the first (last) n characters of the lower-cased text come from the first (last) n
    // characters of the text; folding those alone keeps each hit's look-around constant.
    let starts_with = |r: &str, what: &str| {
        let n = what.chars().count();
        r.chars()
            .take(n)
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .starts_with(what)
    };
    let ends_with = |l: &str, what: &str| {
        let n = what.chars().count();
        let tail: Vec<char> = l.chars().rev().take(n).collect();
        tail.iter()
            .rev()
            .flat_map(|c| c.to_lowercase())
            .collect::<String>()
            .ends_with(what)
    };
    let hit = ["not", "other than", "neither", "cannot"]
        .iter()
        .flat_map(|w| find_exact(lower, w).into_iter().map(move |r| (r, *w)))
        .filter(|(r, w)| {
            *w != "not" || !starts_with(&t[r.end..], " only") && !ends_with(&t[..r.start], "or ")
        })
        .min_by_key(|(r, _)| r.start);
    if let Some((r, w)) = hit {
        sink.range(
            "definition-negative",
            p,
            r,
            format!("the definition is built on a negative (\"{w}\")"),
            Some("say what the concept is, not what it is not".into()),
        );
    }
}

fn self_reference(ctx: &Ctx, sink: &mut Sink, p: &Located, lower: &str) {
    let doc = ctx.draft.doc_type.to_lowercase();
    let mut phrases: Vec<String> = [
        "this recommendation",
        "this document",
        "this technical paper",
        "this technical report",
        "this standard",
        "this supplement",
        "this clause",
        "see clause",
        "see annex",
        "see appendix",
        "above",
        "below",
        "herein",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    phrases.push(format!("this {doc}"));
    phrases.sort();
    phrases.dedup();
    let mut hits: Vec<_> = phrases
        .iter()
        .flat_map(|ph| {
            find_exact(lower, ph)
                .into_iter()
                .map(move |r| (r, ph.clone()))
        })
        .collect();
    hits.sort_by_key(|(r, _)| r.start);
    if let Some((r, ph)) = hits.into_iter().next() {
        sink.range(
            "definition-self-reference",
            p,
            r,
            format!("the definition points into the document (\"{ph}\"); it must stand on its own"),
            Some("move the pointer into a NOTE or the body".into()),
        );
    }
}

fn unexpanded(
    ctx: &Ctx,
    sink: &mut Sink,
    e: &TermEntry,
    p: &Located,
    listed: &BTreeMap<&str, String>,
) {
    let own = term_parenthesis(e.term.text()).map(str::to_string);
    let listed = |s: &str| listed.get(s).cloned();
    let t = p.text();
    // Each distinct abbreviation asks whether "(XR)" and its expansion are in the text: the
    // parenthesised contents and the lower-cased text are made once, not once per abbreviation.
    let mut bracketed: FxHashSet<&str> = FxHashSet::default();
    let mut open = None;
    for (i, b) in t.bytes().enumerate() {
        match b {
            b'(' => open = Some(i),
            b')' => {
                if let Some(o) = open {
                    bracketed.insert(&t[o + 1..i]);
                }
            }
            _ => {}
        }
    }
    let mut lower: Option<String> = None;
    let mut seen = std::collections::BTreeSet::new();
    for (r, short) in short_forms(ctx.words(), t) {
        if is_exempt(&short)
            || own.as_deref() == Some(short.as_str())
            || !seen.insert(short.clone())
        {
            continue;
        }
        // A short form has no parentheses: "(XR)" is in the text exactly when XR is the content
        // of a pair of them with no '(' inside.
        let in_brackets = if short.contains(['(', ')']) {
            t.contains(&format!("({short})"))
        } else {
            bracketed.contains(short.as_str())
        };
        let expanded_here = in_brackets
            || t[r.end..].trim_start().starts_with('(')
            || listed(&short).is_some_and(|long| {
                lower
                    .get_or_insert_with(|| t.to_lowercase())
                    .contains(&long)
            });
        if !expanded_here {
            let hint = match listed(&short) {
                Some(long) => {
                    format!("write \"{long} ({short})\" at its first use in the definition")
                }
                None => format!("spell {short} out in the definition"),
            };
            sink.range(
                "definition-unexpanded-abbreviation",
                p,
                r,
                format!(
                    "abbreviation {short} is used in the definition of {} without its expansion",
                    q(e.term.text())
                ),
                Some(hint),
            );
        }
    }
}

fn circular(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    let entries = ctx.draft.entries();
    let norm_def: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                " {} ",
                paragraphs(e)
                    .map(|p| w.norm_phrase(p.text()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        })
        .collect();
    let norm_term: Vec<String> = entries
        .iter()
        .map(|e| w.norm_phrase(bare_term(e.term.text())))
        .collect();
    let mentions = mentions(entries, &norm_term, &norm_def);
    for (i, e) in entries.iter().enumerate() {
        let Some(def) = &e.definition else { continue };
        let term = &norm_term[i];
        if term.is_empty() {
            continue;
        }
        let words: Vec<&str> = term.split(' ').collect();
        let head = if words.len() > 1 {
            let bare = bare_term(e.term.text());
            let head_word = bare
                .split(" of ")
                .next()
                .unwrap_or(bare)
                .split_whitespace()
                .last()
                .unwrap_or("");
            Some(w.norm(head_word))
        } else {
            None
        };
        if norm_def[i].contains(&format!(" {term} ")) {
            sink.at(
                "definition-circular",
                def,
                format!(
                    "the definition of {} contains the term itself",
                    q(e.term.text())
                ),
                Some(
                    "define the concept through its class and characteristics, without the term"
                        .into(),
                ),
            );
        } else if let Some(head) =
            head.filter(|h| h.len() > 2 && norm_def[i].contains(&format!(" {h} ")))
        {
            sink.at(
                "definition-circular",
                def,
                format!("the definition of {} uses its head noun \"{head}\"", q(e.term.text())),
                Some("define the concept through a broader class, not through the term's own head noun".into()),
            );
        }
        let Some(own) = mentions.term_of[i] else {
            continue;
        };
        for &other in &mentions.terms_in[i] {
            let Some(back) = mentions.back.get(&(other, own)) else {
                continue;
            };
            for &j in back.iter().take_while(|&&j| j < i) {
                sink.at(
                    "definition-circular",
                    def,
                    format!(
                        "{} and {} are defined through each other",
                        q(e.term.text()),
                        q(entries[j].term.text())
                    ),
                    Some("define one of them without the other".into()),
                );
            }
        }
    }
}

/// Which terms each definition uses, found with one automaton over the distinct normalized terms
/// and one pass over each definition (not a search for every pair of entries).
struct Mentions {
    /// The distinct term of each entry (`None` for an empty one).
    term_of: Vec<Option<usize>>,
    /// The distinct terms each entry's definition contains as whole words, ascending.
    terms_in: Vec<Vec<usize>>,
    /// (term `b`, term `a`) → the entries with term `b` and a definition that contains `a`
    /// (`a` ≠ `b`), ascending, only the first of those written alike (a later one would give the
    /// same finding).
    back: FxHashMap<(usize, usize), Vec<usize>>,
}

fn mentions(entries: &[TermEntry], norm_term: &[String], norm_def: &[String]) -> Mentions {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for t in norm_term.iter().filter(|t| !t.is_empty()) {
        let next = ids.len();
        ids.entry(t.as_str()).or_insert(next);
    }
    let term_of: Vec<Option<usize>> = norm_term
        .iter()
        .map(|t| ids.get(t.as_str()).copied())
        .collect();
    let mut patterns = vec![String::new(); ids.len()];
    for (t, &id) in &ids {
        patterns[id] = format!(" {t} ");
    }
    let mut terms_in = vec![Vec::new(); norm_def.len()];
    if let Ok(ac) = automaton::build(&mut AhoCorasick::builder(), &patterns) {
        for (def, found) in norm_def.iter().zip(&mut terms_in) {
            found.extend(
                ac.find_overlapping_iter(def)
                    .map(|m| m.pattern().as_usize()),
            );
            found.sort_unstable();
            found.dedup();
        }
    }
    let mut back: FxHashMap<(usize, usize), Vec<usize>> = FxHashMap::default();
    let mut written: FxHashSet<(usize, &str)> = FxHashSet::default();
    for (j, e) in entries.iter().enumerate() {
        let Some(own) = term_of[j].filter(|_| e.definition.is_some()) else {
            continue;
        };
        for &a in terms_in[j].iter().filter(|&&a| a != own) {
            if written.insert((a, e.term.text())) {
                back.entry((own, a)).or_default().push(j);
            }
        }
    }
    Mentions {
        term_of,
        terms_in,
        back,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(find_phrase("It Must be; mustard", "must"), vec![3..7]);
        assert!(find_phrase("abovementioned", "above").is_empty());
    }
}
