//! Search over the real corpus (`corpus/`), built into a temporary index.

use super::*;
use crate::analysis::Analyzer;
use std::path::Path;
use std::sync::OnceLock;

struct Fixture {
    corpus: Corpus,
    lexicon: Lexicon,
    index: SearchIndex,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let corpus = Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap();
        let analyzer = Analyzer::new(&corpus);
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::build(&corpus, &analyzer, dir.path()).unwrap();
        Fixture {
            lexicon: Lexicon::new(&corpus, &analyzer),
            corpus,
            index,
            _dir: dir,
        }
    })
}

fn run(req: SearchRequest) -> SearchResults {
    let f = fixture();
    search(&f.index, &f.corpus, &f.lexicon, &req, &Cancel::never()).unwrap()
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn a_term_match_ranks_above_a_definition_match() {
    let r = run(SearchRequest::new("avatar"));
    assert!(r.total > 5);
    assert!(
        r.hits[0].term.to_lowercase().contains("avatar"),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn misspelt_words_still_find_persistent_immersive_environments() {
    let r = run(SearchRequest::new("imersive persistant enviroment"));
    assert!(r.total > 0);
    assert_eq!(r.matched, Matched::All);
    let top = &r.hits[0].definition.to_lowercase();
    assert!(
        top.contains("immersive") && top.contains("persistent") && top.contains("environment"),
        "{top}"
    );
}

#[test]
fn a_quoted_phrase_needs_the_words_in_order() {
    let phrase = run(SearchRequest::new("\"virtual worlds\""));
    let words = run(SearchRequest::new("worlds virtual"));
    assert!(phrase.total > 0 && phrase.total < words.total);
    for h in &phrase.hits {
        let text = format!("{} {} {}", h.term, h.definition, h.highlight.text).to_lowercase();
        assert!(text.contains("virtual world"), "{}", h.id);
    }
}

#[test]
fn an_abbreviation_finds_its_expansion_and_back() {
    let abbr = run(SearchRequest {
        limit: 100,
        ..SearchRequest::new("XR")
    });
    let long = run(SearchRequest {
        limit: 100,
        ..SearchRequest::new("extended reality")
    });
    assert!(abbr.total > 0);
    // Every entry with "XR" is found by "extended reality" too, and ranks among its first hits:
    // the words alone may find more, below them.
    let long_ids = ids(&long);
    assert!(
        ids(&abbr).iter().take(10).all(|id| long_ids.contains(id)),
        "{:?}",
        ids(&abbr)
    );
    assert!(long.hits.iter().any(|h| h.definition.contains("XR")
        && !h.definition.to_lowercase().contains("extended reality")));
}

#[test]
fn three_d_matches_three_dimensional() {
    let a = run(SearchRequest {
        limit: 100,
        ..SearchRequest::new("3D")
    });
    let b = run(SearchRequest {
        limit: 100,
        ..SearchRequest::new("three-dimensional")
    });
    // The same English entries either way ("3D" also finds the Italian entry by its own word).
    let english = |r: &SearchResults| -> Vec<String> {
        let mut v: Vec<String> = r
            .hits
            .iter()
            .filter(|h| h.lang == "en")
            .map(|h| h.id.clone())
            .collect();
        v.sort();
        v
    };
    // "3D" also finds sources that write it ("'3D Virtual Worlds …'"), so it may find more.
    let (a_en, b_en) = (english(&a), english(&b));
    assert!(
        b_en.iter().all(|id| a_en.contains(id)),
        "{b_en:?} ⊄ {a_en:?}"
    );
    let in_text = |r: &SearchResults| -> Vec<String> {
        let mut v: Vec<String> = r
            .hits
            .iter()
            .filter(|h| {
                let t = format!("{} {}", h.term, h.definition).to_lowercase();
                h.lang == "en"
                    && (t.contains("3d") || t.contains("3-d") || t.contains("three-dimensional"))
            })
            .map(|h| h.id.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(in_text(&a), in_text(&b));
    assert!(a.hits.iter().any(|h| h.definition.contains("3D")));
    assert!(
        a.hits
            .iter()
            .any(|h| h.definition.to_lowercase().contains("three-dimensional"))
    );
}

#[test]
fn japanese_and_italian_entries_are_found_by_their_own_words() {
    let ja = run(SearchRequest::new("メタバース"));
    assert!(ids(&ja).contains(&"japan-mic-2023"), "{:?}", ids(&ja));
    let it = run(SearchRequest::new("metaverso"));
    assert!(
        ids(&it).contains(&"dipietro-cresci-2021-it"),
        "{:?}",
        ids(&it)
    );
    // Their snippets mark the word in their own language (the language-neutral terms).
    let hit = it
        .hits
        .iter()
        .find(|h| h.id == "dipietro-cresci-2021-it")
        .unwrap();
    assert!(
        hit.highlight
            .html
            .to_lowercase()
            .contains("<mark>metaverso</mark>"),
        "{:?}",
        hit.highlight
    );
    let hit = ja.hits.iter().find(|h| h.id == "japan-mic-2023").unwrap();
    assert!(hit.highlight.html.contains("<mark>"), "{:?}", hit.highlight);
}

#[test]
fn filters_narrow_and_facets_count_every_match() {
    let all = run(SearchRequest::new("virtual"));
    let academic = run(SearchRequest {
        kind: Some(Kind::Academic),
        ..SearchRequest::new("virtual")
    });
    assert_eq!(academic.total, all.facets.kind["academic"]);
    assert!(academic.hits.iter().all(|h| h.kind == Some(Kind::Academic)));
    let sum: u64 = all.facets.collection.values().sum();
    assert_eq!(sum, all.total);
    let recent = run(SearchRequest {
        year_from: Some(2022),
        year_to: Some(2023),
        ..SearchRequest::new("virtual")
    });
    assert!(
        recent
            .hits
            .iter()
            .all(|h| matches!(h.year, Some(2022..=2023)))
    );
    let term = run(SearchRequest {
        term: Some("Virtual World".into()),
        ..SearchRequest::new("")
    });
    assert!(
        term.total >= 1
            && term
                .hits
                .iter()
                .all(|h| h.term.eq_ignore_ascii_case("virtual world"))
    );
}

#[test]
fn pages_do_not_overlap_and_order_is_deterministic() {
    let first = run(SearchRequest {
        limit: 5,
        ..SearchRequest::new("metaverse")
    });
    let second = run(SearchRequest {
        limit: 5,
        offset: 5,
        ..SearchRequest::new("metaverse")
    });
    let both = run(SearchRequest {
        limit: 10,
        ..SearchRequest::new("metaverse")
    });
    let joined: Vec<_> = ids(&first).into_iter().chain(ids(&second)).collect();
    assert_eq!(joined, ids(&both));
    assert_eq!(
        ids(&both),
        ids(&run(SearchRequest {
            limit: 10,
            ..SearchRequest::new("metaverse")
        }))
    );
}

#[test]
fn hits_are_highlighted() {
    let r = run(SearchRequest::new("immersive"));
    assert!(
        r.hits[0].highlight.html.contains("<mark>"),
        "{:?}",
        r.hits[0].highlight
    );
}

#[test]
fn nothing_to_search_for_is_an_invalid_query() {
    let f = fixture();
    for q in ["", "   ", "the", "!!! ???"] {
        let err = search(
            &f.index,
            &f.corpus,
            &f.lexicon,
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidQuery(_)), "{q:?}: {err}");
    }
    let err = search(
        &f.index,
        &f.corpus,
        &f.lexicon,
        &SearchRequest {
            limit: 0,
            ..SearchRequest::new("x")
        },
        &Cancel::never(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
}

#[test]
fn a_cancelled_search_stops_with_cancelled() {
    let f = fixture();
    let (cancel, guard) = Cancel::new();
    guard.cancel();
    for q in [
        "metaverse",
        "blend of physical and digital worlds",
        "digtal",
    ] {
        let err = search(
            &f.index,
            &f.corpus,
            &f.lexicon,
            &SearchRequest::new(q),
            &cancel,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Cancelled), "{q:?}: {err}");
    }
    // The same queries with a token nobody cancels find entries.
    assert!(run(SearchRequest::new("blend of physical and digital worlds")).total > 0);
}

#[test]
fn odd_input_never_panics() {
    let f = fixture();
    for q in [
        "\"",
        "\"\"",
        "***",
        "a\u{0}b",
        "💥 metaverse",
        "(((",
        "-",
        "AND OR NOT",
        "\u{202e}evil",
        "x\"y\"z\"",
        "ｍｅｔａｖｅｒｓｅ",
    ] {
        let _ = search(
            &f.index,
            &f.corpus,
            &f.lexicon,
            &SearchRequest::new(q),
            &Cancel::never(),
        );
    }
}

fn small(definitions: &[(&str, &str)]) -> (Corpus, SearchIndex, tempfile::TempDir) {
    let entries: Vec<(&str, &str, &str)> = definitions
        .iter()
        .map(|(id, definition)| (*id, "device", *definition))
        .collect();
    small_with_terms(&entries)
}

/// A small vocabulary of (id, term, definition).
fn small_with_terms(
    definitions: &[(&str, &str, &str)],
) -> (Corpus, SearchIndex, tempfile::TempDir) {
    use crate::model::Abbreviation;
    let entries = definitions
        .iter()
        .map(|(id, term, definition)| Entry {
            id: id.to_string(),
            collection: Collection::Vocabulary,
            term: term.to_string(),
            definition: definition.to_string(),
            notes: vec![],
            abbreviation: None,
            status: Status::Admitted,
            kind: None,
            year: None,
            lang: "en".into(),
            source: Source::default(),
            flags: vec![],
        })
        .collect();
    let abbreviations = vec![Abbreviation {
        abbreviation: "XR".into(),
        expansion: "Extended Reality".into(),
        source_document: None,
        seen_at: None,
    }];
    let corpus = Corpus::from_parts(entries, abbreviations).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::build(&corpus, &Analyzer::new(&corpus), dir.path()).unwrap();
    (corpus, index, dir)
}

#[test]
fn either_spelling_of_an_abbreviation_finds_both() {
    let (corpus, index, _dir) = small(&[
        ("a", "An XR headset."),
        ("b", "An extended reality headset."),
        ("c", "A headset."),
    ]);
    for q in [
        "XR",
        "extended reality",
        "XR headset",
        "Extended Reality headsets",
    ] {
        let r = search(
            &index,
            &corpus,
            &Lexicon::with_clusters(&corpus, index.analyzer(), None),
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap();
        // Both spellings first; "A headset." matches a word of the longer queries, below them.
        assert_eq!(
            ids(&r)[..2]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            ["a", "b"].into(),
            "{q}"
        );
        assert!(
            ids(&r).len() == 2 || q.contains("headset"),
            "{q}: {:?}",
            ids(&r)
        );
    }
    let r = search(
        &index,
        &corpus,
        &Lexicon::with_clusters(&corpus, index.analyzer(), None),
        &SearchRequest::new("XR"),
        &Cancel::never(),
    )
    .unwrap();
    let b = r.hits.iter().find(|h| h.id == "b").unwrap();
    assert_eq!(
        b.highlight.html,
        "An <mark>extended reality</mark> headset."
    );
}

#[test]
fn a_registry_term_of_three_words_typed_whole_is_a_name() {
    let (corpus, index, _dir) = small_with_terms(&[
        (
            "a",
            "user interaction delay",
            "Time until an action is taken into account.",
        ),
        (
            "b",
            "latency",
            "The delay between a user interaction and the user seeing the interaction.",
        ),
    ]);
    let r = search(
        &index,
        &corpus,
        &Lexicon::with_clusters(&corpus, index.analyzer(), None),
        &SearchRequest::new("user interaction delay"),
        &Cancel::never(),
    )
    .unwrap();
    assert_eq!(ids(&r), ["a", "b"]);
}

#[test]
fn the_plural_of_an_abbreviation_is_the_abbreviation() {
    let (corpus, index, _dir) = small(&[
        ("a", "Two XRs side by side."),
        ("b", "An extended reality headset."),
        ("c", "Some xrs in lower case."),
        ("d", "A headset."),
    ]);
    for q in ["XR", "XRs", "extended reality"] {
        let r = search(
            &index,
            &corpus,
            &Lexicon::with_clusters(&corpus, index.analyzer(), None),
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap();
        let mut first: Vec<&str> = ids(&r).into_iter().take(2).collect();
        first.sort();
        assert_eq!(first, ["a", "b"], "{q}: {:?}", ids(&r));
        // Only the capitalised form is the abbreviation: "xrs" in lower case is a word like
        // any other, found only by the word as typed.
        assert_eq!(ids(&r).contains(&"c"), q == "XRs", "{q}: {:?}", ids(&r));
    }
}

#[test]
fn a_description_ranks_first_the_definition_that_opens_with_its_class() {
    // The same words, as close together, in texts of one length: only where the class word
    // stands differs. "Part of a scene …" is a kind of part; the other is a kind of region.
    let (corpus, index, _dir) = small(&[
        (
            "a",
            "Region showing a display area with the part of a scene a user sees.",
        ),
        (
            "b",
            "Part of a scene a user sees in a region showing a display area.",
        ),
    ]);
    let order = |q: &str| {
        let r = search(
            &index,
            &corpus,
            &Lexicon::with_clusters(&corpus, index.analyzer(), None),
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap();
        r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(order("the part of the scene a user sees"), ["b", "a"]);
    // Two words are a lookup, not a description: the tie stays in id order.
    assert_eq!(order("part scene"), ["a", "b"]);
}

#[test]
fn a_description_holding_a_term_ranks_the_entry_that_says_it_all_above_that_term() {
    // "Virtual world" is the rare part of the description; the entry *virtual world* names it
    // in its term and says nothing else of the description, the *metaverse* entry says it all.
    let (corpus, index, _dir) = small_with_terms(&[
        (
            "a",
            "metaverse",
            "A large network of many shared three-dimensional virtual worlds that people visit every day to work, learn, trade and play with others.",
        ),
        ("b", "virtual world", "A simulated place."),
        ("c", "model", "A shared three-dimensional model."),
        ("d", "scene", "A shared three-dimensional scene."),
        ("e", "map", "A shared three-dimensional map."),
    ]);
    let order = |q: &str| {
        let r = search(
            &index,
            &corpus,
            &Lexicon::with_clusters(&corpus, index.analyzer(), None),
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap();
        r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
    };
    // The description is compared with the definitions: the entry that says it all comes
    // first; *virtual world*, which has it only in its term, is still found.
    let described = order("shared three-dimensional virtual worlds");
    assert_eq!(described[0], "a", "{described:?}");
    assert!(described.contains(&"b".to_string()), "{described:?}");
    // Named alone, the term is the answer.
    assert_eq!(order("virtual world")[0], "b");
    assert_eq!(order("virtual worlds")[0], "b");
}

#[test]
fn only_words_the_index_lacks_are_taken_as_typos() {
    let (corpus, index, _dir) = small(&[
        ("a", "A persistent virtual world."),
        ("b", "A word of warning."),
        ("c", "An immersive space."),
    ]);
    let hit_ids = |q: &str| {
        let r = search(
            &index,
            &corpus,
            &Lexicon::with_clusters(&corpus, index.analyzer(), None),
            &SearchRequest::new(q),
            &Cancel::never(),
        )
        .unwrap();
        r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
    };
    // "world" is in the index: it is meant as typed and does not find "word".
    assert_eq!(hit_ids("world"), ["a"]);
    // "imersive" is not: it finds "immersive", and the snippet marks that word.
    let r = search(
        &index,
        &corpus,
        &Lexicon::with_clusters(&corpus, index.analyzer(), None),
        &SearchRequest::new("imersive"),
        &Cancel::never(),
    )
    .unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].id, "c");
    assert_eq!(r.hits[0].highlight.html, "An <mark>immersive</mark> space.");
    // A transposition is one edit, in the query and in the snippet alike.
    let r = search(
        &index,
        &corpus,
        &Lexicon::with_clusters(&corpus, index.analyzer(), None),
        &SearchRequest::new("persitsent"),
        &Cancel::never(),
    )
    .unwrap();
    assert_eq!(
        r.hits[0].highlight.html,
        "A <mark>persistent</mark> virtual world."
    );
}

#[test]
fn a_description_also_finds_what_its_best_hits_share_ranked_below_them() {
    let mut definitions = vec![
        (
            "a",
            "A shared persistent space where people meet through avatars.",
        ),
        (
            "b",
            "A shared space of persistent worlds whose avatars meet.",
        ),
        ("c", "A place where avatars meet and interact."),
    ];
    let unrelated = [
        ("d", "A kettle boils water."),
        ("e", "A printer prints paper."),
        ("f", "A lamp gives light."),
        ("g", "A clock shows the hour."),
        ("h", "A pump moves fluid."),
        ("i", "A valve stops a flow."),
    ];
    definitions.extend(unrelated);
    let (corpus, index, _dir) = small(&definitions);
    let lexicon = Lexicon::new(&corpus, index.analyzer());
    let r = search(
        &index,
        &corpus,
        &lexicon,
        &SearchRequest::new("shared persistent space"),
        &Cancel::never(),
    )
    .unwrap();
    let found = ids(&r);
    assert_eq!(&found[..2], ["a", "b"], "{found:?}");
    assert_eq!(found.get(2), Some(&"c"), "{found:?}");
    assert_eq!(
        found.len(),
        3,
        "no unrelated entry: {:?}",
        r.hits
            .iter()
            .map(|h| (&h.id, h.score, &h.via))
            .collect::<Vec<_>>()
    );
    let c = &r.hits[2];
    assert!(c.score < r.hits[1].score);
    assert!(
        c.via
            .iter()
            .any(|v| v.starts_with("feedback: ") && v.contains("avatars") && v.contains("meet")),
        "{:?}",
        c.via
    );
    // A word alone is a lookup: no feedback.
    let one = search(
        &index,
        &corpus,
        &lexicon,
        &SearchRequest::new("shared"),
        &Cancel::never(),
    )
    .unwrap();
    assert_eq!(ids(&one), ["a", "b"]);
}
