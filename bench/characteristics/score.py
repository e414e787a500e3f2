#!/usr/bin/env python3
"""Scores the computed characteristics of `mvterms clusters` against gold.toml.

For each gold characteristic, the definitions annotated with it form a set; each computed
characteristic of the top 30 (the first 30 of `clusters` in the JSON, largest share first)
has the set of annotated definitions it lists in `entries`. Each gold characteristic is
matched to at most one computed characteristic and each computed one to at most one gold
characteristic (greedy, best F1 first); F1 is then macro-averaged over the gold
characteristics (an unmatched one scores 0). Also reported: the F1 when every gold
characteristic may take its best computed one (no one-to-one constraint), and how many of the
top 30 are generic words (label in gold.toml's `generic` list, or a number).

Usage:
    python3 bench/characteristics/score.py                  # with corpus/clusters.toml
    python3 bench/characteristics/score.py --no-curation    # the computation alone
    python3 bench/characteristics/score.py --json FILE      # score a saved `clusters --json`
Options: --top N (default 30), --binary PATH (default target/release/mvterms), --verbose.
Sets: all annotated definitions, the development part, and the held-out part (heldout = true).
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def f1(gold: set, got: set) -> float:
    if not gold or not got:
        return 0.0
    tp = len(gold & got)
    if tp == 0:
        return 0.0
    p, r = tp / len(got), tp / len(gold)
    return 2 * p * r / (p + r)


def score(gold_sets: dict, computed: list, ids: set) -> tuple:
    gold = {g: s & ids for g, s in gold_sets.items()}
    gold = {g: s for g, s in gold.items() if s}
    got = [(c["id"], c["label"], set(c["entries"]) & ids) for c in computed]
    pairs = sorted(
        ((f1(s, e), g, cid, label) for g, s in gold.items() for cid, label, e in got),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    matched, used = {}, set()
    for value, g, cid, label in pairs:
        if value <= 0 or g in matched or cid in used:
            continue
        matched[g] = (value, label)
        used.add(cid)
    one_to_one = sum(v for v, _ in matched.values()) / len(gold)
    best = {g: max([(f1(s, e), label) for _, label, e in got] or [(0.0, "")]) for g, s in gold.items()}
    free = sum(v for v, _ in best.values()) / len(gold)
    return one_to_one, free, matched, gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-curation", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "mvterms"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    gold_file = tomllib.loads((ROOT / "bench" / "characteristics" / "gold.toml").read_text())
    generic = {w.lower() for w in gold_file["generic"]}
    definitions = gold_file["definition"]
    sets: dict = {}
    for d in definitions:
        for c in d["characteristics"]:
            sets.setdefault(c, set()).add(d["id"])
    every = {d["id"] for d in definitions}
    heldout = {d["id"] for d in definitions if d.get("heldout")}

    if args.json:
        data = json.loads(pathlib.Path(args.json).read_text())
    else:
        cmd = [args.binary, "clusters", "--json", "--corpus", str(ROOT / "corpus")]
        if args.no_curation:
            cmd.append("--no-curation")
        data = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    top = data["clusters"][: args.top]

    def is_generic(label: str) -> bool:
        words = label.lower().replace("-", " ").split()
        return label.lower() in generic or (len(words) == 1 and words[0] in generic) or any(
            ch.isdigit() for ch in label) and not any(ch.isalpha() for ch in label)

    generic_top = [c["label"] for c in top if is_generic(c["label"])]
    print(f"gold: {len(every)} definitions ({len(every) - len(heldout)} development, "
          f"{len(heldout)} held out), {len(sets)} characteristics; top {len(top)} computed"
          f"{' (no curation)' if args.no_curation else ''}")
    for name, ids in [("all", every), ("development", every - heldout), ("held out", heldout)]:
        one, free, matched, gold = score(sets, top, ids)
        print(f"  {name:12} macro F1 {one:.3f} (one-to-one)   {free:.3f} (best match each)")
        if args.verbose and name == "all":
            for g in sorted(gold):
                v, label = matched.get(g, (0.0, "—"))
                print(f"      {g:18} {v:.2f}  {label}")
    print(f"  generic words in the top {len(top)}: {len(generic_top)}"
          f"{' (' + ', '.join(generic_top) + ')' if generic_top else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
