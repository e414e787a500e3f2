use super::import::read_tbx;
use super::*;
use crate::analysis::Analyzer;
use crate::concepts::Concepts;
use crate::model::{Collection, Entry, Source, Status};
use std::path::Path;

fn small() -> (Corpus, Concepts) {
    let entry = |id: &str, term: &str, def: &str, lang: &str| Entry {
        id: id.into(),
        collection: Collection::Vocabulary,
        term: term.into(),
        definition: def.into(),
        notes: vec!["NOTE – a <note> & more".into()],
        abbreviation: Some("XR".into()).filter(|_| term == "extended reality"),
        status: Status::Admitted,
        kind: None,
        year: Some(2024),
        lang: lang.into(),
        source: Source {
            document: Some("3GPP TR 26.928".into()),
            ..Source::default()
        },
        flags: vec![],
    };
    let corpus = Corpus::from_parts(
        vec![
            entry(
                "xr",
                "extended reality",
                "All real-and-virtual combined environments.",
                "en",
            ),
            entry(
                "mv-it",
                "metaverse",
                "un metaverso è una combinazione di spazi virtuali",
                "it",
            ),
        ],
        vec![],
    )
    .unwrap();
    let analyzer = Analyzer::new(&corpus);
    let concepts = Concepts::build(&corpus, &analyzer);
    (corpus, concepts)
}

fn export_to_string(format: Format) -> String {
    let (corpus, concepts) = small();
    let mut out = Vec::new();
    export(&corpus, &concepts, &ExportOptions::new(format), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn tbx_escapes_text_and_reads_back() {
    let tbx = export_to_string(Format::Tbx);
    assert!(tbx.contains("NOTE – a &lt;note&gt; &amp; more"), "{tbx}");
    assert!(
        tbx.contains("<termNote type=\"termType\">abbreviation</termNote>"),
        "{tbx}"
    );
    assert!(tbx.contains("<langSec xml:lang=\"it\">"), "{tbx}");
    let back = read_tbx(Path::new("x.tbx"), &tbx, Collection::Vocabulary).unwrap();
    assert_eq!(back.entries.len(), 2);
    assert_eq!(
        back.entries[1].notes,
        vec!["NOTE – a <note> & more".to_string()]
    );
}

#[test]
fn the_reader_never_panics_on_a_cut_or_damaged_file() {
    let tbx = export_to_string(Format::Tbx);
    let with_bom = format!("\u{feff}{tbx}");
    assert!(read_tbx(Path::new("x.tbx"), &with_bom, Collection::Vocabulary).is_ok());
    for cut in (0..tbx.len())
        .step_by(7)
        .filter(|&i| tbx.is_char_boundary(i))
    {
        let _ = read_tbx(Path::new("x.tbx"), &tbx[..cut], Collection::Vocabulary);
    }
    let err = read_tbx(
        Path::new("x.tbx"),
        &tbx.replace("fullForm", "fullform"),
        Collection::Vocabulary,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("x.tbx:"), "{err}");
    assert!(
        err.contains("termNote termType 'fullform' is not allowed"),
        "{err}"
    );
}

#[test]
fn skos_turtle_has_language_tags_and_a_scheme() {
    let ttl = export_to_string(Format::Skos);
    assert!(ttl.contains("skos:ConceptScheme"), "{ttl}");
    assert!(ttl.contains("\"metaverse\"@it"), "{ttl}");
    assert!(
        ttl.contains("skos:prefLabel \"extended reality\"@en"),
        "{ttl}"
    );
    assert!(ttl.contains("skos:altLabel \"XR\"@en"), "{ttl}");
}

#[test]
fn csv_rows_keep_the_header_order_and_quote_per_rfc_4180() {
    let csv = export_to_string(Format::Csv);
    let first = csv.lines().next().unwrap();
    assert_eq!(first, super::csv::HEADER.join(","));
    assert!(csv.contains("\r\n"), "CRLF line ends");
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), 2);
}

#[test]
fn an_unknown_format_names_the_accepted_ones() {
    let err = "pdf".parse::<Format>().unwrap_err();
    assert_eq!(
        err,
        "unknown format 'pdf'; expected one of: tbx, skos, skos-jsonld, jsonld, csv"
    );
}
