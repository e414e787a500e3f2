//! The characteristics page (`/characteristics`): FGMV-02's table of the characteristics the
//! collected definitions of *metaverse* share, computed from the corpus — each row with its
//! anchor (the cluster id), its share overall and by kind of source, the words that express it,
//! and links to the definitions that do — with the chart of `/v1/clusters.svg` above it.

use super::{Layout, Section, link};
use crate::clusters::Clusters;
use askama::Template;

/// FGMV-02's groups of sources, as `by_kind` keys them, with their names.
const GROUPS: [(&str, &str); 3] = [
    ("academic", "Academic"),
    ("industry", "Industry"),
    ("standards_government", "Standards & government"),
];

/// How many of a characteristic's words the table shows.
const WORDS_SHOWN: usize = 6;

#[derive(Template)]
#[template(path = "characteristics.html")]
pub struct CharacteristicsPage {
    pub layout: Layout,
    /// Definitions the shares count, and per group.
    pub definitions: usize,
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    /// Percentage of the counted definitions expressing at least one characteristic.
    pub coverage: String,
    pub fingerprint: String,
}

/// A group of sources (a column).
pub struct Group {
    pub name: &'static str,
    pub definitions: usize,
}

/// One expression of a characteristic with how often it occurs.
pub struct Word {
    pub term: String,
    pub count: usize,
}

/// A definition expressing a characteristic.
pub struct EntryLink {
    pub id: String,
    pub href: String,
}

/// One characteristic.
pub struct Row {
    pub rank: usize,
    /// The anchor: the cluster id.
    pub id: String,
    pub label: String,
    pub scope: String,
    pub count: usize,
    pub share: String,
    /// Share per group, in the order of [`CharacteristicsPage::groups`].
    pub by_group: Vec<String>,
    pub words: Vec<Word>,
    pub more_words: usize,
    pub entries: Vec<EntryLink>,
    pub curated: bool,
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

impl CharacteristicsPage {
    pub fn of(clusters: &Clusters, fingerprint: &str) -> CharacteristicsPage {
        let groups = GROUPS
            .iter()
            .map(|(key, name)| Group {
                name,
                definitions: clusters.base.by_kind.get(*key).copied().unwrap_or(0),
            })
            .collect();
        let rows = clusters
            .table()
            .enumerate()
            .map(|(i, c)| Row {
                rank: i + 1,
                id: c.id.clone(),
                label: c.label.clone(),
                scope: c.scope.clone(),
                count: c.count,
                share: percent(c.share),
                by_group: GROUPS
                    .iter()
                    .map(|(key, _)| {
                        c.by_kind
                            .get(*key)
                            .map_or("–".to_string(), |g| percent(g.share))
                    })
                    .collect(),
                words: c
                    .terms
                    .iter()
                    .take(WORDS_SHOWN)
                    .map(|t| Word {
                        term: t.term.clone(),
                        count: t.count,
                    })
                    .collect(),
                more_words: c.terms.len().saturating_sub(WORDS_SHOWN),
                entries: c
                    .entries
                    .iter()
                    .map(|id| EntryLink {
                        id: id.clone(),
                        href: link::entry(id),
                    })
                    .collect(),
                curated: c.curated,
            })
            .collect();
        CharacteristicsPage {
            layout: Layout::new("Characteristics of the metaverse", Section::Characteristics),
            definitions: clusters.base.definitions,
            groups,
            rows,
            coverage: percent(clusters.table_coverage),
            fingerprint: fingerprint.chars().take(12).collect(),
        }
    }
}
