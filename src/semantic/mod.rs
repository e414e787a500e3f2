//! Semantic similarity: what an entry's definition means, as a vector, so a description in an
//! editor's own words finds the definitions that say it in other words ("re-finding where the
//! glasses are after losing track" → *relocalization*, "…when tracking is lost").
//!
//! Each English definition is encoded once, when the index is built, by the sentence encoder
//! of [`encoder`] (all-MiniLM-L6-v2, embedded in the binary), and its vector stored beside the
//! index ([`Meanings`]); a query is encoded when it is searched. [`crate::search`] adds the
//! cosine of the two to the words' score for descriptions (see `search::meaning`).
//!
//! A registry of more than [`MAX_ENTRIES`] entries gets no vectors (encoding takes a few
//! milliseconds a definition); search then ranks by the words alone, as it says.

pub mod encoder;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
pub use encoder::{DIM, Encoder};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Most entries whose definitions are encoded: about 20 ms a definition on one core, so a
/// first start of about a minute and a half at most (the characteristics are estimated past
/// the same size, `ClusterOptions::max_entries`).
pub const MAX_ENTRIES: usize = 5_000;

/// First line of the vectors file.
const MAGIC: &str = "mvterms-meanings-1";

/// The shared encoder, loaded on first use (about a tenth of a second).
pub fn encoder() -> Result<&'static Encoder> {
    static ENCODER: OnceLock<std::result::Result<Encoder, String>> = OnceLock::new();
    ENCODER
        .get_or_init(|| Encoder::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Encoder(e.clone()))
}

/// The vectors of `texts`, through a memo of the texts this process encoded before (a
/// rebuilt index encodes only the definitions added or changed; at most [`MAX_ENTRIES`] × 2
/// texts are kept).
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
        if memo.len() + encoded.len() > 2 * MAX_ENTRIES {
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

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The vector of each entry's definition, by corpus position; none for an entry that is not
/// in English (the encoder reads English).
#[derive(Debug, Clone, PartialEq)]
pub struct Meanings {
    vectors: Vec<f32>,
    present: Vec<bool>,
}

impl Meanings {
    /// Encodes every English definition of the corpus; `None` past [`MAX_ENTRIES`].
    pub fn compute(corpus: &Corpus) -> Result<Option<Meanings>> {
        let entries = corpus.entries();
        if entries.len() > MAX_ENTRIES {
            return Ok(None);
        }
        let english: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].is_english())
            .collect();
        let texts: Vec<&str> = english
            .iter()
            .map(|&i| entries[i].definition.as_str())
            .collect();
        let encoded = encode_remembered(&texts)?;
        let mut vectors = vec![0f32; entries.len() * DIM];
        let mut present = vec![false; entries.len()];
        for (&i, v) in english.iter().zip(encoded) {
            vectors[i * DIM..(i + 1) * DIM].copy_from_slice(&v);
            present[i] = true;
        }
        Ok(Some(Meanings { vectors, present }))
    }

    /// The vector of the entry at this corpus position, if it has one.
    pub fn get(&self, position: usize) -> Option<&[f32]> {
        self.present
            .get(position)
            .copied()
            .unwrap_or(false)
            .then(|| &self.vectors[position * DIM..(position + 1) * DIM])
    }

    /// Entries it covers.
    pub fn len(&self) -> usize {
        self.present.len()
    }

    /// Whether it covers no entry.
    pub fn is_empty(&self) -> bool {
        self.present.is_empty()
    }

    fn payload(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.present.len() * (1 + 4 * DIM));
        bytes.extend(self.present.iter().map(|&p| u8::from(p)));
        for x in &self.vectors {
            bytes.extend(x.to_le_bytes());
        }
        bytes
    }

    /// Writes the vectors to `path`: a header (format, entries, width, SHA-256 of the rest),
    /// then a presence byte per entry and the little-endian floats.
    pub fn write(&self, path: &Path) -> Result<()> {
        let payload = self.payload();
        let header = format!(
            "{MAGIC}\n{} {DIM} {:x}\n",
            self.present.len(),
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
        let [count, width, digest] = fields.as_slice() else {
            return Err(bad("its second line is not 'entries width checksum'"));
        };
        if count.parse::<usize>().ok() != Some(entries) || width.parse::<usize>().ok() != Some(DIM)
        {
            return Err(bad(&format!(
                "it holds {count} vectors of {width} where the index has {entries} of {DIM}"
            )));
        }
        if payload.len() != entries * (1 + 4 * DIM)
            || format!("{:x}", Sha256::digest(payload)) != *digest
        {
            return Err(bad("its checksum does not match"));
        }
        let present = payload[..entries].iter().map(|&b| b == 1).collect();
        let vectors = payload[entries..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Meanings { vectors, present })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_written_are_read_back_and_damage_is_named() {
        let m = Meanings {
            vectors: (0..2 * DIM).map(|i| i as f32 / 7.0).collect(),
            present: vec![true, false],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meanings");
        m.write(&path).unwrap();
        assert_eq!(Meanings::read(&path, 2).unwrap(), m);
        assert!(
            Meanings::read(&path, 3)
                .unwrap_err()
                .contains("holds 2 vectors")
        );
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(Meanings::read(&path, 2).unwrap_err().contains("checksum"));
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
        assert!((0..3).all(|i| small.get(i).is_some()));
        assert!(small.get(3).is_none());
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
