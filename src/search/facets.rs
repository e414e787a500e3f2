//! Facet counts over every matching entry (not just the page shown): by collection, kind and
//! decade of the source, read from fast fields in one pass, and by document series (ITU-T,
//! 3GPP, W3C, …: see [`super::lexicon::series_of`]).

use crate::index::schema::{collection_of, kind_of};
use crate::model::{Collection, Kind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts of matching entries by collection, kind and decade. Keys are sorted; entries without
/// a kind or year count under `none` / `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facets {
    pub collection: BTreeMap<String, u64>,
    pub kind: BTreeMap<String, u64>,
    pub decade: BTreeMap<String, u64>,
    /// By document series of the source; entries whose source names no series are not counted.
    pub series: BTreeMap<String, u64>,
}

/// Raw counts, merged across segments before naming.
#[derive(Debug, Default)]
pub struct Counts {
    pub total: u64,
    collection: BTreeMap<u64, u64>,
    kind: BTreeMap<u64, u64>,
    decade: BTreeMap<Option<i64>, u64>,
    series: BTreeMap<u32, u64>,
    series_names: Arc<[String]>,
}

impl Counts {
    fn merge(&mut self, other: Counts) {
        self.total += other.total;
        for (k, v) in other.collection {
            *self.collection.entry(k).or_default() += v;
        }
        for (k, v) in other.kind {
            *self.kind.entry(k).or_default() += v;
        }
        for (k, v) in other.decade {
            *self.decade.entry(k).or_default() += v;
        }
        for (k, v) in other.series {
            *self.series.entry(k).or_default() += v;
        }
        if self.series_names.is_empty() {
            self.series_names = other.series_names;
        }
    }

    /// The counts with their names.
    pub fn named(&self) -> Facets {
        let collection = self
            .collection
            .iter()
            .map(|(&code, &n)| {
                (
                    collection_of(code)
                        .map_or("unknown", Collection::as_str)
                        .to_string(),
                    n,
                )
            })
            .collect();
        let kind = self
            .kind
            .iter()
            .map(|(&code, &n)| (kind_of(code).map_or("none", Kind::as_str).to_string(), n))
            .collect();
        let decade = self
            .decade
            .iter()
            .map(|(&d, &n)| {
                (
                    d.map_or_else(|| "unknown".to_string(), |d| format!("{d}s")),
                    n,
                )
            })
            .collect();
        let series = self
            .series
            .iter()
            .filter_map(|(&i, &n)| Some((self.series_names.get(i as usize)?.clone(), n)))
            .collect();
        Facets {
            collection,
            kind,
            decade,
            series,
        }
    }
}

/// The collector.
pub struct FacetCollector {
    series_of: Arc<[Option<u32>]>,
    series_names: Arc<[String]>,
}

impl FacetCollector {
    /// Counts series as the lexicon assigns them.
    pub fn new(lexicon: &super::Lexicon) -> FacetCollector {
        let (of, names) = lexicon.series_table();
        FacetCollector {
            series_of: of.clone(),
            series_names: names.clone(),
        }
    }
}

/// Per-segment state: the fast-field columns and local counts.
pub struct FacetSegment {
    collection: Column<u64>,
    kind: Column<u64>,
    year: Column<i64>,
    ord: Column<u64>,
    series_of: Arc<[Option<u32>]>,
    counts: Counts,
    // Dense counters for the two small code spaces: a map insert per document would dominate.
    collection_dense: Vec<u64>,
    kind_dense: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        Ok(FacetSegment {
            collection: fast.u64("collection")?,
            kind: fast.u64("kind")?,
            year: fast.i64("year")?,
            ord: fast.u64("ord")?,
            series_of: Arc::clone(&self.series_of),
            counts: Counts {
                series_names: Arc::clone(&self.series_names),
                ..Counts::default()
            },
            collection_dense: vec![0; Collection::ALL.len()],
            kind_dense: vec![0; Kind::ALL.len() + 1],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for fruit in fruits {
            all.merge(fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.counts.total += 1;
        if let Some(c) = self.collection.first(doc) {
            match self.collection_dense.get_mut(c as usize) {
                Some(n) => *n += 1,
                None => *self.counts.collection.entry(c).or_default() += 1,
            }
        }
        let k = self.kind.first(doc).unwrap_or(0);
        match self.kind_dense.get_mut(k as usize) {
            Some(n) => *n += 1,
            None => *self.counts.kind.entry(k).or_default() += 1,
        }
        let decade = self.year.first(doc).map(|y| y.div_euclid(10) * 10);
        *self.counts.decade.entry(decade).or_default() += 1;
        if let Some(Some(series)) = self
            .ord
            .first(doc)
            .and_then(|ord| self.series_of.get(ord as usize))
        {
            *self.counts.series.entry(*series).or_default() += 1;
        }
    }

    fn harvest(mut self) -> Counts {
        for (code, n) in self
            .collection_dense
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
        {
            *self.counts.collection.entry(code as u64).or_default() += n;
        }
        for (code, n) in self.kind_dense.iter().enumerate().filter(|(_, n)| **n > 0) {
            *self.counts.kind.entry(code as u64).or_default() += n;
        }
        self.counts
    }
}
