//! The registry-aware rules: `redefinition`, `quoted-definition-modified`, `deprecated-term` and
//! `synonym-mix`. Terms are matched over the shared word pipeline (plural, case and multi-word
//! aware) with the concept layer's matcher; statuses, synonyms and abbreviations are the
//! concepts' (`corpus/concepts/` decisions first, then the computed grouping).

use super::definition::paragraphs;
use super::structure::tag_key;
use super::{Ctx, Sink, bare_term, q};
use crate::check::RegistryView;
use crate::check::draft::{Located, Origin, Zone};
use crate::check::similarity::{content_words, similarity, word_diff};
use crate::concepts::lookup::is_short;
use crate::concepts::{Designation, Grouping, source_label, status_rank};
use crate::model::{Entry, Status};
use std::collections::{BTreeMap, BTreeSet};

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
    for (step, e) in ctx
        .draft
        .entries()
        .iter()
        .filter(|e| e.origin != Origin::Elsewhere && e.citation.is_none())
        .enumerate()
    {
        if ctx.cancelled_at(step) {
            return;
        }
        let named = ctx
            .registry
            .entries_named(&w.norm_phrase(bare_term(e.term.text())));
        if named.is_empty() {
            continue;
        }
        let mut defining: Vec<&Entry> = named.iter().map(|&i| ctx.registry.entry(i)).collect();
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
    for (step, e) in ctx
        .draft
        .entries()
        .iter()
        .filter(|e| e.origin == Origin::Elsewhere)
        .enumerate()
    {
        if ctx.cancelled_at(step) {
            return;
        }
        let (Some(tag), Some(def)) = (&e.citation, &e.definition) else {
            continue;
        };
        let named = ctx
            .registry
            .entries_named(&w.norm_phrase(bare_term(e.term.text())));
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
        let sources: Vec<&Entry> = named
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

/// Where a registry designation is first used in the draft.
struct Use<'t> {
    text: &'t Located,
    range: std::ops::Range<usize>,
    /// The use may name more than one concept (a homonym): the rule cannot tell which.
    ambiguous: bool,
}

impl Use<'_> {
    fn surface(&self) -> &str {
        &self.text.text()[self.range.clone()]
    }
}

/// Deprecated and superseded designations are retired: a draft should use another.
fn retired(s: Status) -> bool {
    matches!(s, Status::Deprecated | Status::Superseded)
}

/// Where registry designations are used: retired ones (`deprecated-term`), and two
/// designations of one concept (`synonym-mix`). Designations, statuses and abbreviations are
/// the concept layer's, as the terminology coordinator curated them.
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
    let reg = ctx.registry;
    // (concept, designation) → its first use.
    let mut first_use: BTreeMap<(usize, usize), Use> = BTreeMap::new();
    for t in &texts {
        if ctx.cancelled() {
            return;
        }
        for hit in reg.find_terms(ctx.words(), t.text()) {
            let named: BTreeSet<usize> = hit.candidates.iter().map(|&(c, _)| c).collect();
            let ambiguous = named.len() > 1;
            // Written exactly, the text uses those designations; otherwise (another case or
            // spelling of them) it uses the concept under its best designation of that form.
            let used: Vec<(usize, usize)> = if hit.exact {
                hit.candidates.clone()
            } else {
                named
                    .iter()
                    .filter_map(|&c| {
                        hit.candidates
                            .iter()
                            .copied()
                            .filter(|&(x, _)| x == c)
                            .min_by_key(|&cd| {
                                crate::concepts::status_rank(reg.designation(cd).status)
                            })
                    })
                    .collect()
            };
            for &cd in &used {
                first_use.entry(cd).or_insert(Use {
                    text: t,
                    range: hit.range.clone(),
                    ambiguous,
                });
            }
            if hit.exact
                && hit
                    .candidates
                    .iter()
                    .all(|&cd| retired(reg.designation(cd).status))
            {
                deprecated(ctx, sink, t, hit.range.clone(), hit.candidates[0]);
            }
        }
    }
    synonym_mix(ctx, sink, &first_use);
}

/// The designation to use instead of designation `cd`: the one it is replaced by, else the
/// concept's preferred designation (when that is not retired too).
fn replacement(reg: RegistryView<'_>, (c, d): (usize, usize)) -> Option<&Designation> {
    let concept = reg.concept(c);
    let this = &concept.designations[d];
    this.replaced_by
        .as_deref()
        .and_then(|r| concept.designations.iter().find(|x| x.text == r))
        .or_else(|| {
            concept
                .designations
                .iter()
                .find(|x| x.text != this.text && !retired(x.status))
        })
}

/// The sources that use a designation, for a suggestion — its own, else the source of the
/// concept's preferred definition — between `open` and `close`; empty when there are none.
fn sources_of(reg: RegistryView<'_>, c: usize, d: &Designation, open: &str, close: &str) -> String {
    let named = if d.sources.is_empty() {
        reg.concept(c)
            .definitions
            .first()
            .map(|def| source_label(reg.entry(def.entry)))
            .unwrap_or_default()
    } else {
        d.sources
            .iter()
            .take(2)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if named.is_empty() {
        named
    } else {
        format!("{open}{named}{close}")
    }
}

fn deprecated(
    ctx: &Ctx,
    sink: &mut Sink,
    t: &Located,
    range: std::ops::Range<usize>,
    (c, d): (usize, usize),
) {
    let reg = ctx.registry;
    let concept = reg.concept(c);
    let this = &concept.designations[d];
    let why = this
        .reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    let suggestion = match replacement(reg, (c, d)) {
        Some(p) => {
            let src = sources_of(reg, c, p, " (", ")");
            format!(
                "use {}, the registry's {} designation{src}",
                q(&p.text),
                p.status.as_str()
            )
        }
        None => "replace it with the registry's preferred term".to_string(),
    };
    sink.range(
        "deprecated-term",
        t,
        range.clone(),
        format!(
            "{} is {} in the registry (concept {}{why})",
            q(&t.text()[range]),
            this.status.as_str(),
            concept.id
        ),
        Some(suggestion),
    );
}

/// True when the draft introduces `short` as an abbreviation: clause 4 lists it, or the text
/// gives it in parentheses after its long form ("extended reality (XR)") or before one.
fn introduced(ctx: &Ctx, short: &str) -> bool {
    if ctx
        .draft
        .clause4
        .iter()
        .flat_map(|c| c.items.iter())
        .any(|i| i.short.text().trim() == short)
    {
        return true;
    }
    let paren = format!("({short})");
    let before = format!("{short} (");
    let in_text = |s: &str| s.contains(&paren) || s.contains(&before);
    ctx.draft
        .entries()
        .iter()
        .any(|e| in_text(e.term.text()) || paragraphs(e).any(|p| in_text(p.text())))
        || ctx.draft.text.iter().any(|t| in_text(t.text.text()))
}

fn synonym_mix(ctx: &Ctx, sink: &mut Sink, first_use: &BTreeMap<(usize, usize), Use>) {
    let reg = ctx.registry;
    let mut by_concept: BTreeMap<usize, Vec<(usize, &Use)>> = BTreeMap::new();
    for (&(c, d), u) in first_use {
        by_concept.entry(c).or_default().push((d, u));
    }
    let mut reported = BTreeSet::new();
    for (&c, used) in &by_concept {
        let concept = reg.concept(c);
        for (i, &(d1, u1)) in used.iter().enumerate() {
            for &(d2, u2) in &used[i + 1..] {
                let (a, b) = (&concept.designations[d1], &concept.designations[d2]);
                if std::ptr::eq(u1.text, u2.text) && u1.range == u2.range {
                    continue;
                }
                // Two admitted spellings of one form ("real-time", "real time") are the
                // coordinator's decision that both are right; their consistency is
                // `variant-spelling`'s.
                if a.norm == b.norm && !retired(a.status) && !retired(b.status) {
                    continue;
                }
                let short = match (is_short(a.kind), is_short(b.kind)) {
                    (true, false) => Some((a, b)),
                    (false, true) => Some((b, a)),
                    _ => None,
                };
                // An abbreviation names this concept for sure only when the coordinator put it
                // there or a source defining the concept gives it, and it names no other concept
                // ("DC" of a data channel is also direct current): otherwise the draft may mean
                // something else by it, and the rule cannot tell.
                if let Some((s, _)) = short {
                    let sure = (matches!(concept.grouping, Grouping::Curated { .. })
                        || !s.entries.is_empty())
                        && reg
                            .concepts()
                            .by_short(&s.text)
                            .iter()
                            .all(|&(x, _)| x == c);
                    if !sure || introduced(ctx, &s.text) {
                        continue;
                    }
                }
                // Kept: the better status, the full form before a short one; reported at the
                // first use of the other, which is what the editor changes.
                let keep_a = match short {
                    Some((s, _)) => !std::ptr::eq(s, a),
                    None => status_rank(a.status) <= status_rank(b.status),
                };
                let (keep, at, other) = if keep_a { (a, u2, u1) } else { (b, u1, u2) };
                // One finding per pair of words used, however many concepts they share.
                if !reported.insert((at.text.start(), at.range.start, other.surface())) {
                    continue;
                }
                let (message, suggestion) = match short {
                    Some((s, long)) => (
                        format!(
                            "{} and {} name one registry concept ({}); the draft uses both without introducing {} as the abbreviation of {}",
                            q(at.surface()),
                            q(other.surface()),
                            concept.id,
                            s.text,
                            q(&long.text)
                        ),
                        format!(
                            "introduce the abbreviation at first use, \"{} ({})\", and list it in clause 4, or use one designation throughout",
                            long.text, s.text
                        ),
                    ),
                    None => {
                        let src = sources_of(reg, c, keep, "; ", "");
                        (
                            format!(
                                "{} and {} name one registry concept ({}); the draft uses both",
                                q(at.surface()),
                                q(other.surface()),
                                concept.id
                            ),
                            format!(
                                "use one designation throughout: {} (the registry's {} designation{src})",
                                q(&keep.text),
                                keep.status.as_str()
                            ),
                        )
                    }
                };
                sink.range(
                    "synonym-mix",
                    at.text,
                    at.range.clone(),
                    message,
                    Some(suggestion),
                );
                // A homonym: the draft may mean the other concept.
                if at.ambiguous || other.ambiguous {
                    sink.lower_last(crate::check::Severity::Info);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! On the committed corpus and its curation (`corpus/concepts/`), not on fixtures.
    use crate::analysis::Analyzer;
    use crate::check::{CheckOptions, DraftInput, Finding, RegistryView, check_draft};
    use crate::concepts::Concepts;
    use crate::corpus::Corpus;
    use std::sync::OnceLock;

    fn real() -> RegistryView<'static> {
        static REAL: OnceLock<(Corpus, Analyzer, Concepts)> = OnceLock::new();
        let (corpus, analyzer, concepts) = REAL.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let corpus = Corpus::load(&dir).expect("the committed corpus loads");
            let analyzer = Analyzer::new(&corpus);
            let concepts = Concepts::build(&corpus, &analyzer);
            (corpus, analyzer, concepts)
        });
        RegistryView::new(corpus, analyzer, concepts)
    }

    /// The draft's findings of `rule`.
    fn found(body: &str, rule: &str) -> Vec<Finding> {
        let text = format!(
            "1 Scope\n\nThis Recommendation describes services for cities.\n\n3 Definitions\n\n3.1 Terms defined elsewhere\n\nNone.\n\n3.2 Terms defined in this Recommendation\n\nNone.\n\n5 Overview\n\n{body}\n"
        );
        let input = DraftInput {
            name: "draft.txt".into(),
            bytes: text.as_bytes(),
            format: None,
        };
        check_draft(&input, &CheckOptions::default(), real())
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    #[test]
    fn the_curated_deprecated_spelling_is_flagged_with_the_preferred_one_and_its_source() {
        let f = found(
            "The Citiverse links city services. Citiverses differ.",
            "deprecated-term",
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].message.contains("‘Citiverse’ is deprecated")
                && f[0].message.contains("citiverse"),
            "{f:?}"
        );
        let s = f[0].suggestion.as_deref().unwrap();
        assert!(s.contains("‘CitiVerse’") && s.contains("FGMV-34"), "{s}");
    }

    #[test]
    fn the_preferred_spelling_or_another_case_of_it_is_not_deprecated() {
        assert!(found("The CitiVerse links city services.", "deprecated-term").is_empty());
        assert!(found("A citiverse links city services.", "deprecated-term").is_empty());
    }

    #[test]
    fn two_spellings_of_one_designation_are_a_synonym_mix_told_apart_by_case() {
        let f = found(
            "The CitiVerse links city services. The Citiverse also does.",
            "synonym-mix",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.starts_with("‘Citiverse’ and ‘CitiVerse’"),
            "{f:?}"
        );
        assert!(f[0].suggestion.as_deref().unwrap().contains("‘CitiVerse’"));
    }

    #[test]
    fn an_abbreviation_used_beside_its_long_form_without_introduction_is_a_synonym_mix() {
        let f = found(
            "Extended reality devices are common. XR content is streamed.",
            "synonym-mix",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("extended-reality"), "{f:?}");
        assert_eq!((f[0].line, f[0].column), (17, 38), "at the abbreviation");
        // Introduced in the text, or in clause 4: not a mix.
        assert!(
            found(
                "Extended reality (XR) devices are common. XR content is streamed.",
                "synonym-mix"
            )
            .is_empty()
        );
        let text = "1 Scope\n\nThis Recommendation describes services.\n\n3 Definitions\n\nNone.\n\n4 Abbreviations and acronyms\n\nThis Recommendation uses the following abbreviations and acronyms:\n\nXR\tExtended Reality\n\n5 Overview\n\nExtended reality devices are common. XR content is streamed.\n";
        let input = DraftInput {
            name: "listed.txt".into(),
            bytes: text.as_bytes(),
            format: None,
        };
        let report = check_draft(&input, &CheckOptions::default(), real()).unwrap();
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule == "abbreviation-unlisted"),
            "clause 4 is read: {:?}",
            report.findings
        );
        assert!(!report.findings.iter().any(|f| f.rule == "synonym-mix"));
    }

    #[test]
    fn an_abbreviation_the_registry_is_not_sure_of_is_left_alone() {
        // "DC" is a data channel only in an abbreviation list: here it is direct current.
        assert!(
            found(
                "The DC level is removed before the data channel is opened.",
                "synonym-mix"
            )
            .is_empty()
        );
    }

    #[test]
    fn admitted_spellings_of_one_form_are_not_a_mix() {
        // The coordinator admits both: "real-time" before a noun, "in real time".
        assert!(
            found(
                "Real-time rendering matters. Users meet in real time.",
                "synonym-mix"
            )
            .is_empty()
        );
    }

    #[test]
    fn short_forms_count_only_as_written() {
        // "ar" and "Mr" are words, not the abbreviations AR and MR.
        assert!(
            found(
                "Augmented reality helps. Mr Smith and ar are words here.",
                "synonym-mix"
            )
            .is_empty()
        );
        assert_eq!(
            found("Augmented reality helps. AR glasses too.", "synonym-mix").len(),
            1
        );
    }
}
