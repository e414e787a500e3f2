//! Part C of the principles, what a definition says: `definition-circular`,
//! `definition-requirement`, `definition-negative`, `definition-self-reference` and
//! `definition-unexpanded-abbreviation`.

use super::abbreviation::{is_exempt, short_forms};
use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::automaton;
use crate::check::draft::{Located, TermEntry};
use crate::check::format::lines::looks_like_short_form;
use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::ops::Range;

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
pub fn folded(text: &str) -> std::borrow::Cow<'_, str> {
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
    // The document's title, found once (not once per abbreviation).
    let title = super::abbreviation::title(ctx);
    for e in ctx.draft.entries() {
        if ctx.cancelled() {
            return;
        }
        // One finding per abbreviation and definition, however many paragraphs it runs over.
        let mut seen = std::collections::BTreeSet::new();
        for (k, p) in paragraphs(e).enumerate() {
            let lower = folded(p.text());
            requirement(sink, p, &lower);
            if k == 0 {
                negative(sink, p, &lower);
            }
            self_reference(ctx, sink, p, &lower);
            unexpanded(ctx, sink, e, p, &listed, title, &mut seen);
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

/// Where the main clause of a definition ends: at the first relative or subordinate clause
/// ("… that does not …", "… which …", "… where …"), the first comma, semicolon, colon or
/// parenthesis, or the end of the first sentence. A definition is built on a negative (ISO 704,
/// AG B.3.4) when the negative is in its genus or main clause ("any body other than …", "not a
/// …"); a negative inside a secondary clause only restricts a positive genus, and the check
/// cannot tell that from a negative characteristic, so it stays silent there.
fn main_clause_end(lower: &str) -> usize {
    let punct = lower
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ',' | ';' | ':' | '(' | '[' | '–' | '—')
                || c == '.' && lower[i + 1..].starts_with(' ')
        })
        .map_or(lower.len(), |(i, _)| i);
    let clause = [
        "that", "which", "who", "whom", "whose", "where", "when", "while", "if", "whether",
        "because", "unless", "although", "though", "so",
    ]
    .iter()
    .filter_map(|w| find_exact(lower, w).first().map(|r| r.start))
    .min()
    .unwrap_or(lower.len());
    punct.min(clause)
}

fn negative(sink: &mut Sink, p: &Located, lower: &str) {
    let t = p.text();
    let main_end = main_clause_end(lower);
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
        .filter(|(r, _)| r.start < main_end)
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
    let text = p.text();
    // "above" and "below" point into the document only as pointers ("see above", "defined
    // below", "… below."), not as prepositions of place ("35 786 km above the equator").
    let pointer = |r: &std::ops::Range<usize>, ph: &str| {
        if ph != "above" && ph != "below" {
            return true;
        }
        let after = text[r.end..].trim_start();
        // The verb before the pointer, lower-cased from the last characters alone (as many as
        // the longest verb has): a look-around in constant time, not a fold of all the text
        // before each hit.
        let tail: Vec<char> = text[..r.start].trim_end().chars().rev().take(9).collect();
        let before: String = tail.iter().rev().flat_map(|c| c.to_lowercase()).collect();
        after.is_empty()
            || after.starts_with(['.', ',', ';', ':', ')'])
            || [
                "see",
                "as",
                "mentioned",
                "defined",
                "described",
                "listed",
                "given",
                "shown",
                "specified",
            ]
            .iter()
            .any(|v| before.ends_with(v))
    };
    let mut hits: Vec<_> = phrases
        .iter()
        .flat_map(|ph| {
            find_exact(lower, ph)
                .into_iter()
                .filter(|r| pointer(r, ph))
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
    title: Option<&str>,
    seen: &mut std::collections::BTreeSet<String>,
) {
    let own = term_parenthesis(e.term.text()).map(str::to_string);
    let listed = |s: &str| listed.get(s).cloned();
    let t = p.text();
    let in_title = |s: &str| title.is_some_and(|title| !find_exact(title, s).is_empty());
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
    for (r, short) in short_forms(ctx.words(), t) {
        if is_exempt(&short)
            || in_title(&short)
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

/// Where the whole term (normalized words `term`) occurs in `text` as a run of words, not as part
/// of a larger hyphenated compound ("peer" inside "peer-to-peer" is another word): byte range.
/// The reference for [`occurrences`], which finds the same runs for all terms at once.
#[cfg(test)]
pub fn find_term(
    w: &crate::check::words::Words,
    text: &str,
    term: &[String],
) -> Option<std::ops::Range<usize>> {
    if term.is_empty() {
        return None;
    }
    let words = w.words(text);
    let norms: Vec<String> = words.iter().map(|x| w.norm(x.text)).collect();
    (0..words.len().saturating_sub(term.len() - 1)).find_map(|k| {
        let run = &norms[k..k + term.len()];
        let (s, e) = (words[k].start, words[k + term.len() - 1].end);
        (run == term && !joined_before(text, s) && !joined_after(text, e)).then_some(s..e)
    })
}

/// A run of words starting at byte `i` continues a hyphenated compound before it ("to" in
/// "peer-to").
fn joined_before(text: &str, i: usize) -> bool {
    text[..i].ends_with('-')
        && text[..i - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// A run of words ending at byte `i` goes on into a hyphenated compound ("peer" in "peer-to").
fn joined_after(text: &str, i: usize) -> bool {
    text[i..].starts_with('-')
        && text[i + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// A run of a term's words in a definition: (term, paragraph number, paragraph, byte range).
type Run<'a> = (usize, usize, &'a Located, Range<usize>);

/// Where each entry's definition contains each term, found with one automaton over the distinct
/// terms (as normalized words) and one pass over each paragraph, not a search for every pair of
/// entries.
struct Occurrences<'a> {
    /// The distinct term (normalized words) of each entry; `None` for an empty one.
    term_of: Vec<Option<usize>>,
    /// Per entry, sorted by term and then paragraph: (term, paragraph, range) of the first run of
    /// the term's words in each paragraph of the definition that is not part of a larger
    /// hyphenated compound — what [`find_term`] finds there.
    first: Vec<Vec<Run<'a>>>,
}

impl<'a> Occurrences<'a> {
    /// The first runs of `term` in entry `i`'s paragraphs, in paragraph order.
    fn of(&self, i: usize, term: usize) -> &[Run<'a>] {
        let list = &self.first[i];
        let from = list.partition_point(|x| x.0 < term);
        let to = list.partition_point(|x| x.0 <= term);
        &list[from..to]
    }

    /// The distinct terms entry `i`'s definition contains, ascending.
    fn terms_in(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let list = &self.first[i];
        list.iter()
            .enumerate()
            .filter(move |(k, x)| *k == 0 || list[k - 1].0 != x.0)
            .map(|(_, x)| x.0)
    }
}

/// [`Occurrences`] of the terms `norm_term` (each entry's, as normalized words) in `entries`'
/// definitions; `None` when the check was cancelled.
fn occurrences<'a>(
    ctx: &Ctx,
    entries: &'a [TermEntry],
    norm_term: &[Vec<String>],
) -> Option<Occurrences<'a>> {
    let w = ctx.words();
    let mut ids: BTreeMap<&[String], usize> = BTreeMap::new();
    for t in norm_term.iter().filter(|t| !t.is_empty()) {
        let next = ids.len();
        ids.entry(t.as_slice()).or_insert(next);
    }
    let term_of: Vec<Option<usize>> = norm_term
        .iter()
        .map(|t| ids.get(t.as_slice()).copied())
        .collect();
    // A term's words as they are written in the searched text below: each normalized word
    // followed by one space, after a leading space.
    let mut patterns = vec![String::new(); ids.len()];
    let mut lens = vec![0; ids.len()];
    for (t, &id) in &ids {
        patterns[id] = format!(" {} ", t.join(" "));
        lens[id] = t.len();
    }
    let mut first = vec![Vec::new(); entries.len()];
    let Ok(ac) = automaton::build(&mut AhoCorasick::builder(), &patterns) else {
        return Some(Occurrences { term_of, first });
    };
    let (mut hay, mut starts) = (String::new(), Vec::new());
    let mut best: FxHashMap<usize, usize> = FxHashMap::default();
    for (e, found) in entries.iter().zip(&mut first) {
        if ctx.cancelled() {
            return None;
        }
        for (k, p) in paragraphs(e).enumerate() {
            let text = p.text();
            let words = w.words(text);
            hay.clear();
            hay.push(' ');
            starts.clear();
            w.push_norms(&words, &mut hay, &mut starts);
            best.clear();
            for (step, m) in ac.find_overlapping_iter(&hay).enumerate() {
                if ctx.cancelled_at(step) {
                    return None;
                }
                let id = m.pattern().as_usize();
                // The run of words the match covers (a normalized word with a space inside
                // would not be one).
                let Ok(from) = starts.binary_search(&(m.start() + 1)) else {
                    continue;
                };
                let last = from + lens[id] - 1;
                if starts.get(last + 1).copied().unwrap_or(hay.len()) != m.end() {
                    continue;
                }
                let (s, end) = (words[from].start, words[last].end);
                if joined_before(text, s) || joined_after(text, end) {
                    continue;
                }
                best.entry(id)
                    .and_modify(|b| *b = (*b).min(from))
                    .or_insert(from);
            }
            found.extend(best.drain().map(|(id, from)| {
                let range = words[from].start..words[from + lens[id] - 1].end;
                (id, k, p, range)
            }));
        }
        found.sort_unstable_by_key(|x| (x.0, x.1));
    }
    Some(Occurrences { term_of, first })
}

/// True when `a` and `b` are one word in two inflections (case aside): "service" / "Services",
/// "entity" / "entities", "user" / "user's". The stemmer also joins derivations ("availability"
/// and "available"), which are other words: a definition may use them.
pub fn is_inflection(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short == long {
        return true;
    }
    let Some(rest) = long.strip_prefix(short.as_str()) else {
        return short
            .strip_suffix('y')
            .is_some_and(|stem| long == &format!("{stem}ies"));
    };
    matches!(rest, "s" | "es" | "'s" | "’s" | "s'" | "s’")
}

/// True when the words right after `r` in `text` carry the term of entry `i` on into the term
/// of another entry ("tolerance: difference between upper and lower tolerance limits", where
/// "tolerance limit" is defined): that occurrence names the other concept, not the term itself.
fn in_longer_term(ctx: &Ctx, i: usize, text: &str, r: &std::ops::Range<usize>) -> bool {
    let w = ctx.words();
    let entries = ctx.draft.entries();
    let lower = |t: &str| -> Vec<String> {
        w.words(bare_term(t))
            .iter()
            .map(|x| x.text.to_lowercase())
            .collect()
    };
    let own = lower(entries[i].term.text());
    let after: Vec<String> = w
        .words(&text[r.end.min(text.len())..])
        .iter()
        .take(4)
        .map(|x| x.text.to_lowercase())
        .collect();
    // Every designation of the other entries, admitted ones too ("Print Product Part", the
    // admitted term of "Part", names that concept in "print product parts").
    let designations = entries
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .flat_map(|(_, e)| std::iter::once(&e.term).chain(&e.admitted));
    designations.into_iter().any(|d| {
        let other = lower(d.text());
        other.len() > own.len()
            && other[..own.len()] == own[..]
            && after.len() >= other.len() - own.len()
            && other[own.len()..]
                .iter()
                .zip(&after)
                .all(|(t, a)| is_inflection(a, t))
    })
}

/// Whether the occurrence at `r` is inside parentheses: a gloss or an example ("rule that
/// associates each element from a domain (source, or domain of the function) …", "(e.g. a
/// category of instruments)"), not what the definition says the concept is.
fn in_parentheses(text: &str, r: &std::ops::Range<usize>) -> bool {
    let depth = text[..r.start].chars().fold(0i32, |d, c| match c {
        '(' => d + 1,
        ')' => (d - 1).max(0),
        _ => d,
    });
    depth > 0
}

/// Whether the occurrence at `r` is in quotation marks: the term mentioned as a word ("\"peer\"
/// refers to …"), not used to define the concept.
fn quoted(text: &str, r: &std::ops::Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('‘'), Some('’'))
            | (Some('\''), Some('\''))
    )
}

/// `definition-circular`: the definition contains the whole term (any inflection, case or
/// hyphenation, or the term's own abbreviation given with it), or two entries are defined through
/// each other. The head noun of a multi-word term used as the genus ("source platform: platform
/// from which …") is the form ISO 704 recommends and is not circular.
fn circular(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    let entries = ctx.draft.entries();
    let norm_term: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            w.words(bare_term(e.term.text()))
                .iter()
                .map(|x| w.norm(x.text))
                .collect()
        })
        .collect();
    let term_words: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| {
            w.words(bare_term(e.term.text()))
                .into_iter()
                .map(|x| x.text)
                .collect()
        })
        .collect();
    let Some(occ) = occurrences(ctx, entries, &norm_term) else {
        return;
    };
    // Forms: a term and its words as written, lower-cased (what the inflection test reads);
    // entries written alike share one, and each term knows its forms.
    let mut form_ids: BTreeMap<(usize, Vec<String>), usize> = BTreeMap::new();
    let mut forms: Vec<(usize, &[&str])> = Vec::new();
    let mut forms_of_term: Vec<Vec<usize>> = Vec::new();
    let form_of: Vec<Option<usize>> = (0..entries.len())
        .map(|i| {
            let id = occ.term_of[i]?;
            let key = (id, term_words[i].iter().map(|x| x.to_lowercase()).collect());
            let next = forms.len();
            let f = *form_ids.entry(key).or_insert(next);
            if f == next {
                forms.push((id, &term_words[i]));
                if forms_of_term.len() <= id {
                    forms_of_term.resize(id + 1, Vec::new());
                }
                forms_of_term[id].push(f);
            }
            Some(f)
        })
        .collect();
    // The whole term of form `f` in a definition of entry i, each word an inflection of the
    // term's: the first run in a paragraph that passes, where the paragraph's first run of the
    // term's normalized words is that inflection.
    let contains = |i: usize, f: usize| {
        let (id, words) = forms[f];
        occ.of(i, id).iter().find_map(|(_, _, p, r)| {
            let written = w.words(&p.text()[r.clone()]);
            (written.len() == words.len()
                && written
                    .iter()
                    .zip(words)
                    .all(|(x, t)| is_inflection(x.text, t)))
            .then(|| (*p, r.clone()))
        })
    };
    // (form b, form a) → the entries of form b with a definition that contains form a (another
    // term), ascending, only the first of those written alike (a later one would give the same
    // finding): each mutual pair is then looked up, not searched for among all pairs.
    let mut back: FxHashMap<(usize, usize), Vec<usize>> = FxHashMap::default();
    let mut written: FxHashSet<(usize, &str)> = FxHashSet::default();
    for (j, e) in entries.iter().enumerate() {
        if ctx.cancelled() {
            return;
        }
        let Some(b) = form_of[j].filter(|_| e.definition.is_some()) else {
            continue;
        };
        for a in occ.terms_in(j).filter(|&a| Some(a) != occ.term_of[j]) {
            for &f in &forms_of_term[a] {
                if contains(j, f).is_some() && written.insert((f, e.term.text())) {
                    back.entry((b, f)).or_default().push(j);
                }
            }
        }
    }
    for (i, e) in entries.iter().enumerate() {
        if ctx.cancelled() {
            return;
        }
        let Some(own) = form_of[i].filter(|_| e.definition.is_some()) else {
            continue;
        };
        let own_abbreviation = term_parenthesis(e.term.text())
            .filter(|a| looks_like_short_form(a))
            .and_then(|a| {
                paragraphs(e)
                    .find_map(|p| find_exact(p.text(), a).into_iter().next().map(|r| (p, r)))
            });
        if let Some((p, r)) = contains(i, own)
            .filter(|(p, r)| {
                !in_longer_term(ctx, i, p.text(), r)
                    && !quoted(p.text(), r)
                    && !in_parentheses(p.text(), r)
            })
            .or(own_abbreviation)
        {
            let written = p.text()[r.clone()].to_string();
            sink.range(
                "definition-circular",
                p,
                r,
                format!(
                    "the definition of {} contains the term itself (\"{written}\")",
                    q(e.term.text())
                ),
                Some(
                    "define the concept through its class and characteristics, without the term"
                        .into(),
                ),
            );
        }
        for a in occ.terms_in(i).filter(|&a| Some(a) != occ.term_of[i]) {
            for &f in &forms_of_term[a] {
                let Some(back) = back.get(&(f, own)) else {
                    continue;
                };
                let Some((p, r)) = contains(i, f) else {
                    continue;
                };
                for &j in back.iter().take_while(|&&j| j < i) {
                    sink.range(
                        "definition-circular",
                        p,
                        r.clone(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages of `rule` on a draft whose clause 3.2 holds `entries`.
    fn messages(entries: &str, rule: &str) -> Vec<String> {
        let text = format!(
            "1 Scope\n\nThis Recommendation describes gears.\n\n3 Definitions\n\n3.1 Terms defined elsewhere\n\nNone.\n\n3.2 Terms defined in this Recommendation\n\nThis Recommendation defines the following terms:\n\n{entries}\n\n5 Overview\n\nText.\n"
        );
        super::super::findings_of(&text, "draft.txt", Default::default(), rule)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_term_mentioned_in_quotes_or_inside_another_entrys_admitted_term_is_not_circular() {
        let f = messages(
            "3.2.1 spindle: An axle. In a lathe, \"spindle\" names the turning part.",
            "definition-circular",
        );
        assert!(f.is_empty(), "{f:?}");
        // "gear train" is inside "gear train part", the admitted term of another entry.
        let src = "= T\n\n== Terms and definitions\n\n=== part\nalt:[gear train part]\n\nwheel of a gear train\n\n=== gear train\n\nset of gear train parts that mesh\n";
        let f: Vec<String> = super::super::findings_of(
            src,
            "d.adoc",
            crate::check::Profile::Iso,
            "definition-circular",
        )
        .into_iter()
        .filter(|f| f.message.contains("itself"))
        .map(|f| f.message)
        .collect();
        assert!(f.is_empty(), "{f:?}");
        let f = messages(
            "3.2.1 ratchet: Wheel that turns one way (as a ratchet in a clock does).",
            "definition-circular",
        );
        assert!(f.is_empty(), "{f:?}");
        let f = messages(
            "3.2.1 axle: Rod on which an axle turns.",
            "definition-circular",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_negative_counts_only_in_the_main_clause_of_the_definition() {
        // The genus itself is delimited by a negative: reported.
        let f = messages(
            "3.2.1 spare wheel: Any wheel other than a drive wheel.",
            "definition-negative",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = messages(
            "3.2.1 idler: Not a drive wheel but a guide.",
            "definition-negative",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // A negative inside a relative clause, a parenthesis or a second sentence restricts a
        // positive genus: silent.
        for entry in [
            "3.2.1 cog: Tooth of a wheel that does not slip.",
            "3.2.1 rim: Edge of a wheel (not to be confused with the tyre).",
            "3.2.1 hub: Centre of a wheel. It does not turn alone.",
            "3.2.1 spoke: Rod of a wheel, which cannot bend.",
        ] {
            let f = messages(entry, "definition-negative");
            assert!(f.is_empty(), "{entry}: {f:?}");
        }
    }

    /// `definition-circular` as a search for every pair of entries: what [`circular`] finds with
    /// its index, the slow way.
    fn circular_pairwise(ctx: &Ctx, sink: &mut Sink) {
        let w = ctx.words();
        let entries = ctx.draft.entries();
        let norm: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let words = w.words(bare_term(e.term.text()));
                words.iter().map(|x| w.norm(x.text)).collect()
            })
            .collect();
        let written: Vec<Vec<&str>> = entries
            .iter()
            .map(|e| {
                let words = w.words(bare_term(e.term.text()));
                words.into_iter().map(|x| x.text).collect()
            })
            .collect();
        let contains = |i: usize, j: usize| {
            paragraphs(&entries[i]).find_map(|p| {
                find_term(w, p.text(), &norm[j])
                    .filter(|r| {
                        let seen = w.words(&p.text()[r.clone()]);
                        seen.len() == written[j].len()
                            && seen
                                .iter()
                                .zip(&written[j])
                                .all(|(x, t)| is_inflection(x.text, t))
                    })
                    .map(|r| (p, r))
            })
        };
        for (i, e) in entries.iter().enumerate() {
            if e.definition.is_none() || norm[i].is_empty() {
                continue;
            }
            let own_abbreviation = term_parenthesis(e.term.text())
                .filter(|a| looks_like_short_form(a))
                .and_then(|a| {
                    paragraphs(e)
                        .find_map(|p| find_exact(p.text(), a).into_iter().next().map(|r| (p, r)))
                });
            if let Some((p, r)) = contains(i, i)
                .filter(|(p, r)| {
                    !in_longer_term(ctx, i, p.text(), r)
                        && !quoted(p.text(), r)
                        && !in_parentheses(p.text(), r)
                })
                .or(own_abbreviation)
            {
                let seen = p.text()[r.clone()].to_string();
                sink.range(
                    "definition-circular",
                    p,
                    r,
                    format!(
                        "the definition of {} contains the term itself (\"{seen}\")",
                        q(e.term.text())
                    ),
                    Some(
                        "define the concept through its class and characteristics, without the term"
                            .into(),
                    ),
                );
            }
            for j in 0..i {
                if norm[j].is_empty() || norm[j] == norm[i] || entries[j].definition.is_none() {
                    continue;
                }
                if let (Some((p, r)), Some(_)) = (contains(i, j), contains(j, i)) {
                    sink.range(
                        "definition-circular",
                        p,
                        r,
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

    fn sorted(mut findings: Vec<super::super::RawFinding>) -> Vec<super::super::RawFinding> {
        findings.sort_by(|a, b| (a.start, a.end, &a.message).cmp(&(b.start, b.end, &b.message)));
        findings.dedup();
        findings
    }

    #[test]
    fn the_index_finds_what_a_search_of_every_pair_finds() {
        // Terms that share words, stems, inflections, derivations and hyphenated compounds, and
        // entries written alike, defined through one another in many combinations.
        let terms = [
            "service",
            "services",
            "Service",
            "service platform",
            "source platform",
            "platform",
            "peer",
            "peer-to-peer network",
            "entity",
            "processing",
            "process",
            "user (U)",
        ];
        let uses = [
            "a service offered",
            "services and entities",
            "a source platform or a platform",
            "a peer-to-peer link between peers",
            "the processing of a process",
            "an entity's services",
            "the U of a user",
            "a platform-based service platform",
            "a thing",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let registry = crate::check::RegistryView::empty();
        let words = crate::check::words::Words::new(registry.analyzer().clone());
        let cancel = crate::cancel::Cancel::never();
        let (mut mutual, mut itself) = (0, 0);
        for _ in 0..60 {
            let mut text = String::from("3 Terms and definitions\n\n");
            for k in 0..1 + next(10) {
                let term = terms[next(terms.len())];
                let def: Vec<&str> = (0..1 + next(3)).map(|_| uses[next(uses.len())]).collect();
                text.push_str(&format!("3.{}\t{term}: {}.\n\n", k + 1, def.join("; ")));
            }
            let input = crate::check::DraftInput {
                name: "draft.txt".into(),
                bytes: text.as_bytes(),
                format: None,
            };
            let draft = crate::check::parse_draft(&input).unwrap();
            let ctx = Ctx {
                draft: &draft,
                profile: Default::default(),
                registry,
                words: &words,
                cancel: &cancel,
            };
            let (mut fast, mut slow) = (Sink::default(), Sink::default());
            circular(&ctx, &mut fast);
            circular_pairwise(&ctx, &mut slow);
            assert!(!draft.entries().is_empty(), "{text}");
            let found = |m: &str| {
                fast.findings
                    .iter()
                    .filter(|f| f.message.contains(m))
                    .count()
            };
            mutual += found("defined through each other");
            itself += found("contains the term itself");
            assert_eq!(sorted(fast.findings), sorted(slow.findings), "{text}");
        }
        assert!(
            mutual > 10 && itself > 10,
            "{mutual} mutual, {itself} itself"
        );
    }

    #[test]
    fn the_whole_term_is_found_but_not_inside_a_larger_compound() {
        let w = crate::check::words::Words::default();
        let norm = |t: &str| -> Vec<String> { w.words(t).iter().map(|x| w.norm(x.text)).collect() };
        let t = "Platforms from which a source platform sends data.";
        assert_eq!(
            find_term(&w, t, &norm("source platform")).map(|r| &t[r]),
            Some("source platform")
        );
        assert_eq!(
            find_term(
                &w,
                "A platform from which data flow.",
                &norm("source platform")
            ),
            None
        );
        assert_eq!(find_term(&w, "A peer-to-peer link.", &norm("peer")), None);
        assert!(find_term(&w, "Real-Time Systems work", &norm("real-time system")).is_some());
    }

    #[test]
    fn inflections_are_one_word_and_derivations_are_not() {
        assert!(is_inflection("service", "Services"));
        assert!(is_inflection("entity", "entities"));
        assert!(!is_inflection("availability", "available"));
        assert!(!is_inflection("process", "processing"));
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(find_phrase("It Must be; mustard", "must"), vec![3..7]);
        assert!(find_phrase("abovementioned", "above").is_empty());
    }
}
