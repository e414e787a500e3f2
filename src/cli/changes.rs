//! `mvterms changes REV1 REV2`

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier version: a git revision (commit, tag, branch, e.g. HEAD~5).
    from: String,
    /// The later version (default HEAD).
    #[arg(default_value = "HEAD")]
    to: String,
    /// Print JSON: {from,to,entries:{added,changed,removed},concepts:{added,changed,removed}}.
    #[arg(long)]
    json: bool,
    /// The corpus folder (in a git checkout).
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    corpus: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let c = crate::history::changes(&args.corpus, &args.from, &args.to)?;
    if args.json {
        super::emit(&(serde_json::to_string_pretty(&c)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("Changes to the registry from {} to {}\n", c.from, c.to);
    for (what, list) in [("Entries", &c.entries), ("Concepts", &c.concepts)] {
        out.push_str(&format!(
            "\n{what}: {} added, {} changed, {} removed\n",
            list.added.len(),
            list.changed.len(),
            list.removed.len()
        ));
        for (sign, ids) in [
            ("+", &list.added),
            ("~", &list.changed),
            ("-", &list.removed),
        ] {
            for id in ids {
                out.push_str(&format!("  {sign} {id}\n"));
            }
        }
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
