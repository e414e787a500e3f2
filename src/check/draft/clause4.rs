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
                if let Some((s, l)) = abbreviation_line(t) {
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
