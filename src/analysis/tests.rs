use super::*;

fn terms(analyzer: &Analyzer, text: &str) -> Vec<String> {
    analyzer
        .terms(text, "en")
        .into_iter()
        .map(|t| t.term)
        .collect()
}

fn registry() -> Analyzer {
    Analyzer::with_abbreviations([
        ("XR", "Extended Reality"),
        ("AR", "Augmented Reality"),
        ("IoT", "Internet of things"),
        ("A-DACM", "Application - Digital Asset Container Management"),
        ("XR", "VR + AR + MR"),
    ])
}

#[test]
fn three_d_is_one_term_however_it_is_written() {
    let a = Analyzer::default();
    for text in [
        "3D worlds",
        "3-D worlds",
        "three-dimensional worlds",
        "Three dimensional worlds",
    ] {
        assert_eq!(terms(&a, text), vec!["3d", "world"], "{text}");
    }
}

#[test]
fn real_time_and_real_hyphen_time_are_the_same_terms() {
    let a = Analyzer::default();
    assert_eq!(
        terms(&a, "real-time rendering"),
        terms(&a, "real time rendering")
    );
}

#[test]
fn an_abbreviation_and_its_expansion_share_a_token() {
    let a = registry();
    assert_eq!(terms(&a, "XR devices"), vec!["xr", "devic"]);
    let expanded = a.terms("extended reality devices", "en");
    let xr = expanded
        .iter()
        .find(|t| t.term == "xr")
        .expect("stacked abbreviation");
    assert_eq!((xr.start, xr.end, xr.position, xr.span), (0, 16, 0, 2));
    assert!(expanded.iter().any(|t| t.term == "extend"));
    assert!(expanded.iter().any(|t| t.term == "realiti"));
}

#[test]
fn expansions_with_stop_words_and_hyphenated_abbreviations_match() {
    let a = registry();
    assert!(terms(&a, "the Internet of Things").contains(&"iot".to_string()));
    assert_eq!(terms(&a, "IoT"), vec!["iot"]);
    assert_eq!(terms(&a, "an A-DACM server"), vec!["adacm", "server"]);
}

#[test]
fn a_lower_case_word_is_not_taken_for_an_abbreviation() {
    let a = registry();
    assert_eq!(terms(&a, "ar"), vec!["ar"]);
    assert!(!a.is_registry_abbreviation("ar"));
    assert!(a.is_registry_abbreviation("AR"));
}

#[test]
fn stop_words_leave_position_gaps_and_offsets_point_into_the_text() {
    let a = Analyzer::default();
    let text = "An ecosystem of virtual worlds";
    let tokens = a.terms(text, "en");
    let got: Vec<_> = tokens
        .iter()
        .map(|t| (t.term.as_str(), t.position, &text[t.start..t.end]))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ecosystem", 1, "ecosystem"),
            ("virtual", 3, "virtual"),
            ("world", 4, "worlds")
        ]
    );
}

#[test]
fn italian_text_is_folded_but_not_stemmed_or_stop_worded_as_english() {
    let a = Analyzer::default();
    let got = terms_lang(&a, "Il Metaverso è un mondo virtuale", "it");
    assert_eq!(got, vec!["il", "metaverso", "è", "un", "mondo", "virtuale"]);
}

#[test]
fn japanese_text_keeps_its_own_words() {
    let a = Analyzer::default();
    let got = terms_lang(&a, "メタバースは仮想空間", "ja");
    assert_eq!(got[0], "メタバース");
    assert!(got.contains(&"仮".to_string()));
}

fn terms_lang(a: &Analyzer, text: &str, lang: &str) -> Vec<String> {
    a.terms(text, lang).into_iter().map(|t| t.term).collect()
}

#[test]
fn the_tantivy_tokenizer_emits_the_pipeline_terms() {
    use tantivy::tokenizer::{TokenStream, Tokenizer};
    let mut tok = tokenizer::PipelineTokenizer::english(registry());
    let mut stream = tok.token_stream("Extended reality worlds");
    let mut seen = Vec::new();
    while stream.advance() {
        let t = stream.token();
        seen.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
    }
    assert_eq!(
        seen,
        vec![
            ("xr".into(), 0, 0, 16),
            ("extend".into(), 0, 0, 8),
            ("realiti".into(), 1, 9, 16),
            ("world".into(), 2, 17, 23)
        ]
    );
}
