//! `note-format`: ITU notes read "NOTE –" (one note) or "NOTE 1 –", "NOTE 2 –" … (several, no
//! gaps); ISO notes to entry read "Note 1 to entry:". Labels the markup generates (AsciiDoc
//! `NOTE:`) are not the author's to format but still count in the numbering.

use super::{Ctx, Sink};
use crate::check::draft::{Located, TextKind, Zone};
use crate::check::finding::Profile;

/// The label of a written note: (number, byte length of the label including its separator, the
/// separator as written).
fn label(t: &str) -> Option<(Option<u32>, usize, String)> {
    let rest = t.strip_prefix("NOTE").or_else(|| t.strip_prefix("Note"))?;
    let after_word = t.len() - rest.len();
    let digits_start = rest.len() - rest.trim_start().len();
    let num_str: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let number = num_str.parse().ok();
    let after_num = after_word
        + if number.is_some() {
            digits_start + num_str.len()
        } else {
            0
        };
    let tail = &t[after_num..];
    let skip = if tail.starts_with(" to entry") {
        " to entry".len()
    } else {
        0
    };
    let sep_end = skip
        + tail[skip..]
            .find(char::is_alphanumeric)
            .unwrap_or(tail.len() - skip);
    let sep = tail[..sep_end].to_string();
    Some((number, after_num + sep_end, sep))
}

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for e in ctx.draft.entries() {
        let total = e.notes.len();
        for (i, n) in e.notes.iter().enumerate() {
            if n.generated_label {
                continue;
            }
            one(ctx, sink, &n.text, Some((i + 1, total)));
        }
    }
    // Front matter is the publisher's boilerplate: its "NOTE" heading (the ITU template's note on
    // "Administration") is a title, not a note label.
    for t in ctx
        .draft
        .text
        .iter()
        .filter(|t| t.kind == TextKind::Note && t.zone != Zone::Front)
    {
        let text = t.text.text();
        let has_body = label(text).is_some_and(|(_, len, _)| !text[len..].trim().is_empty());
        if has_body && (t.text.text().starts_with("NOTE") || t.text.text().starts_with("Note ")) {
            one(ctx, sink, &t.text, None);
        }
    }
}

/// True for the ITU separator " – ": an en dash with white space on both sides, of any kind (the
/// ITU Word template writes no-break spaces around it).
fn is_itu_separator(sep: &str) -> bool {
    match sep.split_once('–') {
        Some((before, after)) => {
            !before.is_empty()
                && !after.is_empty()
                && before.chars().all(char::is_whitespace)
                && after.chars().all(char::is_whitespace)
        }
        None => false,
    }
}

/// Checks one written note; `place` is (1-based index, count) among the notes of a term entry.
fn one(ctx: &Ctx, sink: &mut Sink, text: &Located, place: Option<(usize, usize)>) {
    let Some((number, len, sep)) = label(text.text()) else {
        return;
    };
    let shown = text.text()[..len].trim_end().to_string();
    match ctx.profile {
        Profile::Itu => {
            let expected_number = match place {
                Some((i, n)) if n > 1 => Some(i as u32),
                Some(_) => None,
                None => number,
            };
            let expected = match expected_number {
                Some(k) => format!("NOTE {k} –"),
                None => "NOTE –".to_string(),
            };
            let ok_sep = is_itu_separator(&sep);
            let ok_word = text.text().starts_with("NOTE");
            if !ok_sep || !ok_word || number != expected_number {
                let why = if !ok_word || !ok_sep {
                    format!("note label \"{shown}\" is not in ITU form")
                } else {
                    format!(
                        "note label \"{shown}\" breaks the numbering of the notes to this entry"
                    )
                };
                sink.range(
                    "note-format",
                    text,
                    0..len,
                    why,
                    Some(format!("write \"{expected} \"")),
                );
            }
        }
        Profile::Iso => {
            if place.is_some()
                && !(text.text().starts_with("Note ")
                    && sep.starts_with(" to entry:")
                    && number.is_some())
            {
                let k = place.map_or(1, |p| p.0);
                sink.range(
                    "note-format",
                    text,
                    0..len,
                    format!("note label \"{shown}\" is not in ISO form"),
                    Some(format!("write \"Note {k} to entry: \"")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_split_from_their_text() {
        assert_eq!(label("NOTE – text"), Some((None, 9, " – ".into())));
        assert_eq!(
            label("NOTE 4: text").map(|l| (l.0, l.2)),
            Some((Some(4), ": ".into()))
        );
        assert_eq!(
            label("Note 1 to entry: text").map(|l| (l.0, l.2)),
            Some((Some(1), " to entry: ".into()))
        );
        assert_eq!(label("EXAMPLE"), None);
    }

    #[test]
    fn any_unicode_space_around_the_dash_is_the_itu_form() {
        for written in [
            "NOTE – text",
            "NOTE\u{a0}–\u{a0}text",
            "NOTE 1\u{a0}– text",
            "NOTE 2\u{202f}–\u{2009}text",
        ] {
            let (_, _, sep) = label(written).unwrap();
            assert!(is_itu_separator(&sep), "{written:?}");
        }
        for written in ["NOTE: text", "NOTE–text", "NOTE - text"] {
            let (_, _, sep) = label(written).unwrap();
            assert!(!is_itu_separator(&sep), "{written:?}");
        }
    }
}
