//! A corpus TOML file being read: parsed into the shape its module declares, with every problem
//! placed at the file's path and 1-based line (`corpus/synonyms.toml:12: …`). Entry files,
//! `abbreviations.toml`, `clusters.toml`, `synonyms.toml` and `concepts/*.toml` are all read
//! through it, so a problem reads the same whichever file it is in.

use crate::error::Problem;
use serde::de::DeserializeOwned;
use std::path::Path;
use toml::Spanned;

/// One file's path and text: what its problems name.
#[derive(Debug, Clone, Copy)]
pub struct TomlFile<'a> {
    path: &'a Path,
    text: &'a str,
}

impl<'a> TomlFile<'a> {
    /// The file at `path`, whose content is `text`.
    pub fn new(path: &'a Path, text: &'a str) -> TomlFile<'a> {
        TomlFile { path, text }
    }

    /// Parses the whole file into `T`, or the problem at the line toml reports (a syntax error,
    /// a wrong type, an unknown field).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Vec<Problem>> {
        toml::from_str(self.text).map_err(|err| {
            vec![Problem {
                path: self.path.to_path_buf(),
                line: Some(self.line(err.span().map_or(0, |s| s.start))),
                // toml's message repeats the excerpt over several lines; the first line says it all.
                message: err
                    .message()
                    .lines()
                    .next()
                    .unwrap_or("invalid TOML")
                    .to_string(),
            }]
        })
    }

    /// The 1-based line of a byte offset in the file.
    pub fn line(&self, offset: usize) -> usize {
        line_of(self.text, offset)
    }

    /// A problem at the line of a byte offset in the file.
    pub fn problem(&self, offset: usize, message: String) -> Problem {
        Problem {
            path: self.path.to_path_buf(),
            line: Some(self.line(offset)),
            message,
        }
    }

    /// A text field a table must have and not leave blank. `table` is the offset of the table,
    /// where a missing field is reported; `name` names the table in the message ("concept 'xr'").
    /// A blank value is reported at its own line with `expected_if_blank`, a missing one with
    /// `expected_if_missing` (which may add an example).
    pub fn required<'v>(
        &self,
        value: Option<&'v Spanned<String>>,
        table: usize,
        name: &str,
        field: &str,
        expected_if_blank: &str,
        expected_if_missing: &str,
    ) -> Result<&'v Spanned<String>, Problem> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => Ok(v),
            Some(v) => Err(self.problem(
                v.span().start,
                format!("{name}: field '{field}' is empty; expected {expected_if_blank}"),
            )),
            None => Err(self.problem(
                table,
                format!("{name}: missing field '{field}'; expected {expected_if_missing}"),
            )),
        }
    }
}

/// The 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Shape {
        reason: Option<Spanned<String>>,
    }

    #[test]
    fn a_toml_error_is_one_problem_at_its_line_with_the_first_line_of_the_message() {
        let file = TomlFile::new(
            Path::new("corpus/x.toml"),
            "reason = \"a\"\nreasn = \"b\"\n",
        );
        let problems = file.parse::<Shape>().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0]
                .to_string()
                .starts_with("corpus/x.toml:2: unknown field `reasn`"),
            "{}",
            problems[0]
        );
        assert!(!problems[0].message.contains('\n'), "{}", problems[0]);
    }

    #[test]
    fn a_required_field_is_reported_missing_at_the_table_and_blank_at_its_line() {
        let text = "\n\nreason = \"  \"\n";
        let file = TomlFile::new(Path::new("x.toml"), text);
        let blank: Shape = file.parse().unwrap();
        let err = file
            .required(
                blank.reason.as_ref(),
                0,
                "t",
                "reason",
                "why",
                "why, e.g. x",
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.toml:3: t: field 'reason' is empty; expected why"
        );
        let err = file
            .required(None, 1, "t", "reason", "why", "why, e.g. x")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.toml:2: t: missing field 'reason'; expected why, e.g. x"
        );
        let given = TomlFile::new(Path::new("x.toml"), "reason = \"ok\"");
        let shape: Shape = given.parse().unwrap();
        let value = given
            .required(shape.reason.as_ref(), 0, "t", "reason", "", "")
            .unwrap();
        assert_eq!(value.get_ref(), "ok");
    }

    #[test]
    fn lines_are_counted_from_one_and_past_the_end_is_the_last_line() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
