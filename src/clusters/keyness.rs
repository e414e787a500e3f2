//! Is a word a characteristic, or the everyday language a definition is written in? Two
//! measures, both standard and both explainable:
//!
//! - **keyness against general English** ([`super::background`]): the log-likelihood G² of the
//!   word's count in the metaverse definitions against the count expected from its English
//!   frequency (Dunning 1993, in its form for a reference corpus much larger than the target),
//!   and the *log ratio* (Hardie 2014): log₂ of how many times more often the definitions use
//!   it than English does. "allows", "many", "like", "today", "new" are everyday English;
//!   "immersive", "persistent", "interoperable" are not. Both must pass: G² says the
//!   difference is not chance, the log ratio that it is large.
//! - **the definition's frame**: words used next to a mention of the defined term ("metaverse
//!   *refers* to", "is *defined* as", "a *term* used to describe", "is a *concept* that") in a
//!   large share of their uses, across the definitions of both collections, are the wording of
//!   definitions (ISO 704: the definition proper starts at the genus), not characteristics.
//!
//! Numbers and years are never characteristics. See [`Verdict`].

use serde::Serialize;

/// G² above which a difference is significant at p < 0.001 (one degree of freedom).
pub const G2_P001: f64 = 10.83;
/// G² above which a difference is significant at p < 0.01 (one degree of freedom).
pub const G2_P01: f64 = 6.63;

/// Keyness of one term against one background. Both figures are infinite — `null` in JSON —
/// for terms that are key by what they are (the registry's abbreviations and spellings, names
/// written with digits), not by a count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Keyness {
    /// Log-likelihood G² (signed: negative when the definitions use it less); `null` when key
    /// by what the term is.
    #[schema(value_type = Option<f64>)]
    pub g2: f64,
    /// log₂ of the ratio of the relative frequencies (the definitions over the background);
    /// `null` when key by what the term is.
    #[schema(value_type = Option<f64>)]
    pub log_ratio: f64,
}

fn xlnx(x: f64, y: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { x * (x / y).ln() }
}

/// `count` occurrences in `total` words, against a background rate of `per_billion` words.
pub fn against_rate(count: f64, total: f64, per_billion: f64) -> Keyness {
    let expected = total * per_billion / 1e9;
    let g2 = 2.0 * (xlnx(count, expected) - (count - expected));
    let rate = if total > 0.0 { count / total } else { 0.0 };
    // Half an occurrence for a count of zero, as Hardie's log ratio does.
    let log_ratio = ((rate.max(0.5 / total.max(1.0))) / (per_billion / 1e9)).log2();
    Keyness {
        g2: if count >= expected { g2 } else { -g2 },
        log_ratio,
    }
}

/// `a` occurrences in `n1` words of the target against `b` in `n2` words of a reference corpus
/// (Dunning's 2×2 log-likelihood).
pub fn against_counts(a: f64, n1: f64, b: f64, n2: f64) -> Keyness {
    let (e1, e2) = (n1 * (a + b) / (n1 + n2), n2 * (a + b) / (n1 + n2));
    let g2 = 2.0 * (xlnx(a, e1) + xlnx(b, e2));
    let (r1, r2) = ((a.max(0.5)) / n1, (b.max(0.5)) / n2);
    Keyness {
        g2: if a / n1 >= b / n2 { g2 } else { -g2 },
        log_ratio: (r1 / r2).log2(),
    }
}

/// What the two keyness measures say of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Key against general English, and not the wording of definitions.
    Key,
    /// Everyday English: not markedly more frequent than in English at large.
    GeneralEnglish,
    /// The wording of definitions: mostly used next to the defined term.
    DefinitionFrame,
    /// A number or a year.
    Number,
}

/// The thresholds of the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Thresholds {
    /// Least G² against general English (significance).
    pub min_g2: f64,
    /// Least log ratio against general English (effect size: 2^x times more frequent).
    pub min_log_ratio: f64,
    /// Share of its uses next to the defined term from which a word is the definition's frame.
    pub frame_share: f64,
    /// ... in at least this many definitions.
    pub frame_definitions: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_g2: G2_P01,
            min_log_ratio: 3.5,
            frame_share: 0.5,
            frame_definitions: 2,
        }
    }
}

/// The verdict on a word from its keyness against English and its share of framing uses.
pub fn verdict(english: Keyness, frame: (f64, usize), t: &Thresholds) -> Verdict {
    if english.g2 < t.min_g2 || english.log_ratio < t.min_log_ratio {
        Verdict::GeneralEnglish
    } else if frame.0 >= t.frame_share && frame.1 >= t.frame_definitions {
        Verdict::DefinitionFrame
    } else {
        Verdict::Key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_english_word_used_often_is_key_and_a_common_one_is_not() {
        // 20 uses in 5 000 words: a word used 10 times per billion is key, "the" is not.
        let rare = against_rate(20.0, 5_000.0, 10.0);
        assert!(rare.g2 > G2_P001 && rare.log_ratio > 10.0, "{rare:?}");
        let common = against_rate(20.0, 5_000.0, 50_000_000.0);
        assert!(common.g2 < 0.0, "{common:?}");
    }

    #[test]
    fn the_2x2_statistic_is_symmetric_and_signed() {
        let k = against_counts(30.0, 5_000.0, 3.0, 5_000.0);
        assert!(k.g2 > G2_P001 && k.log_ratio > 3.0);
        let same = against_counts(10.0, 5_000.0, 10.0, 5_000.0);
        assert!(same.g2.abs() < 1e-9 && same.log_ratio.abs() < 1e-9);
        assert!(against_counts(3.0, 5_000.0, 30.0, 5_000.0).g2 < 0.0);
    }
}

/// Keyness of one key term of the corpus statistics, against both backgrounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TermKeyness {
    /// Against general English.
    pub english: Keyness,
    /// Share of its uses next to a mention of the defined term (single words).
    pub frame_share: f64,
    /// What they say.
    pub verdict: Verdict,
}

/// The keyness of `key` (a form key or a run of stems) in `stats`. A run is key when one of
/// its words is; it is never the frame.
pub fn of_key(
    stats: &super::stats::Stats,
    background: &super::background::Background,
    key: &str,
    t: &Thresholds,
) -> TermKeyness {
    let count = stats.tokens.get(key).copied().unwrap_or(0.0);
    let kind = super::grouping::key_kind(stats, key);
    let is_number =
        |w: &str| w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| !c.is_alphabetic());
    if kind == super::stats::KeyKind::Word && is_number(key)
        || kind == super::stats::KeyKind::Phrase && key.split(' ').all(is_number)
    {
        let none = Keyness {
            g2: 0.0,
            log_ratio: 0.0,
        };
        return TermKeyness {
            english: none,
            frame_share: 0.0,
            verdict: Verdict::Number,
        };
    }
    let english = match kind {
        // Abbreviations and canonical spellings ("AR", "3D") are the registry's own terms.
        super::stats::KeyKind::Abbreviation | super::stats::KeyKind::Variant => Keyness {
            g2: f64::INFINITY,
            log_ratio: f64::INFINITY,
        },
        // Names written with digits ("web3", "5g") are not everyday English either.
        super::stats::KeyKind::Word if key.chars().any(|c| c.is_ascii_digit()) => Keyness {
            g2: f64::INFINITY,
            log_ratio: f64::INFINITY,
        },
        super::stats::KeyKind::Word => {
            against_rate(count, stats.words_total, background.per_billion(key))
        }
        super::stats::KeyKind::Phrase => key
            .split(' ')
            .map(|w| {
                let c = stats.tokens.get(w).copied().unwrap_or(0.0).max(count);
                against_rate(c, stats.words_total, background.per_billion(w))
            })
            .max_by(|a, b| a.log_ratio.total_cmp(&b.log_ratio))
            .unwrap_or(Keyness {
                g2: 0.0,
                log_ratio: 0.0,
            }),
    };
    let frame = if kind == super::stats::KeyKind::Phrase {
        (0.0, 0)
    } else {
        stats.frame_share(key, |next| {
            let k = against_rate(
                stats.tokens.get(next).copied().unwrap_or(0.0),
                stats.words_total,
                background.per_billion(next),
            );
            k.g2 >= t.min_g2 && k.log_ratio >= t.min_log_ratio
        })
    };
    TermKeyness {
        english,
        frame_share: frame.0,
        verdict: verdict(english, frame, t),
    }
}
