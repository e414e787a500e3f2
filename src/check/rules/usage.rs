//! Part D of the principles for running text: `variant-spelling` (case, hyphen and spelling
//! variants of one term in one draft) and `requirement-in-informative`.

use super::definition::{find_exact, paragraphs};
use super::{Ctx, Sink, bare_term, q};
use crate::check::automaton;
use crate::check::draft::{Located, TextKind, Zone};
use crate::check::words::{ALNUM, ASCII_CLASS, alnum_at};
use aho_corasick::AhoCorasickBuilder;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

/// Pairs of endings that spell one word two ways (British / American).
const SPELLINGS: &[(&str, &str)] = &[
    ("re", "er"),
    ("our", "or"),
    ("ise", "ize"),
    ("isation", "ization"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ogue", "og"),
    ("lled", "led"),
    ("lling", "ling"),
];

/// All live text with its zone and whether it is running prose (not a heading or a list label).
fn texts<'a>(ctx: &'a Ctx) -> Vec<(Zone, TextKind, &'a Located)> {
    let mut out = Vec::new();
    for e in ctx.draft.entries() {
        out.extend(paragraphs(e).map(|p| (Zone::Definitions, TextKind::Paragraph, p)));
        out.extend(
            e.notes
                .iter()
                .map(|n| (Zone::Definitions, TextKind::Note, &n.text)),
        );
    }
    for t in &ctx.draft.text {
        out.push((t.zone, t.kind, &t.text));
    }
    out.sort_by_cached_key(|(_, _, l)| l.start());
    out
}

/// The running prose among all the texts: not references, clause 4, front matter or headings.
fn prose<'a>(all: &[(Zone, TextKind, &'a Located)]) -> Vec<&'a Located> {
    all.iter()
        .filter(|(z, k, _)| {
            !matches!(z, Zone::References | Zone::Abbreviations | Zone::Front)
                && *k != TextKind::Heading
        })
        .map(|(_, _, t)| *t)
        .collect()
}

/// Case variants of registry terms and requirements in informative text.
pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let all = texts(ctx);
    case_variants(ctx, sink, &prose(&all));
    possessive_variants(ctx, sink, &prose(&all));
    requirements(ctx, sink, &all);
}

/// A defined term with a possessive ("Manufacturer's Test Laboratory") written without it
/// ("a Manufacturer Test Laboratory may …"): two spellings of one designation.
fn possessive_variants(ctx: &Ctx, sink: &mut Sink, prose: &[&Located]) {
    for e in ctx.draft.entries() {
        let term = bare_term(e.term.text());
        if !(term.contains("'s ") || term.contains("’s ")) {
            continue;
        }
        let variant = term.replace("'s ", " ").replace("’s ", " ");
        let needle = variant.to_lowercase();
        for t in prose {
            let lower = super::definition::folded(t.text());
            if let Some(r) = find_exact(&lower, &needle).into_iter().next() {
                sink.range(
                    "variant-spelling",
                    t,
                    r.clone(),
                    format!(
                        "possessive variant ‘{}’; the term is {}",
                        &t.text()[r],
                        q(term)
                    ),
                    Some(format!("write {}", q(term))),
                );
            }
        }
    }
}

/// Hyphenation and spelling variants: the word-by-word half of the usage rules, run as a part
/// of its own (on a large draft it is as much work as all the other rules together).
pub fn check_words(ctx: &Ctx, sink: &mut Sink) {
    let all = texts(ctx);
    let prose = prose(&all);
    // The hyphenation and spelling rules read the same words: split the prose once.
    let mut tokens: Vec<Vec<Token>> = Vec::with_capacity(prose.len());
    for t in &prose {
        if ctx.cancelled() {
            return;
        }
        tokens.push(self::tokens(t.text()));
    }
    hyphen_variants(ctx, sink, &prose, &tokens);
    if ctx.cancelled() {
        return;
    }
    spelling_variants(ctx, sink, &prose, &tokens);
}

/// One word of the prose: its byte range in the text, and whether it has an inner hyphen. Kept
/// small (a draft has hundreds of thousands of words, all held at once).
#[derive(Clone, Copy)]
struct Token {
    start: u32,
    end: u32,
    hyphen: bool,
}

impl Token {
    fn start(&self) -> usize {
        self.start as usize
    }

    /// The word, in the `text` it was found in.
    fn word<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start as usize..self.end as usize]
    }
}

/// Word-ish tokens with their byte offsets, keeping inner hyphens: "real-time" is one token.
/// A word: alphanumerics (`char::is_alphanumeric`), with a '-' inside when an alphanumeric follows
/// it. Byte walk; ASCII is classified without decoding.
fn tokens(text: &str) -> Vec<Token> {
    // Offsets are kept in 32 bits: a paragraph of over 4 GiB is not looked at.
    if u32::try_from(text.len()).is_err() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut out = Vec::with_capacity(n / 6);
    let mut i = 0;
    while i < n {
        let (alnum, len) = alnum_at(text, i);
        if !alnum {
            i += len;
            continue;
        }
        let start = i;
        let mut hyphen = false;
        i += len;
        while i < n {
            let b = bytes[i];
            if ASCII_CLASS[usize::from(b)] & ALNUM != 0 {
                i += 1;
            } else if b == b'-' {
                if i + 1 < n && alnum_at(text, i + 1).0 {
                    hyphen = true;
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
        out.push(Token {
            start: start as u32,
            end: i as u32,
            hyphen,
        });
    }
    out
}

/// Lower-cases `w` into `buf` (reused, so no allocation per word).
fn lower_into<'b>(buf: &'b mut String, w: &str) -> &'b str {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
    buf
}

/// An occurrence of a word or phrase: where, and how it is written.
struct Seen<'a> {
    text: &'a Located,
    range: std::ops::Range<usize>,
}

fn report_minorities(
    sink: &mut Sink,
    groups: BTreeMap<String, Vec<(String, Seen)>>,
    preferred: &BTreeMap<String, String>,
    what: &str,
) {
    for (key, occ) in groups {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (form, _) in &occ {
            *counts.entry(form.as_str()).or_default() += 1;
        }
        if counts.len() < 2
            && preferred
                .get(&key)
                .is_none_or(|p| counts.contains_key(p.as_str()))
        {
            continue;
        }
        let dominant = preferred.get(&key).map(String::as_str).unwrap_or_else(|| {
            counts
                .iter()
                .max_by_key(|(f, n)| (**n, std::cmp::Reverse(**f)))
                .map(|(f, _)| *f)
                .unwrap_or("")
        });
        let mut done = std::collections::BTreeSet::new();
        for (form, seen) in &occ {
            if form == dominant || !done.insert(form.clone()) {
                continue;
            }
            let n = counts.get(dominant).copied().unwrap_or(0);
            let elsewhere = if n > 0 {
                format!("; elsewhere {} ({n}×)", q(dominant))
            } else {
                String::new()
            };
            sink.range(
                "variant-spelling",
                seen.text,
                seen.range.clone(),
                format!("{what} variant {}{elsewhere}", q(form)),
                Some(format!("write {} throughout", q(dominant))),
            );
        }
    }
}

/// Case variants of the draft's terms and of the registry's terms found in the draft
/// ("CitiVerse"/"Citiverse", "Metaverse" inside a sentence). Only sentences count: table rows and
/// list labels ("*User*: …") are often in title case on purpose.
#[inline(never)] // called once per draft; kept out of line so profiles show each rule
fn case_variants(ctx: &Ctx, sink: &mut Sink, prose: &[&Located]) {
    let mut phrases: BTreeMap<String, Option<String>> = BTreeMap::new();
    for e in ctx.draft.entries() {
        let bare = bare_term(e.term.text());
        if bare.split_whitespace().count() <= 4 {
            // "Feeder link: …" (3GPP writes every entry with a capital): the capital is the
            // entry's, not the term's; the running text's lower case is the term's form.
            let mut c = bare.chars();
            let only_first = c.next().is_some_and(char::is_uppercase) && !c.any(char::is_uppercase);
            let form = if only_first {
                let mut c = bare.chars();
                c.next()
                    .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                bare.to_string()
            };
            phrases.insert(bare.to_lowercase(), Some(form));
        }
    }
    // Expansions of the listed abbreviations keep the capitals clause 4 gives them ("User
    // Equipment"): a registry word inside one is not a case variant.
    let expansions: Vec<&str> = ctx
        .draft
        .clause4
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i| i.long.text().trim())
        .filter(|l| l.chars().filter(|c| c.is_uppercase()).count() >= 2)
        .collect();
    for t in ctx.registry.designations() {
        phrases.entry(t.to_lowercase()).or_insert(None);
    }
    let keys: Vec<&String> = phrases.keys().filter(|k| k.chars().count() > 2).collect();
    let Ok(ac) = automaton::build(
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest),
        &keys,
    ) else {
        return;
    };
    let mut groups: BTreeMap<String, Vec<(String, Seen)>> = BTreeMap::new();
    for t in prose.iter().filter(|t| is_sentence(t.text())) {
        if ctx.cancelled() {
            return;
        }
        let s = t.text();
        // A title is skipped whole; asked only of a sentence with a match (most have none).
        let mut title: Option<bool> = None;
        let label_end = find_colon_space(s)
            .filter(|&i| s[..i].split_whitespace().count() <= 4)
            .map_or(0, |i| i + 1);
        // Computed at the first match only: most sentences have none.
        let mut inside_expansion: Option<Vec<std::ops::Range<usize>>> = None;
        for m in ac.find_iter(s) {
            if *title.get_or_insert_with(|| is_title(s)) {
                break;
            }
            let (a, b) = (m.start(), m.end());
            if a < label_end {
                continue;
            }
            let inside = inside_expansion
                .get_or_insert_with(|| expansions.iter().flat_map(|x| find_exact(s, x)).collect());
            if inside.iter().any(|r| r.start <= a && b <= r.end) {
                continue;
            }
            let before = s[..a].chars().next_back();
            let after = s[b..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                || after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            {
                continue;
            }
            let surface = &s[a..b];
            // A capitalised phrase beside another capitalised word is part of a longer name
            // ("the Bathymetric Surface Product", "GeoPackage Extension", "Manufacturer Test
            // Laboratory"): its capitals are the name's, not a variant of the term's case.
            if surface.starts_with(char::is_uppercase) && in_capitalised_run(s, a, b) {
                continue;
            }
            // A capital after a list label or a caption's dash ("a) Real …", "Figure 2 – Real …")
            // starts the item as a sentence start does.
            let sentence_start = s[..a].trim_end().is_empty()
                || s[..a].trim_end().ends_with([
                    '.', ':', '!', '?', '"', '“', '(', ')', ';', '–', '—', '•', '*',
                ]);
            let mut form = surface.to_string();
            // At a sentence start the first letter says nothing. A phrase with other capitals
            // ("Online Command State", "CitiVerse") is compared as written, except after an
            // article ("The Directory" is "the Directory").
            let first_word = surface.split([' ', '-']).next().unwrap_or(surface);
            let article = matches!(first_word, "The" | "A" | "An");
            let inner_capitals = if article {
                first_word.chars().skip(1).any(char::is_uppercase)
            } else {
                surface.chars().skip(1).any(char::is_uppercase)
            };
            if sentence_start && !inner_capitals {
                let mut c = form.chars();
                let first = c
                    .next()
                    .map(|f| f.to_lowercase().collect::<String>())
                    .unwrap_or_default();
                let rest: String = c.collect();
                // A capital at a sentence start says nothing; compare the rest only.
                let key = keys[m.pattern().as_usize()];
                form = if key.starts_with(&first) {
                    format!("{first}{rest}")
                } else {
                    form
                };
                let defined = phrases.get(key.as_str()).and_then(|p| p.clone());
                if let Some(d) = defined.filter(|d| {
                    d.to_lowercase() == form.to_lowercase()
                        && d.chars().next().is_some_and(char::is_uppercase)
                }) {
                    form = d;
                }
            }
            groups
                .entry(keys[m.pattern().as_usize()].clone())
                .or_default()
                .push((
                    form,
                    Seen {
                        text: t,
                        range: a..b,
                    },
                ));
        }
    }
    let preferred: BTreeMap<String, String> = phrases
        .iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
        .collect();
    // A defined term the draft never writes differently is not a variant; only compare forms seen.
    let preferred = preferred
        .into_iter()
        .filter(|(k, v)| groups.get(k).is_some_and(|g| g.iter().any(|(f, _)| f == v)))
        .collect();
    report_minorities(sink, groups, &preferred, "case");
}

/// Whether the word right before `a` (not at a sentence start, not an article) or right after
/// `b` in `s` is capitalised: the phrase `s[a..b]` is then inside a run of capitalised words.
fn in_capitalised_run(s: &str, a: usize, b: usize) -> bool {
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && !matches!(w, "The" | "A" | "An")
    };
    let head = s[..a].trim_end_matches(' ');
    let prev_ok = head.len() + 1 == a || head.len() == a;
    let prev = head.rsplit(' ').next().unwrap_or("");
    let prev_starts_sentence = {
        let before_prev = head[..head.len() - prev.len()].trim_end();
        before_prev.is_empty() || before_prev.ends_with(['.', ':', '!', '?', ';'])
    };
    // A number inside the name counts with the word before it ("Type 1 Profile").
    let numbered = !prev.is_empty()
        && prev.chars().all(|c| c.is_ascii_digit())
        && head[..head.len() - prev.len()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(capitalised);
    let before = prev_ok
        && !prev.is_empty()
        && prev.chars().all(|c| c.is_alphanumeric() || c == '-')
        && (capitalised(prev) || numbered)
        && !prev_starts_sentence;
    let next = s[b..]
        .strip_prefix(' ')
        .and_then(|r| r.split([' ', ',', '.', ';', ':', ')']).next())
        .unwrap_or("");
    before
        || (!next.is_empty()
            && next.chars().all(|c| c.is_alphanumeric() || c == '-')
            && capitalised(next))
}

/// The first ": " in `s` (what `s.find(": ")` gives), found by a memchr scan for ':'.
fn find_colon_space(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(':') {
        let at = from + i;
        if s.as_bytes().get(at + 1) == Some(&b' ') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// True for a caption or a title set as a paragraph ("Figure 3 – Functional Architecture of the
/// Platform"): most of its longer words are capitalised, so capitals in it say nothing of case.
fn is_title(t: &str) -> bool {
    let caption = ["Figure ", "Table ", "Fig. "].iter().any(|p| {
        t.strip_prefix(p).is_some_and(|rest| {
            let rest =
                rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '.' || c == '-');
            rest.trim_start().starts_with(['–', '—', '-', ':'])
        })
    });
    if caption {
        return true;
    }
    // Counted in one pass, without collecting the words (this runs on every sentence).
    let (mut words, mut capitalised) = (0usize, 0usize);
    for w in t.split_whitespace() {
        if w.chars().filter(|c| c.is_alphabetic()).nth(3).is_some() {
            words += 1;
            capitalised += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
    }
    words >= 3 && capitalised * 3 >= words * 2
}

/// True for running prose: not a table row, and with a verb-like length.
fn is_sentence(t: &str) -> bool {
    !t.starts_with('|') && t.split_whitespace().nth(4).is_some()
}

/// "real-time" / "real time" / "realtime".
#[inline(never)]
fn hyphen_variants(ctx: &Ctx, sink: &mut Sink, prose: &[&Located], tokens: &[Vec<Token>]) {
    let mut forms: BTreeMap<String, Vec<(String, Seen)>> = BTreeMap::new();
    // Lower-cased word → HYPHENATED (a hyphenated word written solid) and/or FIRST (the first
    // part of a two-part hyphenated word).
    const HYPHENATED: u8 = 1;
    const FIRST: u8 = 2;
    let mut lookup: FxHashMap<String, u8> = FxHashMap::default();
    for (t, toks) in prose.iter().zip(tokens) {
        if ctx.cancelled() {
            return;
        }
        let s = t.text();
        for tok in toks.iter().filter(|tok| tok.hyphen) {
            let (i, w) = (tok.start(), tok.word(s));
            // CamelCase parts are identifiers ("BitRate-Mode"), not spellings of words.
            if w.split('-').all(|p| {
                p.len() > 1
                    && p.chars().all(char::is_alphabetic)
                    && !p.chars().skip(1).any(char::is_uppercase)
            }) {
                let lower = w.to_lowercase();
                let key = lower.replace('-', "");
                *lookup.entry(key.clone()).or_default() |= HYPHENATED;
                forms.entry(key).or_default().push((
                    lower,
                    Seen {
                        text: t,
                        range: i..i + w.len(),
                    },
                ));
            }
        }
    }
    if lookup.is_empty() {
        return;
    }
    // First parts of two-part hyphenated words: only these can start a spaced variant.
    // (From the distinct forms: a draft may write one compound a million times.)
    let distinct: BTreeSet<&str> = forms
        .values()
        .flat_map(|v| v.iter().map(|(f, _)| f.as_str()))
        .collect();
    let firsts: Vec<String> = distinct
        .iter()
        .filter(|f| f.matches('-').count() == 1)
        .filter_map(|f| f.split('-').next().map(str::to_string))
        .collect();
    for f in firsts {
        *lookup.entry(f).or_default() |= FIRST;
    }
    // Parts of hyphenated forms: whether the draft writes each as a word of its own tells a
    // compound ("real-time") from a word broken at a line end ("alterna-ting"), below.
    const PART: u8 = 4;
    let all_parts: Vec<String> = distinct
        .iter()
        .flat_map(|f| f.split('-').map(str::to_string))
        .collect();
    drop(distinct);
    for p in all_parts {
        *lookup.entry(p).or_default() |= PART;
    }
    let mut parts_seen: FxHashSet<String> = FxHashSet::default();
    // Most words are no key: a bit table indexed by a hash of the lower-cased bytes answers that
    // for an ASCII word before it is lower-cased and looked up (no false negatives: a key's bit
    // is always set).
    let filter = KeyFilter::new(lookup.keys().map(String::as_str));
    let may_be_key = |w: &str| !w.is_ascii() || filter.may_contain(w);
    let is_hyphenated = |w: &str| lookup.get(w).is_some_and(|&b| b & HYPHENATED != 0);
    let mut buf = String::new();
    let mut joined = String::new();
    let mut words: Vec<Token> = Vec::new();
    for (t, toks) in prose.iter().zip(tokens) {
        if ctx.cancelled() {
            return;
        }
        let s = t.text();
        words.clear();
        words.extend(toks.iter().filter(|tok| !tok.hyphen));
        for (k, tok) in words.iter().enumerate() {
            let (i, w) = (tok.start(), tok.word(s));
            if !may_be_key(w) {
                continue;
            }
            // A CamelCase identifier ("TimeStamp") is not the solid spelling of a word.
            if w.chars().skip(1).any(char::is_uppercase) {
                continue;
            }
            let lw = lower_into(&mut buf, w);
            let Some(&bits) = lookup.get(lw) else {
                continue;
            };
            if bits & PART != 0 && !parts_seen.contains(lw) {
                parts_seen.insert(lw.to_string());
            }
            if bits & HYPHENATED != 0 {
                forms.entry(lw.to_string()).or_default().push((
                    lw.to_string(),
                    Seen {
                        text: t,
                        range: i..i + w.len(),
                    },
                ));
            }
            if bits & FIRST == 0 {
                continue;
            }
            if let Some(next) = words.get(k + 1) {
                let (j, w2) = (next.start(), next.word(s));
                // "real time" for "real-time": joined in a reused buffer, allocated only on a hit.
                let first_len = lw.len();
                joined.clear();
                joined.push_str(lw);
                if w2.is_ascii() {
                    joined.push_str(w2);
                    joined[first_len..].make_ascii_lowercase();
                } else {
                    joined.push_str(&w2.to_lowercase());
                }
                // Only a spaced pair in front of a noun competes with the hyphenated compound
                // adjective ("real time systems" / "real-time systems"); before a function word or
                // a stop it is a phrase of its own ("time stamped by", "in real time.").
                // (The cheap tests first: most pairs are no hyphenated word's spaced form.)
                let attributive = || {
                    words.get(k + 2).is_some_and(|n| {
                        let between = &s[next.end as usize..n.start()];
                        between.chars().all(|c| c == ' ')
                            && !between.is_empty()
                            && !is_function_word(n.word(s))
                    })
                };
                if is_hyphenated(&joined)
                    && s[i + w.len()..j].chars().all(|c| c == ' ')
                    && attributive()
                {
                    let spaced = format!("{} {}", &joined[..first_len], &joined[first_len..]);
                    forms.entry(joined.clone()).or_default().push((
                        spaced,
                        Seen {
                            text: t,
                            range: i..j + w2.len(),
                        },
                    ));
                }
            }
        }
    }
    // A hyphenated form whose parts the draft never writes as words is a word broken at a line
    // end ("alterna-ting"): never the form to suggest. Where the solid form is written, it is.
    let mut preferred = BTreeMap::new();
    for (key, occ) in &forms {
        let broken = |f: &str| f.contains('-') && f.split('-').any(|p| !parts_seen.contains(p));
        if occ.iter().any(|(f, _)| broken(f)) && occ.iter().any(|(f, _)| f == key) {
            preferred.insert(key.clone(), key.clone());
        }
    }
    report_minorities(sink, forms, &preferred, "hyphenation");
}

/// Words after which a spaced pair is a phrase of its own, not a compound adjective.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "by", "to", "of", "in", "on", "at", "for", "with", "from", "and", "or", "is",
    "are", "was", "were", "be", "been", "as", "that", "which", "it", "its", "this", "these",
    "into", "than", "when", "if", "then", "but", "so", "such", "not", "no", "only", "also", "can",
    "may", "will", "shall", "should", "must", "using", "via", "per", "between", "within",
    "without",
];

/// Whether `w`, lower-cased, is one of the [`FUNCTION_WORDS`] (which are ASCII and short: no
/// lower-casing for the others).
fn is_function_word(w: &str) -> bool {
    if w.len() > 8 {
        return false;
    }
    if w.is_ascii() {
        FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
    } else {
        FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
    }
}

/// A set of lower-cased words as a bit table over a hash of their bytes: `may_contain` is false
/// only for words that are surely not in the set.
struct KeyFilter {
    bits: Vec<u64>,
}

impl KeyFilter {
    const BITS: u32 = 16;

    fn new<'k>(keys: impl Iterator<Item = &'k str>) -> Self {
        let mut bits = vec![0u64; 1 << (Self::BITS - 6)];
        for k in keys {
            let h = Self::slot(k);
            bits[h >> 6] |= 1 << (h & 63);
        }
        KeyFilter { bits }
    }

    /// FNV-1a over the ASCII-lower-cased bytes, folded to `BITS` bits: for an ASCII word, the same
    /// slot as its lower-cased form.
    fn slot(w: &str) -> usize {
        let mut h: u32 = 0x811c_9dc5;
        for &b in w.as_bytes() {
            h = (h ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0193);
        }
        ((h ^ (h >> Self::BITS)) & ((1 << Self::BITS) - 1)) as usize
    }

    fn may_contain(&self, w: &str) -> bool {
        let h = Self::slot(w);
        self.bits[h >> 6] & (1 << (h & 63)) != 0
    }
}

/// True when the lower-cased form of `w` may end in one of the [`SPELLINGS`] endings (British or
/// American), judged by its last two letters. Only such words can be in a spelling pair; a word
/// with other characters than ASCII is always looked at.
fn may_pair(w: &str) -> bool {
    let b = w.as_bytes();
    !w.is_ascii()
        || (b.len() >= 2
            && matches!(
                [
                    b[b.len() - 2].to_ascii_lowercase(),
                    b[b.len() - 1].to_ascii_lowercase()
                ],
                [b'r', b'e']
                    | [b'u', b'r']
                    | [b's', b'e']
                    | [b'o', b'n']
                    | [b'e', b'd']
                    | [b'n', b'g']
                    | [b'u', b'e']
                    | [b'e', b'r']
                    | [b'o', b'r']
                    | [b'z', b'e']
                    | [b'o', b'g']
            ))
}

/// "fibre" / "fiber", "colour" / "color", "organise" / "organize" in one draft. A first pass
/// collects the distinct words that can pair up; positions are gathered only for those that do.
#[inline(never)]
fn spelling_variants(ctx: &Ctx, sink: &mut Sink, prose: &[&Located], tokens: &[Vec<Token>]) {
    let mut distinct: FxHashSet<String> = FxHashSet::default();
    let mut buf = String::new();
    for (t, toks) in prose.iter().zip(tokens) {
        if ctx.cancelled() {
            return;
        }
        let s = t.text();
        for tok in toks {
            let w = tok.word(s);
            if w.len() >= 5 && may_pair(w) && w.chars().all(char::is_alphabetic) {
                let lower = lower_into(&mut buf, w);
                if !distinct.contains(lower) {
                    distinct.insert(lower.to_string());
                }
            }
        }
    }
    // Only words with a British ending can start a pair; taken in sorted order so that the
    // grouping does not depend on the hash set's iteration order.
    let mut candidates: Vec<&String> = distinct
        .iter()
        .filter(|w| SPELLINGS.iter().any(|(uk, _)| w.ends_with(uk)))
        .collect();
    candidates.sort_unstable();
    // variant word → key of its group.
    let mut group_of: FxHashMap<String, String> = FxHashMap::default();
    for word in candidates {
        for (uk, us) in SPELLINGS {
            if let Some(stem) = word.strip_suffix(uk) {
                let other = format!("{stem}{us}");
                if stem.len() >= 3 && distinct.contains(&other) {
                    group_of.insert(word.clone(), word.clone());
                    group_of.insert(other, word.clone());
                }
            }
        }
    }
    if group_of.is_empty() {
        return;
    }
    let filter = KeyFilter::new(group_of.keys().map(String::as_str));
    let mut groups: BTreeMap<String, Vec<(String, Seen)>> = BTreeMap::new();
    for (t, toks) in prose.iter().zip(tokens) {
        if ctx.cancelled() {
            return;
        }
        let s = t.text();
        for tok in toks {
            let w = tok.word(s);
            // Every key passed `may_pair` in the first pass (it reads two bytes; the filter
            // hashes the word).
            if w.len() < 5 || !may_pair(w) || (w.is_ascii() && !filter.may_contain(w)) {
                continue;
            }
            let lower = lower_into(&mut buf, w);
            if let Some(key) = group_of.get(lower) {
                groups.entry(key.clone()).or_default().push((
                    lower.to_string(),
                    Seen {
                        text: t,
                        range: tok.start()..tok.start() + w.len(),
                    },
                ));
            }
        }
    }
    report_minorities(sink, groups, &BTreeMap::new(), "spelling");
}

#[inline(never)]
fn requirements(ctx: &Ctx, sink: &mut Sink, all: &[(Zone, TextKind, &Located)]) {
    let whole = ctx.draft.is_informative();
    for (zone, kind, t) in all {
        if ctx.cancelled() {
            return;
        }
        if matches!(zone, Zone::References | Zone::Abbreviations)
            || (*zone == Zone::Definitions && *kind == TextKind::Paragraph)
        {
            continue; // definitions have their own rule
        }
        let informative =
            whole || *zone == Zone::Appendix || matches!(kind, TextKind::Note | TextKind::Example);
        if !informative {
            continue;
        }
        // Case-fold once for both words (find_phrase would fold the text for each).
        let lower = t.text().to_lowercase();
        let hay = if lower.len() == t.text().len() {
            lower.as_str()
        } else {
            t.text()
        };
        for word in ["shall", "must"] {
            for r in find_exact(hay, word) {
                let why = if whole {
                    format!("a {}", ctx.draft.doc_type)
                } else {
                    "informative text (appendix, note or example)".to_string()
                };
                sink.range(
                    "requirement-in-informative",
                    t,
                    r,
                    format!("\"{word}\" states a requirement in {why}"),
                    Some("use descriptive wording (\"is\", \"can\", \"is expected to\")".into()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_ending_passes_the_pair_filter() {
        for (uk, us) in SPELLINGS {
            for ending in [uk, us] {
                assert!(may_pair(&format!("abcd{ending}")), "{ending}");
                assert!(
                    may_pair(&format!("ABCD{}", ending.to_uppercase())),
                    "{ending}"
                );
            }
        }
        assert!(!may_pair("words") && !may_pair("Colours") && may_pair("Gießen"));
    }

    #[test]
    fn the_key_filter_has_no_false_negatives() {
        let keys = ["realtime", "end", "multiuser", "nonlinear", "e"];
        let f = KeyFilter::new(keys.iter().copied());
        for k in keys {
            assert!(f.may_contain(k) && f.may_contain(&k.to_uppercase()), "{k}");
        }
    }

    #[test]
    fn a_capital_inside_a_longer_name_is_not_a_case_variant() {
        let src = "1 Scope\n\nThis Recommendation describes gears.\n\n3 Definitions\n\n3.1 Terms defined elsewhere\n\nNone.\n\n3.2 Terms defined in this Recommendation\n\n3.2.1 sprocket: A wheel with teeth.\n\n5 Overview\n\nA sprocket turns the chain of the bike. Each sprocket has teeth on its rim. The Rear Sprocket Assembly holds three of them. The Sprocket turns slowly here.\n";
        let f = super::super::findings_of(src, "d.txt", Default::default(), "variant-spelling");
        // "Rear Sprocket Assembly" is a name; "The Sprocket" inside a sentence is a variant.
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].line, 17, "{f:?}");
        assert!(in_capitalised_run("the Type 1 Profile here", 11, 18));
        assert!(!in_capitalised_run("Use a Profile here", 6, 13));
    }

    #[test]
    fn a_possessive_term_written_without_its_possessive_is_a_variant() {
        let src = "1 Scope\n\nThis Recommendation describes gears.\n\n3 Definitions\n\n3.1 Terms defined elsewhere\n\nNone.\n\n3.2 Terms defined in this Recommendation\n\n3.2.1 maker's mark: A sign a maker stamps on a gear.\n\n5 Overview\n\nEach wheel carries a maker mark on its hub, and the maker's mark is kept.\n";
        let f: Vec<_> =
            super::super::findings_of(src, "d.txt", Default::default(), "variant-spelling")
                .into_iter()
                .map(|f| f.message)
                .collect();
        assert_eq!(
            f,
            ["possessive variant ‘maker mark’; the term is ‘maker's mark’"]
        );
    }

    #[test]
    fn tokens_keep_inner_hyphens() {
        let text = "a real-time, end-to-end - x";
        let t: Vec<(&str, bool)> = tokens(text)
            .into_iter()
            .map(|t| (t.word(text), t.hyphen))
            .collect();
        assert_eq!(
            t,
            vec![
                ("a", false),
                ("real-time", true),
                ("end-to-end", true),
                ("x", false)
            ]
        );
    }
}
