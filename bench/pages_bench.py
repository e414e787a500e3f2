"""The pages side of bench/run.sh: the HTML page and the JSON endpoint of the same query, side
by side on one release server and the real corpus.

1. latency: one keep-alive connection, requests one after the other, the page (`/?q=…`) and
   the API (`/v1/search?q=…`) of each query of bench/queries.txt taking turns, `rounds` times;
   the same for entry pages (`/entries/{id}` vs `/v1/entries/{id}`) and term pages. Median and
   p99 of the time from request sent to body read, so both sides carry the same HTTP cost;
2. weight: the bytes of every page fetched (the budget is 100 KB without images);
3. throughput: wrk on the same paths, page and API taking turns.
"""

import http.client
import json
import os
import shutil
import statistics
import time
import urllib.parse


def _timed(conn, path):
    started = time.perf_counter_ns()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    elapsed = time.perf_counter_ns() - started
    if r.status != 200:
        raise SystemExit(f"{path} answered {r.status}")
    return elapsed, len(body), body


def _stats(ns):
    s = sorted(ns)
    return {
        "median_ms": statistics.median(s) / 1e6,
        "p99_ms": s[min(len(s) - 1, int(len(s) * 0.99))] / 1e6,
        "n": len(s),
    }


def run(mvterms, queries, seconds, connections, threads, turns, rounds, Server, wrk, log, work):
    index = os.path.join(work, "index-pages")
    shutil.rmtree(index, ignore_errors=True)
    server = Server(mvterms, index)
    try:
        server.first_answer("/healthz")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        q = [urllib.parse.quote(x, safe="") for x in queries]
        # Entries and terms met in the results of the queries (the first hit of each).
        ids, terms = [], []
        for x in q:
            _, _, body = _timed(conn, f"/v1/search?q={x}&limit=1")
            for hit in json.loads(body)["hits"]:
                if hit["id"] not in ids:
                    ids.append(hit["id"])
                t = urllib.parse.quote(hit["term"].lower(), safe="")
                if t not in terms:
                    terms.append(t)
        kinds = {
            "search": [(f"/?q={x}", f"/v1/search?q={x}") for x in q],
            "entry": [(f"/entries/{i}", f"/v1/entries/{i}") for i in ids],
            "term": [(f"/terms/{t}", f"/v1/terms/{t}") for t in terms],
        }
        result = {"rounds": rounds}
        for kind, pairs in kinds.items():
            log(f"pages: {kind} latency, {len(pairs)} paths x {rounds} rounds, page and JSON taking turns")
            page_ns, json_ns, weights, json_weights = [], [], {}, {}
            for p, j in pairs:  # warm both
                _timed(conn, p)
                _timed(conn, j)
            for _ in range(rounds):
                for p, j in pairs:
                    ns, size, _ = _timed(conn, p)
                    page_ns.append(ns)
                    weights[p] = size
                    ns, size, _ = _timed(conn, j)
                    json_ns.append(ns)
                    json_weights[j] = size
            heaviest = max(weights, key=weights.get)
            result[kind] = {
                "paths": len(pairs),
                "page": _stats(page_ns),
                "json": _stats(json_ns),
                "ratio_median": statistics.median(page_ns) / statistics.median(json_ns),
                "page_kb_median": statistics.median(weights.values()) / 1024,
                "page_kb_max": weights[heaviest] / 1024,
                "heaviest": heaviest,
                "json_kb_median": statistics.median(json_weights.values()) / 1024,
            }
        conn.close()
        files = {}
        for name, paths in {"page": [p for p, _ in kinds["search"]],
                            "json": [j for _, j in kinds["search"]]}.items():
            files[name] = os.path.join(work, f"paths-pages-{name}.txt")
            with open(files[name], "w") as f:
                f.write("\n".join(paths) + "\n")
        runs = {"page": [], "json": []}
        for t in range(turns):
            for name in ("page", "json"):
                log(f"pages: wrk search {name} turn {t + 1}/{turns} ({seconds} s, {connections} connections)")
                runs[name].append(wrk(server.port, files[name], seconds, connections, threads))
        result["http"] = {
            "connections": connections,
            "seconds": seconds,
            **{name: {
                "rps_median": statistics.median(r["rps"] for r in rs),
                "p50_ms_median": statistics.median(r["latency_us"]["p50"] for r in rs) / 1000,
                "p99_ms_median": statistics.median(r["latency_us"]["p99"] for r in rs) / 1000,
                "errors": sum(r["error_count"] for r in rs),
            } for name, rs in runs.items()},
        }
        h = result["http"]
        h["ratio_rps"] = h["page"]["rps_median"] / h["json"]["rps_median"]
        return result
    finally:
        server.stop()


def report(r, table):
    out = [f"## Pages vs JSON (real corpus; latency on one connection, {r['rounds']} rounds, page and JSON taking turns)", ""]
    rows = [["page", "paths", "page median ms", "page p99 ms", "JSON median ms", "JSON p99 ms",
             "ratio median", "page KB median", "page KB max", "heaviest page"]]
    for kind in ("search", "entry", "term"):
        d = r[kind]
        rows.append([kind, d["paths"], f"{d['page']['median_ms']:.2f}", f"{d['page']['p99_ms']:.2f}",
                     f"{d['json']['median_ms']:.2f}", f"{d['json']['p99_ms']:.2f}", f"{d['ratio_median']:.2f}",
                     f"{d['page_kb_median']:.1f}", f"{d['page_kb_max']:.1f}", f"`{d['heaviest']}`"])
    out += [table(rows), "", "ratio = page / JSON of the same query or entry.", ""]
    h = r["http"]
    rows = [["search", "req/s (median)", "p50 ms", "p99 ms (median)", "errors"]]
    for name, label in (("page", "`/?q=…` (HTML)"), ("json", "`/v1/search?q=…` (JSON)")):
        e = h[name]
        rows.append([label, f"{e['rps_median']:.0f}", f"{e['p50_ms_median']:.2f}", f"{e['p99_ms_median']:.2f}", e["errors"]])
    out += [f"### Throughput (wrk, {h['connections']} connections, {h['seconds']} s per turn)", "", table(rows), "",
            f"page throughput / JSON throughput: {h['ratio_rps']:.2f}.", ""]
    return out
