//! From the flat blocks a reader produced to the [`Draft`] model: finds clause 3 (by its title or
//! an explicit role, outside annexes and prefaces), its groups and entries, clause 4 and its list,
//! the references' citation tags, the zone of every paragraph, and where suppressions apply.

use super::block::{Block, BlockKind, ReadDraft};
use super::entry::{parse_entry, source_tag};
use super::{
    Abbreviation, Clause3, Clause4, Draft, Note, Origin, Section, TermEntry, TermGroup, TextBlock,
    TextKind, Zone,
};
use crate::check::format::lines::{abbreviation_line, looks_like_short_form};

/// Builds the document model from a reader's output.
pub fn build(read: ReadDraft) -> Draft {
    let blocks = &read.blocks;
    let headings: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].is_heading())
        .collect();
    let sections: Vec<Section> = headings.iter().map(|&i| section(&blocks[i])).collect();
    let end_of = |h: usize| -> usize {
        let level = sections[h].level;
        headings[h + 1..]
            .iter()
            .zip(&sections[h + 1..])
            .find(|(_, s)| s.level <= level)
            .map_or(blocks.len(), |(&i, _)| i)
    };
    let role = |h: usize| match &blocks[headings[h]].kind {
        BlockKind::Heading { role, .. } => role.clone(),
        _ => None,
    };
    let c3 = (0..sections.len()).find(|&h| {
        role(h).is_some_and(|r| r.contains("definitions"))
            || (role(h).is_none()
                && sections[h].level == 1
                && !sections[h].unnumbered
                && is_definitions_title(sections[h].title.text()))
    });
    let c4 = (0..sections.len()).find(|&h| {
        Some(h) != c3
            && sections[h].level == 1
            && !sections[h].unnumbered
            && role(h).is_none_or(|r| is_abbreviations_title(&r))
            && is_abbreviations_title(sections[h].title.text())
    });
    let mut zones = vec![Zone::Front; blocks.len()];
    let mut seen_numbered = false;
    for (h, &i) in headings.iter().enumerate() {
        let s = &sections[h];
        if s.level != 1 && !(role(h).is_some() && Some(h) == c3) {
            continue;
        }
        let end = end_of(h);
        let title = s.title.text().to_ascii_lowercase();
        let zone = if Some(h) == c3 {
            Zone::Definitions
        } else if Some(h) == c4 {
            Zone::Abbreviations
        } else if role(h).as_deref() == Some("bibliography")
            || title.contains("references")
            || title == "bibliography"
        {
            Zone::References
        } else if !s.unnumbered {
            seen_numbered = true;
            Zone::Body
        } else if title.starts_with("appendix") || s.number.as_deref().is_some_and(is_roman) {
            Zone::Appendix
        } else if seen_numbered || title.starts_with("annex") {
            Zone::Annex
        } else {
            Zone::Front
        };
        if zone != Zone::Front && zone != Zone::References {
            seen_numbered = true;
        }
        zones[i..end].fill(zone);
    }
    let mut draft = Draft {
        lines: read.lines.clone(),
        doc_type: doc_type(&read),
        sections: sections.clone(),
        ..Draft::default()
    };
    let mut taken = vec![false; blocks.len()];
    if let Some(h) = c3 {
        draft.clause3 = Some(clause3(
            blocks,
            headings[h],
            end_of(h),
            &sections[h],
            &mut taken,
        ));
    }
    if let Some(h) = c4 {
        draft.clause4 = Some(clause4(
            blocks,
            headings[h],
            end_of(h),
            &sections[h],
            &mut taken,
        ));
    }
    for (i, b) in blocks.iter().enumerate() {
        if zones[i] == Zone::References || matches!(b.kind, BlockKind::Reference { .. }) {
            match &b.kind {
                BlockKind::Reference { tags } => draft.reference_tags.extend(tags.iter().cloned()),
                BlockKind::Paragraph => {
                    if let Some(tag) =
                        source_tag(&b.text).filter(|_| b.text.text().starts_with('['))
                    {
                        draft.reference_tags.push(tag.text().to_string());
                    }
                }
                _ => {}
            }
        }
        if taken[i] || b.text.is_empty() {
            continue;
        }
        let kind = match &b.kind {
            BlockKind::Heading { .. } => TextKind::Heading,
            BlockKind::Note => TextKind::Note,
            BlockKind::Example => TextKind::Example,
            BlockKind::Paragraph
            | BlockKind::DefinitionItem { .. }
            | BlockKind::Reference { .. } => {
                if b.text.text().starts_with("NOTE") {
                    TextKind::Note
                } else {
                    TextKind::Paragraph
                }
            }
            _ => continue,
        };
        draft.text.push(TextBlock {
            zone: zones[i],
            kind,
            text: b.text.clone(),
        });
    }
    draft.suppressions = read
        .suppressions
        .iter()
        .map(|(line, rules)| {
            let end = blocks
                .iter()
                .filter(|b| !b.text.is_empty())
                .map(|b| (b.text.start().line, b.text.end().line))
                .find(|&(_, e)| e >= *line)
                .map_or(*line, |(_, e)| e);
            (*line, end, rules.clone())
        })
        .collect();
    draft
}

fn section(b: &Block) -> Section {
    match &b.kind {
        BlockKind::Heading {
            level,
            number,
            unnumbered,
            ..
        } => Section {
            number: number.clone(),
            title: b.text.clone(),
            level: *level,
            unnumbered: *unnumbered,
        },
        _ => unreachable!("only headings are sections"),
    }
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && s != "V"
        || s == "I"
        || s == "II"
}

/// "Definitions", "Terms and definitions", "Terms, definitions and abbreviated terms" …
pub fn is_definitions_title(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    t == "definitions"
        || t.starts_with("terms and definitions")
        || t.starts_with("terms, definitions")
        || t == "definition of terms"
}

/// "Abbreviations", "Abbreviations and acronyms", "Abbreviated terms", "Acronyms" …
pub fn is_abbreviations_title(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    t.starts_with("abbreviations")
        || t == "acronyms"
        || t.starts_with("abbreviated terms")
        || t.starts_with("symbols and abbreviat")
        || t.starts_with("acronyms and abbreviations")
}

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

fn clause3(
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
        if let BlockKind::Heading { level, number, .. } = &b.kind {
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
            if !is_leaf || has_paragraph_entries || origin_of(b.text.text()).is_some() {
                c.groups[parent].has_subgroups =
                    !is_leaf && !has_paragraph_entries || c.groups[parent].has_subgroups;
                let origin = origin_of(b.text.text()).unwrap_or(c.groups[parent].origin);
                c.groups.push(TermGroup {
                    number: number.clone(),
                    title: b.text.clone(),
                    origin,
                    intro: vec![],
                    has_subgroups: !is_leaf,
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
        if matches!(b.kind, BlockKind::Paragraph) {
            if let Some(p) = parse_entry(
                &b.text,
                current.is_none() && c.entries.is_empty() || current.is_none(),
            ) {
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

/// "term [tag]" → term and tag.
fn split_citation(t: &super::Located) -> (super::Located, Option<super::Located>) {
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
    term: super::Located,
    citation: Option<super::Located>,
    definition: Option<super::Located>,
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

fn clause4(
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

fn doc_type(read: &ReadDraft) -> String {
    if let Some(d) = &read.doctype {
        let words: Vec<String> = d
            .split(['-', '_', ' '])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_uppercase().collect::<String>() + c.as_str()
                })
            })
            .collect();
        if !words.is_empty() {
            return words.join(" ");
        }
    }
    let kinds = [
        "Recommendation",
        "Technical Paper",
        "Technical Report",
        "Supplement",
        "International Standard",
        "Implementers' Guide",
        "Handbook",
    ];
    let mut best = ("Recommendation", 0);
    for k in kinds {
        let needle = format!("this {k}");
        let n: usize = read
            .blocks
            .iter()
            .map(|b| {
                b.text.text().matches(&needle).count()
                    + b.text.text().matches(&format!("This {k}")).count()
            })
            .sum();
        if n > best.1 {
            best = (k, n);
        }
    }
    best.0.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::format;

    fn draft(src: &str, f: format::Format) -> Draft {
        build(format::read(src.as_bytes(), f, "t").unwrap())
    }

    const TEXT: &str = "Summary\nThis Technical Paper describes XR.\n\n1 Scope\nThis Technical Paper covers things.\n\n2 References\n[ITU-T Y.4600] Recommendation ITU-T Y.4600 (2022), Digital twin.\n\n3 Definitions\n3.1 Terms defined elsewhere\nThis Technical Paper uses the following terms defined elsewhere:\n3.1.1 digital twin [ITU-T Y.4600]: A digital representation.\nNOTE – A note.\n3.2 Terms defined in this Technical Paper\nThis Technical Paper defines the following terms:\n3.2.1 metaverse: An ecosystem.\nMore text.\n\n4 Abbreviations and acronyms\nThis Technical Paper uses the following abbreviations and acronyms:\nXR\textended reality\n\n5 Overview\nThe metaverse uses XR.\n\nAppendix I Use cases\nText.\n\nBibliography\n[b-FGMV-20] FGMV-20.\n";

    #[test]
    fn a_plain_text_draft_gives_clauses_entries_and_zones() {
        let d = draft(TEXT, format::Format::Text);
        assert_eq!(d.doc_type, "Technical Paper");
        assert!(d.is_informative());
        let c3 = d.clause3.as_ref().unwrap();
        assert_eq!(c3.groups.len(), 3);
        assert_eq!(c3.groups[1].origin, Origin::Elsewhere);
        assert_eq!(c3.groups[2].origin, Origin::Here);
        assert_eq!(c3.groups[1].intro.len(), 1);
        assert_eq!(c3.entries.len(), 2);
        let e = &c3.entries[0];
        assert_eq!(
            (e.term.text(), e.citation.as_ref().unwrap().text()),
            ("digital twin", "ITU-T Y.4600")
        );
        assert_eq!(e.notes.len(), 1);
        assert_eq!(c3.entries[1].more.len(), 1);
        let c4 = d.clause4.as_ref().unwrap();
        assert_eq!(c4.items.len(), 1);
        assert_eq!(c4.items[0].long.text(), "extended reality");
        assert_eq!(d.reference_tags, vec!["ITU-T Y.4600", "b-FGMV-20"]);
        let zones: Vec<_> = d
            .text
            .iter()
            .map(|t| (t.zone, t.text.text().to_string()))
            .collect();
        assert!(zones.contains(&(Zone::Body, "The metaverse uses XR.".into())));
        assert!(zones.contains(&(Zone::Appendix, "Text.".into())));
        assert!(zones.contains(&(Zone::Front, "This Technical Paper describes XR.".into())));
    }

    #[test]
    fn asciidoc_terms_are_headings_and_struck_entries_are_not_live() {
        let src = "== Scope\n\n[bibliography]\n== References\n\n* [[[h780, ITU-T H.780]]] H.780.\n\n== Definitions\n\n=== Terms defined elsewhere\n\n==== playlist\n\nComposed of a list of contents.\n\nNOTE: A note.\n\n[.source]\n<<h780>>\n\n==== [strike]#old#\n\n[strike]#Gone.#\n\n=== Terms defined in this Recommendation\n\n==== region\n\nA partial area.\n\n== Abbreviations and acronyms\n\nDS:: Digital Signage\n";
        let d = draft(src, format::Format::Asciidoc);
        let c3 = d.clause3.as_ref().unwrap();
        assert_eq!(c3.heading.number.as_deref(), Some("3"));
        let terms: Vec<_> = c3
            .entries
            .iter()
            .map(|e| (e.term.text(), e.origin, e.number.clone()))
            .collect();
        assert_eq!(
            terms,
            vec![
                ("playlist", Origin::Elsewhere, Some("3.1.1".into())),
                ("region", Origin::Here, Some("3.2.1".into()))
            ]
        );
        assert_eq!(c3.entries[0].citation.as_ref().unwrap().text(), "h780");
        assert!(c3.entries[0].notes[0].generated_label);
        assert_eq!(d.clause4.unwrap().items[0].short.text(), "DS");
        assert!(d.reference_tags.contains(&"h780".to_string()));
    }

    #[test]
    fn a_draft_without_clause_3_has_none() {
        let d = draft("1 Scope\nText.\n", format::Format::Text);
        assert!(d.clause3.is_none());
        let d = draft("", format::Format::Text);
        assert!(d.clause3.is_none() && d.text.is_empty());
    }

    #[test]
    fn suppressions_cover_the_next_paragraph() {
        let d = draft(
            "3 Definitions\n// mvterms-allow: term-case\n3.1 Foo: bar\nbaz.\n",
            format::Format::Text,
        );
        assert_eq!(d.suppressions, vec![(2, 4, vec!["term-case".to_string()])]);
    }
}
