//! Equivalences a terminologist expects between different spellings of one designation:
//!
//! - orthographic variants, replaced by one canonical form: "3-D" = "3D" = "three-dimensional"
//!   (and likewise 2D); "real-time" = "real time" needs no rule, since both are the words
//!   "real" "time";
//! - an abbreviation and its expansion, from the registry's own data (`abbreviations.toml` and the
//!   `abbreviation` field of entries): the abbreviation as written ("XR") becomes the abbreviation
//!   token, and the expansion ("extended reality") keeps its words and also yields that token at
//!   the same position, so a search for either finds both.

/// What a rule does when its words match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The matched words are replaced by one token.
    Replace,
    /// The matched words stay, and one more token is stacked at the first one's position.
    Stack,
}

/// One rule: a word sequence and the token it yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The words to match (surface words for abbreviations, normalized words otherwise).
    pub words: Vec<String>,
    /// The token produced.
    pub token: String,
    /// Replace or stack.
    pub effect: Effect,
    /// Whether the words must be joined by a hyphen or nothing but spaces (no punctuation between).
    pub tight: bool,
}

/// Rules keyed by their first word, longest first, so the longest match wins. Looked up once
/// per word of every text analysed, so a fast hash map rather than an ordered one (nothing
/// iterates it in order), behind a filter that answers most words without hashing them.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    by_first: foldhash::HashMap<String, Vec<Rule>>,
    /// For each first byte of a rule's first word, a bit per length of that word (lengths of
    /// 63 bytes and more share the last bit): a word whose bit is clear starts no rule.
    starts: Vec<u64>,
}

/// The filter bit of a word in [`RuleSet::starts`].
fn start_bit(word: &str) -> Option<(usize, u64)> {
    let first = *word.as_bytes().first()?;
    Some((usize::from(first), 1 << word.len().min(63)))
}

impl RuleSet {
    /// Adds a rule (duplicates are ignored).
    pub fn add(&mut self, rule: Rule) {
        let Some(first) = rule.words.first().cloned() else {
            return;
        };
        if let Some((byte, bit)) = start_bit(&first) {
            self.starts.resize(256, 0);
            self.starts[byte] |= bit;
        }
        let rules = self.by_first.entry(first).or_default();
        if !rules.contains(&rule) {
            rules.push(rule);
            rules.sort_by(|a, b| {
                b.words
                    .len()
                    .cmp(&a.words.len())
                    .then(a.token.cmp(&b.token))
            });
        }
    }

    /// The rules that may start at a word.
    pub fn starting_with(&self, word: &str) -> &[Rule] {
        match start_bit(word) {
            Some((byte, bit)) if self.starts.get(byte).is_some_and(|s| s & bit != 0) => {
                self.by_first.get(word).map_or(&[], Vec::as_slice)
            }
            _ => &[],
        }
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

/// Orthographic variants, as normalized word sequences (stems of folded words) → canonical token.
/// These are spelling conventions, not concepts: concept grouping belongs to clusters.
pub const ORTHOGRAPHIC: &[(&[&str], &str)] = &[
    (&["3", "d"], "3d"),
    (&["three", "dimension"], "3d"),
    (&["2", "d"], "2d"),
    (&["two", "dimension"], "2d"),
];

/// The token for an abbreviation: folded, with spaces and hyphens removed ("A-DACM" → "adacm").
pub fn abbreviation_token(abbreviation: &str) -> String {
    super::normalize::fold(abbreviation)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The plural of a one-word abbreviation ending in a capital ("XR" → "XRs", "DoF" → "DoFs"),
/// which texts use as the abbreviation; `None` for other forms ("ar", "5G", "A-DACM").
pub fn abbreviation_plural(word: &str) -> Option<String> {
    (!word.is_empty()
        && word.chars().all(char::is_alphanumeric)
        && word.chars().last().is_some_and(char::is_uppercase))
    .then(|| format!("{word}s"))
}

/// The abbreviation a plural of [`abbreviation_plural`]'s form stands for ("XRs" → "XR").
pub fn abbreviation_singular(word: &str) -> Option<&str> {
    let singular = word.strip_suffix('s')?;
    (abbreviation_plural(singular).as_deref() == Some(word)).then_some(singular)
}

/// True when an expansion is a plain word sequence that can be matched in text
/// ("VR + AR + MR" is a description, not an expansion to match).
pub fn is_matchable_expansion(expansion: &str) -> bool {
    expansion
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'' || c == '’')
        && expansion.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_abbreviation_is_one_ending_in_a_capital() {
        assert_eq!(abbreviation_plural("XR").as_deref(), Some("XRs"));
        assert_eq!(abbreviation_plural("DoF").as_deref(), Some("DoFs"));
        assert_eq!(abbreviation_plural("3DoF").as_deref(), Some("3DoFs"));
        assert_eq!(abbreviation_plural("Wi-Fi"), None);
        assert_eq!(abbreviation_plural("ar"), None);
        assert_eq!(abbreviation_plural("A-DACM"), None);
        assert_eq!(abbreviation_singular("HMDs"), Some("HMD"));
        assert_eq!(abbreviation_singular("DoFs"), Some("DoF"));
        assert_eq!(abbreviation_singular("xrs"), None);
        assert_eq!(abbreviation_singular("s"), None);
        assert_eq!(abbreviation_singular("XR"), None);
    }
}
