//! One corpus entry file (`corpus/<collection>/<id>.toml`): its on-disk shape, parsing with
//! line-accurate problems, and writing.

use super::toml_file::TomlFile;
use super::validate::{Field, RawEntry, validate};
use crate::error::Problem;
use crate::model::{Collection, Entry, Kind, Source, Status};
use serde::{Deserialize, Serialize};
use std::path::Path;
use toml::Spanned;

/// Kept here for the TBX import (`crate::exchange`), which places its problems by line too.
pub use super::toml_file::line_of;

/// The entry as written in TOML. Fields that need validation keep their span so a problem can
/// name its line. Unknown fields are refused: a misspelt `defintion` must not pass silently.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: Spanned<String>,
    term: Spanned<String>,
    definition: Spanned<String>,
    #[serde(default)]
    notes: Vec<String>,
    abbreviation: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    year: Option<Spanned<i64>>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    source: Source,
}

/// The entry as it is written back: fields in the order an editor reads them.
#[derive(Serialize)]
struct EntryOut<'a> {
    id: &'a str,
    term: &'a str,
    definition: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    abbreviation: Option<&'a str>,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Kind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    lang: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    flags: &'a [String],
    source: &'a Source,
}

/// Parses and validates one entry file. `expected_id` is the file name without `.toml`.
/// Returns every problem found in the file, each with its line.
pub fn parse(
    path: &Path,
    text: &str,
    collection: Collection,
    expected_id: &str,
) -> Result<Entry, Vec<Problem>> {
    let toml_file = TomlFile::new(path, text);
    let file: EntryFile = toml_file.parse()?;

    // Each field's offset, so a problem found by the shared validator can name its line.
    let offset_of = |field: Field| -> usize {
        let span = |v: &Option<Spanned<String>>| v.as_ref().map(|v| v.span().start);
        match field {
            Field::Id => Some(file.id.span().start),
            Field::Term => Some(file.term.span().start),
            Field::Definition => Some(file.definition.span().start),
            Field::Abbreviation => span(&file.abbreviation),
            Field::Status => span(&file.status),
            Field::Kind => span(&file.kind),
            Field::Year => file.year.as_ref().map(|y| y.span().start),
            Field::Lang => span(&file.lang),
        }
        .unwrap_or(0)
    };
    let id_offset = file.id.span().start;
    let raw = RawEntry {
        id: file.id.get_ref().clone(),
        term: file.term.get_ref().clone(),
        definition: file.definition.get_ref().clone(),
        notes: file.notes.clone(),
        abbreviation: file.abbreviation.as_ref().map(|a| a.get_ref().clone()),
        status: file.status.as_ref().map(|v| v.get_ref().clone()),
        kind: file.kind.as_ref().map(|v| v.get_ref().clone()),
        year: file.year.as_ref().map(|v| *v.get_ref()),
        lang: file.lang.as_ref().map(|v| v.get_ref().clone()),
        flags: file.flags.clone(),
        source: file.source.clone(),
    };
    let mut problems: Vec<Problem> = Vec::new();
    let entry = match validate(raw, collection) {
        Ok(entry) => Some(entry),
        Err(found) => {
            problems.extend(
                found
                    .into_iter()
                    .map(|(field, message)| toml_file.problem(offset_of(field), message)),
            );
            None
        }
    };
    if let Some(entry) = &entry {
        if entry.id != expected_id {
            problems.push(toml_file.problem(
                id_offset,
                format!(
                    "id '{}' does not match the file name; expected id '{expected_id}' (or rename the file to '{}.toml')",
                    entry.id, entry.id
                ),
            ));
        }
    }
    match entry {
        Some(entry) if problems.is_empty() => Ok(entry),
        _ => Err(problems),
    }
}

/// The TOML text of an entry file, as `mvterms import` writes it.
pub fn render(entry: &Entry) -> String {
    let out = EntryOut {
        id: &entry.id,
        term: &entry.term,
        definition: &entry.definition,
        notes: &entry.notes,
        abbreviation: entry.abbreviation.as_deref(),
        status: entry.status,
        kind: entry.kind,
        year: entry.year,
        lang: &entry.lang,
        flags: &entry.flags,
        source: &entry.source,
    };
    toml::to_string(&out).expect("an entry always serializes to TOML")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse_text(text: &str) -> Result<Entry, Vec<Problem>> {
        parse(
            &PathBuf::from("corpus/metaverse/x.toml"),
            text,
            Collection::Metaverse,
            "x",
        )
    }

    #[test]
    fn a_bad_kind_is_reported_with_its_line_and_the_accepted_values() {
        let problems = parse_text(
            "id = \"x\"\nterm = \"metaverse\"\nkind = \"acadmic\"\ndefinition = \"A world.\"\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "corpus/metaverse/x.toml:3: unknown kind 'acadmic'; expected one of: standards, \
             academic, industry, dictionary, government, media, encyclopedia, fiction"
        );
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let problems = parse_text(
            "id = \"x\"\nterm = \"\"\ndefinition = \"A world.\"\nyear = 20222\nstatus = \"old\"\n",
        )
        .unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(2), Some(5), Some(4)]);
    }

    #[test]
    fn a_misspelt_field_is_refused() {
        let problems = parse_text("id = \"x\"\nterm = \"t\"\ndefintion = \"d\"\n").unwrap_err();
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0].message.contains("unknown field `defintion`"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_entry_survives_a_render_and_parse_round_trip() {
        let entry = Entry {
            id: "x".into(),
            collection: Collection::Metaverse,
            term: "metaverse".into(),
            definition: "An \"integrative\" ecosystem.\nSecond line.".into(),
            notes: vec!["NOTE – one.".into()],
            abbreviation: Some("MV".into()),
            status: Status::Preferred,
            kind: Some(Kind::Standards),
            year: Some(2023),
            lang: "ja".into(),
            source: Source {
                author: Some("FG-MV".into()),
                document: Some("FGMV-20".into()),
                ..Source::default()
            },
            flags: vec!["second-hand".into()],
        };
        assert_eq!(parse_text(&render(&entry)).unwrap(), entry);
    }
}
