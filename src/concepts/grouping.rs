//! The build of [`Concepts`]: curated groups first, then entries grouped by normalized
//! designation and agreeing definitions, abbreviations attached, ids given, relations resolved.

use super::{
    AGREEMENT, Concept, Concepts, Definition, Designation, DesignationType, Grouping, Relation,
    curated_ids, slug, source_label, status_rank,
};
use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::corpus::concepts::{CuratedConcept, RelationKind};
use crate::model::Status;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

/// Normalized form of a designation: its words folded and stemmed, joined by one space.
pub fn norm(analyzer: &Analyzer, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in analyzer.words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&analyzer.normalize_word(w.text));
    }
    out
}

/// The word bigrams of a definition (folded words), hashed, sorted and deduplicated; a
/// one-word text gives its word.
fn signature(analyzer: &Analyzer, text: &str) -> Vec<u64> {
    let words: Vec<String> = analyzer
        .words(text)
        .iter()
        .map(|w| analyzer.fold(w.text))
        .collect();
    let hash = |parts: &[String]| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        parts.hash(&mut h);
        h.finish()
    };
    let mut sig: Vec<u64> = if words.len() < 2 {
        vec![hash(&words)]
    } else {
        words.windows(2).map(hash).collect()
    };
    sig.sort_unstable();
    sig.dedup();
    sig
}

/// Dice coefficient of two sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// The Dice coefficient of two sorted token sets.
pub fn agreement_of(a: &[u64], b: &[u64]) -> f64 {
    dice(a, b)
}

/// How much two definitions agree, in [0, 1] (see [`AGREEMENT`]).
pub fn agreement(analyzer: &Analyzer, a: &str, b: &str) -> f64 {
    dice(&signature(analyzer, a), &signature(analyzer, b))
}

/// The pairs (i < j) of `sigs` whose Dice coefficient is at least [`AGREEMENT`].
///
/// A set similarity join with prefix filtering (as in AllPairs / PPJoin): with each set's
/// tokens ordered rarest first, two sets that reach the threshold share a token among the first
/// `|s| − ⌈τ·|s|⌉ + 1` of each (τ = t / (2 − t), the Jaccard bound of Dice t), so only pairs
/// sharing such a token are compared. The result is exactly that of comparing every pair, in
/// time that grows with the candidates rather than the square of the group.
pub fn agreeing_pairs(sigs: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if sigs.len() < 32 {
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                if dice(&sigs[i], &sigs[j]) >= AGREEMENT {
                    out.push((i, j));
                }
            }
        }
        return out;
    }
    let tau = AGREEMENT / (2.0 - AGREEMENT);
    let mut df: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for s in sigs {
        for &t in s {
            *df.entry(t).or_default() += 1;
        }
    }
    // Shortest first, so the length filter can skip what is too short for the threshold.
    let mut order: Vec<usize> = (0..sigs.len()).collect();
    order.sort_by_key(|&i| (sigs[i].len(), i));
    let mut postings: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    let mut seen = vec![usize::MAX; sigs.len()];
    for &i in &order {
        let mut tokens = sigs[i].clone();
        tokens.sort_by_key(|t| (df[t], *t));
        let prefix = tokens.len() - (tau * tokens.len() as f64).ceil() as usize + 1;
        let min_len = (tau * tokens.len() as f64).ceil() as usize;
        for t in tokens.iter().take(prefix.min(tokens.len())) {
            let list = postings.entry(*t).or_default();
            for &j in list.iter() {
                if seen[j] == i || sigs[j].len() < min_len {
                    continue;
                }
                seen[j] = i;
                if dice(&sigs[i], &sigs[j]) >= AGREEMENT {
                    out.push((i.min(j), i.max(j)));
                }
            }
            list.push(i);
        }
    }
    out.sort_unstable();
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut x = x;
        while self.0[x] != r {
            let next = self.0[x];
            self.0[x] = r;
            x = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.0[hi] = lo;
        }
    }
}

/// A concept being assembled.
struct Group {
    curated: Option<usize>,
    members: Vec<usize>,
    /// Abbreviation rows: (short form, source).
    abbreviations: Vec<(String, Option<String>)>,
    /// For a concept formed from an abbreviation row: (expansion, source).
    expansion: Option<(String, Option<String>)>,
}

pub fn build(corpus: &Corpus, analyzer: &Analyzer) -> Concepts {
    let entries = corpus.entries();
    let curation = corpus.concept_curation();
    let term_norms: Vec<String> = entries.iter().map(|e| norm(analyzer, &e.term)).collect();
    let mut group_of: Vec<Option<usize>> = vec![None; entries.len()];
    let mut groups: Vec<Group> = Vec::new();
    let new_group = |groups: &mut Vec<Group>, curated: Option<usize>| {
        groups.push(Group {
            curated,
            members: Vec::new(),
            abbreviations: Vec::new(),
            expansion: None,
        });
        groups.len() - 1
    };

    // 1. Curated concepts: their entries, then the entries their collection rule takes in.
    for (ci, c) in curation.concepts.iter().enumerate() {
        let g = new_group(&mut groups, Some(ci));
        for id in &c.entries {
            if let Some(p) = corpus.position(id) {
                if group_of[p].is_none() {
                    group_of[p] = Some(g);
                }
            }
        }
    }
    for (ci, c) in curation.concepts.iter().enumerate() {
        let Some(collection) = c.collection else {
            continue;
        };
        let mut norms: BTreeSet<String> = c
            .designations
            .iter()
            .map(|d| norm(analyzer, &d.term))
            .collect();
        norms.extend(
            c.entries
                .iter()
                .filter_map(|id| corpus.position(id))
                .map(|p| term_norms[p].clone()),
        );
        let except: BTreeSet<&str> = c.except.iter().map(String::as_str).collect();
        for (p, e) in entries.iter().enumerate() {
            if group_of[p].is_none()
                && e.collection == collection
                && !except.contains(e.id.as_str())
                && norms.contains(&term_norms[p])
            {
                group_of[p] = Some(ci);
            }
        }
    }
    // Successions: the entries of one succession are one concept.
    let mut uf = UnionFind((0..entries.len()).collect());
    for s in &curation.successions {
        let positions: Vec<usize> = s
            .entries
            .iter()
            .filter_map(|id| corpus.position(id))
            .collect();
        if let Some(g) = positions.iter().find_map(|&p| group_of[p]) {
            for &p in &positions {
                group_of[p].get_or_insert(g);
            }
        } else {
            for w in positions.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
    }

    // 2. Computed: the other entries, by designation, joined where definitions agree.
    let mut by_norm: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (p, n) in term_norms.iter().enumerate() {
        if group_of[p].is_none() {
            by_norm.entry(n.as_str()).or_default().push(p);
        }
    }
    for members in by_norm.values() {
        if members.len() < 2 {
            continue;
        }
        let sigs: Vec<Vec<u64>> = members
            .iter()
            .map(|&p| signature(analyzer, &entries[p].definition))
            .collect();
        for (a, b) in agreeing_pairs(&sigs) {
            uf.union(members[a], members[b]);
        }
    }
    let mut root_group: BTreeMap<usize, usize> = BTreeMap::new();
    for (p, slot) in group_of.iter_mut().enumerate() {
        if slot.is_none() {
            let root = uf.find(p);
            let g = *root_group
                .entry(root)
                .or_insert_with(|| new_group(&mut groups, None));
            *slot = Some(g);
        }
    }
    for (p, g) in group_of.iter().enumerate() {
        if let Some(g) = g {
            groups[*g].members.push(p);
        }
    }

    // 3. Abbreviations of abbreviations.toml.
    let mut norm_groups: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &p in &group.members {
            norm_groups
                .entry(term_norms[p].clone())
                .or_default()
                .insert(g);
        }
        if let Some(ci) = group.curated {
            for d in &curation.concepts[ci].designations {
                norm_groups
                    .entry(norm(analyzer, &d.term))
                    .or_default()
                    .insert(g);
            }
        }
    }
    let mut short_groups: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &p in &group.members {
            if let Some(a) = &entries[p].abbreviation {
                short_groups.entry(a.clone()).or_default().insert(g);
            }
        }
    }
    let mut own: BTreeMap<String, usize> = BTreeMap::new();
    for row in corpus.abbreviations() {
        let source = row.source_document.clone();
        let expansion_norm = norm(analyzer, &row.expansion);
        let targets: Vec<usize> = match norm_groups.get(&expansion_norm) {
            Some(gs) => gs.iter().copied().collect(),
            None => match short_groups.get(&row.abbreviation) {
                Some(gs) if gs.len() == 1 => gs.iter().copied().collect(),
                _ => {
                    let g = *own.entry(expansion_norm.clone()).or_insert_with(|| {
                        let g = new_group(&mut groups, None);
                        groups[g].expansion = Some((row.expansion.clone(), source.clone()));
                        g
                    });
                    vec![g]
                }
            },
        };
        for g in targets {
            groups[g]
                .abbreviations
                .push((row.abbreviation.clone(), source.clone()));
        }
    }

    // 4. Concepts from groups.
    let mut concepts: Vec<Concept> = groups
        .iter()
        .map(|g| {
            assemble(
                corpus,
                analyzer,
                &term_norms,
                g,
                curation.concepts.as_slice(),
            )
        })
        .collect();

    // 5. Ids: curated, else the slug of the preferred designation, disambiguated.
    let taken: BTreeSet<&str> = curated_ids(&curation.concepts);
    let mut slug_count: BTreeMap<String, usize> = BTreeMap::new();
    let slugs: Vec<String> = concepts.iter().map(|c| slug(c.label())).collect();
    for (c, s) in concepts.iter().zip(&slugs) {
        if !matches!(c.grouping, Grouping::Curated { .. }) {
            *slug_count.entry(s.clone()).or_default() += 1;
        }
    }
    let mut used: BTreeSet<String> = taken.iter().map(|s| s.to_string()).collect();
    let mut ids = Vec::with_capacity(concepts.len());
    for (i, (c, s)) in concepts.iter().zip(&slugs).enumerate() {
        let id = match (&c.grouping, groups[i].curated) {
            (Grouping::Curated { .. }, Some(ci)) => curation.concepts[ci].id.clone(),
            _ => {
                let mut id = s.clone();
                if slug_count[s] > 1 || taken.contains(s.as_str()) {
                    let tail = match c.definitions.first() {
                        Some(d) => {
                            let eid = &entries[d.entry].id;
                            eid.strip_prefix(&format!("{s}--"))
                                .unwrap_or(eid)
                                .to_string()
                        }
                        None => slug(
                            groups[i]
                                .expansion
                                .as_ref()
                                .and_then(|e| e.1.as_deref())
                                .unwrap_or("abbreviation"),
                        ),
                    };
                    id = format!("{s}--{tail}");
                }
                let base = id.clone();
                let mut n = 2;
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
        };
        used.insert(id.clone());
        ids.push(id);
    }
    for (c, id) in concepts.iter_mut().zip(ids) {
        c.id = id;
    }

    // Sort by id; remember where each group went.
    let mut order: Vec<usize> = (0..concepts.len()).collect();
    order.sort_by(|&a, &b| concepts[a].id.cmp(&concepts[b].id));
    let mut new_index = vec![0; concepts.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Concept>> = concepts.into_iter().map(Some).collect();
    let mut concepts: Vec<Concept> = order
        .iter()
        .map(|&old| slots[old].take().expect("each once"))
        .collect();
    let of_entry: Vec<usize> = group_of
        .iter()
        .map(|g| new_index[g.expect("every entry has a group")])
        .collect();
    let curated_index: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            group
                .curated
                .map(|ci| (curation.concepts[ci].id.as_str(), new_index[g]))
        })
        .collect();
    let resolve = |target: &str| -> Option<usize> {
        curated_index
            .get(target)
            .copied()
            .or_else(|| corpus.position(target).map(|p| of_entry[p]))
    };

    // 6. Relations, replacements and successions.
    let mut relations: BTreeSet<(usize, RelationKind, usize)> = BTreeSet::new();
    for (g, group) in groups.iter().enumerate() {
        let Some(ci) = group.curated else { continue };
        let from = new_index[g];
        let c = &curation.concepts[ci];
        for (kind, target) in &c.relations {
            if let Some(to) = resolve(target).filter(|&t| t != from) {
                relations.insert((from, *kind, to));
                if *kind != RelationKind::SeeAlso {
                    relations.insert((to, kind.inverse(), from));
                }
            }
        }
        if let Some(r) = &c.replaced_by {
            concepts[from].replaced_by = resolve(r).filter(|&t| t != from);
        }
    }
    for (from, kind, target) in relations {
        concepts[from].relations.push(Relation { kind, target });
    }
    for s in &curation.successions {
        let positions: Vec<usize> = s
            .entries
            .iter()
            .filter_map(|id| corpus.position(id))
            .collect();
        for w in positions.windows(2) {
            let (older, newer) = (w[0], w[1]);
            let concept = &mut concepts[of_entry[newer]];
            for d in concept.definitions.iter_mut() {
                if d.entry == older {
                    d.superseded_by = Some(newer);
                } else if d.entry == newer {
                    d.supersedes = Some(older);
                }
            }
        }
    }

    let by_id = concepts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut by_norm: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (ci, c) in concepts.iter().enumerate() {
        for (di, d) in c.designations.iter().enumerate() {
            by_norm.entry(d.norm.clone()).or_default().push((ci, di));
        }
    }
    Concepts {
        concepts,
        by_id,
        of_entry,
        by_norm,
        lookup: Default::default(),
    }
}

/// Builds one concept (without its id and relations) from its group.
fn assemble(
    corpus: &Corpus,
    analyzer: &Analyzer,
    term_norms: &[String],
    group: &Group,
    curated: &[CuratedConcept],
) -> Concept {
    let entries = corpus.entries();
    let cur = group.curated.map(|ci| &curated[ci]);
    // (norm, lang, kind) → designation being built, plus spelling counts.
    let mut designations: Vec<Designation> = Vec::new();
    let mut spellings: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut fixed: Vec<bool> = Vec::new();
    if let Some(c) = cur {
        for d in &c.designations {
            designations.push(Designation {
                text: d.term.clone(),
                norm: norm(analyzer, &d.term),
                kind: d.kind,
                status: d.status,
                lang: d.lang.clone(),
                sources: d.sources.clone().unwrap_or_default(),
                entries: Vec::new(),
                replaced_by: d.replaced_by.clone(),
                reason: d.reason.clone(),
            });
            spellings.push(BTreeMap::new());
            fixed.push(d.sources.is_some());
        }
    }
    let curated_count = designations.len();
    let mut add = |text: &str,
                   n: String,
                   kind: DesignationType,
                   lang: &str,
                   status: Status,
                   source: Option<String>,
                   entry: Option<usize>| {
        // A curated designation of the same spelling, else of the same normalized form.
        let found = (0..curated_count)
            .find(|&i| designations[i].text == text && designations[i].lang == lang)
            .or_else(|| {
                (0..curated_count)
                    .find(|&i| designations[i].norm == n && designations[i].lang == lang)
            })
            .or_else(|| {
                (curated_count..designations.len()).find(|&i| {
                    designations[i].norm == n
                        && designations[i].lang == lang
                        && designations[i].kind == kind
                })
            });
        let i = match found {
            Some(i) => i,
            None => {
                designations.push(Designation {
                    text: text.to_string(),
                    norm: n,
                    kind,
                    status,
                    lang: lang.to_string(),
                    sources: Vec::new(),
                    entries: Vec::new(),
                    replaced_by: None,
                    reason: None,
                });
                spellings.push(BTreeMap::new());
                fixed.push(false);
                designations.len() - 1
            }
        };
        let d = &mut designations[i];
        if i >= curated_count && status_rank(status) < status_rank(d.status) {
            d.status = status;
        }
        // Duplicates are removed once at the end (a concept may have tens of thousands of
        // entries; a lookup per addition would be quadratic).
        if let Some(p) = entry {
            d.entries.push(p);
        }
        if !fixed[i] {
            if let Some(s) = source {
                if d.sources.last() != Some(&s) {
                    d.sources.push(s);
                }
            }
        }
        *spellings[i].entry(text.to_string()).or_default() += 1;
    };
    for &p in &group.members {
        let e = &entries[p];
        add(
            &e.term,
            term_norms[p].clone(),
            DesignationType::Term,
            &e.lang,
            e.status,
            Some(source_label(e)),
            Some(p),
        );
        if let Some(a) = &e.abbreviation {
            add(
                a,
                norm(analyzer, a),
                DesignationType::Abbreviation,
                &e.lang,
                Status::Admitted,
                Some(source_label(e)),
                Some(p),
            );
        }
    }
    if let Some((expansion, source)) = &group.expansion {
        add(
            expansion,
            norm(analyzer, expansion),
            DesignationType::Term,
            "en",
            Status::Admitted,
            source.clone(),
            None,
        );
    }
    for (short, source) in &group.abbreviations {
        add(
            short,
            norm(analyzer, short),
            DesignationType::Abbreviation,
            "en",
            Status::Admitted,
            source.clone(),
            None,
        );
    }
    for (i, d) in designations.iter_mut().enumerate() {
        if i >= curated_count {
            // The most used spelling names it; ties go to the first in sort order.
            if let Some((text, _)) = spellings[i]
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            {
                d.text = text.clone();
            }
        }
        d.sources.sort();
        d.sources.dedup();
        d.entries.sort_unstable();
        d.entries.dedup();
    }
    if designations.is_empty() {
        // A curated concept whose rules matched nothing still has a name.
        let text = cur.map(|c| c.id.clone()).unwrap_or_default();
        designations.push(Designation {
            norm: norm(analyzer, &text),
            text,
            kind: DesignationType::Term,
            status: Status::Admitted,
            lang: "en".into(),
            sources: Vec::new(),
            entries: Vec::new(),
            replaced_by: None,
            reason: None,
        });
    }
    designations.sort_by(|a, b| {
        status_rank(a.status)
            .cmp(&status_rank(b.status))
            .then(a.kind.cmp(&b.kind))
            .then(b.entries.len().cmp(&a.entries.len()))
            .then(a.lang.cmp(&b.lang))
            .then(a.text.cmp(&b.text))
    });
    // A preferred designation in English names the concept when there is one.
    if let Some(i) = designations
        .iter()
        .position(|d| d.status == Status::Preferred && d.lang == "en")
    {
        let d = designations.remove(i);
        designations.insert(0, d);
    }

    let preferred_entry = cur
        .and_then(|c| c.definition.as_deref())
        .and_then(|id| corpus.position(id))
        .or_else(|| {
            group
                .members
                .iter()
                .copied()
                .find(|&p| entries[p].status == Status::Preferred)
        });
    let mut definitions: Vec<Definition> = group
        .members
        .iter()
        .map(|&p| Definition {
            entry: p,
            preferred: Some(p) == preferred_entry,
            supersedes: None,
            superseded_by: None,
        })
        .collect();
    definitions.sort_by(|a, b| b.preferred.cmp(&a.preferred).then(a.entry.cmp(&b.entry)));
    let mut collections: Vec<_> = group
        .members
        .iter()
        .map(|&p| entries[p].collection)
        .collect();
    collections.sort();
    collections.dedup();
    let grouping = match cur {
        Some(c) => Grouping::Curated {
            place: c.place.clone(),
            reason: c.reason.clone(),
        },
        None if group.members.is_empty() => Grouping::Abbreviation,
        None => Grouping::Computed,
    };
    Concept {
        id: String::new(),
        designations,
        definitions,
        notes: cur.map(|c| c.notes.clone()).unwrap_or_default(),
        relations: Vec::new(),
        replaced_by: None,
        collections,
        grouping,
    }
}
