//! TBX import: a TBX file (ISO 30042, DCA style) becomes corpus entries (one per definition)
//! and one curation file (`corpus/concepts/<file name>.toml`) that keeps every concept entry as
//! one concept with its designations, statuses, sources, relations and successions.
//!
//! The file is checked before anything is written: it must be well-formed XML in the TBX
//! namespace, and the parts the import reads must have the structure the TBX core RELAX NG and
//! the TBX-Basic Schematron require (a `term` first and once in each `termSec`, one `descrip`
//! first in each `descripGrp`, no loose text in containers, a `type` on every data category,
//! picklist values for `administrativeStatus`, `termType` and `partOfSpeech`, definitions only
//! at concept or language level). Every problem is reported with its line and nothing is
//! written; an entry id or file that already exists is refused the same way.

use super::tbx::{PREFERRED, REPLACED_BY, SUPERSEDED_BY};
use crate::corpus::concepts::{self as curation, DesignationType};
use crate::corpus::file::{line_of, render};
use crate::corpus::validate::{RawEntry, check_id, validate};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::{Collection, Entry, Source, Status};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a TBX file turned into.
#[derive(Debug, Clone)]
pub struct TbxContent {
    /// One entry per definition, sorted by id.
    pub entries: Vec<Entry>,
    /// The curation file's text (`[[concept]]` tables).
    pub curation: String,
    /// Number of concept entries read.
    pub concepts: usize,
}

/// What [`import_tbx`] wrote.
#[derive(Debug, Clone)]
pub struct ImportedTbx {
    pub files: Vec<PathBuf>,
    pub entries: usize,
    pub concepts: usize,
}

#[derive(Default)]
struct RawTerm {
    id: Option<String>,
    text: Option<String>,
    term_type: Option<String>,
    status: Option<String>,
    sources: Vec<String>,
    refs: Vec<(String, String)>,
}

#[derive(Default)]
struct RawDefinition {
    id: Option<String>,
    text: String,
    source: Option<String>,
    notes: Vec<String>,
    line: usize,
    /// The group's descrip is a definition (other groups are not read).
    is_definition: bool,
}

#[derive(Default)]
struct RawLang {
    lang: String,
    definitions: Vec<RawDefinition>,
    terms: Vec<RawTerm>,
}

#[derive(Default)]
struct RawConcept {
    id: String,
    line: usize,
    notes: Vec<String>,
    refs: Vec<(String, String)>,
    langs: Vec<RawLang>,
}

/// Containers and the elements they may hold (the parts of the core structure the import reads).
fn allowed_children(parent: &str) -> Option<&'static [&'static str]> {
    const AUX: &[&str] = &[
        "admin",
        "adminGrp",
        "descrip",
        "descripGrp",
        "note",
        "ref",
        "transacGrp",
        "xref",
    ];
    Some(match parent {
        "tbx" => &["tbxHeader", "text"],
        "text" => &["body", "back"],
        "body" => &["conceptEntry"],
        "conceptEntry" => &[
            "admin",
            "adminGrp",
            "descrip",
            "descripGrp",
            "note",
            "ref",
            "transacGrp",
            "xref",
            "langSec",
        ],
        "langSec" => &[
            "admin",
            "adminGrp",
            "descrip",
            "descripGrp",
            "note",
            "ref",
            "transacGrp",
            "xref",
            "termSec",
        ],
        "termSec" => &[
            "term",
            "termNote",
            "termNoteGrp",
            "admin",
            "adminGrp",
            "descrip",
            "descripGrp",
            "note",
            "ref",
            "transacGrp",
            "xref",
        ],
        "descripGrp" => &[
            "descrip",
            "admin",
            "adminGrp",
            "descripNote",
            "note",
            "ref",
            "xref",
            "transacGrp",
        ],
        "sourceDesc" | "publicationStmt" => &["p"],
        _ => {
            let _ = AUX;
            return None;
        }
    })
}

/// Elements whose `type` names a data category.
const TYPED: &[&str] = &[
    "admin",
    "adminNote",
    "descrip",
    "descripNote",
    "ref",
    "termNote",
    "transac",
    "transacNote",
    "xref",
];

/// Elements whose text the import keeps.
const LEAVES: &[&str] = &["term", "descrip", "admin", "note", "termNote", "ref"];

/// The data categories TBX-Basic permits for each typed element (its Schematron's lists).
/// `termNote` is left open: LTAC's own valid TBX-Basic fixture uses `usageStatus`, and the
/// Schematron accepts it.
fn basic_types(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "admin" => &["customerSubset", "projectSubset", "source"],
        "descrip" => &["subjectField", "context", "definition"],
        "ref" => &["crossReference"],
        "transac" => &["transactionType"],
        "transacNote" => &["responsibility"],
        "xref" => &["externalCrossReference", "xGraphic"],
        _ => return None,
    })
}

fn picklist(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "administrativeStatus" => &[
            "admittedTerm-admn-sts",
            "deprecatedTerm-admn-sts",
            "supersededTerm-admn-sts",
            "preferredTerm-admn-sts",
        ],
        "termType" => &[
            "fullForm",
            "acronym",
            "abbreviation",
            "shortForm",
            "variant",
            "phrase",
        ],
        "partOfSpeech" => &["adjective", "noun", "other", "verb", "adverb"],
        _ => return None,
    })
}

struct Open {
    name: String,
    line: usize,
    typ: Option<String>,
    children: usize,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// White space as XML pretty-printing leaves it: a run that holds a line break is one space.
fn tidy(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A slug made from a TBX id (ids of files from elsewhere may hold capitals or other signs).
fn slug_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.starts_with(['-', '.', '_']) {
        out.remove(0);
    }
    if out.is_empty() {
        out.push_str("concept");
    }
    out
}

/// Reads and checks a TBX file; `path` names it in problems.
pub fn read_tbx(path: &Path, text: &str, collection: Collection) -> Result<TbxContent> {
    let problem = |line: usize, message: String| Problem {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let mut problems: Vec<Problem> = Vec::new();
    // A byte order mark is no part of the document (and would shift every offset).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut concepts: Vec<RawConcept> = Vec::new();
    let mut leaf_text = String::new();
    let mut root_seen = false;
    // A TBX-Basic file is held to the dialect's list of data categories.
    let mut basic = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position() as usize;
                problems.push(problem(
                    line_of(text, at),
                    format!("not well-formed XML: {e}"),
                ));
                break;
            }
        };
        let line = line_of(
            text,
            before + leading_space(&text.as_bytes()[before.min(text.len())..]),
        );
        let (e, is_empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                close(
                    &mut stack,
                    &mut concepts,
                    &mut leaf_text,
                    &mut problems,
                    path,
                );
                continue;
            }
            Event::Text(t) => {
                let s = match t.unescape() {
                    Ok(s) => s.into_owned(),
                    Err(e) => {
                        problems.push(problem(line, format!("bad character reference: {e}")));
                        continue;
                    }
                };
                let Some(top) = stack.last() else { continue };
                let base = top.name.split('\u{0}').next().unwrap_or("");
                if in_leaf(&stack) {
                    leaf_text.push_str(&s);
                } else if !s.trim().is_empty() && allowed_children(base).is_some() {
                    problems.push(problem(
                        line_of(text, before + leading_space(s.as_bytes())),
                        format!(
                            "text not allowed directly inside <{base}>; expected elements ({})",
                            allowed_children(base).unwrap_or(&[]).join(", ")
                        ),
                    ));
                }
                continue;
            }
            Event::CData(t) => {
                leaf_text.push_str(&String::from_utf8_lossy(&t));
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        {
            {
                let raw_name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if raw_name.contains(':') {
                    problems.push(problem(
                        line,
                        format!("element <{raw_name}> is a DCT-style or foreign element; expected a DCA-style TBX file (elements of the TBX namespace only)"),
                    ));
                }
                let name = raw_name.clone();
                let typ = attr(&e, "type");
                if let Some(parent) = stack.last_mut() {
                    parent.children += 1;
                    if let Some(allowed) = allowed_children(&parent.name) {
                        if !allowed.contains(&name.as_str()) {
                            problems.push(problem(
                                line,
                                format!(
                                    "<{name}> is not allowed inside <{}>; expected one of: {}",
                                    parent.name,
                                    allowed.join(", ")
                                ),
                            ));
                        }
                    }
                    if parent.name == "termSec" && (name == "term") != (parent.children == 1) {
                        problems.push(problem(
                            line,
                            if name == "term" {
                                "a <termSec> holds one <term>, and it comes first".to_string()
                            } else {
                                format!("<{name}> before the <term> of its <termSec>; the term comes first")
                            },
                        ));
                    }
                    if parent.name == "descripGrp" && (name == "descrip") != (parent.children == 1)
                    {
                        problems.push(problem(
                            line,
                            "a <descripGrp> holds one <descrip>, and it comes first".to_string(),
                        ));
                    }
                } else if root_seen {
                    problems.push(problem(line, format!("<{name}> after the root element")));
                } else {
                    root_seen = true;
                    if name != "tbx" {
                        problems.push(problem(
                            line,
                            format!("the root element is <{name}>; expected <tbx>"),
                        ));
                    }
                    if attr(&e, "xmlns").as_deref() != Some(super::tbx::NAMESPACE) {
                        problems.push(problem(
                            line,
                            format!(
                                "<tbx> is not in the TBX namespace; expected xmlns=\"{}\"",
                                super::tbx::NAMESPACE
                            ),
                        ));
                    }
                    basic = attr(&e, "type").as_deref() == Some("TBX-Basic");
                    if attr(&e, "style").as_deref() != Some("dca") {
                        problems.push(problem(
                            line,
                            "<tbx> has no style=\"dca\"; only DCA-style TBX is read".into(),
                        ));
                    }
                }
                if TYPED.contains(&name.as_str()) && typ.as_deref().is_none_or(str::is_empty) {
                    problems.push(problem(
                        line,
                        format!(
                            "<{name}> has no type; expected the data category, e.g. type=\"source\""
                        ),
                    ));
                } else if let (true, Some(allowed), Some(t)) =
                    (basic, basic_types(&name), typ.as_deref())
                {
                    if !allowed.contains(&t) {
                        problems.push(problem(
                            line,
                            format!("<{name} type=\"{t}\"> is not a TBX-Basic data category; expected one of: {}", allowed.join(", ")),
                        ));
                    }
                }
                if name == "descrip" && typ.as_deref() == Some("definition") {
                    let place: Vec<&str> = stack
                        .iter()
                        .rev()
                        .map(|o| o.name.as_str())
                        .take(2)
                        .collect();
                    let ok = matches!(
                        place.as_slice(),
                        ["conceptEntry", ..]
                            | ["langSec", ..]
                            | ["descripGrp", "conceptEntry"]
                            | ["descripGrp", "langSec"]
                    );
                    if !ok {
                        problems.push(problem(line, "a definition is only allowed at concept or language level (conceptEntry, langSec)".into()));
                    }
                }
                match name.as_str() {
                    "conceptEntry" => {
                        let id = attr(&e, "id").unwrap_or_default();
                        if id.is_empty() {
                            problems.push(problem(line, "<conceptEntry> has no id".into()));
                        }
                        concepts.push(RawConcept {
                            id,
                            line,
                            ..RawConcept::default()
                        });
                    }
                    "langSec" => {
                        let lang = attr(&e, "xml:lang").unwrap_or_default();
                        if lang.is_empty() {
                            problems.push(problem(line, "<langSec> has no xml:lang".into()));
                        }
                        if let Some(c) = concepts.last_mut() {
                            c.langs.push(RawLang {
                                lang: lang.to_ascii_lowercase(),
                                ..RawLang::default()
                            });
                        }
                    }
                    "termSec" => {
                        if let Some(l) = concepts.last_mut().and_then(|c| c.langs.last_mut()) {
                            l.terms.push(RawTerm {
                                id: attr(&e, "id"),
                                ..RawTerm::default()
                            });
                        }
                    }
                    "descripGrp" => {
                        if let Some(l) = concepts.last_mut().and_then(|c| c.langs.last_mut()) {
                            if stack.last().is_some_and(|p| p.name == "langSec") {
                                l.definitions.push(RawDefinition {
                                    id: attr(&e, "id"),
                                    line,
                                    ..RawDefinition::default()
                                });
                            }
                        }
                    }
                    _ => {}
                }
                let leaf = LEAVES.contains(&name.as_str()) && !in_leaf(&stack);
                if leaf {
                    leaf_text.clear();
                }
                // A ref keeps its target with its name until it closes.
                let name = if name == "ref" {
                    format!("ref\u{0}{}", attr(&e, "target").unwrap_or_default())
                } else {
                    name
                };
                stack.push(Open {
                    name,
                    line,
                    typ,
                    children: 0,
                });
                if is_empty {
                    close(
                        &mut stack,
                        &mut concepts,
                        &mut leaf_text,
                        &mut problems,
                        path,
                    );
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        problems.push(problem(
            open.line,
            format!(
                "<{}> is not closed; the file ends inside it",
                open.name.split('\u{0}').next().unwrap_or("")
            ),
        ));
    }
    if !root_seen && problems.is_empty() {
        problems.push(problem(1, "no <tbx> element; expected a TBX file".into()));
    }
    for c in &concepts {
        for l in &c.langs {
            if l.terms.is_empty() {
                problems.push(problem(
                    c.line,
                    format!(
                        "concept entry '{}': <langSec xml:lang=\"{}\"> has no <termSec>",
                        c.id, l.lang
                    ),
                ));
            }
        }
        if c.langs.is_empty() {
            problems.push(problem(
                c.line,
                format!("concept entry '{}' has no <langSec>", c.id),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(invalid(path, problems));
    }
    assemble(path, concepts, collection)
}

/// The error of a TBX file with problems, sorted.
fn invalid(path: &Path, mut problems: Vec<Problem>) -> Error {
    problems.sort();
    problems.dedup();
    Error::Invalid {
        what: format!("TBX file {}", path.display()),
        problems: Problems(problems),
    }
}

/// True when the innermost open elements include one whose text is kept.
fn in_leaf(stack: &[Open]) -> bool {
    stack
        .iter()
        .any(|o| LEAVES.contains(&o.name.split('\u{0}').next().unwrap_or("")))
}

/// Leading white space bytes, so a line number points at the text rather than the line break.
fn leading_space(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// Closes the innermost element, moving its text where it belongs.
fn close(
    stack: &mut Vec<Open>,
    concepts: &mut [RawConcept],
    leaf_text: &mut String,
    problems: &mut Vec<Problem>,
    path: &Path,
) {
    let Some(open) = stack.pop() else { return };
    let (name, target) = match open.name.split_once('\u{0}') {
        Some((n, t)) => (n.to_string(), Some(t.to_string())),
        None => (open.name.clone(), None),
    };
    if !LEAVES.contains(&name.as_str()) || in_leaf(stack) {
        // Containers, and inline markup inside a leaf (its text stays with the leaf).
        return;
    }
    let parent = stack.last().map(|p| p.name.as_str()).unwrap_or("");
    let grand = stack
        .len()
        .checked_sub(2)
        .map(|i| stack[i].name.as_str())
        .unwrap_or("");
    let text = std::mem::take(leaf_text);
    let Some(c) = concepts.last_mut() else { return };
    let typ = open.typ.as_deref().unwrap_or("");
    if name == "termNote" {
        if let Some(list) = picklist(typ) {
            if !list.contains(&text.trim()) {
                problems.push(Problem {
                    path: path.to_path_buf(),
                    line: Some(open.line),
                    message: format!(
                        "termNote {typ} '{}' is not allowed; expected one of: {}",
                        text.trim(),
                        list.join(", ")
                    ),
                });
            }
        }
    }
    match (name.as_str(), parent) {
        ("note", "conceptEntry") => c.notes.push(tidy(&text)),
        ("ref", "conceptEntry") => c
            .refs
            .push((target.clone().unwrap_or_default(), tidy(&text))),
        _ => {}
    }
    let Some(l) = c.langs.last_mut() else { return };
    match (name.as_str(), parent, grand) {
        ("descrip", "langSec", _) if typ == "definition" => l.definitions.push(RawDefinition {
            text: tidy(&text),
            line: open.line,
            is_definition: true,
            ..RawDefinition::default()
        }),
        ("descrip", "descripGrp", "langSec") if typ == "definition" => {
            if let Some(d) = l.definitions.last_mut() {
                d.text = tidy(&text);
                d.is_definition = true;
            }
        }
        ("admin", "descripGrp", "langSec") if typ == "source" => {
            if let Some(d) = l.definitions.last_mut() {
                d.source = Some(tidy(&text));
            }
        }
        ("note", "descripGrp", "langSec") => {
            if let Some(d) = l.definitions.last_mut() {
                d.notes.push(tidy(&text));
            }
        }
        (_, "termSec", _) | (_, "termNoteGrp", "termSec") => {
            if let Some(t) = l.terms.last_mut() {
                match (name.as_str(), typ) {
                    ("term", _) => t.text = Some(tidy(&text)),
                    ("termNote", "termType") => t.term_type = Some(text.trim().to_string()),
                    ("termNote", "administrativeStatus") => {
                        t.status = Some(text.trim().to_string())
                    }
                    ("admin", "source") => t.sources.push(tidy(&text)),
                    ("ref", _) => t.refs.push((target.unwrap_or_default(), tidy(&text))),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

#[derive(Serialize)]
struct FileOut {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    concept: Vec<ConceptOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    succession: Vec<SuccessionOut>,
}

#[derive(Serialize)]
struct ConceptOut {
    id: String,
    reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entries: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    broader: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    narrower: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    see_also: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_by: Option<String>,
    designation: Vec<DesignationOut>,
}

#[derive(Serialize)]
struct DesignationOut {
    term: String,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_by: Option<String>,
    lang: String,
    sources: Vec<String>,
}

#[derive(Serialize)]
struct SuccessionOut {
    entries: Vec<String>,
    reason: String,
}

fn designation_type(term_type: Option<&str>) -> DesignationType {
    match term_type {
        Some("abbreviation" | "acronym") => DesignationType::Abbreviation,
        Some("shortForm") => DesignationType::Symbol,
        Some("variant") => DesignationType::Variant,
        _ => DesignationType::Term,
    }
}

fn status_of(admin: Option<&str>) -> Status {
    match admin {
        Some("preferredTerm-admn-sts") => Status::Preferred,
        Some("deprecatedTerm-admn-sts") => Status::Deprecated,
        Some("supersededTerm-admn-sts") => Status::Superseded,
        _ => Status::Admitted,
    }
}

fn assemble(path: &Path, concepts: Vec<RawConcept>, collection: Collection) -> Result<TbxContent> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    let problem = |line: usize, message: String| Problem {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    // TBX ids → concept ids, and definition ids → entry ids.
    let concept_id = |raw: &str| slug_id(raw.strip_prefix("c-").unwrap_or(raw));
    let mut by_tbx_id: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for c in &concepts {
        let id = concept_id(&c.id);
        if !ids.insert(id.clone()) {
            problems.push(problem(
                c.line,
                format!(
                    "concept entry '{}' gives the concept id '{id}' a second time",
                    c.id
                ),
            ));
        }
        by_tbx_id.insert(c.id.clone(), id);
    }
    let mut entries = Vec::new();
    let mut entry_of_def: BTreeMap<String, String> = BTreeMap::new();
    let mut out = FileOut {
        concept: Vec::new(),
        succession: Vec::new(),
    };
    let mut supersede: Vec<(String, String)> = Vec::new();
    let mut entry_ids: BTreeSet<String> = BTreeSet::new();
    for c in &concepts {
        let cid = by_tbx_id[&c.id].clone();
        let mut concept = ConceptOut {
            id: cid.clone(),
            reason: format!("imported from {file_name} (concept entry {})", c.id),
            entries: Vec::new(),
            definition: None,
            notes: c.notes.clone(),
            broader: Vec::new(),
            narrower: Vec::new(),
            related: Vec::new(),
            see_also: Vec::new(),
            replaced_by: None,
            designation: Vec::new(),
        };
        for (target, text) in &c.refs {
            let Some(other) = by_tbx_id.get(target) else {
                problems.push(problem(c.line, format!("concept entry '{}': crossReference to '{target}', which is no concept entry of this file", c.id)));
                continue;
            };
            let lower = text.to_ascii_lowercase();
            let list = if lower.starts_with("broader:") {
                &mut concept.broader
            } else if lower.starts_with("narrower:") {
                &mut concept.narrower
            } else if lower.starts_with("related:") {
                &mut concept.related
            } else if lower.starts_with(&format!("{REPLACED_BY}:")) {
                concept.replaced_by = Some(other.clone());
                continue;
            } else {
                &mut concept.see_also
            };
            if !list.contains(other) {
                list.push(other.clone());
            }
        }
        for l in &c.langs {
            let first_term = l
                .terms
                .iter()
                .find_map(|t| t.text.clone())
                .unwrap_or_default();
            let definitions: Vec<&RawDefinition> =
                l.definitions.iter().filter(|d| d.is_definition).collect();
            let n_defs = definitions.len();
            for (n, d) in definitions.into_iter().enumerate() {
                let id = match d.id.as_deref().and_then(|i| i.strip_prefix("e-")) {
                    Some(i) => i.to_string(),
                    None if n_defs == 1 => format!("{cid}--{}", l.lang),
                    None => format!("{cid}--{}-{}", l.lang, n + 1),
                };
                if let Err(m) = check_id(&id) {
                    problems.push(problem(d.line, m));
                    continue;
                }
                if !entry_ids.insert(id.clone()) {
                    problems.push(problem(
                        d.line,
                        format!("definition id '{id}' is given twice"),
                    ));
                    continue;
                }
                if let Some(tbx_id) = &d.id {
                    entry_of_def.insert(tbx_id.clone(), id.clone());
                }
                let mut notes = Vec::new();
                for note in &d.notes {
                    if note == PREFERRED {
                        concept.definition = Some(id.clone());
                    } else if let Some(rest) = note.strip_prefix(SUPERSEDED_BY) {
                        supersede.push((id.clone(), rest.trim_end_matches('.').to_string()));
                    } else {
                        notes.push(note.clone());
                    }
                }
                let raw = RawEntry {
                    id: id.clone(),
                    term: first_term.clone(),
                    definition: d.text.clone(),
                    notes,
                    lang: Some(l.lang.clone()),
                    source: Source {
                        document: d.source.clone(),
                        ..Source::default()
                    },
                    ..RawEntry::default()
                };
                match validate(raw, collection) {
                    Ok(entry) => {
                        concept.entries.push(id.clone());
                        entries.push(entry);
                    }
                    Err(found) => {
                        for (field, m) in found {
                            problems.push(problem(
                                d.line,
                                format!("definition '{id}': {field:?}: {m}"),
                            ));
                        }
                    }
                }
            }
            let term_ids: BTreeMap<&str, &str> = l
                .terms
                .iter()
                .filter_map(|t| Some((t.id.as_deref()?, t.text.as_deref()?)))
                .collect();
            for t in &l.terms {
                let Some(text) = &t.text else { continue };
                let replaced_by = t
                    .refs
                    .iter()
                    .find_map(|(target, _)| term_ids.get(target.as_str()).map(|s| s.to_string()));
                concept.designation.push(DesignationOut {
                    term: text.clone(),
                    kind: designation_type(t.term_type.as_deref()).as_str(),
                    status: status_of(t.status.as_deref()).as_str(),
                    replaced_by: replaced_by.filter(|_| {
                        matches!(
                            status_of(t.status.as_deref()),
                            Status::Deprecated | Status::Superseded
                        )
                    }),
                    lang: l.lang.clone(),
                    sources: t.sources.clone(),
                });
            }
        }
        out.concept.push(concept);
    }
    // Pairs "older superseded by newer" → chains, oldest first.
    let newer_of: BTreeMap<String, String> = supersede
        .into_iter()
        .filter_map(|(older, newer_tbx)| {
            let newer = entry_of_def
                .get(&newer_tbx)
                .cloned()
                .or_else(|| entry_of_def.get(&format!("e-{newer_tbx}")).cloned());
            newer.map(|n| (older, n))
        })
        .collect();
    let has_older: BTreeSet<&String> = newer_of.values().collect();
    for start in newer_of.keys().filter(|k| !has_older.contains(k)) {
        let mut chain = vec![start.clone()];
        while let Some(next) = newer_of.get(chain.last().expect("not empty")) {
            if chain.contains(next) {
                break;
            }
            chain.push(next.clone());
        }
        out.succession.push(SuccessionOut {
            entries: chain,
            reason: format!("imported from {file_name}: each definition superseded by the next"),
        });
    }
    if !problems.is_empty() {
        return Err(invalid(path, problems));
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    let curation_text = format!(
        "# Concepts imported from {file_name} by `mvterms import`. Format: see corpus/concepts/metaverse.toml.\n\n{}",
        toml::to_string(&out)
            .map_err(|e| Error::InvalidArgument(format!("cannot write the curation file: {e}")))?
    );
    Ok(TbxContent {
        entries,
        curation: curation_text,
        concepts: concepts.len(),
    })
}

/// Imports a TBX file into the corpus under `corpus_dir`: entry files under `<collection>/`,
/// the curation under `concepts/<file name>.toml`. Nothing is written unless the whole file
/// reads, its entries and decisions are valid, and no id or file exists already.
pub fn import_tbx(corpus_dir: &Path, file: &Path, collection: Collection) -> Result<ImportedTbx> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io("read", file, e))?;
    let content = read_tbx(file, &text, collection)?;
    let stem = file
        .file_stem()
        .map(|s| slug_id(&s.to_string_lossy()))
        .unwrap_or_else(|| "imported".into());
    let curation_path = corpus_dir
        .join(curation::FOLDER)
        .join(format!("{stem}.toml"));
    let mut problems = Vec::new();
    // Existing ids: the corpus files' names.
    let mut existing: BTreeSet<String> = BTreeSet::new();
    for c in Collection::ALL {
        if let Ok(read) = std::fs::read_dir(corpus_dir.join(c.as_str())) {
            for item in read.flatten() {
                let name = item.file_name().to_string_lossy().into_owned();
                if let Some(id) = name.strip_suffix(".toml") {
                    existing.insert(id.to_string());
                }
            }
        }
    }
    for e in &content.entries {
        if existing.contains(&e.id) {
            problems.push(Problem {
                path: file.to_path_buf(),
                line: None,
                message: format!(
                    "entry '{}' is in the corpus already; nothing was imported",
                    e.id
                ),
            });
        }
    }
    if curation_path.exists() {
        problems.push(Problem {
            path: curation_path.clone(),
            line: None,
            message: "exists already; remove it or rename the TBX file; nothing was imported"
                .into(),
        });
    }
    // The decisions must pass the corpus's own checks.
    match curation::parse(&curation_path, &content.curation) {
        Ok(decided) => {
            let mut ids: BTreeSet<&str> = content.entries.iter().map(|e| e.id.as_str()).collect();
            ids.extend(existing.iter().map(String::as_str));
            problems.extend(curation::check_references(&decided, &ids));
        }
        Err(found) => problems.extend(found),
    }
    if !problems.is_empty() {
        return Err(Error::Invalid {
            what: format!("the import of {}", file.display()),
            problems: Problems(problems),
        });
    }
    let folder = corpus_dir.join(collection.as_str());
    for dir in [&folder, &corpus_dir.join(curation::FOLDER)] {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    let mut files = Vec::new();
    for e in &content.entries {
        let path = folder.join(format!("{}.toml", e.id));
        write_new(&path, &render(e))?;
        files.push(path);
    }
    write_new(&curation_path, &content.curation)?;
    files.push(curation_path);
    Ok(ImportedTbx {
        files,
        entries: content.entries.len(),
        concepts: content.concepts,
    })
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("create", dir, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::io("write", path, e))?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}
