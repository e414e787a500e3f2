use super::*;
use crate::corpus::concepts::parse;
use crate::model::{Abbreviation, Collection, Entry, Source};
use std::path::Path;

fn entry(id: &str, term: &str, definition: &str, document: &str) -> Entry {
    Entry {
        id: id.into(),
        collection: Collection::Vocabulary,
        term: term.into(),
        definition: definition.into(),
        notes: vec![],
        abbreviation: None,
        status: Status::Admitted,
        kind: None,
        year: None,
        lang: "en".into(),
        source: Source {
            document: Some(document.into()),
            ..Source::default()
        },
        flags: vec![],
    }
}

fn build(
    entries: Vec<Entry>,
    abbreviations: Vec<Abbreviation>,
    curation: &str,
) -> (Corpus, Concepts) {
    let mut corpus = Corpus::from_parts(entries, abbreviations).unwrap();
    if !curation.is_empty() {
        let c = parse(Path::new("corpus/concepts/test.toml"), curation).unwrap();
        corpus = corpus.with_concept_curation(c);
    }
    let analyzer = Analyzer::new(&corpus);
    let concepts = Concepts::build(&corpus, &analyzer);
    (corpus, concepts)
}

fn concept_of<'a>(corpus: &Corpus, concepts: &'a Concepts, id: &str) -> &'a Concept {
    concepts.of_entry(corpus.position(id).unwrap()).unwrap()
}

#[test]
fn homonyms_that_only_share_a_spelling_stay_apart() {
    let (corpus, concepts) = build(
        vec![
            entry(
                "region--vwrap",
                "region",
                "The set of data maintained by a simulator.",
                "IETF VWRAP",
            ),
            entry(
                "region--geo",
                "Region",
                "A part of the surface of the Earth with common features.",
                "Atlas",
            ),
        ],
        vec![],
        "",
    );
    let a = concept_of(&corpus, &concepts, "region--vwrap");
    let b = concept_of(&corpus, &concepts, "region--geo");
    assert_ne!(a.id, b.id);
    assert_eq!(a.id, "region--vwrap");
    assert_eq!(b.id, "region--geo");
    assert_eq!(concepts.by_norm("region").len(), 2);
}

#[test]
fn copies_and_near_copies_of_a_definition_are_one_concept_across_spellings() {
    let (corpus, concepts) = build(
        vec![
            entry(
                "ar--a",
                "Augmented Reality",
                "An environment containing both real and virtual sensory components. The augmented reality continuum runs from virtual content that is clearly overlaid on a real environment (assisted reality) to virtual content that is seamlessly integrated and interacts with a real environment (mixed reality).",
                "ITU 2023",
            ),
            entry(
                "ar--b",
                "augmented reality",
                "An environment containing real and virtual sensory components. The augmented reality continuum runs from virtual content that is clearly overlaid on a real environment (assisted reality) to virtual content that is seamlessly integrated and interacts with a real environment (mixed reality).",
                "ITU 2024",
            ),
            entry(
                "ar--c",
                "Augmented realities",
                "An environment containing both real and virtual sensory components. The augmented reality continuum runs from virtual content that is clearly overlaid on a real environment (assisted reality) to virtual content that is seamlessly integrated and interacts with a real environment (mixed reality).",
                "ITU 2025",
            ),
            entry(
                "ar--d",
                "Augmented Reality",
                "Additional information overlaid on the user's view of the real world.",
                "3GPP",
            ),
        ],
        vec![],
        "",
    );
    let a = concept_of(&corpus, &concepts, "ar--a");
    assert_eq!(a.definitions.len(), 3, "{a:#?}");
    assert_eq!(a.label(), "Augmented Reality");
    assert_eq!(
        a.preferred().sources,
        vec!["ITU 2023", "ITU 2024", "ITU 2025"]
    );
    assert_ne!(a.id, concept_of(&corpus, &concepts, "ar--d").id);
}

#[test]
fn abbreviations_are_designations_of_the_concept_their_expansion_names() {
    let mut xr = entry(
        "xr--a",
        "Extended reality",
        "All real-and-virtual combined environments.",
        "3GPP",
    );
    xr.abbreviation = Some("XR".into());
    let (corpus, concepts) = build(
        vec![xr],
        vec![
            Abbreviation {
                abbreviation: "XR".into(),
                expansion: "Extended Reality".into(),
                source_document: Some("3GPP TS 26.113".into()),
                seen_at: None,
            },
            Abbreviation {
                abbreviation: "XR".into(),
                expansion: "VR + AR + MR".into(),
                source_document: Some("OpenXR".into()),
                seen_at: None,
            },
            Abbreviation {
                abbreviation: "HMD".into(),
                expansion: "Head-Mounted Display".into(),
                source_document: Some("3GPP TS 26.113".into()),
                seen_at: None,
            },
        ],
        "",
    );
    let c = concept_of(&corpus, &concepts, "xr--a");
    let xr = c.designations.iter().find(|d| d.text == "XR").unwrap();
    assert_eq!(xr.kind, DesignationType::Abbreviation);
    assert_eq!(xr.sources, vec!["3GPP", "3GPP TS 26.113", "OpenXR"]);
    assert_eq!(concepts.len(), 2);
    let hmd = concepts.get("head-mounted-display").unwrap();
    assert_eq!(hmd.grouping, Grouping::Abbreviation);
    assert_eq!(hmd.designations[1].text, "HMD");
}

#[test]
fn curation_wins_over_the_computed_grouping() {
    let (corpus, concepts) = build(
        vec![
            entry(
                "cv--a",
                "CitiVerse",
                "Application of metaverse in urban spaces.",
                "FG-MV LS42",
            ),
            entry(
                "cv--b",
                "Citiverse",
                "Urban digital twins and virtual worlds used by cities.",
                "ITU 2025",
            ),
            entry(
                "b1",
                "metaverse",
                "A massively scaled network of 3D worlds.",
                "Ball 2021",
            ),
            entry(
                "b2",
                "metaverse",
                "A massively scaled and interoperable network of real-time rendered 3D virtual worlds.",
                "Ball 2022",
            ),
        ],
        vec![],
        "[[concept]]\nid = \"citiverse\"\nreason = \"one notion\"\nentries = [\"cv--a\", \"cv--b\"]\ndefinition = \"cv--a\"\nrelated = [\"b1\"]\n\n[[concept.designation]]\nterm = \"CitiVerse\"\nstatus = \"preferred\"\n\n[[concept.designation]]\nterm = \"Citiverse\"\ntype = \"variant\"\nstatus = \"deprecated\"\nreplaced_by = \"CitiVerse\"\n\n[[succession]]\nentries = [\"b1\", \"b2\"]\nreason = \"versions\"\n",
    );
    let c = concepts.get("citiverse").unwrap();
    assert_eq!(c.definitions.len(), 2);
    assert!(c.definitions[0].preferred);
    assert_eq!(c.designations[0].text, "CitiVerse");
    assert_eq!(c.designations[0].status, Status::Preferred);
    assert_eq!(c.designations[1].status, Status::Deprecated);
    assert_eq!(c.designations[1].replaced_by.as_deref(), Some("CitiVerse"));
    let ball = concept_of(&corpus, &concepts, "b1");
    assert_eq!(ball.definitions.len(), 2, "a succession is one concept");
    let b1 = corpus.position("b1").unwrap();
    let b2 = corpus.position("b2").unwrap();
    let older = ball.definitions.iter().find(|d| d.entry == b1).unwrap();
    assert_eq!(older.superseded_by, Some(b2));
    // The relation is there both ways.
    assert_eq!(c.relations[0].kind, RelationKind::Related);
    assert_eq!(concepts.all()[c.relations[0].target].id, ball.id);
    assert_eq!(concepts.all()[ball.relations[0].target].id, "citiverse");
}

#[test]
fn ids_are_the_same_on_every_build() {
    let make = || {
        build(
            vec![
                entry("x--1", "avatar", "A rendered digital human.", "MPAI"),
                entry(
                    "x--2",
                    "avatar",
                    "The user's visual representation.",
                    "VWRAP",
                ),
            ],
            vec![],
            "",
        )
        .1
        .all()
        .iter()
        .map(|c| c.id.clone())
        .collect::<Vec<_>>()
    };
    assert_eq!(make(), vec!["avatar--x--1", "avatar--x--2"]);
    assert_eq!(make(), make());
}

#[test]
fn the_prefix_filtered_join_finds_exactly_the_pairs_a_full_comparison_finds() {
    // 200 sets: families of near-copies (one token changed) among unrelated sets.
    let mut sigs: Vec<Vec<u64>> = Vec::new();
    let mut x: u64 = 7;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    for _family in 0..50 {
        let len = 10 + (next() % 30) as usize;
        let base: Vec<u64> = (0..len).map(|_| next() % 5000).collect();
        for copy in 0..4 {
            let mut s = base.clone();
            if copy > 0 {
                s[copy % len] = 10_000 + next() % 1000;
            }
            s.sort_unstable();
            s.dedup();
            sigs.push(s);
        }
    }
    let brute: Vec<(usize, usize)> = (0..sigs.len())
        .flat_map(|i| (i + 1..sigs.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| grouping::agreement_of(&sigs[i], &sigs[j]) >= AGREEMENT)
        .collect();
    assert!(!brute.is_empty());
    assert_eq!(grouping::agreeing_pairs(&sigs), brute);
}

/// The threshold is measured on the corpus: pairs of entries with one designation either agree
/// almost word for word or are worded otherwise, with a gap around [`AGREEMENT`]. If new
/// entries fall into the gap, the threshold needs measuring again (QUALITY.md, issue 12).
#[test]
fn the_agreement_threshold_sits_in_the_gap_of_the_real_corpus() {
    let corpus =
        Corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap();
    let analyzer = Analyzer::new(&corpus);
    let mut by_norm: std::collections::BTreeMap<String, Vec<&Entry>> = Default::default();
    for e in corpus.entries() {
        by_norm
            .entry(grouping::norm(&analyzer, &e.term))
            .or_default()
            .push(e);
    }
    let mut scores = Vec::new();
    for group in by_norm.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                scores.push(grouping::agreement(&analyzer, &a.definition, &b.definition));
            }
        }
    }
    let above = scores.iter().filter(|&&s| s >= AGREEMENT).count();
    let lowest_above = scores
        .iter()
        .copied()
        .filter(|&s| s >= AGREEMENT)
        .fold(1.0, f64::min);
    let highest_below = scores
        .iter()
        .copied()
        .filter(|&s| s < AGREEMENT)
        .fold(0.0, f64::max);
    eprintln!(
        "{} pairs; {above} agree (lowest {lowest_above:.3}); highest below {highest_below:.3}",
        scores.len()
    );
    assert!(
        lowest_above >= 0.95 && highest_below <= 0.85,
        "{lowest_above} / {highest_below}"
    );
}
