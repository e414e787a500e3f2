//! The registry-aware rules: `redefinition`, `quoted-definition-modified`, `deprecated-term` and
//! `synonym-mix`. Terms are matched over the shared word pipeline (plural, case and multi-word
//! aware) with the registry's precomputed matcher.

use super::definition::paragraphs;
use super::structure::tag_key;
use super::{Ctx, Sink, bare_term, q};
use crate::check::draft::{Located, Origin, Zone};
use crate::check::similarity::{content_words, similarity, word_diff};
use crate::model::{Entry, Status};
use std::collections::BTreeMap;

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    redefinition(ctx, sink);
    quoted(ctx, sink);
    usage(ctx, sink);
}

/// The citation tag an entry would be cited with in a 3.1 entry: `[b-FGMV-20]`.
fn suggested_tag(e: &Entry) -> String {
    let doc = e.source.document.as_deref().unwrap_or(&e.id);
    let short = doc
        .split(" (")
        .next()
        .unwrap_or(doc)
        .split(", ")
        .next()
        .unwrap_or(doc);
    let short: String = short
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    format!("[b-{short}]")
}

/// Preferred entries first, then ITU / FG-MV standards, then by id.
fn rank(e: &Entry) -> (u8, u8, &str) {
    let status = match e.status {
        Status::Preferred => 0,
        Status::Admitted => 1,
        _ => 2,
    };
    let doc = e.source.document.as_deref().unwrap_or("");
    let itu = if doc.starts_with("FGMV") || doc.starts_with("ITU-T") {
        0
    } else {
        1
    };
    (status, itu, &e.id)
}

/// Share of characteristics from which two definitions of one designation are taken to define
/// the same concept: [`concept_overlap`] at or above it. Calibrated on hand-graded findings of
/// real documents (`bench/check-quality/`): homonyms from other fields ("region" of a bitmap
/// against a virtual-world region) fall below it, restatements of one concept above.
const SAME_CONCEPT: f64 = 0.34;

/// How much of the shorter definition's content words (the term's own words left out, since every
/// definition of "region" may say "region") the other definition shares; 0 with fewer than two
/// shared words, since one shared word says little.
fn concept_overlap(
    w: &crate::check::words::Words,
    a: &str,
    b: &str,
    term: &BTreeMap<String, String>,
) -> f64 {
    let x: Vec<String> = content_words(w, a)
        .into_keys()
        .filter(|k| !term.contains_key(k))
        .collect();
    let y: BTreeMap<String, String> = content_words(w, b)
        .into_iter()
        .filter(|(k, _)| !term.contains_key(k))
        .collect();
    let shared = x.iter().filter(|k| y.contains_key(*k)).count();
    let smaller = x.len().min(y.len());
    if shared < 2 || smaller == 0 {
        return 0.0;
    }
    shared as f64 / smaller as f64
}

fn redefinition(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    for e in ctx
        .draft
        .entries()
        .iter()
        .filter(|e| e.origin != Origin::Elsewhere && e.citation.is_none())
    {
        let Some(d) = ctx
            .registry
            .designation(&w.norm_phrase(bare_term(e.term.text())))
        else {
            continue;
        };
        let mut defining: Vec<&Entry> = d.entries.iter().map(|&i| ctx.registry.entry(i)).collect();
        defining.sort_by(|a, b| rank(a).cmp(&rank(b)));
        let def_text: String = paragraphs(e)
            .map(Located::text)
            .collect::<Vec<_>>()
            .join(" ");
        // The registry entry whose definition shares most of the draft's characteristics; a
        // redefinition is a claim that the concept is the same, so only a definition that says
        // so (SAME_CONCEPT) gets it. A homonym from another field gets an `info` at most.
        let term_words = content_words(w, bare_term(e.term.text()));
        let scored: Vec<(f64, &Entry)> = defining
            .iter()
            .map(|x| {
                (
                    concept_overlap(w, &def_text, &x.definition, &term_words),
                    *x,
                )
            })
            .collect();
        let Some(&(overlap, best)) =
            scored
                .iter()
                .fold(None, |acc: Option<&(f64, &Entry)>, s| match acc {
                    Some(a) if a.0 >= s.0 => Some(a),
                    _ => Some(s),
                })
        else {
            continue;
        };
        let same = def_text.is_empty() || overlap >= SAME_CONCEPT;
        let sim = similarity(w, &def_text, &best.definition);
        let mine = content_words(w, &def_text);
        let theirs = content_words(w, &best.definition);
        let lacks: Vec<&str> = theirs
            .iter()
            .filter(|(k, _)| !mine.contains_key(*k))
            .map(|(_, v)| v.as_str())
            .take(8)
            .collect();
        let adds: Vec<&str> = mine
            .iter()
            .filter(|(k, _)| !theirs.contains_key(*k))
            .map(|(_, v)| v.as_str())
            .take(8)
            .collect();
        let others = if defining.len() > 1 {
            format!(
                " and {} other entr{}",
                defining.len() - 1,
                if defining.len() == 2 { "y" } else { "ies" }
            )
        } else {
            String::new()
        };
        let doc = best
            .source
            .document
            .as_deref()
            .map(|d| format!(" ({})", d.split(" (").next().unwrap_or(d)))
            .unwrap_or_default();
        if !same {
            sink.at(
                "redefinition",
                &e.term,
                format!(
                    "the registry also has {} ({}{doc}{others}) with a definition that shares too few characteristics to be the same concept (overlap {:.2}); likely a homonym from another field",
                    q(bare_term(e.term.text())),
                    best.id,
                    overlap
                ),
                None,
            );
            sink.lower_last(crate::check::Severity::Info);
            continue;
        }
        let mut message = format!(
            "{} is already defined in the registry by {}{doc}{others}; similarity of the definitions {:.2} (content-word overlap)",
            q(e.term.text()),
            best.id,
            sim
        );
        if !def_text.is_empty() {
            if !lacks.is_empty() {
                message.push_str(&format!("; the draft lacks: {}", lacks.join(", ")));
            }
            if !adds.is_empty() {
                message.push_str(&format!("; it adds: {}", adds.join(", ")));
            }
        }
        sink.at(
            "redefinition",
            &e.term,
            message,
            Some(format!("if the concept is the same, move it to 3.1 as \"{} {}\" and list the source in the Bibliography", bare_term(e.term.text()), suggested_tag(best))),
        );
    }
}

fn quoted(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    for e in ctx
        .draft
        .entries()
        .iter()
        .filter(|e| e.origin == Origin::Elsewhere)
    {
        let (Some(tag), Some(def)) = (&e.citation, &e.definition) else {
            continue;
        };
        let Some(d) = ctx
            .registry
            .designation(&w.norm_phrase(bare_term(e.term.text())))
        else {
            continue;
        };
        let key = tag_key(tag.text());
        let cites = |entry: &Entry| {
            let doc = entry
                .source
                .document
                .as_deref()
                .map(tag_key)
                .unwrap_or_default();
            let via = entry
                .source
                .defined_elsewhere_ref
                .as_deref()
                .map(tag_key)
                .unwrap_or_default();
            (!doc.is_empty() && (doc == key || doc.starts_with(&format!("{key} "))))
                || (!via.is_empty() && (via == key || via.starts_with(&format!("{key} "))))
        };
        let sources: Vec<&Entry> = d
            .entries
            .iter()
            .map(|&i| ctx.registry.entry(i))
            .filter(|x| cites(x))
            .collect();
        if sources.is_empty() {
            continue;
        }
        let flat = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches('.')
                .to_lowercase()
        };
        if sources
            .iter()
            .any(|s| flat(&s.definition) == flat(def.text()))
        {
            continue;
        }
        let closest = sources.iter().max_by(|a, b| {
            similarity(w, def.text(), &a.definition)
                .total_cmp(&similarity(w, def.text(), &b.definition))
                .then(b.id.cmp(&a.id))
        });
        let Some(src) = closest else { continue };
        sink.at(
            "quoted-definition-modified",
            def,
            format!(
                "the definition quoted from [{}] differs from the registry's text ({}): {}",
                tag.text(),
                src.id,
                word_diff(def.text(), &src.definition)
            ),
            Some(format!(
                "quote the source verbatim: \"{}\" — or say that it is modified",
                src.definition
            )),
        );
    }
}

/// Where registry designations are used: deprecated ones, and two designations of one concept.
fn usage(ctx: &Ctx, sink: &mut Sink) {
    let mut texts: Vec<&Located> = Vec::new();
    for e in ctx.draft.entries() {
        texts.push(&e.term);
        texts.extend(paragraphs(e));
        texts.extend(e.notes.iter().map(|n| &n.text));
    }
    texts.extend(
        ctx.draft
            .text
            .iter()
            .filter(|t| !matches!(t.zone, Zone::References | Zone::Front))
            .map(|t| &t.text),
    );
    texts.sort_by_cached_key(|t| t.start());
    let mut first_use: BTreeMap<usize, (&Located, std::ops::Range<usize>)> = BTreeMap::new();
    let reg = ctx.registry;
    for t in &texts {
        if ctx.cancelled() {
            return;
        }
        for hit in reg.find_terms(t.text()) {
            let d = hit.designation;
            first_use.entry(d).or_insert((t, hit.range.clone()));
            if matches!(reg.status(d), Status::Deprecated | Status::Superseded) {
                let preferred: Vec<String> = reg
                    .synonyms(d)
                    .into_iter()
                    .filter(|&s| matches!(reg.status(s), Status::Preferred | Status::Admitted))
                    .map(|s| q(&reg.designations_all()[s].display))
                    .collect();
                let status = reg.status(d).as_str();
                let by = reg.designations_all()[d]
                    .entries
                    .first()
                    .map(|&i| reg.entry(i).id.clone())
                    .unwrap_or_default();
                let suggestion = if preferred.is_empty() {
                    "replace it with the registry's preferred term".to_string()
                } else {
                    format!("use {}", preferred.join(" or "))
                };
                sink.range(
                    "deprecated-term",
                    t,
                    hit.range.clone(),
                    format!(
                        "{} is {status} in the registry ({by})",
                        q(&t.text()[hit.range.clone()])
                    ),
                    Some(suggestion),
                );
            }
        }
    }
    let mut reported = std::collections::BTreeSet::new();
    for (&d, (t, r)) in &first_use {
        for s in reg.synonyms(d) {
            let Some((t2, r2)) = first_use.get(&s) else {
                continue;
            };
            let pair = (d.min(s), d.max(s));
            if !reported.insert(pair) {
                continue;
            }
            // Report at the later of the two first uses.
            let (later_t, later_r, earlier) = if t2.pos(r2.start) > t.pos(r.start) {
                (*t2, r2.clone(), &t.text()[r.clone()])
            } else {
                (*t, r.clone(), &t2.text()[r2.clone()])
            };
            let keep = if reg.status(s) == Status::Preferred {
                &reg.designations_all()[s].display
            } else {
                &reg.designations_all()[d].display
            };
            sink.range(
                "synonym-mix",
                later_t,
                later_r.clone(),
                format!(
                    "{} and {} name one registry concept; the draft uses both",
                    q(&later_t.text()[later_r]),
                    q(earlier)
                ),
                Some(format!("use one designation throughout, e.g. {}", q(keep))),
            );
        }
    }
}
