//! Clusters of small corpora whose right answer is known, and properties on the real corpus.

use super::*;
use crate::corpus::curated::{CuratedCluster, CuratedClusters, CuratedTerm};
use crate::model::{Abbreviation, Kind};

/// An English entry.
pub(crate) fn entry(
    id: &str,
    collection: Collection,
    term: &str,
    kind: Option<Kind>,
    definition: &str,
) -> Entry {
    Entry {
        id: id.into(),
        collection,
        term: term.into(),
        definition: definition.into(),
        notes: vec![],
        abbreviation: None,
        status: Default::default(),
        kind,
        year: None,
        lang: "en".into(),
        source: Default::default(),
        flags: vec![],
    }
}

fn abbreviation(short: &str, long: &str) -> Abbreviation {
    Abbreviation {
        abbreviation: short.into(),
        expansion: long.into(),
        source_document: None,
        seen_at: None,
    }
}

/// Seven definitions of *metaverse* (two academic, three industry, two standards, one of them a
/// characterisation), one definition of *virtual world*, and vocabulary whose sentences show
/// that "world", "space", "environment" take the same modifiers, and "reality" partly.
pub(crate) fn small_corpus() -> Corpus {
    use Collection::{Metaverse as M, Vocabulary as V};
    use Kind::{Academic as A, Industry as I, Standards as S};
    let mut s2 = entry("s2", M, "metaverse", Some(S), "The metaverse is immersive.");
    s2.flags = vec!["characterisation".into()];
    let entries = vec![
        entry(
            "a1",
            M,
            "metaverse",
            Some(A),
            "An immersive virtual world for users.",
        ),
        entry(
            "a2",
            M,
            "metaverse",
            Some(A),
            "Immersion of users in a shared virtual space.",
        ),
        entry(
            "a3",
            M,
            "metaverse",
            Some(A),
            "A virtual space for play in virtual reality.",
        ),
        entry(
            "i1",
            M,
            "metaverse",
            Some(I),
            "A 3D virtual environment with AR.",
        ),
        entry(
            "i2",
            M,
            "metaverse",
            Some(I),
            "A three-dimensional virtual world offering augmented reality to people.",
        ),
        entry(
            "i3",
            M,
            "metaverse",
            Some(I),
            "Social virtual environments and VR.",
        ),
        entry(
            "s1",
            M,
            "metaverse",
            Some(S),
            "A persistent virtual world where people meet.",
        ),
        s2,
        entry("vw", M, "virtual world", Some(S), "A persistent 3D space."),
        entry(
            "v1",
            V,
            "place",
            None,
            "A digital world, a digital space, a digital environment or a digital reality.",
        ),
        entry(
            "v2",
            V,
            "room",
            None,
            "A shared world, a shared space, a shared environment.",
        ),
        entry(
            "v3",
            V,
            "site",
            None,
            "An online world, an online space, an online environment; a mixed reality.",
        ),
    ];
    Corpus::from_parts(
        entries,
        vec![
            abbreviation("AR", "augmented reality"),
            abbreviation("VR", "virtual reality"),
        ],
    )
    .unwrap()
}

fn cluster<'a>(c: &'a Clusters, label: &str) -> &'a Cluster {
    c.clusters
        .iter()
        .find(|x| x.label == label)
        .unwrap_or_else(|| {
            panic!(
                "no cluster '{label}' in {:?}",
                c.clusters.iter().map(|x| &x.label).collect::<Vec<_>>()
            )
        })
}

fn row<'a>(c: &'a Cluster, term: &str) -> &'a ClusterTerm {
    c.terms
        .iter()
        .find(|t| t.term == term)
        .unwrap_or_else(|| panic!("no term '{term}' in cluster '{}': {:?}", c.label, c.terms))
}

#[test]
fn runs_with_the_same_modifier_and_alike_heads_form_one_concept() {
    let c = Clusters::compute(&small_corpus());
    let vw = cluster(&c, "virtual world");
    assert_eq!(row(vw, "virtual world").reason, Reason::Label);
    for term in ["virtual space", "virtual environment"] {
        let r = row(vw, term);
        assert_eq!(r.reason, Reason::Distributional, "{r:?}");
        assert!(r.why.contains("same modifier 'virtual'"), "{}", r.why);
    }
    assert_eq!(row(vw, "virtual environments").reason, Reason::SameStem);
    assert_eq!(vw.entries, ["a1", "a2", "a3", "i1", "i2", "i3", "s1"]);
    assert_eq!(vw.count, 7);
    assert_eq!(vw.share, 1.0);
}

#[test]
fn two_terms_the_registry_defines_apart_are_never_joined_by_similarity() {
    let c = Clusters::compute(&small_corpus());
    let vr = cluster(&c, "virtual reality");
    assert!(vr.terms.iter().all(|t| !t.term.contains("world")), "{vr:?}");
    assert_eq!(row(vr, "vr").reason, Reason::RegistryAbbreviation);
    assert_eq!(
        row(vr, "vr").why,
        "registry abbreviation: VR = virtual reality"
    );
    assert_eq!(vr.entries, ["a3", "i3"]);
}

#[test]
fn stems_spellings_and_abbreviations_each_say_why() {
    let c = Clusters::compute(&small_corpus());
    let immersive = cluster(&c, "immersive");
    assert_eq!(row(immersive, "immersion").reason, Reason::SameStem);
    assert_eq!(row(immersive, "immersion").why, "same stem as 'immersive'");
    assert_eq!(immersive.entries, ["a1", "a2", "s2"]);

    let three_d = cluster(&c, "3d");
    assert_eq!(
        row(three_d, "three-dimensional").reason,
        Reason::SpellingVariant
    );
    assert_eq!(three_d.entries, ["i1", "i2", "vw"]);

    let ar = cluster(&c, "augmented reality");
    assert_eq!(row(ar, "ar").reason, Reason::RegistryAbbreviation);
    assert_eq!(ar.entries, ["i1", "i2"]);
}

#[test]
fn share_counts_metaverse_definitions_only_and_says_what_it_left_out() {
    let c = Clusters::compute(&small_corpus());
    assert_eq!(c.base.definitions, 7);
    let excluded: Vec<_> = c.base.excluded.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(excluded, ["s2", "vw"]);
    assert!(c.base.excluded[0].reason.contains("characterisation"));
    // immersive: a1, a2 count; s2 is a characterisation.
    let immersive = cluster(&c, "immersive");
    assert_eq!((immersive.count, immersive.share), (2, 0.2857));
    assert_eq!(immersive.by_kind["academic"].expressing, 2);
    assert_eq!(immersive.by_kind["academic"].definitions, 3);
    assert_eq!(immersive.by_kind["academic"].share, 0.6667);
    assert_eq!(immersive.by_kind["industry"].expressing, 0);
    assert_eq!(c.base.by_kind["industry"], 3);
    assert_eq!(c.base.by_kind["standards_government"], 1);
}

#[test]
fn the_words_of_the_defined_term_are_not_characteristics_of_its_definition() {
    let c = Clusters::compute(&small_corpus());
    // "A persistent 3D space." defines "virtual world": it does not express the cluster by
    // the words "virtual" or "world", and "metaverse" is nowhere a cluster.
    assert!(
        !cluster(&c, "virtual world")
            .entries
            .contains(&"vw".to_string())
    );
    assert!(c.clusters.iter().all(|x| x.label != "metaverse"));
}

#[test]
fn a_word_inside_a_concept_run_counts_for_the_run_only() {
    let c = Clusters::compute(&small_corpus());
    let reading = c.read_text("a virtual world and a virtual space", "en");
    let labels: Vec<_> = c
        .refs(&reading.characteristics)
        .into_iter()
        .map(|r| r.label)
        .collect();
    assert_eq!(labels, ["virtual world"]);
}

#[test]
fn the_same_corpus_gives_the_same_clusters() {
    let corpus = small_corpus();
    let a = serde_json::to_string(&Clusters::compute(&corpus)).unwrap();
    let b = serde_json::to_string(&Clusters::compute(&corpus)).unwrap();
    assert_eq!(a, b);
}

fn curated(clusters: Vec<(&str, Option<&str>, &[&str])>, ignore: &[&str]) -> CuratedClusters {
    let term = |t: &&str| CuratedTerm {
        text: t.to_string(),
        line: 1,
    };
    CuratedClusters {
        clusters: clusters
            .into_iter()
            .enumerate()
            .map(|(i, (label, id, terms))| CuratedCluster {
                id: id.map(str::to_string),
                label: label.into(),
                terms: terms.iter().map(term).collect(),
                note: Some("editors' decision".into()),
                line: 10 + i,
            })
            .collect(),
        ignore: ignore.iter().map(term).collect(),
    }
}

#[test]
fn the_editors_can_merge_split_pin_and_ignore_and_they_win() {
    let corpus = small_corpus().with_curated_clusters(curated(
        vec![
            ("participants", Some("participants"), &["users", "people"]),
            ("virtual space", None, &["virtual spaces"]),
        ],
        &["meet"],
    ));
    let c = Clusters::compute(&corpus);
    // Merged: users (a1, a2) and people (i2, s1).
    let p = c.get("participants").expect("pinned id");
    assert!(p.curated);
    assert_eq!(p.entries, ["a1", "a2", "i2", "s1"]);
    assert_eq!(row(p, "people").reason, Reason::Curated);
    assert!(row(p, "people").why.contains("clusters.toml:1)"));
    assert!(
        c.clusters
            .iter()
            .all(|x| x.label != "users" && x.label != "people")
    );
    // Split off "virtual space" from "virtual world".
    let space = cluster(&c, "virtual space");
    assert_eq!(space.entries, ["a2", "a3"]);
    assert!(
        cluster(&c, "virtual world")
            .terms
            .iter()
            .all(|t| !t.term.starts_with("virtual space"))
    );
    // Ignored.
    assert!(
        c.clusters
            .iter()
            .all(|x| x.terms.iter().all(|t| t.term != "meet"))
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn a_curated_term_no_text_can_contain_is_reported_not_fatal() {
    let corpus = small_corpus().with_curated_clusters(curated(
        vec![("presence", None, &["sense of presence", "presence"])],
        &[],
    ));
    let c = Clusters::compute(&corpus);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(
        c.warnings[0].contains("'sense of presence'"),
        "{}",
        c.warnings[0]
    );
}

#[test]
fn fgmv20_coverage_lists_what_a_definition_expresses_and_lacks() {
    let mut corpus_entries: Vec<Entry> = small_corpus().entries().to_vec();
    corpus_entries.push(entry(
        FGMV20_ID,
        Collection::Metaverse,
        "metaverse",
        Some(Kind::Standards),
        "An immersive virtual world for users, creating value.",
    ));
    let corpus = Corpus::from_parts(corpus_entries, vec![]).unwrap();
    let c = Clusters::compute(&corpus);
    let f = c.fgmv20.as_ref().unwrap();
    let labels: Vec<_> = f.characteristics.iter().map(|r| r.label.as_str()).collect();
    // "creating" and "value" are FGMV-20's own words: characteristics though nobody else uses them.
    assert_eq!(labels.len(), 5, "{labels:?}");
    for l in ["virtual world", "immersive", "users", "creating", "value"] {
        assert!(labels.contains(&l), "{l} in {labels:?}");
    }
    let s1 = c.coverage.iter().find(|e| e.id == "s1").unwrap();
    let cov = s1.fgmv20.as_ref().unwrap();
    assert_eq!(
        cov.expresses
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>(),
        ["virtual world"]
    );
    assert_eq!(cov.lacks.len(), 4);
    assert_eq!(cov.share, 0.2);
    assert!(cov.adds.iter().any(|r| r.label == "persistent"));
}

#[test]
fn reading_a_text_without_words_finds_nothing_and_does_not_fail() {
    let c = Clusters::compute(&small_corpus());
    for text in ["", "   ", "!!! ???", "メタバース"] {
        let r = c.read_text(text, "en");
        assert!(r.characteristics.is_empty(), "{text}");
    }
}

mod real_corpus {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn real() -> &'static (Corpus, Clusters) {
        static REAL: OnceLock<(Corpus, Clusters)> = OnceLock::new();
        REAL.get_or_init(|| {
            let corpus =
                Corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
                    .unwrap();
            let clusters = Clusters::compute(&corpus);
            (corpus, clusters)
        })
    }

    fn group_of<'a>(c: &'a Clusters, term: &str) -> &'a Cluster {
        c.clusters
            .iter()
            .find(|x| {
                x.terms
                    .iter()
                    .any(|t| t.term == term && t.reason != Reason::PhraseOf)
            })
            .unwrap_or_else(|| panic!("no cluster holds '{term}'"))
    }

    #[test]
    fn the_concepts_the_issue_names_are_one_cluster_each() {
        let (_, c) = real();
        for together in [
            &["immersive", "immersion"][..],
            &["virtual world", "virtual environment", "virtual space"],
            &["3d", "three-dimensional"],
            &["ar", "augmented reality"],
        ] {
            let first = group_of(c, together[0]);
            for term in &together[1..] {
                assert_eq!(
                    group_of(c, term).id,
                    first.id,
                    "{term} with {}",
                    together[0]
                );
            }
        }
        // And distinct concepts stay apart.
        assert_ne!(
            group_of(c, "virtual world").id,
            group_of(c, "virtual reality").id
        );
        assert_ne!(group_of(c, "ar").id, group_of(c, "vr").id);
    }

    #[test]
    fn shares_are_fractions_of_the_metaverse_definitions_and_sorted() {
        let (corpus, c) = real();
        let defining_metaverse = corpus
            .collection(Collection::Metaverse)
            .filter(|e| e.term.eq_ignore_ascii_case("metaverse"))
            .count();
        assert_eq!(defining_metaverse, 142);
        // 142, less 8 characterisations and 2 texts not in English.
        assert_eq!(c.base.definitions, 132);
        for x in &c.clusters {
            assert!((0.0..=1.0).contains(&x.share), "{}", x.label);
            assert!(x.count <= x.entries.len());
            assert!(!x.terms.is_empty());
        }
        assert!(c.clusters.windows(2).all(|w| w[0].count >= w[1].count));
        assert_eq!(c.clusters[0].label, "virtual world");
    }

    #[test]
    fn every_cluster_id_is_unique_and_every_term_says_why() {
        let (_, c) = real();
        let ids: BTreeSet<_> = c.clusters.iter().map(|x| &x.id).collect();
        assert_eq!(ids.len(), c.clusters.len());
        for x in &c.clusters {
            for t in &x.terms {
                assert!(!t.why.is_empty(), "{} / {}", x.label, t.term);
            }
        }
    }

    #[test]
    fn fgmv20_expresses_its_own_characteristics_fully() {
        let (corpus, c) = real();
        let f = c.fgmv20.as_ref().unwrap();
        let labels: Vec<_> = f.characteristics.iter().map(|r| r.label.as_str()).collect();
        for l in [
            "virtual world",
            "immersive",
            "users",
            "economic",
            "social",
            "cultural",
            "value",
        ] {
            assert!(labels.contains(&l), "{l} in {labels:?}");
        }
        let me = c.read_entry(corpus.get(FGMV20_ID).unwrap());
        assert_eq!(c.coverage_of(&me).unwrap().share, 1.0);
    }
}
