//! Semantic similarity: what an entry's definition means, as a vector, so a description in an
//! editor's own words finds the definitions that say it in other words ("re-finding where the
//! glasses are after losing track" → *relocalization*, "…when tracking is lost").
//!
//! Each English definition is encoded once, when the index is built, by the sentence encoder
//! of [`encoder`] (all-MiniLM-L6-v2, embedded in the binary): as a whole and in overlapping
//! passages of a dozen words ([`passages`]), their vectors stored beside the index
//! ([`Meanings`]); a query is encoded when it is searched. [`crate::search`] ranks the entries
//! of a description by the cosine of the query with each entry's nearest passage, and fuses
//! that ranking with the words' (see `search::meaning`).
//!
//! A registry of more than [`MAX_ENTRIES`] entries gets no vectors (encoding takes tens of
//! milliseconds an entry); search then ranks by the words alone, as it says.

pub mod encoder;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
pub use encoder::{DIM, Encoder};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Most entries whose definitions are encoded: about 50 ms an entry (its definition and its
/// passages) on two cores, so a first start of under two minutes at most.
pub const MAX_ENTRIES: usize = 2_000;

/// Most texts the memo of [`encode_remembered`] keeps (about 1.6 KB each): twice the
/// passages of [`MAX_ENTRIES`] definitions of about 25 words.
const MEMO_TEXTS: usize = 8 * MAX_ENTRIES;

/// First line of the vectors file.
const MAGIC: &str = "mvterms-meanings-2";

/// The shared encoder, loaded on first use (about a tenth of a second).
pub fn encoder() -> Result<&'static Encoder> {
    static ENCODER: OnceLock<std::result::Result<Encoder, String>> = OnceLock::new();
    ENCODER
        .get_or_init(|| Encoder::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Encoder(e.clone()))
}

/// The vectors of `texts`, through a memo of the texts this process encoded before (a
/// rebuilt index encodes only the definitions added or changed; at most [`MEMO_TEXTS`] texts
/// are kept).
pub fn encode_remembered(texts: &[&str]) -> Result<Vec<Vec<f32>>> {
    static MEMO: OnceLock<Mutex<HashMap<String, Vec<f32>>>> = OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    let known = |memo: &HashMap<String, Vec<f32>>| -> Vec<Option<Vec<f32>>> {
        texts.iter().map(|t| memo.get(*t).cloned()).collect()
    };
    let mut found = known(&memo.lock().unwrap_or_else(|e| e.into_inner()));
    let missing: Vec<&str> = texts
        .iter()
        .zip(&found)
        .filter(|(_, v)| v.is_none())
        .map(|(t, _)| *t)
        .collect();
    if !missing.is_empty() {
        let encoded = encoder()?.encode(&missing)?;
        let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() + encoded.len() > MEMO_TEXTS {
            memo.clear();
        }
        let mut new = missing.iter().zip(encoded);
        for slot in found.iter_mut().filter(|v| v.is_none()) {
            let (text, vector) = new.next().expect("one vector per missing text");
            memo.insert((*text).to_string(), vector.clone());
            *slot = Some(vector);
        }
    }
    Ok(found.into_iter().map(|v| v.unwrap_or_default()).collect())
}

/// The cosine of two unit vectors. Summed in eight lanes, which the compiler turns into
/// vector instructions (a single running sum must be added in order, one product at a time):
/// a description is compared with every passage of the registry.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Words of a passage.
pub const PASSAGE_WORDS: usize = 12;
/// Words from the start of one passage to the start of the next (passages overlap by half).
pub const PASSAGE_STEP: usize = 6;

/// The passages of a definition whose meanings are kept: the whole definition (passage 0),
/// and, when it is longer than [`PASSAGE_WORDS`] words, every stretch of that many words
/// starting [`PASSAGE_STEP`] words after the previous one (passage k starts at word
/// (k − 1) × step; the last one reaches the end).
///
/// A definition of the metaverse says many things ("persistent", "shared", "users create
/// content"…); a query asks about one of them, and is nearer in meaning to the words that
/// say it than to the definition as a whole.
pub fn passages(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = vec![text.to_string()];
    if words.len() > PASSAGE_WORDS {
        let mut start = 0;
        while start + PASSAGE_WORDS < words.len() + PASSAGE_STEP {
            let end = (start + PASSAGE_WORDS).min(words.len());
            out.push(words[start..end].join(" "));
            start += PASSAGE_STEP;
        }
    }
    out
}

/// Passage `k` of `text`, as [`passages`] makes it (without making the others).
pub fn passage(text: &str, k: usize) -> String {
    if k == 0 {
        return text.to_string();
    }
    let start = (k - 1) * PASSAGE_STEP;
    text.split_whitespace()
        .skip(start)
        .take(PASSAGE_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The vectors of each entry's definition, by corpus position: one for each of its
/// [`passages`]; none for an entry that is not in English (the encoder reads English).
#[derive(Debug, Clone, PartialEq)]
pub struct Meanings {
    /// The passages' vectors, entry after entry, [`DIM`] floats each.
    vectors: Vec<f32>,
    /// Entry i's passages are `starts[i]..starts[i + 1]`.
    starts: Vec<u32>,
}

impl Meanings {
    /// Encodes the passages of every English definition of the corpus; `None` past
    /// [`MAX_ENTRIES`].
    pub fn compute(corpus: &Corpus) -> Result<Option<Meanings>> {
        let entries = corpus.entries();
        if entries.len() > MAX_ENTRIES {
            return Ok(None);
        }
        let mut texts: Vec<String> = Vec::new();
        let mut starts = Vec::with_capacity(entries.len() + 1);
        starts.push(0u32);
        for entry in entries {
            if entry.is_english() {
                texts.extend(passages(&entry.definition));
            }
            starts.push(u32::try_from(texts.len()).expect("fewer passages than 2^32"));
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let vectors = encode_remembered(&refs)?.concat();
        Ok(Some(Meanings { vectors, starts }))
    }

    /// How near in meaning the entry at this corpus position is to `query` (a unit vector):
    /// the cosine of its nearest passage, and which passage that is; `None` for an entry
    /// without vectors.
    pub fn nearest(&self, position: usize, query: &[f32]) -> Option<(f32, usize)> {
        let (&from, &to) = (self.starts.get(position)?, self.starts.get(position + 1)?);
        (from as usize..to as usize)
            .map(|p| cosine(query, &self.vectors[p * DIM..(p + 1) * DIM]))
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(k, c)| (c, k))
    }

    /// Passages of the entry at this corpus position that have vectors.
    pub fn passages_of(&self, position: usize) -> usize {
        match (self.starts.get(position), self.starts.get(position + 1)) {
            (Some(&from), Some(&to)) => (to - from) as usize,
            _ => 0,
        }
    }

    /// Entries it covers.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether it covers no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn payload(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 * self.starts.len() + 4 * self.vectors.len());
        for s in &self.starts {
            bytes.extend(s.to_le_bytes());
        }
        for x in &self.vectors {
            bytes.extend(x.to_le_bytes());
        }
        bytes
    }

    /// Writes the vectors to `path`: a header (format, entries, passages, width, SHA-256 of
    /// the rest), then each entry's first passage and the end (little-endian 32-bit
    /// integers), then the passages' floats (little-endian).
    pub fn write(&self, path: &Path) -> Result<()> {
        let payload = self.payload();
        let header = format!(
            "{MAGIC}\n{} {} {DIM} {:x}\n",
            self.len(),
            self.vectors.len() / DIM,
            Sha256::digest(&payload)
        );
        let mut bytes = header.into_bytes();
        bytes.extend(payload);
        std::fs::write(path, bytes).map_err(|e| Error::io("write", path, e))
    }

    /// Reads what [`Meanings::write`] wrote, for a corpus of `entries` entries; the message
    /// says what is wrong with a file that is not that.
    pub fn read(path: &Path, entries: usize) -> std::result::Result<Meanings, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
        let bad = |why: &str| format!("{} is damaged: {why}", path.display());
        let mut lines = bytes.splitn(3, |&b| b == b'\n');
        let magic = lines.next().unwrap_or_default();
        let header = lines.next().unwrap_or_default();
        let payload = lines.next().unwrap_or_default();
        if magic != MAGIC.as_bytes() {
            return Err(bad("it does not start with the format line"));
        }
        let header = String::from_utf8_lossy(header);
        let fields: Vec<&str> = header.split(' ').collect();
        let [count, passages, width, digest] = fields.as_slice() else {
            return Err(bad(
                "its second line is not 'entries passages width checksum'",
            ));
        };
        if count.parse::<usize>().ok() != Some(entries) || width.parse::<usize>().ok() != Some(DIM)
        {
            return Err(bad(&format!(
                "it holds vectors for {count} entries, {width} wide, where the index has {entries} entries and vectors {DIM} wide"
            )));
        }
        let passages: usize = passages
            .parse()
            .map_err(|_| bad("its passage count is not a number"))?;
        if payload.len() != 4 * (entries + 1) + 4 * DIM * passages
            || format!("{:x}", Sha256::digest(payload)) != *digest
        {
            return Err(bad("its checksum does not match"));
        }
        let (starts, vectors) = payload.split_at(4 * (entries + 1));
        let word = |c: &[u8]| [c[0], c[1], c[2], c[3]];
        let starts: Vec<u32> = starts
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(word(c)))
            .collect();
        if starts.first() != Some(&0)
            || starts.last().map(|&s| s as usize) != Some(passages)
            || starts.windows(2).any(|w| w[0] > w[1])
        {
            return Err(bad("its passage offsets are out of order"));
        }
        let vectors = vectors
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(word(c)))
            .collect();
        Ok(Meanings { vectors, starts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_written_are_read_back_and_damage_is_named() {
        let m = Meanings {
            vectors: (0..3 * DIM).map(|i| i as f32 / 7.0).collect(),
            starts: vec![0, 2, 2, 3],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meanings");
        m.write(&path).unwrap();
        assert_eq!(Meanings::read(&path, 3).unwrap(), m);
        assert!(
            Meanings::read(&path, 4)
                .unwrap_err()
                .contains("holds vectors for 3 entries")
        );
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(Meanings::read(&path, 3).unwrap_err().contains("checksum"));
    }

    #[test]
    fn a_long_definition_is_read_in_overlapping_passages_and_a_short_one_whole() {
        assert_eq!(passages("A shared place."), ["A shared place."]);
        let text = (1..=20)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let got = passages(&text);
        let words = |from: usize, to: usize| {
            (from..=to)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            got,
            [text.clone(), words(1, 12), words(7, 18), words(13, 20)]
        );
        for (k, p) in got.iter().enumerate() {
            assert_eq!(&passage(&text, k), p);
        }
        // Exactly one passage's worth of words past the window: the last window ends there.
        let thirteen = (1..=13)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(passages(&thirteen)[1..], [words(1, 12), words(7, 13)]);
    }

    #[test]
    fn the_cosine_is_the_dot_product_whatever_the_length() {
        for n in [0, 3, 8, 13, DIM] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((cosine(&a, &b) - plain).abs() < 1e-4, "{n}");
        }
    }

    #[test]
    fn an_entry_is_as_near_as_its_nearest_passage() {
        let unit = |i: usize| {
            let mut v = vec![0f32; DIM];
            v[i] = 1.0;
            v
        };
        let m = Meanings {
            vectors: [unit(0), unit(1), unit(2)].concat(),
            starts: vec![0, 2, 2, 3],
        };
        assert_eq!(m.nearest(0, &unit(1)), Some((1.0, 1)));
        assert_eq!(m.nearest(0, &unit(0)), Some((1.0, 0)));
        assert_eq!(m.nearest(1, &unit(1)), None, "an entry without vectors");
        assert_eq!(m.nearest(2, &unit(1)), Some((0.0, 0)));
        assert_eq!(m.nearest(3, &unit(1)), None, "past the end");
        assert_eq!((m.passages_of(0), m.passages_of(1), m.len()), (2, 0, 3));
    }

    #[test]
    fn a_registry_past_the_bound_gets_no_vectors_and_one_within_it_does() {
        use crate::clusters::tests::entry;
        use crate::model::Collection;
        let corpus = |n: usize| {
            let entries = (0..n)
                .map(|i| {
                    let id = format!("e{i}");
                    entry(&id, Collection::Vocabulary, &id, None, "A shared place.")
                })
                .collect();
            Corpus::from_parts(entries, vec![]).unwrap()
        };
        assert_eq!(Meanings::compute(&corpus(MAX_ENTRIES + 1)).unwrap(), None);
        let small = Meanings::compute(&corpus(3)).unwrap().unwrap();
        assert_eq!(small.len(), 3);
        assert!((0..3).all(|i| small.passages_of(i) == 1));
        assert_eq!(small.passages_of(3), 0);
    }

    /// Against the reference: the same model run by an independent implementation (NumPy, on
    /// the original 32-bit weights, bench/relevance/semantic/make_word_vectors.py).
    #[test]
    fn the_encoder_gives_the_reference_vectors() {
        let v = encoder()
            .unwrap()
            .encode(&[
                "re-finding where the glasses are after losing track",
                "estimating the pose of the AR device again when tracking is lost",
                "a package holding an avatar and its context",
            ])
            .unwrap();
        let first: [[f32; 6]; 3] = [
            [0.0600, -0.0479, 0.0416, 0.0149, 0.0646, 0.0424],
            [-0.0263, -0.0167, 0.0014, 0.0174, 0.0890, 0.0227],
            [-0.0446, 0.1176, 0.0018, -0.0376, 0.1093, -0.0131],
        ];
        for (got, want) in v.iter().zip(first) {
            assert_eq!(got.len(), DIM);
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 2e-3, "{:?} vs {want:?}", &got[..6]);
            }
            assert!((cosine(got, got) - 1.0).abs() < 1e-4);
        }
        for ((a, b), want) in [((0, 1), 0.4659), ((0, 2), 0.0868), ((1, 2), 0.1473)] {
            let got = cosine(&v[a], &v[b]);
            assert!((got - want).abs() < 5e-3, "cosine {a}-{b}: {got} vs {want}");
        }
        // One text alone gives what it gives in a batch (padding is masked).
        let alone = encoder()
            .unwrap()
            .encode(&["a package holding an avatar and its context"])
            .unwrap();
        assert!((cosine(&alone[0], &v[2]) - 1.0).abs() < 1e-4);
    }
}
