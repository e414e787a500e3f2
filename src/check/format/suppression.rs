//! The inline suppression comment: `mvterms-allow: rule-id, rule-id -- why`, written in a comment of
//! the draft's format (`// …` in plain text and AsciiDoc, `<!-- … -->` in Markdown, a Word comment).
//! It silences those rules (all rules when none is named) on the next paragraph, or on its own line
//! when it trails text.

/// The marker that starts a suppression.
pub const MARKER: &str = "mvterms-allow";

/// Reads the rule ids of a suppression comment; `None` when the comment is not one.
pub fn parse_suppression(comment: &str) -> Option<Vec<String>> {
    let at = comment.find(MARKER)?;
    let rest = &comment[at + MARKER.len()..];
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let rest = rest.split("--").next().unwrap_or("");
    let rest = rest.trim().trim_end_matches("-->").trim_end_matches("-");
    Some(
        rest.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_and_reasons_are_read() {
        assert_eq!(
            parse_suppression("// mvterms-allow: term-case, definition-negative -- a proper noun"),
            Some(vec!["term-case".into(), "definition-negative".into()])
        );
        assert_eq!(parse_suppression("<!-- mvterms-allow -->"), Some(vec![]));
        assert_eq!(parse_suppression("// an ordinary comment"), None);
    }
}
