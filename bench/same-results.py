#!/usr/bin/env python3
"""Checks that two mvterms builds answer the same: every query of bench/queries.txt and a few
more (filters, paging, highlights of long texts), through `mvterms search --json --limit 100` on
the real corpus, compared field by field (hits, order, scores, highlights, facets, totals).

    bench/same-results.py OLD_MVTERMS NEW_MVTERMS

For performance work: a speed-up must not change a single answer.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRA = [
    ["virtual", "--kind", "academic"],
    ["virtual", "--year-from", "2022", "--year-to", "2023"],
    ["metaverse", "--offset", "100"],
    ["", "--term", "metaverse"],
    ["world", "--collection", "vocabulary"],
    ["immersive persistent interoperable"],
    ["avatr"],
    ["realtime"],
    ["Internet of Things"],
    ["IoT devices"],
    ["three-dimensional"],
    ["\"persistent virtual\""],
    ["virtuale"],
]


def answers(binary, index):
    with open(os.path.join(ROOT, "bench", "queries.txt"), encoding="utf-8") as f:
        queries = [[l.strip()] for l in f if l.strip() and not l.startswith("#")]
    out = []
    for args in queries + EXTRA:
        r = subprocess.run(
            [binary, "search", *args, "--json", "--limit", "100", "--corpus", os.path.join(ROOT, "corpus"),
             "--index", index],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        out.append((args, r.returncode, r.stdout if r.returncode == 0 else r.stderr))
    return out


def main():
    old, new = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        before, after = answers(old, a), answers(new, b)
    differ = 0
    for (args, c1, o1), (_, c2, o2) in zip(before, after):
        same = c1 == c2 and (json.loads(o1) == json.loads(o2) if c1 == 0 else o1 == o2)
        if not same:
            differ += 1
            print(f"DIFFERENT: {args}")
    print(f"{len(before) - differ} of {len(before)} queries answer the same")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
