#!/usr/bin/env python3
"""The SQLite FTS5 side of bench/run.sh: the same JSONL rows and the same queries as mvterms.

What a user would otherwise pick: an FTS5 table over term, definition, notes and the source
(document, author, title: mvterms indexes them too) with the porter
tokenizer, ranked by bm25 with the same column weights as mvterms (term 4, definition 1.5,
notes 0.5, source 1), through Python's built-in sqlite3 module. The query's words are OR-ed, as issue 9
compares (no word required, like mvterms); `--words and` gives FTS5's implicit AND instead.

    fts5.py build  --rows ROWS.jsonl --db FILE
    fts5.py search --db FILE --queries bench/queries.txt --rounds N [--variant plain|comparable] [--words or|and]

Each prints one JSON object on stdout. `plain` is FTS5 as usually used: the top 10 rows by bm25
with their fields. `comparable` also does what mvterms does on every search besides typo
tolerance and abbreviations: the total number of matches, facet counts (collection, kind,
decade) and a highlighted definition.
"""

import argparse
import json
import os
import re
import sqlite3
import sys
import time

SCHEMA = (
    "CREATE VIRTUAL TABLE entries USING fts5("
    "id UNINDEXED, term, definition, notes, source_text, collection UNINDEXED, kind UNINDEXED, "
    "year UNINDEXED, source UNINDEXED, tokenize = 'porter unicode61')"
)
# Column weights in table order: id, term, definition, notes, source_text (the rest are unindexed).
BM25 = "bm25(entries, 0.0, 4.0, 1.5, 0.5, 1.0)"
PLAIN = (
    f"SELECT id, term, definition, collection, kind, year, source FROM entries "
    f"WHERE entries MATCH ? ORDER BY {BM25} LIMIT 10"
)
COMPARABLE = (
    f"SELECT id, term, definition, collection, kind, year, source, "
    f"highlight(entries, 2, '<mark>', '</mark>') FROM entries "
    f"WHERE entries MATCH ? ORDER BY {BM25} LIMIT 10"
)
FACETS = (
    "SELECT collection, kind, year / 10, count(*) FROM entries WHERE entries MATCH ? "
    "GROUP BY 1, 2, 3"
)


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def to_fts5(query, joiner=" OR "):
    """The same words as an FTS5 query: each word quoted (so punctuation and operators are
    taken literally, and "real-time" is the phrase "real time"), quoted phrases kept, OR-ed
    (`joiner`; " " is FTS5's implicit AND)."""
    parts = []
    for i, chunk in enumerate(re.split(r'["“”„]', query)):
        if i % 2 == 1:
            words = [chunk.strip()] if chunk.strip() else []
        else:
            words = chunk.split()
        for w in words:
            if any(c.isalnum() for c in w):
                parts.append('"' + w.replace('"', '""') + '"')
    return joiner.join(parts)


def source_text(source):
    """The searchable words of a source: document, author and title."""
    return " ".join(source.get(k) or "" for k in ("document", "author", "title"))


def build(args):
    started = time.perf_counter()
    rows = []
    with open(args.rows, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                rows.append(
                    (
                        e["id"],
                        e["term"],
                        e["definition"],
                        "\n".join(e.get("notes") or []),
                        source_text(e.get("source") or {}),
                        e["collection"],
                        e.get("kind"),
                        e.get("year"),
                        json.dumps(e.get("source") or {}),
                    )
                )
    load_ms = (time.perf_counter() - started) * 1000
    rss_loaded_kb = status_kb("VmRSS")
    if os.path.exists(args.db):
        os.remove(args.db)
    started = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.execute(SCHEMA)
    with db:
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    build_ms = (time.perf_counter() - started) * 1000
    print(
        json.dumps(
            {
                "engine": "fts5",
                "rows": len(rows),
                "load_ms": load_ms,
                "build_ms": build_ms,
                "rss_loaded_kb": rss_loaded_kb,
                "peak_rss_kb": status_kb("VmHWM"),
                "index_bytes": os.path.getsize(args.db),
                "sqlite": sqlite3.sqlite_version,
            }
        )
    )


def search(args):
    db = sqlite3.connect(args.db)
    with open(args.queries, encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]
    matches = [to_fts5(q, " OR " if args.words == "or" else " ") for q in queries]

    if args.variant == "plain":

        def run(m):
            return db.execute(PLAIN, (m,)).fetchall(), None

    else:

        def run(m):
            hits = db.execute(COMPARABLE, (m,)).fetchall()
            facets = db.execute(FACETS, (m,)).fetchall()
            return hits, sum(row[3] for row in facets)

    totals = []
    for m in matches:  # one untimed call each, as on the mvterms side
        hits, total = run(m)
        if total is None:
            total = db.execute("SELECT count(*) FROM entries WHERE entries MATCH ?", (m,)).fetchone()[0]
        totals.append(total)
    samples = [[] for _ in matches]
    clock = time.perf_counter_ns
    for _ in range(args.rounds):
        for m, times in zip(matches, samples):
            started = clock()
            run(m)
            times.append(clock() - started)
    print(
        json.dumps(
            {
                "engine": "fts5" if args.variant == "plain" else "fts5_comparable",
                "words": args.words,
                "queries": queries,
                "fts5_queries": matches,
                "totals": totals,
                "ns": samples,
                "rss_kb": status_kb("VmRSS"),
            },
            ensure_ascii=False,
        )
    )


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--rows", required=True)
    b.add_argument("--db", required=True)
    s = sub.add_parser("search")
    s.add_argument("--db", required=True)
    s.add_argument("--queries", required=True)
    s.add_argument("--rounds", type=int, default=20)
    s.add_argument("--variant", choices=["plain", "comparable"], default="plain")
    s.add_argument("--words", choices=["or", "and"], default="or",
                   help="OR the query's words (default, as mvterms requires none) or AND them")
    args = p.parse_args()
    {"build": build, "search": search}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
