//! The compare page (`/compare`): two or more entries or pasted texts side by side — the
//! similarity matrix as a table, the characteristics all share and those each alone has, and a
//! word diff of the first item with each other one, its insertions and deletions marked by
//! `<ins>`/`<del>`, visible brackets and words for screen readers, not by colour alone.

use super::{Layout, Section, link};
use crate::clusters::ClusterRef;
use crate::compare::Comparison;
use crate::compare::diff::{Diff, Op};
use crate::corpus::Corpus;
use crate::model::Entry;
use askama::Template;

/// How many text boxes the paste form offers.
pub const TEXT_BOXES: usize = 3;
/// How many id fields the pick-by-id form offers (more come from the URL).
pub const ID_FIELDS: usize = 4;

/// `/compare`: the forms, and the comparison when there is one.
#[derive(Template)]
#[template(path = "compare.html")]
pub struct ComparePage {
    pub layout: Layout,
    /// The id fields of the GET form, filled with the ids compared.
    pub ids: Vec<String>,
    /// The text boxes of the POST form, filled with the texts compared.
    pub texts: Vec<String>,
    pub result: Option<CompareView>,
}

/// A characteristic, linked to its row of the characteristics table.
#[derive(Debug, Clone)]
pub struct CharLink {
    pub label: String,
    pub href: String,
}

/// One compared item.
#[derive(Debug, Clone)]
pub struct ItemView {
    /// "A", "B", … as in the matrix.
    pub letter: String,
    /// The entry's page, for an entry.
    pub href: Option<String>,
    pub id: Option<String>,
    /// The term, or "Text 1" for a pasted text.
    pub name: String,
    /// Author or document, and year, for an entry.
    pub source: Option<String>,
    pub text: String,
    pub lang: Option<String>,
    pub characteristics: Vec<CharLink>,
    /// Characteristics no other item has.
    pub distinct: Vec<CharLink>,
}

/// One cell of the similarity matrix.
#[derive(Debug, Clone)]
pub struct Cell {
    /// "0.42", or "—" on the diagonal.
    pub value: String,
    pub diagonal: bool,
}

/// One row of the matrix.
#[derive(Debug, Clone)]
pub struct Row {
    pub letter: String,
    pub name: String,
    pub source: Option<String>,
    pub cells: Vec<Cell>,
}

/// One stretch of a word diff.
#[derive(Debug, Clone)]
pub struct Piece {
    /// `equal`, `del` or `ins`.
    pub kind: &'static str,
    pub text: String,
}

/// The word diff of the first item with another.
#[derive(Debug, Clone)]
pub struct DiffView {
    pub from: String,
    pub to: String,
    pub pieces: Vec<Piece>,
    pub changes: usize,
    /// Percentage of words the two have in common.
    pub in_common: String,
}

/// The comparison, ready to show.
#[derive(Debug, Clone)]
pub struct CompareView {
    pub items: Vec<ItemView>,
    pub matrix: Vec<Row>,
    /// How similarity is computed.
    pub method: String,
    pub shared: Vec<CharLink>,
    pub diffs: Vec<DiffView>,
}

fn letter(i: usize) -> String {
    // At most 20 items (compare's limit): A–T.
    char::from(b'A' + (i % 26) as u8).to_string()
}

/// "Author, 2022" or "ITU-T Y.4600, 2022": who said it, and when.
fn source_of(entry: &Entry) -> String {
    let who = entry
        .source
        .author
        .as_deref()
        .or(entry.source.document.as_deref())
        .or(entry.source.title.as_deref())
        .unwrap_or(&entry.id);
    // Long author lists: the first author.
    let who = match who.split_once(", ") {
        Some((first, _)) if who.len() > 60 => format!("{first} et al."),
        _ => who.to_string(),
    };
    match entry.year {
        Some(year) => format!("{who}, {year}"),
        None => who,
    }
}

fn links(refs: &[ClusterRef]) -> Vec<CharLink> {
    refs.iter()
        .map(|c| CharLink {
            label: c.label.clone(),
            href: link::characteristic(&c.id),
        })
        .collect()
}

fn pieces(diff: &Diff) -> Vec<Piece> {
    let mut out = Vec::new();
    for change in &diff.ops {
        let a = change.a.clone().unwrap_or_default();
        let b = change.b.clone().unwrap_or_default();
        match change.op {
            Op::Equal => out.push(Piece {
                kind: "equal",
                text: a,
            }),
            Op::Delete => out.push(Piece {
                kind: "del",
                text: a,
            }),
            Op::Insert => out.push(Piece {
                kind: "ins",
                text: b,
            }),
            Op::Replace => {
                out.push(Piece {
                    kind: "del",
                    text: a,
                });
                out.push(Piece {
                    kind: "ins",
                    text: b,
                });
            }
        }
    }
    out
}

/// "A (metaverse, Ball, 2022)".
fn label(item: &ItemView) -> String {
    match &item.source {
        Some(source) => format!("{} ({}, {source})", item.letter, item.name),
        None => format!("{} ({})", item.letter, item.name),
    }
}

impl CompareView {
    /// The view of `comparison`, its entries' sources read from `corpus`.
    pub fn of(comparison: &Comparison, corpus: &Corpus) -> CompareView {
        let n = comparison.items.len();
        let mut texts = 0;
        let items: Vec<ItemView> = comparison
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let name = match (&item.term, &item.id) {
                    (Some(term), _) => term.clone(),
                    (None, Some(id)) => id.clone(),
                    (None, None) => {
                        texts += 1;
                        format!("Text {texts}")
                    }
                };
                ItemView {
                    letter: letter(i),
                    href: item.id.as_deref().map(link::entry),
                    id: item.id.clone(),
                    name,
                    source: item
                        .id
                        .as_deref()
                        .and_then(|id| corpus.get(id))
                        .map(source_of),
                    text: item.text.clone(),
                    lang: (!item.lang.is_empty() && item.lang != "en").then(|| item.lang.clone()),
                    characteristics: links(&item.characteristics),
                    distinct: comparison
                        .distinct
                        .get(i)
                        .map(|d| links(d))
                        .unwrap_or_default(),
                }
            })
            .collect();
        let mut similarity = vec![vec![None; n]; n];
        for pair in &comparison.pairs {
            if pair.a < n && pair.b < n {
                similarity[pair.a][pair.b] = Some(pair.similarity);
                similarity[pair.b][pair.a] = Some(pair.similarity);
            }
        }
        let matrix = items
            .iter()
            .enumerate()
            .map(|(i, item)| Row {
                letter: item.letter.clone(),
                name: item.name.clone(),
                source: item.source.clone(),
                cells: (0..n)
                    .map(|j| Cell {
                        value: if i == j {
                            "—".to_string()
                        } else {
                            similarity[i][j].map_or("?".to_string(), |s| format!("{s:.2}"))
                        },
                        diagonal: i == j,
                    })
                    .collect(),
            })
            .collect();
        let method = comparison
            .pairs
            .first()
            .map(|p| p.method.to_string())
            .unwrap_or_default();
        let diffs = comparison
            .diff
            .iter()
            .filter(|d| d.a < n && d.b < n)
            .map(|d| DiffView {
                from: label(&items[d.a]),
                to: label(&items[d.b]),
                pieces: pieces(d),
                changes: d.changes,
                in_common: format!("{:.0} %", d.words_in_common * 100.0),
            })
            .collect();
        CompareView {
            items,
            matrix,
            method,
            shared: links(&comparison.shared),
            diffs,
        }
    }
}

impl ComparePage {
    /// The page with its forms filled with what was compared (empty fields to add more).
    pub fn new(ids: &[String], texts: &[String], result: Option<CompareView>) -> ComparePage {
        let mut id_fields = ids.to_vec();
        let room = ID_FIELDS.saturating_sub(ids.len()).max(1);
        id_fields.extend(std::iter::repeat_n(String::new(), room));
        let mut text_boxes = texts.to_vec();
        let room = TEXT_BOXES.saturating_sub(texts.len()).max(1);
        text_boxes.extend(std::iter::repeat_n(String::new(), room));
        let title = match &result {
            Some(r) => format!("Compare {} definitions", r.items.len()),
            None => "Compare definitions".to_string(),
        };
        ComparePage {
            layout: Layout::new(title, Section::Compare),
            ids: id_fields,
            texts: text_boxes,
            result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::diff::Change;

    #[test]
    fn a_replacement_shows_as_a_deletion_then_an_insertion() {
        let diff = Diff {
            a: 0,
            b: 1,
            ops: vec![
                Change {
                    op: Op::Equal,
                    a: Some("a shared".into()),
                    b: Some("a shared".into()),
                },
                Change {
                    op: Op::Replace,
                    a: Some("virtual".into()),
                    b: Some("immersive".into()),
                },
            ],
            changes: 1,
            words_in_common: 0.5,
        };
        let kinds: Vec<_> = pieces(&diff)
            .iter()
            .map(|p| (p.kind, p.text.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("equal", "a shared".to_string()),
                ("del", "virtual".to_string()),
                ("ins", "immersive".to_string())
            ]
        );
    }

    #[test]
    fn the_forms_keep_what_was_compared_and_leave_room_for_more() {
        let page = ComparePage::new(&["a".into(), "b".into()], &[], None);
        assert_eq!(page.ids, ["a", "b", "", ""]);
        assert_eq!(page.texts.len(), TEXT_BOXES);
        let many: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        assert_eq!(ComparePage::new(&many, &[], None).ids.len(), 6);
    }
}
