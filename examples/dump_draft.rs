//! Runs the check over drafts with the registry in `corpus/` and prints human output (a
//! development aid; the `check` subcommand is the real entry point).
use mvterms::check::{CheckOptions, DraftInput, Profile, RegistryView, check_draft, report};
fn main() {
    let corpus = mvterms::corpus::Corpus::load(std::path::Path::new("corpus")).expect("corpus");
    let analyzer = mvterms::analysis::Analyzer::new(&corpus);
    let concepts = mvterms::concepts::Concepts::build(&corpus, &analyzer);
    let registry = RegistryView::new(&corpus, &analyzer, &concepts);
    let mut outcomes = Vec::new();
    let profile = if std::env::var("PROFILE").as_deref() == Ok("iso") {
        Profile::Iso
    } else {
        Profile::Itu
    };
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let input = DraftInput {
            name: path.clone(),
            bytes: &bytes,
            format: None,
        };
        let options = CheckOptions {
            profile,
            ..Default::default()
        };
        outcomes.push(match check_draft(&input, &options, registry) {
            Ok(r) => report::Outcome::Checked(r),
            Err(e) => report::Outcome::Failed {
                path,
                message: e.to_string(),
            },
        });
    }
    print!("{}", report::human::render(&outcomes));
}
