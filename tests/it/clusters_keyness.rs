//! The keyness measure validated on real standards text it never sees at run time: the words
//! every ITU-T sample document uses (the everyday language of standards) are, for the most
//! part, no characteristics of the metaverse definitions.

use super::helpers::{root, shared_dir};
use mvterms::analysis::normalize::{EnglishStemmer, fold};
use mvterms::analysis::segment;
use mvterms::clusters::Clusters;
use mvterms::clusters::forms::form_key;
use mvterms::corpus::Corpus;
use mvterms::corpus::curated::CuratedClusters;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn words_common_to_all_itu_samples_are_mostly_not_characteristics() {
    let Some(samples) = shared_dir("samples/itu") else {
        return;
    };
    let stemmer = EnglishStemmer::default();
    let key = |w: &str| {
        let f = fold(w);
        form_key(&stemmer.stem(&f), &f)
    };
    // Form → number of sample documents using it.
    let mut documents: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0;
    for dir in std::fs::read_dir(&samples).unwrap() {
        let path = dir.unwrap().path().join("en.adoc");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        n += 1;
        let forms: BTreeSet<String> = segment::words(&text)
            .iter()
            .filter(|w| w.text.chars().all(char::is_alphabetic) && w.text.len() > 2)
            .map(|w| key(w.text))
            .collect();
        for f in forms {
            *documents.entry(f).or_default() += 1;
        }
    }
    assert!(
        n >= 5,
        "only {n} ITU samples read from {}",
        samples.display()
    );
    let common: BTreeSet<&str> = documents
        .iter()
        .filter(|&(_, &d)| d * 4 >= n * 3)
        .map(|(f, _)| f.as_str())
        .collect();

    let corpus = Corpus::load(&root().join("corpus"))
        .unwrap()
        .with_curated_clusters(CuratedClusters::default());
    let c = Clusters::compute(&corpus);
    // The single-word forms the computation made characteristics of, and those it left out.
    let characteristic: BTreeSet<String> = c
        .clusters
        .iter()
        .flat_map(|x| x.terms.iter())
        .filter(|t| !t.term.contains(' '))
        .map(|t| key(&t.term))
        .collect();
    let left_out: BTreeSet<String> = c
        .left_out
        .iter()
        .filter(|l| l.reason != "inside_term")
        .map(|l| key(&l.term))
        .collect();
    let judged: Vec<&str> = common
        .iter()
        .copied()
        .filter(|f| characteristic.contains(*f) || left_out.contains(*f))
        .collect();
    let kept: Vec<&str> = judged
        .iter()
        .copied()
        .filter(|f| characteristic.contains(*f))
        .collect();
    assert!(judged.len() >= 30, "{judged:?}");
    let share = kept.len() as f64 / judged.len() as f64;
    eprintln!(
        "{} of {} words common to the ITU samples are characteristics: {kept:?}",
        kept.len(),
        judged.len()
    );
    assert!(share <= 0.2, "{share:.2}: {kept:?}");
}
