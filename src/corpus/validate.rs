//! The rules every entry obeys, whichever file format it arrives in (a corpus TOML file or an
//! import JSONL row). Callers locate the problems: TOML by field span, JSONL by row line.

use crate::model::{Collection, Entry, Kind, Source, Status};

/// An entry as read, before validation: free strings where the model has closed vocabularies.
#[derive(Debug, Clone, Default)]
pub struct RawEntry {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub notes: Vec<String>,
    pub abbreviation: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub year: Option<i64>,
    pub lang: Option<String>,
    pub flags: Vec<String>,
    pub source: Source,
}

/// The field a validation problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Term,
    Definition,
    Abbreviation,
    Status,
    Kind,
    Year,
    Lang,
}

/// Oldest and newest plausible source years; outside is almost certainly a typo.
pub const YEARS: std::ops::RangeInclusive<i64> = 1800..=2100;

/// Checks that `id` is a stable slug: lower-case ASCII letters, digits, `.`, `_` and `-`.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 120
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid id '{id}'; expected a slug of lower-case letters, digits, '-', '.' or '_' \
             (at most 120 characters), e.g. 'ball-2022'"
        ))
    }
}

/// Checks a language tag such as `en`, `ja` or `pt-br`.
pub fn check_lang(lang: &str) -> Result<(), String> {
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or("");
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid lang '{lang}'; expected a language tag such as 'en', 'ja' or 'it'"
        ))
    }
}

/// Validates a raw entry into an [`Entry`], or lists every problem with the field at fault.
pub fn validate(raw: RawEntry, collection: Collection) -> Result<Entry, Vec<(Field, String)>> {
    let mut problems = Vec::new();
    if let Err(message) = check_id(&raw.id) {
        problems.push((Field::Id, message));
    }
    if raw.term.trim().is_empty() {
        problems.push((
            Field::Term,
            "empty term; expected the designation being defined".into(),
        ));
    }
    if raw.definition.trim().is_empty() {
        problems.push((
            Field::Definition,
            "empty definition; expected the definition text".into(),
        ));
    }
    if raw
        .abbreviation
        .as_deref()
        .is_some_and(|a| a.trim().is_empty())
    {
        problems.push((
            Field::Abbreviation,
            "empty abbreviation; leave the field out when there is none".into(),
        ));
    }
    let status = match raw.status.as_deref().map(str::parse::<Status>) {
        None => Status::default(),
        Some(Ok(status)) => status,
        Some(Err(message)) => {
            problems.push((Field::Status, message));
            Status::default()
        }
    };
    let kind = match raw.kind.as_deref().map(str::parse::<Kind>) {
        None => None,
        Some(Ok(kind)) => Some(kind),
        Some(Err(message)) => {
            problems.push((Field::Kind, message));
            None
        }
    };
    if let Some(year) = raw.year.filter(|y| !YEARS.contains(y)) {
        problems.push((
            Field::Year,
            format!(
                "year {year} out of range; expected a year from {} to {}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    let lang = raw.lang.unwrap_or_else(|| "en".to_string());
    if let Err(message) = check_lang(&lang) {
        problems.push((Field::Lang, message));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Entry {
        id: raw.id,
        collection,
        term: raw.term,
        definition: raw.definition,
        notes: raw.notes,
        abbreviation: raw.abbreviation,
        status,
        kind,
        year: raw.year.map(|y| y as i32),
        lang,
        source: raw.source,
        flags: raw.flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs() {
        assert!(check_id("ball-2022").is_ok());
        assert!(check_id("metaverse--fgmv-20").is_ok());
        assert!(check_id("Ball 2022").is_err());
        assert!(check_id("").is_err());
        assert!(check_id("-x").is_err());
    }

    #[test]
    fn every_bad_field_is_listed() {
        let raw = RawEntry {
            id: "x".into(),
            term: " ".into(),
            definition: "d".into(),
            kind: Some("acadmic".into()),
            year: Some(20222),
            lang: Some("English".into()),
            ..RawEntry::default()
        };
        let fields: Vec<_> = validate(raw, Collection::Metaverse)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![Field::Term, Field::Kind, Field::Year, Field::Lang]
        );
    }
}
