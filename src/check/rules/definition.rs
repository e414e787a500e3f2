//! Part C of the principles, what a definition says: `definition-circular`,
//! `definition-requirement`, `definition-negative`, `definition-self-reference` and
//! `definition-unexpanded-abbreviation`.

use super::abbreviation::{is_exempt, short_forms};
use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::draft::{Located, TermEntry};
use crate::check::format::lines::looks_like_short_form;

/// The definition's paragraphs: the first and any that follow before the notes.
pub fn paragraphs(e: &TermEntry) -> impl Iterator<Item = &Located> {
    e.definition.iter().chain(e.more.iter())
}

/// Byte ranges of `needle` (lower case) in `text` as a whole word or phrase, case-insensitive.
pub fn find_phrase(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case folding changed byte lengths (rare scripts): fall back to exact matching.
        return find_exact(text, needle);
    }
    find_exact(&lower, needle)
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
    for e in ctx.draft.entries() {
        // One finding per abbreviation and definition, however many paragraphs it runs over.
        let mut seen = std::collections::BTreeSet::new();
        for p in paragraphs(e) {
            requirement(sink, p);
            negative(sink, p);
            self_reference(ctx, sink, p);
            unexpanded(ctx, sink, e, p, &mut seen);
        }
    }
    circular(ctx, sink);
}

fn requirement(sink: &mut Sink, p: &Located) {
    for word in [
        "shall",
        "must",
        "should",
        "is required to",
        "are required to",
    ] {
        for r in find_phrase(p.text(), word) {
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

fn negative(sink: &mut Sink, p: &Located) {
    let t = p.text();
    let hit = ["not", "other than", "neither", "cannot"]
        .iter()
        .flat_map(|w| find_phrase(t, w).into_iter().map(move |r| (r, *w)))
        .filter(|(r, w)| {
            *w != "not"
                || !t[r.end..].to_lowercase().starts_with(" only")
                    && !t[..r.start].to_lowercase().ends_with("or ")
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

fn self_reference(ctx: &Ctx, sink: &mut Sink, p: &Located) {
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
        let before = text[..r.start].trim_end().to_lowercase();
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
            find_phrase(text, ph)
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
    seen: &mut std::collections::BTreeSet<String>,
) {
    let own = term_parenthesis(e.term.text()).map(str::to_string);
    let listed = |s: &str| {
        ctx.draft
            .clause4
            .as_ref()
            .and_then(|c| c.items.iter().find(|i| i.short.text() == s))
            .map(|i| i.long.text().to_lowercase())
    };
    let t = p.text();
    let in_title = |s: &str| {
        super::abbreviation::title(ctx).is_some_and(|title| !find_exact(title, s).is_empty())
    };
    for (r, short) in short_forms(ctx.words(), t) {
        if is_exempt(&short)
            || in_title(&short)
            || own.as_deref() == Some(short.as_str())
            || !seen.insert(short.clone())
        {
            continue;
        }
        let expanded_here = t.contains(&format!("({short})"))
            || t[r.end..].trim_start().starts_with('(')
            || listed(&short).is_some_and(|long| t.to_lowercase().contains(&long));
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
    let joined_before = |i: usize| {
        text[..i].ends_with('-')
            && text[..i - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    };
    let joined_after = |i: usize| {
        text[i..].starts_with('-')
            && text[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    };
    (0..words.len().saturating_sub(term.len() - 1)).find_map(|k| {
        let run = &norms[k..k + term.len()];
        let (s, e) = (words[k].start, words[k + term.len() - 1].end);
        (run == term && !joined_before(s) && !joined_after(e)).then_some(s..e)
    })
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
    // The first place each entry's definition contains the term of entry j: (paragraph, range).
    let term_words: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| {
            w.words(bare_term(e.term.text()))
                .into_iter()
                .map(|x| x.text)
                .collect()
        })
        .collect();
    // The whole term of entry j in a definition of entry i, each word an inflection of the term's.
    let contains = |i: usize, j: usize| {
        paragraphs(&entries[i]).find_map(|p| {
            find_term(w, p.text(), &norm_term[j])
                .filter(|r| {
                    let written = w.words(&p.text()[r.clone()]);
                    written.len() == term_words[j].len()
                        && written
                            .iter()
                            .zip(&term_words[j])
                            .all(|(x, t)| is_inflection(x.text, t))
                })
                .map(|r| (p, r))
        })
    };
    for (i, e) in entries.iter().enumerate() {
        if e.definition.is_none() || norm_term[i].is_empty() {
            continue;
        }
        let own_abbreviation = term_parenthesis(e.term.text())
            .filter(|a| looks_like_short_form(a))
            .and_then(|a| {
                paragraphs(e)
                    .find_map(|p| find_exact(p.text(), a).into_iter().next().map(|r| (p, r)))
            });
        if let Some((p, r)) = contains(i, i).or(own_abbreviation) {
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
        for j in 0..i {
            if norm_term[j].is_empty()
                || norm_term[j] == norm_term[i]
                || entries[j].definition.is_none()
            {
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

#[cfg(test)]
mod tests {
    use super::*;

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
