//! From the flat blocks a reader produced to the [`Draft`] model: finds clause 3 (by its title or
//! an explicit role, outside annexes and prefaces), its groups and entries, clause 4 and its list,
//! the references' citation tags, the zone of every paragraph, and where suppressions apply.

use super::block::{Block, BlockKind, ReadDraft};
use super::clause3::clause3;
use super::clause4::clause4;
use super::entry::source_tag;
use super::{Draft, Located, Section, TextBlock, TextKind, Zone};

/// Builds the document model from a reader's output.
pub fn build(read: ReadDraft) -> Draft {
    let ReadDraft {
        blocks: mut owned_blocks,
        lines,
        doctype,
        suppressions,
        stopped: _,
    } = read;
    let doc_type = doc_type(doctype.as_deref(), &owned_blocks);
    let blocks = &owned_blocks;
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
    // A Markdown draft whose "#" is the title (or whose clause numbers were generated and lost)
    // has its clauses one level down: with no clause-level Definitions heading, the first such
    // heading at level 2 is clause 3.
    let c3 = c3.or_else(|| {
        (0..sections.len()).find(|&h| {
            role(h).is_none()
                && sections[h].level == 2
                && !sections[h].unnumbered
                && is_definitions_title(sections[h].title.text())
        })
    });
    let c4 = (0..sections.len()).find(|&h| {
        Some(h) != c3
            && sections[h].level == 1
            && !sections[h].unnumbered
            && role(h).is_none_or(|r| is_abbreviations_title(&r))
            && is_abbreviations_title(sections[h].title.text())
    });
    // A combined clause 3 ("Terms, definitions and abbreviated terms", "Definitions of terms,
    // symbols and abbreviations") holds the abbreviations in a sub-clause: that sub-clause is the
    // draft's clause 4 list, and clause 3's entries end before it (and before a symbols
    // sub-clause), so "Abbreviated terms" is not read as a term.
    let c3_subs: Vec<usize> = c3.map_or_else(Vec::new, |h| {
        let end = end_of(h);
        (h + 1..sections.len())
            .filter(|&k| headings[k] < end && sections[k].level > sections[h].level)
            .collect()
    });
    let inner_c4 = c3_subs
        .iter()
        .copied()
        .find(|&k| is_abbreviations_title(sections[k].title.text()));
    let c3_cut = c3_subs
        .iter()
        .copied()
        .find(|&k| {
            let t = sections[k].title.text().trim().to_ascii_lowercase();
            is_abbreviations_title(&t) || t == "symbols" || t.starts_with("symbols ")
        })
        .map(|k| headings[k]);
    let c4 = c4.or(inner_c4);
    // Clause 4 may only point to the clause holding the list ("Clause 7 contains the
    // abbreviations and acronyms compiled by this Recommendation", as in ITU-T J.1): a numbered
    // clause with an abbreviations title that clause 4 names is read as its list.
    let c4_lists: Vec<usize> = c4.map_or_else(Vec::new, |h| {
        let pointer = blocks[headings[h] + 1..end_of(h)]
            .iter()
            .map(|b| b.text.text().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        (0..sections.len())
            .filter(|&k| {
                Some(k) != c3
                    && k != h
                    && sections[k].level == 1
                    && !sections[k].unnumbered
                    && is_abbreviations_title(sections[k].title.text())
                    && sections[k]
                        .number
                        .as_deref()
                        .is_some_and(|n| names_clause(&pointer, n))
            })
            .collect()
    });
    let mut zones = vec![Zone::Front; blocks.len()];
    let mut seen_numbered = false;
    // Unnumbered headings before the first numbered clause of a numbered document are its
    // front matter (title, Summary, Keywords, Foreword), not body clauses.
    let first_numbered = sections.iter().position(|s| {
        s.level == 1
            && s.number
                .as_deref()
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    });
    for (h, &i) in headings.iter().enumerate() {
        let s = &sections[h];
        if s.level != 1 && !(role(h).is_some() && Some(h) == c3) {
            continue;
        }
        let end = end_of(h);
        let title = s.title.text().to_ascii_lowercase();
        let zone = if Some(h) == c3 {
            Zone::Definitions
        } else if Some(h) == c4 || c4_lists.contains(&h) {
            Zone::Abbreviations
        } else if role(h).as_deref() == Some("bibliography")
            || title.contains("references")
            || title == "bibliography"
        {
            Zone::References
        } else if s.number.is_none() && first_numbered.is_some_and(|f| h < f) {
            Zone::Front
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
        lines,
        doc_type,
        ..Draft::default()
    };
    let mut taken = vec![false; blocks.len()];
    if let Some(h) = c3 {
        let end = c3_cut.unwrap_or_else(|| end_of(h));
        let mut c = clause3(blocks, headings[h], end, &sections[h], &mut taken);
        for e in &mut c.entries {
            if let Some(d) = e.definition.take() {
                e.definition = Some(without_domain_label(d));
            }
        }
        draft.clause3 = Some(c);
    }
    if let Some(h) = c4 {
        let mut c = clause4(blocks, headings[h], end_of(h), &sections[h], &mut taken);
        for &k in &c4_lists {
            let list = clause4(blocks, headings[k], end_of(k), &sections[k], &mut taken);
            c.items.extend(list.items);
        }
        draft.clause4 = Some(c);
    }
    draft.suppressions = suppressions
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
    draft.sections = sections;
    // The running text is moved out of the blocks, which are not needed any more.
    for (i, b) in owned_blocks.iter_mut().enumerate() {
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
            text: std::mem::take(&mut b.text),
        });
    }
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
    // "Definitions", "Definitions and abbreviations", "Definitions of terms, symbols and
    // abbreviations" (3GPP, ETSI), "Terms, definitions and abbreviated terms" (ISO/IEC).
    t == "definitions"
        || t.starts_with("definitions and ")
        || t.starts_with("definitions of terms")
        || t.starts_with("definitions, ")
        || t.starts_with("terms and definitions")
        || t.starts_with("terms, definitions")
        // ETSI writes "Definition of terms, symbols and abbreviations" in the singular.
        || t.starts_with("definition of terms")
        // IETF RFCs and W3C/OASIS specifications: "Terminology", "Conventions and
        // Terminology", "Terminology and Notation", "Conventions and Definitions".
        || t == "terminology"
        || t.ends_with(" and terminology")
        || t.starts_with("terminology and ")
        || t == "conventions and definitions"
}

/// "Abbreviations", "Abbreviations and acronyms", "Abbreviated terms", "Acronyms" …
/// Whether `text` (lower-cased) names clause `number`: "clause 7" not followed by more digits
/// or a sub-clause number ("clause 7.2" names another clause).
fn names_clause(text: &str, number: &str) -> bool {
    let wanted = format!("clause {number}");
    text.match_indices(&wanted).any(|(i, _)| {
        let rest = &text[i + wanted.len()..];
        let more = rest.strip_prefix('.').unwrap_or(rest);
        !more.starts_with(|c: char| c.is_ascii_digit())
    })
}

pub fn is_abbreviations_title(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    t.starts_with("abbreviations")
        || t == "acronyms"
        || t.starts_with("abbreviated terms")
        || t.starts_with("symbols and abbreviat")
        || t.starts_with("acronyms and abbreviations")
}

fn doc_type(doctype: Option<&str>, blocks: &[Block]) -> String {
    if let Some(d) = doctype {
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
        // ISO/IEC, OASIS and 3GPP texts call themselves "this document".
        "document",
    ];
    // Occurrences of "this K" and "This K" for every kind, counted as `str::matches` counts them
    // (non-overlapping occurrences of each phrase). Every phrase has "his " at its second byte:
    // one SIMD substring scan for that, then a look at the byte before and the text after.
    let finder = memchr::memmem::Finder::new("his ");
    let mut counts = [0usize; 8];
    let mut last_end = [0usize; 16];
    for b in blocks {
        let text = b.text.text();
        last_end.fill(0);
        for at in finder.find_iter(text.as_bytes()) {
            let case = match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
                Some(b't') => 0,
                Some(b'T') => 1,
                _ => continue,
            };
            let rest = &text.as_bytes()[at + 4..];
            for (k, kind) in kinds.iter().enumerate() {
                if rest.starts_with(kind.as_bytes()) {
                    let (p, start) = (2 * k + case, at - 1);
                    if start >= last_end[p] {
                        last_end[p] = at + 4 + kind.len();
                        counts[k] += 1;
                    }
                }
            }
        }
    }
    let mut best = ("Recommendation", 0);
    for (k, &n) in kinds.iter().zip(&counts) {
        if n > best.1 {
            best = (k, n);
        }
    }
    best.0.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::Origin;
    use crate::check::format;

    fn draft(src: &str, f: format::Format) -> Draft {
        build(format::read(src.as_bytes(), f, "t").unwrap())
    }

    #[test]
    fn terminology_sections_and_lists_in_code_blocks_are_read() {
        // An RFC-style "Conventions and Terminology" section holds the terms.
        let src = "# A protocol\n\n## 1. Introduction\n\nText.\n\n### 1.1. Conventions and Terminology\n\nThe following terms are used:\n\nsprocket: A wheel that drives a chain.\n\n## 2. Overview\n\nA sprocket turns.\n";
        let d = draft(src, format::Format::Markdown);
        let terms: Vec<&str> = d.entries().iter().map(|e| e.term.text()).collect();
        assert_eq!(terms, ["sprocket"]);
        // ETSI's singular title, every clause heading at one Markdown level, and the list the
        // PDF conversion put in a code block.
        let src = "## 3 Definition of terms, symbols and abbreviations\n\n## 3.1 Terms\n\ngear: toothed wheel\n\n## 3.3 Abbreviations\n\n```\nGW Gear Wheel\nRPM Revolutions Per Minute\n```\n\n## 4 Body\n\nThe GW turns at 10 RPM.\n\n```\nXYZ not a list\n```\n";
        let d = draft(src, format::Format::Markdown);
        assert_eq!(d.entries().len(), 1);
        let shorts: Vec<&str> = d
            .clause4
            .as_ref()
            .unwrap()
            .items
            .iter()
            .map(|a| a.short.text())
            .collect();
        assert_eq!(shorts, ["GW", "RPM"]);
        assert!(d.text.iter().all(|t| !t.text.text().contains("XYZ")));
        assert!(is_definitions_title("Terminology"));
        assert!(!is_definitions_title("Terminology management"));
    }

    #[test]
    fn a_nonterm_sub_clause_of_the_terms_clause_is_not_an_entry() {
        let src = "== Terms and definitions\n\n[.nonterm]\n=== Use of language\n\n* \"Must\" indicates a requirement.\n\n=== Terms\n\n==== cog\n\ntooth of a gear\n";
        let d = draft(src, format::Format::Asciidoc);
        let terms: Vec<&str> = d.entries().iter().map(|e| e.term.text()).collect();
        assert_eq!(terms, ["cog"]);
    }

    #[test]
    fn a_clause_4_that_points_to_another_clause_takes_that_clause_as_its_list() {
        let src = "1 Scope\nThings.\n\n3 Definitions\n3.1 Terms defined elsewhere\nNone.\n\n4 Abbreviations and acronyms\nClause 7 contains the abbreviations and acronyms compiled by this Recommendation.\n\n5 Body\nThe XR device and the STB.\n\n7 Abbreviations and acronyms for cable networks\nThe following abbreviations are used:\nXR\textended reality\nSTB\tset-top box\n";
        let d = draft(src, format::Format::Text);
        let c4 = d.clause4.as_ref().unwrap();
        let shorts: Vec<&str> = c4.items.iter().map(|a| a.short.text()).collect();
        assert_eq!(shorts, ["XR", "STB"]);
        assert!(
            d.text
                .iter()
                .all(|t| !t.text.text().starts_with("XR") || t.zone == Zone::Abbreviations)
        );
        // "clause 7.2" or "clause 71" names another clause.
        assert!(names_clause("see clause 7.", "7"));
        assert!(!names_clause("see clause 7.2", "7"));
        assert!(!names_clause("see clause 71", "7"));
        let other = src.replace("Clause 7 contains", "Clause 8 contains");
        let d = draft(&other, format::Format::Text);
        assert!(d.clause4.as_ref().unwrap().items.is_empty());
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
    fn a_title_heading_before_clause_1_is_front_matter() {
        let src = "# Requirements for XR services\n\nThis Recommendation covers XR.\n\n# 1 Scope\n\nXR is in scope.\n";
        let d = draft(src, format::Format::Markdown);
        let zones: Vec<_> = d
            .text
            .iter()
            .map(|t| (t.zone, t.text.text().to_string()))
            .collect();
        assert!(
            zones.contains(&(Zone::Front, "Requirements for XR services".into())),
            "{zones:?}"
        );
        assert!(zones.contains(&(Zone::Front, "This Recommendation covers XR.".into())));
        assert!(zones.contains(&(Zone::Body, "XR is in scope.".into())));
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

/// The definition without a domain label written before it ("(UCM) the set of …", "<networking>
/// a path …", ISO 10241-1 style): the label qualifies the entry, the definition starts after it.
fn without_domain_label(d: Located) -> Located {
    let t = d.text();
    let close = match t.chars().next() {
        Some('(') => ')',
        Some('<') => '>',
        _ => return d,
    };
    let Some(end) = t.find(close) else { return d };
    let label = &t[1..end];
    let rest = &t[end + 1..];
    let short = (1..=40).contains(&label.chars().count())
        && label.split_whitespace().count() <= 4
        && !label.contains(['.', ';', ':']);
    if !short || !rest.starts_with(' ') || rest.trim().chars().count() < 3 {
        return d;
    }
    d.slice(end + 1..t.len()).trim()
}

#[cfg(test)]
mod domain_label_tests {
    use super::*;
    use crate::check::draft::Pos;

    #[test]
    fn a_domain_label_before_the_definition_is_not_part_of_it() {
        let d = Located::new("(UQM) set of queues kept by a node.", Pos::new(4, 10));
        let bare = without_domain_label(d);
        assert_eq!(bare.text(), "set of queues kept by a node.");
        assert_eq!(bare.start(), Pos::new(4, 16));
        let kept = Located::new("(see also clause 6.2; informal) text", Pos::new(1, 1));
        assert_eq!(without_domain_label(kept.clone()), kept);
    }
}
