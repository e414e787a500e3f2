//! Part B of the principles, the term itself: `term-case`, `term-plural`, `term-parenthesis`
//! (`duplicate-term` needs all entries and lives with the structure rules).

use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::draft::{Located, TextKind, Zone};
use crate::check::finding::Profile;
use crate::check::format::lines::looks_like_short_form;
use std::collections::BTreeMap;

/// Words that end in "s" without being plurals.
const NOT_PLURAL: &[&str] = &[
    "access",
    "address",
    "analysis",
    "basis",
    "bus",
    "business",
    "campus",
    "class",
    "consensus",
    "corpus",
    "diagnosis",
    "gas",
    "lens",
    "means",
    "news",
    "physics",
    "process",
    "series",
    "species",
    "status",
    "synopsis",
    "thesis",
    "mathematics",
    "ethics",
    "economics",
    "logistics",
    "kinematics",
    "haptics",
    "graphics",
    "analytics",
    "electronics",
    "robotics",
    "dynamics",
    "acoustics",
    "optics",
    "semantics",
    "metaverses",
    "ethernet",
    "focus",
    "bonus",
    "radius",
    "virus",
    "stimulus",
    "apparatus",
    "plus",
    "minus",
    "versus",
    "yes",
    "alias",
    "atlas",
    "canvas",
    "chaos",
    "cosmos",
    "ethos",
    "pathos",
    "iris",
    "axis",
    "crisis",
    "emphasis",
    "hypothesis",
    "parenthesis",
    "synthesis",
    "wireless",
];

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    // Proper nouns are only needed when some term has a capital a short form does not explain.
    let needs_proper = ctx.draft.entries().iter().any(|e| {
        bare_term(e.term.text())
            .split(' ')
            .any(|w| w.chars().next().is_some_and(char::is_uppercase) && !looks_like_short_form(w))
    });
    let proper = if needs_proper {
        proper_nouns(ctx)
    } else {
        BTreeMap::new()
    };
    for e in ctx.draft.entries() {
        let term = e.term.text();
        let bare = bare_term(term);
        case(ctx, sink, e, bare, &proper);
        plural(ctx, sink, e, bare);
        if let Some(inner) =
            term_parenthesis(term).or_else(|| term.trim_start().starts_with('(').then_some(term))
        {
            let is_abbreviation = looks_like_short_form(inner);
            if !is_abbreviation || ctx.profile == Profile::Iso {
                let suggestion = if is_abbreviation {
                    format!("give {} as an admitted term on a line of its own", q(inner))
                } else {
                    format!(
                        "keep {} as the term; give a synonym as a separate term and a qualifier as a domain or in the definition",
                        q(bare)
                    )
                };
                sink.at(
                    "term-parenthesis",
                    &e.term,
                    format!("{} has a synonym or qualifier in parentheses", q(term)),
                    Some(suggestion),
                );
            }
        }
    }
}

/// Capitalised words the draft writes capitalised inside sentences and never in lower case
/// (Internet, Ethernet, Java): proper nouns, which keep their capital in a term.
fn proper_nouns(ctx: &Ctx) -> BTreeMap<String, bool> {
    let w = ctx.words();
    let mut seen: BTreeMap<String, bool> = BTreeMap::new();
    for text in evidence_texts(ctx, None) {
        let mut sentence_start = true;
        for r in w.ranges(text) {
            let word = &text[r.clone()];
            let before = text[..r.start].trim_end();
            // The second part of a compound ("self-declaration") says nothing of the word alone.
            if !sentence_start
                && !text[..r.start].ends_with('-')
                && !before.ends_with(['.', ':', '(', '"', '“', '–', '—'])
            {
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let entry = seen.entry(word.to_lowercase()).or_insert(true);
                *entry &= capital;
            }
            sentence_start = false;
        }
    }
    seen
}

/// The running text, and the definitions and notes of the entries other than `except`: where the
/// draft shows how it writes a word or a name.
fn evidence_texts<'a>(ctx: &'a Ctx, except: Option<usize>) -> Vec<&'a str> {
    let mut out: Vec<&str> = ctx
        .draft
        .text
        .iter()
        .filter(|t| {
            matches!(t.kind, TextKind::Paragraph | TextKind::Note)
                && !matches!(t.zone, Zone::References | Zone::Definitions)
        })
        .map(|t| t.text.text())
        .collect();
    for (i, e) in ctx.draft.entries().iter().enumerate() {
        if Some(i) == except {
            continue;
        }
        out.extend(super::definition::paragraphs(e).map(Located::text));
        out.extend(e.notes.iter().map(|n| n.text.text()));
    }
    out
}

fn case(
    ctx: &Ctx,
    sink: &mut Sink,
    e: &crate::check::draft::TermEntry,
    bare: &str,
    proper: &BTreeMap<String, bool>,
) {
    let words: Vec<&str> = bare.split(' ').filter(|w| !w.is_empty()).collect();
    // A name with an acronym in it ("GPON Transmission Convergence", "OMA Device Management") is
    // a proper name the case of which the draft cannot be told to change: stay silent.
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    if words.len() > 1
        && capitalised == words.len()
        && words.iter().any(|w| looks_like_short_form(w))
    {
        return;
    }
    // A multi-word term the running text writes with the same capitals inside sentences, and the
    // registry does not have in lower case, is used as a name ("International Standard",
    // "Technical Specification").
    if words.len() > 1 && is_name_in_text(ctx, bare) {
        return;
    }
    let mut fixed = Vec::new();
    let mut wrong = false;
    for word in words.iter().copied() {
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        // A single capital letter or a Greek letter is a symbol ("delta T", "Δt").
        let symbol =
            word.chars().count() == 1 || word.chars().any(|c| ('\u{391}'..='\u{3c9}').contains(&c));
        let keeps_capital = symbol
            || looks_like_short_form(word)
            || word.chars().skip(1).any(char::is_uppercase)
            || word.split('-').any(looks_like_short_form)
            || proper.get(&word.to_lowercase()).copied().unwrap_or(false)
            || word.chars().any(|c| c.is_ascii_digit());
        if first_upper && !keeps_capital {
            wrong = true;
            fixed.push(word.to_lowercase());
        } else {
            fixed.push(word.to_string());
        }
    }
    if wrong {
        let fixed = fixed.join(" ");
        // A term in title case ("Board of Appeal") that the draft never writes in lower case
        // and the registry does not have in lower case may be the name of one body or role: the
        // check cannot tell, so it says so as `info`.
        let content: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
        let title_case = words.len() > 1
            && content
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        let lower = bare.to_lowercase();
        let known_lower = ctx.registry.designations().any(|d| d == lower);
        let written_lower = evidence_texts(ctx, None).iter().any(|t| {
            super::definition::find_phrase(t, &lower)
                .into_iter()
                .any(|r| t[r] == lower)
        });
        let unsure = title_case && !known_lower && !written_lower;
        sink.at(
            "term-case",
            &e.term,
            if unsure {
                format!(
                    "term {} is in title case; unless it names one particular body, role or document, write it in lower case",
                    q(e.term.text())
                )
            } else {
                format!("term {} is not in lower case", q(e.term.text()))
            },
            Some(format!(
                "write {} (capitals only for proper nouns and acronyms)",
                q(&fixed)
            )),
        );
        if unsure {
            sink.lower_last(crate::check::Severity::Info);
        }
    }
}

/// True when the running text (outside clause 3) writes `term` with exactly its capitals at least
/// once inside a sentence and never in lower case, and the registry does not have it in lower
/// case: the draft uses it as a name.
fn is_name_in_text(ctx: &Ctx, term: &str) -> bool {
    let lower = term.to_lowercase();
    if ctx.registry.designations().any(|d| d == lower) {
        return false;
    }
    let mut as_written = 0;
    let mut in_lower_case = 0;
    let own = ctx
        .draft
        .entries()
        .iter()
        .position(|e| bare_term(e.term.text()) == term);
    for text in evidence_texts(ctx, own) {
        for r in super::definition::find_phrase(text, &lower) {
            let seen = &text[r.clone()];
            let before = text[..r.start].trim_end();
            if seen == term && !before.is_empty() && !before.ends_with(['.', ':', '!', '?']) {
                as_written += 1;
            } else if seen == lower {
                in_lower_case += 1;
            }
        }
    }
    // Mostly written with its capitals: a stray lower-case use ("a test laboratory") is the
    // common noun beside the name.
    as_written >= 1 && as_written > 3 * in_lower_case
}

fn plural(ctx: &Ctx, sink: &mut Sink, e: &crate::check::draft::TermEntry, bare: &str) {
    let w = ctx.words();
    let head = bare
        .split(" of ")
        .next()
        .unwrap_or(bare)
        .split_whitespace()
        .last()
        .unwrap_or("");
    let lower = head.to_lowercase();
    if lower.len() <= 3 || looks_like_short_form(head) || NOT_PLURAL.contains(&lower.as_str()) {
        return;
    }
    if !lower.ends_with('s')
        || lower.ends_with("ss")
        || lower.ends_with("us")
        || lower.ends_with("is")
    {
        return;
    }
    let singular = if lower.ends_with("ies") {
        format!("{}y", &lower[..lower.len() - 3])
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        lower[..lower.len() - 2].to_string()
    } else {
        lower[..lower.len() - 1].to_string()
    };
    if w.norm(&singular) != w.norm(&lower) {
        return;
    }
    let suggestion = bare.replacen(head, &singular, 1);
    sink.at(
        "term-plural",
        &e.term,
        format!(
            "term {} is a plural; terms are given in their basic form",
            q(e.term.text())
        ),
        Some(format!("write {}", q(&suggestion))),
    );
}
