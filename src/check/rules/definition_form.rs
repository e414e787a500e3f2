//! Part C of the principles, the form of a definition: `definition-multi-sentence`,
//! `definition-not-genus-first`, `definition-start` and `definition-end`, which differ by profile.

use super::definition::paragraphs;
use super::{Ctx, Sink, q};
use crate::check::finding::Profile;
use crate::check::format::lines::looks_like_short_form;

/// Openings that are not the class of the concept.
const BAD_OPENINGS: &[&str] = &[
    "it is",
    "it refers to",
    "refers to",
    "means",
    "in the context of",
    "used to",
    "when",
    "where",
    "this is",
    "composed of",
    "is a",
    "is the",
    "is an",
];

/// Verbs a definition sometimes opens with instead of a noun.
const VERBS: &[&str] = &[
    "represents",
    "corresponds",
    "includes",
    "describes",
    "refers",
    "provides",
    "indicates",
    "denotes",
    "is",
    "are",
    "consists",
    "contains",
    "defines",
    "allows",
    "enables",
    "specifies",
    "comprises",
    "covers",
    "identifies",
    "composed",
    "used",
    "designed",
    "considered",
    "determined",
    "performed",
    "gives",
    "shows",
    "makes",
    "helps",
    "supports",
];

/// Abbreviations whose full stop does not end a sentence.
const NOT_SENTENCE_END: &[&str] = &[
    "e.g.", "i.e.", "etc.", "cf.", "vs.", "No.", "Fig.", "Rec.", "approx.", "incl.", "al.",
];

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for e in ctx.draft.entries() {
        let Some(def) = &e.definition else { continue };
        let t = def.text().trim();
        if t.is_empty() {
            continue;
        }
        // Multi-sentence.
        let extra = sentence_breaks(t);
        if let Some(&at) = extra.first() {
            sink.range(
                "definition-multi-sentence",
                def,
                at..t.len(),
                format!(
                    "the definition of {} has more than one sentence",
                    q(e.term.text())
                ),
                Some("keep one sentence; move explanation into a NOTE".into()),
            );
        } else if let Some(p) = e.more.first() {
            sink.at(
                "definition-multi-sentence",
                p,
                format!(
                    "the definition of {} runs over more than one paragraph",
                    q(e.term.text())
                ),
                Some("keep one sentence; move explanation into a NOTE".into()),
            );
        }
        // Genus first.
        let lower = t.to_lowercase();
        let first_word = lower
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let opening = BAD_OPENINGS
            .iter()
            .find(|o| lower.starts_with(*o) && !lower[o.len()..].starts_with(char::is_alphanumeric))
            .map(|o| o.to_string())
            .or_else(|| VERBS.contains(&first_word).then(|| first_word.to_string()))
            // A pronoun says the concept is something without naming its class: "It represents
            // the limit …", "In NTN, it corresponds to …".
            .or_else(|| {
                let it = if first_word == "it" {
                    Some(0)
                } else if first_word == "in" {
                    lower.find(", it ").filter(|&i| i < 48).map(|i| i + 2)
                } else {
                    None
                }?;
                let after = &lower[it + 3..];
                let verb_len = after
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(after.len());
                (verb_len > 0).then(|| lower[..it + 3 + verb_len].to_string())
            })
            // Case folding may change byte lengths: the opening is shown from the text as
            // written only where its length falls on a character boundary there.
            .filter(|o| t.is_char_boundary(o.len().min(t.len())));
        if let Some(o) = opening {
            sink.range(
                "definition-not-genus-first",
                def,
                0..o.len().min(t.len()),
                format!("the definition of {} opens with \"{}\" instead of the class the concept belongs to", q(e.term.text()), &t[..o.len().min(t.len())]),
                Some("start with the broader concept, e.g. \"A system that …\", \"Process by which …\"".into()),
            );
        }
        start(ctx, sink, e, def);
        end(ctx, sink, e);
    }
}

/// Byte offsets where a new sentence starts inside `t`.
fn sentence_breaks(t: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, _) in t.match_indices(". ") {
        let before = &t[..=i];
        if NOT_SENTENCE_END.iter().any(|a| before.ends_with(a)) {
            continue;
        }
        let last_word = before.rsplit(' ').next().unwrap_or("");
        if last_word.len() <= 3 && last_word.chars().next().is_some_and(char::is_uppercase) {
            continue; // initials: "J. Smith", "Fig."
        }
        let next = t[i + 2..].chars().next();
        if next.is_some_and(char::is_uppercase) {
            out.push(i + 2);
        }
    }
    out
}

fn start(
    ctx: &Ctx,
    sink: &mut Sink,
    e: &crate::check::draft::TermEntry,
    def: &crate::check::draft::Located,
) {
    let t = def.text().trim_start_matches(['"', '“', '(', '\'', ' ']);
    let Some(first) = t.chars().next() else {
        return;
    };
    let first_word = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    match ctx.profile {
        Profile::Itu => {
            if first.is_lowercase() && !looks_like_short_form(first_word) {
                sink.range(
                    "definition-start",
                    def,
                    0..first.len_utf8(),
                    format!(
                        "the definition of {} does not start with a capital letter",
                        q(e.term.text())
                    ),
                    Some(format!(
                        "write \"{}{}\"",
                        first.to_uppercase(),
                        &t[first.len_utf8()..].chars().take(30).collect::<String>()
                    )),
                );
            }
        }
        Profile::Iso => {
            let lower = first_word.to_lowercase();
            if matches!(lower.as_str(), "a" | "an" | "the") {
                sink.range(
                    "definition-start",
                    def,
                    0..first_word.len(),
                    format!(
                        "the definition of {} starts with an article",
                        q(e.term.text())
                    ),
                    Some(
                        "drop the article: an ISO definition starts with the class, in lower case"
                            .into(),
                    ),
                );
            } else if first.is_uppercase()
                && !looks_like_short_form(first_word)
                && !first_word.chars().skip(1).any(char::is_uppercase)
                && !starts_with_capitalised_term(ctx, t)
            {
                sink.range(
                    "definition-start",
                    def,
                    0..first.len_utf8(),
                    format!(
                        "the definition of {} starts with a capital letter",
                        q(e.term.text())
                    ),
                    Some("start in lower case (unless a proper noun or an acronym)".into()),
                );
            }
        }
    }
}

/// True when `text` opens with a term the draft itself defines with a capital ("Test Laboratory
/// that is designated …"): the draft uses that term as a name, so the capital is the name's.
fn starts_with_capitalised_term(ctx: &Ctx, text: &str) -> bool {
    ctx.draft.entries().iter().any(|e| {
        let term = super::bare_term(e.term.text());
        term.chars().next().is_some_and(char::is_uppercase)
            && text.starts_with(term)
            && !text[term.len()..].starts_with(char::is_alphanumeric)
    })
}

fn end(ctx: &Ctx, sink: &mut Sink, e: &crate::check::draft::TermEntry) {
    if e.ends_with_formula {
        return;
    }
    let Some(last) = paragraphs(e).last() else {
        return;
    };
    let t = last.text().trim_end();
    let core = t.trim_end_matches(['"', '”', '’', ')', ']', '\'']);
    let Some(lastc) = core.chars().last() else {
        return;
    };
    let at = last.text().trim_end().len();
    match ctx.profile {
        Profile::Itu if lastc != '.' && !core.ends_with(':') => sink.range(
            "definition-end",
            last,
            at..at,
            format!(
                "the definition of {} does not end with a full stop",
                q(e.term.text())
            ),
            Some("end the definition with \".\"".into()),
        ),
        Profile::Iso if lastc == '.' && !NOT_SENTENCE_END.iter().any(|a| core.ends_with(a)) => sink
            .range(
                "definition-end",
                last,
                at.saturating_sub(1)..at,
                format!(
                    "the definition of {} ends with a full stop",
                    q(e.term.text())
                ),
                Some("drop the final \".\" (ISO definitions are not sentences)".into()),
            ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_breaks_skip_abbreviations() {
        assert!(sentence_breaks("A thing, e.g. A box.").is_empty());
        assert_eq!(sentence_breaks("A thing. It is big.").len(), 1);
    }
}
