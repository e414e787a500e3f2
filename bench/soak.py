#!/usr/bin/env python3
"""Soak of a release server (issue 14): mixed traffic — search, entries, compare (ids, texts,
nearest), check with ordinary drafts and the worst drafts the check takes on (just inside every
draft bound, 1 MiB each: `loadlib.worst_case_drafts`) — on N keep-alive connections for a fixed
time, loopback only; it stops by itself. Reports the answers by status, the 5xx (every one
counts, `503 overloaded` included: heavy requests are meant to wait in the server's queue, not
to be refused, while the server has the capacity; a client answered `overloaded` still obeys
its Retry-After), connection errors, latency of the 200 answers by kind, and the server's RSS
every 10 s; flat = the largest RSS after warm-up within 20 % of the RSS at the end of warm-up.
Exits 1 unless there were no 5xx, no connection errors and a flat RSS.

    bench/soak.py                      # 10 minutes, 64 connections
    bench/soak.py --duration 60        # a short run
"""

import argparse
import collections
import json
import os
import random
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadlib import (ROOT, Client, Server, build_release, dump, entry_ids, log, ordinary_draft,
                     percentile, queries, worst_case_drafts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=600, help="seconds of traffic (default 600)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--warmup", type=float, default=60, help="seconds before RSS must stay flat")
    ap.add_argument("--draft-size", type=int, default=1 << 20,
                    help="bytes of each worst-case draft (default 1 MiB)")
    ap.add_argument("--binary", help="a built mvterms (default: cargo build --release)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "soak.json"))
    args = ap.parse_args()
    if args.duration > 3600:
        raise SystemExit("--duration is at most 3600 s")

    binary = args.binary or build_release()
    server = Server(binary)
    log(f"server pid {server.proc.pid} on {server.host}:{server.port}; {args.connections} "
        f"connections for {args.duration:.0f} s")
    qs, ids = queries(), entry_ids()
    # The worst drafts the check takes on (each just inside every draft bound), at 1 MiB.
    adversarial = list(worst_case_drafts(args.draft_size).items())
    lock = threading.Lock()
    by_kind = collections.defaultdict(collections.Counter)
    latencies = collections.defaultdict(list)
    errors = []
    stop_at = time.monotonic() + args.duration

    def one(client, rng):
        """One request of the mix; returns (kind, status, headers, seconds)."""
        roll = rng.random()
        if roll < 0.55:
            kind, method, path, body, ctype = "search", "GET", "/v1/search?q=" + \
                urllib.parse.quote_plus(rng.choice(qs)) + "&limit=10", None, None
        elif roll < 0.70:
            kind, method, path, body, ctype = "entry", "GET", "/v1/entries/" + rng.choice(ids), None, None
        elif roll < 0.75:
            kind, method, path, body, ctype = "similar", "GET", f"/v1/entries/{rng.choice(ids)}/similar?limit=5", None, None
        elif roll < 0.84:
            pick = rng.sample(ids, 3)
            body = {"ids": pick[:2]} if roll < 0.80 else {"ids": pick[:1], "texts": [
                "A persistent immersive virtual world where avatars meet."], "nearest": 5}
            kind, method, path, ctype = "compare", "POST", "/v1/compare", "application/json"
            body = json.dumps(body).encode()
        elif roll < 0.985:
            kind, method, path, body, ctype = "check", "POST", "/v1/check", ordinary_draft(rng.randrange(1000)), "text/plain"
        else:
            name, body = rng.choice(adversarial)
            kind, method, path, ctype = "check-adversarial", "POST", "/v1/check", "text/plain"
        started = time.monotonic()
        status, headers, data = client.request(method, path, body, ctype)
        took = time.monotonic() - started
        if status >= 500:
            with lock:
                errors.append({"kind": kind, "path": path[:120], "status": status, "body": data[:300].decode(errors="replace")})
        if status == 0:
            with lock:
                errors.append({"kind": kind, "path": path[:120], "status": 0, "error": headers.get("error")})
        return kind, status, headers, data, took

    def worker(n):
        rng = random.Random(n)
        client = Client(server)
        while time.monotonic() < stop_at:
            kind, status, headers, data, took = one(client, rng)
            label = str(status)
            if status == 503 and b'"overloaded"' in data:
                label = "503 overloaded"
            with lock:
                by_kind[kind][label] += 1
                if status == 200:
                    latencies[kind].append(took)
            if label == "503 overloaded":
                time.sleep(min(float(headers.get("retry-after", "1")), max(0, stop_at - time.monotonic())))
        client.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    rss = []
    while time.monotonic() < stop_at:
        t = round(time.monotonic() - started)
        kb = server.rss_kb()
        with lock:
            done = sum(sum(c.values()) for c in by_kind.values())
        rss.append({"t": t, "rss_mb": round(kb / 1024, 1), "requests": done})
        log(f"t={t:4d}s rss={kb / 1024:6.1f} MB requests={done}")
        time.sleep(min(10, max(0, stop_at - time.monotonic())))
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - started
    rss.append({"t": round(elapsed), "rss_mb": round(server.rss_kb() / 1024, 1),
                "requests": sum(sum(c.values()) for c in by_kind.values())})
    stopped_in = server.stop()

    after = [r["rss_mb"] for r in rss if r["t"] >= args.warmup]
    base = after[0] if after else float("nan")
    peak = max(after) if after else float("nan")
    total = collections.Counter()
    for c in by_kind.values():
        total.update(c)
    five = sum(v for k, v in total.items() if k.startswith("5"))
    result = {
        "duration_s": round(elapsed, 1), "connections": args.connections,
        "requests": sum(total.values()), "by_status": dict(sorted(total.items())),
        "by_kind": {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
        "latency_ms": {k: {"p50": round(percentile(v, 50) * 1000, 1), "p99": round(percentile(v, 99) * 1000, 1),
                           "max": round(max(v) * 1000, 1)} for k, v in sorted(latencies.items())},
        "5xx": five, "overloaded": total.get("503 overloaded", 0),
        "connection_errors": total.get("0", 0), "errors": errors[:20],
        "rss_mb": rss, "rss_after_warmup_mb": base, "rss_peak_after_warmup_mb": peak,
        "rss_growth_after_warmup": round(peak / base - 1, 3) if after else None,
        "sigterm_exit_s": None if stopped_in is None else round(stopped_in, 2),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    dump(args.out, result)
    print(json.dumps({k: v for k, v in result.items() if k not in ("rss_mb", "errors")}, indent=1))
    print(f"rss (MB) every 10 s: {[r['rss_mb'] for r in rss]}")
    flat = after and peak <= base * 1.2
    print(f"5xx: {five} (of which overloaded: {result['overloaded']}); "
          f"connection errors: {result['connection_errors']}; "
          f"RSS after warm-up {base} MB, peak {peak} MB ({'flat' if flat else 'NOT flat'}); "
          f"SIGTERM exit in {result['sigterm_exit_s']} s")
    return 0 if five == 0 and result["connection_errors"] == 0 and flat else 1


if __name__ == "__main__":
    sys.exit(main())
