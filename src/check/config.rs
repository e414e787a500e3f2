//! Per-project configuration of the check: `mvterms.toml` next to the draft (or in a folder above
//! it), or a file given with `--config`. Rules can be raised, lowered or turned off:
//!
//! ```toml
//! profile = "itu"          # default profile for drafts under this folder
//! [rules]
//! entry-order = "warning"  # raise
//! term-plural = "off"      # turn off
//! definition-negative = "info"
//! ```

use super::finding::{Profile, Severity};
use super::rules::catalog::{RULES, rule};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the configuration file looked for next to drafts.
pub const FILE_NAME: &str = "mvterms.toml";

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Not reported.
    Off,
    /// Reported with this severity.
    On(Severity),
}

/// A validated configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The profile the file asks for, if any (the command line wins).
    pub profile: Option<Profile>,
    /// Per-rule settings.
    pub rules: BTreeMap<&'static str, Setting>,
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// The corpus folder it names (`corpus = "../corpus"`, relative to the file).
    pub corpus: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    profile: Option<String>,
    corpus: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

impl Config {
    /// Parses configuration text; `path` names it in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let bad =
            |message: String| Error::InvalidArgument(format!("{}: {message}", path.display()));
        let wire: Wire = toml::from_str(text).map_err(|e| bad(e.to_string().trim().to_string()))?;
        let profile = wire
            .profile
            .map(|p| p.parse::<Profile>())
            .transpose()
            .map_err(bad)?;
        let mut rules = BTreeMap::new();
        for (id, value) in wire.rules {
            let Some(info) = rule(&id) else {
                let known: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                return Err(bad(format!(
                    "unknown rule '{id}'; known rules: {}",
                    known.join(", ")
                )));
            };
            let setting = match value.to_ascii_lowercase().as_str() {
                "off" | "none" | "false" => Setting::Off,
                other => Setting::On(
                    other
                        .parse::<Severity>()
                        .map_err(|e| bad(format!("rule '{id}': {e} or off")))?,
                ),
            };
            rules.insert(info.id, setting);
        }
        let corpus = wire.corpus.map(|c| {
            path.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from(&c), |d| d.join(&c))
        });
        Ok(Config {
            profile,
            rules,
            path: Some(path.to_path_buf()),
            corpus,
        })
    }

    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        Config::parse(&text, path)
    }

    /// The configuration for a draft at `draft`: the nearest `mvterms.toml` in its folder or above,
    /// or the default when there is none.
    pub fn for_draft(draft: &Path) -> Result<Config> {
        let start = draft.parent().map(Path::to_path_buf).unwrap_or_default();
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        let mut dir = std::fs::canonicalize(&start).unwrap_or(start);
        loop {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
            if !dir.pop() {
                return Ok(Config::default());
            }
        }
    }

    /// The severity of `rule_id` under this configuration (`None` = off).
    pub fn severity(&self, rule_id: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule_id) {
            Some(Setting::Off) => None,
            Some(Setting::On(s)) => Some(*s),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_can_be_raised_lowered_and_turned_off() {
        let c = Config::parse(
            "profile = \"iso\"\n[rules]\nentry-order = \"error\"\nterm-plural = \"off\"\n",
            Path::new("mvterms.toml"),
        )
        .unwrap();
        assert_eq!(c.profile, Some(Profile::Iso));
        assert_eq!(
            c.severity("entry-order", Severity::Info),
            Some(Severity::Error)
        );
        assert_eq!(c.severity("term-plural", Severity::Info), None);
        assert_eq!(
            c.severity("term-case", Severity::Warning),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn unknown_rules_and_values_are_refused_with_the_file_name() {
        let err = Config::parse(
            "[rules]\nterm-caps = \"off\"\n",
            Path::new("x/mvterms.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("x/mvterms.toml")
                && err.contains("unknown rule 'term-caps'")
                && err.contains("term-case"),
            "{err}"
        );
        let err = Config::parse("[rules]\nterm-case = \"loud\"\n", Path::new("m.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown severity 'loud'"), "{err}");
        assert!(Config::parse("rulez = 1", Path::new("m.toml")).is_err());
    }
}
