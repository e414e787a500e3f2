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
    assert_eq!(
        row(immersive, "immersion").why,
        "another form of 'immersive'"
    );
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
fn fgmv20_is_read_as_genus_and_delimiting_characteristics() {
    let mut corpus_entries: Vec<Entry> = small_corpus().entries().to_vec();
    let mut fgmv20 = entry(
        FGMV20_ID,
        Collection::Metaverse,
        "metaverse",
        Some(Kind::Standards),
        "An integrative ecosystem of virtual worlds making immersive experiences to users, \
         from persistent, immersive, shared and 3D perspectives.",
    );
    fgmv20.notes = vec!["NOTE – A metaverse can be associated with VR.".into()];
    corpus_entries.push(fgmv20);
    let corpus =
        Corpus::from_parts(corpus_entries, vec![abbreviation("VR", "virtual reality")]).unwrap();
    let c = Clusters::compute(&corpus);
    let f = c.fgmv20.as_ref().unwrap();
    let labels: Vec<_> = f.characteristics.iter().map(|r| r.label.as_str()).collect();
    // The genus, the constituents cut at "making", "to", "from" (never a function word), the
    // coordinated list as one, and the NOTE's characteristic.
    assert_eq!(
        labels,
        [
            "integrative ecosystem",
            "virtual worlds",
            "immersive experiences",
            "users",
            "persistent, immersive, shared and 3D perspectives",
            "VR"
        ],
        "{:#?}",
        f.characteristics
    );
    assert_eq!(f.genus, "integrative ecosystem");
    assert_eq!(f.characteristics[0].role, "genus");
    assert_eq!(f.characteristics[4].needs, 2);
    assert_eq!(f.characteristics[5].from, "note");
    // s1: "A persistent virtual world where people meet." expresses virtual worlds only: one
    // item of a list of four is not the list.
    let s1 = c.coverage.iter().find(|e| e.id == "s1").unwrap();
    let cov = s1.fgmv20.as_ref().unwrap();
    let expresses: Vec<_> = cov.expresses.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(expresses, ["virtual worlds"]);
    assert_eq!(cov.lacks.len(), 5);
    assert!(
        cov.summary
            .starts_with("expresses 1 of 6; lacks integrative ecosystem"),
        "{}",
        cov.summary
    );
    let me = c.read_entry(corpus.get(FGMV20_ID).unwrap());
    let mine = c.coverage_of(&me).unwrap();
    assert_eq!(mine.expresses.len(), 5, "{mine:?}");
    assert_eq!(f.summary.characteristics, 6);
    assert_eq!(
        f.summary.by_expressed.iter().sum::<usize>(),
        c.base.definitions
    );
}

#[test]
fn reading_a_text_without_words_finds_nothing_and_does_not_fail() {
    let c = Clusters::compute(&small_corpus());
    for text in ["", "   ", "!!! ???", "メタバース"] {
        let r = c.read_text(text, "en");
        assert!(r.characteristics.is_empty(), "{text}");
    }
}

/// Metaverse definitions only, English, academic.
fn corpus_of(definitions: &[&str]) -> Corpus {
    let entries = definitions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            entry(
                &format!("d{i}"),
                Collection::Metaverse,
                "metaverse",
                Some(Kind::Academic),
                d,
            )
        })
        .collect();
    Corpus::from_parts(entries, vec![]).unwrap()
}

fn holding<'a>(c: &'a Clusters, term: &str) -> Option<&'a Cluster> {
    c.clusters.iter().find(|x| {
        x.terms
            .iter()
            .any(|t| t.term == term && t.reason != Reason::PhraseOf)
    })
}

#[test]
fn synonyms_used_in_the_same_contexts_and_never_together_are_one_characteristic() {
    let c = Clusters::compute(&corpus_of(&[
        "A world that blends the physical and digital spaces seamlessly.",
        "A platform that blends the physical and digital objects quickly.",
        "An internet that blends the physical and digital lives.",
        "A world that merges the physical and digital spaces seamlessly.",
        "A platform that merges the physical and digital objects quickly.",
        "An internet that merges the physical and digital lives.",
    ]));
    let blend = holding(&c, "blends").expect("a characteristic holds 'blends'");
    assert_eq!(holding(&c, "merges").map(|x| &x.id), Some(&blend.id));
    let joined = blend
        .terms
        .iter()
        .find(|t| t.reason != Reason::Label)
        .expect("a second term");
    assert_eq!(joined.reason, Reason::SharedContexts, "{joined:?}");
    assert!(joined.why.contains("same contexts"), "{}", joined.why);
    // "physical" and "digital" are used alike too, but together and coordinated: two things.
    assert_ne!(
        holding(&c, "physical").map(|x| &x.id),
        holding(&c, "digital").map(|x| &x.id)
    );
}

#[test]
fn a_generic_word_a_framing_word_and_a_number_are_left_out() {
    // Keyness needs words to weigh: four definitions under test among forty others.
    let mut texts = vec![
        "Metaverse refers to an immersive world with many people, 2021.",
        "Metaverse refers to an immersive world with many users, 2021.",
        "The metaverse is defined as an immersive place with many avatars, 2021.",
        "The metaverse is defined as an immersive space with many shops.",
    ];
    texts.extend(std::iter::repeat_n(
        "A persistent, shared and interoperable virtual world of avatars, holograms and \
         synchronous immersive simulations.",
        40,
    ));
    let c = Clusters::compute(&corpus_of(&texts));
    let reason = |w: &str| {
        c.left_out
            .iter()
            .find(|l| l.term == w)
            .map(|l| l.reason.as_str())
            .unwrap_or_else(|| panic!("'{w}' not left out: {:?}", c.left_out))
    };
    assert_eq!(reason("many"), "general_english");
    assert_eq!(reason("refers"), "definition_frame");
    assert_eq!(reason("defined"), "definition_frame");
    assert_eq!(reason("2021"), "number");
    assert!(holding(&c, "immersive").is_some());
    for w in ["many", "refers", "defined", "2021"] {
        assert!(holding(&c, w).is_none(), "{w}");
    }
}

#[test]
fn forms_the_stemmer_merged_are_split_into_the_terms_they_belong_to() {
    // "generated" and "generation" have one stem; "computer-generated" and "next generation"
    // are two notions.
    let c = Clusters::compute(&corpus_of(&[
        "A computer-generated world.",
        "A computer-generated space.",
        "A computer-generated place.",
        "The next generation internet.",
        "The next generation web.",
        "The next generation platform.",
    ]));
    let generated = holding(&c, "computer-generated").expect("computer-generated");
    let generation = holding(&c, "next generation").expect("next generation");
    assert_ne!(generated.id, generation.id);
    assert_eq!(generated.entries, ["d0", "d1", "d2"]);
    assert_eq!(generation.entries, ["d3", "d4", "d5"]);
}

#[test]
fn the_kinds_a_definition_names_join_their_general_term() {
    let c = Clusters::compute(&corpus_of(&[
        "A world built with technologies such as blockchain and holography.",
        "A space reached through technologies, including blockchain or holography.",
        "A world of holography, blockchain or other technologies.",
    ]));
    let t = holding(&c, "technologies").expect("technologies");
    let b = row(t, "blockchain");
    assert_eq!(b.reason, Reason::KindOf, "{b:?}");
    assert!(b.why.contains("a kind of 'technologies'"), "{}", b.why);
    assert_eq!(row(t, "holography").reason, Reason::KindOf);
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
    fn the_concepts_the_issue_names_are_one_characteristic_each() {
        let (_, c) = real();
        for together in [
            &["immersive", "immersion", "presence"][..],
            &["virtual world", "virtual environment", "virtual space"],
            &["3d", "three-dimensional"],
            &["physical world", "real world", "physical reality"],
            &["convergence", "blend", "merge", "fusion"],
            &["augmented reality", "virtual reality", "technologies"],
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
        assert_ne!(
            group_of(c, "physical world").id,
            group_of(c, "convergence").id
        );
    }

    #[test]
    fn the_computation_alone_joins_what_the_corpus_shows() {
        let (corpus, _) = real();
        let c = Clusters::compute(
            &corpus
                .clone()
                .with_curated_clusters(CuratedClusters::default()),
        );
        for together in [
            &["immersive", "immersion"][..],
            &["virtual world", "virtual environment", "virtual space"],
            &["3d", "three-dimensional"],
            &["augmented reality", "ar", "technologies", "virtual reality"],
            &["social", "socialize", "socialization"],
            &["persistent", "persistently"],
        ] {
            let first = group_of(&c, together[0]);
            for term in &together[1..] {
                assert_eq!(
                    group_of(&c, term).id,
                    first.id,
                    "{term} with {}",
                    together[0]
                );
            }
        }
        // "world" and "virtual" are used mostly inside "virtual world": no characteristic.
        for word in ["world", "virtual"] {
            let l = c.left_out.iter().find(|l| l.term == word).unwrap();
            assert_eq!(l.reason, "inside_term", "{l:?}");
        }
        // Everyday English, the wording of definitions and numbers are no characteristics.
        for (word, reason) in [
            ("allows", "general_english"),
            ("like", "general_english"),
            ("many", "general_english"),
            ("today", "general_english"),
            ("new", "general_english"),
            ("term", "general_english"),
            ("refers", "definition_frame"),
            ("defined", "definition_frame"),
            ("2021", "number"),
        ] {
            let l = c
                .left_out
                .iter()
                .find(|l| l.term == word)
                .unwrap_or_else(|| panic!("'{word}' is not left out"));
            assert_eq!(l.reason, reason, "{l:?}");
            assert!(c.clusters.iter().all(|x| x.label != word));
        }
        // What the stemmer merged is split: "computer-generated" and "next-generation" are
        // different characteristics.
        assert_ne!(
            group_of(&c, "computer-generated").id,
            group_of(&c, "next-generation").id
        );
    }

    #[test]
    fn shares_are_fractions_of_the_metaverse_definitions_and_the_table_covers_them() {
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
            assert_eq!(x.expressions.len(), x.entries.len());
        }
        let table: Vec<_> = c.table().collect();
        assert!((12..=30).contains(&table.len()), "{}", table.len());
        assert!(c.table_coverage >= 0.9, "{}", c.table_coverage);
        // The table comes first, largest share first.
        assert!(c.clusters[..table.len()].iter().all(|x| x.in_table));
        assert!(table.windows(2).all(|w| w[0].count >= w[1].count));
        assert_eq!(c.clusters[0].id, "virtual-world");
        // Every expression points at the words of its definition.
        for x in &table {
            for e in &x.expressions {
                let d = &corpus.get(&e.id).unwrap().definition;
                for w in &e.words {
                    assert_eq!(&d[w.start..w.end], w.term, "{} in {}", w.term, e.id);
                }
            }
        }
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
    fn fgmv20_is_its_genus_and_delimiting_characteristics_never_function_words() {
        let (corpus, c) = real();
        let f = c.fgmv20.as_ref().unwrap();
        let labels: Vec<_> = f.characteristics.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "integrative ecosystem",
                "virtual worlds",
                "immersive experiences",
                "users",
                "modify pre-existing and create new value",
                "economic, environmental, social and cultural perspectives",
                "physical world"
            ]
        );
        for word in ["pre", "new", "offer", "existing", "modify", "perspectives"] {
            assert!(
                f.characteristics
                    .iter()
                    .all(|x| x.clusters.iter().all(|r| r.label != word))
            );
        }
        let me = c.read_entry(corpus.get(FGMV20_ID).unwrap());
        // Its NOTE is not in its definition.
        assert_eq!(c.coverage_of(&me).unwrap().expresses.len(), 6);
        let ball = c.coverage.iter().find(|e| e.id == "ball-2022").unwrap();
        let summary = &ball.fgmv20.as_ref().unwrap().summary;
        assert!(
            summary.starts_with("expresses 5 of 7; lacks integrative ecosystem, physical world"),
            "{summary}"
        );
        assert!(summary.contains("adds"), "{summary}");
        let s = &f.summary;
        assert_eq!(s.definitions, c.base.definitions);
        assert_eq!(s.by_expressed.iter().sum::<usize>(), s.definitions);
        assert!(
            s.at_least_half_share > 0.05 && s.at_least_half_share < 0.9,
            "{s:?}"
        );
    }
}

#[test]
fn a_corpus_past_the_bound_is_read_through_an_even_spread_of_it() {
    let corpus = small_corpus();
    let whole = Clusters::compute(&corpus);
    assert_eq!(whole.method.sampled_from, None);
    let options = ClusterOptions {
        max_entries: 6,
        ..ClusterOptions::default()
    };
    let sampled = Clusters::compute_with(&corpus, &Analyzer::new(&corpus), &options);
    assert_eq!(sampled.method.sampled_from, Some(corpus.entries().len()));
    assert!(
        sampled.method.analysed < whole.method.analysed,
        "{} of {}",
        sampled.method.analysed,
        whole.method.analysed
    );
    // The same sample every time.
    let again = Clusters::compute_with(&corpus, &Analyzer::new(&corpus), &options);
    assert_eq!(
        serde_json::to_string(&sampled).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}
