//! Reading a term entry written as one paragraph, the ITU way:
//! `3.2.1 term [citation]: definition` — with the citation tag also accepted after the definition
//! (`…for a system[as defined by ITU-T X.743(98)].`) and, for unnumbered entries, `Term: definition`.

use super::located::Located;
use crate::check::format::lines::leading_number;

/// The parts of an entry paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEntry {
    /// "3.2.1", when written.
    pub number: Option<String>,
    /// The term.
    pub term: Located,
    /// The citation tag without brackets.
    pub citation: Option<Located>,
    /// The definition (empty when it follows in the next paragraph).
    pub definition: Located,
}

/// Reads `p` as an entry. Numbered entries need a number with a dot ("3.1.1"); unnumbered ones are
/// accepted only when `allow_unnumbered` and the term is short.
pub fn parse_entry(p: &Located, allow_unnumbered: bool) -> Option<ParsedEntry> {
    let t = p.text();
    let (number, start) = match leading_number(t) {
        Some((n, s)) if n.contains('.') && n.starts_with(|c: char| c.is_ascii_digit()) => {
            (Some(n), s)
        }
        Some(_) => return None,
        None if allow_unnumbered => (None, 0),
        None => return None,
    };
    let rest = &t[start..];
    let colon = top_level_colon(rest).map(|c| start + c);
    let term_end = colon.unwrap_or(t.len());
    let mut term = p.slice(start..term_end).trim();
    // The words of the term itself: a citation after it ("Provenance information [Provenance
    // module, XLIFF 2.3, informative]") is not part of it.
    let bare_len = match term.text().strip_suffix(']').and_then(|t| t.rfind('[')) {
        Some(open) => open,
        None => term.text().len(),
    };
    let words = term.text()[..bare_len].split_whitespace().count();
    if term.is_empty()
        || words > 12
        || (number.is_none() && (words > 6 || term.text().starts_with("This ")))
    {
        return None;
    }
    if colon.is_none() && (number.is_none() || words > 8 || term.text().ends_with('.')) {
        return None;
    }
    let mut citation = None;
    if term.text().ends_with(']') {
        if let Some(open) = term.text().rfind('[') {
            citation = Some(term.slice(open + 1..term.text().len() - 1).trim());
            term = term.slice(0..open).trim();
        }
    }
    let mut definition = match colon {
        Some(c) => p.slice(c + 1..t.len()).trim(),
        None => Located::default(),
    };
    if citation.is_none() {
        if let Some((tag, rest)) = trailing_citation(&definition) {
            citation = Some(tag);
            definition = rest;
        }
    }
    if term.is_empty() || (number.is_none() && definition.is_empty()) {
        return None;
    }
    Some(ParsedEntry {
        number,
        term,
        citation,
        definition,
    })
}

/// The first `:` outside brackets and parentheses followed by white space or the end.
fn top_level_colon(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ':' if depth <= 0 => {
                let next = s[i + 1..].chars().next();
                if next.is_none_or(char::is_whitespace) {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// "…for a system[as defined by ITU-T X.743(98)]." → the tag, and the definition without it.
fn trailing_citation(def: &Located) -> Option<(Located, Located)> {
    let t = def.text();
    let body = t.trim_end_matches(['.', ' ']);
    if !body.ends_with(']') {
        return None;
    }
    let open = body.rfind('[')?;
    let mut inner = def.slice(open + 1..body.len() - 1).trim();
    for prefix in [
        "as defined by ",
        "as defined in ",
        "see ",
        "source: ",
        "SOURCE: ",
    ] {
        if inner.text().starts_with(prefix) {
            inner = inner.slice(prefix.len()..inner.text().len());
        }
    }
    let mut rest = def.slice(0..open).trim();
    let tail = def.slice(body.len()..t.len());
    rest.append(&tail);
    Some((inner, rest))
}

/// The tag of a source line (`[h780]`, `[ISO7301], clause 3.1`, `[SOURCE: ISO 7301:2011, 3.1]`).
pub fn source_tag(src: &Located) -> Option<Located> {
    let t = src.text();
    let open = t.find('[')?;
    let close = t[open..].find(']')? + open;
    let mut inner = src.slice(open + 1..close).trim();
    if let Some(s) = inner.text().strip_prefix("SOURCE:") {
        let skip = inner.text().len() - s.len();
        inner = inner.slice(skip..inner.text().len()).trim();
        if let Some(comma) = inner.text().find(", ") {
            inner = inner.slice(0..comma);
        }
    }
    (!inner.is_empty()).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::located::Pos;

    fn at(s: &str) -> Located {
        Located::new(s, Pos::new(1, 1))
    }

    #[test]
    fn an_itu_entry_splits_into_number_term_tag_and_definition() {
        let e = parse_entry(
            &at("3.1.1\tdigital twin [b-ITU-T Y.4600]: A digital representation."),
            false,
        )
        .unwrap();
        assert_eq!(e.number.as_deref(), Some("3.1.1"));
        assert_eq!(e.term.text(), "digital twin");
        assert_eq!(e.citation.unwrap().text(), "b-ITU-T Y.4600");
        assert_eq!(e.definition.text(), "A digital representation.");
        assert_eq!(e.term.start(), Pos::new(1, 7));
    }

    #[test]
    fn a_citation_after_the_definition_is_found() {
        let e = parse_entry(
            &at("3.1.1 local clock: A clock for a system[as defined by ITU-T X.743(98)]."),
            false,
        )
        .unwrap();
        assert_eq!(e.citation.unwrap().text(), "ITU-T X.743(98)");
        assert_eq!(e.definition.text(), "A clock for a system.");
    }

    #[test]
    fn colons_inside_brackets_and_times_do_not_split() {
        let e = parse_entry(&at("3.2.1 term (see [ISO: 1]): A thing at 10:30."), false).unwrap();
        assert_eq!(e.term.text(), "term (see [ISO: 1])");
    }

    #[test]
    fn headings_sentences_and_lead_ins_are_not_entries() {
        assert!(
            parse_entry(
                &at("This Recommendation uses the following terms defined elsewhere:"),
                true
            )
            .is_none()
        );
        assert!(parse_entry(&at("3 Definitions"), false).is_none());
        assert!(parse_entry(&at("The system: a long sentence that goes on"), false).is_none());
        let e = parse_entry(
            &at("Quality of initial loading experience: The quality."),
            true,
        )
        .unwrap();
        assert_eq!(e.number, None);
        let e = parse_entry(&at("3.2.1 play log"), false).unwrap();
        assert!(e.definition.is_empty());
    }

    #[test]
    fn source_lines_give_their_tag() {
        assert_eq!(
            source_tag(&at("[ISO7301], clause 3.1, modified"))
                .unwrap()
                .text(),
            "ISO7301"
        );
        assert_eq!(
            source_tag(&at("[SOURCE: ISO 7301:2011, 3.1]"))
                .unwrap()
                .text(),
            "ISO 7301:2011"
        );
    }
}
