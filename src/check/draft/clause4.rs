//! Clause 4 from its blocks: the abbreviation list (definition-list items, "XR  extended reality"
//! lines, or short and long forms in separate paragraphs) and the paragraphs around it.

use super::block::{Block, BlockKind};
use super::{Abbreviation, Clause4, Section};
use crate::check::format::lines::{abbreviation_line, looks_like_short_form};

/// Builds clause 4 from the blocks between its heading (`start`) and `end`, marking them taken.
pub(super) fn clause4(
    blocks: &[Block],
    start: usize,
    end: usize,
    heading: &Section,
    taken: &mut [bool],
) -> Clause4 {
    let mut c = Clause4 {
        heading: heading.clone(),
        intro: vec![],
        items: vec![],
    };
    let mut i = start + 1;
    while i < end {
        let b = &blocks[i];
        if b.is_heading() {
            i += 1;
            continue; // sub-headings stay running text
        }
        taken[i] = true;
        let t = b.text.text();
        match &b.kind {
            BlockKind::DefinitionItem { label } => c.items.push(Abbreviation {
                short: label.clone(),
                long: b.text.clone(),
            }),
            BlockKind::Paragraph => {
                if let Some((s, l)) = abbreviation_line(t).or_else(|| spaced_item(t)) {
                    c.items.push(Abbreviation {
                        short: b.text.slice(s),
                        long: b.text.slice(l),
                    });
                } else if looks_like_short_form(t.trim())
                    && blocks.get(i + 1).is_some_and(|n| {
                        matches!(n.kind, BlockKind::Paragraph)
                            && i + 1 < end
                            && !looks_like_short_form(n.text.text().trim())
                    })
                {
                    // Short and long form in separate paragraphs (a Word table without borders).
                    taken[i + 1] = true;
                    c.items.push(Abbreviation {
                        short: b.text.trim(),
                        long: blocks[i + 1].text.clone(),
                    });
                    i += 1;
                } else {
                    c.intro.push(b.text.clone());
                }
            }
            _ => c.intro.push(b.text.clone()),
        }
        i += 1;
    }
    c
}

/// "BPSK Binary Phase Shift Keying": a short form and its expansion separated by one space (3GPP
/// and ETSI lists), accepted when the capitals of the short form appear in order among the
/// capitals of the expansion, which is what makes the rest an expansion of it.
fn spaced_item(t: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let (short, long) = t.split_once(' ')?;
    let long = long.trim();
    if !looks_like_short_form(short) || !long.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    // Physical Broadcast CHannel: a capital may stand for any letter of a word, in order; the
    // first must be the expansion's first letter.
    let mut letters = long.chars().flat_map(char::to_uppercase);
    let mut wanted = short.chars().filter(char::is_ascii_uppercase);
    let first_agrees = wanted.next().is_some_and(|c| long.starts_with(c));
    let agrees = first_agrees && wanted.all(|c| letters.any(|l| l == c));
    let start = t.len() - t[short.len()..].trim_start().len();
    agrees.then(|| (0..short.len(), start..start + long.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_form_and_its_expansion_may_be_separated_by_one_space() {
        let t = "QPX Quick Packet eXchange";
        let (s, l) = spaced_item(t).unwrap();
        assert_eq!((&t[s], &t[l]), ("QPX", "Quick Packet eXchange"));
        assert!(spaced_item("QPX Something else entirely").is_none());
        assert!(spaced_item("The text goes on").is_none());
    }
}
