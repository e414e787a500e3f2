//! Part D of the principles for abbreviations: `abbreviation-unlisted`, `abbreviation-unused`,
//! `abbreviation-first-use` and `abbreviation-mismatch` (against clause 4 and the registry).

use super::definition::paragraphs;
use super::{Ctx, Sink, bare_term, q};
use crate::check::automaton;
use crate::check::draft::{Located, Zone};
use crate::check::format::lines::looks_like_short_form;
use crate::check::words::{ALNUM, ASCII_CLASS, UPPER, Words, alnum_at};
use std::collections::BTreeMap;
use std::ops::Range;

/// Short forms that need no listing: standards bodies, SI units, labels in capitals, and
/// RFC 2119 keywords (the Author's guide exempts SI units and the names of major SDOs).
const EXEMPT: &[&str] = &[
    "ITU",
    "ITU-T",
    "ITU-R",
    "ITU-D",
    "ISO",
    "IEC",
    "IETF",
    "IEEE",
    "W3C",
    "ETSI",
    "3GPP",
    "ANSI",
    "CEN",
    "CENELEC",
    "JTC",
    "IRTF",
    "OASIS",
    "MPAI",
    "TSAG",
    "WTSA",
    "UN",
    "NOTE",
    "EXAMPLE",
    "TABLE",
    "FIGURE",
    "ANNEX",
    "APPENDIX",
    "SERIES",
    "SHALL",
    "MUST",
    "SHOULD",
    "MAY",
    "NOT",
    "AND",
    "OR",
    "REQUIRED",
    "RECOMMENDED",
    "OPTIONAL",
    "MHz",
    "GHz",
    "kHz",
    "THz",
    "MB",
    "GB",
    "TB",
    "KB",
    "PB",
    "Mbit",
    "Gbit",
    "dB",
    "dBm",
    "FG-MV",
    "FG",
    "RFC",
    "IRS",
];

/// True when `short` needs no entry in clause 4.
pub fn is_exempt(short: &str) -> bool {
    EXEMPT.contains(&short)
        || short
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
}

/// The abbreviations used in `text`: byte range and short form (a plural "SOs" is reported as
/// "SO"). Only forms with two or more capitals count; single letters and words in capitals that
/// are exempt are left out by the callers.
pub fn short_forms(_words: &Words, text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // Inside square brackets: a citation ("[b-ETSI GS ECI 001-5]", "[ITU-T J.1]") names a
    // document, and its capitals are not abbreviations the draft uses.
    let mut in_citation = false;
    while i < n {
        let (alnum, len) = alnum_at(text, i);
        if !alnum {
            match bytes[i] {
                b'[' => in_citation = true,
                b']' => in_citation = false,
                _ => {}
            }
            i += len;
            continue;
        }
        // A token: alphanumerics, joined by '-', '/', '&' or '+' when an alphanumeric follows.
        // ASCII capitals are counted on the way: a word with fewer than two is dropped before the
        // other tests, which only matter when it has two.
        let s = i;
        let mut caps = usize::from(ASCII_CLASS[usize::from(bytes[i])] & UPPER != 0);
        i += len;
        while i < n {
            let b = bytes[i];
            let class = ASCII_CLASS[usize::from(b)];
            if class & ALNUM != 0 {
                caps += usize::from(class & UPPER != 0);
                i += 1;
            } else if matches!(b, b'-' | b'/' | b'&' | b'+') {
                if i + 1 < n && alnum_at(text, i + 1).0 {
                    i += 1;
                } else {
                    break;
                }
            } else if b >= 0x80 {
                let (alnum, len) = alnum_at(text, i);
                if !alnum {
                    break;
                }
                i += len;
            } else {
                break;
            }
        }
        if caps < 2 || in_citation {
            continue;
        }
        let e = i;
        let token = &text[s..e];
        let lower = token.chars().filter(|c| c.is_lowercase()).count();
        // Identifiers and patterns are not abbreviations: "xs:NMTOKEN", "\"YY\"", "CCYY-MM-DD", "IdRef".
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        let code_like = matches!(before, Some(':' | '"' | '“' | '<' | '_' | '.' | '@'))
            || matches!(after, Some('"' | '”' | '>' | '_' | '('))
            || (matches!(after, Some(':'))
                && text[e..].chars().nth(1).is_some_and(|c| !c.is_whitespace()))
            || token.matches('-').count() >= 2
            || token.chars().count() > 10
            || lower > caps;
        // A token cut at a dot is part of a designator or a version ("FOIC1.4-SC", "v2.SC"),
        // and one followed by a number names a numbered body or item ("SC 9", "SG 16", "WG 11").
        let dotted = (text[e..].starts_with('.')
            && text[e + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric))
            || (text[..s].ends_with('.')
                && text[..s - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric));
        let numbered = text[e..]
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '/' | '-'));
        // A capitalised surname in a reference ("SMITH, J.", "DOE J.") is a name.
        let surname = {
            let r = text[e..].strip_prefix(',').unwrap_or(&text[e..]);
            let r = r.strip_prefix(' ').unwrap_or("");
            let mut c = r.chars();
            token.chars().all(|c| c.is_ascii_uppercase())
                && token.len() >= 3
                && c.next().is_some_and(|c| c.is_ascii_uppercase())
                && c.next() == Some('.')
        };
        if looks_like_short_form(token)
            && !code_like
            && !dotted
            && !numbered
            && !surname
            && !is_number(token)
        {
            let short = match token.strip_suffix('s') {
                Some(stem)
                    if stem
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
                {
                    stem
                }
                _ => token,
            };
            out.push((s..e, short.to_string()));
        }
    }
    out
}

/// True for a number written in hexadecimal ("43FBF800", "0x1F", "FF00"): hex digits only, with
/// at least as many decimal digits as letters, or a "0x" prefix. An abbreviation is spelt with
/// letters.
fn is_number(token: &str) -> bool {
    if let Some(rest) = token
        .strip_prefix("0x")
        .or_else(|| token.strip_prefix("0X"))
    {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit());
    }
    let digits = token.chars().filter(char::is_ascii_digit).count();
    token.len() >= 4
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
        && digits * 2 >= token.len()
}

/// The parts of a compound short form joined by '-', '/', '&' or '+' ("CE-PE", "RTP/RTCP").
fn parts(short: &str) -> Vec<&str> {
    short
        .split(['-', '/', '&', '+'])
        .filter(|p| !p.is_empty())
        .collect()
}

/// A paragraph mostly in capitals (a cover page, a series title) is not running text for
/// abbreviation purposes.
fn shouting(t: &str) -> bool {
    if t.split_whitespace().nth(2).is_none() {
        return false;
    }
    let (mut letters, mut upper) = (0usize, 0usize);
    if t.is_ascii() {
        for &b in t.as_bytes() {
            let alpha = (b | 0x20).wrapping_sub(b'a') < 26;
            letters += usize::from(alpha);
            upper += usize::from(alpha & (b & 0x20 == 0));
        }
    } else {
        for c in t.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    upper * 10 >= letters * 7
}

/// The document's title line (AsciiDoc "= Title", Markdown "# Title"), when it opens the source.
pub fn title<'a>(ctx: &'a Ctx) -> Option<&'a str> {
    ctx.draft
        .lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .and_then(|l| l.strip_prefix("= ").or_else(|| l.strip_prefix("# ")))
}

/// A paragraph of code or pseudocode (a line of a listing the markup did not mark as one): its
/// capitals are identifiers. Judged by the density of the punctuation code is made of.
fn looks_like_code(t: &str) -> bool {
    let code = t
        .bytes()
        .filter(|b| {
            matches!(
                b,
                b'{' | b'}' | b';' | b'=' | b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'_'
            )
        })
        .count();
    if code * 12 >= t.len().max(1) && t.len() >= 8 {
        return true;
    }
    // Two different operators make code: the search stops at the second one found (each is a
    // SIMD substring search; most paragraphs hold none, and are read once per operator).
    ["==", "!=", "<=", ">=", "->", "++", "&&", "||", "::", "();"]
        .iter()
        .filter(|o| t.contains(*o))
        .nth(1)
        .is_some()
}

/// Every piece of live text where abbreviations are used, outside clause 4, the references and
/// the front matter, in document order: (zone, text).
#[inline(never)]
fn usage_texts<'a>(ctx: &'a Ctx) -> Vec<(Zone, &'a Located)> {
    let mut out: Vec<(Zone, &Located)> = Vec::new();
    for e in ctx.draft.entries() {
        out.push((Zone::Definitions, &e.term));
        out.extend(paragraphs(e).map(|p| (Zone::Definitions, p)));
        out.extend(e.notes.iter().map(|n| (Zone::Definitions, &n.text)));
    }
    for t in &ctx.draft.text {
        if !matches!(t.zone, Zone::Abbreviations | Zone::References | Zone::Front)
            && !shouting(t.text.text())
            && !looks_like_code(t.text.text())
        {
            out.push((t.zone, &t.text));
        }
    }
    out.sort_by_cached_key(|(_, l)| l.start());
    out
}

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    // Every item of each short form: a compiled list (ITU-T J.1) gives some several expansions
    // from different sources, and any of them is the draft's own.
    let mut listed: BTreeMap<&str, Vec<&crate::check::draft::Abbreviation>> = BTreeMap::new();
    for item in ctx.draft.clause4.iter().flat_map(|c| c.items.iter()) {
        listed.entry(item.short.text()).or_default().push(item);
    }
    // Terms, the abbreviations clause 3 gives with them ("OIML Certification System
    // (OIML-CS)": the clause lists it there), and the short forms of the document's title (its
    // publisher and series: "OIML B 18", "ITU-T Y.3000") need no clause-4 line.
    let mut terms: Vec<&str> = ctx
        .draft
        .entries()
        .iter()
        .map(|e| bare_term(e.term.text()))
        .collect();
    terms.extend(
        ctx.draft
            .entries()
            .iter()
            .filter_map(|e| super::term_parenthesis(e.term.text())),
    );
    // An abbreviation given as an entry's admitted term ("document part metadata", admitted
    // "DPM"; "probability density function", admitted "PDF") is listed there.
    terms.extend(
        ctx.draft
            .entries()
            .iter()
            .flat_map(|e| e.admitted.iter().map(|a| a.text().trim())),
    );
    let title_forms: Vec<String> = title(ctx)
        .map(|t| {
            short_forms(ctx.words(), t)
                .into_iter()
                .map(|(_, s)| s)
                .collect()
        })
        .unwrap_or_default();
    terms.extend(title_forms.iter().map(String::as_str));
    let texts = usage_texts(ctx);
    // Unlisted: first use of each short form not in clause 4.
    let mut first: BTreeMap<String, (&Located, Range<usize>, usize)> = BTreeMap::new();
    for (_, t) in &texts {
        if ctx.cancelled() {
            return;
        }
        for (r, short) in short_forms(ctx.words(), t.text()) {
            let entry = first.entry(short).or_insert((t, r, 0));
            entry.2 += 1;
        }
    }
    // Used like an abbreviation: a compound of listed (or exempt) short forms is those forms
    // ("CE-PE", "RTP/RTCP"); a form the draft also writes in lower case as a word is a word set in
    // capitals, not an abbreviation ("NOTICE"/"notice" is not at issue: only forms of 2+ capitals
    // reach here).
    let known_form = |p: &str| {
        listed.contains_key(p)
            || is_exempt(p)
            || terms.contains(&p)
            || p.chars().count() == 1
            || p.chars().all(|c| c.is_ascii_digit())
            // A designator: an exempt body or series and a number ("RFC3986", "ISO9001"):
            || p.trim_end_matches(|c: char| c.is_ascii_digit()) != p
                && is_exempt(p.trim_end_matches(|c: char| c.is_ascii_digit()))
            // A listed form with a number before it is that form ("16QAM", "5GHz" aside):
            || p.strip_prefix(|c: char| c.is_ascii_digit())
                .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
                .is_some_and(|r| listed.contains_key(r))
    };
    let mut unlisted: Vec<_> = first
        .iter()
        .filter(|(s, _)| {
            let ps = parts(s);
            // A compound of listed forms is those forms; one led by a standards body names one of
            // its committees or sectors ("ISO/TC", "IEC/SC").
            // ... and a compound of forms reported on their own ("DTE-DCE" beside "DTE" and
            // "DCE") is not a form of its own.
            let compound_of_known =
                ps.len() > 1 && ps.iter().all(|p| known_form(p) || first.contains_key(*p));
            let committee = ps.len() > 1 && EXEMPT.contains(&ps[0]);
            !(known_form(s) || compound_of_known || committee)
        })
        .collect();
    let words_in_capitals = written_as_words(
        &texts,
        unlisted
            .iter()
            .map(|(s, _)| s.as_str())
            .filter(|s| s.len() >= 5 && s.chars().all(|c| c.is_ascii_uppercase())),
    );
    unlisted.retain(|(s, _)| !words_in_capitals.contains(s.as_str()));
    // A draft with no abbreviations clause at all (an RFC, a guide, a clause read alone) tells
    // its reader what a form means where it first uses it ("Online Certificate Status Protocol
    // (OCSP)"): that form is not missing from a list the draft does not keep. Forms it never
    // expands are still reported.
    if ctx.draft.clause4.is_none() {
        unlisted.retain(|(short, (t, r, _))| {
            let before = &t.text()[..r.start];
            let expanded_before = before.trim_end().ends_with('(') && initials_match(before, short);
            let after = t.text()[r.end..].trim_start();
            let expanded_after = after.starts_with('(') && {
                let inner = after[1..].split(')').next().unwrap_or("");
                initials_match(inner, short)
            };
            !(expanded_before || expanded_after)
        });
    }
    unlisted.sort_by_key(|(_, (t, r, _))| t.pos(r.start));
    // "the abbreviations given in TR 21.905 [1] and the following apply" (3GPP, ETSI, ISO): the
    // list takes in another document's, which the check cannot read, so an unlisted form may be
    // listed there: said as `info`, naming that document.
    let imported = ctx.draft.clause4.as_ref().and_then(|c| {
        c.intro.iter().find_map(|p| {
            let t = p.text();
            let lower = t.to_lowercase();
            let at = ["given in ", "defined in ", "listed in "]
                .iter()
                .find_map(|k| lower.find(k).map(|i| i + k.len()))?;
            let named: String = t[at..]
                .split(" and ")
                .next()
                .unwrap_or("")
                .trim_end_matches([',', ' '])
                .to_string();
            (!named.is_empty() && named.chars().any(|c| c.is_ascii_digit())).then_some(named)
        })
    });
    for (short, (t, r, n)) in unlisted {
        let known = ctx
            .registry
            .expansions(short)
            .first()
            .map(|a| a.text.to_string());
        let where_ = if ctx.draft.clause4.is_some() {
            "clause 4"
        } else {
            "clause 4, which the draft lacks"
        };
        let times = if *n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        };
        let hint = match known {
            Some(long) => {
                format!("add \"{short}  {long}\" to clause 4 (expansion from the registry)")
            }
            None => format!("add {short} and its expansion to clause 4"),
        };
        match &imported {
            Some(doc) => {
                sink.range(
                    "abbreviation-unlisted",
                    t,
                    r.clone(),
                    format!("{short} is used ({times}) and not listed in {where_}; it may be among the abbreviations clause 4 takes from {doc}"),
                    Some(format!("check that {doc} lists {short}; if not, add it to clause 4")),
                );
                sink.lower_last(crate::check::Severity::Info);
            }
            None => sink.range(
                "abbreviation-unlisted",
                t,
                r.clone(),
                format!("{short} is used ({times}) but not listed in {where_}"),
                Some(hint),
            ),
        }
    }
    // Unused and first use, for listed abbreviations.
    let uses = listed_uses(&listed, &texts);
    for (short, items) in &listed {
        let uses = uses.get(*short).map_or(&[][..], Vec::as_slice);
        if uses.is_empty() {
            sink.at(
                "abbreviation-unused",
                &items[0].short,
                format!("{short} is listed in clause 4 but never used"),
                Some(format!("remove {short} from clause 4, or use it")),
            );
            continue;
        }
        let longs: Vec<&str> = items.iter().map(|i| expansion(i.long.text())).collect();
        // Forms that need no listing (ITU-T, ISO) need no expansion at first use either.
        if let Some((_, t, r)) = uses
            .iter()
            .filter(|_| !is_exempt(short))
            .find(|(z, _, _)| matches!(z, Zone::Body | Zone::Annex | Zone::Appendix))
        {
            let before = &t.text()[..r.start];
            let expanded = longs
                .iter()
                .any(|long| normalize(before).contains(&normalize(long)))
                || t.text()[..r.start].trim_end().ends_with('(') && initials_match(before, short);
            if !expanded {
                sink.range(
                    "abbreviation-first-use",
                    t,
                    r.clone(),
                    format!("first use of {short} in the body is not preceded by its expansion"),
                    Some(format!("write \"{} ({short})\" here", longs[0])),
                );
            }
        }
        mismatch_in_text(sink, &texts, short, &longs);
        for item in items {
            mismatch_with_registry(ctx, sink, item);
        }
    }
}

/// Which of `candidates` (words in capitals) the draft also writes as ordinary words, in lower or
/// title case ("SMITH" and "Smith", "NOTICE" and "notice"): those are words set in capitals (a
/// surname, a heading word), not abbreviations. One case-insensitive scan over all the texts.
fn written_as_words<'s>(
    texts: &[(Zone, &Located)],
    candidates: impl Iterator<Item = &'s str>,
) -> std::collections::BTreeSet<&'s str> {
    let candidates: Vec<&str> = candidates.collect();
    let mut out = std::collections::BTreeSet::new();
    if candidates.is_empty() {
        return out;
    }
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&candidates)
    else {
        return out;
    };
    for (_, t) in texts {
        let text = t.text();
        for m in ac
            .find_iter(text)
            .filter(|m| is_whole_word(text, m.range()))
        {
            if text[m.range()]
                .bytes()
                .skip(1)
                .any(|b| b.is_ascii_lowercase())
            {
                out.insert(candidates[m.pattern().as_usize()]);
            }
        }
    }
    out
}

/// True when `range` of `text` is a whole word: no letter or digit right before or after it.
fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Where a short form is used: zone, text and byte range.
type Uses<'a> = Vec<(Zone, &'a Located, Range<usize>)>;

/// Every use of the listed short forms (or their plurals) in `texts`, by short form, in document
/// order; one multi-pattern scan instead of one search per abbreviation.
#[inline(never)] // called once per draft; kept out of line so profiles show each part
fn listed_uses<'a, V>(
    listed: &BTreeMap<&str, V>,
    texts: &[(Zone, &'a Located)],
) -> BTreeMap<String, Uses<'a>> {
    let mut patterns: Vec<String> = Vec::new();
    let mut owner: Vec<&str> = Vec::new();
    for short in listed.keys().filter(|s| !s.is_empty()) {
        patterns.push(short.to_string());
        owner.push(short);
        patterns.push(format!("{short}s"));
        owner.push(short);
    }
    let mut out: BTreeMap<String, Uses> = BTreeMap::new();
    let Ok(ac) = automaton::build(
        aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest),
        &patterns,
    ) else {
        return out;
    };
    for (z, t) in texts {
        let text = t.text();
        for m in ac
            .find_iter(text)
            .filter(|m| is_whole_word(text, m.range()))
        {
            out.entry(owner[m.pattern().as_usize()].to_string())
                .or_default()
                .push((*z, *t, m.range()));
        }
    }
    out
}

/// Lower case, hyphens as spaces, single spaces: "Fibre-to-the-Home" ~ "fibre to the home".
pub fn normalize(s: &str) -> String {
    s.to_lowercase()
        .replace(['-', '‐', '–'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the words just before the end of `before` start with the letters of `short`.
fn initials_match(before: &str, short: &str) -> bool {
    initials_words(before, short).is_some()
}

/// How many words at the end of `before` spell `short` by their initials (see
/// [`initials_match`]): each word gives its initial, and a word that is itself an abbreviation
/// may instead give all its capitals ("standard definition TV (SDTV)", but "Storage Attached
/// SCSI (SAS)").
fn initials_words(before: &str, short: &str) -> Option<usize> {
    let letters: Vec<char> = short.chars().filter(|c| c.is_ascii_uppercase()).collect();
    if letters.is_empty() {
        return None;
    }
    let words: Vec<&str> = before
        .trim_end()
        .trim_end_matches('(')
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    // Match the letters from the last one back against the words from the last one back.
    fn back(words: &[&str], letters: &[char], taken: usize) -> Option<usize> {
        if letters.is_empty() {
            return Some(taken);
        }
        let (word, rest) = words.split_last()?;
        let initial = word.chars().next()?.to_ascii_uppercase();
        let caps: Vec<char> = word.chars().filter(|c| c.is_ascii_uppercase()).collect();
        let all_caps =
            caps.len() >= 2 && caps.len() == word.chars().filter(|c| c.is_alphabetic()).count();
        if all_caps && letters.ends_with(&caps) {
            if let Some(n) = back(rest, &letters[..letters.len() - caps.len()], taken + 1) {
                return Some(n);
            }
        }
        if letters.last() == Some(&initial) {
            if let Some(n) = back(rest, &letters[..letters.len() - 1], taken + 1) {
                return Some(n);
            }
        }
        // A short function word inside the expansion gives no letter ("Authenticated
        // Encryption with Associated Data (AEAD)", "Bring Your Own Transport").
        if !rest.is_empty()
            && matches!(
                *word,
                "with" | "of" | "and" | "for" | "the" | "to" | "in" | "on" | "over"
            )
        {
            return back(rest, letters, taken + 1);
        }
        None
    }
    back(&words, &letters, 0)
}

/// The expansion of a clause-4 item without the sources a compiled list adds after it
/// ("Residential Gateway  [b-ITU-T J.192], [b-ITU-T J.193]") or a final full stop.
fn expansion(long: &str) -> &str {
    let mut rest = long.trim();
    loop {
        let t = rest.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        match t.strip_suffix(']').and_then(|t| t.rfind('[')) {
            Some(open) if !t[..open].trim().is_empty() => rest = &t[..open],
            _ => return t.trim_end_matches('.').trim_end(),
        }
    }
}

/// "…words (SHORT)" in the text with words that spell the abbreviation but match none of its
/// clause-4 expansions (`longs`, the first of which the message names).
fn mismatch_in_text(sink: &mut Sink, texts: &[(Zone, &Located)], short: &str, longs: &[&str]) {
    let pattern = format!("({short})");
    let long = longs[0];
    let n = long.split_whitespace().count().max(1);
    let normalized: Vec<String> = longs.iter().map(|l| normalize(l)).collect();
    let letters = short.chars().filter(|c| c.is_ascii_uppercase()).count();
    for (_, t) in texts {
        for (i, _) in t.text().match_indices(&pattern) {
            let before = t.text()[..i].trim_end();
            let words: Vec<&str> = before.split_whitespace().collect();
            if words.len() < n {
                continue;
            }
            // The expansion as written: the fewest words before "(SHORT)" whose parts (split at
            // hyphens too: "Low-Earth Orbit") give one word a letter, so no word is cut or added.
            let k = (1..=words.len().min(n + 4))
                .find(|&k| {
                    words[words.len() - k..]
                        .iter()
                        .map(|w| w.split('-').filter(|p| !p.is_empty()).count())
                        .sum::<usize>()
                        >= letters.max(1)
                })
                .unwrap_or(n);
            // Words that are themselves abbreviations give all their letters ("definition TV").
            let k = initials_words(before, short).unwrap_or(k).min(words.len());
            let written = words[words.len() - k..].join(" ");
            let before_normalized = normalize(before);
            // "Event Consumers (EC)" for "Event Consumer": a plural of the expansion is the same.
            let singular = before_normalized
                .strip_suffix("es")
                .filter(|_| {
                    !normalized
                        .iter()
                        .any(|l| before_normalized.ends_with(l.as_str()))
                })
                .map(str::to_string)
                .into_iter()
                .chain(before_normalized.strip_suffix('s').map(str::to_string))
                .collect::<Vec<_>>();
            if initials_match(before, short)
                && !normalized.iter().any(|l| {
                    before_normalized.ends_with(l.as_str())
                        || singular.iter().any(|s| s.ends_with(l.as_str()))
                })
            {
                let start = before.len() - written.len();
                sink.range(
                    "abbreviation-mismatch",
                    t,
                    start..i + pattern.len(),
                    format!(
                        "{short} is expanded here as \"{written}\" but clause 4 has \"{long}\""
                    ),
                    Some(format!("use one expansion: \"{long}\"")),
                );
            }
        }
    }
}

fn mismatch_with_registry(ctx: &Ctx, sink: &mut Sink, item: &crate::check::draft::Abbreviation) {
    let known = ctx.registry.expansions(item.short.text());
    if known.is_empty() {
        return;
    }
    let mine = normalize(expansion(item.long.text()));
    if known.iter().any(|k| normalize(k.text) == mine) {
        return;
    }
    let list = known.iter().take(3).map(|k| match &k.source {
        Some(s) => format!("\"{}\" ({s})", k.text),
        None => format!("\"{}\"", k.text),
    });
    sink.at(
        "abbreviation-mismatch",
        &item.long,
        format!(
            "{} is expanded as {} but the registry has {}",
            item.short.text(),
            q(item.long.text()),
            list.collect::<Vec<_>>().join(", ")
        ),
        Some(format!(
            "use the registry's expansion \"{}\" unless a different concept is meant",
            known[0].text
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unlisted(src: &str, name: &str) -> Vec<String> {
        super::super::findings_of(src, name, Default::default(), "abbreviation-unlisted")
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn without_an_abbreviations_clause_a_form_expanded_where_it_is_used_is_not_unlisted() {
        let src = "# Gears\n\n## 1. Terminology\n\ncog: A tooth of a gear wheel (GW).\n\n## 2. Body\n\nThe Revolution Counter (RC) reads the GW turns. The QXT is set.\n";
        let f = unlisted(src, "d.md");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("QXT"), "{f:?}");
    }

    #[test]
    fn function_words_in_an_expansion_give_no_letter() {
        assert!(initials_match(
            "Authenticated Encryption with Associated Data (",
            "AEAD"
        ));
        assert!(initials_match("Quality of Service (", "QOS"));
        assert!(!initials_match("Data Rate (", "DXR"));
    }

    #[test]
    fn an_abbreviation_given_as_an_admitted_term_is_listed() {
        let src = "= T\n\n== Terms and definitions\n\n=== gear wheel\nalt:[GW]\n\nwheel with teeth\n\n== Body\n\nEach GW turns.\n";
        let f = unlisted(src, "d.adoc");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn capitals_in_a_citation_are_not_abbreviations() {
        let w = Words::default();
        let found: Vec<String> = short_forms(&w, "The STB follows [b-ETSI GS ECI 001-5] and XR.")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(found, ["STB", "XR"]);
    }

    #[test]
    fn an_expansion_loses_the_sources_a_compiled_list_adds() {
        assert_eq!(
            expansion("Residential Gateway\t\t[b-ITU-T J.192], [b-ITU-T J.193]"),
            "Residential Gateway"
        );
        assert_eq!(expansion("extended reality."), "extended reality");
        assert_eq!(expansion("[b-ITU-T J.1]"), "[b-ITU-T J.1]");
        assert_eq!(expansion("Array [of] things"), "Array [of] things");
    }

    #[test]
    fn short_forms_and_their_plurals_are_found() {
        let w = Words::default();
        let found: Vec<String> =
            short_forms(&w, "The STBs and PCI-E, E/O, IoT; not CitiVerse nor A1.")
                .into_iter()
                .map(|(_, s)| s)
                .collect();
        assert_eq!(found, vec!["STB", "PCI-E", "E/O", "IoT"]);
    }

    #[test]
    fn numbers_designators_and_code_are_not_abbreviations() {
        let w = Words::default();
        let found =
            |t: &str| -> Vec<String> { short_forms(&w, t).into_iter().map(|(_, s)| s).collect() };
        assert!(found("The register holds 7FA0C312 after reset.").is_empty());
        assert!(found("Profile QRX2.4-AB applies.").is_empty());
        assert!(found("Work of SC 7 and WG 12 on it.").is_empty());
        assert!(found("See JONES, K. and BLUM, P. on it.").is_empty());
        assert_eq!(found("The QRX and 4BEEF are used."), ["QRX", "4BEEF"]);
        assert!(looks_like_code("if (PKT_LEN >= MAXQ) { FLAG = 1; }"));
        assert!(!looks_like_code(
            "The QRX (query exchange) is sent to the peer."
        ));
    }

    #[test]
    fn the_one_pass_code_test_agrees_with_a_scan_per_operator() {
        let reference = |t: &str| {
            let code = t.bytes().filter(|b| b"{};=()[]<>_".contains(b)).count();
            let operators = ["==", "!=", "<=", ">=", "->", "++", "&&", "||", "::", "();"]
                .iter()
                .filter(|o| t.contains(*o))
                .count();
            code * 12 >= t.len().max(1) && t.len() >= 8 || operators >= 2
        };
        let alphabet = [
            "a", "B", " ", "=", "!", "<", ">", "-", "+", "&", "|", ":", "(", ")", ";", "{", "_",
            "é",
        ];
        let mut state = 0x2545_F491_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 20) as usize;
            let t: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(looks_like_code(&t), reference(&t), "{t:?}");
        }
    }

    #[test]
    fn initials_of_an_expansion_are_recognised() {
        assert!(!initials_match("uses extended reality (", "XR"));
        assert!(initials_match("a Set Top Box (", "STB"));
        assert!(initials_match("standard definition TV (", "SDTV"));
        assert!(!initials_match("definition TV (", "SDTV"));
        assert!(initials_match("Storage Attached SCSI (", "SAS"));
        assert!(initials_match(
            "MAC Domain Cable Modem Service Group (",
            "MD-CM-SG"
        ));
        assert!(initials_match("the fibre-to-the-home (", "FTTH"));
    }

    #[test]
    fn find_phrase_is_case_insensitive() {
        use super::super::definition::find_phrase;
        assert_eq!(find_phrase("a XR b", "xr"), vec![2..4]);
    }
}
