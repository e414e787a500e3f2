//! `corpus/concepts/*.toml`: the terminology coordinator's decisions about concepts. The concepts
//! themselves are computed from the entries (see `crate::concepts`); these files say which entries
//! are one concept, which designation is preferred and which deprecated (and by what replaced),
//! how concepts relate, and which definitions of one source supersede each other. They win over
//! the computation.
//!
//! ```toml
//! [[concept]]
//! id = "metaverse"                          # required, a slug, unique across the files
//! reason = "FGMV-20 is the FG-MV's own definition"   # required: why, in one line
//! entries = ["itu-fgmv-20-2023", "metaverse--fgmv-20"]
//! collection = "metaverse"                  # also every entry of this collection whose term is
//! except = ["collins-2"]                    #   one of the concept's designations, but these
//! definition = "itu-fgmv-20-2023"           # the preferred definition
//! notes = ["…"]
//! broader = []                              # concept ids of this folder, or entry ids
//! narrower = []
//! related = ["virtual-world"]
//! see_also = []
//! replaced_by = "…"                         # the whole concept is superseded by that one
//!
//! [[concept.designation]]
//! term = "metaverse"
//! type = "term"                             # term | abbreviation | symbol | variant
//! status = "preferred"                      # preferred | admitted | deprecated | superseded
//! replaced_by = "…"                         # for a deprecated or superseded designation
//! lang = "en"
//! sources = ["FGMV-20"]                     # who uses it (else: the entries that do)
//! reason = "…"
//!
//! [[succession]]                            # one source's successive definitions, oldest first
//! entries = ["ball-2021-primer", "ball-2021-framework", "ball-2022"]
//! reason = "…"
//! ```
//!
//! Parsing checks each file on its own ([`parse`]); [`check_references`] then checks what needs
//! the whole corpus: entry ids exist, an entry is in one curated concept, relation targets are
//! known and broader/narrower has no cycle.

use super::toml_file::TomlFile;
use super::validate::{check_id, check_lang};
use crate::error::Problem;
use crate::model::{Collection, Status};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The folder under `corpus/` that holds the files.
pub const FOLDER: &str = "concepts";

pub use crate::model::{DesignationType, RelationKind};

/// Where a decision was written: file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The file, as the corpus was loaded (e.g. `corpus/concepts/metaverse.toml`).
    pub path: PathBuf,
    /// 1-based line of the table.
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write!(f, "concepts/{name}:{}", self.line)
    }
}

/// A curated designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedDesignation {
    pub term: String,
    pub kind: DesignationType,
    pub status: Status,
    pub replaced_by: Option<String>,
    pub lang: String,
    /// Sources that use it, when the coordinator lists them; otherwise computed.
    pub sources: Option<Vec<String>>,
    pub reason: Option<String>,
    pub line: usize,
}

/// A curated concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedConcept {
    pub id: String,
    pub reason: String,
    pub entries: Vec<String>,
    pub collection: Option<Collection>,
    pub except: Vec<String>,
    pub definition: Option<String>,
    pub notes: Vec<String>,
    /// (kind, target): a target is a curated concept id or an entry id.
    pub relations: Vec<(RelationKind, String)>,
    pub replaced_by: Option<String>,
    pub designations: Vec<CuratedDesignation>,
    pub place: Place,
}

/// Successive definitions of one source, oldest first: each supersedes the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    pub entries: Vec<String>,
    pub reason: String,
    pub place: Place,
}

/// Every decision of every file, in file then line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConceptCuration {
    pub concepts: Vec<CuratedConcept>,
    pub successions: Vec<Succession>,
}

impl ConceptCuration {
    /// True when there are no decisions.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.successions.is_empty()
    }

    /// Adds the decisions of another file.
    pub fn extend(&mut self, other: ConceptCuration) {
        self.concepts.extend(other.concepts);
        self.successions.extend(other.successions);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    concept: Vec<Spanned<ConceptShape>>,
    #[serde(default)]
    succession: Vec<Spanned<SuccessionShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptShape {
    id: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
    #[serde(default)]
    entries: Vec<Spanned<String>>,
    collection: Option<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    definition: Option<Spanned<String>>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    broader: Vec<Spanned<String>>,
    #[serde(default)]
    narrower: Vec<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
    replaced_by: Option<Spanned<String>>,
    #[serde(default)]
    designation: Vec<Spanned<DesignationShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignationShape {
    term: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    replaced_by: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    sources: Option<Vec<String>>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuccessionShape {
    #[serde(default)]
    entries: Vec<Spanned<String>>,
    reason: Option<Spanned<String>>,
}

/// Parses and checks one file on its own; every problem names its line and field.
pub fn parse(path: &Path, text: &str) -> Result<ConceptCuration, Vec<Problem>> {
    let toml_file = TomlFile::new(path, text);
    let file: FileShape = toml_file.parse()?;
    let mut problems = Vec::new();
    let mut out = ConceptCuration::default();
    let place = |offset: usize| Place {
        path: path.to_path_buf(),
        line: toml_file.line(offset),
    };

    for table in &file.concept {
        let start = table.span().start;
        let shape = table.get_ref();
        let id = shape
            .id
            .as_ref()
            .map(|i| i.get_ref().clone())
            .unwrap_or_default();
        let name = if id.is_empty() {
            format!("[[concept]] at line {}", toml_file.line(start))
        } else {
            format!("concept '{id}'")
        };
        match &shape.id {
            None => problems.push(toml_file.problem(
                start,
                format!(
                    "{name}: missing field 'id'; expected a slug such as id = \"extended-reality\""
                ),
            )),
            Some(i) => {
                if let Err(m) = check_id(i.get_ref()) {
                    problems.push(
                        toml_file.problem(i.span().start, format!("{name}: field 'id': {m}")),
                    );
                }
            }
        }
        let reason = match toml_file.required(
            shape.reason.as_ref(),
            start,
            &name,
            "reason",
            "one line saying why",
            "one line saying why the coordinator decided so",
        ) {
            Ok(r) => r.get_ref().trim().to_string(),
            Err(problem) => {
                problems.push(problem);
                String::new()
            }
        };
        let slug_list = |list: &[Spanned<String>], field: &str, problems: &mut Vec<Problem>| {
            let mut out = Vec::new();
            for item in list {
                match check_id(item.get_ref()) {
                    Ok(()) => out.push(item.get_ref().clone()),
                    Err(m) => problems.push(
                        toml_file
                            .problem(item.span().start, format!("{name}: field '{field}': {m}")),
                    ),
                }
            }
            out
        };
        let entries = slug_list(&shape.entries, "entries", &mut problems);
        let except = slug_list(&shape.except, "except", &mut problems);
        let mut relations = Vec::new();
        for (kind, list) in [
            (RelationKind::Broader, &shape.broader),
            (RelationKind::Narrower, &shape.narrower),
            (RelationKind::Related, &shape.related),
            (RelationKind::SeeAlso, &shape.see_also),
        ] {
            for target in slug_list(list, kind.as_str(), &mut problems) {
                relations.push((kind, target));
            }
        }
        let collection = match &shape.collection {
            None => None,
            Some(c) => match c.get_ref().parse::<Collection>() {
                Ok(c) => Some(c),
                Err(m) => {
                    problems.push(
                        toml_file
                            .problem(c.span().start, format!("{name}: field 'collection': {m}")),
                    );
                    None
                }
            },
        };
        if !except.is_empty() && collection.is_none() {
            problems.push(toml_file.problem(
                shape.except[0].span().start,
                format!("{name}: field 'except' needs field 'collection' (it leaves entries out of that rule)"),
            ));
        }
        let mut designations = Vec::new();
        let mut seen_terms: BTreeMap<(String, String), usize> = BTreeMap::new();
        for d in &shape.designation {
            let dstart = d.span().start;
            let dline = toml_file.line(dstart);
            let ds = d.get_ref();
            let Some(term) = ds.term.as_ref().filter(|t| !t.get_ref().trim().is_empty()) else {
                problems.push(toml_file.problem(
                    dstart,
                    format!("{name}: [[concept.designation]] at line {dline}: field 'term' is missing or empty"),
                ));
                continue;
            };
            let term_text = term.get_ref().trim().to_string();
            let kind = match &ds.kind {
                None => DesignationType::Term,
                Some(k) => k.get_ref().parse().unwrap_or_else(|m: String| {
                    problems.push(toml_file.problem(
                        k.span().start,
                        format!("{name}: designation '{term_text}': field 'type': {m}"),
                    ));
                    DesignationType::Term
                }),
            };
            let status = match &ds.status {
                None => Status::Admitted,
                Some(s) => s.get_ref().parse().unwrap_or_else(|m: String| {
                    problems.push(toml_file.problem(
                        s.span().start,
                        format!("{name}: designation '{term_text}': field 'status': {m}"),
                    ));
                    Status::Admitted
                }),
            };
            let lang = match &ds.lang {
                None => "en".to_string(),
                Some(l) => {
                    if let Err(m) = check_lang(l.get_ref()) {
                        problems.push(toml_file.problem(
                            l.span().start,
                            format!("{name}: designation '{term_text}': field 'lang': {m}"),
                        ));
                    }
                    l.get_ref().clone()
                }
            };
            if let Some(first) = seen_terms.insert((term_text.clone(), lang.clone()), dline) {
                problems.push(toml_file.problem(
                    term.span().start,
                    format!("{name}: designation '{term_text}' is already listed at line {first}"),
                ));
            }
            if let Some(r) = &ds.replaced_by {
                if !matches!(status, Status::Deprecated | Status::Superseded) {
                    problems.push(toml_file.problem(
                        r.span().start,
                        format!("{name}: designation '{term_text}': field 'replaced_by' is only for a deprecated or superseded designation (status is {status})"),
                    ));
                }
            }
            designations.push(CuratedDesignation {
                term: term_text,
                kind,
                status,
                replaced_by: ds
                    .replaced_by
                    .as_ref()
                    .map(|r| r.get_ref().trim().to_string()),
                lang,
                sources: ds.sources.clone(),
                reason: ds.reason.clone(),
                line: dline,
            });
        }
        // Every replaced_by names a designation of this concept.
        for (d, shape) in designations.iter().zip(&shape.designation) {
            if let Some(r) = &d.replaced_by {
                if !designations.iter().any(|o| &o.term == r) {
                    let offset = shape
                        .get_ref()
                        .replaced_by
                        .as_ref()
                        .map_or(shape.span().start, |s| s.span().start);
                    problems.push(toml_file.problem(
                        offset,
                        format!("{name}: designation '{}': field 'replaced_by' names '{r}', which is not a designation of this concept; expected one of the concept's [[concept.designation]] terms", d.term),
                    ));
                }
            }
        }
        let preferred: Vec<_> = designations
            .iter()
            .filter(|d| d.status == Status::Preferred)
            .map(|d| d.lang.clone())
            .collect();
        let unique: BTreeSet<_> = preferred.iter().collect();
        if unique.len() != preferred.len() {
            problems.push(toml_file.problem(
                start,
                format!("{name}: more than one preferred designation in one language; a concept has one preferred designation per language"),
            ));
        }
        if entries.is_empty() && collection.is_none() && designations.is_empty() {
            problems.push(toml_file.problem(
                start,
                format!("{name}: no 'entries', 'collection' or [[concept.designation]]; expected at least one"),
            ));
        }
        out.concepts.push(CuratedConcept {
            id,
            reason,
            entries,
            collection,
            except,
            definition: shape.definition.as_ref().map(|d| d.get_ref().clone()),
            notes: shape.notes.clone(),
            relations,
            replaced_by: shape.replaced_by.as_ref().map(|r| r.get_ref().clone()),
            designations,
            place: place(start),
        });
    }

    for table in &file.succession {
        let start = table.span().start;
        let shape = table.get_ref();
        let name = format!("[[succession]] at line {}", toml_file.line(start));
        if shape.entries.len() < 2 {
            problems.push(toml_file.problem(
                start,
                format!("{name}: field 'entries' needs at least two entry ids, oldest first"),
            ));
        }
        let reason = match &shape.reason {
            Some(r) if !r.get_ref().trim().is_empty() => r.get_ref().trim().to_string(),
            _ => {
                problems.push(toml_file.problem(
                    start,
                    format!(
                        "{name}: missing or empty field 'reason'; expected one line saying why"
                    ),
                ));
                String::new()
            }
        };
        out.successions.push(Succession {
            entries: shape.entries.iter().map(|e| e.get_ref().clone()).collect(),
            reason,
            place: place(start),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        problems.sort();
        Err(problems)
    }
}

/// Checks the decisions against the entries: every id named exists, an entry belongs to one
/// curated concept, concept ids are unique, relation targets are known, and broader/narrower
/// has no cycle. `entry_ids` are the corpus's ids.
pub fn check_references(curation: &ConceptCuration, entry_ids: &BTreeSet<&str>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |place: &Place, message: String| Problem {
        path: place.path.clone(),
        line: Some(place.line),
        message,
    };
    let mut concept_ids: BTreeMap<&str, &Place> = BTreeMap::new();
    let mut owner: BTreeMap<&str, (&str, &Place)> = BTreeMap::new();
    for c in &curation.concepts {
        if let Some(first) = concept_ids.insert(&c.id, &c.place) {
            problems.push(problem(
                &c.place,
                format!(
                    "concept '{}': id already used at {first}; concept ids must be unique",
                    c.id
                ),
            ));
        }
        for (field, ids) in [("entries", &c.entries), ("except", &c.except)] {
            for id in ids {
                if !entry_ids.contains(id.as_str()) {
                    problems.push(problem(
                        &c.place,
                        format!("concept '{}': field '{field}': unknown entry id '{id}'; expected the id of a corpus entry", c.id),
                    ));
                }
            }
        }
        if let Some(d) = &c.definition {
            if !entry_ids.contains(d.as_str()) {
                problems.push(problem(
                    &c.place,
                    format!(
                        "concept '{}': field 'definition': unknown entry id '{d}'",
                        c.id
                    ),
                ));
            }
        }
        for id in &c.entries {
            if let Some((other, place)) = owner.insert(id, (&c.id, &c.place)) {
                if other != c.id {
                    problems.push(problem(
                        &c.place,
                        format!("concept '{}': entry '{id}' is already in concept '{other}' ({place}); an entry defines one concept", c.id),
                    ));
                }
            }
        }
    }
    for c in &curation.concepts {
        let known = |t: &str| concept_ids.contains_key(t) || entry_ids.contains(t);
        for (kind, target) in &c.relations {
            if !known(target) {
                problems.push(problem(
                    &c.place,
                    format!("concept '{}': field '{}': unknown id '{target}'; expected a concept id of corpus/concepts/ or an entry id", c.id, kind.as_str()),
                ));
            }
            if target == &c.id || c.entries.contains(target) {
                problems.push(problem(
                    &c.place,
                    format!(
                        "concept '{}': field '{}': the concept cannot be related to itself",
                        c.id,
                        kind.as_str()
                    ),
                ));
            }
        }
        if let Some(r) = &c.replaced_by {
            if !known(r) {
                problems.push(problem(
                    &c.place,
                    format!("concept '{}': field 'replaced_by': unknown id '{r}'", c.id),
                ));
            }
        }
    }
    let mut in_succession: BTreeMap<&str, &Place> = BTreeMap::new();
    for s in &curation.successions {
        for id in &s.entries {
            if !entry_ids.contains(id.as_str()) {
                problems.push(problem(
                    &s.place,
                    format!("[[succession]]: unknown entry id '{id}'"),
                ));
            }
            if let Some(first) = in_succession.insert(id, &s.place) {
                problems.push(problem(
                    &s.place,
                    format!("[[succession]]: entry '{id}' is already in the succession at {first}"),
                ));
            }
        }
        let owners: BTreeSet<&str> = s
            .entries
            .iter()
            .filter_map(|e| owner.get(e.as_str()).map(|(c, _)| *c))
            .collect();
        if owners.len() > 1 {
            problems.push(problem(
                &s.place,
                format!(
                    "[[succession]]: its entries are in different concepts ({}); successive definitions of one source define one concept",
                    owners.into_iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    // Cycles in broader/narrower, over curated concept ids (an entry id stands for its concept).
    let node = |t: &str| -> String {
        owner
            .get(t)
            .map(|(c, _)| c.to_string())
            .unwrap_or_else(|| t.to_string())
    };
    let mut broader: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &curation.concepts {
        for (kind, target) in &c.relations {
            match kind {
                RelationKind::Broader => {
                    broader
                        .entry(c.id.clone())
                        .or_default()
                        .insert(node(target));
                }
                RelationKind::Narrower => {
                    broader
                        .entry(node(target))
                        .or_default()
                        .insert(c.id.clone());
                }
                _ => {}
            }
        }
    }
    for c in &curation.concepts {
        if let Some(path) = cycle_from(&c.id, &broader) {
            problems.push(problem(
                &c.place,
                format!(
                    "concept '{}': broader/narrower relations form a cycle ({}); a concept cannot be broader than itself",
                    c.id,
                    path.join(" → ")
                ),
            ));
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// A path from `start` back to itself along `edges`, if there is one.
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                let mut p = path.clone();
                p.push(next.clone());
                return Some(p);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ConceptCuration, Vec<Problem>> {
        parse(Path::new("corpus/concepts/x.toml"), text)
    }

    #[test]
    fn a_valid_file_keeps_its_decisions_and_lines() {
        let c = parse_text(
            "[[concept]]\nid = \"xr\"\nreason = \"one concept\"\nentries = [\"a\", \"b\"]\nrelated = [\"c\"]\n\n[[concept.designation]]\nterm = \"extended reality\"\nstatus = \"preferred\"\n\n[[concept.designation]]\nterm = \"XR\"\ntype = \"abbreviation\"\n\n[[succession]]\nentries = [\"a\", \"b\"]\nreason = \"versions\"\n",
        )
        .unwrap();
        let x = &c.concepts[0];
        assert_eq!(x.id, "xr");
        assert_eq!(x.place.line, 1);
        assert_eq!(x.relations, vec![(RelationKind::Related, "c".to_string())]);
        assert_eq!(x.designations[1].kind, DesignationType::Abbreviation);
        assert_eq!(x.designations[0].status, Status::Preferred);
        assert_eq!(x.designations[1].line, 11);
        assert_eq!(c.successions[0].place.line, 15);
    }

    #[test]
    fn bad_fields_are_named_with_their_line() {
        let problems = parse_text(
            "[[concept]]\nid = \"Bad Id\"\nentries = [\"a\"]\n\n[[concept.designation]]\nterm = \"x\"\nstatus = \"prefered\"\nreplaced_by = \"y\"\n",
        )
        .unwrap_err();
        let found: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|f| f.contains(":2: concept 'Bad Id': field 'id': invalid id")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains(":1: concept 'Bad Id': missing field 'reason'")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|f| f.contains(
                ":7: concept 'Bad Id': designation 'x': field 'status': unknown status 'prefered'"
            )),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|f| f
                .contains(":8: concept 'Bad Id': designation 'x': field 'replaced_by' names 'y'")),
            "{found:#?}"
        );
    }

    #[test]
    fn unknown_ids_and_cycles_are_refused() {
        let c = parse_text(
            "[[concept]]\nid = \"a\"\nreason = \"r\"\nentries = [\"e1\"]\nbroader = [\"b\"]\n\n[[concept]]\nid = \"b\"\nreason = \"r\"\nentries = [\"e2\", \"nope\"]\nbroader = [\"e1\"]\n",
        )
        .unwrap();
        let ids: BTreeSet<&str> = ["e1", "e2"].into_iter().collect();
        let found: Vec<String> = check_references(&c, &ids)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert!(
            found
                .iter()
                .any(|f| f.contains(":7: concept 'b': field 'entries': unknown entry id 'nope'")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|f| f.contains("cycle (a → b → a)")),
            "{found:#?}"
        );
    }
}
