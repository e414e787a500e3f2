#!/usr/bin/env python3
"""Scores search relevance on the graded queries of bench/relevance/queries.toml: mvterms (the
release binary, `mvterms search Q --json`) and SQLite FTS5 side by side, in one run, on the same
corpus rows.

FTS5 is what an editor would otherwise set up, and the same one bench/run.sh times (its table,
bm25 weights and query translation are imported from bench/fts5.py): one table over term,
definition, notes and the source (document, author, title), `porter unicode61` tokenizer,
ranked by bm25 (term 4, definition 1.5, notes 0.5, source 1), the query's words OR-ed (each
word quoted, so punctuation is literal). Both get the query's collection filter.

Prints nDCG@10 and recall@20 per query class, for the whole set and for each split (dev: looked
at while tuning; held: set aside when the set was written; fresh-dev and fresh-held: written and graded later
by a second reader who saw neither system's results, the held half again kept out of tuning), and with --per-query every query's figures.

    bench/relevance/score.py [--binary target/release/mvterms] [--build] [--per-query] [--corpus DIR] [--json FILE]
"""

import argparse
import glob
import importlib.util
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPTH = 20
_spec = importlib.util.spec_from_file_location("fts5", os.path.join(ROOT, "bench", "fts5.py"))
fts5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fts5)


def load_rows():
    rows = []
    for coll in ("metaverse", "vocabulary"):
        for path in sorted(glob.glob(os.path.join(ROOT, "corpus", coll, "*.toml"))):
            with open(path, "rb") as f:
                e = tomllib.load(f)
            source = e.get("source", {})
            rows.append((e["id"], e["term"], e["definition"], "\n".join(e.get("notes", [])),
                         fts5.source_text(source), coll, e.get("kind"), e.get("year"), json.dumps(source)))
    return rows


def fts5_index(rows):
    db = sqlite3.connect(":memory:")
    db.execute(fts5.SCHEMA)
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return db


def fts5_search(db, q, collection):
    sql = "SELECT id FROM entries WHERE entries MATCH ?"
    args = [fts5.to_fts5(q)]
    if collection:
        sql += " AND collection = ?"
        args.append(collection)
    sql += f" ORDER BY {fts5.BM25} LIMIT ?"
    args.append(DEPTH)
    try:
        return [r[0] for r in db.execute(sql, args)]
    except sqlite3.OperationalError as e:
        print(f"fts5: {q!r}: {e}", file=sys.stderr)
        return []


def mvterms_search(binary, index_dir, q, collection, corpus):
    cmd = [binary, "search", q, "--json", "--limit", str(DEPTH), "--index", index_dir,
           "--corpus", corpus]
    if collection:
        cmd += ["--collection", collection]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"mvterms: {q!r}: {out.stderr.strip()}", file=sys.stderr)
        return []
    return [h["id"] for h in json.loads(out.stdout)["hits"]]


def ndcg(ranked, judgments, k=10):
    gain = lambda g: (2 ** g) - 1
    dcg = sum(gain(judgments.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, judgments, k=DEPTH):
    relevant = {d for d, g in judgments.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "mvterms"))
    p.add_argument("--queries", default=os.path.join(ROOT, "bench", "relevance", "queries.toml"))
    p.add_argument("--build", action="store_true", help="cargo build --release first")
    p.add_argument("--per-query", action="store_true")
    p.add_argument("--split", choices=["dev", "held", "fresh-dev", "fresh-held"],
                   help="with --per-query, only the queries of this split (tune on dev without seeing held)")
    p.add_argument("--corpus", default=os.path.join(ROOT, "corpus"),
                   help="the corpus mvterms reads (e.g. a copy without synonyms.toml, to measure what it adds)")
    p.add_argument("--json", help="write every figure to this file")
    a = p.parse_args()
    if a.build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with open(a.queries, "rb") as f:
        queries = tomllib.load(f)["query"]
    db = fts5_index(load_rows())
    systems = {"mvterms": None, "fts5": None}
    results = []
    with tempfile.TemporaryDirectory() as index_dir:
        for q in queries:
            coll = q.get("collection")
            runs = {
                "mvterms": mvterms_search(a.binary, index_dir, q["q"], coll, a.corpus),
                "fts5": fts5_search(db, q["q"], coll),
            }
            row = {"q": q["q"], "class": q["class"], "split": q["split"]}
            for name, ranked in runs.items():
                row[name] = {"ndcg10": ndcg(ranked, q["judgments"]), "recall20": recall(ranked, q["judgments"])}
            results.append(row)
    if a.per_query:
        for r in results:
            if a.split and r["split"] != a.split:
                continue
            print(f"{r['class']:<12} {r['split']:<10} mv {r['mvterms']['ndcg10']:.2f}/{r['mvterms']['recall20']:.2f}"
                  f"  fts5 {r['fts5']['ndcg10']:.2f}/{r['fts5']['recall20']:.2f}  {r['q']}")
        print()
    classes = sorted({r["class"] for r in results}, key=lambda c: [q["class"] for q in queries].index(c))
    summary = {}
    print(f"{'class':<13}{'split':<11}{'n':>3}   {'mvterms nDCG@10':>15} {'R@20':>5}   {'FTS5 nDCG@10':>12} {'R@20':>5}")
    for split in ("all", "dev", "held", "fresh-dev", "fresh-held"):
        for c in classes + ["ALL"]:
            rs = [r for r in results if (c == "ALL" or r["class"] == c) and (split == "all" or r["split"] == split)]
            if not rs:
                continue
            m = lambda s, k: sum(r[s][k] for r in rs) / len(rs)
            fig = {s: {k: round(m(s, k), 3) for k in ("ndcg10", "recall20")} for s in systems}
            summary[f"{split}/{c}"] = {"n": len(rs), **fig}
            print(f"{c:<13}{split:<11}{len(rs):>3}   {fig['mvterms']['ndcg10']:>15.3f} {fig['mvterms']['recall20']:>5.2f}"
                  f"   {fig['fts5']['ndcg10']:>12.3f} {fig['fts5']['recall20']:>5.2f}")
        print()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"summary": summary, "queries": results}, f, indent=1)


if __name__ == "__main__":
    main()
