use mvterms::check::{draft, format};
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let f = std::path::Path::new(&path)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(format::Format::from_extension)
            .unwrap_or_else(|| format::Format::sniff(&bytes));
        match format::read(&bytes, f, &path) {
            Ok(r) => {
                let d = draft::build(r);
                println!(
                    "== {path}: type={} sections={} refs={}",
                    d.doc_type,
                    d.sections.len(),
                    d.reference_tags.len()
                );
                match &d.clause3 {
                    Some(c) => {
                        println!(
                            "  clause3 {:?} {} groups={}",
                            c.heading.number,
                            c.heading.title.text(),
                            c.groups.len()
                        );
                        for g in &c.groups {
                            println!(
                                "   G {:?} {} {:?} intro={:?}",
                                g.number,
                                g.title.text(),
                                g.origin,
                                g.intro.iter().map(|i| i.text()).collect::<Vec<_>>()
                            );
                        }
                        for e in &c.entries {
                            println!(
                                "   E {:?} [{}] cit={:?} def={:?} notes={} more={} f={}",
                                e.number,
                                e.term.text(),
                                e.citation.as_ref().map(|c| c.text()),
                                e.definition.as_ref().map(|d| d
                                    .text()
                                    .chars()
                                    .take(60)
                                    .collect::<String>()),
                                e.notes.len(),
                                e.more.len(),
                                e.ends_with_formula
                            );
                        }
                    }
                    None => println!("  no clause 3"),
                }
                if let Some(c) = &d.clause4 {
                    println!(
                        "  clause4 {} items: {}",
                        c.items.len(),
                        c.items
                            .iter()
                            .map(|i| format!("{}={}", i.short.text(), i.long.text()))
                            .collect::<Vec<_>>()
                            .join("; ")
                            .chars()
                            .take(300)
                            .collect::<String>()
                    );
                }
            }
            Err(e) => println!("== {path}: ERROR {e}"),
        }
    }
}
