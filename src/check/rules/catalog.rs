//! The rule ids of `docs/principles.md` — the contract — with the profiles each applies to and its
//! default severity.

use crate::check::finding::{Profile, Severity};

/// Which profiles a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Both profiles.
    Both,
    /// The ITU profile only.
    Itu,
}

/// A rule's contract: id, profiles, default severity and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable id.
    pub id: &'static str,
    /// Profiles it applies to.
    pub applies: Applies,
    /// Default severity.
    pub severity: Severity,
    /// What it flags.
    pub summary: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

impl RuleInfo {
    /// True when the rule applies to drafts of `profile`.
    pub fn applies_to(&self, profile: Profile) -> bool {
        self.applies == Applies::Both || profile == Profile::Itu
    }
}

macro_rules! rules {
    ($($id:literal, $applies:ident, $sev:ident, $summary:literal, $source:literal;)+) => {
        /// Every rule, in the order of `docs/principles.md`.
        pub const RULES: &[RuleInfo] = &[$(RuleInfo {
            id: $id,
            applies: Applies::$applies,
            severity: Severity::$sev,
            summary: $summary,
            source: $source,
        }),+];
    };
}

rules! {
    "clause3-missing", Both, Error, "no Definitions clause (an empty one must still say \"None.\")", "AG 8.3 / DIR2 16.3";
    "clause3-lead-in", Itu, Warning, "3.1 or 3.2 lacks its lead-in sentence", "AG 8.3";
    "entry-order", Itu, Info, "entries of 3.1 or 3.2 not in alphabetical order", "AG B.4";
    "elsewhere-without-reference", Itu, Error, "a 3.1 entry with no citation tag", "AG 8.3";
    "unresolved-reference", Itu, Warning, "a citation tag found neither in clause 2 nor in the Bibliography", "AG 8.2, 8.10";
    "quoted-definition-modified", Itu, Warning, "a quoted 3.1 definition differs from the registry's text of the cited source", "AG 8.3 NOTE 1; DIR2 16.5.10";
    "redefinition", Both, Warning, "a 3.2 entry defines a term the registry already defines", "AG B.3.1; DIR2 5.7";
    "defined-term-unused", Both, Warning, "a 3.2 term never used outside clause 3", "DIR2 16.5.4";
    "term-case", Both, Warning, "term not in lower case though not a proper noun or acronym", "AG B.4; DIR2 16.5.5";
    "term-plural", Both, Info, "term not in its basic form (plural noun)", "DIR2 16.5.5";
    "term-parenthesis", Both, Warning, "synonym or qualifier in parentheses inside the term", "DIR2 16.5.5";
    "duplicate-term", Both, Error, "the same term defined twice in one draft", "DIR2 16.5.6";
    "definition-circular", Both, Error, "the definition contains the term it defines, or two entries are defined through each other", "AG B.3.4; DIR2 16.5.6";
    "definition-requirement", Both, Error, "shall / must / should / is required to inside a definition", "DIR2 16.5.6";
    "definition-multi-sentence", Both, Warning, "more than one sentence: explanation belongs in a NOTE", "AG B.3.3; 704";
    "definition-not-genus-first", Both, Warning, "opens with \"It is\", \"Refers to\", \"Means\", a verb … instead of the class", "AG B.3.2; 704";
    "definition-negative", Both, Info, "built on a negative (\"not …\", \"other than …\")", "AG B.3.4";
    "definition-self-reference", Both, Warning, "points into the document (\"this Recommendation\", \"see clause\")", "AG B.3.5";
    "definition-unexpanded-abbreviation", Both, Warning, "an abbreviation used in a definition without its expansion there", "AG B.3.7";
    "definition-start", Both, Warning, "itu: no capital first; iso: article or capital first", "AG B.4; DIR2 16.5.6";
    "definition-end", Both, Warning, "itu: no final full stop; iso: a final full stop", "AG B.4; DIR2 16.5.6";
    "note-format", Both, Info, "itu: \"NOTE:\" instead of \"NOTE –\", or numbering gaps; iso: not \"Note 1 to entry:\"", "AG 9.6.1; DIR2 16.5.9";
    "abbreviation-unlisted", Both, Warning, "an abbreviation used in the text but missing from clause 4", "AG 8.4; DIR2 17.5";
    "abbreviation-unused", Both, Info, "an abbreviation listed in clause 4 but never used", "DIR2 17.5";
    "abbreviation-first-use", Itu, Info, "first use in the body not preceded by its expansion", "AG 8.4";
    "abbreviation-mismatch", Both, Warning, "an expansion in the text differs from clause 4 or from the registry", "AG 8.4";
    "deprecated-term", Both, Error, "a designation the registry marks deprecated or superseded", "DIR2 16.5.5";
    "synonym-mix", Both, Warning, "two designations of one registry concept in the same draft", "DIR2 5.6";
    "variant-spelling", Both, Warning, "case, hyphen or spelling variants of one term in one draft", "DIR2 5.6; AG 8.5";
    "requirement-in-informative", Itu, Warning, "shall / must in a Technical Report or other informative text", "FGMV-01 front matter; AG 8.5";
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_principles_is_in_the_catalog_once() {
        let principles = include_str!("../../../tests/fixtures/check/principles-rule-ids.txt");
        let ids: Vec<&str> = principles.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(ids.len(), RULES.len());
        for id in ids {
            assert_eq!(RULES.iter().filter(|r| r.id == id).count(), 1, "{id}");
        }
    }

    #[test]
    fn itu_only_rules_do_not_apply_to_iso() {
        assert!(!rule("clause3-lead-in").unwrap().applies_to(Profile::Iso));
        assert!(rule("redefinition").unwrap().applies_to(Profile::Iso));
    }
}
