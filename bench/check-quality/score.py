#!/usr/bin/env python3
"""Precision and recall of `mvterms check` on real standards documents, graded by hand.

    bench/check-quality/score.py DOCS_DIR [--bin PATH] [--corpus DIR] [--ungraded] [--set first|added|third]

DOCS_DIR holds the documents named in manifest.tsv (fetch them as FETCH.md says). Every document
is checked with its profile (JSON output); each finding is matched to grades.tsv by document,
rule, line, subject (the first quoted word of the message, or the short form of an
abbreviation finding) and severity. Precision per rule: strict = true / graded, lenient = (true + debatable) /
graded; findings graded `na` (an artefact of a document stored as an excerpt: a term "unused"
because the body was left out) are counted apart and left out of both. Recall: the problems
noted in seeded.tsv while reading clauses 3 and 4, found when some finding has the same document,
rule and line.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
# The sets of manifest.tsv, by row: the first ten documents (issue 11); four added for ITU-T and
# ISO/IEC coverage; five of kinds not in the set before (IETF RFC, ETSI GS, IHO, PDF Association,
# CalConnect), graded before any fix made for them.
SETS = {"first": (0, 10), "added": (10, 14), "third": (14, None)}
ROOT = os.path.dirname(os.path.dirname(HERE))


def read_tsv(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[1:] if rows and rows[0][0] == "doc" else rows


def subject(rule, message):
    m = re.search(r"‘([^’]*)’", message) or re.search(r'"([^"]*)"', message)
    if rule.startswith("abbreviation-") or rule == "definition-unexpanded-abbreviation":
        m2 = re.match(r"(?:abbreviation |first use of )?(\S+)", message.replace("abbreviation ", "", 1))
        if rule == "definition-unexpanded-abbreviation":
            m2 = re.search(r"abbreviation (\S+) is used", message)
        elif rule == "abbreviation-first-use":
            m2 = re.search(r"first use of (\S+)", message)
        if m2:
            return m2.group(1)
    return re.sub(r"\s+", " ", m.group(1)) if m else ""


def run(binary, corpus, path, profile):
    out = subprocess.run(
        [binary, "check", "--corpus", corpus, "--profile", profile, "--format", "json", path],
        capture_output=True,
        text=True,
    )
    if out.returncode > 1:
        sys.exit(f"{path}: exit {out.returncode}: {out.stderr.strip()}")
    data = json.loads(out.stdout)
    return data["files"][0]["findings"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("docs")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "mvterms"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    ap.add_argument("--ungraded", action="store_true", help="print ungraded findings as grade lines to fill in")
    ap.add_argument(
        "--set",
        choices=sorted(SETS),
        help="score one set of manifest.tsv: the first ten documents, the four added after them, "
        "or the five of the third round",
    )
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no binary at {args.bin}; run `cargo build --release` or pass --bin")
    grades = {}
    for row in read_tsv("grades.tsv"):
        doc, rule, line, subj, severity, grade = row[:6]
        grades[(doc, rule, line, subj, severity)] = grade
    seeded = read_tsv("seeded.tsv")
    per_rule = defaultdict(lambda: defaultdict(int))
    severity_of = {}
    ungraded = []
    found_at = set()
    manifest = read_tsv("manifest.tsv")
    if args.set:
        start, end = SETS[args.set]
        manifest = manifest[start:end]
    chosen = {row[0] for row in manifest}
    seeded = [row for row in seeded if row[0] in chosen]
    for doc, profile, *_ in manifest:
        path = os.path.join(args.docs, doc)
        if not os.path.exists(path):
            sys.exit(f"missing {path}: fetch the documents as bench/check-quality/FETCH.md says")
        for f in run(args.bin, args.corpus, path, profile):
            key = (doc, f["rule"], str(f["line"]), subject(f["rule"], f["message"]), f["severity"])
            found_at.add((doc, f["rule"], str(f["line"])))
            severity_of.setdefault(f["rule"], set()).add(f["severity"])
            g = grades.get(key)
            c = per_rule[f["rule"]]
            c["findings"] += 1
            if g is None:
                c["ungraded"] += 1
                ungraded.append("\t".join(key) + "\t?\t" + f["message"])
            else:
                c[g] += 1
    total = defaultdict(int)
    print(f"{'rule':36} {'n':>4} {'true':>4} {'false':>5} {'deb':>4} {'na':>3} {'ungr':>4} {'strict':>6} {'lenient':>7}  severities")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        graded = c["true"] + c["false"] + c["debatable"]
        for k in ("findings", "true", "false", "debatable", "na", "ungraded"):
            total[k] += c[k]
        strict = f"{c['true'] / graded:.2f}" if graded else "-"
        lenient = f"{(c['true'] + c['debatable']) / graded:.2f}" if graded else "-"
        sev = ",".join(sorted(severity_of[rule]))
        print(f"{rule:36} {c['findings']:4} {c['true']:4} {c['false']:5} {c['debatable']:4} {c['na']:3} {c['ungraded']:4} {strict:>6} {lenient:>7}  {sev}")
    graded = total["true"] + total["false"] + total["debatable"]
    if graded:
        print(f"{'ALL':36} {total['findings']:4} {total['true']:4} {total['false']:5} {total['debatable']:4} {total['na']:3} {total['ungraded']:4} "
              f"{total['true'] / graded:6.2f} {(total['true'] + total['debatable']) / graded:7.2f}")
    hit = sum(1 for doc, rule, line, *_ in seeded if (doc, rule, line) in found_at)
    if seeded:
        print(f"recall on seeded problems: {hit}/{len(seeded)} = {hit / len(seeded):.2f}")
        for doc, rule, line, *rest in seeded:
            if (doc, rule, line) not in found_at:
                print(f"  missed: {doc}:{line} {rule} {' '.join(rest)}")
    if ungraded:
        print(f"{len(ungraded)} ungraded findings" + (":" if args.ungraded else " (--ungraded lists them)"))
        if args.ungraded:
            print("\n".join(ungraded))


if __name__ == "__main__":
    main()
