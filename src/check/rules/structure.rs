//! Part A of the principles, the structure of clause 3: `clause3-missing`, `clause3-lead-in`,
//! `entry-order`, `elsewhere-without-reference`, `unresolved-reference`, `duplicate-term` and
//! `defined-term-unused`.

use super::{Ctx, Sink, bare_term, q, term_parenthesis};
use crate::check::automaton;
use crate::check::draft::{Origin, Pos, Zone};
use aho_corasick::AhoCorasick;
use std::collections::BTreeMap;

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let Some(c3) = &ctx.draft.clause3 else {
        sink.pos(
            "clause3-missing",
            Pos::new(1, 1),
            "no Definitions clause (clause 3) found".into(),
            Some("add clause 3 \"Definitions\"; if the document defines no terms, it must still say \"None.\"".into()),
        );
        return;
    };
    let says_none = |intro: &[crate::check::draft::Located]| {
        intro.iter().any(|p| {
            p.text()
                .trim()
                .trim_end_matches('.')
                .eq_ignore_ascii_case("none")
        })
    };
    // "the terms given in O-RAN.WG6.CADS [6] … apply": clause 3 takes its terms from another
    // document by reference, which is a content of its own.
    let by_reference = c3.groups.iter().any(|g| {
        g.intro.iter().any(|p| {
            let t = p.text().to_lowercase();
            ["given in", "defined in", "see section", "see clause"]
                .iter()
                .any(|k| t.contains(k))
        })
    });
    if c3.entries.is_empty() && !by_reference && !c3.groups.iter().any(|g| says_none(&g.intro)) {
        sink.at(
            "clause3-missing",
            &c3.heading.title,
            "clause 3 has no entries and does not say \"None.\"".into(),
            Some("write \"None.\" under the heading".into()),
        );
    }
    lead_ins(ctx, sink);
    order(ctx, sink);
    references(ctx, sink);
    duplicates(ctx, sink);
    unused(ctx, sink);
}

fn lead_ins(ctx: &Ctx, sink: &mut Sink) {
    let Some(c3) = &ctx.draft.clause3 else { return };
    let doc = &ctx.draft.doc_type;
    for (gi, g) in c3.groups.iter().enumerate() {
        if g.origin == Origin::Unsplit || g.has_subgroups {
            continue;
        }
        let count = c3.entries.iter().filter(|e| e.group == gi).count();
        let (wanted, key) = match (g.origin, count) {
            (_, 0) => ("None.".to_string(), "none"),
            (Origin::Elsewhere, n) => (
                format!(
                    "This {doc} uses the following term{} defined elsewhere:",
                    if n == 1 { "" } else { "s" }
                ),
                "defined elsewhere",
            ),
            (_, n) => (
                format!(
                    "This {doc} defines the following term{}:",
                    if n == 1 { "" } else { "s" }
                ),
                "defines the following",
            ),
        };
        let label = g.number.as_deref().unwrap_or("the sub-clause");
        if count == 0 {
            match g.intro.iter().find(|p| {
                p.text()
                    .trim()
                    .trim_end_matches('.')
                    .eq_ignore_ascii_case("none")
            }) {
                Some(p) if !p.text().trim_end().ends_with('.') => {
                    sink.at(
                        "clause3-lead-in",
                        p,
                        format!("{label} says \"{}\" without its full stop", p.text().trim()),
                        Some("write \"None.\"".into()),
                    );
                }
                Some(_) => {}
                // "See Section 2 of [ACAL-Core-1.0]": the sub-clause takes its terms from another
                // document by reference, which is a content of its own.
                None if g.intro.iter().any(|p| {
                    let t = p.text().to_lowercase();
                    ["see section", "see clause", "defined in", "given in"]
                        .iter()
                        .any(|k| t.contains(k))
                }) => {}
                None => sink.at(
                    "clause3-lead-in",
                    &g.title,
                    format!("{label} has no entries and does not say \"None.\""),
                    Some("write \"None.\"".into()),
                ),
            }
            continue;
        }
        match g.intro.iter().find(|p| p.text().contains(key)) {
            None => sink.at(
                "clause3-lead-in",
                &g.title,
                format!("{label} lacks its lead-in sentence"),
                Some(format!("start {label} with \"{wanted}\"")),
            ),
            Some(p) => {
                let t = p.text();
                if let Some(rest) = t.strip_prefix("This ") {
                    let said = rest
                        .split(" uses")
                        .next()
                        .unwrap_or("")
                        .split(" defines")
                        .next()
                        .unwrap_or("");
                    if !said.eq_ignore_ascii_case(doc) && !said.is_empty() && said.len() < 40 {
                        sink.at("clause3-lead-in", p, format!("the lead-in of {label} says \"This {said}\" but the document is a {doc}"), Some(format!("write \"{wanted}\"")));
                    }
                }
            }
        }
    }
}

/// Sort key of a term for alphabetical order: letters and digits, case and punctuation ignored.
fn collation_key(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim()
        .to_string()
}

fn order(ctx: &Ctx, sink: &mut Sink) {
    let Some(c3) = &ctx.draft.clause3 else { return };
    for (gi, g) in c3.groups.iter().enumerate() {
        if g.origin == Origin::Unsplit {
            continue;
        }
        let entries: Vec<_> = c3.entries.iter().filter(|e| e.group == gi).collect();
        for pair in entries.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if collation_key(bare_term(b.term.text())) < collation_key(bare_term(a.term.text())) {
                sink.at(
                    "entry-order",
                    &b.term,
                    format!(
                        "{} is out of alphabetical order: it comes after {}",
                        q(b.term.text()),
                        q(a.term.text())
                    ),
                    Some(format!(
                        "move {} before {}",
                        q(b.term.text()),
                        q(a.term.text())
                    )),
                );
            }
        }
    }
}

/// A citation tag reduced for comparison: case, `b-` prefix, underscores, edition year and
/// clause pointers ignored ("b-ITU-T_X.743(98), clause 3" ~ "ITU-T X.743").
pub fn tag_key(tag: &str) -> String {
    let t = tag.trim();
    let t = t
        .strip_prefix("b-")
        .or_else(|| t.strip_prefix("B-"))
        .unwrap_or(t);
    let t = t.split(", ").next().unwrap_or(t);
    let t = match t.rfind('(') {
        Some(i) if t.ends_with(')') && i > 0 => &t[..i],
        _ => t,
    };
    t.replace(['_', '\u{a0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn references(ctx: &Ctx, sink: &mut Sink) {
    let known: std::collections::BTreeSet<String> = ctx
        .draft
        .reference_tags
        .iter()
        .map(|t| tag_key(t))
        .collect();
    for e in ctx.draft.entries() {
        match &e.citation {
            None if e.origin == Origin::Elsewhere => sink.at(
                "elsewhere-without-reference",
                &e.term,
                format!("{} is in \"terms defined elsewhere\" but cites no source", q(e.term.text())),
                Some(format!("add the citation tag after the term, e.g. \"{} [b-ITU-T X.nnn]:\", and list the source", e.term.text())),
            ),
            Some(tag) if !known.contains(&tag_key(tag.text())) => sink.at(
                "unresolved-reference",
                tag,
                format!("citation [{}] is listed neither in clause 2 References nor in the Bibliography", tag.text()),
                Some("add the source to clause 2 (normative) or to the Bibliography with a [b-…] tag".into()),
            ),
            _ => {}
        }
    }
}

fn duplicates(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    let mut seen: BTreeMap<String, &crate::check::draft::TermEntry> = BTreeMap::new();
    for e in ctx.draft.entries() {
        let key = w.norm_phrase(bare_term(e.term.text()));
        if key.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(first) => sink.at(
                "duplicate-term",
                &e.term,
                format!(
                    "{} is defined twice: already at {} (line {})",
                    q(e.term.text()),
                    first.number.as_deref().unwrap_or("an earlier entry"),
                    first.term.start().line
                ),
                Some("keep one entry; move the other's content into it or into a NOTE".into()),
            ),
            None => {
                seen.insert(key, e);
            }
        }
    }
}

fn unused(ctx: &Ctx, sink: &mut Sink) {
    let w = ctx.words();
    let candidates: Vec<_> = ctx
        .draft
        .entries()
        .iter()
        .filter(|e| e.origin != Origin::Elsewhere)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut body = String::from(" ");
    for t in ctx.draft.text.iter().filter(|t| {
        !matches!(
            t.zone,
            Zone::Definitions | Zone::Abbreviations | Zone::References
        )
    }) {
        if ctx.cancelled() {
            return;
        }
        body.push_str(&w.norm_phrase(t.text.text()));
        body.push_str(" | ");
    }
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    for (i, e) in candidates.iter().enumerate() {
        let mut forms = vec![bare_term(e.term.text()).to_string()];
        forms.extend(term_parenthesis(e.term.text()).map(str::to_string));
        forms.extend(e.admitted.iter().map(|a| a.text().to_string()));
        for f in forms {
            let n = w.norm_phrase(&f);
            if !n.is_empty() {
                patterns.push(format!(" {n} "));
                owner.push(i);
            }
        }
    }
    let Ok(ac) = automaton::build(&mut AhoCorasick::builder(), &patterns) else {
        return;
    };
    let mut used = vec![false; candidates.len()];
    for (step, m) in ac.find_overlapping_iter(&body).enumerate() {
        if ctx.cancelled_at(step) {
            return;
        }
        used[owner[m.pattern().as_usize()]] = true;
    }
    for (e, used) in candidates.iter().zip(used) {
        if !used {
            sink.at(
                "defined-term-unused",
                &e.term,
                format!(
                    "{} is defined but never used outside clause 3",
                    q(e.term.text())
                ),
                Some("use the term in the text, or remove the definition".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_compare_without_prefix_year_or_underscores() {
        assert_eq!(tag_key("b-ITU-T_X.743(98)"), tag_key("ITU-T X.743"));
        assert_eq!(tag_key("ISO7301, clause 3.1"), "iso7301");
    }

    #[test]
    fn collation_ignores_case_and_punctuation() {
        assert!(collation_key("Peer-to-peer") > collation_key("peer list"));
        assert!(collation_key("bitstream") < collation_key("sequence"));
    }
}
