//! Compare on a small corpus whose answers are known, and the near-copies of the real corpus.

use super::*;
use crate::clusters::tests::small_corpus;
use std::sync::OnceLock;

fn ids(list: &[&str]) -> Vec<ItemInput> {
    list.iter().map(|s| ItemInput::Id(s.to_string())).collect()
}

fn labels(refs: &[ClusterRef]) -> Vec<&str> {
    refs.iter().map(|r| r.label.as_str()).collect()
}

#[test]
fn items_show_their_characteristics_and_pairs_their_similarity() {
    let c = Comparer::new(&small_corpus());
    let r = c
        .compare(
            &[
                ItemInput::Id("a1".into()),
                ItemInput::Text("An immersive virtual space for people.".into()),
            ],
            &CompareOptions::default(),
        )
        .unwrap();
    assert_eq!(r.items[0].id.as_deref(), Some("a1"));
    assert_eq!(r.items[1].id, None);
    assert_eq!(
        labels(&r.items[0].characteristics),
        ["virtual world", "immersive", "users"]
    );
    assert_eq!(
        labels(&r.items[1].characteristics),
        ["virtual world", "immersive", "people"]
    );
    assert_eq!(labels(&r.shared), ["virtual world", "immersive"]);
    assert_eq!(labels(&r.distinct[0]), ["users"]);
    assert_eq!(labels(&r.distinct[1]), ["people"]);
    assert_eq!(r.pairs.len(), 1);
    let p = &r.pairs[0];
    assert_eq!((p.a, p.b, p.method), (0, 1, similarity::METHOD));
    assert!(p.characteristic_similarity > p.word_similarity, "{p:?}");
    assert!(p.similarity > 0.2 && p.similarity < 1.0, "{}", p.similarity);
    assert_eq!(r.diff.len(), 1);
    let changed: Vec<_> = r.diff[0]
        .ops
        .iter()
        .filter(|o| o.op != diff::Op::Equal)
        .map(|o| (o.a.as_deref(), o.b.as_deref()))
        .collect();
    assert_eq!(
        changed,
        [
            (Some("world"), Some("space")),
            (Some("users"), Some("people"))
        ]
    );
}

#[test]
fn three_items_give_three_pairs_and_two_diffs_against_the_first() {
    let c = Comparer::new(&small_corpus());
    let r = c
        .compare(&ids(&["a1", "i2", "s1"]), &CompareOptions::default())
        .unwrap();
    let pairs: Vec<_> = r.pairs.iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(pairs, [(0, 1), (0, 2), (1, 2)]);
    let diffs: Vec<_> = r.diff.iter().map(|d| (d.a, d.b)).collect();
    assert_eq!(diffs, [(0, 1), (0, 2)]);
    assert_eq!(labels(&r.shared), ["virtual world"]);
}

#[test]
fn bad_input_is_refused_naming_what_is_wrong() {
    let c = Comparer::new(&small_corpus());
    let opts = CompareOptions::default();
    let err = c.compare(&ids(&["a1", "nope"]), &opts).unwrap_err();
    assert!(
        matches!(&err, Error::EntryNotFound(id) if id == "nope"),
        "{err}"
    );

    let err = c.compare(&ids(&["a1"]), &opts).unwrap_err().to_string();
    assert!(err.contains("at least two items"), "{err}");

    for (text, expected) in [
        ("  ", "item 2 is an empty text"),
        ("?!", "item 2 has no words"),
    ] {
        let err = c
            .compare(
                &[ItemInput::Id("a1".into()), ItemInput::Text(text.into())],
                &opts,
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
    }
    let huge = "word ".repeat(MAX_TEXT_CHARS);
    let err = c
        .compare(&[ItemInput::Text(huge), ItemInput::Id("a1".into())], &opts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("item 1 is 50000 characters long; the limit is 10000"),
        "{err}"
    );

    let many = vec![ItemInput::Id("a1".into()); MAX_ITEMS + 1];
    assert!(c.compare(&many, &opts).is_err());
}

#[test]
fn one_text_with_nearest_compares_against_the_corpus() {
    let c = Comparer::new(&small_corpus());
    let r = c
        .compare(
            &[ItemInput::Text("a persistent virtual world".into())],
            &CompareOptions {
                nearest: 2,
                collection: Some(Collection::Metaverse),
            },
        )
        .unwrap();
    let near = r.items[0].nearest.as_ref().unwrap();
    assert_eq!(near.len(), 2);
    assert_eq!(near[0].id, "s1", "{near:?}");
    assert!(near[0].similarity >= near[1].similarity);
    assert!(labels(&near[0].shared).contains(&"virtual world"));
    assert!(r.pairs.is_empty());
}

#[test]
fn nearest_of_an_entry_leaves_the_entry_itself_out() {
    let c = Comparer::new(&small_corpus());
    let near = c.nearest(&ItemInput::Id("a1".into()), 3, None).unwrap();
    assert!(near.iter().all(|n| n.id != "a1"));
    assert!(c.nearest(&ItemInput::Id("a1".into()), 0, None).is_err());
    assert!(matches!(
        c.nearest(&ItemInput::Id("zz".into()), 3, None),
        Err(Error::EntryNotFound(_))
    ));
}

fn real() -> &'static Comparer {
    static REAL: OnceLock<Comparer> = OnceLock::new();
    REAL.get_or_init(|| {
        let corpus =
            Corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap();
        Comparer::new(&corpus)
    })
}

#[test]
fn interpol_reusing_ritterbusch_word_for_word_scores_one_with_no_word_changed() {
    let r = real()
        .compare(
            &ids(&["ritterbusch-teichmann-2023", "interpol-2024"]),
            &CompareOptions::default(),
        )
        .unwrap();
    assert_eq!(r.pairs[0].similarity, 1.0);
    assert_eq!(r.pairs[0].words_in_common, 1.0);
    assert_eq!(r.diff[0].changes, 0);
    assert!(r.distinct.iter().all(Vec::is_empty));
}

#[test]
fn balls_three_versions_are_near_and_the_diff_shows_the_phrases_that_differ() {
    let r = real()
        .compare(
            &ids(&["ball-2021-primer", "ball-2022", "ball-2021-framework"]),
            &CompareOptions::default(),
        )
        .unwrap();
    let primer_2022 = &r.pairs[0];
    assert_eq!((primer_2022.a, primer_2022.b), (0, 1));
    assert!(primer_2022.similarity > 0.9, "{}", primer_2022.similarity);
    assert!(r.pairs.iter().all(|p| p.similarity > 0.7), "{:?}", r.pairs);
    let changed: Vec<_> = r.diff[0]
        .ops
        .iter()
        .filter(|o| o.op != diff::Op::Equal)
        .map(|o| (o.op, o.a.as_deref(), o.b.as_deref()))
        .collect();
    assert_eq!(
        changed,
        [
            (diff::Op::Delete, Some("The Metaverse is"), None),
            (diff::Op::Replace, Some("which"), Some("that")),
            (
                diff::Op::Insert,
                None,
                Some("with an individual sense of presence")
            ),
        ]
    );
}

#[test]
fn unrelated_definitions_score_low() {
    let r = real()
        .compare(
            &ids(&["itu-fgmv-20-2023", "collins-2"]),
            &CompareOptions::default(),
        )
        .unwrap();
    // They share one word ("universe"/"virtual worlds"), no more.
    assert!(r.pairs[0].similarity < 0.3, "{}", r.pairs[0].similarity);
    assert!(r.shared.len() <= 1, "{:?}", r.shared);
}

#[test]
fn an_item_shows_which_fgmv20_characteristics_it_lacks() {
    let item = real().entry_item("ball-2022").unwrap();
    let cov = item.fgmv20.unwrap();
    assert!(labels(&cov.expresses).contains(&"virtual worlds"));
    // "an individual sense of presence" is immersion, as the editors decided.
    assert!(labels(&cov.expresses).contains(&"immersive experiences"));
    assert!(labels(&cov.lacks).contains(&"integrative ecosystem"));
    assert!(labels(&cov.adds).contains(&"persistence"), "{:?}", cov.adds);
    assert!(cov.summary.starts_with("expresses "), "{}", cov.summary);
}

#[test]
fn a_draft_finds_its_nearest_definitions_first() {
    let near = real()
        .nearest(
            &ItemInput::Text(
                "a three-dimensional online environment where users represented by avatars \
                 interact in virtual spaces"
                    .into(),
            ),
            3,
            None,
        )
        .unwrap();
    let top: Vec<_> = near.iter().take(2).map(|n| n.id.as_str()).collect();
    assert_eq!(top, ["interpol-2024", "ritterbusch-teichmann-2023"]);
    assert!(near[0].similarity > 0.6, "{}", near[0].similarity);
}
