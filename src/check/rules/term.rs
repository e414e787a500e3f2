//! Part B of the principles, the term itself: `term-case`, `term-plural`, `term-parenthesis`
//! (`duplicate-term` needs all entries and lives with the structure rules).

use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::automaton;
use crate::check::draft::{TextKind, Zone};
use crate::check::finding::Profile;
use crate::check::format::lines::looks_like_short_form;
use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};
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
    let writings = Writings::new(ctx);
    for e in ctx.draft.entries() {
        if ctx.cancelled() {
            return;
        }
        let term = e.term.text();
        let bare = bare_term(term);
        case(sink, e, bare, &proper, &writings);
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
    for (_, text) in evidence_texts(ctx) {
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

/// The running text, and the definitions and notes of the entries, each with the entry it
/// belongs to (`None` for the running text): where the draft shows how it writes a word or a
/// name.
fn evidence_texts<'a>(ctx: &'a Ctx) -> Vec<(Option<usize>, &'a str)> {
    let mut out: Vec<(Option<usize>, &str)> = ctx
        .draft
        .text
        .iter()
        .filter(|t| {
            matches!(t.kind, TextKind::Paragraph | TextKind::Note)
                && !matches!(t.zone, Zone::References | Zone::Definitions)
        })
        .map(|t| (None, t.text.text()))
        .collect();
    for (i, e) in ctx.draft.entries().iter().enumerate() {
        out.extend(super::definition::paragraphs(e).map(|p| (Some(i), p.text())));
        out.extend(e.notes.iter().map(|n| (Some(i), n.text.text())));
    }
    out
}

fn case(
    sink: &mut Sink,
    e: &crate::check::draft::TermEntry,
    bare: &str,
    proper: &BTreeMap<String, bool>,
    writings: &Writings,
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
    if words.len() > 1 && writings.is_name(bare) {
        return;
    }
    // A name at the start of a term ("Monte Carlo method", "Reed Solomon code"): two or more
    // capitalised words before lower-case ones, none of which the draft ever writes in lower
    // case inside a sentence. A capital put there by mistake touches the first word only, and a
    // term in title case capitalises them all.
    let upper = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let lead = words
        .iter()
        .take_while(|w| upper(w) && !looks_like_short_form(w))
        .count();
    let leading_name = lead >= 2
        && lead < words.len()
        && !words[lead..].iter().any(upper)
        && words[..lead]
            .iter()
            .all(|w| proper.get(&w.to_lowercase()) != Some(&false));
    let mut fixed = Vec::new();
    let mut wrong = false;
    for (k, word) in words.iter().copied().enumerate() {
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        // A single capital letter or a Greek letter is a symbol ("delta T", "Δt").
        let symbol =
            word.chars().count() == 1 || word.chars().any(|c| ('\u{391}'..='\u{3c9}').contains(&c));
        let keeps_capital = symbol
            || looks_like_short_form(word)
            || word.chars().skip(1).any(char::is_uppercase)
            || word.split('-').any(looks_like_short_form)
            || proper.get(&word.to_lowercase()).copied().unwrap_or(false)
            || word.chars().any(|c| c.is_ascii_digit())
            || (leading_name && k < lead);
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
        let known_lower = writings.designations.contains(lower.as_str());
        let written_lower = writings.lower_anywhere.contains(lower.as_str());
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

/// How the draft writes its terms, for `term-case`: found for all the terms at once, with one
/// automaton over their lower-case forms and one pass over the texts, not a search of the whole
/// draft per term.
struct Writings<'a> {
    /// The registry's designations as displayed.
    designations: FxHashSet<&'a str>,
    /// Lower-case terms the texts (running text, definitions and notes) write in lower case.
    lower_anywhere: FxHashSet<String>,
    /// Per term as written (bare): how often the running text and the other entries write it
    /// with exactly its capitals inside a sentence, and how often in lower case.
    counts: FxHashMap<&'a str, (usize, usize)>,
}

impl<'a> Writings<'a> {
    fn new(ctx: &'a Ctx) -> Writings<'a> {
        let designations: FxHashSet<&str> = ctx.registry.designations().collect();
        let mut out = Writings {
            designations,
            lower_anywhere: FxHashSet::default(),
            counts: FxHashMap::default(),
        };
        // The terms `case` may ask about: multi-word ones ([`Writings::is_name`]) and those with a
        // capital (whether the draft writes them in lower case).
        let entries = ctx.draft.entries();
        let mut own: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            let bare = bare_term(e.term.text());
            if bare.split(' ').filter(|w| !w.is_empty()).count() > 1
                || bare.chars().any(char::is_uppercase)
            {
                own.entry(bare).or_insert(i);
            }
        }
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut terms_of: Vec<Vec<(&str, usize)>> = Vec::new();
        for (&bare, &i) in &own {
            let lower = bare.to_lowercase();
            if lower.is_empty() {
                continue;
            }
            let next = ids.len();
            let id = *ids.entry(lower).or_insert(next);
            if id == next {
                terms_of.push(Vec::new());
            }
            terms_of[id].push((bare, i));
        }
        if ids.is_empty() {
            return out;
        }
        let mut patterns = vec![""; ids.len()];
        for (lower, &id) in &ids {
            patterns[id] = lower.as_str();
        }
        let Ok(ac) = automaton::build(&mut AhoCorasick::builder(), &patterns) else {
            return out;
        };
        let mut found = vec![false; ids.len()];
        // Where the last look at each term in the current text ended: the texts are read as
        // `find_phrase` reads them, each occurrence after the end of the one before.
        let mut last_end: FxHashMap<usize, usize> = FxHashMap::default();
        for (owner, text) in evidence_texts(ctx) {
            if ctx.cancelled() {
                break;
            }
            let hay = super::definition::folded(text);
            last_end.clear();
            for (step, m) in ac.find_overlapping_iter(&*hay).enumerate() {
                if ctx.cancelled_at(step) {
                    break;
                }
                let id = m.pattern().as_usize();
                let r = m.range();
                if last_end.get(&id).is_some_and(|&end| r.start < end) {
                    continue;
                }
                last_end.insert(id, r.end);
                let before = hay[..r.start].chars().next_back();
                let after = hay[r.end..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let seen = &text[r.clone()];
                let lower = patterns[id];
                if seen == lower {
                    found[id] = true;
                }
                let prefix = text[..r.start].trim_end();
                for &(term, i) in &terms_of[id] {
                    if owner == Some(i) {
                        continue;
                    }
                    let count = out.counts.entry(term).or_default();
                    if seen == term && !prefix.is_empty() && !prefix.ends_with(['.', ':', '!', '?'])
                    {
                        count.0 += 1;
                    } else if seen == lower {
                        count.1 += 1;
                    }
                }
            }
        }
        out.lower_anywhere = ids
            .into_iter()
            .filter(|(_, id)| found[*id])
            .map(|(lower, _)| lower)
            .collect();
        out
    }

    /// True when the running text (outside clause 3) and the other entries write `term` with
    /// exactly its capitals at least once inside a sentence and never in lower case, and the
    /// registry does not have it in lower case: the draft uses it as a name.
    fn is_name(&self, term: &str) -> bool {
        if self.designations.contains(term.to_lowercase().as_str()) {
            return false;
        }
        let (as_written, in_lower_case) = self.counts.get(term).copied().unwrap_or_default();
        // Mostly written with its capitals: a stray lower-case use ("a test laboratory") is the
        // common noun beside the name.
        as_written >= 1 && as_written > 3 * in_lower_case
    }
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
