//! From key terms to concepts: which terms form one cluster, and why.
//!
//! 1. Key terms are the words and two-word runs that occur in at least `min_entries` analysed
//!    definitions (longer runs only when the registry defines them as a term). A run must end in
//!    a head word (see [`Stats::is_head`]).
//! 2. The written forms of one key share a stem or a canonical spelling ("immersive",
//!    "immersion"; "3D", "three-dimensional").
//! 3. An abbreviation joins its expansion, as the registry lists them ("AR" = "augmented reality").
//! 4. Two runs with the same modifier join when their heads are used alike across the corpus
//!    (cosine of the sets of modifiers each head takes, the shared one left out): "virtual
//!    world", "virtual space", "virtual environment". A run joins the registry term it is most
//!    like; runs alike to no registry term join each other, strongest pairs first. Two terms the
//!    registry defines separately ("virtual world", "virtual reality") are never put together
//!    this way.
//! 5. A group of runs is a concept of its own when it holds a registry term or a run that is how
//!    its head word is mostly used ("real time"); otherwise its runs are uses of their modifier
//!    and are listed under the modifier's cluster ("immersive experience" under "immersive").
//! 6. Every other key word is a cluster of its own; so is every word of the reference definition
//!    (FGMV-20), even when no other definition uses it.
//! 7. The editors' decisions (`corpus/clusters.toml`) are applied last and win.

use super::stats::{KeyKind, Stats};
use super::{ClusterOptions, Reason};
use crate::analysis::Analyzer;
use crate::analysis::phrases::CandidateKind;
use crate::corpus::curated::CuratedClusters;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// One member key of a group and why it is there.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMember {
    /// The key (normalized term).
    pub key: String,
    /// Why it is in the group.
    pub reason: Reason,
    /// The explanation, in words.
    pub why: String,
}

/// The editors' decision a group comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Curation {
    /// Id the editors gave.
    pub id: Option<String>,
    /// Line of the `[[cluster]]` table.
    pub line: usize,
    /// The editors' note.
    pub note: Option<String>,
}

/// A cluster before its entries are counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The label.
    pub label: String,
    /// The keys a text must contain to express the group.
    pub members: Vec<GroupMember>,
    /// Runs listed to explain the group, which do not by themselves decide it ("immersive
    /// experience" under "immersive": "immersive" decides).
    pub attached: Vec<GroupMember>,
    /// Set when the editors fixed the group.
    pub curation: Option<Curation>,
}

/// The outcome of grouping.
#[derive(Debug, Default)]
pub struct Grouping {
    /// Groups, in no particular order yet.
    pub groups: Vec<Group>,
    /// Keys the editors said are never characteristics.
    pub ignored: BTreeSet<String>,
    /// Longest run (in words) a text must be searched for.
    pub max_words: usize,
    /// Curated terms that could not be used, with the reason.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
struct Edge {
    a: String,
    b: String,
    reason: Reason,
    /// Explanation of `b` from `a`, and of `a` from `b`.
    why_b: String,
    why_a: String,
}

/// Simple union-find over key indices; the smaller index is the root, so results do not depend
/// on the order of unions.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = (a.min(b), a.max(b));
            self.parent[hi] = lo;
        }
    }
}

fn words_of(key: &str) -> Vec<&str> {
    key.split(' ').collect()
}

/// Groups the key terms of `stats` into concepts, then applies the editors' decisions.
pub fn group(
    stats: &Stats,
    analyzer: &Analyzer,
    curated: &CuratedClusters,
    options: &ClusterOptions,
    reference: &BTreeSet<String>,
) -> Grouping {
    let min = options.min_entries.max(1);
    let is_phrase = |k: &str| k.contains(' ');
    let eligible = |k: &str| {
        let words = words_of(k);
        match words.len() {
            1 => true,
            2 => stats.is_head(words[1]) || stats.designations.contains_key(k),
            _ => stats.designations.contains_key(k),
        }
    };
    let mut nodes: BTreeSet<String> = stats
        .df
        .iter()
        .filter(|(k, s)| (s.len() >= min || reference.contains(*k)) && eligible(k))
        .map(|(k, _)| k.clone())
        .collect();

    // 3. Abbreviations with their expansions, straight from the registry.
    let mut edges: Vec<Edge> = Vec::new();
    for (abbreviation, expansions) in &stats.abbreviations {
        for (phrase, text) in expansions {
            if nodes.contains(abbreviation) || nodes.contains(phrase) {
                nodes.insert(abbreviation.clone());
                nodes.insert(phrase.clone());
                edges.push(Edge {
                    a: phrase.clone(),
                    b: abbreviation.clone(),
                    reason: Reason::RegistryAbbreviation,
                    why_b: format!("registry abbreviation: {text}"),
                    why_a: format!("expansion of a registry abbreviation: {text}"),
                });
            }
        }
    }

    let keys: Vec<String> = nodes.iter().cloned().collect();
    let index: BTreeMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut sets = Sets::new(keys.len());
    // Registry terms in each set, to refuse joining two of them by similarity.
    let mut defined: Vec<BTreeSet<usize>> = (0..keys.len())
        .map(|i| {
            if stats.designations.contains_key(&keys[i]) {
                BTreeSet::from([i])
            } else {
                BTreeSet::new()
            }
        })
        .collect();
    let mut accepted: Vec<Edge> = Vec::new();
    let join = |sets: &mut Sets, defined: &mut Vec<BTreeSet<usize>>, a: usize, b: usize| {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            return false;
        }
        sets.union(ra, rb);
        let root = sets.find(ra);
        let moved: BTreeSet<usize> = defined[ra].union(&defined[rb]).copied().collect();
        defined[root] = moved;
        true
    };
    for edge in edges {
        let (a, b) = (index[edge.a.as_str()], index[edge.b.as_str()]);
        if join(&mut sets, &mut defined, a, b) {
            accepted.push(edge);
        }
    }

    // 4. Same modifier, heads used alike.
    let mut by_modifier: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for key in keys.iter().filter(|k| words_of(k).len() == 2) {
        by_modifier.entry(words_of(key)[0]).or_default().push(key);
    }
    let mut pairs: Vec<(f64, &str, &str)> = Vec::new();
    for (modifier, phrases) in &by_modifier {
        for (i, a) in phrases.iter().enumerate() {
            for b in &phrases[i + 1..] {
                let (ha, hb) = (words_of(a)[1], words_of(b)[1]);
                if let Some(sim) = stats.head_similarity(ha, hb, modifier) {
                    if sim >= options.similarity_threshold {
                        pairs.push((sim, a, b));
                    }
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    let explain = |this: &str, other: &str, sim: f64| {
        let (t, o) = (words_of(this), words_of(other));
        format!(
            "same modifier '{}', and '{}' is used like '{}' across the corpus (similarity \
             {sim:.2} of the modifiers they take)",
            t[0], t[1], o[1]
        )
    };
    let edge = |a: &str, b: &str, sim: f64| Edge {
        a: a.to_string(),
        b: b.to_string(),
        reason: Reason::Distributional,
        why_b: explain(b, a, sim),
        why_a: explain(a, b, sim),
    };
    let is_defined = |k: &str| stats.designations.contains_key(k);
    // 4a. A run the registry does not define joins the registry term it is most like (ties: the
    // more used term, then the alphabetically first), so greedy order cannot hand it to the
    // wrong one.
    let mut best: BTreeMap<&str, (f64, usize, &str)> = BTreeMap::new();
    for &(sim, a, b) in &pairs {
        for (free, defined_key) in [(a, b), (b, a)] {
            if is_defined(free) || !is_defined(defined_key) {
                continue;
            }
            let candidate = (sim, stats.count(defined_key), defined_key);
            let better = match best.get(free) {
                None => true,
                Some(&(s, c, k)) => sim
                    .total_cmp(&s)
                    .then(candidate.1.cmp(&c))
                    .then(k.cmp(defined_key))
                    .is_gt(),
            };
            if better {
                best.insert(free, candidate);
            }
        }
    }
    for (free, (sim, _, defined_key)) in &best {
        join(&mut sets, &mut defined, index[free], index[defined_key]);
        accepted.push(edge(defined_key, free, *sim));
    }
    // 4b. Runs still apart from every registry term join each other, strongest pairs first.
    for &(sim, a, b) in &pairs {
        let (ra, rb) = (sets.find(index[a]), sets.find(index[b]));
        if ra == rb || !defined[ra].is_empty() || !defined[rb].is_empty() {
            continue;
        }
        join(&mut sets, &mut defined, index[a], index[b]);
        accepted.push(edge(a, b, sim));
    }

    // 5 and 6. Components become groups.
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..keys.len() {
        components.entry(sets.find(i)).or_default().push(i);
    }
    let bound = |k: &str| {
        let words = words_of(k);
        words.len() == 2
            && stats.count(k) as f64 >= options.bound_ratio * stats.count(words[1]) as f64
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut word_group: BTreeMap<String, usize> = BTreeMap::new();
    let mut pending_attach: Vec<(String, String)> = Vec::new();
    for members in components.values() {
        let member_keys: Vec<&str> = members.iter().map(|&i| keys[i].as_str()).collect();
        let has_phrase = member_keys.iter().any(|k| is_phrase(k));
        if !has_phrase {
            // A lone word (or abbreviation).
            for key in member_keys {
                word_group.insert(key.to_string(), groups.len());
                groups.push(computed_group(stats, key, &[key], &accepted));
            }
            continue;
        }
        let concept = member_keys
            .iter()
            .any(|k| stats.designations.contains_key(*k) || bound(k));
        if concept {
            let label = member_keys
                .iter()
                .filter(|k| stats.designations.contains_key(**k) || bound(k))
                .max_by(|a, b| {
                    stats
                        .count(a)
                        .cmp(&stats.count(b))
                        .then(b.len().cmp(&a.len()))
                        .then(b.cmp(a))
                })
                .copied()
                .unwrap_or(member_keys[0]);
            groups.push(computed_group(stats, label, &member_keys, &accepted));
        } else {
            for key in member_keys {
                let modifier = words_of(key)[0].to_string();
                pending_attach.push((key.to_string(), modifier));
            }
        }
    }
    for (key, modifier) in pending_attach {
        match word_group.get(&modifier) {
            Some(&g) => {
                let label = stats
                    .main_surface(&modifier)
                    .unwrap_or(&modifier)
                    .to_string();
                groups[g].attached.push(GroupMember {
                    why: format!(
                        "a use of '{label}': the phrase is not a concept of its own in the corpus"
                    ),
                    key,
                    reason: Reason::PhraseOf,
                });
            }
            None => groups.push(computed_group(stats, &key, &[key.as_str()], &accepted)),
        }
    }

    let mut grouping = Grouping {
        groups,
        max_words: 3,
        ..Grouping::default()
    };
    apply_curation(&mut grouping, analyzer, curated);
    grouping.groups.retain(|g| !g.members.is_empty());
    grouping
}

/// A computed group labelled by `label_key`; each member explained from the label by the edges
/// that joined it (breadth first, so the explanation is the shortest chain).
fn computed_group(stats: &Stats, label_key: &str, members: &[&str], edges: &[Edge]) -> Group {
    let inside: BTreeSet<&str> = members.iter().copied().collect();
    let mut adjacency: BTreeMap<&str, Vec<(&str, &Edge, bool)>> = BTreeMap::new();
    for e in edges
        .iter()
        .filter(|e| inside.contains(e.a.as_str()) && inside.contains(e.b.as_str()))
    {
        adjacency.entry(&e.a).or_default().push((&e.b, e, true));
        adjacency.entry(&e.b).or_default().push((&e.a, e, false));
    }
    let mut why: BTreeMap<&str, (Reason, String)> = BTreeMap::new();
    let label = label_text(stats, label_key);
    why.insert(
        label_key,
        (
            Reason::Label,
            format!("the cluster's most used term ('{label}')"),
        ),
    );
    let mut queue = VecDeque::from([label_key]);
    while let Some(at) = queue.pop_front() {
        for (next, edge, forward) in adjacency.get(at).cloned().unwrap_or_default() {
            if why.contains_key(next) {
                continue;
            }
            let text = if forward { &edge.why_b } else { &edge.why_a };
            why.insert(next, (edge.reason, text.clone()));
            queue.push_back(next);
        }
    }
    let mut out: Vec<GroupMember> = members
        .iter()
        .map(|k| {
            let (reason, text) = why
                .get(k)
                .cloned()
                .unwrap_or((Reason::Distributional, format!("grouped with '{label}'")));
            GroupMember {
                key: k.to_string(),
                reason,
                why: text,
            }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Group {
        label,
        members: out,
        attached: Vec::new(),
        curation: None,
    }
}

/// The label of a key: the registry's designation when it defines one, otherwise the most used
/// written form.
fn label_text(stats: &Stats, key: &str) -> String {
    if let Some(designation) = stats.designations.get(key) {
        let folded = crate::analysis::normalize::fold(designation);
        if folded.split_whitespace().count() == key.split(' ').count() {
            return folded;
        }
    }
    stats.main_surface(key).unwrap_or(key).to_string()
}

/// The key of a curated term, or why it cannot be used.
fn curated_key(analyzer: &Analyzer, text: &str) -> Result<String, String> {
    let c = analyzer.candidates(text, "en", 16);
    if c.slots == 1 {
        if let Some(single) = c.items.iter().find(|i| i.kind.is_single()) {
            return Ok(single.key.clone());
        }
    }
    c.items
        .iter()
        .find(|i| i.kind == CandidateKind::Phrase && i.first == 0 && i.len == c.slots)
        .map(|i| i.key.clone())
        .ok_or_else(|| {
            "its words are not one run (a stop word or punctuation splits them), so no text \
             can contain it as one term"
                .to_string()
        })
}

fn apply_curation(grouping: &mut Grouping, analyzer: &Analyzer, curated: &CuratedClusters) {
    let take = |groups: &mut Vec<Group>, key: &str| {
        for g in groups.iter_mut() {
            g.members.retain(|m| m.key != key);
            g.attached.retain(|m| m.key != key);
        }
    };
    for term in &curated.ignore {
        match curated_key(analyzer, &term.text) {
            Ok(key) => {
                take(&mut grouping.groups, &key);
                grouping.ignored.insert(key);
            }
            Err(why) => grouping.warnings.push(format!(
                "{}:{}: ignored term '{}' has no effect: {why}",
                crate::corpus::curated::FILE_NAME,
                term.line,
                term.text
            )),
        }
    }
    for cluster in &curated.clusters {
        let mut members = Vec::new();
        for term in &cluster.terms {
            match curated_key(analyzer, &term.text) {
                Ok(key) => {
                    take(&mut grouping.groups, &key);
                    grouping.max_words = grouping.max_words.max(key.split(' ').count());
                    if !members.iter().any(|m: &GroupMember| m.key == key) {
                        members.push(GroupMember {
                            key,
                            reason: Reason::Curated,
                            why: format!(
                                "placed here by the editors ({}:{})",
                                crate::corpus::curated::FILE_NAME,
                                term.line
                            ),
                        });
                    }
                }
                Err(why) => grouping.warnings.push(format!(
                    "{}:{}: term '{}' of cluster '{}' has no effect: {why}",
                    crate::corpus::curated::FILE_NAME,
                    term.line,
                    term.text,
                    cluster.label
                )),
            }
        }
        grouping.groups.push(Group {
            label: cluster.label.clone(),
            members,
            attached: Vec::new(),
            curation: Some(Curation {
                id: cluster.id.clone(),
                line: cluster.line,
                note: cluster.note.clone(),
            }),
        });
    }
}

/// The kind of a key, for the explanation of its written forms.
pub fn key_kind(stats: &Stats, key: &str) -> KeyKind {
    stats
        .kinds
        .get(key)
        .copied()
        .unwrap_or(if key.contains(' ') {
            KeyKind::Phrase
        } else {
            KeyKind::Word
        })
}
