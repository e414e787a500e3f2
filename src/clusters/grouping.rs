//! From key terms to characteristics: which terms express one concept, and why.
//!
//! 1. **Candidates**: the words (lemma-level forms, see [`super::forms`]) and two-word runs that
//!    occur in at least `min_entries` analysed definitions; longer runs only when the registry
//!    defines them as a term.
//! 2. **No junk** ([`super::keyness`]): a word is a candidate characteristic only when it is key
//!    against general English and is not the wording of definitions; numbers and years never
//!    are. What is left out is kept, with the reason, in [`Grouping::left_out`].
//! 3. **Multi-word terms first**: a run is a concept of its own when the registry defines it
//!    or when it is how its head word is mostly used ("real time", "virtual world"). A word
//!    used mostly inside such runs is no characteristic of its own ("world", "virtual").
//! 4. **Synonyms**, from the corpus's evidence only: forms of one stem that are each key
//!    ("immersive", "immersion"); an abbreviation and its expansion, as the registry lists them;
//!    runs with the same modifier whose heads are used alike ("virtual world", "virtual space");
//!    and terms used in the same contexts (cosine of their positive-PMI context vectors at
//!    least `similarity_threshold`) that never appear together in one definition and are never
//!    coordinated with each other ("physical and digital" are two things). Average linkage,
//!    strongest pairs first; two terms the registry defines separately are never joined this
//!    way.
//! 5. Runs that are not concepts are listed under the characteristic of their modifier
//!    ("immersive experience" under "immersive") to show how it is used.
//! 6. Every key word of the reference definition (FGMV-20) is a characteristic, even when no
//!    other definition uses it.
//! 7. The editors' decisions (`corpus/clusters.toml`) are applied last and win.

use super::background::Background;
use super::forms::stem_of;
use super::keyness::{self, TermKeyness, Verdict};
use super::stats::{KeyKind, Stats};
use super::{ClusterOptions, Reason};
use crate::analysis::Analyzer;
use crate::analysis::phrases::CandidateKind;
use crate::corpus::curated::CuratedClusters;
use crate::sparse;
use serde::Serialize;
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

/// A term of the corpus that is not a characteristic, and why.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LeftOut {
    /// The term as most often written.
    pub term: String,
    /// Analysed definitions using it.
    pub count: usize,
    /// Why it is left out, as a stable code: `general_english`, `definition_frame`, `number`,
    /// `inside_term` (used mostly inside a multi-word term), `ignored` (the editors).
    pub reason: String,
    /// Why, in words.
    pub why: String,
    /// Its keyness, where measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyness: Option<TermKeyness>,
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
    /// Terms that are not characteristics, most used first.
    pub left_out: Vec<LeftOut>,
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

/// Positive-PMI context vectors of the given keys, unit length, as sorted sparse vectors.
fn ppmi_vectors(stats: &Stats, keys: &[String]) -> Vec<Vec<(usize, f64)>> {
    let mut feature: BTreeMap<&str, usize> = BTreeMap::new();
    let mut column: Vec<f64> = Vec::new();
    let mut total = 0.0;
    for counts in stats.contexts.values() {
        for (c, n) in counts {
            let next = feature.len();
            let i = *feature.entry(c.as_str()).or_insert(next);
            if i == column.len() {
                column.push(0.0);
            }
            column[i] += n;
            total += n;
        }
    }
    keys.iter()
        .map(|key| {
            let Some(counts) = stats.contexts.get(key) else {
                return Vec::new();
            };
            let row: f64 = counts.values().sum();
            let own: BTreeSet<&str> = words_of(key).into_iter().collect();
            sparse::unit(
                counts
                    .iter()
                    .filter(|(c, _)| !own.contains(c.split_once(':').map_or(c.as_str(), |x| x.1)))
                    .filter_map(|(c, n)| {
                        let i = feature[c.as_str()];
                        let pmi = ((n * total) / (row * column[i])).ln();
                        (pmi > 0.0).then_some((i, pmi))
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Fewest context features two terms must share before they can be joined by their contexts.
const MIN_SHARED_CONTEXTS: usize = 2;

fn shared_features(a: &[(usize, f64)], b: &[(usize, f64)]) -> usize {
    let set: BTreeSet<usize> = a.iter().map(|x| x.0).collect();
    b.iter().filter(|x| set.contains(&x.0)).count()
}

/// The surface an editor reads for a key.
fn shown(stats: &Stats, key: &str) -> String {
    stats.main_surface(key).unwrap_or(key).to_string()
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
    let background = Background::english();
    let judge = |k: &str| keyness::of_key(stats, background, k, &options.keyness);
    let mut left_out: Vec<LeftOut> = Vec::new();

    // 1 and 2. Single words that are characteristics.
    let mut judged: BTreeMap<&str, TermKeyness> = BTreeMap::new();
    // A rarer form of a stem whose other form is used enough is judged too ("immersion" once
    // beside "immersive" many times): it may join its sibling.
    let used_stems: BTreeSet<&str> = stats
        .df
        .iter()
        .filter(|(k, e)| !k.contains(' ') && e.len() >= min)
        .map(|(k, _)| stem_of(k))
        .collect();
    for (key, entries) in &stats.df {
        if key.contains(' ')
            || (entries.len() < min
                && !reference.contains(key)
                && !used_stems.contains(stem_of(key)))
        {
            continue;
        }
        let k = judge(key);
        if k.verdict != Verdict::Key {
            let (reason, why) = match k.verdict {
                Verdict::GeneralEnglish => (
                    "general_english",
                    format!(
                        "everyday English: used {:.1}× as often as in English at large \
                         (log-likelihood G² {:.1}); a characteristic needs at least {:.0}× and \
                         G² ≥ {:.2}",
                        k.english.log_ratio.exp2(),
                        k.english.g2,
                        options.keyness.min_log_ratio.exp2(),
                        options.keyness.min_g2
                    ),
                ),
                Verdict::DefinitionFrame => (
                    "definition_frame",
                    format!(
                        "the wording of definitions: {:.0} % of its uses stand next to the \
                         defined term ('refers to', 'is defined as')",
                        k.frame_share * 100.0
                    ),
                ),
                _ => ("number", "a number or a year".to_string()),
            };
            left_out.push(LeftOut {
                term: shown(stats, key),
                count: entries.len(),
                reason: reason.into(),
                why,
                keyness: Some(k),
            });
            continue;
        }
        judged.insert(key, k);
    }
    let is_key_word = |w: &str| judged.contains_key(w);

    // 3. Runs of two words (longer ones when the registry defines them).
    let eligible = |k: &str| {
        let words = words_of(k);
        match words.len() {
            1 => false,
            2 => stats.is_head(words[1]) || stats.designations.contains_key(k),
            _ => stats.designations.contains_key(k),
        }
    };
    let bound = |k: &str| {
        let words = words_of(k);
        words.len() == 2
            && stats.count(k) >= 3
            && stats.count(k) as f64 >= options.bound_ratio * stats.count(words[1]) as f64
    };
    let is_expansion = |k: &str| stats.abbreviations.values().any(|e| e.contains_key(k));
    let mut runs: BTreeSet<String> = BTreeSet::new();
    for (key, entries) in &stats.df {
        if !key.contains(' ') || entries.len() < min || !eligible(key) {
            continue;
        }
        let has_key_word = words_of(key).iter().any(|w| is_key_word(w))
            || stats.designations.contains_key(key.as_str())
            || is_expansion(key);
        if has_key_word && judge(key).verdict != Verdict::Number {
            runs.insert(key.clone());
        }
    }
    let mut nodes: BTreeSet<String> = judged.keys().map(|k| k.to_string()).collect();
    nodes.extend(runs.iter().cloned());

    // 4a. Abbreviations with their expansions, straight from the registry.
    let mut edges: Vec<Edge> = Vec::new();
    for (abbreviation, expansions) in &stats.abbreviations {
        for (phrase, text) in expansions {
            if nodes.contains(abbreviation) || nodes.contains(phrase) {
                nodes.insert(abbreviation.clone());
                nodes.insert(phrase.clone());
                runs.insert(phrase.clone());
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
    let mut members: Vec<Vec<usize>> = (0..keys.len()).map(|i| vec![i]).collect();
    let mut accepted: Vec<Edge> = Vec::new();
    let join = |sets: &mut Sets,
                defined: &mut Vec<BTreeSet<usize>>,
                members: &mut Vec<Vec<usize>>,
                a: usize,
                b: usize| {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            return false;
        }
        sets.union(ra, rb);
        let root = sets.find(ra);
        let other = if root == ra { rb } else { ra };
        let moved: BTreeSet<usize> = defined[ra].union(&defined[rb]).copied().collect();
        defined[root] = moved;
        let taken = std::mem::take(&mut members[other]);
        members[root].extend(taken);
        true
    };
    for edge in edges {
        let (a, b) = (index[edge.a.as_str()], index[edge.b.as_str()]);
        if join(&mut sets, &mut defined, &mut members, a, b) {
            accepted.push(edge);
        }
    }

    // 4c. Same modifier, heads used alike.
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
                    if sim >= options.head_threshold {
                        pairs.push((sim, a, b));
                    }
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    for &(sim, a, b) in &pairs {
        let (ra, rb) = (sets.find(index[a]), sets.find(index[b]));
        if ra == rb || (!defined[ra].is_empty() && !defined[rb].is_empty()) {
            continue;
        }
        join(&mut sets, &mut defined, &mut members, index[a], index[b]);
        let explain = |this: &str, other: &str| {
            let (t, o) = (words_of(this), words_of(other));
            format!(
                "same modifier '{}', and '{}' is used like '{}' across the corpus \
                 (similarity {sim:.2} of the modifiers they take)",
                t[0], t[1], o[1]
            )
        };
        accepted.push(Edge {
            a: a.to_string(),
            b: b.to_string(),
            reason: Reason::Distributional,
            why_b: explain(b, a),
            why_a: explain(a, b),
        });
    }

    // Runs that are concepts: registry terms, runs that are how their head is mostly used,
    // and the runs joined to them. The others are uses of their words.
    let concept_root: BTreeSet<usize> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| {
            k.contains(' ') && (stats.designations.contains_key(k.as_str()) || bound(k))
        })
        .map(|(i, _)| sets.find(i))
        .collect();
    let is_concept_run =
        |sets: &mut Sets, k: &str| k.contains(' ') && concept_root.contains(&sets.find(index[k]));
    let mut concept_runs: BTreeSet<String> = BTreeSet::new();
    let mut other_runs: BTreeSet<String> = BTreeSet::new();
    for run in &runs {
        if is_concept_run(&mut sets, run) {
            concept_runs.insert(run.clone());
        } else {
            other_runs.insert(run.clone());
        }
    }
    // A word used mostly inside concept runs is not a characteristic of its own.
    let mut absorbed: BTreeSet<usize> = BTreeSet::new();
    for &word in judged.keys() {
        let inside: BTreeMap<&str, &BTreeSet<usize>> = stats
            .inside
            .get(word)
            .map(|runs| {
                runs.iter()
                    .filter(|(r, _)| concept_runs.contains(*r))
                    .map(|(r, e)| (r.as_str(), e))
                    .collect()
            })
            .unwrap_or_default();
        let within: BTreeSet<usize> = inside.values().flat_map(|e| e.iter().copied()).collect();
        let count = stats.count(word);
        if count > 0 && within.len() as f64 >= options.bound_ratio * count as f64 {
            let main = inside
                .iter()
                .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
                .map(|(r, _)| shown(stats, r))
                .unwrap_or_default();
            left_out.push(LeftOut {
                term: shown(stats, word),
                count,
                reason: "inside_term".into(),
                why: format!(
                    "used mostly inside multi-word terms ({} of its {count} definitions, most \
                     often in '{main}'): not a characteristic of its own",
                    within.len()
                ),
                keyness: judged.get(word).copied(),
            });
            absorbed.insert(index[word]);
        }
    }
    // Free runs only decide through their words; they take part in no further joining.
    let passive: BTreeSet<usize> = other_runs.iter().map(|r| index[r.as_str()]).collect();
    let active = |i: usize| !absorbed.contains(&i) && !passive.contains(&i);

    // 4b. Forms of one stem that are each key.
    let mut by_stem: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for key in keys
        .iter()
        .filter(|k| !k.contains(' ') && active(index[k.as_str()]))
    {
        by_stem.entry(stem_of(key)).or_default().push(key);
    }
    for forms in by_stem.values().filter(|f| f.len() > 1) {
        let main = *forms
            .iter()
            .max_by(|a, b| stats.count(a).cmp(&stats.count(b)).then(b.cmp(a)))
            .expect("non-empty");
        for &other in forms.iter().filter(|&&f| f != main) {
            join(
                &mut sets,
                &mut defined,
                &mut members,
                index[main],
                index[other],
            );
            accepted.push(Edge {
                a: main.to_string(),
                b: other.to_string(),
                reason: Reason::SameStem,
                why_b: format!("another form of '{}'", shown(stats, main)),
                why_a: format!("another form of '{}'", shown(stats, other)),
            });
        }
    }

    // 4e. Kinds of a general term, as the corpus says ("technologies such as virtual reality").
    let mut kinds: Vec<(usize, &str, &str, &str)> = stats
        .hyponyms
        .iter()
        .filter(|((kind, general), (entries, _))| {
            entries.len() >= options.min_entries.max(2)
                && index.contains_key(kind.as_str())
                && index.contains_key(general.as_str())
        })
        .map(|((kind, general), (entries, example))| {
            (
                entries.len(),
                kind.as_str(),
                general.as_str(),
                example.as_str(),
            )
        })
        .collect();
    kinds.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    for (n, kind, general, example) in kinds {
        let (k, g) = (index[kind], index[general]);
        if !active(k) || !active(g) {
            continue;
        }
        if join(&mut sets, &mut defined, &mut members, g, k) {
            accepted.push(Edge {
                a: general.to_string(),
                b: kind.to_string(),
                reason: Reason::KindOf,
                why_b: format!(
                    "a kind of '{}', as {n} definitions say (“{example}”)",
                    shown(stats, general)
                ),
                why_a: format!("its kinds include '{}'", shown(stats, kind)),
            });
        }
    }

    // 4d. Used in the same contexts, never together.
    let vectors = ppmi_vectors(stats, &keys);
    let analysed = stats.analysed.len().max(1) as f64;
    // A node may be in no analysed definition (a registry abbreviation or expansion added in
    // 4a, met only in terms or notes): it is then never together with anything.
    // Each node's definitions as a sorted list, and how often two nodes are together counted
    // once per pair: the joining below asks for the same pairs many times, and on a large
    // corpus a frequent word is in hundreds of thousands of definitions.
    let entries: Vec<Vec<u32>> = keys
        .iter()
        .map(|k| {
            stats
                .df
                .get(k)
                .map(|set| set.iter().map(|&e| e as u32).collect())
                .unwrap_or_default()
        })
        .collect();
    let together_counts = std::cell::RefCell::new(BTreeMap::<(usize, usize), usize>::new());
    let together = |a: usize, b: usize| {
        *together_counts
            .borrow_mut()
            .entry((a.min(b), a.max(b)))
            .or_insert_with(|| sorted_intersection_count(&entries[a], &entries[b]))
    };
    let apart = |a: usize, b: usize| {
        let together = together(a, b) as f64;
        // No more often together than chance would have them: synonyms stand for each other.
        let chance = entries[a].len() as f64 * entries[b].len() as f64 / analysed;
        let wa = words_of(&keys[a]);
        let wb = words_of(&keys[b]);
        together <= chance.floor()
            && !wa.iter().any(|x| wb.contains(x))
            && !wa
                .iter()
                .any(|x| wb.iter().any(|y| stats.are_coordinated(x, y)))
    };
    // Enough evidence of use: a term met in too few definitions has too few contexts.
    let evidenced = |i: usize| {
        active(i) && stats.count(&keys[i]) >= 3 && vectors[i].len() >= options.min_contexts
    };
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for a in 0..keys.len() {
        if !evidenced(a) {
            continue;
        }
        for b in a + 1..keys.len() {
            if !evidenced(b) {
                continue;
            }
            let sim = sparse::cosine(&vectors[a], &vectors[b]);
            if sim >= options.similarity_threshold
                && shared_features(&vectors[a], &vectors[b]) >= MIN_SHARED_CONTEXTS
                && apart(a, b)
            {
                candidates.push((sim, a, b));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (sim, a, b) in candidates {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb || (!defined[ra].is_empty() && !defined[rb].is_empty()) {
            continue;
        }
        // Average linkage: the two groups as wholes must be alike, and no two of their members
        // may appear together.
        let (ma, mb) = (&members[ra], &members[rb]);
        let mut sum = 0.0;
        let mut fine = true;
        for &x in ma {
            for &y in mb {
                if (x != a || y != b) && !apart(x.min(y), x.max(y)) {
                    fine = false;
                }
                sum += sparse::cosine(&vectors[x], &vectors[y]);
            }
        }
        let average = sum / (ma.len() * mb.len()) as f64;
        if !fine || average < options.similarity_threshold {
            continue;
        }
        join(&mut sets, &mut defined, &mut members, a, b);
        let n = shared_features(&vectors[a], &vectors[b]);
        let explain = |other: usize| {
            format!(
                "used in the same contexts as '{}' ({n} neighbouring words in common, cosine \
                 {sim:.2}), and not together more than chance would have it",
                shown(stats, &keys[other])
            )
        };
        accepted.push(Edge {
            a: keys[a].clone(),
            b: keys[b].clone(),
            reason: Reason::SharedContexts,
            why_b: explain(a),
            why_a: explain(b),
        });
    }

    // 5. Components become groups; runs that are no concepts are listed with their words.
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..keys.len()).filter(|i| !absorbed.contains(i)) {
        components.entry(sets.find(i)).or_default().push(i);
    }
    // A component of free runs only is no concept: its runs are listed with their words.
    components.retain(|_, c| c.iter().any(|&i| !passive.contains(&i)));
    let in_component: BTreeSet<usize> = components.values().flatten().copied().collect();
    let other_runs: BTreeSet<String> = other_runs
        .into_iter()
        .filter(|r| !in_component.contains(&index[r.as_str()]))
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    for component in components.values() {
        let member_keys: Vec<&str> = component.iter().map(|&i| keys[i].as_str()).collect();
        // The most used member names the group; an abbreviation gives way to its expansion.
        let is_abbreviation =
            |k: &str| key_kind(stats, k) == KeyKind::Abbreviation && member_keys.len() > 1;
        let label = *member_keys
            .iter()
            .max_by(|a, b| {
                (!is_abbreviation(a))
                    .cmp(&!is_abbreviation(b))
                    .then(stats.count(a).cmp(&stats.count(b)))
                    .then(
                        stats
                            .designations
                            .contains_key(**a)
                            .cmp(&stats.designations.contains_key(**b)),
                    )
                    .then(b.len().cmp(&a.len()))
                    .then(b.cmp(a))
            })
            .expect("non-empty component");
        for k in &member_keys {
            group_of.insert(k.to_string(), groups.len());
        }
        groups.push(computed_group(stats, label, &member_keys, &accepted));
    }
    for run in &other_runs {
        let words = words_of(run);
        let (target, word) = match (group_of.get(words[0]), group_of.get(words[1])) {
            (Some(&g), _) => (g, words[0]),
            (None, Some(&g)) => (g, words[1]),
            _ => continue,
        };
        groups[target].attached.push(GroupMember {
            why: format!(
                "a use of '{}': the phrase is not a concept of its own in the corpus",
                shown(stats, word)
            ),
            key: run.clone(),
            reason: Reason::PhraseOf,
        });
    }
    // A modifier is named by the run it mostly forms ("physical" → "physical world").
    for g in groups.iter_mut() {
        let Some(label_key) = g
            .members
            .iter()
            .find(|m| m.reason == Reason::Label)
            .map(|m| m.key.clone())
        else {
            continue;
        };
        if label_key.contains(' ') || stats.is_head(&label_key) {
            continue;
        }
        let count = stats.count(&label_key);
        if let Some(best) = g
            .attached
            .iter()
            .filter(|a| words_of(&a.key)[0] == label_key)
            .max_by(|a, b| {
                stats
                    .count(&a.key)
                    .cmp(&stats.count(&b.key))
                    .then(b.key.cmp(&a.key))
            })
        {
            if stats.count(&best.key) * 3 >= count {
                g.label = shown(stats, &best.key);
            }
        }
    }

    left_out.sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
    let mut grouping = Grouping {
        groups,
        max_words: 3,
        left_out,
        ..Grouping::default()
    };
    apply_curation(&mut grouping, analyzer, curated);
    grouping.groups.retain(|g| !g.members.is_empty());
    for key in &grouping.ignored {
        if stats.count(key) > 0
            && !grouping
                .left_out
                .iter()
                .any(|l| l.term == shown(stats, key))
        {
            grouping.left_out.push(LeftOut {
                term: shown(stats, key),
                count: stats.count(key),
                reason: "ignored".into(),
                why: format!(
                    "the editors' decision: listed in `ignore` of {}",
                    crate::corpus::curated::FILE_NAME
                ),
                keyness: judged.get(key.as_str()).copied(),
            });
        }
    }
    grouping
        .left_out
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
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
            if single.kind == CandidateKind::Word {
                return Ok(super::forms::form_key(&single.key, &single.surface));
            }
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
    // A computed run built on a word the editors placed follows the word ("immersive
    // experience" goes where "immersive" went); the head's decision first ("user agency"
    // follows "agency").
    let mut placed: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (g, group) in grouping.groups.iter().enumerate() {
        if let Some(c) = &group.curation {
            for m in group.members.iter().filter(|m| !m.key.contains(' ')) {
                placed.entry(stem_of(&m.key).to_string()).or_insert((
                    g,
                    format!("{}:{}", crate::corpus::curated::FILE_NAME, c.line),
                ));
            }
        }
    }
    let mut moves: Vec<(usize, GroupMember)> = Vec::new();
    for group in grouping.groups.iter_mut().filter(|g| g.curation.is_none()) {
        let mut kept = Vec::new();
        for m in std::mem::take(&mut group.members) {
            let words = words_of(&m.key);
            let target = if words.len() == 2 {
                placed.get(words[1]).or_else(|| placed.get(words[0]))
            } else {
                None
            };
            match target {
                Some((g, at)) => moves.push((
                    *g,
                    GroupMember {
                        why: format!("a phrase of a word the editors placed here ({at})"),
                        key: m.key,
                        reason: Reason::Curated,
                    },
                )),
                None => kept.push(m),
            }
        }
        group.members = kept;
    }
    for (g, m) in moves {
        grouping.groups[g].members.push(m);
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

/// How many values two sorted lists share: a walk of both, or a binary search of the longer
/// for each value of the shorter when one is much shorter.
fn sorted_intersection_count(a: &[u32], b: &[u32]) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0;
    }
    if short.len() * 16 < long.len() {
        let mut rest = long;
        let mut n = 0;
        for v in short {
            match rest.binary_search(v) {
                Ok(i) => {
                    n += 1;
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
        }
        return n;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::sorted_intersection_count;

    #[test]
    fn shared_values_of_sorted_lists_are_counted_either_way() {
        let long: Vec<u32> = (0..1000).map(|v| v * 3).collect();
        assert_eq!(sorted_intersection_count(&[0, 3, 4, 2997, 5000], &long), 3);
        assert_eq!(sorted_intersection_count(&long, &[0, 3, 4, 2997, 5000]), 3);
        let other: Vec<u32> = (0..1000).map(|v| v * 2).collect();
        assert_eq!(sorted_intersection_count(&long, &other), 334);
        assert_eq!(sorted_intersection_count(&[], &long), 0);
    }
}
