//! A word-level diff of two texts an editor can read: which words the second text keeps,
//! drops, adds or replaces. Words are compared case-folded (the pipeline's words, without
//! stemming: "experienced" and "experience" differ for an editor); the spans shown are cut from
//! the original texts, punctuation between words included.

use crate::analysis::Analyzer;
use crate::cancel::Cancel;
use crate::error::Result;
use serde::Serialize;

/// What a stretch of the diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The same words in both texts.
    Equal,
    /// Words of the first text the second does not have.
    Delete,
    /// Words of the second text the first does not have.
    Insert,
    /// Words of the first text replaced by other words in the second.
    Replace,
}

/// One stretch of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Change {
    /// What it is.
    pub op: Op,
    /// The words of the first text (absent for `insert`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// The words of the second text (absent for `delete`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}

/// The diff of two compared items.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Diff {
    /// Index of the first item in `items`.
    pub a: usize,
    /// Index of the second item.
    pub b: usize,
    /// The stretches, in text order.
    pub ops: Vec<Change>,
    /// Number of stretches that are not `equal`.
    pub changes: usize,
    /// Fraction of the words of both texts that the diff aligns (Dice coefficient of the
    /// longest common word sequence): 1 when only punctuation or case differ.
    pub words_in_common: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Most cells of one longest-common-subsequence table (4 MiB): any two definitions (tens of
/// words, rarely a few hundred) are aligned exactly; longer texts are aligned as below.
const MAX_CELLS: usize = 1 << 20;

/// The alignment of two word lists, as a sequence of steps: their longest common subsequence
/// when the table fits in [`MAX_CELLS`]. Longer texts keep their common start and end as equal
/// words, and a middle still too long to align word by word is one replacement, so a diff costs
/// at most [`MAX_CELLS`] steps and 4 MiB whatever the texts.
fn align(a: &[String], b: &[String], cancel: &Cancel) -> Result<Vec<Step>> {
    if a.len().saturating_mul(b.len()) <= MAX_CELLS {
        return lcs(a, b, 0, cancel);
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (middle_a, middle_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut steps = Vec::with_capacity(a.len() + b.len());
    steps.extend((0..prefix).map(|i| Step::Equal(i, i)));
    if middle_a.len().saturating_mul(middle_b.len()) <= MAX_CELLS {
        steps.extend(lcs(middle_a, middle_b, prefix, cancel)?);
    } else {
        steps.extend((prefix..prefix + middle_a.len()).map(Step::Delete));
        steps.extend((prefix..prefix + middle_b.len()).map(Step::Insert));
    }
    let (tail_a, tail_b) = (a.len() - suffix, b.len() - suffix);
    steps.extend((0..suffix).map(|k| Step::Equal(tail_a + k, tail_b + k)));
    Ok(steps)
}

/// Longest common subsequence of two word lists (both starting at `offset` of their texts), as a
/// sequence of steps; `cancel` is asked once per row.
fn lcs(a: &[String], b: &[String], offset: usize, cancel: &Cancel) -> Result<Vec<Step>> {
    let (n, m) = (a.len(), b.len());
    // lengths[i][j] = LCS of a[i..] and b[j..]; u32 since the table is bounded by MAX_CELLS.
    let width = m + 1;
    let mut lengths = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        cancel.check()?;
        for j in (0..m).rev() {
            lengths[i * width + j] = if a[i] == b[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let mut steps = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            steps.push(Step::Equal(offset + i, offset + j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            steps.push(Step::Delete(offset + i));
            i += 1;
        } else {
            steps.push(Step::Insert(offset + j));
            j += 1;
        }
    }
    steps.extend((i..n).map(|i| Step::Delete(offset + i)));
    steps.extend((j..m).map(|j| Step::Insert(offset + j)));
    Ok(steps)
}

/// The word diff of `text_a` (item `a`) and `text_b` (item `b`).
pub fn diff(analyzer: &Analyzer, a: usize, text_a: &str, b: usize, text_b: &str) -> Diff {
    match diff_cancellable(analyzer, a, text_a, b, text_b, &Cancel::never()) {
        Ok(diff) => diff,
        Err(_) => unreachable!("work that is never cancelled cannot stop early"),
    }
}

/// [`diff`], stopping with [`crate::error::Error::Cancelled`] when `cancel` says so.
pub fn diff_cancellable(
    analyzer: &Analyzer,
    a: usize,
    text_a: &str,
    b: usize,
    text_b: &str,
    cancel: &Cancel,
) -> Result<Diff> {
    let words_a = analyzer.words(text_a);
    let words_b = analyzer.words(text_b);
    let fold = |w: &[crate::analysis::Word<'_>]| -> Vec<String> {
        w.iter().map(|w| analyzer.fold(w.text)).collect()
    };
    let (fa, fb) = (fold(&words_a), fold(&words_b));
    let steps = align(&fa, &fb, cancel)?;
    let common = steps
        .iter()
        .filter(|s| matches!(s, Step::Equal(..)))
        .count();
    let total = fa.len() + fb.len();

    // Group steps into stretches: a run of equal words, or a run of deletions and insertions.
    let span = |text: &str, words: &[crate::analysis::Word<'_>], idx: &[usize]| -> Option<String> {
        let (first, last) = (idx.first()?, idx.last()?);
        Some(text[words[*first].start..words[*last].end].to_string())
    };
    let mut ops = Vec::new();
    let mut k = 0;
    while k < steps.len() {
        if let Step::Equal(..) = steps[k] {
            let mut idx = Vec::new();
            while let Some(Step::Equal(i, _)) = steps.get(k) {
                idx.push(*i);
                k += 1;
            }
            ops.push(Change {
                op: Op::Equal,
                a: span(text_a, &words_a, &idx),
                b: None,
            });
            continue;
        }
        let (mut del, mut ins) = (Vec::new(), Vec::new());
        while let Some(step) = steps.get(k) {
            match step {
                Step::Delete(i) => del.push(*i),
                Step::Insert(j) => ins.push(*j),
                Step::Equal(..) => break,
            }
            k += 1;
        }
        let op = match (del.is_empty(), ins.is_empty()) {
            (false, false) => Op::Replace,
            (false, true) => Op::Delete,
            _ => Op::Insert,
        };
        ops.push(Change {
            op,
            a: span(text_a, &words_a, &del),
            b: span(text_b, &words_b, &ins),
        });
    }
    let changes = ops.iter().filter(|c| c.op != Op::Equal).count();
    Ok(Diff {
        a,
        b,
        ops,
        changes,
        words_in_common: if total == 0 {
            1.0
        } else {
            ((2 * common) as f64 / total as f64 * 10_000.0).round() / 10_000.0
        },
    })
}

impl Diff {
    /// The diff in the style of `git diff --word-diff`: the second text with `[-removed-]` and
    /// `{+added+}` marks.
    pub fn marked(&self) -> String {
        let mut out = String::new();
        for c in &self.ops {
            if !out.is_empty() {
                out.push(' ');
            }
            match c.op {
                Op::Equal => out.push_str(c.a.as_deref().unwrap_or("")),
                Op::Delete => out.push_str(&format!("[-{}-]", c.a.as_deref().unwrap_or(""))),
                Op::Insert => out.push_str(&format!("{{+{}+}}", c.b.as_deref().unwrap_or(""))),
                Op::Replace => out.push_str(&format!(
                    "[-{}-]{{+{}+}}",
                    c.a.as_deref().unwrap_or(""),
                    c.b.as_deref().unwrap_or("")
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn long_texts_keep_their_common_start_and_end_and_replace_the_middle() {
        // 3 000 × 3 000 words is over the table's budget, and so is the 1 100-word middle
        // after the common start and end: it is one replacement (its one common word is not
        // looked for).
        let a: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let mut b = a.clone();
        b[900..2000].iter_mut().for_each(|w| w.push('x'));
        b[1500] = a[1500].clone();
        let steps = align(&a, &b, &Cancel::never()).unwrap();
        let equal = steps
            .iter()
            .filter(|s| matches!(s, Step::Equal(..)))
            .count();
        assert_eq!(equal, 1900);
        assert_eq!(steps.len(), 4100);
        assert_eq!(steps[899], Step::Equal(899, 899));
        assert_eq!(steps[900], Step::Delete(900));
        assert_eq!(steps[2000], Step::Insert(900));
        assert_eq!(steps[4099], Step::Equal(2999, 2999));
        // A middle within the budget after trimming is aligned exactly.
        let mut c = a.clone();
        c[1500] = "changed".into();
        let steps = align(&a, &c, &Cancel::never()).unwrap();
        assert_eq!(
            steps
                .iter()
                .filter(|s| !matches!(s, Step::Equal(..)))
                .count(),
            2
        );
    }

    #[test]
    fn the_alignment_of_short_texts_is_the_longest_common_subsequence() {
        let steps = align(&words("p q r s"), &words("q p q s"), &Cancel::never()).unwrap();
        let equal = steps
            .iter()
            .filter(|s| matches!(s, Step::Equal(..)))
            .count();
        assert_eq!(equal, 3);
    }

    #[test]
    fn a_cancelled_diff_stops() {
        let (cancel, guard) = Cancel::new();
        drop(guard);
        let a = words("some words here");
        assert!(align(&a, &a, &cancel).is_err());
    }

    #[test]
    fn a_replaced_word_and_an_added_phrase_are_shown_where_they_are() {
        let a = Analyzer::default();
        let d = diff(
            &a,
            0,
            "worlds which can be experienced by users, and with data",
            1,
            "worlds that can be experienced by users with a sense of presence, and with data",
        );
        let changed: Vec<_> = d
            .ops
            .iter()
            .filter(|c| c.op != Op::Equal)
            .map(|c| (c.op, c.a.as_deref(), c.b.as_deref()))
            .collect();
        assert_eq!(
            changed,
            vec![
                (Op::Replace, Some("which"), Some("that")),
                (Op::Insert, None, Some("with a sense of presence")),
            ]
        );
        assert_eq!(d.changes, 2);
        assert_eq!(
            d.marked(),
            "worlds [-which-]{+that+} can be experienced by users {+with a sense of presence+} and with data"
        );
    }

    #[test]
    fn texts_differing_only_in_case_and_punctuation_have_no_changes() {
        let a = Analyzer::default();
        let d = diff(
            &a,
            0,
            "A three-dimensional world",
            1,
            "a three-dimensional world.",
        );
        assert_eq!(d.changes, 0);
        assert_eq!(d.words_in_common, 1.0);
    }

    #[test]
    fn an_empty_side_is_all_insertions() {
        let a = Analyzer::default();
        let d = diff(&a, 0, "", 1, "new words");
        assert_eq!(d.ops.len(), 1);
        assert_eq!(d.ops[0].op, Op::Insert);
        assert_eq!(d.words_in_common, 0.0);
    }
}
