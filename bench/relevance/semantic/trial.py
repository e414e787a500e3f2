#!/usr/bin/env python3
"""Measures what the semantic signal (static MiniLM word vectors, make_word_vectors.py) would add
to mvterms's ranking, on the graded queries of bench/relevance/queries.toml, before any Rust is
written for it.

For each query of the chosen split it takes mvterms's ranking as it is (the release binary,
`--limit 100`: the re-scoring window), and re-ranks it two ways with the cosine `sim` of the
query's and the entry's vectors (each the SIF-weighted sum of its words' vectors, weight
a / (a + p) with p the word's general-English frequency; entry = term + definition):

- `window × (1 + λ·sim)`: one more factor of the second stage, over the candidates only;
- `fusion + μ·sim`: mvterms's score (over its best) plus μ·sim, over every entry of the
  collection, so an entry none of whose words matched can still come in.

The signal is applied only to descriptions (three or more content words): on one-word queries
(abbreviations, typos) it only adds noise. Prints nDCG@10 per class for each λ and μ.

    /tmp/wv/bin/python bench/relevance/semantic/trial.py [--split dev|held]
"""

import argparse
import glob
import json
import math
import os
import re
import subprocess
import tempfile
import tomllib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
STOP = set("the a an of to in and or is are be by for with on at as that this it its from which can".split())
SIF = 1e-4


def load_vectors(path):
    with open(path, "rb") as f:
        data = f.read()
    rest = data[len(b"mvterms-word-vectors 1\n"):]
    header, rest = rest.split(b"\n", 1)
    count, dims = map(int, header.split())
    words = []
    for _ in range(count):
        w, rest = rest.split(b"\n", 1)
        words.append(w.decode())
    m = np.frombuffer(rest, dtype=np.int8).reshape(count, dims).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return {w: i for i, w in enumerate(words)}, m


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", choices=["dev", "held"], default="dev")
    p.add_argument("--vectors", default=os.path.join(ROOT, "bench", "work", "word-vectors.bin"))
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "mvterms"))
    a = p.parse_args()
    index, m = load_vectors(a.vectors)
    freq = {}
    with open(os.path.join(ROOT, "data", "background", "english-frequency.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and "\t" in line:
                w, n = line.rstrip("\n").split("\t")
                freq[w] = float(n) / 1e9

    def vec(text):
        acc = np.zeros(m.shape[1], dtype=np.float32)
        for w in re.findall(r"[A-Za-z][A-Za-z']*", text):
            w = w.lower()
            if w in STOP or w not in index:
                continue
            acc += SIF / (SIF + freq.get(w, 1e-8)) * m[index[w]]
        n = np.linalg.norm(acc)
        return acc / n if n else acc

    entries, collection = {}, {}
    for coll in ("metaverse", "vocabulary"):
        for path in glob.glob(os.path.join(ROOT, "corpus", coll, "*.toml")):
            with open(path, "rb") as f:
                e = tomllib.load(f)
            entries[e["id"]] = vec(e["term"] + " " + e["definition"]) if e.get("lang", "en") == "en" else vec("")
            collection.setdefault(coll, []).append(e["id"])

    def ndcg(ranked, judgments, k=10):
        gain = lambda g: 2**g - 1
        dcg = sum(gain(judgments.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
        ideal = sorted(judgments.values(), reverse=True)[:k]
        return dcg / sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))

    with open(os.path.join(ROOT, "bench", "relevance", "queries.toml"), "rb") as f:
        queries = [q for q in tomllib.load(f)["query"] if q["split"] == a.split]
    runs = []
    with tempfile.TemporaryDirectory() as idx:
        for q in queries:
            cmd = [a.binary, "search", q["q"], "--json", "--limit", "100", "--index", idx,
                   "--corpus", os.path.join(ROOT, "corpus")]
            if q.get("collection"):
                cmd += ["--collection", q["collection"]]
            hits = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)["hits"]
            qv = vec(q["q"])
            if len([w for w in q["q"].split() if w.lower() not in STOP]) < 3:
                qv = qv * 0
            runs.append((q, [(h["id"], h["score"]) for h in hits], qv))

    def report(label, rank):
        per = {}
        for q, hits, qv in runs:
            per.setdefault(q["class"], []).append(ndcg(rank(q, hits, qv), q["judgments"]))
        print(f"{label:<22}" + " ".join(f"{c} {np.mean(v):.3f}" for c, v in per.items()))

    print(f"split {a.split}, {len(runs)} queries, {len(index)} words × {m.shape[1]} dimensions")
    for lam in (0, 0.5, 1, 2, 4):
        report(f"window λ={lam}", lambda q, hits, qv: [d for _, d in sorted(
            ((s * (1 + lam * max(0.0, float(qv @ entries[d]))), d) for d, s in hits), key=lambda x: -x[0])])
    for mu in (0.1, 0.2, 0.3, 0.5):
        def fused(q, hits, qv, mu=mu):
            best = max([s for _, s in hits] or [1.0])
            lexical = {d: s / best for d, s in hits}
            ids = collection.get(q.get("collection"), collection["metaverse"] + collection["vocabulary"])
            scored = ((lexical.get(d, 0.0) + mu * max(0.0, float(qv @ entries[d])), d) for d in ids)
            return [d for _, d in sorted(scored, key=lambda x: (-x[0], x[1]))]
        report(f"fusion μ={mu}", fused)


if __name__ == "__main__":
    main()
