//! Clause 3 from its blocks: groups (3.1 elsewhere, 3.2 here, or topic groups), entries written as
//! headings (AsciiDoc, Markdown, ISO layout) or as one paragraph (`3.2.1 term [tag]: definition`),
//! and what follows each entry (synonyms, further definition text, notes, source, equations).

use super::block::{Block, BlockKind};
use super::entry::{parse_entry, source_tag};
use super::{Clause3, Located, Note, Origin, Section, TermEntry, TermGroup};

fn origin_of(title: &str) -> Option<Origin> {
    let t = title.to_ascii_lowercase();
    if t.contains("elsewhere") {
        Some(Origin::Elsewhere)
    } else if t.contains("defined in this")
        || t.contains("defined here")
        || (t.starts_with("terms defined") && t.contains("this"))
    {
        Some(Origin::Here)
    } else {
        None
    }
}

/// Builds clause 3 from the blocks between its heading (`start`) and `end`, marking them taken.
pub(super) fn clause3(
    blocks: &[Block],
    start: usize,
    end: usize,
    heading: &Section,
    taken: &mut [bool],
) -> Clause3 {
    let mut c = Clause3 {
        heading: heading.clone(),
        groups: vec![TermGroup {
            number: heading.number.clone(),
            title: heading.title.clone(),
            origin: Origin::Unsplit,
            intro: vec![],
            has_subgroups: false,
        }],
        entries: vec![],
    };
    let level_of = |i: usize| match &blocks[i].kind {
        BlockKind::Heading { level, .. } => *level,
        _ => usize::MAX,
    };
    // Group stack: (level, group index).
    let mut stack: Vec<(usize, usize)> = vec![(level_of(start), 0)];
    let mut i = start + 1;
    let mut current: Option<usize> = None; // entry being filled
    let mut skipping_struck = false;
    while i < end {
        let b = &blocks[i];
        taken[i] = true;
        if let BlockKind::Heading {
            level,
            number,
            role,
            ..
        } = &b.kind
        {
            current = None;
            skipping_struck = false;
            while stack.len() > 1 && stack.last().is_some_and(|&(l, _)| l >= *level) {
                stack.pop();
            }
            let next_heading = (i + 1..end).find(|&j| blocks[j].is_heading());
            let is_leaf = next_heading.is_none_or(|j| level_of(j) <= *level);
            let has_paragraph_entries = (i + 1..next_heading.unwrap_or(end)).any(|j| {
                matches!(blocks[j].kind, BlockKind::Paragraph)
                    && parse_entry(&blocks[j].text, false).is_some()
            });
            let parent = stack.last().map_or(0, |&(_, g)| g);
            // A sub-clause that says only "None." or "Void" ("2.1.3 Related terms  None.") is an
            // empty group, not a term.
            let says_only_none = {
                let body: Vec<&Block> = blocks[i + 1..next_heading.unwrap_or(end)].iter().collect();
                !body.is_empty()
                    && body.iter().all(|b| {
                        let t = b
                            .text
                            .text()
                            .trim()
                            .trim_end_matches('.')
                            .to_ascii_lowercase();
                        t == "none" || t == "void" || t.is_empty()
                    })
            };
            // "`Node`" then ": A single element …" (a Markdown definition list): the entries of
            // the group are written below the heading, so the heading is the group's.
            let has_definition_list_entries = (i + 1..next_heading.unwrap_or(end))
                .any(|j| definition_list_entry(blocks, j, end).is_some());
            // A sub-clause marked as not a term (Metanorma `[.nonterm]`): its text is the
            // clause's own, like a group's lead-in.
            let not_a_term = role.as_deref() == Some("nonterm");
            if says_only_none
                || not_a_term
                || has_definition_list_entries
                || !is_leaf
                || has_paragraph_entries
                || origin_of(b.text.text()).is_some()
                || is_group_title(b.text.text())
            {
                // The parent now holds a group; a heading's own entry headings (AsciiDoc
                // writes each term as a heading) do not make it a group of groups.
                c.groups[parent].has_subgroups = true;
                let origin = origin_of(b.text.text()).unwrap_or(c.groups[parent].origin);
                c.groups.push(TermGroup {
                    number: number.clone(),
                    title: b.text.clone(),
                    origin,
                    intro: vec![],
                    has_subgroups: false,
                });
                stack.push((*level, c.groups.len() - 1));
            } else if b.text.text().trim().is_empty() {
                skipping_struck = true; // a struck-out entry: its blocks are not live
            } else {
                let (term, citation) = split_citation(&b.text);
                c.entries.push(new_entry(
                    number.clone(),
                    term,
                    citation,
                    None,
                    c.groups[parent].origin,
                    parent,
                ));
                current = Some(c.entries.len() - 1);
            }
            i += 1;
            continue;
        }
        if skipping_struck {
            i += 1;
            continue;
        }
        let group = stack.last().map_or(0, |&(_, g)| g);
        if let Some((term, definition)) = definition_list_entry(blocks, i, end) {
            let (term, citation) = split_citation(&term);
            c.entries.push(new_entry(
                None,
                term,
                citation,
                Some(definition),
                c.groups[group].origin,
                group,
            ));
            current = Some(c.entries.len() - 1);
            taken[i + 1] = true;
            i += 2;
            continue;
        }
        if matches!(b.kind, BlockKind::Paragraph) {
            // Unnumbered entries ("Feeder link: Wireless link …", as 3GPP and ETSI write them)
            // follow one another: after an unnumbered entry, another "term: definition"
            // paragraph starts the next entry rather than continuing the definition.
            let sibling_of_unnumbered = current.is_some_and(|k| c.entries[k].number.is_none());
            if let Some(p) = parse_entry(&b.text, current.is_none() || sibling_of_unnumbered)
                .filter(|p| p.number.is_some() || !is_note_label(p.term.text()))
            {
                let looks_like_lead_in =
                    p.number.is_none() && b.text.text().trim_end().ends_with(':');
                if !looks_like_lead_in {
                    let def = (!p.definition.is_empty()).then_some(p.definition);
                    c.entries.push(new_entry(
                        p.number,
                        p.term,
                        p.citation,
                        def,
                        c.groups[group].origin,
                        group,
                    ));
                    current = Some(c.entries.len() - 1);
                    i += 1;
                    continue;
                }
            }
        }
        // The Directives' fixed sentence on the terminology databases, and its two list items,
        // belong to the clause wherever they stand, not to the entry above them.
        if matches!(b.kind, BlockKind::Paragraph) && is_directives_boilerplate(b.text.text()) {
            c.groups[group].intro.push(b.text.clone());
            i += 1;
            continue;
        }
        match current {
            Some(e) => attach(&mut c.entries[e], b),
            None => {
                if !b.text.is_empty() {
                    c.groups[group].intro.push(b.text.clone());
                }
            }
        }
        i += 1;
    }
    c
}

/// ISO/IEC Directives Part 2 boilerplate of a terms clause ("ISO and IEC maintain terminology
/// databases for use in standardization at the following addresses: — ISO Online browsing
/// platform … — IEC Electropedia …"), with or without a list bullet.
fn is_directives_boilerplate(text: &str) -> bool {
    let t = text
        .trim_start()
        .trim_start_matches(['*', '-', '•', '—', '–'])
        .trim_start()
        .to_lowercase();
    [
        "iso and iec maintain termin",
        "iso online browsing platform",
        "iec electropedia",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// "term [tag]" → term and tag.
fn split_citation(t: &Located) -> (Located, Option<Located>) {
    let text = t.text().trim_end();
    if text.ends_with(']') {
        if let Some(open) = text.rfind('[') {
            return (
                t.slice(0..open).trim(),
                Some(t.slice(open + 1..text.len() - 1).trim()),
            );
        }
    }
    (t.clone(), None)
}

fn new_entry(
    number: Option<String>,
    term: Located,
    citation: Option<Located>,
    definition: Option<Located>,
    origin: Origin,
    group: usize,
) -> TermEntry {
    TermEntry {
        number,
        term,
        admitted: vec![],
        deprecated: vec![],
        citation,
        definition,
        more: vec![],
        ends_with_formula: false,
        notes: vec![],
        origin,
        group,
    }
}

/// Adds a block that follows an entry to it: synonym, definition, more text, note or source.
fn attach(e: &mut TermEntry, b: &Block) {
    let t = b.text.text();
    match &b.kind {
        BlockKind::AltTerm { deprecated: true } => e.deprecated.push(b.text.clone()),
        BlockKind::AltTerm { deprecated: false } => e.admitted.push(b.text.clone()),
        BlockKind::Note => e.notes.push(Note {
            text: b.text.clone(),
            generated_label: true,
        }),
        BlockKind::Source if e.citation.is_none() => {
            e.citation = source_tag(&b.text);
        }
        BlockKind::Formula if e.notes.is_empty() => {
            e.ends_with_formula = true;
        }
        BlockKind::Paragraph if t.starts_with("NOTE") || t.starts_with("Note ") => {
            e.notes.push(Note {
                text: b.text.clone(),
                generated_label: false,
            });
        }
        BlockKind::Paragraph if t.starts_with("[SOURCE") && e.citation.is_none() => {
            e.citation = source_tag(&b.text);
        }
        // A sentence interrupted by a displayed formula goes on after it ("… having the
        // probability density function [formula] for −∞ < ξ < ∞"): the same paragraph.
        BlockKind::Paragraph
            if e.notes.is_empty()
                && e.ends_with_formula
                && t.starts_with(|c: char| c.is_lowercase())
                && e.definition.is_some() =>
        {
            let target = match e.more.last_mut() {
                Some(m) => m,
                None => e.definition.as_mut().expect("checked above"),
            };
            target.push_synthetic(" ");
            target.append(&b.text);
            e.ends_with_formula = b.ends_with_formula;
        }
        BlockKind::Paragraph if e.notes.is_empty() => {
            if e.definition.is_none() {
                e.definition = Some(b.text.clone());
                e.ends_with_formula = b.ends_with_formula;
            } else {
                e.more.push(b.text.clone());
                e.ends_with_formula = b.ends_with_formula;
            }
        }
        BlockKind::Paragraph => e.notes.push(Note {
            text: b.text.clone(),
            generated_label: false,
        }),
        _ => {}
    }
    if b.ends_with_formula && e.notes.is_empty() && e.definition.is_some() {
        e.ends_with_formula = true;
    }
}

/// A Markdown definition-list entry (pandoc: the term on a line of its own, the definition in the
/// next paragraph after ": "): the term (code or emphasis marks left out) and the definition.
fn definition_list_entry(blocks: &[Block], i: usize, end: usize) -> Option<(Located, Located)> {
    let (b, next) = (blocks.get(i)?, blocks.get(i + 1)?);
    if i + 1 >= end
        || !matches!(b.kind, BlockKind::Paragraph)
        || !matches!(next.kind, BlockKind::Paragraph)
    {
        return None;
    }
    let def = next.text.text();
    let rest = def.strip_prefix(": ").or_else(|| def.strip_prefix(":\t"))?;
    let term = b.text.trim();
    let t = term.text();
    let words = t.split_whitespace().count();
    if words == 0 || words > 8 || t.ends_with(['.', ':']) || rest.trim().is_empty() {
        return None;
    }
    let strip = t.len() - t.trim_start_matches(['`', '*', '_']).len();
    let strip_end = t.len() - t.trim_end_matches(['`', '*', '_']).len();
    let term = term.slice(strip..t.len() - strip_end).trim();
    Some((
        term,
        next.text.slice(def.len() - rest.len()..def.len()).trim(),
    ))
}

/// "NOTE", "NOTE 2", "EXAMPLE", "Editor's Note": labels, not terms.
fn is_note_label(term: &str) -> bool {
    let t = term.trim().to_lowercase();
    t.starts_with("note") || t.starts_with("example") || t.starts_with("editor")
}

/// A sub-clause title that names a part of clause 3, not a term: "3.1 Terms", "3.2 Symbols",
/// "Terms and definitions" (3GPP and ETSI split clause 3 into terms, symbols and abbreviations).
fn is_group_title(title: &str) -> bool {
    let t = title.trim().trim_end_matches(':').to_lowercase();
    matches!(
        t.as_str(),
        "terms" | "definitions" | "terms and definitions" | "general" | "symbols" | "abbreviations"
    ) || t.starts_with("definitions ")
        || t.starts_with("terms and ")
        || t.starts_with("symbols and ")
        // "3.1 Communication model definitions", "3.4 Basic directory terms" (ITU-T X.500): a
        // category of terms, listed below under a lead-in per source.
        || t.ends_with(" definitions")
        || t.ends_with(" terms")
}

#[cfg(test)]
mod group_title_tests {
    #[test]
    fn the_parts_of_a_combined_clause_3_are_groups() {
        for t in [
            "Terms",
            "Symbols",
            "Terms and definitions",
            "Definitions of terms",
        ] {
            assert!(super::is_group_title(t), "{t}");
        }
        assert!(!super::is_group_title("terminal"));
    }
}

#[cfg(test)]
mod reading_tests {
    use crate::check::format::{Format, read};

    fn draft(src: &str, format: Format) -> crate::check::draft::Draft {
        crate::check::draft::build(read(src.as_bytes(), format, "d").unwrap())
    }

    #[test]
    fn the_directives_boilerplate_after_the_entries_is_not_part_of_the_last_one() {
        let src = "# 3 Terms and definitions\n\nFor the purposes of this document, the following terms and definitions apply.\n\n**3.1**\n**gadget**\n\ndevice smaller than a widget\n\nISO and IEC maintain terminology databases for use in standardization at the following addresses:\n\n* ISO Online browsing platform: available at https://www.iso.org/obp\n* IEC Electropedia: available at https://www.electropedia.org/\n";
        let d = draft(src, Format::Markdown);
        let e = &d.entries()[0];
        assert_eq!(d.entries().len(), 1);
        assert!(e.more.is_empty() && e.notes.is_empty(), "{e:#?}");
    }

    #[test]
    fn a_definition_goes_on_after_its_formula() {
        let src = "== Terms and definitions\n\n=== spread\n\nquantity of a random variable having the value\n\n[stem%unnumbered]\n++++\ns = sqrt(v)\n++++\n\nfor every positive variance\n\nNOTE: A note.\n";
        let d = draft(src, Format::Asciidoc);
        let e = &d.entries()[0];
        assert!(e.more.is_empty(), "{e:#?}");
        assert!(
            e.definition
                .as_ref()
                .unwrap()
                .text()
                .ends_with("for every positive variance"),
            "{e:#?}"
        );
    }
}
