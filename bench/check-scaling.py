#!/usr/bin/env python3
"""Check time and peak memory against draft size, on adversarial drafts (issue 14).

Builds each kind of hostile draft at each size (10 KB … 8 MiB by default), runs the release
`mvterms check` on it under /usr/bin/time -v, and prints a Markdown table: wall time, peak RSS,
and the ratio of each to the previous size (linear work gives a time ratio close to the size
ratio). A run that stops with an error naming a limit (exit 2: a draft bound,
`draft_too_complex` in the API) shows the limit's name; its time and memory are those of
reading the draft up to the refusal.

    cargo build --release
    python3 bench/check-scaling.py                       # every kind, 10 KB … 8 MiB
    python3 bench/check-scaling.py --kinds hyphen-run,definitions --sizes 10K,1M
    python3 bench/check-scaling.py --bin /path/to/other/mvterms   # e.g. a build of main

Each measurement is the median of --runs runs (default 3; 8 MiB drafts once unless --runs is
given). Drafts are written to a temporary folder and removed afterwards.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAD = "1 Scope\nThis Recommendation defines terms.\n\n3 Definitions\n\n"


def fill(unit, size, prefix=HEAD + "3.1 a "):
    """`prefix` then `unit` repeated up to `size` bytes in all, and a newline."""
    budget = max(size - len(prefix.encode()) - 1, len(unit.encode()))
    count = budget // len(unit.encode())
    return prefix + unit * count + "\n"


def lines(size, head, line_of):
    """`head`, then `line_of(0)`, `line_of(1)`, … until the draft has `size` bytes."""
    out, i, total = [head], 0, len(head.encode())
    while total < size:
        line = line_of(i)
        out.append(line)
        total += len(line.encode())
        i += 1
    return "".join(out)


def definitions(size):
    return lines(size, HEAD, lambda i: "3.1.%d term%d: a thing %d that other terms use.\n" % (i, i, i))


BODY = HEAD + "3.1 avatar: a representation of a user.\n\n5 Body\n"


def short_lines(size):
    return lines(size, BODY, lambda i: "word%d a-b\n" % (i % 1000))


def body_hyphens(size):
    return fill("real-time ", size, HEAD + "3.1 real-time: without delay.\n\n5 Body\n")


def paragraphs(size):
    """Short paragraphs separated by blank lines (each one a paragraph of its own)."""
    return lines(size, BODY + "\n", lambda i: "word%d a-b\n\n" % (i % 1000))


WORDS = ("a representation of the user in a virtual world that other users can see and "
         "interact with in real time through an immersive persistent shared space").split()


def long_definitions(size):
    """Definitions of 100 ordinary words each (about 650 bytes), as many as fill `size`."""
    def line(i):
        text = " ".join(WORDS[(i * 7 + k * k) % len(WORDS)] for k in range(100))
        return "3.1.%d term %d: %s.\n" % (i, i, text)
    return lines(size, HEAD, line)


def long_terms(size):
    """Terms of 100 words each (a-a-a-…), as many as fill `size`."""
    return lines(size, HEAD, lambda i: "3.1.%d %s%d: a thing.\n" % (i, "a-" * 99, i))


KINDS = {
    # One definition whose text is a long run of "a-a-a-…".
    "hyphen-run": lambda n: fill("a-", n),
    # One giant word.
    "giant-word": lambda n: fill("a", n),
    # A letter followed by combining marks only (one grapheme).
    "combining": lambda n: fill("\u0301", n, HEAD + "3.1 a a"),
    # Letters joined by zero-width joiners / zero-width spaces.
    "zwj": lambda n: fill("a\u200d", n),
    "zwsp": lambda n: fill("a\u200b", n),
    # Han characters without spaces.
    "cjk": lambda n: fill("\u8a9e", n),
    # A long run of digits.
    "digits": lambda n: fill("1", n),
    # Many clause-3 definitions (20 000 is about 0.9 MB).
    "definitions": definitions,
    # Many short lines in the body.
    "short-lines": short_lines,
    # One hyphenated word, repeated in the body.
    "body-hyphens": body_hyphens,
    # Just under the draft bounds (src/check/bounds.rs) where the bounds stop them: short
    # paragraphs, long definitions, long terms.
    "paragraphs": paragraphs,
    "long-definitions": long_definitions,
    "long-terms": long_terms,
}


def parse_size(s):
    s = s.strip().upper()
    for suffix, mult in (("MIB", 1 << 20), ("M", 1 << 20), ("KB", 1000), ("K", 1000)):
        if s.endswith(suffix):
            return int(float(s[: -len(suffix)]) * mult)
    return int(s)


def human(n):
    if n >= 1 << 20:
        return "%g MiB" % round(n / (1 << 20), 2)
    return "%g KB" % round(n / 1000, 1)


def run(binary, path, corpus):
    cmd = ["/usr/bin/time", "-v", binary, "check", "--format", "json", "--corpus", corpus, path]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = rss = None
    err = []
    for line in p.stderr.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            t = line.rsplit(" ", 1)[1].split(":")
            wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(t)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(" ", 1)[1]) * 1024
        elif not line.startswith(("Command", "User time", "System time", "Percent", "Average",
                                  "Major", "Minor", "Voluntary", "Involuntary", "Swaps",
                                  "File system", "Socket", "Signals", "Page size", "Exit status")):
            err.append(line)
    exit_code = p.returncode
    return wall, rss, exit_code, (err[0] if err else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/mvterms"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--sizes", default="10K,100K,1M,8MiB")
    ap.add_argument("--runs", type=int, default=None)
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit("no binary at %s: run `cargo build --release` first" % args.bin)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    print("| draft | size | time (median) | × prev | peak RSS | × prev | exit |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            prev = None
            for size in sizes:
                path = os.path.join(tmp, "%s-%d.txt" % (kind, size))
                with open(path, "w", encoding="utf-8") as f:
                    f.write(KINDS[kind](size))
                real = os.path.getsize(path)
                runs = args.runs or (1 if real > 4 << 20 else 3)
                results = [run(args.bin, path, args.corpus) for _ in range(runs)]
                os.remove(path)
                wall = statistics.median(r[0] for r in results)
                rss = statistics.median(r[1] for r in results)
                code, err = results[0][2], results[0][3]
                ratio_t = ratio_m = ""
                if prev:
                    ratio_t = "%.1f" % (wall / max(prev[0], 1e-3))
                    ratio_m = "%.1f" % (rss / prev[1])
                limit = re.search(r"limit (max_\w+)", err)
                note = str(code) if code <= 1 else "%d: %s" % (code, limit.group(1) if limit else err[:80])
                print("| %s | %s | %.3f s | %s | %.1f MB | %s | %s |" % (
                    kind, human(real), wall, ratio_t, rss / 1e6, ratio_m, note), flush=True)
                prev = (wall, rss)


if __name__ == "__main__":
    main()
